package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;

import static dev.fluxion.compiler.passes.Patterns.fit;
import static dev.fluxion.compiler.passes.Patterns.is;
import static dev.fluxion.compiler.passes.Patterns.isConst;
import static dev.fluxion.compiler.passes.Patterns.isZero;
import static dev.fluxion.compiler.passes.Patterns.uniformValue;

/**
 * Algebraic simplification from a table of rewrite rules. Each rule's comment says how exact it is
 * in IEEE arithmetic:
 * <ul>
 *   <li><b>exact</b>: bit-identical results for every input;
 *   <li><b>exact±0</b>: identical except possibly the sign of a zero result;
 *   <li><b>ulp</b>: reassociates or merges roundings, so results may differ in the last bits;
 *   <li><b>finite</b>: assumes finite, non-NaN values (e.g. {@code x*0 → 0} is NaN for x = ∞);
 *       these rules run only when the pass is built with {@code assumeFinite}.
 * </ul>
 * Shape-changing rewrites keep the node's type: an operand that was broadcast by the removed op is
 * broadcast explicitly. Tensor-shape rules (reshape/transpose chains, sums of broadcasts) are in
 * {@link ShapeSimplification}. After the table's sweep, a second sweep applies the rewrites that
 * depend on how often a value is read (linear combinations, absorbed reciprocals, common
 * divisors: {@link SingleUseRewrites}).
 */
public final class AlgebraicSimplification extends RuleTablePass {
    private final boolean assumeFinite;

    /** IEEE-safe rules only (no rule that assumes finite values). */
    public AlgebraicSimplification() {
        this(false);
    }

    public AlgebraicSimplification(boolean assumeFinite) {
        this.assumeFinite = assumeFinite;
        broadcasts();
        additive();
        multiplicative();
        powers();
        ShapeSimplification.addTo(this);
        if (assumeFinite) finiteOnly();
    }

    @Override
    public String name() {
        return "simplify";
    }

    /** The rule table's sweep, then the rewrites that need use counts ({@link SingleUseRewrites}). */
    @Override
    public Graph apply(Graph g) {
        return SingleUseRewrites.apply(super.apply(g));
    }

    public boolean assumesFinite() {
        return assumeFinite;
    }

    /** Registers a rule (also used by {@link ShapeSimplification}). */
    void add(Op op, RewriteRule r) {
        rule(op, r);
    }

    private void broadcasts() {
        for (Op op : new Op[] {Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.POW, Op.MAXIMUM, Op.MINIMUM, Op.ATAN2,
                Op.LT, Op.LE, Op.GT, Op.GE, Op.EQ, Op.NE}) {
            rule(op, Coefficients::implicitBroadcast);                                            // x ⊕ bcast(y) → x ⊕ y exact
        }
    }

    private void additive() {
        rule(Op.ADD, (b, n, a) -> isZero(a[1]) ? fit(b, a[0], n.type()) : null);                 // x + 0 → x        exact±0
        rule(Op.ADD, (b, n, a) -> isZero(a[0]) ? fit(b, a[1], n.type()) : null);                 // 0 + x → x        exact±0
        rule(Op.ADD, (b, n, a) -> is(a[1], Op.NEG) ? b.sub(a[0], a[1].input(0)) : null);        // x + -y → x - y   exact
        rule(Op.ADD, (b, n, a) -> is(a[0], Op.NEG) ? b.sub(a[1], a[0].input(0)) : null);        // -x + y → y - x   exact
        rule(Op.ADD, (b, n, a) -> a[0] == a[1] ? b.mul(a[0], 2) : null);                         // x + x → 2x       exact
        rule(Op.ADD, (b, n, a) -> Coefficients.likeTerms(b, n, a, 1));                           // ax + bx → (a+b)x ulp
        rule(Op.SUB, (b, n, a) -> isZero(a[1]) ? fit(b, a[0], n.type()) : null);                 // x - 0 → x        exact
        rule(Op.SUB, (b, n, a) -> a[0] != a[1] ? Coefficients.likeTerms(b, n, a, -1) : null);   // ax - bx → (a-b)x ulp
        rule(Op.SUB, (b, n, a) -> isZero(a[0]) ? fit(b, b.neg(a[1]), n.type()) : null);          // 0 - x → -x       exact±0
        rule(Op.SUB, (b, n, a) -> is(a[1], Op.NEG) ? b.add(a[0], a[1].input(0)) : null);        // x - -y → x + y   exact
        rule(Op.SUB, (b, n, a) -> is(a[0], Op.NEG) ? b.neg(b.add(a[0].input(0), a[1])) : null); // -x - y → -(x+y)  exact
        rule(Op.NEG, (b, n, a) -> is(a[0], Op.NEG) ? a[0].input(0) : null);                      // --x → x          exact
        rule(Op.NEG, Coefficients::neg);                                                          // -(ax) → (-a)x    exact
        rule(Op.NEG, (b, n, a) -> is(a[0], Op.SUB) ? b.sub(a[0].input(1), a[0].input(0)) : null); // -(x-y) → y-x   exact±0
    }

