package dev.fluxion;

import dev.fluxion.compiler.autodiff.Backprop;
import dev.fluxion.compiler.autodiff.DerivativeRules;
import dev.fluxion.compiler.autodiff.PartialRule;
import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.DType;
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

    /** The cache key: op, attributes, input types and which inputs need gradients, hashed once. */
    private static final class Key {
        final Op op;
        final Attrs attrs;
        final TensorType[] types;
        final boolean[] mask;
        final int hash;

        Key(Op op, Attrs attrs, TensorType[] types, boolean[] mask) {
            this.op = op;
            this.attrs = attrs;
            this.types = types;
            this.mask = mask;
            this.hash = ((op.hashCode() * 31 + attrs.hashCode()) * 31 + Arrays.hashCode(types)) * 31 + Arrays.hashCode(mask);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.op == op && k.attrs.equals(attrs)
                    && Arrays.equals(k.types, types) && Arrays.equals(k.mask, mask);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private static final Map<Key, Rule> CACHE = new ConcurrentHashMap<>();

    /**
     * A cached rule graph: which inputs' values it reads, which input each output belongs to, and,
     * when every value is 0-d, the graph flattened into a scalar program.
     */
    record Rule(Graph graph, int[] valuesUsed, int[] outputFor, int arity, ScalarProgram program) {
        /** One contribution per input (null where there is none). Recorded (replayed on tensors) when grad mode is on. */
        Tensor[] apply(Tensor[] inputs, Tensor g) {
            Tensor[] result = new Tensor[arity];
            if (program != null && !GradMode.isEnabled()) {
                double[] out = program.run(inputs, g);
                for (int k = 0; k < outputFor.length; k++) {
                    result[outputFor[k]] = new Tensor(new Storage(new double[] {out[k]}), program.outputType(k));
                }
                return result;
            }
            List<Tensor> args = new ArrayList<>(Arrays.asList(inputs));
            args.add(g);
            List<Tensor> outs = GraphReplay.run(graph, args);
            for (int k = 0; k < outputFor.length; k++) result[outputFor[k]] = outs.get(k);
            return result;
        }
    }

    /** Rules of attribute-less ops on 0-d inputs of one dtype, by [op][dtype][needs-grad bits]: a lookup without hashing. */
    private static final Rule[][][] SCALAR = new Rule[Op.values().length][DType.values().length][8];

    /** The rule of an attribute-less op whose inputs (at most three) are all 0-d of {@code dtype}. */
    static Rule scalarRule(Op op, DType dtype, boolean[] needsGrad) {
        int bits = 0;
        for (int i = 0; i < needsGrad.length; i++) if (needsGrad[i]) bits |= 1 << i;
        Rule[] slot = SCALAR[op.ordinal()][dtype.ordinal()];
        Rule r = slot[bits];
        if (r == null) {
            TensorType[] types = new TensorType[needsGrad.length];
            Arrays.fill(types, TensorType.scalar(dtype));
            r = rule(op, Attrs.NONE, types, needsGrad.clone());
            slot[bits] = r; // a benign race: every thread computes the same cached rule
        }
        return r;
    }

    static Rule rule(Op op, Attrs attrs, TensorType[] types, boolean[] needsGrad) {
        return CACHE.computeIfAbsent(new Key(op, attrs, types, needsGrad), RuleGraphs::build);
    }

    private static Rule build(Key key) {
        GraphBuilder b = new GraphBuilder();
        Node[] xs = new Node[key.types.length];
        for (int i = 0; i < xs.length; i++) xs[i] = b.input("x" + i, key.types[i]);
        Node y = b.apply(key.op, key.attrs, xs);
        Node g = b.input("g", y.type());
        List<Node> outputs = new ArrayList<>();
        List<Integer> outputFor = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            if (!key.mask[i]) continue;
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
        return new Rule(graph, used, outputFor.stream().mapToInt(Integer::intValue).toArray(), xs.length, ScalarProgram.compile(graph));
    }
}
