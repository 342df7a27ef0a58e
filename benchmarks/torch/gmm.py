"""Times PyTorch on the Gaussian-mixture objective of issue 8 (ADBench / GradBench "gmm") and its gradient.

Run with Debian's PyTorch:  /usr/bin/python3 benchmarks/torch/gmm.py [--seconds S] [--threads T] [SIZE ...]
where SIZE is d2_K5_n1000 (dimension, components, points); default: the sizes of GmmBenchmark.
(benchmarks/gmm_vs_torch.sh runs this and the JMH GmmBenchmark and prints both side by side.)

    L = sum_i logsumexp_k[alpha_k + sum(q_k) - 1/2 |Q_k (x_i - mu_k)|^2] - n logsumexp(alpha)
        + sum_k [1/2 gamma^2 (|exp(q_k)|^2 + |l_k|^2) - m sum(q_k)] - K C - (n d / 2) log(2 pi),
    C = n_w d (log gamma - 1/2 log 2) - log Gamma_d(n_w / 2),  n_w = d + m + 1,  gamma = 1,  m = 0,

Q_k lower triangular with diagonal exp(q_k) and strictly-lower part l_k; icf[k] holds q_k then l_k column by
column. The data are GmmData's (dev.fluxion.benchmarks.gmm), drawn by the same generator: one SplitMix64
stream seeded with 0x676D6D08, uniform = (z >> 11) * 2^-53, normal = sqrt(-2 log(1 - u1)) cos(2 pi u2);
alphas (normal), means (uniform), icf (normal), x (normal), in that order. Java takes log and cos from
StrictMath (fdlibm), Python from the C library, which now and then rounds the last bit differently; with
--data DIR the script reads the exact values GmmData wrote (DIR/d2_K5_n1000.f64, little-endian f64: alphas,
means, icf, x) and checks them against its own generator (they agree to within 1e-15).

Two PyTorch formulations, both timed:
  reference  the GradBench / ADBench one: x centred per component, an (n, K, d) tensor, then
             exp(q) * xc + einsum with the strictly-lower factors (built by indexing icf);
  matmul     Fluxion's: Q_k (x_i - mu_k) = x_i Q_k^T - mu_k Q_k^T, one batched matmul (K, n, d).
The objective is timed under torch.no_grad(); the gradient is torch.autograd.grad of L with respect to
(alphas, means, icf), forward included. Medians over repeated calls after warm-up, one thread unless told.
Prints the values (L and the norm of each part of the gradient, which GmmBenchmark's main prints too) and lines
  TORCH size=d2_K5_n1000 impl=reference objective_ms=... gradient_ms=...
for the comparison script.
"""
import argparse
import math
import statistics
import time

import numpy as np
import torch

SEED = 0x676D6D08
GAMMA = 1.0
M = 0
DEFAULT_SIZES = ["d2_K5_n1000", "d10_K25_n1000", "d20_K100_n1000", "d64_K100_n1000", "d2_K5_n10000", "d10_K25_n10000",
                 "d20_K100_n10000", "d64_K100_n10000"]
MASK64 = (1 << 64) - 1


# ---- data: GmmData's generator -----------------------------------------------------------------------

def splitmix64(seed, count):
    """The first `count` outputs of SplitMix64 from `seed`, as Python ints (its state is a counter)."""
    golden = np.uint64(0x9E3779B97F4A7C15)
    z = np.uint64(seed) + golden * np.arange(1, count + 1, dtype=np.uint64)  # wraps mod 2^64
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


class Stream:
    """Draws from one SplitMix64 stream in order, as GmmData.SplitMix64 does."""

    def __init__(self, seed, count):
        self.words = (splitmix64(seed, count) >> np.uint64(11)).tolist()
        self.at = 0

    def uniforms(self, count):
        out = [w * 2.0 ** -53 for w in self.words[self.at:self.at + count]]
        self.at += count
        return out

    def normals(self, count):
        u = self.uniforms(2 * count)
        # math.log / math.cos are the C library's; Java uses StrictMath (fdlibm): equal except, rarely, in the last bit
        return [math.sqrt(-2 * math.log(1 - u[2 * i])) * math.cos(2 * math.pi * u[2 * i + 1]) for i in range(count)]


def icf_size(d):
    return d + d * (d - 1) // 2


def generate(d, k, n):
    """(alphas[K], means[K,d], icf[K, d + d(d-1)/2], x[n,d]) as float64 tensors: GmmData.generate(d, k, n)."""
    p = icf_size(d)
    stream = Stream(SEED, 2 * k + k * d + 2 * k * p + 2 * n * d)
    alphas = stream.normals(k)
    means = stream.uniforms(k * d)
    icf = stream.normals(k * p)
    x = stream.normals(n * d)
    t = lambda v, *shape: torch.tensor(v, dtype=torch.float64).reshape(*shape)
    return t(alphas, k), t(means, k, d), t(icf, k, p), t(x, n, d)


def lower_index(d):
    """(d, d) positions in an icf row of the strictly-lower entries (0 elsewhere) and the strictly-lower mask."""
    idx = torch.zeros(d, d, dtype=torch.long)
    at = d
    for c in range(d):
        for r in range(c + 1, d):
            idx[r, c] = at
            at += 1
    return idx, torch.tril(torch.ones(d, d, dtype=torch.float64), -1)


def constant(d, k, n):
    """-K C - (n d / 2) log(2 pi), with torch's multigammaln."""
    nw = d + M + 1
    lmg = torch.special.multigammaln(torch.tensor(0.5 * nw, dtype=torch.float64), d).item()
    c = nw * d * (math.log(GAMMA) - 0.5 * math.log(2)) - lmg
    return -k * c - 0.5 * n * d * math.log(2 * math.pi)


