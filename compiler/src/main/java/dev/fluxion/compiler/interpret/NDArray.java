package dev.fluxion.compiler.interpret;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.TensorType;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor value of the reference interpreter: a dtype, a shape and its elements row-major in a
 * {@code double[]}. Every element is representable in the dtype: f32 elements are doubles that are
 * exactly floats, i64 elements are exact integers, bool elements are 0 or 1 (see {@link DType#round}).
 *
 * <p>Immutable by convention: the factories copy what they are given and the accessors copy what
 * they hand out; kernels in this package share arrays between values without copying, which is
 * safe because no one writes to an array once it is inside an {@code NDArray}.
 */
public final class NDArray {
    private final DType dtype;
    private final Shape shape;
    private final double[] data;

    private NDArray(DType dtype, Shape shape, double[] data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    /**
     * A tensor of the given dtype and shape holding a rounded copy of {@code values} (row-major).
     *
     * @throws IllegalArgumentException when {@code values.length} differs from the shape's element count
     */
    public static NDArray of(DType dtype, Shape shape, double[] values) {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        checkLength(shape, values.length);
        double[] d = values.clone();
        roundInPlace(dtype, d);
        return new NDArray(dtype, shape, d);
    }

    /** {@link #of(DType, Shape, double[])} with the dtype and shape of {@code type}. */
    public static NDArray of(TensorType type, double[] values) {
        return of(type.dtype(), type.shape(), values);
    }

    /** An f32 tensor of the given shape. @throws IllegalArgumentException when the length differs from the shape's element count */
    public static NDArray ofFloats(Shape shape, float[] values) {
        checkLength(shape, values.length);
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) d[i] = values[i];
        return new NDArray(DType.F32, shape, d);
    }

    /** A 0-d f64 tensor. */
    public static NDArray scalar(double value) {
        return new NDArray(DType.F64, Shape.SCALAR, new double[] {value});
    }

    /** A 0-d tensor of {@code dtype} holding {@code value} rounded to it. */
    public static NDArray scalar(double value, DType dtype) {
        return new NDArray(dtype, Shape.SCALAR, new double[] {dtype.round(value)});
    }

    /** A tensor of {@code type} whose every element is zero (false for bool). */
    public static NDArray zeros(TensorType type) {
        return new NDArray(type.dtype(), type.shape(), new double[type.numel()]);
    }

    /** A 1-D f64 tensor of the given elements: a test and debugging convenience. */
    public static NDArray vector(double... values) {
        return new NDArray(DType.F64, Shape.of(values.length), values.clone());
    }

    /**
     * Wraps {@code data} without copying or rounding. For kernels only: the caller hands over the
     * array, whose elements must already be representable in {@code dtype}.
     */
    static NDArray wrap(DType dtype, Shape shape, double[] data) {
        return new NDArray(dtype, shape, data);
    }

    static NDArray wrap(TensorType type, double[] data) {
        return new NDArray(type.dtype(), type.shape(), data);
    }

    /**
     * Shares {@code data} without copying: for runtimes that own mutable storage and call kernels
     * synchronously. The elements must already be representable in the dtype, and the array must
     * not change while the returned value is in use.
     */
    public static NDArray sharing(TensorType type, double[] data) {
        if (data.length != type.numel()) {
            throw new IllegalArgumentException(type + " holds " + type.numel() + " elements but " + data.length + " were given");
        }
        return new NDArray(type.dtype(), type.shape(), data);
    }

    /** The backing array, not copied, for a runtime that takes ownership of a kernel's fresh result. */
    public double[] sharedData() {
        return data;
    }

    /** Rounds {@code data} in place to {@code type}'s dtype and wraps it without copying. For kernels only. */
    static NDArray rounded(TensorType type, double[] data) {
        roundInPlace(type.dtype(), data);
        return new NDArray(type.dtype(), type.shape(), data);
    }

    private static void roundInPlace(DType dtype, double[] d) {
        if (dtype == DType.F64) return; // the common case needs no pass over the data
        for (int i = 0; i < d.length; i++) d[i] = dtype.round(d[i]);
    }

    private static void checkLength(Shape shape, int length) {
        if (length != shape.numel()) {
            throw new IllegalArgumentException(length + " values do not fill shape " + shape + " (" + shape.numel() + " elements)");
        }
    }

    // ---- accessors -----------------------------------------------------------------------------

    public DType dtype() {
        return dtype;
    }

    public Shape shape() {
        return shape;
    }

    /** The IR type of this value, e.g. {@code f64[3,4]}. */
    public TensorType type() {
        return new TensorType(dtype, shape);
    }

    public int numel() {
        return data.length;
    }

    public int rank() {
        return shape.rank();
    }

    /** The element at row-major position {@code flatIndex}. */
    public double get(int flatIndex) {
        return data[flatIndex];
    }

    /** The elements, row-major, as a fresh array. */
    public double[] toDoubleArray() {
        return data.clone();
    }

    /** The elements, row-major, converted to floats in a fresh array. */
    public float[] toFloatArray() {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
        return f;
    }

    /**
     * The only element of a one-element tensor (any rank).
     *
     * @throws IllegalStateException when the tensor does not have exactly one element
     */
    public double item() {
        if (data.length != 1) throw new IllegalStateException("item() needs exactly one element but " + type() + " has " + data.length);
        return data[0];
    }

    /** The backing array, not copied; kernels read it and must never write to it. */
    double[] data() {
        return data;
    }

    // ---- identity ------------------------------------------------------------------------------

    /** Equal when dtype, shape and every element's bit pattern agree (so NaN equals NaN, 0.0 differs from -0.0). */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof NDArray)) return false;
        NDArray a = (NDArray) o;
        return dtype == a.dtype && shape.equals(a.shape) && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, shape, Arrays.hashCode(data));
    }

    /** {@code f64[2,2] [[1.0, 2.0], [3.0, 4.0]]}; i64 prints integers, bool true/false. Past 1000 elements the rest is elided. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type().toString()).append(' ');
        if (shape.rank() == 0) return sb.append(element(0)).toString();
        int[] dims = shape.dims();
        int[] strides = shape.strides();
        int limit = Math.min(data.length, 1000);
        // Open brackets for every axis whose index wraps to zero, close them when it reaches its end.
        for (int i = 0; i < limit; i++) {
            for (int a = 0; a < dims.length; a++) if (i % (strides[a] * dims[a]) == 0) sb.append('[');
            sb.append(element(i));
            int closed = 0;
            for (int a = dims.length - 1; a >= 0 && (i + 1) % (strides[a] * dims[a]) == 0; a--) closed++;
            for (int c = 0; c < closed; c++) sb.append(']');
            if (i + 1 < data.length && closed < dims.length) sb.append(", ");
        }
        if (data.length == 0) sb.append("[]");
        if (limit < data.length) sb.append("... (").append(data.length - limit).append(" more)");
        return sb.toString();
    }

    private String element(int i) {
        double v = data[i];
        if (dtype == DType.BOOL) return v != 0 ? "true" : "false";
        if (dtype == DType.I64) return Long.toString((long) v);
        if (dtype == DType.F32) return Float.toString((float) v);
        return Double.toString(v);
    }
}
