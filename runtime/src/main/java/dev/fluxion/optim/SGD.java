package dev.fluxion.optim;

import dev.fluxion.Tensor;

import java.util.List;

/**
 * Stochastic gradient descent, optionally with momentum, as PyTorch 1.13's {@code torch.optim.SGD}.
 * Per parameter, with {@code d} the gradient:
 *
 * <pre>
 * d = maximize ? -g : g
 * if weightDecay != 0:  d = d + weightDecay·p
 * if momentum != 0:
 *     buf = first update ? d : momentum·buf + (1 - dampening)·d      (the first step copies d, undamped)
 *     d   = nesterov ? d + momentum·buf : buf
 * p = p - lr·d
 * </pre>
 *
 * <p>{@code new SGD(params, 0.1)} is plain gradient descent; the other options come from
 * {@link #builder}: {@code SGD.builder(params).lr(0.1).momentum(0.9).nesterov(true).build()}.
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;
    private final boolean maximize;
    private final double[][] momentumBuffers;

    /**
     * Plain SGD: {@code p = p - lr·g}.
     *
     * @throws IllegalArgumentException for an invalid parameter list or a negative learning rate
     */
    public SGD(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private SGD(Builder b) {
        super(b.params, requireLr(b.lr));
        this.momentum = nonNegative("momentum value", b.momentum);
        this.dampening = b.dampening;
        this.weightDecay = nonNegative("weight_decay value", b.weightDecay);
        this.nesterov = b.nesterov;
        this.maximize = b.maximize;
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
        this.momentumBuffers = new double[paramCount()][];
    }

    /** SGD has no default learning rate (PyTorch's {@code lr=required}). */
    private static double requireLr(Double lr) {
        if (lr == null) throw new IllegalArgumentException("SGD needs a learning rate: call lr(...) on the builder");
        return lr;
    }

    /** A builder over {@code params}; {@link Builder#lr} must be set. */
    public static Builder builder(List<Tensor> params) {
        return new Builder(params);
    }

    @Override
    protected void update(int i, double[] p, double[] g, long step, boolean f32) {
        double wd = round(f32, weightDecay), mom = round(f32, momentum);
        double keep = round(f32, 1 - dampening), negLr = round(f32, -lr());
        double[] buf = momentumBuffers[i];
        boolean first = buf == null;
        if (momentum != 0 && first) buf = momentumBuffers[i] = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            double d = maximize ? -g[k] : g[k];
            if (weightDecay != 0) d = fma(f32, wd, p[k], d);                             // d_p.add(param, alpha=wd)
            if (momentum != 0) {
                if (first) buf[k] = d;                                                 // torch.clone(d_p)
                else buf[k] = fma(f32, keep, d, round(f32, buf[k] * mom));             // buf.mul_(m).add_(d_p, alpha=1-damp)
                d = nesterov ? fma(f32, mom, buf[k], d) : buf[k];                      // d_p.add(buf, alpha=m) / buf
            }
            p[k] = fma(f32, negLr, d, p[k]);                                           // param.add_(d_p, alpha=-lr)
        }
    }

    /** Options of {@link SGD}; PyTorch's defaults: momentum 0, dampening 0, weight decay 0, no Nesterov, minimize. */
    public static final class Builder {
        private final List<Tensor> params;
        private Double lr;
        private double momentum, dampening, weightDecay;
        private boolean nesterov, maximize;

        private Builder(List<Tensor> params) {
            this.params = params;
        }

        /** The learning rate (required, {@code >= 0}). */
        public Builder lr(double lr) { this.lr = lr; return this; }
        /** The momentum factor ({@code >= 0}). */
        public Builder momentum(double momentum) { this.momentum = momentum; return this; }
        /** Dampening of the gradient's share in the momentum buffer (not applied on the first update). */
        public Builder dampening(double dampening) { this.dampening = dampening; return this; }
        /** L2 penalty added to the gradient ({@code >= 0}). */
        public Builder weightDecay(double weightDecay) { this.weightDecay = weightDecay; return this; }
        /** Nesterov momentum: needs momentum {@code > 0} and zero dampening. */
        public Builder nesterov(boolean nesterov) { this.nesterov = nesterov; return this; }
        /** Ascend instead of descend. */
        public Builder maximize(boolean maximize) { this.maximize = maximize; return this; }

        /**
         * @throws IllegalArgumentException with PyTorch's message for an invalid parameter list, a
         *         missing or negative learning rate, negative momentum or weight decay, or Nesterov
         *         without momentum or with dampening
         */
        public SGD build() {
            return new SGD(this);
        }
    }
}
