package dev.fluxion;

import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.ShapeRules;
import dev.fluxion.compiler.ir.TensorType;

import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Static entry points: {@code import static dev.fluxion.Fluxion.*;} gives tensor factories, the
 * elementwise functions and the grad-mode switches, named as in PyTorch.
 */
public final class Fluxion {
    private Fluxion() {}

    private static final ThreadLocal<Random> RANDOM = ThreadLocal.withInitial(Random::new);

    // ---- factories -----------------------------------------------------------------------------

    /** A 0-d f64 tensor. */
    public static Tensor tensor(double value) {
        return tensor(value, false);
    }

    public static Tensor tensor(double value, boolean requiresGrad) {
        return Tensor.of(TensorType.scalar(DType.F64), new double[] {value}).requiresGrad_(requiresGrad);
    }

    /** A 1-D f64 tensor. */
    public static Tensor tensor(double... values) {
        return Tensor.of(TensorType.of(DType.F64, values.length), values);
    }

    /** A 1-D f64 tensor that records operations for gradients when {@code requiresGrad}. */
    public static Tensor tensor(double[] values, boolean requiresGrad) {
        return tensor(values).requiresGrad_(requiresGrad);
    }

    /** A 2-D f64 tensor from rows of equal length, recording when {@code requiresGrad}. */
    public static Tensor tensor(double[][] rows, boolean requiresGrad) {
        return tensor(rows).requiresGrad_(requiresGrad);
    }

    /** A 1-D i64 tensor (indices for {@code gather}/{@code scatterAdd}); PyTorch's {@code torch.tensor([1, 2])}. */
    public static Tensor tensor(long[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            if (Math.abs(values[i]) > (1L << 53)) {
                throw new IllegalArgumentException("i64 value " + values[i] + " is beyond 2^53, which Fluxion holds exactly");
            }
            d[i] = values[i];
        }
        return Tensor.of(TensorType.of(DType.I64, values.length), d);
    }

    /** A 1-D bool tensor. */
    public static Tensor tensor(boolean[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) d[i] = values[i] ? 1 : 0;
        return Tensor.of(TensorType.of(DType.BOOL, values.length), d);
    }

