package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.IrParser;
import dev.fluxion.compiler.ir.IrPrinter;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.TensorType;
import dev.fluxion.compiler.ir.Verifier;
import dev.fluxion.compiler.optable.OpSample;
import dev.fluxion.compiler.optable.OpTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour of fold, cse and dce that golden files cannot show: sizes, exceptions, every op. */
class PassExamplesTest {

    private static boolean hasOp(Graph g, Op op) {
        for (Node n : g.nodes()) if (n.op() == op) return true;
        return false;
    }

    // ---- dce: the gradient of sin keeps only cos --------------------------------------------------

    @Test
    void gradientOfSinKeepsOnlyCosAfterDce() throws IOException {
        GraphBuilder b = new GraphBuilder();
        Node a = b.input("a", DType.F64);
        Graph grad = ReverseMode.grad(b.build(b.sin(a)));
        assertTrue(hasOp(grad, Op.SIN), "reverse mode copies the primal sin a");

        Graph clean = new DeadCodeElimination().apply(grad);
        Verifier.verify(clean);
        assertFalse(hasOp(clean, Op.SIN), () -> "dead sin a survived:\n" + IrPrinter.print(clean));
        assertTrue(hasOp(clean, Op.COS));
        assertEquals(Math.cos(0.7), Interpreter.runScalar(clean, 0.7)[0]);

        // The golden file's input is exactly what reverse mode builds, and its expectation what dce gives.
        String[] golden = GoldenPassTest.split("dce/grad_sin.ir",
                Files.readString(GoldenPassTest.root().resolve("dce/grad_sin.ir"), StandardCharsets.UTF_8));
        assertTrue(IrParser.parse(golden[0]).sameStructure(grad), () -> "reverse mode now gives\n" + IrPrinter.print(grad));
        assertTrue(IrParser.parse(golden[1]).sameStructure(clean));
    }

    // ---- fold: every op of the op table, through the interpreter's kernels ------------------------

    static List<OpSample> samples() {
        return OpTable.samples();
    }

