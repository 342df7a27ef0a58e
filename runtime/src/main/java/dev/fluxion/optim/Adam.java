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
        super(b, false);
    }

    public static Builder builder(List<Tensor> params) {
        return new Builder(params);
    }

    /** Options of {@link Adam}, starting from PyTorch's defaults (weight decay 0). */
    public static final class Builder extends AdamOptions<Builder, Adam> {
        private Builder(List<Tensor> params) {
            super(params, 0);
        }

        @Override
        public Adam build() {
            return new Adam(this);
        }
    }
}
