package dev.fluxion.compiler.codegen.java;

import dev.fluxion.compiler.codegen.model.MathFunction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The source of Fluxion's special functions (erf, sigmoid, softplus, rsqrt, and the fdlibm ports of
 * {@link FdLibmSource}), copied into an exported class that calls them so it depends on the JDK only.
 * The text is fixed, the same operations in the same order as
 * {@code dev.fluxion.compiler.interpret.SpecialFunctions}, so the results are bit-identical (Java's
 * floating point is strict since 17, and both call the same {@code Math} methods);
 * {@code SpecialFunctionSourceTest} compiles this text and checks it against {@code SpecialFunctions}
 * on many points, the special values and every branch included. Fixed text rather than the source
 * model because erf needs early returns and a loop that stops on convergence, and the fdlibm ports
 * bit manipulation, which the model (straight-line code and counted loops) has no use for elsewhere.
 *
 * <p>The text is a list of units, each a group of constant fields or one method. What a unit needs
 * is read off its code (the names of other units' members it mentions outside comments), so a class
 * gets exactly the closure of the functions it calls: softplus brings log1p, tanh brings expm1, and
 * each brings its constants and helpers.
 */
public final class SpecialFunctionSource {
    private SpecialFunctionSource() {}

    private static final String ERF = """
            /** The error function, to about 5e-16: a series below 2, 1 - erfc (a continued fraction) from 2, +-1 from 6. */
            private static double erf(double x) {
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

            /** erfc x for x >= 2 from its continued fraction, evaluated forward by the modified Lentz method. */
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
            """;

    private static final String ERF_CONSTANTS = """
            private static final double TWO_OVER_SQRT_PI = 1.1283791670955126; // 2 / sqrt(pi)
            private static final double SQRT_PI = 1.772453850905516; // sqrt(pi)
            """;

    private static final String SIGMOID = """
            /** The logistic function 1 / (1 + exp(-x)); exp is only taken of -|x|, so never NaN for finite x. */
            private static double sigmoid(double x) {
                if (x >= 0) return 1 / (1 + Math.exp(-x));
                double e = Math.exp(x);
                return e / (1 + e);
            }
            """;

    private static final String SOFTPLUS = """
            /** log(1 + exp(x)) as max(x, 0) + log1p(exp(-|x|)): exp cannot overflow, log1p keeps tiny values. */
            private static double softplus(double x) {
                return Math.max(x, 0) + log1p(Math.exp(-Math.abs(x)));
            }
            """;

    private static final String RSQRT = """
            /** 1 / sqrt(x). */
            private static double rsqrt(double x) {
                return 1 / Math.sqrt(x);
            }
            """;

    /** Constant fields, in the order a class declares them. */
    private static final List<String> FIELD_UNITS = concat(List.of(ERF_CONSTANTS), FdLibmSource.FIELDS);

    /** Methods, in the order a class declares them: the functions, then their helpers. */
    private static final List<String> METHOD_UNITS = concat(List.of(ERF, SIGMOID, SOFTPLUS, RSQRT), FdLibmSource.FUNCTIONS,
            FdLibmSource.HELPERS);

    /** A member declaration at the start of a unit's line (members are unindented in the text). */
    private static final Pattern DECLARATION = Pattern.compile("(?m)^private static (?:final )?[\\w\\[\\]]+ (\\w+)");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][\\w$]*");
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

    /** Member name to the unit declaring it. */
    private static final Map<String, String> DECLARED_IN = new HashMap<>();

    /** Unit to the units declaring the members its code mentions. */
    private static final Map<String, Set<String>> NEEDS = new HashMap<>();

    static {
        for (String unit : concat(FIELD_UNITS, METHOD_UNITS)) {
            Matcher m = DECLARATION.matcher(unit);
            while (m.find()) {
                if (DECLARED_IN.put(m.group(1), unit) != null) throw new ExceptionInInitializerError("two declarations of " + m.group(1));
            }
        }
        for (String unit : concat(FIELD_UNITS, METHOD_UNITS)) {
            Set<String> needs = new HashSet<>();
            Matcher m = IDENTIFIER.matcher(COMMENT.matcher(unit).replaceAll(" "));
            while (m.find()) {
                String owner = DECLARED_IN.get(m.group());
                if (owner != null && !owner.equals(unit)) needs.add(owner);
            }
            NEEDS.put(unit, needs);
        }
        for (MathFunction f : MathFunction.values()) {
            if (!f.isJdk() && !METHOD_UNITS.contains(DECLARED_IN.get(f.methodName()))) {
                throw new ExceptionInInitializerError("no source for special function " + f);
            }
        }
    }

    /** The names of the private members {@link #printFields} and {@link #printMethods} may add to a class. */
    public static final Set<String> MEMBER_NAMES = Collections.unmodifiableSet(new HashSet<>(DECLARED_IN.keySet()));

    /** True when the functions in {@code used} need constant fields, so {@link #printFields} prints something. */
    public static boolean hasFields(Set<MathFunction> used) {
        Set<String> units = closure(used);
        for (String unit : FIELD_UNITS) {
            if (units.contains(unit)) return true;
        }
        return false;
    }

    /** The static fields the functions in {@code used} need (their constants, and those of the functions they call). */
    public static void printFields(CodeWriter w, Set<MathFunction> used) {
        Set<String> units = closure(used);
        for (String unit : FIELD_UNITS) {
            if (units.contains(unit)) print(w, unit);
        }
    }

    /**
     * The private static methods of every special function in {@code used}, of the special functions
     * they call and of their helpers, each once, in a fixed order, a blank line before each.
     */
    public static void printMethods(CodeWriter w, Set<MathFunction> used) {
        Set<String> units = closure(used);
        for (String unit : METHOD_UNITS) {
            if (!units.contains(unit)) continue;
            w.blank();
            print(w, unit);
        }
    }

    /** The units of the special functions in {@code used} and everything they need, found by a worklist. */
    private static Set<String> closure(Set<MathFunction> used) {
        Set<String> units = new LinkedHashSet<>();
        Deque<String> work = new ArrayDeque<>();
        for (MathFunction f : used) {
            if (!f.isJdk()) work.add(DECLARED_IN.get(f.methodName()));
        }
        while (!work.isEmpty()) {
            String unit = work.poll();
            if (units.add(unit)) work.addAll(NEEDS.get(unit));
        }
        return units;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) all.addAll(l);
        return List.copyOf(all);
    }

    private static void print(CodeWriter w, String text) {
        for (String line : text.stripTrailing().split("\n", -1)) {
            // text-block lines keep their indentation relative to the member; the writer adds the class's
            if (line.isEmpty()) w.blank();
            else w.line(line);
        }
    }
}
