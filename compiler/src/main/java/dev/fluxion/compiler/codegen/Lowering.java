package dev.fluxion.compiler.codegen;

import dev.fluxion.compiler.codegen.model.ArrayVar;
import dev.fluxion.compiler.codegen.model.ClassModel;
import dev.fluxion.compiler.codegen.model.ConstantArray;
import dev.fluxion.compiler.codegen.model.Expr;
import dev.fluxion.compiler.codegen.model.Expr.IntConst;
import dev.fluxion.compiler.codegen.model.Expr.Load;
import dev.fluxion.compiler.codegen.model.Expr.Read;
import dev.fluxion.compiler.codegen.model.Local;
import dev.fluxion.compiler.codegen.model.Stmt;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers a graph to the source model both backends print. One pass over the nodes in topological
 * order:
 * <ul>
 *   <li>a value of one element lives in a {@code double} local (straight-line code, no arrays);
 *   <li>layout ops (reshape, transpose, broadcast, slice, squeeze, unsqueeze) only make strided
 *       views ({@link Value}), so they cost no code;
 *   <li>elementwise ops over tensors join a {@link FusedLoops fused loop} of their shape, which
 *       also absorbs full reductions of that shape, and keeps in locals whatever no other op reads;
 *   <li>the other ops are loop nests ({@link TensorKernels}).
 * </ul>
 * Statements go to methods of bounded size ({@link MethodSplitter}). Tensors live in {@code in},
 * {@code out} (an output is computed in place when it can be) and {@code work}.
 */
public final class Lowering {
    final Graph graph;
    final MethodSplitter code = new MethodSplitter();
    final FusedLoops fused;
    private final Value[] values;
    private final Local[] locals;
    private final int[] definedIn;
    private final Expr[] elsewhere;
    private final int[] spillSlot;
    final int[] uses;
    /** The one consumer of each node used exactly once (by one input slot of one node), else -1. */
    private final int[] soleConsumer;
    private final boolean[] live;
    private final int[] outputOffset;
    private final boolean[] placed;
    /** Pads not yet written anywhere: fused loops read them region by region, anything else materialises them. */
    private final boolean[] lazyPad;
    final String[] names;
    private final java.util.Set<String> nameSet;
    private final List<ConstantArray> constants = new ArrayList<>();
    private final int[] inputOffsets;
    private final int[] outputOffsets;
    private final WorkRegions regions = new WorkRegions();
    private int fresh;
    /**
     * When a graph has more distinct scalar constants than one class's constant pool can hold as
     * literals (each takes two of its 65,535 entries), they are read from one constant array instead.
     */
    private static final int MAX_LITERALS = 8000;
    private final java.util.Map<Long, Integer> scalarConstants;
    private final ArrayVar scalarTable = new ArrayVar("k");
    private final List<Double> scalarValues = new ArrayList<>();

    private Lowering(Graph graph) {
        this.graph = graph;
        int n = graph.size();
        values = new Value[n];
        locals = new Local[n];
        definedIn = new int[n];
        elsewhere = new Expr[n];
        spillSlot = new int[n];
        java.util.Arrays.fill(spillSlot, -1);
        uses = new int[n];
        soleConsumer = new int[n];
        live = new boolean[n];
        outputOffset = new int[n];
        java.util.Arrays.fill(outputOffset, -1);
        placed = new boolean[n];
        lazyPad = new boolean[n];
        names = LocalNames.of(graph);
        nameSet = new java.util.HashSet<>(java.util.Arrays.asList(names));
        inputOffsets = offsets(graph.inputs());
        outputOffsets = offsets(graph.outputs());
        fused = new FusedLoops(this);
        scalarConstants = countScalarConstants(graph) > MAX_LITERALS ? new java.util.HashMap<>() : null;
    }

