package dev.fluxion.compiler.codegen;

import dev.fluxion.compiler.codegen.model.Expr;
import dev.fluxion.compiler.codegen.model.Expr.Binary;
import dev.fluxion.compiler.codegen.model.Expr.BinaryOp;
import dev.fluxion.compiler.codegen.model.Expr.Comparison;
import dev.fluxion.compiler.codegen.model.Expr.Conditional;
import dev.fluxion.compiler.codegen.model.Expr.IntConst;
import dev.fluxion.compiler.codegen.model.Expr.Load;
import dev.fluxion.compiler.codegen.model.Expr.Read;
import dev.fluxion.compiler.codegen.model.Local;
import dev.fluxion.compiler.codegen.model.Stmt;
import dev.fluxion.compiler.codegen.model.VExpr;
import dev.fluxion.compiler.codegen.model.ValueKind;
import dev.fluxion.compiler.ir.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.fluxion.compiler.codegen.ElementwiseLowering.d;

/**
 * Register-blocked matrix products: {@code C[i, j] = Σ_p A[i, p]·B[p, j]} over strided views (either
 * operand may be a transposed view, a slice, a broadcast or one repeated value), a block of
 * {@code mr × nr} elements of C held in locals while p runs. Each loaded A element serves {@code nr}
 * products and each B element {@code mr}, and the inner loop neither loads nor stores C, so it is
 * bound by the multiplies and adds rather than by memory traffic. The loop order that streams C
 * instead ({@code C[i, :] += A[i, p]·B[p, :]}) would need the JIT's auto-vectoriser, which gives up
 * when the operands share the {@code work} array with C (it cannot prove the loads independent of
 * the stores): measured on rows of 256, such a loop ran at 1.4–1.9 G multiply-adds per second in
 * one array against 3.4–5.3 in separate ones (at 20 to 64 columns, 1.1–2.9), and the blocks here
 * reach 2.3–3.3 whatever the arrays.
 *
 * <p>When p is long, it runs in chunks of {@code kc}, the chunk loop outside the block loops: the
 * rows of A and B a chunk reads stay in the level-1/2 cache while every block of C reuses them.
 * A block then starts from the sum stored by the previous chunk, so every element still adds its
 * products one by one in ascending p from 0 — the interpreter's order, hence its result bit for bit.
 */
final class MatmulTiles {
    /** The shape of a blocked kernel: rows and columns of a block of C, and the chunk of p (0: none). */
    record Plan(int mr, int nr, int kc) {}

    /**
     * Emits {@code C = A·B} for the loop axes {@code (batch…, i, p, j)} of {@code dims}, with the
     * operands' and the output's strides along them.
     */
    static void emit(Lowering l, Value.Strided out, DType dtype, int[] dims, Local[] idx, int batchRank,
                     Value a, int[] sa, Value b, int[] sb, int[] sc, Plan plan) {
        // Build once to measure, then reserve and build again: the statements read scalar operands
        // through the current method, which the reservation may change.
        int size = 0;
        for (Stmt s : new MatmulTiles(l, out, dtype, dims, idx, batchRank, a, sa, b, sb, sc, plan).statements()) {
            size += MethodSplitter.Sizes.of(s);
        }
        List<Stmt> vector = new MatmulTiles(l, out, dtype, dims, idx, batchRank, a, sa, b, sb, sc, plan).vectorStatements();
        int vectorSize = vector == null ? 0 : MethodSplitter.Sizes.of(vector);
        if (vectorSize > VECTOR_FORM_LIMIT) vector = null;
        l.code.reserve(Math.max(size, vector == null ? 0 : vectorSize));
        List<Stmt> scalar = new MatmulTiles(l, out, dtype, dims, idx, batchRank, a, sa, b, sb, sc, plan).statements();
        if (vector == null) l.code.addAll(scalar);
        else l.code.add(new Stmt.Simd(scalar, new MatmulTiles(l, out, dtype, dims, idx, batchRank, a, sa, b, sb, sc, plan).vectorStatements()));
        if (chunked(plan, dims, idx, batchRank + 1)) TensorKernels.roundInPlace(l, out, dtype); // chunks store unrounded sums
    }

