package dev.fluxion.compiler.ir;

/** Element types of IR values. {@code F64} is the default; {@code I64} holds indices, {@code BOOL} masks. */
public enum DType {
    F64("f64"),
    F32("f32"),
    I64("i64"),
    BOOL("bool");

    private final String text;

    DType(String text) {
        this.text = text;
    }

    /** The name used in IR text, e.g. {@code f64}. */
    public String text() {
        return text;
    }

    public boolean isFloating() {
        return this == F64 || this == F32;
    }

    /** Floating or integer: the types arithmetic is defined on. */
    public boolean isNumeric() {
        return this != BOOL;
    }

    /** Rounds a value held as a double to what this type can represent. */
    public double round(double v) {
        switch (this) {
            case F64: return v;
            case F32: return (float) v;
            case I64: return (double) (long) v;
            default: return v != 0 ? 1 : 0;
        }
    }

    /** Parses {@code f64}, {@code f32}, {@code i64} or {@code bool}. */
    public static DType parse(String text) {
        for (DType t : values()) {
            if (t.text.equals(text)) return t;
        }
        throw new IllegalArgumentException("unknown dtype '" + text + "' (expected f64, f32, i64 or bool)");
    }

    @Override
    public String toString() {
        return text;
    }
}
