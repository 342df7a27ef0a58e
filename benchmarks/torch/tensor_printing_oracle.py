#!/usr/bin/python3
"""PyTorch 1.13 as the oracle for Fluxion's Tensor.toString, backward-node names and the seeds' numbers.

Run with the system Python that has python3-torch (`/usr/bin/python3 tensor_printing_oracle.py`).
Every line is `name<TAB>value`, the value written as a Java string literal, so the expected values of
runtime/src/test/java/dev/fluxion/TensorFormatTest.java, BackwardNamesTest.java, Seed000ExamplesTest.java,
Seed001And004ExamplesTest.java and TensorApiTest.java can be checked or regenerated from this output.
Case names match the tests' rows.

Fluxion's default dtype is f64, so torch's default is set to float64 here: a tensor PyTorch prints
without a dtype is then exactly one Fluxion prints without a dtype. Fluxion names dtypes by its own
names (`dtype=f32`, `dtype=i64`, `dtype=bool`) where PyTorch writes `dtype=torch.float32` etc.
"""
import json
import math

import torch

torch.set_default_dtype(torch.float64)

DTYPE_NAMES = {"torch.float32": "f32", "torch.int64": "i64", "torch.bool": "bool", "torch.float64": "f64"}


def fluxion_style(s):
    for torch_name, ours in DTYPE_NAMES.items():
        s = s.replace("dtype=" + torch_name, "dtype=" + ours)
    return s


def java_literal(s):
    return json.dumps(s)  # a JSON string is a valid Java string literal for this ASCII text


def rg(values, dtype=None):
    return torch.tensor(values, dtype=dtype, requires_grad=True)


nan, inf = math.nan, math.inf

