package dev.fluxion.compiler.interpret;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.TensorType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The interpreter's contract: argument checks, outputs, errors from kernels, and memory and time on long chains. */
class InterpreterTest {

    private static String message(Throwable t) {
        return t.getMessage();
    }

    // ---- arguments -----------------------------------------------------------------------------

    @Test
    void argumentTypeMismatchNamesTheInputAndBothTypes() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("weights", DType.F64, 2, 3);
        Graph g = b.build(b.exp(x));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Interpreter.run(g, NDArray.of(DType.F64, Shape.of(3, 2), new double[6])));
        assertTrue(message(e).contains("weights") && message(e).contains("f64[2,3]") && message(e).contains("f64[3,2]"), message(e));
        e = assertThrows(IllegalArgumentException.class, () -> Interpreter.run(g, NDArray.ofFloats(Shape.of(2, 3), new float[6])));
        assertTrue(message(e).contains("weights") && message(e).contains("f32[2,3]"), message(e));
    }

    @Test
    void argumentCountAndNullAreRejected() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64);
        Node y = b.input("y", DType.F64);
        Graph g = b.build(b.add(x, y));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Interpreter.run(g, NDArray.scalar(1)));
        assertTrue(message(e).contains("2 input"), message(e));
        e = assertThrows(IllegalArgumentException.class, () -> Interpreter.run(g, NDArray.scalar(1), null));
        assertTrue(message(e).contains("'y'") && message(e).contains("null"), message(e));
    }

    @Test
    void runScalarEvaluatesScalarGraphs() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64);
        Node y = b.input("y", DType.F64);
        Node s = b.add(b.mul(x, y), b.sin(x));
        Graph g = b.build(s, b.neg(y));
        double[] r = Interpreter.runScalar(g, 2, 3);
        assertEquals(2 * 3 + Math.sin(2), r[0], 0.0);
        assertEquals(-3, r[1], 0.0);
    }

    @Test
    void runScalarRejectsNonScalarGraphs() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64, 2);
        Graph vector = b.build(b.sum(x));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Interpreter.runScalar(vector, 1, 2));
        assertTrue(message(e).contains("'x'") && message(e).contains("f64[2]"), message(e));

        GraphBuilder c = new GraphBuilder();
        Node z = c.input("z", DType.F64);
        Graph toBool = c.build(c.lt(z, c.constant(0)));
        e = assertThrows(IllegalArgumentException.class, () -> Interpreter.runScalar(toBool, 1));
        assertTrue(message(e).contains("output 0") && message(e).contains("bool[]"), message(e));
    }

    // ---- outputs and sharing -------------------------------------------------------------------

    @Test
    void outputsMayRepeatAndIncludeInputs() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64, 2);
        Node e = b.exp(x);
        Graph g = b.build(List.of(e, x, e, b.sum(e)));
        NDArray arg = NDArray.vector(0, 1);
        List<NDArray> r = Interpreter.run(g, List.of(arg));
        assertEquals(4, r.size());
        assertEquals(NDArray.vector(1, Math.E), r.get(0));
        assertSame(arg, r.get(1));
        assertSame(r.get(0), r.get(2));
        assertEquals(1 + Math.E, r.get(3).item(), 0.0);
    }

    /** A value read by several nodes must survive until its last reader, wherever that is. */
    @Test
    void sharedValuesLiveUntilTheirLastUse() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64);
        Node s = b.square(x); // read first and last
        Node t = b.add(s, x);
        Node u = b.mul(t, t);
        Node v = b.sub(u, s);
        Graph g = b.build(v, t);
        double[] r = Interpreter.runScalar(g, 3);
        assertEquals((9 + 3) * (9 + 3) - 9, r[0], 0.0);
        assertEquals(12, r[1], 0.0);
    }

    @Test
    void argumentsAreNotModified() {
        GraphBuilder b = new GraphBuilder();
        Node base = b.input("base", DType.F64, 3);
        Node index = b.input("index", DType.I64, 2);
        Node src = b.input("src", DType.F64, 2);
        Graph g = b.build(b.scatterAdd(base, 0, index, src), b.reshape(base, 3, 1), b.neg(base));
        NDArray baseArg = NDArray.vector(1, 2, 3);
        List<NDArray> r = Interpreter.run(g, baseArg, NDArray.of(DType.I64, Shape.of(2), new double[] {0, 0}), NDArray.vector(10, 20));
        assertEquals(NDArray.vector(31, 2, 3), r.get(0));
        assertEquals(NDArray.vector(1, 2, 3), baseArg);
        assertArrayEquals(new double[] {1, 2, 3}, r.get(1).toDoubleArray());
    }

    @Test
    void graphWithoutInputsRuns() {
        GraphBuilder b = new GraphBuilder();
        Node e = b.eye(DType.F64, 2, 2);
        Graph g = b.build(b.sum(b.mul(e, b.arange(1, 3, 1, DType.F64))));
        assertEquals(3.0, Interpreter.run(g).get(0).item());
    }

    /** Builders keep every node they made; nodes no output depends on are neither evaluated nor able to fail. */
    @Test
    void deadNodesAreNotEvaluated() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64, 3);
        Node index = b.input("index", DType.I64, 1);
        b.gather(x, 0, index); // dead, and its index is out of range
        Node unusedInputSum = b.sum(b.input("unused", DType.F64, 2));
        Graph g = b.build(b.mul(x, b.constant(2)));
        List<NDArray> r = Interpreter.run(g, NDArray.vector(1, 2, 3), NDArray.of(DType.I64, Shape.of(1), new double[] {7}), NDArray.vector(0, 0));
        assertEquals(NDArray.vector(2, 4, 6), r.get(0));
        assertTrue(g.nodes().contains(unusedInputSum));
    }

    // ---- errors from kernels --------------------------------------------------------------------

    @Test
    void gatherIndexOutOfRangeNamesTheOpAndIndex() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64, 2, 3);
        Node index = b.input("index", DType.I64, 2, 2);
        Graph g = b.build(b.gather(x, 1, index));
        NDArray xs = NDArray.of(DType.F64, Shape.of(2, 3), new double[6]);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> Interpreter.run(g, xs, NDArray.of(DType.I64, Shape.of(2, 2), new double[] {0, 1, 2, 3})));
        assertTrue(message(e).contains("gather") && message(e).contains("index 3") && message(e).contains("[1, 1]"), message(e));
        e = assertThrows(IndexOutOfBoundsException.class,
                () -> Interpreter.run(g, xs, NDArray.of(DType.I64, Shape.of(2, 2), new double[] {0, -1, 2, 2})));
        assertTrue(message(e).contains("gather") && message(e).contains("index -1"), message(e));
    }

    @Test
    void scatterAddIndexOutOfRangeNamesTheOpAndIndex() {
        GraphBuilder b = new GraphBuilder();
        Node base = b.input("base", DType.F64, 3, 2);
        Node index = b.input("index", DType.I64, 1, 2);
        Node src = b.input("src", DType.F64, 1, 2);
        Graph g = b.build(b.scatterAdd(base, 0, index, src));
        NDArray baseArg = NDArray.zeros(TensorType.of(DType.F64, 3, 2));
        NDArray indexArg = NDArray.of(DType.I64, Shape.of(1, 2), new double[] {2, 3});
        NDArray srcArg = NDArray.zeros(TensorType.of(DType.F64, 1, 2));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Interpreter.run(g, baseArg, indexArg, srcArg));
        assertTrue(message(e).contains("scatter_add") && message(e).contains("index 3") && message(e).contains("size 3"), message(e));
    }

    @Test
    void maxAndMinOfAnEmptyAxisThrow() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64, 2, 0);
        for (Node r : List.of(b.max(x, false, 1), b.min(x, true, 1))) {
            Graph g = b.build(r);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Interpreter.run(g, NDArray.zeros(TensorType.of(DType.F64, 2, 0))));
            assertTrue(message(e).contains(r.op().text()) && message(e).contains("empty"), message(e));
        }
    }

    @Test
    void kernelsApplyChecksItsInputs() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64, 2);
        Node e = b.exp(x);
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class, () -> Kernels.apply(e, NDArray.scalar(1)));
        assertTrue(message(wrongType).contains("f64[2]") && message(wrongType).contains("f64[]"), message(wrongType));
        assertThrows(IllegalArgumentException.class, () -> Kernels.apply(e));
        assertThrows(UnsupportedOperationException.class, () -> Kernels.apply(x));
        assertEquals(NDArray.vector(1, 1), Kernels.apply(e, NDArray.vector(0, 0)));
    }

    // ---- long chains ---------------------------------------------------------------------------

    /** A million scalar ops: linear time, no recursion; the result is exact. */
    @Test
    void millionNodeChainRunsInLinearTime() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64);
        Node one = b.constant(1);
        Node v = x;
        for (int i = 0; i < 1_000_000; i++) v = b.add(v, one);
        Graph g = b.build(v);
        assertTrue(g.size() > 1_000_000);
        double[] r = assertTimeout(Duration.ofSeconds(60), () -> Interpreter.runScalar(g, 0.5));
        assertEquals(1_000_000.5, r[0], 0.0);
    }

    /**
     * A chain of 8 MB tensors longer than the heap could hold all at once: it only runs because each
     * intermediate value is released after its last use.
     */
    @Test
    void intermediateValuesAreReleased() {
        int n = 1 << 20;
        long perValue = 8L * n;
        int length = (int) Math.min(4000, Runtime.getRuntime().maxMemory() / perValue + 20);
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64, n);
        Node one = b.constant(1);
        Node v = x;
        for (int i = 0; i < length; i++) v = b.add(v, one);
        Graph g = b.build(b.slice(v, 0, 0, 3, 1));
        NDArray r = Interpreter.run(g, NDArray.zeros(TensorType.of(DType.F64, n))).get(0);
        assertEquals(NDArray.vector(length, length, length), r);
    }
}
