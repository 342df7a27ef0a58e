package dev.fluxion.compiler.ir;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the invariants every {@link Graph} must keep, so a pass that breaks one fails at once and
 * names the node instead of misbehaving later:
 *
 * <ul>
 *   <li>node {@code i} of {@code g.nodes()} has id {@code i};</li>
 *   <li>every node's inputs have smaller ids and are the very node objects of {@code g.nodes()}
 *       (no values dangling from another graph or builder);</li>
 *   <li>{@code g.inputs()} are exactly the INPUT nodes, in id order, with distinct identifier names;</li>
 *   <li>every other node has the op's number of inputs, exactly the op's attributes in
 *       {@link Op#attributeNames()} order with the types of {@link Attrs#typeOf}, and a type equal to
 *       what {@link ShapeRules#infer} gives (leaf ops check their own type against their attributes);</li>
 *   <li>the outputs are nodes of {@code g}.</li>
 * </ul>
 *
 * One pass over the nodes, no recursion: linear in the graph's size, fine for 10⁶ nodes.
 */
public final class Verifier {
    private static final Set<String> KEYWORDS = Set.of("lambda", "let", "in");

    private Verifier() {}

    /**
     * Returns normally when {@code g} keeps every invariant.
     *
     * @throws VerificationException naming the first offending node (by its {@link IrPrinter} name and
     *     line) and the broken invariant
     */
    public static void verify(Graph g) {
        List<Node> nodes = g.nodes();
        checkIds(nodes);
        checkInputs(g);
        for (Node n : nodes) {
            if (n.op() != Op.INPUT) checkNode(g, n);
        }
        List<Node> outputs = g.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            Node o = outputs.get(i);
            if (!belongs(g, o)) {
                throw new VerificationException("output " + i + " (" + o + ") is not a node of the graph", o);
            }
        }
    }

    // ---- structure: ids and the input list ------------------------------------------------------

    private static void checkIds(List<Node> nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.op() == null || n.attrs() == null || n.type() == null) {
                throw new VerificationException("node at position " + i + " (" + n + ") lacks an op, attributes or a type", n);
            }
            if (n.id() != i) {
                throw new VerificationException("node at position " + i + " (" + n + ") has id " + n.id() + " instead of " + i, n);
            }
        }
    }

    private static void checkInputs(Graph g) {
        List<Node> inputs = g.inputs();
        Set<String> seen = new HashSet<>();
        int k = 0;
        for (Node n : g.nodes()) {
            if (n.op() != Op.INPUT) continue;
            String what = "input node %" + n.id() + " (" + n + ")";
            if (k >= inputs.size() || inputs.get(k) != n) {
                throw new VerificationException(what + " is not entry " + k + " of the graph's input list", n);
            }
            k++;
            if (n.arity() != 0) throw new VerificationException(what + " has " + n.arity() + " inputs; an input takes none", n);
            Attrs a = n.attrs();
            if (a.size() != 1 || !a.name(0).equals("name") || !(a.value(0) instanceof String)) {
                throw new VerificationException(what + " must have exactly one attribute, name=\"...\", but has " + a, n);
            }
            String name = a.getString("name");
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || KEYWORDS.contains(name)) {
                throw new VerificationException(what + ": name '" + name + "' is not an identifier other than lambda, let and in", n);
            }
            if (!seen.add(name)) throw new VerificationException(what + ": input name '" + name + "' is used twice", n);
        }
        if (k != inputs.size()) {
            Node extra = inputs.get(k);
            throw new VerificationException("entry " + k + " of the graph's input list (" + extra + ") is not an INPUT node of the graph"
                    + " in id order; the graph has " + k + " INPUT nodes but lists " + inputs.size(), extra);
        }
    }

    // ---- one node: inputs, arity, attributes, type ----------------------------------------------

    private static void checkNode(Graph g, Node n) {
        for (int i = 0; i < n.arity(); i++) {
            Node in = n.input(i);
            if (in == null) throw fail(g, n, "input " + i + " is null");
            if (in.id() >= n.id()) {
                throw fail(g, n, "input " + i + " (" + in + ") does not have a smaller id, so the nodes are not in topological order");
            }
            if (!belongs(g, in)) {
                throw fail(g, n, "input " + i + " (" + in + ") is not a node of this graph (a dangling value)");
            }
        }
        Op op = n.op();
        if (op.arity() >= 0 ? n.arity() != op.arity() : n.arity() == 0) {
            throw fail(g, n, op + " takes " + (op.arity() >= 0 ? String.valueOf(op.arity()) : "at least one")
                    + " input(s) but has " + n.arity());
        }
        Attrs a = n.attrs();
        List<String> expected = op.attributeNames();
        boolean namesMatch = a.size() == expected.size();
        for (int i = 0; namesMatch && i < a.size(); i++) namesMatch = a.name(i).equals(expected.get(i));
        if (!namesMatch) {
            throw fail(g, n, op + " takes attributes " + expected + " in that order but has " + a);
        }
        for (int i = 0; i < a.size(); i++) {
            Attrs.Type t = Attrs.typeOf(op, a.name(i));
            if (!hasType(a.value(i), t)) {
                throw fail(g, n, "attribute '" + a.name(i) + "' must be " + t + " but is " + a.value(i).getClass().getSimpleName());
            }
        }
        TensorType[] types = new TensorType[n.arity()];
        for (int i = 0; i < types.length; i++) types[i] = n.input(i).type();
        TensorType inferred;
        try {
            inferred = ShapeRules.infer(op, a, types, op.kind() == Op.Kind.LEAF ? n.type() : null);
        } catch (IllegalArgumentException e) { // ShapeException, or an impossible shape from Shape.of
            throw fail(g, n, "type inference fails: " + e.getMessage());
        }
        if (!inferred.equals(n.type())) {
            throw fail(g, n, "type is " + n.type() + " but " + op + " of its inputs gives " + inferred);
        }
    }

    private static boolean hasType(Object v, Attrs.Type t) {
        switch (t) {
            case INT: return v instanceof Integer;
            case DOUBLE: return v instanceof Double;
            case BOOLEAN: return v instanceof Boolean;
            case DTYPE: return v instanceof DType;
            case STRING: return v instanceof String;
            case INTS: return v instanceof int[];
            case DOUBLES: return v instanceof double[];
            default: throw new AssertionError(t);
        }
    }

    private static boolean belongs(Graph g, Node n) {
        return n != null && n.id() >= 0 && n.id() < g.size() && g.node(n.id()) == n;
    }

    // ---- messages ---------------------------------------------------------------------------------

    /** Names nodes as the printer does, on failure only; the inputs are sound by then, so naming cannot fail. */
    private static VerificationException fail(Graph g, Node n, String problem) {
        String[] names = IrPrinter.names(g);
        return new VerificationException("node " + names[n.id()] + " (" + line(g, n, names) + "): " + problem, n);
    }

    /** The node's line as {@link IrPrinter} writes it; inputs that are not nodes of g show as {@code ?%id}. */
    private static String line(Graph g, Node n, String[] names) {
        StringBuilder sb = new StringBuilder();
        sb.append(names[n.id()]).append(':').append(n.type()).append(" = ").append(n.op().text());
        Attrs a = n.attrs();
        if (a.size() > 0) {
            sb.append('[');
            for (int i = 0; i < a.size(); i++) sb.append(i > 0 ? ", " : "").append(a.name(i)).append('=').append(a.valueText(i));
            sb.append(']');
        }
        for (int i = 0; i < n.arity(); i++) {
            Node in = n.input(i);
            sb.append(' ');
            if (in == null) sb.append("null");
            else if (belongs(g, in)) sb.append(names[in.id()]);
            else sb.append("?%").append(in.id());
        }
        return sb.toString();
    }
}
