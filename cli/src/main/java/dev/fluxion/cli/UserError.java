package dev.fluxion.cli;

/** A mistake in what the user asked for (a missing or malformed value, a bad name): exit code 1, one line. */
final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserError(String message) {
        super(message);
    }
}
