package dev.fluxion.compiler.codegen.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated class: constant arrays, methods, and the entry method that computes the graph's
 * outputs ({@code out}) from its inputs ({@code in}) using {@code workSize} doubles of scratch.
 * The layout fields say where each graph input and output lives in {@code in} and {@code out}.
 *
 * @param description what the class computes (a one-line comment for exported source)
 * @param entry       the name of the method to call; the others are its helpers
 * @param inputOffsets  start of each graph input in {@code in} (one more entry: the total size)
 * @param outputOffsets start of each graph output in {@code out} (one more entry: the total size)
 */
public record ClassModel(String description, List<ConstantArray> constants, List<MethodModel> methods, String entry,
                         int workSize, int[] inputOffsets, int[] outputOffsets) {
    public ClassModel {
        constants = List.copyOf(constants);
        methods = List.copyOf(methods);
        if (methods.stream().noneMatch(m -> m.name().equals(entry))) throw new IllegalArgumentException("no method named " + entry);
    }

    /** Total number of doubles of input. */
    public int inputSize() {
        return inputOffsets[inputOffsets.length - 1];
    }

    /** Total number of doubles of output. */
    public int outputSize() {
        return outputOffsets[outputOffsets.length - 1];
    }

    /**
     * This class with every {@link Stmt.Simd} replaced by its scalar form: what a backend without
     * vectors (exported Java source) runs. Returns this class when it has none.
     */
    public ClassModel scalarForm() {
        List<MethodModel> scalar = new ArrayList<>(methods.size());
        boolean changed = false;
        for (MethodModel m : methods) {
            List<Stmt> body = Stmt.Simd.scalarForm(m.body());
            changed |= body != m.body();
            scalar.add(body == m.body() ? m : new MethodModel(m.name(), m.doc(), body));
        }
        return changed ? new ClassModel(description, constants, scalar, entry, workSize, inputOffsets, outputOffsets) : this;
    }

    /** The method named {@code name}. */
    public MethodModel method(String name) {
        for (MethodModel m : methods) if (m.name().equals(name)) return m;
        throw new IllegalArgumentException("no method named " + name);
    }
}
