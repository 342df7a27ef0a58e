package dev.fluxion.compiler.print;

import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The expression-language syntax of each op, as a template: literal text interleaved with
 * references to operands, each reference carrying the least precedence its operand may have
 * without parentheses. {@link MathPrinter} expands the templates with an explicit stack, so no
 * operand's text is ever copied into its parent's and deep expressions cost linear time.
 */
final class MathSyntax {
    private MathSyntax() {}

    // ---- precedence levels, loosest first ------------------------------------------------------
    /** Anything: a let right-hand side, the result, a call argument, a tuple element. */
    static final int TOP = 0;
    /** {@code a < b} and the other comparisons: non-associative. */
    static final int CMP = 1;
    /** {@code a + b}, {@code a - b}: left-associative. */
    static final int ADD = 2;
    /** {@code a * b}, {@code a / b}, {@code a @ b}: left-associative. */
    static final int MUL = 3;
    /** Prefix {@code -a}. */
    static final int UNARY = 4;
    /** {@code a ^ b}: right-associative; the exponent may be a unary minus. */
    static final int POW = 5;
    /** Names, numbers, calls, literals, parenthesised expressions and the postfix {@code x'}, {@code x[…]}. */
    static final int POSTFIX = 6;

    /** An operand of a template: node {@code id}, parenthesised when its precedence is below {@code minPrec}. */
    record Ref(int id, int minPrec) {}

    /** A node's text: its precedence and its parts ({@code String}s and {@link Ref}s). */
    record Expr(int prec, Object[] parts) {}

    // ---- the infix table -------------------------------------------------------------------------

    /** An infix operator: its text and the precedence levels of the operator and each side. */
    private record Infix(String symbol, int prec, int left, int right) {}

    private static final Map<Op, Infix> INFIX = new EnumMap<>(Op.class);

    static {
        // left-associative: the left operand may sit at the same level, the right one must bind tighter
        INFIX.put(Op.ADD, new Infix(" + ", ADD, ADD, MUL));
        INFIX.put(Op.SUB, new Infix(" - ", ADD, ADD, MUL));
        INFIX.put(Op.MUL, new Infix(" * ", MUL, MUL, UNARY));
        INFIX.put(Op.DIV, new Infix(" / ", MUL, MUL, UNARY));
        INFIX.put(Op.MATMUL, new Infix(" @ ", MUL, MUL, UNARY));
        // right-associative, and tighter than unary minus on its left: -x^2 is -(x^2), 2^-x is 2^(-x)
        INFIX.put(Op.POW, new Infix("^", POW, POSTFIX, UNARY));
        // non-associative: a < b < c is not an expression, so both sides bind tighter
        INFIX.put(Op.LT, new Infix(" < ", CMP, ADD, ADD));
        INFIX.put(Op.LE, new Infix(" <= ", CMP, ADD, ADD));
        INFIX.put(Op.GT, new Infix(" > ", CMP, ADD, ADD));
        INFIX.put(Op.GE, new Infix(" >= ", CMP, ADD, ADD));
        INFIX.put(Op.EQ, new Infix(" == ", CMP, ADD, ADD));
        INFIX.put(Op.NE, new Infix(" != ", CMP, ADD, ADD));
    }

    /** The infix symbol of {@code op} (trimmed), or null when the op prints as a call. */
    static String infixSymbol(Op op) {
        Infix i = INFIX.get(op);
        return i == null ? null : i.symbol().trim();
    }

    /**
     * The template of node {@code n}. {@code operandStartsWithMinus} tells a unary minus that its
     * operand's text begins with {@code -}, so it writes {@code - -x} rather than {@code --x}.
     */
    static Expr of(Node n, boolean operandStartsWithMinus) {
        Op op = n.op();
        Infix infix = INFIX.get(op);
        if (infix != null) {
            return new Parts().ref(n.input(0), infix.left()).text(infix.symbol()).ref(n.input(1), infix.right()).build(infix.prec());
        }
        switch (op.kind()) {
            case LEAF: return leaf(n);
            case REDUCE: return reduction(n);
            case SHAPE: return shape(n);
            default: break;
        }
        switch (op) {
            case NEG:
                // "-2" reads back as the constant -2, so the negation of the constant 2 keeps its parentheses
                if (!operandStartsWithMinus && isNumber(n.input(0))) {
                    return new Parts().text("-(").ref(n.input(0), TOP).text(")").build(UNARY);
                }
                return new Parts().text(operandStartsWithMinus ? "- " : "-").ref(n.input(0), UNARY).build(UNARY);
            case CAST: return call(n).text(", " + n.attrs().getDType("dtype").text()).close();
            default: return call(n).close(); // unary functions, maximum, minimum, atan2, where, dot
        }
    }