    private void multiplicative() {
        rule(Op.MUL, (b, n, a) -> isConst(a[1], 1) ? fit(b, a[0], n.type()) : null);             // x·1 → x          exact
        rule(Op.MUL, (b, n, a) -> isConst(a[0], 1) ? fit(b, a[1], n.type()) : null);             // 1·x → x          exact
        rule(Op.MUL, (b, n, a) -> isConst(a[1], -1) ? fit(b, b.neg(a[0]), n.type()) : null);     // x·-1 → -x        exact
        rule(Op.MUL, (b, n, a) -> isConst(a[0], -1) ? fit(b, b.neg(a[1]), n.type()) : null);     // -1·x → -x        exact
        rule(Op.MUL, Coefficients::mul);                                                          // (ax)(by) → (ab)(xy) ulp
        rule(Op.MUL, (b, n, a) -> is(a[0], Op.NEG) && is(a[1], Op.NEG) ? b.mul(a[0].input(0), a[1].input(0)) : null); // (-x)(-y) → xy exact
        rule(Op.MUL, (b, n, a) -> is(a[0], Op.NEG) ? b.neg(b.mul(a[0].input(0), a[1])) : null); // (-x)y → -(xy)    exact
        rule(Op.MUL, (b, n, a) -> is(a[1], Op.NEG) ? b.neg(b.mul(a[0], a[1].input(0))) : null); // x(-y) → -(xy)    exact
        rule(Op.MUL, (b, n, a) -> a[0] == a[1] ? b.square(a[0]) : null);                         // x·x → x²         exact
        rule(Op.DIV, (b, n, a) -> isConst(a[1], 1) ? fit(b, a[0], n.type()) : null);             // x/1 → x          exact
        rule(Op.DIV, Coefficients::div);                                                          // (ax)/(by) → (a/b)(x/y) ulp
        rule(Op.DIV, (b, n, a) -> isConst(a[0], 1) ? fit(b, b.reciprocal(a[1]), n.type()) : null); // 1/x → recip x  exact
        rule(Op.DIV, (b, n, a) -> exactReciprocal(a[1]) != null ? b.mul(a[0], exactReciprocal(b, a[1])) : null); // x/2ᵏ → x·2⁻ᵏ exact
        rule(Op.DIV, (b, n, a) -> is(a[0], Op.NEG) && is(a[1], Op.NEG) ? b.div(a[0].input(0), a[1].input(0)) : null); // (-x)/(-y) exact
        rule(Op.DIV, (b, n, a) -> is(a[0], Op.NEG) ? b.neg(b.div(a[0].input(0), a[1])) : null); // (-x)/y → -(x/y)  exact
        rule(Op.DIV, (b, n, a) -> is(a[1], Op.NEG) ? b.neg(b.div(a[0], a[1].input(0))) : null); // x/(-y) → -(x/y)  exact
        rule(Op.RECIPROCAL, (b, n, a) -> is(a[0], Op.DIV) ? fit(b, b.div(a[0].input(1), a[0].input(0)), n.type()) : null); // 1/(x/y) → y/x ulp
        rule(Op.SQUARE, (b, n, a) -> is(a[0], Op.RECIPROCAL) ? b.reciprocal(b.square(a[0].input(0))) : null); // (1/x)² → 1/x² ulp
        rule(Op.SQUARE, (b, n, a) -> is(a[0], Op.NEG) || is(a[0], Op.ABS) ? b.square(a[0].input(0)) : null); // (-x)² → x² exact
        rule(Op.ABS, (b, n, a) -> is(a[0], Op.NEG) || is(a[0], Op.ABS) ? b.abs(a[0].input(0)) : null); // |-x| → |x|   exact
        rule(Op.MAXIMUM, (b, n, a) -> a[0] == a[1] ? a[0] : null);                                 // max(x,x) → x     exact
        rule(Op.MINIMUM, (b, n, a) -> a[0] == a[1] ? a[0] : null);                                 // min(x,x) → x     exact
        rule(Op.WHERE, (b, n, a) -> a[1] == a[2] ? fit(b, a[1], n.type()) : null);                 // where(c,x,x) → x exact
        rule(Op.WHERE, (b, n, a) -> isConst(a[0], 1) ? fit(b, a[1], n.type()) : null);            // where(true,x,y) → x exact
        rule(Op.WHERE, (b, n, a) -> isConst(a[0], 0) ? fit(b, a[2], n.type()) : null);            // where(false,x,y) → y exact
    }

