package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;

import java.util.ArrayList;
import java.util.List;

/** Removes nodes no output depends on: one backward sweep marks the live nodes, one forward sweep copies them. Inputs always stay. */
public final class DeadCodeElimination implements Pass {
    @Override
    public String name() {
        return "dce";
    }

    @Override
    public Graph apply(Graph g) {
        boolean[] live = new boolean[g.size()];
        for (Node o : g.outputs()) live[o.id()] = true;
        int liveCount = 0;
        for (int id = g.size() - 1; id >= 0; id--) {
            Node n = g.node(id);
            if (!live[id] && n.op() != Op.INPUT) continue;
            liveCount++;
            for (int i = 0; i < n.arity(); i++) live[n.input(i).id()] = true;
        }
        if (liveCount == g.size()) return g;
        GraphBuilder b = new GraphBuilder(g);
        Node[] map = new Node[g.size()];
        for (Node n : g.nodes()) {
            if (n.op() == Op.INPUT) {
                map[n.id()] = b.copy(n);
            } else if (live[n.id()]) {
                Node[] args = new Node[n.arity()];
                for (int i = 0; i < args.length; i++) args[i] = map[n.input(i).id()];
                map[n.id()] = RewritePass.reemit(b, n, args);
            }
        }
        List<Node> outputs = new ArrayList<>();
        for (Node o : g.outputs()) outputs.add(map[o.id()]);
        return b.build(outputs);
    }
}
