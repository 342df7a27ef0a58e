package dev.fluxion;

import dev.fluxion.compiler.ir.DType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.fluxion.Fluxion.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Tensor#toString} against PyTorch 1.13. Every expected string was printed by
 * {@code benchmarks/torch/tensor_printing_oracle.py} (torch with its default dtype set to float64, so
 * that "no dtype shown" means f64 as here; {@code dtype=torch.float32} written {@code dtype=f32});
 * the row names are the script's case names.
 */
class TensorFormatTest {
    private record Row(String name, Supplier<Tensor> tensor, String expected) {}

    private static final double NAN = Double.NaN, INF = Double.POSITIVE_INFINITY;

    private static Tensor leaf(double... v) {
        return tensor(v).requiresGrad_(true);
    }

    private static Tensor range(int n) {
        return arange(n);
    }

    private static final List<Row> ROWS = List.of(
            new Row("scalar_int", () -> tensor(7.), "tensor(7.)"),
            new Row("scalar_fixed", () -> tensor(0.5), "tensor(0.5000)"),
            new Row("scalar_negative_zero", () -> tensor(-0.0), "tensor(-0.)"),
            new Row("scalar_nan", () -> tensor(NAN), "tensor(nan)"),
            new Row("scalar_negative_inf", () -> tensor(-INF), "tensor(-inf)"),
            new Row("scalar_sci_small", () -> tensor(1.5e-7), "tensor(1.5000e-07)"),
            new Row("scalar_sci_big_int", () -> tensor(1e10), "tensor(1.0000e+10)"),
            new Row("scalar_requires_grad", () -> tensor(10., true), "tensor(10., requires_grad=True)"),
            new Row("scalar_grad_fn", () -> {
                Tensor x = tensor(2., true), y = tensor(3., true);
                return x.mul(y).add(x.pow(2.));
            }, "tensor(10., grad_fn=<AddBackward0>)"),
            new Row("vector_int", () -> tensor(2., 2., 2.), "tensor([2., 2., 2.])"),
            new Row("vector_fixed", () -> tensor(0.25, 1.5), "tensor([0.2500, 1.5000])"),
            new Row("vector_mixed_widths", () -> tensor(1.5, -12.25, 100.125), "tensor([  1.5000, -12.2500, 100.1250])"),
            new Row("vector_negative_ints", () -> tensor(-1., 2., -30.), "tensor([ -1.,   2., -30.])"),
            new Row("vector_sci_small", () -> tensor(1e-5, 1.), "tensor([1.0000e-05, 1.0000e+00])"),
            new Row("vector_sci_ratio", () -> tensor(0.001, 2.5), "tensor([1.0000e-03, 2.5000e+00])"),
            new Row("vector_sci_int_ratio", () -> tensor(1., 10000.), "tensor([1.0000e+00, 1.0000e+04])"),
            new Row("vector_sci_big", () -> tensor(1.5, 1e9), "tensor([1.5000e+00, 1.0000e+09])"),
            new Row("vector_sci_negative", () -> tensor(-1e-5, 1.5), "tensor([-1.0000e-05,  1.5000e+00])"),
            new Row("vector_nan_inf_int", () -> tensor(NAN, 1., INF), "tensor([nan, 1., inf])"),
            new Row("vector_nan_inf_fixed", () -> tensor(NAN, 1.5, -INF), "tensor([   nan, 1.5000,   -inf])"),
            new Row("vector_all_nan", () -> tensor(NAN, NAN), "tensor([nan, nan])"),
            new Row("vector_zero_negative_zero", () -> tensor(0., -0.), "tensor([0., -0.])"),
            new Row("vector_zero_in_sci", () -> tensor(0., 1e-5), "tensor([0.0000e+00, 1.0000e-05])"),
            // 0.00105 is 0.00104999… in binary: Python rounds that down, String.format("%.4f") would round up
            new Row("vector_round_half_even_binary", () -> tensor(0.00105, 0.5), "tensor([0.0010, 0.5000])"),
            new Row("vector_round_up", () -> tensor(1.00005, 2.00015, 0.12345), "tensor([1.0001, 2.0002, 0.1235])"),
            new Row("vector_round_sci", () -> tensor(1.23455e-5, 1.), "tensor([1.2346e-05, 1.0000e+00])"),
            new Row("vector_wrap_int", () -> range(30), "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n        28., 29.])"),
            new Row("vector_wrap_fixed", () -> range(30).mul(1.5), "tensor([ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000,\n        12.0000, 13.5000, 15.0000, 16.5000, 18.0000, 19.5000, 21.0000, 22.5000,\n        24.0000, 25.5000, 27.0000, 28.5000, 30.0000, 31.5000, 33.0000, 34.5000,\n        36.0000, 37.5000, 39.0000, 40.5000, 42.0000, 43.5000])"),
            new Row("vector_suffix_wraps", () -> range(9).add(0.5).requiresGrad_(true), "tensor([0.5000, 1.5000, 2.5000, 3.5000, 4.5000, 5.5000, 6.5000, 7.5000, 8.5000],\n       requires_grad=True)"),
            new Row("vector_grad_fn_wrapped_lines", () -> range(20).requiresGrad_(true).mul(1.25), "tensor([ 0.0000,  1.2500,  2.5000,  3.7500,  5.0000,  6.2500,  7.5000,  8.7500,\n        10.0000, 11.2500, 12.5000, 13.7500, 15.0000, 16.2500, 17.5000, 18.7500,\n        20.0000, 21.2500, 22.5000, 23.7500], grad_fn=<MulBackward0>)"),
            new Row("bool_vector", () -> tensor(new boolean[] {true, false, true}), "tensor([ True, False,  True])"),
            new Row("bool_scalar", () -> tensor(1.).gt(0.), "tensor(True)"),
            new Row("i64_vector", () -> tensor(new long[] {1, -20, 3}), "tensor([  1, -20,   3])"),
            new Row("i64_scalar", () -> tensor(5.).to(DType.I64), "tensor(5)"),
            new Row("i64_wrap", () -> range(40).to(DType.I64), "tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17,\n        18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,\n        36, 37, 38, 39])"),
            new Row("matrix_int", () -> tensor(new double[][] {{1, 2}, {3, 4}}), "tensor([[1., 2.],\n        [3., 4.]])"),
            new Row("matrix_fixed", () -> tensor(new double[][] {{1.5, -2.25}, {3, 400.125}}), "tensor([[  1.5000,  -2.2500],\n        [  3.0000, 400.1250]])"),
            new Row("matrix_bool", () -> tensor(new double[][] {{1, 2}, {3, 4}}).gt(2.), "tensor([[False, False],\n        [ True,  True]])"),
            new Row("cube", () -> range(8).reshape(2, 2, 2), "tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]])"),
            new Row("rank4", () -> range(16).reshape(2, 2, 2, 2), "tensor([[[[ 0.,  1.],\n          [ 2.,  3.]],\n\n         [[ 4.,  5.],\n          [ 6.,  7.]]],\n\n\n        [[[ 8.,  9.],\n          [10., 11.]],\n\n         [[12., 13.],\n          [14., 15.]]]])"),
            new Row("matrix_grad_fn", () -> tensor(new double[][] {{1, 2}, {3, 4}}, true).mul(2.), "tensor([[2., 4.],\n        [6., 8.]], grad_fn=<MulBackward0>)"),
            new Row("matrix_single_column", () -> tensor(new double[][] {{0.5}, {1.5}}), "tensor([[0.5000],\n        [1.5000]])"),
            new Row("empty_vector", () -> tensor(new double[0]), "tensor([])"),
            new Row("empty_matrix", () -> zeros(0, 3), "tensor([], size=(0, 3))"),
            new Row("empty_i64", () -> tensor(new long[0]), "tensor([], dtype=i64)"),
            new Row("empty_bool", () -> full(new int[] {2, 0}, 0, DType.BOOL), "tensor([], size=(2, 0), dtype=bool)"),
            new Row("empty_f32", () -> full(new int[] {0}, 0, DType.F32), "tensor([], dtype=f32)"),
            new Row("empty_requires_grad", () -> zeros(0).requiresGrad_(true), "tensor([], requires_grad=True)"),
            new Row("summarized_vector", () -> range(1001), "tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])"),
            new Row("summarized_matrix", () -> zeros(40, 40), "tensor([[0., 0., 0.,  ..., 0., 0., 0.],\n        [0., 0., 0.,  ..., 0., 0., 0.],\n        [0., 0., 0.,  ..., 0., 0., 0.],\n        ...,\n        [0., 0., 0.,  ..., 0., 0., 0.],\n        [0., 0., 0.,  ..., 0., 0., 0.],\n        [0., 0., 0.,  ..., 0., 0., 0.]])"),
            new Row("summarized_matrix_fixed", () -> range(1200).reshape(30, 40).div(7.), "tensor([[0.0000e+00, 1.4286e-01, 2.8571e-01,  ..., 5.2857e+00, 5.4286e+00,\n         5.5714e+00],\n        [5.7143e+00, 5.8571e+00, 6.0000e+00,  ..., 1.1000e+01, 1.1143e+01,\n         1.1286e+01],\n        [1.1429e+01, 1.1571e+01, 1.1714e+01,  ..., 1.6714e+01, 1.6857e+01,\n         1.7000e+01],\n        ...,\n        [1.5429e+02, 1.5443e+02, 1.5457e+02,  ..., 1.5957e+02, 1.5971e+02,\n         1.5986e+02],\n        [1.6000e+02, 1.6014e+02, 1.6029e+02,  ..., 1.6529e+02, 1.6543e+02,\n         1.6557e+02],\n        [1.6571e+02, 1.6586e+02, 1.6600e+02,  ..., 1.7100e+02, 1.7114e+02,\n         1.7129e+02]])"),
            new Row("summarized_cube", () -> range(1331).reshape(11, 11, 11), "tensor([[[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 8.0000e+00,\n          9.0000e+00, 1.0000e+01],\n         [1.1000e+01, 1.2000e+01, 1.3000e+01,  ..., 1.9000e+01,\n          2.0000e+01, 2.1000e+01],\n         [2.2000e+01, 2.3000e+01, 2.4000e+01,  ..., 3.0000e+01,\n          3.1000e+01, 3.2000e+01],\n         ...,\n         [8.8000e+01, 8.9000e+01, 9.0000e+01,  ..., 9.6000e+01,\n          9.7000e+01, 9.8000e+01],\n         [9.9000e+01, 1.0000e+02, 1.0100e+02,  ..., 1.0700e+02,\n          1.0800e+02, 1.0900e+02],\n         [1.1000e+02, 1.1100e+02, 1.1200e+02,  ..., 1.1800e+02,\n          1.1900e+02, 1.2000e+02]],\n\n        [[1.2100e+02, 1.2200e+02, 1.2300e+02,  ..., 1.2900e+02,\n          1.3000e+02, 1.3100e+02],\n         [1.3200e+02, 1.3300e+02, 1.3400e+02,  ..., 1.4000e+02,\n          1.4100e+02, 1.4200e+02],\n         [1.4300e+02, 1.4400e+02, 1.4500e+02,  ..., 1.5100e+02,\n          1.5200e+02, 1.5300e+02],\n         ...,\n         [2.0900e+02, 2.1000e+02, 2.1100e+02,  ..., 2.1700e+02,\n          2.1800e+02, 2.1900e+02],\n         [2.2000e+02, 2.2100e+02, 2.2200e+02,  ..., 2.2800e+02,\n          2.2900e+02, 2.3000e+02],\n         [2.3100e+02, 2.3200e+02, 2.3300e+02,  ..., 2.3900e+02,\n          2.4000e+02, 2.4100e+02]],\n\n        [[2.4200e+02, 2.4300e+02, 2.4400e+02,  ..., 2.5000e+02,\n          2.5100e+02, 2.5200e+02],\n         [2.5300e+02, 2.5400e+02, 2.5500e+02,  ..., 2.6100e+02,\n          2.6200e+02, 2.6300e+02],\n         [2.6400e+02, 2.6500e+02, 2.6600e+02,  ..., 2.7200e+02,\n          2.7300e+02, 2.7400e+02],\n         ...,\n         [3.3000e+02, 3.3100e+02, 3.3200e+02,  ..., 3.3800e+02,\n          3.3900e+02, 3.4000e+02],\n         [3.4100e+02, 3.4200e+02, 3.4300e+02,  ..., 3.4900e+02,\n          3.5000e+02, 3.5100e+02],\n         [3.5200e+02, 3.5300e+02, 3.5400e+02,  ..., 3.6000e+02,\n          3.6100e+02, 3.6200e+02]],\n\n        ...,\n\n        [[9.6800e+02, 9.6900e+02, 9.7000e+02,  ..., 9.7600e+02,\n          9.7700e+02, 9.7800e+02],\n         [9.7900e+02, 9.8000e+02, 9.8100e+02,  ..., 9.8700e+02,\n          9.8800e+02, 9.8900e+02],\n         [9.9000e+02, 9.9100e+02, 9.9200e+02,  ..., 9.9800e+02,\n          9.9900e+02, 1.0000e+03],\n         ...,\n         [1.0560e+03, 1.0570e+03, 1.0580e+03,  ..., 1.0640e+03,\n          1.0650e+03, 1.0660e+03],\n         [1.0670e+03, 1.0680e+03, 1.0690e+03,  ..., 1.0750e+03,\n          1.0760e+03, 1.0770e+03],\n         [1.0780e+03, 1.0790e+03, 1.0800e+03,  ..., 1.0860e+03,\n          1.0870e+03, 1.0880e+03]],\n\n        [[1.0890e+03, 1.0900e+03, 1.0910e+03,  ..., 1.0970e+03,\n          1.0980e+03, 1.0990e+03],\n         [1.1000e+03, 1.1010e+03, 1.1020e+03,  ..., 1.1080e+03,\n          1.1090e+03, 1.1100e+03],\n         [1.1110e+03, 1.1120e+03, 1.1130e+03,  ..., 1.1190e+03,\n          1.1200e+03, 1.1210e+03],\n         ...,\n         [1.1770e+03, 1.1780e+03, 1.1790e+03,  ..., 1.1850e+03,\n          1.1860e+03, 1.1870e+03],\n         [1.1880e+03, 1.1890e+03, 1.1900e+03,  ..., 1.1960e+03,\n          1.1970e+03, 1.1980e+03],\n         [1.1990e+03, 1.2000e+03, 1.2010e+03,  ..., 1.2070e+03,\n          1.2080e+03, 1.2090e+03]],\n\n        [[1.2100e+03, 1.2110e+03, 1.2120e+03,  ..., 1.2180e+03,\n          1.2190e+03, 1.2200e+03],\n         [1.2210e+03, 1.2220e+03, 1.2230e+03,  ..., 1.2290e+03,\n          1.2300e+03, 1.2310e+03],\n         [1.2320e+03, 1.2330e+03, 1.2340e+03,  ..., 1.2400e+03,\n          1.2410e+03, 1.2420e+03],\n         ...,\n         [1.2980e+03, 1.2990e+03, 1.3000e+03,  ..., 1.3060e+03,\n          1.3070e+03, 1.3080e+03],\n         [1.3090e+03, 1.3100e+03, 1.3110e+03,  ..., 1.3170e+03,\n          1.3180e+03, 1.3190e+03],\n         [1.3200e+03, 1.3210e+03, 1.3220e+03,  ..., 1.3280e+03,\n          1.3290e+03, 1.3300e+03]]])"),
            new Row("summarized_grad_fn", () -> range(2000).requiresGrad_(true).mul(1.), "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03], grad_fn=<MulBackward0>)"),
            new Row("summarized_rows_only", () -> ones(1001, 1), "tensor([[1.],\n        [1.],\n        [1.],\n        ...,\n        [1.],\n        [1.],\n        [1.]])"),
            new Row("summarized_columns_only", () -> ones(1, 1001), "tensor([[1., 1., 1.,  ..., 1., 1., 1.]])"),
            new Row("summarized_i64", () -> range(1001).to(DType.I64), "tensor([   0,    1,    2,  ...,  998,  999, 1000])"),
            new Row("f32_vector", () -> tensor(0.1, 1. / 3.).to(DType.F32), "tensor([0.1000, 0.3333], dtype=f32)"),
            new Row("f32_requires_grad", () -> tensor(1., 2.).to(DType.F32).requiresGrad_(true), "tensor([1., 2.], dtype=f32, requires_grad=True)"),
            new Row("f32_grad_fn", () -> tensor(1., 2.).to(DType.F32).requiresGrad_(true).mul(2.), "tensor([2., 4.], dtype=f32, grad_fn=<MulBackward0>)"));

