package dev.fluxion.grammar;

import static dev.fluxion.grammar.Graphs.assertSameGraph;
import static dev.fluxion.grammar.Graphs.evalOne;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.TensorType;

import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Calls of ops by name with their attributes, indexing, slicing and transposes. */
class CallsTest {
    /** Inputs x: f64[2,3,4], M: f64[3,4], v: f64[4], w: f64[3], k: i64[3,2]. */
    private static final List<Parameter> INPUTS = List.of(
            new Parameter("x", TensorType.of(DType.F64, 2, 3, 4)), new Parameter("M", TensorType.of(DType.F64, 3, 4)),
            new Parameter("v", TensorType.of(DType.F64, 4)), new Parameter("w", TensorType.of(DType.F64, 3)),
            new Parameter("k", TensorType.of(DType.I64, 3, 2)));

    private static Graph built(BiFunction<GraphBuilder, Node[], Node> body) {
        GraphBuilder b = new GraphBuilder();
        Node[] in = new Node[INPUTS.size()];
        for (int i = 0; i < in.length; i++) in[i] = b.input(INPUTS.get(i).name(), INPUTS.get(i).type());
        return b.build(body.apply(b, in));
    }

    private static void assertReads(String text, BiFunction<GraphBuilder, Node[], Node> body) {
        assertSameGraph(built(body), Expression.parse(text, INPUTS));
    }

    private static NDArray arange(int... shape) {
        TensorType t = TensorType.of(DType.F64, shape);
        double[] v = new double[t.numel()];
        for (int i = 0; i < v.length; i++) v[i] = i;
        return NDArray.of(t, v);
    }

    @Test
    void reductionsTakeAxesAndKeepdim() {
        assertReads("sum(x)", (b, in) -> b.sum(in[0]));
        assertReads("sum(x, 1)", (b, in) -> b.sum(in[0], false, 1));
        assertReads("mean(x, (0, 2), keepdim=true)", (b, in) -> b.mean(in[0], true, 0, 2));
        assertReads("max(x, -1)", (b, in) -> b.max(in[0], false, 2));
        assertReads("min(x, axes=(2, 0))", (b, in) -> b.min(in[0], false, 0, 2));
        assertReads("prod(M, keepdim=true)", (b, in) -> b.prod(in[1], true));
        assertReads("logsumexp(v, 0)", (b, in) -> b.logsumexp(in[2], false, 0));
        // an explicit () reduces no axes and is kept, as the IR allows for logsumexp
        assertReads("logsumexp(v, ())", (b, in) -> b.apply(Op.LOGSUMEXP, Attrs.of("axes", new int[0], "keepdim", false), in[2]));
    }

    @Test
    void shapeOpsTakeTheirAttributes() {
        assertReads("reshape(M, (2, -1))", (b, in) -> b.reshape(in[1], 2, 6));
        assertReads("broadcast_to(v, (2, 3, 4))", (b, in) -> b.broadcastTo(in[2], Shape.of(2, 3, 4)));
        assertReads("transpose(x, (2, 0, 1))", (b, in) -> b.transpose(in[0], 2, 0, 1));
        assertReads("transpose(x)", (b, in) -> b.transpose(in[0], 2, 1, 0));
        assertReads("squeeze(unsqueeze(v, (0, 2)), 0)", (b, in) -> b.squeeze(b.unsqueeze(in[2], 0, 2), 0));
        assertReads("squeeze(reshape(v, (1, 4, 1)))", (b, in) -> b.squeeze(b.reshape(in[2], 1, 4, 1)));
        assertReads("pad(v, lo=(1), hi=(2), interior=(1))", (b, in) -> b.pad(in[2], new int[] {1}, new int[] {2}, new int[] {1}));
        assertReads("pad(M, (0, 1), (1, 0))", (b, in) -> b.pad(in[1], new int[] {0, 1}, new int[] {1, 0}, new int[] {0, 0}));
        assertReads("gather(M, 1, k)", (b, in) -> b.gather(in[1], 1, in[4]));
        assertReads("scatter_add(M, -1, k, gather(M, 1, k))", (b, in) -> b.scatterAdd(in[1], 1, in[4], b.gather(in[1], 1, in[4])));
        assertReads("concat(0, v, v * 2)", (b, in) -> b.concat(0, List.of(in[2], b.mul(in[2], 2))));
        assertReads("stack(-1, w, w)", (b, in) -> b.stack(1, List.of(in[3], in[3])));
        assertReads("slice(M, start=(1, 0), stop=(3, 4), step=(1, 2))",
                (b, in) -> b.slice(in[1], new int[] {1, 0}, new int[] {3, 4}, new int[] {1, 2}));
        assertReads("dot(v, v) + cast(sum(k), f64)", (b, in) -> b.add(b.dot(in[2], in[2]), b.cast(b.sum(in[4]), DType.F64)));
    }

