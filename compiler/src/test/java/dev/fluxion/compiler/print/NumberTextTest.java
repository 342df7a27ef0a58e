package dev.fluxion.compiler.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2, 2", "0.5, 0.5", "-3.25, -3.25", "1e-300, 1e-300", "0.1, 0.1", "100, 100",
        "123.25, 123.25", "0.0001, 0.0001", "0.00001, 1e-5", "1.5e-7, 1.5e-7",
        "1e15, 1000000000000000", "1e16, 1e16", "1.5e20, 1.5e20", "2e23, 2e23", "1e23, 1e23",
        "0.3333333333333333, 0.3333333333333333", "1.7976931348623157e308, 1.7976931348623157e308",
        "4.9e-324, 5e-324", "0, 0", "-0.0, -0", "-2, -2",
    })
    void printsTheShortestText(double value, String expected) {
        assertEquals(expected, NumberText.shortest(value));
    }

    @Test
    void specialValues() {
        assertEquals("inf", NumberText.shortest(Double.POSITIVE_INFINITY));
        assertEquals("-inf", NumberText.shortest(Double.NEGATIVE_INFINITY));
        assertEquals("nan", NumberText.shortest(Double.NaN));
    }

    @Test
    void randomDoublesRoundTripAndAreNoLongerThanJavasText() {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            double v = i % 2 == 0 ? Double.longBitsToDouble(r.nextLong()) : r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
            if (Double.isNaN(v) || Double.isInfinite(v)) continue;
            String text = NumberText.shortest(v);
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(Double.parseDouble(text)), text);
            String java = Double.toString(v);
            assertTrue(significantDigits(text) <= significantDigits(java), v + ": " + text + " vs " + java);
        }
    }

    /** Digits of the mantissa without leading and trailing zeros. */
    private static int significantDigits(String number) {
        String d = number.replaceAll("[eE].*|[^0-9]", "").replaceFirst("^0+", "").replaceFirst("0+$", "");
        return Math.max(1, d.length());
    }
}
