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
        // Element by element rather than through getDoubles, which copies the array: rules ask this
        // of every operand of every node, every sweep. A const holds exactly numel values.
        int count = n.type().numel();
        if (count == 0) return null;
        double first = n.attrs().getDoubleAt("value", 0);
        for (int i = 1; i < count; i++) if (Double.compare(n.attrs().getDoubleAt("value", i), first) != 0) return null;
        return first;
    }

    /** True when {@link #uniformValue} is not null, without boxing it (rules test every operand of every node). */
    static boolean isUniform(Node n) {
        if (n.op() == Op.FULL) return true;
        if (n.op() != Op.CONST) return false;
        int count = n.type().numel();
        if (count == 0) return false;
        double first = n.attrs().getDoubleAt("value", 0);
        for (int i = 1; i < count; i++) if (Double.compare(n.attrs().getDoubleAt("value", i), first) != 0) return false;
        return true;
    }

    /** The value of a node for which {@link #isUniform} holds. */
    private static double uniform(Node n) {
        return n.op() == Op.FULL ? n.attrs().getDouble("value") : n.attrs().getDoubleAt("value", 0);
    }

    static boolean isConst(Node n, double value) {
        return isUniform(n) && Double.compare(uniform(n), value) == 0;
    }

    /** True for a constant equal to 0 (either sign). */
    static boolean isZero(Node n) {
        return isUniform(n) && uniform(n) == 0;
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
