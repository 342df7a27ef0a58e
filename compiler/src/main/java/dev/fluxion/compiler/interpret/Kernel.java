package dev.fluxion.compiler.interpret;

import dev.fluxion.compiler.ir.OpCall;

/**
 * Evaluates one op: computes the value of {@code node} from the values of its inputs. The node
 * supplies the attributes and the output type (dtype and shape, already inferred by the shape
 * rules); {@code inputs[i]} is the value of {@code node.input(i)} and has that input's type.
 * A kernel never modifies its inputs and returns a value of exactly {@code node.type()}.
 */
@FunctionalInterface
public interface Kernel {
    NDArray apply(OpCall node, NDArray[] inputs);
}
