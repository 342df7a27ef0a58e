package dev.fluxion.grammar;

/**
 * Reads Fluxion source files: function definitions such as
 *
 * <pre>
 * # a quadratic form
 * fn quad(x: f64[3], A: f64[3,3]) = 0.5 * x' @ A @ x
 *
 * fn rosenbrock(x, y) =
 *     let a = 1 - x
 *     a^2 + 100 * (y - x^2)^2
 * </pre>
 *
 * The language is pure: a program is only functions of their parameters, with no access to Java,
 * files or the network. See {@code grammar/LANGUAGE.md} for the whole language.
 */
public final class Source {
    private Source() {}

    /**
     * Parses and type-checks every function of {@code text}.
     *
     * @throws FluxionSyntaxException at the first syntax error, unknown or duplicate name, wrong
     *     argument count, or type or shape error, with its line, column and source line
     */
    public static Program parse(String text) {
        return Parsing.run(text, source -> new ProgramReader(source).read(Parsing.parser(source).program()));
    }
}
