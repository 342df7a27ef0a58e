package dev.fluxion.optim;

import dev.fluxion.Tensor;
import dev.fluxion.compiler.ir.DType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static dev.fluxion.Fluxion.tensor;
import static dev.fluxion.optim.TorchTrajectories.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each optimizer follows PyTorch 1.13's trajectory (the numbers in {@link TorchTrajectories}, from
 * {@code benchmarks/torch/optimizer_trajectories.py}) through the same loop: forward, zeroGrad,
 * backward, step.
 */
class OptimizerTrajectoryTest {
    /** Seed 000's objective: 100 (y - x²)² + (1 - x)². */
    static Tensor rosenbrock(Tensor x, Tensor y) {
        return y.sub(x.pow(2.)).pow(2.).mul(100.).add(x.rsub(1.).pow(2.));
    }

    /**
     * Runs seed 000's loop and returns the largest absolute difference from PyTorch over the printed
     * rows (loss, x, y at i = 0, 200, …, 800) and the final x, y and loss.
     */
    static double rosenbrockDeviation(DType dtype, double[][] rows, double[] end) {
        Tensor x = tensor(new double[] {-1.2}, new int[0], dtype, true);
        Tensor y = tensor(new double[] {1.0}, new int[0], dtype, true);
        Adam opt = new Adam(List.of(x, y), 0.05);
        double worst = 0;
        int row = 0;
        Tensor loss = null;
        for (int i = 0; i < 1000; i++) {
            loss = rosenbrock(x, y);
            opt.zeroGrad();
            loss.backward();
            opt.step();
            if (i % 200 == 0) {
                double[] want = rows[row++];
                assertEquals(want[0], i);
                worst = Math.max(worst, deviation(new double[] {loss.item(), x.item(), y.item()}, want, 1));
            }
        }
        assertEquals(rows.length, row);
        return Math.max(worst, deviation(new double[] {x.item(), y.item(), loss.item()}, end, 0));
    }

    private static double deviation(double[] got, double[] want, int offset) {
        double worst = 0;
        for (int k = 0; k < got.length; k++) worst = Math.max(worst, Math.abs(got[k] - want[k + offset]));
        return worst;
    }

    @Test
    void rosenbrockAdamFollowsPyTorchInF64() {
        double worst = rosenbrockDeviation(DType.F64, ROSENBROCK_F64, ROSENBROCK_F64_FINAL);
        assertTrue(worst <= 1e-9, "largest deviation from PyTorch: " + worst);
    }

    @Test
    void rosenbrockAdamFollowsPyTorchInF32() {
        // Float arithmetic throughout (forward, backward and update rounded to float after every op,
        // hyperparameters converted to float as PyTorch's kernels convert a Python scalar): the same
        // floats as PyTorch's float32 run, so the f64 bound holds here too.
        double worst = rosenbrockDeviation(DType.F32, ROSENBROCK_F32, ROSENBROCK_F32_FINAL);
        assertTrue(worst <= 1e-9, "largest deviation from PyTorch: " + worst);
    }

    // ---- the quadratic: every option of every optimizer ------------------------------------------

    /**
     * loss = sum(a (w - t)²) + (sum(w)·s - 1)² in {@code dtype}, negated when {@code maximize}; 25 steps from
     * w = [1, -2, 3], s = 0.7; returns the largest absolute difference from PyTorch's rows.
     */
    static double quadraticDeviation(Function<List<Tensor>, Optimizer> make, boolean maximize, DType dtype, double[][] rows) {
        Tensor w = tensor(new double[] {1.0, -2.0, 3.0}, new int[] {3}, dtype, true);
        Tensor s = tensor(new double[] {0.7}, new int[0], dtype, true);
        Tensor a = tensor(new double[] {1.0, 10.0, 0.1}, new int[] {3}, dtype, false);
        Tensor t = tensor(new double[] {0.5, 0.25, -1.0}, new int[] {3}, dtype, false);
        Optimizer opt = make.apply(List.of(w, s));
        double worst = 0;
        int row = 0;
        for (int step = 1; step <= 25; step++) {
            // f32 spells out sum(w) as in the script: Fluxion's f32 sum accumulates in double, PyTorch's in float.
            Tensor total = dtype == DType.F64 ? w.sum() : w.get(0).add(w.get(1)).add(w.get(2));
            Tensor loss = a.mul(w.sub(t).pow(2.)).sum().add(total.mul(s).sub(1.).pow(2.));
            if (maximize) loss = loss.neg();
            opt.zeroGrad();
            loss.backward();
            opt.step();
            if (row < rows.length && rows[row][0] == step) {
                double[] v = w.toDoubleArray();
                worst = Math.max(worst, deviation(new double[] {v[0], v[1], v[2], s.item()}, rows[row], 1));
                row++;
            }
        }
        assertEquals(rows.length, row);
        return worst;
    }

    private static void assertFollows(Function<List<Tensor>, Optimizer> make, boolean maximize, double[][] rows) {
        assertFollows(make, maximize, DType.F64, rows);
    }

    private static void assertFollows(Function<List<Tensor>, Optimizer> make, boolean maximize, DType dtype, double[][] rows) {
        double worst = quadraticDeviation(make, maximize, dtype, rows);
        assertTrue(worst <= 1e-13, "largest deviation from PyTorch: " + worst);
    }

