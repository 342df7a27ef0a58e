package dev.fluxion.compiler.ir;

import java.util.Arrays;
import java.util.List;

/**
 * Builds IR graphs with one method per op. Scalar {@code double} operands become constants of the
 * other operand's dtype. Axes may be negative (counted from the end) and are normalised here, so
 * the IR always holds sorted, non-negative axes. Exact no-ops (reshape to the same shape, identity
 * permutation, reducing no axes, cast to the same dtype) return their input unchanged.
 */
public class GraphBuilder extends NodeFactory {

    public GraphBuilder() {
        super();
    }

    /** A builder sized for about {@code expectedNodes} nodes (it holds any number; this only avoids regrowing). */
    public GraphBuilder(int expectedNodes) {
        super(expectedNodes);
    }

    /**
     * A builder for re-emitting {@code source} (as a pass does): sized for it, and copying its nodes
     * in order with {@link #copy} costs no hash-consing lookup while nothing else has been added.
     */
    public GraphBuilder(Graph source) {
        super(source);
    }

    public Node input(String name, DType dtype, int... shape) {
        return input(name, TensorType.of(dtype, shape));
    }

    // ---- leaves ---------------------------------------------------------------------------------

    /** A 0-d constant. */
    public Node constant(double value, DType dtype) {
        return apply(Op.CONST, Attrs.of("value", new double[] {dtype.round(value)}), TensorType.scalar(dtype));
    }

    public Node constant(double value) {
        return constant(value, DType.F64);
    }

    /** A tensor constant; {@code values} are row-major and must fill {@code type}'s shape. */
    public Node constant(double[] values, TensorType type) {
        double[] v = values.clone();
        for (int i = 0; i < v.length; i++) v[i] = type.dtype().round(v[i]);
        return apply(Op.CONST, Attrs.of("value", v), type);
    }

    /** A tensor filled with {@code value}; a 0-d one is the plain constant, so all scalar constants look alike. */
    public Node full(TensorType type, double value) {
        if (type.shape().isScalar()) return constant(value, type.dtype());
        return apply(Op.FULL, Attrs.of("value", type.dtype().round(value)), type);
    }

    public Node zeros(TensorType type) {
        return full(type, 0);
    }

    public Node ones(TensorType type) {
        return full(type, 1);
    }

    public Node eye(DType dtype, int n, int m) {
        return apply(Op.EYE, Attrs.NONE, TensorType.of(dtype, n, m));
    }

    public Node arange(double start, double stop, double step, DType dtype) {
        int n = ShapeRules.arangeLength(start, stop, step);
        return apply(Op.ARANGE, Attrs.of("start", start, "stop", stop, "step", step), TensorType.of(dtype, n));
    }

    /** A 0-d constant of {@code like}'s dtype. */
    public Node scalarLike(Node like, double value) {
        return constant(value, like.dtype());
    }

    // ---- elementwise unary ---------------------------------------------------------------------

    public Node unary(Op op, Node x) {
        return apply(op, Attrs.NONE, x);
    }

    public Node neg(Node x) { return unary(Op.NEG, x); }
    public Node abs(Node x) { return unary(Op.ABS, x); }
    public Node sign(Node x) { return unary(Op.SIGN, x); }
    public Node exp(Node x) { return unary(Op.EXP, x); }
    public Node expm1(Node x) { return unary(Op.EXPM1, x); }
    public Node log(Node x) { return unary(Op.LOG, x); }
    public Node log1p(Node x) { return unary(Op.LOG1P, x); }
    public Node sqrt(Node x) { return unary(Op.SQRT, x); }
    public Node rsqrt(Node x) { return unary(Op.RSQRT, x); }
    public Node reciprocal(Node x) { return unary(Op.RECIPROCAL, x); }
    public Node square(Node x) { return unary(Op.SQUARE, x); }
    public Node sin(Node x) { return unary(Op.SIN, x); }
    public Node cos(Node x) { return unary(Op.COS, x); }
    public Node tan(Node x) { return unary(Op.TAN, x); }
    public Node asin(Node x) { return unary(Op.ASIN, x); }
    public Node acos(Node x) { return unary(Op.ACOS, x); }
    public Node atan(Node x) { return unary(Op.ATAN, x); }
    public Node sinh(Node x) { return unary(Op.SINH, x); }
    public Node cosh(Node x) { return unary(Op.COSH, x); }
    public Node tanh(Node x) { return unary(Op.TANH, x); }
    public Node sigmoid(Node x) { return unary(Op.SIGMOID, x); }
    public Node relu(Node x) { return unary(Op.RELU, x); }
    public Node softplus(Node x) { return unary(Op.SOFTPLUS, x); }
    public Node erf(Node x) { return unary(Op.ERF, x); }

