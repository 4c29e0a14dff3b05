#!/usr/bin/env bash
# Compares PDF text extractors for copylint's PDF reader: word fidelity (do the findings
# of the PDF equal those of the document it was made from?) and speed (MB/s).
#
#   bench/pdf-candidates.sh WORK_DIR [REPEAT]
#
# Makes 25 PDFs by different producers in WORK_DIR/set: Chromium's print-to-PDF of the
# samples, the labelled dev set and corpus pages with findings; LibreOffice's export of
# the Word and PowerPoint fixtures; the reportlab, fpdf2 and matplotlib (Type 3) fixtures.
# Builds a throwaway harness crate in WORK_DIR/harness that extracts every page with each
# candidate (none of their code is kept in this repository), then checks each extraction
# with copylint (as plain text, after the same line-end de-hyphenation and ligature
# expansion for every candidate) and compares the findings with those of the source.
#
# Needs: chromium, soffice (LibreOffice), pdftotext (poppler-utils), python3 with
# `markdown`, and target/release/copylint (or COPYLINT=path).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mkdir -p "$1" && cd "$1" && pwd)
repeat=${2:-5}
copylint=${COPYLINT:-$root/target/release/copylint}
set_dir=$work/set
# REUSE_SET=1 keeps the PDFs of a previous run (making them takes minutes).
if [ -z "${REUSE_SET:-}" ]; then
rm -rf "$set_dir" && mkdir -p "$set_dir/src"

# 1. Sources: Markdown and text pages become HTML (code blocks dropped: a PDF cannot tell
# code from prose, and the comparison is about the extractor).
corpus=$root/../shared/corpus/real
python3 - "$set_dir/src" "$root" "$corpus" <<'PY'
import html, pathlib, re, shutil, sys
import markdown
out, root, corpus = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
pages = [root / "samples" / p for p in ["battlecard.md", "landing-page.md", "release-notes.md", "customer-email.txt"]]
pages += sorted((root.parent / "shared/eval/dev").glob("*.md")) + sorted((root.parent / "shared/eval/dev").glob("*.txt"))
pages += [corpus / p for p in [
    "openai-cookbook/articles/chatgpt-agents-sales-meeting-prep.md",
    "amazon-sagemaker-developer-guide/doc_source/model-parallel-extended-features-pytorch-hugging-face.md",
    "openai-cookbook/examples/chatgpt/gpt_actions_library/gpt_action_canvas.md",
    "openai-cookbook/examples/chatgpt/gpt_actions_library/gpt_action_retool_workflow.md",
    "openai-cookbook/examples/codex/build_code_review_with_codex_sdk.md",
    "semantic-kernel-docs/semantic-kernel/Frameworks/agent/agent-types/bedrock-agent.md",
    "semantic-kernel-docs/semantic-kernel/concepts/planning.md",
    "semantic-kernel-docs/semantic-kernel/support/hackathon-materials.md",
]]
for i, page in enumerate(pages):
    text = page.read_text(encoding="utf-8")
    if page.suffix == ".md":
        text = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)  # front matter
        body = markdown.markdown(text, extensions=["tables", "fenced_code"])
    else:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
    body = re.sub(r"<pre>.*?</pre>", "", body, flags=re.S)
    body = re.sub(r"<img[^>]*>", "", body)
    name = f"chromium-{i:02d}-{page.stem}"[:60]
    (out / f"{name}.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>'
        "body{font-family:'DejaVu Sans',sans-serif;font-size:11pt}</style></head><body>"
        + body + "</body></html>", encoding="utf-8")
