package dev.fluxion;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static dev.fluxion.Fluxion.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tensor examples of seed 000 (the "Riemann" autograd guide the API mirrors), in the seed's
 * order: each prints what the seed prints and asserts it. Where the seed prints a tensor, the
 * expected text is PyTorch 1.13's (from {@code benchmarks/torch/tensor_printing_oracle.py}, lines
 * named {@code seed000_*}); where the seed's comment gives a bare number, the number is asserted.
 * The functional API, custom functions, optimizers and share_grad_map are covered elsewhere.
 */
class Seed000ExamplesTest {
    private static String show(String label, Object value) {
        String s = String.valueOf(value);
        System.out.println(label + ": " + s);
        return s;
    }

    // ---- gradient tracking switch --------------------------------------------------------------------

    @Test
    void gradientTrackingSwitch() {
        Tensor x = tensor(1., 2., 3.);
        assertFalse(x.requiresGrad());
        Tensor tracked = tensor(new double[] {1., 2., 3.}, true);
        assertTrue(tracked.requiresGrad());
        Tensor later = tensor(1., 2., 3.);
        assertSame(later, later.requiresGrad_(true));
        assertTrue(later.requiresGrad());
        assertEquals("tensor([1., 2., 3.], requires_grad=True)", show("x", later));
    }

    // ---- backward() ------------------------------------------------------------------------------------

    @Test
    void example1ScalarOutput() {
        Tensor x = tensor(2.0, true), y = tensor(3.0, true);
        Tensor z = x.mul(y).add(x.pow(2.));
        z.backward();
        assertEquals("tensor(7.)", show("x.grad", x.grad()));   // dz/dx = y + 2x = 7
        assertEquals("tensor(2.)", show("y.grad", y.grad()));   // dz/dy = x = 2
    }

    @Test
    void example2NonScalarOutput() {
        Tensor x = tensor(new double[] {1., 2., 3.}, true);
        Tensor y = x.mul(2.);
        y.backward(tensor(1., 1., 1.));
        assertEquals("tensor([2., 2., 2.])", show("x.grad", x.grad()));
    }

    @Test
    void example3RetainGradForIntermediate() {
        Tensor x = tensor(2.0, true);
        Tensor y = x.mul(3.);
        Tensor z = y.pow(2.);
        y.retainGrad();
        z.backward();
        assertEquals("tensor(36.)", show("x.grad", x.grad()));  // dz/dx = 36
        assertEquals("tensor(12.)", show("y.grad", y.grad()));  // dz/dy = 12
    }

    // ---- grad() -----------------------------------------------------------------------------------------

    @Test
    void gradExample1SpecificTensors() {
        Tensor x = tensor(2.0, true), y = tensor(3.0, true), z = tensor(4.0, true);
        Tensor w = x.mul(y).add(z);
        List<Tensor> grads = Autograd.grad(w, List.of(x, y));
        assertEquals("[tensor(3.), tensor(2.)]", show("grads", grads)); // the seed's tuple, as a Java list
        assertNull(x.grad());
        assertNull(z.grad());
    }

    @Test
    void gradExample2NonScalarOutput() {
        Tensor x = tensor(new double[] {1., 2., 3.}, true);
        Tensor y = x.mul(2.);
        List<Tensor> grads = Autograd.grad(y, x, GradOptions.builder().gradOutputs(tensor(1., 1., 1.)).build());
        assertEquals("[tensor([2., 2., 2.])]", show("grads", grads));
    }

    @Test
    void gradientAccumulation() {
        Tensor x = tensor(1.0, true);
        x.mul(2.).backward();
        assertEquals("tensor(2.)", show("x.grad", x.grad()));
        x.mul(3.).backward();
        assertEquals("tensor(5.)", show("x.grad", x.grad()));   // 2 + 3
        if (x.grad() != null) x.grad().zero_();
        assertEquals("tensor(0.)", show("x.grad", x.grad()));
    }

    // ---- grad modes ---------------------------------------------------------------------------------------

    @Test
    void isGradEnabledAndNoGradContext() {
        assertTrue(isGradEnabled());
        try (var g = noGrad()) {
            assertFalse(isGradEnabled());
        }
        assertTrue(isGradEnabled());
        Tensor x = tensor(new double[] {1., 2., 3.}, true);
        Tensor y;
        try (var g = noGrad()) {
            y = x.mul(2.);
        }
        assertFalse(y.requiresGrad());
        assertEquals("tensor([2., 4., 6.])", show("y", y));
    }

