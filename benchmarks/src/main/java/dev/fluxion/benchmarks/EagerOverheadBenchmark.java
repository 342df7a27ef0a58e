package dev.fluxion.benchmarks;

import dev.fluxion.GradMode;
import dev.fluxion.ParameterAccess;
import dev.fluxion.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

import static dev.fluxion.Fluxion.tensor;

/**
 * The fixed cost of one eager op on 0-d f64 tensors, where the arithmetic itself is a single
 * multiply and everything measured is overhead: type inference, kernel dispatch, result
 * allocation and, when recording, the backward node; then one recorded forward and backward.
 *
 * <pre>
 * mvn -q -DskipTests package -pl benchmarks -am
 * java -jar benchmarks/target/benchmarks.jar EagerOverhead
 * </pre>
 *
 * {@link #main} gives preliminary System.nanoTime medians without JMH.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EagerOverheadBenchmark {
    /** Plain values: nothing requires grad, so nothing is recorded. */
    private final Tensor a = tensor(1.5), b = tensor(-2.5), c = tensor(0.25);
    /** Leaves that require grad: ops on them record a backward node while grad mode is on. */
    private final Tensor ga = tensor(1.5, true), gb = tensor(-2.5, true);

    /** {@code a.mul(b)} on tensors that do not require grad. */
    @Benchmark
    public Tensor mulPlain() {
        return a.mul(b);
    }

    /** {@code a.mul(b)} on leaves that require grad, inside a no-grad block (PyTorch's {@code with no_grad()}). */
    @Benchmark
    public Tensor mulUnderNoGrad() {
        try (GradMode.Guard g = GradMode.set(false)) {
            return ga.mul(gb);
        }
    }

    /** {@code a.mul(b)} recorded for autograd. */
    @Benchmark
    public Tensor mulRecorded() {
        return ga.mul(gb);
    }

    /** {@code a.mul(b).add(c)} recorded: two ops and their backward nodes, no backward. */
    @Benchmark
    public Tensor mulAddRecorded() {
        return ga.mul(gb).add(c);
    }

    /** {@code a.mul(b).add(c).backward()}, the gradients reset to null (as zeroGrad does) before each. */
    @Benchmark
    public Tensor mulAddBackward() {
        ParameterAccess.clearGrad(ga);
        ParameterAccess.clearGrad(gb);
        ga.mul(gb).add(c).backward();
        return ga.grad();
    }

    /** Preliminary figures without JMH, in nanoseconds per call (medians of batches of 10⁴ calls). */
    public static void main(String[] args) {
        EagerOverheadBenchmark s = new EagerOverheadBenchmark();
        double warmup = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        System.out.println("PRELIMINARY (System.nanoTime medians, not JMH); the figures are per 10^4 calls");
        Timing.report("a.mul(b), no grad required (x1e4)", () -> repeat(s::mulPlain), warmup, 40);
        Timing.report("a.mul(b) under noGrad (x1e4)", () -> repeat(s::mulUnderNoGrad), warmup, 40);
        Timing.report("a.mul(b) recorded (x1e4)", () -> repeat(s::mulRecorded), warmup, 40);
        Timing.report("a.mul(b).add(c) recorded (x1e4)", () -> repeat(s::mulAddRecorded), warmup, 40);
        Timing.report("a.mul(b).add(c).backward() (x1e4)", () -> repeat(s::mulAddBackward), warmup, 40);
    }

    private static Object repeat(java.util.function.Supplier<Tensor> op) {
        Tensor last = null;
        for (int i = 0; i < 10_000; i++) last = op.get();
        return last;
    }
}
