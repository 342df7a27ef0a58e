package dev.fluxion;

import java.util.function.Supplier;

/**
 * Whether operations record a graph for autograd, per thread, as in PyTorch. Modes nest: each
 * {@link Guard} restores the mode it found when closed.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Sets the mode and returns a guard that restores the previous one: use in try-with-resources. */
    public static Guard set(boolean enabled) {
        boolean[] cell = ENABLED.get();
        Guard g = new Guard(cell, cell[0]);
        cell[0] = enabled;
        return g;
    }

    /** Runs {@code body} in the given mode. */
    public static <T> T with(boolean enabled, Supplier<T> body) {
        try (Guard g = set(enabled)) {
            return body.get();
        }
    }

    /** Restores the previous grad mode when closed; closing twice has no further effect. */
    public static final class Guard implements AutoCloseable {
        private final boolean[] cell;
        private final boolean previous;
        private boolean closed;

        private Guard(boolean[] cell, boolean previous) {
            this.cell = cell;
            this.previous = previous;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            cell[0] = previous;
        }
    }
}
