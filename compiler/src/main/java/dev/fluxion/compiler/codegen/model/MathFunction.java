package dev.fluxion.compiler.codegen.model;

/**
 * The functions generated code calls. JDK functions are {@code java.lang.Math}'s; the others are
 * Fluxion's ({@code dev.fluxion.compiler.interpret.SpecialFunctions} in bytecode, which the
 * interpreter also calls; the Java-source backend copies their bodies into the exported class so it
 * depends on the JDK only). Fluxion's include log1p, expm1, the hyperbolic and the inverse
 * trigonometric functions although {@code Math} has them: on JDK 17 {@code Math}'s are JNI calls
 * into native fdlibm (about 40 ns each), and Fluxion's are pure-Java ports returning the same bits.
 */
public enum MathFunction {
    ABS(true, "abs", 1),
    SIGNUM(true, "signum", 1),
    EXP(true, "exp", 1),
    EXPM1(false, "expm1", 1),
    LOG(true, "log", 1),
    LOG1P(false, "log1p", 1),
    SQRT(true, "sqrt", 1),
    SIN(true, "sin", 1),
    COS(true, "cos", 1),
    TAN(true, "tan", 1),
    ASIN(false, "asin", 1),
    ACOS(false, "acos", 1),
    ATAN(false, "atan", 1),
    SINH(false, "sinh", 1),
    COSH(false, "cosh", 1),
    TANH(false, "tanh", 1),
    POW(true, "pow", 2),
    ATAN2(false, "atan2", 2),
    /** NaN-propagating maximum (Math.max), as NumPy's maximum. */
    MAX(true, "max", 2),
    MIN(true, "min", 2),
    RSQRT(false, "rsqrt", 1),
    SIGMOID(false, "sigmoid", 1),
    SOFTPLUS(false, "softplus", 1),
    ERF(false, "erf", 1);

    private final boolean jdk;
    private final String methodName;
    private final int arity;

    MathFunction(boolean jdk, String methodName, int arity) {
        this.jdk = jdk;
        this.methodName = methodName;
        this.arity = arity;
    }

    /** True for {@code java.lang.Math} functions; false for Fluxion's special functions. */
    public boolean isJdk() {
        return jdk;
    }

    /** The static method's name (in {@code Math} or in {@code SpecialFunctions}). */
    public String methodName() {
        return methodName;
    }

    /** Number of double arguments. */
    public int arity() {
        return arity;
    }
}