    /**
     * Powers with a constant exponent that one op computes as well. A power that would take several
     * ops (x³ = x²·x, x⁴ = (x²)², x⁻² = 1/x²) stays one {@code pow}: the expansion rounds more
     * often than pow's one rounding (within 1 ulp), adds nodes, and is a speed trade-off that
     * belongs to lowering (as C compilers expand pow(x, n) only under fast-math), not to canonical IR.
     */
    private void powers() {
        rule(Op.POW, (b, n, a) -> isConst(a[1], 1) ? fit(b, a[0], n.type()) : null);             // x¹ → x           exact
        rule(Op.POW, (b, n, a) -> isConst(a[1], 0) ? Patterns.constant(b, n.type(), 1) : null);  // x⁰ → 1           exact (pow(NaN,0)=1)
        rule(Op.POW, (b, n, a) -> isConst(a[1], 2) ? fit(b, b.square(a[0]), n.type()) : null);  // x² → x·x         exact
        rule(Op.POW, (b, n, a) -> isConst(a[1], -1) ? fit(b, b.reciprocal(a[0]), n.type()) : null); // x⁻¹ → 1/x     exact
        rule(Op.POW, (b, n, a) -> isConst(a[1], 0.5) ? fit(b, b.sqrt(a[0]), n.type()) : null);  // x^½ → √x         exact but pow(-0,½)=+0, pow(-∞,½)=+∞
        rule(Op.POW, (b, n, a) -> isConst(a[1], -0.5) ? fit(b, b.rsqrt(a[0]), n.type()) : null); // x^-½ → 1/√x     ulp
    }

    private void finiteOnly() {
        rule(Op.MUL, (b, n, a) -> isZero(a[0]) || isZero(a[1]) ? Patterns.constant(b, n.type(), 0) : null); // x·0 → 0 finite
        rule(Op.SUB, (b, n, a) -> a[0] == a[1] ? Patterns.constant(b, n.type(), 0) : null);      // x - x → 0        finite
        rule(Op.DIV, (b, n, a) -> a[0] == a[1] ? Patterns.constant(b, n.type(), 1) : null);      // x / x → 1        finite, x ≠ 0
        rule(Op.LOG, (b, n, a) -> is(a[0], Op.EXP) ? a[0].input(0) : null);                      // log eˣ → x        finite (no overflow)
    }

    /** 1/c when c is a uniform constant whose reciprocal is exact (a power of two), else null. */
    private static Double exactReciprocal(Node c) {
        Double v = uniformValue(c);
        if (v == null || v == 0 || Double.isInfinite(v) || Double.isNaN(v)) return null;
        double r = 1 / v;
        return Math.getExponent(v) > Double.MIN_EXPONENT && r * v == 1 && Math.abs(v) == Math.scalb(1.0, Math.getExponent(v)) ? r : null;
    }

    private static Node exactReciprocal(GraphBuilder b, Node c) {
        return Patterns.constant(b, c.type(), exactReciprocal(c));
    }
}
