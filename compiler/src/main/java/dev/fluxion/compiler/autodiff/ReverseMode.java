package dev.fluxion.compiler.autodiff;

import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reverse-mode differentiation as a graph-to-graph transform. The result is an ordinary graph, so
 * it can be transformed again: {@code grad(grad(f))} is the second derivative, and so on to any order.
 */
public final class ReverseMode {
    private ReverseMode() {}

    /** What {@link #vjp} differentiates and what the result graph holds. */
    public static final class Options {
        private int[] wrt;
        private boolean keepPrimals;
        private Boolean cotangentInputs;

        /** Differentiate with respect to these input positions (default: every f64/f32 input). */
        public Options wrt(int... inputs) {
            this.wrt = inputs.clone();
            return this;
        }

        /** Also output the primal outputs, before the gradients (default false). */
        public Options keepPrimals(boolean keep) {
            this.keepPrimals = keep;
            return this;
        }

        /**
         * Take output cotangents as extra graph inputs named {@code ct0, ct1, …}. By default they are
         * inputs only when some output is not a scalar; scalar outputs are otherwise seeded with 1.
         */
        public Options cotangentInputs(boolean asInputs) {
            this.cotangentInputs = asInputs;
            return this;
        }
    }

    /**
     * The result of {@link #vjp}: outputs are the primal outputs (when kept) followed by one gradient
     * per {@code wrt} input, with that input's type. {@code unused[k]} is true when no output depends
     * on input {@code wrt[k]}; its gradient is then zeros.
     */
    public record Result(Graph graph, int primalCount, int[] wrt, boolean[] unused) {
        public Node gradient(int k) {
            return graph.output(primalCount + k);
        }

        /** Positions (in {@code wrt}) of the inputs no output depends on. */
        public List<Integer> unusedInputs() {
            List<Integer> u = new ArrayList<>();
            for (int k = 0; k < unused.length; k++) if (unused[k]) u.add(wrt[k]);
            return u;
        }
    }

    /** The vector-Jacobian product of {@code g}: inputs are g's inputs (then cotangents, if asked). */
    public static Result vjp(Graph g, Options options) {
        GraphBuilder.Copy copy = GraphBuilder.copyOf(g);
        GraphBuilder b = copy.builder();
        int[] wrt = options.wrt != null ? options.wrt : floatingInputs(g);
        List<Node> wrtNodes = new ArrayList<>();
        for (int i : wrt) wrtNodes.add(copy.get(g.input(i)));
        List<Node> outputs = new ArrayList<>();
        for (Node o : g.outputs()) outputs.add(copy.get(o));
        List<Node> cotangents = seeds(b, g, outputs, options.cotangentInputs);
        Node[] grads = Backprop.run(b, outputs, cotangents, wrtNodes);

        List<Node> results = new ArrayList<>(options.keepPrimals ? outputs : List.of());
        boolean[] unused = new boolean[wrt.length];
        for (int k = 0; k < wrt.length; k++) {
            unused[k] = grads[k] == null;
            results.add(unused[k] ? b.zeros(wrtNodes.get(k).type()) : grads[k]);
        }
        return new Result(b.build(results), options.keepPrimals ? outputs.size() : 0, wrt, unused);
    }

    /** Gradients of the sum of g's outputs with respect to every floating input; outputs only the gradients. */
    public static Graph grad(Graph g) {
        return vjp(g, new Options()).graph();
    }

    /** g's outputs followed by the gradients of {@link #grad}. */
    public static Graph valueAndGrad(Graph g) {
        return vjp(g, new Options().keepPrimals(true)).graph();
    }

    /**
     * The Jacobian of every output with respect to every floating input: outputs {@code J[o][i]} in
     * row-major order, each of shape {@code output.shape + input.shape}.
     */
    public static Graph jacobian(Graph g) {
        GraphBuilder.Copy copy = GraphBuilder.copyOf(g);
        GraphBuilder b = copy.builder();
        List<Node> xs = new ArrayList<>();
        for (int i : floatingInputs(g)) xs.add(copy.get(g.input(i)));
        List<Node> results = new ArrayList<>();
        for (Node o : g.outputs()) results.addAll(Arrays.asList(Jacobians.jacobian(b, copy.get(o), xs)));
        return b.build(results);
    }

    /**
     * The Hessian of a graph with one scalar output: outputs {@code H[i][j]} = ∂²f/∂xᵢ∂xⱼ in
     * row-major order over the floating inputs, each of shape {@code xᵢ.shape + xⱼ.shape}.
     */
    public static Graph hessian(Graph g) {
        if (g.outputs().size() != 1 || !g.output(0).shape().isScalar()) {
            throw new IllegalArgumentException("hessian needs one scalar output but the graph has outputs "
                    + g.outputs().stream().map(o -> o.type().toString()).toList());
        }
        GraphBuilder.Copy copy = GraphBuilder.copyOf(g);
        GraphBuilder b = copy.builder();
        List<Node> xs = new ArrayList<>();
        for (int i : floatingInputs(g)) xs.add(copy.get(g.input(i)));
        Node f = copy.get(g.output(0));
        Node[] grads = Backprop.run(b, List.of(f), List.of(b.scalarLike(f, 1)), xs);
        List<Node> results = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            Node gi = grads[i] != null ? grads[i] : b.zeros(xs.get(i).type());
            results.addAll(Arrays.asList(Jacobians.jacobian(b, gi, xs)));
        }
        return b.build(results);
    }

    /** The n-th derivative of a scalar function of one scalar input, by applying {@link #grad} n times. */
    public static Graph derivative(Graph g, int order) {
        if (order < 0) throw new IllegalArgumentException("derivative order must be >= 0 but is " + order);
        Graph d = g;
        for (int k = 0; k < order; k++) d = grad(d);
        return d;
    }

    private static int[] floatingInputs(Graph g) {
        return java.util.stream.IntStream.range(0, g.inputs().size())
                .filter(i -> g.input(i).dtype().isFloating()).toArray();
    }

    private static List<Node> seeds(GraphBuilder b, Graph g, List<Node> outputs, Boolean asInputs) {
        boolean inputs = asInputs != null ? asInputs : outputs.stream().anyMatch(o -> !o.shape().isScalar());
        List<Node> seeds = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (Node in : g.inputs()) taken.add(in.attrs().getString("name"));
        int counter = 0;
        for (Node o : outputs) {
            if (!inputs) {
                seeds.add(b.ones(o.type()));
                continue;
            }
            String name;
            do {
                name = "ct" + counter++;
            } while (taken.contains(name));
            seeds.add(b.input(name, o.type()));
        }
        return seeds;
    }
}
