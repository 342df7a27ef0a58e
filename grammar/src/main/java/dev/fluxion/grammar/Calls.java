package dev.fluxion.grammar;

import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.ShapeRules;
import dev.fluxion.compiler.ir.SliceSpec;
import dev.fluxion.compiler.ir.TensorType;
import dev.fluxion.grammar.FluxionParser.ArgumentContext;
import dev.fluxion.grammar.FluxionParser.ExprContext;
import dev.fluxion.grammar.FluxionParser.PrimaryContext;
import dev.fluxion.grammar.FluxionParser.TensorLiteralContext;
import dev.fluxion.grammar.Signatures.Bound;

import org.antlr.v4.runtime.Token;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Builds a call of an op by name from its bound arguments, one section per op family. Axes may be
 * negative and are normalised as {@link GraphBuilder} does; the op is then applied with exactly the
 * attributes the call states, so {@code sum(x, ())} or {@code reshape(x, (2, 3))} on a 2x3 {@code x}
 * are kept as written. Errors point at the callee's name.
 */
final class Calls {
    private final Operations ops;
    private final Attributes attributes;
    private final SourceText source;
    private final Function<ExprContext, Value> evaluate;

    Calls(Operations ops, SourceText source, Function<ExprContext, Value> evaluate) {
        this.ops = ops;
        this.attributes = new Attributes(source);
        this.source = source;
        this.evaluate = evaluate;
    }

    /** {@code op(args…)}. */
    Value call(Op op, Token at, List<ArgumentContext> args) {
        Bound bound = Signatures.bind(op, at, args, source);
        switch (op.kind()) {
            case UNARY: case BINARY: case COMPARE: case SELECT: case LINALG:
                return op == Op.CAST ? cast(at, bound) : elementwise(op, at, bound);
            case REDUCE: return reduction(op, at, bound);
            case SHAPE: return new Value.Tensor(shape(op, at, bound));
            case LEAF: return new Value.Tensor(leaf(op, at, bound));
            default: throw new AssertionError(op);
        }
    }

    private Value value(ArgumentContext a, String what) {
        return evaluate.apply(attributes.requireExpr(a, what));
    }

    private Node tensor(Token at, ArgumentContext a, String what, DType dtype) {
        return ops.node(a.getStart(), value(a, what), dtype);
    }

    // ---- elementwise, selection and linear algebra ----------------------------------------------------

    private Value elementwise(Op op, Token at, Bound bound) {
        List<Value> operands = new ArrayList<>();
        for (Signatures.Param q : Signatures.of(op)) operands.add(value(bound.get(q.name()), q.name()));
        return ops.elementwise(at, op, operands);
    }

    /**
     * {@code cast(x, f32)}. A bracket literal is cast as it is read, to a constant of the target dtype
     * (the printer writes an i64 constant as {@code cast([1, 0], i64)}); its values convert as the
     * cast would convert them (i64 truncates toward zero, bool is non-zero).
     */
    private Value cast(Token at, Bound bound) {
        DType dtype = attributes.dtype(bound.get("dtype"), "cast's dtype");
        ArgumentContext x = bound.get("x");
        PrimaryContext bare = x.expr() == null ? null : Attributes.bare(x.expr());
        if (bare instanceof TensorLiteralContext) {
            TensorLiterals.Literal literal = TensorLiterals.parse(source, ((TensorLiteralContext) bare).tensor());
            double[] values = literal.values().clone();
            for (int i = 0; i < values.length; i++) values[i] = dtype.round(values[i]);
            return new Value.Tensor(ops.tensorConstant(at, values, TensorType.of(dtype, literal.shape())));
        }
        Node n = tensor(at, x, "x", DType.F64);
        return new Value.Tensor(ops.apply(at, Op.CAST, Attrs.of("dtype", dtype), n));
    }

    // ---- reductions ----------------------------------------------------------------------------------

