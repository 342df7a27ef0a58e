package dev.fluxion.compiler.interpret;

import dev.fluxion.compiler.ir.OpCall;
import dev.fluxion.compiler.ir.Shape;
import java.util.Arrays;

/**
 * Reductions over a sorted set of axes (attributes {@code axes}, {@code keepdim}). Every input
 * element is sent to its output slot through one strided walk whose strides are 0 on the reduced
 * axes, then accumulated in input row-major order. Accumulation is in double; the result is
 * rounded to the dtype once.
 *
 * <p>Reducing an empty axis: sum 0, prod 1, mean NaN (0/0), logsumexp -inf, while max and min have
 * no identity and throw {@link IllegalArgumentException}.
 */
final class ReductionKernels {
    private ReductionKernels() {}

    /** How one reduction starts and folds values into an accumulator. */
    private interface Fold {
        double apply(double acc, double v);
    }

    static Kernel sum() {
        return (node, in) -> fold(node, in[0], 0, (acc, v) -> acc + v, false);
    }

    static Kernel prod() {
        return (node, in) -> fold(node, in[0], 1, (acc, v) -> acc * v, false);
    }

    /** Math.max propagates NaN, as NumPy's max does. */
    static Kernel max() {
        return (node, in) -> fold(node, in[0], Double.NEGATIVE_INFINITY, Math::max, true);
    }

    static Kernel min() {
        return (node, in) -> fold(node, in[0], Double.POSITIVE_INFINITY, Math::min, true);
    }

    static Kernel mean() {
        return (node, in) -> {
            double[] s = accumulate(node, in[0], 0, (acc, v) -> acc + v, false);
            double n = reducedCount(node, in[0]);
            for (int i = 0; i < s.length; i++) s[i] /= n;
            return NDArray.rounded(node.type(), s);
        };
    }

    /**
     * {@code m + log(sum(exp(x - m)))} with {@code m} the maximum, so no exp overflows. An infinite
     * or NaN maximum is the result itself: all -inf (or an empty axis) gives -inf, any +inf gives +inf.
     */
    static Kernel logsumexp() {
        return (node, in) -> {
            NDArray x = in[0];
            double[] m = accumulate(node, x, Double.NEGATIVE_INFINITY, Math::max, false);
            double[] s = new double[m.length];
            double[] a = x.data();
            int[] slot = slots(node, x);
            for (int i = 0; i < a.length; i++) {
                int o = slot[i];
                if (Double.isFinite(m[o])) s[o] += Math.exp(a[i] - m[o]);
            }
            double[] out = new double[m.length];
            for (int o = 0; o < out.length; o++) out[o] = Double.isFinite(m[o]) ? m[o] + Math.log(s[o]) : m[o];
            return NDArray.rounded(node.type(), out);
        };
    }

    private static NDArray fold(OpCall node, NDArray x, double init, Fold f, boolean needsElements) {
        return NDArray.rounded(node.type(), accumulate(node, x, init, f, needsElements));
    }

    private static double[] accumulate(OpCall node, NDArray x, double init, Fold f, boolean needsElements) {
        if (needsElements && reducedCount(node, x) == 0) {
            throw new IllegalArgumentException(node.op() + ": cannot reduce an empty axis of " + x.type()
                    + " over axes " + Arrays.toString(node.attrs().getInts("axes")) + " (it has no identity)");
        }
        double[] acc = new double[node.type().numel()];
        Arrays.fill(acc, init);
        double[] a = x.data();
        int[] slot = slots(node, x);
        for (int i = 0; i < a.length; i++) acc[slot[i]] = f.apply(acc[slot[i]], a[i]);
        return acc;
    }

    /** The output position of every input element: a walk over the input with the output's strides, 0 on reduced axes. */
    private static int[] slots(OpCall node, NDArray x) {
        int[] axes = node.attrs().getInts("axes");
        Shape in = x.shape();
        int[] kept = in.dims();
        for (int a : axes) kept[a] = 1;
        int[] strides = Shape.of(kept).strides();
        for (int a : axes) strides[a] = 0;
        return Strides.offsets(0, in.dims(), strides);
    }

    /** Number of input elements folded into each output element. */
    private static long reducedCount(OpCall node, NDArray x) {
        long n = 1;
        for (int a : node.attrs().getInts("axes")) n *= x.shape().dim(a);
        return n;
    }
}
