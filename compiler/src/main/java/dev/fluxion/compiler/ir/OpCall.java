package dev.fluxion.compiler.ir;

/**
 * An op applied with given attributes and result type: what a kernel needs to evaluate it. A graph
 * {@link Node} is one; the eager runtime makes free-standing ones with {@link #of}.
 */
public interface OpCall {
    Op op();

    Attrs attrs();

    TensorType type();

    default Shape shape() {
        return type().shape();
    }

    default DType dtype() {
        return type().dtype();
    }

    /** A free-standing call, not part of any graph. */
    static OpCall of(Op op, Attrs attrs, TensorType type) {
        return new Call(op, attrs, type);
    }

    /** The plain implementation of {@link OpCall}. */
    record Call(Op op, Attrs attrs, TensorType type) implements OpCall {}
}
