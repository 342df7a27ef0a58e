package dev.fluxion.compiler.codegen;

import dev.fluxion.compiler.codegen.bytecode.Disassembler;
import dev.fluxion.compiler.codegen.bytecode.MethodSizes;
import dev.fluxion.compiler.codegen.model.ClassModel;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.Node;

import java.util.List;

/**
 * A graph compiled to JVM bytecode, ready to run: the graph, its lowered class model, the class
 * bytes and the loaded kernel.
 *
 * <p>Thread-safe: the kernel holds only constants and each thread gets its own scratch array, made
 * on the thread's first call and reused after, so {@link #run(double[], double[])} allocates nothing
 * from then on. The kernel keeps the scratch arrays in a {@link ThreadLocal} whose values reference
 * neither this object nor the kernel, so neither is kept alive by threads that once called it (see
 * {@link GeneratedKernel#scratch}).
 *
 * <p>What running needs is its {@link #runner()}, which holds neither the graph nor the class model
 * (a model of a 1,000-node graph takes about half a megabyte); a cache of compiled functions keeps
 * the runner alone.
 */
public final class CompiledGraph {
    private final Graph graph;
    private final ClassModel model;
    private final Runner runner;
    private final int maxMethodBytes;

    /**
     * @throws IllegalArgumentException if the model's input or output layout does not match the
     *                                  graph's inputs and outputs (count and element counts)
     */
    CompiledGraph(Graph graph, ClassModel model, byte[] classBytes, GeneratedKernel kernel) {
        checkLayout("input", graph.inputs(), model.inputOffsets());
        checkLayout("output", graph.outputs(), model.outputOffsets());
        this.graph = graph;
        this.model = model;
        this.runner = new Runner(kernel, model.inputSize(), model.outputSize(), model.workSize(), classBytes.clone());
        this.maxMethodBytes = MethodSizes.max(classBytes);
    }

    private static void checkLayout(String what, List<Node> nodes, int[] offsets) {
        if (offsets.length != nodes.size() + 1 || offsets[0] != 0) {
            throw new IllegalArgumentException("the model lays out " + (offsets.length - 1) + " " + what + "s but the graph has " + nodes.size());
        }
        for (int i = 0; i < nodes.size(); i++) {
            int numel = nodes.get(i).type().numel();
            if (offsets[i + 1] - offsets[i] != numel) {
                throw new IllegalArgumentException(what + " " + i + " has " + numel + " elements but the model gives it "
                        + (offsets[i + 1] - offsets[i]));
            }
        }
    }

    /**
     * Computes the graph's outputs into {@code out}.
     *
     * @param in  the inputs flattened row-major and concatenated in input order: exactly {@link #inputSize()} doubles
     * @param out receives the outputs likewise: exactly {@link #outputSize()} doubles
     * @throws IllegalArgumentException if an array has the wrong length
     * @throws IndexOutOfBoundsException if the graph gathers or scatters with an out-of-range index
     * @see GeneratedKernel#apply
     */
    public void run(double[] in, double[] out) {
        runner.run(in, out);
    }

    /**
     * Computes the graph's outputs into a new array of {@link #outputSize()} doubles.
     *
     * @param in exactly {@link #inputSize()} doubles, laid out as for {@link #run(double[], double[])}
     * @throws IllegalArgumentException if {@code in} has the wrong length
     */
    public double[] run(double... in) {
        return runner.run(in);
    }

    /** Number of input doubles (all inputs' elements). */
    public int inputSize() {
        return runner.inputSize;
    }

    /** Number of output doubles (all outputs' elements). */
    public int outputSize() {
        return runner.outputSize;
    }

    /** Doubles of scratch each calling thread holds. */
    public int workSize() {
        return runner.workSize;
    }

    /** The graph that was compiled. */
    public Graph graph() {
        return graph;
    }

    /** The class model the graph was lowered to. */
    public ClassModel model() {
        return model;
    }

    /** The loaded kernel with what running it needs, and nothing else: see {@link Runner}. */
    public Runner runner() {
        return runner;
    }

    /** A copy of the generated class file. */
    public byte[] classBytes() {
        return runner.classBytes.clone();
    }

    /** The generated class in ASM's textual form (see {@link Disassembler}). */
    public String disassembly() {
        return runner.disassembly();
    }

    /** The bytecode size of the generated class's largest method; always under {@link MethodSizes#HUGE_METHOD_LIMIT}. */
    public int maxMethodBytes() {
        return maxMethodBytes;
    }

    /**
     * The runnable part of a {@link CompiledGraph}: the kernel, its input, output and scratch sizes
     * and the class bytes. Runs exactly as the compiled graph does (same checks, same thread
     * safety), without keeping the graph or the class model alive.
     */
    public static final class Runner {
        private final GeneratedKernel kernel;
        private final int inputSize;
        private final int outputSize;
        private final int workSize;
        private final byte[] classBytes;

        private Runner(GeneratedKernel kernel, int inputSize, int outputSize, int workSize, byte[] classBytes) {
            this.kernel = kernel;
            this.inputSize = inputSize;
            this.outputSize = outputSize;
            this.workSize = workSize;
            this.classBytes = classBytes;
        }

        /** As {@link CompiledGraph#run(double[], double[])}. */
        public void run(double[] in, double[] out) {
            kernel.apply(in, out);
        }

        /**
         * The loaded kernel. A hot caller gets the shortest path by calling its checked entry
         * {@link GeneratedKernel#apply} itself, from a field of its own: one call, inlined where the
         * call site sees one kernel class, with the length checks against constants of the class.
         */
        public GeneratedKernel kernel() {
            return kernel;
        }

        /** As {@link CompiledGraph#run(double...)}. */
        public double[] run(double... in) {
            double[] out = new double[outputSize];
            run(in, out);
            return out;
        }

        public int inputSize() {
            return inputSize;
        }

        public int outputSize() {
            return outputSize;
        }

        /** As {@link CompiledGraph#disassembly()}. */
        public String disassembly() {
            return Disassembler.disassemble(classBytes);
        }
    }
}
