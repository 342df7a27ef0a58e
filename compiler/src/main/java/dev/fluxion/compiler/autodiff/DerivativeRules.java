package dev.fluxion.compiler.autodiff;

import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.ShapeRules;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of derivative rules, keyed by op: for each differentiable op, one {@link PartialRule}
 * per input ({@code null} where the op is not differentiable in that input, like an index). Rules
 * build IR with the same builder users call and never compute numbers, so the transform's output
 * can be differentiated again. The math is in the trailing comments; {@code x} is input 0, {@code y}
 * the op's output, {@code g} the incoming cotangent.
 */
public final class DerivativeRules {
    private static final Map<Op, PartialRule[]> RULES = new EnumMap<>(Op.class);

    /** Ops with no derivative: leaves and the bool-valued comparisons. */
    public static final Set<Op> NON_DIFFERENTIABLE = EnumSet.of(
            Op.INPUT, Op.CONST, Op.FULL, Op.EYE, Op.ARANGE,
            Op.LT, Op.LE, Op.GT, Op.GE, Op.EQ, Op.NE);

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private DerivativeRules() {}

    private static void def(Op op, PartialRule... partials) {
        RULES.put(op, partials);
    }

    private static Node x(Node y) {
        return y.input(0);
    }

    static {
        // ---- elementwise unary ------------------------------------------------------------------
        def(Op.NEG, (b, y, g) -> b.neg(g));                                          // d(-x) = -1
        def(Op.ABS, (b, y, g) -> b.mul(g, b.sign(x(y))));                            // d|x| = sign x
        def(Op.SIGN, (b, y, g) -> b.zeros(x(y).type()));                             // sign is piecewise constant: 0 a.e.
        def(Op.EXP, (b, y, g) -> b.mul(g, y));                                       // d eˣ = eˣ
        def(Op.EXPM1, (b, y, g) -> b.mul(g, b.add(y, 1)));                           // d(eˣ-1) = eˣ = y+1
        def(Op.LOG, (b, y, g) -> b.div(g, x(y)));                                    // d log x = 1/x
        def(Op.LOG1P, (b, y, g) -> b.div(g, b.add(x(y), 1)));                        // d log(1+x) = 1/(1+x)
        def(Op.SQRT, (b, y, g) -> b.div(g, b.mul(y, 2)));                            // d √x = 1/(2√x)
        def(Op.RSQRT, (b, y, g) -> b.mul(g, b.mul(b.div(y, x(y)), -0.5)));           // d x^-½ = -½ x^-3/2 = -½ y/x
        def(Op.RECIPROCAL, (b, y, g) -> b.neg(b.mul(g, b.square(y))));               // d 1/x = -1/x² = -y²
        def(Op.SQUARE, (b, y, g) -> b.mul(g, b.mul(x(y), 2)));                       // d x² = 2x
        def(Op.SIN, (b, y, g) -> b.mul(g, b.cos(x(y))));                             // d sin = cos
        def(Op.COS, (b, y, g) -> b.neg(b.mul(g, b.sin(x(y)))));                      // d cos = -sin
        def(Op.TAN, (b, y, g) -> b.mul(g, b.add(b.square(y), 1)));                   // d tan = 1 + tan²
        def(Op.ASIN, (b, y, g) -> b.mul(g, b.rsqrt(b.rsub(1, b.square(x(y))))));     // d asin = 1/√(1-x²)
        def(Op.ACOS, (b, y, g) -> b.neg(b.mul(g, b.rsqrt(b.rsub(1, b.square(x(y))))))); // d acos = -1/√(1-x²)
        def(Op.ATAN, (b, y, g) -> b.div(g, b.add(b.square(x(y)), 1)));              // d atan = 1/(1+x²)
        def(Op.SINH, (b, y, g) -> b.mul(g, b.cosh(x(y))));                           // d sinh = cosh
        def(Op.COSH, (b, y, g) -> b.mul(g, b.sinh(x(y))));                           // d cosh = sinh
        def(Op.TANH, (b, y, g) -> b.mul(g, b.rsub(1, b.square(y))));                 // d tanh = 1 - tanh²
        def(Op.SIGMOID, (b, y, g) -> b.mul(g, b.mul(y, b.rsub(1, y))));              // d σ = σ(1-σ)
        def(Op.RELU, (b, y, g) -> b.whereOrZero(b.gt(x(y), b.scalarLike(y, 0)), g)); // d relu = [x > 0]
        def(Op.SOFTPLUS, (b, y, g) -> b.mul(g, b.sigmoid(x(y))));                    // d log(1+eˣ) = σ(x)
        def(Op.ERF, (b, y, g) -> b.mul(g, b.mul(b.exp(b.neg(b.square(x(y)))), TWO_OVER_SQRT_PI))); // d erf = 2/√π e^(-x²)
        def(Op.CAST, (b, y, g) -> x(y).dtype().isFloating() ? b.cast(g, x(y).dtype()) : null); // casts back; ints have none

        // ---- elementwise binary (results at the broadcast shape; the transform unbroadcasts) ----
        def(Op.ADD, (b, y, g) -> g, (b, y, g) -> g);                                 // d(a+b) = 1, 1
        def(Op.SUB, (b, y, g) -> g, (b, y, g) -> b.neg(g));                          // d(a-b) = 1, -1
        def(Op.MUL, (b, y, g) -> b.mul(g, y.input(1)), (b, y, g) -> b.mul(g, y.input(0))); // d(ab) = b, a
        def(Op.DIV, (b, y, g) -> b.div(g, y.input(1)),                               // d(a/b)/da = 1/b
                (b, y, g) -> b.neg(b.mul(g, b.div(y, y.input(1)))));                 // d(a/b)/db = -a/b² = -(a/b)/b
        def(Op.POW, DerivativeRules::powBase, DerivativeRules::powExponent);
        def(Op.MAXIMUM, (b, y, g) -> b.mul(g, share(b, y, 0, Op.GT)), (b, y, g) -> b.mul(g, share(b, y, 1, Op.GT)));
        def(Op.MINIMUM, (b, y, g) -> b.mul(g, share(b, y, 0, Op.LT)), (b, y, g) -> b.mul(g, share(b, y, 1, Op.LT)));
        def(Op.ATAN2,                                                                // atan2(a, b): d/da = b/(a²+b²), d/db = -a/(a²+b²)
                (b, y, g) -> b.mul(g, b.div(y.input(1), sumOfSquares(b, y))),
                (b, y, g) -> b.neg(b.mul(g, b.div(y.input(0), sumOfSquares(b, y)))));

        // ---- selection ----------------------------------------------------------------------------
        def(Op.WHERE, null,
                (b, y, g) -> b.where(y.input(0), g, b.scalarLike(g, 0)),             // d/da = [cond]
                (b, y, g) -> b.where(y.input(0), b.scalarLike(g, 0), g));            // d/db = [not cond]

        // ---- reductions ---------------------------------------------------------------------------
        def(Op.SUM, (b, y, g) -> expand(b, y, g));                                   // d Σx = 1
        def(Op.MEAN, (b, y, g) -> b.div(expand(b, y, g), reducedCount(y)));          // d mean = 1/n
        def(Op.PROD, DerivativeRules::prodPartial);
        def(Op.MAX, DerivativeRules::extremumPartial);
        def(Op.MIN, DerivativeRules::extremumPartial);
        def(Op.LOGSUMEXP, (b, y, g) -> b.mul(expand(b, y, g), b.exp(b.sub(x(y), keep(b, y, y))))); // d lse = softmax(x)

        // ---- shape ----------------------------------------------------------------------------------
        def(Op.RESHAPE, (b, y, g) -> b.reshape(g, x(y).shape().dims()));
        def(Op.BROADCAST_TO, (b, y, g) -> b.sumToShape(g, x(y).shape()));
        def(Op.TRANSPOSE, (b, y, g) -> b.transpose(g, GraphBuilder.inversePermutation(y.attrs().getInts("perm"))));
        def(Op.SQUEEZE, (b, y, g) -> b.reshape(g, x(y).shape().dims()));
        def(Op.UNSQUEEZE, (b, y, g) -> b.reshape(g, x(y).shape().dims()));
        def(Op.SLICE, ShapeDerivatives::slice);                                      // pad the cotangent back
        def(Op.PAD, ShapeDerivatives::pad);                                          // slice the cotangent out
        def(Op.GATHER, (b, y, g) -> b.scatterAdd(b.zeros(x(y).type()), y.attrs().getInt("axis"), y.input(1), g), null);
        def(Op.SCATTER_ADD, (b, y, g) -> g, null, (b, y, g) -> b.gather(g, y.attrs().getInt("axis"), y.input(1)));
        RULES.put(Op.CONCAT, null); // variadic: see partial()
        RULES.put(Op.STACK, null);

        // ---- linear algebra ---------------------------------------------------------------------
        def(Op.MATMUL, ShapeDerivatives::matmulLeft, ShapeDerivatives::matmulRight);
        def(Op.DOT, (b, y, g) -> b.mul(g, y.input(1)), (b, y, g) -> b.mul(g, y.input(0))); // d(a·b) = b, a
    }

