package dev.fluxion.grammar;

import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.TensorType;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Graphs built with the builder that use every op in several shapes, dtypes and attribute
 * combinations, as the compiler's op table does, for the printer round trip. (The compiler's own
 * {@code OpTable} lives in its test classes, which this module does not see.)
 */
final class OpCorpus {
    private OpCorpus() {}

    record Case(String name, Graph graph) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static TensorType f64(int... dims) {
        return TensorType.of(DType.F64, dims);
    }

    private static void add(List<Case> cases, String name, List<TensorType> inputs, BiFunction<GraphBuilder, Node[], List<Node>> body) {
        GraphBuilder b = new GraphBuilder();
        Node[] xs = new Node[inputs.size()];
        for (int i = 0; i < xs.length; i++) xs[i] = b.input("x" + i, inputs.get(i));
        cases.add(new Case(name, b.build(body.apply(b, xs))));
    }

    private static void one(List<Case> cases, String name, TensorType t, BiFunction<GraphBuilder, Node, Node> body) {
        add(cases, name, List.of(t), (b, x) -> List.of(body.apply(b, x[0])));
    }

    private static Node ints(GraphBuilder b, double[] values, int... shape) {
        return b.constant(values, TensorType.of(DType.I64, shape));
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // ---- leaves and constants ----
        one(c, "tensor const", f64(2, 2), (b, x) -> b.mul(x, b.constant(new double[] {1, 2.5, -3, 1e-300}, f64(2, 2))));
        one(c, "special scalars", f64(), (b, x) -> b.add(b.add(b.mul(x, Double.NaN), Double.NEGATIVE_INFINITY),
                b.sub(b.mul(x, -0.0), b.add(b.mul(x, 1.5e20), Double.POSITIVE_INFINITY))));
        one(c, "empty full", f64(0, 3), (b, x) -> b.add(x, b.full(f64(0, 3), 0)));
        one(c, "full f32", TensorType.of(DType.F32, 2, 3), (b, x) -> b.mul(x, b.full(TensorType.of(DType.F32, 2, 3), 0.1)));
        one(c, "eye", f64(2, 3), (b, x) -> b.add(b.mul(x, b.eye(DType.F64, 2, 3)), b.sum(b.cast(b.eye(DType.I64, 3, 3), DType.F64))));
        one(c, "arange", f64(4), (b, x) -> b.add(b.mul(x, b.arange(0.5, 4.5, 1, DType.F64)), b.cast(b.arange(0, 4, 1, DType.I64), DType.F64)));
        one(c, "bool consts", f64(3), (b, x) -> b.where(b.eq(b.gt(x, b.constant(0)), b.constant(1, DType.BOOL)), x, b.constant(0)));
        // ---- elementwise ----
        for (Op op : Op.values()) {
            if (op.kind() == Op.Kind.UNARY && op != Op.CAST) one(c, op + "[2,3]", f64(2, 3), (b, x) -> b.unary(op, x));
            if (op.kind() == Op.Kind.BINARY || op.kind() == Op.Kind.COMPARE) {
                add(c, op + "[3,1][4]", List.of(f64(3, 1), f64(4)), (b, x) -> List.of(b.binary(op, x[0], x[1])));
                one(c, op + " with a constant", f64(), (b, x) -> b.binary(op, b.constant(-2), x));
            }
        }
        one(c, "neg of constants", f64(), (b, x) -> b.add(b.mul(x, b.neg(b.constant(2))), b.neg(b.constant(-2))));
        one(c, "cast", f64(3), (b, x) -> b.add(b.cast(b.cast(x, DType.F32), DType.F64), b.cast(b.cast(x, DType.I64), DType.F64)));
        one(c, "cast to bool", f64(3), (b, x) -> b.where(b.cast(x, DType.BOOL), x, b.constant(1)));
        one(c, "f32 arithmetic", TensorType.of(DType.F32, 3), (b, x) -> b.pow(b.add(b.mul(x, 0.1), b.div(b.constant(2, DType.F32), x)), 3));
        add(c, "where", List.of(f64(3, 1), f64(), f64(4)), (b, x) -> List.of(b.where(b.lt(x[0], b.constant(0)), x[1], x[2])));
        // ---- reductions ----
        for (Op op : new Op[] {Op.SUM, Op.MEAN, Op.PROD, Op.MAX, Op.MIN, Op.LOGSUMEXP}) {
            one(c, op + " all", f64(2, 3), (b, x) -> b.reduce(op, x, false));
            one(c, op + " axis", f64(2, 3), (b, x) -> b.reduce(op, x, false, 1));
            one(c, op + " keepdim", f64(2, 3, 4), (b, x) -> b.reduce(op, x, true, 0, 2));
            one(c, op + " of a scalar", f64(), (b, x) -> b.apply(op, Attrs.of("axes", new int[0], "keepdim", false), x));
        }
        one(c, "logsumexp over no axes", f64(3), (b, x) -> b.apply(Op.LOGSUMEXP, Attrs.of("axes", new int[0], "keepdim", false), x));
        // ---- shape ops ----
        one(c, "reshape", f64(2, 3), (b, x) -> b.reshape(b.reshape(x, 3, 2), 6));
        one(c, "reshape to scalar", f64(1, 1), (b, x) -> b.reshape(x));
        one(c, "broadcast_to", f64(3, 1), (b, x) -> b.broadcastTo(x, Shape.of(2, 3, 4)));
        one(c, "transpose", f64(2, 3, 4), (b, x) -> b.add(b.transpose(x, 2, 0, 1), b.transpose(b.transpose(x, 1, 0, 2), 2, 1, 0)));
        one(c, "matrix transpose", f64(2, 3), (b, x) -> b.matmul(b.transpose(x, 1, 0), b.neg(x)));
        one(c, "squeeze and unsqueeze", f64(1, 3, 1), (b, x) -> b.unsqueeze(b.squeeze(x, 0, 2), 0, 2));
        one(c, "slices", f64(4, 5), (b, x) -> b.add(b.slice(x, new int[] {1, 0}, new int[] {3, 5}, new int[] {1, 2}),
                b.slice(x, new int[] {0, 2}, new int[] {4, 5}, new int[] {2, 1})));
        one(c, "empty slice", f64(5), (b, x) -> b.add(b.sum(b.slice(x, 0, 2, 2, 1)), b.sum(b.slice(x, 0, -3, null, 2))));
        one(c, "whole slice", f64(3), (b, x) -> b.apply(Op.SLICE, Attrs.of("start", new int[] {0}, "stop", new int[] {3}, "step", new int[] {1}), x));
        one(c, "pad", f64(2, 2), (b, x) -> b.pad(x, new int[] {0, 1}, new int[] {1, 0}, new int[] {0, 2}));
        one(c, "gather", f64(3, 4), (b, x) -> b.gather(x, 1, ints(b, new double[] {0, 3, 2, 2, 1, 1}, 3, 2)));
        add(c, "scatter_add", List.of(f64(3, 4), f64(2, 4)),
                (b, x) -> List.of(b.scatterAdd(x[0], 0, ints(b, new double[] {2, 0, 1, 2, 2, 0, 0, 1}, 2, 4), x[1])));
        add(c, "concat and stack", List.of(f64(2), f64(3)), (b, x) -> List.of(b.concat(0, List.of(x[0], x[1], x[0])),
                b.stack(1, List.of(x[0], b.neg(x[0]))), b.apply(Op.CONCAT, Attrs.of("axis", 0), x[1])));
        // ---- linear algebra ----
        add(c, "matmul", List.of(f64(2, 3), f64(3, 4), f64(3)), (b, x) -> List.of(b.matmul(x[0], x[1]), b.matmul(x[2], x[1]),
                b.matmul(x[0], x[2]), b.matmul(x[2], x[2]), b.dot(x[2], x[2])));
        add(c, "batched matmul", List.of(f64(2, 1, 2, 3), f64(3, 3, 2)), (b, x) -> List.of(b.matmul(x[0], x[1])));
        add(c, "f32 matmul", List.of(TensorType.of(DType.F32, 2, 2), TensorType.of(DType.F32, 2)), (b, x) -> List.of(b.matmul(x[0], x[1])));
        // ---- graph shapes: sharing, tuples, outputs that are inputs, none ----
        add(c, "shared and repeated outputs", List.of(f64(), f64()), (b, x) -> {
            Node s = b.sin(b.mul(x[0], x[1]));
            return List.of(s, b.add(s, x[1]), s, x[0], b.constant(2));
        });
        add(c, "no outputs", List.of(f64()), (b, x) -> List.of());
        add(c, "right-nested", List.of(f64(), f64(), f64()), (b, x) -> List.of(b.sub(x[0], b.sub(x[1], b.add(x[2], b.add(x[0], x[1])))),
                b.div(x[0], b.mul(x[1], x[2])), b.pow(b.pow(x[0], x[1]), x[2]), b.pow(b.neg(x[0]), b.neg(b.pow(x[1], 2)))));
        return c;
    }
}
