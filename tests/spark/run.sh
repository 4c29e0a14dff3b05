#!/usr/bin/env bash
# The Spark job (contrib/spark/copylint_spark.py) on Spark in local mode, in 4
# partitions, twice: over ../shared/corpus/real (or the samples when the corpus is not
# beside the project) with copylint reading the files on the executors, and over the
# samples with Spark reading them (binaryFiles, as for object storage); each time with a
# file whose name has a space and an accent. `copylint report --from` merges the 4
# outputs; the CSV must equal, row for row, and the HTML page, but for its nonce, the
# report of one `copylint report` run over the same list. Prints the time each Spark
# job took.
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
  "$venv/bin/pip" install --quiet pyspark==4.3.0 || missing "pyspark could not be installed from PyPI"
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
strip() { sed -E 's/nonce[-=]"?[0-9a-f]+"?//g' "$1"; }

# audit NAME DOCS READ: the job over every file of DOCS in 4 partitions, files read as
# READ says (local: by copylint on the executors; spark: by binaryFiles), merged and
# compared with one run's report.
audit() {
  local name=$1 docs=$2 read=$3 out="$work/out-$1"
  mkdir -p "$out"
  (cd "$docs" && find . -type f | sed 's|^\./||' | LC_ALL=C sort >"$out/files.txt")
  local count
  count=$(wc -l <"$out/files.txt")
  echo "== $name: one machine, copylint report over $count files"
  (cd "$docs" && "$bin" report --no-config --files-from "$out/files.txt" \
    --csv "$out/whole.csv" --html "$out/whole.html") || [ $? -le 2 ]
  echo "== $name: Spark (local[${SPARK_CORES:-2}], 4 partitions, --read $read)"
  local start end
  start=$(date +%s.%N)
  (cd "$docs" && spark-submit --master "local[${SPARK_CORES:-2}]" \
    --conf spark.ui.enabled=false \
    "$root/contrib/spark/copylint_spark.py" --binary "$bin" --files-from "$out/files.txt" \
    --root . --read "$read" --output "$out/jsonl" --partitions 4 -- --no-config) \
    >"$out/spark.log" 2>&1 || { tail -40 "$out/spark.log"; fail "the Spark job failed"; }
  end=$(date +%s.%N)
  local parts=("$out"/jsonl/part-*)
  [ "${#parts[@]}" -eq 4 ] || fail "expected 4 outputs, got ${#parts[@]}"
  for part in "${parts[@]}"; do
    tail -n 1 "$part" | grep -q '"type":"summary"' || fail "$part does not end with a summary line"
  done
  echo "== $name: copylint report --from the 4 outputs"
  (cd "$docs" && "$bin" report --no-config --from "${parts[@]}" \
    --csv "$out/merged.csv" --html "$out/merged.html") || [ $? -le 2 ]
  local rows
  rows=$(($(wc -l <"$out/whole.csv") - 1))
  [ "$rows" -gt 0 ] || fail "the single-machine report has no findings to compare"
  grep -q 'a folder/é deck.md' "$out/whole.csv" || fail "the accented file is not in the report"
  cmp -s "$out/whole.csv" "$out/merged.csv" || {
    diff "$out/whole.csv" "$out/merged.csv" | head -20
    fail "$name: the merged CSV differs from the single-machine one"
  }
  cmp -s <(strip "$out/whole.html") <(strip "$out/merged.html") || {
    diff <(strip "$out/whole.html") <(strip "$out/merged.html") | head -20
    fail "$name: the merged HTML page differs from the single-machine one"
  }
  local seconds bytes
  seconds=$(awk "BEGIN { printf \"%.1f\", $end - $start }")
  bytes=$(du -sb --exclude=.git "$docs" | cut -f1)
  echo "ok: $rows findings, equal finding for finding; Spark job $seconds s for $count files ($bytes bytes)"
}

accented() {
  mkdir -p "$1/a folder"
  printf 'SRE enables access to ChatGPT.\n' >"$1/a folder/é deck.md"
}

echo "== file names from the storage cannot leave the job's folder"
(cd "$root/contrib/spark" && PYTHONDONTWRITEBYTECODE=1 python3 -c '
from copylint_spark import relative
root = "s3a://b/docs/"
assert relative("s3a://b/docs/a/b.md", root) == "a/b.md"
for bad in ["s3a://b/docs/../x.md", "s3a://b/docs/a//b.md", "s3a://b/docs/./a.md",
            "s3a://b/docs/", "s3a://b/other/a.md", "s3a://b/docs/a/\0.md"]:
    try:
        relative(bad, root)
    except ValueError:
        continue
    raise SystemExit("accepted " + repr(bad))
') || fail "relative() accepted an unsafe path"

# Files read by copylint on the executors: the corpus.
corpus="$root/../shared/corpus/real"
if [ -d "$corpus" ]; then
  cp -r "$corpus" "$work/corpus"
else
  echo "../shared/corpus/real is not here: running over the samples" >&2
  cp -r "$root/samples" "$work/corpus"
fi
accented "$work/corpus"
audit corpus "$work/corpus" local

# Files read by Spark (binaryFiles, as for s3a:// and other URIs): the samples, as
# binaryFiles reads small local files slowly (about 40 ms each here).
cp -r "$root/samples" "$work/samples"
accented "$work/samples"
audit samples "$work/samples" spark
