#!/usr/bin/env bash
# Logistic regression loss + gradient (X 10000x100 f64, one thread): PyTorch 1.13 (Debian's
# python3-torch) beside Fluxion's compiled Jit.valueAndGrad (JMH LogisticRegressionBenchmark),
# on the same data; prints both medians side by side.
#
#   mvn -q -DskipTests package -pl benchmarks -am      # builds benchmarks/target/benchmarks.jar
#   benchmarks/jit_vs_torch.sh [torch runs, default 2000]
#
# Environment: FLUXION_BENCH_CP  run the Java side from this class path instead of the jar;
#              JMH_OPTS          extra JMH options, e.g. "-wi 2 -i 3 -prof gc".
# Needs apt-get install -y python3-torch (the script runs /usr/bin/python3, where Debian installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-2000}
if [[ -n "${FLUXION_BENCH_CP:-}" ]]; then
  cp=$FLUXION_BENCH_CP
else
  cp=benchmarks/target/benchmarks.jar
  [[ -f $cp ]] || { echo "no $cp: build it with  mvn -q -DskipTests package -pl benchmarks -am" >&2; exit 1; }
fi
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "PyTorch missing: apt-get install -y python3-torch" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== PyTorch"
/usr/bin/python3 benchmarks/torch/logistic_regression.py "$runs" | tee "$tmp/torch.txt"
echo "== Fluxion"
java --add-modules jdk.incubator.vector -cp "$cp" dev.fluxion.benchmarks.jit.LogisticRegressionBenchmark 2>&1 | grep -v '^WARNING: Using incubator'
# shellcheck disable=SC2086  # JMH_OPTS is a list of options
java -cp "$cp" org.openjdk.jmh.Main 'jit\.LogisticRegressionBenchmark' -rf json -rff "$tmp/jmh.json" ${JMH_OPTS:-} \
  > "$tmp/jmh.txt" || { cat "$tmp/jmh.txt"; exit 1; }
sed -n '/^Benchmark /,$p' "$tmp/jmh.txt"

torch_ms=$(sed -n 's/^TORCH_MEDIAN_MS=//p' "$tmp/torch.txt")
# one line per JMH result: simd parameter, median, unit
/usr/bin/python3 -c '
import json, sys
for r in json.load(open(sys.argv[1])):
    m = r["primaryMetric"]
    print(r.get("params", {}).get("simd", "true"), m["scorePercentiles"]["50.0"], m["scoreUnit"])' "$tmp/jmh.json" > "$tmp/medians.txt"

echo
echo "logistic regression loss + gradient wrt (w, b), X 10000x100 f64, one thread — median per call:"
printf '  %-40s %10.4f ms\n' "PyTorch 1.13 (autograd, OpenBLAS)" "$torch_ms"
fluxion_ms=
while read -r simd ms unit; do
  [[ $unit == ms/op ]] || { echo "unexpected JMH unit $unit" >&2; exit 1; }
  label="Fluxion (Jit.valueAndGrad, scalar code)"
  if [[ $simd == true ]]; then label="Fluxion (Jit.valueAndGrad, SIMD vectors)"; fluxion_ms=$ms; fi
  printf '  %-40s %10.4f ms\n' "$label" "$ms"
done < "$tmp/medians.txt"
[[ -n $fluxion_ms ]] || fluxion_ms=$ms
/usr/bin/python3 -c 'import sys; t, f = map(float, sys.argv[1:]); print(f"  Fluxion / PyTorch = {f / t:.2f}  (target <= 1)")' "$torch_ms" "$fluxion_ms"