PY
for page in "$set_dir"/src/*.html; do
    name=$(basename "$page" .html)
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/chromium" --no-pdf-header-footer \
        --print-to-pdf="$set_dir/$name.pdf" "file://$page" >/dev/null 2>&1
done
fixtures=$root/tests/fixtures
for doc in lo-brief.docx py-brief.docx lo-deck.pptx py-deck.pptx; do
    cp "$fixtures/office/$doc" "$set_dir/src/libreoffice-${doc%.*}.${doc##*.}"
done
soffice -env:UserInstallation="file://$work/lo-profile" --headless --convert-to pdf \
    --outdir "$set_dir" "$set_dir"/src/libreoffice-* >/dev/null 2>&1
cp "$fixtures/pdf/chromium-datasheet.pdf" "$set_dir/"
cp "$fixtures/pdf/src/datasheet.html" "$set_dir/src/chromium-datasheet.html"
for made in reportlab-layout fpdf2-table matplotlib-type3 restricted; do
    cp "$fixtures/pdf/$made.pdf" "$set_dir/"
    cp "$fixtures/pdf/src/$made.expected.txt" "$set_dir/src/$made.txt"
done
fi
echo "$(ls "$set_dir"/*.pdf | wc -l) PDFs, $(du -cb "$set_dir"/*.pdf | tail -1 | cut -f1) bytes"

# 2. The harness: one binary, one function per candidate, best of REPEAT runs per file.
mkdir -p "$work/harness/src"
cat >"$work/harness/Cargo.toml" <<'TOML'
[package]
name = "pdf-candidates"
version = "0.0.0"
edition = "2024"
rust-version = "1.88"
publish = false

[dependencies]
pdf-extract = "=0.12.1"
pdf_oxide = { version = "=0.3.78", default-features = false }
lopdf = "=0.42.0"

[profile.release]
debug = false
TOML
cat >"$work/harness/src/main.rs" <<'RS'
//! usage: pdf-candidates CANDIDATE OUT_DIR REPEAT FILE...
//! Writes OUT_DIR/NAME.txt (pages separated by form feeds) and prints a line per file:
//! name, bytes, best seconds, pages, error.
use std::time::Instant;

fn pdf_extract(bytes: &[u8]) -> Result<Vec<String>, String> {
    pdf_extract::extract_text_from_mem_by_pages(bytes).map_err(|e| e.to_string())
}

fn pdf_oxide(bytes: &[u8]) -> Result<Vec<String>, String> {
    let doc = pdf_oxide::PdfDocument::from_bytes(bytes.to_vec()).map_err(|e| e.to_string())?;
    let n = doc.page_count().map_err(|e| e.to_string())?;
    (0..n).map(|i| doc.extract_text(i).map_err(|e| e.to_string())).collect()
}

fn lopdf_text(bytes: &[u8]) -> Result<Vec<String>, String> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| e.to_string())?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    pages.iter().map(|p| doc.extract_text(&[*p]).map_err(|e| e.to_string())).collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (candidate, out, repeat) = (&args[1], &args[2], args[3].parse::<usize>().unwrap());
    let extract: fn(&[u8]) -> Result<Vec<String>, String> = match candidate.as_str() {
        "pdf-extract" => pdf_extract,
        "pdf_oxide" => pdf_oxide,
        "lopdf" => lopdf_text,
        other => panic!("unknown candidate {other}"),
    };
    std::panic::set_hook(Box::new(|_| {}));
    for path in &args[4..] {
        let bytes = std::fs::read(path).unwrap();
        let name = std::path::Path::new(path).file_stem().unwrap().to_string_lossy().to_string();
        let mut best = f64::MAX;
        let mut result = Err(String::new());
        for _ in 0..repeat {
            let start = Instant::now();
            result = std::panic::catch_unwind(|| extract(&bytes))
                .unwrap_or_else(|_| Err("panicked".to_string()));
            best = best.min(start.elapsed().as_secs_f64());
        }
        let (pages, error) = match &result {
            Ok(pages) => {
                std::fs::write(format!("{out}/{name}.txt"), pages.join("\u{c}\n")).unwrap();
                (pages.len(), String::new())
            }
            Err(e) => (0, e.replace(['\t', '\n'], " ")),
        };
        println!("{name}\t{}\t{best:.6}\t{pages}\t{error}", bytes.len());
    }
}
RS
# HARNESS=path uses a harness built before (by this script) instead.
harness=${HARNESS:-${CARGO_TARGET_DIR:-$work/harness/target}/release/pdf-candidates}
[ -n "${HARNESS:-}" ] || (cd "$work/harness" && cargo build --release --quiet)

# 3. Extract with each candidate; poppler's pdftotext is the reference for word agreement.
candidates=(pdf-extract pdf_oxide lopdf)
for c in "${candidates[@]}"; do
    rm -rf "$work/out/$c" && mkdir -p "$work/out/$c"
    "$harness" "$c" "$work/out/$c" "$repeat" "$set_dir"/*.pdf >"$work/out/$c.tsv"
done
rm -rf "$work/out/poppler" && mkdir -p "$work/out/poppler"
for pdf in "$set_dir"/*.pdf; do
    pdftotext -q "$pdf" "$work/out/poppler/$(basename "$pdf" .pdf).txt" || true
done

# 4. Findings and the table.
python3 - "$work" "$copylint" "${candidates[@]}" <<'PY'
import collections, difflib, html, json, pathlib, re, subprocess, sys, unicodedata
work, copylint, candidates = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
set_dir = work / "set"

def findings(path, name=None):
    args = [copylint, "check", "--format", "json", str(path)]
    if name:  # extracted text, read as plain text
        args = [copylint, "check", "--format", "json", "-", "--stdin-filename", name]
        out = subprocess.run(args, input=path.encode(), capture_output=True)
    else:
        out = subprocess.run(args, capture_output=True)
    j = json.loads(out.stdout)
    # A finding is its rule and what it matched, compared without markup, entities, case
    # or white space (an HTML source's `<em>enables</em>` is the PDF's "enables"). A
    # deck's speaker notes are not printed, so not in its PDF.
    return collections.Counter(
        (d["rule"], "".join(html.unescape(re.sub(r"<[^>]*>", "", d["matched"])).lower().split()))
        for d in j["diagnostics"] if not d.get("location", "").endswith(", notes"))

def prepare(text):
    """What every candidate's text goes through before checking: ligatures expanded,
    hyphens at line ends joined, pages apart."""
    text = "".join(unicodedata.normalize("NFKC", c) if "\ufb00" <= c <= "\ufb06" else c for c in text)
    text = re.sub(r"([a-z])[-\u00ad]\n([a-z])", r"\1\2", text)
    return text.replace("\f", "\n\n")

def words(text):
    return re.findall(r"\w+", prepare(text).lower())

pdfs = sorted(set_dir.glob("*.pdf"))
source = {}
for pdf in pdfs:
    src = [p for p in (set_dir / "src").glob(pdf.stem + ".*") if p.suffix in (".html", ".txt", ".docx", ".pptx")]
    source[pdf.stem] = findings(src[0])
rows = []
for c in candidates:
    timing = {l.split("\t")[0]: l.rstrip("\n").split("\t") for l in open(work / "out" / f"{c}.tsv")}
    equal = missed = extra = failed = 0
    agreement = []
    seconds = total = 0.0
    for pdf in pdfs:
        name, size, best, pages, error = timing[pdf.stem]
        seconds += float(best); total += int(size)
        out = work / "out" / c / f"{pdf.stem}.txt"
        if error or not out.exists():
            failed += 1; missed += sum(source[pdf.stem].values())
            print(f"  {c} {pdf.stem}: {error}", file=sys.stderr)
            continue
        text = out.read_text(encoding="utf-8", errors="replace")
        got = findings(prepare(text), pdf.stem + ".txt")
        want = source[pdf.stem]
        equal += got == want
        missed += sum((want - got).values()); extra += sum((got - want).values())
        if got != want:
            print(f"  {c} {pdf.stem}: missed {dict(want - got)} extra {dict(got - want)}", file=sys.stderr)
        ref = work / "out" / "poppler" / f"{pdf.stem}.txt"
        ref_words = words(ref.read_text(encoding="utf-8", errors="replace")) if ref.exists() else []
        agreement.append(difflib.SequenceMatcher(None, ref_words, words(text), autojunk=False).ratio())
    rows.append((c, equal, len(pdfs), missed, extra, failed,
                 sum(agreement) / max(len(agreement), 1), total / seconds / 1e6))
# copylint's own reader (pdf-extract's glyphs, copylint's layout), when the binary reads
# PDF: checked directly, as users run it.
equal = missed = extra = 0
reads_pdf = subprocess.run([copylint, "check", "--format", "json", str(pdfs[0])],
                           capture_output=True).stdout.find(b'"not_checked"') >= 0
for pdf in pdfs if reads_pdf else []:
    got, want = findings(pdf), source[pdf.stem]
    equal += got == want
    missed += sum((want - got).values()); extra += sum((got - want).values())
    if got != want:
        print(f"  copylint {pdf.stem}: missed {dict(want - got)} extra {dict(got - want)}", file=sys.stderr)
print(f"| candidate | findings equal to the source | findings missed | extra | failed | word agreement with pdftotext | MB/s |")
print("|---|---|---|---|---|---|---|")
for c, equal_c, n, missed_c, extra_c, failed, agree, mbs in rows:
    print(f"| {c} | {equal_c}/{n} | {missed_c} | {extra_c} | {failed} | {agree:.3f} | {mbs:.1f} |")
if reads_pdf:
    print(f"| copylint (pdf-extract + its layout) | {equal}/{len(pdfs)} | {missed} | {extra} | 0 | - | bench/pdf-eml.sh |")
total = sum(sum(v.values()) for v in source.values())
print(f"({len(pdfs)} PDFs, {total} findings in the sources)")
PY
