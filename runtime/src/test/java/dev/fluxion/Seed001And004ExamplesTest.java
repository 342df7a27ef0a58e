package dev.fluxion;

import dev.fluxion.compiler.ir.DType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.fluxion.Fluxion.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tensor examples of seed 001 (a PyTorch autograd notebook) and seed 004 (a PyTorch autograd
 * article), printing and asserting what the seeds print. Expected tensor text is PyTorch 1.13's,
 * from {@code benchmarks/torch/tensor_printing_oracle.py} (lines {@code seed001_*}, {@code seed004_*}).
 * Where a seed's printed output is wrong, the test follows PyTorch and says so. PyTorch's default
 * dtype is float32 and Fluxion's is f64: the seeds' float32 tensors print without a dtype there and
 * with {@code dtype=f32} here.
 */
class Seed001And004ExamplesTest {
    private static String show(String label, Object value) {
        String s = String.valueOf(value);
        System.out.println(label + ": " + s);
        return s;
    }

    // ==== seed 001 ================================================================================================

    @Test
    void seed001GradientOfTwoXDotX() {
        Tensor x = arange(4.0);
        assertEquals("tensor([0., 1., 2., 3.])", show("x", x));
        x.requiresGrad_(true);
        assertNull(x.grad());                                             // None by default
        Tensor y = dot(x, x).mul(2.);
        assertEquals("tensor(28., grad_fn=<MulBackward0>)", show("y", y));
        y.backward();
        assertEquals("tensor([ 0.,  4.,  8., 12.])", show("x.grad", x.grad()));
        assertEquals("tensor([True, True, True, True])", show("x*4 == x.grad", x.mul(4.).eq(x.grad())));

        x.grad().zero_();
        x.sum().backward();
        assertEquals("tensor([1., 1., 1., 1.])", show("x.grad", x.grad()));
    }

    @Test
    void seed001BackwardForNonScalar() {
        Tensor x = arange(4.0).requiresGrad_(true);
        Tensor y = x.mul(x);
        assertEquals("tensor([0., 1., 4., 9.], grad_fn=<MulBackward0>)", show("y", y));
        y.backward(ones(y.size(0)));                                      // gradient=torch.ones(len(y))
        assertEquals("tensor([0., 2., 4., 6.])", show("x.grad", x.grad()));
    }

    @Test
    void seed001DetachingComputations() {
        Tensor x = arange(4.0).requiresGrad_(true);
        Tensor y = x.mul(x);
        Tensor u = y.detach();
        Tensor z = x.mul(u);
        z.sum().backward();
        assertEquals("tensor([0., 1., 4., 9.])", show("x.grad", x.grad()));   // u, not 3x²
        assertEquals("tensor([ 0.,  1.,  8., 27.], grad_fn=<MulBackward0>)", show("z", z));

        x.grad().zero_();
        y.sum().backward();                                               // y's own graph to x is intact
        assertEquals("tensor([0., 2., 4., 6.])", show("x.grad", x.grad()));
        assertEquals("tensor([True, True, True, True])", show("x.grad == 2*x", x.grad().eq(x.mul(2.))));
    }

    /** The seed's f: a while loop and an if on tensor values; the graph depends on the data. */
    private static Tensor f(Tensor a) {
        Tensor b = a.mul(2.);
        while (b.norm().item() < 1000) b = b.mul(2.);
        return b.sum().item() > 0 ? b : b.mul(100.);
    }

    @Test
    void seed001PythonControlFlow() {
        // The seed draws a from randn and prints d = -185575.1406, a.grad = 819200; this a reproduces that draw.
        Tensor a = tensor(-185575.1406 / 819200., true);
        Tensor d = f(a);
        d.backward();
        assertEquals("tensor(-185575.1406, grad_fn=<MulBackward0>)", show("d", d));
        assertEquals("tensor(819200.)", show("a.grad", a.grad()));
        assertEquals("tensor(819200., grad_fn=<DivBackward0>)", show("d/a", d.div(a)));

        // f is linear in a with a piecewise-constant scale, so a.grad == d/a for any draw.
        manualSeed(1);
        for (int i = 0; i < 20; i++) {
            Tensor r = randn().requiresGrad_(true);
            Tensor out = f(r);
            out.backward();
            assertEquals(out.item() / r.item(), r.grad().item(), 1e-9 * Math.abs(r.grad().item()));
        }
    }