# ---- the objective, two ways ---------------------------------------------------------------------------

def read(path, d, k, n):
    """GmmData's values from the file GmmData.main wrote, checked against this script's generator."""
    v = torch.from_numpy(np.fromfile(path, dtype="<f8"))
    own = generate(d, k, n)
    sizes = [t.numel() for t in own]
    if v.numel() != sum(sizes):
        raise SystemExit(f"{path}: {v.numel()} values, expected {sum(sizes)}")
    parts = [p.reshape(t.shape) for p, t in zip(torch.split(v, sizes), own)]
    diff = max((p - t).abs().max().item() for p, t in zip(parts, own))
    if diff > 1e-15:
        raise SystemExit(f"{path} differs from the Python generator by {diff}: not the same data")
    return parts


class Problem:
    def __init__(self, d, k, n, data_dir=None):
        self.d, self.k, self.n = d, k, n
        if data_dir:
            self.alphas, self.means, self.icf, self.x = read(f"{data_dir}/d{d}_K{k}_n{n}.f64", d, k, n)
        else:
            self.alphas, self.means, self.icf, self.x = generate(d, k, n)
        self.idx, self.mask = lower_index(d)
        self.const = constant(d, k, n)

    def prior(self, q_diag, icf, sum_q):
        frobenius = (q_diag ** 2).sum() + (icf[:, self.d:] ** 2).sum()
        return 0.5 * GAMMA * GAMMA * frobenius - M * sum_q.sum()

    def reference(self, alphas, means, icf):
        d, n, x = self.d, self.n, self.x
        q = icf[:, :d]
        q_diag, sum_q = q.exp(), q.sum(1)
        lower = icf[:, self.idx] * self.mask                                   # (K, d, d) strictly lower
        xc = x[:, None, :] - means[None, :, :]                                 # (n, K, d)
        y = q_diag * xc + torch.einsum("kij,nkj->nki", lower, xc)             # Q_k (x_i - mu_k)
        inner = alphas + sum_q - 0.5 * (y ** 2).sum(2)                         # (n, K)
        return (torch.logsumexp(inner, 1).sum() - n * torch.logsumexp(alphas, 0)
                + self.prior(q_diag, icf, sum_q) + self.const)

    def matmul(self, alphas, means, icf):
        d, n, x = self.d, self.n, self.x
        q = icf[:, :d]
        q_diag, sum_q = q.exp(), q.sum(1)
        qt = (icf[:, self.idx] * self.mask + torch.diag_embed(q_diag)).transpose(1, 2)  # (K, d, d): Q_k^T
        y = x @ qt - means[:, None, :] @ qt                                    # (K, n, d)
        inner = (alphas + sum_q)[:, None] - 0.5 * (y ** 2).sum(2)              # (K, n)
        return (torch.logsumexp(inner, 0).sum() - n * torch.logsumexp(alphas, 0)
                + self.prior(q_diag, icf, sum_q) + self.const)


def timed(fn, seconds, min_runs=5, warmup=3):
    for _ in range(warmup):
        fn()
    times = []
    end = time.perf_counter() + seconds
    while len(times) < min_runs or time.perf_counter() < end:
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times), len(times)


def blas_libraries():
    """The BLAS shared libraries this process has loaded: the reference BLAS or OpenBLAS."""
    try:
        with open("/proc/self/maps") as maps:
            names = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
        return ", ".join(sorted(names)) or "none found"
    except OSError:
        return "unknown"


def parse_size(s):
    parts = s.split("_")
    if len(parts) != 3 or parts[0][0] != "d" or parts[1][0] != "K" or parts[2][0] != "n":
        raise SystemExit(f"bad size {s!r}: expected e.g. d2_K5_n1000")
    return int(parts[0][1:]), int(parts[1][1:]), int(parts[2][1:])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sizes", nargs="*", default=DEFAULT_SIZES)
    ap.add_argument("--seconds", type=float, default=2.0, help="time budget per measurement (default 2)")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (default 1, as the JVM side)")
    ap.add_argument("--data", help="read GmmData's files from this directory instead of generating")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    first = True
    for s in args.sizes:
        d, k, n = parse_size(s)
        pb = Problem(d, k, n, args.data)
        if first:
            pb.matmul(pb.alphas, pb.means, pb.icf)
            print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), BLAS: {blas_libraries()}")
            first = False
        params = [t.clone().requires_grad_(True) for t in (pb.alphas, pb.means, pb.icf)]
        for impl in ("reference", "matmul"):
            f = getattr(pb, impl)
            value = f(*params)
            grads = torch.autograd.grad(value, params)
            print(f"pytorch values {s} {impl}: L {value.item()!r}  |dL/dalphas| {grads[0].norm().item()!r}  "
                  f"|dL/dmeans| {grads[1].norm().item()!r}  |dL/dicf| {grads[2].norm().item()!r}")

            def objective():
                with torch.no_grad():
                    return f(*params)

            def gradient():
                return torch.autograd.grad(f(*params), params)

            obj_ms, obj_runs = timed(objective, args.seconds)
            grad_ms, grad_runs = timed(gradient, args.seconds)
            print(f"TORCH size={s} impl={impl} objective_ms={obj_ms:.4f} gradient_ms={grad_ms:.4f} "
                  f"ratio={grad_ms / obj_ms:.2f} runs={obj_runs}/{grad_runs}", flush=True)


if __name__ == "__main__":
    main()
