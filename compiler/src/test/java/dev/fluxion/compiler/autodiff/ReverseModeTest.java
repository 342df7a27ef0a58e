package dev.fluxion.compiler.autodiff;

import dev.fluxion.compiler.interpret.Interpreter;
import dev.fluxion.compiler.interpret.NDArray;
import dev.fluxion.compiler.ir.DType;
import dev.fluxion.compiler.ir.Graph;
import dev.fluxion.compiler.ir.GraphBuilder;
import dev.fluxion.compiler.ir.IrParser;
import dev.fluxion.compiler.ir.IrPrinter;
import dev.fluxion.compiler.ir.Node;
import dev.fluxion.compiler.ir.Shape;
import dev.fluxion.compiler.ir.TensorType;
import dev.fluxion.compiler.ir.Verifier;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hessians, mixed partials, n-th derivatives, unused inputs, cotangent inputs and 10⁶-node chains. */
class ReverseModeTest {
    private static final double TOL = 1e-12;

    /** Rosenbrock (1-x)² + 100(y-x²)² over a vector input. */
    private static Graph rosenbrock() {
        GraphBuilder b = new GraphBuilder();
        Node v = b.input("v", DType.F64, 2);
        Node x = b.reshape(b.slice(v, 0, 0, 1, 1)), y = b.reshape(b.slice(v, 0, 1, 2, 1));
        Node f = b.add(b.square(b.rsub(1, x)), b.mul(b.square(b.sub(y, b.square(x))), 100));
        return b.build(f);
    }

    @Test
    void rosenbrockGradientAndHessianMatchClosedForms() {
        double x = 0.7, y = -1.3;
        NDArray v = NDArray.vector(x, y);
        Graph grad = ReverseMode.grad(rosenbrock());
        Verifier.verify(grad);
        assertArrayEquals(new double[] {-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)},
                Interpreter.run(grad, List.of(v)).get(0).toDoubleArray(), TOL);
        Graph h = ReverseMode.hessian(rosenbrock());
        Verifier.verify(h);
        NDArray hv = Interpreter.run(h, List.of(v)).get(0);
        assertEquals(Shape.of(2, 2), hv.shape());
        assertArrayEquals(new double[] {2 - 400 * (y - x * x) + 800 * x * x, -400 * x, -400 * x, 200}, hv.toDoubleArray(), 1e-9);
    }

    @Test
    void mixedPartialsOfScalarInputs() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64), y = b.input("y", DType.F64);
        Graph f = b.build(b.mul(b.square(x), b.pow(y, 3)));            // x²y³
        Graph h = ReverseMode.hessian(f);
        Verifier.verify(h);
        double[] out = Interpreter.runScalar(h, 1.5, -0.5);
        double xv = 1.5, yv = -0.5;
        assertArrayEquals(new double[] {2 * yv * yv * yv, 6 * xv * yv * yv, 6 * xv * yv * yv, 6 * xv * xv * yv}, out, TOL);
    }

    @Test
    void higherOrderDerivativesByReapplyingTheTransform() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64);
        Graph sin = b.build(b.sin(x));
        assertEquals(-Math.cos(0.4), Interpreter.runScalar(ReverseMode.derivative(sin, 3), 0.4)[0], TOL);
        assertEquals(Math.sin(0.4), Interpreter.runScalar(ReverseMode.derivative(sin, 4), 0.4)[0], TOL);
        GraphBuilder b2 = new GraphBuilder();
        Node t = b2.input("t", DType.F64);
        Graph exp2 = b2.build(b2.exp(b2.mul(t, 2)));
        Graph d5 = ReverseMode.derivative(exp2, 5);
        Verifier.verify(d5);
        assertEquals(32 * Math.exp(1.4), Interpreter.runScalar(d5, 0.7)[0], 1e-12 * 32 * Math.exp(1.4));
    }

    @Test
    void unusedInputsAreReportedAndGetZeros() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64, 3), y = b.input("y", DType.F64, 2);
        Graph f = b.build(b.sum(b.sin(x)));
        ReverseMode.Result r = ReverseMode.vjp(f, new ReverseMode.Options().keepPrimals(true));
        assertArrayEquals(new boolean[] {false, true}, r.unused());
        assertEquals(List.of(1), r.unusedInputs());
        assertEquals(TensorType.of(DType.F64, 2), r.gradient(1).type());
        List<NDArray> out = Interpreter.run(r.graph(), List.of(NDArray.vector(0.1, 0.2, 0.3), NDArray.vector(5, 6)));
        assertEquals(Math.sin(0.1) + Math.sin(0.2) + Math.sin(0.3), out.get(0).item(), TOL);
        assertArrayEquals(new double[] {Math.cos(0.1), Math.cos(0.2), Math.cos(0.3)}, out.get(1).toDoubleArray(), TOL);
        assertArrayEquals(new double[] {0, 0}, out.get(2).toDoubleArray());
    }

    @Test
    void nonScalarOutputsTakeCotangentInputs() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64, 3);
        Graph f = b.build(b.mul(x, x));
        ReverseMode.Result r = ReverseMode.vjp(f, new ReverseMode.Options());
        Verifier.verify(r.graph());
        assertEquals("ct0", r.graph().input(1).attrs().getString("name"));
        List<NDArray> out = Interpreter.run(r.graph(), List.of(NDArray.vector(1, 2, 3), NDArray.vector(1, 0.5, -1)));
        assertArrayEquals(new double[] {2, 2, -6}, out.get(0).toDoubleArray(), TOL);
    }

    @Test
    void jacobianOfAVectorFunction() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64, 2);
        Node x0 = b.reshape(b.slice(x, 0, 0, 1, 1)), x1 = b.reshape(b.slice(x, 0, 1, 2, 1));
        Graph f = b.build(b.stack(0, List.of(b.mul(x0, x1), b.sin(x0), b.exp(x1))));
        Graph j = ReverseMode.jacobian(f);
        Verifier.verify(j);
        NDArray jv = Interpreter.run(j, List.of(NDArray.vector(0.3, 0.8))).get(0);
        assertEquals(Shape.of(3, 2), jv.shape());
        assertArrayEquals(new double[] {0.8, 0.3, Math.cos(0.3), 0, 0, Math.exp(0.8)}, jv.toDoubleArray(), TOL);
    }

    @Test
    void integerInputsCannotBeDifferentiated() {
        GraphBuilder b = new GraphBuilder();
        Node i = b.input("i", DType.I64);
        Graph f = b.build(b.cast(i, DType.F64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReverseMode.vjp(f, new ReverseMode.Options().wrt(0)));
        assertTrue(e.getMessage().contains("i64"), e.getMessage());
    }

    /** A chain of 10⁶ ops builds, differentiates, verifies, prints, parses and runs without recursion. */
    @Test
    void millionNodeChain() {
        int n = 1_000_000;
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x", DType.F64);
        Node v = x;
        for (int i = 0; i < n; i++) v = i % 2 == 0 ? b.sin(v) : b.mul(v, 1.0000001);
        Graph f = b.build(v);
        Graph g = ReverseMode.valueAndGrad(f);
        Verifier.verify(g);
        double[] out = Interpreter.runScalar(g, 0.5);
        double value = 0.5, slope = 1;
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                slope *= Math.cos(value);
                value = Math.sin(value);
            } else {
                slope *= 1.0000001;
                value *= 1.0000001;
            }
        }
        assertEquals(value, out[0], 1e-15);
        assertEquals(slope, out[1], 1e-12 * Math.abs(slope));
        String text = IrPrinter.print(g);
        assertEquals(text, IrPrinter.print(IrParser.parse(text)));
    }
}
