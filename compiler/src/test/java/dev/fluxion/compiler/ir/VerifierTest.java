package dev.fluxion.compiler.ir;

import static dev.fluxion.compiler.ir.DType.F64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each invariant broken once, by a graph assembled by hand with the package-private Node constructor. */
class VerifierTest {
    private static final TensorType S = TensorType.scalar(F64);
    private static final TensorType V3 = TensorType.of(F64, 3);

    private static Node input(int id, String name, TensorType t) {
        return new Node(id, Op.INPUT, new Node[0], Attrs.of("name", name), t);
    }

    private static Node node(int id, Op op, Attrs attrs, TensorType t, Node... inputs) {
        return new Node(id, op, inputs, attrs, t);
    }

    /** Verifying must fail; the message must contain every fragment; returns the exception. */
    private static VerificationException assertBroken(Graph g, String... fragments) {
        VerificationException e = assertThrows(VerificationException.class, () -> Verifier.verify(g));
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        return e;
    }

    private static Graph graph(List<Node> inputs, List<Node> nodes, Node... outputs) {
        return new Graph(inputs, nodes, List.of(outputs));
    }

    @Test
    void wellFormedGraphsVerify() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", F64, 2, 3);
        Node i = b.input("i", DType.I64, 2, 1);
        Node s = b.sum(b.gather(x, 1, i), true, 0);
        Verifier.verify(b.build(s, x));
        Verifier.verify(new GraphBuilder().build());
    }

    // ---- structure ------------------------------------------------------------------------------

    @Test
    void idDiffersFromPosition() {
        Node x = input(0, "x", S);
        Node a = node(2, Op.SIN, Attrs.NONE, S, x);
        VerificationException e = assertBroken(graph(List.of(x), List.of(x, a), a), "node at position 1", "has id 2 instead of 1");
        assertSame(a, e.node());
    }

    @Test
    void missingType() {
        Node x = input(0, "x", S);
        Node a = node(1, Op.SIN, Attrs.NONE, null, x);
        assertBroken(graph(List.of(x), List.of(x, a), a), "node at position 1", "lacks an op, attributes or a type");
    }

    @Test
    void inputWithLargerId() {
        Node x = input(0, "x", S);
        Node[] slot = new Node[1];
        Node a = node(1, Op.SIN, Attrs.NONE, S, slot);
        Node b = node(2, Op.COS, Attrs.NONE, S, x);
        slot[0] = b; // a reads b, which comes after it
        assertBroken(graph(List.of(x), List.of(x, a, b), a),
                "node a (a:f64[] = sin b)", "input 0", "does not have a smaller id");
    }

    @Test
    void danglingInput() {
        Node x = input(0, "x", S);
        Node stranger = input(0, "x", S); // same id and name, but another graph's node
        Node a = node(1, Op.SIN, Attrs.NONE, S, stranger);
        assertBroken(graph(List.of(x), List.of(x, a), a), "node a (a:f64[] = sin ?%0)", "not a node of this graph (a dangling value)");
    }

    @Test
    void nullInput() {
        Node x = input(0, "x", S);
        Node a = node(1, Op.ADD, Attrs.NONE, S, x, null);
        assertBroken(graph(List.of(x), List.of(x, a), a), "node a (a:f64[] = add x null)", "input 1 is null");
    }

    @Test
    void inputListMissesAnInputNode() {
        Node x = input(0, "x", S);
        Node y = input(1, "y", S);
        assertBroken(graph(List.of(x), List.of(x, y), x), "input node %1", "is not entry 1 of the graph's input list");
    }

    @Test
    void inputListOutOfOrder() {
        Node x = input(0, "x", S);
        Node y = input(1, "y", S);
        assertBroken(graph(List.of(y, x), List.of(x, y), x), "input node %0", "is not entry 0 of the graph's input list");
    }

    @Test
    void inputListHoldsANonInput() {
        Node x = input(0, "x", S);
        Node a = node(1, Op.SIN, Attrs.NONE, S, x);
        assertBroken(graph(List.of(x, a), List.of(x, a), a), "entry 1 of the graph's input list", "not an INPUT node");
    }

    @Test
    void duplicateInputNames() {
        Node x = input(0, "x", S);
        Node x2 = input(1, "x", V3);
        assertBroken(graph(List.of(x, x2), List.of(x, x2), x), "input node %1", "input name 'x' is used twice");
    }

    @Test
    void inputNameIsNotAnIdentifier() {
        Node x = input(0, "in", S);
        assertBroken(graph(List.of(x), List.of(x), x), "name 'in' is not an identifier");
        Node y = new Node(0, Op.INPUT, new Node[0], Attrs.of("name", 3), S);
        assertBroken(graph(List.of(y), List.of(y), y), "must have exactly one attribute, name=");
    }

    @Test
    void inputWithInputs() {
        Node x = input(0, "x", S);
        Node y = new Node(1, Op.INPUT, new Node[] {x}, Attrs.of("name", "y"), S);
        assertBroken(graph(List.of(x, y), List.of(x, y), y), "input node %1", "has 1 inputs; an input takes none");
    }

    // ---- per-node checks ------------------------------------------------------------------------

    @Test
    void wrongArity() {
        Node x = input(0, "x", S);
        Node a = node(1, Op.MUL, Attrs.NONE, S, x);
        assertBroken(graph(List.of(x), List.of(x, a), a), "node a (a:f64[] = mul x)", "mul takes 2 input(s) but has 1");
        Node c = node(0, Op.CONCAT, Attrs.of("axis", 0), V3);
        assertBroken(graph(List.of(), List.of(c), c), "node a (a:f64[3] = concat[axis=0])", "takes at least one input(s) but has 0");
    }

    @Test
    void missingAttribute() {
        Node x = input(0, "x", V3);
        Node a = node(1, Op.SUM, Attrs.of("axes", new int[] {0}), S, x);
        assertBroken(graph(List.of(x), List.of(x, a), a), "node a (a:f64[] = sum[axes=(0)] x)",
                "sum takes attributes [axes, keepdim] in that order but has [axes=(0)]");
    }

    @Test
    void attributesOutOfOrder() {
        Node x = input(0, "x", V3);
        Node a = node(1, Op.SUM, Attrs.of("keepdim", false, "axes", new int[] {0}), S, x);
        assertBroken(graph(List.of(x), List.of(x, a), a), "in that order but has [keepdim=false, axes=(0)]");
    }

    @Test
    void attributeOfTheWrongType() {
        Node x = input(0, "x", V3);
        Node a = node(1, Op.SUM, Attrs.of("axes", 0, "keepdim", false), S, x);
        assertBroken(graph(List.of(x), List.of(x, a), a), "node a (a:f64[] = sum[axes=0, keepdim=false] x)",
                "attribute 'axes' must be INTS but is Integer");
    }

    @Test
    void shapeInferenceFails() {
        Node x = input(0, "x", V3);
        Node y = input(1, "y", TensorType.of(F64, 4));
        Node a = node(2, Op.ADD, Attrs.NONE, V3, x, y);
        assertBroken(graph(List.of(x, y), List.of(x, y, a), a), "node a (a:f64[3] = add x y)",
                "type inference fails: add: shapes [3] and [4] do not broadcast");
    }

    @Test
    void leafTypeDisagreesWithItsAttributes() {
        Node c = node(0, Op.CONST, Attrs.of("value", new double[] {1, 2}), V3);
        assertBroken(graph(List.of(), List.of(c), c), "node a (a:f64[3] = const[value=(1.0,2.0)])",
                "type inference fails: const: 2 values do not fill shape [3]");
    }

    @Test
    void typeDiffersFromInferred() {
        Node x = input(0, "x", V3);
        Node a = node(1, Op.SIN, Attrs.NONE, TensorType.of(F64, 2), x);
        Node b = node(2, Op.LT, Attrs.NONE, V3, x, x);
        assertBroken(graph(List.of(x), List.of(x, a), a), "node a (a:f64[2] = sin x)", "type is f64[2] but sin of its inputs gives f64[3]");
        assertBroken(graph(List.of(x), List.of(x, node(1, Op.COS, Attrs.NONE, V3, x), b), b),
                "node b (b:f64[3] = lt x x)", "type is f64[3] but lt of its inputs gives bool[3]");
    }

    @Test
    void outputNotInTheGraph() {
        Node x = input(0, "x", S);
        Node a = node(1, Op.SIN, Attrs.NONE, S, x);
        Node elsewhere = node(1, Op.COS, Attrs.NONE, S, x);
        VerificationException e = assertBroken(graph(List.of(x), List.of(x, a), a, elsewhere), "output 1", "is not a node of the graph");
        assertSame(elsewhere, e.node());
    }

    @Test
    void messageUsesPrinterNames() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("a", F64, 3); // the printer skips 'a' for generated names
        Node s = b.sin(x);
        Node bad = node(2, Op.SUM, Attrs.of("axes", new int[] {0}, "keepdim", false), V3, s);
        Graph g = graph(List.of(x), List.of(x, s, bad), bad);
        assertEquals("c", IrPrinter.names(g)[2]);
        assertBroken(g, "node c (c:f64[3] = sum[axes=(0), keepdim=false] b): type is f64[3] but sum of its inputs gives f64[]");
    }

    @Test
    void millionNodeChainVerifies() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            GraphBuilder b = new GraphBuilder();
            Node v = b.input("x", F64, 4);
            for (int i = 0; i < 1_000_000; i++) v = i % 2 == 0 ? b.tanh(v) : b.mul(v, v);
            Graph g = b.build(v);
            assertEquals(1_000_001, g.size());
            Verifier.verify(g);
        });
    }
}