    /**
     * A 2-D f64 tensor from rows of equal length.
     *
     * @throws IllegalArgumentException when the rows differ in length
     */
    public static Tensor tensor(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] data = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " elements but row 0 has " + cols);
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return Tensor.of(TensorType.of(DType.F64, rows.length, cols), data);
    }

    /** A tensor of {@code shape} from row-major {@code data}. */
    public static Tensor tensor(double[] data, int[] shape, boolean requiresGrad) {
        return tensor(data, shape, DType.F64, requiresGrad);
    }

    public static Tensor tensor(double[] data, int[] shape, DType dtype, boolean requiresGrad) {
        TensorType t = TensorType.of(dtype, shape);
        if (data.length != t.numel()) throw new IllegalArgumentException("shape " + Shape.of(shape) + " needs " + t.numel() + " values but got " + data.length);
        return Tensor.of(t, data).requiresGrad_(requiresGrad);
    }

    public static Tensor full(int[] shape, double value, DType dtype) {
        TensorType t = TensorType.of(dtype, shape);
        double[] d = new double[t.numel()];
        java.util.Arrays.fill(d, value);
        return Tensor.of(t, d);
    }

    public static Tensor full(int[] shape, double value) {
        return full(shape, value, DType.F64);
    }

    public static Tensor zeros(int... shape) {
        return full(shape, 0);
    }

    public static Tensor ones(int... shape) {
        return full(shape, 1);
    }

    public static Tensor zerosLike(Tensor t) {
        return full(t.shape(), 0, t.dtype());
    }

    public static Tensor onesLike(Tensor t) {
        return full(t.shape(), 1, t.dtype());
    }

    /** The n × n identity. */
    public static Tensor eye(int n) {
        return eye(n, n);
    }

    public static Tensor eye(int n, int m) {
        double[] d = new double[n * m];
        for (int i = 0; i < Math.min(n, m); i++) d[i * m + i] = 1;
        return Tensor.of(TensorType.of(DType.F64, n, m), d);
    }

    /** {@code 0, 1, …} below {@code end}. */
    public static Tensor arange(double end) {
        return arange(0, end, 1);
    }

    public static Tensor arange(double start, double end, double step) {
        int n = ShapeRules.arangeLength(start, end, step);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = start + i * step;
        return Tensor.of(TensorType.of(DType.F64, n), d);
    }

    /** {@code steps} evenly spaced values from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(double start, double end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("number of steps must be non-negative");
        double[] d = new double[steps];
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++) d[i] = i < steps / 2 ? start + i * step : end - (steps - 1 - i) * step;
        return Tensor.of(TensorType.of(DType.F64, steps), d);
    }

    /** Seeds this thread's generator used by {@link #randn} and {@link #rand}. */
    public static void manualSeed(long seed) {
        RANDOM.get().setSeed(seed);
    }

    /** Standard normal samples. */
    public static Tensor randn(int... shape) {
        TensorType t = TensorType.of(DType.F64, shape);
        double[] d = new double[t.numel()];
        Random r = RANDOM.get();
        for (int i = 0; i < d.length; i++) d[i] = r.nextGaussian();
        return Tensor.of(t, d);
    }

    /** Uniform samples in [0, 1). */
    public static Tensor rand(int... shape) {
        TensorType t = TensorType.of(DType.F64, shape);
        double[] d = new double[t.numel()];
        Random r = RANDOM.get();
        for (int i = 0; i < d.length; i++) d[i] = r.nextDouble();
        return Tensor.of(t, d);
    }

    /** Stacks equal-shaped tensors along a new first dimension. */
    public static Tensor stack(List<Tensor> ts) {
        return stack(ts, 0);
    }

    /**
     * Stacks equal-shaped tensors along a new dimension {@code dim} (negative counts from the end of
     * the result's dimensions).
     *
     * @throws IllegalArgumentException for an empty list or tensors of different shapes (naming them)
     */
    public static Tensor stack(List<Tensor> ts, int dim) {
        if (ts.isEmpty()) throw new IllegalArgumentException("stack expects a non-empty list of tensors");
        int rank = ts.get(0).dim() + 1;
        return Tensor.apply(Op.STACK, Attrs.of("axis", Shape.normalizeAxis("stack", dim, rank)), ts.toArray(new Tensor[0]));
    }

    /** Concatenates along the first dimension. */
    public static Tensor cat(List<Tensor> ts) {
        return cat(ts, 0);
    }

    /**
     * Concatenates along {@code dim} (negative counts from the end); always a new tensor, even for one input.
     *
     * @throws IllegalArgumentException for an empty list, 0-d tensors, or shapes that differ off {@code dim}
     */
    public static Tensor cat(List<Tensor> ts, int dim) {
        if (ts.isEmpty()) throw new IllegalArgumentException("cat expects a non-empty list of tensors");
        int rank = ts.get(0).dim();
        if (rank == 0) throw new IllegalArgumentException("cat: zero-dimensional tensor (at position 0) cannot be concatenated");
        return Tensor.apply(Op.CONCAT, Attrs.of("axis", Shape.normalizeAxis("cat", dim, rank)), ts.toArray(new Tensor[0]));
    }

    /** Elementwise {@code cond ? a : b}, broadcasting all three. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return Tensor.apply(Op.WHERE, Attrs.NONE, cond, a, b);
    }

    // ---- functions ------------------------------------------------------------------------------

    public static Tensor neg(Tensor x) { return x.neg(); }
    public static Tensor abs(Tensor x) { return x.abs(); }
    public static Tensor sign(Tensor x) { return x.sign(); }
    public static Tensor exp(Tensor x) { return x.exp(); }
    public static Tensor expm1(Tensor x) { return x.expm1(); }
    public static Tensor log(Tensor x) { return x.log(); }
    public static Tensor log1p(Tensor x) { return x.log1p(); }
    public static Tensor sqrt(Tensor x) { return x.sqrt(); }
    public static Tensor rsqrt(Tensor x) { return x.rsqrt(); }
    public static Tensor reciprocal(Tensor x) { return x.reciprocal(); }
    public static Tensor square(Tensor x) { return x.square(); }
    public static Tensor sin(Tensor x) { return x.sin(); }
    public static Tensor cos(Tensor x) { return x.cos(); }
    public static Tensor tan(Tensor x) { return x.tan(); }
    public static Tensor asin(Tensor x) { return x.asin(); }
    public static Tensor acos(Tensor x) { return x.acos(); }
    public static Tensor atan(Tensor x) { return x.atan(); }
    public static Tensor sinh(Tensor x) { return x.sinh(); }
    public static Tensor cosh(Tensor x) { return x.cosh(); }
    public static Tensor tanh(Tensor x) { return x.tanh(); }
    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }
    public static Tensor relu(Tensor x) { return x.relu(); }
    public static Tensor softplus(Tensor x) { return x.softplus(); }
    public static Tensor erf(Tensor x) { return x.erf(); }
    public static Tensor maximum(Tensor a, Tensor b) { return a.maximum(b); }
    public static Tensor minimum(Tensor a, Tensor b) { return a.minimum(b); }
    public static Tensor atan2(Tensor a, Tensor b) { return a.atan2(b); }
    public static Tensor pow(Tensor a, Tensor b) { return a.pow(b); }
    public static Tensor matmul(Tensor a, Tensor b) { return a.matmul(b); }
    public static Tensor dot(Tensor a, Tensor b) { return a.dot(b); }
    public static Tensor sum(Tensor x) { return x.sum(); }
    public static Tensor mean(Tensor x) { return x.mean(); }

    // ---- grad mode --------------------------------------------------------------------------------

    public static boolean isGradEnabled() {
        return GradMode.isEnabled();
    }

    /** Disables recording until the returned guard closes: {@code try (var g = noGrad()) { … }}. */
    public static GradMode.Guard noGrad() {
        return GradMode.set(false);
    }

    public static GradMode.Guard enableGrad() {
        return GradMode.set(true);
    }

    public static GradMode.Guard setGradEnabled(boolean enabled) {
        return GradMode.set(enabled);
    }

    public static <T> T noGrad(Supplier<T> body) {
        return GradMode.with(false, body);
    }

    public static <T> T enableGrad(Supplier<T> body) {
        return GradMode.with(true, body);
    }

    public static <T> T setGradEnabled(boolean enabled, Supplier<T> body) {
        return GradMode.with(enabled, body);
    }

    public static void noGrad(Runnable body) {
        GradMode.with(false, () -> { body.run(); return null; });
    }

    public static void enableGrad(Runnable body) {
        GradMode.with(true, () -> { body.run(); return null; });
    }

    public static void setGradEnabled(boolean enabled, Runnable body) {
        GradMode.with(enabled, () -> { body.run(); return null; });
    }

    // ---- custom gradients and graph links ----------------------------------------------------------

    /** Wraps {@code fn} so its gradient is {@code gradOutput × gradFn(x)[0]} (seed 000's track_grad). */
    public static UnaryOperator<Tensor> trackGrad(Function<Tensor, Tensor[]> gradFn, UnaryOperator<Tensor> fn) {
        return TrackGrad.trackGrad(gradFn, fn);
    }

    public static BinaryOperator<Tensor> trackGrad(BiFunction<Tensor, Tensor, Tensor[]> gradFn, BinaryOperator<Tensor> fn) {
        return TrackGrad.trackGrad(gradFn, fn);
    }

    /** Clones that pass each tensor's gradient through and zero gradients between them (seed 000's share_grad_map). */
    public static List<Tensor> shareGradMap(List<Tensor> tensors) {
        return ZeroGradLinks.shareGradMap(tensors);
    }

    /** 0 forward, zeros backward: puts {@code x} in the graph without changing values or gradients. */
    public static Tensor fwbwAllZero(Tensor x) {
        return ZeroGradLinks.fwbwAllZero(x);
    }
}
