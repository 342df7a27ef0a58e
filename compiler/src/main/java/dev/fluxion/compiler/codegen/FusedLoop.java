package dev.fluxion.compiler.codegen;

import dev.fluxion.compiler.codegen.model.Local;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One loop {@link FusedLoops} is building over the elements of a shape: its members (elementwise
 * nodes and row dots), full reductions, pad sums and row sums, in topological order.
 */
final class FusedLoop {
    final Shape shape;
    final List<Node> members = new ArrayList<>();
    final List<Node> reductions = new ArrayList<>();
    final Map<Node, Boolean> isMember = new IdentityHashMap<>();
    int estimate = 60;
    int padAxis = -1;
    /** Sums of two pads of members, added into their buffer as the members are computed. */
    final List<Node> padSums = new ArrayList<>();
    final Map<Node, Value.Strided> padSumBuffers = new IdentityHashMap<>();
    /** For a pad sum over a vector whose pads differ by one place: the previous element of the later pad. */
    final Map<Node, Local> carry = new LinkedHashMap<>(); // insertion order: the generated code must not depend on identity hashes
    /** Members that are row dots ({@link RowProducts}): matmuls computed element by element. */
    final Map<Node, Boolean> rowDots = new IdentityHashMap<>();
    /** Row sums (matmuls accumulating {@code r_i · A[i, :]}), with the input that is the loop's vector. */
    final Map<Node, Integer> rowSums = new LinkedHashMap<>();
    /** Operands read one element behind another operand: the local carrying that element from the previous iteration. */
    final Map<Node, Carry> carried = new LinkedHashMap<>();

    /** The local holding a carried operand's element, and the operand one element ahead whose value it takes next. */
    record Carry(Local local, Node from) {}
    /** Unit-axis reshapes of members, read by row sums: each aliases the member's elements. */
    final Map<Node, Node> aliases = new LinkedHashMap<>();

    FusedLoop(Shape shape) {
        this.shape = shape;
    }
}
