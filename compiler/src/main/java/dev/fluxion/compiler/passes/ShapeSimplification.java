package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.ShapeRules;

import java.util.Arrays;

import static dev.fluxion.compiler.passes.Patterns.is;

/**
 * The shape rules of {@link AlgebraicSimplification}: squeeze/unsqueeze become reshapes, reshape,
 * transpose and broadcast chains collapse, and reductions over broadcast axes skip the broadcast.
 */
final class ShapeSimplification {
    private ShapeSimplification() {}

    static void addTo(AlgebraicSimplification p) {
        p.add(Op.SQUEEZE, (b, n, a) -> b.reshape(a[0], n.shape().dims()));                       // squeeze → reshape      exact
        p.add(Op.UNSQUEEZE, (b, n, a) -> b.reshape(a[0], n.shape().dims()));                     // unsqueeze → reshape    exact
        p.add(Op.RESHAPE, (b, n, a) -> is(a[0], Op.RESHAPE) ? b.reshape(a[0].input(0), n.shape().dims()) : null); // reshape chain exact
        p.add(Op.BROADCAST_TO, (b, n, a) -> is(a[0], Op.BROADCAST_TO) ? b.broadcastTo(a[0].input(0), n.shape()) : null); // exact
        p.add(Op.TRANSPOSE, ShapeSimplification::transposeChain);                                 // transpose chain        exact
        p.add(Op.SUM, (b, n, a) -> overBroadcast(b, n, a[0], true));                             // Σ broadcast → n·x      ulp
        p.add(Op.MEAN, (b, n, a) -> overBroadcast(b, n, a[0], false));                           // mean broadcast → x     ulp
        p.add(Op.MAX, (b, n, a) -> overBroadcast(b, n, a[0], false));                            // max broadcast → x      exact
        p.add(Op.MIN, (b, n, a) -> overBroadcast(b, n, a[0], false));                            // min broadcast → x      exact
    }

    /** transpose(transpose(x, p), q) → transpose(x, p∘q): output axis i is x's axis p[q[i]]. */
    private static Node transposeChain(GraphBuilder b, Node n, Node[] a) {
        if (!is(a[0], Op.TRANSPOSE)) return null;
        int[] p = a[0].attrs().getInts("perm"), q = n.attrs().getInts("perm");
        int[] r = new int[q.length];
        for (int i = 0; i < q.length; i++) r[i] = p[q[i]];
        return b.transpose(a[0].input(0), r);
    }

    /**
     * A reduction of {@code broadcast_to(x, S)}: axes that only repeat x need no work (a sum of k
     * copies is k·x; a mean, max or min of copies is x), so reduce x over its own axes and broadcast.
     */
    private static Node overBroadcast(GraphBuilder b, Node n, Node in, boolean scaleByCount) {
        if (!is(in, Op.BROADCAST_TO)) return null;
        Node x = in.input(0);
        Shape s = in.shape();
        int lead = s.rank() - x.rank();
        int[] axes = n.attrs().getInts("axes");
        int[] own = new int[axes.length];
        int owned = 0;
        long copies = 1;
        for (int k : axes) {
            if (k >= lead && x.shape().dim(k - lead) == s.dim(k)) own[owned++] = k - lead;
            else copies *= s.dim(k);
        }
        if (owned == axes.length || copies == 0) return null; // no broadcast axis reduced, or an empty one
        Node t = owned == 0 ? x : b.apply(n.op(), Attrs.of("axes", Arrays.copyOf(own, owned), "keepdim", true), x);
        if (scaleByCount && copies != 1) t = b.mul(t, (double) copies);
        Shape kept = ShapeRules.reducedShape(s, axes, true);
        if (t.shape().numel() != kept.numel()) t = b.broadcastTo(t, kept); // else the broadcast only adds 1s
        return b.reshape(t, n.shape().dims());
    }
}
