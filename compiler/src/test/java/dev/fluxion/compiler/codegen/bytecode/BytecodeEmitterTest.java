package dev.fluxion.compiler.codegen.bytecode;

import dev.fluxion.compiler.codegen.GeneratedKernel;
import dev.fluxion.compiler.codegen.model.ArrayVar;
import dev.fluxion.compiler.codegen.model.ClassModel;
import dev.fluxion.compiler.codegen.model.ConstantArray;
import dev.fluxion.compiler.codegen.model.Expr;
import dev.fluxion.compiler.codegen.model.Expr.BinaryOp;
import dev.fluxion.compiler.codegen.model.Expr.Comparison;
import dev.fluxion.compiler.codegen.model.Expr.UnaryOp;
import dev.fluxion.compiler.codegen.model.Local;
import dev.fluxion.compiler.codegen.model.MathFunction;
import dev.fluxion.compiler.codegen.model.MethodModel;
import dev.fluxion.compiler.codegen.model.Stmt;
import dev.fluxion.compiler.interpret.SpecialFunctions;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.fluxion.compiler.codegen.bytecode.KernelTesting.*;
import static dev.fluxion.compiler.codegen.ModelDsl.*;
import static org.junit.jupiter.api.Assertions.*;

/** Semantics of emitted code, one construct of the source model at a time, on hand-built models. */
class BytecodeEmitterTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;
    /** Operand pairs that exercise the corner cases of IEEE arithmetic and comparison. */
    private static final double[][] PAIRS = {
        {1.5, 2.25}, {2.25, 1.5}, {2, 2}, {-3.5, 0.75}, {NAN, 1}, {1, NAN}, {NAN, NAN}, {-0.0, 0.0}, {0.0, -0.0},
        {INF, INF}, {-INF, INF}, {INF, 0}, {0, 0}, {1e-310, 3}, {-7, 2}, {0.5, -0.25},
    };

    @Test
    void straightLineArithmeticThroughLocals() {
        Local a = dl("a"), b = dl("b"), s = dl("s");
        ClassModel m = model(3, 2, 0, List.of(
                assign(a, add(in(0), in(1))),
                assign(b, mul(read(a), in(2))),
                assign(s, bin(BinaryOp.SUB, read(b), bin(BinaryOp.DIV, in(0), in(1)))),
                out(0, read(s)),
                out(1, bin(BinaryOp.REM, in(0), in(1)))));
        GeneratedKernel k = load(m);
        for (double[] p : PAIRS) {
            double x = p[0], y = p[1], z = 0.3;
            double[] got = run(k, m, x, y, z);
            assertEquals((x + y) * z - x / y, got[0]);
            assertEquals(x % y, got[1]);
        }
    }

    @Test
    void everyMathFunctionCallsTheSameMethodAsJava() {
        MathFunction[] fs = MathFunction.values();
        List<Stmt> body = new ArrayList<>();
        for (int k = 0; k < fs.length; k++) {
            List<Expr> args = fs[k].arity() == 1 ? List.of(in(0)) : List.of(in(0), in(1));
            body.add(out(k, new Expr.Call(fs[k], args)));
        }
        ClassModel m = model(2, fs.length, 0, body);
        GeneratedKernel k = load(m);
        double[] xs = {0.5, -0.1, 1, 2, 3, -2.5, 0.0, -0.0, 7.25, 40, -40, 1e-300, NAN, INF, -INF};
        for (double x : xs) {
            for (double y : new double[] {0.5, -3, 2, NAN}) {
                double[] got = run(k, m, x, y);
                for (int f = 0; f < fs.length; f++) {
                    assertEquals(reference(fs[f], x, y), got[f], fs[f] + "(" + x + ", " + y + ")");
                }
            }
        }
        // Spot values, independent of SpecialFunctions, so a wrong call target cannot hide.
        double[] got = run(k, m, 1, 0);
        assertEquals(0.8427007929497149, got[MathFunction.ERF.ordinal()], 1e-15);
        assertEquals(1 / (1 + Math.exp(-1)), got[MathFunction.SIGMOID.ordinal()], 1e-15);
        assertEquals(Math.log1p(Math.E), got[MathFunction.SOFTPLUS.ordinal()], 1e-15);
        assertEquals(1.0, got[MathFunction.RSQRT.ordinal()]);
    }

    @Test
    void unaryOpsMatchJavaCasts() {
        Local n = il("n");
        ClassModel m = model(1, 5, 0, List.of(
                out(0, un(UnaryOp.NEG, in(0))),
                out(1, un(UnaryOp.ROUND_F32, in(0))),
                out(2, un(UnaryOp.TRUNC_I64, in(0))),
                assign(n, un(UnaryOp.TO_INT, in(0))),
                out(3, un(UnaryOp.TO_DOUBLE, read(n))),
                out(4, un(UnaryOp.TO_DOUBLE, bin(BinaryOp.ADD, read(n), i(1))))));
        GeneratedKernel k = load(m);
        for (double x : new double[] {0.0, -0.0, 0.1, -2.7, 2.7, -0.5, 1e40, -1e19, 1e19, 3e9, NAN, INF, -INF, Math.PI}) {
            double[] got = run(k, m, x);
            assertEquals(-x, got[0], "neg " + x);
            assertEquals((double) (float) x, got[1], "f32 " + x);
            assertEquals((double) (long) x, got[2], "i64 " + x);
            assertEquals((double) (int) x, got[3], "int " + x);
            assertEquals((double) ((int) x + 1), got[4], "int+1 " + x);
        }
    }

    @Test
    void binaryOpsOnDoublesAndInts() {
        Local p = il("p"), q = il("q");
        List<Stmt> body = new ArrayList<>(List.of(assign(p, un(UnaryOp.TO_INT, in(0))), assign(q, un(UnaryOp.TO_INT, in(1)))));
        BinaryOp[] ops = BinaryOp.values();
        for (int k = 0; k < ops.length; k++) {
            body.add(out(k, bin(ops[k], in(0), in(1))));
            body.add(out(ops.length + k, un(UnaryOp.TO_DOUBLE, bin(ops[k], read(p), read(q)))));
        }
        ClassModel m = model(2, 2 * ops.length, 0, body);
        GeneratedKernel k = load(m);
        double[][] intPairs = {{7, 2}, {-7, 2}, {7, -2}, {-7, -2}, {Integer.MAX_VALUE, 1}, {Integer.MIN_VALUE, -1}, {0, 5}};
        for (double[] pr : intPairs) {
            double[] got = run(k, m, pr);
            int a = (int) pr[0], b = (int) pr[1];
            assertArrayEquals(new double[] {pr[0] + pr[1], pr[0] - pr[1], pr[0] * pr[1], pr[0] / pr[1], pr[0] % pr[1],
                    a + b, a - b, a * b, a / b, a % b}, got, pr[0] + ", " + pr[1]);
        }
        assertThrows(ArithmeticException.class, () -> run(k, m, 1, 0), "int division by zero throws as in Java");
    }

    @Test
    void doubleComparisonsFollowJavaIncludingNaN() {
        Comparison[] cs = Comparison.values();
        List<Stmt> body = new ArrayList<>();
        for (int k = 0; k < cs.length; k++) {
            body.add(out(k, new Expr.Conditional(cs[k], in(0), in(1), d(1), d(0))));
        }
        ClassModel m = model(2, cs.length, 0, body);
        GeneratedKernel k = load(m);
        for (double[] p : PAIRS) {
            double a = p[0], b = p[1];
            double[] expected = {a < b ? 1 : 0, a <= b ? 1 : 0, a > b ? 1 : 0, a >= b ? 1 : 0, a == b ? 1 : 0, a != b ? 1 : 0};
            assertArrayEquals(expected, run(k, m, p), a + " vs " + b);
        }
    }

    @Test
    void intComparisonsAndIntConditionals() {
        Local a = il("a"), b = il("b");
        Comparison[] cs = Comparison.values();
        List<Stmt> body = new ArrayList<>(List.of(assign(a, un(UnaryOp.TO_INT, in(0))), assign(b, un(UnaryOp.TO_INT, in(1)))));
        for (int k = 0; k < cs.length; k++) {
            // an int-valued conditional, converted for output, checks int branches too
            Expr pick = new Expr.Conditional(cs[k], read(a), read(b), i(10 + k), i(-1000));
            body.add(out(k, un(UnaryOp.TO_DOUBLE, pick)));
        }
        ClassModel m = model(2, cs.length, 0, body);
        GeneratedKernel k = load(m);
        for (int[] p : new int[][] {{1, 2}, {2, 1}, {3, 3}, {-5, 4}, {Integer.MIN_VALUE, Integer.MAX_VALUE}}) {
            int x = p[0], y = p[1];
            boolean[] holds = {x < y, x <= y, x > y, x >= y, x == y, x != y};
            double[] got = run(k, m, x, y);
            for (int c = 0; c < cs.length; c++) assertEquals(holds[c] ? 10 + c : -1000, got[c], cs[c] + " " + x + " " + y);
        }
    }

    @Test
    void conditionalBranchesPassSignedZeroAndNaNThrough() {
        ClassModel m = model(1, 2, 0, List.of(
                out(0, new Expr.Conditional(Comparison.GT, in(0), d(0), d(-0.0), d(NAN))),
                out(1, new Expr.Conditional(Comparison.LE, in(0), d(0), in(0), d(-0.0)))));
        GeneratedKernel k = load(m);
        assertArrayEquals(new double[] {-0.0, -0.0}, run(k, m, 1));
        assertArrayEquals(new double[] {NAN, -2}, run(k, m, -2));
        assertArrayEquals(new double[] {NAN, -0.0}, run(k, m, NAN));
    }

    @Test
    void doubleConstantsKeepTheirExactBits() {
        double[] values = {0.0, -0.0, 1.0, -1.0, 2.0, NAN, INF, -INF, Double.MIN_VALUE, -Double.MAX_VALUE, 1e-300, 0.1,
            Double.longBitsToDouble(0x7ff8000000000123L)};
        List<Stmt> body = new ArrayList<>();
        for (int k = 0; k < values.length; k++) body.add(out(k, d(values[k])));
        ClassModel m = model(0, values.length, 0, body);
        double[] got = run(load(m), m);
        for (int k = 0; k < values.length; k++) {
            assertEquals(Double.doubleToRawLongBits(values[k]), Double.doubleToRawLongBits(got[k]), "constant " + values[k]);
        }
    }

    @Test
    void intConstantsOfEverySize() {
        int[] values = {-1, 0, 5, 6, -2, 127, 128, -128, -129, 32767, 32768, -32768, -32769, Integer.MAX_VALUE, Integer.MIN_VALUE};
        List<Stmt> body = new ArrayList<>();
        for (int k = 0; k < values.length; k++) body.add(out(k, un(UnaryOp.TO_DOUBLE, i(values[k]))));
        ClassModel m = model(0, values.length, 0, body);
        double[] got = run(load(m), m);
        for (int k = 0; k < values.length; k++) assertEquals(values[k], got[k]);
    }

    @Test
    void loopSumsAnArray() {
        Local s = dl("s"), idx = il("i");
        int n = 100;
        ClassModel m = model(n, 1, 0, List.of(
                assign(s, d(0)),
                loop(idx, i(0), i(n), assign(s, add(read(s), load(ArrayVar.IN, read(idx))))),
                out(0, read(s))));
        double[] x = new double[n];
        double expected = 0;
        for (int k = 0; k < n; k++) {
            x[k] = Math.sin(k) * 10;
            expected += x[k];
        }
        assertEquals(expected, run(load(m), m, x)[0]);
    }

    @Test
    void nestedLoopsMultiplyMatrices() {
        // out (2x2) = A (2x3, in[0..6)) @ B (3x2, in[6..12)); acc is declared inside the j loop
        Local r = il("r"), c = il("c"), k = il("k"), acc = dl("acc");
        Expr aIndex = bin(BinaryOp.ADD, mul(read(r), i(3)), read(k));
        Expr bIndex = bin(BinaryOp.ADD, i(6), bin(BinaryOp.ADD, mul(read(k), i(2)), read(c)));
        ClassModel m = model(12, 4, 0, List.of(
                loop(r, i(0), i(2),
                        loop(c, i(0), i(2),
                                assign(acc, d(0)),
                                loop(k, i(0), i(3), assign(acc, add(read(acc), mul(load(ArrayVar.IN, aIndex), load(ArrayVar.IN, bIndex))))),
                                store(ArrayVar.OUT, bin(BinaryOp.ADD, mul(read(r), i(2)), read(c)), read(acc))))));
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        assertArrayEquals(new double[] {58, 64, 139, 154}, run(load(m), m, x));
    }

    @Test
    void loopBoundsFollowJavaForSemantics() {
        Local count = dl("count"), n = il("n"), idx = il("i"), j = il("j");
        ClassModel m = model(0, 3, 0, List.of(
                // empty range: the body never runs
                assign(count, d(0)),
                loop(idx, i(5), i(3), assign(count, add(read(count), d(1)))),
                out(0, read(count)),
                // the bound is re-read before every iteration, as in `for (i = 0; i < n; i++) n--;`
                assign(n, i(10)),
                assign(count, d(0)),
                loop(idx, i(0), read(n), assign(n, bin(BinaryOp.SUB, read(n), i(1))), assign(count, add(read(count), d(1)))),
                out(1, read(count)),
                // a triangular loop nest whose inner start is the outer index; i is reused as a name
                assign(count, d(0)),
                loop(idx, i(0), i(6), loop(j, read(idx), i(6), assign(count, add(read(count), d(1))))),
                out(2, read(count))));
        int javaCount = 0;
        for (int k = 0, bound = 10; k < bound; k++) {
            bound--;
            javaCount++;
        }
        assertArrayEquals(new double[] {0, javaCount, 21}, run(load(m), m));
    }

    @Test
    void helpersShareTheArraysAndTheEntryNeedNotBeNamedRun() {
        Local idx = il("i"), s = dl("s");
        List<MethodModel> methods = List.of(
                new MethodModel("compute", "entry", List.of(
                        new Stmt.Comment("double the inputs into work, then sum them"),
                        new Stmt.Invoke("twice"),
                        new Stmt.Invoke("total"))),
                new MethodModel("twice", "work = 2 in", List.of(
                        loop(idx, i(0), i(4), store(ArrayVar.WORK, read(idx), mul(d(2), load(ArrayVar.IN, read(idx))))))),
                new MethodModel("total", "out = sum work", List.of(
                        assign(s, d(0)),
                        loop(idx, i(0), i(4), assign(s, add(read(s), load(ArrayVar.WORK, read(idx))))),
                        out(0, read(s)))));
        ClassModel m = new ClassModel("helpers", List.of(), methods, "compute", 4, new int[] {0, 4}, new int[] {0, 1});
        byte[] bytes = emit(m);
        GeneratedKernel k = KernelLoader.load(bytes, m);
        assertArrayEquals(new double[] {20}, run(k, m, 1, 2, 3, 4));
        assertEquals(Set.of("<init>", "compute", "twice", "total", "run", "apply"), MethodSizes.of(bytes).keySet());
        // the checked entry calls the entry with the kernel's own per-thread scratch
        double[] out = new double[1];
        k.apply(new double[] {1, 2, 3, 4}, out);
        assertArrayEquals(new double[] {20}, out);
    }

    @Test
    void constantArraysAreFieldsCopiedAtLoad() {
        ArrayVar c = new ArrayVar("c"), w = new ArrayVar("weights");
        double[] cValues = {1, 2, 3};
        Local idx = il("i");
        ClassModel m = model(3, 3, 0, List.of(
                loop(idx, i(0), i(3), store(ArrayVar.OUT, read(idx),
                        add(mul(load(c, read(idx)), load(ArrayVar.IN, read(idx))), load(w, read(idx)))))),
                new ConstantArray(c, cValues),
                new ConstantArray(w, new double[] {0.5, -0.0, -1}));
        GeneratedKernel k = load(m);
        cValues[0] = 100; // the kernel holds a copy
        assertArrayEquals(new double[] {10.5, 40, 89}, run(k, m, 10, 20, 30));
    }

    @Test
    void checkIndexThrowsWithMessageAndIndex() {
        ArrayVar table = new ArrayVar("table");
        Local idx = il("idx");
        ClassModel m = model(2, 2, 0, List.of(
                assign(idx, un(UnaryOp.TO_INT, in(0))),
                new Stmt.CheckIndex(read(idx), 3, "gather index out of range: "),
                out(0, load(table, read(idx))),
                // an index that is an expression, not a local, takes the other code path
                new Stmt.CheckIndex(un(UnaryOp.TO_INT, in(1)), 40000, "scatter_add index out of range: "),
                out(1, in(1))),
                new ConstantArray(table, new double[] {7, 8, 9}));
        GeneratedKernel k = load(m);
        assertArrayEquals(new double[] {9, 39999}, run(k, m, 2, 39999));
        assertEquals("gather index out of range: 3",
                assertThrows(IndexOutOfBoundsException.class, () -> run(k, m, 3, 0)).getMessage());
        assertEquals("gather index out of range: -1",
                assertThrows(IndexOutOfBoundsException.class, () -> run(k, m, -1, 0)).getMessage());
        assertEquals("scatter_add index out of range: 40000",
                assertThrows(IndexOutOfBoundsException.class, () -> run(k, m, 0, 40000)).getMessage());
        assertEquals("scatter_add index out of range: -7",
                assertThrows(IndexOutOfBoundsException.class, () -> run(k, m, 0, -7)).getMessage());
    }

    @Test
    void fiveThousandLocalsUseWideSlots() {
        int n = 5000;
        List<Stmt> body = new ArrayList<>();
        body.add(assign(dl("x0"), in(0)));
        for (int k = 1; k < n; k++) body.add(assign(dl("x" + k), add(read(dl("x" + (k - 1))), d(1))));
        body.add(out(0, read(dl("x" + (n - 1)))));
        body.add(out(1, add(read(dl("x0")), read(dl("x" + (n / 2))))));
        ClassModel m = model(1, 2, 0, body);
        byte[] bytes = emit(m);
        assertTrue(MethodSizes.of(bytes).get("run") > MethodSizes.HUGE_METHOD_LIMIT, "this method is deliberately huge");
        double[] got = run(KernelLoader.load(bytes, m), m, 0.25);
        assertArrayEquals(new double[] {0.25 + (n - 1), 0.25 + 0.25 + n / 2}, got);
    }

    @Test
    void methodsOverTheJvmLimitAreRejected() {
        List<Stmt> body = new ArrayList<>();
        body.add(assign(dl("x0"), in(0)));
        for (int k = 1; k < 8000; k++) body.add(assign(dl("x" + k), add(read(dl("x" + (k - 1))), d(1))));
        ClassModel m = model(1, 0, 0, body);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BytecodeEmitter.emit(m, BytecodeEmitter.PACKAGE + "TooBig"));
        assertTrue(e.getMessage().contains("run"), e.getMessage());
    }

    @Test
    void malformedModelsAreRejected() {
        Local x = dl("x"), idx = il("i");
        assertRejected(model(1, 1, 0, List.of(out(0, read(x)))), "read before it is assigned");
        // a local first assigned in a loop body is out of scope after the loop, as in Java
        assertRejected(model(1, 1, 0, List.of(loop(idx, i(0), i(2), assign(x, in(0))), out(0, read(x)))), "read before it is assigned");
        assertRejected(model(1, 1, 0, List.of(loop(idx, i(0), i(2)), out(0, un(UnaryOp.TO_DOUBLE, read(idx))))), "read before it is assigned");
        assertRejected(model(1, 1, 0, List.of(assign(x, in(0)), assign(il("x"), i(1)))), "both");
        assertRejected(model(1, 1, 0, List.of(assign(dl("in"), in(0)))), "parameter");
        assertRejected(model(1, 1, 0, List.of(out(0, load(new ArrayVar("nowhere"), i(0))))), "unknown array");
        assertRejected(model(1, 1, 0, List.of(new Stmt.Invoke("missing"))), "unknown method");
        ArrayVar c = new ArrayVar("c");
        assertRejected(model(1, 1, 0, List.of(store(c, i(0), d(1))), new ConstantArray(c, new double[1])),
                "constant");
        ClassModel helperNamedRun = new ClassModel("m", List.of(), List.of(
                new MethodModel("main", "", List.of(new Stmt.Invoke("run"))),
                new MethodModel("run", "", List.of())), "main", 0, new int[] {0}, new int[] {0});
        assertRejected(helperNamedRun, "run");
    }

    private static void assertRejected(ClassModel m, String messagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BytecodeEmitter.emit(m, BytecodeEmitter.PACKAGE + "Bad"));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void disassemblyShowsStructureAndDebugInformation() {
        Local s = dl("s");
        ClassModel m = model(2, 1, 0, List.of(new Stmt.Comment("sum"), assign(s, add(in(0), in(1))), out(0, read(s))));
        String text = Disassembler.disassemble(emit(m));
        assertTrue(text.contains("final class dev/fluxion/compiler/codegen/bytecode/TestKernel"), text);
        assertTrue(text.contains("implements dev/fluxion/compiler/codegen/GeneratedKernel"), text);
        assertTrue(text.contains("public run([D[D[D)V"), text);
        assertTrue(text.contains("DADD"), text);
        assertTrue(text.contains("// compiled from: " + BytecodeEmitter.SOURCE_FILE), text);
        // the comment is statement 1, so the assignment and store are lines 2 and 3
        assertTrue(text.contains("LINENUMBER 2 ") && text.contains("LINENUMBER 3 "), text);
        assertTrue(text.contains("LOCALVARIABLE work [D"), text);
    }

    @Test
    void methodSizesReadsCodeLengths() {
        ClassModel m = model(1, 1, 0, List.of(out(0, in(0))));
        // ALOAD_2 ICONST_0 ALOAD_1 ICONST_0 DALOAD DASTORE RETURN; the constructor: ALOAD_0 INVOKESPECIAL RETURN;
        // apply: ALOAD_1 ICONST_1 ALOAD_2 ICONST_1 INVOKESTATIC(3) ALOAD_0 ALOAD_1 ALOAD_2 GETSTATIC(3) INVOKEVIRTUAL(3) RETURN
        assertEquals(Map.of("<init>", 5, "run", 7, "apply", 17), MethodSizes.of(emit(m)));
        assertEquals(17, MethodSizes.max(emit(m)));
    }
}
