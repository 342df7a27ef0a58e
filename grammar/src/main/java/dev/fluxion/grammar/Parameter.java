package dev.fluxion.grammar;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.TensorType;

import java.util.Objects;

/** A named, typed input of an expression: {@code x: f64[3]}. */
public record Parameter(String name, TensorType type) {
    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** An f64 scalar, the type of an untyped parameter. */
    public static Parameter scalar(String name) {
        return new Parameter(name, TensorType.scalar(DType.F64));
    }
}