    private static int countScalarConstants(Graph g) {
        java.util.Set<Long> distinct = new java.util.HashSet<>();
        for (Node n : g.nodes()) {
            if (n.op() == Op.FULL) distinct.add(Double.doubleToRawLongBits(n.attrs().getDouble("value")));
            if (n.op() == Op.CONST && n.type().numel() == 1) distinct.add(Double.doubleToRawLongBits(n.attrs().getDoubles("value")[0]));
        }
        return distinct.size();
    }

    /** A scalar constant: a literal, or an element of the constant table for graphs with very many. */
    private Expr constant(double v) {
        if (scalarConstants == null) return ElementwiseLowering.d(v);
        Integer at = scalarConstants.get(Double.doubleToRawLongBits(v));
        if (at == null) {
            at = scalarValues.size();
            scalarConstants.put(Double.doubleToRawLongBits(v), at);
            scalarValues.add(v);
        }
        return new Load(scalarTable, new IntConst(at));
    }

    /**
     * The source model of {@code graph}: entry method {@code run(in, out, work)}.
     *
     * @throws IllegalArgumentException for a max/min over an empty axis (no identity), as the interpreter
     */
    public static ClassModel lower(Graph graph) {
        return new Lowering(SharedExponentials.apply(graph)).run();
    }

    private ClassModel run() {
        markLiveAndCountUses();
        for (int k = graph.outputs().size() - 1; k >= 0; k--) outputOffset[graph.output(k).id()] = outputOffsets[k];
        for (int k = 0; k < graph.inputs().size(); k++) lowerInput(graph.input(k), inputOffsets[k]);
        for (Node n : graph.nodes()) {
            if (live[n.id()] && n.op() != Op.INPUT) lowerNode(n);
        }
        fused.closeAll();
        writeOutputs();
        if (!scalarValues.isEmpty()) {
            double[] table = new double[scalarValues.size()];
            for (int i = 0; i < table.length; i++) table[i] = scalarValues.get(i);
            constants.add(new ConstantArray(scalarTable, table));
        }
        String doc = "Computes the outputs of the graph (" + graph.inputs().size() + " inputs, " + graph.outputs().size() + " outputs).";
        return new ClassModel(describe(), constants, code.methods("run", doc), "run", regions.size(), inputOffsets, outputOffsets);
    }

