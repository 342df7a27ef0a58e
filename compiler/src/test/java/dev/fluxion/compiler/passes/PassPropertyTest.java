package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.IrPrinter;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Verifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Passes must not change what a graph computes. Over {@value #GRAPHS} seeded random graphs
 * ({@link RandomGraphs}) and their gradients, the interpreter's values before and after a pass are
 * compared: bit for bit for fold, cse and dce (which only evaluate with the interpreter's kernels,
 * merge equal values or drop unused ones), and within {@value #TOLERANCE} relative for the standard
 * pipeline, whose simplifications may reassociate (NaN must stay NaN and ±∞ must match exactly).
 */
class PassPropertyTest {
    static final int GRAPHS = 320;
    /** Relative tolerance of the standard pipeline on f64 values. */
    static final double TOLERANCE = 1e-12;
    /** Graphs that round through f32 see a rewrite's last-bit change grow to f32's precision. */
    static final double F32_TOLERANCE = 1e-5;

    private static final List<Pass> EXACT_PASSES = List.of(new ConstantFolding(), new CommonSubexpressionElimination(), new DeadCodeElimination());

    static LongStream seeds() {
        return LongStream.range(0, GRAPHS);
    }

    // ---- each exact pass alone: bit-identical values, valid IR, idempotent --------------------------

    @ParameterizedTest(name = "graph {0}")
    @MethodSource("seeds")
    void foldCseAndDceKeepEveryBit(long seed) {
        RandomGraphs.Sample s = RandomGraphs.generate(seed);
        Graph grad = ReverseMode.grad(s.loss());
        for (Graph g : List.of(s.graph(), grad)) {
            Verifier.verify(g);
            List<NDArray> before = Interpreter.run(g, s.inputs());
            for (Pass p : EXACT_PASSES) {
                Graph after = p.apply(g);
                Verifier.verify(after);
                assertEquals(before, Interpreter.run(after, s.inputs()),
                        () -> "seed " + seed + ", pass " + p.name() + " changed values of\n" + IrPrinter.print(g) + "into\n" + IrPrinter.print(after));
                assertSame(after, p.apply(after), () -> "seed " + seed + ": a second " + p.name() + " still changed\n" + IrPrinter.print(after));
            }
            // One after the other, as the pipeline runs them.
            Graph chained = g;
            for (Pass p : EXACT_PASSES) chained = p.apply(chained);
            assertEquals(before, Interpreter.run(chained, s.inputs()), "seed " + seed + ": fold, cse, dce in sequence");
        }
    }

    // ---- the standard pipeline: values within tolerance --------------------------------------------

    @ParameterizedTest(name = "graph {0}")
    @MethodSource("seeds")
    void standardPipelineKeepsValues(long seed) {
        RandomGraphs.Sample s = RandomGraphs.generate(seed);
        double tol = s.usesF32() ? F32_TOLERANCE : TOLERANCE;
        PassManager pm = PassManager.standard().verifyEach(true);
        for (Graph g : List.of(s.graph(), ReverseMode.grad(s.loss()))) {
            Graph opt = pm.optimize(g);
            assertClose(Interpreter.run(g, s.inputs()), Interpreter.run(opt, s.inputs()), tol,
                    "seed " + seed + ", standard pipeline on\n" + IrPrinter.print(g) + "gave\n" + IrPrinter.print(opt));
        }
    }

    /** Elementwise: NaN where NaN, equal infinities, else |a-b| <= tol·max(|a|,|b|). Signed zeros compare equal. */
    static void assertClose(List<NDArray> expected, List<NDArray> actual, double tol, String context) {
        assertEquals(expected.size(), actual.size(), context);
        for (int o = 0; o < expected.size(); o++) {
            NDArray e = expected.get(o), a = actual.get(o);
            assertEquals(e.type(), a.type(), context);
            for (int i = 0; i < e.numel(); i++) {
                double x = e.get(i), y = a.get(i);
                boolean ok = Double.isNaN(x) || Double.isNaN(y) ? Double.isNaN(x) && Double.isNaN(y)
                        : Double.isInfinite(x) || Double.isInfinite(y) ? x == y
                        : Math.abs(x - y) <= tol * Math.max(Math.abs(x), Math.abs(y));
                if (!ok) fail("output " + o + " element " + i + ": expected " + x + " but got " + y + " (tolerance " + tol + ")\n" + context);
            }
        }
    }

    // ---- the generator really exercises the passes ---------------------------------------------------

    /** Without this, a generator that never produced foldable, duplicate or dead nodes would pass vacuously. */
    @Test
    void randomGraphsGiveEveryPassWorkAndUseEveryOp() {
        int folded = 0, merged = 0, removed = 0, f32 = 0;
        Set<Op> used = EnumSet.noneOf(Op.class);
        for (long seed = 0; seed < GRAPHS; seed++) {
            RandomGraphs.Sample s = RandomGraphs.generate(seed);
            Graph g = s.graph();
            assertTrue(g.size() >= 5 && g.size() <= 45, "seed " + seed + " has " + g.size() + " nodes"); // 5 to about 40
            for (Node n : g.nodes()) used.add(n.op());
            Graph live = new DeadCodeElimination().apply(g);
            if (live != g) removed++;
            if (countConstantFoldable(live) > 0) folded++;
            Graph liveCse = new DeadCodeElimination().apply(new CommonSubexpressionElimination().apply(live));
            if (liveCse.size() < live.size()) merged++;
            if (s.usesF32()) f32++;
        }
        assertEquals(EnumSet.allOf(Op.class), used, "ops never generated");
        assertTrue(folded >= GRAPHS / 5, "only " + folded + " graphs had live constant subgraphs");
        assertTrue(merged >= GRAPHS / 5, "only " + merged + " graphs had live duplicates for cse");
        assertTrue(removed >= GRAPHS / 2, "only " + removed + " graphs had dead nodes");
        assertTrue(f32 >= GRAPHS / 10, "only " + f32 + " graphs used f32");
    }

    private static int countConstantFoldable(Graph g) {
        int n = 0;
        for (Node node : g.nodes()) {
            if (node.op().kind() == Op.Kind.LEAF) continue;
            boolean all = true;
            for (Node in : node.inputs()) all &= ConstantFolding.isConstantLeaf(in);
            if (all) n++;
        }
        return n;
    }
}
