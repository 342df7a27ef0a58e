package dev.fluxion.compiler.interpret;

/**
 * Scalar functions Java's {@link Math} lacks, written so they stay finite wherever the true value is:
 * the error function and numerically stable sigmoid and softplus; and the fdlibm functions that JDK 17
 * computes by a JNI call into native code (log1p, expm1, tanh, sinh, cosh, asin, acos, atan, atan2),
 * delegating to their pure-Java ports in {@link FdLibm}, which return the same bits as {@code Math}'s
 * at a fraction of the cost. Public so compiled code can call the very same functions the interpreter
 * uses (the bytecode backend calls these methods by name).
 */
public final class SpecialFunctions {
    private SpecialFunctions() {}

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126; // 2 / sqrt(pi)
    private static final double SQRT_PI = 1.772453850905516; // sqrt(pi)

    /**
     * The error function {@code erf(x) = 2/sqrt(pi) * integral_0^x exp(-t^2) dt}, accurate to about
     * 5e-16 absolute, and relatively near zero. Odd: {@code erf(-x) = -erf(x)}, {@code erf(±0) = ±0},
     * {@code erf(±inf) = ±1}, {@code erf(NaN) = NaN}.
     *
     * <p>Below 2 it sums the series {@code erf x = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1))}.
     * All its terms are positive, so nothing cancels; compensated summation keeps the rounding of
     * the many terms out of the result, and the rounding of {@code x^2}, shared by {@code exp(-x^2)}
     * and the terms, cancels to first order. From 2 on, {@code erf x = 1 - erfc x} with erfc from its
     * continued fraction, which converges fast there and, being small, loses nothing in the
     * subtraction (the series would be off by several ulps and not monotone near 1). Beyond 6,
     * {@code erfc x < 3e-17}, under half an ulp of 1, so the nearest double is ±1.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax >= 6) return Math.copySign(1.0, x);
        if (ax >= 2) return Math.copySign(1 - erfcContinuedFraction(ax), x);
        double x2 = x * x;
        double term = x, sum = x, carry = 0;
        // term_{n+1} = term_n * 2x^2 / (2n+3), added with Kahan compensation until it no longer matters.
        for (int n = 0; n < 200; n++) {
            term *= 2 * x2 / (2 * n + 3);
            double y = term - carry;
            double t = sum + y;
            carry = (t - sum) - y;
            if (t == sum) break;
            sum = t;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /**
     * {@code erfc x = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + (2/2)/(x + (3/2)/(x + ...))))} for x >= 2,
     * evaluated forward by the modified Lentz method; it needs under 60 steps from x = 2 on.
     */
    private static double erfcContinuedFraction(double x) {
        double f = x, c = x, d = 0;
        for (int n = 1; n < 500; n++) {
            double a = n / 2.0;
            d = 1 / (x + a * d);
            c = x + a / c;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-17) break;
        }
        return Math.exp(-x * x) / SQRT_PI / f;
    }

    /** The logistic function {@code 1 / (1 + exp(-x))}, never NaN for finite x: exp is only taken of {@code -|x|}. */
    public static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** {@code log(1 + exp(x))} as {@code max(x, 0) + log1p(exp(-|x|))}: exp cannot overflow, and log1p keeps the tiny values of very negative x. */
    public static double softplus(double x) {
        return Math.max(x, 0) + FdLibm.log1p(Math.exp(-Math.abs(x)));
    }

    /** {@code 1 / sqrt(x)}. */
    public static double rsqrt(double x) {
        return 1 / Math.sqrt(x);
    }

    // ---- fdlibm functions: the same bits as Math's (StrictMath's), without JDK 17's JNI call -------

    /** {@code log(1 + x)}, bit for bit {@link StrictMath#log1p} (see {@link FdLibm#log1p}). */
    public static double log1p(double x) {
        return FdLibm.log1p(x);
    }

    /** {@code exp(x) - 1}, bit for bit {@link StrictMath#expm1} (see {@link FdLibm#expm1}). */
    public static double expm1(double x) {
        return FdLibm.expm1(x);
    }

    /** The hyperbolic tangent, bit for bit {@link StrictMath#tanh} (see {@link FdLibm#tanh}). */
    public static double tanh(double x) {
        return FdLibm.tanh(x);
    }

    /** The hyperbolic sine, bit for bit {@link StrictMath#sinh} (see {@link FdLibm#sinh}). */
    public static double sinh(double x) {
        return FdLibm.sinh(x);
    }

    /** The hyperbolic cosine, bit for bit {@link StrictMath#cosh} (see {@link FdLibm#cosh}). */
    public static double cosh(double x) {
        return FdLibm.cosh(x);
    }

    /** The arc sine, bit for bit {@link StrictMath#asin} (see {@link FdLibm#asin}). */
    public static double asin(double x) {
        return FdLibm.asin(x);
    }

    /** The arc cosine, bit for bit {@link StrictMath#acos} (see {@link FdLibm#acos}). */
    public static double acos(double x) {
        return FdLibm.acos(x);
    }

    /** The arc tangent, bit for bit {@link StrictMath#atan} (see {@link FdLibm#atan}). */
    public static double atan(double x) {
        return FdLibm.atan(x);
    }

    /** The angle of the point {@code (x, y)}, bit for bit {@link StrictMath#atan2} (see {@link FdLibm#atan2}). */
    public static double atan2(double y, double x) {
        return FdLibm.atan2(y, x);
    }
}
