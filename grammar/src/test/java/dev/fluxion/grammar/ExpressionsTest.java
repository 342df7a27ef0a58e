package dev.fluxion.grammar;

import static dev.fluxion.grammar.Graphs.assertSameGraph;
import static dev.fluxion.grammar.Graphs.eval;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.TensorType;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The constructs of inline expressions: lexical forms, operators, lets, tuples, literals, free variables. */
class ExpressionsTest {

    /** A graph of f64 scalar inputs {@code names} built by {@code body}. */
    private static Graph scalars(List<String> names, Function<Node[], Function<GraphBuilder, List<Node>>> body) {
        GraphBuilder b = new GraphBuilder();
        Node[] xs = new Node[names.size()];
        for (int i = 0; i < xs.length; i++) xs[i] = b.input(names.get(i), DType.F64);
        return b.build(body.apply(xs).apply(b));
    }

    private static String inputNames(Graph g) {
        StringBuilder sb = new StringBuilder();
        for (Node n : g.inputs()) sb.append(sb.length() > 0 ? "," : "").append(n.attrs().getString("name"));
        return sb.toString();
    }

    // ---- lexical forms -------------------------------------------------------------------------------

    @Test
    void numbersInEveryForm() {
        assertEquals(2 + 1.5e-3 + 0.5 + 1000 + 0.25 + 7, eval(Expression.parse("x + 1.5e-3 + .5 + 1e3 + 2.5E-1 + 7."), 2)[0]);
        assertEquals(Double.POSITIVE_INFINITY, eval(Expression.parse("x + inf"), 1)[0]);
        assertEquals(Double.NEGATIVE_INFINITY, eval(Expression.parse("x * -inf"), 1)[0]);
        assertTrue(Double.isNaN(eval(Expression.parse("x * nan"), 1)[0]));
        // -0 keeps its sign: 1 / -0 is -inf
        assertEquals(Double.NEGATIVE_INFINITY, eval(Expression.parse("x / -0"), 1)[0]);
    }

    @Test
    void commentsBlankLinesAndSemicolonsSeparateNothingElse() {
        Graph g = Expression.parse("# a comment line\n\nlet t = x * 2   # after code\n\n# another\nt + 1\n");
        assertEquals(7.0, eval(g, 3)[0]);
        assertEquals(7.0, eval(Expression.parse("let t = x * 2; t + 1"), 3)[0]);
    }

    @Test
    void identifiersMayHoldUnderscoresAndDigits() {
        Graph g = Expression.parse("x_1 * _y2 + Alpha");
        assertEquals("x_1,_y2,Alpha", inputNames(g));
    }

    @Test
    void freeVariablesBecomeScalarInputsInOrderOfFirstAppearance() {
        assertEquals("y,x", inputNames(Expression.parse("y * x + y")));
        assertEquals("b,a", inputNames(Expression.parse("let t = b * 2\nlet u = t + a\nu * t")));
        for (Node in : Expression.parse("sin(a) + b").inputs()) assertEquals(TensorType.scalar(DType.F64), in.type());
    }

    @Test
    void givenInputsAreTheGraphsInputsInOrderUsedOrNot() {
        Graph g = Expression.parse("sum(v) * 2", List.of(new Parameter("s", TensorType.scalar(DType.F32)),
                new Parameter("v", TensorType.of(DType.F64, 3))));
        assertEquals("s,v", inputNames(g));
        assertEquals(TensorType.of(DType.F64, 3), g.input(1).type());
    }

    @Test
    void lineBreaksContinueInsideBracketsAndAfterOperators() {
        Graph g = Expression.parse("sin(x +\n    y) * (x\n  + y) -\n  maximum(x,\n          y)");
        Graph expected = scalars(List.of("x", "y"), v -> b -> List.of(
                b.sub(b.mul(b.sin(b.add(v[0], v[1])), b.add(v[0], v[1])), b.maximum(v[0], v[1]))));
        assertSameGraph(expected, g);
    }

    // ---- operators -----------------------------------------------------------------------------------

    @Test
    void arithmeticOperatorsBuildTheirOps() {
        Graph expected = scalars(List.of("a", "b", "c", "d", "e"), v -> b -> List.of(
                b.sub(b.add(v[0], v[1]), b.div(b.mul(v[2], v[3]), v[4]))));
        assertSameGraph(expected, Expression.parse("a + b - c * d / e"));
        assertSameGraph(expected, Expression.parse("sub(add(a, b), div(mul(c, d), e))"));
    }

    @Test
    void comparisonsGiveBoolAndReadEitherWay() {
        String[] symbols = {"<", "<=", ">", ">=", "==", "!="};
        Op[] ops = {Op.LT, Op.LE, Op.GT, Op.GE, Op.EQ, Op.NE};
        for (int i = 0; i < ops.length; i++) {
            Op op = ops[i];
            Graph g = Expression.parse("a + 1 " + symbols[i] + " b");
            assertEquals(DType.BOOL, g.output(0).dtype());
            assertEquals(op, g.output(0).op());
            assertSameGraph(g, Expression.parse(op.text() + "(a + 1, b)"));
        }
        assertEquals(1.0, eval(Expression.parse("where(a < b, 1, 0)"), 1, 2)[0]);
    }

