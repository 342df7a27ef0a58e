package dev.fluxion.benchmarks;

import dev.fluxion.Tensor;
import dev.fluxion.optim.Adam;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.fluxion.Fluxion.tensor;

/**
 * Seed 000's example end to end: 1000 steps of loss / zeroGrad / backward / step of Adam(lr=0.05)
 * on the Rosenbrock function from (-1.2, 1.0), f64, through Fluxion's eager runtime, against the
 * floor: a hand-written Java loop of the same arithmetic (forward, the gradient written out, the
 * same Adam update) with no tensors at all. Both compute the same trajectory bit for bit, which
 * {@link #main} checks before timing. PyTorch 1.13 on the same loop:
 * {@code benchmarks/torch/rosenbrock_adam.py}.
 *
 * <pre>
 * mvn -q -DskipTests package -pl benchmarks -am
 * java -jar benchmarks/target/benchmarks.jar RosenbrockAdam
 * </pre>
 *
 * {@link #main} gives a preliminary System.nanoTime median without JMH.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RosenbrockAdamBenchmark {
    static final int STEPS = 1000;

    /** The seed's loop in Fluxion; returns {x, y, last loss}. */
    static double[] fluxion(int steps) {
        Tensor x = tensor(-1.2, true), y = tensor(1.0, true);
        Adam opt = new Adam(List.of(x, y), 0.05);
        Tensor loss = null;
        for (int i = 0; i < steps; i++) {
            loss = y.sub(x.pow(2.)).pow(2.).mul(100.).add(x.rsub(1.).pow(2.));
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        return new double[] {x.item(), y.item(), loss.item()};
    }

    /**
     * The same algorithm with plain doubles: the loss and its gradient in the order autograd
     * evaluates them, then PyTorch's Adam update (fused multiply-adds where its kernels fuse).
     */
    static double[] handWritten(int steps) {
        double x = -1.2, y = 1.0, loss = 0;
        double mx = 0, vx = 0, my = 0, vy = 0;
        double lr = 0.05, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        for (int t = 1; t <= steps; t++) {
            double d = y - x * x, w = 1 - x;
            loss = d * d * 100 + w * w;
            double gy = 100 * (2 * d);                  // d/dy 100 (y - x²)²
            double gx = -gy * (2 * x) + -(2 * w);       // d/dx of both terms
            double bc1 = 1 - Math.pow(beta1, t), bc2 = 1 - Math.pow(beta2, t);
            double negStep = -(lr / bc1), bc2Sqrt = Math.sqrt(bc2);
            mx = Math.fma(1 - beta1, gx, mx * beta1);
            vx = Math.fma((1 - beta2) * gx, gx, vx * beta2);
            x = x + negStep * mx / (Math.sqrt(vx) / bc2Sqrt + eps);
            my = Math.fma(1 - beta1, gy, my * beta1);
            vy = Math.fma((1 - beta2) * gy, gy, vy * beta2);
            y = y + negStep * my / (Math.sqrt(vy) / bc2Sqrt + eps);
        }
        return new double[] {x, y, loss};
    }

    @Benchmark
    public double[] fluxionEager() {
        return fluxion(STEPS);
    }

    @Benchmark
    public double[] handWrittenFloor() {
        return handWritten(STEPS);
    }

    /**
     * Preliminary figures without JMH: checks that both loops agree, warms up for
     * {@code args[0]} seconds (default 15), then prints the median and quartiles of
     * {@code args[1]} runs (default 60) of each, in milliseconds per 1000 steps.
     */
    public static void main(String[] args) {
        double warmupSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 15;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        double[] a = fluxion(STEPS), b = handWritten(STEPS);
        if (!java.util.Arrays.equals(a, b)) {
            throw new AssertionError("Fluxion " + java.util.Arrays.toString(a) + " != hand-written " + java.util.Arrays.toString(b));
        }
        System.out.println("PRELIMINARY (System.nanoTime medians, not JMH); final x, y, loss = " + java.util.Arrays.toString(a));
        Timing.report("fluxion eager, 1000 steps", () -> fluxion(STEPS), warmupSeconds, runs);
        Timing.report("hand-written floor, 1000 steps", () -> handWritten(STEPS), warmupSeconds, runs);
    }
}
