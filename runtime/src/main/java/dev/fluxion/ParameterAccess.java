package dev.fluxion;

/**
 * Direct access to a tensor's value and gradient arrays, for optimizers ({@code dev.fluxion.optim})
 * that update parameters in place every step without allocating tensors. Not a user API: code
 * that writes through {@link #values} must call {@link #bumpVersion} afterwards, as every in-place
 * op does, so a graph that saved the old value refuses to backward through it.
 *
 * <p>The arrays are live: row-major, one double per element, f32 values already rounded to
 * float. They stay valid only until the tensor's memory is replaced (a later {@code backward}
 * replaces a parameter's gradient tensor, never a parameter's own storage).
 */
public final class ParameterAccess {
    private ParameterAccess() {}

    /** The live value array of {@code t} (written in place by optimizers). */
    public static double[] values(Tensor t) {
        return t.storage.data;
    }

    /** The live value array of {@code t}'s gradient, or null when it has none. */
    public static double[] gradValues(Tensor t) {
        return t.grad == null ? null : t.grad.storage.data;
    }

    /** Marks {@code t}'s memory as modified in place (bumps the version counter that backward checks). */
    public static void bumpVersion(Tensor t) {
        t.storage.bump();
    }

    /** {@code t.grad = None}. */
    public static void clearGrad(Tensor t) {
        t.grad = null;
    }

    /**
     * PyTorch 1.13's {@code zero_grad(set_to_none=False)} for one tensor: its gradient is taken out
     * of any graph (detached in place) and filled with zeros in place; no-op when it has none.
     */
    public static void zeroGradInPlace(Tensor t) {
        Tensor g = t.grad;
        if (g == null) return;
        g.detach_();
        java.util.Arrays.fill(g.storage.data, 0.0);
        g.storage.bump();
    }
}
