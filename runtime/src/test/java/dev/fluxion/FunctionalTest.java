package dev.fluxion;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static dev.fluxion.Fluxion.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Functional}: the seed's functional-API examples with their printed numbers, and PyTorch
 * 1.13's behaviour beyond them. Expected values marked "torch" were printed by
 * {@code torch.autograd.functional.<fn>} (float64) with the same arguments.
 */
class FunctionalTest {
    private static final Functional.Options CREATE_GRAPH = Functional.Options.defaults().createGraph(true);
    private static final Functional.Options STRICT = Functional.Options.defaults().strict(true);

    static void assertValues(double[] expected, Tensor t) {
        assertArrayEquals(expected, t.toDoubleArray(), 1e-12, t::toString);
    }

    // ---- the seed's examples ------------------------------------------------------------------------------

    @Test
    void seedJacobianOfSquare() {
        Tensor x = tensor(1.0, 2.0, 3.0).requiresGrad_(true);
        Tensor jac = Functional.jacobian(v -> v.pow(2.), x);
        assertEquals("tensor([[2., 0., 0.],\n        [0., 4., 0.],\n        [0., 0., 6.]])", jac.toString());
        // The seed's comment says "(n_inputs, n_outputs)"; PyTorch and API.md order it (outputs…, inputs…),
        // which matters only for non-square Jacobians: see jacobianShapes.
        assertArrayEquals(new int[] {3, 3}, jac.shape());
        assertNull(x.grad());
    }

    @Test
    void seedHessianOfCube() {
        Tensor x = tensor(2.0, true);
        Tensor hess = Functional.hessian(v -> v.pow(3.), x);
        assertEquals("tensor(12.)", hess.toString());
        // The seed prints shape (1, 1); torch.autograd.functional.hessian gives torch.Size([]) for a 0-d
        // input, and API.md fixes (in…, in…): we follow PyTorch 1.13.
        assertArrayEquals(new int[0], hess.shape());
    }

    @Test
    void seedDerivative() {
        UnaryOperator<Tensor> df = Functional.derivative(v -> v.pow(2.));
        assertEquals("tensor(4.)", df.apply(tensor(2.0, true)).toString());
        BiFunction<Tensor, Tensor, List<Tensor>> dg = Functional.derivative((a, b) -> a.mul(b).add(a.pow(2.)));
        assertEquals("[tensor(7.), tensor(2.)]", dg.apply(tensor(2.0, true), tensor(3.0, true)).toString());
    }

    @Test
    void seedJvpAndVjpOfSquare() {
        Tensor x = tensor(1.0, 2.0, 3.0).requiresGrad_(true);
        Tensor v = tensor(1.0, 1.0, 1.0);
        Functional.ValueAndProduct<Tensor, Tensor> jvp = Functional.jvp(a -> a.pow(2.), x, v);
        assertEquals("tensor([1., 4., 9.])", jvp.value().toString());
        assertEquals("tensor([2., 4., 6.])", jvp.product().toString());
        Functional.ValueAndProduct<Tensor, Tensor> vjp = Functional.vjp(a -> a.pow(2.), x, v);
        assertEquals("tensor([1., 4., 9.])", vjp.value().toString());
        assertEquals("tensor([2., 4., 6.])", vjp.product().toString());
    }

    @Test
    void seedHvpEqualsVhp() {
        Tensor x = tensor(1.0, 2.0, 3.0).requiresGrad_(true);
        Tensor v = tensor(1.0, 1.0, 1.0);
        UnaryOperator<Tensor> f = a -> a.pow(3.).sum();
        var hvp = Functional.hvp(f, x, v);
        var vhp = Functional.vhp(f, x, v);
        assertEquals("tensor(36.)", hvp.value().toString());
        assertEquals("tensor([ 6., 12., 18.])", hvp.product().toString());
        assertEquals("tensor(36.)", vhp.value().toString());
        assertEquals("tensor([ 6., 12., 18.])", vhp.product().toString());
    }

