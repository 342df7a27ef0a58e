package dev.fluxion;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import static dev.fluxion.Fluxion.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CustomFunction} and {@link TrackGrad}: the seed's custom-gradient examples, and PyTorch
 * 1.13's checks of what a backward returns (messages printed by torch for the same mistakes).
 */
class CustomFunctionTest {
    /** The seed's CustomSigmoid: saves the (graph-free) result and multiplies the incoming gradient by s(1 - s). */
    static final class CustomSigmoid extends CustomFunction {
        @Override
        public Tensor forward(Context ctx, Tensor... in) {
            double sig = 1. / (1. + Math.exp(-in[0].item()));
            ctx.saveForBackward(tensor(sig));
            return tensor(sig);
        }

        @Override
        public Tensor[] backward(Context ctx, Tensor gradOutput) {
            Tensor sig = ctx.savedTensors().get(0);
            return new Tensor[] {gradOutput.mul(sig).mul(sig.rsub(1.))};
        }
    }

    /** x³ with a backward written in tensor operations on the saved input, so it can be differentiated again. */
    static final class Cube extends CustomFunction {
        @Override
        public Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].pow(3.);
        }

        @Override
        public Tensor[] backward(Context ctx, Tensor g) {
            Tensor x = ctx.savedTensors().get(0);
            return new Tensor[] {g.mul(3.).mul(x.pow(2.))};
        }
    }

    // ---- the seed's examples ------------------------------------------------------------------------------

    @Test
    void seedFunctionClassSigmoid() {
        Tensor x = tensor(0.0, true);
        Tensor y = new CustomSigmoid().apply(x);
        y.backward();
        assertEquals("tensor(0.5000, grad_fn=<CustomSigmoidBackward>)", y.toString()); // torch prints the same node name
        assertEquals(0.5, y.item());
        assertEquals("tensor(0.2500)", x.grad().toString());
    }

    @Test
    void seedTrackGradSigmoid() {
        UnaryOperator<Tensor> customSigmoid = TrackGrad.trackGrad(
                x -> {
                    double sig = 1. / (1. + Math.exp(-x.item()));
                    return new Tensor[] {tensor(sig * (1. - sig))};
                },
                x -> tensor(1. / (1. + Math.exp(-x.item()))));
        Tensor x = tensor(0.0, true);
        Tensor y = customSigmoid.apply(x);
        y.backward();
        assertEquals(0.5, y.item());
        assertEquals("tensor(0.2500)", x.grad().toString());
    }

    @Test
    void seedTrackGradMultiply() {
        BinaryOperator<Tensor> customMultiply = TrackGrad.trackGrad((x, y) -> new Tensor[] {y, x}, (x, y) -> x.mul(y));
        Tensor x = tensor(2.0, true), y = tensor(3.0, true);
        Tensor z = customMultiply.apply(x, y);
        z.backward();
        assertEquals("tensor(6., grad_fn=<TrackGradBackward>)", z.toString());
        assertEquals("tensor(3.)", x.grad().toString());
        assertEquals("tensor(2.)", y.grad().toString());
    }

    // ---- trackGrad beyond the seed -----------------------------------------------------------------------------

    @Test
    void trackGradPartialsAreMultipliedAndSummedToTheInputShape() {
        // A reduction: the partial is shaped like the input, the incoming gradient is 0-d.
        UnaryOperator<Tensor> sum = TrackGrad.trackGrad(x -> new Tensor[] {onesLike(x)}, Tensor::sum);
        Tensor x = tensor(1., 2., 3.).requiresGrad_(true);
        sum.apply(x).mul(5.).backward();
        assertEquals("tensor([5., 5., 5.])", x.grad().toString());
        // Broadcasting: y is 0-d, its partial x is a vector; g * x is summed down to y's shape.
        BinaryOperator<Tensor> mul = TrackGrad.trackGrad((a, b) -> new Tensor[] {b, a}, Tensor::mul);
        Tensor a = tensor(1., 2., 3.).requiresGrad_(true), b = tensor(2.0, true);
        mul.apply(a, b).sum().backward();
        assertEquals("tensor([2., 2., 2.])", a.grad().toString());
        assertEquals("tensor(6.)", b.grad().toString());
        // A null partial: no gradient for that input.
        BinaryOperator<Tensor> firstOnly = TrackGrad.trackGrad((p, q) -> new Tensor[] {q, null}, Tensor::mul);
        Tensor p = tensor(2.0, true), q = tensor(3.0, true);
        firstOnly.apply(p, q).backward();
        assertEquals(3.0, p.grad().item());
        assertNull(q.grad());
    }

    @Test
    void trackGradWithCreateGraphGivesSecondDerivatives() {
        BinaryOperator<Tensor> mul = TrackGrad.trackGrad((a, b) -> new Tensor[] {b, a}, Tensor::mul);
        Tensor x = tensor(2.0, true), y = tensor(3.0, true);
        Tensor dzdx = Autograd.grad(mul.apply(x, y), x, GradOptions.builder().createGraph(true).build()).get(0);
        assertEquals(3.0, dzdx.item());
        assertEquals(1.0, Autograd.grad(dzdx, y).get(0).item()); // d/dy (dz/dx) = d/dy y = 1
    }

    @Test
    void trackGradChecksTheNumberOfPartials() {
        UnaryOperator<Tensor> bad = TrackGrad.trackGrad(x -> new Tensor[] {x, x}, x -> x.mul(2.));
        Tensor x = tensor(1.0, true);
        Tensor y = bad.apply(x);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("returned 2 partial derivatives but the function has 1 input"), e.getMessage());
    }

    // ---- CustomFunction mechanics --------------------------------------------------------------------------------

    @Test
    void forwardRunsWithoutRecordingAndResultIsAttachedOnlyWhenNeeded() {
        boolean[] modeInForward = new boolean[1];
        CustomFunction probe = new CustomFunction() {
            @Override
            public Tensor forward(Context ctx, Tensor... in) {
                modeInForward[0] = isGradEnabled();
                return in[0].mul(2.);
            }

            @Override
            public Tensor[] backward(Context ctx, Tensor g) {
                return new Tensor[] {g.mul(2.)};
            }
        };
        Tensor x = tensor(1.0, true);
        Tensor y = probe.apply(x);
        assertFalse(modeInForward[0]);
        assertEquals("CustomFunctionBackward", y.gradFnName()); // an anonymous class has no simple name
        assertFalse(probe.apply(tensor(1.0)).requiresGrad());
        try (var g = noGrad()) {
            assertFalse(probe.apply(x).requiresGrad());
        }
        assertTrue(isGradEnabled());
    }

    @Test
    void backwardResultsAreCheckedAsPyTorchDoes() {
        CustomFunction wrongCount = new Twice() {
            @Override
            public Tensor[] backward(Context ctx, Tensor g) {
                return new Tensor[] {g, g};
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> wrongCount.apply(tensor(new double[] {1}, new int[] {1}, true)).sum().backward());
        // torch: "function WrongCountBackward returned an incorrect number of gradients (expected 1, got 2)"
        assertEquals("function CustomFunctionBackward returned an incorrect number of gradients (expected 1, got 2)", e.getMessage());

        CustomFunction wrongShape = new Twice() {
            @Override
            public Tensor[] backward(Context ctx, Tensor g) {
                return new Tensor[] {ones(4)};
            }
        };
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> wrongShape.apply(tensor(1., 2.).requiresGrad_(true)).sum().backward());
        // torch: "Function WrongShapeBackward returned an invalid gradient at index 0 - got [4] but expected shape compatible with [2]"
        assertEquals("Function CustomFunctionBackward returned an invalid gradient at index 0 - got [4] but expected shape "
                + "compatible with [2]", e2.getMessage());

        CustomFunction trailingNull = new Twice() {
            @Override
            public Tensor[] backward(Context ctx, Tensor g) {
                return new Tensor[] {g.mul(2.), null};
            }
        };
        Tensor x = tensor(1.0, true);
        trailingNull.apply(x).backward();
        assertEquals(2.0, x.grad().item());
    }

    /** 2x, the base of the faulty backward variants above. */
    abstract static class Twice extends CustomFunction {
        @Override
        public Tensor forward(Context ctx, Tensor... in) {
            return in[0].mul(2.);
        }
    }

    @Test
    void broadcastGradientIsSummedToTheInputShape() {
        // torch: a Function whose forward is x * ones(3) and backward returns g gives x (0-d) the gradient 3.
        CustomFunction bcast = new CustomFunction() {
            @Override
            public Tensor forward(Context ctx, Tensor... in) {
                return in[0].mul(ones(3));
            }

            @Override
            public Tensor[] backward(Context ctx, Tensor g) {
                return new Tensor[] {g};
            }
        };
        Tensor x = tensor(2.0, true);
        bcast.apply(x).sum().backward();
        assertEquals("tensor(3.)", x.grad().toString());
    }

    @Test
    void createGraphRecordsTheUsersBackward() {
        Tensor x = tensor(2.0, true);
        Tensor d1 = Autograd.grad(new Cube().apply(x), x, GradOptions.builder().createGraph(true).build()).get(0);
        assertEquals("tensor(12., grad_fn=<MulBackward0>)", d1.toString()); // torch: the same
        assertEquals("tensor(12.)", Autograd.grad(d1, x).get(0).toString());
        assertEquals(6.0, Autograd.higherOrderGrad(new Cube().apply(x), x, 3).item(), 1e-12);
    }

    @Test
    void savedTensorsAreFreedAndVersionChecked() {
        Tensor x = tensor(2.0, true);
        Tensor y = new Cube().apply(x);
        y.backward();
        assertEquals(12.0, x.grad().item());
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("retainGraph=true"), e.getMessage());

        Tensor a = tensor(2.0, true);
        Tensor b = a.mul(1.);
        Tensor c = new Cube().apply(b);
        b.add_(1.);
        e = assertThrows(IllegalStateException.class, c::backward);
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
        assertTrue(e.getMessage().contains("saved tensor 0 of CubeBackward"), e.getMessage());
    }

    @Test
    void contextReportsWhichInputsNeedGrad() {
        boolean[][] seen = new boolean[1][];
        CustomFunction add = new CustomFunction() {
            @Override
            public Tensor forward(Context ctx, Tensor... in) {
                seen[0] = new boolean[] {ctx.needsInputGrad(0), ctx.needsInputGrad(1)};
                return in[0].add(in[1]);
            }

            @Override
            public Tensor[] backward(Context ctx, Tensor g) {
                return new Tensor[] {ctx.needsInputGrad(0) ? g : null, ctx.needsInputGrad(1) ? g : null};
            }
        };
        Tensor x = tensor(1.0, true);
        add.apply(x, tensor(2.0)).backward();
        assertArrayEquals(new boolean[] {true, false}, seen[0]);
        assertEquals(1.0, x.grad().item());
    }

    @Test
    void resultSharingAnInputsMemoryIsCopied() {
        CustomFunction identity = new CustomFunction() {
            @Override
            public Tensor forward(Context ctx, Tensor... in) {
                return in[0];
            }

            @Override
            public Tensor[] backward(Context ctx, Tensor g) {
                return new Tensor[] {g};
            }
        };
        Tensor x = tensor(1., 2.).requiresGrad_(true);
        Tensor y = identity.apply(x);
        assertTrue(x.isLeaf());
        assertEquals("CustomFunctionBackward", y.gradFnName());
        y.mul_(3.);
        assertEquals("tensor([1., 2.], requires_grad=True)", x.toString());
        List<Tensor> g = Autograd.grad(y.sum(), x);
        assertEquals("tensor([3., 3.])", g.get(0).toString());
    }
}
