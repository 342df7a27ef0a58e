package dev.fluxion.compiler.interpret;

import static dev.fluxion.compiler.interpret.OpCase.close;
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
import java.util.List;

/**
 * Op-table rows for the reductions: single axes, several axes, all axes, keepdim, empty axes
 * (identities), NaN and infinities, and logsumexp where exp would overflow.
 * Most rows reduce m = [[1,2,3],[4,5,6]] or t = iota(2,3,2), t[i][j][k] = 6i + 2j + k.
 */
final class ReductionCases {
    private ReductionCases() {}

    private static final double NAN = Double.NaN, INF = Double.POSITIVE_INFINITY;

    private static NDArray m() {
        return f64(shape(2, 3), 1, 2, 3, 4, 5, 6);
    }

    static List<OpCase> cases() {
        return List.of(
                // ---- sum ------------------------------------------------------------------------------------
                exact(Op.SUM, "axis 0", vec(5, 7, 9), (b, x) -> b.sum(x[0], false, 0), m()),
                exact(Op.SUM, "axis 1 keepdim", f64(shape(2, 1), 6, 15), (b, x) -> b.sum(x[0], true, 1), m()),
                exact(Op.SUM, "all axes to 0-d", scalar(21), (b, x) -> b.sum(x[0]), m()),
                exact(Op.SUM, "all axes keepdim", f64(shape(1, 1), 21), (b, x) -> b.sum(x[0], true), m()),
                // sum over i, k of 6i + 2j + k = 8j + 14
                exact(Op.SUM, "axes (0,2) keepdim of a 3-D tensor", f64(shape(1, 3, 1), 14, 22, 30), (b, x) -> b.sum(x[0], true, 0, 2), iota(2, 3, 2)),
                // sum over j of 6i + 2j + k = 18i + 6 + 3k
                exact(Op.SUM, "middle axis of a 3-D tensor", f64(shape(2, 2), 6, 9, 24, 27), (b, x) -> b.sum(x[0], false, 1), iota(2, 3, 2)),
                exact(Op.SUM, "0-d input with no axes", scalar(4), (b, x) -> b.apply(Op.SUM, Attrs.of("axes", new int[0], "keepdim", false), x[0]), scalar(4)),
                exact(Op.SUM, "empty axis gives 0", vec(0, 0), (b, x) -> b.sum(x[0], false, 1), f64(shape(2, 0))),
                exact(Op.SUM, "i64", i64(shape(2), 6, 15), (b, x) -> b.sum(x[0], false, 1), i64(shape(2, 3), 1, 2, 3, 4, 5, 6)),
                exact(Op.SUM, "f32 rounds the total once",
                        f32(shape(), (float) ((double) (float) 0.1 + (double) (float) 0.2 + (double) (float) 0.3)),
                        (b, x) -> b.sum(x[0]), f32(shape(3), 0.1, 0.2, 0.3)),
                exact(Op.SUM, "inf and NaN", vec(INF, NAN), (b, x) -> b.sum(x[0], false, 1), f64(shape(2, 2), INF, 1, INF, -INF)),

                // ---- mean -----------------------------------------------------------------------------------
                exact(Op.MEAN, "axis 1", vec(2, 5), (b, x) -> b.mean(x[0], false, 1), m()),
                exact(Op.MEAN, "all axes", scalar(3.5), (b, x) -> b.mean(x[0], false), m()),
                // mean over i, j of 6i + 2j + k = 3 + 2 + k
                exact(Op.MEAN, "axes (0,1) keepdim", f64(shape(1, 1, 2), 5, 6), (b, x) -> b.mean(x[0], true, 0, 1), iota(2, 3, 2)),
                exact(Op.MEAN, "empty axis gives NaN", vec(NAN, NAN, NAN), (b, x) -> b.mean(x[0], false, 0), f64(shape(0, 3))),

                // ---- prod -----------------------------------------------------------------------------------
                exact(Op.PROD, "axis 0", vec(4, 10, 18), (b, x) -> b.prod(x[0], false, 0), m()),
                exact(Op.PROD, "all axes", scalar(720), (b, x) -> b.prod(x[0], false), m()),
                exact(Op.PROD, "empty axis gives 1", f64(shape(1, 2), 1, 1), (b, x) -> b.prod(x[0], true, 0), f64(shape(0, 2))),
                exact(Op.PROD, "i64 keepdim", i64(shape(2, 1), -6, 120), (b, x) -> b.prod(x[0], true, 1), i64(shape(2, 3), 1, -2, 3, 4, 5, 6)),

                // ---- max and min ------------------------------------------------------------------------------
                exact(Op.MAX, "axis 1", vec(3, 6), (b, x) -> b.max(x[0], false, 1), m()),
                exact(Op.MAX, "NaN propagates", vec(NAN, 4), (b, x) -> b.max(x[0], false, 1), f64(shape(2, 3), 1, NAN, 3, -INF, 4, 2)),
                exact(Op.MAX, "axes (0,2) of a 3-D tensor", vec(7, 9, 11), (b, x) -> b.max(x[0], false, 0, 2), iota(2, 3, 2)),
                exact(Op.MAX, "i64 all axes", i64(shape(), 9), (b, x) -> b.max(x[0], false), i64(shape(2, 2), -1, 9, 3, -20)),
                exact(Op.MIN, "axis 0 keepdim", f64(shape(1, 3), 1, 2, 3), (b, x) -> b.min(x[0], true, 0), m()),
                exact(Op.MIN, "NaN propagates", vec(1, NAN), (b, x) -> b.min(x[0], false, 1), f64(shape(2, 2), 1, 2, 3, NAN)),
                exact(Op.MIN, "i64", i64(shape(2), -1, -20), (b, x) -> b.min(x[0], false, 1), i64(shape(2, 2), -1, 9, 3, -20)),

                // ---- logsumexp --------------------------------------------------------------------------------
                close(Op.LOGSUMEXP, "log(1 + 2 + 3) = log 6", scalar(Math.log(6)), (b, x) -> b.logsumexp(x[0], false),
                        vec(0, Math.log(2), Math.log(3))),
                close(Op.LOGSUMEXP, "no overflow at +1000", vec(1000 + Math.log(2), -1000 + Math.log(3)), (b, x) -> b.logsumexp(x[0], false, 1),
                        f64(shape(2, 3), 1000, 1000, -INF, -1000, -1000, -1000)),
                close(Op.LOGSUMEXP, "axis 0 keepdim", f64(shape(1, 2), Math.log(1 + Math.exp(2)), Math.log(Math.exp(1) + Math.exp(3))),
                        (b, x) -> b.logsumexp(x[0], true, 0), f64(shape(2, 2), 0, 1, 2, 3)),
                exact(Op.LOGSUMEXP, "all -inf gives -inf, +inf gives +inf, NaN gives NaN", vec(-INF, INF, NAN),
                        (b, x) -> b.logsumexp(x[0], false, 1), f64(shape(3, 2), -INF, -INF, INF, 1, NAN, 0)),
                exact(Op.LOGSUMEXP, "empty axis gives -inf", vec(-INF, -INF), (b, x) -> b.logsumexp(x[0], false, 1), f64(shape(2, 0))));
    }
}
