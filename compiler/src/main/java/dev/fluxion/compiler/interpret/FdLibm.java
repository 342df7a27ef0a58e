package dev.fluxion.compiler.interpret;

/**
 * Pure-Java ports of fdlibm 5.3's log1p, expm1, tanh, sinh, cosh, asin, acos, atan and atan2,
 * returning exactly the bits {@link StrictMath} returns (and so {@link Math}, which delegates to it
 * for these functions on JDK 17).
 *
 * <p>Why: on JDK 17 these {@code StrictMath} methods are native fdlibm reached through JNI, 35 to
 * 40 ns a call that C2 cannot inline; JDK 21 replaced them by Java ports. fdlibm is plain IEEE
 * double arithmetic in a fixed order, and Java's floating point is strict, so the same operations in
 * the same order give the same bits, and C2 compiles them to a few nanoseconds.
 *
 * <p>Each function follows its C source statement by statement (log1p, expm1 and tanh split into
 * several methods so that C2 inlines their common paths, see the log1p section), including the
 * operations the C code does only for their IEEE side effects when they decide the returned bits (a
 * NaN argument comes back through {@code x + x} or {@code x * x} exactly as in C, so its payload
 * matches too). Constants are written by their bit patterns, the ones the fdlibm sources give in
 * hexadecimal. Where the C code calls {@code __ieee754_exp}, the port calls {@link StrictMath#exp},
 * which is the same fdlibm algorithm (already a Java port in JDK 17). {@code FdLibmTest} compares
 * every function with {@code StrictMath} bit for bit on millions of points and every branch boundary.
 */
public final class FdLibm {
    private FdLibm() {}

    // ---- constants (bit patterns from the fdlibm sources) ------------------------------------------

