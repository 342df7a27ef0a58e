package dev.fluxion;

import dev.fluxion.compiler.ir.DType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.fluxion.Fluxion.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GradCheck}: passes correct gradients, catches wrong ones with PyTorch's messages. */
class GradCheckTest {
    private static final GradCheck.Options RAISE = GradCheck.Options.defaults().raiseException(true);

    /** Sigmoid whose backward forgets the factor (1 - s): a deliberately wrong gradient. */
    static final class WrongSigmoid extends CustomFunction {
        @Override
        public Tensor forward(Context ctx, Tensor... in) {
            Tensor s = in[0].sigmoid();
            ctx.saveForBackward(s);
            return s;
        }

        @Override
        public Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[] {g.mul(ctx.savedTensors().get(0))};
        }
    }

    @Test
    void seedGradcheckOfCustomSigmoid() {
        Tensor x = tensor(0.0, true);
        assertTrue(GradCheck.gradcheck(v -> new CustomFunctionTest.CustomSigmoid().apply(v), x));
        assertTrue(GradCheck.gradcheck(xs -> new CustomFunctionTest.CustomSigmoid().apply(xs.get(0)), List.of(x)));
    }

    @Test
    void wrongCustomBackwardFails() {
        Tensor x = tensor(0.0, 1.0).requiresGrad_(true);
        assertFalse(GradCheck.gradcheck(v -> new WrongSigmoid().apply(v), x));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GradCheck.gradcheck(v -> new WrongSigmoid().apply(v), x, RAISE));
        // torch.autograd.gradcheck on the same Function raises GradcheckError with exactly this text
        assertEquals("Jacobian mismatch for output 0 with respect to input 0,\n"
                + "numerical:tensor([[0.2500, 0.0000],\n        [0.0000, 0.1966]])\n"
                + "analytical:tensor([[0.5000, 0.0000],\n        [0.0000, 0.7311]])\n", e.getMessage());
    }

    @Test
    void builtInOpsPassWithSeveralInputs() {
        Tensor a = tensor(new double[] {0.3, -1.2, 0.8, 2.0, 0.1, -0.4}, new int[] {2, 3}, true);
        Tensor b = tensor(new double[] {1.5, -0.5, 0.7}, new int[] {3}, true);
        Tensor c = tensor(0.9); // does not require grad: not checked
        assertTrue(GradCheck.gradcheck(xs -> xs.get(0).matmul(xs.get(1)).tanh().mul(xs.get(2)).add(xs.get(0).exp().sum()),
                List.of(a, b, c)));
        assertTrue(GradCheck.gradcheck(v -> v.softplus().log1p().pow(2.5), tensor(0.5, 1.5, 3.0).requiresGrad_(true)));
    }

    @Test
    void singlePrecisionInputsAreCheckedInDoublePrecision() {
        Tensor x = tensor(new double[] {0.25, 0.5}, new int[] {2}, DType.F32, true);
        assertTrue(GradCheck.gradcheck(v -> v.sin().mul(v), x));
    }

    @Test
    void backwardThatIgnoresTheGradientOutputFails() {
        CustomFunction noMul = new CustomFunction() {
            @Override
            public Tensor forward(Context ctx, Tensor... in) {
                return in[0].mul(2.);
            }

            @Override
            public Tensor[] backward(Context ctx, Tensor g) {
                return new Tensor[] {full(g.shape(), 2.0)};
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GradCheck.gradcheck(noMul::apply, tensor(new double[] {1}, new int[] {1}, true), RAISE));
        assertEquals("backward not multiplied by grad_output", e.getMessage()); // torch: the same
    }

    @Test
    void nondeterministicBackwardFails() {
        int[] calls = {0};
        CustomFunction flaky = new CustomFunction() {
            @Override
            public Tensor forward(Context ctx, Tensor... in) {
                return in[0].mul(2.);
            }

            @Override
            public Tensor[] backward(Context ctx, Tensor g) {
                return new Tensor[] {g.mul(2. + (calls[0]++ % 2) * 1e-7)};
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GradCheck.gradcheck(flaky::apply, tensor(1.0, true), RAISE));
        assertTrue(e.getMessage().startsWith("Backward is not reentrant"), e.getMessage());
    }

    @Test
    void detachedOutputMustHaveZeroNumericalGradient() {
        assertFalse(GradCheck.gradcheck(v -> v.detach().mul(2.), tensor(1.0, true)));
        assertTrue(GradCheck.gradcheck(v -> v.detach().mul(0.).add(1.), tensor(1.0, true)));
    }

    @Test
    void noInputRequiringGradIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradCheck.gradcheck(v -> v.mul(2.), tensor(1.0)));
        assertTrue(e.getMessage().startsWith("gradcheck expects at least one input tensor to require gradient"), e.getMessage());
    }

    @Test
    void userInputsAreLeftUntouched() {
        Tensor x = tensor(0.5, 1.5).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(v -> v.exp(), x));
        assertEquals("tensor([0.5000, 1.5000], requires_grad=True)", x.toString());
        assertEquals(null, x.grad());
    }
}
