package dev.fluxion.optim;

import dev.fluxion.Tensor;

import java.util.List;

/**
 * RMSprop, as PyTorch 1.13's {@code torch.optim.RMSprop}. Per parameter:
 *
 * <pre>
 * g = maximize ? -grad : grad
 * if weightDecay != 0:  g = g + weightDecay·p
 * sq = α·sq + (1 - α)·g²
 * centered:  ga = α·ga + (1 - α)·g;   avg = sqrt(sq - ga²) + eps
 * otherwise: avg = sqrt(sq) + eps
 * momentum > 0:  buf = momentum·buf + g / avg;  p = p - lr·buf
 * otherwise:     p = p - lr·g / avg
 * </pre>
 *
 * <p>Defaults as PyTorch: lr 1e-2, alpha 0.99, eps 1e-8, weight decay 0, momentum 0, not
 * centered, minimize. {@code new RMSprop(params, 0.01)} sets the learning rate; the other options
 * come from {@link #builder}: {@code RMSprop.builder(params).alpha(0.9).momentum(0.5).centered(true).build()}.
 */
public final class RMSprop extends Optimizer {
    private final double alpha, eps, weightDecay, momentum;
    private final boolean centered, maximize;
    private final double[][] squareAvg, gradAvg, momentumBuffer;

    /** RMSprop with PyTorch's defaults. */
    public RMSprop(List<Tensor> params) {
        this(builder(params));
    }

    /**
     * RMSprop with learning rate {@code lr} and PyTorch's other defaults.
     *
     * @throws IllegalArgumentException for an invalid parameter list or a negative learning rate
     */
    public RMSprop(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private RMSprop(Builder b) {
        super(b.params, b.lr);
        this.eps = nonNegative("epsilon value", b.eps);
        this.momentum = nonNegative("momentum value", b.momentum);
        this.weightDecay = nonNegative("weight_decay value", b.weightDecay);
        this.alpha = nonNegative("alpha value", b.alpha);
        this.centered = b.centered;
        this.maximize = b.maximize;
        int n = paramCount();
        squareAvg = new double[n][];
        gradAvg = centered ? new double[n][] : null;
        momentumBuffer = momentum > 0 ? new double[n][] : null;
    }

    public static Builder builder(List<Tensor> params) {
        return new Builder(params);
    }

    @Override
    protected void update(int i, double[] p, double[] g, long step, boolean f32) {
        if (squareAvg[i] == null) {
            squareAvg[i] = new double[p.length];
            if (centered) gradAvg[i] = new double[p.length];
            if (momentum > 0) momentumBuffer[i] = new double[p.length];
        }
        double[] sq = squareAvg[i], ga = centered ? gradAvg[i] : null, buf = momentum > 0 ? momentumBuffer[i] : null;
        double a = round(f32, alpha), oneMinusA = round(f32, 1 - alpha), wd = round(f32, weightDecay);
        double epsilon = round(f32, eps), mom = round(f32, momentum), negLr = round(f32, -lr());
        for (int k = 0; k < p.length; k++) {
            double d = maximize ? -g[k] : g[k];
            if (weightDecay != 0) d = fma(f32, wd, p[k], d);                                 // grad.add(param, alpha=wd)
            sq[k] = fma(f32, round(f32, oneMinusA * d), d, round(f32, sq[k] * a));          // square_avg.mul_(α).addcmul_(grad, grad, value=1-α)
            double avg;
            if (centered) {
                ga[k] = fma(f32, oneMinusA, d, round(f32, ga[k] * a));                      // grad_avg.mul_(α).add_(grad, alpha=1-α)
                avg = round(f32, Math.sqrt(fma(f32, -ga[k], ga[k], sq[k])));               // square_avg.addcmul(ga, ga, value=-1).sqrt_()
            } else {
                avg = round(f32, Math.sqrt(sq[k]));                                         // square_avg.sqrt()
            }
            avg = round(f32, avg + epsilon);                                                // avg.add_(eps)
            if (momentum > 0) {
                buf[k] = round(f32, round(f32, buf[k] * mom) + round(f32, d / avg));        // buf.mul_(m).addcdiv_(grad, avg)
                p[k] = fma(f32, negLr, buf[k], p[k]);                                       // param.add_(buf, alpha=-lr)
            } else {
                p[k] = round(f32, p[k] + round(f32, round(f32, negLr * d) / avg));          // param.addcdiv_(grad, avg, value=-lr)
            }
        }
    }

    /** Options of {@link RMSprop}, starting from PyTorch's defaults. */
    public static final class Builder {
        private final List<Tensor> params;
        private double lr = 1e-2, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0;
        private boolean centered, maximize;

        private Builder(List<Tensor> params) {
            this.params = params;
        }

        /** The learning rate ({@code >= 0}). */
        public Builder lr(double lr) { this.lr = lr; return this; }
        /** Smoothing constant of the squared-gradient average ({@code >= 0}). */
        public Builder alpha(double alpha) { this.alpha = alpha; return this; }
        /** Added to the denominator for numerical stability ({@code >= 0}). */
        public Builder eps(double eps) { this.eps = eps; return this; }
        /** L2 penalty added to the gradient ({@code >= 0}). */
        public Builder weightDecay(double weightDecay) { this.weightDecay = weightDecay; return this; }
        /** Momentum factor ({@code >= 0}). */
        public Builder momentum(double momentum) { this.momentum = momentum; return this; }
        /** Normalise by an estimate of the gradient's variance instead of its second moment. */
        public Builder centered(boolean centered) { this.centered = centered; return this; }
        /** Ascend instead of descend. */
        public Builder maximize(boolean maximize) { this.maximize = maximize; return this; }

        /**
         * @throws IllegalArgumentException with PyTorch's message for an invalid parameter list or a
         *         negative learning rate, eps, momentum, weight decay or alpha
         */
        public RMSprop build() {
            return new RMSprop(this);
        }
    }
}
