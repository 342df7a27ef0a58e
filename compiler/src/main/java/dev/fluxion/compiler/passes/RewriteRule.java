package dev.fluxion.compiler.passes;

import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;

/**
 * One rewrite: given the original node and its already-rewritten inputs (nodes of {@code b}),
 * returns an equivalent node built in {@code b}, or null when the pattern does not match.
 */
@FunctionalInterface
public interface RewriteRule {
    Node apply(GraphBuilder b, Node original, Node[] args);
}
