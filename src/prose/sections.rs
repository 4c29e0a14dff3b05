//! Splits a very large Markdown document into sections that parse the same way alone, so
//! memory stays bounded: pulldown-cmark builds a tree of the whole input it is given.
//!
//! A section ends at a blank line followed by a line that starts in column 0 with
//! something other than white space, outside front matter, fenced code and the raw HTML
//! blocks that run across blank lines (`<script>`, `<pre>`, `<style>`, `<textarea>`,
//! comments, `<?`, `<!X`, CDATA). At such a point no block can continue: paragraphs,
//! tables and HTML blocks end at the blank line, and list items and indented code need
//! an indented line to go on. What does reach across sections — link reference
//! definitions — is collected beforehand (see [`reference_labels`]) so that a reference
//! link in one section still resolves to a definition in another.

use std::collections::HashSet;
use std::ops::Range;

/// Documents longer than this are parsed in sections of about this size.
pub const SECTION_BYTES: usize = 4 * 1024 * 1024;

/// Raw HTML blocks (CommonMark types 1 to 5) that only end at their closing marker.
const RAW_HTML: &[(&str, &str)] = &[
    ("<script", "</script>"),
    ("<pre", "</pre>"),
    ("<style", "</style>"),
    ("<textarea", "</textarea>"),
    ("<!--", "-->"),
    ("<?", "?>"),
    ("<![cdata[", "]]>"),
];

/// What a line-by-line scan is inside of.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Inside {
    Nothing,
    /// A fence of this character, at least this long.
    Fence(u8, usize),
    /// A raw HTML block ending at this (lower-case) marker.
    Html(&'static str),
    /// An HTML block that ends at a blank line (CommonMark types 6 and 7): a fence line
    /// inside it opens no fence.
    HtmlToBlank,
    /// Front matter ending at `---`/`...` (YAML) or `+++` (TOML).
    FrontMatter(&'static str),
}

/// The lines of `text` with their byte ranges (without terminators) and next-line start.
/// `\n`, `\r\n` and a lone `\r` end a line, as every reader says. The language server
/// cuts documents on the same lines.
pub fn lines(text: &str) -> impl Iterator<Item = (Range<usize>, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let (end, next) = super::plaintext::line_bounds(bytes, start);
        let line = start..end;
        start = next;
        Some((line, next))
    })
}

/// A line's indentation (spaces, tabs as 4) and the rest, if indented at most 3 columns.
fn block_start(line: &str) -> Option<&str> {
    let trimmed = line.trim_start_matches([' ', '\t']);
    let indent: usize = line[..line.len() - trimmed.len()]
        .chars()
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum();
    (indent <= 3).then_some(trimmed)
}

fn fence_open(line: &str) -> Option<(u8, usize)> {
    let rest = block_start(line)?;
    let c = *rest.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = rest.bytes().take_while(|&b| b == c).count();
    // A backtick fence's info string cannot contain a backtick.
    let valid = n >= 3 && (c == b'~' || !rest[n..].contains('`'));
    valid.then_some((c, n))
}

fn fence_closes(line: &str, c: u8, n: usize) -> bool {
    let Some(rest) = block_start(line) else {
        return false;
    };
    let run = rest.bytes().take_while(|&b| b == c).count();
    run >= n && rest[run..].trim().is_empty()
}

fn raw_html_open(line: &str) -> Option<&'static str> {
    let rest = block_start(line)?;
    // Most lines are not HTML: spare them the lower-cased copy.
    if !rest.starts_with('<') {
        return None;
    }
    let rest = rest.to_ascii_lowercase();
    for (open, close) in RAW_HTML {
        if let Some(tail) = rest.strip_prefix(open) {
            let after = tail.chars().next();
            let tag_ends = !open.ends_with(|c: char| c.is_ascii_alphabetic())
                || after.is_none_or(|c| c == '>' || c.is_whitespace());
            if tag_ends && !tail.contains(close) {
                return Some(close);
            }
            return None;
        }
    }
    // `<!` followed by a letter (a declaration) ends at `>`.
    let bytes = rest.as_bytes();
    if bytes.len() > 2
        && bytes[0] == b'<'
        && bytes[1] == b'!'
        && bytes[2].is_ascii_alphabetic()
        && !rest.contains('>')
    {
        return Some(">");
    }
    None
}