# ---- toString: (name, tensor) ---------------------------------------------------------------------
PRINTING = [
    ("scalar_int", lambda: torch.tensor(7.)),
    ("scalar_fixed", lambda: torch.tensor(0.5)),
    ("scalar_negative_zero", lambda: torch.tensor(-0.)),
    ("scalar_nan", lambda: torch.tensor(nan)),
    ("scalar_negative_inf", lambda: torch.tensor(-inf)),
    ("scalar_sci_small", lambda: torch.tensor(1.5e-7)),
    ("scalar_sci_big_int", lambda: torch.tensor(1e10)),
    ("scalar_requires_grad", lambda: torch.tensor(10., requires_grad=True)),
    ("scalar_grad_fn", lambda: (lambda x, y: x * y + x ** 2.)(rg(2.), rg(3.))),
    ("vector_int", lambda: torch.tensor([2., 2., 2.])),
    ("vector_fixed", lambda: torch.tensor([0.25, 1.5])),
    ("vector_mixed_widths", lambda: torch.tensor([1.5, -12.25, 100.125])),
    ("vector_negative_ints", lambda: torch.tensor([-1., 2., -30.])),
    ("vector_sci_small", lambda: torch.tensor([1e-5, 1.])),
    ("vector_sci_ratio", lambda: torch.tensor([0.001, 2.5])),
    ("vector_sci_int_ratio", lambda: torch.tensor([1., 10000.])),
    ("vector_sci_big", lambda: torch.tensor([1.5, 1e9])),
    ("vector_sci_negative", lambda: torch.tensor([-1e-5, 1.5])),
    ("vector_nan_inf_int", lambda: torch.tensor([nan, 1., inf])),
    ("vector_nan_inf_fixed", lambda: torch.tensor([nan, 1.5, -inf])),
    ("vector_all_nan", lambda: torch.tensor([nan, nan])),
    ("vector_zero_negative_zero", lambda: torch.tensor([0., -0.])),
    ("vector_zero_in_sci", lambda: torch.tensor([0., 1e-5])),
    ("vector_round_half_even_binary", lambda: torch.tensor([0.00105, 0.5])),
    ("vector_round_up", lambda: torch.tensor([1.00005, 2.00015, 0.12345])),
    ("vector_round_sci", lambda: torch.tensor([1.23455e-5, 1.])),
    ("vector_wrap_int", lambda: torch.arange(30.)),
    ("vector_wrap_fixed", lambda: torch.arange(30.) * 1.5),
    ("vector_suffix_wraps", lambda: (torch.arange(9.) + 0.5).requires_grad_()),
    ("vector_grad_fn_wrapped_lines", lambda: rg([float(i) for i in range(20)]) * 1.25),
    ("bool_vector", lambda: torch.tensor([True, False, True])),
    ("bool_scalar", lambda: torch.tensor(True)),
    ("i64_vector", lambda: torch.tensor([1, -20, 3])),
    ("i64_scalar", lambda: torch.tensor(5)),
    ("i64_wrap", lambda: torch.arange(40)),
    ("matrix_int", lambda: torch.tensor([[1., 2.], [3., 4.]])),
    ("matrix_fixed", lambda: torch.tensor([[1.5, -2.25], [3., 400.125]])),
    ("matrix_bool", lambda: torch.tensor([[1., 2.], [3., 4.]]) > 2.),
    ("cube", lambda: torch.arange(8.).reshape(2, 2, 2)),
    ("rank4", lambda: torch.arange(16.).reshape(2, 2, 2, 2)),
    ("matrix_grad_fn", lambda: rg([[1., 2.], [3., 4.]]) * 2.),
    ("matrix_single_column", lambda: torch.tensor([[0.5], [1.5]])),
    ("empty_vector", lambda: torch.tensor([])),
    ("empty_matrix", lambda: torch.zeros(0, 3)),
    ("empty_i64", lambda: torch.tensor([], dtype=torch.int64)),
    ("empty_bool", lambda: torch.zeros(2, 0, dtype=torch.bool)),
    ("empty_f32", lambda: torch.zeros(0, dtype=torch.float32)),
    ("empty_requires_grad", lambda: torch.zeros(0, requires_grad=True)),
    ("summarized_vector", lambda: torch.arange(1001.)),
    ("summarized_matrix", lambda: torch.zeros(40, 40)),
    ("summarized_matrix_fixed", lambda: torch.arange(1200.).reshape(30, 40) / 7.),
    ("summarized_cube", lambda: torch.arange(1331.).reshape(11, 11, 11)),
    ("summarized_grad_fn", lambda: rg([float(i) for i in range(2000)]) * 1.),
    ("summarized_rows_only", lambda: torch.ones(1001, 1)),
    ("summarized_columns_only", lambda: torch.ones(1, 1001)),
    ("summarized_i64", lambda: torch.arange(1001)),
    ("f32_vector", lambda: torch.tensor([0.1, 1. / 3.], dtype=torch.float32)),
    ("f32_requires_grad", lambda: rg([1., 2.], dtype=torch.float32)),
    ("f32_grad_fn", lambda: rg([1., 2.], dtype=torch.float32) * 2.),
]

