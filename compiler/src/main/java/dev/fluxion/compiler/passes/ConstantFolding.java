package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.interpret.Kernels;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.TensorType;

/**
 * Evaluates every non-leaf node whose inputs are all constant leaves ({@code const}, {@code full},
 * {@code eye}, {@code arange}) and puts a constant in its place. Because {@link RewritePass} visits
 * nodes in order with their inputs already rewritten, a whole chain of constant ops folds in one sweep.
 *
 * <p>Values come from the interpreter's own kernels ({@link Kernels#apply}), so a folded constant
 * holds exactly the bits the interpreter would have computed at run time: folding never changes a
 * value, not even its last bit, its NaNs or the sign of a zero. Comparisons fold to bool constants
 * and casts to constants of their dtype, since the kernels already produce those types.
 *
 * <p>A result is emitted as {@code full} when all its elements are equal (bit for bit, so 0.0 and
 * -0.0 differ; {@link GraphBuilder#full} turns a 0-d one into a plain {@code const}), else as a
 * {@code const} holding the elements when there are at most {@link #MAX_LITERAL_ELEMENTS} of them,
 * else the node is left alone. A node whose kernel throws (a gather with an index outside its axis,
 * max over an empty axis) is also left alone, so the error still happens at run time as before.
 */
public final class ConstantFolding extends RewritePass {
    /**
     * Largest non-uniform result turned into a literal. Huge literal tensors bloat the IR text and
     * the generated code (every element becomes a field initialiser or a bytecode constant, and
     * class files have hard size limits), while the node that computes them from a few constants is
     * small and cheap to run once.
     */
    public static final int MAX_LITERAL_ELEMENTS = 1024;

    /**
     * Largest tensor (any input or the result) evaluated element by element while compiling.
     * Shapes may hold up to 2³¹-1 elements; materialising such a value could exhaust the compiler's
     * memory for a graph that is never run. Uniform inputs of elementwise and element-moving ops are
     * evaluated on one element instead (see {@link #uniformResult}), whatever their size.
     */
    static final int MAX_EVALUATED_ELEMENTS = 1 << 20;

    @Override
    public String name() {
        return "fold";
    }

    @Override
    protected Node rewrite(GraphBuilder b, Node original, Node[] args) {
        if (original.op().kind() == Op.Kind.LEAF) return null;
        for (Node a : args) if (!isConstantLeaf(a)) return null;
        TensorType type = original.type();
        try {
            Double uniform = uniformResult(original, args);
            if (uniform != null) return type.numel() == 0 ? b.constant(new double[0], type) : b.full(type, uniform);
            if (type.numel() > MAX_EVALUATED_ELEMENTS) return null;
            NDArray[] values = new NDArray[args.length];
            for (int i = 0; i < args.length; i++) {
                if (args[i].type().numel() > MAX_EVALUATED_ELEMENTS) return null;
                values[i] = Kernels.apply(args[i]);
            }
            return constantOf(b, type, Kernels.apply(original, values).toDoubleArray());
        } catch (RuntimeException e) {
            // The kernel rejects these values (e.g. an index outside the gathered axis): keep the
            // node, so the same error is raised when the graph runs, not while it is compiled.
            return null;
        }
    }

    /** True for the leaf ops whose every element is known: const, full, eye and arange. */
    static boolean isConstantLeaf(Node n) {
        Op op = n.op();
        return op == Op.CONST || op == Op.FULL || op == Op.EYE || op == Op.ARANGE;
    }

    /**
     * The literal for {@code values} of {@code type}: a {@code full} when every element is the same
     * bit pattern, a {@code const} when small enough, or null (leave the node alone).
     */
    private static Node constantOf(GraphBuilder b, TensorType type, double[] values) {
        Double v = commonValue(values);
        if (v != null) return b.full(type, v);
        if (values.length <= MAX_LITERAL_ELEMENTS) return b.constant(values, type);
        return null;
    }

    /**
     * The value every element of {@code values} holds, compared bit for bit (all NaNs are one
     * value, 0.0 and -0.0 are two), or null when they differ or there are none.
     */
    static Double commonValue(double[] values) {
        if (values.length == 0) return null;
        long bits = Double.doubleToLongBits(values[0]);
        for (double v : values) if (Double.doubleToLongBits(v) != bits) return null;
        return values[0];
    }

    /** The value of a constant leaf when all its elements are equal, else null. Does not materialise full. */
    private static Double uniformValue(Node leaf) {
        if (leaf.op() == Op.FULL) return leaf.dtype().round(leaf.attrs().getDouble("value"));
        if (leaf.op() == Op.CONST) {
            double[] v = leaf.attrs().getDoubles("value");
            for (int i = 0; i < v.length; i++) v[i] = leaf.dtype().round(v[i]);
            return commonValue(v);
        }
        return null;
    }

    // ---- uniform shortcut: one element stands for all -------------------------------------------

    /**
     * The result's common value when it is known from one element: an elementwise op on uniform
     * inputs computes the same scalar function at every position, and an element-moving shape op
     * (reshape, broadcast, transpose, squeeze, unsqueeze, slice) on a uniform input only copies its
     * value. Elementwise ops are evaluated by the same kernel on 0-d copies of the node, which gives
     * the same bits as the full-size kernel (same scalar function, same rounding). Null when the
     * shortcut does not apply.
     */
    private static Double uniformResult(Node original, Node[] args) {
        Double[] vs = new Double[args.length];
        for (int i = 0; i < args.length; i++) {
            vs[i] = uniformValue(args[i]);
            if (vs[i] == null) return null;
        }
        Op op = original.op();
        switch (op) {
            case RESHAPE: case BROADCAST_TO: case TRANSPOSE: case SQUEEZE: case UNSQUEEZE: case SLICE:
                return vs[0];
            default:
                break;
        }
        if (!op.isElementwise()) return null;
        GraphBuilder scratch = new GraphBuilder();
        Node[] scalars = new Node[args.length];
        NDArray[] values = new NDArray[args.length];
        for (int i = 0; i < args.length; i++) {
            scalars[i] = scratch.constant(vs[i], args[i].dtype());
            values[i] = Kernels.apply(scalars[i]);
        }
        Node scalarNode = scratch.apply(op, original.attrs(), scalars);
        return Kernels.apply(scalarNode, values).item();
    }
}
