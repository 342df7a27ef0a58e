package dev.fluxion.compiler.ir;

/** The type of an IR value: element type and shape, printed {@code f64[3,4]}. */
public record TensorType(DType dtype, Shape shape) {
    public static TensorType of(DType dtype, int... dims) {
        return new TensorType(dtype, Shape.of(dims));
    }

    private static final TensorType[] SCALARS = new TensorType[DType.values().length];

    static {
        for (DType d : DType.values()) SCALARS[d.ordinal()] = new TensorType(d, Shape.SCALAR);
    }

    /** The 0-d type of {@code dtype} (one shared instance per dtype). */
    public static TensorType scalar(DType dtype) {
        return SCALARS[dtype.ordinal()];
    }

    public TensorType withShape(Shape s) {
        return new TensorType(dtype, s);
    }

    public TensorType withDType(DType d) {
        return new TensorType(d, shape);
    }

    public int rank() {
        return shape.rank();
    }

    public int numel() {
        return shape.numel();
    }

    // Written out rather than left to the record: types are compared for every node a pass re-emits
    // (hash-consing, rewrite checks), and the generated equals goes through method handles.

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof TensorType t && dtype == t.dtype && shape.equals(t.shape));
    }

    @Override
    public int hashCode() {
        return 31 * dtype.ordinal() + shape.hashCode();
    }

    @Override
    public String toString() {
        return dtype.text() + shape;
    }
}
