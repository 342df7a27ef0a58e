package dev.fluxion.benchmarks.jit;

import dev.fluxion.compiler.interpret.FdLibm;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per call of {@code Math.f} against {@link FdLibm}'s pure-Java port of the same fdlibm
 * function, over an array of 1024 arguments in the range the function typically sees in Fluxion's
 * kernels (log1p: {@code exp(-|z|)} in (0, 1], as softplus calls it). On JDK 17 these {@code Math}
 * methods are JNI calls into native fdlibm; the ports return the same bits (checked in setup).
 * Each benchmark writes {@code f(x[i])} into an output array, as an elementwise kernel does, so
 * independent calls may overlap. Each fork sees one function, so the call sites stay monomorphic.
 * Rerun: {@code java -jar benchmarks/target/benchmarks.jar MathFunctionBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MathFunctionBenchmark {
    private static final int N = 1024;

    @Param({"log1p", "expm1", "tanh", "sinh", "cosh", "asin", "acos", "atan", "atan2"})
    public String function;

    private final double[] xs = new double[N];
    private final double[] ys = new double[N];
    private final double[] out = new double[N];
    private DoubleUnaryOperator jdkUnary;
    private DoubleUnaryOperator portUnary;
    private DoubleBinaryOperator jdkBinary;
    private DoubleBinaryOperator portBinary;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(17);
        double lo;
        double hi;
        switch (function) {
            case "log1p": lo = 0; hi = 1; jdkUnary = Math::log1p; portUnary = FdLibm::log1p; break;
            case "expm1": lo = -2; hi = 2; jdkUnary = Math::expm1; portUnary = FdLibm::expm1; break;
            case "tanh": lo = -3; hi = 3; jdkUnary = Math::tanh; portUnary = FdLibm::tanh; break;
            case "sinh": lo = -5; hi = 5; jdkUnary = Math::sinh; portUnary = FdLibm::sinh; break;
            case "cosh": lo = -5; hi = 5; jdkUnary = Math::cosh; portUnary = FdLibm::cosh; break;
            case "asin": lo = -1; hi = 1; jdkUnary = Math::asin; portUnary = FdLibm::asin; break;
            case "acos": lo = -1; hi = 1; jdkUnary = Math::acos; portUnary = FdLibm::acos; break;
            case "atan": lo = -10; hi = 10; jdkUnary = Math::atan; portUnary = FdLibm::atan; break;
            case "atan2": lo = -1; hi = 1; jdkBinary = Math::atan2; portBinary = FdLibm::atan2; break;
            default: throw new IllegalArgumentException("unknown function " + function);
        }
        for (int i = 0; i < N; i++) {
            xs[i] = function.equals("log1p") ? Math.exp(-r.nextDouble(0, 20)) : r.nextDouble(lo, hi);
            ys[i] = r.nextDouble(lo, hi);
        }
        for (int i = 0; i < N; i++) {
            double want = jdkUnary != null ? jdkUnary.applyAsDouble(xs[i]) : jdkBinary.applyAsDouble(ys[i], xs[i]);
            double got = portUnary != null ? portUnary.applyAsDouble(xs[i]) : portBinary.applyAsDouble(ys[i], xs[i]);
            if (Double.doubleToRawLongBits(want) != Double.doubleToRawLongBits(got)) {
                throw new IllegalStateException(function + "(" + xs[i] + "): Math " + want + ", FdLibm " + got);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public double[] jdk() {
        if (jdkBinary != null) {
            for (int i = 0; i < N; i++) out[i] = jdkBinary.applyAsDouble(ys[i], xs[i]);
        } else {
            for (int i = 0; i < N; i++) out[i] = jdkUnary.applyAsDouble(xs[i]);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public double[] port() {
        if (portBinary != null) {
            for (int i = 0; i < N; i++) out[i] = portBinary.applyAsDouble(ys[i], xs[i]);
        } else {
            for (int i = 0; i < N; i++) out[i] = portUnary.applyAsDouble(xs[i]);
        }
        return out;
    }
}