    public Node cast(Node x, DType dtype) {
        return x.dtype() == dtype ? x : apply(Op.CAST, Attrs.of("dtype", dtype), x);
    }

    // ---- elementwise binary --------------------------------------------------------------------

    public Node binary(Op op, Node a, Node b) {
        return apply(op, Attrs.NONE, a, b);
    }

    public Node add(Node a, Node b) { return binary(Op.ADD, a, b); }
    public Node sub(Node a, Node b) { return binary(Op.SUB, a, b); }
    public Node mul(Node a, Node b) { return binary(Op.MUL, a, b); }
    public Node div(Node a, Node b) { return binary(Op.DIV, a, b); }
    public Node pow(Node a, Node b) { return binary(Op.POW, a, b); }
    public Node maximum(Node a, Node b) { return binary(Op.MAXIMUM, a, b); }
    public Node minimum(Node a, Node b) { return binary(Op.MINIMUM, a, b); }
    public Node atan2(Node a, Node b) { return binary(Op.ATAN2, a, b); }

    public Node add(Node a, double b) { return add(a, scalarLike(a, b)); }
    public Node sub(Node a, double b) { return sub(a, scalarLike(a, b)); }
    public Node mul(Node a, double b) { return mul(a, scalarLike(a, b)); }
    public Node div(Node a, double b) { return div(a, scalarLike(a, b)); }
    public Node pow(Node a, double b) { return pow(a, scalarLike(a, b)); }
    /** {@code a - x}. */
    public Node rsub(double a, Node x) { return sub(scalarLike(x, a), x); }
    /** {@code a / x}. */
    public Node rdiv(double a, Node x) { return div(scalarLike(x, a), x); }

    // ---- comparisons and selection -------------------------------------------------------------

    public Node lt(Node a, Node b) { return binary(Op.LT, a, b); }
    public Node le(Node a, Node b) { return binary(Op.LE, a, b); }
    public Node gt(Node a, Node b) { return binary(Op.GT, a, b); }
    public Node ge(Node a, Node b) { return binary(Op.GE, a, b); }
    public Node eq(Node a, Node b) { return binary(Op.EQ, a, b); }
    public Node ne(Node a, Node b) { return binary(Op.NE, a, b); }

    public Node where(Node cond, Node a, Node b) {
        return apply(Op.WHERE, Attrs.NONE, cond, a, b);
    }

    /** {@code where(cond, a, 0)}, the mask of a value. */
    public Node whereOrZero(Node cond, Node a) {
        return where(cond, a, scalarLike(a, 0));
    }

    // ---- reductions ----------------------------------------------------------------------------

    /** Reduces over {@code axes} (negative counts from the end; none given = all axes). */
    public Node reduce(Op op, Node x, boolean keepdim, int... axes) {
        if (op.kind() != Op.Kind.REDUCE) throw new IllegalArgumentException(op + " is not a reduction");
        int[] a = axes.length == 0 ? allAxes(x.rank()) : normalizeAxes(op, axes, x.rank());
        if (a.length == 0 && op != Op.LOGSUMEXP) return x; // reducing nothing is the identity (logsumexp is not)
        return apply(op, Attrs.of("axes", a, "keepdim", keepdim), x);
    }

