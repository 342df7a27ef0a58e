package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;

import java.util.EnumSet;
import java.util.Set;

/**
 * Merges nodes that compute the same value. Re-emitting every node into a fresh builder already
 * merges structurally equal nodes (the builder hash-conses: same op, attributes, type and inputs
 * give one node), and because inputs are merged before their readers are visited, merges cascade
 * up the graph in one sweep. This pass adds two canonical forms so that more nodes become equal:
 *
 * <ul>
 *   <li>the operands of a commutative op are put in order, smaller (new) id first, so
 *       {@code mul x y} and {@code mul y x} become one node;</li>
 *   <li>a {@code const} whose elements are all the same bit pattern becomes a {@code full}, and a
 *       0-d {@code full} a 0-d {@code const} (as {@link GraphBuilder#full} emits it), so a constant
 *       has one spelling whichever way it was written. Values are rounded to the dtype, as the
 *       interpreter's leaf kernels read them.</li>
 * </ul>
 *
 * Neither changes a value, bit for bit; the relative order of the surviving nodes is kept, so the
 * pass is idempotent (a second run returns its input).
 */
public final class CommonSubexpressionElimination extends RewritePass {
    /**
     * Ops whose two operands may be swapped without changing any bit of the result. IEEE addition
     * and multiplication are commutative (only associativity fails). maximum and minimum are too,
     * even with NaN, because both propagate a NaN in either operand (Math.max/min, as NumPy does),
     * and even with signed zeros, because Math.max/min order -0.0 below 0.0 whichever comes first.
     * eq and ne are symmetric; their broadcast output shape is the same either way.
     */
    private static final Set<Op> COMMUTATIVE = EnumSet.of(Op.ADD, Op.MUL, Op.MAXIMUM, Op.MINIMUM, Op.EQ, Op.NE);

    @Override
    public String name() {
        return "cse";
    }

    @Override
    protected Node rewrite(GraphBuilder b, Node original, Node[] args) {
        Op op = original.op();
        if (COMMUTATIVE.contains(op)) {
            if (args[0].id() <= args[1].id()) return null;
            return b.apply(op, original.attrs(), args[1], args[0]);
        }
        if (op == Op.CONST) return canonicalConst(b, original);
        if (op == Op.FULL) {
            double v = original.attrs().getDouble("value");
            // Already canonical: b.full would make this very node again, which re-emitting does too
            // (and keeps the node itself while the graph is unchanged; see GraphBuilder.copy).
            if (!original.shape().isScalar() && sameBits(original.dtype().round(v), v)) return null;
            return b.full(original.type(), v);
        }
        return null;
    }

    /**
     * A {@code full} for a non-empty constant of equal elements, else the constant with rounded
     * values; null when that is the constant as it is (a 0-d or non-uniform one already rounded).
     */
    private static Node canonicalConst(GraphBuilder b, Node c) {
        double[] v = c.attrs().getDoubles("value");
        boolean rounded = true;
        for (int i = 0; i < v.length; i++) {
            double r = c.dtype().round(v[i]);
            rounded &= sameBits(r, v[i]);
            v[i] = r;
        }
        Double common = ConstantFolding.commonValue(v);
        if (rounded && (common == null || c.shape().isScalar())) return null;
        if (common != null) return b.full(c.type(), common);
        return b.constant(v, c.type());
    }

    /** Bit-for-bit equality: a rewrite may only be skipped when it would not change a single bit. */
    private static boolean sameBits(double x, double y) {
        return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
    }
}
