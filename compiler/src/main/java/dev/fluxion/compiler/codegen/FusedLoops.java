package dev.fluxion.compiler.codegen;

import dev.fluxion.compiler.codegen.model.Expr;
import dev.fluxion.compiler.codegen.model.Expr.Binary;
import dev.fluxion.compiler.codegen.model.Expr.BinaryOp;
import dev.fluxion.compiler.codegen.model.Expr.Read;
import dev.fluxion.compiler.codegen.model.Local;
import dev.fluxion.compiler.codegen.model.MathFunction;
import dev.fluxion.compiler.codegen.model.Stmt;
import dev.fluxion.compiler.codegen.model.ValueKind;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FusedLoop fusion. Elementwise ops over tensors of one shape join an open loop of that shape instead of
 * each writing an array: an op reading another member at the same index reads its local. Full
 * reductions (sum, mean, prod, max, min to one element) of that shape join as accumulators. A loop
 * is emitted ("closed") when something outside it needs one of its values, when it reaches the
 * method budget, or at the end; only members read from outside are stored.
 *
 * <p>Accumulators fold in row-major order from the interpreter's initial value, so fused results are
 * bit-identical to the interpreter's.
 */
final class FusedLoops {
    private final Lowering lowering;
    private final Map<Shape, FusedLoop> open = new LinkedHashMap<>();
    private final Map<Node, FusedLoop> pending = new IdentityHashMap<>();
    /** Regions per loop at most: each region repeats the loop's body. */
    private static final int MAX_REGIONS = 5;


    FusedLoops(Lowering lowering) {
        this.lowering = lowering;
    }

    /** The reductions that fold into an accumulator in one pass. */
    static boolean folds(Op op) {
        return op == Op.SUM || op == Op.MEAN || op == Op.PROD || op == Op.MAX || op == Op.MIN;
    }

    boolean isPending(Node n) {
        return pending.containsKey(n);
    }

    /** Emits every open loop that will produce a value {@code n} reads. */
    void ensureAvailable(Node n) {
        for (Node in : n.inputs()) {
            FusedLoop l = pending.get(in);
            if (l != null) close(l);
        }
    }

    /** Emits the loops whose reductions {@code n} reads: a loop cannot use its own accumulator's final value. */
    void closeReductionsReadBy(Node n) {
        for (Node in : n.inputs()) {
            FusedLoop l = pending.get(in);
            if (l != null && !l.isMember.containsKey(in)) close(l);
        }
    }

    void joinElementwise(Node n) {
        FusedLoop l = loopFor(n, n.inputs(), 24 + 14 * n.arity());
        l.members.add(n);
        l.isMember.put(n, Boolean.TRUE);
        pending.put(n, l);
    }

    void joinReduction(Node n) {
        FusedLoop l = loopFor(n, n.inputs(), 40);
        l.reductions.add(n);
        pending.put(n, l);
    }

    /** The open loop of the shape {@code n} iterates, after emitting loops of other values it reads. */
    private FusedLoop loopFor(Node n, List<Node> inputs, int cost) {
        Shape shape = n.op().kind() == Op.Kind.REDUCE ? n.input(0).shape() : n.shape();
        FusedLoop l = open.get(shape);
        for (Node in : inputs) {
            FusedLoop p = pending.get(in);
            if (p == null || (p == l && p.isMember.containsKey(in))) continue;
            close(p);
            if (p == l) l = null;
        }
        if (l != null && l.estimate + cost > MethodSplitter.BUDGET - 200) {
            close(l);
            l = null;
        }
        if (l == null) {
            l = new FusedLoop(shape);
            open.put(shape, l);
        }
        l.estimate += cost;
        return l;
    }

    /** Whether {@code a} and {@code b} are members of one loop that is still open. */
    boolean sameOpenLoop(Node a, Node b) {
        FusedLoop l = pending.get(a);
        return l != null && l == pending.get(b) && open.get(l.shape) == l && l.isMember.containsKey(a) && l.isMember.containsKey(b);
    }

    /**
     * {@code add(pad(a), pad(b))} of members of one open loop (see {@code Lowering.isPadSum}): its
     * buffer is zeroed before the loop, and each element of a and b is added at its padded position
     * as the loop computes it, so the pads never exist and no second loop reads a and b back. Each
     * element of the sum is 0 + one term + the other, the value the add would have given.
     */
    void joinPadSum(Node add) {
        FusedLoop l = pending.get(add.input(0).input(0));
        l.padSums.add(add);
        l.padSumBuffers.put(add, lowering.allocate(add));
        l.estimate += 60;
        pending.put(add, l);
    }

