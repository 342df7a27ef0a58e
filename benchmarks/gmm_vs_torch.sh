#!/usr/bin/env bash
# Gaussian-mixture objective and gradient (issue 8, ADBench / GradBench "gmm"), one thread: PyTorch 1.13
# (Debian's python3-torch, OpenBLAS) beside Fluxion's Jit.compile / Jit.valueAndGrad (JMH GmmBenchmark), on
# the same data (GmmData writes it; benchmarks/torch/gmm.py reads it); prints values, medians and ratios.
#
#   mvn -q -DskipTests package -pl benchmarks -am      # builds benchmarks/target/benchmarks.jar
#   benchmarks/gmm_vs_torch.sh [SIZE ...]             # SIZE like d10_K25_n1000; default: GmmBenchmark's six
#
# Environment: FLUXION_BENCH_CP  run the Java side from this class path instead of the jar;
#              JMH_OPTS          extra JMH options, e.g. "-wi 1 -i 2 -r 1 -w 1" for a quick run;
#              TORCH_SECONDS     time budget of each torch measurement (default 2);
#              TORCH_THREADS     torch threads (default 1, as the JVM side).
# Needs apt-get install -y python3-torch (the script runs /usr/bin/python3, where Debian installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(d2_K5_n1000 d10_K25_n1000 d20_K100_n1000 d64_K100_n1000 d2_K5_n10000 d10_K25_n10000 d20_K100_n10000 d64_K100_n10000)
if [[ -n "${FLUXION_BENCH_CP:-}" ]]; then
  cp=$FLUXION_BENCH_CP
else
  cp=benchmarks/target/benchmarks.jar
  [[ -f $cp ]] || { echo "no $cp: build it with  mvn -q -DskipTests package -pl benchmarks -am" >&2; exit 1; }
fi
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "PyTorch missing: apt-get install -y python3-torch" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

java -cp "$cp" dev.fluxion.benchmarks.gmm.GmmData "$tmp/data" "${sizes[@]}" > /dev/null
echo "== PyTorch"
/usr/bin/python3 benchmarks/torch/gmm.py --data "$tmp/data" --seconds "${TORCH_SECONDS:-2}" --threads "${TORCH_THREADS:-1}" \
  "${sizes[@]}" | tee "$tmp/torch.txt"
echo "== Fluxion"
java -Xmx10g --add-modules jdk.incubator.vector -cp "$cp" dev.fluxion.benchmarks.gmm.GmmBenchmark "${sizes[@]}" 2>&1 | grep -v '^WARNING: Using incubator'

params=$(IFS=,; echo "${sizes[*]}")
# shellcheck disable=SC2086  # JMH_OPTS is a list of options
java -cp "$cp" org.openjdk.jmh.Main 'gmm\.GmmBenchmark' -p size="$params" -rf json -rff "$tmp/jmh.json" ${JMH_OPTS:-} \
  > "$tmp/jmh.txt" || { cat "$tmp/jmh.txt"; exit 1; }
grep -E '^Benchmark |^GmmBenchmark\.[a-z]+:p0\.50 ' "$tmp/jmh.txt"

echo
echo "Gaussian-mixture objective and gradient wrt (alphas, means, icf), f64, one thread — median ms per call:"
/usr/bin/python3 - "$tmp/torch.txt" "$tmp/jmh.json" "${sizes[@]}" <<'EOF'
import json, re, sys
torch_txt, jmh_json, sizes = sys.argv[1], sys.argv[2], sys.argv[3:]
torch = {}
for line in open(torch_txt):
    m = re.match(r"TORCH size=(\S+) impl=(\S+) objective_ms=(\S+) gradient_ms=(\S+)", line)
    if m:
        torch[(m[1], m[2])] = (float(m[3]), float(m[4]))
fluxion = {}
for r in json.load(open(jmh_json)):
    m = r["primaryMetric"]
    if m["scoreUnit"] != "ms/op":
        sys.exit(f"unexpected JMH unit {m['scoreUnit']}")
    simd = r["params"].get("simd", "true")
    fluxion[(r["params"]["size"], r["benchmark"].rsplit(".", 1)[1], simd)] = m["scorePercentiles"]["50.0"]
head = f"{'size':16} {'':22} {'objective':>10} {'gradient':>10} {'grad/obj':>9}"  # Fluxion / PyTorch compares the first Fluxion row
print(head)
print("-" * len(head))
for s in sizes:
    rows = [(f"PyTorch ({impl})", torch.get((s, impl))) for impl in ("reference", "matmul")]
    for simd, label in (("true", "Fluxion (SIMD vectors)"), ("false", "Fluxion (scalar code)")):
        fo, fg = fluxion.get((s, "objective", simd)), fluxion.get((s, "gradient", simd))
        if fo is not None and fg is not None:
            rows.append((label, (fo, fg)))
    for label, t in rows:
        if t is None:
            print(f"{s:16} {label:22} {'n/a':>10} {'n/a':>10}")
        else:
            print(f"{s:16} {label:22} {t[0]:10.3f} {t[1]:10.3f} {t[1] / t[0]:9.2f}")
    best = [t for _, t in rows[:2] if t is not None]
    if best and len(rows) > 2:
        fo, fg = rows[2][1]  # the first Fluxion row: SIMD when measured
        bo, bg = min(t[0] for t in best), min(t[1] for t in best)
        print(f"{s:16} {'Fluxion / best PyTorch':22} {fo / bo:10.2f} {fg / bg:10.2f}   (target: grad/obj <= 3, Fluxion / PyTorch <= 1)")
EOF
