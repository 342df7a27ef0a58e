package dev.fluxion.optim;

import dev.fluxion.GradMode;
import dev.fluxion.Tensor;
import dev.fluxion.compiler.ir.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static dev.fluxion.Fluxion.isGradEnabled;
import static dev.fluxion.Fluxion.noGrad;
import static dev.fluxion.Fluxion.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optimizer contract around the update formulas: validation, zeroGrad, skipping, in-place semantics. */
class OptimizerBehaviourTest {
    private static void assertInvalid(String message, Executable construct) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct);
        assertEquals(message, e.getMessage());
    }

    /** Backward of x² (gradient 2x) into every parameter given, then one step. */
    private static void stepOnSquares(Optimizer opt, Tensor... xs) {
        opt.zeroGrad();
        Tensor loss = null;
        for (Tensor x : xs) loss = loss == null ? x.pow(2.) : loss.add(x.pow(2.));
        loss.backward();
        opt.step();
    }

    // ---- construction errors (PyTorch's ValueError messages) -----------------------------------------

    @Test
    void parameterListErrors() {
        Tensor x = tensor(1.0, true);
        assertInvalid("optimizer got an empty parameter list", () -> new SGD(List.of(), 0.1));
        assertInvalid("can't optimize a non-leaf Tensor", () -> new Adam(List.of(x.mul(2.)), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(x, x), 0.1));
    }

    @Test
    void learningRateErrors() {
        List<Tensor> p = List.of(tensor(1.0, true));
        assertInvalid("Invalid learning rate: -0.1", () -> new SGD(p, -0.1));
        assertInvalid("Invalid learning rate: -0.1", () -> new Adam(p, -0.1));
        assertInvalid("Invalid learning rate: -0.1", () -> new AdamW(p, -0.1));
        assertInvalid("Invalid learning rate: -0.1", () -> new RMSprop(p, -0.1));
        assertInvalid("Invalid learning rate: -0.1", () -> new Adagrad(p, -0.1));
        assertInvalid("Invalid learning rate: NaN", () -> new Adam(p, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> SGD.builder(p).momentum(0.9).build()); // SGD's lr is required
        Adam adam = new Adam(p, 0.1);
        assertInvalid("Invalid learning rate: -1.0", () -> adam.setLr(-1));
    }

    @Test
    void sgdErrors() {
        List<Tensor> p = List.of(tensor(1.0, true));
        assertInvalid("Invalid momentum value: -0.5", () -> SGD.builder(p).lr(0.1).momentum(-0.5).build());
        assertInvalid("Invalid weight_decay value: -1.0", () -> SGD.builder(p).lr(0.1).weightDecay(-1).build());
        String nesterov = "Nesterov momentum requires a momentum and zero dampening";
        assertInvalid(nesterov, () -> SGD.builder(p).lr(0.1).nesterov(true).build());
        assertInvalid(nesterov, () -> SGD.builder(p).lr(0.1).nesterov(true).momentum(0.9).dampening(0.1).build());
        SGD.builder(p).lr(0.1).nesterov(true).momentum(0.9).build(); // momentum and no dampening: fine
    }

    @Test
    void adamErrors() {
        List<Tensor> p = List.of(tensor(1.0, true));
        assertInvalid("Invalid beta parameter at index 0: 1.0", () -> Adam.builder(p).betas(1.0, 0.999).build());
        assertInvalid("Invalid beta parameter at index 1: -0.1", () -> Adam.builder(p).betas(0.9, -0.1).build());
        assertInvalid("Invalid epsilon value: -1.0E-8", () -> Adam.builder(p).eps(-1e-8).build());
        assertInvalid("Invalid weight_decay value: -0.01", () -> Adam.builder(p).weightDecay(-0.01).build());
        assertInvalid("Invalid beta parameter at index 0: -0.5", () -> AdamW.builder(p).betas(-0.5, 0.999).build());
        assertInvalid("Invalid weight_decay value: -0.01", () -> AdamW.builder(p).weightDecay(-0.01).build());
    }

    @Test
    void rmspropAndAdagradErrors() {
        List<Tensor> p = List.of(tensor(1.0, true));
        assertInvalid("Invalid alpha value: -0.9", () -> RMSprop.builder(p).alpha(-0.9).build());
        assertInvalid("Invalid momentum value: -0.9", () -> RMSprop.builder(p).momentum(-0.9).build());
        assertInvalid("Invalid epsilon value: -1.0", () -> RMSprop.builder(p).eps(-1).build());
        assertInvalid("Invalid weight_decay value: -1.0", () -> RMSprop.builder(p).weightDecay(-1).build());
        assertInvalid("Invalid lr_decay value: -1.0", () -> Adagrad.builder(p).lrDecay(-1).build());
        assertInvalid("Invalid initial_accumulator_value value: -1.0", () -> Adagrad.builder(p).initialAccumulatorValue(-1).build());
        assertInvalid("Invalid epsilon value: -1.0", () -> Adagrad.builder(p).eps(-1).build());
        assertInvalid("Invalid weight_decay value: -1.0", () -> Adagrad.builder(p).weightDecay(-1).build());
    }

    // ---- defaults ------------------------------------------------------------------------------------

    @Test
    void pyTorchDefaults() {
        List<Tensor> p = List.of(tensor(2.0, true));
        assertEquals(1e-3, new Adam(p).lr());
        assertEquals(1e-3, new AdamW(p).lr());
        assertEquals(1e-2, new RMSprop(p).lr());
        assertEquals(1e-2, new Adagrad(p).lr());
        // AdamW's default weight decay 1e-2 acts even with a zero gradient: p·(1 - lr·wd), and the
        // moment update adds exactly 0 (0 / eps).
        Tensor x = tensor(2.0, true);
        AdamW adamW = new AdamW(List.of(x));
        x.mul(0.).backward();
        adamW.step();
        assertEquals(2.0 * (1 - 1e-3 * 1e-2), x.item());
        // Adam's first step moves every element by lr·g/(|g| + eps) (bias corrections cancel).
        Tensor y = tensor(3.0, true);
        stepOnSquares(new Adam(List.of(y)), y);
        assertEquals(3.0 - 1e-3 * 6 / (6 + 1e-8), y.item(), 1e-15);
    }

    // ---- closed forms on x² (gradient 2x) ---------------------------------------------------------

    @Test
    void sgdMomentumByHand() {
        Tensor x = tensor(1.0, true);
        SGD opt = SGD.builder(List.of(x)).lr(0.1).momentum(0.9).dampening(0.5).build();
        stepOnSquares(opt, x);
        assertEquals(1.0 - 0.1 * 2.0, x.item(), 1e-15);              // buf = g = 2 (first step: no dampening)
        stepOnSquares(opt, x);
        double buf = 0.9 * 2.0 + 0.5 * 1.6;                          // g = 2·0.8
        assertEquals(0.8 - 0.1 * buf, x.item(), 1e-15);
    }

    @Test
    void maximizeAscends() {
        Tensor x = tensor(1.0, true);
        stepOnSquares(SGD.builder(List.of(x)).lr(0.1).maximize(true).build(), x);
        assertEquals(1.2, x.item(), 1e-15);
    }

    @Test
    void setLrAppliesFromTheNextStep() {
        Tensor x = tensor(1.0, true);
        SGD opt = new SGD(List.of(x), 0.1);
        opt.setLr(0.0);
        stepOnSquares(opt, x);
        assertEquals(1.0, x.item());
        opt.setLr(0.25);
        stepOnSquares(opt, x);
        assertEquals(0.5, x.item());
    }

    @Test
    void stepWithAClosureEvaluatesItWithGradEnabled() {
        // PyTorch's step(closure): the closure records even when called inside no_grad.
        Tensor x = tensor(1.0, true);
        SGD opt = new SGD(List.of(x), 0.1);
        Tensor loss;
        try (GradMode.Guard g = noGrad()) {
            loss = opt.step(() -> {
                opt.zeroGrad();
                Tensor l = x.pow(2.);
                l.backward();
                return l;
            });
            assertFalse(isGradEnabled());
        }
        assertEquals(1.0, loss.item());
        assertEquals(0.8, x.item(), 1e-15);
    }

    // ---- zeroGrad and parameters without gradients -----------------------------------------------

    @Test
    void zeroGradSetsGradientsToNull() {
        Tensor x = tensor(1.0, true), y = tensor(2.0, true);
        Adam opt = new Adam(List.of(x, y), 0.1);
        x.mul(y).backward();
        opt.zeroGrad();
        assertNull(x.grad());
        assertNull(y.grad());
        opt.step(); // nothing has a gradient: nothing moves, no state advances
        assertEquals(1.0, x.item());
        assertEquals(0, opt.stepCount(0));
    }

    @Test
    void zeroGradInPlaceKeepsZerosThatStillStep() {
        // PyTorch 1.13's default zero_grad(set_to_none=False): the gradient tensor stays, zeroed,
        // so a parameter that the next backward misses is still updated (here: weight decay).
        Tensor x = tensor(1.0, true), y = tensor(2.0, true);
        SGD opt = SGD.builder(List.of(x, y)).lr(0.1).weightDecay(0.5).build();
        x.mul(y).backward();
        Tensor yGrad = y.grad();
        opt.zeroGrad(false);
        assertSame(yGrad, y.grad());
        assertEquals(0.0, y.grad().item());
        x.pow(2.).backward();                                         // y gets no new gradient
        opt.step();
        assertEquals(2.0 - 0.1 * 0.5 * 2.0, y.item(), 1e-15);
        assertEquals(1.0 - 0.1 * (2.0 + 0.5), x.item(), 1e-15);
        // With gradients set to null instead, y is skipped.
        opt.zeroGrad();
        x.pow(2.).backward();
        double before = y.item();
        opt.step();
        assertEquals(before, y.item());
    }

    @Test
    void stateAdvancesPerParameter() {
        // z joins after two steps: its step count (and so Adam's bias correction) starts at 1.
        Tensor x = tensor(1.0, true), z = tensor(-2.0, true);
        Adam opt = new Adam(List.of(x, z), 0.1);
        stepOnSquares(opt, x);
        stepOnSquares(opt, x);
        assertEquals(2, opt.stepCount(0));
        assertEquals(0, opt.stepCount(1));
        stepOnSquares(opt, x, z);
        assertEquals(1, opt.stepCount(1));
        assertEquals(-2.0 + 0.1 * 4 / (4 + 1e-8), z.item(), 1e-15); // a first Adam step: lr·g/(|g| + eps)
    }

    // ---- in-place semantics ----------------------------------------------------------------------

    @Test
    void stepKeepsParametersLeavesOutsideTheGraph() {
        Tensor x = tensor(1.0, -1.0).requiresGrad_(true);
        RMSprop opt = RMSprop.builder(List.of(x)).momentum(0.5).centered(true).build();
        x.pow(2.).sum().backward();
        opt.step();
        assertTrue(x.isLeaf());
        assertTrue(x.requiresGrad());
        assertNull(x.gradFnName());
        assertFalse(x.grad().requiresGrad());
    }

    @Test
    void backwardThroughAValueTheStepChangedFails() {
        // The step bumps the version counter, as PyTorch's in-place update does.
        Tensor x = tensor(1.0, true);
        SGD opt = new SGD(List.of(x), 0.1);
        Tensor stale = x.pow(2.);
        x.pow(2.).backward();
        opt.step();
        IllegalStateException e = assertThrows(IllegalStateException.class, stale::backward);
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
    }

    @Test
    void f32ParametersStayFloats() {
        Tensor x = tensor(new double[] {0.3, -1.7, 2.9}, new int[] {3}, DType.F32, true);
        Optimizer opt = Adagrad.builder(List.of(x)).lr(0.1).lrDecay(0.01).build();
        for (int i = 0; i < 5; i++) {
            opt.zeroGrad();
            x.pow(2.).sum().backward();
            opt.step();
        }
        for (double v : x.toDoubleArray()) assertEquals((double) (float) v, v);
        assertEquals(DType.F32, x.dtype());
    }

    @Test
    void paramsAreTheGivenTensorsAndReadOnly() {
        Tensor x = tensor(1.0, true), y = tensor(2.0, true);
        Optimizer opt = new SGD(List.of(x, y), 0.1);
        assertSame(x, opt.params().get(0));
        assertSame(y, opt.params().get(1));
        assertThrows(UnsupportedOperationException.class, () -> opt.params().set(0, y));
    }
}
