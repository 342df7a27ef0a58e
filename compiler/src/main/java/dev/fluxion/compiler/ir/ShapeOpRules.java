package dev.fluxion.compiler.ir;

import java.util.Arrays;

/** Shape inference for the shape ops: reshape, broadcast, transpose, squeeze, slicing, gather, concat. */
final class ShapeOpRules {
    private ShapeOpRules() {}

    static TensorType infer(Op op, Attrs attrs, TensorType[] in) {
        TensorType x = in[0];
        switch (op) {
            case RESHAPE: {
                Shape s = Shape.of(attrs.getInts("shape"));
                if (s.numel() != x.numel()) throw new ShapeException("reshape: cannot reshape " + x.shape() + " to " + s);
                return x.withShape(s);
            }
            case BROADCAST_TO: {
                Shape s = Shape.of(attrs.getInts("shape"));
                if (!x.shape().broadcastsTo(s)) throw new ShapeException("broadcast_to: cannot broadcast " + x.shape() + " to " + s);
                return x.withShape(s);
            }
            case TRANSPOSE: return transpose(x, attrs.getInts("perm"));
            case SQUEEZE: {
                int[] axes = attrs.getInts("axes");
                ShapeRules.checkAxes(op, axes, x.rank(), "axes");
                for (int a : axes) {
                    if (x.shape().dim(a) != 1) throw new ShapeException("squeeze: axis " + a + " of " + x.shape() + " is not 1");
                }
                return x.withShape(ShapeRules.reducedShape(x.shape(), axes, false));
            }
            case UNSQUEEZE: {
                int[] axes = attrs.getInts("axes");
                int rank = x.rank() + axes.length;
                ShapeRules.checkAxes(op, axes, rank, "axes");
                int[] out = new int[rank];
                for (int i = 0, k = 0, j = 0; i < rank; i++) {
                    if (j < axes.length && axes[j] == i) {
                        out[i] = 1;
                        j++;
                    } else {
                        out[i] = x.shape().dim(k++);
                    }
                }
                return x.withShape(Shape.of(out));
            }
            case SLICE: return slice(x, attrs);
            case PAD: return pad(x, attrs);
            case GATHER: return gather(x, in[1], attrs.getInt("axis"));
            case SCATTER_ADD: return scatterAdd(x, in[1], in[2], attrs.getInt("axis"));
            case CONCAT: return concat(in, attrs.getInt("axis"));
            case STACK: return stack(in, attrs.getInt("axis"));
            default: throw new AssertionError(op);
        }
    }

