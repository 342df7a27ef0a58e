package dev.fluxion.optim;

import dev.fluxion.Tensor;

import java.util.List;

/**
 * The update shared by {@link Adam} and {@link AdamW} (PyTorch 1.13's {@code _single_tensor_adam} and
 * {@code _single_tensor_adamw}); they differ only in where weight decay enters. Per parameter, at
 * update number {@code t}:
 *
 * <pre>
 * g = maximize ? -grad : grad
 * Adam:   if weightDecay != 0:  g = g + weightDecay·p          (L2 penalty in the gradient)
 * AdamW:  p = p·(1 - lr·weightDecay)                           (decoupled decay)
 * m = β₁·m + (1 - β₁)·g
 * v = β₂·v + (1 - β₂)·g²
 * bc1 = 1 - β₁ᵗ,  bc2 = 1 - β₂ᵗ
 * amsgrad: vmax = max(vmax, v), used below in place of v
 * denom = sqrt(v) / sqrt(bc2) + eps
 * p = p - (lr / bc1)·m / denom
 * </pre>
 */
abstract class AdamAlgorithm extends Optimizer {
    private final double beta1, beta2, eps, weightDecay;
    private final boolean amsgrad, maximize, decoupled;
    private final double[][] expAvg, expAvgSq, maxExpAvgSq;
    /** 1 - β₁ᵗ and 1 - β₂ᵗ for t = {@code correctedStep}, kept because Math.pow is the costliest call of a step. */
    private long correctedStep = -1;
    private double biasCorrection1, biasCorrection2;

    AdamAlgorithm(AdamOptions<?, ?> o, boolean decoupled) {
        super(o.params, o.lr);
        nonNegative("epsilon value", o.eps);
        if (!(o.beta1 >= 0.0 && o.beta1 < 1.0)) throw new IllegalArgumentException("Invalid beta parameter at index 0: " + o.beta1);
        if (!(o.beta2 >= 0.0 && o.beta2 < 1.0)) throw new IllegalArgumentException("Invalid beta parameter at index 1: " + o.beta2);
        nonNegative("weight_decay value", o.weightDecay);
        this.beta1 = o.beta1;
        this.beta2 = o.beta2;
        this.eps = o.eps;
        this.weightDecay = o.weightDecay;
        this.amsgrad = o.amsgrad;
        this.maximize = o.maximize;
        this.decoupled = decoupled;
        int n = paramCount();
        expAvg = new double[n][];
        expAvgSq = new double[n][];
        maxExpAvgSq = amsgrad ? new double[n][] : null;
    }

    @Override
    protected final void update(int i, double[] p, double[] g, long step, boolean f32) {
        if (expAvg[i] == null) {
            expAvg[i] = new double[p.length];
            expAvgSq[i] = new double[p.length];
            if (amsgrad) maxExpAvgSq[i] = new double[p.length];
        }
        double[] m = expAvg[i], v = expAvgSq[i], vmax = amsgrad ? maxExpAvgSq[i] : null;
        // The scalars, computed in double as Python does, then rounded to the parameter's dtype as
        // PyTorch's kernels convert a Python float operand.
        double b1 = round(f32, beta1), b2 = round(f32, beta2);
        double oneMinusB1 = round(f32, 1 - beta1), oneMinusB2 = round(f32, 1 - beta2);
        double wd = round(f32, weightDecay), decay = round(f32, 1 - lr() * weightDecay);
        if (step != correctedStep) { // parameters usually share a step count: one pair of pow calls per step
            correctedStep = step;
            biasCorrection1 = 1 - Math.pow(beta1, step);
            biasCorrection2 = 1 - Math.pow(beta2, step);
        }
        double negStepSize = round(f32, -(lr() / biasCorrection1));
        double bc2Sqrt = round(f32, Math.sqrt(biasCorrection2));
        double epsilon = round(f32, eps);
        for (int k = 0; k < p.length; k++) {
            double d = maximize ? -g[k] : g[k];
            if (weightDecay != 0) {
                if (decoupled) p[k] = round(f32, p[k] * decay);                          // param.mul_(1 - lr*wd)
                else d = fma(f32, wd, p[k], d);                                          // grad.add(param, alpha=wd)
            }
            m[k] = fma(f32, oneMinusB1, d, round(f32, m[k] * b1));                      // exp_avg.mul_(b1).add_(grad, alpha=1-b1)
            v[k] = fma(f32, round(f32, oneMinusB2 * d), d, round(f32, v[k] * b2));      // exp_avg_sq.mul_(b2).addcmul_(grad, grad, value=1-b2)
            double second = v[k];
            if (amsgrad) second = vmax[k] = Math.max(vmax[k], v[k]);                    // torch.maximum(max_exp_avg_sq, exp_avg_sq)
            double root = round(f32, Math.sqrt(second));                                 // exp_avg_sq.sqrt()
            double denom = round(f32, round(f32, root / bc2Sqrt) + epsilon);            // (… / bias_correction2_sqrt).add_(eps)
            p[k] = round(f32, p[k] + round(f32, round(f32, negStepSize * m[k]) / denom)); // param.addcdiv_(exp_avg, denom, value=-step_size)
        }
    }
}
