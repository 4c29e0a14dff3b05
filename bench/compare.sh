#!/usr/bin/env bash
# Compare copylint with ripgrep (and typos, when installed) on the same trees, same run.
#
#   bench/compare.sh [WORKDIR]        (default WORKDIR: /tmp/copylint-bench)
#
# Builds, under WORKDIR, trees of the real docs corpus (../shared/corpus, make-big.sh) at
# 64 MiB, 256 MiB and 1 GiB, plus the worst case (only the OpenAI-heavy openai-cookbook and
# semantic-kernel-docs, replicated to 256 MiB, so every file runs the whole pipeline), and
# one 10 kB Markdown file. Times each tool with hyperfine (median of several runs after a
# warm-up), measures peak RSS with GNU time, and prints a Markdown table of the ratios.
# Needs: hyperfine, ripgrep, GNU time (Debian: apt-get install hyperfine ripgrep time).
# typos is used when `typos` is on PATH or $TYPOS points at it
# (cargo install --locked --root PREFIX typos-cli).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/copylint-bench}"
corpus="$here/../shared/corpus"
phrases="$corpus/peers/phrases.txt"
runs="${RUNS:-5}"
mkdir -p "$work"

for tool in hyperfine rg /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install hyperfine ripgrep time)" >&2; exit 2; }
done
typos="${TYPOS:-$(command -v typos || true)}"

(cd "$here" && cargo build --release --quiet)
copylint="$here/target/release/copylint"

tree() { # name size
  local dir="$work/$1"
  if [ ! -d "$dir" ]; then "$corpus/make-big.sh" "$dir" "$2" >/dev/null; fi
  echo "$dir"
}

worst_tree() { # 256 MiB of OpenAI-heavy docs only
  local dir="$work/worst-256M"
  if [ ! -d "$dir" ]; then
    local target=$((256 * 1048576)) total=0 i=0
    mkdir -p "$dir"
    local per=$(du -sb "$corpus/real/openai-cookbook" "$corpus/real/semantic-kernel-docs" | awk '{s+=$1} END {print s}')
    while [ "$total" -lt "$target" ]; do
      i=$((i + 1))
      mkdir -p "$dir/$(printf %04d $i)"
      cp -r "$corpus/real/openai-cookbook" "$corpus/real/semantic-kernel-docs" "$dir/$(printf %04d $i)/"
      total=$((total + per))
    done
  fi
  echo "$dir"
}

one_file() {
  local file="$work/one-10k.md"
  if [ ! -f "$file" ]; then
    python3 - "$here/samples/landing-page.md" "$file" <<'PY'
import sys
text = open(sys.argv[1]).read()
out = ""
while len(out) < 10240:
    out += text
open(sys.argv[2], "w").write(out[:10240])
PY
  fi
  echo "$file"
}

median() { # hyperfine json → median seconds of command N
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['median'])" "$1" "$2"
}

rss_mib() { # command... → peak RSS in MiB
  /usr/bin/time -f "%M" -o "$work/rss" "$@" >/dev/null 2>&1 || true
  # GNU time puts "Command exited with non-zero status 1" first when copylint finds something.
  tail -1 "$work/rss" | awk '{printf "%.0f", $1 / 1024}'
}

bytes_of() { find "$1" -type f -printf '%s\n' | awk '{s += $1} END {print s}'; }

printf '| tree | MB | copylint s | rg s | copylint/rg |'
[ -n "$typos" ] && printf ' typos s | typos/copylint |'
printf ' copylint MB/s/core | copylint RSS MiB | rg RSS MiB |\n'
printf '|---|---:|---:|---:|---:|'
[ -n "$typos" ] && printf -- '---:|---:|'
printf -- '---:|---:|---:|\n'

cores=$(nproc)
for spec in "64M:64M" "256M:256M" "1G:1G" "worst-256M:worst"; do
  name=${spec%%:*}; size=${spec#*:}
  if [ "$size" = worst ]; then dir=$(worst_tree); else dir=$(tree "real-$name" "$size"); fi
  cat "$(find "$dir" -type f | head -1)" >/dev/null
  cmds=("$copylint check --format json $dir > $work/copylint.out"
        "rg -i -F -w -f $phrases -c $dir > $work/rg.out")
  [ -n "$typos" ] && cmds+=("$typos --format brief $dir > $work/typos.out")
  # copylint exits 1 when it finds something: -i keeps hyperfine going.
  hyperfine -i -w 1 -r "$runs" --export-json "$work/h.json" "${cmds[@]}" >/dev/null 2>&1
  c=$(median "$work/h.json" 0); r=$(median "$work/h.json" 1)
  mb=$(python3 -c "print(round($(bytes_of "$dir") / 1e6))")
  crss=$(rss_mib "$copylint" check --format json "$dir")
  rrss=$(rss_mib rg -i -F -w -f "$phrases" -c "$dir")
  line=$(python3 -c "print(f'| $name | $mb | {$c:.3f} | {$r:.3f} | {$c/$r:.2f} |', end='')")
  if [ -n "$typos" ]; then
    t=$(median "$work/h.json" 2)
    line+=$(python3 -c "print(f' {$t:.3f} | {$t/$c:.1f} |', end='')")
  fi
  line+=$(python3 -c "print(f' {$mb/$c/$cores:.0f} | $crss | $rrss |', end='')")
  echo "$line"
done

# One small file, process start to exit, lexicon compilation included (the pre-commit and
# editor case): a real 9 kB doc that names OpenAI, and 10 kB of the landing-page sample
# repeated (25 findings: the most work a file that size makes).
real_doc="$corpus/real/semantic-kernel-docs/agent-framework/overview/index.md"
dense=$(one_file)
echo
for file in "$real_doc" "$dense"; do
  hyperfine -N -i -w 20 -r 300 --export-json "$work/h1.json" "$copylint check $file" "$copylint check --format json $file" >/dev/null 2>&1
  human=$(median "$work/h1.json" 0); json=$(median "$work/h1.json" 1)
  python3 -c "print(f'One file, {$(wc -c < "$file")} bytes ({\"$(basename "$file")\"}): median {$human*1000:.2f} ms (human output), {$json*1000:.2f} ms (--format json)')"
done
