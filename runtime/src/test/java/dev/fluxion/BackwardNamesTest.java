package dev.fluxion;

import dev.fluxion.compiler.ir.DType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static dev.fluxion.Fluxion.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The backward-node names shown by {@code toString} ({@code grad_fn=<...>}) against PyTorch 1.13's
 * {@code t.grad_fn.name()}, printed by {@code benchmarks/torch/tensor_printing_oracle.py} (its
 * {@code name_*} lines) for the same call on leaves a (2×3), v (3), w (2) and s (0-d).
 */
class BackwardNamesTest {
    /** One call on fresh leaves. */
    private interface Call {
        Tensor on(Tensor a, Tensor v, Tensor w, Tensor s);
    }

    private record Row(String name, Call call, String expected) {}

    private static final List<Row> ROWS = List.of(
            new Row("add", (a, v, w, s) -> a.add(a), "AddBackward0"),
            new Row("add_scalar", (a, v, w, s) -> a.add(1.), "AddBackward0"),
            new Row("sub", (a, v, w, s) -> a.sub(a), "SubBackward0"),
            new Row("mul", (a, v, w, s) -> a.mul(a), "MulBackward0"),
            new Row("mul_scalar", (a, v, w, s) -> a.mul(2.), "MulBackward0"),
            new Row("div", (a, v, w, s) -> a.div(a), "DivBackward0"),
            new Row("div_scalar", (a, v, w, s) -> a.div(2.), "DivBackward0"),
            new Row("pow_scalar", (a, v, w, s) -> a.pow(2.), "PowBackward0"),
            new Row("pow_tensor", (a, v, w, s) -> a.pow(a), "PowBackward1"),
            new Row("rsub", (a, v, w, s) -> a.rsub(1.), "RsubBackward1"),
            new Row("rdiv", (a, v, w, s) -> a.rdiv(1.), "MulBackward0"),
            new Row("neg", (a, v, w, s) -> a.neg(), "NegBackward0"),
            new Row("square", (a, v, w, s) -> a.square(), "PowBackward0"),
            new Row("exp", (a, v, w, s) -> a.exp(), "ExpBackward0"),
            new Row("expm1", (a, v, w, s) -> a.expm1(), "Expm1Backward0"),
            new Row("log", (a, v, w, s) -> a.log(), "LogBackward0"),
            new Row("log1p", (a, v, w, s) -> a.log1p(), "Log1PBackward0"),
            new Row("sqrt", (a, v, w, s) -> a.sqrt(), "SqrtBackward0"),
            new Row("rsqrt", (a, v, w, s) -> a.rsqrt(), "RsqrtBackward0"),
            new Row("reciprocal", (a, v, w, s) -> a.reciprocal(), "ReciprocalBackward0"),
            new Row("sin", (a, v, w, s) -> a.sin(), "SinBackward0"),
            new Row("tanh", (a, v, w, s) -> a.tanh(), "TanhBackward0"),
            new Row("sigmoid", (a, v, w, s) -> a.sigmoid(), "SigmoidBackward0"),
            new Row("relu", (a, v, w, s) -> a.relu(), "ReluBackward0"),
            new Row("softplus", (a, v, w, s) -> a.softplus(), "SoftplusBackward0"),
            new Row("erf", (a, v, w, s) -> a.erf(), "ErfBackward0"),
            new Row("abs", (a, v, w, s) -> a.abs(), "AbsBackward0"),
            new Row("sign", (a, v, w, s) -> a.sign(), "SignBackward0"),
            new Row("atan2", (a, v, w, s) -> a.atan2(a), "Atan2Backward0"),
            new Row("maximum", (a, v, w, s) -> maximum(a, a), "MaximumBackward0"),
            new Row("minimum", (a, v, w, s) -> minimum(a, a), "MinimumBackward0"),
            new Row("where", (a, v, w, s) -> where(a.gt(1.), a, a), "WhereBackward0"),
            new Row("clamp", (a, v, w, s) -> a.clamp(0., 1.), "ClampBackward1"),
            new Row("clamp_min", (a, v, w, s) -> a.clampMin(0.), "ClampBackward1"),
            new Row("to_f32", (a, v, w, s) -> a.to(DType.F32), "ToCopyBackward0"),
            new Row("sum_all", (a, v, w, s) -> a.sum(), "SumBackward0"),
            new Row("sum_dim", (a, v, w, s) -> a.sum(1, false), "SumBackward1"),
            new Row("sum_dim_keepdim", (a, v, w, s) -> a.sum(1, true), "SumBackward1"),
            new Row("sum_vector_dim", (a, v, w, s) -> v.sum(0, false), "SumBackward1"),
            new Row("mean_all", (a, v, w, s) -> a.mean(), "MeanBackward0"),
            new Row("mean_dim", (a, v, w, s) -> a.mean(0, false), "MeanBackward1"),
            new Row("prod_all", (a, v, w, s) -> a.prod(), "ProdBackward0"),
            new Row("prod_dim", (a, v, w, s) -> a.prod(1, false), "ProdBackward1"),
            new Row("max_all", (a, v, w, s) -> a.max(), "MaxBackward1"),
            new Row("max_dim", (a, v, w, s) -> a.max(1, false), "MaxBackward0"),
            new Row("min_all", (a, v, w, s) -> a.min(), "MinBackward1"),
            new Row("min_dim", (a, v, w, s) -> a.min(1, false), "MinBackward0"),
            new Row("logsumexp", (a, v, w, s) -> a.logsumexp(1, false), "LogsumexpBackward0"),
            new Row("norm", (a, v, w, s) -> a.norm(), "NormBackward1"),
            new Row("reshape", (a, v, w, s) -> a.reshape(3, 2), "ReshapeAliasBackward0"),
            new Row("view", (a, v, w, s) -> a.view(3, 2), "ViewBackward0"),
            new Row("clone", (a, v, w, s) -> a.clone(), "CloneBackward0"),
            new Row("t", (a, v, w, s) -> a.t(), "TBackward0"),
            new Row("transpose", (a, v, w, s) -> a.transpose(0, 1), "TransposeBackward0"),
            new Row("permute", (a, v, w, s) -> a.permute(1, 0), "PermuteBackward0"),
            new Row("unsqueeze", (a, v, w, s) -> a.unsqueeze(0), "UnsqueezeBackward0"),
            new Row("squeeze_all", (a, v, w, s) -> a.reshape(1, 6).squeeze(), "SqueezeBackward0"),
            new Row("squeeze_dim", (a, v, w, s) -> a.reshape(1, 6).squeeze(0), "SqueezeBackward1"),
            new Row("expand", (a, v, w, s) -> v.expand(2, 3), "ExpandBackward0"),
            new Row("slice", (a, v, w, s) -> a.slice(1, 1, null, 1), "SliceBackward0"),
            new Row("select", (a, v, w, s) -> a.get(0), "SelectBackward0"),
            new Row("select_negative", (a, v, w, s) -> a.get(-1, -1), "SelectBackward0"),
            new Row("dot", (a, v, w, s) -> v.dot(v), "DotBackward0"),
            new Row("matmul_vector_vector", (a, v, w, s) -> v.matmul(v), "DotBackward0"),
            new Row("matmul_matrix_vector", (a, v, w, s) -> a.matmul(v), "MvBackward0"),
            new Row("matmul_vector_matrix", (a, v, w, s) -> w.matmul(a), "SqueezeBackward3"),
            new Row("matmul_matrix_matrix", (a, v, w, s) -> a.matmul(a.t()), "MmBackward0"),
            new Row("matmul_batched", (a, v, w, s) -> a.expand(4, 2, 3).matmul(a.t()), "UnsafeViewBackward0"),
            new Row("stack", (a, v, w, s) -> stack(List.of(v, v)), "StackBackward0"),
            new Row("cat", (a, v, w, s) -> cat(List.of(v, v)), "CatBackward0"),
            new Row("cat_single", (a, v, w, s) -> cat(List.of(v)), "CatBackward0"),
            new Row("gather", (a, v, w, s) -> v.gather(0, tensor(new long[] {0, 2})), "GatherBackward0"),
            new Row("scatter_add", (a, v, w, s) -> v.scatterAdd(0, tensor(new long[] {0}), v.slice(0, null, 1, 1)),
                    "ScatterAddBackward0"));