    private Value reduction(Op op, Token at, Bound bound) {
        Node x = tensor(at, bound.get("x"), "x", DType.F64);
        int[] axes = bound.has("axes")
                ? normalizeAxes(at, op, attributes.integers(bound.get("axes"), "axes"), x.rank())
                : GraphBuilder.allAxes(x.rank());
        boolean keepdim = bound.has("keepdim") && attributes.flag(bound.get("keepdim"), "keepdim");
        return new Value.Tensor(ops.apply(at, op, Attrs.of("axes", axes, "keepdim", keepdim), x));
    }

    private int[] normalizeAxes(Token at, Op op, int[] axes, int rank) {
        try {
            return GraphBuilder.normalizeAxes(op, axes, rank);
        } catch (IllegalArgumentException e) {
            throw source.error(at, e.getMessage(), e);
        }
    }

    private int normalizeAxis(Token at, Op op, int axis, int rank) {
        try {
            return Shape.normalizeAxis(op.text(), axis, rank);
        } catch (IllegalArgumentException e) {
            throw source.error(at, e.getMessage(), e);
        }
    }

    // ---- shape ops -----------------------------------------------------------------------------------

    private Node shape(Op op, Token at, Bound bound) {
        if (op == Op.CONCAT || op == Op.STACK) return joined(op, at, bound);
        if (op == Op.SCATTER_ADD) {
            Node base = tensor(at, bound.get("base"), "base", DType.F64);
            int axis = normalizeAxis(at, op, attributes.integer(bound.get("axis"), "axis"), base.rank());
            Node index = tensor(at, bound.get("index"), "index", DType.I64);
            Node src = tensor(at, bound.get("src"), "src", base.dtype());
            return ops.apply(at, op, Attrs.of("axis", axis), base, index, src);
        }
        Node x = tensor(at, bound.get("x"), "x", DType.F64);
        int rank = x.rank();
        switch (op) {
            case RESHAPE: {
                int[] shape = attributes.integers(bound.get("shape"), "shape");
                try {
                    shape = GraphBuilder.resolveShape(x.shape(), shape);
                } catch (IllegalArgumentException e) {
                    throw source.error(at, e.getMessage(), e);
                }
                return ops.apply(at, op, Attrs.of("shape", shape), x);
            }
            case BROADCAST_TO:
                return ops.apply(at, op, Attrs.of("shape", attributes.integers(bound.get("shape"), "shape")), x);
            case TRANSPOSE: {
                int[] perm;
                if (bound.has("perm")) {
                    perm = attributes.integers(bound.get("perm"), "perm");
                    for (int i = 0; i < perm.length; i++) if (perm[i] < 0) perm[i] += rank;
                } else {
                    perm = new int[rank];   // NumPy: reverse the axes
                    for (int i = 0; i < rank; i++) perm[i] = rank - 1 - i;
                }
                return ops.apply(at, op, Attrs.of("perm", perm), x);
            }
            case SQUEEZE: {
                if (bound.has("axes")) {
                    int[] axes = normalizeAxes(at, op, attributes.integers(bound.get("axes"), "axes"), rank);
                    return ops.apply(at, op, Attrs.of("axes", axes), x);
                }
                int[] ones = new int[rank];
                int n = 0;
                for (int i = 0; i < rank; i++) if (x.shape().dim(i) == 1) ones[n++] = i;
                return n == 0 ? x : ops.apply(at, op, Attrs.of("axes", Arrays.copyOf(ones, n)), x);
            }
            case UNSQUEEZE: {
                int[] axes = attributes.integers(bound.get("axes"), "axes");
                return ops.apply(at, op, Attrs.of("axes", normalizeAxes(at, op, axes, rank + axes.length)), x);
            }
            case SLICE: return slice(at, bound, x);
            case PAD: {
                int[] lo = attributes.integers(bound.get("lo"), "lo"), hi = attributes.integers(bound.get("hi"), "hi");
                int[] interior = bound.has("interior") ? attributes.integers(bound.get("interior"), "interior") : new int[rank];
                return ops.apply(at, op, Attrs.of("lo", lo, "hi", hi, "interior", interior), x);
            }
            case GATHER: {
                int axis = normalizeAxis(at, op, attributes.integer(bound.get("axis"), "axis"), rank);
                Node index = tensor(at, bound.get("index"), "index", DType.I64);
                return ops.apply(at, op, Attrs.of("axis", axis), x, index);
            }
            default:
                throw new AssertionError(op);
        }
    }