    /** True when {@code op} has a derivative rule (possibly not in every input). */
    public static boolean hasRule(Op op) {
        return RULES.containsKey(op);
    }

    /**
     * The rule for input {@code i} of {@code y}, or null when {@code y}'s op is not differentiable in it.
     *
     * @throws IllegalStateException when the op has no rule and is not listed as non-differentiable
     */
    public static PartialRule partial(Node y, int i) {
        Op op = y.op();
        if (op == Op.CONCAT) return (b, n, g) -> ShapeDerivatives.concatPart(b, n, g, i);
        if (op == Op.STACK) return (b, n, g) -> ShapeDerivatives.stackPart(b, n, g, i);
        PartialRule[] rules = RULES.get(op);
        if (rules == null) {
            if (NON_DIFFERENTIABLE.contains(op)) return null;
            throw new IllegalStateException("no derivative rule for op '" + op + "'");
        }
        return rules[i];
    }

    // ---- helpers shared by several rules ------------------------------------------------------------

    /** Weight of operand {@code i} of maximum/minimum: 1 where it wins, ½ at ties (as PyTorch and JAX), else 0. */
    private static Node share(GraphBuilder b, Node y, int i, Op wins) {
        Node self = y.input(i), other = y.input(1 - i);
        Node win = b.binary(wins, self, other), tie = b.eq(self, other);
        return b.where(win, b.scalarLike(y, 1), b.where(tie, b.scalarLike(y, 0.5), b.scalarLike(y, 0)));
    }

