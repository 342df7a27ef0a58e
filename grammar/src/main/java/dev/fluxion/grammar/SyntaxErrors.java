package dev.fluxion.grammar;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the first lexer or parser error into a {@link FluxionSyntaxException} that names what was
 * found and what was expected, in words ("expected ')' or ',', found end of line") rather than
 * ANTLR's token names. Nothing is printed: the exception is thrown from the listener, which stops
 * the parse at the first error.
 */
final class SyntaxErrors extends BaseErrorListener {
    /** Tokens that can start an expression; when all of the main ones are expected, the message says "an expression". */
    private static final int[] EXPRESSION_STARTS = {FluxionLexer.NAME, FluxionLexer.INT, FluxionLexer.FLOAT,
        FluxionLexer.INF, FluxionLexer.NAN, FluxionLexer.TRUE, FluxionLexer.FALSE, FluxionLexer.LPAREN,
        FluxionLexer.LBRACK, FluxionLexer.MINUS};
    /** Tokens that continue an expression; several of them together read "an operator". */
    private static final int[] OPERATORS = {FluxionLexer.PLUS, FluxionLexer.MINUS, FluxionLexer.STAR, FluxionLexer.SLASH,
        FluxionLexer.AT, FluxionLexer.CARET, FluxionLexer.TICK, FluxionLexer.DOT, FluxionLexer.LBRACK, FluxionLexer.LT,
        FluxionLexer.LE, FluxionLexer.GT, FluxionLexer.GE, FluxionLexer.EQ, FluxionLexer.NE};

    private final SourceText source;

    SyntaxErrors(SourceText source) {
        this.source = source;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String msg, RecognitionException e) {
        if (recognizer instanceof Lexer) {
            String rest = source.line(line);
            String ch = charPositionInLine < rest.length() ? rest.substring(charPositionInLine, charPositionInLine + 1) : "?";
            throw source.error(line, charPositionInLine, 1, "unexpected character '" + ch + "'", null);
        }
        Parser parser = (Parser) recognizer;
        Token found = (Token) offendingSymbol;
        IntervalSet expected = e != null ? e.getExpectedTokens() : parser.getExpectedTokens();
        String reason = "expected " + describe(expected) + ", found " + describe(found) + hint(parser, found);
        Token last = found.getType() == Token.EOF ? lastVisible(parser, found) : null;
        if (last != null) {
            // the end of input is shown just after the last thing written, not on an empty last line
            int end = last.getCharPositionInLine() + last.getStopIndex() - last.getStartIndex() + 1;
            throw source.error(last.getLine(), end, 1, reason, null);
        }
        throw source.error(found, reason);
    }

    /** The last token before {@code t} that is not a line break, or null. */
    private static Token lastVisible(Parser parser, Token t) {
        for (int i = t.getTokenIndex() - 1; i >= 0; i--) {
            Token p = parser.getTokenStream().get(i);
            if (p.getType() != FluxionLexer.NEWLINE) return p;
        }
        return null;
    }

    /** A hint for a habit from another language: {@code x ** 2}. */
    private static String hint(Parser parser, Token found) {
        int i = found.getTokenIndex();
        if (found.getType() == FluxionLexer.STAR && i > 0 && parser.getTokenStream().get(i - 1).getType() == FluxionLexer.STAR) {
            return " (powers are written x^2)";
        }
        return "";
    }

    /** What a token is, in words: {@code 'x'}, {@code end of line}, {@code end of input}. */
    static String describe(Token t) {
        switch (t.getType()) {
            case Token.EOF: return "end of input";
            case FluxionLexer.NEWLINE: return "end of line";
            default: return "'" + t.getText() + "'";
        }
    }

    /** An expected-token set in words, most specific first: {@code ')' or ','}, {@code an expression}. */
    static String describe(IntervalSet expected) {
        List<Integer> types = new ArrayList<>(expected == null ? List.of() : expected.toList());
        List<String> words = new ArrayList<>();
        if (types.contains(FluxionLexer.NAME) && types.contains(FluxionLexer.INT) && types.contains(FluxionLexer.LPAREN)) {
            for (int t : EXPRESSION_STARTS) types.remove((Integer) t);
            words.add("an expression");
        }
        int operators = 0;
        for (int t : OPERATORS) if (types.contains(t)) operators++;
        boolean manyOperators = operators >= 3;
        if (manyOperators) for (int t : OPERATORS) types.remove((Integer) t);
        for (int t : types) words.add(word(t));
        if (manyOperators) words.add("an operator");
        if (words.isEmpty()) return "something else";
        if (words.size() == 1) return words.get(0);
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }

    private static String word(int type) {
        switch (type) {
            case Token.EOF: return "end of input";
            case FluxionLexer.NEWLINE: return "end of line";
            case FluxionLexer.NAME: return "a name";
            case FluxionLexer.INT: return "an integer";
            case FluxionLexer.FLOAT: return "a number";
            case FluxionLexer.DTYPE: return "a dtype (f64, f32, i64 or bool)";
            default: {
                String literal = FluxionLexer.VOCABULARY.getLiteralName(type);
                return literal != null ? literal : FluxionLexer.VOCABULARY.getDisplayName(type);
            }
        }
    }
}
