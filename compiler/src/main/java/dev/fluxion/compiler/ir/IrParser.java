package dev.fluxion.compiler.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the IR text that {@link IrPrinter} writes back into a {@link Graph}:
 *
 * <pre>
 * { lambda x:f64[], y:f64[3] .
 *   let
 *     a:f64[3] = mul x y
 *     b:f64[] = sum[axes=(0), keepdim=false] a   # comments run to the end of the line
 *   in (b) }
 * </pre>
 *
 * Whitespace and line breaks between tokens are free; attributes may come in any order (the graph
 * holds them in {@link Op#attributeNames()} order). Every equation goes through a
 * {@link GraphBuilder}, so types are inferred and checked against the declared {@code name:type},
 * and two identical equations become one node. The lexer streams tokens and the parser is a loop
 * over equations, so a text of millions of equations parses in linear time without recursion.
 */
public final class IrParser {
    private static final Set<String> KEYWORDS = Set.of("lambda", "let", "in");
    private static final Map<String, Op> OPS = new HashMap<>();
    private static final String OP_LIST;

    static {
        StringBuilder sb = new StringBuilder();
        for (Op op : Op.values()) {
            OPS.put(op.text(), op);
            sb.append(sb.length() > 0 ? ", " : "").append(op.text());
        }
        OP_LIST = sb.toString();
    }

    private IrParser() {}

    /**
     * Parses one graph.
     *
     * @throws IrParseException for a syntax error, an unknown op or value name, a redefined name,
     *     a wrong number of inputs, a missing, unknown or ill-typed attribute, a shape error from the
     *     builder, or a declared type that differs from the inferred one; the exception carries the
     *     1-based line and column
     */
    public static Graph parse(String text) {
        return new Parser(text).graph();
    }

    // ---- tokens --------------------------------------------------------------------------------

    private enum Kind { IDENT, NUMBER, STRING, PUNCT, EOF }

    /** One token; {@code lineStart} is the offset of its line, kept to quote the line in errors. */
    private record Token(Kind kind, String text, int line, int column, int lineStart) {
        boolean is(char punct) {
            return kind == Kind.PUNCT && text.charAt(0) == punct;
        }

        boolean isKeyword(String keyword) {
            return kind == Kind.IDENT && text.equals(keyword);
        }

        String describe() {
            switch (kind) {
                case EOF: return "end of input";
                case STRING: return "'\"" + text + "\"'";
                default: return "'" + text + "'";
            }
        }
    }

    // ---- lexer: a single forward scan, one token at a time ------------------------------------

    private static final class Lexer {
        private static final String PUNCT = "{}()[]:,=.";
        private static final String[] PUNCT_TEXT = PUNCT.split("");
        private final String src;
        private int pos;
        private int line = 1;
        private int lineStart;
        // End of the last token: the end of input is reported there, next to what is unfinished.
        private int endLine = 1;
        private int endColumn = 1;
        private int endLineStart;

        Lexer(String src) {
            this.src = src;
        }

        Token next() {
            skipBlanks();
            if (pos >= src.length()) return new Token(Kind.EOF, "", endLine, endColumn, endLineStart);
            int start = pos;
            char c = src.charAt(pos);
            Kind kind;
            String text;
            if (identStart(c)) {
                pos = identEnd(pos);
                kind = Kind.IDENT;
                text = src.substring(start, pos);
            } else if (isDigit(c) || ((c == '-' || c == '+') && pos + 1 < src.length()
                    && (isDigit(src.charAt(pos + 1)) || identStart(src.charAt(pos + 1))))) {
                pos = numberEnd(pos);
                kind = Kind.NUMBER;
                text = src.substring(start, pos);
            } else if (c == '"') {
                int close = pos + 1;
                while (close < src.length() && src.charAt(close) != '"' && src.charAt(close) != '\n') close++;
                if (close >= src.length() || src.charAt(close) != '"') {
                    throw error(line, lineStart, start - lineStart + 1, "unterminated string", null);
                }
                pos = close + 1;
                kind = Kind.STRING;
                text = src.substring(start + 1, close);
            } else if (PUNCT.indexOf(c) >= 0) {
                pos++;
                kind = Kind.PUNCT;
                text = PUNCT_TEXT[PUNCT.indexOf(c)];
            } else {
                throw error(line, lineStart, start - lineStart + 1, "unexpected character '" + c + "'", null);
            }
            endLine = line;
            endLineStart = lineStart;
            endColumn = pos - lineStart + 1;
            return new Token(kind, text, line, start - lineStart + 1, lineStart);
        }

        private void skipBlanks() {
            while (pos < src.length()) {
                char c = src.charAt(pos);
                if (c == '\n') {
                    line++;
                    lineStart = pos + 1;
                } else if (c == '#') {
                    while (pos + 1 < src.length() && src.charAt(pos + 1) != '\n') pos++;
                } else if (!Character.isWhitespace(c)) {
                    return;
                }
                pos++;
            }
        }

        private int identEnd(int p) {
            p++;
            while (p < src.length() && (identStart(src.charAt(p)) || isDigit(src.charAt(p)))) p++;
            return p;
        }

        /** Sign, then {@code Infinity}/{@code NaN}-like letters or digits[.digits][e[sign]digits]. */
        private int numberEnd(int p) {
            if (src.charAt(p) == '-' || src.charAt(p) == '+') p++;
            if (identStart(src.charAt(p))) return identEnd(p);
            p = digitsEnd(p);
            if (p + 1 < src.length() && src.charAt(p) == '.' && isDigit(src.charAt(p + 1))) p = digitsEnd(p + 1);
            if (p < src.length() && (src.charAt(p) == 'e' || src.charAt(p) == 'E')) {
                int q = p + 1;
                if (q < src.length() && (src.charAt(q) == '-' || src.charAt(q) == '+')) q++;
                if (q < src.length() && isDigit(src.charAt(q))) p = digitsEnd(q);
            }
            return p;
        }

        private int digitsEnd(int p) {
            while (p < src.length() && isDigit(src.charAt(p))) p++;
            return p;
        }

        private static boolean identStart(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        /** An error at a position, quoting its line. */
        IrParseException error(int line, int lineStart, int column, String reason, Throwable cause) {
            int end = src.indexOf('\n', lineStart);
            if (end < 0) end = src.length();
            if (end > lineStart && src.charAt(end - 1) == '\r') end--;
            return new IrParseException(line, column, reason, src.substring(lineStart, end), cause);
        }
    }

    // ---- parser: graph header, a loop over equations, outputs ----------------------------------

    /** Where a name was defined and what it denotes. */
    private record Definition(Node node, int line, int column) {}

    private static final class Parser {
        private final Lexer lexer;
        private final GraphBuilder builder = new GraphBuilder();
        private final Map<String, Definition> defs = new HashMap<>();
        private Token cur;
        private Token ahead;
        private Token previous;

        Parser(String text) {
            lexer = new Lexer(text);
            cur = lexer.next();
        }

        Graph graph() {
            expect('{', "at the start of the graph");
            expectKeyword("lambda", "after '{'");
            if (!cur.is('.')) {
                do {
                    input();
                } while (accept(','));
            }
            expect('.', "after the inputs");
            expectKeyword("let", "after the inputs");
            while (!cur.isKeyword("in")) equation();
            advance();
            expect('(', "after 'in'");
            List<Node> outputs = new ArrayList<>();
            if (!cur.is(')')) {
                do {
                    outputs.add(use(cur, valueName("an output name")));
                } while (accept(','));
            }
            expect(')', "after the outputs");
            expect('}', "at the end of the graph");
            if (cur.kind() != Kind.EOF) throw errorAt(cur, "unexpected " + cur.describe() + " after the end of the graph");
            return builder.build(outputs);
        }

        private void input() {
            Token nameTok = cur;
            String name = valueName("an input name");
            checkFresh(nameTok);
            expect(':', "after input name");
            TensorType type = type();
            defs.put(name, new Definition(builder.input(name, type), nameTok.line(), nameTok.column()));
        }

        /** {@code name:type = op[attrs] args...}; the arguments run until the next {@code name:} or {@code in}. */
        private void equation() {
            Token nameTok = cur;
            String name = valueName("an equation 'name:type = op ...' or 'in'");
            checkFresh(nameTok);
            expect(':', "after value name");
            Token typeTok = cur;
            TensorType declared = type();
            if (!accept('=')) throw expected("'='", "after the type of '" + name + "'");
            Token opTok = cur;
            if (cur.kind() != Kind.IDENT) throw expected("an op name", "after '='");
            Op op = OPS.get(cur.text());
            if (op == null) throw errorAt(cur, "unknown op '" + cur.text() + "' (known ops: " + OP_LIST + ")");
            if (op == Op.INPUT) throw errorAt(cur, "inputs are declared after 'lambda', not as equations");
            advance();
            Attrs attrs = attributes(op, opTok);
            List<Node> args = new ArrayList<>(3);
            while (cur.kind() == Kind.IDENT && !KEYWORDS.contains(cur.text()) && !peek().is(':') && !peek().is('=')) {
                args.add(use(cur, cur.text()));
                advance();
            }
            int arity = op.arity();
            if (arity >= 0 && args.size() != arity) {
                throw errorAt(opTok, op + " takes " + arity + " input" + (arity == 1 ? "" : "s") + " but got " + args.size());
            }
            if (arity < 0 && args.isEmpty()) throw errorAt(opTok, op + " takes at least one input but got none");
            Node node;
            try {
                node = op.kind() == Op.Kind.LEAF
                        ? builder.apply(op, attrs, declared)
                        : builder.apply(op, attrs, null, args.toArray(new Node[0]));
            } catch (IllegalArgumentException e) { // ShapeException, or an impossible shape from Shape.of
                throw errorAt(nameTok, e.getMessage(), e);
            }
            if (!node.type().equals(declared)) {
                throw errorAt(typeTok, "declared type " + declared + " of '" + name + "' differs from the type "
                        + node.type() + " inferred for " + op);
            }
            defs.put(name, new Definition(node, nameTok.line(), nameTok.column()));
        }

        private void checkFresh(Token nameTok) {
            Definition d = defs.get(nameTok.text());
            if (d != null) {
                throw errorAt(nameTok, "value '" + nameTok.text() + "' is already defined at line " + d.line() + ", column " + d.column());
            }
        }

        private Node use(Token at, String name) {
            Definition d = defs.get(name);
            if (d == null) throw errorAt(at, "unknown value '" + name + "' (not an input or an earlier equation)");
            return d.node();
        }

        private String valueName(String what) {
            if (cur.kind() != Kind.IDENT || KEYWORDS.contains(cur.text())) {
                String note = cur.kind() == Kind.IDENT ? " (a keyword)" : "";
                if (cur.kind() == Kind.EOF) throw errorAt(cur, "unterminated input: expected " + what);
                throw errorAt(cur, "expected " + what + " but found " + cur.describe() + note);
            }
            String name = cur.text();
            advance();
            return name;
        }

        /** {@code f64[3,4]}, {@code bool[]}. */
        private TensorType type() {
            Token at = cur;
            if (cur.kind() != Kind.IDENT) throw expected("a type like f64[3]", "");
            DType dtype = dtype(cur);
            advance();
            expect('[', "after the dtype");
            int[] dims = new int[4];
            int n = 0;
            if (!cur.is(']')) {
                do {
                    int d = intValue("a dimension", "");
                    if (d < 0) throw errorAt(previous, "dimension " + d + " is negative");
                    if (n == dims.length) dims = Arrays.copyOf(dims, 2 * n);
                    dims[n++] = d;
                } while (accept(','));
            }
            expect(']', "after the dimensions");
            try {
                return new TensorType(dtype, Shape.of(Arrays.copyOf(dims, n)));
            } catch (IllegalArgumentException e) {
                throw errorAt(at, e.getMessage(), e);
            }
        }

        private DType dtype(Token t) {
            for (DType d : DType.values()) {
                if (d.text().equals(t.text())) return d;
            }
            throw errorAt(t, "unknown dtype " + t.describe() + " (expected f64, f32, i64 or bool)");
        }

        // ---- attributes --------------------------------------------------------------------------

        /** {@code [name=value, ...]} in any order; every attribute of the op exactly once. */
        private Attrs attributes(Op op, Token opTok) {
            List<String> names = op.attributeNames();
            Object[] values = new Object[names.size()];
            Token end = opTok;
            if (accept('[')) {
                if (!cur.is(']')) {
                    do {
                        Token at = cur;
                        if (cur.kind() != Kind.IDENT) throw expected("an attribute name", "");
                        int i = names.indexOf(cur.text());
                        if (i < 0) {
                            throw errorAt(at, op + " has no attribute '" + at.text() + "' (it takes "
                                    + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
                        }
                        if (values[i] != null) throw errorAt(at, "attribute '" + at.text() + "' is given twice");
                        advance();
                        expect('=', "after attribute name");
                        values[i] = value(op, names.get(i));
                    } while (accept(','));
                }
                end = cur;
                expect(']', "after the attributes");
            }
            Object[] pairs = new Object[2 * values.length];
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) throw errorAt(end, op + " is missing attribute '" + names.get(i) + "'");
                pairs[2 * i] = names.get(i);
                pairs[2 * i + 1] = values[i];
            }
            return Attrs.of(pairs);
        }

        private Object value(Op op, String name) {
            String what = "attribute '" + name + "' of " + op;
            switch (Attrs.typeOf(op, name)) {
                case INT: return intValue("an integer for ", what);
                case DOUBLE: return doubleValue("a number for ", what);
                case BOOLEAN: {
                    if (!cur.isKeyword("true") && !cur.isKeyword("false")) throw expected("true or false", "for " + what);
                    boolean b = cur.text().equals("true");
                    advance();
                    return b;
                }
                case DTYPE: {
                    if (cur.kind() != Kind.IDENT) throw expected("a dtype", "for " + what);
                    DType d = dtype(cur);
                    advance();
                    return d;
                }
                case STRING: {
                    if (cur.kind() != Kind.STRING) throw expected("a quoted string", "for " + what);
                    String s = cur.text();
                    advance();
                    return s;
                }
                case INTS: {
                    expect('(', "to open the list of integers for " + what);
                    int[] a = new int[4];
                    int n = 0;
                    if (!cur.is(')')) {
                        do {
                            if (n == a.length) a = Arrays.copyOf(a, 2 * n);
                            a[n++] = intValue("an integer in ", what);
                        } while (accept(','));
                    }
                    expect(')', "to close the list of integers for " + what);
                    return Arrays.copyOf(a, n);
                }
                case DOUBLES: {
                    expect('(', "to open the list of numbers for " + what);
                    double[] a = new double[8];
                    int n = 0;
                    if (!cur.is(')')) {
                        do {
                            if (n == a.length) a = Arrays.copyOf(a, 2 * n);
                            a[n++] = doubleValue("a number in ", what);
                        } while (accept(','));
                    }
                    expect(')', "to close the list of numbers for " + what);
                    return Arrays.copyOf(a, n);
                }
                default: throw new AssertionError(name);
            }
        }

        /** Reads an integer; the error says "expected " + expected + what (joined only on failure). */
        private int intValue(String expected, String what) {
            if (cur.kind() != Kind.NUMBER || !isInteger(cur.text())) throw expected(expected + what, "");
            try {
                int v = Integer.parseInt(cur.text());
                advance();
                return v;
            } catch (NumberFormatException e) {
                throw errorAt(cur, "integer " + cur.text() + " is out of range");
            }
        }

        private static boolean isInteger(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(c >= '0' && c <= '9') && !(i == 0 && (c == '-' || c == '+'))) return false;
            }
            return true;
        }

        /** Any literal Double.toString writes ({@code -0.0}, {@code 1.0E-300}, {@code NaN}, {@code -Infinity}) or an integer. */
        private double doubleValue(String expected, String what) {
            boolean word = cur.kind() == Kind.IDENT && (cur.text().equals("NaN") || cur.text().equals("Infinity"));
            if (cur.kind() != Kind.NUMBER && !word) throw expected(expected + what, "");
            try {
                double v = Double.parseDouble(cur.text());
                advance();
                return v;
            } catch (NumberFormatException e) {
                throw expected(expected + what, "");
            }
        }

        // ---- token plumbing ----------------------------------------------------------------------

        private void advance() {
            previous = cur;
            cur = ahead != null ? ahead : lexer.next();
            ahead = null;
        }

        private Token peek() {
            if (ahead == null) ahead = lexer.next();
            return ahead;
        }

        private boolean accept(char punct) {
            if (!cur.is(punct)) return false;
            advance();
            return true;
        }

        private void expect(char punct, String context) {
            if (!accept(punct)) throw expected("'" + punct + "'", context);
        }

        private void expectKeyword(String keyword, String context) {
            if (!cur.isKeyword(keyword)) throw expected("'" + keyword + "'", context);
            advance();
        }

        private IrParseException expected(String what, String context) {
            String where = context.isEmpty() ? "" : " " + context;
            if (cur.kind() == Kind.EOF) return errorAt(cur, "unterminated input: expected " + what + where);
            return errorAt(cur, "expected " + what + where + " but found " + cur.describe());
        }

        private IrParseException errorAt(Token t, String reason) {
            return errorAt(t, reason, null);
        }

        private IrParseException errorAt(Token t, String reason, Throwable cause) {
            return lexer.error(t.line(), t.lineStart(), t.column(), reason, cause);
        }
    }
}