    /**
     * Joins a matmul to a loop over rows ({@link RowProducts}) when it can be one: a row dot joins
     * the loop of its output's shape, a row sum the open loop that computes its vector. Returns
     * false, having changed nothing a later kernel could notice, when it cannot.
     */
    boolean joinRowProduct(Node m) {
        if (m.op() != Op.MATMUL || m.dtype() != dev.fluxion.compiler.ir.DType.F64) return false;
        int vector = RowProducts.vectorOperand(m);
        if (vector >= 0 && joinRowSum(m, vector)) return true;
        if (m.shape().rank() != 1 || m.input(0).shape().rank() != 2 || m.input(1).shape().rank() != 1) return false;
        lowering.prepareInputs(m);
        if (!RowProducts.isRowDot(lowering, m)) return false;
        FusedLoop l = loopFor(m, List.of(), RowProducts.DOT_COST);
        l.members.add(m);
        l.isMember.put(m, Boolean.TRUE);
        l.rowDots.put(m, Boolean.TRUE);
        pending.put(m, l);
        return true;
    }

    private boolean joinRowSum(Node m, int vector) {
        Node member = aliasedMember(m.input(vector));
        FusedLoop l = member == null ? null : pending.get(member);
        if (l == null || open.get(l.shape) != l || l.shape.numel() != RowProducts.rows(m, vector) || !RowProducts.singleAxis(l.shape)) return false;
        Node matrix = m.input(1 - vector);
        FusedLoop p = pending.get(matrix);
        if (p == l || lowering.isLazyPad(matrix) && pending.get(matrix.input(0)) == l) return false;
        if (p != null) close(p);
        lowering.materialize(matrix);
        if (!RowProducts.matrixReady(lowering, m, vector) || l.estimate + RowProducts.SUM_COST > MethodSplitter.BUDGET - 200) return false;
        l.estimate += RowProducts.SUM_COST;
        l.rowSums.put(m, vector);
        pending.put(m, l);
        return true;
    }

    /**
     * Joins a reshape, squeeze or unsqueeze of a member of an open loop that only adds or drops axes
     * of size one (so its elements are the member's, in the same order) as an alias of that member:
     * a row sum reading it then joins the loop. Anything else reading it closes the loop.
     */
    boolean joinAlias(Node view) {
        Op op = view.op();
        if (op != Op.RESHAPE && op != Op.SQUEEZE && op != Op.UNSQUEEZE) return false;
        Node in = view.input(0);
        FusedLoop l = pending.get(in);
        if (l == null || open.get(l.shape) != l || !l.isMember.containsKey(in) || !RowProducts.sameNonUnitDims(view.shape(), in.shape())) return false;
        l.aliases.put(view, in);
        pending.put(view, l);
        return true;
    }

    /** The member a loop computes {@code r} as: r itself, or the member r is an alias of; null if neither. */
    private Node aliasedMember(Node r) {
        FusedLoop l = pending.get(r);
        if (l == null) return null;
        if (l.isMember.containsKey(r)) return r;
        return l.aliases.get(r);
    }

    void closeAll() {
        for (FusedLoop l : new ArrayList<>(open.values())) close(l);
    }