    /** True for a 0-d numeric constant, which prints as a number. */
    private static boolean isNumber(Node n) {
        return n.op() == Op.CONST && n.rank() == 0 && n.dtype() != DType.BOOL;
    }

    /** True when node {@code n}, printed inline, starts with a minus sign. */
    static boolean startsWithMinus(Node n) {
        if (n.op() == Op.NEG) return true;
        return n.op() == Op.CONST && n.rank() == 0 && n.dtype() != DType.BOOL && scalarText(n).startsWith("-");
    }

    // ---- leaves ----------------------------------------------------------------------------------

    private static Expr leaf(Node n) {
        Attrs a = n.attrs();
        switch (n.op()) {
            case INPUT:
                return new Parts().text(a.getString("name")).build(POSTFIX);
            case CONST:
                if (n.rank() == 0) {
                    String s = scalarText(n);
                    return new Parts().text(s).build(s.startsWith("-") ? UNARY : POSTFIX);
                }
                if (n.shape().numel() == 0) {
                    return new Parts().text("full(" + tuple(n.shape().dims()) + ", 0" + dtypeArgument(n) + ")").build(POSTFIX);
                }
                String literal = literal(a.getDoubles("value"), n.shape());
                // a bracket literal is f64; other dtypes say so with a cast, exact for integers and bools
                return new Parts().text(n.dtype() == DType.F64 ? literal : "cast(" + literal + ", " + n.dtype().text() + ")").build(POSTFIX);
            case FULL:
                return new Parts().text("full(" + tuple(n.shape().dims()) + ", " + NumberText.shortest(a.getDouble("value"))
                        + dtypeArgument(n) + ")").build(POSTFIX);
            case EYE: {
                int rows = n.shape().dim(0), cols = n.shape().dim(1);
                return new Parts().text("eye(" + rows + (rows == cols ? "" : ", " + cols) + dtypeArgument(n) + ")").build(POSTFIX);
            }
            case ARANGE:
                return new Parts().text("arange(" + NumberText.shortest(a.getDouble("start")) + ", " + NumberText.shortest(a.getDouble("stop"))
                        + ", " + NumberText.shortest(a.getDouble("step")) + dtypeArgument(n) + ")").build(POSTFIX);
            default:
                throw new IllegalArgumentException("not a leaf op: " + n.op());
        }
    }

    /** A 0-d constant: a number (its dtype comes from the context it is used in), or {@code true}/{@code false}. */
    static String scalarText(Node n) {
        double v = n.attrs().getDoubleAt("value", 0);
        if (n.dtype() == DType.BOOL) return v != 0 ? "true" : "false";
        return NumberText.shortest(v);
    }

    private static String dtypeArgument(Node n) {
        return n.dtype() == DType.F64 ? "" : ", dtype=" + n.dtype().text();
    }

    /** Nested brackets, row-major: {@code [[1, 2], [3, 4]]}. Iterative over the element index. */
    private static String literal(double[] values, Shape shape) {
        int rank = shape.rank();
        int[] dims = shape.dims();
        int[] strides = shape.strides();
        StringBuilder sb = new StringBuilder(values.length * 4 + 2 * rank);
        for (int k = 0; k < values.length; k++) {
            // open one bracket per axis whose index just wrapped to 0, close them after the last element of the axis
            int opens = 0;
            for (int axis = rank - 1; axis >= 0 && (k / strides[axis]) % dims[axis] == 0; axis--) opens++;
            if (k > 0) sb.append(", ");
            sb.append("[".repeat(opens)).append(NumberText.shortest(values[k]));
            int closes = 0;
            for (int axis = rank - 1; axis >= 0 && (k / strides[axis]) % dims[axis] == dims[axis] - 1; axis--) closes++;
            sb.append("]".repeat(closes));
        }
        return sb.toString();
    }

    // ---- reductions --------------------------------------------------------------------------------

    /** {@code sum(x)} over all axes, {@code sum(x, 1)}, {@code sum(x, (0, 2), keepdim=true)}. */
    private static Expr reduction(Node n) {
        int[] axes = n.attrs().getInts("axes");
        boolean all = axes.length == n.input(0).rank();
        Parts p = call(n);
        if (!all) p.text(", " + axesText(axes));
        if (n.attrs().getBoolean("keepdim")) p.text(", keepdim=true");
        return p.close();
    }