    @Test
    void sgd() {
        assertFollows(p -> new SGD(p, 0.01), false, QUAD_SGD);
    }

    @Test
    void sgdMomentumCopiesTheFirstGradientIntoTheBuffer() {
        assertFollows(p -> SGD.builder(p).lr(0.01).momentum(0.9).build(), false, QUAD_SGD_MOMENTUM);
    }

    @Test
    void sgdDampeningSkipsTheFirstStep() {
        // Step 1 equals plain momentum's: the buffer starts as the undamped gradient.
        assertEquals(QUAD_SGD_MOMENTUM[0][1], QUAD_SGD_DAMPENING[0][1]);
        assertFollows(p -> SGD.builder(p).lr(0.01).momentum(0.9).dampening(0.5).build(), false, QUAD_SGD_DAMPENING);
    }

    @Test
    void sgdNesterov() {
        assertFollows(p -> SGD.builder(p).lr(0.01).momentum(0.9).nesterov(true).build(), false, QUAD_SGD_NESTEROV);
    }

    @Test
    void sgdWeightDecay() {
        assertFollows(p -> SGD.builder(p).lr(0.01).momentum(0.5).weightDecay(0.1).build(), false, QUAD_SGD_WEIGHT_DECAY);
    }

    @Test
    void sgdMaximize() {
        assertFollows(p -> SGD.builder(p).lr(0.01).momentum(0.9).maximize(true).build(), true, QUAD_SGD_MAXIMIZE);
    }

    @Test
    void adam() {
        assertFollows(p -> new Adam(p, 0.1), false, QUAD_ADAM);
    }

    @Test
    void adamBetasEpsWeightDecay() {
        assertFollows(p -> Adam.builder(p).lr(0.05).betas(0.8, 0.99).eps(1e-6).weightDecay(0.1).build(), false, QUAD_ADAM_OPTIONS);
    }

    @Test
    void adamAmsgrad() {
        assertFollows(p -> Adam.builder(p).lr(0.1).amsgrad(true).build(), false, QUAD_ADAM_AMSGRAD);
    }

    @Test
    void adamMaximize() {
        assertFollows(p -> Adam.builder(p).lr(0.1).maximize(true).build(), true, QUAD_ADAM_MAXIMIZE);
    }

    @Test
    void adamWDefaultWeightDecay() {
        assertFollows(p -> new AdamW(p, 0.1), false, QUAD_ADAMW);
    }

    @Test
    void adamWAmsgradWeightDecay() {
        assertFollows(p -> AdamW.builder(p).lr(0.1).weightDecay(0.5).amsgrad(true).build(), false, QUAD_ADAMW_AMSGRAD);
    }

    @Test
    void rmsprop() {
        assertFollows(p -> new RMSprop(p, 0.01), false, QUAD_RMSPROP);
    }

    @Test
    void rmspropCentered() {
        assertFollows(p -> RMSprop.builder(p).lr(0.01).centered(true).build(), false, QUAD_RMSPROP_CENTERED);
    }

    @Test
    void rmspropMomentumWeightDecay() {
        assertFollows(p -> RMSprop.builder(p).lr(0.01).momentum(0.9).weightDecay(0.1).build(), false, QUAD_RMSPROP_MOMENTUM);
    }

    @Test
    void rmspropEveryOption() {
        assertFollows(p -> RMSprop.builder(p).lr(0.01).alpha(0.9).eps(1e-6).momentum(0.5).centered(true)
                .weightDecay(0.05).maximize(true).build(), true, QUAD_RMSPROP_ALL);
    }

    @Test
    void adagrad() {
        assertFollows(p -> new Adagrad(p, 0.1), false, QUAD_ADAGRAD);
    }

    @Test
    void adagradOptions() {
        assertFollows(p -> Adagrad.builder(p).lr(0.1).lrDecay(0.01).weightDecay(0.1).initialAccumulatorValue(0.5)
                .eps(1e-6).build(), false, QUAD_ADAGRAD_OPTIONS);
    }

    @Test
    void adagradMaximize() {
        assertFollows(p -> Adagrad.builder(p).lr(0.1).maximize(true).build(), true, QUAD_ADAGRAD_MAXIMIZE);
    }

    // ---- f32: every scalar and intermediate rounded to float, as PyTorch's float kernels ----------

    @Test
    void sgdNesterovWeightDecayInF32() {
        assertFollows(p -> SGD.builder(p).lr(0.01).momentum(0.9).nesterov(true).weightDecay(0.1).build(), false, DType.F32, QUAD_SGD_F32);
    }

    @Test
    void adamWAmsgradInF32() {
        assertFollows(p -> AdamW.builder(p).lr(0.1).weightDecay(0.5).amsgrad(true).build(), false, DType.F32, QUAD_ADAMW_F32);
    }

    @Test
    void rmspropCenteredMomentumInF32() {
        assertFollows(p -> RMSprop.builder(p).lr(0.01).alpha(0.9).eps(1e-6).momentum(0.5).centered(true).weightDecay(0.05).build(),
                false, DType.F32, QUAD_RMSPROP_F32);
    }

    @Test
    void adagradOptionsInF32() {
        assertFollows(p -> Adagrad.builder(p).lr(0.1).lrDecay(0.01).weightDecay(0.1).initialAccumulatorValue(0.5).eps(1e-6).build(),
                false, DType.F32, QUAD_ADAGRAD_F32);
    }
}
