package dev.fluxion.compiler.print;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The shortest decimal text of a {@code double} that reads back as the same {@code double}
 * ({@code Double.parseDouble(shortest(v)) == v}, bit for bit, for every non-NaN value):
 * {@code 2}, {@code 0.5}, {@code -3.25}, {@code 1e-300}, {@code 1.5e20}, {@code inf}, {@code -inf},
 * {@code nan}, {@code -0}.
 *
 * <p>The layout follows Python's {@code repr}: plain positional notation when the decimal exponent
 * {@code E} of the leading digit satisfies {@code -4 <= E < 16}, scientific {@code d.ddde±E} (no
 * {@code +}, no leading zeros in the exponent) otherwise; integers print without a decimal point.
 * {@link Double#toString} is not used because in Java 17 it is not always the shortest form
 * (JDK-4511638) and always writes {@code .0}.
 */
public final class NumberText {
    private NumberText() {}

    /** The shortest round-tripping text of {@code v}; see the class comment for the layout. */
    public static String shortest(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
        BigDecimal digits = shortestDigits(Math.abs(v));
        String text = layout(digits);
        return v < 0 ? "-" + text : text;
    }

    /**
     * The shortest decimal that rounds to {@code v} (positive and finite). The nearest decimal with
     * {@code p} significant digits is the best candidate of that length, so the first precision
     * whose nearest rounding reads back as {@code v} gives the shortest digits; 17 always suffices.
     */
    private static BigDecimal shortestDigits(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p < 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == v) return r.stripTrailingZeros();
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    /** Positional or scientific text of a positive decimal, by the exponent of its leading digit. */
    private static String layout(BigDecimal d) {
        String digits = d.unscaledValue().toString();
        // value = digits × 10^(-scale); the leading digit sits at 10^exponent
        int exponent = digits.length() - 1 - d.scale();
        if (exponent >= -4 && exponent < 16) {
            if (d.scale() <= 0) return digits + "0".repeat(-d.scale());
            if (exponent < 0) return "0." + "0".repeat(-exponent - 1) + digits;
            int point = digits.length() - d.scale();
            return digits.substring(0, point) + "." + digits.substring(point);
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + "e" + exponent;
    }
}
