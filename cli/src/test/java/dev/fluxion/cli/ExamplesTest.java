package dev.fluxion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The four examples of issue 7, with the numbers worked by hand: f = x³y², at (2, 3). */
class ExamplesTest {

    @Test
    void gradientAtAPoint() {
        Cli.Run r = Cli.run("grad", "x^3 * y^2", "--wrt", "x,y", "--at", "x=2,y=3");
        assertEquals(0, r.code(), r::toString);
        // f = 8*9 = 72, ∂f/∂x = 3x²y² = 108, ∂f/∂y = 2x³y = 48
        assertEquals("f = 72\n∂f/∂x = 108\n∂f/∂y = 48\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void hessianAtAPoint() {
        Cli.Run r = Cli.run("hessian", "x^3 * y^2", "--at", "x=2,y=3");
        assertEquals(0, r.code(), r::toString);
        // [[6xy², 6x²y], [6x²y, 2x³]] = [[108, 72], [72, 16]]
        assertEquals("[[108, 72], [72, 16]]\n", r.out());
    }

    @Test
    void gradientAsAShortExpression() {
        Cli.Run r = Cli.run("grad", "x^3 * y^2", "--wrt", "x", "--emit", "expr");
        assertEquals(0, r.code(), r::toString);
        String expr = r.out().trim();
        assertFalse(expr.contains("\n"), expr);
        assertTrue(expr.length() <= 30, "not short: " + expr);
        assertTrue(expr.contains("3") && expr.contains("x") && expr.contains("y"), expr);
        assertFalse(expr.contains("let"), expr);
        // the text reads back as a function equal to 3x²y²
        Cli.Run check = Cli.run("eval", expr, "--at", "x=2,y=3");
        assertEquals("f = 108\n", check.out(), check::toString);
    }

    @Test
    void gradientOfSineAsIr() {
        Cli.Run r = Cli.run("grad", "sin(x)", "--wrt", "x", "--emit", "ir");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("{ lambda x:f64[] ."), r.out());
        assertTrue(r.out().contains("= cos x"), r.out());
        assertFalse(r.out().contains("sin"), r.out());
    }
}