    private static Node sumOfSquares(GraphBuilder b, Node y) {
        return b.add(b.square(y.input(0)), b.square(y.input(1)));
    }

    /** d aᵇ/da = b·aᵇ⁻¹, taken as 0 where b = 0 (so 0⁰ has slope 0, as in PyTorch). */
    private static Node powBase(GraphBuilder b, Node y, Node g) {
        Node a = y.input(0), e = y.input(1);
        Node slope = b.mul(e, b.pow(a, b.sub(e, 1)));
        return b.mul(g, b.where(b.eq(e, b.scalarLike(e, 0)), b.scalarLike(y, 0), slope));
    }

    /** d aᵇ/db = aᵇ·log a, taken as 0 where a = 0; the log sees a safe operand so no NaN leaks through where. */
    private static Node powExponent(GraphBuilder b, Node y, Node g) {
        Node a = y.input(0);
        Node aIsZero = b.eq(a, b.scalarLike(a, 0));
        Node safeLog = b.log(b.where(aIsZero, b.scalarLike(a, 1), a));
        return b.mul(g, b.where(aIsZero, b.scalarLike(y, 0), b.mul(y, safeLog)));
    }

    /** A reduction's output (or cotangent) with the reduced axes kept as size 1. */
    static Node keep(GraphBuilder b, Node reduction, Node v) {
        Node x = x(reduction);
        Shape kept = ShapeRules.reducedShape(x.shape(), reduction.attrs().getInts("axes"), true);
        return b.reshape(v, kept.dims());
    }

    /** The cotangent of a reduction broadcast back over the reduced axes. */
    static Node expand(GraphBuilder b, Node reduction, Node g) {
        return b.broadcastTo(keep(b, reduction, g), x(reduction).shape());
    }

    private static double reducedCount(Node reduction) {
        long n = 1;
        for (int a : reduction.attrs().getInts("axes")) n *= x(reduction).shape().dim(a);
        return n;
    }

    /**
     * d Πx / dxᵢ = Π_{j≠i} xⱼ, the exclusive product, computed without division so it is exact
     * at zeros and differentiable again (see {@link ExclusiveProducts}).
     */
    private static Node prodPartial(GraphBuilder b, Node y, Node g) {
        return b.mul(expand(b, y, g), ExclusiveProducts.of(b, x(y), y.attrs().getInts("axes")));
    }

    /** max/min: the cotangent goes to the elements equal to the extremum, split evenly among ties. */
    private static Node extremumPartial(GraphBuilder b, Node y, Node g) {
        Node x = x(y);
        Node mask = b.cast(b.eq(x, keep(b, y, y)), x.dtype());
        Node ties = b.sum(mask, true, y.attrs().getInts("axes"));
        return b.mul(expand(b, y, g), b.div(mask, ties));
    }
}
