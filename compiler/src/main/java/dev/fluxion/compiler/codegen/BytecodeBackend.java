package dev.fluxion.compiler.codegen;

import dev.fluxion.compiler.codegen.bytecode.BytecodeEmitter;
import dev.fluxion.compiler.codegen.bytecode.KernelLoader;
import dev.fluxion.compiler.codegen.bytecode.MethodSizes;
import dev.fluxion.compiler.codegen.bytecode.VectorSupport;
import dev.fluxion.compiler.codegen.model.ClassModel;
import dev.fluxion.compiler.ir.Graph;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compiles graphs to JVM bytecode: lowers a graph to a {@link ClassModel}, emits it with ASM, checks
 * that every method stays under HotSpot's 8000-byte huge-method limit (bigger methods are never
 * JIT-compiled, which would make the compiled graph slower than the interpreter), and loads it as
 * a hidden class that is unloaded once the {@link CompiledGraph} is unreachable.
 */
public final class BytecodeBackend {
    private BytecodeBackend() {}

    /** Hidden classes get unique names from the JVM anyway; the counter makes stack traces and dumps distinguishable. */
    private static final AtomicLong CLASS_COUNTER = new AtomicLong();

    /**
     * Lowers and compiles {@code graph}.
     *
     * @throws IllegalStateException if a generated method reaches {@link MethodSizes#HUGE_METHOD_LIMIT}
     *                               bytes (the lowering failed to split it) or the JVM rejects the class
     */
    public static CompiledGraph compile(Graph graph) {
        return compile(Lowering.lower(graph), graph);
    }

    /**
     * Compiles an already lowered {@code model} of {@code graph}.
     *
     * @throws IllegalArgumentException if the model is malformed (see {@link BytecodeEmitter#emit}) or its
     *                                  input/output layout does not match the graph's
     * @throws IllegalStateException    if a generated method reaches {@link MethodSizes#HUGE_METHOD_LIMIT}
     *                                  bytes or the JVM rejects the class
     */
    public static CompiledGraph compile(ClassModel model, Graph graph) {
        return compile(model, graph, VectorSupport.enabledByDefault());
    }

    /**
     * As {@link #compile(ClassModel, Graph)}, choosing the form of SIMD code: vectors when {@code simd}
     * (requires {@link VectorSupport#available()}), scalar code otherwise. Both give the same bits.
     */
    public static CompiledGraph compile(ClassModel model, Graph graph, boolean simd) {
        if (simd && !VectorSupport.available()) throw new IllegalStateException("SIMD vectors need the JVM option --add-modules jdk.incubator.vector and 256-bit hardware vectors");
        String name = BytecodeEmitter.PACKAGE + "Kernel" + CLASS_COUNTER.incrementAndGet();
        byte[] bytes = BytecodeEmitter.emit(model, name, simd);
        for (Map.Entry<String, Integer> m : MethodSizes.of(bytes).entrySet()) {
            if (m.getValue() >= MethodSizes.HUGE_METHOD_LIMIT) {
                throw new IllegalStateException("generated method " + m.getKey() + " is " + m.getValue()
                        + " bytes of bytecode; HotSpot does not compile methods of " + MethodSizes.HUGE_METHOD_LIMIT + " bytes or more");
            }
        }
        return new CompiledGraph(graph, model, bytes, KernelLoader.load(bytes, model));
    }
}
