package dev.fluxion;

import dev.fluxion.compiler.autodiff.DerivativeRules;
import dev.fluxion.compiler.interpret.Kernels;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.OpCall;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.ShapeRules;
import dev.fluxion.compiler.ir.SliceSpec;
import dev.fluxion.compiler.ir.TensorType;

import java.util.List;

/**
 * A multi-dimensional array that records the operations applied to it, so gradients can be
 * computed by {@link #backward()} or {@link Autograd#grad}. Mirrors PyTorch's tensor: f64 by
 * default, any rank, NumPy broadcasting. Every op runs the compiler's interpreter kernel and, when
 * grad mode is on and an input requires grad, records a node whose backward is the compiler's
 * derivative rule for that op.
 */
public final class Tensor {
    Storage storage;
    private final TensorType type;
    private boolean requiresGrad;
    Tensor grad;
    GradFn gradFn;
    private boolean retainsGrad;

    Tensor(Storage storage, TensorType type) {
        this.storage = storage;
        this.type = type;
    }

    /** A tensor owning {@code a}'s (fresh) array. */
    static Tensor wrap(NDArray a) {
        return new Tensor(new Storage(a.sharedData()), a.type());
    }

    /** A tensor of {@code type} holding a rounded copy of {@code values}. */
    static Tensor of(TensorType type, double[] values) {
        return wrap(NDArray.of(type, values));
    }

    NDArray value() {
        return NDArray.sharing(type, storage.data);
    }

    // ---- the one entry point of every op -------------------------------------------------------

    /**
     * Applies {@code op}: infers the result type (a shape error names the op and the shapes),
     * evaluates the kernel, and records a backward node when grad mode is on, the result is
     * floating-point and some input requires grad.
     */
    static Tensor apply(Op op, Attrs attrs, Tensor... inputs) {
        TensorType[] types = new TensorType[inputs.length];
        NDArray[] values = new NDArray[inputs.length];
        boolean anyRequiresGrad = false;
        for (int i = 0; i < inputs.length; i++) {
            types[i] = inputs[i].type;
            values[i] = inputs[i].value();
            anyRequiresGrad |= inputs[i].requiresGrad;
        }
        TensorType out = ShapeRules.infer(op, attrs, types, null);
        OpCall call = OpCall.of(op, attrs, out);
        double[] data = Kernels.evaluate(call, values).sharedData();
        for (Tensor in : inputs) if (data == in.storage.data) data = data.clone(); // reshape kernels share arrays
        Tensor t = new Tensor(new Storage(data), out);
        if (anyRequiresGrad && GradMode.isEnabled() && out.dtype().isFloating() && DerivativeRules.hasRule(op)) {
            t.requiresGrad = true;
            t.gradFn = new OpGradFn(call, inputs.clone());
        }
        return t;
    }

    private Tensor unary(Op op) {
        return apply(op, Attrs.NONE, this);
    }

    private Tensor binary(Op op, Tensor other) {
        return apply(op, Attrs.NONE, this, other);
    }

    /** A 0-d constant of this tensor's dtype. */
    Tensor scalar(double v) {
        return of(TensorType.scalar(type.dtype()), new double[] {v});
    }

    // ---- properties ------------------------------------------------------------------------------

    public int[] shape() {
        return type.shape().dims();
    }

    public int dim() {
        return type.rank();
    }

    public int numel() {
        return type.numel();
    }

    public DType dtype() {
        return type.dtype();
    }