# ---- backward-node names: (name, function of fresh leaves a (2×3), v (3), w (2), s (0-d)) ------------
NAMES = [
    ("add", lambda a, v, w, s: a + a), ("add_scalar", lambda a, v, w, s: a + 1.),
    ("sub", lambda a, v, w, s: a - a), ("mul", lambda a, v, w, s: a * a), ("mul_scalar", lambda a, v, w, s: a * 2.),
    ("div", lambda a, v, w, s: a / a), ("div_scalar", lambda a, v, w, s: a / 2.),
    ("pow_scalar", lambda a, v, w, s: a ** 2.), ("pow_tensor", lambda a, v, w, s: a ** a),
    ("rsub", lambda a, v, w, s: 1. - a), ("rdiv", lambda a, v, w, s: 1. / a), ("neg", lambda a, v, w, s: -a),
    ("square", lambda a, v, w, s: a.square()), ("exp", lambda a, v, w, s: a.exp()),
    ("expm1", lambda a, v, w, s: a.expm1()), ("log", lambda a, v, w, s: a.log()),
    ("log1p", lambda a, v, w, s: a.log1p()), ("sqrt", lambda a, v, w, s: a.sqrt()),
    ("rsqrt", lambda a, v, w, s: a.rsqrt()), ("reciprocal", lambda a, v, w, s: a.reciprocal()),
    ("sin", lambda a, v, w, s: a.sin()), ("tanh", lambda a, v, w, s: a.tanh()),
    ("sigmoid", lambda a, v, w, s: a.sigmoid()), ("relu", lambda a, v, w, s: a.relu()),
    ("softplus", lambda a, v, w, s: torch.nn.functional.softplus(a)), ("erf", lambda a, v, w, s: a.erf()),
    ("abs", lambda a, v, w, s: a.abs()), ("sign", lambda a, v, w, s: a.sign()),
    ("atan2", lambda a, v, w, s: a.atan2(a)), ("maximum", lambda a, v, w, s: torch.maximum(a, a)),
    ("minimum", lambda a, v, w, s: torch.minimum(a, a)), ("where", lambda a, v, w, s: torch.where(a > 1., a, a)),
    ("clamp", lambda a, v, w, s: a.clamp(0., 1.)), ("clamp_min", lambda a, v, w, s: a.clamp(min=0.)),
    ("to_f32", lambda a, v, w, s: a.to(torch.float32)),
    ("sum_all", lambda a, v, w, s: a.sum()), ("sum_dim", lambda a, v, w, s: a.sum(1)),
    ("sum_dim_keepdim", lambda a, v, w, s: a.sum(1, keepdim=True)), ("sum_vector_dim", lambda a, v, w, s: v.sum(0)),
    ("mean_all", lambda a, v, w, s: a.mean()), ("mean_dim", lambda a, v, w, s: a.mean(0)),
    ("prod_all", lambda a, v, w, s: a.prod()), ("prod_dim", lambda a, v, w, s: a.prod(1)),
    ("max_all", lambda a, v, w, s: a.max()), ("max_dim", lambda a, v, w, s: a.max(1)[0]),
    ("min_all", lambda a, v, w, s: a.min()), ("min_dim", lambda a, v, w, s: a.min(1)[0]),
    ("logsumexp", lambda a, v, w, s: a.logsumexp(1)), ("norm", lambda a, v, w, s: a.norm()),
    ("reshape", lambda a, v, w, s: a.reshape(3, 2)), ("view", lambda a, v, w, s: a.view(3, 2)),
    ("clone", lambda a, v, w, s: a.clone()), ("t", lambda a, v, w, s: a.t()),
    ("transpose", lambda a, v, w, s: a.transpose(0, 1)), ("permute", lambda a, v, w, s: a.permute(1, 0)),
    ("unsqueeze", lambda a, v, w, s: a.unsqueeze(0)), ("squeeze_all", lambda a, v, w, s: a.reshape(1, 6).squeeze()),
    ("squeeze_dim", lambda a, v, w, s: a.reshape(1, 6).squeeze(0)), ("expand", lambda a, v, w, s: v.expand(2, 3)),
    ("slice", lambda a, v, w, s: a[:, 1:]), ("select", lambda a, v, w, s: a[0]),
    ("select_negative", lambda a, v, w, s: a[-1, -1]),
    ("dot", lambda a, v, w, s: v.dot(v)), ("matmul_vector_vector", lambda a, v, w, s: v @ v),
    ("matmul_matrix_vector", lambda a, v, w, s: a @ v), ("matmul_vector_matrix", lambda a, v, w, s: w @ a),
    ("matmul_matrix_matrix", lambda a, v, w, s: a @ a.t()),
    ("matmul_batched", lambda a, v, w, s: a.expand(4, 2, 3) @ a.t()),
    ("stack", lambda a, v, w, s: torch.stack([v, v])), ("cat", lambda a, v, w, s: torch.cat([v, v])),
    ("cat_single", lambda a, v, w, s: torch.cat([v])),
    ("gather", lambda a, v, w, s: v.gather(0, torch.tensor([0, 2]))),
    ("scatter_add", lambda a, v, w, s: v.scatter_add(0, torch.tensor([0]), v[:1])),
]


def fresh_leaves():
    return (rg([[1., 2., 3.], [4., 5., 6.]]), rg([1., 2., 3.]), rg([1., 2.]), rg(2.))


def in_place_names():
    x = rg([1., 2., 3.])
    y = x * 2.
    y.add_(3.)
    after_add = y.grad_fn.name()
    y[0] = 100.
    return [("in_place_add", after_add), ("index_assign", y.grad_fn.name())]


