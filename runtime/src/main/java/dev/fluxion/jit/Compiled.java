package dev.fluxion.jit;

import dev.fluxion.Fluxion;
import dev.fluxion.Tensor;
import dev.fluxion.Tracer;
import dev.fluxion.compiler.codegen.CompiledGraph;
import dev.fluxion.compiler.codegen.GeneratedKernel;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.IrPrinter;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.TensorType;

import dev.fluxion.compiler.codegen.java.JavaExport;
import dev.fluxion.compiler.print.MathPrinter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A function compiled to JVM bytecode by {@link Jit}: the optimised graph of a {@link Transform} of
 * a traced function, and the generated class that computes it.
 *
 * <p>Values: {@link #apply(double...)} and the allocation-free {@link #applyInto} take every input
 * flattened row-major and concatenated in input order (a 0-d input is one value) and give the
 * outputs the same way; the tensor forms {@link #apply(Tensor...)} and {@link #applyAll} take one
 * tensor per input, of exactly its dtype and shape. {@link #call} is the differentiable form for
 * eager code: its backward is this function's compiled vector-Jacobian product. Inside a function
 * being traced, every tensor form adds this function's graph to the trace instead of running it.
 *
 * <p>Immutable and thread-safe: any number of threads may call one instance at once and get the
 * same results as one thread would.
 */
public final class Compiled {
    private final Transform transform;
    private final Graph graph;
    /** The kernel alone: a cached function should not keep its class model alive (see {@link CompiledGraph#runner()}). */
    private final CompiledGraph.Runner code;
    /** The runner's kernel, held here too: {@link #applyInto} calls its checked entry directly, one call deep. */
    private final GeneratedKernel kernel;
    private final List<Spec> inputs;
    private final List<TensorType> outputTypes;
    private final int inputSize;
    private final int outputSize;
    private volatile Compiled backward;
    /** The traced function and the positions of the inputs differentiated, for exporting related entries. */
    private final Graph source;
    private final int[] wrt;

    Compiled(Transform transform, Graph graph, CompiledGraph code, Graph source, int[] wrt) {
        this.transform = transform;
        this.graph = graph;
        this.code = code.runner();
        this.kernel = this.code.kernel();
        this.source = source;
        this.wrt = wrt.clone();
        this.inputs = Traced.specsOf(graph);
        List<TensorType> types = new ArrayList<>();
        for (Node o : graph.outputs()) types.add(o.type());
        this.outputTypes = List.copyOf(types);
        this.inputSize = code.inputSize();
        this.outputSize = code.outputSize();
    }

    // ---- values ------------------------------------------------------------------------------------

    /**
     * Runs the function on flattened input values and returns the flattened outputs (a new array).
     *
     * @throws IllegalArgumentException when {@code in} does not hold exactly {@link #inputSize()} values
     */
    public double[] apply(double... in) {
        checkInputLength(in);
        return code.run(in);
    }

    /**
     * Runs the function on flattened inputs, writing the flattened outputs into {@code out}; allocates
     * nothing, so a hot loop can call it with the same two arrays.
     *
     * @throws IllegalArgumentException when {@code in} or {@code out} is not exactly {@link #inputSize()} or
     *     {@link #outputSize()} long
     */
    public void applyInto(double[] in, double[] out) {
        try {
            // The kernel checks both lengths against constants of its class, then computes: inlined
            // here, that is two compares in front of the generated code and nothing else.
            kernel.apply(in, out);
        } catch (IllegalArgumentException e) {
            checkInputLength(in);
            if (out.length != outputSize) {
                throw new IllegalArgumentException(this + " writes " + outputSize + " output value(s) but the out array has "
                        + out.length);
            }
            throw e;
        }
    }

    /**
     * The single output for one tensor per input (no autograd: see {@link #call}).
     *
     * @throws IllegalArgumentException when the function has several outputs, or the arguments do not
     *     match the inputs in number, dtype and shape
     */
    public Tensor apply(Tensor... args) {
        requireSingleOutput("apply", "applyAll");
        return applyAll(args).get(0);
    }

    /**
     * Every output, for one tensor per input (no autograd: see {@link #callAll}).
     *
     * @throws IllegalArgumentException when the arguments do not match the inputs in number, dtype and shape
     */
    public List<Tensor> applyAll(Tensor... args) {
        checkArguments(args);
        if (anyTraced(args)) return List.of(Tracer.inline(graph, args));
        return unflatten(code.run(flatten(args)));
    }

    /**
     * The single output as a differentiable op of eager code: gradients flow back to the arguments
     * that require grad through this function's compiled vector-Jacobian product (compiled on first
     * use), itself differentiable, so higher derivatives work too.
     *
     * @throws IllegalArgumentException when the function has several outputs, or the arguments do not
     *     match the inputs in number, dtype and shape
     */
    public Tensor call(Tensor... args) {
        requireSingleOutput("call", "callAll");
        return callAll(args).get(0);
    }

    /** Every output as differentiable ops of eager code; see {@link #call}. */
    public List<Tensor> callAll(Tensor... args) {
        checkArguments(args);
        if (anyTraced(args)) return List.of(Tracer.inline(graph, args));
        boolean needsGrad = false;
        for (Tensor a : args) needsGrad |= a.requiresGrad();
        if (!needsGrad || !Fluxion.isGradEnabled() || !Transforms.hasFloatingOutput(graph)) return applyAll(args);
        Tensor result = new CompiledCall(this).apply(args);
        return outputTypes.size() == 1 ? List.of(result) : unpack(result);
    }

    // ---- what it is ---------------------------------------------------------------------------------

    /** What this function computes from the traced one. */
    public Transform transform() {
        return transform;
    }

    /** The optimised graph the bytecode computes. */
    public Graph graph() {
        return graph;
    }

    /** The optimised graph in IR text. */
    public String ir() {
        return IrPrinter.print(graph);
    }

    /** A textual disassembly of the generated class's bytecode. */
    public String bytecode() {
        return code.disassembly();
    }

    /** The inputs, in order. */
    public List<Spec> inputSpecs() {
        return inputs;
    }

    /** The outputs' types, in order. */
    public List<TensorType> outputTypes() {
        return outputTypes;
    }

    /** The shape of output {@code i} (a copy). */
    public int[] outputShape(int i) {
        return outputTypes.get(i).shape().dims();
    }

    public int outputCount() {
        return outputTypes.size();
    }

    /** Values taken by {@link #apply(double...)}: the inputs' element counts summed. */
    public int inputSize() {
        return inputSize;
    }

    /** Values returned by {@link #apply(double...)}: the outputs' element counts summed. */
    public int outputSize() {
        return outputSize;
    }

    /** {@code Compiled grad (x: f64[], y: f64[]) -> (f64[], f64[])}. */
    // ---- Java source ------------------------------------------------------------------------------

    /** {@link #javaSource(String, String)} in the unnamed package. */
    public String javaSource(String className) {
        return javaSource("", className);
    }

    /**
     * This function as a standalone Java class that depends only on the JDK: optimised, readable,
     * split into methods under the JVM's limits. A gradient ({@code grad}, {@code valueAndGrad})
     * exports {@code value}, {@code gradient} and {@code valueAndGradient} methods; other transforms
     * export one method named after the transform. Each comes as {@code name(x, y, …)} and as the
     * allocation-free {@code nameInto(in, out)}.
     *
     * @throws IllegalArgumentException when the package or class name is not a valid Java name
     */
    public String javaSource(String packageName, String className) {
        return export(packageName, className).source();
    }

    /** Writes {@link #javaSource(String, String)} to {@code dir/<package path>/<className>.java} and returns that path. */
    public java.nio.file.Path writeJavaSource(java.nio.file.Path dir, String packageName, String className) throws java.io.IOException {
        return export(packageName, className).writeTo(dir);
    }

    private JavaExport export(String packageName, String className) {
        JavaExport e = new JavaExport().packageName(packageName).className(className).description(describe()).optimize(true);
        List<String> gradNames = new ArrayList<>();
        for (int p : wrt) gradNames.add("d_" + source.input(p).attrs().getString("name"));
        switch (transform) {
            case GRAD:
            case VALUE_AND_GRAD:
                List<String> both = new ArrayList<>();
                both.add("value");
                both.addAll(gradNames);
                e.entry("value", source);
                e.entry("gradient", Transforms.apply(Transform.GRAD, source, wrt), gradNames);
                e.entry("valueAndGradient", Transforms.apply(Transform.VALUE_AND_GRAD, source, wrt), both);
                return e;
            case COMPILE:
                return e.entry("value", source);
            default:
                return e.entry(transform.methodName().replace(" (backward)", "Backward").replace("call", "pullback"), graph);
        }
    }

    /** What the exported class computes: the function as math when it fits on one line (each entry's comment shows the rest). */
    private String describe() {
        StringBuilder sig = new StringBuilder();
        for (Node in : source.inputs()) sig.append(sig.length() == 0 ? "" : ", ").append(in.attrs().getString("name"));
        String what = transform == Transform.COMPILE ? "" : transform.methodName() + " of ";
        String head = what + "f(" + sig + ")";
        if (source.size() <= 60) {
            String math = MathPrinter.print(source).strip();
            if (!math.contains("\n") && math.length() <= 100) return head + " = " + math;
        }
        return head + ", a traced function of " + source.inputs().size() + " inputs and " + source.operationCount() + " operations";
    }

    @Override
    public String toString() {
        return "Compiled " + transform.methodName() + " " + Traced.signature(graph);
    }

    // ---- used by CompiledCall -------------------------------------------------------------------------

    /** The pullback of this function (see {@link Transform#BACKWARD}), compiled once on first use. */
    Compiled backward() {
        Compiled b = backward;
        if (b == null) {
            synchronized (this) {
                b = backward;
                if (b == null) backward = b = Jit.build(Transform.BACKWARD, graph, new String[0]);
            }
        }
        return b;
    }

    double[] run(double[] in) {
        return code.run(in);
    }

    /** The inputs' values, flattened and concatenated. */
    double[] flatten(Tensor[] args) {
        double[] in = new double[inputSize];
        int k = 0;
        for (Tensor a : args) {
            double[] v = a.toDoubleArray();
            System.arraycopy(v, 0, in, k, v.length);
            k += v.length;
        }
        return in;
    }

    /** Where output {@code o} starts in the flattened outputs. */
    int outputOffset(int o) {
        int k = 0;
        for (int i = 0; i < o; i++) k += outputTypes.get(i).numel();
        return k;
    }

    // ---- internals -----------------------------------------------------------------------------------

    private List<Tensor> unflatten(double[] out) {
        List<Tensor> result = new ArrayList<>();
        int k = 0;
        for (TensorType t : outputTypes) {
            int n = t.numel();
            result.add(Fluxion.tensor(Arrays.copyOfRange(out, k, k + n), t.shape().dims(), t.dtype(), false));
            k += n;
        }
        return result;
    }

    /** The outputs of several, as differentiable slices of the one f64 vector {@link CompiledCall} returns. */
    private List<Tensor> unpack(Tensor packed) {
        List<Tensor> result = new ArrayList<>();
        for (int o = 0; o < outputTypes.size(); o++) {
            TensorType t = outputTypes.get(o);
            int k = outputOffset(o);
            result.add(packed.slice(0, k, k + t.numel(), 1).reshape(t.shape().dims()).to(t.dtype()));
        }
        return result;
    }

    private void checkInputLength(double[] in) {
        if (in.length != inputSize) {
            throw new IllegalArgumentException(this + " takes " + inputSize + " input value(s) (" + valueCounts()
                    + ", each flattened row-major) but got " + in.length);
        }
    }

    private String valueCounts() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < inputs.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(inputs.get(i).name()).append(": ").append(inputs.get(i).numel());
        }
        return sb.toString();
    }

    private void checkArguments(Tensor[] args) {
        if (args.length != inputs.size()) {
            throw new IllegalArgumentException(this + " takes " + inputs.size() + " tensor(s), one per input, but got " + args.length);
        }
        for (int i = 0; i < args.length; i++) {
            Spec s = inputs.get(i);
            if (args[i] == null) throw new IllegalArgumentException("argument " + i + " ('" + s.name() + "') is null");
            if (args[i].dtype() != s.dtype() || !Arrays.equals(args[i].shape(), s.shape())) {
                throw new IllegalArgumentException("argument " + i + " is " + TensorType.of(args[i].dtype(), args[i].shape())
                        + " but input '" + s.name() + "' is " + s.type() + " (convert with .to(dtype), reshape with .reshape(..))");
            }
        }
    }

    private void requireSingleOutput(String method, String alternative) {
        if (outputTypes.size() != 1) {
            throw new IllegalArgumentException(this + " has " + outputTypes.size() + " outputs; " + method
                    + " returns one tensor, use " + alternative);
        }
    }

    private static boolean anyTraced(Tensor[] args) {
        for (Tensor a : args) if (Tracer.isTraced(a)) return true;
        return false;
    }
}
