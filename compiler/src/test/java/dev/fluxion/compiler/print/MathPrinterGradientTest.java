package dev.fluxion.compiler.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.passes.PassManager;

import org.junit.jupiter.api.Test;

/**
 * Derivatives after the standard passes print as the closed forms one would write by hand. The
 * exact grouping is the passes' business, so these tests pin down the shape of the text (one
 * expression, no selects, no unit factors, a few operators) rather than one spelling of it.
 */
class MathPrinterGradientTest {

    private static String derivative(Graph f, int wrt) {
        Graph d = ReverseMode.vjp(f, new ReverseMode.Options().wrt(wrt)).graph();
        return MathPrinter.print(PassManager.standard().optimize(d));
    }

    private static void assertClosedForm(String text, int maxLength) {
        assertFalse(text.contains("\n"), "no let lines needed: " + text);
        assertFalse(text.contains("where"), "no selects: " + text);
        assertFalse(text.matches("(?s).*(^|[^0-9.e])1 \\*.*") || text.matches("(?s).*\\* 1($|[^0-9.e]).*"), "no unit factors: " + text);
        assertTrue(text.length() <= maxLength, "at most " + maxLength + " characters: " + text);
    }

    @Test
    void gradientOfAMonomialIsAMonomial() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
        Graph f = b.build(b.mul(b.pow(x, 3), b.pow(y, 2)));
        String dx = derivative(f, 0), dy = derivative(f, 1);
        assertClosedForm(dx, 40);   // 3 * x^2 * y^2, in some grouping
        assertClosedForm(dy, 40);   // 2 * x^3 * y
        assertTrue(dx.contains("3") && dx.contains("x") && dx.contains("y"), dx);
        assertTrue(dy.contains("2") && dy.contains("x") && dy.contains("y"), dy);
        assertFalse(dx.contains("3 - 1") || dy.contains("2 - 1"), "exponents are folded: " + dx + ", " + dy);
    }

    @Test
    void gradientOfAQuotientHasNoSelectsOrUnitFactors() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), y = b.input("y", DType.F64), z = b.input("z", DType.F64);
        Graph f = b.build(b.div(b.mul(b.pow(x, 3), b.pow(y, 2)), z));
        for (int k = 0; k < 3; k++) assertClosedForm(derivative(f, k), 60);
    }

    @Test
    void sharedFactorsOfAFullGradientAreBoundOnce() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
        Node e = b.exp(b.mul(x, y));
        Graph grad = PassManager.standard().optimize(ReverseMode.grad(b.build(e)));
        String text = MathPrinter.print(grad);
        assertEquals(1, text.split("let ").length - 1, "exp(x * y) is bound once: " + text);
        assertTrue(text.startsWith("let t1 = exp(x * y)\n("), text);
        assertTrue(text.contains("t1 * y") || text.contains("y * t1"), text);
        assertTrue(text.contains("t1 * x") || text.contains("x * t1"), text);
    }
}
