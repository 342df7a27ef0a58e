package dev.fluxion.compiler.ir;

/**
 * A syntax or semantic error in IR text, thrown by {@link IrParser}. The message reads
 * {@code line 3, column 14: expected ':' after value name but found '='}, then the offending source
 * line and a caret under the column, so it can be shown to a user as it is.
 */
public class IrParseException extends IllegalArgumentException {
    private final int line;
    private final int column;
    private final String reason;

    /**
     * @param line       1-based line of the error
     * @param column     1-based column of the error (tabs count as one column)
     * @param reason     what is wrong, without the position
     * @param sourceLine the text of that line, without its line terminator
     * @param cause      the exception that revealed the error (a {@link ShapeException}), or null
     */
    public IrParseException(int line, int column, String reason, String sourceLine, Throwable cause) {
        super(format(line, column, reason, sourceLine), cause);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** The 1-based line of the error. */
    public int line() {
        return line;
    }

    /** The 1-based column of the error. */
    public int column() {
        return column;
    }

    /** The message without position, source line and caret. */
    public String reason() {
        return reason;
    }

    private static String format(int line, int column, String reason, String sourceLine) {
        StringBuilder sb = new StringBuilder();
        sb.append("line ").append(line).append(", column ").append(column).append(": ").append(reason);
        sb.append('\n').append(sourceLine).append('\n');
        // Copy tabs from the source line so the caret lines up however a terminal renders them.
        for (int i = 0; i < column - 1; i++) {
            sb.append(i < sourceLine.length() && sourceLine.charAt(i) == '\t' ? '\t' : ' ');
        }
        return sb.append('^').toString();
    }
}
