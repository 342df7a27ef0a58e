package dev.fluxion.compiler.interpret;

import static dev.fluxion.compiler.interpret.OpCase.exact;
import static dev.fluxion.compiler.interpret.OpCase.f32;
import static dev.fluxion.compiler.interpret.OpCase.f64;
import static dev.fluxion.compiler.interpret.OpCase.i64;
import static dev.fluxion.compiler.interpret.OpCase.scalar;
import static dev.fluxion.compiler.interpret.OpCase.shape;
import static dev.fluxion.compiler.interpret.OpCase.vec;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.TensorType;
import java.util.List;

/** Op-table rows for matmul and dot (products computed by hand) and for the leaf ops. */
final class LinalgAndLeafCases {
    private LinalgAndLeafCases() {}

    private static final NDArray A = f64(shape(2, 3), 1, 2, 3, 4, 5, 6);
    private static final NDArray B = f64(shape(3, 2), 7, 8, 9, 10, 11, 12);

    /** a[p] = [[p+1, 0], [0, 1]] for p in 0..1, shape [2,1,2,2]. */
    private static NDArray batchA() {
        return f64(shape(2, 1, 2, 2), 1, 0, 0, 1, 2, 0, 0, 1);
    }

    /** b[q] = [[1, q], [0, 1]] for q in 0..2, shape [3,2,2]. */
    private static NDArray batchB() {
        return f64(shape(3, 2, 2), 1, 0, 0, 1, 1, 1, 0, 1, 1, 2, 0, 1);
    }

    /** a[p] @ b[q] = [[p+1, (p+1)q], [0, 1]], shape [2,3,2,2]. */
    private static NDArray batchProduct() {
        double[] v = new double[24];
        for (int p = 0; p < 2; p++) {
            for (int q = 0; q < 3; q++) {
                int o = (p * 3 + q) * 4;
                v[o] = p + 1;
                v[o + 1] = (p + 1) * q;
                v[o + 2] = 0;
                v[o + 3] = 1;
            }
        }
        return f64(shape(2, 3, 2, 2), v);
    }

    static List<OpCase> cases() {
        return List.of(
                // ---- matmul ---------------------------------------------------------------------------------
                // [[1*7+2*9+3*11, 1*8+2*10+3*12], [4*7+5*9+6*11, 4*8+5*10+6*12]]
                exact(Op.MATMUL, "[2,3] @ [3,2]", f64(shape(2, 2), 58, 64, 139, 154), (b, x) -> b.matmul(x[0], x[1]), A, B),
                exact(Op.MATMUL, "[3,2] @ [2,3]", f64(shape(3, 3), 39, 54, 69, 49, 68, 87, 59, 82, 105), (b, x) -> b.matmul(x[0], x[1]), B, A),
                exact(Op.MATMUL, "vector @ matrix drops the axis", vec(58, 64), (b, x) -> b.matmul(x[0], x[1]), vec(1, 2, 3), B),
                exact(Op.MATMUL, "matrix @ vector drops the axis", vec(6, 15), (b, x) -> b.matmul(x[0], x[1]), A, vec(1, 1, 1)),
                exact(Op.MATMUL, "vector @ vector gives 0-d", scalar(32), (b, x) -> b.matmul(x[0], x[1]), vec(1, 2, 3), vec(4, 5, 6)),
                exact(Op.MATMUL, "batch axes broadcast [2,1,2,2] @ [3,2,2]", batchProduct(), (b, x) -> b.matmul(x[0], x[1]), batchA(), batchB()),
                exact(Op.MATMUL, "batched matrix @ vector", f64(shape(3, 2), 1, 1, 1 + 1, 1, 1 + 2, 1),
                        (b, x) -> b.matmul(x[0], x[1]), batchB(), vec(1, 1)),
                exact(Op.MATMUL, "i64", i64(shape(1, 1), 11), (b, x) -> b.matmul(x[0], x[1]), i64(shape(1, 2), 1, 2), i64(shape(2, 1), 3, 4)),
                exact(Op.MATMUL, "f32 rounds the sum once", f32(shape(1, 1), (float) ((double) (float) 0.1 * (float) 0.3 + (double) (float) 0.2 * (float) 0.7)),
                        (b, x) -> b.matmul(x[0], x[1]), f32(shape(1, 2), 0.1, 0.2), f32(shape(2, 1), 0.3, 0.7)),
                exact(Op.MATMUL, "inner dimension 0 gives zeros", f64(shape(2, 2), 0, 0, 0, 0), (b, x) -> b.matmul(x[0], x[1]), f64(shape(2, 0)), f64(shape(0, 2))),
                exact(Op.DOT, "vectors", scalar(32), (b, x) -> b.dot(x[0], x[1]), vec(1, 2, 3), vec(4, 5, 6)),
                exact(Op.DOT, "i64", i64(shape(), -2), (b, x) -> b.dot(x[0], x[1]), i64(shape(2), 2, 3), i64(shape(2), 2, -2)),
                exact(Op.DOT, "empty vectors give 0", scalar(0), (b, x) -> b.dot(x[0], x[1]), vec(), vec()),

                // ---- leaves ---------------------------------------------------------------------------------
                exact(Op.CONST, "matrix", f64(shape(2, 2), 1, 2, 3, 4), (b, x) -> b.constant(new double[] {1, 2, 3, 4}, TensorType.of(DType.F64, 2, 2))),
                exact(Op.CONST, "f32 0-d", f32(shape(), 0.1), (b, x) -> b.constant(0.1, DType.F32)),
                exact(Op.FULL, "f32 rounds its value", f32(shape(2, 3), 0.1, 0.1, 0.1, 0.1, 0.1, 0.1), (b, x) -> b.full(TensorType.of(DType.F32, 2, 3), 0.1)),
                exact(Op.FULL, "bool", OpCase.bool(shape(2), 1, 1), (b, x) -> b.full(TensorType.of(DType.BOOL, 2), 1)),
                exact(Op.EYE, "square", f64(shape(2, 2), 1, 0, 0, 1), (b, x) -> b.eye(DType.F64, 2, 2)),
                exact(Op.EYE, "wide", f64(shape(2, 3), 1, 0, 0, 0, 1, 0), (b, x) -> b.eye(DType.F64, 2, 3)),
                exact(Op.EYE, "tall i64", i64(shape(3, 2), 1, 0, 0, 1, 0, 0), (b, x) -> b.eye(DType.I64, 3, 2)),
                exact(Op.ARANGE, "fractional step", vec(0, 0.25, 0.5, 0.75), (b, x) -> b.arange(0, 1, 0.25, DType.F64)),
                exact(Op.ARANGE, "negative step i64", i64(shape(3), 5, 3, 1), (b, x) -> b.arange(5, 0, -2, DType.I64)),
                exact(Op.ARANGE, "f32 rounds start + i * step", f32(shape(4), 0, 0.3, 2 * 0.3, 3 * 0.3), (b, x) -> b.arange(0, 1, 0.3, DType.F32)),
                exact(Op.ARANGE, "constant inside arithmetic", vec(1, 3, 5), (b, x) -> b.add(b.arange(0, 3, 1, DType.F64), x[0]), vec(1, 2, 3)));
    }
}
