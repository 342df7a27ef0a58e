package dev.fluxion.compiler.ir;

/**
 * A broken graph invariant found by {@link Verifier}. The message names the offending node by its
 * printed name, quotes its IR line and says what is wrong.
 */
public class VerificationException extends IllegalStateException {
    private final transient Node node;

    public VerificationException(String message, Node node) {
        super(message);
        this.node = node;
    }

    /** The node that breaks an invariant, or null when the problem is not one node's (the input list, say). */
    public Node node() {
        return node;
    }
}
