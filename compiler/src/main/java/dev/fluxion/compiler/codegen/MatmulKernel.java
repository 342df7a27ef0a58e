package dev.fluxion.compiler.codegen;

import dev.fluxion.compiler.codegen.model.Expr;
import dev.fluxion.compiler.codegen.model.Expr.Binary;
import dev.fluxion.compiler.codegen.model.Expr.BinaryOp;
import dev.fluxion.compiler.codegen.model.Expr.Load;
import dev.fluxion.compiler.codegen.model.Expr.Read;
import dev.fluxion.compiler.codegen.model.Local;
import dev.fluxion.compiler.codegen.model.Stmt;
import dev.fluxion.compiler.codegen.model.VExpr;
import dev.fluxion.compiler.codegen.model.ValueKind;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.List;

import static dev.fluxion.compiler.codegen.ElementwiseLowering.d;

/**
 * NumPy matmul as a loop nest over strided operands (transposes are views, never copies). Every
 * output element sums its products in ascending {@code p} from 0, as the interpreter does, so the
 * loop order is free to follow memory:
 * <ul>
 *   <li>matrix × vector with rows of A contiguous: a dot product per row, in a register;
 *   <li>matrix × vector with A stored transposed (the gradient's {@code Xᵀ g}): for each p, add
 *       {@code A[:, p]·b[p]} to the whole output, which streams A once in memory order;
 *   <li>otherwise a register-blocked kernel ({@link MatmulTiles}): a small block of C in locals
 *       while p runs, p in chunks that stay in cache. It serves either operand as a transposed
 *       view: only the strides of the loads change, and the block shape is chosen per shape
 *       ({@link #plan}).
 * </ul>
 */
final class MatmulKernel {
    private MatmulKernel() {}

    static void lower(Lowering l, Node n) {
        Node an = n.input(0), bn = n.input(1);
        Value a = l.value(an), b = l.value(bn);
        Shape as = an.shape(), bs = bn.shape(), os = n.shape();
        boolean aVector = as.rank() == 1, bVector = bs.rank() == 1;
        int rows = aVector ? 1 : as.dim(as.rank() - 2), inner = as.dim(as.rank() - 1), cols = bVector ? 1 : bs.dim(bs.rank() - 1);
        int batchRank = os.rank() - (aVector ? 0 : 1) - (bVector ? 0 : 1);
        int[] dims = new int[batchRank + 3]; // batch…, i, p, j
        for (int t = 0; t < batchRank; t++) dims[t] = os.dim(t);
        dims[batchRank] = rows;
        dims[batchRank + 1] = inner;
        dims[batchRank + 2] = cols;
        Local[] idx = LoopNest.indices(l, dims); // not a Shape: (batch…, i, p, j) may exceed a tensor's 2^31 elements
        int i = batchRank, p = batchRank + 1, j = batchRank + 2;

        // strides of each operand along (batch…, i, p, j); 0 where it does not vary
        int[] sa = operandStrides(a, as, aVector ? 1 : 2, batchRank);
        if (!aVector) sa[i] = stride(a, as.rank() - 2);
        sa[p] = stride(a, as.rank() - 1);
        int[] sb = operandStrides(b, bs, bVector ? 1 : 2, batchRank);
        sb[p] = stride(b, bVector ? 0 : bs.rank() - 2);
        if (!bVector) sb[j] = stride(b, bs.rank() - 1);

        l.code.reserve(260 + 30 * batchRank);
        boolean aColumnMajor = a instanceof Value.Strided && sa[p] != 1 && sa[i] == 1 && rows > 1;
        if (cols == 1 && !aColumnMajor) {
            dotPerRow(l, n, idx, i, p, dims, dotBody(l, idx, p, inner, a, sa, b, sb));
            return;
        }
        Value.Strided out = l.allocate(n);
        int[] sc = new int[dims.length];
        int[] outStrides = out.strides;
        for (int t = 0; t < batchRank; t++) sc[t] = outStrides[t];
        if (!aVector) sc[i] = outStrides[batchRank];
        if (!bVector) sc[j] = outStrides[outStrides.length - 1];
        if (cols == 1) {
            columnSweep(l, n, out, dims, idx, batchRank, a, sa, b, sb, sc);
            return;
        }
        MatmulTiles.emit(l, out, n.dtype(), dims, idx, batchRank, a, sa, b, sb, sc, plan(inner, cols, sa, p));
        l.setValue(n, out);
    }

