package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.IrParser;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.VerificationException;
import dev.fluxion.compiler.ir.Verifier;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pass manager: verification after each pass, printing, timings and the fixpoint loop. */
class PassManagerTest {
    private static final List<Pass> EXACT = List.of(new ConstantFolding(), new CommonSubexpressionElimination(), new DeadCodeElimination());

    /** A deliberately broken pass: drops the last node but still outputs it. */
    private static final class DropsLastNode implements Pass {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public Graph apply(Graph g) {
            return new Graph(g.inputs(), g.nodes().subList(0, g.size() - 1), g.outputs());
        }
    }

    /** Never settles: rewrites x + x to x·2 and x·2 back to x + x. */
    private static final class Flip extends RewritePass {
        @Override
        public String name() {
            return "flip";
        }

        @Override
        protected Node rewrite(GraphBuilder b, Node n, Node[] a) {
            if (n.op() == Op.ADD && a[0] == a[1]) return b.mul(a[0], 2);
            if (n.op() == Op.MUL && a[1].isConstant(2) && a[1].shape().isScalar()) return b.add(a[0], a[0]);
            return null;
        }
    }

    /** x·(2·3) + x·(3·2) with a dead exp: one round folds, merges and cleans; the next changes nothing. */
    private static Graph sample() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64);
        Node two = b.constant(2.0), three = b.constant(3.0);
        b.exp(x);
        return b.build(b.add(b.mul(x, b.mul(two, three)), b.mul(b.mul(three, two), x)));
    }

    @Test
    void verifyEachNamesTheBrokenPass() {
        PassManager pm = new PassManager(List.of(new ConstantFolding(), new DropsLastNode(), new DeadCodeElimination())).verifyEach(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pm.run(sample()));
        assertTrue(e.getMessage().contains("after pass broken"), e.getMessage());
        assertTrue(e.getCause() instanceof VerificationException, String.valueOf(e.getCause()));

        // Without verification the broken graph goes through unnoticed: that is what verifyEach is for.
        Graph unchecked = new PassManager(List.of(new DropsLastNode())).maxRounds(1).optimize(sample());
        assertThrows(VerificationException.class, () -> Verifier.verify(unchecked));
    }

    @Test
    void printAfterStarPrintsAfterEveryPassAndTheTextParses() {
        StringWriter out = new StringWriter();
        PassManager pm = new PassManager(EXACT).printAfter(new PrintWriter(out), "*");
        PassManager.Result result = pm.run(sample());
        String text = out.toString();
        int rounds = result.runs().size() / EXACT.size();
        for (int round = 1; round <= rounds; round++) {
            for (Pass p : EXACT) assertTrue(text.contains("# after " + p.name() + " (round " + round + ")"), text);
        }
        // Every printed graph reads back; the last one is the result.
        String[] sections = text.split("(?m)^# after .*\\R");
        assertEquals(result.runs().size() + 1, sections.length, text);
        Graph last = null;
        for (int i = 1; i < sections.length; i++) last = IrParser.parse(sections[i]);
        assertTrue(last.sameStructure(result.graph()));
    }

    @Test
    void printAfterOneNamePrintsOnlyThatPass() {
        StringWriter out = new StringWriter();
        new PassManager(EXACT).printAfter(new PrintWriter(out), "cse").run(sample());
        String text = out.toString();
        assertTrue(text.contains("# after cse (round 1)"), text);
        assertFalse(text.contains("# after fold"), text);
        assertFalse(text.contains("# after dce"), text);
    }

    @Test
    void timingReportHasOneLinePerPassRun() {
        PassManager.Result result = new PassManager(EXACT).run(sample());
        String report = result.timingReport();
        String[] lines = report.split("\\R");
        assertEquals(result.runs().size() + 1, lines.length, report);
        assertTrue(lines[0].contains("pass") && lines[0].contains("round"), report);
        for (int i = 0; i < result.runs().size(); i++) {
            PassManager.PassRun run = result.runs().get(i);
            assertTrue(lines[i + 1].startsWith(run.pass()), report);
            assertTrue(run.nanos() >= 0);
        }
        for (Pass p : EXACT) assertTrue(report.contains(p.name()), report);
        // Node counts: fold and cse do not shrink the node list by themselves, dce does.
        PassManager.PassRun dce = result.runs().get(2);
        assertEquals("dce", dce.pass());
        assertTrue(dce.nodesAfter() < dce.nodesBefore(), report);
    }

    @Test
    void fixpointStopsAtTheFirstRoundThatChangesNothing() {
        PassManager pm = new PassManager(EXACT);
        PassManager.Result result = pm.run(sample());
        assertEquals(2 * EXACT.size(), result.runs().size(), result.timingReport()); // round 1 works, round 2 confirms
        assertEquals(2, result.runs().get(result.runs().size() - 1).round());
        Graph g = result.graph();
        assertEquals(List.of(Op.INPUT, Op.CONST, Op.MUL, Op.ADD), g.nodes().stream().map(Node::op).toList());

        // An already optimal graph takes one round.
        assertEquals(EXACT.size(), pm.run(g).runs().size());
        assertSame(g, pm.optimize(g), "passes return their input when they change nothing");
    }

    @Test
    void maxRoundsBoundsAPipelineThatNeverSettles() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64);
        Graph g = b.build(b.add(x, x));
        PassManager.Result result = new PassManager(List.of(new Flip(), new DeadCodeElimination())).maxRounds(3).run(g);
        assertEquals(6, result.runs().size(), result.timingReport());
        assertEquals(Op.MUL, result.graph().output(0).op(), "three flips from add");
        assertThrows(IllegalArgumentException.class, () -> new PassManager(EXACT).maxRounds(0));
    }

    @Test
    void standardPipelineCleansTheGradientOfSin() {
        GraphBuilder b = new GraphBuilder();
        Node a = b.input("a", DType.F64);
        Graph grad = ReverseMode.grad(b.build(b.sin(a)));
        PassManager.Result result = PassManager.standard().verifyEach(true).run(grad);
        Graph g = result.graph();
        for (Node n : g.nodes()) assertTrue(n.op() != Op.SIN, "sin survived");
        assertEquals(Math.cos(1.25), Interpreter.runScalar(g, 1.25)[0]);
        assertTrue(PassManager.standard().passNames().containsAll(List.of("fold", "cse", "dce")), PassManager.standard().passNames().toString());
    }
}