    // ---- shapes for one, two and many inputs ----------------------------------------------------------------

    @Test
    void jacobianShapes() {
        Tensor m = tensor(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        Tensor jm = Functional.jacobian(a -> a.matmul(tensor(1., 2.)), m);
        assertArrayEquals(new int[] {3, 3, 2}, jm.shape()); // torch: torch.Size([3, 3, 2])
        List<Tensor> j2 = Functional.jacobian((a, b) -> a.sum().mul(b), ones(2, 3), ones(4));
        assertArrayEquals(new int[] {4, 2, 3}, j2.get(0).shape()); // torch: [4, 2, 3] and [4, 4]
        assertArrayEquals(new int[] {4, 4}, j2.get(1).shape());
        assertValues(new double[] {6, 0, 0, 0, 0, 6, 0, 0, 0, 0, 6, 0, 0, 0, 0, 6}, j2.get(1));
        Tensor scalar = Functional.jacobian(a -> a.mul(3.), tensor(1.5));
        assertEquals("tensor(3.)", scalar.toString());
    }

    @Test
    void jacobianOfManyInputsAndOutputs() {
        // torch: jacobian(lambda a, b: (a * b, (a ** 2).sum() + b.prod()), ([1., 2.], [3., 4.]))
        Function<List<Tensor>, List<Tensor>> mm = in -> List.of(in.get(0).mul(in.get(1)), in.get(0).pow(2.).sum().add(in.get(1).prod()));
        List<List<Tensor>> j = Functional.jacobian(mm, List.of(tensor(1., 2.), tensor(3., 4.)));
        assertValues(new double[] {3, 0, 0, 4}, j.get(0).get(0));
        assertValues(new double[] {1, 0, 0, 2}, j.get(0).get(1));
        assertValues(new double[] {2, 4}, j.get(1).get(0));
        assertValues(new double[] {4, 3}, j.get(1).get(1));
        assertArrayEquals(new int[] {2}, j.get(1).get(0).shape());
    }

    @Test
    void hessianOfTwoInputs() {
        // torch: hessian(lambda a, b: (a**2).sum() * (b**3).sum(), ([1., 2.], [3., 4., 5.]))
        List<List<Tensor>> h = Functional.hessian((a, b) -> a.pow(2.).sum().mul(b.pow(3.).sum()), tensor(1., 2.), tensor(3., 4., 5.));
        assertArrayEquals(new int[] {2, 2}, h.get(0).get(0).shape());
        assertArrayEquals(new int[] {2, 3}, h.get(0).get(1).shape());
        assertArrayEquals(new int[] {3, 2}, h.get(1).get(0).shape());
        assertArrayEquals(new int[] {3, 3}, h.get(1).get(1).shape());
        assertValues(new double[] {432, 0, 0, 432}, h.get(0).get(0));
        assertValues(new double[] {54, 96, 150, 108, 192, 300}, h.get(0).get(1));
        assertValues(new double[] {54, 108, 96, 192, 150, 300}, h.get(1).get(0));
        assertValues(new double[] {90, 0, 0, 0, 120, 0, 0, 0, 150}, h.get(1).get(1));
        List<List<Tensor>> hm = Functional.hessian(in -> List.of(in.get(0).pow(2.).sum().mul(in.get(1).pow(3.).sum())),
                List.of(tensor(1., 2.), tensor(3., 4., 5.)));
        assertValues(h.get(0).get(1).toDoubleArray(), hm.get(0).get(1));
    }

    @Test
    void productsOfTwoInputs() {
        // torch: jvp / vjp(lambda a, b: a * b + b.exp(), ([1., 2.], [0.5, -1.]), ...)
        var jvp = Functional.jvp((a, b) -> a.mul(b).add(b.exp()), tensor(1., 2.), tensor(0.5, -1.), tensor(1., 1.), tensor(2., 3.));
        assertValues(new double[] {2.148721270700128, -1.6321205588285577}, jvp.value());
        assertValues(new double[] {5.797442541400256, 6.103638323514327}, jvp.product());
        var vjp = Functional.vjp((a, b) -> a.mul(b).add(b.exp()), tensor(1., 2.), tensor(0.5, -1.), tensor(1., 2.));
        assertValues(new double[] {0.5, -2.0}, vjp.product().get(0));
        assertValues(new double[] {2.648721270700128, 4.735758882342885}, vjp.product().get(1));
        // torch: hvp / vhp(lambda a, b: (a**2 * b).sum(), ([1., 2.], [3., 4.]), ([1., 0.], [0., 1.])) -> 19, ([6, 4], [2, 0])
        var hvp = Functional.hvp((a, b) -> a.pow(2.).mul(b).sum(), tensor(1., 2.), tensor(3., 4.), tensor(1., 0.), tensor(0., 1.));
        var vhp = Functional.vhp((a, b) -> a.pow(2.).mul(b).sum(), tensor(1., 2.), tensor(3., 4.), tensor(1., 0.), tensor(0., 1.));
        assertEquals(19.0, hvp.value().item());
        assertValues(new double[] {6, 4}, hvp.product().get(0));
        assertValues(new double[] {2, 0}, hvp.product().get(1));
        assertValues(new double[] {6, 4}, vhp.product().get(0));
        assertValues(new double[] {2, 0}, vhp.product().get(1));
    }

    @Test
    void productsOfManyInputsAndOutputs() {
        Function<List<Tensor>, List<Tensor>> mm = in -> List.of(in.get(0).mul(in.get(1)), in.get(0).pow(2.).sum().add(in.get(1).prod()));
        List<Tensor> xs = List.of(tensor(1., 2.), tensor(3., 4.));
        // torch: jvp(mm, xs, ([1., -1.], [0.5, 2.])) -> ((a*b, 17), ([3.5, 0.], 6.))
        var jvp = Functional.jvp(mm, xs, List.of(tensor(1., -1.), tensor(0.5, 2.)));
        assertValues(new double[] {3, 8}, jvp.value().get(0));
        assertEquals(17.0, jvp.value().get(1).item());
        assertValues(new double[] {3.5, 0}, jvp.product().get(0));
        assertEquals(6.0, jvp.product().get(1).item(), 1e-12);
        // torch: vjp(mm, xs, ([1., -1.], 2.)) -> ([7., 4.], [9., 4.])
        var vjp = Functional.vjp(mm, xs, List.of(tensor(1., -1.), tensor(2.)));
        assertValues(new double[] {7, 4}, vjp.product().get(0));
        assertValues(new double[] {9, 4}, vjp.product().get(1));
        List<Tensor> d = Functional.derivativeOfMany(in -> List.of(in.get(0).sin())).apply(List.of(tensor(0.1, 0.2, 0.3)));
        // torch: grad(x.sin().sum(), x) at [0.1, 0.2, 0.3]: the elementwise derivative cos(x)
        assertValues(new double[] {0.9950041652780257, 0.9800665778412416, 0.955336489125606}, d.get(0));
    }

    @Test
    void hvpEqualsVhpAndHessianTimesV() {
        Tensor a = tensor(new double[][] {{1, 2}, {3, 4}});
        UnaryOperator<Tensor> q = x -> x.sin().mul(x.prod()).sum().add(x.matmul(a).dot(x));
        Tensor x = tensor(0.3, -0.7), v = tensor(1.5, 2.0);
        var hvp = Functional.hvp(q, x, v);
        var vhp = Functional.vhp(q, x, v);
        // torch: hvp(q, x, v) -> (1.0732264709210337, [9.891910108058925, 23.25101009869484]); vhp the same
        assertEquals(1.0732264709210337, hvp.value().item(), 1e-14);
        assertArrayEquals(new double[] {9.891910108058925, 23.25101009869484}, hvp.product().toDoubleArray(), 1e-12);
        assertArrayEquals(hvp.product().toDoubleArray(), vhp.product().toDoubleArray(), 1e-12);
        Tensor h = Functional.hessian(q, x);
        // torch: hessian(q, x) -> [[0.724588158623033, 4.4025139350621885], [4.4025139350621885, 8.323619598050778]]
        assertArrayEquals(new double[] {0.724588158623033, 4.4025139350621885, 4.4025139350621885, 8.323619598050778},
                h.toDoubleArray(), 1e-12);
        assertArrayEquals(h.matmul(v).toDoubleArray(), hvp.product().toDoubleArray(), 1e-12);
    }

    // ---- strict mode ---------------------------------------------------------------------------------------

    @Test
    void strictErrorsCarryPyTorchMessages() {
        Tensor a = ones(2), b = ones(2);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Functional.jacobian((p, q) -> p.mul(2.), a, b, STRICT));
        assertEquals("Output 0 of the user-provided function is independent of input 1. This is not allowed in strict mode.", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Functional.vjp((p, q) -> p.mul(2.), a, b, ones(2), STRICT));
        assertEquals("The output of the user-provided function is independent of input 1. This is not allowed in strict mode.", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> Functional.jvp((p, q) -> p.mul(2.), a, b, ones(2), ones(2), STRICT));
        assertEquals("The output of the user-provided function is independent of input 1. This is not allowed in strict mode.", e.getMessage());
        String linear = "While computing the hessian, found that the jacobian of the user-provided function with respect to input 0 "
                + "is independent of the input. This is not allowed in strict mode. You should ensure that your function is twice "
                + "differentiable and that the jacobian depends on the inputs (this would be violated by a linear function for example).";
        assertEquals(linear, assertThrows(IllegalStateException.class, () -> Functional.hessian(Tensor::sum, a, STRICT)).getMessage());
        assertEquals(linear, assertThrows(IllegalStateException.class, () -> Functional.vhp(Tensor::sum, a, ones(2), STRICT)).getMessage());
        assertEquals(linear, assertThrows(IllegalStateException.class, () -> Functional.hvp(Tensor::sum, a, ones(2), STRICT)).getMessage());
        e = assertThrows(IllegalStateException.class, () -> Functional.jacobian(p -> ones(2), a, STRICT));
        assertEquals("Output 0 of the user-provided function does not require gradients. The outputs must be computed in a "
                + "differentiable manner from the input when running in strict mode.", e.getMessage());
    }

