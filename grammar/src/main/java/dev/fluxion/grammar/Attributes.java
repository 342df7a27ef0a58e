package dev.fluxion.grammar;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.grammar.FluxionParser.ArgumentContext;
import dev.fluxion.grammar.FluxionParser.ExprContext;
import dev.fluxion.grammar.FluxionParser.GroupContext;
import dev.fluxion.grammar.FluxionParser.MultiplicativeContext;
import dev.fluxion.grammar.FluxionParser.NegateContext;
import dev.fluxion.grammar.FluxionParser.NumberContext;
import dev.fluxion.grammar.FluxionParser.NumberLiteralContext;
import dev.fluxion.grammar.FluxionParser.PlainContext;
import dev.fluxion.grammar.FluxionParser.PostfixContext;
import dev.fluxion.grammar.FluxionParser.PowerContext;
import dev.fluxion.grammar.FluxionParser.PrimaryContext;
import dev.fluxion.grammar.FluxionParser.UnaryContext;

/**
 * Reads attribute arguments (axes, shapes, dtypes, numbers, flags) from the parse tree itself, so
 * an attribute never becomes a node of the graph: {@code sum(x, (0, 2), keepdim=true)},
 * {@code reshape(x, (2, 3))}, {@code full((2), -1.5, dtype=f32)}. A single integer stands for a
 * one-element tuple and {@code (2)} is one too, as the printer writes it.
 */
final class Attributes {
    private final SourceText source;

    Attributes(SourceText source) {
        this.source = source;
    }

    // ---- shape of the parse tree ------------------------------------------------------------------

    /** The primary an expression consists of alone (no operator, no postfix), or null. */
    static PrimaryContext bare(ExprContext e) {
        UnaryContext u = single(e);
        if (!(u instanceof PlainContext)) return null;
        return barePower(((PlainContext) u).power());
    }

    /** The primary of a power with no exponent and no postfix, or null. */
    static PrimaryContext barePower(PowerContext p) {
        if (p.exponent != null) return null;
        PostfixContext post = p.postfix();
        return post.postfixOp().isEmpty() ? post.primary() : null;
    }

    /** The unary an expression consists of alone (no binary operator), or null. */
    static UnaryContext single(ExprContext e) {
        if (e.additive().size() != 1 || e.additive(0).multiplicative().size() != 1) return null;
        MultiplicativeContext m = e.additive(0).multiplicative(0);
        return m.unary().size() == 1 ? m.unary(0) : null;
    }

    /** The value of a number token: {@code 2}, {@code 1.5e-3}, {@code inf}, {@code nan}. */
    static double number(NumberContext n) {
        if (n.INF() != null) return Double.POSITIVE_INFINITY;
        if (n.NAN() != null) return Double.NaN;
        return Double.parseDouble(n.getText());
    }

    /**
     * The number an expression spells, with any signs and parentheses ({@code -2}, {@code (-0.5)},
     * {@code - -1}), or null when it is anything else.
     */
    static Double constant(ExprContext e) {
        boolean negative = false;
        while (true) {
            UnaryContext u = single(e);
            if (u == null) return null;
            while (u instanceof NegateContext) {
                negative = !negative;
                u = ((NegateContext) u).unary();
            }
            PrimaryContext p = barePower(((PlainContext) u).power());
            if (p instanceof NumberLiteralContext) {
                double v = number(((NumberLiteralContext) p).number());
                return negative ? -v : v;
            }
            if (!(p instanceof GroupContext) || ((GroupContext) p).expr().size() != 1 || ((GroupContext) p).trailing != null) return null;
            e = ((GroupContext) p).expr(0);
        }
    }

    // ---- readers, each throwing at the argument's position -------------------------------------------

    /** An integer: {@code 1}, {@code -1}, {@code (2)}. */
    int integer(ArgumentContext a, String what) {
        ExprContext e = requireExpr(a, what);
        Double v = constant(e);
        if (v == null || v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw source.error(e, what + " must be an integer constant but is '" + e.getText() + "'");
        }
        return v.intValue();
    }

    /** Integers: a tuple {@code (0, 2)}, {@code ()}, {@code (1,)}, or one integer {@code 1} / {@code (1)}. */
    int[] integers(ArgumentContext a, String what) {
        ExprContext e = requireExpr(a, what);
        PrimaryContext p = bare(e);
        if (p instanceof GroupContext) {
            GroupContext g = (GroupContext) p;
            if (g.expr().size() != 1 || g.trailing != null) {
                int[] out = new int[g.expr().size()];
                for (int i = 0; i < out.length; i++) out[i] = integerAt(g.expr(i), what);
                return out;
            }
        }
        return new int[] {integerAt(e, what)};
    }

    private int integerAt(ExprContext e, String what) {
        Double v = constant(e);
        if (v == null || v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw source.error(e, what + " must be integer constants but has '" + e.getText() + "'");
        }
        return v.intValue();
    }

    /** A number: {@code 0.5}, {@code -inf}, {@code nan}. */
    double number(ArgumentContext a, String what) {
        ExprContext e = requireExpr(a, what);
        Double v = constant(e);
        if (v == null) throw source.error(e, what + " must be a number constant but is '" + e.getText() + "'");
        return v;
    }

    /** {@code true} or {@code false}. */
    boolean flag(ArgumentContext a, String what) {
        ExprContext e = requireExpr(a, what);
        PrimaryContext p = bare(e);
        String text = p == null ? "" : p.getText();
        if (!text.equals("true") && !text.equals("false")) {
            throw source.error(e, what + " must be true or false but is '" + e.getText() + "'");
        }
        return text.equals("true");
    }

    /** A dtype: {@code f64}, {@code f32}, {@code i64}, {@code bool}. */
    DType dtype(ArgumentContext a, String what) {
        if (a.DTYPE() == null) {
            throw source.error(a.expr(), what + " must be a dtype (f64, f32, i64 or bool) but is '" + a.expr().getText() + "'");
        }
        return DType.parse(a.DTYPE().getText());
    }

    /** The expression of an argument that must not be a bare dtype. */
    ExprContext requireExpr(ArgumentContext a, String what) {
        if (a.expr() == null) throw source.error(a.DTYPE().getSymbol(), what + " cannot be a dtype");
        return a.expr();
    }
}
