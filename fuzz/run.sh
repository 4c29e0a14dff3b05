#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), starting from the seeds in
# fuzz/seeds/TARGET, with the dictionary fuzz/dicts/TARGET.dict when there is one. Needs
# cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain, RUSTC_BOOTSTRAP=1
# unlocks the sanitizer flags cargo-fuzz passes.
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# A crash is saved under fuzz/artifacts/TARGET/ and the script exits non-zero; turn each
# one into a regression test (tests/fuzz_regressions.rs) before fixing it.
#
# One input running longer than FUZZ_TIMEOUT seconds (default 30: the sanitizer build is
# several times slower than release, and a lexicon at the phrase bound takes seconds even
# there) or using 2 GiB is a failure too, as is a fuzzer that does not start. The full
# log of each target is fuzz/fuzz-TARGET.log.
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
  dict=()
  [ -f "dicts/$target.dict" ] && dict=(-dict="dicts/$target.dict")
  # The whole log is kept; a fuzzer that fails to start (a bad dictionary, a build
  # error) must fail the run, not pass it silently.
  log="fuzz-$target.log"
  status=0
  cargo fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" -max_len=65536 -timeout="${FUZZ_TIMEOUT:-30}" -rss_limit_mb=2048 "${dict[@]}" >"$log" 2>&1 || status=$?
  grep -E "^#[0-9]+.*(DONE|pulse)|ERROR|SUMMARY|crash-|Done [0-9]+ runs" "$log" | tail -n 20 || true
  if ls "artifacts/$target"/crash-* >/dev/null 2>&1; then
    echo "crashes found in fuzz/artifacts/$target" >&2
    exit 1
  fi
  if [ "$status" -ne 0 ]; then
    echo "fuzz target $target failed (exit $status); see fuzz/$log" >&2
    exit 1
  fi
done