    /** Each op-table sample with constant arguments folds to literals holding the interpreter's exact bits. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void foldingEveryOpGivesTheInterpretersBits(OpSample s) {
        List<NDArray> args = s.inputs(7);
        NDArray expected = Interpreter.run(s.graph(), args).get(0);

        GraphBuilder b = new GraphBuilder();
        Node[] xs = new Node[args.size()];
        for (int i = 0; i < xs.length; i++) xs[i] = b.constant(args.get(i).toDoubleArray(), args.get(i).type());
        Graph g = b.build(s.body().apply(b, xs));
        Graph folded = new DeadCodeElimination().apply(new ConstantFolding().apply(g));
        Verifier.verify(folded);
        for (Node n : folded.nodes()) {
            assertSame(Op.Kind.LEAF, n.op().kind(), () -> s + ": not folded:\n" + IrPrinter.print(folded));
        }
        assertEquals(expected, Interpreter.run(folded).get(0), s.toString());
    }

    // ---- fold: sizes ------------------------------------------------------------------------------

    /** 1.6·10⁹ elements: uniform values fold from one element; a reduction over them is not evaluated. */
    @Test
    void hugeUniformValuesFoldWithoutMaterialising() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64);
        Shape huge = Shape.of(40_000, 40_000);
        Node six = b.mul(b.broadcastTo(b.constant(2.0), huge), b.full(new TensorType(DType.F64, huge), 3.0));
        Node total = b.sum(six);
        Graph g = b.build(b.mul(total, x), six);

        Graph folded = new ConstantFolding().apply(g);
        Node sixFolded = folded.output(1);
        assertEquals(Op.FULL, sixFolded.op());
        assertEquals(6.0, sixFolded.attrs().getDouble("value"));
        assertEquals(Op.SUM, folded.output(0).input(0).op(), "a 1.6e9-element sum is left for run time");
    }

    @Test
    void resultsOverTheLiteralLimitStayButUniformOnesFold() {
        GraphBuilder b = new GraphBuilder();
        int n = ConstantFolding.MAX_LITERAL_ELEMENTS;
        Node small = b.neg(b.arange(0, n, 1, DType.F64));          // 1024 distinct values: a literal
        Node large = b.neg(b.arange(0, n + 1, 1, DType.F64));      // 1025: stays a neg
        Node zeros = b.mul(b.arange(0, n + 1, 1, DType.F64), b.constant(0.0)); // 1025 equal zeros: a full
        Graph folded = new ConstantFolding().apply(b.build(small, large, zeros));
        assertEquals(Op.CONST, folded.output(0).op());
        assertEquals(Op.NEG, folded.output(1).op());
        assertEquals(Op.FULL, folded.output(2).op());
    }

    // ---- fold: kernels that throw ----------------------------------------------------------------

    @Test
    void nodesWhoseKernelsThrowAreLeftForRunTime() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.constant(new double[] {1, 2, 3}, TensorType.of(DType.F64, 3));
        Node badIndex = b.constant(new double[] {0, 3}, TensorType.of(DType.I64, 2));
        Node gather = b.gather(x, 0, badIndex);
        Node empty = b.constant(new double[0], TensorType.of(DType.F64, 0, 2));
        Node maxOfNothing = b.max(empty, false, 0);                // max over an empty axis throws
        Graph g = b.build(gather, maxOfNothing);

        Graph folded = new ConstantFolding().apply(g);
        assertSame(g, folded, "nothing foldable");
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> Interpreter.run(b.build(gather)));
        assertTrue(e.getMessage().contains("gather"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Interpreter.run(b.build(maxOfNothing)));
    }

    @Test
    void emptyResultsFoldToEmptyLiterals() {
        GraphBuilder b = new GraphBuilder();
        Node empty = b.constant(new double[0], TensorType.of(DType.F64, 0, 2));
        Node sum = b.sum(empty, false, 0);                          // sum over nothing: (0.0, 0.0)
        Node neg = b.neg(empty);
        Graph folded = new DeadCodeElimination().apply(new ConstantFolding().apply(b.build(sum, neg)));
        assertEquals(Op.FULL, folded.output(0).op());
        assertEquals(0.0, folded.output(0).attrs().getDouble("value"));
        assertSame(empty.op(), folded.output(1).op());
        assertEquals(0, folded.output(1).attrs().getDoubles("value").length);
    }

    // ---- cse --------------------------------------------------------------------------------------

    @Test
    void cseMergesCommutedOperandsAndKeepsOtherOrders() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64, 3), y = b.input("y", DType.F64, 2, 3);
        Node[] pairs = {
            b.add(x, y), b.add(y, x), b.mul(x, y), b.mul(y, x), b.maximum(x, y), b.maximum(y, x),
            b.minimum(x, y), b.minimum(y, x), b.cast(b.eq(x, y), DType.F64), b.cast(b.eq(y, x), DType.F64),
            b.cast(b.ne(x, y), DType.F64), b.cast(b.ne(y, x), DType.F64)};
        Node sub = b.sub(x, y), bus = b.sub(y, x);
        Graph g = b.build(List.of(pairs[0], pairs[1], pairs[2], pairs[3], pairs[4], pairs[5], pairs[6], pairs[7],
                pairs[8], pairs[9], pairs[10], pairs[11], sub, bus));
        Graph merged = new CommonSubexpressionElimination().apply(g);
        for (int i = 0; i < pairs.length; i += 2) {
            assertSame(merged.output(i), merged.output(i + 1), "pair " + i / 2 + " of\n" + IrPrinter.print(merged));
        }
        assertNotEquals(merged.output(12).id(), merged.output(13).id(), "sub is not commutative");
    }

    /** NaN and signed zeros through maximum/minimum: swapping operands never changes a bit. */
    @Test
    void maximumAndMinimumAreCommutativeOnSpecialValues() {
        double[] specials = {Double.NaN, 0.0, -0.0, 1.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        int n = specials.length;
        double[] left = new double[n * n], right = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                left[i * n + j] = specials[i];
                right[i * n + j] = specials[j];
            }
        }
        GraphBuilder b = new GraphBuilder();
        TensorType t = TensorType.of(DType.F64, n * n);
        Node l = b.input("l", t), r = b.input("r", t);
        Graph g = b.build(b.maximum(r, l), b.minimum(r, l));
        Graph merged = new CommonSubexpressionElimination().apply(g);
        assertSame(merged.input(0), merged.output(0).input(0), "maximum r l is ordered maximum l r");
        assertSame(merged.input(0), merged.output(1).input(0), "minimum r l is ordered minimum l r");
        List<NDArray> args = List.of(NDArray.of(t, left), NDArray.of(t, right));
        assertEquals(Interpreter.run(g, args), Interpreter.run(merged, args));
    }
}
