#!/usr/bin/env bash
# Time copylint on one large file of each packaged format: Word (.docx), PowerPoint
# (.pptx) and OpenDocument (.odt, .odp).
#
#   bench/formats.sh [WORKDIR]        (default WORKDIR: /tmp/copylint-formats)
#
# Builds, under WORKDIR, a Word document of 20,000 paragraphs of real docs prose
# (../shared/corpus/real/openai-cookbook), with a table every 200 paragraphs and a
# comment and a footnote-like header; a 1,000-slide deck with speaker notes; and
# LibreOffice's .odt and .odp saves of the two. Times `copylint check --format json` on
# each with hyperfine (median of 5 runs after a warm-up, one file, so one core) and
# prints MB/s of the file as stored and of its XML unpacked.
# Needs: hyperfine, python-docx and python-pptx (pip), LibreOffice (soffice).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/copylint-formats}"
corpus="$here/../shared/corpus/real/openai-cookbook"
runs="${RUNS:-5}"
mkdir -p "$work"

for tool in hyperfine soffice python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done

(cd "$here" && cargo build --release --quiet)
copylint="$here/target/release/copylint"

if [ ! -f "$work/big.docx" ] || [ ! -f "$work/big.pptx" ]; then
  python3 - "$corpus" "$work" <<'PY'
import pathlib, re, sys
from docx import Document
from pptx import Presentation

corpus, out = pathlib.Path(sys.argv[1]), sys.argv[2]
paragraphs = []
for path in sorted(corpus.rglob("*.md")):
    for block in re.split(r"\n\s*\n", path.read_text(errors="replace")):
        text = " ".join(block.split())
        if 40 <= len(text) <= 600 and not text.startswith(("```", "|", "<", "#", "!")):
            paragraphs.append(text)
assert paragraphs, "no prose found in the corpus"

doc = Document()
doc.sections[0].header.paragraphs[0].text = "Draft: SRE calls on GPT-5."
for i in range(20000):
    p = doc.add_paragraph(paragraphs[i % len(paragraphs)])
    if i % 1000 == 0:
        doc.add_comment(p.runs[0], text="Say SRE enables access to ChatGPT?", author="Reviewer")
    if i % 200 == 199:
        table = doc.add_table(rows=3, cols=3)
        for r in range(3):
            for c in range(3):
                table.cell(r, c).text = paragraphs[(i + r * 3 + c) % len(paragraphs)][:80]
doc.save(f"{out}/big.docx")

deck = Presentation()
for i in range(1000):
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = paragraphs[i % len(paragraphs)][:60]
    body = slide.placeholders[1].text_frame
    body.text = paragraphs[(i + 1) % len(paragraphs)]
    for k in range(2, 6):
        body.add_paragraph().text = paragraphs[(i + k) % len(paragraphs)]
    slide.notes_slide.notes_text_frame.text = paragraphs[(i + 7) % len(paragraphs)]
deck.save(f"{out}/big.pptx")
PY
fi

lo() {
  soffice -env:UserInstallation="file://$work/profile" --headless "$@" >/dev/null 2>&1
}
[ -f "$work/big.odt" ] || lo --convert-to odt --outdir "$work" "$work/big.docx"
[ -f "$work/big.odp" ] || lo --convert-to odp --outdir "$work" "$work/big.pptx"

unpacked() { # zip → total uncompressed bytes of its XML parts
  python3 -c "import sys, zipfile; print(sum(i.file_size for i in zipfile.ZipFile(sys.argv[1]).infolist() if i.filename.endswith('.xml')))" "$1"
}

printf '| file | MB stored | MB of XML | findings | copylint s | MB/s stored | MB/s of XML |\n'
printf '|---|---:|---:|---:|---:|---:|---:|\n'
for file in big.docx big.pptx big.odt big.odp; do
  path="$work/$file"
  hyperfine -N -i -w 1 -r "$runs" --export-json "$work/$file.json" \
    "$copylint check --format json $path" >/dev/null
  seconds=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['median'])" "$work/$file.json")
  findings=$("$copylint" check --format json "$path" | python3 -c "import json,sys; print(len(json.load(sys.stdin)['diagnostics']))")
  stored=$(stat -c %s "$path")
  xml=$(unpacked "$path")
  python3 - "$file" "$stored" "$xml" "$findings" "$seconds" <<'PY'
import sys
name, stored, xml, findings, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
mb = lambda b: b / 1e6
print(f"| {name} | {mb(stored):.1f} | {mb(xml):.1f} | {findings} | {seconds:.3f} | {mb(stored) / seconds:.1f} | {mb(xml) / seconds:.1f} |")
PY
done
