package dev.fluxion.optim;

import dev.fluxion.GradMode;
import dev.fluxion.ParameterAccess;
import dev.fluxion.Tensor;
import dev.fluxion.compiler.ir.DType;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A gradient-based optimizer over a fixed list of parameters, following PyTorch 1.13's
 * {@code torch.optim} update formulas operation for operation, so trajectories match PyTorch's CPU
 * results bit for bit in f64 and f32 (the tests check this against PyTorch's own numbers). The loop
 * is PyTorch's:
 *
 * <pre>{@code
 * Optimizer opt = new Adam(List.of(x, y), 0.05);
 * for (int i = 0; i < 1000; i++) {
 *     Tensor loss = f(x, y);
 *     opt.zeroGrad();
 *     loss.backward();
 *     opt.step();
 * }
 * }</pre>
 *
 * <p>{@link #step()} updates each parameter that has a gradient in place, outside any graph (as
 * PyTorch's {@code step} runs under {@code no_grad}), and bumps its version counter. A parameter
 * whose gradient is null is skipped, and its per-parameter state (step count, moment buffers) does
 * not advance. State buffers are allocated once, at a parameter's first update; a step then
 * allocates nothing. Arithmetic follows the parameter's dtype: for f32 every scalar hyperparameter
 * is rounded to float and every intermediate result is rounded to float, as PyTorch's float kernels
 * compute. Each subclass's comments name the PyTorch tensor call behind every line, in PyTorch's order.
 */
public abstract class Optimizer {
    private final Tensor[] params;
    private final long[] steps;
    /** The learning rate, read by every step; {@link #setLr} changes it between steps (schedules). */
    private double lr;

    /**
     * @param params the parameters: leaf tensors, each at most once
     * @throws IllegalArgumentException when {@code params} is empty, holds a non-leaf tensor or holds
     *         one tensor twice, or when {@code lr} is negative or NaN
     */
    protected Optimizer(List<Tensor> params, double lr) {
        if (params.isEmpty()) throw new IllegalArgumentException("optimizer got an empty parameter list");
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (Tensor p : params) {
            if (p == null) throw new NullPointerException("optimizer parameters must not be null");
            if (!p.isLeaf()) throw new IllegalArgumentException("can't optimize a non-leaf Tensor");
            if (seen.put(p, Boolean.TRUE) != null) {
                throw new IllegalArgumentException("optimizer got a parameter list with duplicate parameters; pass each tensor once");
            }
        }
        checkLr(lr);
        this.params = params.toArray(new Tensor[0]);
        this.steps = new long[this.params.length];
        this.lr = lr;
    }

    /** The parameters, in the order given. */
    public List<Tensor> params() {
        return Collections.unmodifiableList(java.util.Arrays.asList(params));
    }

    public double lr() {
        return lr;
    }

    /** Sets the learning rate used from the next step on. */
    public void setLr(double lr) {
        checkLr(lr);
        this.lr = lr;
    }

    /** The number of parameters. */
    protected int paramCount() {
        return params.length;
    }

    /** How many updates parameter {@code i} has received (PyTorch's {@code state['step']}). */
    public long stepCount(int i) {
        return steps[i];
    }

    private static void checkLr(double lr) {
        if (!(lr >= 0.0)) throw new IllegalArgumentException("Invalid learning rate: " + lr);
    }

    /**
     * Sets every parameter's gradient to null, PyTorch 2's default ({@code set_to_none=True}): the next
     * backward stores its gradient instead of adding to zeros, and {@link #step} skips parameters
     * that backward did not reach.
     */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * @param setToNone true: gradients become null (see {@link #zeroGrad()}); false: PyTorch 1.13's
     *        default, each existing gradient is detached and filled with zeros in place, so a
     *        parameter that the next backward does not reach is still updated (with a zero
     *        gradient, which moves it under weight decay or momentum)
     */
    public void zeroGrad(boolean setToNone) {
        for (Tensor p : params) {
            if (setToNone) ParameterAccess.clearGrad(p);
            else ParameterAccess.zeroGradInPlace(p);
        }
    }

    /**
     * PyTorch's {@code step(closure)}: evaluates {@code closure} (which typically zeroes the gradients,
     * computes the loss and calls backward) with grad mode on, then steps.
     *
     * @return the closure's loss
     */
    public Tensor step(Supplier<Tensor> closure) {
        Tensor loss;
        try (GradMode.Guard g = GradMode.set(true)) {
            loss = closure.get();
        }
        step();
        return loss;
    }

    /** Updates every parameter that has a gradient, in place (see the class comment). */
    public void step() {
        for (int i = 0; i < params.length; i++) {
            Tensor p = params[i];
            double[] g = ParameterAccess.gradValues(p);
            if (g == null) continue;
            double[] v = ParameterAccess.values(p);
            if (g.length != v.length) {
                throw new IllegalStateException("parameter " + i + " has " + v.length + " elements but its gradient has " + g.length);
            }
            steps[i]++;
            update(i, v, g, steps[i], p.dtype() == DType.F32);
            ParameterAccess.bumpVersion(p);
        }
    }

    /**
     * Updates parameter {@code i}'s values in place from its gradient.
     *
     * @param i the parameter's index in {@link #params()}
     * @param param the live values (write the new values here)
     * @param grad the gradient's values (read only: the gradient tensor belongs to the user)
     * @param step this parameter's update count, 1 on its first update
     * @param f32 round every intermediate to float (see {@link #round})
     */
    protected abstract void update(int i, double[] param, double[] grad, long step, boolean f32);

    /** {@code v} rounded to the parameter's precision: to float for f32, unchanged for f64. */
    protected static double round(boolean f32, double v) {
        return f32 ? (double) (float) v : v;
    }

    /**
     * {@code a·b + c} rounded once, to the parameter's precision. PyTorch's CPU kernels for
     * {@code add(other, alpha)} and {@code addcmul} compute {@code self + alpha·other} and
     * {@code self + (value·t1)·t2} with a fused multiply-add in the AVX2 builds that x86-64 machines
     * run (checked on PyTorch 1.13: the results equal the fused value, not the twice-rounded one), so
     * the optimizers use it exactly where PyTorch's update formulas call those two kernels.
     */
    protected static double fma(boolean f32, double a, double b, double c) {
        return f32 ? (double) Math.fma((float) a, (float) b, (float) c) : Math.fma(a, b, c);
    }

    /** Checks a hyperparameter that must be {@code >= 0} (NaN fails), with PyTorch's message. */
    static double nonNegative(String what, double v) {
        if (!(v >= 0.0)) throw new IllegalArgumentException("Invalid " + what + ": " + v);
        return v;
    }
}
