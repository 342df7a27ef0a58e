package dev.fluxion.compiler.codegen;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.passes.RewritePass;
import java.util.BitSet;

/**
 * Before lowering: where a graph takes both {@code softplus(z)} and {@code sigmoid(z)} of one f64
 * operand — a logistic loss and its gradient — both are written out over one {@code e = exp(-|z|)},
 * so each element costs one exponential instead of two:
 * <pre>
 *   softplus(z) = max(z, 0) + log1p(e)
 *   sigmoid(z)  = z ≥ 0 ? 1 / (1 + e) : e / (1 + e)
 * </pre>
 * These are the operations of {@code SpecialFunctions.softplus} and {@code sigmoid} in the same
 * order (for z ≥ 0, {@code exp(-z)} is {@code exp(-|z|)}; for z &lt; 0, {@code exp(z)} is), so the
 * bits do not change. Not an optimisation pass: the stable rewrites would fold {@code log1p(exp(·))}
 * back into softplus, so the lowering applies it to the optimised graph. f32 is left alone, since
 * its ops round after every step and the special functions only at the end.
 */
final class SharedExponentials {
    private SharedExponentials() {}

    static Graph apply(Graph g) {
        BitSet softplus = new BitSet(), sigmoid = new BitSet();
        for (Node n : g.nodes()) {
            if (n.dtype() != DType.F64) continue;
            if (n.op() == Op.SOFTPLUS) softplus.set(n.input(0).id());
            else if (n.op() == Op.SIGMOID) sigmoid.set(n.input(0).id());
        }
        softplus.and(sigmoid);
        if (softplus.isEmpty()) return g;
        return new RewritePass() {
            @Override
            public String name() {
                return "shared-exponentials";
            }

            @Override
            protected Node rewrite(GraphBuilder b, Node original, Node[] args) {
                boolean pair = (original.op() == Op.SOFTPLUS || original.op() == Op.SIGMOID) && softplus.get(original.input(0).id());
                if (!pair) return null;
                Node z = args[0];
                Node e = b.exp(b.neg(b.abs(z))); // hash-consed: one node for both uses
                if (original.op() == Op.SOFTPLUS) return b.add(b.maximum(z, zero(b, z)), b.log1p(e));
                Node onePlusE = b.add(b.constant(1.0, DType.F64), e);
                return b.where(b.ge(z, zero(b, z)), b.div(b.constant(1.0, DType.F64), onePlusE), b.div(e, onePlusE));
            }
        }.apply(g);
    }

    private static Node zero(GraphBuilder b, Node like) {
        return b.constant(0.0, like.dtype());
    }
}
