package dev.fluxion;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.List;

import static dev.fluxion.Fluxion.tensor;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The graph is released after backward unless retained, and nothing (not even create-graph's
 * x → x.grad → graph → x loop, PyTorch's leak in pytorch#7343) keeps an unreachable graph alive.
 */
class GraphReleaseTest {
    private static boolean collected(WeakReference<?> ref) {
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ref.get() == null;
    }

    /** Builds loss = sum(exp(x·2)) and returns it with a weak reference to the intermediate x·2. */
    private static Object[] lossWithWeakIntermediate(Tensor x) {
        Tensor mid = x.mul(2.);
        Tensor loss = mid.exp().sum();
        return new Object[] {loss, new WeakReference<>(mid)};
    }

    @Test
    void backwardReleasesSavedTensors() {
        Tensor x = tensor(1., 2., 3.).requiresGrad_(true);
        Object[] r = lossWithWeakIntermediate(x);
        Tensor loss = (Tensor) r[0];
        @SuppressWarnings("unchecked") WeakReference<Tensor> mid = (WeakReference<Tensor>) r[1];
        loss.backward();
        assertTrue(collected(mid), "the intermediate is still reachable after backward");
        assertNotNull(loss.gradFnName()); // the output itself stays usable for printing
    }

    @Test
    void retainGraphKeepsThemUntilTheOutputIsDropped() {
        Tensor x = tensor(1., 2., 3.).requiresGrad_(true);
        Object[] r = lossWithWeakIntermediate(x);
        Tensor loss = (Tensor) r[0];
        @SuppressWarnings("unchecked") WeakReference<Tensor> mid = (WeakReference<Tensor>) r[1];
        loss.backward(null, true, false);
        System.gc();
        assertNotNull(mid.get(), "retainGraph must keep the graph");
        loss.backward();
        assertTrue(collected(mid));
    }

    @Test
    void createGraphCycleThroughGradDoesNotLeak() {
        WeakReference<Tensor> weakX = makeCycle();
        assertTrue(collected(weakX), "x → x.grad → graph → x must be collectable once unreachable");
    }

    private static WeakReference<Tensor> makeCycle() {
        Tensor x = tensor(1., 2., 3.).requiresGrad_(true);
        Tensor y = x.pow(3.).sum();
        y.backward(null, false, true);   // x.grad now holds a graph that refers back to x
        List<Tensor> g2 = Autograd.grad(x.grad().sum(), x);
        assertTrue(g2.get(0).numel() == 3);
        return new WeakReference<>(x);
    }
}
