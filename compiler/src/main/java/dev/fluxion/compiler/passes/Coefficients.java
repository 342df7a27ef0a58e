package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;

import static dev.fluxion.compiler.passes.Patterns.fit;
import static dev.fluxion.compiler.passes.Patterns.uniformValue;

/**
 * Rules of {@link AlgebraicSimplification} that collect scalar constant factors and like terms, and
 * drop explicit broadcasts that elementwise ops would do anyway. A term is read as coefficient ×
 * factor: {@code 3·x} is (3, x), {@code -x} is (-1, x), a scalar constant c is (c, none).
 */
final class Coefficients {
    private Coefficients() {}

    /** coefficient × factor; factor null for a pure scalar constant. */
    private record Term(double coefficient, Node factor) {
        static Term of(Node n) {
            Double c = scalarConstant(n);
            if (c != null) return new Term(c, null);
            if (n.op() == Op.NEG) return new Term(-1, n.input(0));
            if (n.op() == Op.MUL) {
                Double l = scalarConstant(n.input(0)), r = scalarConstant(n.input(1));
                if (l != null && r == null) return new Term(l, n.input(1));
                if (r != null && l == null) return new Term(r, n.input(0));
            }
            return new Term(1, n);
        }

        /** True when this term carries a coefficient that could move outward. */
        boolean scaled() {
            return factor != null && coefficient != 1;
        }
    }

    private static Double scalarConstant(Node n) {
        return n.shape().isScalar() ? uniformValue(n) : null;
    }

    // The rules below run on every add, sub, mul, div and neg of every sweep, and almost always find
    // nothing: these two answer Term.of(n).scaled() and Term.of(n).factor() without making terms.

    private static boolean isScalarConstant(Node n) {
        return n.shape().isScalar() && Patterns.isUniform(n);
    }

    /** {@code Term.of(n).scaled()}. */
    private static boolean carriesCoefficient(Node n) {
        if (isScalarConstant(n)) return false;
        if (n.op() == Op.NEG) return true;
        if (n.op() == Op.MUL) {
            boolean l = isScalarConstant(n.input(0)), r = isScalarConstant(n.input(1));
            if (l && !r) return uniformValue(n.input(0)) != 1;
            if (r && !l) return uniformValue(n.input(1)) != 1;
        }
        return false;
    }

    /** {@code Term.of(n).factor()}. */
    private static Node factorOf(Node n) {
        if (isScalarConstant(n)) return null;
        if (n.op() == Op.NEG) return n.input(0);
        if (n.op() == Op.MUL) {
            boolean l = isScalarConstant(n.input(0)), r = isScalarConstant(n.input(1));
            if (l && !r) return n.input(1);
            if (r && !l) return n.input(0);
        }
        return n;
    }

    /** c·f, written canonically: f, -f or f·c. */
    private static Node scaled(GraphBuilder b, Node f, double c) {
        if (c == 1) return f;
        if (c == -1) return b.neg(f);
        return b.mul(f, c);
    }

    /** (a·x)(b·y) → (ab)·(xy) when either operand carries a coefficient. */
    static Node mul(GraphBuilder b, Node n, Node[] a) {
        if (!carriesCoefficient(a[0]) && !carriesCoefficient(a[1])) return null;
        Term l = Term.of(a[0]), r = Term.of(a[1]);
        if (!l.scaled() && !r.scaled()) return null;
        if (l.factor() == null || r.factor() == null) {
            Term t = l.factor() == null ? r : l;
            double c = l.coefficient() * r.coefficient();
            return fit(b, scaled(b, t.factor(), c), n.type());
        }
        return fit(b, scaled(b, b.mul(l.factor(), r.factor()), l.coefficient() * r.coefficient()), n.type());
    }

    /** (a·x)/(b·y) → (a/b)·(x/y) when either operand carries a coefficient and y is not a pure constant. */
    static Node div(GraphBuilder b, Node n, Node[] a) {
        if (!carriesCoefficient(a[0]) && !carriesCoefficient(a[1])) return null;
        Term l = Term.of(a[0]), r = Term.of(a[1]);
        if ((!l.scaled() && !r.scaled()) || r.factor() == null) return null;
        Node quotient = l.factor() == null ? b.reciprocal(r.factor()) : b.div(l.factor(), r.factor());
        return fit(b, scaled(b, quotient, l.coefficient() / r.coefficient()), n.type());
    }

    /** -(a·x) → (-a)·x. */
    static Node neg(GraphBuilder b, Node n, Node[] a) {
        if (!carriesCoefficient(a[0])) return null;
        Term t = Term.of(a[0]);
        return t.scaled() && t.coefficient() != -1 ? fit(b, scaled(b, t.factor(), -t.coefficient()), n.type()) : null;
    }

    /** a·x ± b·x → (a ± b)·x ({@code sign} is +1 for add, -1 for sub); x + x is handled exactly elsewhere. */
    static Node likeTerms(GraphBuilder b, Node n, Node[] a, int sign) {
        Node factor = factorOf(a[0]);
        if (factor == null || factor != factorOf(a[1])) return null;
        Term l = Term.of(a[0]), r = Term.of(a[1]);
        if (l.factor() == null || l.factor() != r.factor()) return null;
        if (sign > 0 && l.coefficient() == 1 && r.coefficient() == 1) return null;
        return fit(b, b.mul(l.factor(), l.coefficient() + sign * r.coefficient()), n.type());
    }

    /**
     * x ⊕ broadcast(y) → x ⊕ y when the op's own broadcasting gives the same shape; likewise a
     * scalar reshaped to size-1 axes. Elementwise ops broadcast for free, so the explicit node is waste.
     */
    static Node implicitBroadcast(GraphBuilder b, Node n, Node[] a) {
        if (unbroadcast(a[0]) == null && unbroadcast(a[1]) == null) return null; // the usual case, without copying a
        Node[] args = a.clone();
        boolean changed = false;
        for (int i = 0; i < 2; i++) {
            for (Node inner = unbroadcast(args[i]); inner != null; inner = unbroadcast(inner)) {
                Shape s = Shape.broadcast(inner.shape(), args[1 - i].shape());
                if (s == null || !s.equals(n.shape())) break;
                args[i] = inner;
                changed = true;
            }
        }
        return changed ? b.apply(n.op(), n.attrs(), args) : null;
    }

    /** The value a broadcast or a scalar-to-ones reshape started from, or null. */
    private static Node unbroadcast(Node n) {
        if (n.op() == Op.BROADCAST_TO) return n.input(0);
        if (n.op() == Op.RESHAPE && n.input(0).shape().isScalar()) return n.input(0);
        return null;
    }
}
