package dev.fluxion.compiler.ir;

import java.util.Arrays;
import java.util.List;

/**
 * Type and shape inference, one rule per op family. Errors are {@link ShapeException}s that name the
 * op and the shapes involved. Leaf ops (inputs, constants) carry a declared type that is checked
 * against their attributes instead.
 */
public final class ShapeRules {
    private ShapeRules() {}

    /**
     * The type of {@code op} applied to inputs of the given types.
     *
     * @param declared the node's type for leaf ops (required there), ignored otherwise
     */
    public static TensorType infer(Op op, Attrs attrs, TensorType[] in, TensorType declared) {
        checkArity(op, in);
        List<String> names = op.attributeNames();
        for (int i = 0; i < names.size(); i++) { // indexed: an iterator per inferred node is measurable garbage
            if (!attrs.has(names.get(i))) throw new ShapeException(op + ": missing attribute '" + names.get(i) + "'");
        }
        if (attrs.size() != op.attributeNames().size()) {
            throw new ShapeException(op + ": takes attributes " + op.attributeNames() + " but got " + attrs);
        }
        switch (op.kind()) {
            case LEAF: return leaf(op, attrs, declared);
            case UNARY: return unary(op, attrs, in[0]);
            case BINARY: return binary(op, in[0], in[1]);
            case COMPARE: return compare(op, in[0], in[1]);
            case SELECT: return where(in);
            case REDUCE: return reduce(op, attrs, in[0]);
            case SHAPE: return ShapeOpRules.infer(op, attrs, in);
            case LINALG: return op == Op.MATMUL ? matmul(in[0], in[1]) : dot(in[0], in[1]);
            default: throw new AssertionError(op);
        }
    }

    private static void checkArity(Op op, TensorType[] in) {
        if (op.arity() >= 0 && in.length != op.arity()) {
            throw new ShapeException(op + ": expects " + op.arity() + " input(s) but got " + in.length);
        }
        if (op.arity() < 0 && in.length == 0) throw new ShapeException(op + ": expects at least one input");
    }

    private static TensorType leaf(Op op, Attrs attrs, TensorType declared) {
        if (declared == null) throw new ShapeException(op + ": a leaf node needs a declared type");
        Shape s = declared.shape();
        switch (op) {
            case CONST: {
                int count = attrs.doublesLength("value"); // read in place: every constant a rule makes comes through here
                if (count != s.numel()) throw new ShapeException("const: " + count + " values do not fill shape " + s);
                for (int i = 0; i < count; i++) representable(op, attrs.getDoubleAt("value", i), declared.dtype());
                break;
            }
            case FULL:
                representable(op, attrs.getDouble("value"), declared.dtype());
                break;
            case EYE:
                if (s.rank() != 2) throw new ShapeException("eye: shape must be 2-D but is " + s);
                break;
            case ARANGE: {
                if (s.rank() != 1) throw new ShapeException("arange: shape must be 1-D but is " + s);
                int n = arangeLength(attrs.getDouble("start"), attrs.getDouble("stop"), attrs.getDouble("step"));
                if (n != s.dim(0)) throw new ShapeException("arange: start/stop/step give " + n + " elements but shape is " + s);
                break;
            }
            default:
                break;
        }
        return declared;
    }

    private static void representable(Op op, double v, DType dtype) {
        if (Double.compare(dtype.round(v), v) != 0 && !Double.isNaN(v)) {
            throw new ShapeException(op + ": value " + v + " is not representable in " + dtype);
        }
    }

    /** Number of elements of {@code arange(start, stop, step)}; throws for a zero step. */
    public static int arangeLength(double start, double stop, double step) {
        if (step == 0 || Double.isNaN(step)) throw new ShapeException("arange: step must be non-zero");
        double n = Math.ceil((stop - start) / step);
        return n <= 0 ? 0 : (int) n;
    }

    static void requireFloating(Op op, TensorType t) {
        if (!t.dtype().isFloating()) throw new ShapeException(op + ": needs a floating-point input but got " + t);
    }

    static void requireNumeric(Op op, TensorType t) {
        if (!t.dtype().isNumeric()) throw new ShapeException(op + ": needs a numeric input but got " + t);
    }

    /** Ops defined on integers as well as floats; every other arithmetic op needs floats. */
    static boolean acceptsIntegers(Op op) {
        switch (op) {
            case NEG: case ABS: case SIGN: case SQUARE: case RELU:
            case ADD: case SUB: case MUL: case MAXIMUM: case MINIMUM:
            case SUM: case PROD: case MAX: case MIN:
                return true;
            default:
                return false;
        }
    }

    private static TensorType unary(Op op, Attrs attrs, TensorType x) {
        if (op == Op.CAST) return x.withDType(attrs.getDType("dtype"));
        if (acceptsIntegers(op)) requireNumeric(op, x);
        else requireFloating(op, x);
        return x;
    }