# ---- seed examples: the values the seed documents print, as PyTorch prints them ------------------------
def seeds():
    out = []
    # seed 000, "custom functions 1": exp(sin(x)) + x**2 at x = 1
    x = rg(1.0)
    (torch.exp(torch.sin(x)) + x ** 2.).backward()
    out.append(("seed000_custom_function_grad", str(x.grad)))
    # seed 000, in-place section
    x = rg([1., 2., 3.])
    try:
        x.add_(1.)
    except RuntimeError as e:
        out.append(("seed000_leaf_in_place_error", str(e)))
    y = x * 2.
    out.append(("seed000_before_add_", str(y)))
    y.add_(3.)
    out.append(("seed000_after_add_", str(y)))
    y.sum().backward()
    out.append(("seed000_grad_after_add_", str(x.grad)))
    x.grad.zero_()
    y = x * 2.
    y[0] = 100.
    out.append(("seed000_after_index_assign", str(y)))
    y.sum().backward()
    out.append(("seed000_grad_after_index_assign", str(x.grad)))
    x, yy = rg(2.0), rg(3.0)
    a = x * yy
    a.mul_(2.)
    (a + x).backward()
    out.append(("seed000_mul_grads", str((x.grad, yy.grad))))
    # seed 000, higher order
    x = rg(2.0)
    dy = torch.autograd.grad(x ** 3., x, create_graph=True)[0]
    out.append(("seed000_dy_dx", str(dy)))
    # seed 000, detach/clone/copy table
    x = rg([1., 2., 3.])
    y = x * 2.
    out.append(("seed000_detached", str(y.detach())))
    out.append(("seed000_cloned", str(y.clone())))
    out.append(("seed000_clone_of_leaf", str(x.clone())))
    # seed 001
    x = torch.arange(4.0)
    out.append(("seed001_arange", str(x)))
    x.requires_grad_(True)
    y = 2 * torch.dot(x, x)
    out.append(("seed001_y", str(y)))
    a = torch.tensor(-185575.1406 / 819200., requires_grad=True)
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    d = b if b.sum() > 0 else 100 * b
    d.backward()
    out.append(("seed001_control_flow_d", str(d)))
    out.append(("seed001_control_flow_grad", str(a.grad)))
    out.append(("seed001_control_flow_ratio", str(d / a)))
    # seed 004
    a = rg([1., 2., 3.], dtype=torch.float32)
    b = rg([4., 5., 6.], dtype=torch.float32)
    ((b * (a + b)).sum()).backward()
    out.append(("seed004_a_grad", str(a.grad)))
    out.append(("seed004_b_grad", str(b.grad)))
    x = rg([1.0, 2.0, 3.0])
    try:
        x.mul_(2)
    except RuntimeError as e:
        out.append(("seed004_leaf_mul_error", str(e)))
    a = rg([1.0, 2.0, 3.0])
    b = rg([4.0, 5.0, 6.0])
    (b * (a + b).detach()).sum().backward()
    out.append(("seed004_detach_a_grad", str(a.grad)))
    out.append(("seed004_detach_b_grad", str(b.grad)))
    a = rg([1.0, 2.0, 3.0])
    b = a + 3
    b.retain_grad()
    b.mean().backward()
    out.append(("seed004_retain_a", str(a.grad)))
    out.append(("seed004_retain_b", str(b.grad)))
    x = rg(1.0)
    grad_y = torch.autograd.grad(x ** 2, x, create_graph=True)
    out.append(("seed004_grad_y", str(grad_y)))
    (grad_y[0] ** 3).backward()
    out.append(("seed004_third_power_grad", str(x.grad)))
    x16 = rg([0.5, -1.0, 2.0], dtype=torch.float32)
    (x16.double() * 2).sum().backward()
    out.append(("seed004_mixed_precision_grad", str(x16.grad)))

    x = rg([1.0, 2.0, 3.0])
    with torch.no_grad():
        x.mul_(2)
    x.sum().backward()
    out.append(("seed004_no_grad_mul_value", str(x)))
    out.append(("seed004_no_grad_mul_grad", str(x.grad)))
    x = rg([0.5, -1.0, 2.0])
    y = x * 2
    jac = []
    for i in range(3):
        grad_y = torch.zeros_like(y)
        grad_y.reshape(-1)[i] = 1
        jac.append(torch.autograd.grad(y.reshape(-1), x, grad_y, retain_graph=True, allow_unused=True)[0])
    out.append(("seed004_jacobian", str(torch.stack(jac).reshape(y.shape + x.shape))))

    class MyReLU(torch.autograd.Function):
        @staticmethod
        def forward(ctx, input):
            ctx.save_for_backward(input)
            return input.clamp(min=0)

        @staticmethod
        def backward(ctx, grad_output):
            input, = ctx.saved_tensors
            grad_input = grad_output.clone()
            grad_input[input < 0] = 0
            return grad_input

    x = rg([-1.5, 0, 1.5])
    MyReLU.apply(x).backward(torch.tensor([1.0, 1.0, 1.0]))
    out.append(("seed004_my_relu_grad", str(x.grad)))
    return out


