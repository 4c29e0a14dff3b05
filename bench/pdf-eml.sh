#!/usr/bin/env bash
# Throughput of copylint on PDF and email (MB/s of input), on trees made from real files.
#
#   bench/pdf-eml.sh [WORKDIR]        (default WORKDIR: /tmp/copylint-bench-pdf-eml)
#
# pdf/: the readable PDF fixtures (Chromium, LibreOffice, reportlab, fpdf2, matplotlib)
#       copied COPIES times (default 200: about 45 MB).
# eml/: one email per page of the docs corpus (../shared/corpus/real, 1,992 pages): the
#       page as a quoted-printable text/plain part and as a base64 text/html part
#       (python-markdown), written by Python's `email` package (about 60 MB).
# Times `copylint check` on each tree with hyperfine (median of RUNS runs after a warm-up)
# and prints MB/s. Needs hyperfine (Debian) and python3 with `markdown` (PyPI).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/copylint-bench-pdf-eml}"
runs="${RUNS:-5}"
copies="${COPIES:-200}"
mkdir -p "$work"
(cd "$here" && cargo build --release --quiet)
copylint="$here/target/release/copylint"

if [ ! -d "$work/pdf" ]; then
  mkdir -p "$work/pdf"
  for i in $(seq -w 1 "$copies"); do
    for f in chromium-datasheet libreoffice-brief libreoffice-deck reportlab-layout fpdf2-table matplotlib-type3; do
      cp "$here/tests/fixtures/pdf/$f.pdf" "$work/pdf/$f-$i.pdf"
    done
  done
fi
if [ ! -d "$work/eml" ]; then
  mkdir -p "$work/eml"
  python3 - "$here/../shared/corpus/real" "$work/eml" <<'PY'
import pathlib, sys
from email import policy
from email.message import EmailMessage
import markdown
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for i, page in enumerate(sorted(src.rglob("*.md"))):
    text = page.read_text(encoding="utf-8", errors="replace")
    m = EmailMessage()
    m["From"], m["To"] = "news@example.com", "reader@example.com"
    m["Subject"] = page.stem.replace("-", " ")
    m.set_content(text, cte="quoted-printable")
    m.add_alternative(markdown.markdown(text, extensions=["tables", "fenced_code"]),
                      subtype="html", cte="base64")
    (out / f"{i:05d}.eml").write_bytes(m.as_bytes(policy=policy.SMTP))
PY
fi

for tree in pdf eml; do
  bytes=$(du -sb "$work/$tree" | cut -f1)
  files=$(find "$work/$tree" -type f | wc -l)
  hyperfine --warmup 1 --runs "$runs" -i --export-json "$work/$tree.json" \
    "$copylint check --no-config --format json $work/$tree" >/dev/null
  python3 - "$work/$tree.json" "$bytes" "$files" "$tree" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
size, files, tree = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
print(f"{tree}: {files} files, {size / 1e6:.1f} MB, median {r['median']:.2f} s, "
      f"{size / 1e6 / r['median']:.1f} MB/s")
PY
done
