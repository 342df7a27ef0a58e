package dev.fluxion.compiler.codegen;

import dev.fluxion.compiler.codegen.model.Expr;
import dev.fluxion.compiler.codegen.model.Expr.Binary;
import dev.fluxion.compiler.codegen.model.Expr.BinaryOp;
import dev.fluxion.compiler.codegen.model.Expr.Comparison;
import dev.fluxion.compiler.codegen.model.Expr.Conditional;
import dev.fluxion.compiler.codegen.model.Expr.IntConst;
import dev.fluxion.compiler.codegen.model.Expr.Load;
import dev.fluxion.compiler.codegen.model.Expr.Read;
import dev.fluxion.compiler.codegen.model.Expr.Unary;
import dev.fluxion.compiler.codegen.model.Expr.UnaryOp;
import dev.fluxion.compiler.codegen.model.Local;
import dev.fluxion.compiler.codegen.model.MathFunction;
import dev.fluxion.compiler.codegen.model.Stmt;
import dev.fluxion.compiler.codegen.model.ValueKind;
import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.fluxion.compiler.codegen.ElementwiseLowering.call;
import static dev.fluxion.compiler.codegen.ElementwiseLowering.d;

/**
 * The code-generation table of the ops that are not elementwise: loop nests for reductions over
 * axes, leaves that need an array (eye, arange), the layout ops that move elements (pad, gather,
 * scatter_add, concat, stack) and linear algebra. Each accumulates in the interpreter's order from
 * its initial value, so results match it bit for bit.
 */
final class TensorKernels {
    private TensorKernels() {}

    static void lower(Lowering l, Node n) {
        switch (n.op()) {
            // ---- leaves ----------------------------------------------------------------------------
            case EYE: eye(l, n); return;
            case ARANGE: arange(l, n); return;
            // ---- reductions --------------------------------------------------------------------------
            case SUM: case MEAN: case PROD: case MAX: case MIN: case LOGSUMEXP: reduce(l, n); return;
            // ---- layout ops that move elements -------------------------------------------------------
            case PAD: pad(l, n); return;
            case GATHER: gather(l, n); return;
            case SCATTER_ADD: scatterAdd(l, n); return;
            case CONCAT: case STACK: concat(l, n); return;
            // ---- linear algebra -----------------------------------------------------------------------
            case MATMUL: matmul(l, n); return;
            case DOT: dot(l, n); return;
            default: throw new IllegalArgumentException("no code-generation rule for op '" + n.op().text() + "'");
        }
    }

    /** Max and min of no elements have no identity; the interpreter throws the same way. */
    static void checkEmptyReduction(Node n) {
        if ((n.op() == Op.MAX || n.op() == Op.MIN) && n.input(0).type().numel() == 0) {
            throw new IllegalArgumentException(n.op().text() + ": cannot reduce an empty axis of " + n.input(0).type()
                    + " over axes " + Arrays.toString(n.attrs().getInts("axes")) + " (it has no identity)");
        }
    }

    // ---- copies ----------------------------------------------------------------------------------

    /** {@code dst[p] = src[p]} for every position of their (equal) shape. */
    static void copy(Lowering l, Value src, Value.Strided dst) {
        l.code.reserve(80 + 12 * dst.shape.rank());
        boolean flat = dst.isContiguous() && (src instanceof Value.Uniform || ((Value.Strided) src).isContiguous());
        LoopNest nest = new LoopNest(l, dst.shape, flat);
        l.code.addAll(nest.wrap(List.of(new Stmt.Store(dst.array, nest.offset(dst), nest.read(src)))));
    }

    static void zero(Lowering l, Value.Strided dst) {
        copy(l, new Value.Uniform(dst.shape, d(0)), dst);
    }

