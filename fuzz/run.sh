#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), starting from the seeds in
# fuzz/seeds/TARGET. Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable
# toolchain, RUSTC_BOOTSTRAP=1 unlocks the sanitizer flags cargo-fuzz passes.
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# A crash (or an input over the 10 s timeout or 2 GiB of memory) is saved under
# fuzz/artifacts/TARGET/ and the script exits non-zero; turn each one into a regression
# test (tests/fuzz_regressions.rs) before fixing it.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(check lexicon fix pdf nested sentences)
export RUSTC_BOOTSTRAP=1
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  cp -n seeds/"$target"/* "corpus/$target/" 2>/dev/null || true
  echo "== $target for ${seconds}s"
  cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 2>&1 |
    grep -E "^#[0-9]+.*(DONE|pulse)|ERROR|SUMMARY|crash-|Done [0-9]+ runs" || true
  # A timeout or an out-of-memory input is as much a failure as a crash.
  if compgen -G "artifacts/$target/crash-*" >/dev/null ||
    compgen -G "artifacts/$target/timeout-*" >/dev/null ||
    compgen -G "artifacts/$target/oom-*" >/dev/null; then
    echo "crashes, timeouts or out-of-memory inputs in fuzz/artifacts/$target" >&2
    exit 1
  fi
done
