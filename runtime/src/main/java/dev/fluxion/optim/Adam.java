package dev.fluxion.optim;

import dev.fluxion.Tensor;

import java.util.List;

/**
 * Adam, as PyTorch 1.13's {@code torch.optim.Adam}: moment estimates with bias correction, weight
 * decay as an L2 penalty added to the gradient (see {@link AdamW} for the decoupled form). The
 * update is given in {@link AdamAlgorithm}.
 *
 * <p>Defaults as PyTorch: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0, no AMSGrad,
 * minimize. {@code new Adam(params, 0.05)} sets the learning rate; the other options come from
 * {@link #builder}: {@code Adam.builder(params).lr(0.01).betas(0.8, 0.99).eps(1e-6).weightDecay(1e-4).build()}.
 */
public final class Adam extends AdamAlgorithm {
    /** Adam with PyTorch's defaults. */
    public Adam(List<Tensor> params) {
        this(builder(params));
    }

    /**
     * Adam with learning rate {@code lr} and PyTorch's other defaults.
     *
     * @throws IllegalArgumentException for an invalid parameter list or a negative learning rate
     */
    public Adam(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private Adam(Builder b) {
        super(b.params, b.lr, b.beta1, b.beta2, b.eps, b.weightDecay, b.amsgrad, b.maximize, false);
    }

    public static Builder builder(List<Tensor> params) {
        return new Builder(params);
    }

    /** Options of {@link Adam}, starting from PyTorch's defaults. */
    public static final class Builder {
        private final List<Tensor> params;
        private double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0;
        private boolean amsgrad, maximize;

        private Builder(List<Tensor> params) {
            this.params = params;
        }

        /** The learning rate ({@code >= 0}). */
        public Builder lr(double lr) { this.lr = lr; return this; }
        /** Decay rates of the first and second moment estimates, each in [0, 1). */
        public Builder betas(double beta1, double beta2) { this.beta1 = beta1; this.beta2 = beta2; return this; }
        /** Added to the denominator for numerical stability ({@code >= 0}). */
        public Builder eps(double eps) { this.eps = eps; return this; }
        /** L2 penalty added to the gradient ({@code >= 0}). */
        public Builder weightDecay(double weightDecay) { this.weightDecay = weightDecay; return this; }
        /** Normalise by the running maximum of the second moment (AMSGrad). */
        public Builder amsgrad(boolean amsgrad) { this.amsgrad = amsgrad; return this; }
        /** Ascend instead of descend. */
        public Builder maximize(boolean maximize) { this.maximize = maximize; return this; }

        /**
         * @throws IllegalArgumentException with PyTorch's message for an invalid parameter list, a
         *         negative learning rate, eps or weight decay, or a beta outside [0, 1)
         */
        public Adam build() {
            return new Adam(this);
        }
    }
}
