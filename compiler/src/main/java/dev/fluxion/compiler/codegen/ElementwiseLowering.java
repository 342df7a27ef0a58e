package dev.fluxion.compiler.codegen;

import dev.fluxion.compiler.codegen.model.Expr;
import dev.fluxion.compiler.codegen.model.Expr.Binary;
import dev.fluxion.compiler.codegen.model.Expr.BinaryOp;
import dev.fluxion.compiler.codegen.model.Expr.Call;
import dev.fluxion.compiler.codegen.model.Expr.Comparison;
import dev.fluxion.compiler.codegen.model.Expr.Conditional;
import dev.fluxion.compiler.codegen.model.Expr.DoubleConst;
import dev.fluxion.compiler.codegen.model.Expr.Read;
import dev.fluxion.compiler.codegen.model.Expr.Unary;
import dev.fluxion.compiler.codegen.model.Expr.UnaryOp;
import dev.fluxion.compiler.codegen.model.MathFunction;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Op;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The code-generation table of the elementwise ops: each op's scalar function as a source-model
 * expression over its operands' expressions. Both backends print these, and each matches the
 * interpreter's kernel ({@code interpret.Kernels}) operation for operation (but for a product by two,
 * computed as the same value by an addition), so compiled values equal interpreted ones bit for bit.
 */
final class ElementwiseLowering {
    private ElementwiseLowering() {}

    private static final Map<Op, UnaryOperator<Expr>> UNARY = new EnumMap<>(Op.class);
    private static final Map<Op, BinaryOperator<Expr>> BINARY = new EnumMap<>(Op.class);

    static {
        // ---- elementwise unary ------------------------------------------------------------------
        UNARY.put(Op.NEG, x -> new Unary(UnaryOp.NEG, x));
        UNARY.put(Op.ABS, x -> call(MathFunction.ABS, x));
        UNARY.put(Op.SIGN, x -> call(MathFunction.SIGNUM, x));
        UNARY.put(Op.EXP, x -> call(MathFunction.EXP, x));
        UNARY.put(Op.EXPM1, x -> call(MathFunction.EXPM1, x));
        UNARY.put(Op.LOG, x -> call(MathFunction.LOG, x));
        UNARY.put(Op.LOG1P, x -> call(MathFunction.LOG1P, x));
        UNARY.put(Op.SQRT, x -> call(MathFunction.SQRT, x));
        UNARY.put(Op.RSQRT, x -> call(MathFunction.RSQRT, x));
        UNARY.put(Op.RECIPROCAL, x -> new Binary(BinaryOp.DIV, d(1), x)); // 1 / x
        UNARY.put(Op.SQUARE, x -> new Binary(BinaryOp.MUL, x, x)); // x * x
        UNARY.put(Op.SIN, x -> call(MathFunction.SIN, x));
        UNARY.put(Op.COS, x -> call(MathFunction.COS, x));
        UNARY.put(Op.TAN, x -> call(MathFunction.TAN, x));
        UNARY.put(Op.ASIN, x -> call(MathFunction.ASIN, x));
        UNARY.put(Op.ACOS, x -> call(MathFunction.ACOS, x));
        UNARY.put(Op.ATAN, x -> call(MathFunction.ATAN, x));
        UNARY.put(Op.SINH, x -> call(MathFunction.SINH, x));
        UNARY.put(Op.COSH, x -> call(MathFunction.COSH, x));
        UNARY.put(Op.TANH, x -> call(MathFunction.TANH, x));
        UNARY.put(Op.SIGMOID, x -> call(MathFunction.SIGMOID, x));
        UNARY.put(Op.RELU, x -> call(MathFunction.MAX, x, d(0))); // Math.max keeps NaN
        UNARY.put(Op.SOFTPLUS, x -> call(MathFunction.SOFTPLUS, x));
        UNARY.put(Op.ERF, x -> call(MathFunction.ERF, x));
        UNARY.put(Op.CAST, x -> x); // the conversion is the rounding to the output dtype

        // ---- elementwise binary -----------------------------------------------------------------
        BINARY.put(Op.ADD, (a, b) -> new Binary(BinaryOp.ADD, a, b));
        BINARY.put(Op.SUB, (a, b) -> new Binary(BinaryOp.SUB, a, b));
        BINARY.put(Op.MUL, ElementwiseLowering::multiply);
        BINARY.put(Op.DIV, (a, b) -> new Binary(BinaryOp.DIV, a, b));
        BINARY.put(Op.POW, (a, b) -> call(MathFunction.POW, a, b));
        BINARY.put(Op.MAXIMUM, (a, b) -> call(MathFunction.MAX, a, b));
        BINARY.put(Op.MINIMUM, (a, b) -> call(MathFunction.MIN, a, b));
        BINARY.put(Op.ATAN2, (a, b) -> call(MathFunction.ATAN2, a, b));

        // ---- comparisons: 1 for true, 0 for false ------------------------------------------------
        BINARY.put(Op.LT, (a, b) -> compare(Comparison.LT, a, b));
        BINARY.put(Op.LE, (a, b) -> compare(Comparison.LE, a, b));
        BINARY.put(Op.GT, (a, b) -> compare(Comparison.GT, a, b));
        BINARY.put(Op.GE, (a, b) -> compare(Comparison.GE, a, b));
        BINARY.put(Op.EQ, (a, b) -> compare(Comparison.EQ, a, b));
        BINARY.put(Op.NE, (a, b) -> compare(Comparison.NE, a, b));
    }