    @TestFactory
    Stream<DynamicTest> printsAsPyTorch() {
        return ROWS.stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> {
            String printed = r.tensor().get().toString();
            System.out.println(r.name() + ":\n" + printed);
            assertEquals(r.expected(), printed, r.name());
        }));
    }

    /** The summarising threshold is strictly more than 1000 elements. */
    @Test
    void thousandElementsAreNotSummarised() {
        String printed = range(1000).toString();
        assertFalse(printed.contains("..."));
        // 1000 integers of width 4 ("999.") wrap at (80 - 7) / 6 = 12 per line: 84 lines
        assertEquals(84, printed.split("\n").length);
        assertTrue(printed.startsWith("tensor([  0.,   1.,   2.,"), printed);
        assertTrue(printed.endsWith(" 996., 997., 998., 999.])"), printed);
        assertTrue(range(1001).toString().contains("..."));
    }

    /** The printed form follows the values, so an in-place write shows in the next print. */
    @Test
    void printingReadsCurrentValues() {
        Tensor x = tensor(1., 2., 3.);
        Tensor d = x.detach();
        d.set(0.5, 0);
        assertEquals("tensor([0.5000, 2.0000, 3.0000])", x.toString()); // torch: x = tensor([1.,2.,3.]); x.detach()[0] = 0.5; print(x)
    }
}
