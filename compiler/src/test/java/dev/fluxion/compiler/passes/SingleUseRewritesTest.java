package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.IrPrinter;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Verifier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The second stage of {@link AlgebraicSimplification} ({@link SingleUseRewrites} and
 * {@link LinearCombinations}): what it regroups, what it must leave alone because a value has
 * other readers, and the values it keeps — within 1e-12 on ordinary inputs, and never a NaN where
 * the input graph had a number.
 */
class SingleUseRewritesTest {
    private static final AlgebraicSimplification SIMPLIFY = new AlgebraicSimplification();

    private static Graph simplify(Graph g) {
        Graph out = new DeadCodeElimination().apply(SIMPLIFY.apply(g));
        Verifier.verify(out);
        return out;
    }

    private static int count(Graph g, Op op) {
        int n = 0;
        for (Node node : g.nodes()) if (node.op() == op) n++;
        return n;
    }

    /** Operations: nodes that are not leaves (inputs and constants are free). */
    private static int ops(Graph g) {
        int n = 0;
        for (Node node : g.nodes()) if (node.op().kind() != Op.Kind.LEAF) n++;
        return n;
    }

    /** Multiplications by a negative constant: each prints as a negation. */
    private static int negativeFactors(Graph g) {
        int n = 0;
        for (Node node : g.nodes()) {
            if (node.op() != Op.MUL) continue;
            for (Node in : node.inputs()) {
                Double v = Patterns.uniformValue(in);
                if (v != null && v < 0) n++;
            }
        }
        return n;
    }

    /** Both graphs at random points in [-2, 2]: NaN where NaN, else within tol·max(1, |value|) (f32: 1e-5). */
    private static void assertSameValues(Graph before, Graph after) {
        Random r = new Random(7);
        double tol = before.inputs().get(0).dtype() == DType.F32 ? 1e-5 : 1e-12;
        for (int trial = 0; trial < 20; trial++) {
            List<NDArray> args = new ArrayList<>();
            for (Node in : before.inputs()) {
                double[] v = new double[in.type().numel()];
                for (int i = 0; i < v.length; i++) v[i] = -2 + 4 * r.nextDouble();
                args.add(NDArray.of(in.type(), v));
            }
            List<NDArray> x = Interpreter.run(before, args), y = Interpreter.run(after, args);
            for (int k = 0; k < x.size(); k++) {
                assertEquals(x.get(k).type(), y.get(k).type());
                for (int i = 0; i < x.get(k).numel(); i++) {
                    double u = x.get(k).get(i), w = y.get(k).get(i);
                    boolean ok = Double.isNaN(u) ? Double.isNaN(w) : Math.abs(u - w) <= tol * Math.max(1, Math.abs(u));
                    int output = k;
                    assertTrue(ok, () -> "output " + output + ": " + u + " became " + w + " in\n" + IrPrinter.print(after));
                }
            }
        }
    }

    // ---- linear combinations -----------------------------------------------------------------------

