#!/usr/bin/env bash
# Time copylint on one large file of each format it reads: Markdown, HTML, Word (.docx),
# PowerPoint (.pptx) and OpenDocument (.odt, .odp).
#
#   bench/formats.sh [WORKDIR]        (default WORKDIR: /tmp/copylint-formats)
#   COPYLINT=/path/to/copylint bench/formats.sh   (time that binary; no build)
#
# Builds, under WORKDIR, one Markdown file of every Markdown page of ../shared/corpus/real;
# one HTML page of the same pages rendered by Python-Markdown (so `&amp;`, `&quot;`,
# `alt` and `title` text as a generator writes them), each an <article> with an
# aria-label; a Word document of 20,000 paragraphs of real docs prose
# (../shared/corpus/real/openai-cookbook), with a table every 200 paragraphs and a
# comment and a footnote-like header; a 1,000-slide deck with speaker notes; and
# LibreOffice's .odt and .odp saves of the two. Times `copylint check --format json` on
# each with hyperfine (median of 5 runs after a warm-up, one file, so one core) and
# prints MB/s of the file as stored and of its XML unpacked, by wall and by CPU time.
# Needs: hyperfine, python-docx, python-pptx and markdown (pip), LibreOffice (soffice).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/copylint-formats}"
corpus="$here/../shared/corpus/real/openai-cookbook"
runs="${RUNS:-5}"
mkdir -p "$work"

for tool in hyperfine soffice python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done

if [ -z "${COPYLINT:-}" ]; then
  (cd "$here" && cargo build --release --quiet)
fi
copylint="${COPYLINT:-$here/target/release/copylint}"

if [ ! -f "$work/big.md" ] || [ ! -f "$work/big.html" ]; then
  python3 - "$here/../shared/corpus/real" "$work" <<'PY'
import html, pathlib, sys
import markdown

corpus, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
pages = [p.read_text(errors="replace") for p in sorted(corpus.rglob("*.md"))]
assert pages, "no Markdown in the corpus"
(out / "big.md").write_text("\n\n".join(pages))
with open(out / "big.html", "w") as f:
    f.write('<!DOCTYPE html>\n<html><head><title>Docs</title>'
            '<meta name="description" content="Every page of the corpus"></head><body>\n')
    for page in pages:
        title = next((l.lstrip("# ") for l in page.splitlines() if l.startswith("#")), "Page")
        f.write(f'<article aria-label="{html.escape(title)}">\n')
        f.write(markdown.markdown(page, extensions=["tables", "fenced_code"]))
        f.write("\n</article>\n")
    f.write("</body></html>\n")
PY
fi

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

unpacked() { # zip → total uncompressed bytes of its XML parts; a text file → its size
  case "$1" in *.md|*.html) stat -c %s "$1"; return ;; esac
  python3 -c "import sys, zipfile; print(sum(i.file_size for i in zipfile.ZipFile(sys.argv[1]).infolist() if i.filename.endswith('.xml')))" "$1"
}

# For Markdown and HTML "of XML" is the file itself. Wall time is the median; CPU time (user + system, mean) is what a busy machine does not
# inflate, so MB/s are given for both.
printf '| file | MB stored | MB of XML | findings | wall s | CPU s | MB/s stored (wall) | MB/s of XML (wall) | MB/s of XML (CPU) |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for file in big.md big.html big.docx big.pptx big.odt big.odp; do
  path="$work/$file"
  hyperfine -N -i -w 1 -r "$runs" --export-json "$work/$file.json" \
    "$copylint check --format json $path" >/dev/null 2>&1
  # copylint exits 1 when it finds something: that is not a failure here.
  findings=$({ "$copylint" check --format json "$path" || true; } |
    python3 -c "import json,sys; print(len(json.load(sys.stdin)['diagnostics']))")
  stored=$(stat -c %s "$path")
  xml=$(unpacked "$path")
  python3 - "$file" "$stored" "$xml" "$findings" "$work/$file.json" <<'PY'
import json, sys
name, stored, xml, findings, times = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
result = json.load(open(times))["results"][0]
wall, cpu = result["median"], result["user"] + result["system"]
mb = lambda b: b / 1e6
print(f"| {name} | {mb(stored):.1f} | {mb(xml):.1f} | {findings} | {wall:.3f} | {cpu:.3f} "
      f"| {mb(stored) / wall:.1f} | {mb(xml) / wall:.1f} | {mb(xml) / cpu:.1f} |")
PY
done
