package dev.fluxion.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.ShapeException;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Errors carry line, column, the source line and a caret under the offending text, and say what was expected. */
class ErrorsTest {

    private static FluxionSyntaxException error(String source) {
        return assertThrows(FluxionSyntaxException.class, () -> Source.parse(source));
    }

    private static void assertError(String source, String expectedMessage) {
        assertEquals(expectedMessage, error(source).getMessage());
    }

    // ---- syntax --------------------------------------------------------------------------------------

    @Test
    void syntaxErrorsSayWhatWasExpected() {
        assertError("fn f(x) = x +* 2", "line 1, column 14: expected an expression, found '*'\nfn f(x) = x +* 2\n             ^");
        assertError("fn f(x) = sin(x", "line 1, column 16: expected ')' or ',', found end of input\nfn f(x) = sin(x\n               ^");
        assertError("fn f(x) = sin(x\n\n", "line 1, column 16: expected ')' or ',', found end of input\nfn f(x) = sin(x\n               ^");
        assertError("fn f(x) =\n  x\n  + 1", "line 3, column 3: expected end of input, ';' or end of line, found '+'\n  + 1\n  ^");
        assertError("f(x) = x", "line 1, column 1: expected end of input, 'fn', ';' or end of line, found 'f'\nf(x) = x\n^");
        assertError("fn f(x) = x ** 2", "line 1, column 14: expected an expression, found '*' (powers are written x^2)\n"
                + "fn f(x) = x ** 2\n             ^");
        FluxionSyntaxException e = error("fn f(x) =\n    let = 2\n    x");
        assertEquals(2, e.line());
        assertEquals(9, e.column());
        assertEquals("expected a name, found '='", e.reason());
        assertEquals("    let = 2", e.sourceLine());
        assertEquals("line 2, column 9: expected a name, found '='", e.oneLine());
    }

    @Test
    void anUnexpectedCharacterIsShown() {
        assertError("fn f(x) = x $ 2", "line 1, column 13: unexpected character '$'\nfn f(x) = x $ 2\n            ^");
    }

    @Test
    void caretsFollowTabsAndUnderlineTheWholeToken() {
        assertError("fn f(x) =\n\tsqrtt(x)", "line 2, column 2: unknown function 'sqrtt' (did you mean 'sqrt'?)\n\tsqrtt(x)\n\t^^^^^");
    }

    // ---- names ---------------------------------------------------------------------------------------

    @Test
    void unknownFunctionsSuggestTheNearestOpOrFunction() {
        assertError("fn f(x) = sni(x)", "line 1, column 11: unknown function 'sni' (did you mean 'sin'?)\nfn f(x) = sni(x)\n          ^^^");
        assertEquals("unknown function 'logsumxep' (did you mean 'logsumexp'?)", error("fn f(x) = logsumxep(x)").reason());
        assertEquals("unknown function 'rosenbrok' (did you mean 'rosenbrock'?)",
                error("fn rosenbrock(x) = x\nfn g(x) = rosenbrok(x)").reason());
        assertEquals("unknown function 'frobnicate'", error("fn f(x) = frobnicate(x)").reason());
    }

    @Test
    void unknownVariablesInTypedFunctionsAreErrors() {
        assertError("fn f(x: f64[3], y) =\n    let total = sum(x)\n    totl * z",
                "line 3, column 5: unknown variable 'totl' (did you mean 'total'?)\n    totl * z\n    ^^^^");
        assertEquals("unknown variable 'sin'; sin is a function: call it", error("fn f(x) = sin * x").reason());
        FluxionSyntaxException free = assertThrows(FluxionSyntaxException.class,
                () -> Expression.parse("x * y", List.of(Parameter.scalar("x"))));
        assertEquals("unknown variable 'y' (did you mean 'x'?)", free.reason());
    }

    @Test
    void duplicatesAreErrors() {
        assertError("fn f(x, y, x) = x", "line 1, column 12: parameter 'x' appears twice in f\nfn f(x, y, x) = x\n           ^");
        assertError("fn f(x) =\n  let a = x\n  let a = 2\n  a", "line 3, column 7: 'a' is already defined; every let needs a new name\n"
                + "  let a = 2\n      ^");
        assertEquals("'x' is already defined; every let needs a new name", error("fn f(x) =\n  let x = 1\n  x").reason());
        assertError("fn f(x) = x\n\nfn f(y) = y", "line 3, column 4: function 'f' is already defined on line 1\nfn f(y) = y\n   ^");
        assertEquals("'exp' is a built-in function; choose another name", error("fn exp(x) = x").reason());
    }

    @Test
    void recursionIsAnError() {
        assertEquals("recursive call: f calls g calls f; functions cannot call themselves",
                error("fn f(x) = g(x) + 1\nfn g(y) = f(y)").reason());
        assertEquals("recursive call: h calls h; functions cannot call themselves", error("fn h(x) = h(x)").reason());
    }

    // ---- calls ---------------------------------------------------------------------------------------

