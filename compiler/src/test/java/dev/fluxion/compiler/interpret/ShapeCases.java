package dev.fluxion.compiler.interpret;

import static dev.fluxion.compiler.interpret.OpCase.bool;
import static dev.fluxion.compiler.interpret.OpCase.exact;
import static dev.fluxion.compiler.interpret.OpCase.f32;
import static dev.fluxion.compiler.interpret.OpCase.f64;
import static dev.fluxion.compiler.interpret.OpCase.i64;
import static dev.fluxion.compiler.interpret.OpCase.iota;
import static dev.fluxion.compiler.interpret.OpCase.scalar;
import static dev.fluxion.compiler.interpret.OpCase.shape;
import static dev.fluxion.compiler.interpret.OpCase.vec;

import dev.fluxion.compiler.ir.Attrs;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;
import java.util.List;

/**
 * Op-table rows for the shape ops. Tensors with a digit per coordinate (x[i][j] = 10i + j,
 * x[i][j][k] = 100i + 10j + k) make expected layouts readable and let a few rows state the
 * expected tensor as a formula over output coordinates.
 */
final class ShapeCases {
    private ShapeCases() {}

    /** x[i][j] = 10i + j. */
    private static NDArray grid(int rows, int cols) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) v[i * cols + j] = 10 * i + j;
        return f64(shape(rows, cols), v);
    }

    /** x[i][j][k] = 100i + 10j + k. */
    private static NDArray cube(int n0, int n1, int n2) {
        double[] v = new double[n0 * n1 * n2];
        for (int i = 0; i < n0; i++) for (int j = 0; j < n1; j++) for (int k = 0; k < n2; k++) v[(i * n1 + j) * n2 + k] = 100 * i + 10 * j + k;
        return f64(shape(n0, n1, n2), v);
    }

    /** transpose(cube(2,3,4), perm (2,0,1)): out[a][b][c] = x[b][c][a] = 100b + 10c + a, shape [4,2,3]. */
    private static NDArray cubeTransposed201() {
        double[] v = new double[24];
        for (int a = 0; a < 4; a++) for (int b = 0; b < 2; b++) for (int c = 0; c < 3; c++) v[(a * 2 + b) * 3 + c] = 100 * b + 10 * c + a;
        return f64(shape(4, 2, 3), v);
    }

    static List<OpCase> cases() {
        return List.of(
                // ---- reshape, broadcast_to, squeeze, unsqueeze ----------------------------------------------
                exact(Op.RESHAPE, "[2,3] -> [3,2] keeps row-major order", f64(shape(3, 2), 0, 1, 2, 3, 4, 5), (b, x) -> b.reshape(x[0], 3, 2), iota(2, 3)),
                exact(Op.RESHAPE, "[1] -> 0-d", scalar(7), (b, x) -> b.reshape(x[0]), vec(7)),
                exact(Op.RESHAPE, "bool", bool(shape(2, 2), 1, 0, 0, 1), (b, x) -> b.reshape(x[0], 2, 2), bool(shape(4), 1, 0, 0, 1)),
                exact(Op.BROADCAST_TO, "[3] -> [2,3]", f64(shape(2, 3), 1, 2, 3, 1, 2, 3), (b, x) -> b.broadcastTo(x[0], Shape.of(2, 3)), vec(1, 2, 3)),
                exact(Op.BROADCAST_TO, "[2,1] -> [2,3]", f64(shape(2, 3), 1, 1, 1, 2, 2, 2), (b, x) -> b.broadcastTo(x[0], Shape.of(2, 3)), f64(shape(2, 1), 1, 2)),
                exact(Op.BROADCAST_TO, "0-d -> [2,2] i64", i64(shape(2, 2), 5, 5, 5, 5), (b, x) -> b.broadcastTo(x[0], Shape.of(2, 2)), i64(shape(), 5)),
                exact(Op.BROADCAST_TO, "[2,1] -> [2,2,2]", f64(shape(2, 2, 2), 1, 1, 2, 2, 1, 1, 2, 2), (b, x) -> b.broadcastTo(x[0], Shape.of(2, 2, 2)),
                        f64(shape(2, 1), 1, 2)),
                exact(Op.SQUEEZE, "axes (0,2)", vec(1, 2, 3), (b, x) -> b.squeeze(x[0], 0, 2), f64(shape(1, 3, 1), 1, 2, 3)),
                exact(Op.SQUEEZE, "[1,1] -> 0-d", scalar(4), (b, x) -> b.squeeze(x[0]), f64(shape(1, 1), 4)),
                exact(Op.UNSQUEEZE, "axes (0,2) of the output", f64(shape(1, 3, 1), 1, 2, 3), (b, x) -> b.unsqueeze(x[0], 0, 2), vec(1, 2, 3)),
                exact(Op.UNSQUEEZE, "0-d -> [1]", f32(shape(1), 0.5), (b, x) -> b.unsqueeze(x[0], 0), f32(shape(), 0.5)),

                // ---- transpose ------------------------------------------------------------------------------
                exact(Op.TRANSPOSE, "matrix", f64(shape(3, 2), 1, 4, 2, 5, 3, 6), (b, x) -> b.transpose(x[0], 1, 0), f64(shape(2, 3), 1, 2, 3, 4, 5, 6)),
                exact(Op.TRANSPOSE, "3-D perm (2,0,1)", cubeTransposed201(), (b, x) -> b.transpose(x[0], 2, 0, 1), cube(2, 3, 4)),
                exact(Op.TRANSPOSE, "last two axes of a batch", f64(shape(2, 2, 2), 0, 10, 1, 11, 100, 110, 101, 111), (b, x) -> b.transposeLast2(x[0]), cube(2, 2, 2)),

                // ---- slice and pad --------------------------------------------------------------------------
                exact(Op.SLICE, "rows 1:4:2, cols 0:5:3", f64(shape(2, 2), 10, 13, 30, 33),
                        (b, x) -> b.slice(x[0], new int[] {1, 0}, new int[] {4, 5}, new int[] {2, 3}), grid(4, 5)),
                exact(Op.SLICE, "one axis, Python bounds [-2:]", f64(shape(3, 2), 3, 4, 13, 14, 23, 24), (b, x) -> b.slice(x[0], 1, -2, null, 1), grid(3, 5)),
                exact(Op.SLICE, "empty result", f64(shape(0, 5)), (b, x) -> b.slice(x[0], new int[] {2, 0}, new int[] {2, 5}, new int[] {1, 1}), grid(4, 5)),
                exact(Op.SLICE, "step past the end", vec(1, 4), (b, x) -> b.slice(x[0], 0, 1, null, 3), vec(0, 1, 2, 3, 4, 5)),
                exact(Op.PAD, "lo 1, hi 2, interior 1", vec(0, 1, 0, 2, 0, 3, 0, 0), (b, x) -> b.pad(x[0], new int[] {1}, new int[] {2}, new int[] {1}), vec(1, 2, 3)),
                exact(Op.PAD, "2-D, different per axis", f64(shape(3, 3), 0, 0, 0, 1, 2, 0, 3, 4, 0),
                        (b, x) -> b.pad(x[0], new int[] {1, 0}, new int[] {0, 1}, new int[] {0, 0}), f64(shape(2, 2), 1, 2, 3, 4)),
                exact(Op.PAD, "interior only, 2-D", f64(shape(3, 3), 1, 0, 2, 0, 0, 0, 3, 0, 4),
                        (b, x) -> b.pad(x[0], new int[] {0, 0}, new int[] {0, 0}, new int[] {1, 1}), f64(shape(2, 2), 1, 2, 3, 4)),
                exact(Op.PAD, "empty input", vec(0, 0), (b, x) -> b.pad(x[0], new int[] {1}, new int[] {1}, new int[] {3}), vec()),

                // ---- gather and scatter_add -----------------------------------------------------------------
                exact(Op.GATHER, "axis 1", f64(shape(2, 2), 3, 1, 5, 5), (b, x) -> b.gather(x[0], 1, x[1]),
                        f64(shape(2, 3), 1, 2, 3, 4, 5, 6), i64(shape(2, 2), 2, 0, 1, 1)),
                exact(Op.GATHER, "axis 0, index smaller than x off the axis", f64(shape(1, 3), 4, 2, 6), (b, x) -> b.gather(x[0], 0, x[1]),
                        f64(shape(2, 3), 1, 2, 3, 4, 5, 6), i64(shape(1, 3), 1, 0, 1)),
                exact(Op.GATHER, "1-D with repeats", vec(30, 10, 30, 30), (b, x) -> b.gather(x[0], 0, x[1]), vec(10, 20, 30), i64(shape(4), 2, 0, 2, 2)),
                // out[index[i][j]][j] += src[i][j]: (0,0)+=1, (1,1)+=2, (2,0)+=3, (0,1)+=4, (0,0)+=5, (0,1)+=6
                exact(Op.SCATTER_ADD, "axis 0", f64(shape(3, 2), 7, 11, 1, 3, 4, 1), (b, x) -> b.scatterAdd(x[0], 0, x[1], x[2]),
                        f64(shape(3, 2), 1, 1, 1, 1, 1, 1), i64(shape(3, 2), 0, 1, 2, 0, 0, 0), f64(shape(3, 2), 1, 2, 3, 4, 5, 6)),
                // out[i][index[i][j]] += src[i][j]
                exact(Op.SCATTER_ADD, "axis 1, index narrower than base", f64(shape(2, 3), 0, 30, 0, 5, 0, 0),
                        (b, x) -> b.scatterAdd(x[0], 1, x[1], x[2]), f64(shape(2, 3), 0, 0, 0, 0, 0, 0), i64(shape(2, 2), 1, 1, 0, 0), f64(shape(2, 2), 10, 20, 2, 3)),
                exact(Op.SCATTER_ADD, "i64", i64(shape(3), 5, 0, 2), (b, x) -> b.scatterAdd(x[0], 0, x[1], x[2]),
                        i64(shape(3), 1, 0, 0), i64(shape(3), 0, 2, 0), i64(shape(3), 1, 2, 3)),

                // ---- concat and stack -----------------------------------------------------------------------
                exact(Op.CONCAT, "axis 0", f64(shape(3, 2), 1, 2, 3, 4, 5, 6), (b, x) -> b.concat(0, List.of(x[0], x[1])),
                        f64(shape(1, 2), 1, 2), f64(shape(2, 2), 3, 4, 5, 6)),
                exact(Op.CONCAT, "axis 1, three inputs", f64(shape(2, 4), 1, 3, 4, 7, 2, 5, 6, 8), (b, x) -> b.concat(1, List.of(x[0], x[1], x[2])),
                        f64(shape(2, 1), 1, 2), f64(shape(2, 2), 3, 4, 5, 6), f64(shape(2, 1), 7, 8)),
                exact(Op.CONCAT, "empty input", vec(1, 2), (b, x) -> b.apply(Op.CONCAT, Attrs.of("axis", 0), x[0], x[1]), vec(), vec(1, 2)),
                exact(Op.STACK, "axis 0", f64(shape(2, 2), 1, 2, 3, 4), (b, x) -> b.stack(0, List.of(x[0], x[1])), vec(1, 2), vec(3, 4)),
                exact(Op.STACK, "axis 1", f64(shape(2, 2), 1, 3, 2, 4), (b, x) -> b.stack(1, List.of(x[0], x[1])), vec(1, 2), vec(3, 4)),
                exact(Op.STACK, "0-d inputs", vec(1, 2, 3), (b, x) -> b.stack(0, List.of(x[0], x[1], x[2])), scalar(1), scalar(2), scalar(3)),
                exact(Op.STACK, "middle axis of matrices", f64(shape(2, 2, 2), 0, 1, 100, 101, 10, 11, 110, 111),
                        (b, x) -> b.stack(1, List.of(x[0], x[1])), grid(2, 2), f64(shape(2, 2), 100, 101, 110, 111)));
    }
}
