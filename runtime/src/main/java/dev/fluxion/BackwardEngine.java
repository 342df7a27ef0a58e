package dev.fluxion;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        Map<Tensor, Tensor> grads = run(outputs, gradients, retainGraph, createGraph, null);
        try (GradMode.Guard g = GradMode.set(createGraph)) {
            for (Map.Entry<Tensor, Tensor> e : grads.entrySet()) {
                Tensor t = e.getKey();
                if ((t.isLeaf() && t.requiresGrad()) || t.retainsGrad()) accumulate(t, e.getValue(), createGraph);
            }
        }
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

    /**
     * Computes gradients of the outputs (seeded with {@code gradients}, or ones for one-element
     * outputs when null) for every tensor on the way; with {@code wanted} set, only those are kept.
     */
    static Map<Tensor, Tensor> run(List<Tensor> outputs, List<Tensor> gradients, boolean retainGraph,
                                   boolean createGraph, Set<Tensor> wanted) {
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
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
            grads.merge(out, g, (a, b) -> GradMode.with(createGraph, () -> a.add(b)));
        }
        List<Tensor> order = topologicalOrder(outputs);
        Map<Tensor, Tensor> kept = wanted == null ? grads : new IdentityHashMap<>();
        try (GradMode.Guard mode = GradMode.set(createGraph)) {
            for (Tensor t : order) {
                Tensor g = grads.get(t);
                if (g == null) continue;
                if (wanted != null && wanted.contains(t)) kept.put(t, g);
                GradFn fn = t.gradFn;
                if (fn == null) continue;
                Tensor[] inputs = fn.inputs();
                Tensor[] contributions = fn.backward(g);
                for (int i = 0; i < inputs.length; i++) {
                    Tensor c = contributions[i];
                    if (c == null || !inputs[i].requiresGrad()) continue;
                    grads.merge(inputs[i], c, Tensor::add);
                }
                if (!retainGraph) fn.release();
                if (wanted != null && !wanted.contains(t)) grads.remove(t); // free what no longer matters
            }
        }
        return kept;
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

    /** The tensors behind the outputs, each after every tensor computed from it (reverse post-order). */
    private static List<Tensor> topologicalOrder(List<Tensor> outputs) {
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Tensor> postOrder = new ArrayList<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>(); // {tensor, next input index}
        for (Tensor root : outputs) {
            if (!visited.add(root)) continue;
            stack.push(new Object[] {root, 0});
            while (!stack.isEmpty()) {
                Object[] top = stack.peek();
                Tensor t = (Tensor) top[0];
                int next = (Integer) top[1];
                Tensor[] inputs = t.gradFn == null ? new Tensor[0] : t.gradFn.inputs();
                if (next < inputs.length) {
                    top[1] = next + 1;
                    Tensor in = inputs[next];
                    if (in.requiresGrad() && visited.add(in)) stack.push(new Object[] {in, 0});
                } else {
                    stack.pop();
                    postOrder.add(t);
                }
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }
}
