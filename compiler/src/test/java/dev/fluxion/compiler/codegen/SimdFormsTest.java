package dev.fluxion.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.codegen.bytecode.VectorSupport;
import dev.fluxion.compiler.codegen.java.JavaExport;
import dev.fluxion.compiler.codegen.model.ClassModel;
import dev.fluxion.compiler.codegen.model.MethodModel;
import dev.fluxion.compiler.codegen.model.Stmt;
import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.passes.PassManager;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * The two forms of {@link Stmt.Simd} code — dot products' partial sums and row-sum updates as
 * four-lane vectors, or as scalars — give the same bits: every matmul case, linear models' value
 * and gradient at several widths (multiples of four and not), and second order. The vector form
 * runs only where the JVM resolves {@code jdk.incubator.vector} (the build's tests do); the scalar
 * form, and exported Java (always scalar), everywhere.
 */
class SimdFormsTest {

    static Stream<Named> cases() {
        List<Named> all = new ArrayList<>();
        for (MatmulCases.Case c : MatmulCases.all()) all.add(new Named("matmul " + c.name(), c.graph()));
        for (int[] nd : new int[][] {{317, 100}, {317, 20}, {64, 17}, {33, 16}, {9, 7}, {5, 4}, {3, 3}}) {
            all.add(new Named("logistic n=" + nd[0] + " d=" + nd[1], logistic(nd[0], nd[1])));
        }
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("X", DType.F64, 41, 23), w = b.input("w", DType.F64, 23);
        Node r = b.tanh(b.matmul(x, w));
        all.add(new Named("r @ X and Xᵀ @ r", b.build(b.matmul(r, x), b.matmul(b.transpose(x, 1, 0), b.exp(r)))));
        GraphBuilder h = new GraphBuilder();
        Node y = h.input("X", DType.F64, 29, 18), v = h.input("w", DType.F64, 18);
        all.add(new Named("Hessian of sum(softplus(X w)) in both", PassManager.forCodegen().optimize(
                ReverseMode.hessian(h.build(h.sum(h.softplus(h.matmul(y, v))))))));
        GraphBuilder f = new GraphBuilder();
        Node xf = f.input("X", DType.F32, 37, 44), wf = f.input("w", DType.F32, 44);
        all.add(new Named("f32 row dots and sums", f.build(f.matmul(f.transpose(xf, 1, 0), f.sigmoid(f.matmul(xf, wf))))));
        return all.stream();
    }

    record Named(String name, Graph graph) {
        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void vectorAndScalarFormsGiveTheSameBits(Named c) {
        Graph g = c.graph();
        double[] in = inputs(g);
        ClassModel model = Lowering.lower(g);
        double[] scalar = BytecodeBackend.compile(model, g, false).run(in);
        assertInterpreterAgrees(g, in, scalar);
        assumeTrue(VectorSupport.available(), "the JVM runs without --add-modules jdk.incubator.vector");
        CompiledGraph vector = BytecodeBackend.compile(model, g, true);
        assertTrue(vector.maxMethodBytes() < 8000);
        verifies(vector.classBytes());
        assertArrayEquals(scalar, vector.run(in), "vector form differs from scalar form");
    }

    @Test
    void linearModelsUseVectorsForTheirDotsAndRowSums() {
        Graph g = logistic(317, 100);
        ClassModel model = Lowering.lower(g);
        int simd = simdStatements(model);
        assertTrue(simd >= 2 && simd % 2 == 0, "a Simd for the row dot and one for the row sum in each copy of the loop body: " + simd);
        assumeTrue(VectorSupport.available(), "the JVM runs without --add-modules jdk.incubator.vector");
        String bytes = new String(BytecodeBackend.compile(model, g, true).classBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(bytes.contains("jdk/incubator/vector/DoubleVector"));
        String scalar = new String(BytecodeBackend.compile(model, g, false).classBytes(), StandardCharsets.ISO_8859_1);
        assertFalse(scalar.contains("jdk/incubator/vector"), "the scalar form links nothing of the vector module");
    }

    @Test
    void exportedJavaIsTheScalarForm() {
        String source = new JavaExport().packageName("p").className("C").entry("f", logistic(317, 100)).source();
        assertFalse(source.contains("Vector"), source);
        assertTrue(source.contains("for (int"), source);
    }

    @Test
    void stridedOperandsKeepScalarCode() {
        // X stored transposed: its rows are not contiguous, so neither product has a vector form
        GraphBuilder b = new GraphBuilder();
        Node xt = b.input("Xt", DType.F64, 24, 50), w = b.input("w", DType.F64, 24);
        Node x = b.transpose(xt, 1, 0);
        Graph g = b.build(b.matmul(xt, b.exp(b.matmul(x, w))));
        assertEquals(0, simdStatements(Lowering.lower(g)));
    }

    static Graph logistic(int n, int d) {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("X", DType.F64, n, d), y = b.input("y", DType.F64, n), w = b.input("w", DType.F64, d), c = b.input("b", DType.F64);
        Node z = b.add(b.matmul(x, w), c);
        Graph f = b.build(b.mean(b.sub(b.softplus(z), b.mul(y, z)), false, 0));
        return PassManager.forCodegen().optimize(ReverseMode.vjp(f, new ReverseMode.Options().keepPrimals(true).wrt(2, 3)).graph());
    }

    private static int simdStatements(ClassModel model) {
        int count = 0;
        ArrayDeque<List<Stmt>> blocks = new ArrayDeque<>();
        for (MethodModel m : model.methods()) blocks.push(m.body());
        while (!blocks.isEmpty()) {
            for (Stmt s : blocks.pop()) {
                if (s instanceof Stmt.Simd) count++;
                if (s instanceof Stmt.Loop l) blocks.push(l.body());
            }
        }
        return count;
    }

    private static double[] inputs(Graph g) {
        Random r = new Random(g.nodes().size());
        int n = 0;
        for (Node in : g.inputs()) n += in.type().numel();
        double[] in = new double[n];
        int k = 0;
        for (Node input : g.inputs()) {
            for (int i = 0; i < input.type().numel(); i++) in[k++] = input.dtype() == DType.I64 ? r.nextInt(7) - 3 : input.dtype().round(2 * r.nextDouble() - 1);
        }
        return in;
    }

    private static void assertInterpreterAgrees(Graph g, double[] in, double[] out) {
        List<NDArray> args = new ArrayList<>();
        int k = 0;
        for (Node input : g.inputs()) {
            double[] v = new double[input.type().numel()];
            System.arraycopy(in, k, v, 0, v.length);
            k += v.length;
            args.add(NDArray.of(input.type(), v));
        }
        int o = 0;
        for (NDArray want : Interpreter.run(g, args)) {
            for (double v : want.toDoubleArray()) {
                assertEquals(v, out[o], 1e-12 * Math.abs(v) + 1e-300, "output element " + o);
                o++;
            }
        }
        assertEquals(out.length, o);
    }

    private static void verifies(byte[] classBytes) {
        StringWriter report = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(classBytes), SimdFormsTest.class.getClassLoader(), false, new PrintWriter(report));
        assertEquals("", report.toString(), "CheckClassAdapter found problems");
    }
}
