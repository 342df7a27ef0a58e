package dev.fluxion.compiler.ir;

import java.util.List;

/**
 * The hash-consing table of a builder: open addressing over node ids, comparing candidates with
 * existing nodes structurally. It stores two ints per slot and no per-node objects, which keeps
 * million-node graphs cheap for the garbage collector.
 */
final class InternTable {
    private int[] ids = new int[1024];      // node id + 1; 0 = empty
    private int[] hashes = new int[1024];
    private int size;

    static int hash(Op op, Node[] args, Attrs attrs, TensorType type) {
        int h = op.ordinal();
        for (Node a : args) h = h * 0x9E3779B1 + a.id();
        h = h * 31 + attrs.hashCode();
        h = h * 31 + type.hashCode();
        h ^= h >>> 15; // finalising mix: ids are dense and small, spread them over all bits
        h *= 0x2C1B3C6D;
        h ^= h >>> 12;
        return h;
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
