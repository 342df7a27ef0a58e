package dev.fluxion.compiler.optable;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.TensorType;

import java.util.List;
import java.util.function.BiFunction;

import static dev.fluxion.compiler.optable.Domain.REAL;
import static dev.fluxion.compiler.optable.OpTable.indices;
import static dev.fluxion.compiler.optable.OpTable.type;

/** The shape and linear-algebra rows of {@link OpTable}. */
final class ShapeOpSamples {
    private ShapeOpSamples() {}

    private static OpSample one(String name, Op op, TensorType t, BiFunction<GraphBuilder, Node[], Node> body) {
        return new OpSample(name, op, List.of(t), List.of(REAL), body, null);
    }

    private static OpSample two(String name, Op op, TensorType t0, TensorType t1,
                                BiFunction<GraphBuilder, Node[], Node> body) {
        return new OpSample(name, op, List.of(t0, t1), List.of(REAL, REAL), body, null);
    }

    static void add(List<OpSample> s) {
        s.add(one("reshape[2,3]->[3,2]", Op.RESHAPE, type(2, 3), (b, x) -> b.reshape(x[0], 3, 2)));
        s.add(one("reshape[6]->[2,1,3]", Op.RESHAPE, type(6), (b, x) -> b.reshape(x[0], 2, 1, 3)));
        s.add(one("reshape[]->[1,1]", Op.RESHAPE, type(), (b, x) -> b.reshape(x[0], 1, 1)));
        s.add(one("broadcast_to[3,1]->[2,3,4]", Op.BROADCAST_TO, type(3, 1), (b, x) -> b.broadcastTo(x[0], Shape.of(2, 3, 4))));
        s.add(one("broadcast_to[]->[2,2]", Op.BROADCAST_TO, type(), (b, x) -> b.broadcastTo(x[0], Shape.of(2, 2))));
        s.add(one("broadcast_to[4]->[3,4]", Op.BROADCAST_TO, type(4), (b, x) -> b.broadcastTo(x[0], Shape.of(3, 4))));
        s.add(one("transpose[2,3]", Op.TRANSPOSE, type(2, 3), (b, x) -> b.transpose(x[0], 1, 0)));
        s.add(one("transpose[2,3,4](2,0,1)", Op.TRANSPOSE, type(2, 3, 4), (b, x) -> b.transpose(x[0], 2, 0, 1)));
        s.add(one("squeeze[1,3,1]", Op.SQUEEZE, type(1, 3, 1), (b, x) -> b.squeeze(x[0], 0, 2)));
        s.add(one("squeeze[1]", Op.SQUEEZE, type(1), (b, x) -> b.squeeze(x[0])));
        s.add(one("unsqueeze[3](0,2)", Op.UNSQUEEZE, type(3), (b, x) -> b.unsqueeze(x[0], 0, 2)));
        s.add(one("unsqueeze[](0)", Op.UNSQUEEZE, type(), (b, x) -> b.unsqueeze(x[0], 0)));
        s.add(one("slice[7]1:6:2", Op.SLICE, type(7), (b, x) -> b.slice(x[0], 0, 1, 6, 2)));
        s.add(one("slice[4,5][1:3,::3]", Op.SLICE, type(4, 5),
                (b, x) -> b.slice(x[0], new int[] {1, 0}, new int[] {3, 5}, new int[] {1, 3})));
        s.add(one("slice[5]-3:", Op.SLICE, type(5), (b, x) -> b.slice(x[0], 0, -3, null, 1)));
        s.add(one("slice[5]2:2(empty)", Op.SLICE, type(5), (b, x) -> b.add(b.sum(b.slice(x[0], 0, 2, 2, 1)), b.sum(x[0]))));
        s.add(one("pad[3]", Op.PAD, type(3), (b, x) -> b.pad(x[0], new int[] {1}, new int[] {2}, new int[] {1})));
        s.add(one("pad[2,2]", Op.PAD, type(2, 2), (b, x) -> b.pad(x[0], new int[] {0, 1}, new int[] {1, 0}, new int[] {0, 2})));
        s.add(one("gather[3,4]axis1", Op.GATHER, type(3, 4),
                (b, x) -> b.gather(x[0], 1, indices(b, new long[] {0, 3, 2, 2, 1, 1}, 3, 2))));
        s.add(one("gather[3,4]axis0", Op.GATHER, type(3, 4),
                (b, x) -> b.gather(x[0], 0, indices(b, new long[] {2, 0, 1, 2, 0, 0, 1, 2}, 2, 4))));
        s.add(two("scatter_add[3,4]axis0", Op.SCATTER_ADD, type(3, 4), type(2, 4),
                (b, x) -> b.scatterAdd(x[0], 0, indices(b, new long[] {2, 0, 1, 2, 2, 0, 0, 1}, 2, 4), x[1])));
        s.add(two("scatter_add[3,4]axis1", Op.SCATTER_ADD, type(3, 4), type(3, 2),
                (b, x) -> b.scatterAdd(x[0], 1, indices(b, new long[] {1, 1, 0, 3, 2, 0}, 3, 2), x[1])));
        s.add(two("concat[2,3][2,1]axis1", Op.CONCAT, type(2, 3), type(2, 1), (b, x) -> b.concat(1, List.of(x[0], x[1]))));
        s.add(new OpSample("concat[2][3][1]", Op.CONCAT, List.of(type(2), type(3), type(1)), List.of(REAL, REAL, REAL),
                (b, x) -> b.concat(0, List.of(x[0], x[1], x[2], x[0])), null));
        s.add(two("stack[3][3]axis0", Op.STACK, type(3), type(3), (b, x) -> b.stack(0, List.of(x[0], x[1]))));
        s.add(new OpSample("stack[2,2]x3axis2", Op.STACK, List.of(type(2, 2), type(2, 2), type(2, 2)), List.of(REAL, REAL, REAL),
                (b, x) -> b.stack(2, List.of(x[0], x[1], x[2])), null));
        s.add(two("matmul[2,3][3,4]", Op.MATMUL, type(2, 3), type(3, 4), (b, x) -> b.matmul(x[0], x[1])));
        s.add(two("matmul[3][3,4]", Op.MATMUL, type(3), type(3, 4), (b, x) -> b.matmul(x[0], x[1])));
        s.add(two("matmul[2,3][3]", Op.MATMUL, type(2, 3), type(3), (b, x) -> b.matmul(x[0], x[1])));
        s.add(two("matmul[3][3]", Op.MATMUL, type(3), type(3), (b, x) -> b.matmul(x[0], x[1])));
        s.add(two("matmul[2,2,3][3,4]", Op.MATMUL, type(2, 2, 3), type(3, 4), (b, x) -> b.matmul(x[0], x[1])));
        s.add(two("matmul[2,1,2,3][3,3,2]", Op.MATMUL, type(2, 1, 2, 3), type(3, 3, 2), (b, x) -> b.matmul(x[0], x[1])));
        s.add(two("dot[4][4]", Op.DOT, type(4), type(4), (b, x) -> b.dot(x[0], x[1])));
        s.add(new OpSample("matmul[f32]", Op.MATMUL, List.of(TensorType.of(DType.F32, 2, 2), TensorType.of(DType.F32, 2)),
                List.of(REAL, REAL), (b, x) -> b.matmul(x[0], x[1]), null));
    }
}
