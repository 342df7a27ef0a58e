package dev.fluxion;

import dev.fluxion.compiler.autodiff.Backprop;
import dev.fluxion.compiler.autodiff.DerivativeRules;
import dev.fluxion.compiler.autodiff.PartialRule;
import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.TensorType;
import dev.fluxion.compiler.passes.DeadCodeElimination;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Eager backward runs the compiler's derivative rules: for each (op, attributes, input types, which
 * inputs need gradients) it builds once, and caches, the small graph
 * {@code (x₀ … xₙ₋₁, g) → contributions}, and replays it on tensors. Replayed with grad mode on,
 * the backward pass is itself recorded, which is create-graph and every higher order.
 */
final class RuleGraphs {
    private RuleGraphs() {}

    private record Key(Op op, Attrs attrs, List<TensorType> types, List<Boolean> mask) {}

    private static final Map<Key, Rule> CACHE = new ConcurrentHashMap<>();

    /** A cached rule graph: which inputs' values it reads and which input each output belongs to. */
    record Rule(Graph graph, int[] valuesUsed, int[] outputFor, int arity) {
        /** One contribution per input (null where there is none), replaying the graph on tensors. */
        Tensor[] apply(Tensor[] inputs, Tensor g) {
            List<Tensor> args = new ArrayList<>(Arrays.asList(inputs));
            args.add(g);
            List<Tensor> outs = GraphReplay.run(graph, args);
            Tensor[] result = new Tensor[arity];
            for (int k = 0; k < outputFor.length; k++) result[outputFor[k]] = outs.get(k);
            return result;
        }
    }

    static Rule rule(Op op, Attrs attrs, Tensor[] inputs, boolean[] needsGrad) {
        List<TensorType> types = new ArrayList<>();
        for (Tensor t : inputs) types.add(t.type());
        List<Boolean> mask = new ArrayList<>();
        for (boolean m : needsGrad) mask.add(m);
        return CACHE.computeIfAbsent(new Key(op, attrs, types, mask), RuleGraphs::build);
    }

    private static Rule build(Key key) {
        GraphBuilder b = new GraphBuilder();
        Node[] xs = new Node[key.types().size()];
        for (int i = 0; i < xs.length; i++) xs[i] = b.input("x" + i, key.types().get(i));
        Node y = b.apply(key.op(), key.attrs(), xs);
        Node g = b.input("g", y.type());
        List<Node> outputs = new ArrayList<>();
        List<Integer> outputFor = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            if (!key.mask().get(i)) continue;
            PartialRule partial = DerivativeRules.partial(y, i);
            Node c = partial == null ? null : partial.apply(b, y, g);
            if (c == null) continue;
            outputs.add(Backprop.fitTo(b, c, xs[i]));
            outputFor.add(i);
        }
        Graph graph = new DeadCodeElimination().apply(b.build(outputs));
        boolean[] read = new boolean[xs.length];
        for (Node n : graph.nodes()) {
            for (int k = 0; k < n.arity(); k++) {
                Node in = n.input(k);
                if (in.op() == Op.INPUT && in.id() < xs.length) read[in.id()] = true;
            }
        }
        int[] used = java.util.stream.IntStream.range(0, xs.length).filter(i -> read[i]).toArray();
        return new Rule(graph, used, outputFor.stream().mapToInt(Integer::intValue).toArray(), xs.length);
    }
}