    private static TensorType transpose(TensorType x, int[] perm) {
        if (perm.length != x.rank()) throw new ShapeException("transpose: perm " + Arrays.toString(perm) + " does not match shape " + x.shape());
        boolean[] seen = new boolean[perm.length];
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] < 0 || perm[i] >= perm.length || seen[perm[i]]) {
                throw new ShapeException("transpose: " + Arrays.toString(perm) + " is not a permutation of the axes of " + x.shape());
            }
            seen[perm[i]] = true;
            out[i] = x.shape().dim(perm[i]);
        }
        return x.withShape(Shape.of(out));
    }

    /** Length of {@code start:stop:step} over normalised bounds. */
    static int sliceLength(int start, int stop, int step) {
        return stop <= start ? 0 : (stop - start + step - 1) / step;
    }

    private static TensorType slice(TensorType x, Attrs attrs) {
        int[] start = attrs.getInts("start"), stop = attrs.getInts("stop"), step = attrs.getInts("step");
        if (start.length != x.rank() || stop.length != x.rank() || step.length != x.rank()) {
            throw new ShapeException("slice: needs start/stop/step for each of the " + x.rank() + " axes of " + x.shape());
        }
        int[] out = new int[x.rank()];
        for (int i = 0; i < out.length; i++) {
            int d = x.shape().dim(i);
            if (step[i] < 1 || start[i] < 0 || start[i] > d || stop[i] < start[i] || stop[i] > d) {
                throw new ShapeException("slice: " + start[i] + ":" + stop[i] + ":" + step[i] + " is not a normalised slice of axis " + i + " of " + x.shape());
            }
            out[i] = sliceLength(start[i], stop[i], step[i]);
        }
        return x.withShape(Shape.of(out));
    }

    private static TensorType pad(TensorType x, Attrs attrs) {
        int[] lo = attrs.getInts("lo"), hi = attrs.getInts("hi"), interior = attrs.getInts("interior");
        if (lo.length != x.rank() || hi.length != x.rank() || interior.length != x.rank()) {
            throw new ShapeException("pad: needs lo/hi/interior for each of the " + x.rank() + " axes of " + x.shape());
        }
        int[] out = new int[x.rank()];
        for (int i = 0; i < out.length; i++) {
            if (lo[i] < 0 || hi[i] < 0 || interior[i] < 0) throw new ShapeException("pad: negative padding on axis " + i);
            int d = x.shape().dim(i);
            out[i] = lo[i] + hi[i] + d + Math.max(d - 1, 0) * interior[i];
        }
        return x.withShape(Shape.of(out));
    }

    private static void checkIndex(Op op, TensorType x, TensorType index, int axis) {
        if (index.dtype() != DType.I64) throw new ShapeException(op + ": index must be i64 but is " + index);
        if (index.rank() != x.rank()) throw new ShapeException(op + ": index rank differs, shapes " + ShapeRules.shapes(x, index));
        if (axis < 0 || axis >= Math.max(1, x.rank())) throw new ShapeException(op + ": axis " + axis + " out of range for " + x.shape());
        for (int d = 0; d < x.rank(); d++) {
            if (d != axis && index.shape().dim(d) > x.shape().dim(d)) {
                throw new ShapeException(op + ": index shape " + index.shape() + " exceeds " + x.shape() + " on axis " + d);
            }
        }
    }

    private static TensorType gather(TensorType x, TensorType index, int axis) {
        if (x.rank() == 0) throw new ShapeException("gather: input must have rank >= 1");
        checkIndex(Op.GATHER, x, index, axis);
        return x.withShape(index.shape());
    }

    private static TensorType scatterAdd(TensorType base, TensorType index, TensorType src, int axis) {
        if (base.rank() == 0) throw new ShapeException("scatter_add: base must have rank >= 1");
        checkIndex(Op.SCATTER_ADD, base, index, axis);
        ShapeRules.sameDType(Op.SCATTER_ADD, base, src);
        if (!src.shape().equals(index.shape())) {
            throw new ShapeException("scatter_add: src shape " + src.shape() + " differs from index shape " + index.shape());
        }
        return base;
    }

    private static TensorType concat(TensorType[] in, int axis) {
        TensorType first = in[0];
        if (first.rank() == 0) throw new ShapeException("concat: inputs must have rank >= 1");
        if (axis < 0 || axis >= first.rank()) throw new ShapeException("concat: axis " + axis + " out of range for " + first.shape());
        int[] out = first.shape().dims();
        for (int i = 1; i < in.length; i++) {
            TensorType t = in[i];
            ShapeRules.sameDType(Op.CONCAT, first, t);
            boolean ok = t.rank() == first.rank();
            for (int d = 0; ok && d < t.rank(); d++) ok = d == axis || t.shape().dim(d) == first.shape().dim(d);
            if (!ok) throw new ShapeException("concat: shapes " + ShapeRules.shapes(in) + " differ off axis " + axis);
            out[axis] += t.shape().dim(axis);
        }
        return first.withShape(Shape.of(out));
    }

    private static TensorType stack(TensorType[] in, int axis) {
        TensorType first = in[0];
        for (TensorType t : in) {
            if (!t.equals(first)) {
                throw new ShapeException("stack: inputs must have equal types but are " + java.util.Arrays.stream(in).map(TensorType::toString).toList());
            }
        }
        if (axis < 0 || axis > first.rank()) throw new ShapeException("stack: axis " + axis + " out of range for rank " + (first.rank() + 1));
        int[] d = first.shape().dims();
        int[] out = new int[d.length + 1];
        for (int i = 0, k = 0; i < out.length; i++) out[i] = i == axis ? in.length : d[k++];
        return first.withShape(Shape.of(out));
    }
}
