package dev.fluxion.compiler.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.TensorType;
import dev.fluxion.compiler.optable.OpSample;
import dev.fluxion.compiler.optable.OpTable;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Op coverage, leaves, shape-op syntax, let-binding, tuples and the size and depth guarantees. */
class MathPrinterTest {

    private static String print(Function<GraphBuilder, Node> body) {
        GraphBuilder g = new GraphBuilder();
        return MathPrinter.print(g.build(body.apply(g)));
    }

    private static TensorType f64(int... dims) {
        return TensorType.of(DType.F64, dims);
    }

    // ---- every op ------------------------------------------------------------------------------

    /** The text that shows op {@code op} was printed: its call name, its operator or its postfix form. */
    private static List<String> marks(Op op) {
        String symbol = MathSyntax.infixSymbol(op);
        if (symbol != null) return List.of(" " + symbol + " ", symbol);
        switch (op) {
            case NEG: return List.of("-");
            case TRANSPOSE: return List.of("'", "transpose(");
            case SLICE: return List.of("]");
            case CONST: return List.of("[");
            default: return List.of(op.text() + "(");
        }
    }

    @Test
    void everyOpOfTheTablePrints() {
        Set<Op> seen = EnumSet.noneOf(Op.class);
        for (OpSample s : OpTable.samples()) {
            String text = MathPrinter.print(s.graph());
            assertFalse(text.isBlank(), s.name());
            assertTrue(marks(s.op()).stream().anyMatch(text::contains), s.name() + " printed as " + text);
            seen.add(s.op());
        }
        Set<Op> missing = EnumSet.complementOf(EnumSet.copyOf(seen));
        missing.remove(Op.INPUT);
        assertEquals(Set.of(), missing, "ops the table has no sample of");
    }

    @Test
    void unaryOpsAreCallsByTheirName() {
        for (Op op : Op.values()) {
            if (op.kind() != Op.Kind.UNARY || op == Op.NEG || op == Op.CAST) continue;
            assertEquals(op.text() + "(x + 1)", print(g -> g.unary(op, g.add(g.input("x", DType.F64), 1))));
        }
        assertEquals("cast(x, f32)", print(g -> g.cast(g.input("x", DType.F64), DType.F32)));
        assertEquals("maximum(x, 0)", print(g -> g.maximum(g.input("x", DType.F64), g.constant(0))));
        assertEquals("dot(u, v)", print(g -> g.dot(g.input("u", DType.F64, 3), g.input("v", DType.F64, 3))));
    }

    // ---- leaves --------------------------------------------------------------------------------

    @Test
    void constantsPrintAsShortestNumbersAndLiterals() {
        assertEquals("x * 0.1 + 1e-300", print(g -> g.add(g.mul(g.input("x", DType.F64), 0.1), 1e-300)));
        assertEquals("x + inf", print(g -> g.add(g.input("x", DType.F64), Double.POSITIVE_INFINITY)));
        assertEquals("x * nan", print(g -> g.mul(g.input("x", DType.F64), Double.NaN)));
        assertEquals("x + [[1, 2.5], [-3, 4]]", print(g -> g.add(g.input("x", DType.F64, 2, 2),
                g.constant(new double[] {1, 2.5, -3, 4}, f64(2, 2)))));
        assertEquals("x * [[[1], [2]]]", print(g -> g.mul(g.input("x", DType.F64, 1, 2, 1),
                g.constant(new double[] {1, 2}, f64(1, 2, 1)))));
        assertEquals("x + full((2, 3), 0.5)", print(g -> g.add(g.input("x", DType.F64, 2, 3), g.full(f64(2, 3), 0.5))));
        assertEquals("x + full((0, 3), 0)", print(g -> g.add(g.input("x", DType.F64, 0, 3), g.constant(new double[0], f64(0, 3)))));
        assertEquals("x @ eye(3)", print(g -> g.matmul(g.input("x", DType.F64, 3, 3), g.eye(DType.F64, 3, 3))));
        assertEquals("x * eye(2, 3)", print(g -> g.mul(g.input("x", DType.F64, 2, 3), g.eye(DType.F64, 2, 3))));
        assertEquals("x * arange(0, 5, 1)", print(g -> g.mul(g.input("x", DType.F64, 5), g.arange(0, 5, 1, DType.F64))));
        assertEquals("gather(x, 0, cast([1, 0], i64))", print(g -> g.gather(g.input("x", DType.F64, 2), 0,
                g.constant(new double[] {1, 0}, TensorType.of(DType.I64, 2)))));
        assertEquals("cast(arange(0, 3, 1, dtype=i64), f64)", print(g -> g.cast(g.arange(0, 3, 1, DType.I64), DType.F64)));
        assertEquals("where(b, x, 0)", print(g -> g.whereOrZero(g.input("b", DType.BOOL), g.input("x", DType.F64))));
    }

