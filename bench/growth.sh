#!/usr/bin/env bash
# Time and peak memory of copylint on the hostile shapes of issue 12, at size n and 2n.
#
#   bench/growth.sh [SHAPE...]          (default: every shape; RUNS=3 runs each)
#
# Each shape is a file (or lexicon, or language-server session) whose size n is what used
# to make the work grow with its square: nesting depth, findings on one line, edits sent
# to a client that does not read. For linear work both ratios are near 2 (less where the
# fixed cost of a run dominates); near 4 is quadratic. Ratios are net of an empty run
# (startup, lexicon compilation). Uses the release binary ($COPYLINT to choose another)
# and GNU time; inputs are made by bench/growth.py (Python 3) in a temporary folder. Each
# run is limited to 8 GiB of address space and 300 s, so a quadratic shape cannot take
# the machine down.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${RUNS:-3}"
gen="$here/bench/growth.py"
[ -x /usr/bin/time ] || { echo "missing GNU time (apt-get install time)" >&2; exit 2; }
if [ -z "${COPYLINT:-}" ]; then
  (cd "$here" && cargo build --release --quiet)
  COPYLINT="$here/target/release/copylint"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# shape, n, and what n counts.
shapes=(
  "nested-b        200000 nested <b> around a finding (HTML)"
  "nested-div      200000 nested <div> around a finding (HTML)"
  "nested-span-md  200000 nested <span> around a finding (Markdown)"
  "unclosed-html   200000 <b> closed by as many </i>"
  "quote-list-md   400000 '> '*n + '- '*n on one Markdown line"
  "minified-html   100000 findings on one line of HTML (n=100000: 2.8 MB)"
  "docx-textboxes  1600   nested Word text boxes, 10 findings each"
  "docx-paragraph  50000  findings in one Word paragraph"
  "inline-findings 20000  findings each in its own <b>, one paragraph"
  "one-sentence    1000   findings in one 22n-byte sentence"
  "log             400    log lines with a finding, no sentence end"
  "lexicon         8      phrases expanding to 4,096 variants each"
  "lsp-nonreading  640    edits to 4 open documents from a client that does not read"
)

# One measurement: "seconds KiB" (best time and peak memory of $runs runs), or "failed".
measure() { # shape n
  local dir="$work/$1-$2" best="" peak=0 t m line
  mkdir -p "$dir"
  for _ in $(seq "$runs"); do
    if [ "$1" = lsp-nonreading ]; then
      line="$(ulimit -v 8388608; timeout 300 python3 "$gen" lsp "$2" "$COPYLINT")" || { echo failed; return; }
    elif [ "$1" = empty ]; then
      : >"$dir/empty.md"
      line="$(cd "$dir" && ulimit -v 8388608 && timeout 300 /usr/bin/time -f '%e %M' \
        "$COPYLINT" check --format json empty.md 2>&1 >/dev/null | tail -1)" || true
    else
      local args
      args="$(python3 "$gen" make "$1" "$2" "$dir")"
      # shellcheck disable=SC2086 # the arguments are words
      line="$(cd "$dir" && ulimit -v 8388608 && timeout 300 /usr/bin/time -f '%e %M' \
        "$COPYLINT" check --format json $args 2>&1 >/dev/null | tail -1)" || true
    fi
    read -r t m <<<"$line"
    [[ "$t" =~ ^[0-9.]+$ && "$m" =~ ^[0-9]+$ ]] || { echo failed; return; }
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    if [ "$m" -gt "$peak" ]; then peak=$m; fi
  done
  rm -rf "$dir"
  echo "$best $peak"
}

read -r base_t base_m <<<"$(measure empty 0)"
printf 'copylint %s; an empty run: %s s, %s MiB. Best time, peak RSS of %s runs.\n\n' \
  "$("$COPYLINT" --version)" "$base_t" "$((base_m / 1024))" "$runs"
printf '| %-15s | %7s | %8s | %8s | %5s | %7s | %7s | %5s | %s\n' \
  shape n "time n" "time 2n" ratio "MiB n" "MiB 2n" ratio "what n counts"
printf '|%s|\n' "-----------------|---------|----------|----------|-------|---------|---------|-------|---"
worst=0
for row in "${shapes[@]}"; do
  read -r shape n what <<<"$row"
  if [ $# -gt 0 ] && [[ " $* " != *" $shape "* ]]; then continue; fi
  one="$(measure "$shape" "$n")"
  two="$(measure "$shape" $((2 * n)))"
  if [ "$one" = failed ] || [ "$two" = failed ]; then
    printf '| %-15s | %7s | %8s | %8s | %5s | %7s | %7s | %5s | %s\n' \
      "$shape" "$n" "${one%% *}" "${two%% *}" "-" "-" "-" "-" "$what (a run failed or hit the limits)"
    continue
  fi
  read -r t1 m1 <<<"$one"
  read -r t2 m2 <<<"$two"
  awk -v s="$shape" -v n="$n" -v t1="$t1" -v t2="$t2" -v m1="$m1" -v m2="$m2" \
      -v bt="$base_t" -v bm="$base_m" -v what="$what" 'BEGIN {
    # Net of the empty run; a shape whose net cost is within noise reads as 1.
    nt1 = t1 - bt; nt2 = t2 - bt; nm1 = m1 - bm; nm2 = m2 - bm
    rt = (nt1 > 0.02) ? nt2 / nt1 : 1
    rm = (nm1 > 1024) ? nm2 / nm1 : 1
    printf "| %-15s | %7d | %7.2fs | %7.2fs | %5.2f | %7.1f | %7.1f | %5.2f | %s\n",
      s, n, t1, t2, rt, m1 / 1024, m2 / 1024, rm, what
  }'
done