/// Byte ranges of the sections of `text`, in order, covering all of it: each at least
/// `size` bytes long where a safe split point allows (the last may be shorter).
pub fn sections(text: &str, size: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // Every reading of the lines so far: a line that may start an HTML block (whether it
    // does depends on the line before and on the whole tag) is read both ways, and a
    // split is made only where every reading is outside everything.
    let mut readings = vec![Inside::Nothing];
    let mut next = Vec::new();
    let mut start = 0;
    let mut previous_blank = false;
    let mut first = true;
    for (line_range, _) in lines(text) {
        let line = &text[line_range.clone()];
        let blank = line.trim().is_empty();
        if first {
            first = false;
            if line == "---" {
                readings = vec![Inside::FrontMatter("---")];
                continue;
            }
            if line == "+++" {
                readings = vec![Inside::FrontMatter("+++")];
                continue;
            }
        }
        let at_column_zero = line
            .as_bytes()
            .first()
            .is_some_and(|b| !b.is_ascii_whitespace());
        // A section that started at `---` or `+++` would read it as front matter, and one
        // that started at `: ` would cut a definition from its term.
        let continues = line.starts_with("---") || line.starts_with("+++") || line.starts_with(':');
        if readings == [Inside::Nothing]
            && previous_blank
            && at_column_zero
            && !continues
            && line_range.start - start >= size
        {
            out.push(start..line_range.start);
            start = line_range.start;
        }
        next.clear();
        for inside in &readings {
            match *inside {
                Inside::FrontMatter(close) => {
                    next.push(if line == close || (close == "---" && line == "...") {
                        Inside::Nothing
                    } else {
                        inside.clone()
                    })
                }
                Inside::Fence(c, n) => next.push(if fence_closes(line, c, n) {
                    Inside::Nothing
                } else {
                    inside.clone()
                }),
                Inside::Html(close) => next.push(if line.to_ascii_lowercase().contains(close) {
                    Inside::Nothing
                } else {
                    inside.clone()
                }),
                Inside::HtmlToBlank => next.push(if blank {
                    Inside::Nothing
                } else {
                    Inside::HtmlToBlank
                }),
                Inside::Nothing => {
                    if let Some((c, n)) = fence_open(line) {
                        next.push(Inside::Fence(c, n));
                    } else if let Some(close) = raw_html_open(line) {
                        next.push(Inside::Html(close));
                    } else {
                        if may_open_html_to_blank(line) {
                            next.push(Inside::HtmlToBlank);
                        }
                        // pulldown-cmark opens a metadata block at such a line anywhere
                        // when a line of text follows, up to the closing line.
                        match line.trim_end() {
                            "---" => next.push(Inside::FrontMatter("---")),
                            "+++" => next.push(Inside::FrontMatter("+++")),
                            _ => {}
                        }
                        next.push(Inside::Nothing);
                    }
                }
            }
        }
        next.dedup();
        if !next.iter().skip(1).all(|r| *r == next[0]) {
            let mut unique: Vec<Inside> = Vec::with_capacity(next.len());
            for r in next.drain(..) {
                if !unique.contains(&r) {
                    unique.push(r);
                }
            }
            next = unique;
        } else {
            next.truncate(1);
        }
        std::mem::swap(&mut readings, &mut next);
        previous_blank = blank;
    }
    if start < text.len() || out.is_empty() {
        out.push(start..text.len());
    }
    out
}

/// Whether `line` may start an HTML block that ends at a blank line: `<` and a letter or
/// `/` at most 3 columns in (CommonMark types 6 and 7; whether it does depends on the
/// tag's name, on the whole tag and on the line before).
fn may_open_html_to_blank(line: &str) -> bool {
    block_start(line).is_some_and(|rest| {
        let b = rest.as_bytes();
        b.first() == Some(&b'<')
            && b.get(1)
                .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'/')
    })
}

