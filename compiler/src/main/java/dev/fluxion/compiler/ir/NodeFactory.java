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
    private final List<Node> nodes;
    private final List<Node> inputs = new ArrayList<>();
    private final Set<String> inputNames = new HashSet<>();
    /** Expected node count for sizing the table, or -1 for the default size. */
    private final int expectedNodes;
    /** Made on first use: a pass sweep that changes nothing never looks anything up. */
    private InternTable interned;
    /**
     * The graph this factory re-emits, while the factory's nodes are exactly that graph's first
     * nodes (the same objects, in order); null otherwise, and from the first other node added.
     * Only graphs built by a factory qualify: hash-consing guarantees they hold no two equal nodes.
     */
    private Graph source;
    /** Nodes from this id on came from {@link #source} and are not in the table yet; -1 when none. */
    private int pendingFrom = -1;

    protected NodeFactory() {
        nodes = new ArrayList<>();
        expectedNodes = -1;
    }

    /**
     * A factory sized for about {@code expectedNodes} nodes (a pass rebuilding a graph knows its
     * size), so its node list and hash-consing table do not grow and rehash on the way there.
     */
    protected NodeFactory(int expectedNodes) {
        nodes = new ArrayList<>(Math.max(expectedNodes, 10));
        this.expectedNodes = expectedNodes;
    }

    /** A factory sized for re-emitting {@code source}, which makes copying its nodes in order cheaper (see {@link #copy}). */
    protected NodeFactory(Graph source) {
        this(source.size());
        if (source.isHashConsed()) this.source = source;
    }

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
        source = null;
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
        InternTable table = table();
        int h = InternTable.hash(op, args, attrs, type);
        Node existing = table.find(nodes, h, op, args, attrs, type);
        if (existing != null) return existing;
        Node n = new Node(nodes.size(), op, args.clone(), attrs, type);
        nodes.add(n);
        table.add(n, h);
        source = null;
        return n;
    }

    /**
     * Re-emits {@code n}, a node of another graph, with {@code args} (nodes of this factory) as its
     * inputs: exactly what {@code apply(n.op(), n.attrs(), leaf ? n.type() : null, args)} (or, for an
     * input, {@code input(name, n.type())}) returns, and it throws as they do. When {@code n} lands
     * where it was, at the next id over the very input nodes it already has, {@code n} itself is the
     * new node: shape inference and a new node would only reproduce it. Passes re-emit whole
     * graphs most of whose nodes do not change, so this keeps an unchanged prefix cheap and shares
     * nodes (which are immutable) between a graph and its rewrite. A factory made for re-emitting
     * a graph skips even the hash-consing lookup while it holds nothing but that graph's first
     * nodes: that graph has no two equal nodes, so its next node equals none of them.
     */
    public Node copy(Node n, Node... args) {
        if (n.op() == Op.INPUT) {
            if (args.length != 0) throw new IllegalArgumentException("an input takes no arguments");
            String name = n.attrs().getString("name");
            if (n.id() != nodes.size()) return input(name, n.type());
            // n was made by input(), which checked the name's form; only its uniqueness here is left.
            if (!inputNames.add(name)) throw new IllegalArgumentException("duplicate input name '" + name + "'");
            nodes.add(n);
            inputs.add(n);
            if (source != null && source.node(n.id()) != n) source = null;
            return n;
        }
        if (source != null && n.id() == nodes.size() && source.node(n.id()) == n && sameInputs(n, args)) {
            nodes.add(n);
            if (pendingFrom < 0) pendingFrom = n.id();
            return n;
        }
        if (n.id() != nodes.size() || !reusable(n, args)) return reapply(n, args);
        // Same op, attributes and input types as when n was made: inference gives n's type again.
        InternTable table = table();
        int h = InternTable.hash(n.op(), args, n.attrs(), n.type());
        Node existing = table.find(nodes, h, n.op(), args, n.attrs(), n.type());
        if (existing != null) return existing;
        nodes.add(n);
        table.add(n, h);
        if (source != null && source.node(n.id()) != n) source = null;
        return n;
    }

    /**
     * {@code apply(n.op(), n.attrs(), leaf ? n.type() : null, args)}. When every argument has the
     * type of n's input in its place, inference would give n's type again (it depends on nothing
     * else, and accepted these types when n was made), so it is skipped.
     */
    private Node reapply(Node n, Node[] args) {
        if (args.length != n.arity()) return apply(n.op(), n.attrs(), n.op().kind() == Op.Kind.LEAF ? n.type() : null, args);
        for (int i = 0; i < args.length; i++) {
            Node a = args[i];
            if (a == null || a.id() >= nodes.size() || nodes.get(a.id()) != a) {
                throw new IllegalArgumentException(n.op() + ": input " + i + " does not belong to this builder");
            }
            if (!a.type().equals(n.input(i).type())) return apply(n.op(), n.attrs(), n.op().kind() == Op.Kind.LEAF ? n.type() : null, args);
        }
        InternTable table = table();
        int h = InternTable.hash(n.op(), args, n.attrs(), n.type());
        Node existing = table.find(nodes, h, n.op(), args, n.attrs(), n.type());
        if (existing != null) return existing;
        Node created = new Node(nodes.size(), n.op(), args.clone(), n.attrs(), n.type());
        nodes.add(created);
        table.add(created, h);
        source = null;
        return created;
    }

    private static boolean sameInputs(Node n, Node[] args) {
        if (args.length != n.arity()) return false;
        for (int i = 0; i < args.length; i++) if (args[i] != n.input(i)) return false;
        return true;
    }

    /** True when {@code args} are n's own inputs, each of them this factory's node at its id. */
    private boolean reusable(Node n, Node[] args) {
        if (!sameInputs(n, args)) return false;
        for (Node a : args) if (a.id() >= nodes.size() || nodes.get(a.id()) != a) return false;
        return true;
    }

    /** The hash-consing table, holding every node so far (nodes copied from the source enter it only now). */
    private InternTable table() {
        if (interned == null) interned = expectedNodes < 0 ? new InternTable() : new InternTable(expectedNodes);
        if (pendingFrom >= 0) {
            for (int id = pendingFrom; id < nodes.size(); id++) {
                Node n = nodes.get(id);
                if (n.op() != Op.INPUT) interned.add(n, InternTable.hash(n));
            }
            pendingFrom = -1;
        }
        return interned;
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
        return new Graph(inputs, nodes, outputs, true);
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
            map[n.id()] = copy(n, a);
        }
        return map;
    }

    /** Copies {@code g}: a new builder holding its inputs and nodes; returns the builder and the node map. */
    public static Copy copyOf(Graph g) {
        GraphBuilder b = new GraphBuilder(g);
        List<Node> args = new ArrayList<>();
        for (Node in : g.inputs()) args.add(b.copy(in)); // g's own input nodes when they lead it, so the copy shares g's nodes
        return new Copy(b, b.inline(g, args));
    }

    /** A builder holding a copy of a graph and the map from the graph's node ids to the copies. */
    public record Copy(GraphBuilder builder, Node[] map) {
        public Node get(Node original) {
            return map[original.id()];
        }
    }
}
