package dev.fluxion;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.TensorType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * PyTorch's {@code gradcheck} (slow mode): compares the gradient that backward computes with
 * central finite differences, element by element, for every input that requires grad.
 *
 * <p>The check runs on float64 copies of the inputs, whatever their dtype (PyTorch only warns that
 * single precision will likely fail), with PyTorch's defaults eps = 1e-6, atol = 1e-5, rtol = 1e-3,
 * and passes when |analytical − numerical| ≤ atol + rtol·|numerical| everywhere. Like PyTorch it
 * also checks that backward is reentrant (two runs agree exactly) and multiplies by the incoming
 * gradient (a zero gradient output gives zero gradients), and that an output that does not require
 * grad has a zero numerical gradient.
 *
 * <p>On failure {@link #gradcheck} returns {@code false}, which is what the seed's boolean
 * {@code check_passed} shows (PyTorch's {@code raise_exception=False}); with
 * {@link Options#raiseException(boolean) raiseException(true)} it throws {@link IllegalStateException}
 * with PyTorch's message instead ("Jacobian mismatch for output 0 with respect to input 0, …").
 */
public final class GradCheck {
    private GradCheck() {}

    /** Tolerances and failure mode; {@link #defaults()} are PyTorch's (eps 1e-6, atol 1e-5, rtol 1e-3, no exception). */
    public record Options(double eps, double atol, double rtol, boolean raiseException) {
        public static Options defaults() {
            return new Options(1e-6, 1e-5, 1e-3, false);
        }

        public Options eps(double e) {
            return new Options(e, atol, rtol, raiseException);
        }

        public Options atol(double a) {
            return new Options(eps, a, rtol, raiseException);
        }

        public Options rtol(double r) {
            return new Options(eps, atol, r, raiseException);
        }

        /** Throw {@link IllegalStateException} with the mismatch instead of returning false. */
        public Options raiseException(boolean raise) {
            return new Options(eps, atol, rtol, raise);
        }
    }

    /** Checks the gradient of {@code f} at {@code x} (which must require grad). */
    public static boolean gradcheck(UnaryOperator<Tensor> f, Tensor x) {
        return gradcheck(f, x, Options.defaults());
    }

    public static boolean gradcheck(UnaryOperator<Tensor> f, Tensor x, Options options) {
        Objects.requireNonNull(f, "function");
        return gradcheck(xs -> f.apply(xs.get(0)), List.of(x), options);
    }

    /** Checks the gradient of {@code f} with respect to every input in {@code xs} that requires grad. */
    public static boolean gradcheck(Function<List<Tensor>, Tensor> f, List<Tensor> xs) {
        return gradcheck(f, xs, Options.defaults());
    }

    /**
     * @throws IllegalArgumentException when no input requires grad
     * @throws IllegalStateException on a failed check, only with {@code raiseException(true)}
     */
    public static boolean gradcheck(Function<List<Tensor>, Tensor> f, List<Tensor> xs, Options options) {
        Objects.requireNonNull(f, "function");
        List<Tensor> inputs = new ArrayList<>();
        List<Integer> diff = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            Tensor x = Objects.requireNonNull(xs.get(i), "input " + i);
            boolean floating = x.dtype().isFloating();
            TensorType type = floating ? TensorType.of(DType.F64, x.shape()) : x.type();
            Tensor copy = Tensor.of(type, x.toDoubleArray());
            if (floating && x.requiresGrad()) {
                copy.requiresGrad_(true);
                diff.add(i);
            }
            inputs.add(copy);
        }
        if (diff.isEmpty()) {
            throw new IllegalArgumentException("gradcheck expects at least one input tensor to require gradient, but none of "
                    + "the them have requires_grad=True.");
        }
        try {
            check(f, inputs, diff, options);
            return true;
        } catch (Failure e) {
            if (options.raiseException()) throw new IllegalStateException(e.getMessage());
            return false;
        }
    }

    /** A failed check; turned into false or an exception by {@link #gradcheck}. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private static void check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, List<Integer> diff, Options o) throws Failure {
        Tensor out = GradMode.with(true, () -> f.apply(List.copyOf(inputs)));
        if (out == null) throw new IllegalArgumentException("gradcheck: the function returned null");
        List<double[][]> numerical = new ArrayList<>();
        for (int i : diff) numerical.add(numericalJacobian(f, inputs, i, out.numel(), o.eps()));
        if (!out.requiresGrad()) {
            for (double[][] n : numerical) for (double[] row : n) for (double d : row) {
                if (d != 0) throw new Failure("Numerical gradient for function expected to be zero");
            }
            return;
        }
        List<Tensor> diffInputs = new ArrayList<>();
        for (int i : diff) diffInputs.add(inputs.get(i));
        List<double[][]> analytical = analyticalJacobian(out, diffInputs);
        List<double[][]> again = analyticalJacobian(out, diffInputs);
        for (int k = 0; k < diff.size(); k++) {
            double[][] a = analytical.get(k), n = numerical.get(k);
            for (int r = 0; r < a.length; r++) {
                for (int c = 0; c < a[r].length; c++) {
                    if (!(Math.abs(a[r][c] - n[r][c]) <= o.atol() + o.rtol() * Math.abs(n[r][c]))) {
                        throw new Failure("Jacobian mismatch for output 0 with respect to input " + diff.get(k) + ",\nnumerical:"
                                + Fluxion.tensor(n) + "\nanalytical:" + Fluxion.tensor(a) + "\n");
                    }
                }
            }
        }
        for (int k = 0; k < diff.size(); k++) {
            if (!java.util.Arrays.deepEquals(analytical.get(k), again.get(k))) {
                throw new Failure("Backward is not reentrant, i.e., running backward with same input and grad_output multiple "
                        + "times gives different values, although analytical gradient matches numerical gradient.The tolerance "
                        + "for nondeterminism was 0.0.");
            }
        }
        Tensor zero = Fluxion.zerosLike(out);
        Tensor[] grads = FunctionalCore.grad(List.of(out), diffInputs, List.of(zero), false, true);
        for (Tensor g : grads) {
            if (g == null) continue;
            for (double d : g.toDoubleArray()) if (d != 0) throw new Failure("backward not multiplied by grad_output");
        }
    }

    /** Rows: elements of the input; columns: elements of the output. One backward per output element. */
    private static List<double[][]> analyticalJacobian(Tensor out, List<Tensor> inputs) {
        List<double[][]> jac = new ArrayList<>();
        for (Tensor in : inputs) jac.add(new double[in.numel()][out.numel()]);
        for (int j = 0; j < out.numel(); j++) {
            Tensor[] g = FunctionalCore.grad(List.of(out), inputs, List.of(FunctionalCore.oneHot(out, j)), false, true);
            for (int k = 0; k < inputs.size(); k++) {
                if (g[k] == null) continue;
                double[] d = g[k].toDoubleArray();
                for (int r = 0; r < d.length; r++) jac.get(k)[r][j] = d[r];
            }
        }
        return jac;
    }

    /** (f(x + eps e_k) − f(x − eps e_k)) / 2eps for every element k of input i, on perturbed copies. */
    private static double[][] numericalJacobian(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, int i, int outNumel, double eps) {
        Tensor x = inputs.get(i);
        double[] base = x.toDoubleArray();
        double[][] jac = new double[base.length][];
        try (GradMode.Guard g = GradMode.set(false)) {
            for (int k = 0; k < base.length; k++) {
                double[] minus = evaluate(f, inputs, i, base, k, base[k] - eps, outNumel);
                double[] plus = evaluate(f, inputs, i, base, k, base[k] + eps, outNumel);
                jac[k] = new double[outNumel];
                for (int j = 0; j < outNumel; j++) jac[k][j] = (plus[j] - minus[j]) / (2 * eps);
            }
        }
        return jac;
    }

    private static double[] evaluate(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, int i, double[] base, int k,
                                     double value, int outNumel) {
        double[] d = base.clone();
        d[k] = value;
        List<Tensor> args = new ArrayList<>(inputs);
        args.set(i, Tensor.of(inputs.get(i).type(), d).requiresGrad_(true));
        Tensor out = f.apply(List.copyOf(args));
        if (out.numel() != outNumel) {
            throw new IllegalStateException("gradcheck: the function's output changed size from " + outNumel + " to " + out.numel()
                    + " elements when input " + i + " was perturbed");
        }
        return out.toDoubleArray();
    }
}
