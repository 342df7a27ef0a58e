package dev.fluxion.compiler.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The core of {@link GraphBuilder}: creates nodes, infers and checks every node's type when it is
 * created, and hash-conses structurally equal nodes, so asking twice for {@code mul x y} returns
 * one node. {@link GraphBuilder} adds a method per op on top.
 */
public abstract class NodeFactory {
    private final List<Node> nodes = new ArrayList<>();
    private final List<Node> inputs = new ArrayList<>();
    private final Set<String> inputNames = new HashSet<>();
    private final InternTable interned = new InternTable();

    /** Declares a new graph input. Names must be unique within the graph. */
    public Node input(String name, TensorType type) {
        Objects.requireNonNull(type, "type");
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*") || name.equals("lambda") || name.equals("let") || name.equals("in")) {
            throw new IllegalArgumentException("input name '" + name + "' must be an identifier other than lambda, let and in");
        }
        if (!inputNames.add(name)) throw new IllegalArgumentException("duplicate input name '" + name + "'");
        Node n = new Node(nodes.size(), Op.INPUT, new Node[0], Attrs.of("name", name), type);
        nodes.add(n);
        inputs.add(n);
        return n;
    }

    /** Applies an op; {@code declared} is the type of a leaf op (null otherwise). Hash-conses the result. */
    public Node apply(Op op, Attrs attrs, TensorType declared, Node... args) {
        if (op == Op.INPUT) throw new IllegalArgumentException("use input(name, type) to declare inputs");
        TensorType[] types = new TensorType[args.length];
        for (int i = 0; i < args.length; i++) {
            Node a = args[i];
            if (a == null || a.id() >= nodes.size() || nodes.get(a.id()) != a) {
                throw new IllegalArgumentException(op + ": input " + i + " does not belong to this builder");
            }
            types[i] = a.type();
        }
        TensorType type = ShapeRules.infer(op, attrs, types, declared);
        int h = InternTable.hash(op, args, attrs, type);
        Node existing = interned.find(nodes, h, op, args, attrs, type);
        if (existing != null) return existing;
        Node n = new Node(nodes.size(), op, args.clone(), attrs, type);
        nodes.add(n);
        interned.add(n, h);
        return n;
    }

    /** Applies a non-leaf op. */
    public Node apply(Op op, Attrs attrs, Node... args) {
        return apply(op, attrs, null, args);
    }

    public Node apply(Op op, Node... args) {
        return apply(op, Attrs.NONE, null, args);
    }

    /** The nodes created so far, in order. */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public int size() {
        return nodes.size();
    }

    public Node node(int id) {
        return nodes.get(id);
    }

    public List<Node> inputs() {
        return List.copyOf(inputs);
    }

    /** A graph of every node built so far, with the given outputs. */
    public Graph build(List<Node> outputs) {
        for (Node o : outputs) {
            if (o.id() >= nodes.size() || nodes.get(o.id()) != o) throw new IllegalArgumentException("output " + o + " does not belong to this builder");
        }
        return new Graph(inputs, nodes, outputs);
    }

    public Graph build(Node... outputs) {
        return build(Arrays.asList(outputs));
    }

    /**
     * Re-emits {@code g} into this builder with {@code args} in place of its inputs and returns the
     * new node for each of {@code g}'s node ids. Hash-consing shares whatever already exists here.
     */
    public Node[] inline(Graph g, List<Node> args) {
        if (args.size() != g.inputs().size()) {
            throw new IllegalArgumentException("graph takes " + g.inputs().size() + " inputs but got " + args.size());
        }
        Node[] map = new Node[g.size()];
        for (int i = 0; i < args.size(); i++) {
            Node in = g.input(i);
            if (!in.type().equals(args.get(i).type())) {
                throw new ShapeException("input " + in.attrs().getString("name") + " has type " + in.type() + " but the argument is " + args.get(i).type());
            }
            map[in.id()] = args.get(i);
        }
        for (Node n : g.nodes()) {
            if (n.op() == Op.INPUT) continue;
            Node[] a = new Node[n.arity()];
            for (int i = 0; i < a.length; i++) a[i] = map[n.input(i).id()];
            map[n.id()] = apply(n.op(), n.attrs(), n.op().kind() == Op.Kind.LEAF ? n.type() : null, a);
        }
        return map;
    }

    /** Copies {@code g}: a new builder holding its inputs and nodes; returns the builder and the node map. */
    public static Copy copyOf(Graph g) {
        GraphBuilder b = new GraphBuilder();
        List<Node> args = new ArrayList<>();
        for (Node in : g.inputs()) args.add(b.input(in.attrs().getString("name"), in.type()));
        return new Copy(b, b.inline(g, args));
    }

    /** A builder holding a copy of a graph and the map from the graph's node ids to the copies. */
    public record Copy(GraphBuilder builder, Node[] map) {
        public Node get(Node original) {
            return map[original.id()];
        }
    }
}
