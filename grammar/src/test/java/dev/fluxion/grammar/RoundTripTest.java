package dev.fluxion.grammar;

import static dev.fluxion.grammar.Graphs.assertRoundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fluxion.compiler.autodiff.ReverseMode;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.TensorType;
import dev.fluxion.compiler.passes.PassManager;
import dev.fluxion.compiler.print.MathPrinter;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The math printer's text reads back to the graph it came from: for each graph, print → parse
 * (over the graph's inputs) → print gives the same text, and the graph read back has the same ops,
 * attributes, types and sharing (compared in a canonical node order, see {@link Graphs#canonical}).
 */
class RoundTripTest {

    /** Functions whose derivatives exercise the printer on what passes and reverse mode produce. */
    static final String CORPUS = """
            fn rosenbrock(x, y) = (1 - x)^2 + 100 * (y - x^2)^2
            fn chained(x: f64[6]) = sum(100 * (x[1:] - x[:-1]^2)^2 + (1 - x[:-1])^2)
            fn softmax_xent(z: f64[4]) = -sum([0, 0, 1, 0] * (z - logsumexp(z)))
            fn logistic(w: f64[3], c) =
                let X = [[0.5, -1, 2], [1, 0.25, -0.5], [-1.5, 1, 0], [0, 2, 1]]
                mean(softplus(-([1, -1, 1, 1] * (X @ w + c))))
            fn mlp(W: f64[2,3], b: f64[2]) = sum(tanh(W @ [0.5, -1, 2] + b))
            fn layer_norm(x: f64[4], g: f64[4]) =
                let c = x - mean(x)
                sum(c / sqrt(mean(c^2) + 1e-5) * g)
            fn cosine(a: f64[3], b: f64[3]) = dot(a, b) / (sqrt(sum(a^2)) * sqrt(sum(b^2)))
            fn huber(r: f64[4]) = sum(where(abs(r) < 1, 0.5 * r^2, abs(r) - 0.5))
            fn black_scholes(S, K, T, r, sigma) =
                let vol = sigma * sqrt(T)
                let d1 = (log(S / K) + (r + sigma^2 / 2) * T) / vol
                let d2 = d1 - vol
                S * 0.5 * (1 + erf(d1 / sqrt(2))) - K * exp(-r * T) * 0.5 * (1 + erf(d2 / sqrt(2)))
            fn bump(x, y) = exp(-(x^2 + y^2))
            fn swish(x) = x * sigmoid(x)
            fn horner(x) = ((1.5 * x - 2) * x + 0.5) * x + 3
            fn quad(x: f64[3], A: f64[3,3]) = 0.5 * x' @ A @ x
            fn matrices(A: f64[2,2], B: f64[2,2]) = sum((A @ B')^2) + sum(A.T * B)
            fn pieces(x: f64[5]) = sum(concat(0, x[:2] * 2, x[2:])) + prod(x[::2]) + max(stack(0, x, -x))
            fn padded(x: f64[3]) = sum(pad(x, lo=(1), hi=(1), interior=(1)) * arange(7))
            fn indexed(x: f64[2,3]) =
                let i = cast([[2, 0], [1, 1]], i64)
                sum(gather(x, 1, i)^2) + sum(scatter_add(x, 0, cast([[1, 0, 1]], i64), x[:1, :]) * x)
            fn reshaped(x: f64[2,3]) = sum(reshape(x, (3, 2)) @ broadcast_to([1, 2], (2, 2))) + sum(squeeze(unsqueeze(x, 0), 0) * transpose(x)')
            fn smooth(x, y) = log1p(exp(x)) * atan2(y, x) + minimum(x, y) * maximum(x^2, y) + cosh(y) / (1 + x^2)
            """;

    static Stream<OpCorpus.Case> opCorpus() {
        return OpCorpus.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("opCorpus")
    void everyOpReadsBack(OpCorpus.Case c) {
        assertRoundTrip(c.name(), c.graph());
    }

    @Test
    void theOpCorpusUsesEveryOp() {
        Set<Op> seen = EnumSet.noneOf(Op.class);
        for (OpCorpus.Case c : OpCorpus.cases()) for (Node n : c.graph().nodes()) seen.add(n.op());
        assertEquals(EnumSet.allOf(Op.class), seen);
    }

    static Stream<Arguments> derivatives() {
        Program p = Source.parse(CORPUS);
        Stream.Builder<Arguments> s = Stream.builder();
        for (Map.Entry<String, Graph> e : p.functions().entrySet()) {
            Graph f = e.getValue();
            s.add(Arguments.of(e.getKey(), f));
            Graph grad = ReverseMode.grad(f);
            s.add(Arguments.of(e.getKey() + " gradient", grad));
            s.add(Arguments.of(e.getKey() + " optimised gradient", PassManager.standard().optimize(grad)));
            if (f.inputs().stream().mapToInt(n -> n.type().numel()).sum() <= 8) {
                Graph h = ReverseMode.hessian(f);
                s.add(Arguments.of(e.getKey() + " hessian", h));
                s.add(Arguments.of(e.getKey() + " optimised hessian", PassManager.standard().optimize(h)));
            }
        }
        return s.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("derivatives")
    void derivativesReadBack(String name, Graph g) {
        assertRoundTrip(name, g);
    }

    @Test
    void aDeepChainReadsBack() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), v = x;
        for (int i = 0; i < 5_000; i++) v = i % 2 == 0 ? b.sin(v) : b.sub(x, v);
        assertRoundTrip("deep chain", b.build(v));
    }

    @Test
    void anEmptyConstantReadsBackAsAnEmptyFull() {
        // the printer writes a constant with no elements as full((0, 3), 0), which reads back as a full node:
        // the same text and the same (empty) value, not the same op
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64, 0, 3);
        Graph g = b.build(b.add(x, b.constant(new double[0], TensorType.of(DType.F64, 0, 3))));
        String text = MathPrinter.print(g);
        assertEquals("x + full((0, 3), 0)", text);
        Graph back = Expression.parse(text, Graphs.parameters(g));
        assertEquals(text, MathPrinter.print(back));
        assertEquals(Op.FULL, back.output(0).input(1).op());
    }

    @Test
    void parsedTextPrintsAsWritten() {
        for (String text : List.of("x^3 * y^2", "let t1 = sin(x * y)\n(t1, t1 * y)", "-x^2 + (-y)^2 - 2^-z", "a - (b - c) + (a^b)^c",
                "where(a > b, a * -(2), c)", "- -2 * x")) {
            assertEquals(text, MathPrinter.print(Expression.parse(text)));
        }
    }
}
