package dev.fluxion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Gradients on demand, without touching {@code grad} fields: PyTorch's {@code torch.autograd.grad}. */
public final class Autograd {
    private Autograd() {}

    public static List<Tensor> grad(Tensor output, Tensor input) {
        return grad(List.of(output), List.of(input), GradOptions.defaults());
    }

    public static List<Tensor> grad(Tensor output, List<Tensor> inputs) {
        return grad(List.of(output), inputs, GradOptions.defaults());
    }

    public static List<Tensor> grad(Tensor output, Tensor input, GradOptions options) {
        return grad(List.of(output), List.of(input), options);
    }

    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, GradOptions options) {
        return grad(List.of(output), inputs, options);
    }

    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs) {
        return grad(outputs, inputs, GradOptions.defaults());
    }

    /**
     * d(outputs)/d(inputs) weighted by the gradient outputs, one tensor per input in order.
     *
     * @throws IllegalStateException when an input does not require grad, or is not used by the outputs
     *     and {@code allowUnused} is off ("One of the differentiated Tensors appears to not have been used in the graph")
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, GradOptions options) {
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).requiresGrad()) {
                throw new IllegalStateException("One of the differentiated Tensors (input " + i + ") does not require grad");
            }
        }
        Set<Tensor> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
        wanted.addAll(inputs);
        Map<Tensor, Tensor> grads = BackwardEngine.gradients(outputs, options.gradOutputs(), options.retainGraph(),
                options.createGraph(), wanted);
        List<Tensor> result = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor g = grads.get(inputs.get(i));
            if (g == null && !options.allowUnused()) {
                throw new IllegalStateException("One of the differentiated Tensors (input " + i + ") appears to not have been used "
                        + "in the graph. Set allowUnused(true) if this is the desired behavior.");
            }
            result.add(g == null || options.createGraph() ? g : g.detach());
        }
        return result;
    }

    /** True when the gradients of {@code f} at {@code x} match central differences (PyTorch's gradcheck, in f64). */
    public static boolean gradcheck(UnaryOperator<Tensor> f, Tensor x) {
        return GradCheck.gradcheck(f, x);
    }

    public static boolean gradcheck(Function<List<Tensor>, Tensor> f, List<Tensor> xs) {
        return GradCheck.gradcheck(f, xs);
    }

    public static boolean gradcheck(Function<List<Tensor>, Tensor> f, List<Tensor> xs, GradCheck.Options options) {
        return GradCheck.gradcheck(f, xs, options);
    }

    /** The n-th derivative of a scalar {@code y} with respect to {@code x} (each step recorded for the next). */
    public static Tensor higherOrderGrad(Tensor y, Tensor x, int n) {
        return higherOrderGrad(y, List.of(x), n).get(0);
    }

    /** For each x, the n-th derivative of the scalar {@code y} with respect to that x alone. */
    public static List<Tensor> higherOrderGrad(Tensor y, List<Tensor> xs, int n) {
        if (n < 1) throw new IllegalArgumentException("order must be >= 1 but is " + n);
        List<Tensor> result = new ArrayList<>();
        for (Tensor x : xs) {
            Tensor d = y;
            for (int k = 0; k < n; k++) {
                if (!d.requiresGrad()) { // the previous derivative is constant in x: every further one is 0
                    d = Fluxion.zerosLike(x);
                    break;
                }
                Tensor sum = d.numel() == 1 ? d : d.sum();
                d = grad(List.of(sum), List.of(x), GradOptions.builder().createGraph(k < n - 1).retainGraph(true).allowUnused(true).build()).get(0);
                if (d == null) {
                    d = Fluxion.zeros(x.shape());
                    break;
                }
            }
            result.add(d);
        }
        return result;
    }
}
