package dev.fluxion.compiler.ir;

import static dev.fluxion.compiler.ir.DType.BOOL;
import static dev.fluxion.compiler.ir.DType.F32;
import static dev.fluxion.compiler.ir.DType.F64;
import static dev.fluxion.compiler.ir.DType.I64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** print → parse → print is the identity, for every op and for the shapes of graphs passes produce. */
class IrRoundTripTest {

    /** One graph of the table, built fresh for every use. */
    record Case(String name, Function<GraphBuilder, Graph> build) {
        Graph graph() {
            return build.apply(new GraphBuilder());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final TensorType[] UNARY_TYPES = {
        TensorType.scalar(F64), TensorType.of(F64, 2, 3), TensorType.of(F32, 4), TensorType.of(I64, 3), TensorType.of(F64, 0)
    };

    /** Broadcasting pairs: same shape, vector against matrix, 0-d against anything, both sides growing. */
    private static final TensorType[][] BINARY_PAIRS = {
        {TensorType.of(F64, 2, 3), TensorType.of(F64, 3)},
        {TensorType.scalar(F64), TensorType.of(F64, 2, 1)},
        {TensorType.of(F32, 4, 1), TensorType.of(F32, 1, 5)},
        {TensorType.of(I64, 3), TensorType.scalar(I64)},
        {TensorType.scalar(F64), TensorType.scalar(F64)},
    };

    private static boolean allowed(Op op, TensorType t) {
        return t.dtype().isFloating() || (t.dtype() == I64 && ShapeRules.acceptsIntegers(op));
    }

    static List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        leaves(cs);
        elementwise(cs);
        reductions(cs);
        shapeOps(cs);
        linearAlgebra(cs);
        wholeGraphs(cs);
        return cs;
    }

    // ---- leaves ------------------------------------------------------------------------------------

    private static void leaves(List<Case> cs) {
        cs.add(new Case("input only", b -> b.build(b.input("x", F64, 2))));
        cs.add(new Case("const f64[2,3]", b -> b.build(b.constant(new double[] {1, 2, 3, 4, 5, 6}, TensorType.of(F64, 2, 3)))));
        cs.add(new Case("const 0-d", b -> b.build(b.constant(2.5))));
        cs.add(new Case("const f32", b -> b.build(b.constant(new double[] {0.1, -3.25}, TensorType.of(F32, 2)))));
        cs.add(new Case("const i64", b -> b.build(b.constant(new double[] {-7, 0, 9_007_199_254_740_992.0}, TensorType.of(I64, 3)))));
        cs.add(new Case("const bool", b -> b.build(b.constant(new double[] {1, 0, 1, 1}, TensorType.of(BOOL, 2, 2)))));
        cs.add(new Case("const empty", b -> b.build(b.constant(new double[0], TensorType.of(F64, 0, 3)))));
        cs.add(new Case("full f32", b -> b.build(b.full(TensorType.of(F32, 2, 2), 0.5))));
        cs.add(new Case("full 0-d i64 (the builder makes it a const)", b -> b.build(b.full(TensorType.scalar(I64), 7))));
        cs.add(new Case("full bool", b -> b.build(b.full(TensorType.of(BOOL, 3), 1))));
        cs.add(new Case("eye f64", b -> b.build(b.eye(F64, 3, 3))));
        cs.add(new Case("eye f32 rectangular", b -> b.build(b.eye(F32, 2, 4))));
        cs.add(new Case("arange f64", b -> b.build(b.arange(0, 5, 1, F64))));
        cs.add(new Case("arange f32 descending", b -> b.build(b.arange(1.5, -1, -0.5, F32))));
        cs.add(new Case("arange i64", b -> b.build(b.arange(0, 10, 3, I64))));
        cs.add(new Case("arange empty", b -> b.build(b.arange(3, 3, 1, F64))));
    }

    // ---- elementwise: every unary, binary and comparison op over several types -----------------

