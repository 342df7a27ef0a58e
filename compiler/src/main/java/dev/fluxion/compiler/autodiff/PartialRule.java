package dev.fluxion.compiler.autodiff;

import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;

/**
 * The vector-Jacobian product of one op with respect to one of its inputs, written in IR: given the
 * node {@code y} (whose inputs are {@code y.input(i)}) and the cotangent {@code g} of its output,
 * returns the cotangent contribution for the input. The result may have {@code y}'s broadcast
 * shape; the transform sums it back to the input's shape.
 */
@FunctionalInterface
public interface PartialRule {
    Node apply(GraphBuilder b, Node y, Node g);
}