    public Node sum(Node x, boolean keepdim, int... axes) { return reduce(Op.SUM, x, keepdim, axes); }
    public Node mean(Node x, boolean keepdim, int... axes) { return reduce(Op.MEAN, x, keepdim, axes); }
    public Node prod(Node x, boolean keepdim, int... axes) { return reduce(Op.PROD, x, keepdim, axes); }
    public Node max(Node x, boolean keepdim, int... axes) { return reduce(Op.MAX, x, keepdim, axes); }
    public Node min(Node x, boolean keepdim, int... axes) { return reduce(Op.MIN, x, keepdim, axes); }
    public Node logsumexp(Node x, boolean keepdim, int... axes) { return reduce(Op.LOGSUMEXP, x, keepdim, axes); }

    /** Sum of every element, a 0-d result. */
    public Node sum(Node x) { return sum(x, false); }

    public static int[] allAxes(int rank) {
        int[] a = new int[rank];
        for (int i = 0; i < rank; i++) a[i] = i;
        return a;
    }

    /** Sorted, non-negative, distinct axes; throws naming the op on out-of-range or repeated axes. */
    public static int[] normalizeAxes(Op op, int[] axes, int rank) {
        int[] a = new int[axes.length];
        for (int i = 0; i < axes.length; i++) a[i] = Shape.normalizeAxis(op.text(), axes[i], rank);
        Arrays.sort(a);
        for (int i = 1; i < a.length; i++) {
            if (a[i] == a[i - 1]) throw new ShapeException(op + ": axis " + a[i] + " repeated in " + Arrays.toString(axes));
        }
        return a;
    }

    /**
     * Sums {@code x} down to {@code target}, undoing NumPy broadcasting: leading axes are summed
     * away and axes where the target has size 1 are summed with keepdim.
     */
    public Node sumToShape(Node x, Shape target) {
        if (x.shape().equals(target)) return x;
        if (!target.broadcastsTo(x.shape())) {
            throw new ShapeException("sum_to_shape: " + x.shape() + " is not a broadcast of " + target);
        }
        int lead = x.rank() - target.rank();
        int[] axes = new int[x.rank()];
        int n = 0;
        for (int i = 0; i < x.rank(); i++) {
            if (i < lead || (target.dim(i - lead) == 1 && x.shape().dim(i) != 1)) axes[n++] = i;
        }
        return reshape(sum(x, false, Arrays.copyOf(axes, n)), target.dims());
    }

    // ---- shape ---------------------------------------------------------------------------------

    /** Reshapes; one dimension may be -1 and is inferred. */
    public Node reshape(Node x, int... shape) {
        int[] s = resolveShape(x.shape(), shape);
        if (Arrays.equals(s, x.shape().dims())) return x;
        return apply(Op.RESHAPE, Attrs.of("shape", s), x);
    }