    @Test
    void leavesTakeTheirShapeAndDType() {
        assertEquals(TensorType.of(DType.F32, 2, 3), Expression.parse("full((2, 3), 0.5, dtype=f32)").output(0).type());
        Node eye = Expression.parse("eye(2, 3, dtype=i64)").output(0);
        assertEquals(Op.EYE, eye.op());
        assertEquals(TensorType.of(DType.I64, 2, 3), eye.type());
        assertEquals(TensorType.of(DType.F64, 3, 3), Expression.parse("eye(3)").output(0).type());
        Node five = Expression.parse("arange(5)").output(0);
        assertEquals(TensorType.of(DType.F64, 5), five.type());
        assertEquals(0.0, five.attrs().getDouble("start"));
        assertArrayEquals(new double[] {1, 1.25, 1.5, 1.75}, evalOne(Expression.parse("arange(1, 2, 0.25)")).toDoubleArray());
    }

    @Test
    void integerIndicesRemoveTheirAxes() {
        Graph g = Expression.parse("M[1]", INPUTS);
        assertEquals(TensorType.of(DType.F64, 4), g.output(0).type());
        NDArray m = arange(3, 4);
        NDArray[] args = {arange(2, 3, 4), m, arange(4), arange(3), NDArray.of(TensorType.of(DType.I64, 3, 2), new double[6])};
        assertArrayEquals(new double[] {4, 5, 6, 7}, evalOne(g, args).toDoubleArray());
        assertArrayEquals(new double[] {3, 7, 11}, evalOne(Expression.parse("M[:, -1]", INPUTS), args).toDoubleArray());
        assertArrayEquals(new double[] {6}, evalOne(Expression.parse("M[1, 2]", INPUTS), args).toDoubleArray());
        assertEquals(0, Expression.parse("M[1, 2]", INPUTS).output(0).rank());
    }

    @Test
    void slicesFollowPythonBounds() {
        NDArray[] args = {arange(2, 3, 4), arange(3, 4), arange(4), arange(3), NDArray.of(TensorType.of(DType.I64, 3, 2), new double[6])};
        assertArrayEquals(new double[] {4, 5, 6, 7, 8, 9, 10, 11}, evalOne(Expression.parse("M[1:3, :]", INPUTS), args).toDoubleArray());
        assertArrayEquals(new double[] {0, 2}, evalOne(Expression.parse("v[::2]", INPUTS), args).toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3}, evalOne(Expression.parse("v[-3:]", INPUTS), args).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 2}, evalOne(Expression.parse("v[:-1]", INPUTS), args).toDoubleArray());
        assertArrayEquals(new double[] {1, 5, 9}, evalOne(Expression.parse("M[:, 1:2][:, 0]", INPUTS), args).toDoubleArray());
        assertArrayEquals(new double[] {}, evalOne(Expression.parse("v[3:1]", INPUTS), args).toDoubleArray());
        assertEquals(TensorType.of(DType.F64, 3, 4), Expression.parse("M[-10:10, ::]", INPUTS).output(0).type());
        assertReads("x[1:, ::3]", (b, in) -> b.slice(in[0], new int[] {1, 0, 0}, new int[] {2, 3, 4}, new int[] {1, 3, 1}));
    }

    @Test
    void tickAndDotTSwapTheLastTwoAxes() {
        Graph tick = Expression.parse("M'", INPUTS);
        assertEquals(TensorType.of(DType.F64, 4, 3), tick.output(0).type());
        assertSameGraph(tick, Expression.parse("M.T", INPUTS));
        assertSameGraph(tick, Expression.parse("transpose(M, (1, 0))", INPUTS));
        assertReads("x'", (b, in) -> b.transpose(in[0], 0, 2, 1));
        Graph vector = Expression.parse("v'", INPUTS);
        assertSame(vector.input(2), vector.output(0), "a vector is its own transpose");
        assertSameGraph(Expression.parse("(M')'", INPUTS), Expression.parse("M''", INPUTS));
    }
}
