package dev.fluxion.optim;

import dev.fluxion.Tensor;

import java.util.List;

/**
 * AdamW, as PyTorch 1.13's {@code torch.optim.AdamW}: Adam with decoupled weight decay, which
 * scales the parameter by {@code 1 - lr·weightDecay} before the moment update instead of adding an
 * L2 term to the gradient. The update is given in {@link AdamAlgorithm}.
 *
 * <p>Defaults as PyTorch: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2, no AMSGrad,
 * minimize. {@code new AdamW(params, 0.01)} sets the learning rate; the other options come from
 * {@link #builder}: {@code AdamW.builder(params).lr(0.01).weightDecay(0.1).amsgrad(true).build()}.
 */
public final class AdamW extends AdamAlgorithm {
    /** AdamW with PyTorch's defaults. */
    public AdamW(List<Tensor> params) {
        this(builder(params));
    }

    /**
     * AdamW with learning rate {@code lr} and PyTorch's other defaults.
     *
     * @throws IllegalArgumentException for an invalid parameter list or a negative learning rate
     */
    public AdamW(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private AdamW(Builder b) {
        super(b.params, b.lr, b.beta1, b.beta2, b.eps, b.weightDecay, b.amsgrad, b.maximize, true);
    }

    public static Builder builder(List<Tensor> params) {
        return new Builder(params);
    }

    /** Options of {@link AdamW}, starting from PyTorch's defaults. */
    public static final class Builder {
        private final List<Tensor> params;
        private double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 1e-2;
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
        /** Decoupled weight decay coefficient ({@code >= 0}): each step scales the parameter by 1 - lr·weightDecay. */
        public Builder weightDecay(double weightDecay) { this.weightDecay = weightDecay; return this; }
        /** Normalise by the running maximum of the second moment (AMSGrad). */
        public Builder amsgrad(boolean amsgrad) { this.amsgrad = amsgrad; return this; }
        /** Ascend instead of descend. */
        public Builder maximize(boolean maximize) { this.maximize = maximize; return this; }

        /**
         * @throws IllegalArgumentException with PyTorch's message for an invalid parameter list, a
         *         negative learning rate, eps or weight decay, or a beta outside [0, 1)
         */
        public AdamW build() {
            return new AdamW(this);
        }
    }
}
