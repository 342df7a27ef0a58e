package dev.fluxion.compiler.optable;

import java.util.Random;

/**
 * Where an op's sample inputs are drawn from: uniform magnitudes in [lo, hi], with a random sign
 * when {@code signed}. Domains keep finite differences away from poles, branch cuts and kinks.
 */
public record Domain(double lo, double hi, boolean signed) {
    /** Any moderate real. */
    public static final Domain REAL = new Domain(-2, 2, false);
    /** Strictly positive, for log, sqrt, pow's base. */
    public static final Domain POSITIVE = new Domain(0.5, 2, false);
    /** Inside (-1, 1), for asin/acos. */
    public static final Domain UNIT = new Domain(-0.8, 0.8, false);
    /** Bounded away from zero, either sign: for kinks at 0 and for divisors. */
    public static final Domain NONZERO = new Domain(0.3, 2, true);

    public double sample(Random r) {
        double v = lo + (hi - lo) * r.nextDouble();
        return signed && r.nextBoolean() ? -v : v;
    }
}
