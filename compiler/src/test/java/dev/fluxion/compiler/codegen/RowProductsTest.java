package dev.fluxion.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.codegen.java.JavaExport;
import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.passes.PassManager;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Matrix–vector products fused into loops over rows ({@link RowProducts}): a row dot {@code X @ w}
 * computed per element of the loop that uses it, and row sums {@code Xᵀ @ r} / {@code r @ X}
 * accumulated as the loop computes r. Every case equals the interpreter; the linear models'
 * gradients read X in one loop.
 */
class RowProductsTest {
    private static final int N = 317;

    /** Logistic regression: mean(softplus(X w + b) - y (X w + b)), its value and gradient in w and b. */
    private static Graph logistic(int n, int d) {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("X", DType.F64, n, d), y = b.input("y", DType.F64, n), w = b.input("w", DType.F64, d), c = b.input("b", DType.F64);
        Node z = b.add(b.matmul(x, w), c);
        Graph f = b.build(b.mean(b.sub(b.softplus(z), b.mul(y, z)), false, 0));
        return PassManager.forCodegen().optimize(ReverseMode.vjp(f, new ReverseMode.Options().keepPrimals(true).wrt(2, 3)).graph());
    }

    @ParameterizedTest(name = "n={0} d={1}")
    @CsvSource({"317, 20", "317, 7", "317, 1", "64, 100", "2, 3"})
    void logisticRegressionGradientMatchesTheInterpreterAndReadsXOnce(int n, int d) {
        Graph g = logistic(n, d);
        check(g);
        if (n == N) assertEquals(1, loopsOver(n, g), "one loop over the rows of X:\n" + source(g));
    }

    @Test
    void rowSumOnTheLeftAndAnAliasThatIsAlsoAnOutput() {
        // r @ X with r = tanh(X w) (the [n] @ [n, d] form), plus reshape(r) returned as well
        check(build(5, (b, x, w) -> {
            Node r = b.tanh(b.matmul(x, w));
            return List.of(b.matmul(r, x), b.reshape(r, N, 1), b.sum(r));
        }));
    }

    @Test
    void twoRowSumsAndAColumnVectorShareOneLoop() {
        Graph g = build(9, (b, x, w) -> {
            Node z = b.matmul(x, w);
            Node r1 = b.reshape(b.sigmoid(z), N, 1), r2 = b.unsqueeze(b.square(z), 0);
            return List.of(b.matmul(b.transpose(x, 1, 0), r1), b.matmul(r2, x));
        });
        check(g);
        assertEquals(1, loopsOver(N, g), source(g));
    }

    @Test
    void aMatrixStoredTransposedIsNotReadByRows() {
        // X given as [d, n] and used transposed: its rows are strided, so the product keeps its own kernel
        GraphBuilder b = new GraphBuilder();
        Node xt = b.input("Xt", DType.F64, 6, N), w = b.input("w", DType.F64, 6);
        Node x = b.transpose(xt, 1, 0);
        Node r = b.exp(b.matmul(x, w));
        check(b.build(b.matmul(xt, r), b.sum(r)));
    }

    @Test
    void aVectorComputedInTheSameLoopIsFinishedFirst() {
        // X [n, n] @ tanh(v): the loop over n that computes tanh(v) must end before the row dots start
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("X", DType.F64, N, N), v = b.input("v", DType.F64, N);
        Node t = b.tanh(v);
        Node z = b.exp(b.mul(b.matmul(x, t), 0.01));
        check(b.build(b.matmul(b.transpose(x, 1, 0), b.add(z, t))));
    }

    @Test
    void secondOrderGradientOfTheLinearModel() {
        // X a constant, so that the Hessian is the one in w: X' diag(sigmoid'(X w)) X
        GraphBuilder b = new GraphBuilder();
        double[] data = new double[N * 4];
        for (int i = 0; i < data.length; i++) data[i] = Math.cos(1.7 * i);
        Node x = b.constant(data, dev.fluxion.compiler.ir.TensorType.of(DType.F64, N, 4)), w = b.input("w", DType.F64, 4);
        Graph f = b.build(b.sum(b.softplus(b.matmul(x, w))));
        check(PassManager.forCodegen().optimize(ReverseMode.hessian(f)));
    }

    private interface Body {
        List<Node> outputs(GraphBuilder b, Node x, Node w);
    }

    private static Graph build(int d, Body body) {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("X", DType.F64, N, d), w = b.input("w", DType.F64, d);
        return b.build(body.outputs(b, x, w).toArray(new Node[0]));
    }

    /** Compiles g and compares every output element with the interpreter (1e-13: dot products use partial sums). */
    private static void check(Graph g) {
        List<NDArray> ins = new ArrayList<>();
        List<Double> flat = new ArrayList<>();
        int k = 0;
        for (Node in : g.inputs()) {
            double[] v = new double[in.type().numel()];
            for (int i = 0; i < v.length; i++, k++) v[i] = in.attrs().getString("name").equals("y") ? (Math.sin(3.1 * k) > 0 ? 1 : 0) : 0.3 * Math.sin(0.7 * k + 0.2);
            ins.add(NDArray.of(in.type(), v));
            for (double e : v) flat.add(e);
        }
        double[] in = flat.stream().mapToDouble(Double::doubleValue).toArray();
        CompiledGraph c = BytecodeBackend.compile(g);
        assertTrue(c.maxMethodBytes() < 8000);
        double[] out = c.run(in);
        int o = 0;
        for (NDArray want : Interpreter.run(g, ins)) {
            for (double v : want.toDoubleArray()) {
                assertEquals(v, out[o], 1e-13 * Math.abs(v) + 1e-300, "output element " + o);
                o++;
            }
        }
        assertEquals(out.length, o);
    }

    private static String source(Graph g) {
        return new JavaExport().packageName("p").className("C").entry("f", g).source();
    }

    /** How many loops in the exported source run from 0 over n elements, or over n / 4 groups of four (unrolled). */
    private static int loopsOver(int n, Graph g) {
        Matcher m = Pattern.compile("for \\(int \\w+ = 0; \\w+ < (" + n + "|" + n / 4 + "); ").matcher(source(g));
        int count = 0;
        while (m.find()) count++;
        return count;
    }
}
