package dev.fluxion.grammar;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Node;

import java.util.List;

/**
 * What an expression denotes while a body is read: a node of the graph, an untyped constant whose
 * dtype comes from where it is used, or a tuple (several results, or an attribute list).
 */
sealed interface Value permits Value.Tensor, Value.Untyped, Value.Tuple {

    /** A value that is a node of the graph being built. */
    record Tensor(Node node) implements Value {}

    /**
     * A constant expression not yet given a dtype: a number, a tensor literal, or ops applied to
     * such, as Go's untyped constants. In {@code x * 2} the {@code 2} takes {@code x}'s dtype; alone,
     * or with another untyped operand, it is f64. Building it emits the nodes in the given dtype,
     * once per dtype: a let-bound constant used many times, or built from other such lets, costs
     * its size, not its number of paths.
     */
    final class Untyped implements Value {
        private final Recipe recipe;
        private final Node[] built = new Node[DType.values().length];

        Untyped(Recipe recipe) {
            this.recipe = recipe;
        }

        Node build(DType dtype) {
            Node n = built[dtype.ordinal()];
            if (n == null) {
                n = recipe.build(dtype);
                built[dtype.ordinal()] = n;
            }
            return n;
        }
    }

    /** Builds the nodes of an untyped constant in a dtype. */
    @FunctionalInterface
    interface Recipe {
        Node build(DType dtype);
    }

    /** Several values: the outputs of a function with several results, or {@code (a, b)}. */
    record Tuple(List<Value> items) implements Value {}
}
