"""Reference trajectories of torch.optim (PyTorch 1.13) for Fluxion's optimizer tests.

Run with Debian's PyTorch:  /usr/bin/python3 benchmarks/torch/optimizer_trajectories.py
Every number is printed with repr(), the shortest text that reads back as the same float64, so it
can be pasted into Java source exactly. The tests in
runtime/src/test/java/dev/fluxion/optim/ quote this output.

Problems:
  rosenbrock  seed 000's loop: f(x, y) = 100 (y - x^2)^2 + (1 - x)^2 from (-1.2, 1.0), Adam(lr=0.05),
              1000 iterations of loss / zero_grad / backward / step; prints the loss (before the step)
              and x, y (after it) at i = 0, 200, 400, 600, 800, then the final x, y and loss.
  quadratic   w = [1, -2, 3], s = 0.7, a = [1, 10, 0.1], t = [0.5, 0.25, -1]:
              loss = sum(a (w - t)^2) + (sum(w) s - 1)^2   (negated when the optimizer maximizes)
              25 steps; prints w0, w1, w2, s after steps 1, 2, 5, 10, 25. The *_f32 runs use float32
              throughout (values printed as the float64 numbers equal to those floats) and write
              sum(w) as w[0] + w[1] + w[2], so the reference does not depend on how a float sum
              accumulates.
zero_grad uses set_to_none=True, Fluxion's default.
"""
import torch

torch.set_printoptions(precision=17)


def rosenbrock(x, y):
    return 100. * (y - x ** 2.) ** 2. + (1. - x) ** 2.


def rosenbrock_adam(dtype):
    x = torch.tensor(-1.2, dtype=dtype, requires_grad=True)
    y = torch.tensor(1.0, dtype=dtype, requires_grad=True)
    opt = torch.optim.Adam([x, y], lr=0.05)
    print(f"rosenbrock_adam {dtype}")
    for i in range(1000):
        loss = rosenbrock(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if i % 200 == 0:
            print(f"  {{{i}, {loss.item()!r}, {x.item()!r}, {y.item()!r}}},")
    print(f"  final {{{x.item()!r}, {y.item()!r}, {loss.item()!r}}}")


A = [1.0, 10.0, 0.1]
T = [0.5, 0.25, -1.0]
RECORD = (1, 2, 5, 10, 25)


def quadratic(name, make, maximize=False, dtype=torch.float64):
    w = torch.tensor([1.0, -2.0, 3.0], dtype=dtype, requires_grad=True)
    s = torch.tensor(0.7, dtype=dtype, requires_grad=True)
    a = torch.tensor(A, dtype=dtype)
    t = torch.tensor(T, dtype=dtype)
    opt = make([w, s])
    print(f"quadratic {name}" + ("" if dtype == torch.float64 else f" {dtype}"))
    for step in range(1, max(RECORD) + 1):
        # float32: a sum in a fixed order (Fluxion's f32 sum accumulates in double, PyTorch's in float)
        total = w.sum() if dtype == torch.float64 else w[0] + w[1] + w[2]
        loss = (a * (w - t) ** 2.).sum() + (total * s - 1.) ** 2.
        if maximize:
            loss = -loss
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step in RECORD:
            v = w.tolist() + [s.item()]
            print(f"  {{{step}, {v[0]!r}, {v[1]!r}, {v[2]!r}, {v[3]!r}}},")


def main():
    print(torch.__version__)
    rosenbrock_adam(torch.float64)
    rosenbrock_adam(torch.float32)
    o = torch.optim
    quadratic("sgd", lambda p: o.SGD(p, lr=0.01))
    quadratic("sgd_momentum", lambda p: o.SGD(p, lr=0.01, momentum=0.9))
    quadratic("sgd_dampening", lambda p: o.SGD(p, lr=0.01, momentum=0.9, dampening=0.5))
    quadratic("sgd_nesterov", lambda p: o.SGD(p, lr=0.01, momentum=0.9, nesterov=True))
    quadratic("sgd_weight_decay", lambda p: o.SGD(p, lr=0.01, momentum=0.5, weight_decay=0.1))
    quadratic("sgd_maximize", lambda p: o.SGD(p, lr=0.01, momentum=0.9, maximize=True), maximize=True)
    quadratic("adam", lambda p: o.Adam(p, lr=0.1))
    quadratic("adam_options", lambda p: o.Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1))
    quadratic("adam_amsgrad", lambda p: o.Adam(p, lr=0.1, amsgrad=True))
    quadratic("adam_maximize", lambda p: o.Adam(p, lr=0.1, maximize=True), maximize=True)
    quadratic("adamw", lambda p: o.AdamW(p, lr=0.1))
    quadratic("adamw_amsgrad", lambda p: o.AdamW(p, lr=0.1, weight_decay=0.5, amsgrad=True))
    quadratic("rmsprop", lambda p: o.RMSprop(p, lr=0.01))
    quadratic("rmsprop_centered", lambda p: o.RMSprop(p, lr=0.01, centered=True))
    quadratic("rmsprop_momentum", lambda p: o.RMSprop(p, lr=0.01, momentum=0.9, weight_decay=0.1))
    quadratic("rmsprop_all", lambda p: o.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-6, momentum=0.5, centered=True,
                                                  weight_decay=0.05, maximize=True), maximize=True)
    quadratic("adagrad", lambda p: o.Adagrad(p, lr=0.1))
    quadratic("adagrad_options", lambda p: o.Adagrad(p, lr=0.1, lr_decay=0.01, weight_decay=0.1,
                                                      initial_accumulator_value=0.5, eps=1e-6))
    quadratic("adagrad_maximize", lambda p: o.Adagrad(p, lr=0.1, maximize=True), maximize=True)
    f32 = torch.float32
    quadratic("sgd_f32", lambda p: o.SGD(p, lr=0.01, momentum=0.9, nesterov=True, weight_decay=0.1), dtype=f32)
    quadratic("adamw_f32", lambda p: o.AdamW(p, lr=0.1, weight_decay=0.5, amsgrad=True), dtype=f32)
    quadratic("rmsprop_f32", lambda p: o.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-6, momentum=0.5, centered=True,
                                                  weight_decay=0.05), dtype=f32)
    quadratic("adagrad_f32", lambda p: o.Adagrad(p, lr=0.1, lr_decay=0.01, weight_decay=0.1,
                                                  initial_accumulator_value=0.5, eps=1e-6), dtype=f32)


if __name__ == "__main__":
    main()
