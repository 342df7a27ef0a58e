package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.TensorType;

/** Small matchers shared by the rewrite tables. */
final class Patterns {
    private Patterns() {}

    /** The value of a constant whose elements are all equal (a CONST or FULL of any shape), else null. */
    static Double uniformValue(Node n) {
        if (n.op() == Op.FULL) return n.attrs().getDouble("value");
        if (n.op() != Op.CONST) return null;
        double[] v = n.attrs().getDoubles("value");
        if (v.length == 0) return null;
        for (double x : v) if (Double.compare(x, v[0]) != 0) return null;
        return v[0];
    }

    static boolean isConst(Node n, double value) {
        Double v = uniformValue(n);
        return v != null && Double.compare(v, value) == 0;
    }

    /** True for a constant equal to 0 (either sign). */
    static boolean isZero(Node n) {
        Double v = uniformValue(n);
        return v != null && v == 0;
    }

    static boolean is(Node n, Op op) {
        return n.op() == op;
    }

    /**
     * {@code x} given the type {@code t}: itself when the types match, broadcast when x's shape
     * broadcasts to t's, else null (the rewrite does not apply).
     */
    static Node fit(GraphBuilder b, Node x, TensorType t) {
        if (x.type().equals(t)) return x;
        if (x.dtype() != t.dtype() || !x.shape().broadcastsTo(t.shape())) return null;
        return b.broadcastTo(x, t.shape());
    }

    /** A constant of {@code t} filled with {@code v}. */
    static Node constant(GraphBuilder b, TensorType t, double v) {
        return b.full(t, v);
    }
}
