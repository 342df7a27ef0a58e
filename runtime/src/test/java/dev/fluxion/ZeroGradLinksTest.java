package dev.fluxion;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.fluxion.Fluxion.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ZeroGradLinks}: the seed's fwbw_all_zero, attach_zero_grad_sources and share_grad_map examples. */
class ZeroGradLinksTest {
    @Test
    void seedFwbwAllZero() {
        Tensor a = tensor(1.0, 2.0).requiresGrad_(true);
        Tensor x = tensor(3.0, 4.0).requiresGrad_(true);
        Tensor z = ZeroGradLinks.fwbwAllZero(x);
        assertEquals("tensor(0., grad_fn=<FwbwAllZeroBackward>)", z.toString());
        Tensor a2 = a.add(z);
        assertEquals("tensor([1., 2.], grad_fn=<AddBackward0>)", a2.toString());
        a2.sum().backward();
        assertEquals("tensor([0., 0.])", x.grad().toString());
        assertEquals("tensor([1., 1.])", a.grad().toString());
        assertFalse(ZeroGradLinks.fwbwAllZero(tensor(1., 2.)).requiresGrad());
    }

    @Test
    void seedAttachZeroGradSourcesToALeaf() {
        Tensor a = tensor(1.0, 2.0).requiresGrad_(true);
        Tensor b = tensor(3.0, 4.0).requiresGrad_(true);
        Tensor c = tensor(5.0, 6.0).requiresGrad_(true);
        assertSame(c, ZeroGradLinks.attachZeroGradSources(c, a, b, c));
        assertEquals("[5.0, 6.0]", java.util.Arrays.toString(c.toDoubleArray()));
        c.mul(2.).sum().backward();
        assertEquals("tensor([0., 0.])", a.grad().toString());
        assertEquals("tensor([0., 0.])", b.grad().toString());
        assertEquals("tensor([2., 2.])", c.grad().toString());
    }

    @Test
    void attachToAComputedTensorKeepsItsGradient() {
        Tensor x = tensor(1.0, 2.0).requiresGrad_(true);
        Tensor s = tensor(7.0, true);
        Tensor t = x.mul(2.);
        Tensor earlier = t.add(1.); // recorded before the attachment: still flows through t's history
        ZeroGradLinks.attachZeroGradSources(t, s, tensor(9.0));
        assertEquals("tensor([2., 4.], grad_fn=<AttachZeroGradSourcesBackward>)", t.toString());
        t.mul(3.).sum().add(earlier.sum()).backward();
        assertEquals("tensor([8., 8.])", x.grad().toString());
        assertEquals("tensor(0.)", s.grad().toString());
    }

    @Test
    void attachRejectsCyclesAndIsOffWithoutGradMode() {
        Tensor x = tensor(1.0, true);
        Tensor t = x.mul(2.);
        Tensor u = t.add(1.);
        assertThrows(IllegalArgumentException.class, () -> ZeroGradLinks.attachZeroGradSources(t, u));
        Tensor w = tensor(2.0);
        try (var g = noGrad()) {
            ZeroGradLinks.attachZeroGradSources(w, x);
        }
        assertFalse(w.requiresGrad());
        ZeroGradLinks.attachZeroGradSources(w, x);
        assertTrue(w.requiresGrad());
        w.mul(5.).backward();
        assertEquals("tensor(0.)", x.grad().toString());
    }

    @Test
    void seedShareGradMap() {
        Tensor a = tensor(1.0, 2.0).requiresGrad_(true);
        Tensor b = tensor(3.0, 4.0).requiresGrad_(true);
        Tensor c = tensor(5.0, 6.0).requiresGrad_(true);
        Tensor y1 = a.mul(b).sum();
        y1.backward();
        assertNull(c.grad());

        a = tensor(1.0, 2.0).requiresGrad_(true);
        b = tensor(3.0, 4.0).requiresGrad_(true);
        c = tensor(5.0, 6.0).requiresGrad_(true);
        List<Tensor> mapped = ZeroGradLinks.shareGradMap(List.of(a, b, c));
        Tensor aNew = mapped.get(0), bNew = mapped.get(1), cNew = mapped.get(2);
        Tensor y2 = aNew.mul(bNew).sum();
        y2.backward();
        assertEquals("tensor([0., 0.])", cNew.grad().toString());
        assertEquals(y1.item(), y2.item());
        assertEquals("tensor([3., 4.])", aNew.grad().toString());
        assertEquals("tensor([1., 2.])", bNew.grad().toString());
        // and the originals, through the clone edges
        assertEquals("tensor([3., 4.])", a.grad().toString());
        assertEquals("tensor([1., 2.])", b.grad().toString());
        assertEquals("tensor([0., 0.])", c.grad().toString());
    }

    @Test
    void shareGradMapConnectsWhicheverTensorTheLossUses() {
        Tensor a = tensor(1.0, 2.0).requiresGrad_(true);
        Tensor b = tensor(3.0, true);
        Tensor plain = tensor(8.0);
        List<Tensor> mapped = ZeroGradLinks.shareGradMap(List.of(a, b, plain));
        assertSame(plain, mapped.get(2));
        assertEquals("tensor(3., grad_fn=<ShareGradMapBackward>)", mapped.get(1).toString());
        List<Tensor> g = Autograd.grad(mapped.get(1).mul(4.), List.of(a, b, mapped.get(0)));
        assertEquals("[tensor([0., 0.]), tensor(4.), tensor([0., 0.])]", g.toString());
    }
}
