package dev.fluxion.compiler.interpret;

import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.OpCall;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.TensorType;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The interpreter's kernel table: one {@link Kernel} per op, filled below in one banner section per
 * op family. Every op except {@link Op#INPUT} (whose value is an argument) has a kernel; a test
 * proves it. The elementwise sections name each op's scalar function, which {@link #unaryFunction}
 * and {@link #binaryFunction} hand to other code that wants the same arithmetic (constant folding and
 * the backends' tests).
 */
public final class Kernels {
    private Kernels() {}

    private static final Map<Op, Kernel> TABLE = new EnumMap<>(Op.class);
    private static final Map<Op, DoubleUnaryOperator> UNARY = new EnumMap<>(Op.class);
    private static final Map<Op, DoubleBinaryOperator> BINARY = new EnumMap<>(Op.class);

    static {
        // ---- leaves: the node's type gives the shape ------------------------------------------
        put(Op.CONST, (node, in) -> NDArray.rounded(node.type(), node.attrs().getDoubles("value")));
        put(Op.FULL, (node, in) -> full(node.type(), node.attrs().getDouble("value")));
        put(Op.EYE, (node, in) -> eye(node.type()));
        put(Op.ARANGE, (node, in) -> arange(node.type(), node.attrs()));

        // ---- elementwise unary -------------------------------------------------------------------
        // SpecialFunctions' log1p, expm1, hyperbolic and inverse trigonometric functions are Math's bit
        // for bit, without JDK 17's JNI call into native fdlibm; generated code calls the same methods.
        unary(Op.NEG, x -> -x);
        unary(Op.ABS, Math::abs);
        unary(Op.SIGN, Math::signum); // sign(±0) = ±0, sign(NaN) = NaN
        unary(Op.EXP, Math::exp);
        unary(Op.EXPM1, SpecialFunctions::expm1);
        unary(Op.LOG, Math::log);
        unary(Op.LOG1P, SpecialFunctions::log1p);
        unary(Op.SQRT, Math::sqrt);
        unary(Op.RSQRT, SpecialFunctions::rsqrt);
        unary(Op.RECIPROCAL, x -> 1 / x);
        unary(Op.SQUARE, x -> x * x);
        unary(Op.SIN, Math::sin);
        unary(Op.COS, Math::cos);
        unary(Op.TAN, Math::tan);
        unary(Op.ASIN, SpecialFunctions::asin);
        unary(Op.ACOS, SpecialFunctions::acos);
        unary(Op.ATAN, SpecialFunctions::atan);
        unary(Op.SINH, SpecialFunctions::sinh);
        unary(Op.COSH, SpecialFunctions::cosh);
        unary(Op.TANH, SpecialFunctions::tanh);
        unary(Op.SIGMOID, SpecialFunctions::sigmoid);
        unary(Op.RELU, x -> Math.max(x, 0)); // Math.max keeps NaN
        unary(Op.SOFTPLUS, SpecialFunctions::softplus);
        unary(Op.ERF, SpecialFunctions::erf);
        // The conversion is the rounding to the output dtype: float -> i64 truncates toward zero,
        // anything -> bool is (v != 0), bool -> number is already 0 or 1.
        unary(Op.CAST, x -> x);

        // ---- elementwise binary, broadcasting ------------------------------------------------------
        binary(Op.ADD, (a, b) -> a + b);
        binary(Op.SUB, (a, b) -> a - b);
        binary(Op.MUL, (a, b) -> a * b);
        binary(Op.DIV, (a, b) -> a / b);
        binary(Op.POW, Math::pow);
        binary(Op.MAXIMUM, Math::max); // NaN in either operand gives NaN, as in NumPy
        binary(Op.MINIMUM, Math::min);
        binary(Op.ATAN2, SpecialFunctions::atan2);

        // ---- comparisons (1 for true, 0 for false; the output is bool) and selection ---------------
        binary(Op.LT, (a, b) -> a < b ? 1 : 0);
        binary(Op.LE, (a, b) -> a <= b ? 1 : 0);
        binary(Op.GT, (a, b) -> a > b ? 1 : 0);
        binary(Op.GE, (a, b) -> a >= b ? 1 : 0);
        binary(Op.EQ, (a, b) -> a == b ? 1 : 0);
        binary(Op.NE, (a, b) -> a != b ? 1 : 0);
        put(Op.WHERE, ElementwiseKernels.where());

        // ---- reductions -------------------------------------------------------------------------------
        put(Op.SUM, ReductionKernels.sum());
        put(Op.MEAN, ReductionKernels.mean());
        put(Op.PROD, ReductionKernels.prod());
        put(Op.MAX, ReductionKernels.max());
        put(Op.MIN, ReductionKernels.min());
        put(Op.LOGSUMEXP, ReductionKernels.logsumexp());

        // ---- shape ----------------------------------------------------------------------------------
        put(Op.RESHAPE, ShapeKernels.relabel());
        put(Op.BROADCAST_TO, ShapeKernels.broadcastTo());
        put(Op.TRANSPOSE, ShapeKernels.transpose());
        put(Op.SQUEEZE, ShapeKernels.relabel());
        put(Op.UNSQUEEZE, ShapeKernels.relabel());
        put(Op.SLICE, ShapeKernels.slice());
        put(Op.PAD, ShapeKernels.pad());
        put(Op.GATHER, ShapeKernels.gather());
        put(Op.SCATTER_ADD, ShapeKernels.scatterAdd());
        put(Op.CONCAT, ShapeKernels.concat());
        put(Op.STACK, ShapeKernels.stack());

        // ---- linear algebra -----------------------------------------------------------------------
        put(Op.MATMUL, LinalgKernels.matmul());
        put(Op.DOT, LinalgKernels.dot());
    }

    private static void put(Op op, Kernel k) {
        if (TABLE.put(op, k) != null) throw new AssertionError("two kernels for " + op);
    }

    private static void unary(Op op, DoubleUnaryOperator f) {
        UNARY.put(op, f);
        put(op, ElementwiseKernels.unary(f));
    }

    private static void binary(Op op, DoubleBinaryOperator f) {
        BINARY.put(op, f);
        put(op, ElementwiseKernels.binary(f));
    }

    // ---- public API ------------------------------------------------------------------------------

    /** True when {@code op} has a kernel: every op except {@link Op#INPUT}. */
    public static boolean has(Op op) {
        return TABLE.containsKey(op);
    }

    /**
     * The kernel of {@code op}.
     *
     * @throws UnsupportedOperationException naming the op when it has none (only {@link Op#INPUT})
     */
    public static Kernel kernel(Op op) {
        Kernel k = TABLE.get(op);
        if (k == null) throw new UnsupportedOperationException("no interpreter kernel for op '" + op + "'");
        return k;
    }

    /**
     * Evaluates {@code node} on values of its inputs.
     *
     * @param inputs one value per input of the node, each of exactly that input's type
     * @return a value of exactly {@code node.type()}
     * @throws IllegalArgumentException when the number or the types of the inputs do not match the node
     * @throws UnsupportedOperationException for an {@link Op#INPUT} node
     * @throws IndexOutOfBoundsException for gather/scatter_add indices outside the indexed axis
     */
    public static NDArray apply(Node node, NDArray... inputs) {
        Kernel k = kernel(node.op());
        if (inputs.length != node.arity()) {
            throw new IllegalArgumentException(node.op() + ": node has " + node.arity() + " inputs but " + inputs.length + " values were given");
        }
        for (int i = 0; i < inputs.length; i++) {
            TensorType want = node.input(i).type();
            if (inputs[i].dtype() != want.dtype() || !inputs[i].shape().equals(want.shape())) {
                throw new IllegalArgumentException(node.op() + ": input " + i + " should be " + want + " but is " + inputs[i].type());
            }
        }
        NDArray out = k.apply(node, inputs);
        if (out.dtype() != node.dtype() || !out.shape().equals(node.shape())) {
            throw new IllegalStateException(node.op() + " kernel returned " + out.type() + " for a node of type " + node.type());
        }
        return out;
    }

    /**
     * Evaluates a free-standing call (the eager runtime's entry point): {@code call.type()} must be
     * the type the shape rules give for these inputs, which the caller has already checked.
     */
    public static NDArray evaluate(OpCall call, NDArray... inputs) {
        NDArray out = kernel(call.op()).apply(call, inputs);
        if (out.dtype() != call.dtype() || !out.shape().equals(call.shape())) {
            throw new IllegalStateException(call.op() + " kernel returned " + out.type() + " for a result of type " + call.type());
        }
        return out;
    }

    /** The scalar function of an elementwise unary op (including CAST, the identity before rounding), or null for other ops. */
    public static DoubleUnaryOperator unaryFunction(Op op) {
        return UNARY.get(op);
    }

    /** The scalar function of a binary or comparison op (comparisons give 1 or 0), or null for other ops. */
    public static DoubleBinaryOperator binaryFunction(Op op) {
        return BINARY.get(op);
    }

    // ---- leaf kernels ----------------------------------------------------------------------------

    private static NDArray full(TensorType type, double value) {
        double[] d = new double[type.numel()];
        Arrays.fill(d, type.dtype().round(value));
        return NDArray.wrap(type, d);
    }

    /** Ones where row == column of a 2-D shape, which need not be square. */
    private static NDArray eye(TensorType type) {
        int rows = type.shape().dim(0), cols = type.shape().dim(1);
        double[] d = new double[type.numel()];
        for (int i = 0; i < Math.min(rows, cols); i++) d[i * cols + i] = 1;
        return NDArray.wrap(type, d);
    }

    /** {@code start + i * step} for i in [0, n), n the node's length (which the shape rule derived from start/stop/step). */
    private static NDArray arange(TensorType type, Attrs attrs) {
        double start = attrs.getDouble("start"), step = attrs.getDouble("step");
        double[] d = new double[type.numel()];
        for (int i = 0; i < d.length; i++) d[i] = start + i * step;
        return NDArray.rounded(type, d);
    }
}