    /** Rounds a buffer filled by sums in double to its dtype (f32, i64), as the interpreter rounds once at the end. */
    static void roundInPlace(Lowering l, Value.Strided buf, DType dtype) {
        if (dtype == DType.F64) return;
        l.code.reserve(60);
        LoopNest nest = new LoopNest(l, buf.shape, true);
        Expr at = nest.offset(buf);
        l.code.addAll(nest.wrap(List.of(new Stmt.Store(buf.array, at, ElementwiseLowering.round(dtype, new Load(buf.array, at))))));
    }

    // ---- leaves ------------------------------------------------------------------------------------

    private static void eye(Lowering l, Node n) {
        Value.Strided out = l.allocate(n);
        zero(l, out);
        int rows = n.shape().dim(0), cols = n.shape().dim(1);
        l.code.reserve(60);
        Local r = l.fresh("i", ValueKind.INT);
        Expr at = LoopNest.offset(out.base, new int[] {cols + 1}, new Local[] {r});
        l.code.add(new Stmt.Loop(r, new IntConst(0), new IntConst(Math.min(rows, cols)), List.of(new Stmt.Store(out.array, at, d(1)))));
        l.setValue(n, out);
    }

    /** {@code start + i * step}, rounded. */
    private static void arange(Lowering l, Node n) {
        Value.Strided out = l.allocate(n);
        Attrs at = n.attrs();
        l.code.reserve(60);
        LoopNest nest = new LoopNest(l, n.shape(), true);
        Local i = l.fresh("i", ValueKind.INT);
        Expr v = new Binary(BinaryOp.ADD, d(at.getDouble("start")),
                new Binary(BinaryOp.MUL, new Unary(UnaryOp.TO_DOUBLE, new Read(i)), d(at.getDouble("step"))));
        Expr idx = out.base == 0 ? new Read(i) : new Binary(BinaryOp.ADD, new IntConst(out.base), new Read(i));
        l.code.add(new Stmt.Loop(i, new IntConst(0), new IntConst(n.type().numel()),
                List.of(new Stmt.Store(out.array, idx, ElementwiseLowering.round(n.dtype(), v)))));
        l.setValue(n, out);
    }

    // ---- reductions ----------------------------------------------------------------------------------

    /**
     * Outer loops over the kept axes, inner loops over the reduced ones in axis order: each output
     * element folds its inputs in the interpreter's (row-major) order. Logsumexp makes two inner
     * passes: the maximum, then the sum of exp(x - max).
     */
    private static void reduce(Lowering l, Node n) {
        checkEmptyReduction(n);
        Node x = n.input(0);
        Value xv = l.value(x);
        Shape xs = x.shape();
        boolean[] reduced = new boolean[xs.rank()];
        for (int a : n.attrs().getInts("axes")) reduced[a] = true;
        Local[] outer = new Local[xs.rank()], inner = new Local[xs.rank()], all = new Local[xs.rank()];
        int[] outStrides = new int[xs.rank()];
        int stride = 1;
        for (int a = xs.rank() - 1; a >= 0; a--) {
            if (xs.dim(a) != 1) all[a] = l.fresh("i", ValueKind.INT);
            if (reduced[a]) {
                inner[a] = all[a];
            } else {
                outer[a] = all[a];
                outStrides[a] = stride;
                stride *= xs.dim(a);
            }
        }
        l.code.reserve(200 + 24 * xs.rank());
        Expr element = xv instanceof Value.Strided s ? new Load(s.array, LoopNest.offset(s.base, s.strides, all)) : l.scalar(xv);
        List<Stmt> body = new ArrayList<>();
        Local acc = l.fresh("acc", ValueKind.DOUBLE);
        Expr result;
        if (n.op() == Op.LOGSUMEXP) {
            Local sum = l.fresh("acc", ValueKind.DOUBLE);
            body.add(new Stmt.Assign(acc, d(Double.NEGATIVE_INFINITY)));
            body.addAll(LoopNest.loops(List.of(new Stmt.Assign(acc, ElementwiseLowering.fold(Op.MAX, new Read(acc), element))), xs.dims(), inner));
            body.add(new Stmt.Assign(sum, d(0)));
            Expr term = call(MathFunction.EXP, new Binary(BinaryOp.SUB, element, new Read(acc)));
            body.addAll(LoopNest.loops(List.of(new Stmt.Assign(sum, new Binary(BinaryOp.ADD, new Read(sum), term))), xs.dims(), inner));
            // m + log(s) for a finite maximum m (m - m == 0), else m itself: all -inf gives -inf, +inf gives +inf
            Expr m = new Read(acc);
            result = new Conditional(Comparison.EQ, new Binary(BinaryOp.SUB, m, m), d(0),
                    new Binary(BinaryOp.ADD, m, call(MathFunction.LOG, new Read(sum))), m);
        } else {
            body.add(new Stmt.Assign(acc, d(ElementwiseLowering.initial(n.op()))));
            body.addAll(LoopNest.loops(List.of(new Stmt.Assign(acc, ElementwiseLowering.fold(n.op(), new Read(acc), element))), xs.dims(), inner));
            result = new Read(acc);
            if (n.op() == Op.MEAN) result = new Binary(BinaryOp.DIV, result, d(reducedCount(xs, reduced)));
        }
        result = ElementwiseLowering.round(n.dtype(), result);
        if (n.type().numel() == 1) {
            l.code.addAll(body);
            l.defineScalar(n, result);
            return;
        }
        Value.Strided out = l.allocate(n);
        body.add(new Stmt.Store(out.array, LoopNest.offset(out.base, outStrides, outer), result));
        l.code.addAll(LoopNest.loops(body, xs.dims(), outer));
        l.setValue(n, out);
    }