    @Test
    void singleUseLinearTreeCollectsToOneCombination() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
        Node first = b.mul(b.sub(b.add(y, b.mul(x, 2)), 5), 4);            // (y + 2x - 5)·4
        Node second = b.mul(b.sub(b.add(x, b.mul(y, 2)), 7), -3);          // (x + 2y - 7)·-3
        Graph g = b.build(b.sub(first, second));                           // = 11x + 10y - 41
        Graph out = simplify(g);
        assertEquals(4, ops(out), () -> IrPrinter.print(out));  // x·11 + y·10 - 41
        assertEquals(0, negativeFactors(out));
        assertSameValues(g, out);
        assertEquals(11 * 1.5 + 10 * 0.25 - 41, Interpreter.runScalar(out, 1.5, 0.25)[0], 1e-12);
    }

    @Test
    void negativeTermsAreSubtracted() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
        Node atom = b.sin(y);
        Graph g = b.build(b.add(b.add(b.constant(3.0), b.mul(x, -4)), b.mul(atom, 3)));   // 3 + x·-4 + sin(y)·3
        Graph out = simplify(g);
        assertEquals(ops(g), ops(out), () -> IrPrinter.print(out));                         // sin(y)·3 - x·4 + 3
        assertEquals(0, negativeFactors(out), () -> IrPrinter.print(out));
        assertEquals(1, count(out, Op.SUB), () -> IrPrinter.print(out));
        assertSameValues(g, out);
    }

    @Test
    void sumsWithoutPositiveTermsLeadWithTheConstantAFactorOrANegation() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
        Node constantLeads = b.neg(b.add(b.sub(x, 3), b.sub(y, 4)));                              // 7 - x - y
        Node factorLeads = b.sub(b.neg(b.mul(b.add(b.mul(x, 2), b.mul(y, 3)), 2)), 5);            // x·-4 - y·6 - 5
        Node negated = b.neg(b.add(b.add(x, 3), b.add(y, 2)));                                    // -(x + y + 5)
        Graph g = b.build(constantLeads, factorLeads, negated);
        Graph out = simplify(g);
        assertSameValues(g, out);
        Graph first = new DeadCodeElimination().apply(new Graph(out.inputs(), out.nodes(), List.of(out.output(0))));
        Graph second = new DeadCodeElimination().apply(new Graph(out.inputs(), out.nodes(), List.of(out.output(1))));
        Graph third = new DeadCodeElimination().apply(new Graph(out.inputs(), out.nodes(), List.of(out.output(2))));
        assertEquals(2, ops(first), () -> IrPrinter.print(first));
        assertEquals(0, count(first, Op.NEG));
        assertEquals(4, ops(second), () -> IrPrinter.print(second));
        assertEquals(1, negativeFactors(second), () -> IrPrinter.print(second));
        assertEquals(3, ops(third), () -> IrPrinter.print(third));
        assertEquals(1, count(third, Op.NEG), () -> IrPrinter.print(third));
        assertSame(out, new DeadCodeElimination().apply(SIMPLIFY.apply(out)), () -> "not a fixpoint:\n" + IrPrinter.print(out));
    }

    @Test
    void treesThatWouldNotShrinkAreLeftAlone() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
        Graph g = b.build(b.mul(b.add(x, y), 4), b.sub(b.mul(x, 3), y));   // distributing would add a mul
        assertSame(g, SIMPLIFY.apply(g));
    }

    @Test
    void sharedLinearNodesStayWhole() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
        Node shared = b.add(b.mul(x, 2), b.mul(y, 3));
        Graph g = b.build(b.add(b.mul(shared, 4), x), b.exp(shared));
        Graph out = simplify(g);
        assertEquals(ops(g), ops(out), () -> IrPrinter.print(out));
        assertSameValues(g, out);
    }

    /** (x·2 + y)·3 - x·6: x's coefficient cancels, but x = ∞ must still give NaN, so x·0 stays. */
    @Test
    void cancelledCoefficientsKeepTheirTermForNaN() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
        Graph g = b.build(b.sub(b.mul(b.add(b.mul(x, 2), y), 3), b.mul(x, 6)));
        Graph out = PassManager.standard().optimize(g);
        assertTrue(ops(out) < ops(g), () -> IrPrinter.print(out));
        assertEquals(3.0, Interpreter.runScalar(out, 5, 1)[0], 1e-12);
        for (double bad : new double[] {Double.POSITIVE_INFINITY, Double.NaN}) {
            assertTrue(Double.isNaN(Interpreter.runScalar(g, bad, 1)[0]));
            assertTrue(Double.isNaN(Interpreter.runScalar(out, bad, 1)[0]), () -> IrPrinter.print(out));
        }
    }

    @Test
    void broadcastAtomsKeepTheRootsType() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), v = b.input("v", DType.F64, 3);
        Graph g = b.build(b.mul(b.add(b.mul(x, 2), b.mul(v, 3)), 4));
        Graph out = simplify(g);
        assertEquals(g.output(0).type(), out.output(0).type());
        assertEquals(3, ops(out), () -> IrPrinter.print(out)); // x·8 + v·12
        assertSameValues(g, out);
    }

    @Test
    void f32TreesRegroupWithinF32Precision() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F32), y = b.input("y", DType.F32);
        Graph g = b.build(b.add(b.mul(b.sub(x, b.mul(y, 0.1)), 3), b.mul(y, 0.7)));      // 3x + 0.4y
        Graph out = simplify(g);
        assertEquals(3, ops(out), () -> IrPrinter.print(out));
        assertSameValues(g, out);
    }

    @Test
    void integerTreesAreLeftAlone() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.I64), y = b.input("y", DType.I64);
        Graph g = b.build(b.add(b.mul(b.add(x, b.mul(y, 2)), 3), y));    // as floats: x·3 + y·7
        assertEquals(ops(g), ops(simplify(g)));
    }

    /** A single-use chain of 200 000 linear nodes is one tree: visited once, without recursion. */
    @Test
    void deepLinearChainsCollapseInLinearTime() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
        Node s = y;
        for (int i = 0; i < 200_000; i++) s = b.mul(b.add(s, x), 0.5);    // y·2⁻ᵏ + x·(1 - 2⁻ᵏ)
        Graph g = b.build(s);
        long t0 = System.nanoTime();
        Graph out = simplify(g);
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "too slow");
        assertEquals(2, ops(out), () -> IrPrinter.print(out)); // x + y·0 (2⁻ᵏ underflows; y = ∞ still gives NaN)
        assertEquals(0.75, Interpreter.runScalar(out, 0.75, 3.0)[0], 1e-12);
        assertTrue(Double.isNaN(Interpreter.runScalar(out, 0.75, Double.POSITIVE_INFINITY)[0]));
    }

    // ---- reciprocals and divisors --------------------------------------------------------------------

    @Test
    void singleUseReciprocalsAreAbsorbedSharedOnesStay() {
        GraphBuilder b = new GraphBuilder();
        Node a = b.input("a", DType.F64), c = b.input("c", DType.F64), d = b.input("d", DType.F64);
        Node once = b.mul(b.reciprocal(b.add(a, c)), d);
        Node shared = b.reciprocal(c);
        Graph g = b.build(once, b.mul(shared, a), b.mul(shared, d));
        Graph out = simplify(g);
        assertEquals(1, count(out, Op.RECIPROCAL), () -> IrPrinter.print(out));
        assertEquals(1, count(out, Op.DIV), () -> IrPrinter.print(out));
        assertSameValues(g, out);
    }

    @Test
    void quotientsWithOneDivisorShareOneDivision() {
        GraphBuilder b = new GraphBuilder();
        Node a = b.input("a", DType.F64), c = b.input("c", DType.F64), d = b.input("d", DType.F64);
        Node sinc = b.sub(b.mul(b.reciprocal(c), b.cos(c)), b.div(b.div(b.sin(c), c), c)); // cos c/c - sin c/c/c
        Node shared = b.div(a, d);
        Graph g = b.build(sinc, b.add(shared, b.div(c, d)), shared);
        Graph out = simplify(g);
        assertEquals(4, count(out, Op.DIV), () -> IrPrinter.print(out)); // (cos c - sin c/c)/c; a/d, c/d
        assertEquals(0, count(out, Op.RECIPROCAL));
        assertSameValues(g, out);
    }

    private static final double[] SPECIAL = {0.0, -0.0, 1.0, -2.5, 1e-300, 1e300, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN};

    /** Over all pairs and triples of special values, none of these rewrites turns a number into NaN. */
    @Test
    void noRewriteIntroducesNaN() {
        List<BiFunction<GraphBuilder, Node[], Node>> bodies = List.of(
                (b, v) -> b.mul(b.reciprocal(v[0]), v[1]),                      // → v1/v0
                (b, v) -> b.reciprocal(b.div(v[0], v[1])),                      // → v1/v0
                (b, v) -> b.square(b.reciprocal(v[0])),                         // → 1/v0²
                (b, v) -> b.sub(b.div(v[0], v[2]), b.div(v[1], v[2])),         // → (v0 - v1)/v2
                (b, v) -> b.add(b.div(v[0], v[2]), b.div(v[1], v[2])),         // → (v0 + v1)/v2
                (b, v) -> b.add(b.mul(b.add(b.mul(v[0], 2), v[1]), -3), b.mul(v[0], 6)), // → v0·0 - v1·3
                (b, v) -> b.sub(b.mul(b.sub(v[2], v[0]), 4), b.mul(v[0], -4)));        // → v2·4 + v0·0
        for (BiFunction<GraphBuilder, Node[], Node> body : bodies) {
            GraphBuilder b = new GraphBuilder();
            Node[] v = {b.input("a", DType.F64), b.input("b", DType.F64), b.input("c", DType.F64)};
            Graph g = b.build(body.apply(b, v));
            Graph out = PassManager.standard().optimize(g);
            assertFalse(out.sameStructure(g), () -> "nothing rewritten in\n" + IrPrinter.print(g));
            for (double p : SPECIAL) {
                for (double q : SPECIAL) {
                    for (double r : SPECIAL) {
                        double before = Interpreter.runScalar(g, p, q, r)[0], after = Interpreter.runScalar(out, p, q, r)[0];
                        assertTrue(Double.isNaN(before) || !Double.isNaN(after),
                                () -> "NaN at (" + p + ", " + q + ", " + r + ") where " + IrPrinter.print(g) + "gave " + before
                                        + "; now\n" + IrPrinter.print(out));
                    }
                }
            }
        }
    }

    @Test
    void aSecondRunChangesNothing() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
        Graph g = b.build(b.add(b.mul(b.sub(y, b.square(x)), -400), b.mul(b.sub(x, 1), 2)),
                b.mul(y, b.reciprocal(b.add(x, 1))));
        Graph once = PassManager.standard().optimize(g);
        assertSame(once, SIMPLIFY.apply(once), () -> IrPrinter.print(once));
        assertSameValues(g, once);
    }
}
