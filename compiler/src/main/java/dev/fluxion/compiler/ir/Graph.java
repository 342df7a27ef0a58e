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

    public Graph(List<Node> inputs, List<Node> nodes, List<Node> outputs) {
        this.inputs = List.copyOf(inputs);
        this.nodes = List.copyOf(nodes);
        this.outputs = List.copyOf(outputs);
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

    /** The IR text form (see {@link IrPrinter}). */
    @Override
    public String toString() {
        return IrPrinter.print(this);
    }
}
