package dev.fluxion.compiler.ir;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NodeFactory#copy}: it returns what {@code apply} (or {@code input}) would, reusing the node
 * itself when it lands at its own id over its own inputs, and a builder made for re-emitting a
 * graph hash-conses exactly as a plain one does once anything else has been added.
 */
class NodeCopyTest {

    /** x, y; a = x·y; s = sin a; c = 2; m = a·c. */
    private static Graph sample() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
        Node a = b.mul(x, y);
        return b.build(b.sin(a), b.mul(a, 2));
    }

    /** Every node of g copied in order into b, inputs first; the map from g's ids to b's nodes. */
    private static Node[] copyAll(GraphBuilder b, Graph g) {
        Node[] map = new Node[g.size()];
        for (Node in : g.inputs()) map[in.id()] = b.copy(in);
        for (Node n : g.nodes()) {
            if (n.op() == Op.INPUT) continue;
            Node[] args = new Node[n.arity()];
            for (int i = 0; i < args.length; i++) args[i] = map[n.input(i).id()];
            map[n.id()] = b.copy(n, args);
        }
        return map;
    }

    @Test
    void copyingAGraphInOrderReusesEveryNode() {
        Graph g = sample();
        for (GraphBuilder b : List.of(new GraphBuilder(), new GraphBuilder(g))) {
            Node[] map = copyAll(b, g);
            for (Node n : g.nodes()) assertSame(n, map[n.id()]);
            Graph copy = b.build(List.of(map[g.output(0).id()], map[g.output(1).id()]));
            assertTrue(copy.sameStructure(g));
            assertEquals(IrPrinter.print(g), IrPrinter.print(copy));
        }
    }

    @Test
    void aNodeAtAnotherIdOrOverOtherInputsIsMadeAfreshAsApplyWouldMakeIt() {
        Graph g = sample();
        GraphBuilder b = new GraphBuilder();
        Node y = b.copy(g.input(1)); // y first: nothing of g lands at its own id any more
        Node x = b.copy(g.input(0));
        assertNotSame(g.input(0), x);
        assertEquals("x", x.attrs().getString("name"));
        Node a = g.node(2);
        Node copied = b.copy(a, x, y);
        assertNotSame(a, copied);
        assertSame(b.mul(x, y), copied); // hash-consed with what apply makes
        assertEquals(a.type(), copied.type());
        Node swapped = b.copy(a, y, x); // other inputs: apply's node for them
        assertSame(b.mul(y, x), swapped);
    }

    @Test
    void aReusedNodeStillMergesWithAnEqualNodeMadeBefore() {
        Graph g = sample();
        for (GraphBuilder b : List.of(new GraphBuilder(), new GraphBuilder(g))) {
            Node x = b.copy(g.input(0)), y = b.copy(g.input(1));
            Node early = b.sin(b.mul(x, y)); // a = x·y at id 2, then sin a at id 3
            Node a = b.copy(g.node(2), x, y);
            assertNotSame(g.node(2), a);
            assertSame(early.input(0), a);
            assertSame(early, b.copy(g.node(3), a));
            assertEquals(4, b.size());
        }
    }

    @Test
    void nodesTakenFromTheSourceAreFoundByLaterLookups() {
        Graph g = sample();
        GraphBuilder b = new GraphBuilder(g);
        Node[] map = copyAll(b, g);
        // Every copied node skipped the table; asking for any of them again must still find it.
        for (Node n : g.nodes()) {
            if (n.op() == Op.INPUT) continue;
            Node[] args = new Node[n.arity()];
            for (int i = 0; i < args.length; i++) args[i] = map[n.input(i).id()];
            assertSame(n, b.apply(n.op(), n.attrs(), n.op().kind() == Op.Kind.LEAF ? n.type() : null, args));
        }
        assertEquals(g.size(), b.size());
    }

    @Test
    void copyThrowsAsApplyAndInputDo() {
        Graph g = sample();
        GraphBuilder b = new GraphBuilder();
        Node x = b.copy(g.input(0));
        assertThrows(IllegalArgumentException.class, () -> b.copy(g.input(0))); // duplicate input name
        assertThrows(IllegalArgumentException.class, () -> b.copy(g.node(2), x, g.input(1))); // y is not b's
        Node v = b.input("v", DType.F64, 3), w = b.input("w", DType.F64, 2);
        assertThrows(ShapeException.class, () -> b.copy(g.node(2), v, w)); // [3]·[2] does not broadcast
    }

    @Test
    void aGraphMadeWithTheConstructorIsReEmittedWithFullHashConsing() {
        Graph g = sample();
        Graph plain = new Graph(g.inputs(), g.nodes(), g.outputs());
        GraphBuilder b = new GraphBuilder(plain);
        Node[] map = copyAll(b, plain);
        for (Node n : plain.nodes()) assertSame(n, map[n.id()]); // still reused: lookups found no equal node
        assertTrue(b.build(List.of(map[g.output(0).id()], map[g.output(1).id()])).sameStructure(g));
    }
}