    /** {@code slice(x, start=…, stop=…, step=…)}: one bound per axis, Python-style (negative counts from the end). */
    private Node slice(Token at, Bound bound, Node x) {
        int rank = x.rank();
        int[] start = attributes.integers(bound.get("start"), "start"), stop = attributes.integers(bound.get("stop"), "stop");
        int[] step = bound.has("step") ? attributes.integers(bound.get("step"), "step") : ones(rank);
        if (start.length != rank || stop.length != rank || step.length != rank) {
            throw source.error(at, "slice needs start, stop and step for each of the " + rank + " axes of " + x.type());
        }
        for (int i = 0; i < rank; i++) {
            if (step[i] < 1) throw source.error(at, "slice: step must be positive but is " + step[i] + " on axis " + i);
            SliceSpec s = SliceSpec.normalize(start[i], stop[i], step[i], x.shape().dim(i));
            start[i] = s.start();
            stop[i] = s.stop();
        }
        return ops.apply(at, Op.SLICE, Attrs.of("start", start, "stop", stop, "step", step), x);
    }

    private static int[] ones(int n) {
        int[] a = new int[n];
        Arrays.fill(a, 1);
        return a;
    }

    /** {@code concat(axis, a, b, …)} and {@code stack(axis, a, b, …)}; untyped operands take the first typed one's dtype. */
    private Node joined(Op op, Token at, Bound bound) {
        int axis = attributes.integer(bound.get("axis"), "axis");
        List<Value> values = new ArrayList<>();
        for (ArgumentContext a : bound.rest()) values.add(value(a, "xs"));
        DType dtype = Operations.dtypeOf(values);
        Node[] xs = new Node[values.size()];
        for (int i = 0; i < xs.length; i++) xs[i] = ops.node(bound.rest().get(i).getStart(), values.get(i), dtype);
        int rank = xs[0].rank() + (op == Op.STACK ? 1 : 0);
        return ops.apply(at, op, Attrs.of("axis", normalizeAxis(at, op, axis, rank)), xs);
    }

    // ---- leaves --------------------------------------------------------------------------------------

    private Node leaf(Op op, Token at, Bound bound) {
        DType dtype = bound.has("dtype") ? attributes.dtype(bound.get("dtype"), "dtype") : DType.F64;
        switch (op) {
            case FULL: {
                int[] shape = attributes.integers(bound.get("shape"), "shape");
                double value = attributes.number(bound.get("value"), "value");
                if (dtype == DType.F32) value = DType.F32.round(value);   // i64 and bool must be exact: the shape rule checks
                return ops.leaf(at, op, Attrs.of("value", value), shapedType(at, dtype, shape));
            }
            case EYE: {
                int n = attributes.integer(bound.get("n"), "n");
                int m = bound.has("m") ? attributes.integer(bound.get("m"), "m") : n;
                return ops.leaf(at, op, Attrs.NONE, shapedType(at, dtype, n, m));
            }
            case ARANGE: {
                double first = attributes.number(bound.get("start"), "start");
                double start = bound.has("stop") ? first : 0;
                double stop = bound.has("stop") ? attributes.number(bound.get("stop"), "stop") : first;
                double step = bound.has("step") ? attributes.number(bound.get("step"), "step") : 1;
                int n;
                try {
                    n = ShapeRules.arangeLength(start, stop, step);
                } catch (IllegalArgumentException e) {
                    throw source.error(at, e.getMessage(), e);
                }
                return ops.leaf(at, op, Attrs.of("start", start, "stop", stop, "step", step), shapedType(at, dtype, n));
            }
            default:
                throw new AssertionError(op);
        }
    }

    private TensorType shapedType(Token at, DType dtype, int... dims) {
        try {
            return TensorType.of(dtype, dims);
        } catch (IllegalArgumentException e) {
            throw source.error(at, e.getMessage(), e);
        }
    }
}