    /** {@code shape} with a -1 dimension replaced by what makes it hold {@code from}'s elements. */
    public static int[] resolveShape(Shape from, int... shape) {
        int[] s = shape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1 && infer < 0) infer = i;
            else known *= s[i];
        }
        if (infer >= 0) {
            if (known == 0 || from.numel() % known != 0) {
                throw new ShapeException("reshape: cannot reshape " + from + " to " + Arrays.toString(shape));
            }
            s[infer] = (int) (from.numel() / known);
        }
        return s;
    }

    public Node broadcastTo(Node x, Shape shape) {
        if (x.shape().equals(shape)) return x;
        return apply(Op.BROADCAST_TO, Attrs.of("shape", shape.dims()), x);
    }

    /** Permutes axes: output axis {@code i} is input axis {@code perm[i]} (negative allowed). */
    public Node transpose(Node x, int... perm) {
        int[] p = new int[perm.length];
        boolean identity = true;
        for (int i = 0; i < perm.length; i++) {
            p[i] = perm[i] < 0 ? perm[i] + x.rank() : perm[i];
            identity &= p[i] == i;
        }
        if (identity && p.length == x.rank()) return x;
        return apply(Op.TRANSPOSE, Attrs.of("perm", p), x);
    }

    /** Swaps the last two axes (the matrix transpose); vectors and scalars are returned unchanged. */
    public Node transposeLast2(Node x) {
        if (x.rank() < 2) return x;
        int[] p = allAxes(x.rank());
        p[x.rank() - 2] = x.rank() - 1;
        p[x.rank() - 1] = x.rank() - 2;
        return transpose(x, p);
    }

    /** Inverse of a permutation. */
    public static int[] inversePermutation(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) inv[perm[i]] = i;
        return inv;
    }

    /** Removes the given size-1 axes (none given = all size-1 axes). */
    public Node squeeze(Node x, int... axes) {
        int[] a;
        if (axes.length == 0) {
            int[] ones = new int[x.rank()];
            int n = 0;
            for (int i = 0; i < x.rank(); i++) if (x.shape().dim(i) == 1) ones[n++] = i;
            a = Arrays.copyOf(ones, n);
        } else {
            a = normalizeAxes(Op.SQUEEZE, axes, x.rank());
        }
        return a.length == 0 ? x : apply(Op.SQUEEZE, Attrs.of("axes", a), x);
    }

    /** Inserts size-1 axes at the given positions of the result. */
    public Node unsqueeze(Node x, int... axes) {
        if (axes.length == 0) return x;
        return apply(Op.UNSQUEEZE, Attrs.of("axes", normalizeAxes(Op.UNSQUEEZE, axes, x.rank() + axes.length)), x);
    }

    /** Slices with per-axis bounds already normalised (see {@link SliceSpec} for Python-style bounds). */
    public Node slice(Node x, int[] start, int[] stop, int[] step) {
        boolean whole = true;
        for (int i = 0; i < x.rank(); i++) whole &= start[i] == 0 && stop[i] == x.shape().dim(i) && step[i] == 1;
        if (whole && start.length == x.rank()) return x;
        return apply(Op.SLICE, Attrs.of("start", start, "stop", stop, "step", step), x);
    }

    /** {@code x[start:stop:step]} along one axis, Python-style bounds (negative, clamped, None as {@code null}). */
    public Node slice(Node x, int axis, Integer start, Integer stop, int step) {
        int a = Shape.normalizeAxis("slice", axis, x.rank());
        int[] lo = new int[x.rank()], hi = x.shape().dims(), st = new int[x.rank()];
        Arrays.fill(st, 1);
        SliceSpec s = SliceSpec.normalize(start, stop, step, x.shape().dim(a));
        if (s.step() < 0) throw new ShapeException("slice: negative steps are not supported (axis " + axis + ")");
        lo[a] = s.start();
        hi[a] = s.stop();
        st[a] = s.step();
        return slice(x, lo, hi, st);
    }

    /** Zero padding: {@code lo}/{@code hi} per axis at the ends, {@code interior} between elements. */
    public Node pad(Node x, int[] lo, int[] hi, int[] interior) {
        boolean none = true;
        for (int i = 0; i < lo.length; i++) none &= lo[i] == 0 && hi[i] == 0 && interior[i] == 0;
        if (none && lo.length == x.rank()) return x;
        return apply(Op.PAD, Attrs.of("lo", lo, "hi", hi, "interior", interior), x);
    }

    public Node gather(Node x, int axis, Node index) {
        return apply(Op.GATHER, Attrs.of("axis", Shape.normalizeAxis("gather", axis, x.rank())), x, index);
    }

    public Node scatterAdd(Node base, int axis, Node index, Node src) {
        return apply(Op.SCATTER_ADD, Attrs.of("axis", Shape.normalizeAxis("scatter_add", axis, base.rank())), base, index, src);
    }

    public Node concat(int axis, List<Node> xs) {
        if (xs.size() == 1) return xs.get(0);
        int rank = xs.isEmpty() ? 0 : xs.get(0).rank();
        return apply(Op.CONCAT, Attrs.of("axis", Shape.normalizeAxis("concat", axis, rank)), xs.toArray(new Node[0]));
    }

    public Node stack(int axis, List<Node> xs) {
        int rank = xs.isEmpty() ? 0 : xs.get(0).rank() + 1;
        return apply(Op.STACK, Attrs.of("axis", Shape.normalizeAxis("stack", axis, rank)), xs.toArray(new Node[0]));
    }

    // ---- linear algebra ------------------------------------------------------------------------

    public Node matmul(Node a, Node b) {
        return apply(Op.MATMUL, Attrs.NONE, a, b);
    }

    public Node dot(Node a, Node b) {
        return apply(Op.DOT, Attrs.NONE, a, b);
    }
}
