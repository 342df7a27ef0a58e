package dev.fluxion.compiler.ir;

import java.util.Arrays;

/** An immutable tensor shape; rank 0 is a scalar. Dimensions are non-negative. */
public final class Shape {
    public static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final long numel;
    private final int hash;

    private Shape(int[] dims) {
        long n = 1;
        for (int d : dims) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
            n *= d;
        }
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than 2^31-1 elements");
        this.dims = dims;
        this.numel = n;
        this.hash = Arrays.hashCode(dims);
    }

    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int axis) {
        return dims[axis];
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    public int numel() {
        return (int) numel;
    }

    public boolean isScalar() {
        return dims.length == 0;
    }

    /** Row-major strides, in elements. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** NumPy broadcasting of two shapes, or null when they are incompatible. */
    public static Shape broadcast(Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            int db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) return null;
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /** True when this shape broadcasts to {@code target} (NumPy rules, one-directional). */
    public boolean broadcastsTo(Shape target) {
        if (rank() > target.rank()) return false;
        int off = target.rank() - rank();
        for (int i = 0; i < rank(); i++) {
            if (dims[i] != 1 && dims[i] != target.dims[i + off]) return false;
        }
        return true;
    }

    /** Normalises a possibly negative axis against this rank, or throws naming the op. */
    public int axis(String op, int axis) {
        return normalizeAxis(op, axis, rank());
    }

    public static int normalizeAxis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for rank " + rank);
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Shape && ((Shape) o).hash == hash && Arrays.equals(dims, ((Shape) o).dims));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** {@code [3,4]}, {@code []} for a scalar: the IR text form. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(dims[i]);
        }
        return sb.append(']').toString();
    }
}
