package dev.fluxion.compiler.interpret;

import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.OpCall;
import dev.fluxion.compiler.ir.Shape;

/**
 * Kernels that move elements without computing new ones: reshapes, broadcasts, transposes,
 * slices, padding, gather and scatter_add, concatenation and stacking. Values never change, so
 * no rounding is needed, except for scatter_add's sums.
 */
final class ShapeKernels {
    private ShapeKernels() {}

    // ---- same elements, new shape --------------------------------------------------------------

    /** RESHAPE, SQUEEZE and UNSQUEEZE keep the row-major order, so the value shares its array. */
    static Kernel relabel() {
        return (node, in) -> NDArray.wrap(node.type(), in[0].data());
    }

    static Kernel broadcastTo() {
        return (node, in) -> {
            Shape out = node.shape();
            return NDArray.wrap(node.type(), Strides.gather(in[0].data(), 0, out.dims(), Strides.broadcast(in[0].shape(), out)));
        };
    }

    /** Output axis {@code i} walks input axis {@code perm[i]}, so it takes that axis' stride. */
    static Kernel transpose() {
        return (node, in) -> {
            int[] perm = node.attrs().getInts("perm");
            int[] inStrides = in[0].shape().strides();
            int[] s = new int[perm.length];
            for (int i = 0; i < perm.length; i++) s[i] = inStrides[perm[i]];
            return NDArray.wrap(node.type(), Strides.gather(in[0].data(), 0, node.shape().dims(), s));
        };
    }

    // ---- slice and its transpose, pad ----------------------------------------------------------

    /** Normalised {@code start:stop:step} per axis: the view starts at {@code start} and steps {@code step} elements. */
    static Kernel slice() {
        return (node, in) -> {
            Attrs at = node.attrs();
            int[] start = at.getInts("start"), step = at.getInts("step");
            int[] inStrides = in[0].shape().strides();
            int base = 0;
            int[] s = new int[start.length];
            for (int i = 0; i < s.length; i++) {
                base += start[i] * inStrides[i];
                s[i] = inStrides[i] * step[i];
            }
            return NDArray.wrap(node.type(), Strides.gather(in[0].data(), base, node.shape().dims(), s));
        };
    }

    /** Input element {@code k} of an axis lands at {@code lo + k * (interior + 1)}; everything else is zero. */
    static Kernel pad() {
        return (node, in) -> {
            Attrs at = node.attrs();
            int[] lo = at.getInts("lo"), interior = at.getInts("interior");
            int[] outStrides = node.shape().strides();
            int base = 0;
            int[] s = new int[lo.length];
            for (int i = 0; i < s.length; i++) {
                base += lo[i] * outStrides[i];
                s[i] = outStrides[i] * (interior[i] + 1);
            }
            double[] x = in[0].data();
            double[] out = new double[node.type().numel()];
            int[] dest = Strides.offsets(base, in[0].shape().dims(), s);
            for (int j = 0; j < x.length; j++) out[dest[j]] = x[j];
            return NDArray.wrap(node.type(), out);
        };
    }

    // ---- gather and scatter_add ----------------------------------------------------------------

    /** torch.gather: {@code out[p] = x[p with p[axis] replaced by index[p]]}; the output has the index's shape. */
    static Kernel gather() {
        return (node, in) -> {
            NDArray x = in[0], index = in[1];
            int axis = node.attrs().getInt("axis");
            int axisStride = x.shape().strides()[axis];
            int[] base = indexedBases(x.shape(), index.shape(), axis);
            double[] src = x.data(), idx = index.data();
            double[] out = new double[idx.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = src[base[i] + checkedIndex(Op.GATHER, index, i, x.shape().dim(axis), axis) * axisStride];
            }
            return NDArray.wrap(node.type(), out);
        };
    }

    /** torch.scatter_add: a copy of base with {@code src[p]} added at {@code p with p[axis] replaced by index[p]}. */
    static Kernel scatterAdd() {
        return (node, in) -> {
            NDArray base = in[0], index = in[1], src = in[2];
            int axis = node.attrs().getInt("axis");
            int axisStride = base.shape().strides()[axis];
            int[] dest = indexedBases(base.shape(), index.shape(), axis);
            double[] out = base.toDoubleArray();
            double[] s = src.data();
            for (int i = 0; i < s.length; i++) {
                out[dest[i] + checkedIndex(Op.SCATTER_ADD, index, i, base.shape().dim(axis), axis) * axisStride] += s[i];
            }
            return NDArray.rounded(node.type(), out);
        };
    }

    /** For each position of the index, the offset into x of that position with the axis coordinate set to 0. */
    private static int[] indexedBases(Shape x, Shape index, int axis) {
        int[] s = x.strides();
        s[axis] = 0;
        return Strides.offsets(0, index.dims(), s);
    }

    private static int checkedIndex(Op op, NDArray index, int i, int size, int axis) {
        double v = index.get(i);
        if (v < 0 || v >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + (long) v + " at position " + Strides.position(index.shape(), i)
                    + " is out of range for axis " + axis + " of size " + size);
        }
        return (int) v;
    }

    // ---- concat and stack ----------------------------------------------------------------------

    /**
     * Concatenation along {@code axis}: the output is, for each index of the axes before it, the
     * blocks of the inputs (their elements from the axis on) one after another.
     */
    static Kernel concat() {
        return (node, in) -> {
            int axis = node.attrs().getInt("axis");
            int[] block = new int[in.length];
            for (int k = 0; k < in.length; k++) block[k] = trailingCount(in[k].shape(), axis);
            return NDArray.wrap(node.type(), interleave(in, leadingCount(node.shape(), axis), block, node.type().numel()));
        };
    }

    /** Stacking is concatenation of the inputs viewed with a size-1 axis inserted at {@code axis}. */
    static Kernel stack() {
        return (node, in) -> {
            int axis = node.attrs().getInt("axis");
            int[] block = new int[in.length];
            for (int k = 0; k < in.length; k++) block[k] = trailingCount(in[k].shape(), axis);
            return NDArray.wrap(node.type(), interleave(in, leadingCount(in[0].shape(), axis), block, node.type().numel()));
        };
    }

    private static double[] interleave(NDArray[] in, int outer, int[] block, int total) {
        double[] out = new double[total];
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < in.length; k++) {
                System.arraycopy(in[k].data(), o * block[k], out, pos, block[k]);
                pos += block[k];
            }
        }
        return out;
    }

    /** Product of the dimensions before {@code axis}. */
    private static int leadingCount(Shape s, int axis) {
        int n = 1;
        for (int a = 0; a < axis; a++) n *= s.dim(a);
        return n;
    }

    /** Product of the dimensions from {@code axis} on. */
    private static int trailingCount(Shape s, int axis) {
        int n = 1;
        for (int a = axis; a < s.rank(); a++) n *= s.dim(a);
        return n;
    }
}
