package dev.fluxion.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.print.MathPrinter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Graph comparisons for the tests: structure independent of node order, round trips, evaluation. */
final class Graphs {
    private Graphs() {}

    /**
     * {@code g} re-emitted in depth-first post-order from its outputs (operands left to right),
     * inputs first: two graphs denote the same DAG of ops exactly when their canonical forms have
     * the same structure, whatever order their nodes were built in and whatever dead nodes they hold.
     */
    static Graph canonical(Graph g) {
        GraphBuilder b = new GraphBuilder();
        Node[] map = new Node[g.size()];
        for (Node in : g.inputs()) map[in.id()] = b.input(in.attrs().getString("name"), in.type());
        Deque<int[]> stack = new ArrayDeque<>();
        for (Node o : g.outputs()) {
            stack.push(new int[] {o.id(), 0});
            while (!stack.isEmpty()) {
                int[] top = stack.peek();
                Node n = g.node(top[0]);
                if (map[n.id()] != null) {
                    stack.pop();
                } else if (top[1] < n.arity()) {
                    stack.push(new int[] {n.input(top[1]++).id(), 0});
                } else {
                    Node[] args = new Node[n.arity()];
                    for (int i = 0; i < args.length; i++) args[i] = map[n.input(i).id()];
                    map[n.id()] = b.apply(n.op(), n.attrs(), n.op().kind() == Op.Kind.LEAF ? n.type() : null, args);
                    stack.pop();
                }
            }
        }
        List<Node> outputs = new ArrayList<>();
        for (Node o : g.outputs()) outputs.add(map[o.id()]);
        return b.build(outputs);
    }

    /** Asserts that two graphs have the same inputs, outputs and live ops (node order aside). */
    static void assertSameGraph(Graph expected, Graph actual) {
        Graph e = canonical(expected), a = canonical(actual);
        assertTrue(e.sameStructure(a), () -> "expected\n" + e + "but got\n" + a);
    }

    /** The inputs of {@code g} as parameters, to read its printed text back over them. */
    static List<Parameter> parameters(Graph g) {
        List<Parameter> ps = new ArrayList<>();
        for (Node in : g.inputs()) ps.add(new Parameter(in.attrs().getString("name"), in.type()));
        return ps;
    }

    /**
     * Prints {@code g}, reads the text back over g's inputs and prints that: asserts the two texts
     * are equal and the two graphs have the same structure; returns the graph read back.
     */
    static Graph assertRoundTrip(String name, Graph g) {
        String text = MathPrinter.print(g);
        Graph back = Expression.parse(text, parameters(g));
        assertEquals(text, MathPrinter.print(back), () -> name + ": print → parse → print changed the text");
        Graph e = canonical(g), a = canonical(back);
        assertTrue(e.sameStructure(a), () -> name + ": the text read back to another graph\n" + text + "\n" + e + a);
        return back;
    }

    /** The outputs of a graph of f64 scalars at the given input values. */
    static double[] eval(Graph g, double... args) {
        return Interpreter.runScalar(g, args);
    }

    /** The single output of {@code g} on the given arguments. */
    static NDArray evalOne(Graph g, NDArray... args) {
        List<NDArray> out = Interpreter.run(g, args);
        assertEquals(1, out.size());
        return out.get(0);
    }
}
