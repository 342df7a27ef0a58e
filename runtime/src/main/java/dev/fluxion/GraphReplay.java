package dev.fluxion;

import dev.fluxion.compiler.interpret.Kernels;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;

import java.util.ArrayList;
import java.util.List;

/** Runs a graph on tensors, op by op through {@link Tensor#apply}, so the run is recorded when grad mode is on. */
final class GraphReplay {
    private GraphReplay() {}

    static List<Tensor> run(Graph g, List<Tensor> args) {
        Tensor[] values = new Tensor[g.size()];
        for (int i = 0; i < args.size(); i++) values[g.input(i).id()] = args.get(i);
        for (Node n : g.nodes()) {
            if (n.op() == Op.INPUT) continue;
            if (n.op().kind() == Op.Kind.LEAF) {
                values[n.id()] = Tensor.wrap(Kernels.evaluate(n));
                continue;
            }
            Tensor[] in = new Tensor[n.arity()];
            for (int i = 0; i < in.length; i++) in[i] = values[n.input(i).id()];
            values[n.id()] = Tensor.apply(n.op(), n.attrs(), in);
        }
        List<Tensor> out = new ArrayList<>();
        for (Node o : g.outputs()) out.add(values[o.id()]);
        return out;
    }

}
