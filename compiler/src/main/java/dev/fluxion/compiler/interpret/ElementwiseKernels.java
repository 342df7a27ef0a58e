package dev.fluxion.compiler.interpret;

import dev.fluxion.compiler.ir.OpCall;
import dev.fluxion.compiler.ir.Shape;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The elementwise kernels: a scalar function mapped over one, two or three operands that broadcast
 * to the node's shape (NumPy rules). Operands of the output's shape are read directly; any other
 * operand is read through its broadcast index map ({@link Strides#broadcastMap}). Results are
 * rounded to the node's dtype, which is also how CAST and comparisons (to bool) get their values.
 */
final class ElementwiseKernels {
    private ElementwiseKernels() {}

    static Kernel unary(DoubleUnaryOperator f) {
        return (node, in) -> map(node, in[0], f);
    }

    static Kernel binary(DoubleBinaryOperator f) {
        return (node, in) -> map(node, in[0], in[1], f);
    }

    static Kernel where() {
        return ElementwiseKernels::where;
    }

    static NDArray map(OpCall node, NDArray x, DoubleUnaryOperator f) {
        double[] a = x.data();
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(a[i]);
        return NDArray.rounded(node.type(), out);
    }

    static NDArray map(OpCall node, NDArray x, NDArray y, DoubleBinaryOperator f) {
        Shape s = node.shape();
        double[] a = x.data(), b = y.data();
        double[] out = new double[s.numel()];
        boolean xFull = x.shape().equals(s), yFull = y.shape().equals(s);
        if (xFull && yFull) {
            for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(a[i], b[i]);
        } else if (xFull && b.length == 1) {
            // A tensor with a scalar, the most common broadcast, needs no index map.
            double c = b[0];
            for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(a[i], c);
        } else if (yFull && a.length == 1) {
            double c = a[0];
            for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(c, b[i]);
        } else {
            int[] ia = Strides.broadcastMap(x.shape(), s), ib = Strides.broadcastMap(y.shape(), s);
            for (int i = 0; i < out.length; i++) {
                out[i] = f.applyAsDouble(a[ia == null ? i : ia[i]], b[ib == null ? i : ib[i]]);
            }
        }
        return NDArray.rounded(node.type(), out);
    }

    /** {@code where(cond, a, b)}: {@code a} where cond is true (non-zero), else {@code b}; all three broadcast. */
    private static NDArray where(OpCall node, NDArray[] in) {
        Shape s = node.shape();
        double[] c = in[0].data(), a = in[1].data(), b = in[2].data();
        int[] ic = Strides.broadcastMap(in[0].shape(), s);
        int[] ia = Strides.broadcastMap(in[1].shape(), s);
        int[] ib = Strides.broadcastMap(in[2].shape(), s);
        double[] out = new double[s.numel()];
        for (int i = 0; i < out.length; i++) {
            boolean take = c[ic == null ? i : ic[i]] != 0;
            out[i] = take ? a[ia == null ? i : ia[i]] : b[ib == null ? i : ib[i]];
        }
        return NDArray.wrap(node.type(), out); // a and b hold values of the output dtype already
    }
}
