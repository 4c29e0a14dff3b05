#!/usr/bin/env bash
# copylint against ripgrep on one tree, run after run in turn, so that a machine whose
# load drifts (a shared one) weighs on both alike: the ratio of each round, and its range.
#
#   bench/alternate.sh TREE [ROUNDS]     (default ROUNDS: 7)
#   COPYLINT=/path/to/copylint OTHER=/path/to/another/copylint bench/alternate.sh TREE
#
# Each round runs `copylint check --format json TREE` (and OTHER's, when set: a build to
# compare with, say main's) and `rg -i -F -w -f phrases.txt -c TREE`, after one warm-up
# round. Prints wall, user and system seconds per run (GNU time), the ratio
# copylint/rg per round, the median and range of the ratios, and the load average.
# Needs: ripgrep, GNU time.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
tree="${1:?usage: bench/alternate.sh TREE [ROUNDS]}"
rounds="${2:-7}"
phrases="$here/../shared/corpus/peers/phrases.txt"
if [ -z "${COPYLINT:-}" ]; then
  (cd "$here" && cargo build --release --quiet)
fi
copylint="${COPYLINT:-$here/target/release/copylint}"
other="${OTHER:-}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

timed() { # name command... → "wall user sys" on stdout
  local name=$1
  shift
  /usr/bin/time -f "%e %U %S" -o "$out/t" "$@" >"$out/$name.out" 2>/dev/null || true
  tail -1 "$out/t"
}
run_round() {
  c=$(timed copylint "$copylint" check --format json "$tree")
  if [ -n "$other" ]; then o=$(timed other "$other" check --format json "$tree"); fi
  r=$(timed rg rg -i -F -w -f "$phrases" -c "$tree")
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run_round # warm-up
ratios=()
printf '| round | copylint wall/user/sys s |%s rg wall/user/sys s | copylint/rg |\n' "${other:+ other wall/user/sys s |}"
for i in $(seq "$rounds"); do
  run_round
  ratio=$(python3 -c "print(f'{${c%% *}/${r%% *}:.2f}')")
  ratios+=("$ratio")
  printf '| %s | %s |%s %s | %s |\n' "$i" "$c" "${other:+ $o |}" "$r" "$ratio"
done
python3 -c "
import statistics, sys
r = sorted(float(x) for x in sys.argv[1:])
print(f'copylint/rg: median {statistics.median(r):.2f}, range {r[0]:.2f} to {r[-1]:.2f} ({len(r)} rounds)')
" "${ratios[@]}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