    /**
     * {@code a * b}, except that a local times two is the local plus itself: the same bits for every
     * value (both are the exact 2a rounded once: infinities, signed zeros, NaN and overflow alike),
     * but an addition. Gradients are full of these (every square contributes one) and of other
     * multiplications, so their loops are bound by the multiplier ports while the adders have
     * room: chained Rosenbrock's gradient loop has nine multiplications per element, eight this way.
     */
    private static Expr multiply(Expr a, Expr b) {
        if (isTwo(b) && a instanceof Read) return new Binary(BinaryOp.ADD, a, a);
        if (isTwo(a) && b instanceof Read) return new Binary(BinaryOp.ADD, b, b);
        return new Binary(BinaryOp.MUL, a, b);
    }

    private static boolean isTwo(Expr e) {
        return e instanceof DoubleConst c && c.value() == 2.0;
    }

    /** True for the ops this table lowers: unary, binary, comparisons and where. */
    static boolean handles(Op op) {
        return UNARY.containsKey(op) || BINARY.containsKey(op) || op == Op.WHERE;
    }

    /** The value of one element of an {@code op} node of dtype {@code dtype}, rounded to that dtype. */
    static Expr expr(Op op, DType dtype, List<Expr> operands) {
        if (op == Op.WHERE) {
            // where(c, a, b): a and b already hold values of the output dtype
            return new Conditional(Comparison.NE, operands.get(0), d(0), operands.get(1), operands.get(2));
        }
        UnaryOperator<Expr> u = UNARY.get(op);
        if (u != null) return round(dtype, u.apply(operands.get(0)));
        BinaryOperator<Expr> b = BINARY.get(op);
        if (b == null) throw new IllegalArgumentException("not an elementwise op: " + op);
        Expr e = b.apply(operands.get(0), operands.get(1));
        return op.kind() == Op.Kind.COMPARE ? e : round(dtype, e);
    }

    /** {@code DType.round}: f32 rounds to float, i64 truncates toward zero, bool is (v != 0). */
    static Expr round(DType dtype, Expr e) {
        switch (dtype) {
            case F64: return e;
            case F32: return new Unary(UnaryOp.ROUND_F32, e);
            case I64: return new Unary(UnaryOp.TRUNC_I64, e);
            default: return new Conditional(Comparison.NE, e, d(0), d(1), d(0));
        }
    }

    static Expr d(double v) {
        return new DoubleConst(v);
    }

    static Expr call(MathFunction f, Expr... args) {
        return new Call(f, List.of(args));
    }

    private static Expr compare(Comparison c, Expr a, Expr b) {
        return new Conditional(c, a, b, d(1), d(0));
    }

    /** The interpreter's starting value of a fold: 0 for sums and means, 1 for products, ∓∞ for max and min. */
    static double initial(Op op) {
        switch (op) {
            case PROD: return 1;
            case MAX: return Double.NEGATIVE_INFINITY;
            case MIN: return Double.POSITIVE_INFINITY;
            default: return 0; // SUM, MEAN
        }
    }

    /** The interpreter's fold: acc + v, acc * v, Math.max(acc, v), Math.min(acc, v). */
    static Expr fold(Op op, Expr acc, Expr v) {
        switch (op) {
            case PROD: return new Binary(BinaryOp.MUL, acc, v);
            case MAX: return call(MathFunction.MAX, acc, v);
            case MIN: return call(MathFunction.MIN, acc, v);
            default: return new Binary(BinaryOp.ADD, acc, v);
        }
    }
}
