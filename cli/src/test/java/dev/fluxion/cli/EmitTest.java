package dev.fluxion.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fluxion emit KIND} and {@code --emit java|bytecode}: Java source that compiles and computes the derivative, and the JIT's bytecode. */
class EmitTest {
    @TempDir
    Path dir;

    @Test
    void emitJavaWritesAClassThatComputesTheGradient() throws Exception {
        Cli.Run r = Cli.run("emit", "java", "x^3 * y^2", "--class", "Cube", "--package", "demo", "-o", dir.toString());
        assertEquals(0, r.code(), r.toString());
        Path source = dir.resolve("demo/Cube.java");
        assertEquals("wrote " + source + "\n", r.out());
        Class<?> c = compile(source, "demo.Cube");
        // x³y² at (2, 3): 72; ∂x = 3x²y² = 108, ∂y = 2x³y = 48
        assertEquals(72.0, (double) c.getMethod("value", double.class, double.class).invoke(null, 2.0, 3.0));
        assertArrayEquals(new double[] {108, 48}, (double[]) c.getMethod("gradient", double.class, double.class).invoke(null, 2.0, 3.0));
        double[] out = new double[3];
        c.getMethod("valueAndGradientInto", double[].class, double[].class).invoke(null, new double[] {2, 3}, out);
        assertArrayEquals(new double[] {72, 108, 48}, out);
    }

    @Test
    void gradEmitJavaPrintsTheClass() {
        Cli.Run r = Cli.run("grad", "sin(x) * y", "--wrt", "x", "--emit", "java", "--class", "SinGrad");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("public final class SinGrad"), r.out());
        assertTrue(r.out().contains("Math.cos(x)"), r.out());
        assertTrue(r.out().contains("public static double gradient(double x, double y)"), r.out());
    }

    @Test
    void bytecodeIsTheDisassembly() {
        Cli.Run r = Cli.run("emit", "bytecode", "x * y");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("DMUL"), r.out());
        assertTrue(r.out().contains("implements dev/fluxion/compiler/codegen/GeneratedKernel"), r.out());
        // the Hessian of x^2 y is {{2y, 2x}, {2x, 0}}, and a product by two is computed as a sum
        String hessian = Cli.run("hessian", "x^2*y", "--emit", "bytecode").out();
        assertTrue(hessian.contains("public run([D[D[D)V") && hessian.contains("DADD"), hessian);
    }

    @Test
    void emitNeedsAKindAndRejectsEmitOption() {
        assertEquals(2, Cli.run("emit").code());
        Cli.Run r = Cli.run("emit", "ir", "x", "--emit", "dot");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--emit is not used here"), r.err());
    }

    @Test
    void aBadClassNameIsAOneLineError() {
        Cli.Run r = Cli.run("emit", "java", "x", "--class", "class");
        assertEquals(1, r.code(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    private Class<?> compile(Path source, String name) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-Xlint:all", "-Werror", "--release", "17", "-d", classes.toString(), source.toString());
        assertEquals(0, rc, Files.readString(source));
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, null).loadClass(name);
    }
}
