#!/usr/bin/env bash
# Throughput of the Spark job (contrib/spark/copylint_spark.py) per executor core, in
# Spark local mode: the job over the 1 GiB replica of ../shared/corpus/real (made with
# make-big.sh under WORKDIR, default target/tmp) in 8 partitions, copylint reading the
# files (--read local), with local[1] and local[2], RUNS times each; then one
# `copylint check -j1` over the same list for comparison. Prints wall times, the time
# spent in the tasks and MB/s.
#
# Needs target/spark-venv with pyspark (tests/spark/run.sh makes it) and Java.
# COPYLINT: the binary (default target/release/copylint, built if needed).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/target/spark-venv"
work="${WORKDIR:-$root/target/tmp}"
runs="${RUNS:-2}"
[ -x "$venv/bin/spark-submit" ] || { echo "no $venv: run tests/spark/run.sh first" >&2; exit 2; }
if [ -n "${COPYLINT:-}" ]; then
  bin="$(cd "$(dirname "$COPYLINT")" && pwd)/$(basename "$COPYLINT")"
else
  bin="$root/target/release/copylint"
  (cd "$root" && cargo build --release --quiet)
fi
export PATH="$venv/bin:$PATH" PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"

tree="$work/big1g"
mkdir -p "$work"
[ -d "$tree" ] || "$root/../shared/corpus/make-big.sh" "$tree" 1G >/dev/null
(cd "$tree" && find . -type f | sed 's|^\./||' | LC_ALL=C sort >"$work/big1g.txt")
files=$(wc -l <"$work/big1g.txt")
bytes=$(cd "$tree" && du -sb --apparent-size . | cut -f1)
echo "tree: $files files, $bytes bytes"

for cores in 1 2; do
  for _ in $(seq "$runs"); do
    out="$work/spark-bench-out"
    rm -rf "$out"
    start=$(date +%s.%N)
    (cd "$tree" && spark-submit --master "local[$cores]" --conf spark.ui.enabled=false \
      "$root/contrib/spark/copylint_spark.py" --binary "$bin" --files-from "$work/big1g.txt" \
      --root . --read local --output "$out" --partitions 8 -- --no-config) >"$work/spark-bench.log" 2>&1
    end=$(date +%s.%N)
    # PythonRunner logs each task's time: those of the stage that ran copylint.
    tasks=$(grep 'PythonRunner: Times:' "$work/spark-bench.log" | grep 'stage 0' |
      sed 's/.*total = \([0-9]*\).*/\1/' | awk '{s += $1} END {print s / 1000}')
    awk -v c="$cores" -v w="$(awk "BEGIN {print $end - $start}")" -v t="$tasks" -v b="$bytes" \
      'BEGIN { printf "local[%d]: job %.1f s (%.0f MB/s per core); tasks %.1f s (%.0f MB/s per core)\n", c, w, b / w / c / 1e6, t, b / t / 1e6 }'
  done
done
start=$(date +%s.%N)
(cd "$tree" && "$bin" check -j1 --no-config --format jsonl --files-from "$work/big1g.txt" >/dev/null) || [ $? -le 2 ]
end=$(date +%s.%N)
awk -v w="$(awk "BEGIN {print $end - $start}")" -v b="$bytes" \
  'BEGIN { printf "copylint -j1 alone: %.1f s (%.0f MB/s)\n", w, b / w / 1e6 }'
