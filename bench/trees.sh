#!/usr/bin/env bash
# copylint's throughput on trees of HTML pages, Word documents and PowerPoint decks made
# from the real docs corpus: one file per Markdown page, as a site or a shared drive
# holds them (bench/formats.sh times one large file of each format instead).
#
#   bench/trees.sh [WORKDIR]          (default WORKDIR: /tmp/copylint-trees)
#   COPYLINT=/path/to/copylint bench/trees.sh   (time that binary; no build)
#
# For every Markdown page of ../shared/corpus/real (1,992 pages, 20 MB), writes:
#   html/  the page rendered by Python-Markdown, in a page with <title> and meta description;
#   docx/  a python-docx document, one paragraph per prose block of the page;
#   pptx/  a python-pptx deck, one slide per heading's section, its blocks as bullets.
# Then times `copylint check --format json` on each tree with hyperfine (median of
# $RUNS runs after a warm-up, both cores) and prints MB/s of the files as stored and
# files/s. The Python packages are installed from
# PyPI in a venv under target/bench-venv on first use.
# Needs: hyperfine, python3 with venv.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/copylint-trees}"
corpus="$here/../shared/corpus/real"
runs="${RUNS:-5}"
venv="$here/target/bench-venv"
mkdir -p "$work"

command -v hyperfine >/dev/null || { echo "missing hyperfine (apt-get install hyperfine)" >&2; exit 2; }
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet python-docx python-pptx markdown
fi
if [ -z "${COPYLINT:-}" ]; then
  (cd "$here" && cargo build --release --quiet)
fi
copylint="${COPYLINT:-$here/target/release/copylint}"

if [ ! -f "$work/.done" ]; then
  rm -rf "$work/html" "$work/docx" "$work/pptx"
  "$venv/bin/python" - "$corpus" "$work" <<'PY'
import html, pathlib, re, sys
import markdown
from docx import Document
from pptx import Presentation
from pptx.util import Inches

corpus, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
pages = sorted(corpus.rglob("*.md"))
assert pages, "no Markdown in the corpus"

def blocks(text):
    """Prose blocks of a page: code fences dropped, white space collapsed."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    # XML cannot hold control characters (python-docx refuses them).
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)
    for block in re.split(r"\n\s*\n", text):
        block = " ".join(block.split())
        if block:
            yield block

for i, path in enumerate(pages):
    rel = path.relative_to(corpus).with_suffix("")
    text = path.read_text(errors="replace")
    title = next((l.lstrip("# ") for l in text.splitlines() if l.startswith("#")), rel.name)
    prose = list(blocks(text)) or [title]

    target = out / "html" / rel.with_suffix(".html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        "<!DOCTYPE html>\n<html><head><title>" + html.escape(title) + "</title>"
        '<meta name="description" content="' + html.escape(prose[0][:150]) + '"></head>\n'
        "<body><main>\n" + markdown.markdown(text, extensions=["tables", "fenced_code"])
        + "\n</main></body></html>\n")

    doc = Document()
    for block in prose:
        if block.startswith("#"):
            doc.add_heading(block.lstrip("# "), level=min(block.count("#", 0, 6), 4) or 1)
        else:
            doc.add_paragraph(block)
    target = out / "docx" / rel.with_suffix(".docx")
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(target)

    deck = Presentation()
    layout = deck.slide_layouts[1]
    slides = []
    for block in prose:
        if block.startswith("#") or not slides:
            slides.append((block.lstrip("# "), []))
        else:
            slides[-1][1].append(block)
    for heading, body in slides:
        slide = deck.slides.add_slide(layout)
        slide.shapes.title.text = heading[:200]
        frame = slide.placeholders[1].text_frame
        for k, block in enumerate(body):
            paragraph = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
            paragraph.text = block
    target = out / "pptx" / rel.with_suffix(".pptx")
    target.parent.mkdir(parents=True, exist_ok=True)
    deck.save(target)
PY
  touch "$work/.done"
fi

bytes_of() { find "$1" -type f -printf '%s\n' | awk '{s += $1} END {print s}'; }
echo "| tree | files | MB stored | findings | wall s | MB/s stored | files/s |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for name in html docx pptx; do
  dir="$work/$name"
  files=$(find "$dir" -type f | wc -l)
  stored=$(bytes_of "$dir")
  findings=$("$copylint" check --format json "$dir" 2>/dev/null \
    | python3 -c "import json,sys; print(len(json.load(sys.stdin)['diagnostics']))" || true)
  hyperfine -i -w 1 -r "$runs" --export-json "$work/h.json" \
    "$copylint check --format json $dir > $work/out.json" >/dev/null 2>&1
  s=$(python3 -c "import json; print(json.load(open('$work/h.json'))['results'][0]['median'])")
  python3 -c "print(f'| $name | $files | {$stored/1e6:.1f} | $findings | {$s:.3f} | {$stored/1e6/$s:.1f} | {$files/$s:.0f} |')"
done
