package dev.fluxion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every subcommand, every emission and the shared options; expected numbers are worked by hand. */
class CommandsTest {
    @TempDir
    Path dir;

    private static Cli.Run ok(String... args) {
        Cli.Run r = Cli.run(args);
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err(), r::toString);
        return r;
    }

    // ---- grad ----------------------------------------------------------------------------------

    @Test
    void gradDefaultsToEveryInput() {
        // f = x*y + sin(z) at (2, 3, 0): ∂x = y = 3, ∂y = x = 2, ∂z = cos 0 = 1
        assertEquals("f = 6\n∂f/∂x = 3\n∂f/∂y = 2\n∂f/∂z = 1\n", ok("grad", "x*y + sin(z)", "--at", "x=2,y=3,z=0").out());
    }

    @Test
    void gradHigherOrderReappliesTheTransform() {
        // d³/dx³ sin x = -cos x = -1 at 0
        assertEquals("f = 0\n∂³f/∂x³ = -1\n", ok("grad", "sin(x)", "--order", "3", "--at", "x=0").out());
        // ∂²/∂x² x³y² = 6xy² = 108, ∂²/∂y² = 2x³ = 16
        assertEquals("f = 72\n∂²f/∂x² = 108\n∂²f/∂y² = 16\n", ok("grad", "x^3 * y^2", "--order", "2", "--at", "x=2,y=3").out());
        // the 4th derivative of x^4 is 24, a constant graph
        assertTrue(ok("grad", "x^4", "--order", "4", "--emit", "expr").out().trim().equals("24"));
    }

    @Test
    void gradOverTensorsFromAFile() throws IOException {
        Path file = dir.resolve("f.fx");
        Files.writeString(file, "fn norm2(v: f64[3]) = sum(v^2)\nfn other(x) = x\n");
        // ∇ sum(v²) = 2v
        assertEquals("f = 14\n∂f/∂v = [2, 4, 6]\n",
                ok("grad", "--file", file.toString(), "--fn", "norm2", "--at", "v=[1,2,3]").out());
    }

    @Test
    void aFileWithOneFunctionNeedsNoFn() throws IOException {
        Path file = dir.resolve("rosen.fx");
        Files.writeString(file, "fn rosenbrock(x, y) =\n    let a = 1 - x\n    a^2 + 100 * (y - x^2)^2\n");
        // at (1, 2): f = 100, ∂x = -2(1-x) - 400x(y-x²) = -400, ∂y = 200(y-x²) = 200
        assertEquals("f = 100\n∂f/∂x = -400\n∂f/∂y = 200\n", ok("grad", "--file", file.toString(), "--at", "x=1", "--at", "y=2").out());
    }

    // ---- jacobian, hessian -----------------------------------------------------------------------

    @Test
    void jacobianOfScalarsIsAMatrix() {
        // rows per output: (x*y, x+y) -> [[y, x], [1, 1]]
        assertEquals("[[3, 2], [1, 1]]\n", ok("jacobian", "(x*y, x+y)", "--at", "x=2,y=3").out());
        assertEquals("[[2], [1]]\n", ok("jacobian", "(x*y, x+y)", "--wrt", "y", "--at", "x=2,y=3").out());
    }

    @Test
    void jacobianOfTensorsIsOneLinePerBlock() throws IOException {
        Path file = dir.resolve("j.fx");
        Files.writeString(file, "fn scale(v: f64[2], s) = v * s\n");
        assertEquals("∂f/∂v = [[3, 0], [0, 3]]\n∂f/∂s = [1, 2]\n",
                ok("jacobian", "--file", file.toString(), "--at", "v=[1,2],s=3").out());
    }

    @Test
    void hessianRestrictedToWrt() {
        assertEquals("[[16]]\n", ok("hessian", "x^3 * y^2", "--wrt", "y", "--at", "x=2,y=3").out());
    }

    @Test
    void hessianOfATensorInputIsABlock() throws IOException {
        Path file = dir.resolve("q.fx");
        Files.writeString(file, "fn quad(x: f64[2], A: f64[2,2]) = 0.5 * x' @ A @ x\n");
        // H = (A + Aᵀ)/2 = A for symmetric A
        assertEquals("∂²f/∂x² = [[2, 1], [1, 3]]\n",
                ok("hessian", "--file", file.toString(), "--wrt", "x", "--at", "x=[1,1],A=[[2,1],[1,3]]").out());
    }

    // ---- jvp, vjp ------------------------------------------------------------------------------

    @Test
    void jvpIsTheDirectionalDerivative() {
        // ∇(x³y²) = (108, 48) at (2, 3); along (1, 1): 156; along (1, 0): 108
        assertEquals("f = 72\njvp = 156\n", ok("jvp", "x^3 * y^2", "--at", "x=2,y=3", "--tangent", "x=1,y=1").out());
        assertEquals("f = 72\njvp = 108\n", ok("jvp", "x^3 * y^2", "--at", "x=2,y=3", "--tangent", "x=1,y=0").out());
        // J·v of (x*y, x+y) along (1, 2): (y + 2x, 3) = (7, 3)
        assertEquals("f[0] = 6\nf[1] = 5\njvp[0] = 7\njvp[1] = 3\n",
                ok("jvp", "(x*y, x+y)", "--at", "x=2,y=3", "--tangent", "x=1,y=2").out());
    }

    @Test
    void jvpGraphTakesTangentInputs() {
        String ir = ok("jvp", "x*y", "--emit", "ir").out();
        assertTrue(ir.startsWith("{ lambda x:f64[], y:f64[], dx:f64[], dy:f64[] ."), ir);
        assertFalse(ir.contains("ct0"), ir);
    }

    @Test
    void vjpWeighsTheOutputs() {
        // uᵀJ of (x*y, x+y) with u = (1, 2): x-part y + 2 = 5, y-part x + 2 = 4
        assertEquals("f[0] = 6\nf[1] = 5\nvjp[x] = 5\nvjp[y] = 4\n",
                ok("vjp", "(x*y, x+y)", "--at", "x=2,y=3", "--cotangent", "1,2").out());
        // default cotangent: ones
        assertEquals("f[0] = 6\nf[1] = 5\nvjp[x] = 4\nvjp[y] = 3\n", ok("vjp", "(x*y, x+y)", "--at", "x=2,y=3").out());
        assertTrue(ok("vjp", "(x*y, x+y)", "--emit", "ir").out().contains("ct0:f64[], ct1:f64[]"));
    }

    // ---- eval, ir, emissions, passes -----------------------------------------------------------

    @Test
    void evalPrintsEveryOutput() {
        assertEquals("f = 5\n", ok("eval", "sqrt(x^2 + y^2)", "--at", "x=3,y=4").out());
        assertEquals("f[0] = 5\nf[1] = 0.5\n", ok("eval", "(x + y, x / 4)", "--at", "x=2,y=3").out());
        assertEquals("f = inf\n", ok("eval", "x / 0", "--at", "x=1").out());
        assertEquals("f = nan\n", ok("eval", "log(x)", "--at", "x=-1").out());
    }

    @Test
    void irPrintsTheOptimisedGraphUnlessNoOpt() {
        assertEquals("{ lambda x:f64[] .\n  let\n    a:f64[] = sin x\n  in (a) }\n", ok("ir", "sin(x) * 1 + 0").out());
        String raw = ok("ir", "sin(x) * 1 + 0", "--no-opt").out();
        assertTrue(raw.contains("mul") && raw.contains("add"), raw);
    }

    @Test
    void noOptKeepsTheUnsimplifiedDerivative() {
        String opt = ok("grad", "x^3 * y^2", "--wrt", "x", "--emit", "ir").out();
        String raw = ok("grad", "x^3 * y^2", "--wrt", "x", "--emit", "ir", "--no-opt").out();
        assertTrue(raw.lines().count() > opt.lines().count(), raw + "\nvs\n" + opt);
        // both evaluate the same
        assertEquals(ok("grad", "x^3 * y^2", "--at", "x=2,y=3", "--no-opt").out(), ok("grad", "x^3 * y^2", "--at", "x=2,y=3").out());
    }

    @Test
    void dotEmission() {
        String dot = ok("grad", "sin(x)", "--emit", "dot").out();
        assertTrue(dot.startsWith("digraph fluxion {"), dot);
        assertTrue(dot.contains("cos"), dot);
        assertTrue(dot.endsWith("}\n"), dot);
    }

    @Test
    void printAfterShowsTheIrAfterAPass() {
        String out = ok("grad", "x*y", "--wrt", "x", "--print-after", "dce", "--emit", "expr").out();
        assertTrue(out.startsWith("# after dce (round 1)\n{ lambda x:f64[], y:f64[] ."), out);
        assertTrue(out.endsWith("y\n"), out);
        String all = ok("eval", "x + 0", "--print-after", "all", "--emit", "expr").out();
        for (String pass : new String[] {"fold", "simplify", "stable", "cse", "dce"}) {
            assertTrue(all.contains("# after " + pass + " (round 1)"), all);
        }
    }

    @Test
    void tensorValuesInAt() throws IOException {
        Path file = dir.resolve("m.fx");
        Files.writeString(file, "fn trace_of_gram(M: f64[2,3]) = sum(M * M)\n");
        // sum of squares 1..6 = 91; gradient 2M
        assertEquals("f = 91\n∂f/∂M = [[2, 4, 6], [8, 10, 12]]\n",
                ok("grad", "--file", file.toString(), "--at", "M=[[1, 2, 3], [4, 5, 6]]").out());
    }
}
