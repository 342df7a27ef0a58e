package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.fluxion.compiler.passes.Patterns.fit;
import static dev.fluxion.compiler.passes.Patterns.uniformValue;

/**
 * Linear combinations in their shortest form, for {@link SingleUseRewrites}. A <em>linear node</em>
 * is a floating-point add, sub, neg, or mul with exactly one operand a finite uniform constant. A
 * linear node read only by another linear node (of its dtype; the reader may broadcast it) is an
 * inner node of that reader's tree; the other linear nodes are roots. Below a root, the tree's
 * leaves are atoms tᵢ (any other node, including linear nodes with several readers) and
 * constants, so the tree computes Σ cᵢ·tᵢ + c₀. That sum is re-emitted as
 * <pre>  t₁·c₁ + t₂·c₂ + … - tₖ·|cₖ| - … ± |c₀|</pre>
 * (terms with positive coefficients added in the order they first appear, negative ones
 * subtracted, a coefficient of 1 left out, the constant last), which has no multiplication by a
 * negative constant; a sum with only negative terms is written {@code c₀ - t - …} when c₀ > 0,
 * else {@code t·c - …} with the first term whose |c| ≠ 1 leading, else {@code -(t + … + |c₀|)}.
 * The rewrite happens only when the new form has fewer operations, or as many and fewer
 * multiplications by negative constants (each prints, and reads, as a negation), so a second run
 * leaves the result alone.
 *
 * <p>Exactness: <b>ulp</b>. Collecting like terms, distributing a constant over a sum and summing
 * the constants reassociates, so results may differ in the last bits, relative to the largest
 * term (and, as with any reassociation, an intermediate may overflow where the original's did
 * not). A coefficient that cancels to 0 keeps its term as {@code t·0}, so ∞ and NaN in t still
 * give NaN. Every tree node is visited once per sweep, from its root only, so the work is linear.
 */
final class LinearCombinations {
    private LinearCombinations() {}

    /** The finite value of a uniform constant leaf, or null. */
    private static Double constant(Node n) {
        Double v = uniformValue(n);
        return v != null && Double.isFinite(v) ? v : null;
    }

    /** Index (0 or 1) of a mul's constant operand when exactly one operand is a finite uniform constant, else -1. */
    private static int coefficientSlot(Node mul) {
        boolean c0 = constant(mul.input(0)) != null, c1 = constant(mul.input(1)) != null;
        return c0 == c1 ? -1 : c0 ? 0 : 1;
    }

    static boolean isLinear(Node n) {
        if (!n.dtype().isFloating()) return false;
        switch (n.op()) {
            case ADD:
            case SUB:
            case NEG:
                return true;
            case MUL:
                return coefficientSlot(n) >= 0;
            default:
                return false;
        }
    }

    /**
     * A linear node absorbed into its only reader's tree. The reader may broadcast it: elementwise
     * sums and scalings commute with broadcasting, and the root's result is fitted to its type.
     */
    static boolean isInner(Node n, SingleUseRewrites.Uses uses) {
        Node user = uses.soleUser(n);
        return user != null && isLinear(n) && isLinear(user) && user.dtype() == n.dtype();
    }

    static boolean isRoot(Node n, SingleUseRewrites.Uses uses) {
        return isLinear(n) && !isInner(n, uses);
    }

    /** A node of the tree with the coefficient its value is multiplied by in the root's value. */
    private record Visit(Node node, double coefficient) {}

    /**
     * The shortest form of the tree under {@code root} (an original node; {@code map} gives the
     * rewritten nodes of its atoms), or null when it would not be shorter.
     */
    static Node normalise(GraphBuilder b, Node root, Node[] map, SingleUseRewrites.Uses uses) {
        if (alreadyShortest(root, map, uses)) return null;
        Map<Node, double[]> terms = new LinkedHashMap<>();
        double c0 = 0;
        int oldOps = 0, oldNegatives = 0;
        Deque<Visit> stack = new ArrayDeque<>();
        stack.push(new Visit(root, 1));
        while (!stack.isEmpty()) {
            Visit v = stack.pop();
            Node n = v.node();
            double c = v.coefficient();
            if (n != root && !isInner(n, uses)) {
                Node atom = map[n.id()];
                Double k = constant(atom);
                if (k != null) c0 += c * k;
                else terms.computeIfAbsent(atom, x -> new double[1])[0] += c;
                continue;
            }
            oldOps++;
            for (int i = 0; i < n.arity(); i++) {
                Double k = constant(n.input(i));
                if (k != null && k < 0) oldNegatives++;
            }
            switch (n.op()) {
                case ADD:
                    stack.push(new Visit(n.input(1), c));
                    stack.push(new Visit(n.input(0), c));
                    break;
                case SUB:
                    stack.push(new Visit(n.input(1), -c));
                    stack.push(new Visit(n.input(0), c));
                    break;
                case NEG:
                    stack.push(new Visit(n.input(0), -c));
                    break;
                default: // MUL by a constant
                    int k = coefficientSlot(n);
                    stack.push(new Visit(n.input(1 - k), c * constant(n.input(k))));
                    break;
            }
        }
        if (terms.isEmpty() || !Double.isFinite(c0)) return null;
        for (double[] t : terms.values()) if (!Double.isFinite(t[0])) return null;
        Form form = Form.of(terms, c0);
        int ops = form.ops() + (broadcastsToRoot(terms, root) ? 0 : 1); // else fit adds a broadcast_to
        if (ops > oldOps || (ops == oldOps && form.negatives() >= oldNegatives)) return null;
        return fit(b, form.emit(b, root.dtype()), root.type());
    }

