package dev.fluxion.benchmarks.jit;

import dev.fluxion.jit.Compiled;
import dev.fluxion.jit.Jit;
import dev.fluxion.jit.Spec;
import dev.fluxion.jit.Traced;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Issue 5, speed: compile latency — trace, differentiate, optimise, emit bytecode and load the
 * class — of the gradient of a {@link RandomExpression} of {@code nodes} operations over 8 scalar
 * inputs. Target: at most 20 ms for 1,000 nodes after warm-up; 100 and 100,000 reported too.
 *
 * <p>Measured in {@link Mode#SampleTime}: every compile is timed on its own and JMH reports the
 * distribution (p0.50, p0.90, p0.99, …) as well as the mean. A compile allocates a few megabytes,
 * so the occasional one that meets a garbage collection takes longer; the percentiles show how
 * reliably the target is met, where an average would blend those outliers into one figure.
 *
 * <p>Every invocation compiles a graph it has never seen: the traced function is the expression
 * times {@code 1 + k * 2^-40} with k the invocation's number, so the graph differs in one constant
 * (which survives into the gradient, so no later stage could reuse an earlier result either) and
 * {@code Jit}'s compile cache, keyed by the traced graph, always misses. The cache is emptied after
 * each iteration so that it does not keep hundreds of generated classes alive. The expression is
 * generated once per trial (not timed); tracing the lambda over it is timed, as it is part of a
 * user's compile.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CompileLatencyBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompileLatencyBenchmark {

    @Param({"100", "1000", "100000"})
    public int nodes;

    private RandomExpression expression;
    private Spec[] specs;
    private long invocation;

    @Setup(Level.Trial)
    public void setup() {
        expression = RandomExpression.generate(RandomExpression.SEED, RandomExpression.INPUTS, nodes);
        specs = GradientProblems.scalarSpecs(RandomExpression.INPUTS);
        Traced traced = trace(0);
        Compiled grad = Jit.grad(traced);
        System.out.printf("%n%d operations: traced graph %d nodes, optimised gradient graph %d nodes%n",
                nodes, traced.graph().nodes().size(), grad.graph().nodes().size());
    }

    /** The expression scaled by {@code 1 + k * 2^-40}: a new graph for every k. */
    private Traced trace(long k) {
        double scale = 1 + k * 0x1p-40;
        return Jit.traceN(x -> expression.apply(x).mul(scale), specs);
    }

    @Benchmark
    public Compiled traceAndCompileGradient() {
        return Jit.grad(trace(++invocation));
    }

    @TearDown(Level.Iteration)
    public void dropCompiled() {
        Jit.clearCache();
    }
}