    private static void elementwise(List<Case> cs) {
        for (Op op : Op.values()) {
            if (op.kind() == Op.Kind.UNARY && op != Op.CAST) {
                for (TensorType t : UNARY_TYPES) {
                    if (allowed(op, t)) cs.add(new Case(op + " " + t, b -> b.build(b.unary(op, b.input("x", t)))));
                }
            }
            if (op.kind() == Op.Kind.BINARY || op.kind() == Op.Kind.COMPARE) {
                for (TensorType[] p : BINARY_PAIRS) {
                    if (op.kind() == Op.Kind.COMPARE || allowed(op, p[0])) {
                        cs.add(new Case(op + " " + p[0] + " " + p[1], b -> b.build(b.binary(op, b.input("x", p[0]), b.input("y", p[1])))));
                    }
                }
            }
        }
        for (Op op : new Op[] {Op.EQ, Op.NE}) {
            cs.add(new Case(op + " bool", b -> b.build(b.binary(op, b.input("p", BOOL, 2), b.input("q", BOOL)))));
        }
        DType[][] casts = {{F64, F32}, {F64, I64}, {BOOL, F64}, {I64, BOOL}, {F32, F64}};
        for (DType[] c : casts) {
            cs.add(new Case("cast " + c[0] + " to " + c[1], b -> b.build(b.cast(b.input("x", c[0], 2, 2), c[1]))));
        }
        cs.add(new Case("where broadcasting", b -> b.build(b.where(b.input("c", BOOL, 2, 1), b.input("x", F64, 3), b.input("y", F64)))));
        cs.add(new Case("where i64 0-d cond", b -> b.build(b.where(b.input("c", BOOL), b.input("x", I64, 2), b.input("y", I64, 2)))));
        cs.add(new Case("where bool", b -> b.build(b.where(b.input("c", BOOL, 3), b.input("x", BOOL, 3), b.input("y", BOOL)))));
    }

    // ---- reductions ------------------------------------------------------------------------------

    private static void reductions(List<Case> cs) {
        for (Op op : Op.values()) {
            if (op.kind() != Op.Kind.REDUCE) continue;
            cs.add(new Case(op + " one axis", b -> b.build(b.reduce(op, b.input("x", F64, 2, 3, 4), false, 1))));
            cs.add(new Case(op + " keepdim", b -> b.build(b.reduce(op, b.input("x", F64, 2, 3, 4), true, 0, 2))));
            cs.add(new Case(op + " all f32", b -> b.build(b.reduce(op, b.input("x", F32, 5), false))));
            if (ShapeRules.acceptsIntegers(op)) {
                cs.add(new Case(op + " i64", b -> b.build(b.reduce(op, b.input("x", I64, 2, 2), false, -1))));
            }
        }
        cs.add(new Case("logsumexp of 0-d over no axes", b -> b.build(b.logsumexp(b.input("x", F64), false))));
    }

    // ---- shape ops -------------------------------------------------------------------------------

    private static void shapeOps(List<Case> cs) {
        cs.add(new Case("reshape", b -> b.build(b.reshape(b.input("x", F64, 2, 3), 3, 2))));
        cs.add(new Case("reshape 0-d to [1,1]", b -> b.build(b.reshape(b.input("x", I64), 1, 1))));
        cs.add(new Case("reshape to 0-d", b -> b.build(b.reshape(b.input("x", F32, 1)))));
        cs.add(new Case("broadcast_to", b -> b.build(b.broadcastTo(b.input("x", F64, 3), Shape.of(2, 3)))));
        cs.add(new Case("broadcast_to from 0-d", b -> b.build(b.broadcastTo(b.input("x", BOOL), Shape.of(4)))));
        cs.add(new Case("transpose", b -> b.build(b.transpose(b.input("x", F64, 2, 3), 1, 0))));
        cs.add(new Case("transpose 3-d", b -> b.build(b.transpose(b.input("x", F32, 2, 3, 4), 2, 0, 1))));
        cs.add(new Case("squeeze", b -> b.build(b.squeeze(b.input("x", F64, 1, 3, 1), 0, 2))));
        cs.add(new Case("squeeze to 0-d", b -> b.build(b.squeeze(b.input("x", I64, 1)))));
        cs.add(new Case("unsqueeze", b -> b.build(b.unsqueeze(b.input("x", F64, 3), 0, 2))));
        cs.add(new Case("unsqueeze 0-d", b -> b.build(b.unsqueeze(b.input("x", F64), 0))));
        cs.add(new Case("slice", b -> b.build(b.slice(b.input("x", F64, 4, 6), new int[] {1, 0}, new int[] {3, 6}, new int[] {1, 2}))));
        cs.add(new Case("slice to empty", b -> b.build(b.slice(b.input("x", F64, 5), 0, 2, 2, 1))));
        cs.add(new Case("pad", b -> b.build(b.pad(b.input("x", F64, 2, 3), new int[] {1, 0}, new int[] {0, 2}, new int[] {0, 1}))));
        cs.add(new Case("gather", b -> b.build(b.gather(b.input("x", F64, 3, 4), 1, b.input("i", I64, 3, 2)))));
        cs.add(new Case("gather 1-d f32", b -> b.build(b.gather(b.input("x", F32, 5), 0, b.input("i", I64, 7)))));
        cs.add(new Case("scatter_add", b -> b.build(b.scatterAdd(b.input("base", F64, 3, 4), 1, b.input("i", I64, 3, 2), b.input("src", F64, 3, 2)))));
        cs.add(new Case("concat", b -> b.build(b.concat(1, List.of(b.input("x", F64, 2, 3), b.input("y", F64, 2, 1), b.input("z", F64, 2, 0))))));
        cs.add(new Case("concat i64 axis 0", b -> b.build(b.concat(0, List.of(b.input("x", I64, 2), b.input("y", I64, 3))))));
        cs.add(new Case("stack", b -> b.build(b.stack(0, List.of(b.input("x", F64, 2), b.input("y", F64, 2), b.input("z", F64, 2))))));
        cs.add(new Case("stack 0-d", b -> b.build(b.stack(0, List.of(b.input("x", F32))))));
        cs.add(new Case("stack last axis", b -> b.build(b.stack(-1, List.of(b.input("x", BOOL, 2, 3), b.input("y", BOOL, 2, 3))))));
    }

