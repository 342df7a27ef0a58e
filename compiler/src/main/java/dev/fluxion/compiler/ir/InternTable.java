package dev.fluxion.compiler.ir;

import java.util.List;

/**
 * The hash-consing table of a builder: open addressing over node ids, comparing candidates with
 * existing nodes structurally. It stores two ints per slot and no per-node objects, which keeps
 * million-node graphs cheap for the garbage collector.
 */
final class InternTable {
    private int[] ids;      // node id + 1; 0 = empty
    private int[] hashes;
    private int size;

    InternTable() {
        this(512);
    }

    /** A table that holds {@code expected} nodes before it first grows (at most half full). */
    InternTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, Math.min(expected, 1 << 24)) * 2 - 1) * 2;
        ids = new int[capacity];
        hashes = new int[capacity];
    }

    static int hash(Op op, Node[] args, Attrs attrs, TensorType type) {
        int h = op.ordinal();
        for (Node a : args) h = h * 0x9E3779B1 + a.id();
        return mix(h, attrs, type);
    }

    private static int mix(int h, Attrs attrs, TensorType type) {
        h = h * 31 + attrs.hashCode();
        h = h * 31 + type.hashCode();
        h ^= h >>> 15; // finalising mix: ids are dense and small, spread them over all bits
        h *= 0x2C1B3C6D;
        h ^= h >>> 12;
        return h;
    }

    /** {@code hash(n.op(), n's inputs, n.attrs(), n.type())}, for a node already made. */
    static int hash(Node n) {
        int h = n.op().ordinal();
        for (int i = 0; i < n.arity(); i++) h = h * 0x9E3779B1 + n.input(i).id();
        return mix(h, n.attrs(), n.type());
    }

    /** The existing node equal to the candidate, or null. */
    Node find(List<Node> nodes, int h, Op op, Node[] args, Attrs attrs, TensorType type) {
        int mask = ids.length - 1;
        for (int i = h & mask; ids[i] != 0; i = (i + 1) & mask) {
            if (hashes[i] != h) continue;
            Node n = nodes.get(ids[i] - 1);
            if (n.op() == op && n.arity() == args.length && sameInputs(n, args) && n.attrs().equals(attrs) && n.type().equals(type)) {
                return n;
            }
        }
        return null;
    }

    void add(Node n, int h) {
        if (2 * (size + 1) > ids.length) grow();
        insert(n.id() + 1, h);
        size++;
    }

    private void insert(int idPlusOne, int h) {
        int mask = ids.length - 1;
        int i = h & mask;
        while (ids[i] != 0) i = (i + 1) & mask;
        ids[i] = idPlusOne;
        hashes[i] = h;
    }

    private void grow() {
        int[] oldIds = ids, oldHashes = hashes;
        ids = new int[oldIds.length * 2];
        hashes = new int[oldIds.length * 2];
        for (int i = 0; i < oldIds.length; i++) if (oldIds[i] != 0) insert(oldIds[i], oldHashes[i]);
    }

    private static boolean sameInputs(Node n, Node[] args) {
        for (int i = 0; i < args.length; i++) if (n.input(i) != args[i]) return false;
        return true;
    }
}
