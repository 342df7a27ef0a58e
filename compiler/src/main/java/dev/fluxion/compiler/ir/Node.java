package dev.fluxion.compiler.ir;

import java.util.Arrays;
import java.util.List;

/**
 * One value of a graph: an immutable (op, inputs, attributes, type). The id is the node's position
 * in its builder and in the graph built from it, so inputs always have smaller ids.
 */
public final class Node implements OpCall {
    private final int id;
    private final Op op;
    private final Node[] inputs;
    private final Attrs attrs;
    private final TensorType type;

    Node(int id, Op op, Node[] inputs, Attrs attrs, TensorType type) {
        this.id = id;
        this.op = op;
        this.inputs = inputs;
        this.attrs = attrs;
        this.type = type;
    }

    public int id() {
        return id;
    }

    @Override
    public Op op() {
        return op;
    }

    public int arity() {
        return inputs.length;
    }

    public Node input(int i) {
        return inputs[i];
    }

    public List<Node> inputs() {
        return Arrays.asList(inputs.clone());
    }

    @Override
    public Attrs attrs() {
        return attrs;
    }

    @Override
    public TensorType type() {
        return type;
    }

    @Override
    public DType dtype() {
        return type.dtype();
    }

    @Override
    public Shape shape() {
        return type.shape();
    }

    public int rank() {
        return type.rank();
    }

    /** True for a CONST or FULL node, whose every element is known. */
    public boolean isConstant() {
        return op == Op.CONST || op == Op.FULL;
    }

    /** True when this node is a constant whose every element equals {@code v}. */
    public boolean isConstant(double v) {
        if (op == Op.FULL) return attrs.getDouble("value") == v;
        if (op != Op.CONST) return false;
        for (double x : attrs.getDoubles("value")) if (x != v) return false;
        return true;
    }

    @Override
    public String toString() {
        return "%" + id + ":" + type + " = " + op + (attrs.size() > 0 ? attrs.toString() : "");
    }
}
