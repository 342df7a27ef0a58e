package dev.fluxion.compiler.interpret;

import dev.fluxion.compiler.ir.Op;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link FdLibm} returns exactly {@link StrictMath}'s bits (raw bits, NaN payloads included): on the
 * special values, at every branch threshold of the C code with its neighbours on both sides and of
 * both signs, and on millions of random points (random bit patterns over the whole exponent range,
 * and uniform in [-1, 1], [-40, 40], +-[1e-300, 1e-5] and each function's own interesting range).
 */
class FdLibmTest {
    private static final int RANDOM_PER_KIND = 1_000_000;

    // ---- point sets ------------------------------------------------------------------------------

    /** Values every function meets: zeros, infinities, NaNs (quiet and signalling, both signs, payloads), extremes, small integers. */
    private static List<Double> specialValues() {
        List<Double> p = new ArrayList<>();
        for (long bits : new long[] {0x7ff8000000000000L, 0xfff8000000000000L, 0x7ff0000000000001L, 0xfff0000000000001L,
                0x7ff8000000000123L, 0xfff4000000000000L, 0x7fffffffffffffffL, 0xffffffffffffffffL, 0x7ff0000100000000L}) {
            p.add(Double.longBitsToDouble(bits));
        }
        for (double v : new double[] {0.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 2 * Double.MIN_VALUE, Double.MIN_NORMAL,
                Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, Math.nextDown(Double.MAX_VALUE), 1e-300, 1e-20, 1e-8, 0.25, 0.5,
                1.0, 1.5, 2.0, 3.0, 10.0, 100.0, 1e10, 1e300, Math.PI, Math.E}) {
            p.add(v);
            p.add(-v);
        }
        return p;
    }

    /** Each value, the three doubles either side of it, and the negations of all of them. */
    private static List<Double> around(double... xs) {
        List<Double> p = new ArrayList<>();
        for (double x : xs) {
            double up = x;
            double down = x;
            p.add(x);
            p.add(-x);
            for (int i = 0; i < 3; i++) {
                up = Math.nextUp(up);
                down = Math.nextDown(down);
                p.add(up);
                p.add(down);
                p.add(-up);
                p.add(-down);
            }
        }
        return p;
    }

    /** The doubles whose high word is {@code hw} and low word 0 (the C code's thresholds compare high words). */
    private static double[] highWords(int... hws) {
        double[] xs = new double[hws.length];
        for (int i = 0; i < hws.length; i++) xs[i] = Double.longBitsToDouble((long) hws[i] << 32);
        return xs;
    }

    /** Random points: bit patterns, uniform in [-1, 1] and [-40, 40], log-uniform in +-[1e-300, 1e-5], uniform in [lo, hi]. */
    private static double[] random(long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] xs = new double[5 * RANDOM_PER_KIND];
        int n = 0;
        for (int i = 0; i < RANDOM_PER_KIND; i++) xs[n++] = Double.longBitsToDouble(r.nextLong());
        for (int i = 0; i < RANDOM_PER_KIND; i++) xs[n++] = r.nextDouble(-1, 1);
        for (int i = 0; i < RANDOM_PER_KIND; i++) xs[n++] = r.nextDouble(-40, 40);
        for (int i = 0; i < RANDOM_PER_KIND; i++) xs[n++] = (r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextDouble(-300, -5));
        for (int i = 0; i < RANDOM_PER_KIND; i++) xs[n++] = r.nextDouble(lo, hi);
        return xs;
    }

    // ---- comparison ------------------------------------------------------------------------------

    /** Fails listing the first mismatches when any point's raw bits differ; returns how many points were compared. */
    private static int assertSameBits(String name, DoubleUnaryOperator port, DoubleUnaryOperator strict, List<Double> fixed, double[] random) {
        StringBuilder bad = new StringBuilder();
        int mismatches = 0;
        int n = 0;
        for (int i = 0; i < fixed.size() + random.length; i++) {
            double x = i < fixed.size() ? fixed.get(i) : random[i - fixed.size()];
            long want = Double.doubleToRawLongBits(strict.applyAsDouble(x));
            long got = Double.doubleToRawLongBits(port.applyAsDouble(x));
            n++;
            if (want != got && mismatches++ < 10) {
                bad.append(String.format("%n  %s(%s = 0x%016x): StrictMath 0x%016x, FdLibm 0x%016x", name, x,
                        Double.doubleToRawLongBits(x), want, got));
            }
        }
        if (mismatches > 0) fail(mismatches + " of " + n + " points differ:" + bad);
        return n;
    }

    private static void check(String name, DoubleUnaryOperator port, DoubleUnaryOperator strict, List<Double> thresholds, double lo, double hi) {
        List<Double> fixed = new ArrayList<>(specialValues());
        fixed.addAll(thresholds);
        int n = assertSameBits(name, port, strict, fixed, random(name.hashCode(), lo, hi));
        assertTrue(n >= 5 * RANDOM_PER_KIND, name + ": only " + n + " points");
    }

    // ---- the functions -----------------------------------------------------------------------------

    @Test
    void log1pIsStrictMath() {
        List<Double> t = around(highWords(0x3fda827a, 0x3ff00000, 0x3e200000, 0x3c900000, 0x3fd2bec3, 0x7ff00000, 0x43400000));
        // hx <= 0xbfd2bec3 switches at high word 0xbfd2bec4; its first double is 1 + x = sqrt(2)/2 with k = 0 after reduction
        t.addAll(around(highWords(0x3fd2bec4)));
        // where 1 + x crosses a power of two or sqrt(2) times one (k and the normalisation of u change there)
        double sqrt2Significand = Double.longBitsToDouble(0x3ff6a09e00000000L);
        for (int k = -60; k <= 1023; k++) {
            t.addAll(around(Math.scalb(1.0, k) - 1, Math.scalb(sqrt2Significand, k) - 1));
        }
        check("log1p", FdLibm::log1p, StrictMath::log1p, t, -1, 1e6);
    }

    @Test
    void expm1IsStrictMath() {
        List<Double> t = around(highWords(0x4043687a, 0x40862e42, 0x7ff00000, 0x3fd62e42, 0x3ff0a2b2, 0x3c900000));
        t.addAll(around(highWords(0x3fd62e43))); // hx > 0x3fd62e42 switches here
        t.addAll(around(Double.longBitsToDouble(0x40862e42fefa39efL), -0.25, 56 * Math.log(2)));
        // where k = round(x / ln2) changes, over every k the reduction can produce
        for (int k = -60; k <= 1025; k++) t.addAll(around((k + 0.5) * Math.log(2)));
        check("expm1", FdLibm::expm1, StrictMath::expm1, t, -750, 750);
    }

    @Test
    void tanhIsStrictMath() {
        List<Double> t = around(highWords(0x7ff00000, 0x40360000, 0x3c800000, 0x3ff00000));
        check("tanh", FdLibm::tanh, StrictMath::tanh, t, -25, 25);
    }

    @Test
    void sinhIsStrictMath() {
        List<Double> t = around(highWords(0x7ff00000, 0x40360000, 0x3e300000, 0x3ff00000, 0x40862e42, 0x408633ce));
        t.addAll(around(Double.longBitsToDouble(0x408633ce8fb9f87dL)));
        check("sinh", FdLibm::sinh, StrictMath::sinh, t, -720, 720);
    }

    @Test
    void coshIsStrictMath() {
        List<Double> t = around(highWords(0x7ff00000, 0x3fd62e43, 0x3c800000, 0x40360000, 0x40862e42, 0x408633ce));
        t.addAll(around(Double.longBitsToDouble(0x408633ce8fb9f87dL)));
        check("cosh", FdLibm::cosh, StrictMath::cosh, t, -720, 720);
    }

    @Test
    void asinIsStrictMath() {
        List<Double> t = around(highWords(0x3ff00000, 0x3fe00000, 0x3e400000, 0x3fef3333));
        check("asin", FdLibm::asin, StrictMath::asin, t, -1.01, 1.01);
    }

    @Test
    void acosIsStrictMath() {
        List<Double> t = around(highWords(0x3ff00000, 0x3fe00000, 0x3c600000));
        check("acos", FdLibm::acos, StrictMath::acos, t, -1.01, 1.01);
    }

    @Test
    void atanIsStrictMath() {
        List<Double> t = around(highWords(0x44100000, 0x3fdc0000, 0x3e200000, 0x3ff30000, 0x3fe60000, 0x40038000, 0x7ff00000));
        check("atan", FdLibm::atan, StrictMath::atan, t, -1e6, 1e6);
    }

    @Test
    void atan2IsStrictMath() {
        List<Double> singles = new ArrayList<>(specialValues());
        singles.addAll(around(1.0, 0.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 2.5));
        List<double[]> pairs = new ArrayList<>();
        for (double y : singles) {
            for (double x : singles) pairs.add(new double[] {y, x});
        }
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < RANDOM_PER_KIND; i++) pairs.add(new double[] {Double.longBitsToDouble(r.nextLong()), Double.longBitsToDouble(r.nextLong())});
        for (int i = 0; i < RANDOM_PER_KIND; i++) pairs.add(new double[] {r.nextDouble(-40, 40), r.nextDouble(-40, 40)});
        for (int i = 0; i < RANDOM_PER_KIND; i++) pairs.add(new double[] {r.nextDouble(-1, 1), r.nextDouble(-1, 1)});
        for (int i = 0; i < RANDOM_PER_KIND; i++) { // |y/x| around 2^+-60, where atan2 stops dividing
            double x = (r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextDouble(-200, 200));
            double y = (r.nextBoolean() ? 1 : -1) * Math.abs(x) * Math.scalb(r.nextDouble(0.25, 4), r.nextBoolean() ? 60 : -60);
            pairs.add(new double[] {y, x});
        }
        for (int i = 0; i < RANDOM_PER_KIND; i++) { // magnitudes over the whole exponent range, x = 1 now and then
            double y = (r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextDouble(-320, 308));
            double x = r.nextInt(8) == 0 ? 1.0 : (r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextDouble(-320, 308));
            pairs.add(new double[] {y, x});
        }
        StringBuilder bad = new StringBuilder();
        int mismatches = 0;
        for (double[] p : pairs) {
            long want = Double.doubleToRawLongBits(StrictMath.atan2(p[0], p[1]));
            long got = Double.doubleToRawLongBits(FdLibm.atan2(p[0], p[1]));
            // With two NaN arguments fdlibm returns x + y, and which NaN an addition of two NaNs returns is not
            // specified by Java, and depends on the operand order GCC or C2 chose; only NaN-ness is comparable there.
            if (Double.isNaN(p[0]) && Double.isNaN(p[1])) {
                want = Double.doubleToLongBits(Double.longBitsToDouble(want));
                got = Double.doubleToLongBits(Double.longBitsToDouble(got));
            }
            if (want != got && mismatches++ < 10) {
                bad.append(String.format("%n  atan2(%s, %s): StrictMath 0x%016x, FdLibm 0x%016x", p[0], p[1], want, got));
            }
        }
        if (mismatches > 0) fail(mismatches + " of " + pairs.size() + " pairs differ:" + bad);
        assertTrue(pairs.size() >= 5 * RANDOM_PER_KIND);
    }

    // ---- Fluxion calls them -----------------------------------------------------------------------

    @Test
    void interpreterAndSpecialFunctionsUseThePorts() {
        Op[] ops = {Op.LOG1P, Op.EXPM1, Op.TANH, Op.SINH, Op.COSH, Op.ASIN, Op.ACOS, Op.ATAN};
        DoubleUnaryOperator[] strict = {StrictMath::log1p, StrictMath::expm1, StrictMath::tanh, StrictMath::sinh, StrictMath::cosh,
                StrictMath::asin, StrictMath::acos, StrictMath::atan};
        DoubleUnaryOperator[] special = {SpecialFunctions::log1p, SpecialFunctions::expm1, SpecialFunctions::tanh, SpecialFunctions::sinh,
                SpecialFunctions::cosh, SpecialFunctions::asin, SpecialFunctions::acos, SpecialFunctions::atan};
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            double x = i % 2 == 0 ? r.nextDouble(-3, 3) : Double.longBitsToDouble(r.nextLong());
            double y = r.nextDouble(-3, 3);
            for (int f = 0; f < ops.length; f++) {
                long want = Double.doubleToRawLongBits(strict[f].applyAsDouble(x));
                assertEquals(want, Double.doubleToRawLongBits(Kernels.unaryFunction(ops[f]).applyAsDouble(x)), ops[f] + "(" + x + ")");
                assertEquals(want, Double.doubleToRawLongBits(special[f].applyAsDouble(x)), ops[f] + "(" + x + ")");
            }
            DoubleBinaryOperator atan2 = Kernels.binaryFunction(Op.ATAN2);
            assertEquals(Double.doubleToRawLongBits(StrictMath.atan2(x, y)), Double.doubleToRawLongBits(atan2.applyAsDouble(x, y)));
            assertEquals(Double.doubleToRawLongBits(StrictMath.atan2(y, x)), Double.doubleToRawLongBits(SpecialFunctions.atan2(y, x)));
            // softplus keeps its bits: log1p is the same function as before, only faster (NaN compared as NaN: for a NaN x
            // it adds two NaNs, x and -x, and Java does not specify which of them the sum is)
            double before = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
            assertEquals(Double.doubleToLongBits(before), Double.doubleToLongBits(SpecialFunctions.softplus(x)), "softplus(" + x + ")");
        }
    }

    // ---- C2 inlines them ---------------------------------------------------------------------------

    /**
     * C2 inlines a callee at a hot call site only when its bytecode is at most FreqInlineSize bytes
     * (325 on every platform), and at any other call site when at most MaxInlineSize (35).
     */
    private static final int FREQ_INLINE_SIZE = 325;
    private static final int MAX_INLINE_SIZE = 35;

    @Test
    void hotPathsAreSmallEnoughForC2ToInline() throws IOException {
        // the methods ordinary arguments pass through (the rest are rare branches, which C2 leaves out of line)
        Map<String, Integer> fdlibm = codeLengths(FdLibm.class);
        for (String m : List.of("log1p(D)D", "log1pReduced(DIID)D", "log1pKernel(DID)D", "expm1(D)D", "expm1Kernel(DDI)D",
                "expm1Scaled(DDI)D", "tanh(D)D")) {
            assertTrue(fdlibm.containsKey(m), m + " not in " + fdlibm.keySet());
            assertTrue(fdlibm.get(m) <= FREQ_INLINE_SIZE, m + ": " + fdlibm.get(m) + " bytes of bytecode, more than C2 inlines");
        }
        // generated code calls these, which must stay delegations that C2 inlines wherever they are called
        Map<String, Integer> special = codeLengths(SpecialFunctions.class);
        for (String m : List.of("log1p(D)D", "expm1(D)D", "tanh(D)D", "softplus(D)D")) {
            assertTrue(special.containsKey(m), m + " not in " + special.keySet());
            assertTrue(special.get(m) <= MAX_INLINE_SIZE, m + ": " + special.get(m) + " bytes of bytecode");
        }
    }

    /** The length of each method's bytecode, by name and descriptor ({@code "log1p(D)D"}), read from the class file. */
    private static Map<String, Integer> codeLengths(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            DataInputStream d = new DataInputStream(new ByteArrayInputStream(in.readAllBytes())); // skipBytes skips all
            d.skipBytes(8); // magic, minor and major version
            int count = d.readUnsignedShort();
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) { // the constant pool: keep the strings, skip the rest
                int tag = d.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = d.readUTF();
                    case 5, 6 -> { // long, double: eight bytes, two entries
                        d.skipBytes(8);
                        i++;
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> d.skipBytes(4);
                    case 7, 8, 16, 19, 20 -> d.skipBytes(2);
                    case 15 -> d.skipBytes(3);
                    default -> throw new IOException("constant pool tag " + tag);
                }
            }
            d.skipBytes(6); // access flags, this class, super class
            d.skipBytes(2 * d.readUnsignedShort()); // interfaces
            int fields = d.readUnsignedShort();
            for (int i = 0; i < fields; i++) {
                d.skipBytes(6); // access flags, name, descriptor
                skipAttributes(d);
            }
            Map<String, Integer> lengths = new HashMap<>();
            int methods = d.readUnsignedShort();
            for (int i = 0; i < methods; i++) {
                d.skipBytes(2);
                String name = utf8[d.readUnsignedShort()] + utf8[d.readUnsignedShort()];
                int attributes = d.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf8[d.readUnsignedShort()];
                    int length = d.readInt();
                    if (attribute.equals("Code")) {
                        d.skipBytes(4); // max stack, max locals
                        lengths.put(name, d.readInt());
                        d.skipBytes(length - 8);
                    } else {
                        d.skipBytes(length);
                    }
                }
            }
            return lengths;
        }
    }

    private static void skipAttributes(DataInputStream d) throws IOException {
        int attributes = d.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            d.skipBytes(2);
            d.skipBytes(d.readInt());
        }
    }

    @Test
    void spotValues() {
        // Independent of StrictMath: the mathematical values, within fdlibm's 1 ulp.
        assertClose(0.6931471805599453, FdLibm.log1p(1.0));
        assertClose(1.718281828459045, FdLibm.expm1(1.0));
        assertClose(0.7615941559557649, FdLibm.tanh(1.0));
        assertClose(1.1752011936438014, FdLibm.sinh(1.0));
        assertClose(1.5430806348152437, FdLibm.cosh(1.0));
        assertClose(0.5235987755982989, FdLibm.asin(0.5)); // pi/6
        assertClose(1.0471975511965979, FdLibm.acos(0.5)); // pi/3
        assertClose(0.7853981633974483, FdLibm.atan(1.0)); // pi/4
        assertClose(-2.356194490192345, FdLibm.atan2(-1.0, -1.0)); // -3pi/4
        assertEquals(Double.NEGATIVE_INFINITY, FdLibm.log1p(-1.0));
        assertEquals(-1.0, FdLibm.expm1(Double.NEGATIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, FdLibm.cosh(-711.0));
        assertEquals(Double.NEGATIVE_INFINITY, FdLibm.sinh(-711.0));
        assertEquals(-0.0, FdLibm.tanh(-0.0));
        assertEquals(Math.PI, FdLibm.atan2(0.0, -1.0));
    }

    private static void assertClose(double expected, double actual) {
        assertEquals(expected, actual, Math.ulp(expected));
    }
}