    /**
     * True for a tree that {@link #normalise} would leave alone, decided without walking it: most
     * roots are a lone add, sub, neg or scaling whose operands are no tree nodes and no constants.
     * Then the sum has one or two terms and no constant: x + y, x + x = x·2, x - y, x - x = x·0
     * and -x each stay one operation with no negative coefficient, as the original; and x·c with
     * |c| ≠ 1 stays one multiplication, by a negative constant exactly when the original's was.
     * (x·1 and x·-1 do get shorter, so they are walked.)
     */
    private static boolean alreadyShortest(Node root, Node[] map, SingleUseRewrites.Uses uses) {
        if (root.op() == Op.MUL) {
            int k = coefficientSlot(root);
            Node in = root.input(1 - k);
            return Math.abs(constant(root.input(k))) != 1 && !isInner(in, uses) && constant(map[in.id()]) == null;
        }
        for (int i = 0; i < root.arity(); i++) {
            Node in = root.input(i);
            if (isInner(in, uses) || constant(in) != null || constant(map[in.id()]) != null) return false;
        }
        return true;
    }

    /** True when the atoms alone broadcast to the root's shape (constants are added as scalars). */
    private static boolean broadcastsToRoot(Map<Node, double[]> terms, Node root) {
        Shape s = Shape.SCALAR;
        for (Node t : terms.keySet()) {
            s = Shape.broadcast(s, t.shape());
            if (s == null) return false;
        }
        return s.equals(root.shape());
    }

    /** The planned shape of Σ cᵢ·tᵢ + c₀: which terms are added, which subtracted, and what leads. */
    private record Form(List<Node> added, List<Node> subtracted, Map<Node, double[]> terms, double c0,
                        Node lead, boolean negated, int ops, int negatives) {

        static Form of(Map<Node, double[]> terms, double c0) {
            List<Node> added = new ArrayList<>(), subtracted = new ArrayList<>();
            int muls = 0;
            for (Map.Entry<Node, double[]> e : terms.entrySet()) {
                double c = e.getValue()[0];
                (c < 0 ? subtracted : added).add(e.getKey());
                if (Math.abs(c) != 1) muls++;
            }
            int items = terms.size() + (c0 != 0 ? 1 : 0);
            int ops = muls + items - 1;
            Node lead = null;
            boolean negated = false;
            int negatives = 0;
            if (added.isEmpty() && !(c0 > 0)) {
                for (Node t : subtracted) {
                    if (Math.abs(terms.get(t)[0]) != 1) {
                        lead = t;
                        break;
                    }
                }
                if (lead != null) {
                    negatives = 1; // t·(-|c|) leads
                } else {
                    negated = true; // -(t + …)
                    ops++;
                }
            }
            return new Form(added, subtracted, terms, c0, lead, negated, ops, negatives);
        }

        /** t·|c| (or t·c for a zero c, keeping its sign), t itself when |c| = 1. */
        private Node magnitude(GraphBuilder b, Node t) {
            double c = terms.get(t)[0];
            if (Math.abs(c) == 1) return t;
            return b.mul(t, c == 0 ? c : Math.abs(c));
        }

        Node emit(GraphBuilder b, DType dtype) {
            if (negated) {
                Node sum = null;
                for (Node t : subtracted) sum = sum == null ? t : b.add(sum, t); // every |c| is 1 here
                if (c0 != 0) sum = b.add(sum, -c0);
                return b.neg(sum);
            }
            Node acc = null;
            boolean constantUsed = false;
            for (Node t : added) acc = acc == null ? magnitude(b, t) : b.add(acc, magnitude(b, t));
            if (acc == null && lead != null) {
                acc = b.mul(lead, terms.get(lead)[0]);
            } else if (acc == null) {
                acc = b.constant(c0, dtype); // c0 > 0 leads: c0 - t - …
                constantUsed = true;
            }
            for (Node t : subtracted) if (t != lead) acc = b.sub(acc, magnitude(b, t));
            if (!constantUsed && c0 > 0) acc = b.add(acc, c0);
            if (!constantUsed && c0 < 0) acc = b.sub(acc, -c0);
            return acc;
        }
    }
}
