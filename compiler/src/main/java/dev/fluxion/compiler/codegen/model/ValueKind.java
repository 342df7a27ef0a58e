package dev.fluxion.compiler.codegen.model;

/**
 * The value types generated code computes with: every tensor element is a double; indices are
 * ints; a {@link #VECTOR} local holds four consecutive doubles, only in the SIMD form of a
 * {@link Stmt.Simd}.
 */
public enum ValueKind {
    DOUBLE("double"),
    INT("int"),
    /** Four doubles in SIMD lanes ({@code jdk.incubator.vector.DoubleVector} of 256 bits). */
    VECTOR("DoubleVector");

    private final String javaName;

    ValueKind(String javaName) {
        this.javaName = javaName;
    }

    /** The Java keyword of the type. */
    public String javaName() {
        return javaName;
    }
}
