package dev.fluxion.grammar;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

import java.util.ArrayList;
import java.util.List;

/** The text being read, split into lines, and the factory of positioned errors. */
final class SourceText {
    private final String text;
    /** Offsets of the first character of every line; lines end at '\n', as ANTLR counts them. */
    private final int[] lineStarts;

    SourceText(String text) {
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') starts.add(i + 1);
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    String text() {
        return text;
    }

    /** Line {@code line} (1-based) without its terminator; empty past the end. */
    String line(int line) {
        if (line < 1 || line > lineStarts.length) return "";
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
        if (end > start && text.charAt(end - 1) == '\r') end--;
        return text.substring(start, Math.max(start, end));
    }

    /** An error at 1-based {@code line}, 0-based {@code charPosition}, underlining {@code length} characters. */
    FluxionSyntaxException error(int line, int charPosition, int length, String reason, Throwable cause) {
        return new FluxionSyntaxException(line, charPosition + 1, length, reason, line(line), cause);
    }

    /** An error under token {@code t}. */
    FluxionSyntaxException error(Token t, String reason) {
        return error(t, reason, null);
    }

    FluxionSyntaxException error(Token t, String reason, Throwable cause) {
        return error(t.getLine(), t.getCharPositionInLine(), tokenLength(t), reason, cause);
    }

    /** An error under the text of {@code ctx}, as far as its first line goes. */
    FluxionSyntaxException error(ParserRuleContext ctx, String reason) {
        Token start = ctx.getStart(), stop = ctx.getStop();
        int length = tokenLength(start);
        if (stop != null && stop.getLine() == start.getLine() && stop.getStopIndex() >= start.getStartIndex()) {
            length = stop.getStopIndex() - start.getStartIndex() + 1;
        }
        return error(start.getLine(), start.getCharPositionInLine(), length, reason, null);
    }

    private static int tokenLength(Token t) {
        if (t.getType() == Token.EOF || t.getStopIndex() < t.getStartIndex()) return 1;
        return t.getStopIndex() - t.getStartIndex() + 1;
    }
}