    static Shape broadcast(Op op, TensorType... ts) {
        Shape s = ts[0].shape();
        for (int i = 1; i < ts.length; i++) {
            Shape b = Shape.broadcast(s, ts[i].shape());
            if (b == null) throw new ShapeException(op + ": shapes " + shapes(ts) + " do not broadcast");
            s = b;
        }
        return s;
    }

    static String shapes(TensorType... ts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ts.length; i++) sb.append(i > 0 ? " and " : "").append(ts[i].shape());
        return sb.toString();
    }

    static void sameDType(Op op, TensorType a, TensorType b) {
        if (a.dtype() != b.dtype()) {
            throw new ShapeException(op + ": operands have different dtypes " + a + " and " + b + " (insert a cast)");
        }
    }

    private static TensorType binary(Op op, TensorType a, TensorType b) {
        sameDType(op, a, b);
        if (acceptsIntegers(op)) requireNumeric(op, a);
        else requireFloating(op, a);
        Shape s = broadcast(op, a, b);
        return s.equals(a.shape()) ? a : s.equals(b.shape()) ? b : new TensorType(a.dtype(), s); // share type objects
    }

    private static TensorType compare(Op op, TensorType a, TensorType b) {
        sameDType(op, a, b);
        if (op != Op.EQ && op != Op.NE) requireNumeric(op, a);
        return new TensorType(DType.BOOL, broadcast(op, a, b));
    }

    private static TensorType where(TensorType[] in) {
        if (in[0].dtype() != DType.BOOL) throw new ShapeException("where: condition must be bool but is " + in[0]);
        sameDType(Op.WHERE, in[1], in[2]);
        return new TensorType(in[1].dtype(), broadcast(Op.WHERE, in));
    }

    /** Checks that axes are sorted, distinct and within {@code [0, rank)}. */
    static void checkAxes(Op op, int[] axes, int rank, String what) {
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] < 0 || axes[i] >= rank || (i > 0 && axes[i] <= axes[i - 1])) {
                throw new ShapeException(op + ": " + what + " " + Arrays.toString(axes)
                        + " must be distinct, sorted and within rank " + rank);
            }
        }
    }

    private static TensorType reduce(Op op, Attrs attrs, TensorType x) {
        if (acceptsIntegers(op)) requireNumeric(op, x);
        else requireFloating(op, x);
        int[] axes = attrs.getInts("axes");
        checkAxes(op, axes, x.rank(), "axes");
        return x.withShape(reducedShape(x.shape(), axes, attrs.getBoolean("keepdim")));
    }

    /** The shape left after reducing {@code axes} (sorted), with size-1 axes kept when {@code keepdim}. */
    public static Shape reducedShape(Shape s, int[] axes, boolean keepdim) {
        int[] out = new int[keepdim ? s.rank() : s.rank() - axes.length];
        int k = 0;
        for (int i = 0; i < s.rank(); i++) {
            boolean reduced = Arrays.binarySearch(axes, i) >= 0;
            if (!reduced) out[k++] = s.dim(i);
            else if (keepdim) out[k++] = 1;
        }
        return Shape.of(out);
    }

    private static TensorType matmul(TensorType a, TensorType b) {
        sameDType(Op.MATMUL, a, b);
        requireNumeric(Op.MATMUL, a);
        if (a.rank() == 0 || b.rank() == 0) {
            throw new ShapeException("matmul: operands must have rank >= 1 but shapes are " + shapes(a, b));
        }
        int[] ad = a.shape().dims(), bd = b.shape().dims();
        int k = ad[ad.length - 1];
        int kb = bd.length == 1 ? bd[0] : bd[bd.length - 2];
        if (k != kb) throw new ShapeException("matmul: inner dimensions differ, shapes " + shapes(a, b));
        Shape batchA = Shape.of(Arrays.copyOf(ad, Math.max(0, ad.length - 2)));
        Shape batchB = Shape.of(Arrays.copyOf(bd, Math.max(0, bd.length - 2)));
        Shape batch = Shape.broadcast(batchA, batchB);
        if (batch == null) throw new ShapeException("matmul: batch dimensions of shapes " + shapes(a, b) + " do not broadcast");
        int[] out = Arrays.copyOf(batch.dims(), batch.rank() + (ad.length > 1 ? 1 : 0) + (bd.length > 1 ? 1 : 0));
        int i = batch.rank();
        if (ad.length > 1) out[i++] = ad[ad.length - 2];
        if (bd.length > 1) out[i] = bd[bd.length - 1];
        return new TensorType(a.dtype(), Shape.of(out));
    }

    private static TensorType dot(TensorType a, TensorType b) {
        sameDType(Op.DOT, a, b);
        requireNumeric(Op.DOT, a);
        if (a.rank() != 1 || b.rank() != 1 || a.shape().dim(0) != b.shape().dim(0)) {
            throw new ShapeException("dot: needs two vectors of equal length but shapes are " + shapes(a, b));
        }
        return TensorType.scalar(a.dtype());
    }
}