    private static long reducedCount(Shape xs, boolean[] reduced) {
        long count = 1;
        for (int a = 0; a < reduced.length; a++) if (reduced[a]) count *= xs.dim(a);
        return count;
    }

    // ---- layout ops that move elements -----------------------------------------------------------------

    /** Zeros, then the input at {@code lo + k * (interior + 1)} along each axis. */
    private static void pad(Lowering l, Node n) {
        Value.Strided out = l.allocate(n);
        zero(l, out);
        int[] lo = n.attrs().getInts("lo"), interior = n.attrs().getInts("interior");
        int base = out.base;
        int[] st = new int[lo.length];
        for (int a = 0; a < lo.length; a++) {
            base += lo[a] * out.strides[a];
            st[a] = out.strides[a] * (interior[a] + 1);
        }
        copy(l, l.value(n.input(0)), new Value.Strided(n.input(0).shape(), out.array, base, st));
        l.setValue(n, out);
    }

    /** Each input in turn into its slab of the output (stack: each input is a slab of thickness one). */
    private static void concat(Lowering l, Node n) {
        Value.Strided out = l.allocate(n);
        int axis = n.attrs().getInt("axis");
        int at = 0;
        for (Node in : n.inputs()) {
            int[] st = out.strides;
            if (n.op() == Op.STACK) {
                st = new int[in.shape().rank()];
                for (int a = 0, b = 0; a < out.strides.length; a++) if (a != axis) st[b++] = out.strides[a];
            }
            copy(l, l.value(in), new Value.Strided(in.shape(), out.array, out.base + at * out.strides[axis], st));
            at += n.op() == Op.STACK ? 1 : in.shape().dim(axis);
        }
        l.setValue(n, out);
    }

    /** torch.gather: {@code out[p] = x[p with p[axis] = index[p]]}, the index checked against the axis. */
    private static void gather(Lowering l, Node n) {
        int axis = n.attrs().getInt("axis");
        Node x = n.input(0);
        Value xv = l.value(x);
        Value.Strided out = l.allocate(n);
        Shape is = n.input(1).shape();
        l.code.reserve(140 + 24 * is.rank());
        Local[] idx = indices(l, is);
        Local k = l.fresh("k", ValueKind.INT);
        List<Stmt> body = new ArrayList<>();
        body.add(new Stmt.Assign(k, new Unary(UnaryOp.TO_INT, read(l, l.value(n.input(1)), idx))));
        body.add(new Stmt.CheckIndex(new Read(k), x.shape().dim(axis), indexMessage(n, x.shape().dim(axis))));
        Expr element = xv instanceof Value.Strided s ? new Load(s.array, indexed(s.base, s.strides, idx, axis, k)) : l.scalar(xv);
        body.add(new Stmt.Store(out.array, LoopNest.offset(out.base, out.strides, idx), element));
        l.code.addAll(LoopNest.loops(body, is.dims(), idx));
        l.setValue(n, out);
    }

