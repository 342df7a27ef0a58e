package dev.fluxion.grammar;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;

/**
 * Sits between the lexer and the parser and removes the line breaks that do not end a statement,
 * so the grammar needs no newline rules inside expressions. A NEWLINE token is dropped
 * <ul>
 *   <li>inside parentheses or brackets: {@code f(a,\n b)}, {@code [[1, 2],\n [3, 4]]};
 *   <li>after a token that cannot end an expression: an operator, {@code ,}, {@code =}, {@code :},
 *       {@code ;}, or another line break (blank lines and comment lines): {@code a +\n b};
 *   <li>at the start of the text.
 * </ul>
 * Every other line break reaches the parser, where it separates let lines, the result and
 * functions. A break before an operator therefore ends the statement: {@code let t = a\n-b} is two
 * statements, as {@code MathPrinter} relies on when it writes a tuple or a negation on the line
 * after a let.
 */
final class LineJoiner implements TokenSource {
    private final TokenSource lexer;
    private int depth;
    /** The type of the last token passed on, or -1 at the start. */
    private int previous = -1;

    LineJoiner(TokenSource lexer) {
        this.lexer = lexer;
    }

    @Override
    public Token nextToken() {
        while (true) {
            Token t = lexer.nextToken();
            int type = t.getType();
            if (type == FluxionLexer.NEWLINE && (depth > 0 || continuesLine(previous))) continue;
            if (type == FluxionLexer.LPAREN || type == FluxionLexer.LBRACK) depth++;
            if ((type == FluxionLexer.RPAREN || type == FluxionLexer.RBRACK) && depth > 0) depth--;
            previous = type;
            return t;
        }
    }

    /** True when a line break after a token of this type continues the statement. */
    private static boolean continuesLine(int type) {
        switch (type) {
            case -1:
            case FluxionLexer.NEWLINE: case FluxionLexer.SEMI: case FluxionLexer.COMMA:
            case FluxionLexer.ASSIGN: case FluxionLexer.COLON:
            case FluxionLexer.PLUS: case FluxionLexer.MINUS: case FluxionLexer.STAR: case FluxionLexer.SLASH:
            case FluxionLexer.AT: case FluxionLexer.CARET:
            case FluxionLexer.LT: case FluxionLexer.LE: case FluxionLexer.GT: case FluxionLexer.GE:
            case FluxionLexer.EQ: case FluxionLexer.NE:
                return true;
            default:
                return false;
        }
    }

    @Override
    public int getLine() {
        return lexer.getLine();
    }

    @Override
    public int getCharPositionInLine() {
        return lexer.getCharPositionInLine();
    }

    @Override
    public CharStream getInputStream() {
        return lexer.getInputStream();
    }

    @Override
    public String getSourceName() {
        return lexer.getSourceName();
    }

    @Override
    public void setTokenFactory(TokenFactory<?> factory) {
        lexer.setTokenFactory(factory);
    }

    @Override
    public TokenFactory<?> getTokenFactory() {
        return lexer.getTokenFactory();
    }
}