    @Test
    void wrongArgumentCountsShowTheCallForm() {
        assertError("fn f(x) = sinh(x, x)", "line 1, column 11: sinh takes 1 argument but got 2: sinh(x)\nfn f(x) = sinh(x, x)\n          ^^^^");
        assertEquals("sum takes at most 3 arguments but got 4: sum(x, axes?, keepdim?)", error("fn f(x) = sum(x, 0, true, 1)").reason());
        assertEquals("where is missing argument 'b': where(cond, a, b)", error("fn f(x) = where(x > 0, x)").reason());
        assertEquals("sum has no argument 'axis' (did you mean 'axes'?); it takes sum(x, axes?, keepdim?)",
                error("fn f(x: f64[2]) = sum(x, axis=0)").reason());
        assertEquals("argument 'keepdim' is given twice", error("fn f(x: f64[2]) = sum(x, keepdim=true, keepdim=false)").reason());
        assertEquals("a positional argument cannot follow a keyword argument", error("fn f(x: f64[2]) = sum(x, keepdim=true, 0)").reason());
        assertEquals("g takes 2 arguments but got 1", error("fn g(a, b) = a\nfn f(x) = g(x)").reason());
        assertEquals("argument 1 of g (v) must be f64[3] but is f64[2]", error("fn g(v: f64[3]) = v\nfn f(x: f64[2]) = g(x)").reason());
    }

    @Test
    void attributesMustBeConstantsOfTheirKind() {
        assertEquals("shape must be integer constants but has 'n'", error("fn f(x: f64[4], n) = reshape(x, (2, n))").reason());
        assertEquals("keepdim must be true or false but is '1'", error("fn f(x: f64[2]) = sum(x, keepdim=1)").reason());
        assertEquals("cast's dtype must be a dtype (f64, f32, i64 or bool) but is 'f16'", error("fn f(x) = cast(x, f16)").reason());
        assertEquals("axis must be an integer constant but is '0.5'", error("fn f(x: f64[2]) = concat(0.5, x, x)").reason());
    }

    // ---- types and shapes ----------------------------------------------------------------------------

    @Test
    void shapeErrorsPointAtTheOp() {
        FluxionSyntaxException e = error("fn f(x: f64[3], A: f64[2,2]) =\n    let y = 2 * x\n    A @ y");
        assertEquals("line 3, column 7: matmul: inner dimensions differ, shapes [2,2] and [3]\n    A @ y\n      ^", e.getMessage());
        assertTrue(e.getCause() instanceof ShapeException);
        assertEquals("sum: axis 1 is out of range for rank 1", error("fn f(x: f64[3]) = sum(x, 1)").reason());
        assertEquals("add: shapes [3] and [2] do not broadcast", error("fn f(x: f64[3], y: f64[2]) = x + y").reason());
        assertEquals("add: operands have different dtypes f64[] and f32[] (insert a cast)", error("fn f(x, h: f32) = x + h").reason());
        assertEquals("the constant 2.5 is not a value of dtype i64", error("fn f(n: i64) = n * 2.5").reason());
        assertEquals("index 3 is out of range for axis 0 of size 3", error("fn f(x: f64[3]) = x[3]").reason());
        assertEquals("too many indices: 2 for a value of type f64[3]", error("fn f(x: f64[3]) = x[1, 2]").reason());
        assertEquals("slice steps must be positive but this one is -1", error("fn f(x: f64[3]) = x[::-1]").reason());
    }

    @Test
    void literalAndTupleMisuseAreErrors() {
        assertEquals("this row has 1 element but the first row at its depth has 2", error("fn f() = [[1, 2], [3]]").reason());
        assertEquals("too many brackets: the literal has 1 axis", error("fn f() = [1, [2]]").reason());
        assertEquals("a tuple of 2 values is not a tensor here (pick one with t[i], or return it as the result)",
                error("fn f(x) = 2 * (x, x)").reason());
        assertEquals("a result tuple cannot hold another tuple", error("fn f(x) = (x, (x, x))").reason());
        assertEquals("comparisons do not chain: write (a < b) == (b < c) or use where", error("fn f(a, b, c) = a < b < c").reason());
        assertEquals("unknown member '.foo'; the only member is .T, the transpose", error("fn f(x: f64[2]) = x.foo").reason());
    }

    // ---- depth ---------------------------------------------------------------------------------------

    @Test
    void deepNestingReadsOnTheLargeStack() {
        int depth = 20_000;
        Graph g = Expression.parse("sin(".repeat(depth) + "x" + ")".repeat(depth));
        assertEquals(depth + 1, g.size());
        Graph sub = Expression.parse("a - (".repeat(depth) + "b" + ")".repeat(depth));
        assertEquals(depth + 2, sub.size());
    }

    @Test
    void tooDeepNestingIsAnErrorNotAStackOverflow() {
        String text = "x + (".repeat(50_000) + "x" + ")".repeat(50_000);
        FluxionSyntaxException e = assertThrows(FluxionSyntaxException.class,
                () -> Parsing.run(text, Expression::readWithFreeVariables, 256 << 10));
        assertEquals("expression too deeply nested (50000 levels of brackets); split it with let bindings", e.reason());
        assertEquals(1, e.line());
        assertEquals(5 * 50_000, e.column(), "the deepest bracket");
    }

    @Test
    void suggestionsNeedACloseName() {
        assertEquals("sin", Suggestions.nearest("sni", List.of("sin", "cos")));
        assertEquals("softplus", Suggestions.nearest("soft_plus", List.of("sigmoid", "softplus")));
        assertNull(Suggestions.nearest("banana", List.of("sin", "cos", "tanh")));
        assertEquals(1, Suggestions.distance("ab", "ba"));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
    }
}