    @Test
    void seed001RetainGraphThenSecondDerivative() {
        Tensor x = tensor(2.0, true);
        Tensor y = x.pow(3.);
        y.backward(null, true, false);                                    // retain the graph
        Tensor dyDx = Autograd.grad(y, x, GradOptions.builder().createGraph(true).build()).get(0);
        Tensor d2 = Autograd.grad(dyDx, x).get(0);
        assertEquals("12.0", show("First derivative (dy/dx) at x=2", dyDx.item()));   // 3·2² = 12
        // The seed asks "IS THIS RIGHT??": yes, d²(x³)/dx² = 6x = 12 at x = 2.
        assertEquals("12.0", show("Second derivative (d2y/dx2) at x=2", d2.item()));
        assertEquals(12.0, x.grad().item());                              // from the first backward
    }

    // ==== seed 004 ================================================================================================

    @Test
    void seed004GradientOfTimesTwo() {
        Tensor x = randn(3).requiresGrad_(true);
        Tensor y = x.mul(2.);
        y.backward(tensor(1.0, 1.0, 1.0));
        assertEquals("tensor([2., 2., 2.])", show("x.grad", x.grad()));
    }

    @Test
    void seed004SeveralTensors() {
        Tensor a = tensor(1., 2., 3.).to(DType.F32).requiresGrad_(true);
        Tensor b = tensor(4., 5., 6.).to(DType.F32).requiresGrad_(true);
        Tensor c = a.add(b);
        Tensor d = b.mul(c);
        Tensor loss = d.sum();
        loss.backward();
        assertEquals("tensor([4., 5., 6.], dtype=f32)", show("a.grad", a.grad()));   // the seed: tensor([4., 5., 6.])
        assertEquals("tensor([ 9., 12., 15.], dtype=f32)", show("b.grad", b.grad()));   // c + b, which the seed leaves open
    }

    /** The seed says x.mul_(2) on a leaf that requires grad works and gives ones: PyTorch raises instead. */
    @Test
    void seed004InPlaceOnLeafIsAnError() {
        Tensor x = tensor(new double[] {1.0, 2.0, 3.0}, true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.mul_(2.));
        assertEquals("a leaf Variable that requires grad is being used in an in-place operation.", show("x.mul_(2)", e.getMessage()));
        // What the seed meant, as PyTorch allows it: change the leaf's data without recording.
        try (var g = noGrad()) {
            x.mul_(2.);
        }
        assertEquals("tensor([2., 4., 6.], requires_grad=True)", show("x", x));
        x.sum().backward();
        assertEquals("tensor([1., 1., 1.])", show("x.grad", x.grad()));
    }

    @Test
    void seed004EvaluationModeStoresNoGradient() {
        Tensor x = randn(3).requiresGrad_(true);
        Tensor y;
        try (var g = noGrad()) {
            y = x.mul(2.);
        }
        show("x.grad", x.grad());
        assertNull(x.grad());                                             // "Output will show 'None'"
        assertFalse(y.requiresGrad());
    }

    /** The seed casts float16 up for the loss; Fluxion has no float16, so f32 → f64 shows the same thing. */
    @Test
    void seed004MixedPrecision() {
        Tensor xLow = tensor(0.5, -1.0, 2.0).to(DType.F32).requiresGrad_(true);
        Tensor y = xLow.to(DType.F64).mul(2.).sum();
        y.backward();
        assertEquals("tensor([2., 2., 2.], dtype=f32)", show("x_fp16.grad", xLow.grad()));  // stored in the low precision
        assertEquals(DType.F32, xLow.grad().dtype());
    }

