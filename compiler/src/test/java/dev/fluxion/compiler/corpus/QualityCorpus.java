package dev.fluxion.compiler.corpus;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.TensorType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Functions whose derivatives measure the passes: optimisation test functions, machine-learning
 * losses, finance, and textbook scalar functions. Each is a scalar-valued graph.
 */
public final class QualityCorpus {
    private QualityCorpus() {}

    public record Entry(String name, Graph graph) {}

    private static final List<Entry> ENTRIES = new ArrayList<>();

    private static void add(String name, Function<GraphBuilder, Node> body) {
        GraphBuilder b = new GraphBuilder();
        ENTRIES.add(new Entry(name, b.build(body.apply(b))));
    }

    private static Node s(GraphBuilder b, String name) {
        return b.input(name, DType.F64);
    }

    private static Node v(GraphBuilder b, String name, int... shape) {
        return b.input(name, DType.F64, shape);
    }

    /** A fixed pseudo-random constant tensor (data that is not differentiated). */
    private static Node data(GraphBuilder b, long seed, int... shape) {
        Random r = new Random(seed);
        TensorType t = TensorType.of(DType.F64, shape);
        double[] d = new double[t.numel()];
        for (int i = 0; i < d.length; i++) d[i] = r.nextGaussian();
        return b.constant(d, t);
    }

    private static Node normalCdf(GraphBuilder b, Node x) {
        return b.mul(b.add(b.erf(b.div(x, Math.sqrt(2))), 1), 0.5);         // Φ(x) = ½(1 + erf(x/√2))
    }

