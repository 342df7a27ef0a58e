package dev.fluxion.compiler.ir;

import java.util.List;

/**
 * The op set. Every op has a shape rule ({@link ShapeRules}), an interpreter kernel and a derivative
 * rule or a place in the non-differentiable list; the tables are keyed by this enum and a test
 * proves they are complete.
 */
public enum Op {
    // ---- graph leaves: inputs and constants -------------------------------------------------
    /** A graph input; attribute {@code name}. */
    INPUT("input", Kind.LEAF, 0, "name"),
    /** A literal tensor: {@code value} holds its elements row-major. Leaf ops take their type from the node. */
    CONST("const", Kind.LEAF, 0, "value"),
    /** A tensor of the node's shape filled with {@code value}. */
    FULL("full", Kind.LEAF, 0, "value"),
    /** An identity matrix of the node's 2-D shape (ones where row == column). */
    EYE("eye", Kind.LEAF, 0),
    /** {@code start, start+step, …} below {@code stop} (above it for a negative step). */
    ARANGE("arange", Kind.LEAF, 0, "start", "stop", "step"),

    // ---- elementwise unary ---------------------------------------------------------------------
    NEG("neg", Kind.UNARY, 1),
    ABS("abs", Kind.UNARY, 1),
    SIGN("sign", Kind.UNARY, 1),
    EXP("exp", Kind.UNARY, 1),
    EXPM1("expm1", Kind.UNARY, 1),
    LOG("log", Kind.UNARY, 1),
    LOG1P("log1p", Kind.UNARY, 1),
    SQRT("sqrt", Kind.UNARY, 1),
    RSQRT("rsqrt", Kind.UNARY, 1),
    RECIPROCAL("reciprocal", Kind.UNARY, 1),
    SQUARE("square", Kind.UNARY, 1),
    SIN("sin", Kind.UNARY, 1),
    COS("cos", Kind.UNARY, 1),
    TAN("tan", Kind.UNARY, 1),
    ASIN("asin", Kind.UNARY, 1),
    ACOS("acos", Kind.UNARY, 1),
    ATAN("atan", Kind.UNARY, 1),
    SINH("sinh", Kind.UNARY, 1),
    COSH("cosh", Kind.UNARY, 1),
    TANH("tanh", Kind.UNARY, 1),
    SIGMOID("sigmoid", Kind.UNARY, 1),
    RELU("relu", Kind.UNARY, 1),
    SOFTPLUS("softplus", Kind.UNARY, 1),
    ERF("erf", Kind.UNARY, 1),
    /** Converts to attribute {@code dtype}. */
    CAST("cast", Kind.UNARY, 1, "dtype"),

    // ---- elementwise binary, broadcasting --------------------------------------------------------
    ADD("add", Kind.BINARY, 2),
    SUB("sub", Kind.BINARY, 2),
    MUL("mul", Kind.BINARY, 2),
    DIV("div", Kind.BINARY, 2),
    POW("pow", Kind.BINARY, 2),
    MAXIMUM("maximum", Kind.BINARY, 2),
    MINIMUM("minimum", Kind.BINARY, 2),
    ATAN2("atan2", Kind.BINARY, 2),

    // ---- comparisons (to bool) and selection ---------------------------------------------------
    LT("lt", Kind.COMPARE, 2),
    LE("le", Kind.COMPARE, 2),
    GT("gt", Kind.COMPARE, 2),
    GE("ge", Kind.COMPARE, 2),
    EQ("eq", Kind.COMPARE, 2),
    NE("ne", Kind.COMPARE, 2),
    /** {@code where(cond, a, b)}: all three broadcast together. */
    WHERE("where", Kind.SELECT, 3),

    // ---- reductions over a set of axes ---------------------------------------------------------
    SUM("sum", Kind.REDUCE, 1, "axes", "keepdim"),
    MEAN("mean", Kind.REDUCE, 1, "axes", "keepdim"),
    PROD("prod", Kind.REDUCE, 1, "axes", "keepdim"),
    MAX("max", Kind.REDUCE, 1, "axes", "keepdim"),
    MIN("min", Kind.REDUCE, 1, "axes", "keepdim"),
    LOGSUMEXP("logsumexp", Kind.REDUCE, 1, "axes", "keepdim"),

    // ---- shape -----------------------------------------------------------------------------------
    RESHAPE("reshape", Kind.SHAPE, 1, "shape"),
    BROADCAST_TO("broadcast_to", Kind.SHAPE, 1, "shape"),
    /** Permutes axes: output axis {@code i} is input axis {@code perm[i]}. */
    TRANSPOSE("transpose", Kind.SHAPE, 1, "perm"),
    SQUEEZE("squeeze", Kind.SHAPE, 1, "axes"),
    /** Inserts size-1 axes at the given positions of the output. */
    UNSQUEEZE("unsqueeze", Kind.SHAPE, 1, "axes"),
    /** Per axis {@code start:stop:step}, normalised (non-negative, clamped, step ≥ 1). */
    SLICE("slice", Kind.SHAPE, 1, "start", "stop", "step"),
    /** Zero padding: {@code lo}/{@code hi} elements at each end, {@code interior} between elements; the transpose of slice. */
    PAD("pad", Kind.SHAPE, 1, "lo", "hi", "interior"),
    /** {@code out[..i..] = x[..index[..i..]..]} along {@code axis} (PyTorch's gather). Inputs: x, index. */
    GATHER("gather", Kind.SHAPE, 2, "axis"),
    /** {@code out = base; out[..index[p]..] += src[p]} along {@code axis} (PyTorch's scatter_add). Inputs: base, index, src. */
    SCATTER_ADD("scatter_add", Kind.SHAPE, 3, "axis"),
    CONCAT("concat", Kind.SHAPE, -1, "axis"),
    STACK("stack", Kind.SHAPE, -1, "axis"),

    // ---- linear algebra ------------------------------------------------------------------------
    /** NumPy matmul: batched, broadcasting batch axes, 1-D operands promoted and the axis dropped. */
    MATMUL("matmul", Kind.LINALG, 2),
    /** Inner product of two vectors of equal length. */
    DOT("dot", Kind.LINALG, 2);

    /** The families of ops, which share shape rules and kernels. */
    public enum Kind { LEAF, UNARY, BINARY, COMPARE, SELECT, REDUCE, SHAPE, LINALG }

    private final String text;
    private final Kind kind;
    private final int arity;
    private final List<String> attributeNames;

    Op(String text, Kind kind, int arity, String... attributeNames) {
        this.text = text;
        this.kind = kind;
        this.arity = arity;
        this.attributeNames = List.of(attributeNames);
    }

    /** The op's name in IR text and in the expression language. */
    public String text() {
        return text;
    }

    public Kind kind() {
        return kind;
    }

    /** Number of inputs, or -1 for variadic ops (at least one input). */
    public int arity() {
        return arity;
    }

    /** The attributes this op takes, in printing order. */
    public List<String> attributeNames() {
        return attributeNames;
    }

    public boolean isElementwise() {
        return kind == Kind.UNARY || kind == Kind.BINARY || kind == Kind.COMPARE || kind == Kind.SELECT;
    }

    /** Looks up an op by its IR name, or returns null. */
    public static Op fromText(String text) {
        for (Op op : values()) {
            if (op.text.equals(text)) return op;
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