    /** Emits the loop: stored members get buffers, reductions get their results as locals after the loop. */
    private void close(FusedLoop l) {
        if (open.get(l.shape) == l) open.remove(l.shape);
        Map<Node, Integer> internalUses = new IdentityHashMap<>();
        for (Node m : l.members) for (Node in : m.inputs()) if (l.isMember.containsKey(in)) internalUses.merge(in, 1, Integer::sum);
        for (Node r : l.reductions) if (l.isMember.containsKey(r.input(0))) internalUses.merge(r.input(0), 1, Integer::sum);
        for (Node sum : l.padSums) for (Node pad : sum.inputs()) internalUses.merge(pad.input(0), 1, Integer::sum);
        for (Map.Entry<Node, Integer> s : l.rowSums.entrySet()) internalUses.merge(s.getKey().input(s.getValue()), 1, Integer::sum);
        for (Map.Entry<Node, Node> a : l.aliases.entrySet()) {
            // an alias read only by row sums needs no buffer; one read elsewhere views its member's
            if (lowering.uses[a.getKey().id()] <= internalUses.getOrDefault(a.getKey(), 0)) internalUses.merge(a.getValue(), 1, Integer::sum);
        }
        List<Node> stored = new ArrayList<>();
        for (Node m : l.members) {
            if (lowering.uses[m.id()] > internalUses.getOrDefault(m, 0)) stored.add(m);
        }
        Map<Node, Value.Strided> buffers = new IdentityHashMap<>();
        for (Node m : stored) buffers.put(m, lowering.allocate(m));
        int[] cuts = regions(l);
        Map<Node, Value.Strided> rowSumBuffers = new IdentityHashMap<>();
        for (Node s : l.rowSums.keySet()) {
            Value.Strided buf = lowering.allocate(s);
            TensorKernels.zero(lowering, buf);
            rowSumBuffers.put(s, buf);
        }

        for (Node sum : l.padSums) {
            if (PadSums.carries(l, sum, flat(l, Region.whole(l)))) {
                l.carry.put(sum, lowering.fresh("prev", ValueKind.DOUBLE));
                PadSums.zeroOutside(lowering, l, sum);
            } else {
                TensorKernels.zero(lowering, l.padSumBuffers.get(sum));
            }
        }
        boolean lanes = cuts.length == 2 && !l.reductions.isEmpty() && l.shape.numel() >= LANES_FROM && l.members.size() <= LANES_MAX_MEMBERS
                && l.padSums.isEmpty()
                && l.estimate * 4 <= 2 * MethodSplitter.BUDGET && flat(l, new Region(l, cuts, 0)); // estimates are pessimistic: still well under 8,000 real bytes
        lowering.code.reserve(l.estimate * (lanes ? 5 : cuts.length - 1));
        for (Map.Entry<Node, Local> c : l.carry.entrySet()) lowering.code.add(new Stmt.Assign(c.getValue(), ElementwiseLowering.d(0)));
        Map<Node, Local> acc = new IdentityHashMap<>();
        for (Node r : l.reductions) {
            Local a = lowering.fresh("acc", ValueKind.DOUBLE);
            acc.put(r, a);
            lowering.code.add(new Stmt.Assign(a, ElementwiseLowering.d(ElementwiseLowering.initial(r.op()))));
        }
        if (cuts.length == 2 && flat(l, Region.whole(l))) carryShiftedLoads(l); // lanes chain too: each copy passes its element on
        if (lanes) {
            unrolled(l, buffers, acc, rowSumBuffers);
        } else {
            for (int k = 0; k + 1 < cuts.length; k++) {
                if (cuts[k] == cuts[k + 1]) continue;
                Region region = new Region(l, cuts, k);
                LoopNest nest = new LoopNest(lowering, l.shape, flat(l, region));
                if (cuts.length > 2) nest.restrict(region.axis, cuts[k], cuts[k + 1]);
                lowering.code.addAll(nest.wrap(body(l, nest, region, k, buffers, acc, rowSumBuffers)));
            }
        }
        for (Node r : l.reductions) {
            Expr result = new Read(acc.get(r));
            if (r.op() == Op.MEAN) result = new Binary(BinaryOp.DIV, result, ElementwiseLowering.d(r.input(0).type().numel()));
            lowering.defineScalar(r, ElementwiseLowering.round(r.dtype(), result));
            pending.remove(r);
        }
        for (Node m : l.members) {
            pending.remove(m);
            Value.Strided buf = buffers.get(m);
            if (buf != null) lowering.setValue(m, buf);
        }
        for (Map.Entry<Node, Local> c : l.carry.entrySet()) {
            Node sum = c.getKey();
            Value.Strided z = PadSums.buf(l, sum);
            Node later = PadSums.later(sum);
            // z[lo_later + n - 1] = later[n - 1] + 0, in the add's operand order
            int at = z.base + (PadSums.padLo(later) + l.shape.numel() - 1) * PadSums.stride(z);
            Expr last = later == sum.input(0) ? new Binary(BinaryOp.ADD, new Read(c.getValue()), ElementwiseLowering.d(0))
                    : new Binary(BinaryOp.ADD, ElementwiseLowering.d(0), new Read(c.getValue()));
            lowering.code.add(new Stmt.Store(z.array, new Expr.IntConst(at), last));
        }
        for (Node sum : l.padSums) {
            pending.remove(sum);
            lowering.setValue(sum, l.padSumBuffers.get(sum));
        }
        for (Node s : l.rowSums.keySet()) {
            TensorKernels.roundInPlace(lowering, rowSumBuffers.get(s), s.dtype());
            pending.remove(s);
            lowering.setValue(s, rowSumBuffers.get(s));
        }
        for (Node m : l.members) lowering.done(m);
        for (Map.Entry<Node, Node> a : l.aliases.entrySet()) {
            Value.Strided buf = buffers.get(a.getValue());
            if (buf != null) lowering.setValue(a.getKey(), buf.reshaped(a.getKey().shape()));
            pending.remove(a.getKey());
            lowering.viewDone(a.getKey(), a.getValue());
        }
        for (Node s : l.rowSums.keySet()) lowering.done(s);
        for (Node r : l.reductions) lowering.done(r);
        for (Node sum : l.padSums) lowering.done(sum);
    }

