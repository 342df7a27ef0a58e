package dev.fluxion.compiler.interpret;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reference interpreter: evaluates a graph's nodes in their (topological) order with the
 * {@link Kernels} table. It defines what every backend must compute.
 *
 * <p>Only nodes that some output depends on are evaluated (a graph from a builder also holds every
 * node it made on the way). Each intermediate value is dropped right after its last use, so a long
 * chain keeps only a couple of values alive: memory follows the graph's widest cut, not its
 * length. A backward sweep finds live nodes, a forward one last uses, a third evaluates; none
 * recurses, so any graph size runs.
 */
public final class Interpreter {
    private Interpreter() {}

    /**
     * Runs {@code g} on {@code args}, one per graph input in order.
     *
     * @return one value per graph output, in order (a node listed twice gives the same value twice)
     * @throws IllegalArgumentException when the number of arguments differs from the number of
     *     inputs, when an argument is null or its type differs from its input's type (the message
     *     names the input and both types), or when max or min reduces an empty axis
     * @throws IndexOutOfBoundsException when a gather or scatter_add index is outside its axis
     */
    public static List<NDArray> run(Graph g, List<NDArray> args) {
        List<Node> inputs = g.inputs();
        if (args.size() != inputs.size()) {
            throw new IllegalArgumentException("graph takes " + inputs.size() + " input(s) but " + args.size() + " argument(s) were given");
        }
        List<Node> nodes = g.nodes();
        NDArray[] values = new NDArray[nodes.size()];
        for (int i = 0; i < inputs.size(); i++) {
            Node in = inputs.get(i);
            NDArray a = args.get(i);
            if (a == null || a.dtype() != in.dtype() || !a.shape().equals(in.shape())) {
                throw new IllegalArgumentException("input '" + in.attrs().getString("name") + "' expects " + in.type()
                        + " but the argument is " + (a == null ? "null" : a.type()));
            }
            values[in.id()] = a;
        }

        boolean[] live = liveNodes(g);
        int[] lastUse = lastUses(g, live);
        for (Node n : nodes) {
            if (n.op() == Op.INPUT || !live[n.id()]) continue;
            NDArray[] operands = new NDArray[n.arity()];
            for (int i = 0; i < operands.length; i++) operands[i] = values[n.input(i).id()];
            values[n.id()] = Kernels.apply(n, operands);
            // Release the operands this node is the last live reader of.
            for (int i = 0; i < operands.length; i++) {
                int id = n.input(i).id();
                if (lastUse[id] == n.id()) values[id] = null;
            }
        }

        List<NDArray> out = new ArrayList<>(g.outputs().size());
        for (Node o : g.outputs()) out.add(values[o.id()]);
        return out;
    }

    /** {@link #run(Graph, List)} with the arguments spread out. */
    public static List<NDArray> run(Graph g, NDArray... args) {
        return run(g, Arrays.asList(args));
    }

    /**
     * Runs a graph whose inputs and outputs are all 0-d f64 on plain doubles.
     *
     * @throws IllegalArgumentException when an input or output is not 0-d f64, or the argument count differs
     */
    public static double[] runScalar(Graph g, double... args) {
        TensorType scalar = TensorType.scalar(DType.F64);
        for (Node n : g.inputs()) requireScalar(n, scalar, "input '" + n.attrs().getString("name") + "'");
        for (int i = 0; i < g.outputs().size(); i++) requireScalar(g.output(i), scalar, "output " + i);
        NDArray[] in = new NDArray[args.length];
        for (int i = 0; i < args.length; i++) in[i] = NDArray.scalar(args[i]);
        List<NDArray> out = run(g, in);
        double[] r = new double[out.size()];
        for (int i = 0; i < r.length; i++) r[i] = out.get(i).item();
        return r;
    }

    private static void requireScalar(Node n, TensorType scalar, String what) {
        if (!n.type().equals(scalar)) throw new IllegalArgumentException("runScalar: " + what + " is " + n.type() + ", not " + scalar);
    }

    /**
     * The nodes some output depends on, by one backward sweep (ids are positions, inputs precede
     * their readers). Builders keep every node they made, so graphs often hold dead ones; those are
     * neither evaluated nor able to fail. Also checks that ids are positions, which both sweeps rely on.
     */
    private static boolean[] liveNodes(Graph g) {
        List<Node> nodes = g.nodes();
        for (int p = 0; p < nodes.size(); p++) {
            if (nodes.get(p).id() != p) throw new IllegalArgumentException("graph node at position " + p + " has id " + nodes.get(p).id());
        }
        boolean[] live = new boolean[nodes.size()];
        for (Node o : g.outputs()) live[o.id()] = true;
        for (int p = nodes.size() - 1; p >= 0; p--) {
            if (!live[p]) continue;
            Node n = nodes.get(p);
            for (int i = 0; i < n.arity(); i++) live[n.input(i).id()] = true;
        }
        return live;
    }

    /** For each node id, the id of the last live node that reads it; {@code Integer.MAX_VALUE} for outputs, which are never released. */
    private static int[] lastUses(Graph g, boolean[] live) {
        List<Node> nodes = g.nodes();
        int[] last = new int[nodes.size()];
        for (int p = 0; p < nodes.size(); p++) {
            if (!live[p]) continue;
            Node n = nodes.get(p);
            for (int i = 0; i < n.arity(); i++) last[n.input(i).id()] = p;
        }
        for (Node o : g.outputs()) last[o.id()] = Integer.MAX_VALUE;
        return last;
    }
}
