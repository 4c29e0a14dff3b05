#!/usr/bin/env bash
# copylint under the real pre-commit (from PyPI, in a throw-away virtualenv), in a
# throw-away git repository:
#   1. a commit that adds a banned phrase is rejected, with the diagnostic printed;
#   2. once the wording is fixed, the commit goes through;
#   3. only the staged files pre-commit names are checked (untracked and unstaged
#      changes with banned phrases do not block the commit);
#   4. a deck (.pptx) with a banned phrase is rejected; copylint's own files (a config
#      and a baseline recording the deck's findings) are not linted, so committing them
#      with the deck goes through;
#   5. a commit touching 200 files is timed and the time printed; with
#      COPYLINT_PRECOMMIT_MAX_MS set (say 1000) it must take less. CI does not set it:
#      shared machines are too noisy for a wall-clock assertion.
# Exits 0 on success.
#
# By default the hook is this checkout's .pre-commit-hooks.yaml entry run as a local
# `system` hook with the built binary (COPYLINT_BIN, default target/debug/copylint, built
# if needed), so no release build is needed. COPYLINT_PRECOMMIT_MODE=install uses the
# checkout as a pre-commit repository at its HEAD commit instead: pre-commit then builds
# and installs copylint itself with `cargo install` (language: rust), as users get it;
# that takes a release build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mode="${COPYLINT_PRECOMMIT_MODE:-binary}"
max_ms="${COPYLINT_PRECOMMIT_MAX_MS:-}"

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

if [ -n "${COPYLINT_BIN:-}" ]; then
  bin="$COPYLINT_BIN"
elif [ "$mode" = install ]; then
  bin="" # pre-commit builds it
else
  bin="$root/target/debug/copylint"
  (cd "$root" && cargo build --quiet)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step "pre-commit from PyPI, in a virtualenv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
export PATH="$work/venv/bin:$PATH"
export PRE_COMMIT_HOME="$work/pre-commit-cache"
pre-commit --version

repo="$work/repo"
git init --quiet "$repo"
cd "$repo"
git config user.name "copylint test"
git config user.email "copylint@example.com"
git config commit.gpgsign false

if [ "$mode" = install ]; then
  rev="$(git -C "$root" rev-parse HEAD)"
  printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: copylint\n' \
    "$root" "$rev" > .pre-commit-config.yaml
else
  # The hook exactly as .pre-commit-hooks.yaml defines it, but run with the built binary.
  python - "$root/.pre-commit-hooks.yaml" "$bin" > .pre-commit-config.yaml <<'PY'
import sys, yaml
hooks = yaml.safe_load(open(sys.argv[1]))
hook = dict(next(h for h in hooks if h["id"] == "copylint"))
command, _, args = hook["entry"].partition(" ")
assert command == "copylint", hook["entry"]
hook["entry"] = f"{sys.argv[2]} {args}"
hook["language"] = "system"
print(yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}, sort_keys=False))
PY
fi
echo "--- .pre-commit-config.yaml"
cat .pre-commit-config.yaml
git add .pre-commit-config.yaml
git commit --quiet -m "Use copylint"
pre-commit install
if [ "$mode" = install ]; then
  # Builds copylint once, outside the timed commits; time the binary pre-commit built.
  pre-commit install-hooks
  bin="$(find "$PRE_COMMIT_HOME" -type f -path '*/bin/copylint' | head -n 1)"
  [ -x "$bin" ] || fail "pre-commit did not install a copylint binary"
fi

step "1. a commit with a banned phrase is rejected"
mkdir -p docs
cat > docs/launch.md <<'MD'
# Launch

Under the hood, SRE calls on ChatGPT for every agent step.
MD
git add docs/launch.md
if git commit -m "Launch copy" > "$work/out" 2>&1; then
  cat "$work/out"
  fail "the commit with a banned phrase went through"
fi
cat "$work/out"
grep -q "error\[openai-on-aws/call-wording\]" "$work/out" || fail "no diagnostic printed"
grep -q "docs/launch.md:3:" "$work/out" || fail "the diagnostic does not point at the line"
grep -q "copylint-fix. pre-commit hook applies this" "$work/out" || fail "the fix hint does not name the copylint-fix hook"

step "2. after fixing the wording, the commit goes through"
sed -i 's/calls on/integrates with/' docs/launch.md
git add docs/launch.md
git commit -m "Launch copy" 2>&1 || fail "the fixed commit was rejected"

step "3. only staged files are checked"
echo "SRE calls on ChatGPT (an untracked draft)." > docs/draft.md
printf '\nSRE calls on ChatGPT (not staged).\n' >> docs/launch.md
echo "SRE is powered by OpenAI." > docs/faq.md
git add docs/faq.md
git commit -m "FAQ" 2>&1 || fail "unstaged or untracked wording blocked the commit"
git diff --quiet docs/launch.md && fail "pre-commit lost the unstaged change"
[ -f docs/draft.md ] || fail "pre-commit lost the untracked file"
git checkout --quiet docs/launch.md
rm docs/draft.md

step "4. a deck is checked; the config and a baseline can be committed"
cp "$root/tests/fixtures/office/py-deck.pptx" docs/deck.pptx
git add docs/deck.pptx
if git commit -m "Deck" > "$work/out" 2>&1; then
  cat "$work/out"
  fail "the deck with a banned phrase went through"
fi
cat "$work/out"
grep -q "docs/deck.pptx: slide 2" "$work/out" || fail "no diagnostic for the deck"
printf 'baseline: copylint-baseline.json\n' > .copylint.yaml
"$bin" check --write-baseline copylint-baseline.json docs
git add .copylint.yaml copylint-baseline.json docs/deck.pptx
git commit -m "Deck, accepted in the baseline" > "$work/out" 2>&1 || { cat "$work/out"; fail "the config and baseline were rejected"; }
cat "$work/out"

step "5. a commit touching 200 files"
mkdir -p docs/pages
for i in $(seq -w 1 200); do
  {
    echo "# Customer story $i"
    echo
    for _ in 1 2 3 4 5 6; do
      echo "Team $i runs its agents on Amazon Bedrock. SRE is powered by OpenAI and keeps"
      echo "agent state on AWS, so a workflow resumes where it stopped. Access control"
      echo "stays with IAM, and the runtime integrates with OpenAI models for planning."
      echo
    done
  } > "docs/pages/story-$i.md"
done
git add docs/pages
files="$(git diff --cached --name-only | wc -l)"
bytes="$(cat docs/pages/*.md | wc -c)"
start="$(date +%s%N)"
git commit --quiet -m "200 customer stories" > "$work/out" 2>&1 || { cat "$work/out"; fail "the 200-file commit was rejected"; }
end="$(date +%s%N)"
commit_ms=$(( (end - start) / 1000000 ))
start="$(date +%s%N)"
"$bin" check docs/pages/*.md > /dev/null
end="$(date +%s%N)"
copylint_ms=$(( (end - start) / 1000000 ))
echo "git commit of $files files ($bytes bytes), pre-commit hook included: ${commit_ms} ms"
echo "copylint alone on the same files: ${copylint_ms} ms ($bin)"
[ -z "$max_ms" ] || [ "$commit_ms" -lt "$max_ms" ] || fail "the 200-file commit took ${commit_ms} ms (limit ${max_ms} ms)"

echo
echo "OK: pre-commit $(pre-commit --version | cut -d' ' -f2) rejected the banned phrase, accepted the fix, checked only staged files, rejected the deck, committed the config and baseline, and committed 200 files in ${commit_ms} ms"
