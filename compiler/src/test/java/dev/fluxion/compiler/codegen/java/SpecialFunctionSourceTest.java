package dev.fluxion.compiler.codegen.java;

import dev.fluxion.compiler.codegen.model.MathFunction;
import dev.fluxion.compiler.interpret.SpecialFunctions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The special functions' fixed source text, compiled with the export's javac options, computes
 * bit for bit what {@link SpecialFunctions} computes: on special values, at and around every
 * branch point (erf's 2 and 6, sigmoid's 0, the fdlibm ports' thresholds), on tiny and huge
 * arguments and on many random points. A class calling only one function gets everything it needs.
 * NaN results are compared as NaN (doubleToLongBits): where two NaNs meet (softplus of NaN adds x and
 * -x), Java does not specify which one the result is, and C2 may swap the operands. FdLibmTest compares
 * the ports with StrictMath raw bit for raw bit.
 */
class SpecialFunctionSourceTest {
    /** The reference for every one-argument special function: the method bytecode calls. */
    private static final Map<MathFunction, DoubleUnaryOperator> UNARY = new EnumMap<>(MathFunction.class);

    static {
        UNARY.put(MathFunction.ERF, SpecialFunctions::erf);
        UNARY.put(MathFunction.SIGMOID, SpecialFunctions::sigmoid);
        UNARY.put(MathFunction.SOFTPLUS, SpecialFunctions::softplus);
        UNARY.put(MathFunction.RSQRT, SpecialFunctions::rsqrt);
        UNARY.put(MathFunction.LOG1P, SpecialFunctions::log1p);
        UNARY.put(MathFunction.EXPM1, SpecialFunctions::expm1);
        UNARY.put(MathFunction.TANH, SpecialFunctions::tanh);
        UNARY.put(MathFunction.SINH, SpecialFunctions::sinh);
        UNARY.put(MathFunction.COSH, SpecialFunctions::cosh);
        UNARY.put(MathFunction.ASIN, SpecialFunctions::asin);
        UNARY.put(MathFunction.ACOS, SpecialFunctions::acos);
        UNARY.put(MathFunction.ATAN, SpecialFunctions::atan);
    }

    private static Class<?> specials;

    @BeforeAll
    static void compile() {
        specials = InProcessJavac.compileOne("Specials", classCalling("Specials", EnumSet.allOf(MathFunction.class)));
    }

    /** A class with the special functions' source for {@code used} and public wrappers {@code fOf} and {@code fOfAll} (over an array). */
    private static String classCalling(String name, EnumSet<MathFunction> used) {
        CodeWriter w = new CodeWriter();
        w.open("public final class " + name);
        SpecialFunctionSource.printFields(w, used);
        w.line("private " + name + "() {");
        w.line("}");
        for (MathFunction f : used) {
            if (f.isJdk()) continue;
            String m = f.methodName();
            if (f.arity() == 1) {
                w.open("public static double " + m + "Of(double x)").line("return " + m + "(x);").close();
                w.open("public static double[] " + m + "OfAll(double[] xs)");
                w.line("double[] out = new double[xs.length];");
                w.line("for (int i = 0; i < xs.length; i++) out[i] = " + m + "(xs[i]);");
                w.line("return out;").close();
            } else {
                w.open("public static double " + m + "Of(double y, double x)").line("return " + m + "(y, x);").close();
            }
        }
        SpecialFunctionSource.printMethods(w, used);
        w.close();
        return w.toString();
    }

    static List<Double> points() {
        List<Double> p = new ArrayList<>(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
                Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, 1e-8, 0.5, 1.0,
                709.0, 710.0, -745.0, -746.0, 36.0, -36.0, 1e300, -1e300, Double.longBitsToDouble(0x7ff0000000000001L),
                Double.longBitsToDouble(0xfff8000000000123L), Double.longBitsToDouble(0x408633ce8fb9f87dL),
                Double.longBitsToDouble(0x40862e42fefa39efL)));
        List<Double> branches = new ArrayList<>(List.of(2.0, 6.0, 0.0, 1.0, 22.0, 0.25));
        // the fdlibm ports' thresholds on the high word (low word 0)
        for (int hw : new int[] {0x3fda827a, 0x3e200000, 0x3c900000, 0x3fd2bec3, 0x43400000, 0x4043687a, 0x40862e42, 0x3fd62e42,
                0x3ff0a2b2, 0x40360000, 0x3c800000, 0x3e300000, 0x408633ce, 0x3fd62e43, 0x3fe00000, 0x3e400000, 0x3fef3333,
                0x3c600000, 0x44100000, 0x3fdc0000, 0x3ff30000, 0x3fe60000, 0x40038000, 0x3fd2bec4, 0x3fd62e43}) {
            branches.add(Double.longBitsToDouble((long) hw << 32));
        }
        for (double b : branches) {
            for (double s : new double[] {1, -1}) {
                double x = s * b;
                p.add(x);
                p.add(Math.nextUp(x));
                p.add(Math.nextDown(x));
            }
        }
        Random r = new Random(6);
        for (int i = 0; i < 4000; i++) p.add(-8 + 16 * r.nextDouble());
        for (int i = 0; i < 1000; i++) p.add((r.nextBoolean() ? 1 : -1) * Math.pow(10, -300 + 310 * r.nextDouble()));
        for (int i = 0; i < 1000; i++) p.add(Double.longBitsToDouble(r.nextLong()));
        return p;
    }

    /** {@link #points()} and 200,000 random points each: bit patterns and uniform in [-1, 1], [-40, 40], [-750, 750]. */
    private static double[] manyPoints() {
        List<Double> fixed = points();
        SplittableRandom r = new SplittableRandom(7);
        int each = 200_000;
        double[] xs = new double[fixed.size() + 4 * each];
        int n = 0;
        for (double x : fixed) xs[n++] = x;
        for (int i = 0; i < each; i++) xs[n++] = Double.longBitsToDouble(r.nextLong());
        for (int i = 0; i < each; i++) xs[n++] = r.nextDouble(-1, 1);
        for (int i = 0; i < each; i++) xs[n++] = r.nextDouble(-40, 40);
        for (int i = 0; i < each; i++) xs[n++] = r.nextDouble(-750, 750);
        return xs;
    }

    private static void checkSame(MathFunction f) throws Throwable {
        String name = f.methodName();
        DoubleUnaryOperator expected = UNARY.get(f);
        int checked = 0;
        for (double x : points()) { // one call at a time, as exported code calls them
            double want = expected.applyAsDouble(x);
            double got = (Double) InProcessJavac.call(specials, name + "Of", new Class<?>[] {double.class}, x);
            assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), name + "(" + x + "): " + want + " vs " + got);
            checked++;
        }
        assertTrue(checked > 6000);
        double[] xs = manyPoints();
        double[] got = (double[]) InProcessJavac.call(specials, name + "OfAll", new Class<?>[] {double[].class}, (Object) xs);
        int mismatches = 0;
        StringBuilder bad = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            long want = Double.doubleToLongBits(expected.applyAsDouble(xs[i]));
            if (want != Double.doubleToLongBits(got[i]) && mismatches++ < 10) {
                bad.append(String.format("%n  %s(%s): 0x%016x vs 0x%016x", name, xs[i], want, Double.doubleToLongBits(got[i])));
            }
        }
        if (mismatches > 0) fail(mismatches + " of " + xs.length + " points differ:" + bad);
    }

    @Test
    void erfIsBitIdentical() throws Throwable {
        checkSame(MathFunction.ERF);
    }

    @Test
    void sigmoidIsBitIdentical() throws Throwable {
        checkSame(MathFunction.SIGMOID);
    }

    @Test
    void softplusIsBitIdentical() throws Throwable {
        checkSame(MathFunction.SOFTPLUS);
    }

    @Test
    void rsqrtIsBitIdentical() throws Throwable {
        checkSame(MathFunction.RSQRT);
    }

    @Test
    void log1pAndExpm1AreBitIdentical() throws Throwable {
        checkSame(MathFunction.LOG1P);
        checkSame(MathFunction.EXPM1);
    }

    @Test
    void hyperbolicFunctionsAreBitIdentical() throws Throwable {
        checkSame(MathFunction.TANH);
        checkSame(MathFunction.SINH);
        checkSame(MathFunction.COSH);
    }

    @Test
    void inverseTrigonometricFunctionsAreBitIdentical() throws Throwable {
        checkSame(MathFunction.ASIN);
        checkSame(MathFunction.ACOS);
        checkSame(MathFunction.ATAN);
    }

    @Test
    void atan2IsBitIdentical() throws Throwable {
        List<Double> singles = points();
        List<Double> few = singles.subList(0, 120); // the special values and thresholds, crossed with each other
        int checked = 0;
        for (double y : few) {
            for (double x : few) {
                double want = SpecialFunctions.atan2(y, x);
                double got = (Double) InProcessJavac.call(specials, "atan2Of", new Class<?>[] {double.class, double.class}, y, x);
                assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got), "atan2(" + y + ", " + x + ")");
                checked++;
            }
        }
        for (int i = 0; i + 1 < singles.size(); i++) {
            double y = singles.get(i);
            double x = singles.get(singles.size() - 1 - i);
            double got = (Double) InProcessJavac.call(specials, "atan2Of", new Class<?>[] {double.class, double.class}, y, x);
            assertEquals(Double.doubleToLongBits(SpecialFunctions.atan2(y, x)), Double.doubleToLongBits(got), "atan2(" + y + ", " + x + ")");
            checked++;
        }
        assertTrue(checked > 20_000);
    }

    @Test
    void everySpecialFunctionHasAReference() {
        for (MathFunction f : MathFunction.values()) {
            if (!f.isJdk() && f.arity() == 1) assertTrue(UNARY.containsKey(f), f.toString());
        }
    }

    @Test
    void onlyUsedFunctionsAreCopied() {
        CodeWriter w = new CodeWriter();
        SpecialFunctionSource.printFields(w, EnumSet.of(MathFunction.SIGMOID));
        SpecialFunctionSource.printMethods(w, EnumSet.of(MathFunction.SIGMOID));
        String text = w.toString();
        assertTrue(text.contains("private static double sigmoid(double x)"));
        assertFalse(text.contains("erf"), text);
        assertFalse(text.contains("SQRT_PI"), text);
        assertFalse(text.contains("softplus"), text);
        assertFalse(text.contains("highWord"), text);
        assertFalse(SpecialFunctionSource.hasFields(EnumSet.of(MathFunction.SIGMOID)));
        assertTrue(SpecialFunctionSource.hasFields(EnumSet.of(MathFunction.ERF)));
    }

    @Test
    void functionsBringWhatTheyCall() {
        String softplus = text(MathFunction.SOFTPLUS);
        assertTrue(softplus.contains("private static double log1p(double x)"), softplus);
        assertTrue(softplus.contains("private static final double LP7"), softplus);
        assertTrue(softplus.contains("private static int highWord(double x)"), softplus);
        assertFalse(softplus.contains("expm1"), softplus);
        assertFalse(softplus.contains("Q5"), softplus);
        assertTrue(SpecialFunctionSource.hasFields(EnumSet.of(MathFunction.SOFTPLUS)));

        // log1p, expm1 and tanh come with the methods they are split into
        for (String part : List.of("log1pEarly", "log1pHuge", "log1pReduced", "log1pKernel", "log1pNearPowerOfTwo")) {
            assertTrue(softplus.contains("private static double " + part + "("), part);
        }
        String tanh = text(MathFunction.TANH);
        for (String part : List.of("tanhEarly", "expm1", "expm1Early", "expm1Kernel", "expm1Scaled")) {
            assertTrue(tanh.contains("private static double " + part + "("), part);
        }
        assertTrue(tanh.contains("private static double expm1(double x)"), tanh);
        assertTrue(tanh.contains("private static final double Q5"), tanh);
        assertFalse(tanh.contains("LP1"), tanh);

        String atan2 = text(MathFunction.ATAN2);
        assertTrue(atan2.contains("private static double atan(double x)"), atan2);
        assertTrue(atan2.contains("private static final double AT10"), atan2);
        assertFalse(atan2.contains("asinRatio"), atan2);

        // each member once, however many functions need it
        String both = text(MathFunction.SINH, MathFunction.COSH, MathFunction.TANH);
        assertEquals(1, count(both, "private static double expm1(double x)"), both);
        assertEquals(1, count(both, "private static final double LN2_HI"), both);
    }

    @Test
    void everySpecialFunctionAloneCompilesAndAgrees() throws Throwable {
        Map<String, String> sources = new LinkedHashMap<>();
        List<MathFunction> fs = new ArrayList<>();
        for (MathFunction f : MathFunction.values()) {
            if (f.isJdk()) continue;
            fs.add(f);
            sources.put("Only" + f.name(), classCalling("Only" + f.name(), EnumSet.of(f)));
        }
        ClassLoader loader = InProcessJavac.compile(sources);
        for (MathFunction f : fs) {
            Class<?> c = loader.loadClass("Only" + f.name());
            for (double x : new double[] {-3, -0.7, -1e-9, 0.0, 0.3, 0.99, 2.5, 30, 800, Double.NaN}) {
                if (f.arity() == 1) {
                    double got = (Double) InProcessJavac.call(c, f.methodName() + "Of", new Class<?>[] {double.class}, x);
                    assertEquals(Double.doubleToLongBits(UNARY.get(f).applyAsDouble(x)), Double.doubleToLongBits(got), f + "(" + x + ")");
                } else {
                    double got = (Double) InProcessJavac.call(c, f.methodName() + "Of", new Class<?>[] {double.class, double.class}, x, 0.4);
                    assertEquals(Double.doubleToLongBits(SpecialFunctions.atan2(x, 0.4)), Double.doubleToLongBits(got), f + "(" + x + ")");
                }
            }
        }
    }

    @Test
    void everySpecialFunctionHasSource() {
        for (MathFunction f : MathFunction.values()) {
            if (f.isJdk()) continue;
            String text = text(f);
            assertTrue(text.contains("private static double " + f.methodName() + "(double "), f.toString());
            assertTrue(SpecialFunctionSource.MEMBER_NAMES.contains(f.methodName()), f.toString());
        }
        for (String helper : List.of("erfcContinuedFraction", "TWO_OVER_SQRT_PI", "highWord", "LN2_HI", "ATAN_HI", "asinRatio")) {
            assertTrue(SpecialFunctionSource.MEMBER_NAMES.contains(helper), helper);
        }
    }

    private static String text(MathFunction... fs) {
        EnumSet<MathFunction> used = EnumSet.noneOf(MathFunction.class);
        used.addAll(List.of(fs));
        CodeWriter w = new CodeWriter();
        SpecialFunctionSource.printFields(w, used);
        SpecialFunctionSource.printMethods(w, used);
        return w.toString();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }
}
