package dev.fluxion.grammar;

/**
 * An error in Fluxion source text: a syntax error, an unknown name, a wrong number of arguments, a
 * duplicate definition, or a type or shape error of an op, always at the source position of the
 * offending text. The message reads
 *
 * <pre>
 * line 2, column 14: unknown function 'sni' (did you mean 'sin'?)
 *     let y = 2 * sni(x)
 *                 ^^^
 * </pre>
 *
 * so it can be shown to a user as it is; {@link #oneLine()} is the first line alone.
 */
public class FluxionSyntaxException extends IllegalArgumentException {
    private final int line;
    private final int column;
    private final int length;
    private final String reason;
    private final String sourceLine;

    /**
     * @param line       1-based line of the error
     * @param column     1-based column of its first character (a tab counts as one column)
     * @param length     number of characters to underline, at least 1
     * @param reason     what is wrong and what was expected, without the position
     * @param sourceLine the text of that line, without its line terminator
     * @param cause      the exception that revealed the error (a shape exception of the builder), or null
     */
    public FluxionSyntaxException(int line, int column, int length, String reason, String sourceLine, Throwable cause) {
        super(format(line, column, length, reason, sourceLine), cause);
        this.line = line;
        this.column = column;
        this.length = Math.max(1, length);
        this.reason = reason;
        this.sourceLine = sourceLine;
    }

    /** The 1-based line of the error. */
    public int line() {
        return line;
    }

    /** The 1-based column of the error's first character. */
    public int column() {
        return column;
    }

    /** How many characters the caret line underlines. */
    public int length() {
        return length;
    }

    /** The message without position, source line and caret. */
    public String reason() {
        return reason;
    }

    /** The source line the error is on. */
    public String sourceLine() {
        return sourceLine;
    }

    /** {@code line L, column C: reason}, for a one-line report. */
    public String oneLine() {
        return "line " + line + ", column " + column + ": " + reason;
    }

    private static String format(int line, int column, int length, String reason, String sourceLine) {
        StringBuilder sb = new StringBuilder();
        sb.append("line ").append(line).append(", column ").append(column).append(": ").append(reason);
        sb.append('\n').append(sourceLine).append('\n');
        // Copy tabs from the source line so the caret lines up however a terminal renders them.
        for (int i = 0; i < column - 1; i++) {
            sb.append(i < sourceLine.length() && sourceLine.charAt(i) == '\t' ? '\t' : ' ');
        }
        // Underline the offending text, but not past the end of its line.
        int width = Math.max(1, Math.min(length, sourceLine.length() - (column - 1)));
        return sb.append("^".repeat(width)).toString();
    }
}
