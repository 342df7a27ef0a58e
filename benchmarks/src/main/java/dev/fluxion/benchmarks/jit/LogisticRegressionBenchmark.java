package dev.fluxion.benchmarks.jit;

import dev.fluxion.Tensor;
import dev.fluxion.jit.Compiled;
import dev.fluxion.jit.Jit;
import dev.fluxion.jit.Spec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Issue 5, speed: logistic regression's loss and gradient with respect to w and b,
 * {@code loss = mean(softplus(X @ w + b) - y * (X @ w + b))}, X 10000 × 100 f64, compiled with
 * {@code Jit.valueAndGrad(..., "w", "b")} (X and y are inputs, not differentiated). Target: at
 * least as fast as PyTorch 1.13 on this machine, one thread (0.28 ms median with OpenBLAS).
 * {@code benchmarks/jit_vs_torch.sh} runs {@code benchmarks/torch/logistic_regression.py} and this
 * benchmark and prints both medians; {@link #main} prints the values the torch script prints, so
 * the two computations can be compared.
 *
 * <p>The data are the torch script's, element for element: {@code X[i][j] = sin(0.7 i + 1.3 j)},
 * {@code y[i] = sin(2.1 i + 0.5) > 0 ? 1 : 0}, {@code w[j] = 0.01 cos(j)}, {@code b = 0.1}.
 * SampleTime mode, so that JMH reports the median ({@code p0.50}) like the torch script. The fork
 * starts with {@code --add-modules jdk.incubator.vector}, so the compiled code's products run on
 * SIMD vectors; {@code -p simd=false} times the scalar code a JVM without the module runs.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LogisticRegressionBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules=jdk.incubator.vector"})
public class LogisticRegressionBenchmark {
    public static final int ROWS = 10000, COLS = 100;

    /**
     * Whether the compiled code may use SIMD vectors (the fork resolves {@code jdk.incubator.vector});
     * {@code false} measures the scalar form of the same code, the speed without the module.
     */
    @Param({"true", "false"})
    public String simd;

    private Compiled lossAndGrad;
    private double[] in;
    private double[] out;

    /** {@code mean(softplus(z) - y z)} with {@code z = X @ w + b}. */
    static Tensor loss(Tensor x, Tensor y, Tensor w, Tensor b) {
        Tensor z = x.matmul(w).add(b);
        return z.softplus().sub(y.mul(z)).mean();
    }

    /** The compiled loss and gradient: in = {X, y, w, b} flattened; out = {loss, dL/dw, dL/db}. */
    static Compiled compile() {
        return Jit.valueAndGrad(Jit.trace(LogisticRegressionBenchmark::loss,
                Spec.tensor("X", ROWS, COLS), Spec.tensor("y", ROWS), Spec.tensor("w", COLS), Spec.scalar("b")), "w", "b");
    }

    /** X, y, w and b, flattened and concatenated: the torch script's data. */
    static double[] data() {
        double[] in = new double[ROWS * COLS + ROWS + COLS + 1];
        int k = 0;
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < COLS; j++) in[k++] = Math.sin(0.7 * i + 1.3 * j);
        }
        for (int i = 0; i < ROWS; i++) in[k++] = Math.sin(2.1 * i + 0.5) > 0 ? 1 : 0;
        for (int j = 0; j < COLS; j++) in[k++] = 0.01 * Math.cos(j);
        in[k] = 0.1;
        return in;
    }

    @Setup
    public void setup() {
        System.setProperty("fluxion.simd", simd);
        lossAndGrad = compile();
        in = data();
        out = new double[lossAndGrad.outputSize()];
    }

    @Benchmark
    public void lossAndGradient(Blackhole bh) {
        lossAndGrad.applyInto(in, out);
        bh.consume(out);
    }

    /** Prints the loss, the sum of dL/dw and dL/db, in the torch script's format. */
    public static void main(String[] args) {
        Compiled f = compile();
        double[] out = f.apply(data());
        double sumW = 0;
        for (int j = 0; j < COLS; j++) sumW += out[1 + j];
        System.out.println("fluxion values: loss " + out[0] + "  sum(dL/dw) " + sumW + "  dL/db " + out[1 + COLS]);
    }
}
