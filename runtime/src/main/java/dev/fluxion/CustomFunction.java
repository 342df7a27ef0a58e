package dev.fluxion;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A differentiable operation with a hand-written gradient, PyTorch's {@code torch.autograd.Function}:
 * subclass it, override {@link #forward} and {@link #backward}, and call {@link #apply}.
 *
 * <pre>{@code
 * class Exp extends CustomFunction {
 *     public Tensor forward(Context ctx, Tensor... in) {
 *         Tensor y = in[0].exp();
 *         ctx.saveForBackward(y);
 *         return y;
 *     }
 *     public Tensor[] backward(Context ctx, Tensor g) {
 *         return new Tensor[] {g.mul(ctx.savedTensors().get(0))};
 *     }
 * }
 * Tensor y = new Exp().apply(x);
 * }</pre>
 *
 * <p>{@code forward} runs with grad mode off. When grad mode is on and an input requires grad, the
 * result is attached to the graph by a node named {@code <ClassName>Backward}; backward then calls
 * {@link #backward} with d(loss)/d(result) and expects d(loss)/d(input) for every input, that is the
 * incoming gradient already multiplied by the local derivative (null for no gradient). With
 * create-graph, the operations of {@link #backward} are themselves recorded, so they must be written
 * with tensor operations on the saved tensors for higher derivatives to be right.
 */
public abstract class CustomFunction {
    /** Computes the result; runs with grad mode off. Save what backward needs in {@code ctx}. */
    public abstract Tensor forward(Context ctx, Tensor... inputs);

    /**
     * Given d(loss)/d(result), returns one gradient per input of {@link #forward} (null where there is
     * none), each shaped like its input or broadcastable from it (then it is summed down, as PyTorch
     * does). Trailing extra entries are allowed only when null.
     */
    public abstract Tensor[] backward(Context ctx, Tensor gradOutput);

    /** Runs {@link #forward} on {@code inputs} and records this function's backward when a gradient is needed. */
    public final Tensor apply(Tensor... inputs) {
        Objects.requireNonNull(inputs, "inputs");
        boolean[] needs = new boolean[inputs.length];
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) throw new NullPointerException(backwardName() + ": input " + i + " is null");
            needs[i] = inputs[i].requiresGrad();
            any |= needs[i];
        }
        Context ctx = new Context(needs, backwardName());
        Tensor out;
        try (GradMode.Guard g = GradMode.set(false)) {
            out = forward(ctx, inputs.clone());
        }
        if (out == null) throw new IllegalStateException(getClass().getName() + ".forward returned null; it must return a Tensor");
        if (!any || !GradMode.isEnabled() || !out.dtype().isFloating()) return out;
        // The result becomes the graph node; never let that be an input or a tensor already in a graph.
        boolean shared = out.requiresGrad();
        for (Tensor in : inputs) shared |= in.storage == out.storage;
        if (shared) out = out.copy();
        out.markRequiresGrad(new CustomGradFn(this, ctx, inputs.clone()));
        return out;
    }

    /** The node's name shown in {@link Tensor#gradFnName()}: {@code <ClassName>Backward}, as PyTorch names it. */
    String backwardName() {
        String simple = getClass().getSimpleName();
        return (simple.isEmpty() ? "CustomFunction" : simple) + "Backward";
    }

    /**
     * What {@code forward} leaves for {@code backward}: PyTorch's {@code ctx}. Saved tensors are
     * checked against in-place changes when read, and freed after a backward that does not retain
     * the graph.
     */
    public static final class Context {
        private final boolean[] needsInputGrad;
        private final String owner;
        private List<Tensor> saved = List.of();
        private int[] versions = new int[0];
        private boolean released;

        Context(boolean[] needsInputGrad, String owner) {
            this.needsInputGrad = needsInputGrad;
            this.owner = owner;
        }

        /** Keeps {@code tensors} for backward (replacing anything saved before). */
        public void saveForBackward(Tensor... tensors) {
            for (int i = 0; i < tensors.length; i++) Objects.requireNonNull(tensors[i], "saved tensor " + i);
            saved = List.of(tensors);
            versions = new int[tensors.length];
            for (int i = 0; i < tensors.length; i++) versions[i] = tensors[i].storage.version;
        }

        /**
         * The tensors given to {@link #saveForBackward}, in order.
         *
         * @throws IllegalStateException after the graph was freed, or when a saved tensor was modified in place
         */
        public List<Tensor> savedTensors() {
            if (released) {
                throw new IllegalStateException("Trying to backward through the graph a second time (or directly access saved "
                        + "tensors after they have already been freed). Saved intermediate values of the graph are freed when you "
                        + "call backward() or Autograd.grad(). Pass retainGraph=true if you need to backward through the graph a "
                        + "second time or if you need to access saved tensors after calling backward.");
            }
            for (int i = 0; i < saved.size(); i++) {
                Tensor t = saved.get(i);
                if (t.storage.version != versions[i]) {
                    throw new IllegalStateException("one of the variables needed for gradient computation has been modified by an "
                            + "inplace operation: [" + t.type() + "], which is saved tensor " + i + " of " + owner + ", is at version "
                            + t.storage.version + "; expected version " + versions[i] + " instead.");
                }
            }
            return saved;
        }

        /** Whether input {@code i} of forward requires grad (PyTorch's {@code ctx.needs_input_grad[i]}). */
        public boolean needsInputGrad(int i) {
            return needsInputGrad[i];
        }

        void release() {
            released = true;
            saved = List.of();
        }
    }

    // ---- shape of returned gradients -------------------------------------------------------------------------

    /** Whether a tensor of {@code shape} broadcasts to {@code target} (NumPy rules). */
    static boolean expandable(int[] shape, int[] target) {
        if (shape.length > target.length) return false;
        for (int i = 1; i <= shape.length; i++) {
            int s = shape[shape.length - i], t = target[target.length - i];
            if (s != t && s != 1) return false;
        }
        return true;
    }

    /** Sums {@code g} down to {@code shape}, from which it was broadcast: leading axes, then axes of size 1. */
    static Tensor sumTo(Tensor g, int[] shape) {
        int lead = g.dim() - shape.length;
        if (lead > 0) g = g.sum(java.util.stream.IntStream.range(0, lead).toArray(), false);
        int[] gs = g.shape();
        int[] ones = java.util.stream.IntStream.range(0, shape.length).filter(i -> shape[i] == 1 && gs[i] != 1).toArray();
        if (ones.length > 0) g = g.sum(ones, true);
        return Arrays.equals(g.shape(), shape) ? g : g.reshape(shape);
    }
}