    @Test
    void withoutStrictIndependenceGivesZeros() {
        List<Tensor> j = Functional.jacobian((p, q) -> p.mul(2.), ones(2), ones(2));
        assertEquals("tensor([[2., 0.],\n        [0., 2.]])", j.get(0).toString());
        assertEquals("tensor([[0., 0.],\n        [0., 0.]])", j.get(1).toString());
        assertValues(new double[] {0, 0, 0, 0}, Functional.hessian(Tensor::sum, ones(2)));
        assertValues(new double[] {0, 0}, Functional.jacobian(p -> ones(2).sum(), ones(2)));
        assertValues(new double[] {0, 0}, Functional.hvp(Tensor::sum, ones(2), ones(2)).product());
        assertValues(new double[] {0, 0}, Functional.vjp((p, q) -> p.mul(2.), ones(2), ones(2), ones(2)).product().get(1));
    }

    @Test
    void argumentErrors() {
        Tensor x = tensor(1., 2., 3.).requiresGrad_(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Functional.vjp(a -> a.pow(2.), x, ones(2)));
        assertEquals("v has invalid size: should be [3] but got [2].", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.vjp(a -> a.pow(2.), x, null));
        assertEquals("The vector v can only be None if the user-provided function returns a single Tensor with a single element.",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.hessian(a -> a, ones(2)));
        assertEquals("The Tensor returned by the function given to hessian should contain a single element", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Functional.jvp((a, b) -> a.add(b), ones(2), ones(2), ones(2), ones(3)));
        assertEquals("Entry 1 in v has invalid size: should be [2] but got [3].", e.getMessage());
        // v may be omitted for a one-element output (vjp) or input (jvp, hvp), as in PyTorch
        assertEquals("tensor(4.)", Functional.vjp(a -> a.pow(2.), tensor(2.0), null).product().toString());
        assertEquals("tensor(12.)", Functional.hvp(a -> a.pow(3.), tensor(2.0), null).product().toString());
    }

