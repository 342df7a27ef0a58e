package dev.fluxion.optim;

import dev.fluxion.Tensor;

import java.util.List;

/**
 * Adagrad, as PyTorch 1.13's {@code torch.optim.Adagrad}. Per parameter, at update number {@code t}:
 *
 * <pre>
 * g = maximize ? -grad : grad
 * if weightDecay != 0:  g = g + weightDecay·p
 * clr = lr / (1 + (t - 1)·lrDecay)
 * sum = sum + g²                       (sum starts at initialAccumulatorValue)
 * p = p - clr·g / (sqrt(sum) + eps)
 * </pre>
 *
 * <p>Defaults as PyTorch: lr 1e-2, lr decay 0, weight decay 0, initial accumulator 0, eps 1e-10,
 * minimize. {@code new Adagrad(params, 0.1)} sets the learning rate; the other options come from
 * {@link #builder}: {@code Adagrad.builder(params).lr(0.1).lrDecay(0.01).initialAccumulatorValue(0.1).build()}.
 */
public final class Adagrad extends Optimizer {
    private final double lrDecay, weightDecay, initialAccumulatorValue, eps;
    private final boolean maximize;
    private final double[][] sums;

    /** Adagrad with PyTorch's defaults. */
    public Adagrad(List<Tensor> params) {
        this(builder(params));
    }

    /**
     * Adagrad with learning rate {@code lr} and PyTorch's other defaults.
     *
     * @throws IllegalArgumentException for an invalid parameter list or a negative learning rate
     */
    public Adagrad(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private Adagrad(Builder b) {
        super(b.params, b.lr);
        this.lrDecay = nonNegative("lr_decay value", b.lrDecay);
        this.weightDecay = nonNegative("weight_decay value", b.weightDecay);
        this.initialAccumulatorValue = nonNegative("initial_accumulator_value value", b.initialAccumulatorValue);
        this.eps = nonNegative("epsilon value", b.eps);
        this.maximize = b.maximize;
        this.sums = new double[paramCount()][];
    }

    public static Builder builder(List<Tensor> params) {
        return new Builder(params);
    }

    @Override
    protected void update(int i, double[] p, double[] g, long step, boolean f32) {
        if (sums[i] == null) {
            sums[i] = new double[p.length];
            java.util.Arrays.fill(sums[i], round(f32, initialAccumulatorValue));            // torch.full_like(p, init)
        }
        double[] sum = sums[i];
        double clr = lr() / (1 + (step - 1) * lrDecay);
        double negClr = round(f32, -clr), wd = round(f32, weightDecay), epsilon = round(f32, eps);
        for (int k = 0; k < p.length; k++) {
            double d = maximize ? -g[k] : g[k];
            if (weightDecay != 0) d = fma(f32, wd, p[k], d);                                // grad.add(param, alpha=wd)
            sum[k] = fma(f32, d, d, sum[k]);                                               // state_sum.addcmul_(grad, grad, value=1)
            double std = round(f32, round(f32, Math.sqrt(sum[k])) + epsilon);              // state_sum.sqrt().add_(eps)
            p[k] = round(f32, p[k] + round(f32, round(f32, negClr * d) / std));            // param.addcdiv_(grad, std, value=-clr)
        }
    }

    /** Options of {@link Adagrad}, starting from PyTorch's defaults. */
    public static final class Builder {
        private final List<Tensor> params;
        private double lr = 1e-2, lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10;
        private boolean maximize;

        private Builder(List<Tensor> params) {
            this.params = params;
        }

        /** The learning rate ({@code >= 0}). */
        public Builder lr(double lr) { this.lr = lr; return this; }
        /** Learning-rate decay: update t uses lr / (1 + (t - 1)·lrDecay) ({@code >= 0}). */
        public Builder lrDecay(double lrDecay) { this.lrDecay = lrDecay; return this; }
        /** L2 penalty added to the gradient ({@code >= 0}). */
        public Builder weightDecay(double weightDecay) { this.weightDecay = weightDecay; return this; }
        /** Starting value of the sum of squared gradients ({@code >= 0}). */
        public Builder initialAccumulatorValue(double v) { this.initialAccumulatorValue = v; return this; }
        /** Added to the denominator for numerical stability ({@code >= 0}). */
        public Builder eps(double eps) { this.eps = eps; return this; }
        /** Ascend instead of descend. */
        public Builder maximize(boolean maximize) { this.maximize = maximize; return this; }

        /**
         * @throws IllegalArgumentException with PyTorch's message for an invalid parameter list or a
         *         negative learning rate, lr decay, weight decay, initial accumulator value or eps
         */
        public Adagrad build() {
            return new Adagrad(this);
        }
    }
}