    /**
     * One copy of the loop body at the nest's current element: members into locals (named apart for
     * copies after the first), stored members to their buffers, reductions folded into {@code acc}.
     */
    private List<Stmt> body(FusedLoop l, LoopNest nest, Region region, int copy, Map<Node, Value.Strided> buffers, Map<Node, Local> acc,
                            Map<Node, Value.Strided> rowSumBuffers) {
        List<Stmt> body = new ArrayList<>();
        // Operands from memory are loaded once, first: later stores to other arrays could alias them
        // as far as the JIT knows, and would force it to load them again.
        List<Stmt> loads = new ArrayList<>();
        Map<Node, Local> memberLocal = new IdentityHashMap<>();
        for (Node m : l.members) {
            Local t = new Local(copy == 0 ? lowering.names[m.id()] : lowering.copyName(m.id(), copy), ValueKind.DOUBLE);
            if (l.rowDots.containsKey(m)) {
                MatmulKernel.DotBody dot = RowProducts.dot(lowering, m, nest.position());
                body.addAll(dot.body());
                body.add(new Stmt.Assign(t, ElementwiseLowering.round(m.dtype(), new Read(dot.sum()))));
            } else {
                List<Expr> operands = new ArrayList<>();
                for (Node in : m.inputs()) operands.add(read(l, nest, memberLocal, region, in, copy, loads));
                body.add(new Stmt.Assign(t, ElementwiseLowering.expr(m.op(), m.dtype(), operands)));
            }
            memberLocal.put(m, t);
            Value.Strided buf = buffers.get(m);
            if (buf != null) body.add(new Stmt.Store(buf.array, nest.offset(buf), new Read(t)));
            for (Node sum : l.padSums) {
                Local carry = l.carry.get(sum);
                for (Node pad : sum.inputs()) {
                    if (pad.input(0) != m) continue;
                    Expr at = nest.offset(PadSums.padded(l, pad, l.padSumBuffers.get(sum)));
                    if (carry == null) {
                        body.add(new Stmt.Store(PadSums.buf(l, sum).array, at, new Binary(BinaryOp.ADD, new Expr.Load(PadSums.buf(l, sum).array, at), new Read(t))));
                    } else if (pad == PadSums.earlier(sum)) {
                        // z[lo + i] = later[i - 1] + earlier[i], in the add's operand order
                        Expr sumExpr = pad == sum.input(0) ? new Binary(BinaryOp.ADD, new Read(t), new Read(carry))
                                : new Binary(BinaryOp.ADD, new Read(carry), new Read(t));
                        body.add(new Stmt.Store(PadSums.buf(l, sum).array, at, sumExpr));
                    }
                }
            }
        }
        // the later pad's element becomes the carry after every store of this element has read the old one
        for (Map.Entry<Node, Local> c : l.carry.entrySet()) {
            body.add(new Stmt.Assign(c.getValue(), new Read(memberLocal.get(PadSums.later(c.getKey()).input(0)))));
        }
        for (FusedLoop.Carry c : l.carried.values()) {
            body.add(new Stmt.Assign(c.local(), new Read(memberLocal.get(c.from()))));
        }
        for (Map.Entry<Node, Integer> s : l.rowSums.entrySet()) {
            Node vector = s.getKey().input(s.getValue());
            Local r = memberLocal.get(l.isMember.containsKey(vector) ? vector : l.aliases.get(vector));
            body.addAll(RowProducts.accumulate(lowering, s.getKey(), s.getValue(), rowSumBuffers.get(s.getKey()), nest.position(), new Read(r)));
        }
        for (Node r : l.reductions) {
            Local a = acc.get(r);
            body.add(new Stmt.Assign(a, ElementwiseLowering.fold(r.op(), new Read(a), read(l, nest, memberLocal, region, r.input(0), copy, loads))));
        }
        loads.addAll(body);
        return loads;
    }