    /** torch.scatter_add: a copy of base, then {@code out[p with p[axis] = index[p]] += src[p]}; rounded once. */
    private static void scatterAdd(Lowering l, Node n) {
        int axis = n.attrs().getInt("axis");
        Value.Strided out = l.allocate(n);
        copy(l, l.value(n.input(0)), out);
        Shape is = n.input(1).shape();
        l.code.reserve(160 + 24 * is.rank());
        Local[] idx = indices(l, is);
        Local k = l.fresh("k", ValueKind.INT), at = l.fresh("k", ValueKind.INT);
        int size = n.shape().dim(axis);
        List<Stmt> body = new ArrayList<>();
        body.add(new Stmt.Assign(k, new Unary(UnaryOp.TO_INT, read(l, l.value(n.input(1)), idx))));
        body.add(new Stmt.CheckIndex(new Read(k), size, indexMessage(n, size)));
        body.add(new Stmt.Assign(at, indexed(out.base, out.strides, idx, axis, k)));
        body.add(new Stmt.Store(out.array, new Read(at),
                new Binary(BinaryOp.ADD, new Load(out.array, new Read(at)), read(l, l.value(n.input(2)), idx))));
        l.code.addAll(LoopNest.loops(body, is.dims(), idx));
        roundInPlace(l, out, n.dtype());
        l.setValue(n, out);
    }

    private static String indexMessage(Node n, int size) {
        return n.op().text() + ": index out of range for axis " + n.attrs().getInt("axis") + " of size " + size + ": ";
    }

    /** {@code base + Σ_{a≠axis} index[a]·strides[a] + k·strides[axis]}. */
    private static Expr indexed(int base, int[] strides, Local[] index, int axis, Local k) {
        Local[] others = index.clone();
        others[axis] = null;
        Expr e = LoopNest.offset(base, strides, others);
        Expr term = strides[axis] == 1 ? new Read(k) : new Binary(BinaryOp.MUL, new Read(k), new IntConst(strides[axis]));
        return new Binary(BinaryOp.ADD, e, term);
    }

    // ---- linear algebra ----------------------------------------------------------------------------------

    private static void dot(Lowering l, Node n) {
        Value a = l.value(n.input(0)), b = l.value(n.input(1));
        int len = n.input(0).shape().dim(0);
        l.code.reserve(240);
        Local[] idx = {len != 1 ? l.fresh("i", ValueKind.INT) : null};
        MatmulKernel.DotBody dot = MatmulKernel.dotBody(l, idx, 0, len, a, strides(a), b, strides(b));
        l.code.addAll(dot.body());
        l.defineScalar(n, ElementwiseLowering.round(n.dtype(), new Read(dot.sum())));
    }

    private static int[] strides(Value v) {
        return v instanceof Value.Strided s ? s.strides : new int[] {0};
    }

    private static void matmul(Lowering l, Node n) {
        MatmulKernel.lower(l, n);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** One loop index per axis of {@code shape} whose size is not one. */
    static Local[] indices(Lowering l, Shape shape) {
        return LoopNest.indices(l, shape.dims());
    }

    /** The element of {@code v} at {@code index} (one index per axis of v). */
    static Expr read(Lowering l, Value v, Local[] index) {
        if (v instanceof Value.Strided s) return new Load(s.array, LoopNest.offset(s.base, s.strides, index));
        return l.scalar(v);
    }
}
