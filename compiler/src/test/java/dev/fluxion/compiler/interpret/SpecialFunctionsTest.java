package dev.fluxion.compiler.interpret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** erf against reference values and its limits; the stable forms of sigmoid, softplus and logsumexp at ±1000. */
class SpecialFunctionsTest {

    /** erf(x) to 17 significant digits (the double nearest the true value), from an arbitrary-precision evaluation. */
    private static final double[][] ERF = {
        {0.5, 0.5204998778130465}, {1, 0.8427007929497149}, {2, 0.9953222650189527}, {-0.1, -0.1124629160182849},
        {3, 0.9999779095030014}, {1e-10, 1.1283791670955126e-10}, {0.01, 0.011283415555849618}, {0.25, 0.27632639016823696},
        {0.7, 0.6778011938374184}, {1.5, 0.9661051464753108}, {2.5, 0.999593047982555}, {4, 0.9999999845827421},
        {5, 0.9999999999984626}, {5.9, 0.9999999999999999}, {-3.7, -0.9999998328489421}, {1.75, 0.9866716712191824},
        {1.99, 0.995111413199617}, {2.01, 0.9955248493552482}, {1e-5, 1.1283791670579e-05}, {4.5, 0.9999999998033839},
        {0.125, 0.1403162048013338},
    };

    @Test
    void erfMatchesReferenceValues() {
        for (double[] r : ERF) {
            double x = r[0], want = r[1];
            double got = SpecialFunctions.erf(x);
            // within 4e-16 absolute, and 4 ulps relative for small values
            assertTrue(Math.abs(got - want) <= Math.min(4e-16, 4 * Math.ulp(want)), "erf(" + x + ") = " + got + ", expected " + want);
        }
    }

    @Test
    void erfIsOddAndMonotoneAndBounded() {
        double prev = -1;
        for (double x = -7; x <= 7; x += 1.0 / 64) {
            double y = SpecialFunctions.erf(x);
            assertEquals(-y, SpecialFunctions.erf(-x), 0.0, "oddness at " + x);
            assertTrue(y >= prev, "monotone at " + x);
            assertTrue(Math.abs(y) <= 1, "bounded at " + x);
            prev = y;
        }
        assertEquals(0.0, SpecialFunctions.erf(0.0));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(SpecialFunctions.erf(-0.0)));
        assertEquals(1.0, SpecialFunctions.erf(6));
        assertEquals(1.0, SpecialFunctions.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, SpecialFunctions.erf(Double.NEGATIVE_INFINITY));
        assertEquals(-1.0, SpecialFunctions.erf(-1e300));
        assertTrue(Double.isNaN(SpecialFunctions.erf(Double.NaN)));
    }

    /** Near 0, erf x = 2/sqrt(pi) (x - x^3/3 + x^5/10 - ...): relative accuracy, not just absolute. */
    @Test
    void erfNearZeroFollowsItsTaylorSeries() {
        for (double x : new double[] {1e-300, 1e-20, 1e-8, 1e-5, -3e-4}) {
            double taylor = 2 / Math.sqrt(Math.PI) * (x - x * x * x / 3 + Math.pow(x, 5) / 10);
            assertEquals(taylor, SpecialFunctions.erf(x), Math.abs(taylor) * 1e-15, "erf(" + x + ")");
        }
    }

    /** An independent check across the range: composite Simpson integration of the defining integral. */
    @Test
    void erfMatchesTheIntegralOfTheGaussian() {
        for (double x : new double[] {0.3, 0.9, 1.7, 2.2, 3.3, 4.6}) {
            int n = 20000;
            double h = x / n, s = 0;
            for (int i = 0; i <= n; i++) {
                double w = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
                s += w * Math.exp(-(i * h) * (i * h));
            }
            double integral = 2 / Math.sqrt(Math.PI) * s * h / 3;
            assertEquals(integral, SpecialFunctions.erf(x), 1e-13, "erf(" + x + ")");
        }
    }

    @Test
    void sigmoidAndSoftplusAreFiniteAtPlusMinus1000() {
        assertEquals(1.0, SpecialFunctions.sigmoid(1000));
        assertEquals(0.0, SpecialFunctions.sigmoid(-1000));
        // sigmoid(-700) = e^-700 / (1 + e^-700) is representable; the naive 1/(1+e^700) form is too, but e^710 overflows.
        assertEquals(Math.exp(-700), SpecialFunctions.sigmoid(-700), Math.exp(-700) * 1e-15);
        assertEquals(1 / (1 + Math.exp(-0.3)), SpecialFunctions.sigmoid(0.3), 1e-16);
        assertEquals(1000.0, SpecialFunctions.softplus(1000));
        assertEquals(0.0, SpecialFunctions.softplus(-1000));
        // softplus(-40) = log(1 + e^-40) ~ e^-40: log1p keeps it, log(1 + ...) would round to 0.
        assertEquals(Math.exp(-40), SpecialFunctions.softplus(-40), Math.exp(-40) * 1e-15);
        assertEquals(Math.log(2), SpecialFunctions.softplus(0), 1e-16);
        assertEquals(0.5, SpecialFunctions.rsqrt(4));
    }

    @Test
    void stableOpsThroughTheInterpreterStayFinite() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64, 4);
        Node big = b.input("big", DType.F32, 2);
        List<Node> outs = List.of(b.sigmoid(x), b.softplus(x), b.logsumexp(x, false), b.logsumexp(big, false), b.softplus(big));
        List<NDArray> r = Interpreter.run(b.build(outs), NDArray.vector(1000, -1000, 710, -710), NDArray.ofFloats(Shape.of(2), new float[] {1000, 1000}));
        for (NDArray a : r) {
            for (double v : a.toDoubleArray()) assertTrue(Double.isFinite(v), "non-finite value in " + a);
        }
        assertEquals(NDArray.vector(1, 0, 1, SpecialFunctions.sigmoid(-710)), r.get(0));
        assertEquals(1000 + Math.log1p(Math.exp(-290)), r.get(2).item(), 1e-12);
        assertEquals((float) (1000 + Math.log(2)), r.get(3).item());
        assertEquals(1000f, r.get(4).get(0));
    }
}