    // ---- shape ops ---------------------------------------------------------------------------------

    private static Expr shape(Node n) {
        Attrs a = n.attrs();
        switch (n.op()) {
            case RESHAPE: case BROADCAST_TO:
                return call(n).text(", " + tuple(a.getInts("shape"))).close();
            case TRANSPOSE: {
                int[] perm = a.getInts("perm");
                if (perm.length == 2 && perm[0] == 1 && perm[1] == 0) return new Parts().ref(n.input(0), POSTFIX).text("'").build(POSTFIX);
                return call(n).text(", " + tuple(perm)).close();
            }
            case SQUEEZE: case UNSQUEEZE:
                return call(n).text(", " + axesText(a.getInts("axes"))).close();
            case SLICE:
                return new Parts().ref(n.input(0), POSTFIX).text("[" + sliceText(n) + "]").build(POSTFIX);
            case PAD:
                return call(n).text(", lo=" + tuple(a.getInts("lo")) + ", hi=" + tuple(a.getInts("hi"))
                        + ", interior=" + tuple(a.getInts("interior"))).close();
            case GATHER:   // gather(x, axis, index), as torch.gather(input, dim, index)
                return new Parts().text("gather(").ref(n.input(0), TOP).text(", " + a.getInt("axis") + ", ")
                        .ref(n.input(1), TOP).text(")").build(POSTFIX);
            case SCATTER_ADD:   // scatter_add(base, axis, index, src), as torch.scatter_add
                return new Parts().text("scatter_add(").ref(n.input(0), TOP).text(", " + a.getInt("axis") + ", ")
                        .ref(n.input(1), TOP).text(", ").ref(n.input(2), TOP).text(")").build(POSTFIX);
            case CONCAT: case STACK: {   // concat(axis, a, b, …): the axis first, as the inputs are variadic
                Parts p = new Parts().text(n.op().text() + "(" + a.getInt("axis"));
                for (int i = 0; i < n.arity(); i++) p.text(", ").ref(n.input(i), TOP);
                return p.text(")").build(POSTFIX);
            }
            default:
                throw new IllegalArgumentException("no syntax for shape op " + n.op());
        }
    }

    /** {@code 1:3, ::2, :}: per axis, start omitted when 0, stop when the whole dimension, step when 1. */
    private static String sliceText(Node n) {
        Attrs a = n.attrs();
        int[] start = a.getInts("start"), stop = a.getInts("stop"), step = a.getInts("step");
        Shape in = n.input(0).shape();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < start.length; i++) {
            if (i > 0) sb.append(", ");
            if (start[i] != 0) sb.append(start[i]);
            sb.append(':');
            if (stop[i] != in.dim(i)) sb.append(stop[i]);
            if (step[i] != 1) sb.append(':').append(step[i]);
        }
        return sb.toString();
    }

    /** One axis as a bare integer, several (or none) as a tuple. */
    private static String axesText(int[] axes) {
        return axes.length == 1 ? Integer.toString(axes[0]) : tuple(axes);
    }

    /** {@code (2, 3)}; a single element is {@code (2)} and none is {@code ()}: attribute positions expect a tuple. */
    static String tuple(int[] values) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.length; i++) sb.append(i > 0 ? ", " : "").append(values[i]);
        return sb.append(')').toString();
    }

    /** {@code name(a, b} with every input as an argument; callers append attributes and {@link Parts#close()}. */
    private static Parts call(Node n) {
        Parts p = new Parts().text(n.op().text() + "(");
        for (int i = 0; i < n.arity(); i++) {
            if (i > 0) p.text(", ");
            p.ref(n.input(i), TOP);
        }
        return p;
    }

    /** Accumulates a template's parts. */
    private static final class Parts {
        private final List<Object> parts = new ArrayList<>(6);

        Parts text(String s) {
            // merge adjacent literals so the emitter pushes fewer parts
            int last = parts.size() - 1;
            if (last >= 0 && parts.get(last) instanceof String) parts.set(last, parts.get(last) + s);
            else parts.add(s);
            return this;
        }

        Parts ref(Node operand, int minPrec) {
            parts.add(new Ref(operand.id(), minPrec));
            return this;
        }

        Expr build(int prec) {
            return new Expr(prec, parts.toArray());
        }

        /** Closes a call: {@code )}, at postfix precedence. */
        Expr close() {
            return text(")").build(POSTFIX);
        }
    }
}
