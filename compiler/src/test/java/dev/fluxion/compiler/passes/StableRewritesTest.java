package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The numerically stable rewrites, on the values they exist for. */
class StableRewritesTest {
    private static final PassManager PASSES = PassManager.standard().verifyEach(true);

    private static boolean has(Graph g, Op op) {
        return g.nodes().stream().anyMatch(n -> n.op() == op);
    }

    /** jax#5798: d/dx where(x < 1, x, √x) at 0 is 1, not NaN (0·∞ from the untaken branch). */
    @Test
    void gradientThroughWhereIsNanFree() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64);
        Graph f = b.build(b.where(b.lt(x, b.constant(1)), x, b.sqrt(x)));
        Graph grad = ReverseMode.grad(f);
        assertTrue(Double.isNaN(Interpreter.runScalar(grad, 0)[0]), "the raw gradient shows the problem");
        Graph stable = PASSES.optimize(grad);
        assertEquals(1.0, Interpreter.runScalar(stable, 0)[0]);
        assertEquals(0.5 / Math.sqrt(4), Interpreter.runScalar(stable, 4)[0], 1e-16);
        assertEquals(1.0, Interpreter.runScalar(stable, 0.5)[0]);
    }

    @Test
    void logOfOnePlusBecomesLog1p() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64);
        Graph g = PASSES.optimize(b.build(b.log(b.add(b.constant(1), x))));
        assertTrue(has(g, Op.LOG1P) && !has(g, Op.LOG));
        assertEquals(1e-20, Interpreter.runScalar(g, 1e-20)[0], 1e-36);
    }

    @Test
    void expMinusOneBecomesExpm1() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64);
        Graph g = PASSES.optimize(b.build(b.sub(b.exp(x), 1)));
        assertTrue(has(g, Op.EXPM1));
        assertEquals(1e-18, Interpreter.runScalar(g, 1e-18)[0], 1e-34);
    }

    @Test
    void logSumExpDoesNotOverflow() {
        GraphBuilder b = new GraphBuilder();
        Node z = b.input("z", DType.F64, 3);
        Graph g = PASSES.optimize(b.build(b.log(b.sum(b.exp(z)))));
        assertTrue(has(g, Op.LOGSUMEXP) && !has(g, Op.EXP));
        double v = Interpreter.run(g, dev.fluxion.compiler.interpret.NDArray.vector(1000, 1000, 999)).get(0).item();
        assertEquals(1000 + Math.log(2 + Math.exp(-1)), v, 1e-12);
    }

    @Test
    void logSigmoidBecomesNegativeSoftplus() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64);
        Graph g = PASSES.optimize(b.build(b.log(b.sigmoid(x))));
        assertTrue(has(g, Op.SOFTPLUS) && !has(g, Op.SIGMOID));
        assertEquals(-800.0, Interpreter.runScalar(g, -800)[0], 1e-12);
    }

    @Test
    void handWrittenLogisticBecomesSigmoidAndItsGradientStaysAccurate() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64);
        Graph f = b.build(b.rdiv(1, b.add(b.constant(1), b.exp(b.neg(x)))));
        Graph g = PASSES.optimize(ReverseMode.grad(f));
        // σ'(40) = σ(40)σ(-40) ≈ e^-40; the unstable σ(1-σ) gives 0 or garbage there.
        assertEquals(Math.exp(-40) / Math.pow(1 + Math.exp(-40), 2), Interpreter.runScalar(g, 40)[0], 1e-12 * Math.exp(-40));
        assertTrue(has(PASSES.optimize(f), Op.SIGMOID));
    }

    /** Seed 002's example: the gradient of sin keeps only cos, after DCE. */
    @Test
    void gradientOfSinKeepsOnlyCos() {
        GraphBuilder b = new GraphBuilder();
        Node a = b.input("a", DType.F64);
        Graph g = PASSES.optimize(ReverseMode.grad(b.build(b.sin(a))));
        assertFalse(has(g, Op.SIN));
        assertEquals(1, g.operationCount());
        assertEquals(Op.COS, g.output(0).op());
    }

    /** CasADi#1540: the second derivative of √(sin x) computes sin and cos once each. */
    @Test
    void secondDerivativeOfSqrtSinHasOneSinAndOneCos() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64);
        Graph d2 = PASSES.optimize(ReverseMode.derivative(b.build(b.sqrt(b.sin(x))), 2));
        assertEquals(1, d2.nodes().stream().filter(n -> n.op() == Op.SIN).count(), d2.toString());
        assertEquals(1, d2.nodes().stream().filter(n -> n.op() == Op.COS).count(), d2.toString());
        double v = 0.7, s = Math.sin(v), c = Math.cos(v);
        double expected = -0.5 * Math.sqrt(s) - 0.25 * c * c / Math.pow(s, 1.5);  // d²/dx² √(sin x)
        assertEquals(expected, Interpreter.runScalar(d2, v)[0], 1e-14);
    }
}
