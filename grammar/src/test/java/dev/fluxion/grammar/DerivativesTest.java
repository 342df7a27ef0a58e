package dev.fluxion.grammar;

import static dev.fluxion.grammar.Graphs.assertSameGraph;
import static dev.fluxion.grammar.Graphs.eval;
import static dev.fluxion.grammar.Graphs.evalOne;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.TensorType;
import dev.fluxion.compiler.passes.PassManager;
import dev.fluxion.compiler.print.MathPrinter;

import org.junit.jupiter.api.Test;

/** Parsed functions differentiate and evaluate: the examples, through reverse mode, the passes and the interpreter. */
class DerivativesTest {

    @Test
    void monomialBuildsTheExpectedGraph() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
        Graph expected = b.build(b.mul(b.pow(x, 3), b.pow(y, 2)));
        Graph parsed = Expression.parse("x^3 * y^2");
        assertSameGraph(expected, parsed);
        assertEquals(72.0, eval(parsed, 2, 3)[0]);
    }

    @Test
    void monomialGradientAtTwoThree() {
        Graph f = Expression.parse("x^3 * y^2");
        Graph grad = PassManager.standard().optimize(ReverseMode.grad(f));
        // ∂/∂x = 3 x² y² = 108 and ∂/∂y = 2 x³ y = 48 at (2, 3)
        assertArrayEquals(new double[] {108, 48}, eval(grad, 2, 3), 1e-12);
        Graph dx = PassManager.standard().optimize(ReverseMode.vjp(f, new ReverseMode.Options().wrt(0)).graph());
        assertEquals(108.0, eval(dx, 2, 3)[0], 1e-12);
        String text = MathPrinter.print(dx);
        assertFalse(text.contains("where") || text.contains("\n"), text);
        assertEquals(108.0, eval(Expression.parse(text), 2, 3)[0], 1e-12, "the printed derivative reads back: " + text);
    }

    @Test
    void monomialHessianAtTwoThree() {
        Graph h = PassManager.standard().optimize(ReverseMode.hessian(Expression.parse("x^3 * y^2")));
        // [[6 x y², 6 x² y], [6 x² y, 2 x³]] at (2, 3)
        assertArrayEquals(new double[] {108, 72, 72, 16}, eval(h, 2, 3), 1e-12);
    }

    @Test
    void quadraticFormTypeChecksAndEvaluates() {
        Graph quad = Source.parse("fn quad(x: f64[3], A: f64[3,3]) = 0.5 * x' @ A @ x").function("quad");
        assertEquals(TensorType.scalar(DType.F64), quad.output(0).type());
        NDArray x = NDArray.vector(1, 2, 3);
        NDArray a = NDArray.of(TensorType.of(DType.F64, 3, 3), new double[] {2, 0, 0, 1, 3, 0, 0, 0, 4});
        // A x = (2, 7, 12), x · A x = 2 + 14 + 36 = 52, halved
        assertEquals(26.0, evalOne(quad, x, a).item(), 1e-12);
        Graph grad = PassManager.standard().optimize(ReverseMode.vjp(quad, new ReverseMode.Options().wrt(0)).graph());
        // ∂/∂x = ½ (A + A') x = ½ ((2, 7, 12) + (4, 6, 12)) = (3, 6.5, 12)
        assertArrayEquals(new double[] {3, 6.5, 12}, evalOne(grad, x, a).toDoubleArray(), 1e-12);
    }

    @Test
    void sineDifferentiatesToCosine() {
        Graph d = PassManager.standard().optimize(ReverseMode.grad(Expression.parse("sin(x)")));
        assertTrue(d.nodes().stream().anyMatch(n -> n.op() == Op.COS));
        assertTrue(d.nodes().stream().noneMatch(n -> n.op() == Op.SIN));
        assertEquals(Math.cos(0.7), eval(d, 0.7)[0], 1e-15);
    }
}