    private void markLiveAndCountUses() {
        java.util.Arrays.fill(soleConsumer, -1);
        for (Node o : graph.outputs()) {
            live[o.id()] = true;
            uses[o.id()] += 2; // an output is read by the caller: never fused away
        }
        List<Node> nodes = graph.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (!live[n.id()]) continue;
            for (Node in : n.inputs()) {
                live[in.id()] = true;
                soleConsumer[in.id()] = uses[in.id()] == 0 ? n.id() : -1;
                uses[in.id()]++;
            }
        }
    }

    private static int[] offsets(List<Node> nodes) {
        int[] off = new int[nodes.size() + 1];
        for (int i = 0; i < nodes.size(); i++) off[i + 1] = off[i] + nodes.get(i).type().numel();
        return off;
    }

    private String describe() {
        StringBuilder sb = new StringBuilder();
        for (Node in : graph.inputs()) sb.append(sb.length() == 0 ? "" : ", ").append(in.attrs().getString("name")).append(": ").append(in.type());
        return "outputs of a Fluxion graph of " + graph.size() + " nodes over (" + sb + ")";
    }

    // ---- nodes -------------------------------------------------------------------------------------

    private void lowerInput(Node n, int offset) {
        if (n.type().numel() == 1 && live[n.id()]) {
            Expr load = new Load(ArrayVar.IN, new IntConst(offset));
            code.reserve(12);
            defineScalar(n, load);
            elsewhere[n.id()] = load; // other methods read the input array again instead of a spilled copy
        } else {
            values[n.id()] = Value.Strided.contiguous(n.shape(), ArrayVar.IN, offset);
        }
    }

    private void lowerNode(Node n) {
        Op op = n.op();
        if (n.type().numel() == 0) {
            prepareInputs(n);
            TensorKernels.checkEmptyReduction(n);
            values[n.id()] = new Value.Uniform(n.shape(), ElementwiseLowering.d(0)); // no elements: nothing to compute
            done(n);
            return;
        }
        switch (op) {
            case CONST: lowerConst(n); return;
            case FULL: values[n.id()] = new Value.Uniform(n.shape(), constant(n.dtype().round(n.attrs().getDouble("value")))); return;
            case RESHAPE: case SQUEEZE: case UNSQUEEZE: case BROADCAST_TO: case TRANSPOSE: case SLICE: lowerView(n); return;
            case PAD:
                if (padAxis(n) >= -1) {
                    // A pad feeding a sum of pads over one open loop is added into place by that loop (FusedLoops.joinPadSum).
                    if (!feedsPadSum(n)) fused.ensureAvailable(n);
                    materialize(n.input(0));
                    lazyPad[n.id()] = true;
                    viewDone(n, n.input(0));
                    return;
                }
                break;
            default: break;
        }
        if (ElementwiseLowering.handles(op)) {
            lowerElementwise(n);
        } else if (op == Op.MATMUL && fused.joinRowProduct(n)) {
            return; // computed by a loop over rows (RowProducts)
        } else if (op.kind() == Op.Kind.REDUCE && n.type().numel() == 1 && n.input(0).type().numel() > 1 && FusedLoops.folds(op)) {
            fused.joinReduction(n);
        } else {
            prepareInputs(n);
            TensorKernels.lower(this, n);
            done(n);
        }
    }

    /** Emits whatever the inputs of {@code n} still wait for: open loops that produce them, pads not yet written. */
    void prepareInputs(Node n) {
        fused.ensureAvailable(n);
        for (Node in : n.inputs()) materialize(in);
    }

    boolean isLazyPad(Node n) {
        return lazyPad[n.id()];
    }

    /** Writes a lazy pad to a buffer (a no-op for any other node). */
    void materialize(Node n) {
        if (!lazyPad[n.id()]) return;
        fused.ensureAvailable(n);
        lazyPad[n.id()] = false;
        TensorKernels.lower(this, n);
    }

    /**
     * Whether {@code pad} is one of the two pads of an {@code add} that {@link FusedLoops#joinPadSum} can
     * build in place: the add is its only consumer, and both pads read members of one open loop.
     */
    private boolean feedsPadSum(Node pad) {
        int c = soleConsumer[pad.id()];
        return c >= 0 && padSumCandidate(graph.node(c));
    }

    private boolean isPadSum(Node n) {
        if (!padSumCandidate(n)) return false;
        for (Node p : n.inputs()) if (!lazyPad[p.id()]) return false;
        return true;
    }

    /** {@code add(pad(a), pad(b))}, each pad used once, of one shape, over members a and b of the same open loop. */
    private boolean padSumCandidate(Node add) {
        if (add.op() != Op.ADD || add.dtype() != dev.fluxion.compiler.ir.DType.F64) return false;
        Node p = add.input(0), q = add.input(1);
        if (p.op() != Op.PAD || q.op() != Op.PAD || p == q || !p.shape().equals(add.shape()) || !q.shape().equals(add.shape())) return false;
        if (uses[p.id()] != 1 || uses[q.id()] != 1 || padAxis(p) < -1 || padAxis(q) < -1) return false;
        return fused.sameOpenLoop(p.input(0), q.input(0));
    }

    /**
     * The one axis a pad extends, -1 when it extends none, or -2 when it cannot be read lazily: it has
     * interior padding, pads several axes, or pads an axis after one of size above one (then regions
     * of that axis would not be runs of the row-major order, which reductions fold in).
     */
    static int padAxis(Node pad) {
        int[] lo = pad.attrs().getInts("lo"), hi = pad.attrs().getInts("hi"), interior = pad.attrs().getInts("interior");
        int axis = -1;
        for (int a = 0; a < lo.length; a++) {
            if (interior[a] != 0) return -2;
            if (lo[a] == 0 && hi[a] == 0) continue;
            if (axis >= 0) return -2;
            axis = a;
        }
        for (int a = 0; a < axis; a++) if (pad.shape().dim(a) != 1) return -2;
        return axis;
    }

    /**
     * A lazy pad read over positions [from, to) of its axis, which lie wholly inside or wholly outside
     * the copied input: the input's view shifted by {@code lo}, or zeros.
     */
    Value padRegion(Node pad, int from, int to) {
        int axis = padAxis(pad);
        Value inner = value(pad.input(0));
        if (axis < 0) return inner instanceof Value.Uniform u ? u.withShape(pad.shape()) : shifted((Value.Strided) inner, pad.shape(), 0, 0);
        int lo = pad.attrs().getInts("lo")[axis], size = pad.input(0).shape().dim(axis);
        if (from >= lo + size || to <= lo) return new Value.Uniform(pad.shape(), ElementwiseLowering.d(0));
        if (inner instanceof Value.Uniform u) return u.withShape(pad.shape());
        return shifted((Value.Strided) inner, pad.shape(), axis, lo);
    }

    private static Value shifted(Value.Strided v, Shape shape, int axis, int lo) {
        return new Value.Strided(shape, v.array, v.base - lo * (v.strides.length == 0 ? 0 : v.strides[axis]), v.strides);
    }

    private void lowerConst(Node n) {
        double[] v = n.attrs().getDoubles("value");
        if (v.length == 1) {
            values[n.id()] = new Value.Uniform(n.shape(), constant(n.dtype().round(v[0])));
            return;
        }
        double[] rounded = new double[v.length];
        for (int i = 0; i < v.length; i++) rounded[i] = n.dtype().round(v[i]);
        ArrayVar array = new ArrayVar("c" + constants.size());
        constants.add(new ConstantArray(array, rounded));
        values[n.id()] = Value.Strided.contiguous(n.shape(), array, 0);
    }

    /** Layout ops make views; only a reshape of a non-contiguous view copies. */
    private void lowerView(Node n) {
        if (fused.joinAlias(n)) return;
        prepareInputs(n);
        Value x = values[n.input(0).id()];
        Shape to = n.shape();
        Value v;
        switch (n.op()) {
            case TRANSPOSE: v = x.transposed(n.attrs().getInts("perm"), to); break;
            case BROADCAST_TO: v = x.broadcast(to); break;
            case SLICE: v = x.sliced(n.attrs().getInts("start"), n.attrs().getInts("step"), to); break;
            default:
                v = x.reshaped(to);
                if (v == null) {
                    Value.Strided copy = Value.Strided.of(x.shape, regions.allocate(x.shape.numel(), uses[n.id()]));
                    TensorKernels.copy(this, x, copy);
                    v = copy.reshaped(to);
                    values[n.id()] = v;
                    done(n);
                    return;
                }
        }
        values[n.id()] = v;
        viewDone(n, n.input(0));
    }

    private void lowerElementwise(Node n) {
        if (isPadSum(n)) {
            fused.joinPadSum(n);
            return;
        }
        for (Node in : n.inputs()) if (lazyPad[in.id()]) fused.ensureAvailable(in); // a pad whose input a loop still computes
        fused.closeReductionsReadBy(n);
        boolean allUniform = true;
        for (Node in : n.inputs()) allUniform &= !fused.isPending(in) && !lazyPad[in.id()] && values[in.id()] instanceof Value.Uniform;
        if (n.type().numel() > 1 && !allUniform) {
            fused.joinElementwise(n);
            return;
        }
        // One element, or every operand is one repeated value: compute it once.
        prepareInputs(n);
        code.reserve(40 + 16 * n.arity());
        List<Expr> operands = new ArrayList<>(n.arity());
        for (Node in : n.inputs()) operands.add(scalar(values[in.id()]));
        Expr e = ElementwiseLowering.expr(n.op(), n.dtype(), operands);
        if (e instanceof Expr.DoubleConst) {
            values[n.id()] = new Value.Uniform(n.shape(), e);
        } else {
            defineScalar(n, e);
        }
        done(n);
    }

    // ---- values and storage ------------------------------------------------------------------------

    Value value(Node n) {
        Value v = values[n.id()];
        if (v == null) throw new IllegalStateException("no value yet for %" + n.id() + " (" + n.op() + ")");
        return v;
    }

    void setValue(Node n, Value v) {
        values[n.id()] = v;
    }

    /** Assigns {@code e} to the node's local in the current method; call {@link MethodSplitter#reserve} before building {@code e}. */
    void defineScalar(Node n, Expr e) {
        Local local = Local.ofDouble(names[n.id()]);
        code.add(new Stmt.Assign(local, e));
        locals[n.id()] = local;
        definedIn[n.id()] = code.part();
        values[n.id()] = new Value.Uniform(n.shape(), null, n.id());
    }

    /** The single element of a value of one element, or the repeated element of a uniform value, read in the current method. */
    Expr scalar(Value v) {
        if (v instanceof Value.Uniform u) {
            if (u.source < 0) return u.expr;
            int id = u.source;
            if (definedIn[id] == code.part()) return new Read(locals[id]);
            if (elsewhere[id] != null) return elsewhere[id];
            if (spillSlot[id] < 0) {
                spillSlot[id] = regions.permanent(1);
                code.spill(definedIn[id], new Stmt.Store(ArrayVar.WORK, new IntConst(spillSlot[id]), new Read(locals[id])));
            }
            return new Load(ArrayVar.WORK, new IntConst(spillSlot[id]));
        }
        Value.Strided s = (Value.Strided) v;
        return new Load(s.array, new IntConst(s.base));
    }

    /** A fresh contiguous buffer for the node's elements: its place in {@code out} when it is an output, else in {@code work}. */
    Value.Strided allocate(Node n) {
        int id = n.id();
        if (outputOffset[id] >= 0 && !placed[id]) {
            placed[id] = true;
            return Value.Strided.contiguous(n.shape(), ArrayVar.OUT, outputOffset[id]);
        }
        return Value.Strided.of(n.shape(), regions.allocate(n.type().numel(), uses[n.id()]));
    }

    /**
     * {@code n}'s code has been emitted: it reads its inputs no more, so each input's region of
     * {@code work} has one reader fewer (and is reused once none is left).
     */
    void done(Node n) {
        for (Node in : n.inputs()) regions.read(owner(in));
    }

    /** The region of {@code work} a node's value lives in (through lazy pads to their input), or null. */
    private WorkRegions.Region owner(Node n) {
        Value v = values[n.id()];
        if (v == null && lazyPad[n.id()]) v = values[n.input(0).id()];
        return v instanceof Value.Strided s ? s.owner : null;
    }

    /** A view {@code n} of its input's region: its own readers read that region in its place. */
    void viewDone(Node n, Node source) {
        regions.addReaders(owner(source), uses[n.id()]);
        done(n);
    }

    /** The name of node {@code id}'s local in the {@code k}-th copy of a loop body (k > 0), distinct from every node's name. */
    String copyName(int id, int k) {
        String name = names[id] + "_r" + k;
        while (nameSet.contains(name)) name += "_";
        return name;
    }

    /** A new local, unique in the class, named {@code prefix} plus a number. */
    Local fresh(String prefix, dev.fluxion.compiler.codegen.model.ValueKind kind) {
        return new Local(prefix + (fresh++), kind);
    }

    private void writeOutputs() {
        for (Node n : graph.outputs()) materialize(n);
        for (int k = 0; k < graph.outputs().size(); k++) {
            Node n = graph.output(k);
            Value v = value(n);
            int off = outputOffsets[k];
            if (v instanceof Value.Strided s && s.array.equals(ArrayVar.OUT) && s.base == off && s.isContiguous()) continue;
            Value.Strided dst = Value.Strided.contiguous(n.shape(), ArrayVar.OUT, off);
            TensorKernels.copy(this, v, dst);
        }
    }
}