    // ---- reductions and shape ops --------------------------------------------------------------

    @Test
    void reductionsNameTheirAxesOnlyWhenNotAll() {
        assertEquals("sum(x)", print(g -> g.sum(g.input("x", DType.F64, 2, 3))));
        assertEquals("sum(x, keepdim=true)", print(g -> g.sum(g.input("x", DType.F64, 2, 3), true)));
        assertEquals("mean(x, 1)", print(g -> g.mean(g.input("x", DType.F64, 2, 3), false, 1)));
        assertEquals("max(x, (0, 2), keepdim=true)", print(g -> g.max(g.input("x", DType.F64, 2, 3, 4), true, 0, -1)));
        assertEquals("logsumexp(z)", print(g -> g.logsumexp(g.input("z", DType.F64, 4), false)));
        assertEquals("prod(x + 1, 0)", print(g -> g.prod(g.add(g.input("x", DType.F64, 2, 3), 1), false, 0)));
    }

    @Test
    void shapeOpsPrintTheirAttributesInCallSyntax() {
        assertEquals("reshape(x, (2, 3))", print(g -> g.reshape(g.input("x", DType.F64, 6), 2, 3)));
        assertEquals("reshape(x, ())", print(g -> g.reshape(g.input("x", DType.F64, 1, 1))));
        assertEquals("broadcast_to(x, (2, 3))", print(g -> g.broadcastTo(g.input("x", DType.F64, 3), Shape.of(2, 3))));
        assertEquals("transpose(x, (2, 0, 1))", print(g -> g.transpose(g.input("x", DType.F64, 2, 3, 4), 2, 0, 1)));
        assertEquals("squeeze(x, (0, 2))", print(g -> g.squeeze(g.input("x", DType.F64, 1, 3, 1))));
        assertEquals("unsqueeze(x, 0)", print(g -> g.unsqueeze(g.input("x", DType.F64, 3), 0)));
        assertEquals("x[1:3, ::2]", print(g -> g.slice(g.input("x", DType.F64, 4, 5), new int[] {1, 0}, new int[] {3, 5}, new int[] {1, 2})));
        assertEquals("x[1:6:2]", print(g -> g.slice(g.input("x", DType.F64, 7), 0, 1, 6, 2)));
        assertEquals("x[2:]", print(g -> g.slice(g.input("x", DType.F64, 5), 0, -3, null, 1)));
        assertEquals("x[:0]", print(g -> g.slice(g.input("x", DType.F64, 5), 0, 0, 0, 1)));
        assertEquals("pad(x, lo=(1), hi=(2), interior=(0))", print(g -> g.pad(g.input("x", DType.F64, 3), new int[] {1}, new int[] {2}, new int[] {0})));
        assertEquals("scatter_add(b, 1, cast([[0], [1]], i64), s)", print(g -> g.scatterAdd(g.input("b", DType.F64, 2, 2), 1,
                g.constant(new double[] {0, 1}, TensorType.of(DType.I64, 2, 1)), g.input("s", DType.F64, 2, 1))));
        assertEquals("concat(0, a, b, a)", print(g -> {
            Node a = g.input("a", DType.F64, 2), b = g.input("b", DType.F64, 3);
            return g.concat(0, List.of(a, b, a));
        }));
        assertEquals("stack(1, a + 1, b)", print(g -> {
            Node a = g.input("a", DType.F64, 2), b = g.input("b", DType.F64, 2);
            return g.stack(1, List.of(g.add(a, 1), b));
        }));
    }

    // ---- sharing and tuples --------------------------------------------------------------------

