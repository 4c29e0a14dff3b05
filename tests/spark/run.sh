#!/usr/bin/env bash
# The Spark job (contrib/spark/copylint_spark.py) on Spark in local mode: it checks
# ../shared/corpus/real (or the samples when the corpus is not beside the project), plus
# a file whose name has a space and an accent, in 4 partitions; `copylint report --from`
# merges the 4 outputs; the CSV must equal, row for row, and the HTML page, but for its
# nonce, the report of one `copylint report` run over the same list. Prints the time the
# Spark job took.
#
# Needs Java (17 or later) and pyspark, installed from PyPI into target/spark-venv when
# missing. A missing prerequisite fails the test under CI=true; elsewhere it is said
# loudly and the test stops with status 0 (nothing was checked).
# COPYLINT_BIN: the binary (default target/debug/copylint, built if needed).
# SPARK_CORES: cores of the local master (default 2).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/target/spark-venv"

missing() {
  if [ "${CI:-}" = true ]; then
    printf 'FAIL: %s\n' "$*" >&2
    exit 1
  fi
  printf '\n!!!!!!!!\n!!! SPARK TEST NOT RUN: %s\n!!!!!!!!\n\n' "$*" >&2
  exit 0
}
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

command -v java >/dev/null || missing "java is not installed (apt-get install default-jre-headless)"
if [ ! -x "$venv/bin/spark-submit" ]; then
  python3 -m venv "$venv" || missing "python3 cannot make a virtualenv"
  "$venv/bin/pip" install --quiet pyspark || missing "pyspark could not be installed from PyPI"
fi
export PATH="$venv/bin:$PATH" PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"

if [ -n "${COPYLINT_BIN:-}" ]; then
  bin="$(cd "$(dirname "$COPYLINT_BIN")" && pwd)/$(basename "$COPYLINT_BIN")"
else
  bin="$root/target/debug/copylint"
  (cd "$root" && cargo build --quiet)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
corpus="$root/../shared/corpus/real"
if [ -d "$corpus" ]; then
  cp -r "$corpus" "$work/docs"
else
  echo "../shared/corpus/real is not here: running over the samples" >&2
  cp -r "$root/samples" "$work/docs"
fi
mkdir -p "$work/docs/a folder"
printf 'SRE enables access to ChatGPT.\n' >"$work/docs/a folder/é deck.md"
(cd "$work/docs" && find . -type f | sed 's|^\./||' | LC_ALL=C sort >"$work/files.txt")
count=$(wc -l <"$work/files.txt")

echo "== one machine: copylint report over $count files"
(cd "$work/docs" && "$bin" report --no-config --files-from "$work/files.txt" \
  --csv "$work/whole.csv" --html "$work/whole.html") || [ $? -le 2 ]

echo "== Spark (local[${SPARK_CORES:-2}], 4 partitions)"
start=$(date +%s.%N)
(cd "$work/docs" && spark-submit --master "local[${SPARK_CORES:-2}]" \
  --conf spark.ui.enabled=false \
  "$root/contrib/spark/copylint_spark.py" --binary "$bin" --files-from "$work/files.txt" \
  --root . --output "$work/out" --partitions 4 -- --no-config) >"$work/spark.log" 2>&1 ||
  { tail -40 "$work/spark.log"; fail "the Spark job failed"; }
end=$(date +%s.%N)
parts=("$work"/out/part-*)
[ "${#parts[@]}" -eq 4 ] || fail "expected 4 outputs, got ${#parts[@]}"
for part in "${parts[@]}"; do
  tail -n 1 "$part" | grep -q '"type":"summary"' || fail "$part does not end with a summary line"
done

echo "== reduce: copylint report --from the 4 outputs"
(cd "$work/docs" && "$bin" report --no-config --from "${parts[@]}" \
  --csv "$work/merged.csv" --html "$work/merged.html") || [ $? -le 2 ]

rows=$(($(wc -l <"$work/whole.csv") - 1))
[ "$rows" -gt 0 ] || fail "the single-machine report has no findings to compare"
grep -q 'a folder/é deck.md' "$work/whole.csv" || fail "the accented file is not in the report"
cmp -s "$work/whole.csv" "$work/merged.csv" || {
  diff "$work/whole.csv" "$work/merged.csv" | head -20
  fail "the merged CSV differs from the single-machine one"
}
strip() { sed -E 's/nonce[-=]"?[0-9a-f]+"?//g' "$1"; }
cmp -s <(strip "$work/whole.html") <(strip "$work/merged.html") || {
  diff <(strip "$work/whole.html") <(strip "$work/merged.html") | head -20
  fail "the merged HTML page differs from the single-machine one"
}
seconds=$(awk "BEGIN { printf \"%.1f\", $end - $start }")
bytes=$(du -sb "$work/docs" | cut -f1)
echo "ok: $rows findings, equal finding for finding; Spark job $seconds s for $count files ($bytes bytes)"
