package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;

import static dev.fluxion.compiler.passes.Patterns.fit;
import static dev.fluxion.compiler.passes.Patterns.is;

/**
 * The second stage of {@link AlgebraicSimplification}: rewrites that regroup an expression and pay
 * off only when the intermediate values they dissolve have no other reader. A rule table cannot see
 * that, so this stage counts the uses of every live node of the input graph first (outputs count as
 * uses; dead nodes, left behind by the first stage, do not), then re-emits the graph in one forward
 * sweep as {@link RewritePass} does. Each rule's exactness, in the terms of
 * {@link AlgebraicSimplification}:
 * <ul>
 *   <li>a tree of additions, subtractions, negations and multiplications by scalar constants whose
 *       inner nodes have one use each becomes Σ cᵢ·tᵢ + c₀ in its shortest form
 *       ({@link LinearCombinations}) — <b>ulp</b> (reassociates);
 *   <li>{@code reciprocal(a)·b → b/a} when the reciprocal has no other use — <b>ulp</b> (one rounding
 *       instead of two; never a NaN where there was a number: 0·∞ cases are 0/0 or ∞/∞ both ways);
 *   <li>{@code a/c ± b/c → (a ± b)/c} when both quotients have no other use — <b>ulp</b>
 *       (one division instead of two; like any reassociation, a ± b may overflow where the
 *       quotients did not).
 * </ul>
 */
final class SingleUseRewrites {
    private SingleUseRewrites() {}

    /**
     * How the live nodes of one graph are read: {@code uses[id]} counts the input slots of live
     * nodes and the output slots holding node {@code id}; {@code soleUser[id]} is its reader when
     * that count is 1 and the one use is not an output, else null.
     */
    record Uses(int[] uses, Node[] soleUser, boolean[] live) {
        static Uses of(Graph g) {
            int n = g.size();
            int[] uses = new int[n];
            Node[] user = new Node[n];
            boolean[] live = new boolean[n];
            boolean[] output = new boolean[n];
            for (Node o : g.outputs()) {
                live[o.id()] = true;
                output[o.id()] = true;
                uses[o.id()]++;
            }
            for (int id = n - 1; id >= 0; id--) {
                if (!live[id]) continue;
                Node node = g.node(id);
                for (int i = 0; i < node.arity(); i++) { // input(i), not inputs(): that copies
                    Node in = node.input(i);
                    live[in.id()] = true;
                    uses[in.id()]++;
                    user[in.id()] = node;
                }
            }
            for (int id = 0; id < n; id++) if (uses[id] != 1 || output[id]) user[id] = null;
            return new Uses(uses, user, live);
        }

        boolean single(Node n) {
            return uses[n.id()] == 1;
        }

        Node soleUser(Node n) {
            return soleUser[n.id()];
        }
    }

    /** The graph with this stage's rewrites applied, or {@code g} itself when none applies. */
    static Graph apply(Graph g) {
        Uses uses = Uses.of(g);
        GraphBuilder b = new GraphBuilder(g);
        Node[] map = new Node[g.size()];
        for (Node in : g.inputs()) map[in.id()] = b.copy(in);
        boolean same = true; // every node so far is itself again, as in RewritePass
        for (Node n : g.nodes()) {
            if (n.op() == Op.INPUT) continue;
            Node[] args = new Node[n.arity()];
            for (int i = 0; i < args.length; i++) args[i] = map[n.input(i).id()];
            Node r = uses.live()[n.id()] ? rewrite(b, n, args, map, uses) : null;
            map[n.id()] = r != null && r.type().equals(n.type()) ? r : RewritePass.reemit(b, n, args);
            same &= map[n.id()] == n;
        }
        return RewritePass.rebuilt(g, b, map, same);
    }

    private static Node rewrite(GraphBuilder b, Node n, Node[] a, Node[] map, Uses uses) {
        if (!n.dtype().isFloating()) return null; // integer division truncates: no regrouping
        if (LinearCombinations.isRoot(n, uses)) {
            Node r = LinearCombinations.normalise(b, n, map, uses);
            if (r != null) return r;
        }
        switch (n.op()) {
            case MUL:
                return absorbReciprocal(b, n, a, uses);
            case ADD:
            case SUB:
                return commonDivisor(b, n, a, uses);
            default:
                return null;
        }
    }

    /** reciprocal(a)·b → b/a (either order) when the reciprocal is read only here. */
    private static Node absorbReciprocal(GraphBuilder b, Node n, Node[] a, Uses uses) {
        for (int i = 0; i < 2; i++) {
            if (is(a[i], Op.RECIPROCAL) && uses.single(n.input(i)) && n.input(0) != n.input(1)) {
                return fit(b, b.div(a[1 - i], a[i].input(0)), n.type());
            }
        }
        return null;
    }

    /** a/c ± b/c → (a ± b)/c when neither quotient is read elsewhere. */
    private static Node commonDivisor(GraphBuilder b, Node n, Node[] a, Uses uses) {
        if (!is(a[0], Op.DIV) || !is(a[1], Op.DIV) || a[0].input(1) != a[1].input(1)) return null;
        if (n.input(0) == n.input(1) || !uses.single(n.input(0)) || !uses.single(n.input(1))) return null;
        Node numerator = b.apply(n.op(), a[0].input(0), a[1].input(0));
        return fit(b, b.div(numerator, a[0].input(1)), n.type());
    }
}
