"""Times PyTorch on seed 000's Rosenbrock/Adam loop, the reference for RosenbrockAdamBenchmark.

Run with Debian's PyTorch:  /usr/bin/python3 benchmarks/torch/rosenbrock_adam.py [runs]
One run is 1000 iterations of loss / zero_grad / backward / step of Adam(lr=0.05) on
100 (y - x^2)^2 + (1 - x)^2 from (-1.2, 1.0) in float64, exactly the loop the benchmark runs in
Fluxion. Prints the median (and quartiles) over the runs, after three untimed warm-up runs.
"""
import statistics
import sys
import time

import torch


def run(steps=1000):
    x = torch.tensor(-1.2, dtype=torch.float64, requires_grad=True)
    y = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([x, y], lr=0.05)
    loss = None
    for _ in range(steps):
        loss = 100. * (y - x ** 2.) ** 2. + (1. - x) ** 2.
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    return x.item(), y.item(), loss.item()


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; final x, y, loss = {run()}")
    for _ in range(3):
        run()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1e3)
    q = statistics.quantiles(times, n=4)
    print(f"pytorch, 1000 steps: median {statistics.median(times):.2f} ms  [q1 {q[0]:.2f}, q3 {q[2]:.2f}]  ({runs} runs)")


if __name__ == "__main__":
    main()
