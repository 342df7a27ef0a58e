package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.TensorType;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Seeded random graphs for the pass property tests: DAGs over 1-3 inputs whose values stay finite
 * by construction, so every pass (including rules that assume finite values) must preserve them.
 *
 * <p>Every value has a shape of the family {@code [], [1], [3], [a,b]} with a in {1,2} and b in
 * {1,3}: any two of them broadcast together (the last axis is 1 or 3, the one before 1 or 2), so
 * binary ops and where may pick any operands. Ops that leave the family are followed by a reshape
 * back into it. Each value carries a bound on its magnitude; ops with domains get safe operands
 * (log and sqrt see {@code exp(x)} or {@code x²+0.5}, asin sees {@code 0.9·tanh x}), exp sees
 * values below 8, and a value whose bound grows past {@link #limit} is squashed through tanh.
 *
 * <p>To give the passes work, graphs also hold constant-only subgraphs (folding), commuted and
 * re-spelt duplicates of earlier nodes, whose inputs are themselves duplicates when possible
 * (CSE, cascading), and dead nodes (DCE).
 */
final class RandomGraphs {
    /** A generated graph, the scalar sum of its outputs (for gradients) and its input values. */
    record Sample(long seed, Graph graph, Graph loss, List<NDArray> inputs, boolean usesF32) {}

    private static final Shape[] INPUT_SHAPES = {Shape.SCALAR, Shape.of(3), Shape.of(2, 3)};
    private static final Op[] BOUNDED_UNARY = {Op.NEG, Op.ABS, Op.SIGN, Op.SIN, Op.COS, Op.ATAN, Op.TANH, Op.SIGMOID,
        Op.ERF, Op.RELU, Op.SOFTPLUS, Op.SQUARE};
    private static final Op[] EXP_LIKE = {Op.EXP, Op.EXPM1, Op.SINH, Op.COSH};
    private static final Op[] POSITIVE_DOMAIN = {Op.LOG, Op.LOG1P, Op.SQRT, Op.RSQRT, Op.RECIPROCAL};
    private static final Op[] COMPARISONS = {Op.LT, Op.LE, Op.GT, Op.GE, Op.EQ, Op.NE};
    private static final Set<Op> COMMUTATIVE = EnumSet.of(Op.ADD, Op.MUL, Op.MAXIMUM, Op.MINIMUM, Op.EQ, Op.NE);
    private static final Op[] REDUCTIONS = {Op.SUM, Op.MEAN, Op.PROD, Op.MAX, Op.MIN, Op.LOGSUMEXP};

    private static final int NO_OPERAND = 0, ALL_CONSTANT = 1, MIXED = 2;

    private final Random r;
    private final GraphBuilder b = new GraphBuilder();
    private final DType dtype;
    private final double limit;
    private final List<Node> pool = new ArrayList<>();
    private final List<Node> constants = new ArrayList<>(); // values computed from constants only
    private final Map<Node, Double> bound = new HashMap<>();
    private final Map<Node, Node> twin = new HashMap<>();   // a node and an equal node spelt differently
    private boolean usesF32;

    private RandomGraphs(long seed) {
        r = new Random(seed);
        dtype = r.nextInt(6) == 0 ? DType.F32 : DType.F64;
        usesF32 = dtype == DType.F32;
        limit = dtype == DType.F32 ? 1e2 : 1e4; // f32 overflows near 3e38: keep gradients' products small too
    }

    static Sample generate(long seed) {
        return new RandomGraphs(seed).build(seed);
    }

    private Sample build(long seed) {
        int inputs = 1 + r.nextInt(3);
        List<NDArray> values = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            TensorType t = new TensorType(dtype, INPUT_SHAPES[r.nextInt(INPUT_SHAPES.length)]);
            add(b.input("x" + i, t), 2, false);
            double[] v = new double[t.numel()];
            for (int k = 0; k < v.length; k++) v[k] = -2 + 4 * r.nextDouble();
            values.add(NDArray.of(t, v));
        }
        int target = 5 + r.nextInt(32); // a step adds up to ~8 nodes: graphs of 5 to about 40 nodes
        while (b.size() < target) step();
        List<Node> outputs = new ArrayList<>();
        outputs.add(pool.get(pool.size() - 1));
        for (int k = r.nextInt(3); k > 0; k--) outputs.add(pick());
        if (!twin.isEmpty() && r.nextInt(4) != 0) { // keep a duplicate and its original alive, for CSE
            List<Node> dups = new ArrayList<>(twin.keySet());
            dups.sort((p, q) -> Integer.compare(p.id(), q.id())); // HashMap order is not seeded
            Node d = dups.get(dups.size() - 1 - r.nextInt(Math.min(3, dups.size()))); // recent ones nest deepest
            outputs.add(d);
            outputs.add(twin.get(d));
        }
        Graph g = b.build(outputs);
        Node loss = null;
        for (Node o : outputs) loss = loss == null ? b.sum(o) : b.add(loss, b.sum(o));
        return new Sample(seed, g, b.build(loss), values, usesF32);
    }

    // ---- the pool ---------------------------------------------------------------------------------

    /** Adds a value with its bound, squashing it through tanh when the bound is too large. */
    private Node add(Node n, double bnd, boolean constant) {
        if (!(bnd <= limit)) {
            n = b.tanh(n);
            bnd = 1;
        }
        bound.merge(n, bnd, Math::min);
        if (!pool.contains(n)) pool.add(n);
        if (constant && !constants.contains(n)) constants.add(n);
        return n;
    }

    private double bnd(Node n) {
        return bound.get(n);
    }

    private Node pick() {
        return pool.get(r.nextInt(pool.size()));
    }

    /**
     * An operand. The first one of an op comes from the constant-only values a third of the time,
     * and then so do the others, to grow constant subgraphs; {@code state[0]} tracks whether all
     * operands so far were constant-only ({@link #ALL_CONSTANT}) and starts at {@link #NO_OPERAND}.
     */
    private Node operand(int[] state) {
        boolean fromConstants = !constants.isEmpty() && (state[0] == ALL_CONSTANT || (state[0] == NO_OPERAND && r.nextInt(3) == 0));
        state[0] = fromConstants && state[0] != MIXED ? ALL_CONSTANT : MIXED;
        return fromConstants ? constants.get(r.nextInt(constants.size())) : pick();
    }

    private void step() {
        int[] c = {NO_OPERAND};
        switch (r.nextInt(15)) {
            case 0: constant(); break;
            case 1: { Node x = operand(c); Op op = BOUNDED_UNARY[r.nextInt(BOUNDED_UNARY.length)];
                double bx = bnd(x);
                double out = op == Op.SQUARE ? bx * bx : op == Op.NEG || op == Op.ABS || op == Op.RELU ? bx : op == Op.SOFTPLUS ? bx + 1 : 2;
                add(b.unary(op, x), out, c[0] == ALL_CONSTANT); break; }
            case 2: { Node x = small(operand(c)); double bx = bnd(x);
                add(b.unary(EXP_LIKE[r.nextInt(EXP_LIKE.length)], x), Math.exp(bx) + 1, c[0] == ALL_CONSTANT); break; }
            case 3: { Node x = operand(c); double[] lohi = new double[2]; Node p = positive(x, lohi);
                Op op = POSITIVE_DOMAIN[r.nextInt(POSITIVE_DOMAIN.length)];
                double out = switch (op) {
                    case LOG -> Math.max(Math.abs(Math.log(lohi[0])), Math.abs(Math.log(lohi[1])));
                    case LOG1P -> Math.log1p(lohi[1]);
                    case SQRT -> Math.sqrt(lohi[1]);
                    default -> 1 / Math.min(lohi[0], Math.sqrt(lohi[0]));
                };
                add(b.unary(op, p), out, c[0] == ALL_CONSTANT); break; }
            case 4: { Node x = b.mul(b.tanh(operand(c)), 0.9); Op op = new Op[] {Op.ASIN, Op.ACOS, Op.TAN}[r.nextInt(3)];
                add(b.unary(op, x), 4, c[0] == ALL_CONSTANT); break; }
            case 5: case 6: binary(c); break;
            case 7: { Node x = b.where(b.binary(COMPARISONS[r.nextInt(6)], operand(c), operand(c)), operand(c), operand(c));
                add(x, Math.max(bnd(x.input(1)), bnd(x.input(2))), c[0] == ALL_CONSTANT); break; }
            case 8: cast(c); break;
            case 9: reduction(c); break;
            case 10: shape(c); break;
            case 11: linalg(c); break;
            default: duplicate(); break;
        }
    }

    // ---- op families ------------------------------------------------------------------------------

    private void constant() {
        Shape s = familyShape();
        TensorType t = new TensorType(dtype, s);
        double v = Math.round((-2 + 4 * r.nextDouble()) * 4) / 4.0;
        switch (r.nextInt(7)) {
            case 0: add(b.constant(v, dtype), Math.abs(v), true); break;
            case 1: add(b.full(t, v), Math.abs(v), true); break;
            case 2: { // a const of equal elements: the same value as the full above, spelt differently
                double[] e = new double[t.numel()];
                java.util.Arrays.fill(e, v);
                Node full = b.full(t, v), lit = b.constant(e, t);
                add(full, Math.abs(v), true);
                pair(full, lit);
                add(lit, Math.abs(v), true);
                break; }
            case 3: { double[] e = new double[t.numel()];
                for (int i = 0; i < e.length; i++) e[i] = -2 + 4 * r.nextDouble();
                add(b.constant(e, t), 2, true); break; }
            case 4: add(b.eye(dtype, 2, r.nextBoolean() ? 3 : 1), 1, true); break;
            case 5: { // signed zeros: equal as numbers, not as bits, so never one full
                double[] e = new double[t.numel()];
                for (int i = 0; i < e.length; i++) e[i] = r.nextBoolean() ? 0.0 : -0.0;
                add(b.constant(e, t), 0, true); break; }
            default: add(b.arange(-1, 0.5, 0.5, dtype), 1, true); break;
        }
    }

    private void binary(int[] c) {
        Node x = operand(c), y = operand(c);
        double bx = bnd(x), by = bnd(y);
        switch (r.nextInt(8)) {
            case 0: add(b.add(x, y), bx + by, c[0] == ALL_CONSTANT); break;
            case 1: add(b.sub(x, y), bx + by, c[0] == ALL_CONSTANT); break;
            case 2: add(b.mul(x, y), bx * by, c[0] == ALL_CONSTANT); break;
            case 3: add(b.maximum(x, y), Math.max(bx, by), c[0] == ALL_CONSTANT); break;
            case 4: add(b.minimum(x, y), Math.max(bx, by), c[0] == ALL_CONSTANT); break;
            case 5: add(b.atan2(x, b.add(b.square(y), 0.5)), 4, c[0] == ALL_CONSTANT); break;
            case 6: { double[] lohi = new double[2]; Node p = positive(y, lohi);
                add(b.div(x, p), bx / lohi[0], c[0] == ALL_CONSTANT); break; }
            default: { double[] lohi = new double[2]; Node p = positive(x, lohi);
                Node e = b.mul(b.tanh(y), 2); // exponent in (-2, 2)
                add(b.pow(p, e), Math.max(lohi[1] * lohi[1], 1 / (lohi[0] * lohi[0])) + 1, c[0] == ALL_CONSTANT); break; }
        }
    }

    /** Comparisons cast to the graph's dtype, constant casts to i64 and bool, and f32 round trips. */
    private void cast(int[] c) {
        switch (r.nextInt(3)) {
            case 0: add(b.cast(b.binary(COMPARISONS[r.nextInt(6)], operand(c), operand(c)), dtype), 1, c[0] == ALL_CONSTANT); break;
            case 1: { // truncation to i64 of a constant: exact, whatever the pipeline does to it
                Node k = constants.isEmpty() ? add(b.constant(-1.75, dtype), 1.75, true) : constants.get(r.nextInt(constants.size()));
                add(b.cast(b.cast(k, r.nextBoolean() ? DType.I64 : DType.BOOL), dtype), bnd(k) + 1, true); break; }
            default: {
                Node x = operand(c);
                DType other = dtype == DType.F64 ? DType.F32 : DType.F64;
                usesF32 = true;
                add(b.cast(b.cast(x, other), dtype), bnd(x) * 1.001, c[0] == ALL_CONSTANT); break; }
        }
    }

    private void reduction(int[] c) {
        Node x = operand(c);
        double bx = bnd(x);
        if (x.rank() == 0) x = b.broadcastTo(x, Shape.of(2, 3));
        Op op = REDUCTIONS[r.nextInt(REDUCTIONS.length)];
        int[] axes = r.nextBoolean() || x.rank() == 1 ? new int[] {r.nextInt(x.rank())} : new int[] {0, 1};
        int n = 1;
        for (int a : axes) n *= x.shape().dim(a);
        double out = switch (op) {
            case SUM -> n * bx;
            case PROD -> Math.pow(Math.max(bx, 1), n);
            case LOGSUMEXP -> bx + Math.log(n);
            default -> bx;
        };
        add(toFamily(b.reduce(op, x, r.nextBoolean(), axes)), out, c[0] == ALL_CONSTANT);
    }

    /** Reshape, transpose, broadcast, slice, pad, squeeze/unsqueeze, concat, stack, gather, scatter_add. */
    private void shape(int[] c) {
        Node x = operand(c);
        double bx = bnd(x);
        switch (r.nextInt(9)) {
            case 0: { Node m = as23(x); add(b.reshape(b.transpose(m, 1, 0), 2, 3), bx, c[0] == ALL_CONSTANT); break; }
            case 1: { Node v = asVec3(x); add(r.nextBoolean() ? b.unsqueeze(v, 0) : b.transpose(b.reshape(v, 3, 1), 1, 0), bx, c[0] == ALL_CONSTANT); break; }
            case 2: { Node m = as23(x); add(b.squeeze(b.slice(m, 0, 1, 2, 1), 0), bx, c[0] == ALL_CONSTANT); break; }
            case 3: { Node m = b.reshape(b.slice(as23(x), 1, 0, 1, 1), 2, 1);
                add(b.pad(m, new int[] {0, 1}, new int[] {0, 1}, new int[] {0, 0}), bx, c[0] == ALL_CONSTANT); break; } // [2,1] → [2,3]
            case 4: { Node y = operand(c);
                add(r.nextBoolean() ? b.reshape(b.concat(0, List.of(asVec3(x), asVec3(y))), 2, 3) : b.stack(0, List.of(asVec3(x), asVec3(y))),
                        Math.max(bx, bnd(y)), c[0] == ALL_CONSTANT); break; }
            case 5: add(b.gather(as23(x), 1, index()), bx, c[0] == ALL_CONSTANT); break;
            case 6: { Node src = operand(c);
                add(b.scatterAdd(as23(x), 1, index(), as23(src)), bx + 3 * bnd(src), c[0] == ALL_CONSTANT); break; }
            case 7: { Node every2 = b.slice(asVec3(x), 0, 0, 3, 2); // [3] → [2] → [3], zero between
                add(b.pad(every2, new int[] {0}, new int[] {0}, new int[] {1}), bx, c[0] == ALL_CONSTANT); break; }
            default: add(b.broadcastTo(x, Shape.of(2, 3)), bx, c[0] == ALL_CONSTANT); break;
        }
    }

    private void linalg(int[] c) {
        Node x = operand(c), y = operand(c);
        double out = 3 * bnd(x) * bnd(y);
        switch (r.nextInt(3)) {
            case 0: add(b.reshape(b.matmul(as23(x), asVec3(y)), 2, 1), out, c[0] == ALL_CONSTANT); break;
            case 1: add(b.dot(asVec3(x), asVec3(y)), out, c[0] == ALL_CONSTANT); break;
            default: add(b.sum(b.matmul(as23(x), b.transpose(as23(y), 1, 0)), true, 1), 2 * out, c[0] == ALL_CONSTANT); break;
        }
    }

    /**
     * Re-emits an earlier node with its inputs replaced by their twins and a commutative op's operands
     * swapped, so CSE has something to merge (through several levels when the twins nest).
     */
    private void duplicate() {
        List<Node> candidates = new ArrayList<>();
        for (Node p : pool) {
            if (p.op().kind() == Op.Kind.LEAF) continue;
            boolean twinned = false;
            for (int i = 0; i < p.arity(); i++) twinned |= twin.containsKey(p.input(i));
            if (twinned || (COMMUTATIVE.contains(p.op()) && p.input(0) != p.input(1))) candidates.add(p);
        }
        if (candidates.isEmpty()) { // start a pair: op(x, y) and op(y, x)
            int[] c = {NO_OPERAND};
            Node x = operand(c), y = operand(c);
            Op op = new Op[] {Op.ADD, Op.MUL, Op.MAXIMUM, Op.MINIMUM}[r.nextInt(4)];
            double bo = op == Op.MUL ? bnd(x) * bnd(y) : bnd(x) + bnd(y);
            pair(add(b.binary(op, x, y), bo, c[0] == ALL_CONSTANT), add(b.binary(op, y, x), bo, c[0] == ALL_CONSTANT));
            return;
        }
        Node n = candidates.get(r.nextInt(candidates.size()));
        Node[] args = new Node[n.arity()];
        for (int i = 0; i < args.length; i++) args[i] = twin.getOrDefault(n.input(i), n.input(i));
        if (COMMUTATIVE.contains(n.op())) args = new Node[] {args[1], args[0]};
        pair(n, add(b.apply(n.op(), n.attrs(), args), bnd(n), constants.contains(n)));
    }

    /** Records two spellings of one value (both directions), unless the builder already merged them. */
    private void pair(Node a, Node c) {
        if (a == c) return;
        twin.put(a, c);
        twin.put(c, a);
    }

    // ---- helpers that keep values inside the shape family and the domains -------------------------

    /** A positive value made from x: exp of a small x, or x² + 0.5; lohi receives its range. */
    private Node positive(Node x, double[] lohi) {
        if (r.nextBoolean()) {
            Node s = small(x);
            double bs = bnd(s);
            lohi[0] = Math.exp(-bs);
            lohi[1] = Math.exp(bs);
            return b.exp(s);
        }
        lohi[0] = 0.5;
        lohi[1] = bnd(x) * bnd(x) + 0.5;
        return b.add(b.square(x), 0.5);
    }

    /** x itself when its bound is at most 8 (exp stays below 3000), else tanh x. */
    private Node small(Node x) {
        if (bnd(x) <= 8) return x;
        Node t = b.tanh(x);
        bound.merge(t, 1.0, Math::min);
        return t;
    }

    private Node as23(Node x) {
        return b.broadcastTo(x, Shape.of(2, 3));
    }

    /** A [3] vector made from any family value: its broadcast to [2,3], second row. */
    private Node asVec3(Node x) {
        if (x.shape().equals(Shape.of(3))) return x;
        return b.reshape(b.slice(as23(x), 0, 1, 2, 1), 3);
    }

    /** An i64 [2,3] index in [0,3), sometimes cast from an f64 constant (folding truncates it). */
    private Node index() {
        double[] v = new double[6];
        for (int i = 0; i < 6; i++) v[i] = r.nextInt(3) + (r.nextBoolean() ? 0.5 : 0);
        TensorType t = TensorType.of(DType.F64, 2, 3);
        if (r.nextBoolean()) return b.cast(b.constant(v, t), DType.I64);
        for (int i = 0; i < 6; i++) v[i] = Math.floor(v[i]);
        return b.constant(v, t.withDType(DType.I64));
    }

    private Shape familyShape() {
        Shape[] family = {Shape.SCALAR, Shape.of(1), Shape.of(3), Shape.of(2, 3), Shape.of(2, 1), Shape.of(1, 3)};
        return family[r.nextInt(family.length)];
    }

    /** Reshapes a value into the family when it left it (numel 2 becomes [2,1]). */
    private Node toFamily(Node x) {
        int[] d = x.shape().dims();
        boolean ok = d.length == 0 || (d.length == 1 && (d[0] == 1 || d[0] == 3))
                || (d.length == 2 && (d[0] == 1 || d[0] == 2) && (d[1] == 1 || d[1] == 3));
        if (ok) return x;
        switch (x.shape().numel()) {
            case 1: return b.reshape(x);
            case 2: return b.reshape(x, 2, 1);
            case 3: return b.reshape(x, 3);
            case 6: return b.reshape(x, 2, 3);
            default: throw new AssertionError("no family shape for " + x.shape());
        }
    }
}
