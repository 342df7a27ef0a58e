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

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Op;
import java.util.List;

/**
 * Op-table rows for the elementwise unary ops and cast. Expected values come from identities
 * (sin(pi/6) = 1/2, log(e) = 1, tanh(x) = (e^2x - 1)/(e^2x + 1), ...) rather than from calling the
 * function under test; f32 rows check that results are rounded to float.
 */
final class UnaryCases {
    private UnaryCases() {}

    private static final double E = Math.E, PI = Math.PI, NAN = Double.NaN, INF = Double.POSITIVE_INFINITY;

    static List<OpCase> cases() {
        return List.of(
                // ---- sign, magnitude, arithmetic ---------------------------------------------------
                exact(Op.NEG, "vector", vec(0.7, -0.3, -2, -0.0), (b, x) -> b.neg(x[0]), vec(-0.7, 0.3, 2, 0)),
                exact(Op.NEG, "i64", i64(shape(2), 3, -4), (b, x) -> b.neg(x[0]), i64(shape(2), -3, 4)),
                exact(Op.ABS, "vector", vec(0.7, 0.3, 2, 0), (b, x) -> b.abs(x[0]), vec(-0.7, 0.3, -2, -0.0)),
                exact(Op.ABS, "i64 matrix", i64(shape(2, 2), 1, 2, 3, 0), (b, x) -> b.abs(x[0]), i64(shape(2, 2), -1, 2, -3, 0)),
                exact(Op.SIGN, "zero, NaN and both signs", vec(-1, 0, 1, NAN, -1), (b, x) -> b.sign(x[0]), vec(-2.5, 0, 3.5, NAN, -INF)),
                exact(Op.SIGN, "i64", i64(shape(3), -1, 0, 1), (b, x) -> b.sign(x[0]), i64(shape(3), -7, 0, 9)),
                exact(Op.SQUARE, "vector", vec(9, 2.25, 0), (b, x) -> b.square(x[0]), vec(-3, 1.5, 0)),
                exact(Op.SQUARE, "i64", i64(shape(2), 9, 16), (b, x) -> b.square(x[0]), i64(shape(2), -3, 4)),
                exact(Op.RECIPROCAL, "with zero", vec(0.25, -2, INF, -INF), (b, x) -> b.reciprocal(x[0]), vec(4, -0.5, 0, -0.0)),
                exact(Op.RELU, "vector", vec(0, 0, 2.5, NAN), (b, x) -> b.relu(x[0]), vec(-1, 0, 2.5, NAN)),
                exact(Op.RELU, "i64", i64(shape(2), 0, 5), (b, x) -> b.relu(x[0]), i64(shape(2), -3, 5)),

                // ---- exponentials and logarithms --------------------------------------------------------
                close(Op.EXP, "identities", vec(1, E, E * E, 1 / E, 0, INF), (b, x) -> b.exp(x[0]), vec(0, 1, 2, -1, -INF, INF)),
                exact(Op.EXP, "f32 rounding", f32(shape(2), (float) Math.exp((float) 0.1), (float) Math.exp((float) -1.3)),
                        (b, x) -> b.exp(x[0]), f32(shape(2), 0.1, -1.3)),
                close(Op.EXPM1, "tiny argument keeps its digits", vec(1e-10 + 5e-21, E - 1, 0), (b, x) -> b.expm1(x[0]), vec(1e-10, 1, 0)),
                close(Op.LOG, "identities and domain", vec(1, 0, -1, -INF, NAN), (b, x) -> b.log(x[0]), vec(E, 1, 1 / E, 0, -1)),
                close(Op.LOG1P, "tiny argument keeps its digits", vec(1e-10 - 5e-21, 1, -INF), (b, x) -> b.log1p(x[0]), vec(1e-10, E - 1, -1)),
                close(Op.SQRT, "squares and domain", vec(1.5, 0, 12, NAN), (b, x) -> b.sqrt(x[0]), vec(2.25, 0, 144, -1)),
                close(Op.RSQRT, "reciprocal root", vec(0.5, 2, INF, 1 / 3.0), (b, x) -> b.rsqrt(x[0]), vec(4, 0.25, 0, 9)),
                exact(Op.SQRT, "f32 rounding", f32(shape(), (float) Math.sqrt((float) 2.0)), (b, x) -> b.sqrt(x[0]), f32(shape(), 2.0)),

                // ---- trigonometric and hyperbolic -------------------------------------------------------
                close(Op.SIN, "special angles", vec(0.5, 1, 0, Math.sqrt(2) / 2), (b, x) -> b.sin(x[0]), vec(PI / 6, PI / 2, 0, PI / 4)),
                close(Op.SIN, "0-d input", scalar(-0.5), (b, x) -> b.sin(x[0]), scalar(-PI / 6)),
                close(Op.COS, "special angles", vec(0.5, 1, -1, Math.sqrt(3) / 2), (b, x) -> b.cos(x[0]), vec(PI / 3, 0, PI, PI / 6)),
                close(Op.TAN, "special angles", vec(1, 0, Math.sqrt(3)), (b, x) -> b.tan(x[0]), vec(PI / 4, 0, PI / 3)),
                close(Op.ASIN, "special values and domain", vec(PI / 6, PI / 2, -PI / 2, NAN), (b, x) -> b.asin(x[0]), vec(0.5, 1, -1, 2)),
                close(Op.ACOS, "special values", vec(PI / 3, PI, PI / 2), (b, x) -> b.acos(x[0]), vec(0.5, -1, 0)),
                close(Op.ATAN, "special values", vec(PI / 4, PI / 3, PI / 2, -PI / 2), (b, x) -> b.atan(x[0]), vec(1, Math.sqrt(3), INF, -INF)),
                close(Op.SINH, "from exponentials", vec((E - 1 / E) / 2, 0, -(E * E - 1 / (E * E)) / 2), (b, x) -> b.sinh(x[0]), vec(1, 0, -2)),
                close(Op.COSH, "from exponentials", vec((E + 1 / E) / 2, 1), (b, x) -> b.cosh(x[0]), vec(1, 0)),
                close(Op.TANH, "from exponentials", vec((E - 1) / (E + 1), -(E * E - 1) / (E * E + 1), 1, -1),
                        (b, x) -> b.tanh(x[0]), vec(0.5, -1, 1000, -1000)),

                // ---- activations and erf ----------------------------------------------------------------
                close(Op.SIGMOID, "logistic", vec(1 / (1 + Math.exp(-0.3)), 0.5, 1 / (1 + Math.exp(2)), 1, 0),
                        (b, x) -> b.sigmoid(x[0]), vec(0.3, 0, -2, 1000, -1000)),
                exact(Op.SIGMOID, "f32 rounding", f32(shape(), (float) (1 / (1 + Math.exp(-(double) (float) 0.3)))),
                        (b, x) -> b.sigmoid(x[0]), f32(shape(), 0.3)),
                close(Op.SOFTPLUS, "log(1 + e^x)", vec(Math.log(2), Math.log(1 + E), Math.log(1 + 1 / E), 1000, 0),
                        (b, x) -> b.softplus(x[0]), vec(0, 1, -1, 1000, -1000)),
                close(Op.ERF, "reference values and oddness", vec(0.5204998778130465, 0.8427007929497149, -0.1124629160182849, 0, 1, -1),
                        (b, x) -> b.erf(x[0]), vec(0.5, 1, -0.1, 0, 7, -INF)),

                // ---- cast -------------------------------------------------------------------------------
                exact(Op.CAST, "f64 to i64 truncates toward zero", i64(shape(5), 2, -2, 0, 3, -7),
                        (b, x) -> b.cast(x[0], DType.I64), vec(2.7, -2.7, 0.5, 3, -7.999)),
                exact(Op.CAST, "f64 to bool is v != 0", bool(shape(4), 0, 1, 1, 1), (b, x) -> b.cast(x[0], DType.BOOL), vec(0, -0.5, NAN, 3)),
                exact(Op.CAST, "bool to f64 is 0/1", vec(1, 0, 1), (b, x) -> b.cast(x[0], DType.F64), bool(shape(3), 1, 0, 1)),
                exact(Op.CAST, "bool to i64", i64(shape(2), 0, 1), (b, x) -> b.cast(x[0], DType.I64), bool(shape(2), 0, 1)),
                exact(Op.CAST, "f64 to f32 rounds", f32(shape(2), 0.1, 1.0 / 3), (b, x) -> b.cast(x[0], DType.F32), vec(0.1, 1.0 / 3)),
                exact(Op.CAST, "f32 to f64 keeps the float's value", vec((float) 0.1), (b, x) -> b.cast(x[0], DType.F64), f32(shape(1), 0.1)),
                exact(Op.CAST, "i64 to f64", f64(shape(2, 1), -3, 1L << 40), (b, x) -> b.cast(x[0], DType.F64), i64(shape(2, 1), -3, 1L << 40)),
                exact(Op.CAST, "i64 to bool", bool(shape(3), 1, 0, 1), (b, x) -> b.cast(x[0], DType.BOOL), i64(shape(3), -2, 0, 5)));
    }
}