    @Test
    void matmulIsAnOperatorAndACall() {
        List<Parameter> ps = List.of(new Parameter("A", TensorType.of(DType.F64, 2, 3)), new Parameter("B", TensorType.of(DType.F64, 3, 4)));
        Graph g = Expression.parse("A @ B", ps);
        assertEquals(Op.MATMUL, g.output(0).op());
        assertEquals(TensorType.of(DType.F64, 2, 4), g.output(0).type());
        assertSameGraph(g, Expression.parse("matmul(A, B)", ps));
    }

    // ---- lets and tuples -----------------------------------------------------------------------------

    @Test
    void aLetIsOneNodeUsedByName() {
        Graph g = Expression.parse("let t = sin(x)\nt * t + t");
        long sines = g.nodes().stream().filter(n -> n.op() == Op.SIN).count();
        assertEquals(1, sines);
        assertEquals(Math.sin(0.5) * Math.sin(0.5) + Math.sin(0.5), eval(g, 0.5)[0], 1e-15);
    }

    @Test
    void unusedLetsLeaveNoDeadNodes() {
        Graph g = Expression.parse("let unused = exp(x) * 3\nx + 1");
        assertTrue(g.nodes().stream().noneMatch(n -> n.op() == Op.EXP || n.op() == Op.MUL), g.toString());
    }

    @Test
    void tuplesGiveSeveralOutputs() {
        Graph two = Expression.parse("(x + y, x * y)");
        assertArrayEquals(new double[] {5, 6}, eval(two, 2, 3));
        assertEquals(0, Expression.parse("()").outputs().size());
        assertEquals(1, Expression.parse("(x,)").outputs().size());
        assertEquals(1, Expression.parse("(x)").outputs().size());
        assertArrayEquals(new double[] {3, 3}, eval(Expression.parse("let s = x + 1\n(s, s)"), 2));
    }

    // ---- constants -----------------------------------------------------------------------------------

    @Test
    void tensorLiteralsAreRowMajorConstants() {
        Graph g = Expression.parse("x * [[1, 2.5], [-3, 4]]");
        Node c = g.output(0).input(1);
        assertEquals(Op.CONST, c.op());
        assertEquals(TensorType.of(DType.F64, 2, 2), c.type());
        assertArrayEquals(new double[] {1, 2.5, -3, 4}, c.attrs().getDoubles("value"));
        Node index = Expression.parse("cast([[1], [0]], i64)").output(0);
        assertEquals(Op.CONST, index.op(), "a cast literal is a constant of that dtype");
        assertEquals(TensorType.of(DType.I64, 2, 1), index.type());
        // the values convert as the cast would: toward zero for i64, non-zero for bool
        assertArrayEquals(new double[] {1, -1, 0}, Expression.parse("cast([1.7, -1.7, 0.5], i64)").output(0).attrs().getDoubles("value"));
        assertArrayEquals(new double[] {0, 1}, Expression.parse("cast([0, -2], bool)").output(0).attrs().getDoubles("value"));
    }

    @Test
    void numbersTakeTheDTypeOfWhatTheyMeet() {
        List<Parameter> f32 = List.of(new Parameter("x", TensorType.scalar(DType.F32)));
        Graph g = Expression.parse("x * 0.1 + 2 * 3 - [1, 2]", f32);
        for (Node n : g.nodes()) assertEquals(DType.F32, n.dtype(), n.toString());
        assertEquals((double) 0.1f, g.nodes().stream().filter(n -> n.op() == Op.CONST && n.rank() == 0)
                .mapToDouble(n -> n.attrs().getDoubleAt("value", 0)).filter(v -> v < 1).findFirst().orElseThrow());
        Graph alone = Expression.parse("2 * 3");
        assertEquals(DType.F64, alone.output(0).dtype());
        Graph integer = Expression.parse("n * 3 - 1", List.of(new Parameter("n", TensorType.scalar(DType.I64))));
        assertEquals(DType.I64, integer.output(0).dtype());
    }

    @Test
    void boolLiteralsAreBoolScalars() {
        Graph g = Expression.parse("where(true, x, 0) + where(false, 0, x)");
        assertEquals(4.0, eval(g, 2)[0]);
        Graph ne = Expression.parse("c != true", List.of(new Parameter("c", TensorType.of(DType.BOOL, 3))));
        assertEquals(DType.BOOL, ne.output(0).input(1).dtype());
    }

    @Test
    void constantLetsBuiltFromConstantLetsAreBuiltOnce() {
        StringBuilder text = new StringBuilder("let a0 = 1.5 * 1.5\n");
        for (int i = 1; i < 80; i++) text.append("let a").append(i).append(" = a").append(i - 1).append(" * a").append(i - 1).append('\n');
        text.append("x * a79");
        // 2^80 paths through the lets, 83 nodes: x, 1.5, a0 … a79 and the product
        Graph g = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Expression.parse(text.toString()));
        assertEquals(83, g.size());
        Graph f32 = Expression.parse(text.toString(), List.of(new Parameter("x", TensorType.scalar(DType.F32))));
        assertEquals(83, f32.size(), "the f64 copies built for the lets are dropped as dead code");
    }

    @Test
    void aMinusBeforeANumberIsPartOfIt() {
        Node c = Expression.parse("-2").output(0);
        assertEquals(Op.CONST, c.op());
        assertEquals(-2.0, c.attrs().getDoubleAt("value", 0));
        assertEquals(Op.NEG, Expression.parse("-(2)").output(0).op());
        Node twice = Expression.parse("- -2").output(0);
        assertEquals(Op.NEG, twice.op());
        assertEquals(-2.0, twice.input(0).attrs().getDoubleAt("value", 0));
    }
}