    private final Lowering l;
    private final Value.Strided out;
    private final DType dtype;
    private final int[] dims;
    private final Local[] idx;
    private final int batchRank, i, p, j;
    private final Value a, b;
    private final int[] sa, sb, sc;
    private final Plan plan;
    /** The chunk loop's index (null without chunks) and the current chunk's bounds on p. */
    private Local chunk, pFrom, pTo;

    private MatmulTiles(Lowering l, Value.Strided out, DType dtype, int[] dims, Local[] idx, int batchRank,
                        Value a, int[] sa, Value b, int[] sb, int[] sc, Plan plan) {
        this.l = l;
        this.out = out;
        this.dtype = dtype;
        this.dims = dims;
        this.idx = idx;
        this.batchRank = batchRank;
        this.i = batchRank;
        this.p = batchRank + 1;
        this.j = batchRank + 2;
        this.a = a;
        this.sa = sa;
        this.b = b;
        this.sb = sb;
        this.sc = sc;
        this.plan = plan;
    }

    /** Estimated bytes beyond which a product keeps its scalar form only (a method must stay under 8,000). */
    static final int VECTOR_FORM_LIMIT = 6000;
    /** Rows and vectors (of four columns) of a block of C in the vector form: eight vector sums, 11 of the 16 AVX2 registers with the operands. */
    static final int VECTOR_ROWS = 4, VECTORS = 2;

        private static boolean chunked(Plan plan, int[] dims, Local[] idx, int p) {
        return plan.kc() > 0 && idx[p] != null && dims[p] > plan.kc();
    }

    private List<Stmt> statements() {
        // Rows outermost: a block's rows of A stay in cache while the column blocks pass (measured
        // with columns outermost instead: no faster for any shape tried).
        return nest(() -> tiles(i, plan.mr(), row -> tiles(j, plan.nr(), col -> block(row, col))), false);
    }

    /**
     * The blocks {@code blocks} builds, inside the loop over chunks of p (when p is chunked) and the
     * batch loops. The chunk's locals exist before the blocks are built, since blocks read them.
     * With {@code zeroFirst}, C is zeroed before the first chunk, so blocks may resume from it always.
     */
    private List<Stmt> nest(Supplier<List<Stmt>> blocks, boolean zeroFirst) {
        int inner = dims[p];
        boolean chunked = chunked(plan, dims, idx, p);
        if (chunked) {
            chunk = l.fresh("i", ValueKind.INT);
            pFrom = l.fresh("k", ValueKind.INT);
            pTo = l.fresh("k", ValueKind.INT);
        }
        List<Stmt> body = blocks.get();
        if (chunked) {
            int chunks = (inner + plan.kc() - 1) / plan.kc();
            List<Stmt> perChunk = new ArrayList<>();
            perChunk.add(new Stmt.Assign(pFrom, new Binary(BinaryOp.MUL, new Read(chunk), new IntConst(plan.kc()))));
            perChunk.add(new Stmt.Assign(pTo, new Conditional(Comparison.EQ, new Read(chunk), new IntConst(chunks - 1),
                    new IntConst(inner), new Binary(BinaryOp.ADD, new Read(pFrom), new IntConst(plan.kc())))));
            perChunk.addAll(body);
            body = new ArrayList<>();
            if (zeroFirst) {
                body.addAll(loop(idx[i], 0, dims[i], loop(idx[j], 0, dims[j], List.of(new Stmt.Store(out.array, cAt(idx[i], idx[j]), d(0))))));
            }
            body.add(new Stmt.Loop(chunk, new IntConst(0), new IntConst(chunks), perChunk));
        }
        for (int t = batchRank - 1; t >= 0; t--) body = loop(idx[t], 0, dims[t], body);
        return body;
    }

    /**
     * The vector form of {@link #statements()}, or null when C or B is not contiguous along j (or the
     * product rounds to f32 as it stores): blocks of {@value #VECTOR_ROWS} rows × {@value #VECTORS}
     * vectors of four columns, each vector of sums adding {@code A[i, p]} (in every lane) times
     * {@code B[p, j…j+3]} in ascending p, so each element sums as in the scalar form; leftover
     * columns by one vector, then one by one as scalar blocks. With chunks of p, C is zeroed first
     * and every chunk resumes from it, instead of the scalar form's test of the first chunk.
     */
    private List<Stmt> vectorStatements() {
        if (dtype != DType.F64 || sc[j] != 1 || dims[j] < VExpr.LANES || idx[j] == null) return null;
        if (MatmulKernel.lanes(l, b, sb, idx, j) == null) return null;
        return nest(() -> tiles(i, VECTOR_ROWS, this::vectorColumns), true);
    }

