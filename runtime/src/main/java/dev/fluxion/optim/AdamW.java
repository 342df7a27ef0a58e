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
        super(b, true);
    }

    public static Builder builder(List<Tensor> params) {
        return new Builder(params);
    }

    /** Options of {@link AdamW}, starting from PyTorch's defaults (weight decay 1e-2). */
    public static final class Builder extends AdamOptions<Builder, AdamW> {
        private Builder(List<Tensor> params) {
            super(params, 1e-2);
        }

        @Override
        public AdamW build() {
            return new AdamW(this);
        }
    }
}
