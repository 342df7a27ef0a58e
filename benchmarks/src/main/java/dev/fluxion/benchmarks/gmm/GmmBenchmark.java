package dev.fluxion.benchmarks.gmm;

import dev.fluxion.jit.Compiled;
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
 * Issue 8, speed: the Gaussian-mixture objective ({@link GmmObjective}) compiled with
 * {@code Jit.compile}, and its value and gradient with respect to (alphas, means, icf) compiled with
 * {@code Jit.valueAndGrad}, on {@link GmmData}'s seeded instances. Targets: gradient ÷ objective ≤ 3
 * (hand-written C++ reaches 1.8–3.9 at GradBench, Tapenade 2.5–4.4), and faster than PyTorch 1.13
 * on this machine. {@code benchmarks/gmm_vs_torch.sh} runs {@code benchmarks/torch/gmm.py} on the
 * same data and this benchmark, and prints both with the ratios.
 *
 * <p>Sizes are {@code d<dimension>_K<components>_n<points>}: the four (d, K) with 1,000 and
 * 10,000 points. The largest, d64 K100 n10000, holds 2 GB of scratch (its batched products are
 * K·n·d = 64·10⁶ doubles each), hence the fork's 10 GB heap. SampleTime mode, so JMH reports the median
 * ({@code p0.50}) like the torch script. Each trial checks the compiled objective against the
 * plain-Java loops before timing. One thread.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar GmmBenchmark -p size=d10_K25_n1000
 * java -cp benchmarks/target/benchmarks.jar dev.fluxion.benchmarks.gmm.GmmBenchmark d2_K5_n1000   # values, compile times
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 3, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx10g", "--add-modules=jdk.incubator.vector"})
public class GmmBenchmark {
    /** Whether compiled code may use SIMD vectors; {@code false} times the scalar code a JVM without {@code jdk.incubator.vector} runs. */
    @Param({"true", "false"})
    public String simd;

    /** The sizes of the issue that the benchmark runs by default (as {@link GmmData#name()} writes them). */
    public static final String[] SIZES = {"d2_K5_n1000", "d10_K25_n1000", "d20_K100_n1000", "d64_K100_n1000", "d2_K5_n10000",
        "d10_K25_n10000", "d20_K100_n10000", "d64_K100_n10000"};

    @Param({"d2_K5_n1000", "d10_K25_n1000", "d20_K100_n1000", "d64_K100_n1000", "d2_K5_n10000", "d10_K25_n10000", "d20_K100_n10000",
        "d64_K100_n10000"})
    public String size;

    private Compiled objective;
    private Compiled gradient;
    private double[] in;
    private double[] objectiveOut;
    private double[] gradientOut;

    @Setup
    public void setup() {
        System.setProperty("fluxion.simd", simd);
        int[] s = GmmData.parseName(size);
        GmmData data = GmmData.generate(s[0], s[1], s[2]);
        objective = GmmObjective.compileObjective(data.d, data.k, data.n);
        gradient = GmmObjective.compileGradient(data.d, data.k, data.n);
        in = data.inputs();
        objectiveOut = new double[objective.outputSize()];
        gradientOut = new double[gradient.outputSize()];
        objective.applyInto(in, objectiveOut);
        double expected = GmmObjective.reference(data);
        if (!(Math.abs(objectiveOut[0] - expected) <= 1e-10 * Math.abs(expected))) {
            throw new IllegalStateException(size + ": the compiled objective gives " + objectiveOut[0] + " but the loops " + expected);
        }
    }

    /** L alone. */
    @Benchmark
    public void objective(Blackhole bh) {
        objective.applyInto(in, objectiveOut);
        bh.consume(objectiveOut);
    }

    /** L and its gradient with respect to alphas, means and icf. */
    @Benchmark
    public void gradient(Blackhole bh) {
        gradient.applyInto(in, gradientOut);
        bh.consume(gradientOut);
    }

    /**
     * For each size given (default {@link #SIZES}): compile times, work-array sizes, and the values the
     * torch script prints — L and the Euclidean norm of each part of the gradient — so the two
     * computations can be compared.
     */
    public static void main(String[] args) {
        for (String name : args.length > 0 ? args : SIZES) {
            int[] s = GmmData.parseName(name);
            GmmData data = GmmData.generate(s[0], s[1], s[2]);
            long t0 = System.nanoTime();
            Compiled f = GmmObjective.compileObjective(data.d, data.k, data.n);
            long t1 = System.nanoTime();
            Compiled df = GmmObjective.compileGradient(data.d, data.k, data.n);
            long t2 = System.nanoTime();
            double value = f.apply(data.inputs())[0];
            double[] out = df.apply(data.inputs());
            int k = data.k, kd = data.k * data.d;
            System.out.printf("fluxion compile %s: objective %.0f ms, gradient %.0f ms (%d nodes)%n", name, (t1 - t0) / 1e6,
                    (t2 - t1) / 1e6, df.graph().size());
            System.out.println("fluxion values " + name + ": L " + value + "  |dL/dalphas| " + norm(out, 1, k) + "  |dL/dmeans| "
                    + norm(out, 1 + k, kd) + "  |dL/dicf| " + norm(out, 1 + k + kd, out.length - 1 - k - kd)
                    + "  (loops: L " + GmmObjective.reference(data) + ")");
        }
    }

    private static double norm(double[] v, int from, int count) {
        double s = 0;
        for (int i = from; i < from + count; i++) s += v[i] * v[i];
        return Math.sqrt(s);
    }
}
