package dev.fluxion;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Runs backward over the recorded graph: orders the tensors behind the outputs (an explicit stack,
 * never recursion), then walks them from the outputs down, accumulating each tensor's gradient and
 * handing it to its node's backward. Without retain-graph, each node releases its saved tensors as
 * soon as it has run.
 */
final class BackwardEngine {
    private BackwardEngine() {}

    /** {@code backward()}: gradients accumulate into leaves' (and retaining tensors') {@code grad}. */
    static void backward(List<Tensor> outputs, List<Tensor> gradients, boolean retainGraph, boolean createGraph) {
        run(outputs, gradients, retainGraph, createGraph, (t, g) -> {
            if ((t.isLeaf() && t.requiresGrad()) || t.retainsGrad()) accumulate(t, g, createGraph);
        });
    }

    /** Adds into {@code grad} in place, as PyTorch does, unless either side is part of a recorded graph. */
    private static void accumulate(Tensor t, Tensor g, boolean createGraph) {
        if (t.grad == null) {
            t.grad = createGraph ? g : g.detach().copy();
        } else if (createGraph || t.grad.requiresGrad()) {
            t.grad = t.grad.add(g);
        } else {
            GradMode.with(false, () -> t.grad.add_(g.detach()));
        }
    }

    /** {@code Autograd.grad}: the gradients of the {@code wanted} tensors only. */
    static Map<Tensor, Tensor> gradients(List<Tensor> outputs, List<Tensor> gradients, boolean retainGraph,
                                         boolean createGraph, Set<Tensor> wanted) {
        Map<Tensor, Tensor> kept = new IdentityHashMap<>();
        run(outputs, gradients, retainGraph, createGraph, (t, g) -> {
            if (wanted.contains(t)) kept.put(t, g);
        });
        return kept;
    }

    /**
     * Computes the gradients of the outputs (seeded with {@code gradients}, or ones for one-element
     * outputs when null) for every tensor on the way, handing each tensor's complete gradient to
     * {@code sink} when the walk reaches it (every tensor computed from it has been processed).
     */
    private static void run(List<Tensor> outputs, List<Tensor> gradients, boolean retainGraph, boolean createGraph,
                            BiConsumer<Tensor, Tensor> sink) {
        TensorMap<Tensor> grads = new TensorMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            Tensor out = outputs.get(i);
            if (!out.requiresGrad()) {
                throw new IllegalStateException("element " + i + " of tensors does not require grad and does not have a grad_fn");
            }
            Tensor given = gradients == null ? null : gradients.get(i);
            Tensor g = given == null ? seed(out) : given.dtype() == out.dtype() ? given : given.to(out.dtype());
            if (!java.util.Arrays.equals(g.shape(), out.shape())) {
                throw new IllegalArgumentException("Mismatch in shape: grad_output[" + i + "] has a shape of "
                        + java.util.Arrays.toString(g.shape()) + " and output[" + i + "] has a shape of " + java.util.Arrays.toString(out.shape()));
            }
            Tensor before = grads.get(out);
            grads.put(out, before == null ? g : GradMode.with(createGraph, () -> before.add(g)));
        }
        List<Tensor> postOrder = postOrder(outputs);
        try (GradMode.Guard mode = GradMode.set(createGraph)) {
            for (int k = postOrder.size() - 1; k >= 0; k--) { // reverse post-order: consumers before producers
                Tensor t = postOrder.get(k);
                Tensor g = grads.put(t, null); // taken out: the gradient is complete, and memory is freed
                if (g == null) continue;
                sink.accept(t, g);
                GradFn fn = t.gradFn;
                if (fn == null) continue;
                Tensor[] inputs = fn.inputs();
                Tensor[] contributions = fn.backward(g);
                for (int i = 0; i < inputs.length; i++) {
                    Tensor c = contributions[i];
                    if (c == null || !inputs[i].requiresGrad()) continue;
                    Tensor before = grads.put(inputs[i], c);
                    if (before != null) grads.put(inputs[i], before.add(c));
                }
                if (!retainGraph) fn.release();
            }
        }
    }

    /** d(out)/d(out) = 1 for a one-element output; anything else needs an explicit gradient. */
    private static Tensor seed(Tensor out) {
        if (out.numel() != 1) {
            throw new IllegalArgumentException("grad can be implicitly created only for scalar outputs; this output has shape "
                    + java.util.Arrays.toString(out.shape()) + ", so pass backward(gradient) with a tensor of that shape");
        }
        double[] one = new double[] {1};
        return Tensor.of(out.type(), one);
    }

    /** The tensors behind the outputs in post-order: each after every tensor it was computed from. */
    private static List<Tensor> postOrder(List<Tensor> outputs) {
        TensorMap<Boolean> visited = new TensorMap<>();
        ArrayList<Tensor> postOrder = new ArrayList<>();
        Tensor[] stack = new Tensor[16];
        int[] next = new int[16];
        for (Tensor root : outputs) {
            if (visited.put(root, Boolean.TRUE) != null) continue;
            int top = 0;
            stack[0] = root;
            next[0] = 0;
            while (top >= 0) {
                Tensor t = stack[top];
                Tensor[] inputs = t.gradFn == null ? NO_INPUTS : t.gradFn.inputs();
                if (next[top] < inputs.length) {
                    Tensor in = inputs[next[top]++];
                    if (in.requiresGrad() && visited.put(in, Boolean.TRUE) == null) {
                        if (++top == stack.length) {
                            stack = java.util.Arrays.copyOf(stack, 2 * top);
                            next = java.util.Arrays.copyOf(next, 2 * top);
                        }
                        stack[top] = in;
                        next[top] = 0;
                    }
                } else {
                    postOrder.add(t);
                    top--;
                }
            }
        }
        return postOrder;
    }

    private static final Tensor[] NO_INPUTS = new Tensor[0];
}