    @Test
    void noGradAsWrapper() {
        UnaryOperator<Tensor> model = t -> t.mul(2.).sum();
        Tensor x = tensor(new double[] {1., 2., 3.}, true);
        Tensor out = noGrad(() -> model.apply(x));                 // @rm.no_grad def inference(model, x)
        assertFalse(out.requiresGrad());
        assertEquals(12.0, out.item());
        boolean[] seen = new boolean[1];
        noGrad(() -> { seen[0] = isGradEnabled(); });              // a Runnable body
        assertFalse(seen[0]);
        assertTrue(isGradEnabled());
    }

    @Test
    void enableGradInsideNoGrad() {
        Tensor x = tensor(new double[] {1., 2., 3.}, true);
        try (var outer = noGrad()) {
            assertFalse(isGradEnabled());
            try (var inner = enableGrad()) {
                Tensor y = x.mul(2.);
                assertTrue(y.requiresGrad());
            }
            assertFalse(isGradEnabled());
        }
    }

    @Test
    void enableGradAsWrapperTrainsInsideNoGrad() {
        Tensor w = tensor(new double[] {0.5, -1.}, true);
        Tensor x = tensor(2., 3.), target = tensor(1., 1.);
        Tensor loss = noGrad(() -> enableGrad(() -> {                // @rm.enable_grad def train_step(...)
            Tensor pred = w.mul(x);
            Tensor l = pred.sub(target).pow(2.).mean();
            l.backward();
            return l;
        }));
        assertTrue(loss.requiresGrad());
        // d/dw mean((w x - t)^2) = (w x - t) x: (0, -4·3) → [0., -12.]
        assertEquals("tensor([  0., -12.])", show("w.grad", w.grad()));
    }

    @Test
    void setGradEnabledContextAndWrapper() {
        Tensor x = tensor(new double[] {1., 2., 3.}, true);
        try (var g = setGradEnabled(false)) {
            assertFalse(x.mul(2.).requiresGrad());
        }
        try (var g = setGradEnabled(true)) {
            assertTrue(x.mul(2.).requiresGrad());
        }
        UnaryOperator<Tensor> model = t -> t.mul(2.);
        assertFalse(setGradEnabled(false, () -> model.apply(x)).requiresGrad());  // @rm.set_grad_enabled(False)
        assertTrue(setGradEnabled(true, () -> model.apply(x)).requiresGrad());
        boolean[] seen = new boolean[1];
        setGradEnabled(false, () -> { seen[0] = isGradEnabled(); });
        assertFalse(seen[0]);
    }

    @Test
    void nestedContextManagers() {
        Tensor x = tensor(new double[] {1., 2., 3.}, true);
        try (var outer = noGrad()) {
            Tensor y1 = x.mul(2.);
            assertEquals("false", show("Outer no_grad: y1.requires_grad", y1.requiresGrad()));
            try (var inner = enableGrad()) {
                Tensor y2 = x.mul(3.);
                assertEquals("true", show("Inner enable_grad: y2.requires_grad", y2.requiresGrad()));
            }
            Tensor y3 = x.mul(4.);
            assertEquals("false", show("Back to outer: y3.requires_grad", y3.requiresGrad()));
        }
    }

    @Test
    void guardsRestoreOnExceptionsAndCloseOnce() {
        var g = noGrad();
        var h = enableGrad();
        h.close();
        h.close();                                                   // a second close changes nothing
        assertFalse(isGradEnabled());
        g.close();
        assertTrue(isGradEnabled());
        assertThrows(IllegalStateException.class, () -> noGrad(() -> { throw new IllegalStateException("boom"); }));
        assertTrue(isGradEnabled());
    }