    /**
     * The register block of a matrix product (see {@link MatmulTiles}); measured on this project's
     * JMH machine (thread CPU time, each variant compiled and timed round-robin in one JVM):
     * <ul>
     *   <li>2 rows × 4 columns by default: eight sums, two A and four B loads per step. Against the
     *       old single row of four columns it runs the GMM gradient's {@code xᵀ·∂y} (100 × (d×1000 ·
     *       1000×d)) 1.5× faster at d = 20 and 64 without chunks, and n×n products 1.1–1.3× faster
     *       (n = 64, 256); 4×4 and 2×8 (sixteen sums: more than the sixteen vector registers hold
     *       with the operands) were within the noise of it, 3×4 and 2×2 slower;
     *   <li>1 row × 8 columns when A is read along contiguous p, p is short (≤ 64) and the columns
     *       come in eights: 10–15 % faster than 2×4 for the GMM forward product {@code x·Qᵀ} at d = 32
     *       and 64 and for n×n at n = 64; no gain at n = 128 or with long p, and slower where A is a
     *       transposed view or leftover columns would run one row at a time (d = 20);
     *   <li>p in chunks of {@link #CHUNK}: {@code xᵀ·∂y} at d = 64 runs 1.5× faster than in one run
     *       of p (its operands are 512 KB each), at d = 20 1.1×, n×n at 512 1.35×; chunks of 32 to 128
     *       were within the noise of each other.
     * </ul>
     */
    private static MatmulTiles.Plan plan(int inner, int cols, int[] sa, int p) {
        boolean wide = inner <= 64 && cols % 8 == 0 && sa[p] == 1;
        return wide ? new MatmulTiles.Plan(1, 8, CHUNK) : new MatmulTiles.Plan(2, 4, CHUNK);
    }

    /** Terms of p per chunk of a blocked product. */
    static final int CHUNK = 64;

    /**
     * Matrix × vector with A stored transposed (the gradient's {@code Xᵀ g}): for each p, add
     * {@code A[:, p]·b[p]} to the whole output, which is contiguous. b[p] goes to a local before the
     * inner loop: read inside it, the JIT reloads it on every iteration (it may alias the stores)
     * and the loop does not vectorise. Measured ({@code Xᵀ g}, X of 4n×n): 1.1× faster than reading
     * b[p] in the loop at n = 1000, 1.3× at n = 256. A register block of eight rows of C (eight sums
     * over p in chunks) was 1.2–1.7× faster up to n = 256 but 1.9× slower at n = 1000, where its
     * column strips of A fall out of cache, so the sweep stays.
     */
    private static void columnSweep(Lowering l, Node n, Value.Strided out, int[] dims, Local[] idx, int batchRank,
                                    Value a, int[] sa, Value b, int[] sb, int[] sc) {
        int i = batchRank, p = batchRank + 1;
        TensorKernels.zero(l, out);
        l.code.reserve(260 + 30 * batchRank);
        Expr cAt = LoopNest.offset(out.base, sc, idx);
        Local bp = l.fresh("acc", ValueKind.DOUBLE);
        Expr update = new Binary(BinaryOp.ADD, new Load(out.array, cAt), new Binary(BinaryOp.MUL, element(l, a, sa, idx), new Read(bp)));
        List<Stmt> perP = new ArrayList<>();
        perP.add(new Stmt.Assign(bp, element(l, b, sb, idx)));
        perP.addAll(loop(List.of(new Stmt.Store(out.array, cAt, update)), dims, idx, i));
        l.code.addAll(nest(perP, dims, idx, batchRank, new int[] {p}));
        TensorKernels.roundInPlace(l, out, n.dtype());
        l.setValue(n, out);
    }

