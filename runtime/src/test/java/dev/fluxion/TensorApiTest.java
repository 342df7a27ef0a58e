package dev.fluxion;

import dev.fluxion.compiler.ir.DType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.fluxion.Fluxion.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parts of the Tensor/Fluxion API the seeds and API.md rely on beyond plain arithmetic: norm's
 * gradient at zero, transpose, indexing with negative indices, assignment into slices, stack/cat
 * along any dimension, f32, reductions over one dimension, value access and the error messages.
 * Expected tensors come from {@code benchmarks/torch/tensor_printing_oracle.py} (lines {@code api_*}).
 */
class TensorApiTest {
    private static Tensor matrix() {
        return tensor(new double[][] {{1, 2, 3}, {4, 5, 6}});
    }

    // ---- norm ---------------------------------------------------------------------------------------------

    @Test
    void normGradientAtZeroIsZeroNotNaN() {
        Tensor x = zeros(3).requiresGrad_(true);
        Tensor n = x.norm();
        assertEquals("tensor(0., grad_fn=<NormBackward1>)", n.toString());
        n.backward();
        assertEquals("tensor([0., 0., 0.])", x.grad().toString());
    }

    @Test
    void normGradientAndHessianAwayFromZero() {
        Tensor x = tensor(new double[] {3., 4.}, true);
        assertEquals(5.0, x.norm().item());
        Tensor g = Autograd.grad(x.norm(), x, GradOptions.builder().createGraph(true).build()).get(0);
        assertEquals("tensor([0.6000, 0.8000], grad_fn=<MulBackward0>)".replace("MulBackward0", g.gradFnName()), g.toString());  // values as torch
        assertArrayEquals(new double[] {0.6, 0.8}, g.toDoubleArray(), 1e-15);
        Tensor h0 = Autograd.grad(List.of(g.get(0)), List.of(x), GradOptions.builder().retainGraph(true).build()).get(0);
        Tensor h1 = Autograd.grad(List.of(g.get(1)), List.of(x), GradOptions.builder().retainGraph(true).build()).get(0);
        assertEquals("tensor([[ 0.1280, -0.0960],\n        [-0.0960,  0.0720]])", stack(List.of(h0, h1)).toString());
        assertArrayEquals(new double[] {16. / 125, -12. / 125}, h0.toDoubleArray(), 1e-15);  // (I - x xᵀ/|x|²)/|x|
    }

    // ---- clamp and masked fill --------------------------------------------------------------------------------

    @Test
    void clampValuesAndGradientAtTheBounds() {
        Tensor x = tensor(new double[] {-1., 0., 0.5, 1., 2.}, true);
        Tensor y = x.clamp(0., 1.);
        assertEquals("tensor([0.0000, 0.0000, 0.5000, 1.0000, 1.0000])", y.detach().toString());
        y.sum().backward();
        assertEquals("tensor([0., 1., 1., 1., 0.])", x.grad().toString());   // 1 on the closed interval, as torch's clamp
        assertEquals("tensor([0., 0., 1.])", tensor(-1., 0., 3.).clampMax(1.).clampMin(0.).toString());
        assertTrue(Double.isNaN(tensor(Double.NaN).clamp(0., 1.).item()));
    }

    @Test
    void maskedFillAndFill() {
        Tensor x = tensor(new double[] {-1., 2., -3.}, true);
        Tensor y = x.maskedFill(x.lt(0.), 0.);
        assertEquals("tensor([0., 2., 0.], grad_fn=<MaskedFillBackward0>)", y.toString());
        y.sum().backward();
        assertEquals("tensor([0., 1., 0.])", x.grad().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.maskedFill(x, 0.));
        assertTrue(e.getMessage().contains("bool"), e.getMessage());
        Tensor z = zeros(2, 2);
        assertEquals("tensor([[7., 7.],\n        [7., 7.]])", z.fill_(7.).toString());
    }

    // ---- transpose, indexing ---------------------------------------------------------------------------------

