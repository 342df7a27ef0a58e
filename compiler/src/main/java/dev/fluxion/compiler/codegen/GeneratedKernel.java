package dev.fluxion.compiler.codegen;

/**
 * What every class the bytecode backend generates implements: computes a graph's outputs from its
 * inputs. Implementations hold only constants and, when they need scratch, a per-thread array of
 * it, so one instance serves many threads.
 */
public interface GeneratedKernel {
    /**
     * The computation itself, unchecked.
     *
     * @param in   the graph's inputs, flattened row-major and concatenated in input order
     * @param out  receives the outputs, flattened and concatenated in output order
     * @param work scratch of at least the class model's {@code workSize()} doubles, owned by the caller's thread
     */
    void run(double[] in, double[] out, double[] work);

    /**
     * The checked entry: {@link #run} with this thread's scratch, after checking the arrays' lengths
     * against the sizes the class was generated for. The sizes are constants of the class, so once
     * the JIT inlines this call into its caller the checks cost a compare each and nothing else
     * stands between the caller and the computation. Allocates nothing, except the calling thread's
     * scratch on its first call to a kernel that needs scratch.
     *
     * @param in  exactly the model's {@code inputSize()} doubles, laid out as for {@link #run}
     * @param out exactly the model's {@code outputSize()} doubles
     * @throws IllegalArgumentException if an array has another length (see {@link #wrongLength})
     */
    void apply(double[] in, double[] out);

    /** The scratch a kernel that needs none passes to {@link #run}. */
    double[] NO_WORK = new double[0];

    /**
     * Support for generated {@link #apply} methods: throws {@link #wrongLength} unless the arrays
     * have exactly the given lengths. Small, so that the JIT inlines it and sees the constants.
     */
    static void checkLengths(double[] in, int inputSize, double[] out, int outputSize) {
        if (in.length != inputSize) throw wrongLength("input", inputSize, in.length);
        if (out.length != outputSize) throw wrongLength("output", outputSize, out.length);
    }

    /** {@code "expected <expected> <what> doubles but got <actual>"}, as an exception to throw. */
    static IllegalArgumentException wrongLength(String what, int expected, int actual) {
        return new IllegalArgumentException("expected " + expected + " " + what + " doubles but got " + actual);
    }

    /**
     * Support for generated constructors: per-thread scratch of {@code size} doubles, made on a
     * thread's first use. The initial value captures only the size, so the thread-local values keep
     * neither a kernel nor its class alive (a thread's map holds its thread-locals weakly).
     */
    static ThreadLocal<double[]> scratch(int size) {
        return ThreadLocal.withInitial(() -> new double[size]);
    }
}
