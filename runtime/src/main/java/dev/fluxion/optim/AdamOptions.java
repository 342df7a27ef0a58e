package dev.fluxion.optim;

import dev.fluxion.Tensor;

import java.util.List;

/**
 * The options {@link Adam} and {@link AdamW} share, starting from PyTorch's defaults (lr 1e-3,
 * betas (0.9, 0.999), eps 1e-8, no AMSGrad, minimize); the default weight decay is each optimizer's own.
 *
 * @param <B> the concrete builder, returned by each setter
 * @param <O> the optimizer it builds
 */
public abstract class AdamOptions<B extends AdamOptions<B, O>, O extends Optimizer> {
    final List<Tensor> params;
    double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay;
    boolean amsgrad, maximize;

    AdamOptions(List<Tensor> params, double weightDecay) {
        this.params = params;
        this.weightDecay = weightDecay;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The learning rate ({@code >= 0}). */
    public B lr(double lr) { this.lr = lr; return self(); }
    /** Decay rates of the first and second moment estimates, each in [0, 1). */
    public B betas(double beta1, double beta2) { this.beta1 = beta1; this.beta2 = beta2; return self(); }
    /** Added to the denominator for numerical stability ({@code >= 0}). */
    public B eps(double eps) { this.eps = eps; return self(); }
    /** Weight decay ({@code >= 0}): an L2 term in the gradient for Adam, a decoupled 1 - lr·weightDecay scaling for AdamW. */
    public B weightDecay(double weightDecay) { this.weightDecay = weightDecay; return self(); }
    /** Normalise by the running maximum of the second moment (AMSGrad). */
    public B amsgrad(boolean amsgrad) { this.amsgrad = amsgrad; return self(); }
    /** Ascend instead of descend. */
    public B maximize(boolean maximize) { this.maximize = maximize; return self(); }

    /**
     * @throws IllegalArgumentException with PyTorch's message for an invalid parameter list, a
     *         negative learning rate, eps or weight decay, or a beta outside [0, 1)
     */
    public abstract O build();
}