    @Test
    void seed004RetainGraphGivesTwoThenFour() {
        Tensor z = tensor(1.0, true);
        Tensor y = z.pow(2.);
        y.backward(null, true, false);
        assertEquals("tensor(2.)", show("z.grad", z.grad()));
        y.backward();                                                     // works: the graph was retained
        assertEquals("tensor(4.)", show("z.grad", z.grad()));
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("retainGraph=true"), e.getMessage());
    }

    @Test
    void seed004ZeroingGradients() {
        Tensor x = randn(3).requiresGrad_(true);
        x.mul(2.).backward(tensor(1.0, 1.0, 1.0));
        x.grad().zero_();
        assertEquals("tensor([0., 0., 0.])", show("x.grad", x.grad()));
    }

    /** The seed says b.grad is [1., 1., 1.]; PyTorch gives c = a + b = [5., 7., 9.] (d = b * c, c constant). */
    @Test
    void seed004DetachStopsGradients() {
        Tensor a = tensor(new double[] {1.0, 2.0, 3.0}, true);
        Tensor b = tensor(new double[] {4.0, 5.0, 6.0}, true);
        Tensor c = a.add(b);
        Tensor d = b.mul(c.detach());
        d.sum().backward();
        assertNull(a.grad());                                             // torch prints None; the seed agrees
        show("a.grad", a.grad());
        assertEquals("tensor([5., 7., 9.])", show("b.grad", b.grad()));
    }

    @Test
    void seed004RetainGradOnNonLeaf() {
        Tensor a = tensor(new double[] {1.0, 2.0, 3.0}, true);
        Tensor b = a.add(3.);
        b.retainGrad();
        Tensor c = b.mean();
        c.backward();
        assertEquals("tensor([0.3333, 0.3333, 0.3333])", show("a.grad", a.grad()));
        assertEquals("tensor([0.3333, 0.3333, 0.3333])", show("b.grad", b.grad()));
    }

    @Test
    void seed004ModifyingGradientsAfterBackward() {
        manualSeed(4);
        Tensor x = randn(3).requiresGrad_(true);
        Tensor y = x.mul(2.);
        y.sum().backward();
        x.grad().set(x.grad().clampMin(0.));                              // x.grad[:] = x.grad.clamp(min=0)
        show("x.grad", x.grad());
        for (double g : x.grad().toDoubleArray()) assertEquals(2.0, g);   // 2 everywhere, already non-negative
        Tensor w = tensor(-1., 0.5, 3.);                                  // a gradient with a negative entry
        w.set(w.clampMin(0.));
        assertEquals("tensor([0.0000, 0.5000, 3.0000])", show("clamped", w));
    }

    /** The seed says x.grad is tensor(12.); z = (dy/dx)³ = (2x)³ = 8x³, so dz/dx = 24x² = 24 as PyTorch prints. */
    @Test
    void seed004HigherOrderGradient() {
        Tensor x = tensor(1.0, true);
        Tensor y = x.pow(2.);
        List<Tensor> gradY = Autograd.grad(y, x, GradOptions.builder().createGraph(true).build());
        // torch prints the tuple (tensor(2., grad_fn=<MulBackward0>),); the seed cut it to "grad_fn=)"
        assertEquals("[tensor(2., grad_fn=<MulBackward0>)]", show("grad_y", gradY));
        Tensor z = gradY.get(0).pow(3.);
        z.backward();
        assertEquals("tensor(24.)", show("x.grad", x.grad()));
    }

    @Test
    void seed004JacobianByRows() {
        Tensor x = tensor(new double[] {0.5, -1.0, 2.0}, true);
        Tensor y = x.mul(2.);
        List<Tensor> jac = new ArrayList<>();
        Tensor flatY = y.reshape(-1);
        for (int i = 0; i < flatY.size(0); i++) {
            Tensor gradY = zerosLike(y);
            gradY.set(1., i);
            Tensor row = Autograd.grad(List.of(flatY), List.of(x),
                    GradOptions.builder().gradOutputs(gradY).retainGraph(true).allowUnused(true).build()).get(0);
            jac.add(row.reshape(x.shape()));
        }
        Tensor j = stack(jac).reshape(3, 3);
        assertEquals("tensor([[2., 0., 0.],\n        [0., 2., 0.],\n        [0., 0., 2.]])", show("J", j));
    }

    /** The seed's MyReLU; its printed gradient [0., 0., 1.] is wrong: input 0 is not < 0, so PyTorch gives [0., 1., 1.]. */
    static final class MyReLU extends CustomFunction {
        @Override
        public Tensor forward(Context ctx, Tensor... inputs) {
            ctx.saveForBackward(inputs[0]);
            return inputs[0].clampMin(0.);
        }

        @Override
        public Tensor[] backward(Context ctx, Tensor gradOutput) {
            Tensor input = ctx.savedTensors().get(0);
            Tensor gradInput = gradOutput.clone();
            gradInput.maskedFill_(input.lt(0.), 0.);                      // grad_input[input < 0] = 0
            return new Tensor[] {gradInput};
        }
    }

    @Test
    void seed004CustomRelu() {
        Tensor x = tensor(new double[] {-1.5, 0, 1.5}, true);
        Tensor y = new MyReLU().apply(x);
        assertArrayEquals(new double[] {0, 0, 1.5}, y.toDoubleArray());
        y.backward(tensor(1.0, 1.0, 1.0));
        assertEquals("tensor([0., 1., 1.])", show("x.grad", x.grad()));
    }
}