    /** High part of ln 2: its low 32 bits are zero, so k * LN2_HI is exact for |k| < 2000. */
    private static final double LN2_HI = Double.longBitsToDouble(0x3fe62e42fee00000L);
    private static final double LN2_LO = Double.longBitsToDouble(0x3dea39ef35793c76L);
    // log1p: R(z) ~ Lp1 s^2 + ... + Lp7 s^14, a Remez fit on [0, 0.1716]
    private static final double LP1 = Double.longBitsToDouble(0x3fe5555555555593L);
    private static final double LP2 = Double.longBitsToDouble(0x3fd999999997fa04L);
    private static final double LP3 = Double.longBitsToDouble(0x3fd2492494229359L);
    private static final double LP4 = Double.longBitsToDouble(0x3fcc71c51d8e78afL);
    private static final double LP5 = Double.longBitsToDouble(0x3fc7466496cb03deL);
    private static final double LP6 = Double.longBitsToDouble(0x3fc39a09d078c69fL);
    private static final double LP7 = Double.longBitsToDouble(0x3fc2f112df3e5244L);
    // expm1: overflow threshold ln(MAX_VALUE), 1/ln 2, and the scaled coefficients Q1..Q5 of R1
    private static final double O_THRESHOLD = Double.longBitsToDouble(0x40862e42fefa39efL);
    private static final double INV_LN2 = Double.longBitsToDouble(0x3ff71547652b82feL);
    private static final double Q1 = Double.longBitsToDouble(0xbfa11111111110f4L);
    private static final double Q2 = Double.longBitsToDouble(0x3f5a01a019fe5585L);
    private static final double Q3 = Double.longBitsToDouble(0xbf14ce199eaadbb7L);
    private static final double Q4 = Double.longBitsToDouble(0x3ed0cfca86e65239L);
    private static final double Q5 = Double.longBitsToDouble(0xbe8afdb76e09c32dL);
    // asin, acos, atan, atan2: pi and its halves and quarters split into a high part and the rest
    private static final double PI = Double.longBitsToDouble(0x400921fb54442d18L);
    private static final double PI_LO = Double.longBitsToDouble(0x3ca1a62633145c07L);
    private static final double PIO2_HI = Double.longBitsToDouble(0x3ff921fb54442d18L);
    private static final double PIO2_LO = Double.longBitsToDouble(0x3c91a62633145c07L);
    private static final double PIO4_HI = Double.longBitsToDouble(0x3fe921fb54442d18L);
    // asin, acos: (asin(x) - x) / x^3 ~ R(x^2) = P / Q, a rational Remez fit
    private static final double PS0 = Double.longBitsToDouble(0x3fc5555555555555L);
    private static final double PS1 = Double.longBitsToDouble(0xbfd4d61203eb6f7dL);
    private static final double PS2 = Double.longBitsToDouble(0x3fc9c1550e884455L);
    private static final double PS3 = Double.longBitsToDouble(0xbfa48228b5688f3bL);
    private static final double PS4 = Double.longBitsToDouble(0x3f49efe07501b288L);
    private static final double PS5 = Double.longBitsToDouble(0x3f023de10dfdf709L);
    private static final double QS1 = Double.longBitsToDouble(0xc0033a271c8a2d4bL);
    private static final double QS2 = Double.longBitsToDouble(0x40002ae59c598ac8L);
    private static final double QS3 = Double.longBitsToDouble(0xbfe6066c1b8d0159L);
    private static final double QS4 = Double.longBitsToDouble(0x3fb3b8c5b12e9282L);
    // atan: atan(0.5), atan(1), atan(1.5), atan(inf) as high + low parts; aT[0..10], the odd series on [0, 7/16]
    private static final double[] ATAN_HI = {Double.longBitsToDouble(0x3fddac670561bb4fL),
            Double.longBitsToDouble(0x3fe921fb54442d18L), Double.longBitsToDouble(0x3fef730bd281f69bL),
            Double.longBitsToDouble(0x3ff921fb54442d18L)};
    private static final double[] ATAN_LO = {Double.longBitsToDouble(0x3c7a2b7f222f65e2L),
            Double.longBitsToDouble(0x3c81a62633145c07L), Double.longBitsToDouble(0x3c7007887af0cbbdL),
            Double.longBitsToDouble(0x3c91a62633145c07L)};
    private static final double AT0 = Double.longBitsToDouble(0x3fd555555555550dL);
    private static final double AT1 = Double.longBitsToDouble(0xbfc999999998ebc4L);
    private static final double AT2 = Double.longBitsToDouble(0x3fc24924920083ffL);
    private static final double AT3 = Double.longBitsToDouble(0xbfbc71c6fe231671L);
    private static final double AT4 = Double.longBitsToDouble(0x3fb745cdc54c206eL);
    private static final double AT5 = Double.longBitsToDouble(0xbfb3b0f2af749a6dL);
    private static final double AT6 = Double.longBitsToDouble(0x3fb10d66a0d03d51L);
    private static final double AT7 = Double.longBitsToDouble(0xbfadde2d52defd9aL);
    private static final double AT8 = Double.longBitsToDouble(0x3fa97b4b24760debL);
    private static final double AT9 = Double.longBitsToDouble(0xbfa2b4442c6a6c2fL);
    private static final double AT10 = Double.longBitsToDouble(0x3f90ad3ae322da11L);

    // ---- words of a double, as fdlibm's __HI and __LO --------------------------------------------

