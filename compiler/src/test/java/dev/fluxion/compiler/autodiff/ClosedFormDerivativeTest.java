package dev.fluxion.compiler.autodiff;

import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Verifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;

import static java.lang.Math.cos;
import static java.lang.Math.cosh;
import static java.lang.Math.exp;
import static java.lang.Math.pow;
import static java.lang.Math.sin;
import static java.lang.Math.sqrt;
import static java.lang.Math.tan;
import static java.lang.Math.tanh;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * First and second derivatives of every unary op against textbook closed forms, written here with
 * java.lang.Math and independent of the rules' own formulation (e.g. d tan = sec², the rule uses
 * 1 + tan²). The second derivative is {@code grad(grad(f))}. Tolerance 1e-13 relative.
 */
class ClosedFormDerivativeTest {
    private static final double[] POINTS = {-1.7, -0.6, -0.25, 0.3, 0.55, 1.2, 2.4};
    private static final double TWO_OVER_SQRT_PI = 2 / sqrt(Math.PI);

    private record Row(Op op, DoubleUnaryOperator d1, DoubleUnaryOperator d2, double lo, double hi) {}

    private static double sigmoid(double x) {
        return 1 / (1 + exp(-x));
    }

    private static List<Row> rows() {
        List<Row> r = new ArrayList<>();
        double inf = Double.POSITIVE_INFINITY;
        r.add(new Row(Op.NEG, x -> -1, x -> 0, -inf, inf));
        r.add(new Row(Op.ABS, Math::signum, x -> 0, -inf, inf));
        r.add(new Row(Op.SIGN, x -> 0, x -> 0, -inf, inf));
        r.add(new Row(Op.EXP, Math::exp, Math::exp, -inf, inf));
        r.add(new Row(Op.EXPM1, Math::exp, Math::exp, -inf, inf));
        r.add(new Row(Op.LOG, x -> 1 / x, x -> -1 / (x * x), 0, inf));
        r.add(new Row(Op.LOG1P, x -> 1 / (1 + x), x -> -1 / ((1 + x) * (1 + x)), -1, inf));
        r.add(new Row(Op.SQRT, x -> 0.5 / sqrt(x), x -> -0.25 * pow(x, -1.5), 0, inf));
        r.add(new Row(Op.RSQRT, x -> -0.5 * pow(x, -1.5), x -> 0.75 * pow(x, -2.5), 0, inf));
        r.add(new Row(Op.RECIPROCAL, x -> -1 / (x * x), x -> 2 / (x * x * x), -inf, inf));
        r.add(new Row(Op.SQUARE, x -> 2 * x, x -> 2, -inf, inf));
        r.add(new Row(Op.SIN, Math::cos, x -> -sin(x), -inf, inf));
        r.add(new Row(Op.COS, x -> -sin(x), x -> -cos(x), -inf, inf));
        r.add(new Row(Op.TAN, x -> 1 / (cos(x) * cos(x)), x -> 2 * tan(x) / (cos(x) * cos(x)), -1.5, 1.5));
        r.add(new Row(Op.ASIN, x -> 1 / sqrt(1 - x * x), x -> x / pow(1 - x * x, 1.5), -1, 1));
        r.add(new Row(Op.ACOS, x -> -1 / sqrt(1 - x * x), x -> -x / pow(1 - x * x, 1.5), -1, 1));
        r.add(new Row(Op.ATAN, x -> 1 / (1 + x * x), x -> -2 * x / ((1 + x * x) * (1 + x * x)), -inf, inf));
        r.add(new Row(Op.SINH, Math::cosh, Math::sinh, -inf, inf));
        r.add(new Row(Op.COSH, Math::sinh, Math::cosh, -inf, inf));
        r.add(new Row(Op.TANH, x -> 1 / (cosh(x) * cosh(x)), x -> -2 * tanh(x) / (cosh(x) * cosh(x)), -inf, inf));
        r.add(new Row(Op.SIGMOID, x -> sigmoid(x) * (1 - sigmoid(x)),
                x -> sigmoid(x) * (1 - sigmoid(x)) * (1 - 2 * sigmoid(x)), -inf, inf));
        r.add(new Row(Op.RELU, x -> x > 0 ? 1 : 0, x -> 0, -inf, inf));
        r.add(new Row(Op.SOFTPLUS, ClosedFormDerivativeTest::sigmoid, x -> sigmoid(x) * (1 - sigmoid(x)), -inf, inf));
        r.add(new Row(Op.ERF, x -> TWO_OVER_SQRT_PI * exp(-x * x), x -> -2 * x * TWO_OVER_SQRT_PI * exp(-x * x), -inf, inf));
        return r;
    }

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (Row row : rows()) {
            for (double x : POINTS) if (x > row.lo() && x < row.hi()) a.add(Arguments.of(row.op(), x, row));
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("cases")
    void firstAndSecondDerivativesMatchClosedForms(Op op, double x, Row row) {
        GraphBuilder b = new GraphBuilder();
        Node in = b.input("x", DType.F64);
        Graph f = b.build(b.unary(op, in));
        Graph d1 = ReverseMode.derivative(f, 1), d2 = ReverseMode.derivative(f, 2);
        Verifier.verify(d1);
        Verifier.verify(d2);
        assertClose(row.d1().applyAsDouble(x), Interpreter.runScalar(d1, x)[0], op + "'");
        assertClose(row.d2().applyAsDouble(x), Interpreter.runScalar(d2, x)[0], op + "''");
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-13 * Math.max(1, Math.abs(expected)), what);
    }
}
