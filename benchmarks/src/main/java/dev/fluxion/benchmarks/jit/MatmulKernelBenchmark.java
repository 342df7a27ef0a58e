package dev.fluxion.benchmarks.jit;

import dev.fluxion.jit.Compiled;
import dev.fluxion.jit.Jit;
import dev.fluxion.jit.Spec;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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

/**
 * Which loop nest the bytecode backend's matmul should be: n×n times n×n in f64, the compiled
 * kernel beside three hand-written candidates in plain Java.
 * <ul>
 *   <li>{@code dotIJP}: one dot product per output element (the textbook loop; its inner loop is a
 *       chain of dependent additions and walks B by columns);
 *   <li>{@code rowIPJ}: row i of C accumulates A[i,p]·B[p,:] (unit stride everywhere, the JIT
 *       vectorises the inner loop);
 *   <li>{@code blockedIPJ}: the same with p in blocks of 64, so each block of B's rows stays in cache
 *       while every row of C uses it.
 * </ul>
 * The compiled kernel ({@code MatmulTiles}) holds a block of C in locals while p runs — 2 rows × 4
 * columns, or 1 row × 8 columns when p is short (here n = 64) — with p in chunks of 64 so the rows
 * of A and B a chunk reads stay in cache. {@code compiledAtB} and {@code compiledABt} time the
 * same kernel with a transposed view as the first or second operand (the GMM gradient's
 * {@code xᵀ·∂y} is the former). All add the products for each element in ascending p from zero,
 * so they give the same bits.
 * Rerun: {@code java -jar benchmarks/target/benchmarks.jar MatmulKernelBenchmark -rf json}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class MatmulKernelBenchmark {
    /** Whether compiled code may use SIMD vectors; {@code false} times the scalar code a JVM without {@code jdk.incubator.vector} runs. */
    @Param({"true", "false"})
    public String simd;

    @Param({"64", "256", "512"})
    public int n;

    private double[] in, out, a, b, c;
    private Compiled compiled, compiledAtB, compiledABt;

    @Setup
    public void setup() {
        System.setProperty("fluxion.simd", simd);
        Random r = new Random(42);
        a = new double[n * n];
        b = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble() - 0.5;
            b[i] = r.nextDouble() - 0.5;
        }
        c = new double[n * n];
        in = new double[2 * n * n];
        System.arraycopy(a, 0, in, 0, a.length);
        System.arraycopy(b, 0, in, a.length, b.length);
        out = new double[n * n];
        compiled = Jit.compile((x, y) -> x.matmul(y), Spec.tensor("a", n, n), Spec.tensor("b", n, n));
        compiled.applyInto(in, out);
        rowIPJ();
        for (int i = 0; i < c.length; i++) {
            if (c[i] != out[i]) throw new IllegalStateException("compiled matmul differs at " + i);
        }
        compiledAtB = Jit.compile((x, y) -> x.t().matmul(y), Spec.tensor("a", n, n), Spec.tensor("b", n, n));
        compiledABt = Jit.compile((x, y) -> x.matmul(y.t()), Spec.tensor("a", n, n), Spec.tensor("b", n, n));
        check(compiledAtB, true, false);
        check(compiledABt, false, true);
    }

    /** Checks a compiled product with transposed operands against plain loops in the same order. */
    private void check(Compiled f, boolean aTransposed, boolean bTransposed) {
        f.applyInto(in, out);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < n; p++) s += a[aTransposed ? p * n + i : i * n + p] * b[bTransposed ? j * n + p : p * n + j];
                if (s != out[i * n + j]) throw new IllegalStateException("compiled product differs at " + i + ", " + j);
            }
        }
    }

    @Benchmark
    public double[] compiled() {
        compiled.applyInto(in, out);
        return out;
    }

    /** Aᵀ·B, A a transposed view: A[p, i] is contiguous in i. */
    @Benchmark
    public double[] compiledAtB() {
        compiledAtB.applyInto(in, out);
        return out;
    }

    /** A·Bᵀ, B a transposed view: both operands are contiguous in p. */
    @Benchmark
    public double[] compiledABt() {
        compiledABt.applyInto(in, out);
        return out;
    }

    @Benchmark
    public double[] dotIJP() {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < n; p++) s += a[i * n + p] * b[p * n + j];
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @Benchmark
    public double[] rowIPJ() {
        java.util.Arrays.fill(c, 0);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < n; p++) {
                double aip = a[i * n + p];
                for (int j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j];
            }
        }
        return c;
    }

    @Benchmark
    public double[] blockedIPJ() {
        java.util.Arrays.fill(c, 0);
        for (int p0 = 0; p0 < n; p0 += 64) {
            int p1 = Math.min(n, p0 + 64);
            for (int i = 0; i < n; i++) {
                for (int p = p0; p < p1; p++) {
                    double aip = a[i * n + p];
                    for (int j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j];
                }
            }
        }
        return c;
    }
}
