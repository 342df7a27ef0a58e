package dev.fluxion.jit;

import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.Node;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The compiled functions of the most recently compiled graphs, keyed by graph structure (the
 * transform, its wrt inputs and the traced graph's every node, attribute, constant, input and
 * output: a {@link Key}). A bounded LRU map rather than weak or soft values: weakly held entries
 * vanish at the first GC, and softly held ones pin generated classes until memory runs low; a
 * bound keeps recent functions cached while an evicted one's hidden class is collected once its
 * users drop it. Synchronised; compilation runs outside the lock, so two threads compiling one
 * graph at once both compile and the first to finish wins: both get its instance.
 */
final class JitCache {
    /** Entries kept; each holds a generated class and its graph. */
    static final int CAPACITY = 256;

    /**
     * A transform of a graph: equal exactly when the graphs print the same IR text (same inputs in
     * the same order, same nodes with the same ops, attributes, types and operands, same outputs)
     * and the transform and wrt positions are the same. Compared node by node instead of through
     * the printed text, which would cost a string of the whole graph on every compile.
     */
    static final class Key {
        private final Transform kind;
        private final int[] wrt;
        private final Graph graph;
        private final int hash;

        Key(Transform kind, int[] wrt, Graph graph) {
            this.kind = kind;
            this.wrt = wrt.clone();
            this.graph = graph;
            int h = kind.hashCode() * 31 + Arrays.hashCode(wrt);
            for (Node n : graph.nodes()) {
                h = h * 31 + n.op().hashCode();
                h = h * 31 + n.attrs().hashCode(); // cached by Attrs: constants are not rehashed
                h = h * 31 + n.type().hashCode();
                for (int i = 0; i < n.arity(); i++) h = h * 31 + n.input(i).id();
            }
            for (Node in : graph.inputs()) h = h * 31 + in.id();
            for (Node o : graph.outputs()) h = h * 31 + o.id();
            this.hash = h;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) return true;
            if (!(o instanceof Key k) || k.hash != hash || k.kind != kind || !Arrays.equals(k.wrt, wrt)) return false;
            if (k.graph.inputs().size() != graph.inputs().size()) return false;
            // sameStructure compares nodes and outputs; the order of the inputs is printed too.
            for (int i = 0; i < graph.inputs().size(); i++) if (k.graph.input(i).id() != graph.input(i).id()) return false;
            return graph.sameStructure(k.graph);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final Map<Key, Compiled> map = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Compiled> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized Compiled get(Key key) {
        return map.get(key);
    }

    /** Stores {@code c} unless the key is present; returns the cached instance either way. */
    synchronized Compiled putIfAbsent(Key key, Compiled c) {
        Compiled old = map.get(key);
        if (old != null) return old;
        map.put(key, c);
        return c;
    }

    synchronized int size() {
        return map.size();
    }

    synchronized void clear() {
        map.clear();
    }
}
