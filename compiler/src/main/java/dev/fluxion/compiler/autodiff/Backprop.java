package dev.fluxion.compiler.autodiff;

import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.ShapeException;

import java.util.List;

/**
 * The reverse sweep, on nodes of one builder: given outputs, their cotangents and the nodes to
 * differentiate with respect to, emits the vector-Jacobian product into the same builder. Because
 * the result lives beside the primal nodes, it can be swept again for higher derivatives.
 * Two linear passes over node ids (which are topological), never recursion.
 */
public final class Backprop {
    private Backprop() {}

    /**
     * Emits Σₖ cotangentₖ · ∂outputₖ/∂wrt for each {@code wrt} node.
     *
     * @return one node per {@code wrt} entry with that entry's type, or null where the outputs do not
     *     depend on it
     */
    public static Node[] run(GraphBuilder b, List<Node> outputs, List<Node> cotangents, List<Node> wrt) {
        if (outputs.size() != cotangents.size()) {
            throw new IllegalArgumentException(outputs.size() + " outputs but " + cotangents.size() + " cotangents");
        }
        int n = b.size();
        boolean[] reached = forwardReach(b, wrt, n);
        boolean[] keep = new boolean[n];
        for (Node w : wrt) keep[w.id()] = true;
        Node[] ct = new Node[n];
        int top = -1;
        for (int k = 0; k < outputs.size(); k++) {
            Node out = outputs.get(k), c = cotangents.get(k);
            if (!c.type().equals(out.type())) {
                throw new ShapeException("cotangent for output " + k + " has type " + c.type() + " but the output is " + out.type());
            }
            if (!reached[out.id()]) continue;
            ct[out.id()] = accumulate(b, ct[out.id()], c);
            top = Math.max(top, out.id());
        }
        for (int id = top; id >= 0; id--) {
            Node g = ct[id];
            if (g == null) continue;
            Node y = b.node(id);
            for (int i = 0; i < y.arity(); i++) {
                Node x = y.input(i);
                if (!reached[x.id()]) continue;
                PartialRule rule = DerivativeRules.partial(y, i);
                if (rule == null) continue;
                Node contribution = rule.apply(b, y, g);
                if (contribution == null) continue;
                ct[x.id()] = accumulate(b, ct[x.id()], fitTo(b, contribution, x));
            }
            if (!keep[id]) ct[id] = null; // free what no longer matters
        }
        Node[] result = new Node[wrt.size()];
        for (int k = 0; k < wrt.size(); k++) result[k] = ct[wrt.get(k).id()];
        return result;
    }

    /** Marks the floating-point nodes that depend on some {@code wrt} node through a differentiable input. */
    private static boolean[] forwardReach(GraphBuilder b, List<Node> wrt, int n) {
        boolean[] reached = new boolean[n];
        int low = n;
        for (Node w : wrt) {
            if (!w.dtype().isFloating()) {
                throw new IllegalArgumentException("cannot differentiate with respect to " + w.type() + " value " + w + ": only f64/f32 values have gradients");
            }
            reached[w.id()] = true;
            low = Math.min(low, w.id());
        }
        for (int id = low + 1; id < n; id++) {
            Node y = b.node(id);
            if (reached[id] || !y.dtype().isFloating()) continue;
            for (int i = 0; i < y.arity() && !reached[id]; i++) {
                reached[id] = reached[y.input(i).id()] && DerivativeRules.partial(y, i) != null;
            }
        }
        return reached;
    }

    /** Sums a broadcast cotangent back to the input's shape and casts it to the input's dtype. */
    public static Node fitTo(GraphBuilder b, Node contribution, Node x) {
        return b.cast(b.sumToShape(contribution, x.shape()), x.dtype());
    }

    private static Node accumulate(GraphBuilder b, Node acc, Node c) {
        return acc == null ? c : b.add(acc, c);
    }
}
