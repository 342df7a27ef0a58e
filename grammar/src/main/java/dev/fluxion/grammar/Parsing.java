package dev.fluxion.grammar;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

import java.util.function.Function;

/**
 * Runs the ANTLR lexer and parser and the tree-to-IR visitor. ANTLR's parser is recursive descent,
 * about ten Java frames per nesting level of the text, and the visitor recurses on nesting too; so
 * the whole read runs on a thread of its own with a {@value #STACK_MEGABYTES} MB stack, which
 * reads expressions nested tens of thousands of levels deep (the printer's deep-chain output, for
 * one). Deeper text fails with a {@link FluxionSyntaxException} "expression too deeply nested" at
 * its deepest bracket, never with a {@link StackOverflowError}. The stack is reserved address space;
 * only the pages a deep parse touches are committed.
 */
final class Parsing {
    private Parsing() {}

    static final int STACK_MEGABYTES = 512;

    /** A parser over {@code source} whose errors throw {@link FluxionSyntaxException}; nothing is printed. */
    static FluxionParser parser(SourceText source) {
        SyntaxErrors errors = new SyntaxErrors(source);
        FluxionLexer lexer = new FluxionLexer(CharStreams.fromString(source.text()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        FluxionParser parser = new FluxionParser(new CommonTokenStream(new LineJoiner(lexer)));
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        return parser;
    }

    /**
     * Parses and reads {@code text} on a large-stack thread: {@code work} gets the parser and the
     * source and returns the result, or throws a {@link FluxionSyntaxException}.
     */
    static <T> T run(String text, Function<SourceText, T> work) {
        return run(text, work, (long) STACK_MEGABYTES << 20);
    }

    /** {@link #run(String, Function)} with a given stack size in bytes (tests use a small one to reach the limit). */
    static <T> T run(String text, Function<SourceText, T> work, long stackBytes) {
        SourceText source = new SourceText(text);
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread reader = new Thread(null, () -> {
            try {
                result[0] = work.apply(source);
            } catch (StackOverflowError e) {
                failure[0] = tooDeep(source);
            } catch (RuntimeException | Error e) {
                failure[0] = e;
            }
        }, "fluxion-parser", stackBytes);
        reader.start();
        boolean interrupted = false;
        while (true) {
            try {
                reader.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;   // finish the read, then pass the interrupt on
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (failure[0] instanceof RuntimeException) throw (RuntimeException) failure[0];
        if (failure[0] instanceof Error) throw (Error) failure[0];
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    /** The error for text too deep to read, at the first bracket of the deepest nesting. */
    private static FluxionSyntaxException tooDeep(SourceText source) {
        String text = source.text();
        int depth = 0, max = -1, line = 1, column = 0, maxLine = 1, maxColumn = 0;
        boolean comment = false;
        for (int i = 0; i < text.length(); i++, column++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = -1;
                comment = false;
            } else if (comment) {
                continue;
            } else if (c == '#') {
                comment = true;
            } else if (c == '(' || c == '[') {
                if (++depth > max) {
                    max = depth;
                    maxLine = line;
                    maxColumn = column;
                }
            } else if ((c == ')' || c == ']') && depth > 0) {
                depth--;
            }
        }
        return source.error(maxLine, maxColumn, 1, "expression too deeply nested (" + Math.max(max, 0)
                + " levels of brackets); split it with let bindings", null);
    }
}
