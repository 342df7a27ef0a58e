package dev.fluxion.compiler.ir;

import java.util.List;

/**
 * A static computation: its inputs, all its nodes in topological order (node {@code i} has id
 * {@code i}; inputs are among the nodes) and its outputs. Immutable; transforms build new graphs.
 */
public final class Graph {
    private final List<Node> inputs;
    private final List<Node> nodes;
    private final List<Node> outputs;
    /** Built by a {@link NodeFactory}, whose hash-consing leaves no two equal nodes. */
    private final boolean hashConsed;

    public Graph(List<Node> inputs, List<Node> nodes, List<Node> outputs) {
        this(inputs, nodes, outputs, false);
    }

    Graph(List<Node> inputs, List<Node> nodes, List<Node> outputs, boolean hashConsed) {
        this.inputs = List.copyOf(inputs);
        this.nodes = List.copyOf(nodes);
        this.outputs = List.copyOf(outputs);
        this.hashConsed = hashConsed;
    }

    /** True for a graph built by a builder: it holds no two structurally equal nodes (see {@link NodeFactory#copy}). */
    boolean isHashConsed() {
        return hashConsed;
    }

    public List<Node> inputs() {
        return inputs;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public List<Node> outputs() {
        return outputs;
    }

    public Node input(int i) {
        return inputs.get(i);
    }

    public Node output(int i) {
        return outputs.get(i);
    }

    public Node node(int id) {
        return nodes.get(id);
    }

    public int size() {
        return nodes.size();
    }

    /** Number of nodes that are not inputs. */
    public int operationCount() {
        return nodes.size() - inputs.size();
    }

    /**
     * True when {@code other} has the same nodes (op, attributes, type, input ids) in the same order
     * and the same inputs and outputs: the graphs print identically.
     */
    public boolean sameStructure(Graph other) {
        if (other == this) return true;
        if (other.size() != size() || other.outputs.size() != outputs.size() || other.inputs.size() != inputs.size()) return false;
        for (int i = 0; i < nodes.size(); i++) {
            Node a = nodes.get(i), b = other.nodes.get(i);
            if (a.op() != b.op() || a.arity() != b.arity() || !a.type().equals(b.type()) || !a.attrs().equals(b.attrs())) return false;
            for (int k = 0; k < a.arity(); k++) if (a.input(k).id() != b.input(k).id()) return false;
        }
        for (int i = 0; i < outputs.size(); i++) if (outputs.get(i).id() != other.outputs.get(i).id()) return false;
        return true;
    }

    /** The IR text form (see {@link IrPrinter}). */
    @Override
    public String toString() {
        return IrPrinter.print(this);
    }
}