    /** The columns of the rows {@code at}: blocks of {@value #VECTORS} vectors, then one vector, then single columns. */
    private List<Stmt> vectorColumns(Local[] at) {
        List<Stmt> body = new ArrayList<>();
        int n = dims[j], width = VECTORS * VExpr.LANES, groups = n / width;
        if (groups > 0) {
            Local g = l.fresh("i", ValueKind.INT);
            Local[] starts = new Local[VECTORS];
            List<Stmt> perGroup = new ArrayList<>();
            for (int v = 0; v < VECTORS; v++) {
                starts[v] = l.fresh("k", ValueKind.INT);
                perGroup.add(LoopNest.lanePosition(starts[v], g, width, v * VExpr.LANES));
            }
            perGroup.addAll(vectorBlock(at, starts));
            body.add(new Stmt.Loop(g, new IntConst(0), new IntConst(groups), perGroup));
        }
        int from = groups * width;
        for (; n - from >= VExpr.LANES; from += VExpr.LANES) {
            Local start = l.fresh("k", ValueKind.INT);
            body.add(new Stmt.Assign(start, new IntConst(from)));
            body.addAll(vectorBlock(at, new Local[] {start}));
        }
        if (from < n) body.addAll(loop(idx[j], from, n, block(at, new Local[] {idx[j]})));
        return body;
    }

    /** One block of C in vector sums: rows {@code at} × the four columns from each of {@code starts}. */
    private List<Stmt> vectorBlock(Local[] at, Local[] starts) {
        int mr = at.length, nv = starts.length;
        Local[][] sum = new Local[mr][nv];
        Local[] aAt = new Local[mr], bAt = new Local[nv];
        List<Stmt> body = new ArrayList<>(), step = new ArrayList<>();
        for (int r = 0; r < mr; r++) {
            aAt[r] = l.fresh("a", ValueKind.VECTOR);
            step.add(new Stmt.VAssign(aAt[r], new VExpr.Broadcast(element(a, sa, at[r], starts[0]))));
        }
        for (int v = 0; v < nv; v++) {
            bAt[v] = l.fresh("b", ValueKind.VECTOR);
            Local[] pos = idx.clone();
            pos[i] = at[0];
            pos[j] = starts[v];
            step.add(new Stmt.VAssign(bAt[v], MatmulKernel.lanes(l, b, sb, pos, j)));
        }
        for (int r = 0; r < mr; r++) {
            for (int v = 0; v < nv; v++) {
                sum[r][v] = l.fresh("acc", ValueKind.VECTOR);
                body.add(new Stmt.VAssign(sum[r][v], chunk == null ? new VExpr.Zero() : new VExpr.Load(out.array, cAt(at[r], starts[v]))));
                step.add(new Stmt.VAssign(sum[r][v], new VExpr.Binary(BinaryOp.ADD, new VExpr.Read(sum[r][v]),
                        new VExpr.Binary(BinaryOp.MUL, new VExpr.Read(aAt[r]), new VExpr.Read(bAt[v])))));
            }
        }
        if (idx[p] == null) body.addAll(step);
        else if (chunk == null) body.add(new Stmt.Loop(idx[p], new IntConst(0), new IntConst(dims[p]), step));
        else body.add(new Stmt.Loop(idx[p], new Read(pFrom), new Read(pTo), step));
        for (int r = 0; r < mr; r++) {
            for (int v = 0; v < nv; v++) body.add(new Stmt.VStore(out.array, cAt(at[r], starts[v]), new VExpr.Read(sum[r][v])));
        }
        return body;
    }

