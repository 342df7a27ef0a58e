package dev.fluxion.benchmarks;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
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

import java.util.concurrent.TimeUnit;

/**
 * Reverse mode's cost against graph size: a chain of n ops (alternating sin and multiply by a
 * constant), differentiated with {@link ReverseMode#valueAndGrad}. Linear time shows as a constant
 * time per node across n = 10⁴, 10⁵, 10⁶.
 *
 * <pre>
 * mvn -q -DskipTests package -pl benchmarks -am
 * java -jar benchmarks/target/benchmarks.jar ReverseModeScaling -rf json -rff scaling.json
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class ReverseModeScalingBenchmark {
    @Param({"10000", "100000", "1000000"})
    public int n;

    private Graph chain;

    @Setup
    public void build() {
        chain = chain(n);
    }

    /** x → sin → ·c → sin → ·c → … with n ops. */
    static Graph chain(int n) {
        GraphBuilder b = new GraphBuilder();
        Node v = b.input("x", DType.F64);
        for (int i = 0; i < n; i++) v = i % 2 == 0 ? b.sin(v) : b.mul(v, 1.0000001);
        return b.build(v);
    }

    @Benchmark
    public Graph differentiate() {
        return ReverseMode.valueAndGrad(chain);
    }

    @Benchmark
    public Graph buildChain() {
        return chain(n);
    }
}