/// The labels of the link reference definitions (`[label]: url`) at the top level of
/// `text`, normalised as CommonMark matches them (case-folded, white space collapsed).
pub fn reference_labels(text: &str) -> HashSet<String> {
    let mut labels = HashSet::new();
    let mut fence: Option<(u8, usize)> = None;
    for (range, _) in lines(text) {
        let line = &text[range];
        if let Some((c, n)) = fence {
            if fence_closes(line, c, n) {
                fence = None;
            }
            continue;
        }
        if let Some(open) = fence_open(line) {
            fence = Some(open);
            continue;
        }
        let Some(rest) = block_start(line) else {
            continue;
        };
        let Some(body) = rest.strip_prefix('[') else {
            continue;
        };
        if let Some(close) = body.find("]:") {
            labels.insert(normalize_label(&body[..close]));
        }
    }
    labels
}

/// A link label as CommonMark compares them.
pub fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(paragraph: &str) -> String {
        paragraph.repeat(2 * SECTION_BYTES / paragraph.len() + 2)
    }

    #[test]
    fn small_documents_are_one_section() {
        assert_eq!(sections("a\n\nb\n", SECTION_BYTES), vec![0..5]);
        assert_eq!(sections("", SECTION_BYTES), vec![0..0]);
    }

    #[test]
    fn large_documents_split_at_blank_lines_before_column_zero() {
        let text = big("Some prose here.\n\n");
        let parts = sections(&text, SECTION_BYTES);
        assert!(parts.len() >= 2);
        assert_eq!(parts.first().unwrap().start, 0);
        assert_eq!(parts.last().unwrap().end, text.len());
        assert!(parts.windows(2).all(|w| w[0].end == w[1].start));
        for p in &parts[1..] {
            assert!(text[..p.start].ends_with("\n\n"));
        }
    }

    #[test]
    fn never_splits_before_or_inside_what_may_be_front_matter() {
        // At a section's start, `---` would open front matter; mid-document, pulldown-cmark
        // opens a metadata block there too when text follows, up to the closing `---`.
        // Found by lsp_incremental's property test.
        let mut text = big("para\n\n");
        text.push_str("---\ntitle: x\n\n");
        text.push_str(&big("in metadata\n\n"));
        text.push_str("---\n\n+++\n\nTerm\n\n");
        text.push_str(&big("more\n\n"));
        text.push_str(": definition\n");
        for p in sections(&text, SECTION_BYTES) {
            let head = &text[p.start..(p.start + 20).min(p.end)];
            assert!(
                !head.starts_with("---")
                    && !head.starts_with("+++")
                    && !head.starts_with("in metadata"),
                "{head:?}"
            );
        }
    }

    #[test]
    fn a_fence_line_inside_an_html_block_opens_no_fence() {
        // The first ``` is inside the `<title>` block; the second opens a fence that runs
        // to the end. Found by `identical_when_sections_are_skipped`.
        let mut text = big("para\n\n");
        text.push_str("<title>\n```\nstill html\n\n");
        text.push_str(&big("between\n\n"));
        text.push_str("```\n");
        text.push_str(&big("in fence\n\n"));
        for p in sections(&text, SECTION_BYTES) {
            let head = &text[p.start..(p.start + 20).min(p.end)];
            assert!(!head.starts_with("in fence"), "{head:?}");
        }
    }

    #[test]
    fn never_splits_inside_fences_raw_html_or_indented_continuations() {
        let mut text = big("para\n\n");
        text.push_str("```\ncode\n\nmore code\n");
        text.push_str(&big("in fence\n\n"));
        text.push_str("```\n\n<script>\nx\n\n");
        text.push_str(&big("in script\n\n"));
        text.push_str("</script>\n\n- item\n\n");
        text.push_str(&big("  indented continuation\n\n"));
        text.push_str("end\n");
        for p in sections(&text, SECTION_BYTES) {
            let head = &text[p.start..(p.start + 20).min(p.end)];
            assert!(
                !head.starts_with("in fence")
                    && !head.starts_with("in script")
                    && !head.starts_with(' '),
                "{head:?}"
            );
        }
    }

    #[test]
    fn reference_labels_are_collected_outside_code() {
        let labels = reference_labels(
            "[Foo  Bar]: http://x\n```\n[code]: y\n```\n   [ok]: z\n    [indented]: code\n",
        );
        assert!(labels.contains("foo bar") && labels.contains("ok"));
        assert!(!labels.contains("code") && !labels.contains("indented"));
    }
}