    private static int highWord(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 32);
    }

    private static int lowWord(double x) {
        return (int) Double.doubleToRawLongBits(x);
    }

    /** {@code x} with its high word replaced, the low word kept ({@code __HI(x) = hi}). */
    private static double withHighWord(double x, int hi) {
        return Double.longBitsToDouble(((long) hi << 32) | (Double.doubleToRawLongBits(x) & 0xffffffffL));
    }

    /** {@code x} with its low word zeroed ({@code __LO(x) = 0}): a high part whose square is exact. */
    private static double withoutLowWord(double x) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) & 0xffffffff00000000L);
    }

    /** {@code x} with {@code k} added to its exponent field ({@code __HI(x) += k << 20}, no carry into the low word). */
    private static double addToExponent(double x, int k) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) + ((long) k << 52));
    }

    // ---- log1p ---------------------------------------------------------------------------------
    //
    // C2 inlines a method into a hot call site only when its bytecode is at most FreqInlineSize (325)
    // bytes; s_log1p.c and s_expm1.c as one method each are 480 and 508, so a hot loop calling them made
    // a real call and spilled every live floating-point register around it. Each is therefore split:
    // the paths ordinary arguments take are small methods calling each other (all inlined), and the
    // branches they never take (NaN, infinities, x <= -1, tiny and huge |x|, and log1p's 1 + x within
    // 2^-20 of a power of two) are methods of their own, reached only on those branches, which C2
    // leaves out of line. Every path performs the C code's floating-point operations in the C code's
    // order; only where the branches live has changed. FdLibmTest checks the bytecode sizes.

    /**
     * {@code log(1 + x)}, exactly {@link StrictMath#log1p}: fdlibm 5.3 s_log1p.c. Writes
     * {@code 1 + x = 2^k (1 + f)} with {@code sqrt(2)/2 < 1 + f < sqrt(2)} (a correction term
     * {@code c} carries the rounding of {@code 1 + x}), then {@code log1p(f)} from
     * {@code s = f / (2 + f)} and a degree-14 polynomial, error below 1 ulp.
     */
    public static double log1p(double x) {
        int hx = highWord(x);
        if (hx < 0x3fda827a) { // x < 0.41422 (every negative x too: hx is signed)
            int ax = hx & 0x7fffffff;
            if (ax >= 0x3ff00000 || ax < 0x3e200000) return log1pEarly(x); // x <= -1, a negative NaN, |x| < 2^-29
            if (hx > 0 || hx <= 0xbfd2bec3) return log1pKernel(x, 0, 0.0); // -0.2929 < x < 0.41422: f = x exactly, no reduction
        } else if (hx >= 0x43400000) {
            return log1pHuge(x); // x >= 2^53, +inf or a positive NaN
        }
        // -1 < x <= -0.2929 or 0.41422 <= x < 2^53: 1 + x rounds, keep the rounding in c
        double u = 1.0 + x;
        int hu = highWord(u);
        int k = (hu >> 20) - 1023;
        double c = (k > 0) ? 1.0 - (u - x) : x - (u - 1.0);
        c /= u;
        return log1pReduced(u, hu, k, c);
    }

    /** log1p where the C code returns at once: x <= -1 (-inf at -1, NaN below), a negative NaN, and |x| < 2^-29. */
    private static double log1pEarly(double x) {
        int ax = highWord(x) & 0x7fffffff;
        if (ax >= 0x3ff00000) { // x <= -1, -inf or a negative NaN
            if (x == -1.0) return Double.NEGATIVE_INFINITY; // C: -two54 / zero
            return (x - x) / (x - x); // NaN, as C computes it
        }
        if (ax < 0x3c900000) return x; // |x| < 2^-54
        return x - x * x * 0.5; // |x| < 2^-29: log1p(x) = x - x^2/2 to working precision
    }

    /** log1p of x >= 2^53, +inf or a positive NaN: beyond 2^53, 1 + x is x to working precision, so c = 0. */
    private static double log1pHuge(double x) {
        int hx = highWord(x);
        if (hx >= 0x7ff00000) return x + x; // +inf or a positive NaN
        return log1pReduced(x, hx, (hx >> 20) - 1023, 0.0);
    }

    /**
     * log1p from {@code u}, {@code 1 + x} rounded (high word {@code hu}, exponent {@code k}), and
     * {@code c}, its correction ({@code log(1 + x) = log(u) + c} to working precision): normalises u
     * to {@code 1 + f} in {@code [sqrt(2)/2, sqrt(2))}, adding one to k when it halves u.
     */
    private static double log1pReduced(double u, int hu, int k, double c) {
        hu &= 0x000fffff;
        if (hu < 0x6a09e) { // significand below sqrt(2): u in [1, sqrt 2)
            u = withHighWord(u, hu | 0x3ff00000);
        } else { // halve into [sqrt(2)/2, 1)
            k += 1;
            u = withHighWord(u, hu | 0x3fe00000);
            hu = (0x00100000 - hu) >> 2;
        }
        double f = u - 1.0;
        if (hu == 0) return log1pNearPowerOfTwo(f, k, c); // |f| < 2^-20
        return log1pKernel(f, k, c);
    }

    /**
     * {@code log1p(f) + k ln2 + c} for {@code |f| >= 2^-20} (C: hu != 0), by {@code s = f / (2 + f)}
     * and the polynomial; with {@code k = 0}, c is not added (as in C).
     */
    private static double log1pKernel(double f, int k, double c) {
        double hfsq = 0.5 * f * f;
        double s = f / (2.0 + f);
        double z = s * s;
        double r = z * (LP1 + z * (LP2 + z * (LP3 + z * (LP4 + z * (LP5 + z * (LP6 + z * LP7))))));
        if (k == 0) return f - (hfsq - s * (hfsq + r));
        return k * LN2_HI - ((hfsq - (s * (hfsq + r) + (k * LN2_LO + c))) - f);
    }

    /**
     * {@code log1p(f) + k ln2 + c} for {@code |f| < 2^-20} (C: hu == 0), where a two-term series
     * suffices. Its {@code k == 0} branches are C's, but no argument reaches them: k = 0 here needs
     * 1 + x within 2^-20 of 1, and log1p does not reduce such x.
     */
    private static double log1pNearPowerOfTwo(double f, int k, double c) {
        if (f == 0.0) {
            if (k == 0) return 0.0;
            c += k * LN2_LO;
            return k * LN2_HI + c;
        }
        double hfsq = 0.5 * f * f;
        double r = hfsq * (1.0 - 0.66666666666666666 * f);
        if (k == 0) return f - r;
        return k * LN2_HI - ((r - (k * LN2_LO + c)) - f);
    }

    // ---- expm1 ---------------------------------------------------------------------------------

    /**
     * {@code exp(x) - 1}, exactly {@link StrictMath#expm1}: fdlibm 5.3 s_expm1.c. Reduces
     * {@code x = k ln2 + r} with {@code |r| <= ln2/2} (plus a correction {@code c}), approximates
     * {@code expm1(r)} by a rational function of a degree-5 polynomial in {@code r^2}, and scales
     * back by {@code 2^k} in a way chosen per range of {@code k} to avoid cancellation.
     */
    public static double expm1(double x) {
        int hx = highWord(x);
        boolean negative = hx < 0;
        hx &= 0x7fffffff; // high word of |x|

        // huge and non-finite arguments: of |x| >= 56 ln2, only 56 ln2 <= x <= O_THRESHOLD goes on (a NaN fails <=)
        if (hx >= 0x4043687a && (negative || !(x <= O_THRESHOLD))) return expm1Early(x);

        // argument reduction
        int k;
        double c = 0;
        if (hx > 0x3fd62e42) { // |x| > ln2/2
            double hi;
            double lo;
            if (hx < 0x3ff0a2b2) { // and |x| < 1.5 ln2: k = +-1
                if (!negative) {
                    hi = x - LN2_HI;
                    lo = LN2_LO;
                    k = 1;
                } else {
                    hi = x + LN2_HI;
                    lo = -LN2_LO;
                    k = -1;
                }
            } else {
                k = (int) (INV_LN2 * x + (negative ? -0.5 : 0.5)); // truncation, as C's conversion
                double t = k;
                hi = x - t * LN2_HI; // t * LN2_HI is exact here
                lo = t * LN2_LO;
            }
            x = hi - lo;
            c = (hi - x) - lo;
        } else if (hx < 0x3c900000) { // |x| < 2^-54: expm1(x) = x
            return x;
        } else {
            k = 0;
        }
        return expm1Kernel(x, c, k);
    }

    /** expm1 where the C code returns at once for |x| >= 56 ln2: NaN, +-inf, x > ln(MAX_VALUE) (overflow), x <= -56 ln2 (-1). */
    private static double expm1Early(double x) {
        int hx = highWord(x);
        int ax = hx & 0x7fffffff;
        if (ax >= 0x7ff00000) {
            if (((ax & 0xfffff) | lowWord(x)) != 0) return x + x; // NaN
            return (hx < 0) ? -1.0 : x; // expm1(+-inf) = {inf, -1}
        }
        if (x > O_THRESHOLD) return Double.POSITIVE_INFINITY; // C: huge * huge, overflow
        return -1.0; // x < -56 ln2: -1 to working precision (C: tiny - one)
    }

    /**
     * {@code exp(k ln2 + x + c) - 1} for x in the primary range {@code |x| <= ln2/2} (c = 0 when k = 0):
     * {@code expm1(x)} by the rational function of {@code R1}, then, for {@code k != 0}, the scaling.
     */
    private static double expm1Kernel(double x, double c, int k) {
        double hfx = 0.5 * x;
        double hxs = x * hfx;
        double r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
        double t = 3.0 - r1 * hfx;
        double e = hxs * ((r1 - t) / (6.0 - x * t));
        if (k == 0) return x - (x * e - hxs); // c is 0
        e = (x * (e - c) - c);
        e -= hxs;
        return expm1Scaled(x, e, k);
    }

    /**
     * The end of expm1 for {@code k != 0}: {@code 2^k (1 + x - e) - 1} from the reduced argument
     * {@code x} and C's {@code e} (its correction c and {@code x^2/2} already folded in), arranged per
     * range of k so that subtracting 1 loses nothing.
     */
    private static double expm1Scaled(double x, double e, int k) {
        if (k == -1) return 0.5 * (x - e) - 0.5;
        if (k == 1) {
            if (x < -0.25) return -2.0 * (e - (x + 0.5));
            return 1.0 + 2.0 * (x - e);
        }
        if (k <= -2 || k > 56) { // exp(x) - 1 loses nothing here
            double y = 1.0 - (e - x);
            y = addToExponent(y, k);
            return y - 1.0;
        }
        double y;
        if (k < 20) {
            double t = withHighWord(1.0, 0x3ff00000 - (0x200000 >> k)); // 1 - 2^-k
            y = t - (e - x);
            y = addToExponent(y, k);
        } else {
            double t = withHighWord(1.0, (0x3ff - k) << 20); // 2^-k
            y = x - (e + t);
            y += 1.0;
            y = addToExponent(y, k);
        }
        return y;
    }

    // ---- hyperbolic functions ------------------------------------------------------------------

    /**
     * The hyperbolic tangent, exactly {@link StrictMath#tanh}: fdlibm 5.3 s_tanh.c. For
     * {@code 2^-55 <= |x| < 1}, {@code -t / (t + 2)} with {@code t = expm1(-2|x|)}; up to 22,
     * {@code 1 - 2 / (t + 2)} with {@code t = expm1(2|x|)}; beyond, +-1.
     */
    public static double tanh(double x) {
        int jx = highWord(x);
        int ix = jx & 0x7fffffff;
        if (ix >= 0x40360000 || ix < 0x3c800000) return tanhEarly(x); // |x| >= 22, inf, NaN, |x| < 2^-55
        boolean atLeastOne = ix >= 0x3ff00000; // |x| >= 1
        // C calls expm1 in each branch; one call site here, so C2 inlines expm1 into tanh once
        double t = expm1(atLeastOne ? 2.0 * Math.abs(x) : -2.0 * Math.abs(x));
        double z = atLeastOne ? 1.0 - 2.0 / (t + 2.0) : -t / (t + 2.0);
        return (jx >= 0) ? z : -z;
    }

    /** tanh where the C code needs no expm1: inf and NaN, |x| >= 22 (+-1, C: one - tiny) and |x| < 2^-55 (x). */
    private static double tanhEarly(double x) {
        int jx = highWord(x);
        int ix = jx & 0x7fffffff;
        if (ix >= 0x7ff00000) { // inf or NaN
            if (jx >= 0) return 1.0 / x + 1.0; // tanh(+inf) = 1, NaN stays NaN
            return 1.0 / x - 1.0; // tanh(-inf) = -1
        }
        if (ix < 0x3c800000) return x * (1.0 + x); // |x| < 2^-55: tanh(x) = x
        return (jx >= 0) ? 1.0 : -1.0; // |x| >= 22
    }

    /**
     * The hyperbolic sine, exactly {@link StrictMath#sinh}: fdlibm 5.3 e_sinh.c. Below 22,
     * {@code (E + E / (E + 1)) / 2} with {@code E = expm1(|x|)}; then {@code exp(|x|) / 2}; near the
     * overflow threshold {@code (exp(|x|/2) / 2) * exp(|x|/2)}, so the result does not overflow early.
     */
    public static double sinh(double x) {
        int jx = highWord(x);
        int ix = jx & 0x7fffffff;
        if (ix >= 0x7ff00000) return x + x; // inf or NaN
        double h = 0.5;
        if (jx < 0) h = -h;
        if (ix < 0x40360000) { // |x| < 22
            if (ix < 0x3e300000) return x; // |x| < 2^-28: sinh(x) = x (C: if (shuge + x > one), always true)
            double t = expm1(Math.abs(x));
            if (ix < 0x3ff00000) return h * (2.0 * t - t * t / (t + 1.0));
            return h * (t + t / (t + 1.0));
        }
        if (ix < 0x40862e42) return h * StrictMath.exp(Math.abs(x)); // |x| in [22, log(MAX_VALUE))
        if (belowOverflowThreshold(ix, lowWord(x))) { // |x| in [log(MAX_VALUE), overflow threshold]
            double w = StrictMath.exp(0.5 * Math.abs(x));
            double t = h * w;
            return t * w;
        }
        return x * 1.0e307; // overflow to +-inf (C: x * shuge)
    }

    /**
     * The hyperbolic cosine, exactly {@link StrictMath#cosh}: fdlibm 5.3 e_cosh.c. Below ln2/2,
     * {@code 1 + t^2 / (2 (1 + t))} with {@code t = expm1(|x|)}; below 22, {@code (exp(|x|) + 1/exp(|x|)) / 2};
     * then as {@link #sinh}.
     */
    public static double cosh(double x) {
        int ix = highWord(x) & 0x7fffffff;
        if (ix >= 0x7ff00000) return x * x; // inf or NaN
        if (ix < 0x3fd62e43) { // |x| < ln2/2
            double t = expm1(Math.abs(x));
            double w = 1.0 + t;
            if (ix < 0x3c800000) return w; // cosh(tiny) = 1
            return 1.0 + (t * t) / (w + w);
        }
        if (ix < 0x40360000) { // |x| in [ln2/2, 22)
            double t = StrictMath.exp(Math.abs(x));
            return 0.5 * t + 0.5 / t;
        }
        if (ix < 0x40862e42) return 0.5 * StrictMath.exp(Math.abs(x)); // |x| in [22, log(MAX_VALUE))
        if (belowOverflowThreshold(ix, lowWord(x))) {
            double w = StrictMath.exp(0.5 * Math.abs(x));
            double t = 0.5 * w;
            return t * w;
        }
        return Double.POSITIVE_INFINITY; // overflow (C: huge * huge)
    }

    /** {@code |x| <= 0x408633ce_8fb9f87d} (about 710.4758600739439), the largest |x| whose sinh and cosh are finite. */
    private static boolean belowOverflowThreshold(int ix, int lx) {
        return ix < 0x408633ce || (ix == 0x408633ce && Integer.compareUnsigned(lx, 0x8fb9f87d) <= 0);
    }

    // ---- inverse trigonometric functions -------------------------------------------------------

    /**
     * The arc sine, exactly {@link StrictMath#asin}: fdlibm 5.3 e_asin.c. Below 0.5,
     * {@code x + x^3 R(x^2)}; above, {@code pi/2 - 2 asin(sqrt((1 - |x|)/2))}, with {@code sqrt}
     * split into a high part and a correction below 0.975 so the subtraction loses nothing.
     */
    public static double asin(double x) {
        int hx = highWord(x);
        int ix = hx & 0x7fffffff;
        if (ix >= 0x3ff00000) { // |x| >= 1
            if (((ix - 0x3ff00000) | lowWord(x)) == 0) return x * PIO2_HI + x * PIO2_LO; // asin(+-1) = +-pi/2
            return (x - x) / (x - x); // |x| > 1 or NaN: NaN, as C computes it
        } else if (ix < 0x3fe00000) { // |x| < 0.5
            if (ix < 0x3e400000) return x; // |x| < 2^-27 (C: if (huge + x > one), always true)
            double t = x * x;
            return x + x * asinRatio(t);
        }
        double w = 1.0 - Math.abs(x); // 0.5 <= |x| < 1
        double t = w * 0.5;
        double s = Math.sqrt(t);
        if (ix >= 0x3fef3333) { // |x| > 0.975
            t = PIO2_HI - (2.0 * (s + s * asinRatio(t)) - PIO2_LO);
        } else {
            w = withoutLowWord(s);
            double c = (t - w * w) / (s + w); // s = w + c to twice working precision
            double r = asinRatio(t);
            double p = 2.0 * s * r - (PIO2_LO - 2.0 * c);
            double q = PIO4_HI - 2.0 * w;
            t = PIO4_HI - (p - q);
        }
        return (hx > 0) ? t : -t;
    }

    /**
     * The arc cosine, exactly {@link StrictMath#acos}: fdlibm 5.3 e_acos.c. {@code pi/2 - asin(x)}
     * below 0.5; above, {@code 2 asin(sqrt((1 - |x|)/2))} (from pi for negative x).
     */
    public static double acos(double x) {
        int hx = highWord(x);
        int ix = hx & 0x7fffffff;
        if (ix >= 0x3ff00000) { // |x| >= 1
            if (((ix - 0x3ff00000) | lowWord(x)) == 0) { // |x| = 1
                if (hx > 0) return 0.0;
                return PI + 2.0 * PIO2_LO; // acos(-1) = pi
            }
            return (x - x) / (x - x); // |x| > 1 or NaN
        }
        if (ix < 0x3fe00000) { // |x| < 0.5
            if (ix <= 0x3c600000) return PIO2_HI + PIO2_LO; // |x| <= 2^-57
            double z = x * x;
            double r = asinRatio(z);
            return PIO2_HI - (x - (PIO2_LO - x * r));
        } else if (hx < 0) { // x <= -0.5
            double z = (1.0 + x) * 0.5;
            double s = Math.sqrt(z);
            double r = asinRatio(z);
            double w = r * s - PIO2_LO;
            return PI - 2.0 * (s + w);
        } else { // x >= 0.5
            double z = (1.0 - x) * 0.5;
            double s = Math.sqrt(z);
            double df = withoutLowWord(s);
            double c = (z - df * df) / (s + df);
            double r = asinRatio(z);
            double w = r * s + c;
            return 2.0 * (df + w);
        }
    }

    /** {@code R(t) = P(t) / Q(t)}, the rational approximation of {@code (asin(x) - x) / x^3} at {@code t = x^2}, shared by asin and acos. */
    private static double asinRatio(double t) {
        double p = t * (PS0 + t * (PS1 + t * (PS2 + t * (PS3 + t * (PS4 + t * PS5)))));
        double q = 1.0 + t * (QS1 + t * (QS2 + t * (QS3 + t * QS4)));
        return p / q;
    }

    /**
     * The arc tangent, exactly {@link StrictMath#atan}: fdlibm 5.3 s_atan.c. Reduces {@code |x|} to
     * {@code [0, 7/16]} with {@code atan(x) = atan(c) + atan((x - c) / (1 + x c))} for c in
     * {0.5, 1, 1.5, inf}, then an odd polynomial of degree 23 split into two halves in {@code x^4}.
     */
    public static double atan(double x) {
        int hx = highWord(x);
        int ix = hx & 0x7fffffff;
        int id;
        if (ix >= 0x44100000) { // |x| >= 2^66
            if (ix > 0x7ff00000 || (ix == 0x7ff00000 && lowWord(x) != 0)) return x + x; // NaN
            if (hx > 0) return ATAN_HI[3] + ATAN_LO[3];
            return -ATAN_HI[3] - ATAN_LO[3];
        }
        if (ix < 0x3fdc0000) { // |x| < 0.4375
            if (ix < 0x3e200000) return x; // |x| < 2^-29 (C: if (huge + x > one), always true)
            id = -1;
        } else {
            x = Math.abs(x);
            if (ix < 0x3ff30000) { // |x| < 1.1875
                if (ix < 0x3fe60000) { // 7/16 <= |x| < 11/16
                    id = 0;
                    x = (2.0 * x - 1.0) / (2.0 + x);
                } else { // 11/16 <= |x| < 19/16
                    id = 1;
                    x = (x - 1.0) / (x + 1.0);
                }
            } else if (ix < 0x40038000) { // |x| < 2.4375
                id = 2;
                x = (x - 1.5) / (1.0 + 1.5 * x);
            } else { // 2.4375 <= |x| < 2^66
                id = 3;
                x = -1.0 / x;
            }
        }
        double z = x * x;
        double w = z * z;
        // the sum of aT[i] z^(i+1), split into the odd and even i for two shorter dependency chains
        double s1 = z * (AT0 + w * (AT2 + w * (AT4 + w * (AT6 + w * (AT8 + w * AT10)))));
        double s2 = w * (AT1 + w * (AT3 + w * (AT5 + w * (AT7 + w * AT9))));
        if (id < 0) return x - x * (s1 + s2);
        z = ATAN_HI[id] - ((x * (s1 + s2) - ATAN_LO[id]) - x);
        return (hx < 0) ? -z : z;
    }

    /**
     * The angle of the point {@code (x, y)}, exactly {@link StrictMath#atan2}: fdlibm 5.3 e_atan2.c,
     * {@code atan(|y/x|)} moved into the right quadrant, with the signed zeros and infinities of
     * its special cases. Where C adds {@code tiny} (1e-300) to a constant only to raise the inexact
     * flag, the rounded sum is the constant itself, which is returned.
     */
    public static double atan2(double y, double x) {
        int hx = highWord(x);
        int ix = hx & 0x7fffffff;
        int lx = lowWord(x);
        int hy = highWord(y);
        int iy = hy & 0x7fffffff;
        int ly = lowWord(y);
        // (l | -l) >>> 31 is 1 when the low word is non-zero: then a high word of 0x7ff00000 is a NaN
        if ((ix | ((lx | -lx) >>> 31)) > 0x7ff00000 || (iy | ((ly | -ly) >>> 31)) > 0x7ff00000) return x + y;
        if (((hx - 0x3ff00000) | lx) == 0) return atan(y); // x = 1
        int m = ((hy >> 31) & 1) | ((hx >> 30) & 2); // 2 sign(x) + sign(y)
        if ((iy | ly) == 0) { // y = 0
            switch (m) {
                case 0:
                case 1: return y; // atan2(+-0, +anything) = +-0
                case 2: return PI; // atan2(+0, -anything) = pi
                default: return -PI; // atan2(-0, -anything) = -pi
            }
        }
        if ((ix | lx) == 0) return (hy < 0) ? -PIO2_HI : PIO2_HI; // x = 0
        if (ix == 0x7ff00000) { // x = +-inf
            if (iy == 0x7ff00000) {
                switch (m) {
                    case 0: return PIO4_HI;
                    case 1: return -PIO4_HI;
                    case 2: return 3.0 * PIO4_HI;
                    default: return -3.0 * PIO4_HI;
                }
            }
            switch (m) {
                case 0: return 0.0;
                case 1: return -0.0;
                case 2: return PI;
                default: return -PI;
            }
        }
        if (iy == 0x7ff00000) return (hy < 0) ? -PIO2_HI : PIO2_HI; // y = +-inf
        int k = (iy - ix) >> 20;
        double z;
        if (k > 60) z = PIO2_HI + 0.5 * PI_LO; // |y/x| > 2^60
        else if (hx < 0 && k < -60) z = 0.0; // |y|/x < -2^60
        else z = atan(Math.abs(y / x));
        switch (m) {
            case 0: return z;
            case 1: return -z; // C flips the sign bit of the high word
            case 2: return PI - (z - PI_LO);
            default: return (z - PI_LO) - PI;
        }
    }
}
