package dev.fluxion.compiler.print;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;

import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The precedence table: each case is a tree and the exact text it must print as, with parentheses
 * exactly where the parse tree needs them (see the grammar in {@link MathPrinter}).
 */
class MathPrinterPrecedenceTest {

    /** Scalar inputs a, b, c, x and 2x2 matrices A, B, C, in that order. */
    private static Arguments tree(String expected, BiFunction<GraphBuilder, Node[], Node> body) {
        return Arguments.of(expected, body);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // additive: left-associative, the right operand in parentheses when it is additive
                tree("a - (b - c)", (g, v) -> g.sub(v[0], g.sub(v[1], v[2]))),
                tree("a - b - c", (g, v) -> g.sub(g.sub(v[0], v[1]), v[2])),
                tree("a + (b + c)", (g, v) -> g.add(v[0], g.add(v[1], v[2]))),
                tree("a + b + c", (g, v) -> g.add(g.add(v[0], v[1]), v[2])),
                tree("a + (b - c)", (g, v) -> g.add(v[0], g.sub(v[1], v[2]))),
                tree("a - (b + c)", (g, v) -> g.sub(v[0], g.add(v[1], v[2]))),
                tree("a - b * c", (g, v) -> g.sub(v[0], g.mul(v[1], v[2]))),
                tree("a * b - c", (g, v) -> g.sub(g.mul(v[0], v[1]), v[2])),
                // multiplicative
                tree("a / (b * c)", (g, v) -> g.div(v[0], g.mul(v[1], v[2]))),
                tree("a * b / c", (g, v) -> g.div(g.mul(v[0], v[1]), v[2])),
                tree("a * (b / c)", (g, v) -> g.mul(v[0], g.div(v[1], v[2]))),
                tree("a / (b / c)", (g, v) -> g.div(v[0], g.div(v[1], v[2]))),
                tree("(a + b) * c", (g, v) -> g.mul(g.add(v[0], v[1]), v[2])),
                tree("a * (b - c)", (g, v) -> g.mul(v[0], g.sub(v[1], v[2]))),
                // power: right-associative, tighter than unary minus on its left, a signed exponent
                tree("(a^b)^c", (g, v) -> g.pow(g.pow(v[0], v[1]), v[2])),
                tree("a^b^c", (g, v) -> g.pow(v[0], g.pow(v[1], v[2]))),
                tree("-x^2", (g, v) -> g.neg(g.pow(v[3], 2))),
                tree("(-x)^2", (g, v) -> g.pow(g.neg(v[3]), 2)),
                tree("2^-x", (g, v) -> g.pow(g.constant(2), g.neg(v[3]))),
                tree("x^-2", (g, v) -> g.pow(v[3], -2)),
                tree("(-2)^x", (g, v) -> g.pow(g.constant(-2), v[3])),
                tree("a^(b * c)", (g, v) -> g.pow(v[0], g.mul(v[1], v[2]))),
                tree("(a * b)^c", (g, v) -> g.pow(g.mul(v[0], v[1]), v[2])),
                tree("a * b^c", (g, v) -> g.mul(v[0], g.pow(v[1], v[2]))),
                tree("sin(x)^2", (g, v) -> g.pow(g.sin(v[3]), 2)),
                tree("2^-x^2", (g, v) -> g.pow(g.constant(2), g.neg(g.pow(v[3], 2)))),
                // unary minus
                tree("-(a + b)", (g, v) -> g.neg(g.add(v[0], v[1]))),
                tree("-(a * b)", (g, v) -> g.neg(g.mul(v[0], v[1]))),
                tree("-a * b", (g, v) -> g.mul(g.neg(v[0]), v[1])),
                tree("a * -b", (g, v) -> g.mul(v[0], g.neg(v[1]))),
                tree("a - -b", (g, v) -> g.sub(v[0], g.neg(v[1]))),
                tree("-a - b", (g, v) -> g.sub(g.neg(v[0]), v[1])),
                tree("- -x", (g, v) -> g.neg(g.neg(v[3]))),
                tree("- -2", (g, v) -> g.neg(g.constant(-2))),
                // -2 is the constant -2, so the negation of the constant 2 keeps its parentheses
                tree("-(2)", (g, v) -> g.neg(g.constant(2))),
                tree("x * -(0.5)", (g, v) -> g.mul(v[3], g.neg(g.constant(0.5)))),
                tree("2^-(inf)", (g, v) -> g.pow(g.constant(2), g.neg(g.constant(Double.POSITIVE_INFINITY)))),
                tree("a - -2", (g, v) -> g.sub(v[0], g.constant(-2))),
                tree("-2 * x", (g, v) -> g.mul(g.constant(-2), v[3])),
                tree("x * -0.5", (g, v) -> g.mul(v[3], -0.5)),
                // comparisons: non-associative, looser than arithmetic
                tree("a + b < c", (g, v) -> g.lt(g.add(v[0], v[1]), v[2])),
                tree("a <= -b", (g, v) -> g.le(v[0], g.neg(v[1]))),
                tree("(a < b) == (b >= c)", (g, v) -> g.eq(g.lt(v[0], v[1]), g.ge(v[1], v[2]))),
                tree("where(a != b, a * b, c)", (g, v) -> g.where(g.ne(v[0], v[1]), g.mul(v[0], v[1]), v[2])),
                tree("where(a > b, 1, 0)", (g, v) -> g.where(g.gt(v[0], v[1]), g.constant(1), g.constant(0))),
                // calls take whole expressions as arguments
                tree("sin(a + b) * cos(-x)", (g, v) -> g.mul(g.sin(g.add(v[0], v[1])), g.cos(g.neg(v[3])))),
                tree("atan2(a - b, c)", (g, v) -> g.atan2(g.sub(v[0], v[1]), v[2])),
                // matmul sits with * and /, transpose and slices are postfix
                tree("A @ B * C", (g, v) -> g.mul(g.matmul(v[4], v[5]), v[6])),
                tree("A * (B @ C)", (g, v) -> g.mul(v[4], g.matmul(v[5], v[6]))),
                tree("(A + B) @ C", (g, v) -> g.matmul(g.add(v[4], v[5]), v[6])),
                tree("A'", (g, v) -> g.transpose(v[4], 1, 0)),
                tree("(A + B)'", (g, v) -> g.transpose(g.add(v[4], v[5]), 1, 0)),
                tree("A' @ B", (g, v) -> g.matmul(g.transpose(v[4], 1, 0), v[5])),
                tree("-A'", (g, v) -> g.neg(g.transpose(v[4], 1, 0))),
                tree("(-A)'", (g, v) -> g.transpose(g.neg(v[4]), 1, 0)),
                tree("(A * B)[1:, :]", (g, v) -> g.slice(g.mul(v[4], v[5]), 0, 1, null, 1)),
                tree("A^B'", (g, v) -> g.pow(v[4], g.transpose(v[5], 1, 0))),
                tree("(A^B)'", (g, v) -> g.transpose(g.pow(v[4], v[5]), 1, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsMinimalParentheses(String expected, BiFunction<GraphBuilder, Node[], Node> body) {
        GraphBuilder g = new GraphBuilder();
        Node[] v = new Node[7];
        List<String> scalars = List.of("a", "b", "c", "x");
        for (int i = 0; i < 4; i++) v[i] = g.input(scalars.get(i), DType.F64);
        for (int i = 0; i < 3; i++) v[4 + i] = g.input(String.valueOf((char) ('A' + i)), DType.F64, 2, 2);
        assertEquals(expected, MathPrinter.print(g.build(body.apply(g, v))));
    }
}
