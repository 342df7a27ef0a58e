package dev.fluxion.cli;

import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.passes.DeadCodeElimination;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Small graph plumbing for the commands: joining graphs over shared inputs, picking outputs, renaming inputs. */
final class Graphs {
    private Graphs() {}

    /**
     * One graph with the inputs of {@code graphs.get(0)} and the outputs of every graph in order.
     * Every graph must take the same inputs (names and types); hash-consing shares their common parts.
     */
    static Graph concat(List<Graph> graphs) {
        Graph first = graphs.get(0);
        GraphBuilder b = new GraphBuilder();
        List<Node> inputs = new ArrayList<>();
        for (Node in : first.inputs()) inputs.add(b.input(FunctionCommand.name(in), in.type()));
        List<Node> outputs = new ArrayList<>();
        for (Graph g : graphs) {
            Node[] map = b.inline(g, inputs);
            for (Node o : g.outputs()) outputs.add(map[o.id()]);
        }
        return b.build(outputs);
    }

    /** {@code g} with only the outputs at {@code positions}, and without the nodes they do not need. */
    static Graph select(Graph g, List<Integer> positions) {
        List<Node> outputs = new ArrayList<>();
        for (int p : positions) outputs.add(g.output(p));
        return new DeadCodeElimination().apply(new Graph(g.inputs(), g.nodes(), outputs));
    }

    /** A name like {@code base} that no input of {@code g} and no name in {@code taken} uses; adds it to {@code taken}. */
    static String freshName(Graph g, Set<String> taken, String base) {
        Set<String> used = new HashSet<>(taken);
        used.addAll(FunctionCommand.inputNames(g));
        String name = base;
        for (int k = 1; used.contains(name); k++) name = base + "_" + k;
        taken.add(name);
        return name;
    }
}
