package dev.fluxion.compiler.interpret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Op;
import dev.fluxion.compiler.ir.Shape;
import java.util.List;

/**
 * One row of the interpreter's op table: a graph built over inputs of the arguments' types that
 * must contain {@code op}, the arguments, and the expected result written independently of the
 * kernels. {@code tol == 0} demands bit-exact equality (dtype, shape and every element); otherwise
 * elements may differ relatively by {@code tol} (so an expected 0 must be met exactly), and NaN and
 * infinities must be met exactly.
 */
record OpCase(Op op, String label, Body body, List<NDArray> args, NDArray expected, double tol) {

    /** Builds the case's output from its inputs {@code x[0..]}. */
    interface Body {
        Node build(GraphBuilder b, Node[] x);
    }

    static OpCase exact(Op op, String label, NDArray expected, Body body, NDArray... args) {
        return new OpCase(op, label, body, List.of(args), expected, 0);
    }

    static OpCase close(Op op, String label, NDArray expected, Body body, NDArray... args) {
        return new OpCase(op, label, body, List.of(args), expected, 1e-15);
    }

    String name() {
        return op.text() + ": " + label;
    }

    /** Builds the graph, checks it really contains the op, runs it and compares. */
    void check() {
        GraphBuilder b = new GraphBuilder();
        Node[] x = new Node[args.size()];
        for (int i = 0; i < x.length; i++) x[i] = b.input("x" + i, args.get(i).type());
        Node out = body.build(b, x);
        Graph g = b.build(out);
        assertTrue(g.nodes().stream().anyMatch(n -> n.op() == op), () -> "graph of " + name() + " lacks the op:\n" + g);
        NDArray actual = Interpreter.run(g, args).get(0);
        assertClose(expected, actual, tol, name());
    }

    static void assertClose(NDArray expected, NDArray actual, double tol, String what) {
        assertEquals(expected.type(), actual.type(), what + ": type");
        if (tol == 0) {
            assertEquals(expected, actual, what);
            return;
        }
        for (int i = 0; i < expected.numel(); i++) {
            double e = expected.get(i), a = actual.get(i);
            if (Double.isNaN(e) || Double.isInfinite(e)) {
                if (Double.compare(e, a) != 0) fail(what + ": element " + i + " is " + a + ", expected " + e + "\n" + actual);
            } else if (!(a == e || Math.abs(a - e) <= tol * Math.abs(e))) {
                fail(what + ": element " + i + " is " + a + ", expected " + e + " (tolerance " + tol + ")\n" + actual);
            }
        }
    }

    // ---- value shorthands ----------------------------------------------------------------------

    static NDArray f64(int[] shape, double... v) {
        return NDArray.of(DType.F64, Shape.of(shape), v);
    }

    static NDArray vec(double... v) {
        return NDArray.vector(v);
    }

    static NDArray scalar(double v) {
        return NDArray.scalar(v);
    }

    static NDArray f32(int[] shape, double... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return NDArray.ofFloats(Shape.of(shape), f);
    }

    static NDArray i64(int[] shape, double... v) {
        for (double d : v) if (d != Math.rint(d)) throw new IllegalArgumentException("not an integer: " + d);
        return NDArray.of(DType.I64, Shape.of(shape), v);
    }

    static NDArray bool(int[] shape, double... v) {
        for (double d : v) if (d != 0 && d != 1) throw new IllegalArgumentException("not 0 or 1: " + d);
        return NDArray.of(DType.BOOL, Shape.of(shape), v);
    }

    static int[] shape(int... dims) {
        return dims;
    }

    /** {@code 0, 1, ..., n-1} as an f64 tensor of the given shape. */
    static NDArray iota(int... dims) {
        Shape s = Shape.of(dims);
        double[] v = new double[s.numel()];
        for (int i = 0; i < v.length; i++) v[i] = i;
        return NDArray.of(DType.F64, s, v);
    }
}
