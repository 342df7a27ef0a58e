package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;

import static dev.fluxion.compiler.passes.Patterns.fit;
import static dev.fluxion.compiler.passes.Patterns.is;
import static dev.fluxion.compiler.passes.Patterns.isConst;
import static dev.fluxion.compiler.passes.Patterns.isZero;

/**
 * Numerically stable rewrites. Unlike {@link AlgebraicSimplification} these change values on
 * purpose, towards the exact result: {@code log(1+x)} loses all digits of a tiny x that
 * {@code log1p} keeps, {@code log(sum(exp x))} overflows where {@code logsumexp} does not, and a
 * cotangent masked by {@code where} must stay 0 even when multiplied by an infinite derivative of
 * the branch not taken (the "double where" of jax#5798, applied automatically).
 */
public final class StableRewrites extends RuleTablePass {
    public StableRewrites() {
        rule(Op.LOG, (b, n, a) -> onePlus(a[0]) != null ? b.log1p(onePlus(a[0])) : null);               // log(1+x) → log1p x
        rule(Op.LOG, (b, n, a) -> is(a[0], Op.SUM) && is(a[0].input(0), Op.EXP) ? logsumexp(b, a[0]) : null); // log Σ eˣ → logsumexp
        rule(Op.LOG, (b, n, a) -> is(a[0], Op.SIGMOID) ? b.neg(b.softplus(b.neg(a[0].input(0)))) : null); // log σ(x) → -softplus(-x)
        rule(Op.LOG, (b, n, a) -> oneMinusSigmoid(a[0]) != null ? b.neg(b.softplus(oneMinusSigmoid(a[0]))) : null); // log(1-σx) → -softplus x
        rule(Op.LOG1P, (b, n, a) -> is(a[0], Op.EXP) ? b.softplus(a[0].input(0)) : null);           // log(1+eˣ) → softplus x
        rule(Op.SUB, (b, n, a) -> is(a[0], Op.EXP) && isConst(a[1], 1) ? fit(b, b.expm1(a[0].input(0)), n.type()) : null); // eˣ-1 → expm1
        rule(Op.ADD, (b, n, a) -> is(a[0], Op.EXP) && isConst(a[1], -1) ? fit(b, b.expm1(a[0].input(0)), n.type()) : null); // eˣ+(-1) → expm1
        rule(Op.RECIPROCAL, (b, n, a) -> logistic(a[0]) != null ? b.sigmoid(logistic(a[0])) : null); // 1/(1+e⁻ˣ) → σ(x)
        rule(Op.MUL, StableRewrites::sigmoidSlope);                                                   // σ(1-σ) → σ(x)σ(-x)
        rule(Op.DIV, (b, n, a) -> is(a[1], Op.SQUARE) ? b.div(b.div(a[0], a[1].input(0)), a[1].input(0)) : null); // a/b² → (a/b)/b
        // Masked cotangents: where(c, 0, a)·h → where(c, 0, a·h), so 0·∞ in the untaken branch stays 0.
        rule(Op.MUL, (b, n, a) -> maskedZero(a[0]) ? remask(b, n, a[0], b.mul(maskedValue(a[0]), a[1])) : null);
        rule(Op.MUL, (b, n, a) -> maskedZero(a[1]) ? remask(b, n, a[1], b.mul(a[0], maskedValue(a[1]))) : null);
        rule(Op.DIV, (b, n, a) -> maskedZero(a[0]) ? remask(b, n, a[0], b.div(maskedValue(a[0]), a[1])) : null);
        rule(Op.NEG, (b, n, a) -> maskedZero(a[0]) ? remask(b, n, a[0], b.neg(maskedValue(a[0]))) : null);
    }

    @Override
    public String name() {
        return "stable";
    }

    /** x when n is 1 + x or x + 1, else null. */
    private static Node onePlus(Node n) {
        if (!is(n, Op.ADD)) return null;
        if (isConst(n.input(0), 1) && n.input(1).shape().equals(n.shape())) return n.input(1);
        if (isConst(n.input(1), 1) && n.input(0).shape().equals(n.shape())) return n.input(0);
        return null;
    }

    /** x when n is 1 - σ(x), else null. */
    private static Node oneMinusSigmoid(Node n) {
        if (is(n, Op.SUB) && isConst(n.input(0), 1) && is(n.input(1), Op.SIGMOID) && n.input(1).shape().equals(n.shape())) {
            return n.input(1).input(0);
        }
        return null;
    }

    /** x when n is 1 + e^(-x) (in either order), else null. */
    private static Node logistic(Node n) {
        Node e = onePlus(n);
        return e != null && is(e, Op.EXP) && is(e.input(0), Op.NEG) ? e.input(0).input(0) : null;
    }

    private static Node logsumexp(GraphBuilder b, Node sum) {
        boolean keepdim = sum.attrs().getBoolean("keepdim");
        return b.logsumexp(sum.input(0).input(0), keepdim, sum.attrs().getInts("axes"));
    }

    /** σ(x)·(1-σ(x)) → σ(x)·σ(-x), which keeps its relative accuracy for large x. */
    private static Node sigmoidSlope(GraphBuilder b, Node n, Node[] a) {
        for (int i = 0; i < 2; i++) {
            Node s = a[i], rest = a[1 - i];
            if (is(s, Op.SIGMOID) && is(rest, Op.SUB) && isConst(rest.input(0), 1) && rest.input(1) == s && rest.shape().equals(s.shape())) {
                return fit(b, b.mul(s, b.sigmoid(b.neg(s.input(0)))), n.type());
            }
        }
        return null;
    }

    private static boolean maskedZero(Node n) {
        return is(n, Op.WHERE) && (isZero(n.input(1)) || isZero(n.input(2)));
    }

    private static Node maskedValue(Node w) {
        return isZero(w.input(1)) ? w.input(2) : w.input(1);
    }

    /** where(c, 0, v) or where(c, v, 0) again, around the new value, at the original node's type. */
    private static Node remask(GraphBuilder b, Node n, Node w, Node v) {
        Node zero = b.scalarLike(v, 0);
        Node r = isZero(w.input(1)) ? b.where(w.input(0), zero, v) : b.where(w.input(0), v, zero);
        return fit(b, r, n.type());
    }
}