    /**
     * Statements leaving {@code Σ_p a[p]·b[p]} in the returned body's last local ({@link DotBody#sum}).
     * Short sums run in order from 0, as the interpreter's; from {@link #LANES_FROM} terms on, four
     * partial sums over p ≡ 0, 1, 2, 3 (mod 4) break the chain of dependent additions (four times the
     * throughput) and are added pairwise at the end, which changes only the rounding, as BLAS does.
     */
    static DotBody dotBody(Lowering l, Local[] idx, int p, int inner, Value a, int[] sa, Value b, int[] sb) {
        Local acc = l.fresh("acc", ValueKind.DOUBLE);
        List<Stmt> body = new ArrayList<>();
        if (inner < LANES_FROM || idx[p] == null) {
            body.add(new Stmt.Assign(acc, d(0)));
            Expr prod = new Binary(BinaryOp.MUL, element(l, a, sa, idx), element(l, b, sb, idx));
            if (idx[p] == null) {
                body.add(new Stmt.Assign(acc, new Binary(BinaryOp.ADD, new Read(acc), prod)));
            } else {
                body.add(new Stmt.Loop(idx[p], new Expr.IntConst(0), new Expr.IntConst(inner), List.of(new Stmt.Assign(acc, new Binary(BinaryOp.ADD, new Read(acc), prod)))));
            }
            return new DotBody(body, acc);
        }
        Local[] lane = new Local[4], at = new Local[4];
        Local q = l.fresh("i", ValueKind.INT);
        List<Stmt> scalar = new ArrayList<>(), step = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            lane[r] = l.fresh("acc", ValueKind.DOUBLE);
            at[r] = l.fresh("k", ValueKind.INT);
            scalar.add(new Stmt.Assign(lane[r], d(0)));
            step.add(LoopNest.lanePosition(at[r], q, 4, r));
            Local[] shifted = idx.clone();
            shifted[p] = at[r];
            Expr prod = new Binary(BinaryOp.MUL, element(l, a, sa, shifted), element(l, b, sb, shifted));
            step.add(new Stmt.Assign(lane[r], new Binary(BinaryOp.ADD, new Read(lane[r]), prod)));
        }
        scalar.add(new Stmt.Loop(q, new Expr.IntConst(0), new Expr.IntConst(inner / 4), step));
        List<Stmt> vector = lanesAsVector(l, idx, p, inner, a, sa, b, sb, q, lane);
        if (vector == null) body.addAll(scalar);
        else body.add(new Stmt.Simd(scalar, vector));
        Expr tailProd = new Binary(BinaryOp.MUL, element(l, a, sa, idx), element(l, b, sb, idx));
        if (inner % 4 != 0) {
            body.add(new Stmt.Loop(idx[p], new Expr.IntConst(inner / 4 * 4), new Expr.IntConst(inner),
                    List.of(new Stmt.Assign(lane[0], new Binary(BinaryOp.ADD, new Read(lane[0]), tailProd)))));
        }
        body.add(new Stmt.Assign(acc, new Binary(BinaryOp.ADD,
                new Binary(BinaryOp.ADD, new Read(lane[0]), new Read(lane[1])),
                new Binary(BinaryOp.ADD, new Read(lane[2]), new Read(lane[3])))));
        return new DotBody(body, acc);
    }

    /**
     * The vector form of a dot product's four partial sums: one vector whose lane r sums the terms
     * p ≡ r (mod 4), as the scalar partial sum r does, then copied into the scalar partial sums.
     * Null unless each operand is contiguous along p or does not vary with it.
     */
    private static List<Stmt> lanesAsVector(Lowering l, Local[] idx, int p, int inner, Value a, int[] sa, Value b, int[] sb,
                                            Local q, Local[] lane) {
        Local first = l.fresh("k", ValueKind.INT);
        Local[] shifted = idx.clone();
        shifted[p] = first;
        VExpr va = lanes(l, a, sa, shifted, p), vb = lanes(l, b, sb, shifted, p);
        if (va == null || vb == null) return null;
        Local sums = l.fresh("acc", ValueKind.VECTOR);
        List<Stmt> vector = new ArrayList<>();
        vector.add(new Stmt.VAssign(sums, new VExpr.Zero()));
        vector.add(new Stmt.Loop(q, new Expr.IntConst(0), new Expr.IntConst(inner / 4), List.of(
                LoopNest.lanePosition(first, q, 4, 0),
                new Stmt.VAssign(sums, new VExpr.Binary(BinaryOp.ADD, new VExpr.Read(sums), new VExpr.Binary(BinaryOp.MUL, va, vb))))));
        for (int r = 0; r < 4; r++) vector.add(new Stmt.Assign(lane[r], new Expr.Lane(sums, r)));
        return vector;
    }

    /** Four consecutive elements along axis {@code p} from {@code idx} on, or null when they are not contiguous. */
    static VExpr lanes(Lowering l, Value v, int[] strides, Local[] idx, int p) {
        if (!(v instanceof Value.Strided s)) return new VExpr.Broadcast(l.scalar(v));
        if (strides[p] == 0) return new VExpr.Broadcast(element(l, v, strides, idx));
        return strides[p] == 1 ? new VExpr.Load(s.array, LoopNest.offset(s.base, strides, idx)) : null;
    }

    /** Terms from which a dot product uses four partial sums. */
    static final int LANES_FROM = 16;

    /** A dot product's statements and the local holding the sum. */
    record DotBody(List<Stmt> body, Local sum) {}

    /** {@code C[.., i] = Σ_p A[.., i, p]·b[.., p]} with the sum in a local. */
    private static void dotPerRow(Lowering l, Node n, Local[] idx, int i, int p, int[] dims, DotBody dot) {
        Local acc = dot.sum();
        List<Stmt> body = new ArrayList<>(dot.body());
        Expr result = ElementwiseLowering.round(n.dtype(), new Read(acc));
        if (n.type().numel() == 1) {
            l.code.addAll(body);
            l.defineScalar(n, result);
            return;
        }
        Value.Strided out = l.allocate(n);
        // the output is contiguous over (batch…, i): its strides are the row-major strides of those axes
        int[] sc = new int[dims.length];
        int stride = 1;
        for (int t = i; t >= 0; t--) {
            sc[t] = stride;
            stride *= dims[t];
        }
        body.add(new Stmt.Store(out.array, LoopNest.offset(out.base, sc, idx), result));
        l.code.addAll(nest(body, dims, idx, i, new int[] {i}));
        l.setValue(n, out);
    }

    /** Loops over the batch axes (outermost) then the given axes in order, around {@code body}. */
    private static List<Stmt> nest(List<Stmt> body, int[] dims, Local[] idx, int batchRank, int[] order) {
        List<Stmt> inner = body;
        for (int t = order.length - 1; t >= 0; t--) inner = loop(inner, dims, idx, order[t]);
        for (int t = batchRank - 1; t >= 0; t--) inner = loop(inner, dims, idx, t);
        return inner;
    }

    private static List<Stmt> loop(List<Stmt> body, int[] dims, Local[] idx, int axis) {
        if (idx[axis] == null) return body;
        return List.of(new Stmt.Loop(idx[axis], new Expr.IntConst(0), new Expr.IntConst(dims[axis]), body));
    }

    private static Expr element(Lowering l, Value v, int[] strides, Local[] idx) {
        if (v instanceof Value.Strided s) return new Load(s.array, LoopNest.offset(s.base, strides, idx));
        return l.scalar(v);
    }

    /** The operand's strides on the output's batch axes (NumPy broadcasting: aligned right, 0 on size-1 axes). */
    private static int[] operandStrides(Value v, Shape s, int matrixRank, int batchRank) {
        int[] st = new int[batchRank + 3];
        int own = s.rank() - matrixRank;
        for (int t = 0; t < own; t++) {
            if (s.dim(t) != 1) st[batchRank - own + t] = stride(v, t);
        }
        return st;
    }

    /** A view's stride along an axis; 0 for a uniform value, which does not vary. */
    static int stride(Value v, int axis) {
        return v instanceof Value.Strided s ? s.strides[axis] : 0;
    }
}
