package dev.fluxion.compiler.codegen;

import dev.fluxion.compiler.codegen.model.Expr;
import dev.fluxion.compiler.codegen.model.Expr.Binary;
import dev.fluxion.compiler.codegen.model.Expr.BinaryOp;
import dev.fluxion.compiler.codegen.model.Expr.IntConst;
import dev.fluxion.compiler.codegen.model.Expr.Load;
import dev.fluxion.compiler.codegen.model.Expr.Read;
import dev.fluxion.compiler.codegen.model.Local;
import dev.fluxion.compiler.codegen.model.Stmt;
import dev.fluxion.compiler.codegen.model.ValueKind;
import dev.fluxion.compiler.ir.Shape;
import java.util.List;

/**
 * A loop nest over the elements of a shape, in row-major order: one flat loop when every view the
 * body reads is contiguous (the common case: same-shape operands and scalars), else one loop per
 * axis of size other than one, with offsets {@code base + Σ index·stride}.
 */
final class LoopNest {
    private final Lowering lowering;
    private final Shape shape;
    private final Local flatIndex;
    private final Local[] index;
    /** The axis whose range is restricted to [{@code from}, {@code to}), or -1 for the whole shape. */
    private int axis = -1, from, to;

    LoopNest(Lowering lowering, Shape shape, boolean flat) {
        this.lowering = lowering;
        this.shape = shape;
        if (flat) {
            flatIndex = shape.numel() != 1 ? lowering.fresh("i", ValueKind.INT) : null;
            index = null;
        } else {
            flatIndex = null;
            index = indices(lowering, shape.dims());
        }
    }

    /** One loop index per axis whose size is not one (an axis of size one is always at position 0). */
    static Local[] indices(Lowering lowering, int[] dims) {
        Local[] idx = new Local[dims.length];
        for (int a = 0; a < dims.length; a++) if (dims[a] != 1) idx[a] = lowering.fresh("i", ValueKind.INT);
        return idx;
    }

    /**
     * {@code position = group * lanes + lane}: the element lane {@code lane} handles in iteration
     * {@code group} of a loop unrolled {@code lanes} times (four partial sums, four output columns).
     */
    static Stmt lanePosition(Local position, Local group, int lanes, int lane) {
        Expr first = new Binary(BinaryOp.MUL, new Read(group), new IntConst(lanes));
        return new Stmt.Assign(position, lane == 0 ? first : new Binary(BinaryOp.ADD, first, new IntConst(lane)));
    }

    /** A flat "nest" at one element: every view is read at {@code index}, a local the caller assigns. */
    static LoopNest at(Lowering lowering, Shape shape, Local index) {
        return new LoopNest(lowering, shape, index);
    }

    private LoopNest(Lowering lowering, Shape shape, Local flatIndex) {
        this.lowering = lowering;
        this.shape = shape;
        this.flatIndex = flatIndex;
        this.index = null;
    }

    /**
     * Restricts the nest to positions {@code from <= i < to} of {@code axis}; every axis before it has
     * size one, so the restricted nest is one contiguous run of the row-major order.
     */
    LoopNest restrict(int axis, int from, int to) {
        this.axis = axis;
        this.from = from;
        this.to = to;
        return this;
    }

    /**
     * The index of the current element in the row-major order, for a shape with at most one axis
     * of size above one (then it is the one loop's variable).
     */
    Local position() {
        if (index == null) return flatIndex;
        Local only = null;
        for (Local k : index) {
            if (k == null) continue;
            if (only != null) throw new IllegalStateException("no single position in a nest over " + shape);
            only = k;
        }
        return only;
    }

    /** Where the current element of {@code v} (a view of the nest's shape) sits in its array. */
    Expr offset(Value.Strided v) {
        if (index == null) {
            if (flatIndex == null) return new IntConst(v.base);
            Expr k = new Read(flatIndex);
            return v.base == 0 ? k : new Binary(BinaryOp.ADD, new IntConst(v.base), k);
        }
        return offset(v.base, v.strides, index);
    }

    /** {@code base + Σ index[a]·strides[a]} over the axes that have an index and a non-zero stride. */
    static Expr offset(int base, int[] strides, Local[] index) {
        Expr e = base == 0 ? null : new IntConst(base);
        for (int a = 0; a < index.length; a++) {
            if (index[a] == null || strides[a] == 0) continue;
            Expr term = strides[a] == 1 ? new Read(index[a]) : new Binary(BinaryOp.MUL, new Read(index[a]), new IntConst(strides[a]));
            e = e == null ? term : new Binary(BinaryOp.ADD, e, term);
        }
        return e == null ? new IntConst(0) : e;
    }

    /** The current element of {@code v}, a value of the nest's shape. */
    Expr read(Value v) {
        if (v instanceof Value.Uniform u) return lowering.scalar(u);
        Value.Strided s = (Value.Strided) v;
        return new Load(s.array, offset(s));
    }

    /** {@code body} inside the loops (no loop at all for a single element). */
    List<Stmt> wrap(List<Stmt> body) {
        if (index == null) {
            if (flatIndex == null) return body;
            int lo = 0, hi = shape.numel();
            if (axis >= 0) {
                int inner = 1;
                for (int a = axis + 1; a < shape.rank(); a++) inner *= shape.dim(a);
                lo = from * inner;
                hi = to * inner;
            }
            return List.of(new Stmt.Loop(flatIndex, new IntConst(lo), new IntConst(hi), body));
        }
        List<Stmt> inner = body;
        for (int a = index.length - 1; a >= 0; a--) {
            if (index[a] == null) continue;
            int lo = a == axis ? from : 0, hi = a == axis ? to : shape.dim(a);
            inner = List.of(new Stmt.Loop(index[a], new IntConst(lo), new IntConst(hi), inner));
        }
        return inner;
    }

    /** Nested loops, outermost first, over the axes that have an index. */
    static List<Stmt> loops(List<Stmt> body, int[] dims, Local[] index) {
        List<Stmt> inner = body;
        for (int a = index.length - 1; a >= 0; a--) {
            if (index[a] == null) continue;
            inner = List.of(new Stmt.Loop(index[a], new IntConst(0), new IntConst(dims[a]), inner));
        }
        return inner;
    }
}