    /**
     * Loops over axis {@code axis} (i or j) in groups of {@code size} positions, each group's positions
     * in locals handed to {@code inner}; the leftover positions go in groups of half the size (a
     * block of 8 columns leaves at most one block of 4, then of 2), and the last ones one by one
     * with the axis's own index (null when the axis has size one).
     */
    private List<Stmt> tiles(int axis, int size, Function<Local[], List<Stmt>> inner) {
        List<Stmt> body = new ArrayList<>();
        int n = dims[axis], from = 0;
        for (int group = size; group > 1; group /= 2) {
            int count = (n - from) / group;
            if (count == 0) continue;
            Local g = l.fresh("i", ValueKind.INT);
            Local[] at = new Local[group];
            List<Stmt> perGroup = new ArrayList<>();
            for (int r = 0; r < group; r++) {
                at[r] = l.fresh("k", ValueKind.INT);
                perGroup.add(from == 0 ? LoopNest.lanePosition(at[r], g, group, r)
                        : new Stmt.Assign(at[r], new Binary(BinaryOp.ADD, new Binary(BinaryOp.MUL, new Read(g), new IntConst(group)), new IntConst(from + r))));
            }
            perGroup.addAll(inner.apply(at));
            body.add(new Stmt.Loop(g, new IntConst(0), new IntConst(count), perGroup));
            from += count * group;
        }
        if (from < n) body.addAll(loop(idx[axis], from, n, inner.apply(new Local[] {idx[axis]})));
        return body;
    }

    /** One block of C: rows {@code at} × columns {@code col}, summed over p (or over this chunk of p). */
    private List<Stmt> block(Local[] at, Local[] col) {
        int mr = at.length, nr = col.length;
        Local[][] sum = new Local[mr][nr];
        List<Stmt> body = new ArrayList<>();
        List<Stmt> step = new ArrayList<>();
        Local[] aAt = new Local[mr], bAt = new Local[nr];
        for (int r = 0; r < mr; r++) {
            aAt[r] = l.fresh("acc", ValueKind.DOUBLE);
            step.add(new Stmt.Assign(aAt[r], element(a, sa, at[r], col[0])));
        }
        for (int c = 0; c < nr; c++) {
            bAt[c] = l.fresh("acc", ValueKind.DOUBLE);
            step.add(new Stmt.Assign(bAt[c], element(b, sb, at[0], col[c])));
        }
        for (int r = 0; r < mr; r++) {
            for (int c = 0; c < nr; c++) {
                sum[r][c] = l.fresh("acc", ValueKind.DOUBLE);
                Expr start = chunk == null ? d(0)
                        : new Conditional(Comparison.EQ, new Read(chunk), new IntConst(0), d(0), new Load(out.array, cAt(at[r], col[c])));
                body.add(new Stmt.Assign(sum[r][c], start));
                step.add(new Stmt.Assign(sum[r][c], new Binary(BinaryOp.ADD, new Read(sum[r][c]),
                        new Binary(BinaryOp.MUL, new Read(aAt[r]), new Read(bAt[c])))));
            }
        }
        if (idx[p] == null) {
            body.addAll(step);
        } else if (chunk == null) {
            body.add(new Stmt.Loop(idx[p], new IntConst(0), new IntConst(dims[p]), step));
        } else {
            body.add(new Stmt.Loop(idx[p], new Read(pFrom), new Read(pTo), step));
        }
        for (int r = 0; r < mr; r++) {
            for (int c = 0; c < nr; c++) {
                Expr v = chunk == null ? ElementwiseLowering.round(dtype, new Read(sum[r][c])) : new Read(sum[r][c]);
                body.add(new Stmt.Store(out.array, cAt(at[r], col[c]), v));
            }
        }
        return body;
    }

    /** Where C[row, col] sits (at the current batch position). */
    private Expr cAt(Local row, Local col) {
        Local[] at = idx.clone();
        at[i] = row;
        at[j] = col;
        return LoopNest.offset(out.base, sc, at);
    }

    /** The operand's element at row {@code row}, column {@code col} and the current p. */
    private Expr element(Value v, int[] strides, Local row, Local col) {
        if (!(v instanceof Value.Strided s)) return l.scalar(v);
        Local[] at = idx.clone();
        at[i] = row;
        at[j] = col;
        return new Load(s.array, LoopNest.offset(s.base, strides, at));
    }

    /** {@code for (index = from; index < to; index++) body}, or the body alone for an axis of size one. */
    private static List<Stmt> loop(Local index, int from, int to, List<Stmt> body) {
        if (index == null) return body;
        return List.of(new Stmt.Loop(index, new IntConst(from), new IntConst(to), body));
    }
}
