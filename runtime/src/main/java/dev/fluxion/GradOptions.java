package dev.fluxion;

import java.util.List;

/**
 * Options of {@link Autograd#grad}: output gradients (the vector of the vector-Jacobian product),
 * whether to keep the graph, to record the gradient computation, and to allow inputs the outputs
 * do not depend on (their gradient is then null). {@code retainGraph} defaults to {@code createGraph}.
 */
public final class GradOptions {
    private final List<Tensor> gradOutputs;
    private final Boolean retainGraph;
    private final boolean createGraph;
    private final boolean allowUnused;

    private GradOptions(Builder b) {
        this.gradOutputs = b.gradOutputs;
        this.retainGraph = b.retainGraph;
        this.createGraph = b.createGraph;
        this.allowUnused = b.allowUnused;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static GradOptions defaults() {
        return builder().build();
    }

    public List<Tensor> gradOutputs() {
        return gradOutputs;
    }

    public boolean retainGraph() {
        return retainGraph != null ? retainGraph : createGraph;
    }

    public boolean createGraph() {
        return createGraph;
    }

    public boolean allowUnused() {
        return allowUnused;
    }

    /** Builds {@link GradOptions}. */
    public static final class Builder {
        private List<Tensor> gradOutputs;
        private Boolean retainGraph;
        private boolean createGraph;
        private boolean allowUnused;

        public Builder gradOutputs(Tensor gradOutput) {
            this.gradOutputs = java.util.Collections.singletonList(gradOutput);
            return this;
        }

        public Builder gradOutputs(List<Tensor> gradOutputs) {
            this.gradOutputs = gradOutputs;
            return this;
        }

        public Builder retainGraph(boolean retain) {
            this.retainGraph = retain;
            return this;
        }

        public Builder createGraph(boolean create) {
            this.createGraph = create;
            return this;
        }

        public Builder allowUnused(boolean allow) {
            this.allowUnused = allow;
            return this;
        }

        public GradOptions build() {
            return new GradOptions(this);
        }
    }
}
