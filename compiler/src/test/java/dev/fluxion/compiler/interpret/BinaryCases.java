package dev.fluxion.compiler.interpret;

import static dev.fluxion.compiler.interpret.OpCase.bool;
import static dev.fluxion.compiler.interpret.OpCase.close;
import static dev.fluxion.compiler.interpret.OpCase.exact;
import static dev.fluxion.compiler.interpret.OpCase.f32;
import static dev.fluxion.compiler.interpret.OpCase.f64;
import static dev.fluxion.compiler.interpret.OpCase.i64;
import static dev.fluxion.compiler.interpret.OpCase.scalar;
import static dev.fluxion.compiler.interpret.OpCase.shape;
import static dev.fluxion.compiler.interpret.OpCase.vec;

import dev.fluxion.compiler.ir.Op;
import java.util.List;

/**
 * Op-table rows for the broadcasting binary ops, the comparisons and where. Broadcasting pairs
 * cover a column against a row ([3,1] with [4]), leading axes, 0-d operands on either side and
 * size-1 axes on both operands at once.
 */
final class BinaryCases {
    private BinaryCases() {}

    private static final double NAN = Double.NaN, INF = Double.POSITIVE_INFINITY, PI = Math.PI;

    static List<OpCase> cases() {
        return List.of(
                // ---- arithmetic -------------------------------------------------------------------------
                exact(Op.ADD, "[3,1] + [4] -> [3,4]",
                        f64(shape(3, 4), 11, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43),
                        (b, x) -> b.add(x[0], x[1]), f64(shape(3, 1), 1, 2, 3), vec(10, 20, 30, 40)),
                exact(Op.ADD, "[4] + [3,1] -> [3,4]",
                        f64(shape(3, 4), 11, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43),
                        (b, x) -> b.add(x[0], x[1]), vec(10, 20, 30, 40), f64(shape(3, 1), 1, 2, 3)),
                exact(Op.ADD, "0-d + 0-d", scalar(5.5), (b, x) -> b.add(x[0], x[1]), scalar(2), scalar(3.5)),
                exact(Op.ADD, "[2,3] + 0-d", f64(shape(2, 3), 1, 2, 3, 4, 5, 6), (b, x) -> b.add(x[0], x[1]),
                        f64(shape(2, 3), 0, 1, 2, 3, 4, 5), scalar(1)),
                exact(Op.ADD, "i64", i64(shape(2), 7, -1), (b, x) -> b.add(x[0], x[1]), i64(shape(2), 3, 4), i64(shape(2), 4, -5)),
                exact(Op.ADD, "f32 rounding", f32(shape(), (float) ((double) (float) 0.1 + (double) (float) 0.2)),
                        (b, x) -> b.add(x[0], x[1]), f32(shape(), 0.1), f32(shape(), 0.2)),
                exact(Op.SUB, "[2,1] - [1,3] -> [2,3]", f64(shape(2, 3), -9, -19, -29, -8, -18, -28),
                        (b, x) -> b.sub(x[0], x[1]), f64(shape(2, 1), 1, 2), f64(shape(1, 3), 10, 20, 30)),
                exact(Op.SUB, "0-d - [2]", vec(1, -2), (b, x) -> b.sub(x[0], x[1]), scalar(3), vec(2, 5)),
                exact(Op.SUB, "i64", i64(shape(2, 2), 0, 1, 2, 3), (b, x) -> b.sub(x[0], x[1]), i64(shape(2, 2), 5, 6, 7, 8), i64(shape(), 5)),
                exact(Op.MUL, "[2,1,2] * [3,1] -> [2,3,2]",
                        f64(shape(2, 3, 2), 1, 2, 2, 4, 3, 6, 3, 4, 6, 8, 9, 12),
                        (b, x) -> b.mul(x[0], x[1]), f64(shape(2, 1, 2), 1, 2, 3, 4), f64(shape(3, 1), 1, 2, 3)),
                exact(Op.MUL, "f32 rounding", f32(shape(2), (float) ((double) (float) 0.1 * 3), (float) ((double) (float) 1.1 * (double) (float) 1.1)),
                        (b, x) -> b.mul(x[0], x[1]), f32(shape(2), 0.1, 1.1), f32(shape(2), 3, 1.1)),
                exact(Op.MUL, "i64", i64(shape(2), -6, 40), (b, x) -> b.mul(x[0], x[1]), i64(shape(2), 2, 5), i64(shape(2), -3, 8)),
                exact(Op.DIV, "by zero and 0/0", vec(0.25, INF, -INF, NAN), (b, x) -> b.div(x[0], x[1]), vec(1, 2, -2, 0), vec(4, 0, 0, 0)),
                exact(Op.DIV, "[2,2] / [2]", f64(shape(2, 2), 0.5, 0.25, 1.5, 1), (b, x) -> b.div(x[0], x[1]), f64(shape(2, 2), 1, 1, 3, 4), vec(2, 4)),
                close(Op.POW, "Math.pow cases", vec(1024, 3, NAN, 1, 0.125, 1),
                        (b, x) -> b.pow(x[0], x[1]), vec(2, 9, -8, 0, 2, NAN), vec(10, 0.5, 1 / 3.0, 0, -3, 0)),
                exact(Op.MAXIMUM, "NaN in either operand propagates", vec(3, 5, NAN, NAN), (b, x) -> b.maximum(x[0], x[1]),
                        vec(1, 5, NAN, 2), vec(3, 2, 1, NAN)),
                exact(Op.MAXIMUM, "i64 against 0-d", i64(shape(3), 0, 0, 4), (b, x) -> b.maximum(x[0], x[1]), i64(shape(3), -2, 0, 4), i64(shape(), 0)),
                exact(Op.MINIMUM, "NaN in either operand propagates", vec(1, 2, NAN, NAN), (b, x) -> b.minimum(x[0], x[1]),
                        vec(1, 5, NAN, 2), vec(3, 2, 1, NAN)),
                exact(Op.MINIMUM, "[2,1] with [2]", f64(shape(2, 2), 0, 1, 0, 2), (b, x) -> b.minimum(x[0], x[1]), f64(shape(2, 1), 1, 2), vec(0, 3)),
                close(Op.ATAN2, "quadrants", vec(PI / 4, 3 * PI / 4, -PI / 2, PI, -3 * PI / 4),
                        (b, x) -> b.atan2(x[0], x[1]), vec(1, 1, -1, 0, -1), vec(1, -1, 0, -1, -1)),

                // ---- comparisons --------------------------------------------------------------------------
                exact(Op.LT, "vector against 0-d, NaN false", bool(shape(4), 1, 0, 0, 0), (b, x) -> b.lt(x[0], x[1]), vec(1, 2, 3, NAN), scalar(2)),
                exact(Op.LE, "[2,1] against [3]", bool(shape(2, 3), 1, 1, 0, 1, 1, 1), (b, x) -> b.le(x[0], x[1]),
                        f64(shape(2, 1), 1, -1), vec(1, 2, 0)),
                exact(Op.GT, "i64", bool(shape(3), 0, 0, 1), (b, x) -> b.gt(x[0], x[1]), i64(shape(3), 1, 2, 3), i64(shape(), 2)),
                exact(Op.GE, "NaN false", bool(shape(3), 1, 1, 0), (b, x) -> b.ge(x[0], x[1]), vec(2, 3, NAN), vec(2, 2, 0)),
                exact(Op.EQ, "NaN != NaN, -0 == 0", bool(shape(3), 1, 0, 1), (b, x) -> b.eq(x[0], x[1]), vec(1, NAN, -0.0), vec(1, NAN, 0)),
                exact(Op.EQ, "bool operands", bool(shape(2, 2), 1, 0, 0, 1), (b, x) -> b.eq(x[0], x[1]),
                        bool(shape(2, 1), 1, 0), bool(shape(2), 1, 0)),
                exact(Op.NE, "NaN != NaN", bool(shape(3), 0, 1, 1), (b, x) -> b.ne(x[0], x[1]), vec(1, NAN, 2), vec(1, NAN, 3)),
                exact(Op.NE, "f32", bool(shape(2), 0, 1), (b, x) -> b.ne(x[0], x[1]), f32(shape(2), 0.1, 0.2), f32(shape(), 0.1)),

                // ---- where --------------------------------------------------------------------------------
                exact(Op.WHERE, "[2,1] cond, [3] a, 0-d b", f64(shape(2, 3), 1, 2, 3, 0, 0, 0),
                        (b, x) -> b.where(x[0], x[1], x[2]), bool(shape(2, 1), 1, 0), vec(1, 2, 3), scalar(0)),
                exact(Op.WHERE, "equal shapes, NaN in the branch not taken", vec(1, 20, NAN), (b, x) -> b.where(x[0], x[1], x[2]),
                        bool(shape(3), 1, 0, 0), vec(1, NAN, 3), vec(10, 20, NAN)),
                exact(Op.WHERE, "i64 branches", i64(shape(2), 7, -1), (b, x) -> b.where(x[0], x[1], x[2]),
                        bool(shape(2), 1, 0), i64(shape(2), 7, 8), i64(shape(), -1)));
    }
}