# ---- Tensor API: gradients and values the API tests assert -----------------------------------------------
def api():
    out = []
    x = rg([0., 0., 0.])
    x.norm().backward()
    out.append(("api_norm_grad_at_zero", str(x.grad)))
    x = rg([3., 4.])
    g, = torch.autograd.grad(x.norm(), x, create_graph=True)
    out.append(("api_norm_grad", str(g)))
    h = torch.stack([torch.autograd.grad(g[i], x, retain_graph=True)[0] for i in range(2)])
    out.append(("api_norm_hessian", str(h)))
    x = rg([-1., 0., 0.5, 1., 2.])
    x.clamp(0., 1.).sum().backward()
    out.append(("api_clamp_value", str(x.clamp(0., 1.).detach())))
    out.append(("api_clamp_grad", str(x.grad)))
    x = rg([[1., 2., 3.], [4., 5., 6.]])
    v = rg([10., 20.])
    y = x * 1.
    y[:, 1:] = v.reshape(2, 1)
    out.append(("api_set_slice_value", str(y)))
    (y * torch.tensor([[1., 2., 3.], [4., 5., 6.]])).sum().backward()
    out.append(("api_set_slice_grad_x", str(x.grad)))
    out.append(("api_set_slice_grad_v", str(v.grad)))
    y = torch.arange(10.)
    y[1:8:3] = -1.
    out.append(("api_set_slice_step", str(y)))
    m = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
    y = m.clone()
    y[-1] = torch.tensor([7., 8., 9.])
    out.append(("api_set_row", str(y)))
    out.append(("api_get_negative", str(m[-1, -2])))
    a, b = torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([[5., 6.], [7., 8.]])
    out.append(("api_stack_dim1", str(torch.stack([a, b], 1))))
    out.append(("api_stack_dim_last", str(torch.stack([a, b], -1))))
    out.append(("api_cat_dim1", str(torch.cat([a, b], 1))))
    out.append(("api_cat_dim_negative", str(torch.cat([a, b], -2))))
    out.append(("api_mean_dim_keepdim", str(m.mean(1, keepdim=True))))
    out.append(("api_mean_dim0", str(m.mean(0))))
    out.append(("api_t", str(m.t())))
    x = rg([0.1, 0.2], dtype=torch.float32)
    out.append(("api_f32_sum", str(x.sum())))
    y = torch.tensor([0.1, 0.2]).to(torch.float32)
    out.append(("api_to_f32", str(y)))
    out.append(("api_f32_value", repr(y[0].item())))
    z = rg([0.1, 0.2])
    (z.to(torch.float32) * 3.).sum().backward()
    out.append(("api_cast_grad", str(z.grad)))
    return out


def main():
    for name, make in PRINTING:
        print(name + "\t" + java_literal(fluxion_style(str(make()))))
    for name, f in NAMES:
        print("name_" + name + "\t" + java_literal(f(*fresh_leaves()).grad_fn.name()))
    for name, value in in_place_names():
        print("name_" + name + "\t" + java_literal(value))
    for name, value in seeds() + api():
        print(name + "\t" + java_literal(fluxion_style(value)))


if __name__ == "__main__":
    main()
