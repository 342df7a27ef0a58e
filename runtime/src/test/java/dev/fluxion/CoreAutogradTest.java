package dev.fluxion;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.fluxion.Fluxion.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The core of the eager runtime: recording, backward, grad, retain/create graph, in-place ops. */
class CoreAutogradTest {
    @Test
    void scalarBackward() {
        Tensor x = tensor(2.0, true), y = tensor(3.0, true);
        Tensor z = x.mul(y).add(x.pow(2.));
        z.backward();
        assertEquals("tensor(7.)", x.grad().toString());
        assertEquals("tensor(2.)", y.grad().toString());
        assertEquals("tensor(10., grad_fn=<AddBackward0>)", z.toString());
        assertEquals("tensor(2., requires_grad=True)", x.toString());
    }

    @Test
    void vectorBackwardWithGradient() {
        Tensor x = tensor(1., 2., 3.).requiresGrad_(true);
        Tensor y = x.mul(2.);
        y.backward(tensor(1., 1., 1.));
        assertEquals("tensor([2., 2., 2.])", x.grad().toString());
        Tensor x2 = tensor(1., 2., 3.).requiresGrad_(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x2.mul(2.).backward());
        assertTrue(e.getMessage().contains("scalar outputs"));
    }

    @Test
    void retainGradOnIntermediate() {
        Tensor x = tensor(2.0, true);
        Tensor y = x.mul(3);
        Tensor z = y.pow(2);
        y.retainGrad();
        z.backward();
        assertEquals(36.0, x.grad().item());
        assertEquals(12.0, y.grad().item());
    }

    @Test
    void gradFunctionDoesNotTouchGradFields() {
        Tensor x = tensor(2.0, true), y = tensor(3.0, true), z = tensor(4.0, true);
        Tensor w = x.mul(y).add(z);
        List<Tensor> g = Autograd.grad(w, List.of(x, y));
        assertEquals("[tensor(3.), tensor(2.)]", g.toString());
        assertNull(x.grad());
    }

    @Test
    void accumulationAndZero() {
        Tensor x = tensor(1.0, true);
        x.mul(2.).backward();
        x.mul(3.).backward();
        assertEquals(5.0, x.grad().item());
        x.grad().zero_();
        assertEquals("tensor(0.)", x.grad().toString());
    }

    @Test
    void retainGraphGivesTwoThenFour() {
        Tensor x = tensor(1.0, true);
        Tensor y = x.mul(2);
        y.backward(null, true, false);
        assertEquals(2.0, x.grad().item());
        y.backward();
        assertEquals(4.0, x.grad().item());
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("retainGraph=true"), e.getMessage());
    }

    @Test
    void createGraphToHigherOrder() {
        Tensor x = tensor(2.0, true);
        Tensor y = x.pow(3);
        Tensor dy = Autograd.grad(y, x, GradOptions.builder().createGraph(true).build()).get(0);
        assertEquals(12.0, dy.item());
        Tensor d2 = Autograd.grad(dy, x).get(0);
        assertEquals(12.0, d2.item());
        Tensor a = tensor(2.0, true), b = tensor(3.0, true);
        Tensor f = a.pow(3.).mul(b.pow(2.));
        assertEquals(72.0, f.d(a, b).item());
        assertEquals(72.0, f.d(a, a, b).item());
        Tensor t = tensor(2.0, true);
        Tensor cube = t.pow(3.);
        assertEquals(12.0, Autograd.higherOrderGrad(cube, t, 2).item());   // 6t
        assertEquals(6.0, Autograd.higherOrderGrad(cube, t, 3).item());
    }

    @Test
    void inPlaceOnLeafThrowsAndOnIntermediateDifferentiates() {
        Tensor x = tensor(1., 2., 3.).requiresGrad_(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.add_(1.));
        assertTrue(e.getMessage().contains("a leaf Variable that requires grad is being used in an in-place operation"));
        Tensor y = x.mul(2.);
        y.mul_(3.);
        y.set(100., 0);
        y.sum().backward();
        assertArrayEquals(new double[] {0, 6, 6}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {100, 12, 18}, y.toDoubleArray());
    }

    @Test
    void versionCounterCatchesModifiedSavedValues() {
        Tensor x = tensor(1., 2.).requiresGrad_(true);
        Tensor y = x.mul(1.);
        Tensor z = y.exp();        // exp's backward reads y's value again
        y.add_(1.);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> z.sum().backward());
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
    }

    @Test
    void noGradAndDetach() {
        Tensor x = tensor(1.0, true);
        try (var g = noGrad()) {
            assertFalse(isGradEnabled());
            assertFalse(x.mul(2).requiresGrad());
            try (var h = enableGrad()) {
                assertTrue(x.mul(2).requiresGrad());
            }
            assertFalse(isGradEnabled());
        }
        assertTrue(isGradEnabled());
        Tensor d = x.mul(2).detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
    }

    @Test
    void millionOpTapeBackward() {
        Tensor x = tensor(0.5, true);
        Tensor v = x;
        for (int i = 0; i < 1_000_000; i++) v = v.mul(1.0000001);
        v.backward();
        assertEquals(Math.pow(1.0000001, 1_000_000), x.grad().item(), 1e-9);
    }
}