    TensorType type() {
        return type;
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("a Tensor with " + numel() + " elements cannot be converted to a scalar (item() needs exactly one)");
        }
        return storage.data[0];
    }

    /** A row-major copy of the values. */
    public double[] toDoubleArray() {
        return storage.data.clone();
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Sets whether this leaf records operations for gradients; returns this tensor. */
    public Tensor requiresGrad_(boolean requires) {
        if (gradFn != null) {
            throw new IllegalStateException("you can only change requires_grad flags of leaf variables. If you want to use a "
                    + "computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
        }
        if (requires && !type.dtype().isFloating()) {
            throw new IllegalArgumentException("only Tensors of floating point dtype can require gradients, but this one is " + type.dtype());
        }
        requiresGrad = requires;
        return this;
    }

    void markRequiresGrad(GradFn fn) {
        requiresGrad = true;
        gradFn = fn;
    }

    /** True for tensors created by the user (not computed by a recorded op). */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The accumulated gradient, or null when none has been computed. */
    public Tensor grad() {
        return grad;
    }

    /** Keeps the gradient of this non-leaf tensor in {@link #grad()} during backward. */
    public Tensor retainGrad() {
        if (!requiresGrad) throw new IllegalStateException("can't retain_grad on Tensor that has requires_grad=False");
        if (gradFn != null) retainsGrad = true;
        return this;
    }

    boolean retainsGrad() {
        return retainsGrad;
    }

    /** PyTorch's name for the node that computed this tensor, e.g. {@code MulBackward0}, or null for a leaf. */
    public String gradFnName() {
        return gradFn == null ? null : gradFn.name();
    }

    // ---- autograd --------------------------------------------------------------------------------

    /** Backward from this scalar: accumulates d(this)/d(leaf) into every leaf that requires grad. */
    public void backward() {
        backward(null, false, false);
    }

    /** Backward with {@code gradient} (same shape as this tensor) as the vector of the vector-Jacobian product. */
    public void backward(Tensor gradient) {
        backward(gradient, false, false);
    }

    /**
     * @param gradient d(loss)/d(this); may be null only for a one-element tensor
     * @param retainGraph keep the graph for another backward
     * @param createGraph record the backward pass itself, for higher derivatives
     */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        BackwardEngine.backward(List.of(this), gradient == null ? null : java.util.Collections.singletonList(gradient),
                retainGraph, createGraph);
    }

    /** Mixed partial derivative d^n(this)/d(xs[0])…d(xs[n-1]) of a scalar, each step recorded for the next. */
    public Tensor d(Tensor... xs) {
        Tensor f = this;
        for (int i = 0; i < xs.length; i++) {
            boolean last = i == xs.length - 1;
            f = Autograd.grad(List.of(f), List.of(xs[i]), GradOptions.builder().createGraph(!last).retainGraph(true).build()).get(0);
        }
        return f;
    }

    // ---- graph surgery ---------------------------------------------------------------------------

    /** A tensor sharing this one's memory, outside the graph (requires no grad). */
    public Tensor detach() {
        return new Tensor(storage, type);
    }

    /** Detaches this tensor in place: it becomes a leaf that does not require grad. */
    public Tensor detach_() {
        gradFn = null;
        requiresGrad = false;
        retainsGrad = false;
        return this;
    }

    /** A copy of the data that stays in the graph: gradients flow back to this tensor. */
    public Tensor clone() {
        return apply(Op.RESHAPE, Attrs.of("shape", type.shape().dims()), this);
    }

    /** A copy of the data outside the graph: {@code clone().detach_()}. */
    public Tensor copy() {
        return new Tensor(new Storage(storage.data.clone()), type);
    }

    /** This tensor converted to {@code dtype} (differentiable between floating types). */
    public Tensor to(DType dtype) {
        return dtype == type.dtype() ? this : apply(Op.CAST, Attrs.of("dtype", dtype), this);
    }

    // ---- elementwise arithmetic ----------------------------------------------------------------

    public Tensor add(Tensor o) { return binary(Op.ADD, o); }
    public Tensor sub(Tensor o) { return binary(Op.SUB, o); }
    public Tensor mul(Tensor o) { return binary(Op.MUL, o); }
    public Tensor div(Tensor o) { return binary(Op.DIV, o); }
    public Tensor pow(Tensor o) { return binary(Op.POW, o); }
    public Tensor maximum(Tensor o) { return binary(Op.MAXIMUM, o); }
    public Tensor minimum(Tensor o) { return binary(Op.MINIMUM, o); }
    public Tensor atan2(Tensor o) { return binary(Op.ATAN2, o); }
    public Tensor add(double c) { return add(scalar(c)); }
    public Tensor sub(double c) { return sub(scalar(c)); }
    public Tensor mul(double c) { return mul(scalar(c)); }
    public Tensor div(double c) { return div(scalar(c)); }
    public Tensor pow(double c) { return pow(scalar(c)); }
    /** {@code c - this}. */
    public Tensor rsub(double c) { return scalar(c).sub(this); }
    /** {@code c / this}. */
    public Tensor rdiv(double c) { return scalar(c).div(this); }

    public Tensor neg() { return unary(Op.NEG); }
    public Tensor abs() { return unary(Op.ABS); }
    public Tensor sign() { return unary(Op.SIGN); }
    public Tensor exp() { return unary(Op.EXP); }
    public Tensor expm1() { return unary(Op.EXPM1); }
    public Tensor log() { return unary(Op.LOG); }
    public Tensor log1p() { return unary(Op.LOG1P); }
    public Tensor sqrt() { return unary(Op.SQRT); }
    public Tensor rsqrt() { return unary(Op.RSQRT); }
    public Tensor reciprocal() { return unary(Op.RECIPROCAL); }
    public Tensor square() { return unary(Op.SQUARE); }
    public Tensor sin() { return unary(Op.SIN); }
    public Tensor cos() { return unary(Op.COS); }
    public Tensor tan() { return unary(Op.TAN); }
    public Tensor asin() { return unary(Op.ASIN); }
    public Tensor acos() { return unary(Op.ACOS); }
    public Tensor atan() { return unary(Op.ATAN); }
    public Tensor sinh() { return unary(Op.SINH); }
    public Tensor cosh() { return unary(Op.COSH); }
    public Tensor tanh() { return unary(Op.TANH); }
    public Tensor sigmoid() { return unary(Op.SIGMOID); }
    public Tensor relu() { return unary(Op.RELU); }
    public Tensor softplus() { return unary(Op.SOFTPLUS); }
    public Tensor erf() { return unary(Op.ERF); }

    // ---- comparisons (bool results, never differentiable) ------------------------------------------

    public Tensor lt(Tensor o) { return binary(Op.LT, o); }
    public Tensor le(Tensor o) { return binary(Op.LE, o); }
    public Tensor gt(Tensor o) { return binary(Op.GT, o); }
    public Tensor ge(Tensor o) { return binary(Op.GE, o); }
    public Tensor eq(Tensor o) { return binary(Op.EQ, o); }
    public Tensor ne(Tensor o) { return binary(Op.NE, o); }
    public Tensor lt(double c) { return lt(scalar(c)); }
    public Tensor le(double c) { return le(scalar(c)); }
    public Tensor gt(double c) { return gt(scalar(c)); }
    public Tensor ge(double c) { return ge(scalar(c)); }
    public Tensor eq(double c) { return eq(scalar(c)); }
    public Tensor ne(double c) { return ne(scalar(c)); }

    // ---- reductions ------------------------------------------------------------------------------

    /** Reduces over {@code dims} (negative counts from the end; none = all dims). */
    Tensor reduce(Op op, boolean keepdim, int... dims) {
        int[] axes = dims.length == 0 ? GraphBuilder.allAxes(dim()) : GraphBuilder.normalizeAxes(op, dims, dim());
        return apply(op, Attrs.of("axes", axes, "keepdim", keepdim), this);
    }

    public Tensor sum() { return reduce(Op.SUM, false); }
    public Tensor sum(int dim, boolean keepdim) { return reduce(Op.SUM, keepdim, dim); }
    public Tensor sum(int[] dims, boolean keepdim) { return reduce(Op.SUM, keepdim, dims); }
    public Tensor mean() { return reduce(Op.MEAN, false); }
    public Tensor mean(int dim, boolean keepdim) { return reduce(Op.MEAN, keepdim, dim); }
    public Tensor mean(int[] dims, boolean keepdim) { return reduce(Op.MEAN, keepdim, dims); }
    public Tensor prod() { return reduce(Op.PROD, false); }
    public Tensor prod(int dim, boolean keepdim) { return reduce(Op.PROD, keepdim, dim); }
    public Tensor max() { return reduce(Op.MAX, false); }
    public Tensor max(int dim, boolean keepdim) { return reduce(Op.MAX, keepdim, dim); }
    public Tensor min() { return reduce(Op.MIN, false); }
    public Tensor min(int dim, boolean keepdim) { return reduce(Op.MIN, keepdim, dim); }
    public Tensor logsumexp() { return reduce(Op.LOGSUMEXP, false); }
    public Tensor logsumexp(int dim, boolean keepdim) { return reduce(Op.LOGSUMEXP, keepdim, dim); }

    /** The Euclidean (2-)norm of all elements. */
    public Tensor norm() {
        return square().sum().sqrt();
    }

    // ---- shape -----------------------------------------------------------------------------------

    /** Reshapes (row-major); one dimension may be -1. */
    public Tensor reshape(int... shape) {
        return apply(Op.RESHAPE, Attrs.of("shape", GraphBuilder.resolveShape(type.shape(), shape)), this);
    }

    /** Same as {@link #reshape}. */
    public Tensor view(int... shape) {
        return reshape(shape);
    }

    /** The matrix transpose; a tensor of rank below 2 is returned as it is, as in PyTorch. */
    public Tensor t() {
        if (dim() > 2) throw new IllegalArgumentException("t() expects a tensor with <= 2 dimensions, but self is " + dim() + "D");
        return dim() < 2 ? this : transpose(0, 1);
    }

    /** Swaps two dimensions. */
    public Tensor transpose(int dim0, int dim1) {
        int[] perm = GraphBuilder.allAxes(dim());
        int a = Shape.normalizeAxis("transpose", dim0, dim()), b = Shape.normalizeAxis("transpose", dim1, dim());
        perm[a] = b;
        perm[b] = a;
        return permute(perm);
    }

    /** Reorders dimensions: result dimension i is this tensor's dimension {@code dims[i]}. */
    public Tensor permute(int... dims) {
        int[] p = new int[dims.length];
        for (int i = 0; i < dims.length; i++) p[i] = Shape.normalizeAxis("permute", dims[i], dim());
        return apply(Op.TRANSPOSE, Attrs.of("perm", p), this);
    }

    /** Removes all size-1 dimensions. */
    public Tensor squeeze() {
        int[] d = shape();
        int n = 0;
        for (int x : d) if (x != 1) n++;
        int[] out = new int[n];
        for (int i = 0, k = 0; i < d.length; i++) if (d[i] != 1) out[k++] = d[i];
        return reshape(out);
    }

    /** Removes dimension {@code dim} if its size is 1 (else returns this tensor, as PyTorch does). */
    public Tensor squeeze(int dim) {
        int a = Shape.normalizeAxis("squeeze", dim, dim());
        return shape()[a] != 1 ? this : apply(Op.SQUEEZE, Attrs.of("axes", new int[] {a}), this);
    }

    /** Inserts a size-1 dimension at {@code dim}. */
    public Tensor unsqueeze(int dim) {
        int a = Shape.normalizeAxis("unsqueeze", dim, dim() + 1);
        return apply(Op.UNSQUEEZE, Attrs.of("axes", new int[] {a}), this);
    }

    /** Broadcasts to {@code shape} (NumPy rules). */
    public Tensor expand(int... shape) {
        return apply(Op.BROADCAST_TO, Attrs.of("shape", shape.clone()), this);
    }

    /** {@code this[start:stop:step]} along {@code dim}, Python bounds ({@code null} = open end). */
    public Tensor slice(int dim, Integer start, Integer stop, int step) {
        int a = Shape.normalizeAxis("slice", dim, dim());
        SliceSpec s = SliceSpec.normalize(start, stop, step, shape()[a]);
        if (s.step() < 0) throw new IllegalArgumentException("slice: negative steps are not supported (dim " + dim + ")");
        int[] lo = new int[dim()], hi = shape(), st = new int[dim()];
        java.util.Arrays.fill(st, 1);
        lo[a] = s.start();
        hi[a] = s.stop();
        st[a] = s.step();
        return apply(Op.SLICE, Attrs.of("start", lo, "stop", hi, "step", st), this);
    }

    /** The element or sub-tensor at the given leading indices (negative counts from the end); differentiable. */
    public Tensor get(int... index) {
        if (index.length > dim()) throw new IndexOutOfBoundsException("too many indices for tensor of dimension " + dim());
        Tensor t = this;
        for (int i = 0; i < index.length; i++) t = t.slice(i, checkIndex(i, index[i]), checkIndex(i, index[i]) + 1, 1);
        int[] rest = java.util.Arrays.copyOfRange(shape(), index.length, dim());
        return t.reshape(rest);
    }

    int checkIndex(int dim, int i) {
        int size = shape()[dim];
        int k = i < 0 ? i + size : i;
        if (k < 0 || k >= size) throw new IndexOutOfBoundsException("index " + i + " is out of bounds for dimension " + dim + " with size " + size);
        return k;
    }

    /** PyTorch's gather along {@code dim} with an i64 index tensor. */
    public Tensor gather(int dim, Tensor index) {
        return apply(Op.GATHER, Attrs.of("axis", Shape.normalizeAxis("gather", dim, dim())), this, index);
    }

    /** PyTorch's scatter_add (out of place): this tensor plus {@code src} added at {@code index} along {@code dim}. */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return apply(Op.SCATTER_ADD, Attrs.of("axis", Shape.normalizeAxis("scatter_add", dim, dim())), this, index, src);
    }

    // ---- linear algebra ----------------------------------------------------------------------------

    /** NumPy/PyTorch matmul: batched, broadcasting, 1-D operands promoted. */
    public Tensor matmul(Tensor o) { return binary(Op.MATMUL, o); }

    /** Inner product of two 1-D tensors. */
    public Tensor dot(Tensor o) { return binary(Op.DOT, o); }

    // ---- in place ----------------------------------------------------------------------------------

    public Tensor add_(Tensor o) { return InPlace.apply(this, t -> t.add(o)); }
    public Tensor sub_(Tensor o) { return InPlace.apply(this, t -> t.sub(o)); }
    public Tensor mul_(Tensor o) { return InPlace.apply(this, t -> t.mul(o)); }
    public Tensor div_(Tensor o) { return InPlace.apply(this, t -> t.div(o)); }
    public Tensor add_(double c) { return add_(scalar(c)); }
    public Tensor sub_(double c) { return sub_(scalar(c)); }
    public Tensor mul_(double c) { return mul_(scalar(c)); }
    public Tensor div_(double c) { return div_(scalar(c)); }

    /** Fills with zeros in place; a recorded tensor passes zero gradient to its former value. */
    public Tensor zero_() {
        return InPlace.apply(this, t -> Fluxion.where(Fluxion.full(shape(), 0, DType.BOOL), t, t.scalar(0)));
    }

    /** {@code this[index] = value} in place (value first, then the index, as in the API table). */
    public Tensor set(double value, int... index) {
        double[] mask = new double[numel()];
        Tensor probe = Fluxion.arange(numel()).reshape(shape());
        Tensor selected = index.length == 0 ? probe : probe.get(index);
        for (double k : selected.storage.data) mask[(int) k] = 1;
        Tensor where = of(TensorType.of(DType.BOOL, shape()), mask);
        return InPlace.apply(this, t -> Fluxion.where(where, t.scalar(value), t));
    }

    boolean isLeafRequiringGrad() {
        return gradFn == null && requiresGrad;
    }

    Tensor formerSelf() {
        Tensor f = new Tensor(new Storage(storage.data.clone()), type);
        f.requiresGrad = requiresGrad;
        f.gradFn = gradFn;
        return f;
    }

    void becomeResultOf(Tensor r) {
        if (!r.type.shape().equals(type.shape())) {
            throw new IllegalArgumentException("output with shape " + type.shape() + " doesn't match the broadcast shape " + r.type.shape());
        }
        if (r.dtype() != dtype()) throw new IllegalArgumentException("result type " + r.dtype() + " can't be cast to the desired output type " + dtype());
        System.arraycopy(r.storage.data, 0, storage.data, 0, storage.data.length);
        storage.bump();
        if (r.gradFn != null) {
            requiresGrad = true;
            gradFn = r.gradFn;
        }
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