    // ---- linear algebra --------------------------------------------------------------------------

    private static void linearAlgebra(List<Case> cs) {
        int[][][] shapes = {{{2, 3}, {3, 4}}, {{3}, {3, 4}}, {{5, 2, 3}, {3}}, {{2, 1, 2, 3}, {4, 3, 5}}, {{3}, {3}}};
        for (int[][] s : shapes) {
            cs.add(new Case("matmul " + Shape.of(s[0]) + " " + Shape.of(s[1]), b -> b.build(b.matmul(b.input("a", F64, s[0]), b.input("b", F64, s[1])))));
        }
        cs.add(new Case("matmul i64", b -> b.build(b.matmul(b.input("a", I64, 2, 2), b.input("b", I64, 2)))));
        cs.add(new Case("dot", b -> b.build(b.dot(b.input("a", F64, 3), b.input("b", F64, 3)))));
        cs.add(new Case("dot empty f32", b -> b.build(b.dot(b.input("a", F32, 0), b.input("b", F32, 0)))));
    }

    // ---- whole graphs: several outputs, inputs as outputs, no inputs ------------------------------

    private static void wholeGraphs(List<Case> cs) {
        cs.add(new Case("multi-output", b -> {
            Node x = b.input("x", F64, 3);
            Node y = b.input("y", F64, 3);
            Node m = b.mul(x, y);
            return b.build(b.sum(m), m, b.exp(m));
        }));
        cs.add(new Case("an output that is an input", b -> {
            Node x = b.input("x", F64);
            return b.build(x, b.sin(x), x);
        }));
        cs.add(new Case("no inputs", b -> b.build(b.add(b.constant(1), b.constant(2)))));
        cs.add(new Case("no outputs", b -> {
            b.input("x", F64);
            return b.build();
        }));
        cs.add(new Case("input named like a generated name", b -> {
            Node a = b.input("a", F64);
            Node c = b.input("c", F64);
            return b.build(b.mul(b.add(a, c), b.sub(a, c)));
        }));
        cs.add(new Case("special doubles", b -> b.build(b.constant(SPECIALS, TensorType.of(F64, SPECIALS.length)),
                b.full(TensorType.of(F64, 2), -0.0), b.full(TensorType.scalar(F64), Double.NaN),
                b.full(TensorType.of(F32, 1), Float.MIN_VALUE), b.arange(-0.1, 0.25, 0.1, F64))));
    }

    private static final double[] SPECIALS = {
        -0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
        Double.MAX_VALUE, Double.MIN_NORMAL, 1.0E-300, 0.1, 1.0 / 3, -2.5E17, 123456789.0, 1.0E22, Math.PI
    };

    // ---- tests -----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printParsePrintIsIdentity(Case c) {
        Graph g = c.graph();
        Verifier.verify(g);
        String text = IrPrinter.print(g);
        Graph parsed = IrParser.parse(text);
        Verifier.verify(parsed);
        assertEquals(text, IrPrinter.print(parsed));
        assertSameStructure(g, parsed);
    }

    @Test
    void tableCoversEveryOp() {
        Set<Op> seen = EnumSet.noneOf(Op.class);
        for (Case c : cases()) {
            for (Node n : c.graph().nodes()) seen.add(n.op());
        }
        assertEquals(EnumSet.allOf(Op.class), seen, "ops missing from the round-trip table");
    }

    @Test
    void specialDoublesRoundTripBitExactly() {
        GraphBuilder b = new GraphBuilder();
        Graph g = b.build(b.constant(SPECIALS, TensorType.of(F64, SPECIALS.length)), b.full(TensorType.of(F64, 2), -0.0));
        Graph parsed = IrParser.parse(IrPrinter.print(g));
        double[] back = parsed.output(0).attrs().getDoubles("value");
        assertEquals(SPECIALS.length, back.length);
        for (int i = 0; i < back.length; i++) {
            assertEquals(Double.doubleToRawLongBits(SPECIALS[i]), Double.doubleToRawLongBits(back[i]), "element " + i + " = " + SPECIALS[i]);
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(parsed.output(1).attrs().getDouble("value")));
    }