    // ---- createGraph ----------------------------------------------------------------------------------------

    @Test
    void resultsHaveNoHistoryWithoutCreateGraph() {
        Tensor x = tensor(1.0, 2.0).requiresGrad_(true);
        assertFalse(Functional.jacobian(a -> a.pow(3.), x).requiresGrad());
        var r = Functional.vjp(a -> a.sin(), x, tensor(1., 2.));
        assertFalse(r.value().requiresGrad());
        assertFalse(r.product().requiresGrad());
        assertNull(x.grad());
    }

    @Test
    void createGraphMakesResultsDifferentiable() {
        Tensor x = tensor(1.0, 2.0).requiresGrad_(true);
        Tensor jc = Functional.jacobian(a -> a.pow(3.), x, CREATE_GRAPH);
        assertValues(new double[] {3, 0, 0, 12}, jc);
        assertTrue(jc.requiresGrad());
        assertValues(new double[] {6, 12}, Autograd.grad(jc.sum(), x).get(0)); // torch: (tensor([ 6., 12.]),)

        var vjp = Functional.vjp(a -> a.sin(), x, tensor(1., 2.), CREATE_GRAPH);
        assertValues(new double[] {0.5403023058681398, -0.8322936730942848}, vjp.product());
        assertTrue(vjp.value().requiresGrad());
        // torch: grad(vjp(sin, x, [1, 2], create_graph=True)[1].sum(), x) -> [-0.8414709848078965, -1.8185948536513634]
        assertValues(new double[] {-0.8414709848078965, -1.8185948536513634}, Autograd.grad(vjp.product().sum(), x).get(0));

        var jvp = Functional.jvp(a -> a.exp().mul(a), x, tensor(1., -1.), CREATE_GRAPH);
        assertArrayEquals(new double[] {5.43656365691809, -22.16716829679195}, jvp.product().toDoubleArray(), 1e-12);
        // torch: [8.154845485377136, -29.5562243957226]
        assertArrayEquals(new double[] {8.154845485377136, -29.5562243957226},
                Autograd.grad(jvp.product().sum(), x).get(0).toDoubleArray(), 1e-12);

        Tensor xh = tensor(0.5, 1.5).requiresGrad_(true);
        Tensor h = Functional.hessian(a -> a.exp().mul(a.prod()).sum(), xh, CREATE_GRAPH);
        assertArrayEquals(new double[] {6.182704765125482, 13.677304581895354, 13.677304581895353, 7.842955873091612},
                h.toDoubleArray(), 1e-12);
        // torch: grad(H.sum(), x) -> [32.58530477085954, 45.57742707737742]
        assertArrayEquals(new double[] {32.58530477085954, 45.57742707737742}, Autograd.grad(h.sum(), xh).get(0).toDoubleArray(), 1e-11);

        var hvp = Functional.hvp(a -> a.pow(4.).sum(), xh, tensor(1., 1.), CREATE_GRAPH);
        assertValues(new double[] {3, 27}, hvp.product());
        assertValues(new double[] {12, 36}, Autograd.grad(hvp.product().sum(), xh).get(0)); // torch: [12., 36.]

        Tensor d2 = Functional.derivative(Functional.derivative(a -> a.pow(3.), CREATE_GRAPH)).apply(tensor(2.0, true));
        assertEquals("tensor(12.)", d2.toString());
    }

    @Test
    void strictWithCreateGraphRejectsConstantJacobianRows() {
        Tensor x = tensor(1.0, 2.0).requiresGrad_(true);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Functional.jacobian(a -> a.mul(2.), x, Functional.Options.defaults().strict(true).createGraph(true)));
        assertEquals("The jacobian of the user-provided function is independent of input 0. This is not allowed in strict mode "
                + "when create_graph=True.", e.getMessage());
    }
}
