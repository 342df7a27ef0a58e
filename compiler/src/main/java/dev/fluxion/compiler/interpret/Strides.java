package dev.fluxion.compiler.interpret;

import dev.fluxion.compiler.ir.Shape;

/**
 * The one strided index walk every layout kernel uses. A view of a row-major array is described by
 * a base offset and one stride per axis of the walk; broadcasting is a stride of 0, a transpose is a
 * permutation of strides, a slice multiplies strides by its steps and moves the base.
 */
final class Strides {
    private Strides() {}

    /**
     * Strides for reading {@code in} while walking {@code out}, which {@code in} broadcasts to
     * (NumPy rules): aligned at the trailing axis, 0 on leading axes {@code in} lacks and on axes
     * where {@code in} has size 1.
     */
    static int[] broadcast(Shape in, Shape out) {
        int[] inStrides = in.strides();
        int[] s = new int[out.rank()];
        int off = out.rank() - in.rank();
        for (int i = 0; i < in.rank(); i++) {
            s[i + off] = in.dim(i) == 1 ? 0 : inStrides[i];
        }
        return s;
    }

    /**
     * The offset {@code base + sum(index[a] * strides[a])} of every row-major position of a walk
     * over {@code dims}, as an odometer: the last axis moves fastest, and carrying into an outer
     * axis undoes the inner axis' whole extent.
     */
    static int[] offsets(int base, int[] dims, int[] strides) {
        long count = 1;
        for (int d : dims) count *= d;
        int[] out = new int[(int) count];
        if (count == 0) return out;
        int rank = dims.length;
        int[] index = new int[rank];
        int off = base;
        for (int i = 0; i < out.length; i++) {
            out[i] = off;
            for (int a = rank - 1; a >= 0; a--) {
                off += strides[a];
                if (++index[a] < dims[a]) break;
                off -= strides[a] * dims[a];
                index[a] = 0;
            }
        }
        return out;
    }

    /** For each output position, the position of {@code in} it reads when broadcast to {@code out}; null when the shapes are equal (the identity). */
    static int[] broadcastMap(Shape in, Shape out) {
        if (in.equals(out)) return null;
        return offsets(0, out.dims(), broadcast(in, out));
    }

    /** {@code src} read through a strided view: element {@code i} of the result is {@code src[offsets(base, dims, strides)[i]]}. */
    static double[] gather(double[] src, int base, int[] dims, int[] strides) {
        int[] offs = offsets(base, dims, strides);
        double[] out = new double[offs.length];
        for (int i = 0; i < out.length; i++) out[i] = src[offs[i]];
        return out;
    }

    /** The multi-index of row-major position {@code flat} in {@code shape}, for error messages. */
    static String position(Shape shape, int flat) {
        int[] strides = shape.strides();
        StringBuilder sb = new StringBuilder("[");
        for (int a = 0; a < strides.length; a++) {
            if (a > 0) sb.append(", ");
            sb.append(strides[a] == 0 ? 0 : flat / strides[a] % shape.dim(a));
        }
        return sb.append(']').toString();
    }
}
