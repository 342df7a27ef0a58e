package dev.fluxion.compiler.optable;

import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.TensorType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Numerical tools for gradient tests: scalarising a graph and central differences. */
public final class GradientChecks {
    private GradientChecks() {}

    /**
     * A scalar function of {@code g}'s inputs: Σₖ sum(outputₖ · Wₖ) over the floating outputs, with
     * fixed pseudo-random weights W, so every output element influences the result differently.
     */
    public static Graph scalarize(Graph g, long seed) {
        GraphBuilder.Copy copy = GraphBuilder.copyOf(g);
        GraphBuilder b = copy.builder();
        Random r = new Random(seed);
        Node total = null;
        for (Node o : g.outputs()) {
            if (!o.dtype().isFloating()) continue;
            Node out = copy.get(o);
            double[] w = new double[out.shape().numel()];
            for (int i = 0; i < w.length; i++) w[i] = (0.5 + r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
            Node term = b.cast(b.sum(b.mul(out, b.constant(w, out.type()))), DType.F64);
            total = total == null ? term : b.add(total, term);
        }
        if (total == null) throw new IllegalArgumentException("graph has no floating output");
        return b.build(total);
    }

    /** True when the graph has an f32 input or output (rounded arithmetic needs looser checks). */
    public static boolean usesF32(Graph g) {
        for (Node n : g.nodes()) if (n.dtype() == DType.F32) return true;
        return false;
    }

    /**
     * ∂s/∂input for each floating input of a scalar graph {@code s}, by the five-point central
     * difference (error O(h⁴)); non-floating inputs get null.
     */
    public static double[][] numericGradient(Graph s, List<NDArray> args, double relStep) {
        double[][] grads = new double[args.size()][];
        for (int i = 0; i < args.size(); i++) {
            NDArray a = args.get(i);
            if (!a.dtype().isFloating()) continue;
            double[] base = a.toDoubleArray();
            grads[i] = new double[base.length];
            for (int k = 0; k < base.length; k++) {
                double h = relStep * Math.max(1, Math.abs(base[k]));
                double fm2 = eval(s, args, i, base, k, -2 * h), fm1 = eval(s, args, i, base, k, -h);
                double fp1 = eval(s, args, i, base, k, h), fp2 = eval(s, args, i, base, k, 2 * h);
                grads[i][k] = (fm2 - 8 * fm1 + 8 * fp1 - fp2) / (12 * h);
            }
        }
        return grads;
    }

    private static double eval(Graph s, List<NDArray> args, int i, double[] base, int k, double delta) {
        double[] v = base.clone();
        v[k] += delta;
        List<NDArray> in = new ArrayList<>(args);
        TensorType t = args.get(i).type();
        in.set(i, NDArray.of(t, v));
        return Interpreter.run(s, in).get(0).item();
    }

    /** Asserts |a - n| <= tol·max(1, |n|) elementwise, with a message locating the first mismatch. */
    public static void assertClose(String what, double[] analytic, double[] numeric, double tol) {
        if (analytic.length != numeric.length) throw new AssertionError(what + ": length " + analytic.length + " vs " + numeric.length);
        for (int k = 0; k < analytic.length; k++) {
            double err = Math.abs(analytic[k] - numeric[k]);
            if (!(err <= tol * Math.max(1, Math.abs(numeric[k])))) {
                throw new AssertionError(what + ": element " + k + " analytic " + analytic[k] + " but numeric " + numeric[k]
                        + " (error " + err + ", tolerance " + tol + ")");
            }
        }
    }

    /**
     * Runs both graphs on {@code args} and asserts every output element of {@code b} is within
     * tol·max(1, |a|) of {@code a}'s, NaN matching NaN.
     */
    public static void assertSameOutputs(String what, Graph a, Graph b, List<NDArray> args, double tol) {
        List<NDArray> x = Interpreter.run(a, args), y = Interpreter.run(b, args);
        for (int k = 0; k < x.size(); k++) {
            double[] u = x.get(k).toDoubleArray(), w = y.get(k).toDoubleArray();
            for (int i = 0; i < u.length; i++) {
                boolean ok = Double.isNaN(u[i]) ? Double.isNaN(w[i]) : Math.abs(u[i] - w[i]) <= tol * Math.max(1, Math.abs(u[i]));
                if (!ok) throw new AssertionError(what + ": output " + k + " element " + i + " was " + u[i] + " but is now " + w[i]);
            }
        }
    }
}
