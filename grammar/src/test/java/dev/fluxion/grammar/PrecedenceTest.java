package dev.fluxion.grammar;

import static dev.fluxion.grammar.Graphs.assertSameGraph;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;

import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each text reads as the tree it is paired with: the precedence and associativity rules. */
class PrecedenceTest {
    /** Scalar inputs a, b, c, x and 2x2 matrices A, B. */
    private static final List<Parameter> INPUTS = List.of(Parameter.scalar("a"), Parameter.scalar("b"), Parameter.scalar("c"),
            Parameter.scalar("x"), new Parameter("A", dev.fluxion.compiler.ir.TensorType.of(DType.F64, 2, 2)),
            new Parameter("B", dev.fluxion.compiler.ir.TensorType.of(DType.F64, 2, 2)));

    private static Arguments reads(String text, BiFunction<GraphBuilder, Node[], Node> tree) {
        return Arguments.of(text, tree);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // unary minus binds looser than ^, and the exponent may be negated
                reads("-x^2", (g, v) -> g.neg(g.pow(v[3], g.constant(2)))),
                reads("2^-x", (g, v) -> g.pow(g.constant(2), g.neg(v[3]))),
                reads("2^-x^2", (g, v) -> g.pow(g.constant(2), g.neg(g.pow(v[3], g.constant(2))))),
                reads("(-x)^2", (g, v) -> g.pow(g.neg(v[3]), g.constant(2))),
                reads("(-2)^x", (g, v) -> g.pow(g.constant(-2), v[3])),
                reads("-2^x", (g, v) -> g.neg(g.pow(g.constant(2), v[3]))),
                reads("x^-2", (g, v) -> g.pow(v[3], g.constant(-2))),
                reads("-2 * x", (g, v) -> g.mul(g.constant(-2), v[3])),
                reads("- -x", (g, v) -> g.neg(g.neg(v[3]))),
                reads("a * -b", (g, v) -> g.mul(v[0], g.neg(v[1]))),
                reads("a - -b", (g, v) -> g.sub(v[0], g.neg(v[1]))),
                reads("-a * b", (g, v) -> g.mul(g.neg(v[0]), v[1])),
                // associativity: left for + - * / @, right for ^
                reads("a-b-c", (g, v) -> g.sub(g.sub(v[0], v[1]), v[2])),
                reads("a - (b - c)", (g, v) -> g.sub(v[0], g.sub(v[1], v[2]))),
                reads("a / b / c", (g, v) -> g.div(g.div(v[0], v[1]), v[2])),
                reads("a * b / c", (g, v) -> g.div(g.mul(v[0], v[1]), v[2])),
                reads("a^b^c", (g, v) -> g.pow(v[0], g.pow(v[1], v[2]))),
                reads("(a^b)^c", (g, v) -> g.pow(g.pow(v[0], v[1]), v[2])),
                reads("a + b * c", (g, v) -> g.add(v[0], g.mul(v[1], v[2]))),
                reads("(a + b) * c", (g, v) -> g.mul(g.add(v[0], v[1]), v[2])),
                reads("a * b^c", (g, v) -> g.mul(v[0], g.pow(v[1], v[2]))),
                // comparisons are loosest
                reads("a + b < c * x", (g, v) -> g.lt(g.add(v[0], v[1]), g.mul(v[2], v[3]))),
                reads("(a < b) == (b >= c)", (g, v) -> g.eq(g.lt(v[0], v[1]), g.ge(v[1], v[2]))),
                // @ sits with * and /; postfix binds tightest
                reads("A @ B * A", (g, v) -> g.mul(g.matmul(v[4], v[5]), v[4])),
                reads("A * B @ A", (g, v) -> g.matmul(g.mul(v[4], v[5]), v[4])),
                reads("A' @ B", (g, v) -> g.matmul(g.transpose(v[4], 1, 0), v[5])),
                reads("-A'", (g, v) -> g.neg(g.transpose(v[4], 1, 0))),
                reads("A^B'", (g, v) -> g.pow(v[4], g.transpose(v[5], 1, 0))),
                reads("(A + B)[1:, :]", (g, v) -> g.slice(g.add(v[4], v[5]), 0, 1, null, 1)),
                reads("sin(x)^2", (g, v) -> g.pow(g.sin(v[3]), g.constant(2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsAsItsTree(String text, BiFunction<GraphBuilder, Node[], Node> tree) {
        GraphBuilder g = new GraphBuilder();
        Node[] v = new Node[INPUTS.size()];
        for (int i = 0; i < v.length; i++) v[i] = g.input(INPUTS.get(i).name(), INPUTS.get(i).type());
        assertSameGraph(g.build(tree.apply(g, v)), Expression.parse(text, INPUTS));
    }
}
