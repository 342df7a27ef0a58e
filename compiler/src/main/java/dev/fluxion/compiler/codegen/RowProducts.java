package dev.fluxion.compiler.codegen;

import dev.fluxion.compiler.codegen.model.Expr;
import dev.fluxion.compiler.codegen.model.Expr.Binary;
import dev.fluxion.compiler.codegen.model.Expr.BinaryOp;
import dev.fluxion.compiler.codegen.model.Expr.IntConst;
import dev.fluxion.compiler.codegen.model.Expr.Load;
import dev.fluxion.compiler.codegen.model.Local;
import dev.fluxion.compiler.codegen.model.Stmt;
import dev.fluxion.compiler.codegen.model.VExpr;
import dev.fluxion.compiler.codegen.model.ValueKind;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Matrix–vector products that a fused loop over the rows of a matrix computes as it goes, so that
 * the matrix is read once per loop instead of once per product. The gradient of a linear model is
 * the typical case: {@code z = X @ w}, elementwise work on {@code z} giving {@code r}, then
 * {@code Xᵀ @ r}. Fused, row {@code i} of X is read for the dot product {@code z_i} and, while it
 * is still in the L1 cache, again for {@code g += r_i · X[i, :]}: one pass over X, which a library
 * of separate kernels cannot do.
 * <ul>
 *   <li>a <em>row dot</em> {@code A @ b} (A: [n, d] with contiguous rows, b: [d]) is a member of the
 *       loop over its n outputs: element i is the dot product of row i with b;
 *   <li>a <em>row sum</em> {@code Aᵀ @ r} or {@code r @ A} (A: [n, d] viewed either way, r: a member
 *       of a loop over n elements, or a unit-axis reshape of one) accumulates {@code r_i · A[i, :]}
 *       into its d outputs as the loop computes {@code r_i}.
 * </ul>
 * Both keep the interpreter's order of summation (a row sum adds its terms in ascending i from 0,
 * a row dot sums like {@link MatmulKernel#dotBody}), so results are those of the unfused kernels.
 */
final class RowProducts {
    private RowProducts() {}

    /** Estimated bytecode of a row dot's statements, and of a row sum's, per copy of the loop body. */
    static final int DOT_COST = 220, SUM_COST = 90;

    /** Whether {@code m} is a matmul a loop over its output can compute element by element. */
    static boolean isRowDot(Lowering l, Node m) {
        if (m.op() != Op.MATMUL || m.shape().rank() != 1 || m.type().numel() < 2) return false;
        Node a = m.input(0), b = m.input(1);
        if (a.shape().rank() != 2 || b.shape().rank() != 1 || a.shape().dim(1) == 0) return false;
        return rowsContiguous(l, a);
    }

    /** True when A's value is a view whose rows are contiguous (stride one along the columns). */
    private static boolean rowsContiguous(Lowering l, Node a) {
        if (l.isLazyPad(a) || l.fused.isPending(a)) return false;
        return l.value(a) instanceof Value.Strided s && (a.shape().dim(1) == 1 || s.strides[1] == 1);
    }

    /**
     * For a matmul that can be a row sum: which input (0 or 1) is the vector r, else -1. The other
     * input is the matrix A, [d, n] for {@code A @ r} ({@code r}: [n] or [n, 1]) and [n, d] for
     * {@code r @ A} ({@code r}: [n] or [1, n]); the output has d elements.
     */
    static int vectorOperand(Node m) {
        if (m.op() != Op.MATMUL) return -1;
        Shape a = m.input(0).shape(), b = m.input(1).shape();
        if (a.rank() == 2 && (b.rank() == 1 || (b.rank() == 2 && b.dim(1) == 1)) && a.dim(1) == b.dim(0)) return 1;
        if (b.rank() == 2 && (a.rank() == 1 || (a.rank() == 2 && a.dim(0) == 1)) && b.dim(0) == a.dim(a.rank() - 1)) return 0;
        return -1;
    }

    /** The number of rows n a row sum runs over (the length of its vector operand). */
    static int rows(Node m, int vector) {
        return m.input(vector).type().numel();
    }

    /**
     * Statements leaving element {@code row} of the row dot {@code m} in the returned sum's local
     * (not yet rounded to m's dtype).
     */
    static MatmulKernel.DotBody dot(Lowering l, Node m, Local row) {
        Value a = l.value(m.input(0)), b = l.value(m.input(1));
        int inner = m.input(0).shape().dim(1);
        Local[] idx = {row, l.fresh("i", ValueKind.INT)}; // axes (i, p)
        int[] sa = {MatmulKernel.stride(a, 0), MatmulKernel.stride(a, 1)};
        int[] sb = {0, MatmulKernel.stride(b, 0)};
        return MatmulKernel.dotBody(l, idx, 1, inner, a, sa, b, sb);
    }

    /**
     * {@code sum[j] += A[row, j] · r} (in the matmul's operand order) for every j: the row sum's
     * terms for one element r of its vector. {@code sum} is the contiguous output buffer.
     */
    static List<Stmt> accumulate(Lowering l, Node m, int vector, Value.Strided sum, Local row, Expr r) {
        Node matrix = m.input(1 - vector);
        Value.Strided a = (Value.Strided) l.value(matrix);
        // strides of A along (j, i): A is [d, n] when r is the right operand, [n, d] when it is the left
        int sj = vector == 1 ? a.strides[0] : a.strides[1], si = vector == 1 ? a.strides[1] : a.strides[0];
        int d = m.type().numel();
        Local j = l.fresh("i", ValueKind.INT);
        Expr element = new Load(a.array, LoopNest.offset(a.base, new int[] {sj, si}, new Local[] {j, row}));
        Expr product = vector == 1 ? new Binary(BinaryOp.MUL, element, r) : new Binary(BinaryOp.MUL, r, element);
        Expr at = sum.base == 0 ? new Expr.Read(j) : new Binary(BinaryOp.ADD, new IntConst(sum.base), new Expr.Read(j));
        Stmt update = new Stmt.Store(sum.array, at, new Binary(BinaryOp.ADD, new Load(sum.array, at), product));
        Stmt scalar = new Stmt.Loop(j, new IntConst(0), new IntConst(d), List.of(update));
        if (sj != 1 || d < VExpr.LANES) return List.of(scalar);
        // the same update four elements at a time, then the last d mod 4 one by one. r is broadcast
        // inside the loop: JDK 17's C2 allocates a box for a vector that stays live across a loop's
        // back edge (a safepoint), once per row here; computed in the loop, it is hoisted unboxed.
        Local q = l.fresh("i", ValueKind.INT), first = l.fresh("k", ValueKind.INT), rv = l.fresh("r", ValueKind.VECTOR);
        Expr firstAt = sum.base == 0 ? new Expr.Read(first) : new Binary(BinaryOp.ADD, new IntConst(sum.base), new Expr.Read(first));
        VExpr elements = new VExpr.Load(a.array, LoopNest.offset(a.base, new int[] {sj, si}, new Local[] {first, row}));
        VExpr products = vector == 1 ? new VExpr.Binary(BinaryOp.MUL, elements, new VExpr.Read(rv)) : new VExpr.Binary(BinaryOp.MUL, new VExpr.Read(rv), elements);
        List<Stmt> vectorForm = new ArrayList<>();
        vectorForm.add(new Stmt.Loop(q, new IntConst(0), new IntConst(d / VExpr.LANES), List.of(
                new Stmt.VAssign(rv, new VExpr.Broadcast(r)),
                LoopNest.lanePosition(first, q, VExpr.LANES, 0),
                new Stmt.VStore(sum.array, firstAt, new VExpr.Binary(BinaryOp.ADD, new VExpr.Load(sum.array, firstAt), products)))));
        if (d % VExpr.LANES != 0) vectorForm.add(new Stmt.Loop(j, new IntConst(d / VExpr.LANES * VExpr.LANES), new IntConst(d), List.of(update)));
        return List.of(new Stmt.Simd(List.of(scalar), vectorForm));
    }

    /** Whether the matrix operand of a row sum is a view the loop can read now. */
    static boolean matrixReady(Lowering l, Node m, int vector) {
        Node matrix = m.input(1 - vector);
        return !l.isLazyPad(matrix) && !l.fused.isPending(matrix) && l.value(matrix) instanceof Value.Strided;
    }

    /** Whether at most one axis of {@code s} has a size other than one (its row-major order is that axis's). */
    static boolean singleAxis(Shape s) {
        int axes = 0;
        for (int a = 0; a < s.rank(); a++) if (s.dim(a) != 1) axes++;
        return axes <= 1;
    }

    /** Whether two shapes are the same after dropping axes of size one (a reshape between them keeps the element order). */
    static boolean sameNonUnitDims(Shape a, Shape b) {
        List<Integer> x = new ArrayList<>(), y = new ArrayList<>();
        for (int d : a.dims()) if (d != 1) x.add(d);
        for (int d : b.dims()) if (d != 1) y.add(d);
        return x.equals(y);
    }
}