    @Test
    void nodesUsedTwiceAreBoundOnceWithLet() {
        GraphBuilder g = new GraphBuilder();
        Node x = g.input("x", DType.F64), y = g.input("y", DType.F64);
        Node s = g.sin(g.mul(x, y));
        Node c = g.constant(new double[] {1, 2}, f64(2));
        Node f = g.sum(g.mul(g.add(g.mul(s, s), g.exp(s)), g.mul(c, c)));
        assertEquals("let t1 = sin(x * y)\nlet t2 = [1, 2]\nsum((t1 * t1 + exp(t1)) * (t2 * t2))", MathPrinter.print(g.build(f)));
    }

    @Test
    void letNamesAvoidInputNames() {
        GraphBuilder g = new GraphBuilder();
        Node t1 = g.input("t1", DType.F64), t3 = g.input("t3", DType.F64);
        Node a = g.exp(t1), b = g.log(t3);
        Graph graph = g.build(g.mul(g.add(a, b), g.sub(a, b)));
        assertEquals("let t2 = exp(t1)\nlet t4 = log(t3)\n(t2 + t4) * (t2 - t4)", MathPrinter.print(graph));
    }

    @Test
    void severalOutputsPrintAsATuple() {
        GraphBuilder g = new GraphBuilder();
        Node x = g.input("x", DType.F64), y = g.input("y", DType.F64);
        Node s = g.sin(x);
        assertEquals("(sin(x), cos(x) * y)", MathPrinter.print(g.build(s, g.mul(g.cos(x), y))));
        assertEquals("let t1 = sin(x)\n(t1, t1 + y)", MathPrinter.print(g.build(s, g.add(s, y))));
        assertEquals("let t1 = sin(x)\n(t1, t1)", MathPrinter.print(g.build(s, s)));
        assertEquals("(y, x, 2)", MathPrinter.print(g.build(y, x, g.constant(2))));
        assertEquals("()", MathPrinter.print(g.build()));
    }

    @Test
    void scalarConstantsAndInputsAreNeverBound() {
        assertEquals("x * x + 2 * (x - 2)", print(g -> {
            Node x = g.input("x", DType.F64), two = g.constant(2);
            return g.add(g.mul(x, x), g.mul(two, g.sub(x, two)));
        }));
    }

    @Test
    void deadNodesAreNotPrinted() {
        GraphBuilder g = new GraphBuilder();
        Node x = g.input("x", DType.F64);
        Node unused = g.exp(x);
        g.mul(unused, unused);
        assertEquals("sin(x)", MathPrinter.print(g.build(g.sin(x))));
    }

    @Test
    void repeatedSquaringPrintsInLinearSize() {
        GraphBuilder g = new GraphBuilder();
        Node v = g.input("x0", DType.F64);
        for (int i = 0; i < 60; i++) v = g.mul(v, v);
        String text = MathPrinter.print(g.build(v));
        String[] lines = text.split("\n");
        assertEquals(60, lines.length);
        assertEquals("let t1 = x0 * x0", lines[0]);
        assertEquals("let t2 = t1 * t1", lines[1]);
        assertEquals("t59 * t59", lines[59]);
        assertTrue(text.length() < 60 * 20, "length " + text.length());
    }

    @Test
    void aDeepChainOfSingleUseOpsPrintsWithoutRecursion() {
        int depth = 100_000;
        GraphBuilder g = new GraphBuilder();
        Node v = g.input("x", DType.F64);
        for (int i = 0; i < depth; i++) v = g.sin(v);
        Graph chain = g.build(v);
        String text = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> MathPrinter.print(chain));
        assertEquals(depth * "sin()".length() + 1, text.length());
        assertTrue(text.startsWith("sin(sin(") && text.endsWith("sin(x" + ")".repeat(depth)));
    }

    @Test
    void aDeepRightNestedChainKeepsEveryParenthesis() {
        int depth = 100_000;
        GraphBuilder g = new GraphBuilder();
        Node a = g.input("a", DType.F64);
        Node v = g.input("b", DType.F64);
        for (int i = 0; i < depth; i++) v = g.sub(a, v);   // a - (a - (a - … b))
        Graph chain = g.build(v);
        String text = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> MathPrinter.print(chain));
        assertEquals(depth * "a - ()".length() + 1 - 2, text.length());
        assertTrue(text.startsWith("a - (a - (") && text.endsWith("(a - b" + ")".repeat(depth - 1)));
    }
}
