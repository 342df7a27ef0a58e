package dev.fluxion;

/**
 * A node of the autograd graph: how the gradient of one tensor flows to the tensors it was computed
 * from. It holds those tensors (and their storage versions at the time, to detect in-place changes)
 * until backward releases them, unless the graph is retained.
 */
abstract class GradFn {
    private Tensor[] inputs;
    private final int[] versions;

    GradFn(Tensor[] inputs) {
        this.inputs = inputs;
        this.versions = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) versions[i] = inputs[i].storage.version;
    }

    private String label;

    /** PyTorch-style name of this node, e.g. {@code MulBackward0}. */
    abstract String name();

    /** Names this node after the Tensor method that made it, when that differs from the op's name. */
    void label(String name) {
        this.label = name;
    }

    /** The name shown in {@code toString}: the method's label, or the op's name. */
    String displayName() {
        return label != null ? label : name();
    }

    /**
     * The gradient contribution for each input (null where there is none), given the gradient
     * {@code g} of this node's output. Runs in the current grad mode: with create-graph, recorded.
     */
    abstract Tensor[] backward(Tensor g);

    /** The tensors this node's output was computed from. */
    Tensor[] inputs() {
        if (inputs == null) {
            throw new IllegalStateException("Trying to backward through the graph a second time (or directly access saved "
                    + "tensors after they have already been freed). Saved intermediate values of the graph are freed when "
                    + "you call backward() or Autograd.grad(). Pass retainGraph=true if you need to backward through the "
                    + "graph a second time or if you need to access saved tensors after calling backward.");
        }
        return inputs;
    }

    boolean released() {
        return inputs == null;
    }

    /** Drops the saved tensors, so the graph behind them can be collected. */
    void release() {
        inputs = null;
    }

    /** Throws when input {@code i}, whose value backward needs, was modified in place after it was saved. */
    void checkVersion(int i) {
        Tensor t = inputs()[i];
        if (t.storage.version != versions[i]) {
            throw new IllegalStateException("one of the variables needed for gradient computation has been modified by an "
                    + "inplace operation: [" + t.type() + "], which is input " + i + " of " + displayName() + ", is at version "
                    + t.storage.version + "; expected version " + versions[i] + " instead.");
        }
    }
}