    static {
        add("rosenbrock", b -> { Node x = s(b, "x"), y = s(b, "y");
            return b.add(b.square(b.rsub(1, x)), b.mul(b.square(b.sub(y, b.square(x))), 100)); });
        add("chained rosenbrock n=100", b -> { Node x = v(b, "x", 100);
            Node head = b.slice(x, 0, 0, 99, 1), tail = b.slice(x, 0, 1, 100, 1);
            return b.sum(b.add(b.mul(b.square(b.sub(tail, b.square(head))), 100), b.square(b.rsub(1, head)))); });
        add("softmax cross-entropy", b -> { Node z = v(b, "z", 10);
            Node target = b.constant(new double[] {0, 0, 1, 0, 0, 0, 0, 0, 0, 0}, TensorType.of(DType.F64, 10));
            return b.neg(b.sum(b.mul(target, b.sub(z, b.logsumexp(z, false))))); });
        add("logistic regression", b -> { Node w = v(b, "w", 5), c = s(b, "c");
            Node x = data(b, 1, 20, 5), y = b.sign(data(b, 2, 20));
            return b.mean(b.softplus(b.neg(b.mul(y, b.add(b.matmul(x, w), c)))), false); });
        add("mlp layer", b -> { Node w = v(b, "W", 4, 3), bias = v(b, "b", 4);
            return b.sum(b.tanh(b.add(b.matmul(w, data(b, 3, 3)), bias))); });
        add("two-layer relu mlp", b -> { Node w1 = v(b, "W1", 8, 4), w2 = v(b, "W2", 1, 8);
            Node h = b.relu(b.matmul(w1, data(b, 4, 4, 16)));
            return b.mean(b.square(b.sub(b.matmul(w2, h), data(b, 5, 1, 16))), false); });
        add("black-scholes call", b -> { Node sp = s(b, "S"), k = s(b, "K"), t = s(b, "T"), r = s(b, "r"), sig = s(b, "sigma");
            Node volT = b.mul(sig, b.sqrt(t));
            Node d1 = b.div(b.add(b.log(b.div(sp, k)), b.mul(b.add(r, b.div(b.square(sig), 2)), t)), volT);
            Node d2 = b.sub(d1, volT);
            return b.sub(b.mul(sp, normalCdf(b, d1)), b.mul(b.mul(k, b.exp(b.neg(b.mul(r, t)))), normalCdf(b, d2))); });
        add("gaussian mixture log-likelihood", b -> { Node mu = v(b, "mu", 3), logSigma = v(b, "logSigma", 3), logits = v(b, "logits", 3);
            Node x = b.reshape(data(b, 6, 12), 12, 1);
            Node z = b.div(b.sub(x, mu), b.exp(logSigma));
            Node logPdf = b.sub(b.sub(b.mul(b.square(z), -0.5), logSigma), 0.5 * Math.log(2 * Math.PI));
            Node logWeights = b.sub(logits, b.logsumexp(logits, false));
            return b.sum(b.logsumexp(b.add(logPdf, logWeights), false, 1)); });
        add("ridge regression", b -> { Node w = v(b, "w", 6);
            Node r = b.sub(b.matmul(data(b, 7, 30, 6), w), data(b, 8, 30));
            return b.add(b.sum(b.square(r)), b.mul(b.sum(b.square(w)), 0.1)); });
        add("quadratic form", b -> { Node x = v(b, "x", 4);
            return b.mul(b.dot(x, b.matmul(data(b, 9, 4, 4), x)), 0.5); });
        add("cosine similarity", b -> { Node x = v(b, "a", 5), y = v(b, "b", 5);
            return b.div(b.dot(x, y), b.mul(b.sqrt(b.sum(b.square(x))), b.sqrt(b.sum(b.square(y))))); });
        add("layer norm", b -> { Node x = v(b, "x", 8), gamma = v(b, "gamma", 8);
            Node c = b.sub(x, b.mean(x, false));
            return b.sum(b.mul(b.div(c, b.sqrt(b.add(b.mean(b.square(c), false), 1e-5))), gamma)); });
        add("rastrigin n=10", b -> { Node x = v(b, "x", 10);
            return b.add(b.sum(b.sub(b.square(x), b.mul(b.cos(b.mul(x, 2 * Math.PI)), 10))), 100); });
        add("ackley", b -> { Node x = s(b, "x"), y = s(b, "y");
            Node r = b.sqrt(b.mul(b.add(b.square(x), b.square(y)), 0.5));
            Node c = b.mul(b.add(b.cos(b.mul(x, 2 * Math.PI)), b.cos(b.mul(y, 2 * Math.PI))), 0.5);
            return b.add(b.sub(b.mul(b.exp(b.mul(r, -0.2)), -20), b.exp(c)), Math.E + 20); });
        add("himmelblau", b -> { Node x = s(b, "x"), y = s(b, "y");
            return b.add(b.square(b.sub(b.add(b.square(x), y), 11)), b.square(b.sub(b.add(x, b.square(y)), 7))); });
        add("beale", b -> { Node x = s(b, "x"), y = s(b, "y");
            Node t1 = b.rsub(1.5, b.sub(x, b.mul(x, y)));
            Node t2 = b.rsub(2.25, b.sub(x, b.mul(x, b.square(y))));
            Node t3 = b.rsub(2.625, b.sub(x, b.mul(x, b.pow(y, 3))));
            return b.add(b.add(b.square(t1), b.square(t2)), b.square(t3)); });
        add("booth", b -> { Node x = s(b, "x"), y = s(b, "y");
            return b.add(b.square(b.sub(b.add(x, b.mul(y, 2)), 7)), b.square(b.sub(b.add(b.mul(x, 2), y), 5))); });
        add("sin x cos y", b -> b.mul(b.sin(s(b, "x")), b.cos(s(b, "y"))));
        add("gaussian bump", b -> { Node x = s(b, "x"), y = s(b, "y");
            return b.exp(b.neg(b.add(b.square(x), b.square(y)))); });
        add("x^3 y^2 + x y", b -> { Node x = s(b, "x"), y = s(b, "y");
            return b.add(b.mul(b.pow(x, 3), b.pow(y, 2)), b.mul(x, y)); });
        add("rational (x^2+1)/(x^2-1)", b -> { Node x = s(b, "x");
            return b.div(b.add(b.square(x), 1), b.sub(b.square(x), 1)); });
        add("witch of agnesi", b -> b.rdiv(1, b.add(b.square(s(b, "x")), 1)));
        add("hypotenuse", b -> { Node x = s(b, "x"), y = s(b, "y"); return b.sqrt(b.add(b.square(x), b.square(y))); });
        add("atan2", b -> { Node y = s(b, "y"), x = s(b, "x"); return b.atan2(y, x); });
        add("hand-written softplus", b -> b.log(b.add(b.exp(s(b, "x")), 1)));
        add("tanh(a x + b)", b -> { Node a = s(b, "a"), x = s(b, "x"), c = s(b, "b"); return b.tanh(b.add(b.mul(a, x), c)); });
        add("x e^-x", b -> { Node x = s(b, "x"); return b.mul(x, b.exp(b.neg(x))); });
        add("sin sin sin x", b -> b.sin(b.sin(b.sin(s(b, "x")))));
        add("swish", b -> { Node x = s(b, "x"); return b.mul(x, b.sigmoid(x)); });
        add("normal pdf", b -> { Node x = s(b, "x"), mu = s(b, "mu"), sig = s(b, "sigma");
            Node z = b.div(b.sub(x, mu), sig);
            return b.div(b.exp(b.mul(b.square(z), -0.5)), b.mul(sig, Math.sqrt(2 * Math.PI))); });
        add("horner quintic", b -> { Node x = s(b, "x");
            Node p = b.constant(1.5);
            for (double c : new double[] {-2, 0.5, 3, -1, 4}) p = b.add(b.mul(p, x), c);
            return p; });
        add("sum of logs", b -> b.sum(b.log(v(b, "x", 6))));
        add("hand-written logistic", b -> b.rdiv(1, b.add(b.exp(b.neg(s(b, "x"))), 1)));
        add("huber loss", b -> { Node r = v(b, "r", 6);
            Node small = b.lt(b.abs(r), b.constant(1));
            return b.sum(b.where(small, b.mul(b.square(r), 0.5), b.sub(b.abs(r), 0.5))); });
        add("sqrt-safe where", b -> { Node x = s(b, "x");
            return b.where(b.lt(x, b.constant(1)), x, b.sqrt(x)); });
        add("softmax weighted sum", b -> { Node z = v(b, "z", 6);
            Node e = b.exp(b.sub(z, b.max(z, false)));
            return b.sum(b.mul(b.div(e, b.sum(e)), data(b, 10, 6))); });
    }

    public static List<Entry> entries() {
        return List.copyOf(ENTRIES);
    }
}
