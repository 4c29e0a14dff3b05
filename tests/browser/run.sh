#!/usr/bin/env bash
# The browser test of `copylint report --html`: headless Chromium opens the report of the
# real docs corpus (../shared/corpus/real) and report.test.mjs checks its DOM against
# `copylint check --format json` on the same tree, clicks filters, and saves screenshots
# in target/report-test/. A second report, of hostile documents, must neither break nor
# run script. Exits 0 on success, 1 on failure; prints SKIP and exits 0 when Node or
# Chromium is missing.
#
#   tests/browser/run.sh          # the corpus report and the hostile report
#   tests/browser/run.sh --big    # also a 20,000-file audit (the corpus copied 10 times,
#                                 # about 240 MB in target/report-test/big), timed
#
# Environment: CHROMIUM (default: chromium on PATH), COPYLINT_BIN (default: a debug build),
# COPYLINT_CORPUS (default: ../shared/corpus/real, or the repository's samples and
# fixtures when that is absent). Chromium comes from the distribution
# (Debian: apt-get install -y chromium); playwright-core, pinned in package.json, is
# installed from npm into target/report-test/node on the first run (no browser download).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$root/target/report-test
corpus=${COPYLINT_CORPUS:-$root/../shared/corpus/real}
big=false
[ "${1:-}" = "--big" ] && big=true

skip() { echo "SKIP browser test: $*"; exit 0; }
command -v node >/dev/null 2>&1 || skip "node is not installed (Debian: apt-get install -y nodejs npm)"
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$chromium" ] && [ -x "$chromium" ] || skip "Chromium is not installed (Debian: apt-get install -y chromium)"
if [ ! -d "$corpus" ]; then
  # Without the corpus beside the project (a bare checkout), audit the collateral the
  # repository carries: the samples and the Markdown and HTML fixtures, one folder each.
  echo "no corpus at $corpus: using the repository's samples and fixtures instead"
  corpus=$out/repo-corpus
  rm -rf "$corpus" && mkdir -p "$corpus"
  cp -r "$root/samples" "$root/tests/fixtures/deck" "$root/tests/fixtures/html" "$corpus/"
fi
corpus=$(cd "$corpus" && pwd)
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || skip "node $node_major is too old for playwright-core (18 or newer)"

mkdir -p "$out/node"
if ! cmp -s "$here/package.json" "$out/node/package.json" || [ ! -d "$out/node/node_modules/playwright-core" ]; then
  cp "$here/package.json" "$out/node/package.json"
  echo "== npm install playwright-core (into $out/node)"
  (cd "$out/node" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error) || {
    echo "FAIL: could not install playwright-core from npm" >&2; exit 1; }
fi

bin=${COPYLINT_BIN:-}
if [ -z "$bin" ]; then
  (cd "$root" && cargo build --quiet)
  bin=$root/target/debug/copylint
fi
flags=(--no-config --lexicon builtin:cloud-claims --lexicon builtin:brand-names)

# copylint exits 1 when it finds something: that is expected here, 2 is not.
run() { "$@" || [ $? -eq 1 ]; }

echo "== copylint check --format json and copylint report --html on $corpus"
run "$bin" check --format json "${flags[@]}" "$corpus" > "$out/real.json"
"$bin" report "${flags[@]}" "$corpus" --html "$out/real.html"

hostile=$out/hostile
rm -rf "$hostile" && mkdir -p "$hostile/docs" "$hostile/<b onmouseover=alert(4)>bold"
printf '%s\n' 'SRE calls on ChatGPT </script><script>alert(1)</script> <img src=x onerror=alert(2)> <!-- & done.' > "$hostile/docs/x.txt"
printf '%s\n' 'SRE enables access to Codex.' > "$hostile/<b onmouseover=alert(4)>bold/<img src=y onerror=alert(3)>.md"
(cd "$hostile" && "$bin" report --no-config . --html "$out/hostile.html")

args=(--report "$out/real.html" --expected "$out/real.json" --corpus "$corpus"
      --hostile "$out/hostile.html" --out "$out")
if $big; then
  if [ ! -d "$out/big" ]; then
    echo "== building a 20,000-file tree in $out/big"
    bash "$root/../shared/corpus/make-big.sh" "$out/big" 10x >/dev/null
  fi
  run "$bin" check --format json "${flags[@]}" "$out/big" > "$out/big.json"
  start=$(date +%s%N)
  "$bin" report "${flags[@]}" "$out/big" --html "$out/big.html"
  echo "copylint report of the big tree took $(( ($(date +%s%N) - start) / 1000000 )) ms"
  args+=(--big-report "$out/big.html" --big-expected "$out/big.json" --big-corpus "$out/big")
fi

echo "== Chromium: $("$chromium" --version 2>/dev/null | head -1)"
CHROMIUM="$chromium" PLAYWRIGHT_DIR="$out/node" node "$here/report.test.mjs" "${args[@]}"
