package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.ir.Graph;

/**
 * A small, stateless graph-to-graph pass. A pass never changes the values a graph computes except
 * as its documentation says (e.g. rules that assume finite values), and returns {@code g} itself
 * when it has nothing to do.
 */
public interface Pass {
    /** A short name for timings and {@code --print-after}, e.g. {@code dce}. */
    String name();

    Graph apply(Graph g);
}
