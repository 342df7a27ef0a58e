package dev.fluxion.compiler.ir;

/** A type or shape error; the message names the op and the shapes. */
public class ShapeException extends IllegalArgumentException {
    public ShapeException(String message) {
        super(message);
    }
}
