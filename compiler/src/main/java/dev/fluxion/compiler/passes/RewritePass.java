package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of most passes: re-emit every node, in order, into a fresh builder, giving the pass a
 * chance to emit something else instead. Inputs of a node are already rewritten when it is visited,
 * so one forward sweep rewrites bottom-up; the builder's hash-consing merges equal results. Nodes
 * left dead by a rewrite are removed by {@link DeadCodeElimination}.
 */
public abstract class RewritePass implements Pass {

    /**
     * The replacement for {@code original}, whose inputs are now {@code args} (nodes of {@code b}),
     * or null to keep the node as it is. Must have {@code original}'s type.
     */
    protected abstract Node rewrite(GraphBuilder b, Node original, Node[] args);

    @Override
    public Graph apply(Graph g) {
        GraphBuilder b = new GraphBuilder(g);
        Node[] map = new Node[g.size()];
        for (Node in : g.inputs()) map[in.id()] = b.copy(in);
        // While every node maps to itself (NodeFactory.copy reuses a node that lands where it was),
        // the rebuilt graph is g node for node; then g is returned without building or comparing.
        boolean same = true;
        for (Node n : g.nodes()) {
            if (n.op() == Op.INPUT) continue;
            Node[] args = new Node[n.arity()];
            for (int i = 0; i < args.length; i++) args[i] = map[n.input(i).id()];
            Node r = rewrite(b, n, args);
            if (r == null) r = b.copy(n, args);
            else if (!r.type().equals(n.type())) {
                throw new IllegalStateException(name() + ": rewrite of " + n + " changed its type to " + r.type());
            }
            map[n.id()] = r;
            same &= r == n;
        }
        return rebuilt(g, b, map, same);
    }

    /**
     * The graph {@code b} holds with g's outputs mapped through {@code map}, or g itself when that is
     * g again: when {@code same} (every node of g mapped to itself) and b holds nothing more, else
     * when the two have the same structure.
     */
    static Graph rebuilt(Graph g, GraphBuilder b, Node[] map, boolean same) {
        for (Node in : g.inputs()) same &= map[in.id()] == in;
        if (same && b.size() == g.size()) return g;
        List<Node> outputs = new ArrayList<>(g.outputs().size());
        for (Node o : g.outputs()) outputs.add(map[o.id()]);
        Graph result = b.build(outputs);
        return result.sameStructure(g) ? g : result;
    }

    /** {@code n} again, with new inputs (n itself when nothing about it changed: {@link GraphBuilder#copy}). */
    protected static Node reemit(GraphBuilder b, Node n, Node[] args) {
        return b.copy(n, args);
    }
}