    /**
     * A flat loop whose reductions fold into four partial results, over elements ≡ 0, 1, 2, 3 (mod 4),
     * combined pairwise after the loop. A single accumulator makes each iteration wait for the
     * previous addition (four cycles or so); four independent chains let the loop run at the speed
     * of its arithmetic. Max and min give the same result in any order; sums and products change
     * only in rounding (as BLAS's do).
     */
    private void unrolled(FusedLoop l, Map<Node, Value.Strided> buffers, Map<Node, Local> acc, Map<Node, Value.Strided> rowSumBuffers) {
        Region whole = Region.whole(l);
        int n = l.shape.numel();
        List<Map<Node, Local>> laneAcc = new ArrayList<>();
        laneAcc.add(acc);
        for (int r = 1; r < 4; r++) {
            Map<Node, Local> lane = new IdentityHashMap<>();
            for (Node red : l.reductions) {
                Local a = lowering.fresh("acc", ValueKind.DOUBLE);
                lane.put(red, a);
                lowering.code.add(new Stmt.Assign(a, ElementwiseLowering.d(ElementwiseLowering.initial(red.op()))));
            }
            laneAcc.add(lane);
        }
        Local q = lowering.fresh("i", ValueKind.INT);
        List<Stmt> step = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            Local at = lowering.fresh("k", ValueKind.INT);
            step.add(LoopNest.lanePosition(at, q, 4, r));
            step.addAll(body(l, LoopNest.at(lowering, l.shape, at), whole, r, buffers, laneAcc.get(r), rowSumBuffers));
        }
        lowering.code.add(new Stmt.Loop(q, new Expr.IntConst(0), new Expr.IntConst(n / 4), step));
        if (n % 4 != 0) {
            Local i = lowering.fresh("i", ValueKind.INT);
            lowering.code.add(new Stmt.Loop(i, new Expr.IntConst(n / 4 * 4), new Expr.IntConst(n),
                    body(l, LoopNest.at(lowering, l.shape, i), whole, 4, buffers, acc, rowSumBuffers)));
        }
        for (Node red : l.reductions) {
            Expr pair0 = ElementwiseLowering.fold(red.op(), new Read(acc.get(red)), new Read(laneAcc.get(1).get(red)));
            Expr pair1 = ElementwiseLowering.fold(red.op(), new Read(laneAcc.get(2).get(red)), new Read(laneAcc.get(3).get(red)));
            lowering.code.add(new Stmt.Assign(acc.get(red), ElementwiseLowering.fold(red.op(), pair0, pair1)));
        }
    }

    /** Elements from which a fused loop with reductions folds into four partial results. */
    static final int LANES_FROM = 64;
    /**
     * Members beyond which the loop keeps one accumulator: a long body has enough independent work
     * to hide the chain of additions, and four copies of it only add register pressure (measured on
     * chained Rosenbrock: its 14-member gradient loop was slower with lanes, its 7-member value
     * loop faster).
     */
    static final int LANES_MAX_MEMBERS = 10;

    /** Which part of the loop's range a region covers, for reading lazy pads. */
    private static final class Region {
        final int axis, from, to;

        Region(FusedLoop l, int[] cuts, int k) {
            this.axis = l.padAxis;
            this.from = cuts[k];
            this.to = cuts[k + 1];
        }

        /** The loop's whole range, as one region. */
        static Region whole(FusedLoop l) {
            return new Region(l, new int[] {0, 1}, 0);
        }
    }

    /** Memory operands of the loop: the non-member inputs of members and the inputs of reductions. */
    private static List<Node> operands(FusedLoop l) {
        List<Node> reads = new ArrayList<>();
        for (Node m : l.members) {
            if (l.rowDots.containsKey(m)) continue; // reads rows of a matrix, not elements of the loop's shape
            for (Node in : m.inputs()) if (!l.isMember.containsKey(in)) reads.add(in);
        }
        for (Node r : l.reductions) if (!l.isMember.containsKey(r.input(0))) reads.add(r.input(0));
        return reads;
    }

    /**
     * The boundaries of the loop's regions along the one axis its lazy pads extend: inside each region
     * every pad reads either its input or zeros. Pads that cannot be read this way (another axis, a
     * broadcast, too many regions) are written out first, and the loop is one region.
     */
    private int[] regions(FusedLoop l) {
        java.util.TreeSet<Integer> cuts = new java.util.TreeSet<>();
        List<Node> pads = new ArrayList<>();
        for (Node in : operands(l)) if (lowering.isLazyPad(in) && !pads.contains(in)) pads.add(in);
        int axis = -1;
        boolean ok = true;
        for (Node p : pads) {
            int a = Lowering.padAxis(p);
            if (!p.shape().equals(l.shape) || (a >= 0 && axis >= 0 && a != axis)) ok = false;
            if (a >= 0) {
                axis = a;
                int lo = p.attrs().getInts("lo")[a];
                cuts.add(lo);
                cuts.add(lo + p.input(0).shape().dim(a));
            }
        }
        if (ok && axis >= 0) {
            cuts.add(0);
            cuts.add(l.shape.dim(axis));
        }
        if (!ok || cuts.size() > MAX_REGIONS + 1 || l.estimate * (cuts.size() - 1) > MethodSplitter.BUDGET) {
            for (Node p : pads) lowering.materialize(p);
            cuts.clear();
            axis = -1;
        }
        l.padAxis = axis;
        if (axis < 0) return new int[] {0, 1};
        int[] c = new int[cuts.size()];
        int i = 0;
        for (int v : cuts) c[i++] = v;
        return c;
    }

    /** A member's operand at the loop's current element: a member's local, or a read through the operand's view. */
    private Expr read(FusedLoop l, LoopNest nest, Map<Node, Local> locals, Region region, Node in, int copy, List<Stmt> loads) {
        Local t = locals.get(in);
        if (t != null) return new Read(t);
        Value v = view(l, region, in);
        if (v instanceof Value.Uniform) return nest.read(v);
        t = new Local(copy == 0 ? lowering.names[in.id()] : lowering.copyName(in.id(), copy), ValueKind.DOUBLE);
        FusedLoop.Carry carry = l.carried.get(in);
        loads.add(new Stmt.Assign(t, carry != null ? new Read(carry.local()) : nest.read(v)));
        locals.put(in, t);
        return new Read(t);
    }

    /**
     * Finds operands read one element after another operand of the same array (x[i] beside
     * x[i + 1], as in the gradient of a chain of neighbours): the earlier one is the later one's
     * value from the previous iteration, so it is kept in a local instead of loaded again, as a
     * hand-written loop would. Emits the carries' first values; the loop must be flat, over its
     * whole range from 0. The stores of the loop go to buffers of their own, so they never change
     * what an operand reads.
     */
    private void carryShiftedLoads(FusedLoop l) {
        Region whole = Region.whole(l);
        List<Node> ops = new ArrayList<>(new java.util.LinkedHashSet<>(operands(l)));
        for (Node a : ops) {
            if (!(view(l, whole, a) instanceof Value.Strided va)) continue;
            for (Node b : ops) {
                if (view(l, whole, b) instanceof Value.Strided vb && vb.array.equals(va.array) && vb.base == va.base + 1) {
                    Local carry = lowering.fresh("prev", ValueKind.DOUBLE);
                    l.carried.put(a, new FusedLoop.Carry(carry, b));
                    lowering.code.add(new Stmt.Assign(carry, new Expr.Load(va.array, new Expr.IntConst(va.base))));
                    break;
                }
            }
        }
    }

    private Value view(FusedLoop l, Region region, Node in) {
        if (lowering.isLazyPad(in)) return lowering.padRegion(in, region.axis < 0 ? 0 : region.from, region.axis < 0 ? 1 : region.to);
        return lowering.value(in).broadcast(l.shape);
    }

    /** True when every operand read from memory is contiguous in the loop's shape, so one flat index serves all. */
    private boolean flat(FusedLoop l, Region region) {
        for (Node in : operands(l)) {
            if (view(l, region, in) instanceof Value.Strided s && !s.isContiguous()) return false;
        }
        return true;
    }

}
