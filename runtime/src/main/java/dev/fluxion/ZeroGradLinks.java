package dev.fluxion;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.TensorType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The seed's graph surgery for "zero gradients, not None": edges that carry no value forward and a
 * zero gradient backward, so tensors a loss does not use still receive a gradient (of zeros).
 * {@link #fwbwAllZero}, {@link #attachZeroGradSources} and {@link #shareGradMap}. Like every
 * recording, they do nothing while grad mode is off.
 */
public final class ZeroGradLinks {
    private ZeroGradLinks() {}

    /**
     * A 0-d zero whose backward gives {@code x} a zero gradient of x's shape: {@code a.add(fwbwAllZero(x))}
     * has a's value and gradients and puts x in the graph.
     */
    public static Tensor fwbwAllZero(Tensor x) {
        DType dtype = x.dtype().isFloating() ? x.dtype() : DType.F64;
        Tensor zero = Tensor.of(TensorType.scalar(dtype), new double[] {0});
        if (GradMode.isEnabled() && x.requiresGrad()) zero.markRequiresGrad(new ZeroLinkGradFn("FwbwAllZeroBackward", new Tensor[] {x}, false));
        return zero;
    }

    /**
     * Attaches {@code sources} to {@code t}: t's value and the gradients it passes on are unchanged,
     * and backward through t also gives each source a zero gradient. Sources that do not require
     * grad, and t itself, are skipped. A leaf that requires grad keeps receiving its gradient in
     * {@link Tensor#grad()} (it retains it), though {@link Tensor#isLeaf()} then reports false.
     *
     * @return t
     * @throws IllegalArgumentException when a source was computed from t (the graph would become cyclic)
     */
    public static Tensor attachZeroGradSources(Tensor t, Tensor... sources) {
        if (!GradMode.isEnabled()) return t;
        List<Tensor> keep = new ArrayList<>();
        for (int i = 0; i < sources.length; i++) {
            Tensor s = sources[i];
            if (s == null || s == t || !s.requiresGrad()) continue;
            if (dependsOn(s, t)) {
                throw new IllegalArgumentException("attachZeroGradSources: source " + i + " was computed from the tensor it is "
                        + "attached to; attaching it would make the graph cyclic");
            }
            keep.add(s);
        }
        if (keep.isEmpty()) return t;
        if (!t.dtype().isFloating()) {
            throw new IllegalArgumentException("attachZeroGradSources: only tensors of floating point dtype can pass gradients, "
                    + "but this one is " + t.dtype());
        }
        link(t, keep, "AttachZeroGradSourcesBackward");
        return t;
    }

    /**
     * Maps a group of tensors to a new group that shares one graph: each tensor that requires grad
     * is replaced by a copy whose backward passes its gradient to the original (as {@code clone()})
     * and a zero gradient to every other new tensor of the group, so a loss that uses any of them
     * gives every one of them, and their originals, a gradient (zeros for the unused). The new
     * tensors retain their gradients, as in the seed's example. Other tensors (and nulls) are
     * returned as they are.
     *
     * <p>The zero edges between the new tensors form cycles. They are safe for a depth-first
     * backward order because they carry only zeros and no value-carrying edge lies on them.
     */
    public static List<Tensor> shareGradMap(List<Tensor> tensors) {
        List<Tensor> out = new ArrayList<>(tensors);
        List<Integer> mapped = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            Tensor t = out.get(i);
            if (t == null || !t.requiresGrad()) continue;
            out.set(i, t.copy());
            mapped.add(i);
        }
        if (GradMode.isEnabled()) {
            for (int i : mapped) {
                Tensor[] inputs = new Tensor[mapped.size()];
                inputs[0] = tensors.get(i);
                int k = 1;
                for (int j : mapped) if (j != i) inputs[k++] = out.get(j);
                Tensor n = out.get(i);
                n.markRequiresGrad(new ZeroLinkGradFn("ShareGradMapBackward", inputs, true));
                n.retainGrad();
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Gives {@code t} a node passing its gradient to its former node (if any) and zeros to {@code sources}. */
    private static void link(Tensor t, List<Tensor> sources, String name) {
        boolean leafWithGrad = t.isLeaf() && t.requiresGrad();
        List<Tensor> inputs = new ArrayList<>();
        if (t.gradFn != null) {
            // A stand-in for t as it was: same memory, same node, so gradients reach t's history as before.
            Tensor former = new Tensor(t.storage, t.type());
            former.markRequiresGrad(t.gradFn);
            inputs.add(former);
        }
        inputs.addAll(sources);
        t.markRequiresGrad(new ZeroLinkGradFn(name, inputs.toArray(new Tensor[0]), inputs.size() > sources.size()));
        if (leafWithGrad) t.retainGrad();
    }

    /** Whether {@code t} is in the history of {@code s} (an explicit stack, never recursion). */
    private static boolean dependsOn(Tensor s, Tensor t) {
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        stack.push(s);
        seen.add(s);
        while (!stack.isEmpty()) {
            Tensor u = stack.pop();
            if (u == t) return true;
            if (u.gradFn == null || u.gradFn.released()) continue;
            for (Tensor in : u.gradFn.inputs()) if (seen.add(in)) stack.push(in);
        }
        return false;
    }

    /**
     * The node of a zero link: the gradient passes unchanged to the first input when {@code passFirst},
     * every other input that requires grad receives zeros of its shape.
     */
    private static final class ZeroLinkGradFn extends GradFn {
        private final String name;
        private final boolean passFirst;

        ZeroLinkGradFn(String name, Tensor[] inputs, boolean passFirst) {
            super(inputs);
            this.name = name;
            this.passFirst = passFirst;
        }

        @Override
        String name() {
            return name;
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor[] in = inputs();
            Tensor[] res = new Tensor[in.length];
            for (int i = 0; i < in.length; i++) {
                if (!in[i].requiresGrad()) continue;
                res[i] = i == 0 && passFirst ? g : Fluxion.zerosLike(in[i]);
            }
            return res;
        }
    }
}