    @Test
    void whitespaceCommentsAndAttributeOrderAreFree() {
        String text = "# a graph written by hand\n"
                + "{lambda x : f64 [ 2 , 3 ],y:f64[3].let\n"
                + "\ta:f64[2,3]=mul x\n y   # the product\n"
                + "    b : f64 [2,1] = sum [ keepdim = true , axes = ( 1 ) ] a\n"
                + "    c:f64[] = const[value=(2)]  d:f64[2,1] = div b c\r\n"
                + "  in ( d , a ) }   # done\n";
        Graph g = IrParser.parse(text);
        Verifier.verify(g);
        assertEquals("{ lambda x:f64[2,3], y:f64[3] .\n"
                + "  let\n"
                + "    a:f64[2,3] = mul x y\n"
                + "    b:f64[2,1] = sum[axes=(1), keepdim=true] a\n"
                + "    c:f64[] = const[value=(2.0)]\n"
                + "    d:f64[2,1] = div b c\n"
                + "  in (d, a) }\n", IrPrinter.print(g));
    }

    @Test
    void emptyInputsAndEmptyLetParse() {
        Graph none = IrParser.parse("{ lambda . let c:f64[] = full[value=1] in (c) }");
        assertEquals(0, none.inputs().size());
        assertEquals(1.0, none.output(0).attrs().getDouble("value"));
        assertEquals(IrPrinter.print(none), IrPrinter.print(IrParser.parse(IrPrinter.print(none))));

        Graph identity = IrParser.parse("{ lambda x:f64[] . let in (x) }");
        assertEquals(1, identity.size());
        assertSame(identity.input(0), identity.output(0));
        Verifier.verify(identity);
    }

    @Test
    void identicalEquationsShareOneNode() {
        Graph g = IrParser.parse("{ lambda x:f64[] . let a:f64[] = sin x  b:f64[] = sin x  c:f64[] = add a b in (a, b, c) }");
        assertEquals(3, g.size());
        assertSame(g.output(0), g.output(1));
        assertSame(g.output(0), g.output(2).input(0));
        assertSame(g.output(0), g.output(2).input(1));
    }

    @Test
    void intsAreAcceptedWhereDoublesAreExpected() {
        Graph g = IrParser.parse("{ lambda . let a:f64[3] = arange[start=0, stop=3, step=1] b:f32[2] = const[value=(-1, 2E3)] in (a, b) }");
        assertEquals(1.0, g.output(0).attrs().getDouble("step"));
        assertArrayEquals(new double[] {-1, 2000}, g.output(1).attrs().getDoubles("value"));
    }

    @Test
    void millionEquationChainParsesInLinearTime() {
        // The text is generated directly, named as IrPrinter names values, so no second graph is alive.
        int n = 1_000_000;
        Set<String> taken = Set.of("x", "lambda", "let", "in");
        StringBuilder sb = new StringBuilder(30 * n).append("{ lambda x:f64[2] .\n  let\n");
        String prev = "x";
        long counter = 0;
        for (int i = 0; i < n; i++) {
            String name;
            do {
                name = IrPrinter.letters(counter++);
            } while (taken.contains(name));
            sb.append("    ").append(name).append(":f64[2] = sin ").append(prev).append('\n');
            prev = name;
        }
        String text = sb.append("  in (").append(prev).append(") }\n").toString();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Graph parsed = IrParser.parse(text);
            assertEquals(n + 1, parsed.size());
            for (int i = 1; i <= n; i++) assertSame(parsed.node(i - 1), parsed.node(i).input(0));
            assertEquals(text, IrPrinter.print(parsed));
        });
    }

    /** Same ops, attributes, types and wiring, node by node (inputs are created first in every case). */
    private static void assertSameStructure(Graph expected, Graph actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Node e = expected.node(i), a = actual.node(i);
            assertEquals(e.op(), a.op(), "op of node " + i);
            assertEquals(e.type(), a.type(), "type of node " + i);
            assertEquals(e.attrs(), a.attrs(), "attributes of node " + i);
            assertEquals(e.arity(), a.arity(), "arity of node " + i);
            for (int k = 0; k < e.arity(); k++) assertEquals(e.input(k).id(), a.input(k).id(), "input " + k + " of node " + i);
        }
        assertEquals(expected.outputs().size(), actual.outputs().size());
        for (int i = 0; i < expected.outputs().size(); i++) assertEquals(expected.output(i).id(), actual.output(i).id());
    }
}