    @TestFactory
    Stream<DynamicTest> namesAsPyTorch() {
        return ROWS.stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> {
            Tensor a = tensor(new double[][] {{1, 2, 3}, {4, 5, 6}}, true);
            Tensor v = tensor(new double[] {1, 2, 3}, true), w = tensor(new double[] {1, 2}, true), s = tensor(2., true);
            Tensor out = r.call().on(a, v, w, s);
            assertEquals(r.expected(), out.gradFnName(), r.name());
            assertEquals(r.expected(), out.toString().replaceAll("(?s).*grad_fn=<(.*)>\\)$", "$1"), r.name());
        }));
    }

    /** In-place ops take the name of what they did; {@code y[0] = v} is PyTorch's CopySlices. */
    @Test
    void inPlaceNames() {
        Tensor x = tensor(new double[] {1, 2, 3}, true);
        Tensor y = x.mul(2.);
        y.add_(3.);
        assertEquals("AddBackward0", y.gradFnName());
        y.set(100., 0);
        assertEquals("CopySlices", y.gradFnName()); // torch's grad_fn.name() is "torch::autograd::CopySlices", printed <CopySlices>
        Tensor z = x.mul(2.);
        z.zero_();
        assertEquals("ZeroBackward0", z.gradFnName());    // torch: (x * 2.).zero_().grad_fn.name()
        Tensor f = x.mul(2.);
        f.fill_(3.);
        assertEquals("FillBackward2", f.gradFnName());    // torch: (x * 2.).fill_(3.).grad_fn.name()
        Tensor m = x.mul(2.);
        m.maskedFill_(x.lt(2.), 0.);
        assertEquals("MaskedFillBackward0", m.gradFnName()); // torch: y.masked_fill_(x < 2., 0.)
    }

    /** An in-place op that records nothing (grad mode off) leaves the node and its name alone. */
    @Test
    void inPlaceWithoutGradModeKeepsTheName() {
        Tensor x = tensor(new double[] {1, 2}, true);
        Tensor y = x.mul(2.);
        try (var g = noGrad()) {
            y.set(5., 0);
            y.zero_();
        }
        assertEquals("tensor([0., 0.], grad_fn=<MulBackward0>)", y.toString()); // torch: same under torch.no_grad()
    }

    /** Leaves and tensors outside the graph have no node. */
    @Test
    void leavesHaveNoName() {
        Tensor x = tensor(new double[] {1, 2}, true);
        assertNull(x.gradFnName());
        assertNull(x.mul(2.).detach().gradFnName());
        Tensor y = x.mul(2.);
        y.detach_();
        assertNull(y.gradFnName());
        assertEquals("tensor([2., 4.])", y.toString());
    }
}