    @Test
    void transpose() {
        Tensor m = matrix();
        assertEquals("tensor([[1., 4.],\n        [2., 5.],\n        [3., 6.]])", m.t().toString());
        assertArrayEquals(new int[] {3, 2}, m.t().shape());
        Tensor v = tensor(new double[] {1, 2}, true);
        Tensor vt = v.t();                                          // 1-D: unchanged values, a new tensor
        assertNotSame(v, vt);
        assertEquals("tensor([1., 2.], grad_fn=<TBackward0>)", vt.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> zeros(2, 2, 2).t());
        assertTrue(e.getMessage().contains("<= 2 dimensions"), e.getMessage());
        assertEquals(m.t().toString(), m.transpose(-1, -2).toString());
    }

    @Test
    void getWithNegativeIndices() {
        Tensor m = matrix();
        assertEquals("tensor(5.)", m.get(-1, -2).toString());
        assertEquals("tensor([4., 5., 6.])", m.get(-1).toString());
        assertEquals(m.get(1, 1).item(), m.get(-1, -2).item());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> m.get(2));
        assertEquals("index 2 is out of bounds for dimension 0 with size 2", e.getMessage());  // torch's IndexError text
        assertThrows(IndexOutOfBoundsException.class, () -> m.get(0, -4));
        IndexOutOfBoundsException many = assertThrows(IndexOutOfBoundsException.class, () -> m.get(0, 0, 0));
        assertEquals("too many indices for tensor of dimension 2", many.getMessage());
        Tensor x = tensor(new double[] {1, 2, 3}, true);
        x.get(-1).mul(5.).backward();
        assertEquals("tensor([0., 0., 5.])", x.grad().toString());
    }

    @Test
    void setOnSlicesReachesTheValueAndTheRest() {
        Tensor x = tensor(new double[][] {{1, 2, 3}, {4, 5, 6}}, true);
        Tensor v = tensor(new double[] {10, 20}, true);
        Tensor y = x.mul(1.);
        y.setSlice(v.reshape(2, 1), 1, 1, null, 1);                // y[:, 1:] = v.reshape(2, 1)
        assertEquals("tensor([[ 1., 10., 10.],\n        [ 4., 20., 20.]], grad_fn=<CopySlices>)", y.toString());
        y.mul(matrix()).sum().backward();
        assertEquals("tensor([[1., 0., 0.],\n        [4., 0., 0.]])", x.grad().toString());
        assertEquals("tensor([ 5., 11.])", v.grad().toString());
    }

    @Test
    void setSliceWithStepAndSetRow() {
        Tensor y = arange(10.);
        y.setSlice(-1., 0, 1, 8, 3);                                // y[1:8:3] = -1.
        assertEquals("tensor([ 0., -1.,  2.,  3., -1.,  5.,  6., -1.,  8.,  9.])", y.toString());
        Tensor m = matrix();
        m.set(tensor(7., 8., 9.), -1);                               // m[-1] = tensor([7., 8., 9.])
        assertEquals("tensor([[1., 2., 3.],\n        [7., 8., 9.]])", m.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.set(tensor(1., 2.), 0));
        assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[3]"), e.getMessage());
        Tensor empty = arange(4.);
        empty.setSlice(9., 0, 3, 1, 1);                              // an empty slice writes nothing
        assertEquals("tensor([0., 1., 2., 3.])", empty.toString());
        Tensor f = arange(3.).to(DType.F32);
        f.set(0.1, 0);                                               // the value is cast to the tensor's dtype
        assertEquals((double) 0.1f, f.toDoubleArray()[0]);
    }

    // ---- stack and cat ---------------------------------------------------------------------------------------------

    @Test
    void stackAndCatAlongAnyDimension() {
        Tensor a = tensor(new double[][] {{1, 2}, {3, 4}}), b = tensor(new double[][] {{5, 6}, {7, 8}});
        assertEquals("tensor([[[1., 2.],\n         [5., 6.]],\n\n        [[3., 4.],\n         [7., 8.]]])", stack(List.of(a, b), 1).toString());
        assertEquals("tensor([[[1., 5.],\n         [2., 6.]],\n\n        [[3., 7.],\n         [4., 8.]]])", stack(List.of(a, b), -1).toString());
        assertEquals("tensor([[1., 2., 5., 6.],\n        [3., 4., 7., 8.]])", cat(List.of(a, b), 1).toString());
        assertEquals("tensor([[1., 2.],\n        [3., 4.],\n        [5., 6.],\n        [7., 8.]])", cat(List.of(a, b), -2).toString());
        assertEquals(cat(List.of(a, b), 0).toString(), cat(List.of(a, b)).toString());
        Tensor x = tensor(new double[] {1, 2}, true);
        Tensor single = cat(List.of(x));
        assertNotSame(x, single);                                    // torch.cat([x]) is a new tensor
        assertEquals("CatBackward0", single.gradFnName());
    }

    @Test
    void stackAndCatErrors() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> stack(List.of()));
        assertTrue(empty.getMessage().contains("non-empty"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cat(List.of()));
        IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class, () -> stack(List.of(zeros(2), zeros(3))));
        assertTrue(shapes.getMessage().contains("stack") && shapes.getMessage().contains("[2]") && shapes.getMessage().contains("[3]"),
                shapes.getMessage());
        IllegalArgumentException off = assertThrows(IllegalArgumentException.class, () -> cat(List.of(zeros(2, 2), zeros(2, 3)), 0));
        assertTrue(off.getMessage().contains("[2,2]") && off.getMessage().contains("[2,3]"), off.getMessage());
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class, () -> cat(List.of(zeros(2)), 1));
        assertTrue(dim.getMessage().contains("cat"), dim.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cat(List.of(tensor(1.))));
    }

    // ---- dtypes ------------------------------------------------------------------------------------------------------

    @Test
    void floatTensorsViaTo() {
        Tensor y = tensor(0.1, 0.2).to(DType.F32);
        assertEquals(DType.F32, y.dtype());
        assertEquals("tensor([0.1000, 0.2000], dtype=f32)", y.toString());
        assertEquals(Double.parseDouble("0.10000000149011612"), y.get(0).item());    // torch: y[0].item()
        Tensor x = tensor(0.1, 0.2).to(DType.F32).requiresGrad_(true);
        assertEquals("tensor(0.3000, dtype=f32, grad_fn=<SumBackward0>)", x.sum().toString());
        Tensor z = tensor(new double[] {0.1, 0.2}, true);
        z.to(DType.F32).mul(3.).sum().backward();
        assertEquals("tensor([3., 3.])", z.grad().toString());            // the gradient comes back in f64
        assertEquals(DType.F64, z.grad().dtype());
        Tensor same = tensor(1.);
        assertEquals(same, same.to(DType.F64));                          // no conversion, the same tensor
    }

    @Test
    void integerAndBoolFactories() {
        Tensor i = tensor(new long[] {3, -1});
        assertEquals(DType.I64, i.dtype());
        assertEquals("tensor([ 3, -1])", i.toString());
        assertEquals("tensor([ True, False])", tensor(new boolean[] {true, false}).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> i.requiresGrad_(true));
        assertTrue(e.getMessage().contains("floating point"), e.getMessage());
        assertEquals("tensor([30., 10.])", tensor(10., 20., 30.).gather(0, tensor(new long[] {2, 0})).toString());
    }

    /** Numbers combine as Python numbers do in PyTorch (values from torch with i = torch.tensor([1, 2])). */
    @Test
    void numbersPromoteIntegerAndBoolTensors() {
        Tensor i = tensor(new long[] {1, 2});
        assertEquals("tensor([2.5000, 5.0000])", i.mul(2.5).toString());     // i * 2.5
        assertEquals("tensor([2, 4])", i.mul(2.).toString());                // i * 2: an integral number is a Python int
        assertEquals("tensor([0.5000, 1.0000])", i.div(2.).toString());      // i / 2 is true division
        assertEquals("tensor([True, True])", i.lt(2.5).toString());          // i < 2.5 compares exactly
        assertEquals("tensor(1)", i.gt(1.).sum().toString());               // (i > 1).sum() counts in i64
        assertEquals("tensor([2., 0.])", tensor(new boolean[] {true, false}).mul(2.).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> i.add_(1.5));
        assertEquals("result type f64 can't be cast to the desired output type i64", e.getMessage()); // torch: Float/Long
        assertEquals("tensor([2, 3])", i.add_(1.).toString());
        assertEquals("tensor([0.5000, 1.0000], dtype=f32)", tensor(1., 2.).to(DType.F32).div(2.).toString());
    }

    // ---- reductions over a dimension ------------------------------------------------------------------------------------

    @Test
    void meanOverOneDimension() {
        Tensor m = matrix();
        assertEquals("tensor([[2.],\n        [5.]])", m.mean(1, true).toString());
        assertArrayEquals(new int[] {2, 1}, m.mean(1, true).shape());
        assertEquals("tensor([2.5000, 3.5000, 4.5000])", m.mean(0, false).toString());
        assertEquals(m.mean(-1, false).toString(), m.mean(1, false).toString());
        Tensor x = tensor(new double[][] {{1, 2}, {3, 4}}, true);
        x.mean(0, true).sum().backward();
        assertEquals("tensor([[0.5000, 0.5000],\n        [0.5000, 0.5000]])", x.grad().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.mean(2, false));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }

    // ---- values -------------------------------------------------------------------------------------------------------

    @Test
    void valueAccess() {
        Tensor m = matrix();
        double[] copy = m.toDoubleArray();
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, copy);
        copy[0] = 100;                                                     // a copy: the tensor is unchanged
        assertEquals(1.0, m.toDoubleArray()[0]);
        assertEquals(3, m.size(-1));
        assertEquals(2, m.size(0));
        assertEquals(6, m.numel());
        assertEquals(2, m.dim());
        assertEquals(5.0, tensor(new double[] {5}, new int[] {1, 1}, false).item());   // any one-element tensor
        IllegalStateException e = assertThrows(IllegalStateException.class, m::item);
        assertTrue(e.getMessage().startsWith("a Tensor with 6 elements cannot be converted to a scalar"), e.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> tensor(new double[] {1, 2, 3}, new int[] {2, 2}, true));
        assertTrue(shape.getMessage().contains("needs 4 values but got 3"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tensor(new double[][] {{1, 2}, {3}}));
    }

    // ---- error messages API.md requires -----------------------------------------------------------------------------------

    @Test
    void shapeErrorsNameTheOpAndBothShapes() {
        IllegalArgumentException add = assertThrows(IllegalArgumentException.class, () -> zeros(3).add(zeros(2)));
        assertTrue(add.getMessage().contains("add") && add.getMessage().contains("[3]") && add.getMessage().contains("[2]"),
                add.getMessage());
        IllegalArgumentException mm = assertThrows(IllegalArgumentException.class, () -> zeros(2, 3).matmul(zeros(2, 3)));
        assertTrue(mm.getMessage().contains("matmul") && mm.getMessage().contains("[2,3] and [2,3]"), mm.getMessage());
        IllegalArgumentException reshape = assertThrows(IllegalArgumentException.class, () -> zeros(2, 3).reshape(4, 2));
        assertTrue(reshape.getMessage().contains("reshape") && reshape.getMessage().contains("[2,3]"), reshape.getMessage());
        IllegalArgumentException dot = assertThrows(IllegalArgumentException.class, () -> zeros(3).dot(zeros(2)));
        assertTrue(dot.getMessage().contains("dot") && dot.getMessage().contains("[3]") && dot.getMessage().contains("[2]"),
                dot.getMessage());
    }

    @Test
    void autogradErrorMessages() {
        Tensor x = tensor(new double[] {1, 2}, true);
        IllegalArgumentException nonScalar = assertThrows(IllegalArgumentException.class, () -> x.mul(2.).backward());
        assertTrue(nonScalar.getMessage().contains("scalar outputs"), nonScalar.getMessage());
        Tensor y = x.mul(x).sum();
        y.backward();
        IllegalStateException freed = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(freed.getMessage().contains("retainGraph"), freed.getMessage());
        IllegalStateException leaf = assertThrows(IllegalStateException.class, () -> x.mul_(2.));
        assertTrue(leaf.getMessage().contains("a leaf Variable that requires grad is being used in an in-place operation"));
        IllegalStateException leafSet = assertThrows(IllegalStateException.class, () -> x.set(0., 0));
        assertTrue(leafSet.getMessage().contains("leaf Variable"), leafSet.getMessage());
        IllegalStateException notLeaf = assertThrows(IllegalStateException.class, () -> x.mul(2.).requiresGrad_(false));
        assertTrue(notLeaf.getMessage().contains("detach()"), notLeaf.getMessage());
        assertFalse(tensor(1.).requiresGrad());
    }
}