    /** Grad mode is per thread, as in PyTorch: one thread's no_grad does not reach another. */
    @Test
    void gradModeIsPerThread() throws Exception {
        CyclicBarrier inside = new CyclicBarrier(2), checked = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> quiet = pool.submit(() -> {
                try (var g = noGrad()) {
                    inside.await(10, TimeUnit.SECONDS);   // both threads are now running
                    boolean records = tensor(1.0, true).mul(2.).requiresGrad();
                    checked.await(10, TimeUnit.SECONDS);
                    return records;
                }
            });
            Future<Boolean> recording = pool.submit(() -> {
                inside.await(10, TimeUnit.SECONDS);       // the other thread is inside its no_grad block
                boolean records = isGradEnabled() && tensor(1.0, true).mul(2.).requiresGrad();
                checked.await(10, TimeUnit.SECONDS);
                return records;
            });
            assertFalse(quiet.get(20, TimeUnit.SECONDS));
            assertTrue(recording.get(20, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertTrue(isGradEnabled());
    }

    // ---- detach / detach_ / clone / copy ---------------------------------------------------------------------

    @Test
    void detachSharesMemoryAndLeavesTheGraph() {
        Tensor x = tensor(new double[] {1., 2., 3.}, true);
        Tensor y = x.mul(2.);
        Tensor detachedY = y.detach();
        assertEquals("tensor([2., 4., 6.])", show("detached_y", detachedY));
        assertFalse(detachedY.requiresGrad());
        assertTrue(detachedY.isLeaf());
        detachedY.set(-5., 0);                                       // a write through the detached tensor...
        assertArrayEquals(new double[] {-5., 4., 6.}, y.toDoubleArray());   // ...shows in the original
        assertEquals("tensor([-5.,  4.,  6.], grad_fn=<MulBackward0>)", y.toString());
        // torch: y = x * 2.; y.detach()[0] = -5.; print(y)
    }

    @Test
    void detachInPlace() {
        Tensor x = tensor(new double[] {1., 2., 3.}, true);
        Tensor y = x.mul(2.);
        assertTrue(show("Before detach_(): y.requires_grad", y.requiresGrad()).equals("true"));
        assertSame(y, y.detach_());
        assertEquals("false", show("After detach_(): y.requires_grad", y.requiresGrad()));
        assertTrue(y.isLeaf());
    }

    @Test
    void cloneCopiesAndStaysInTheGraph() {
        Tensor x = tensor(new double[] {1., 2., 3.}, true);
        Tensor y = x.mul(2.);
        Tensor clonedY = y.clone();
        assertEquals("tensor([2., 4., 6.], grad_fn=<CloneBackward0>)", show("cloned_y", clonedY));
        assertTrue(clonedY.requiresGrad());
        clonedY.set(-5., 0);                                         // allowed: a clone is not a leaf
        assertArrayEquals(new double[] {2., 4., 6.}, y.toDoubleArray());
        clonedY.sum().backward();
        assertEquals("tensor([0., 2., 2.])", show("x.grad", x.grad()));
        // torch: c = (x * 2.).clone(); c[0] = -5.; c.sum().backward(); x.grad (the overwritten element passes nothing)
    }

    @Test
    void copyCopiesAndIsDetached() {
        Tensor x = tensor(new double[] {1., 2., 3.}, true);
        Tensor y = x.mul(2.);
        Tensor copiedY = y.copy();
        assertEquals("tensor([2., 4., 6.])", show("copied_y", copiedY));
        assertFalse(copiedY.requiresGrad());
        copiedY.set(-5., 0);
        assertArrayEquals(new double[] {2., 4., 6.}, y.toDoubleArray());
    }

    /** The seed's table: new object? shares memory? tracks gradients? */
    @Test
    void keyDifferencesTable() {
        Tensor x = tensor(new double[] {1., 2., 3.}, true);
        Tensor y1 = x.detach();
        assertEquals("detach() result: y1 = tensor([1., 2., 3.]), requires_grad=false",
                show("row", "detach() result: y1 = " + y1 + ", requires_grad=" + y1.requiresGrad()));
        Tensor x2 = tensor(new double[] {1., 2., 3.}, true);
        assertTrue(x2.requiresGrad());
        x2.detach_();
        assertFalse(x2.requiresGrad());
        Tensor y2 = x.clone();
        assertEquals("tensor([1., 2., 3.], grad_fn=<CloneBackward0>)", show("clone() result: y2", y2));
        Tensor y3 = x.copy();
        assertEquals("tensor([1., 2., 3.])", show("copy() result: y3", y3));

        // | method    | new object | shares memory | gradient tracking |
        // | detach()  | yes        | yes           | no                |
        // | detach_() | no         | same tensor   | no                |
        // | clone()   | yes        | no            | yes               |
        // | copy()    | yes        | no            | no                |
        record Row(String method, UnaryOperator<Tensor> op, boolean newObject, boolean sharesMemory, boolean tracks) {}
        List<Row> table = List.of(
                new Row("detach()", Tensor::detach, true, true, false),
                new Row("detach_()", Tensor::detach_, false, true, false),
                new Row("clone()", Tensor::clone, true, false, true),
                new Row("copy()", Tensor::copy, true, false, false));
        for (Row row : table) {
            Tensor leaf = tensor(new double[] {1., 2., 3.}, true);
            Tensor source = leaf.mul(1.);                            // a non-leaf, so detach_ and writes are allowed
            Tensor result = row.op().apply(source);
            assertEquals(row.newObject(), result != source, row.method());
            result.detach_();                                        // write through it without recording
            result.set(42., 1);
            assertEquals(row.sharesMemory(), source.toDoubleArray()[1] == 42., row.method() + " memory");
            Tensor fresh = row.op().apply(leaf.mul(1.));
            assertEquals(row.tracks(), fresh.requiresGrad(), row.method() + " tracking");
        }
    }

    // ---- in-place operations ---------------------------------------------------------------------------------

    @Test
    void inPlaceOperations() {
        Tensor x = tensor(new double[] {1., 2., 3.}, true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.add_(1.));
        show("Error on leaf tensor in-place operation", e.getMessage());
        assertEquals("a leaf Variable that requires grad is being used in an in-place operation.", e.getMessage());

        Tensor y = x.mul(2.);
        assertEquals("tensor([2., 4., 6.], grad_fn=<MulBackward0>)", show("Before in-place add on non-leaf tensor: y", y));
        y.add_(3.);
        assertEquals("tensor([5., 7., 9.], grad_fn=<AddBackward0>)", show("After in-place add on non-leaf tensor: y", y));
        y.sum().backward();
        assertEquals("tensor([2., 2., 2.])", show("x.grad", x.grad()));
        x.grad().zero_();

        Tensor y2 = x.mul(2.);
        assertEquals("tensor([2., 4., 6.], grad_fn=<MulBackward0>)", show("Before in-place indexing assignment: y", y2));
        y2.set(100., 0);
        assertEquals("tensor([100.,   4.,   6.], grad_fn=<CopySlices>)", show("After in-place indexing assignment: y", y2));
        y2.sum().backward();
        assertEquals("tensor([0., 2., 2.])", show("x.grad", x.grad()));
        x.grad().zero_();

        Tensor a0 = tensor(2.0, true), b0 = tensor(3.0, true);
        Tensor a = a0.mul(b0);
        a.mul_(2.);
        Tensor b = a.add(a0);
        b.backward();
        // torch prints (tensor(7.), tensor(4.)): d/dx (2xy + x) = 2y + 1, d/dy = 2x
        assertEquals("(tensor(7.), tensor(4.))", show("grads", "(" + a0.grad() + ", " + b0.grad() + ")"));
    }

    // ---- higher-order gradients --------------------------------------------------------------------------------

    @Test
    void higherOrderWithCreateGraph() {
        Tensor x = tensor(2.0, true);
        Tensor y = x.pow(3.);
        Tensor dyDx = Autograd.grad(y, x, GradOptions.builder().createGraph(true).build()).get(0);
        assertEquals(12.0, dyDx.item());
        assertEquals("tensor(12., grad_fn=<MulBackward0>)", show("dy_dx", dyDx));    // the seed's comment: 12
        Tensor d2 = Autograd.grad(dyDx, x).get(0);
        assertEquals("tensor(12.)", show("d2y_dx2", d2));
    }

    @Test
    void dMethodMixedPartials() {
        Tensor x = tensor(2.0, true), y = tensor(3.0, true);
        Tensor f = x.pow(3.).mul(y.pow(2.));
        assertEquals(72.0, f.d(x, y).item());      // d²f/dxdy = 6x²y = 72
        assertEquals(72.0, f.d(x, x, y).item());   // d³f/dx²dy = 12xy = 72
        assertEquals("tensor(72.)", show("d2f_dxdy", f.d(x, y)));
    }

    @Test
    void higherOrderGradFunction() {
        Tensor x = tensor(2.0, true);
        Tensor y = x.pow(3.);
        assertEquals(12.0, Autograd.higherOrderGrad(y, x, 2).item());
        assertEquals(6.0, Autograd.higherOrderGrad(y, x, 3).item());
        Tensor x1 = tensor(1.0, true), x2 = tensor(2.0, true);
        Tensor z = x1.pow(2.).add(x2.pow(3.));
        List<Tensor> grads = Autograd.higherOrderGrad(z, List.of(x1, x2), 2);
        assertEquals("[tensor(2.), tensor(12.)]", show("grads", grads));  // the seed prints (2.0, 12.0)
    }

    // ---- custom functions 1: built from tensor functions -------------------------------------------------------

    @Test
    void customFunctionFromTensorFunctions() {
        UnaryOperator<Tensor> myCustomFunction = t -> exp(sin(t)).add(t.pow(2.));
        Tensor x = tensor(1.0, true);
        Tensor y = myCustomFunction.apply(x);
        y.backward();
        assertEquals("tensor(3.2534)", show("Gradient", x.grad()));   // e^sin(1) cos(1) + 2
        assertEquals(Math.exp(Math.sin(1)) * Math.cos(1) + 2, x.grad().item(), 1e-15);
    }
}
