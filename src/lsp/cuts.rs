//! Where a document can be cut into parts that read exactly the same alone as in the
//! whole: the language server checks each part on its own and keeps the findings of the
//! parts an edit did not touch (see [`super::incremental`]).
//!
//! A cut is only ever made where the reader's state is known to be empty, and a document
//! whose reading depends on text far away is not cut at all (one part is a whole check):
//!
//! - **Plain text**: a paragraph is the lines between blank (or directive) lines, so a
//!   cut at the start of a line after a blank or directive line changes nothing.
//! - **Markdown**: the authority is pulldown-cmark itself. The whole document is parsed
//!   (about half of what a keystroke costs) and a cut is made only before a top-level
//!   block that starts in column 0 right after a blank line: every block and container
//!   before it is closed, and nothing can continue into it (a fence, an HTML comment, a
//!   list, a table or a block quote that an edit opens or closes changes the top-level
//!   blocks of the next parse, and so the cuts). Four things reach further and are
//!   guarded: link reference definitions apply to the whole document (each part is told
//!   the labels the whole defines: see [`Links`]); footnotes too (a document with `[^`
//!   is not cut); a `---`/`+++` line opens a metadata block only if a closing line
//!   follows anywhere later (no cut between a line that may open one and the first line
//!   that may close it); pulldown-cmark's limit on reference expansion depends on the
//!   length of what it parses (a document whose reference links approach it is not cut).
//!   Documents larger than [`sections::SECTION_BYTES`] are read in sections already and
//!   are not cut either.
//! - **HTML** and **email** are not cut: an element, a comment or a MIME part can span
//!   anything.
//!
//! A part never starts with a byte order mark (the checker would skip it as one).

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag};
use unicase::UniCase;

use crate::prose::{DocumentKind, depth, markdown, sections};

/// How a document is cut: its parts, in order and covering all of it (one part when it
/// cannot be cut), and what the parts need to know of the whole.
#[derive(Debug, Clone, Default)]
pub struct Cut {
    /// The byte ranges of the parts.
    pub parts: Vec<Range<usize>>,
    /// The labels of the whole document's Markdown reference definitions.
    pub links: Links,
}

/// The labels of a Markdown document's link reference definitions, compared as
/// pulldown-cmark compares them (Unicode case folding, see [`RefDefs::get`]): a reference
/// link in one part whose definition is in another is a link all the same.
///
/// [`RefDefs::get`]: pulldown_cmark::RefDefs::get
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links(HashSet<UniCase<String>>);

impl Links {
    /// Whether a reference link to `label` (as pulldown-cmark reports a broken link)
    /// has a definition in the document.
    pub fn knows(&self, label: &str) -> bool {
        self.0.contains(&UniCase::new(label.to_string()))
    }
}

/// Cuts `text`, read as `kind`.
pub fn cut(kind: DocumentKind, text: &str) -> Cut {
    // The checker reads a document after its byte order mark: so are its cuts found.
    let bom = if text.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    };
    let (starts, links) = match kind {
        DocumentKind::Text => (text_cuts(&text[bom..]), Links::default()),
        DocumentKind::Markdown => markdown_cuts(&text[bom..]),
        _ => (Vec::new(), Links::default()),
    };
    let starts = starts.into_iter().map(|cut| cut + bom);
    let mut parts = Vec::with_capacity(starts.len() + 1);
    let mut from = 0;
    for cut in starts {
        if cut > from && !text[cut..].starts_with('\u{FEFF}') {
            parts.push(from..cut);
            from = cut;
        }
    }
    parts.push(from..text.len());
    Cut { parts, links }
}

/// Plain text: the start of every line after a blank or directive line.
fn text_cuts(text: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut after_break = false;
    for (range, _) in sections::lines(text) {
        if after_break {
            cuts.push(range.start);
        }
        let line = &text[range];
        after_break =
            crate::prose::plaintext::is_directive(line) || line.chars().all(char::is_whitespace);
    }
    cuts
}

/// Markdown: the start of every top-level block (as pulldown-cmark parses the whole
/// document) that begins in column 0 after a blank line, outside the reach of a possible
/// metadata block, and the document's reference definitions; no cut when footnotes or
/// the size make the document one piece.
fn markdown_cuts(text: &str) -> (Vec<usize>, Links) {
    let none = (Vec::new(), Links::default());
    if text.len() > sections::SECTION_BYTES
        || memchr::memmem::find(text.as_bytes(), b"[^").is_some()
    {
        return none;
    }
    let bytes = text.as_bytes();
    // Parsed as the reader parses it: container markers past the bound are text.
    let bounded = depth::bound(text);
    let mut starts = Vec::new();
    let mut depth = 0usize;
    let mut expanded = 0usize;
    let mut events = Parser::new_ext(&bounded, markdown::options()).into_offset_iter();
    for (event, range) in events.by_ref() {
        match event {
            Event::Start(tag) => {
                if let Tag::Link {
                    link_type: LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut,
                    dest_url,
                    title,
                    ..
                }
                | Tag::Image {
                    link_type: LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut,
                    dest_url,
                    title,
                    ..
                } = &tag
                {
                    expanded += dest_url.len() + title.len();
                }
                if depth == 0 {
                    starts.push(range.start);
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Rule if depth == 0 => starts.push(range.start),
            _ => {}
        }
    }
    // pulldown-cmark stops expanding reference links once the URLs and titles it copied
    // reach the document's length (at least 100 KiB): a part, shorter, would stop sooner.
    // Far below that bound, neither stops.
    if expanded >= EXPANSION_MARGIN {
        return none;
    }
    let links = Links(
        events
            .reference_definitions()
            .iter()
            .map(|(label, _)| UniCase::new(label.to_string()))
            .collect(),
    );
    let mut starts = starts.into_iter().peekable();
    let blocked = metadata_reach(text);
    let mut blocked = blocked.iter().peekable();
    let mut cuts = Vec::new();
    let mut previous_blank = false;
    for (line, _) in sections::lines(text) {
        while starts.next_if(|&s| s < line.start).is_some() {}
        while blocked.next_if(|r| r.end <= line.start).is_some() {}
        let content = &bytes[line.clone()];
        let blank = content.iter().all(|&b| b == b' ' || b == b'\t');
        let in_column_zero = content.first().is_some_and(|b| !b.is_ascii_whitespace());
        if previous_blank
            && in_column_zero
            && starts.peek() == Some(&line.start)
            && blocked.peek().is_none_or(|r| line.start <= r.start)
        {
            cuts.push(line.start);
        }
        previous_blank = blank;
    }
    (cuts, links)
}

/// Below this many bytes of reference links' URLs and titles, pulldown-cmark expands
/// every reference link (its limit is at least 100 KiB; half of it leaves a margin).
const EXPANSION_MARGIN: usize = 50 * 1024;

/// The stretches no cut may fall in because of metadata blocks, in order: from each line
/// that may open one (its text ends with `---` or `+++`, even inside a container, and
/// the next line is not blank) to the end of the first later line that may close it.
/// pulldown-cmark opens a metadata block only if such a closing line exists anywhere
/// after, so the part holding the opening line must hold that line too. With no closing
/// line, no part sees one either, and nothing is blocked.
fn metadata_reach(text: &str) -> Vec<Range<usize>> {
    let all: Vec<Range<usize>> = sections::lines(text).map(|(line, _)| line).collect();
    let bytes = text.as_bytes();
    // pulldown-cmark looks for it at the start of a `\n`-ended line: three of the
    // opener's character (or `...`) and spaces.
    let closes = |line: &Range<usize>, c: u8| {
        let after_newline = line.start == 0 || bytes[line.start - 1] == b'\n';
        let line = &bytes[line.clone()];
        let end = line.iter().rposition(|&b| b != b' ').map_or(0, |i| i + 1);
        let body = &line[..end];
        after_newline && (body == [c, c, c] || (c == b'-' && body == b"..."))
    };
    // The lines that may close each kind, by index: found by a binary search, so many
    // openers cost no more than one.
    let closing: [Vec<usize>; 2] =
        [b'-', b'+'].map(|c| (0..all.len()).filter(|&i| closes(&all[i], c)).collect());
    let mut reach: Vec<Range<usize>> = Vec::new();
    for (i, line) in all.iter().enumerate() {
        let trimmed = text[line.clone()].trim_end_matches([' ', '\t']);
        let Some(c) = [b'-', b'+']
            .into_iter()
            .find(|&c| trimmed.as_bytes().ends_with(&[c, c, c]))
        else {
            continue;
        };
        let Some(next) = all.get(i + 1) else {
            continue;
        };
        if text[next.clone()].bytes().all(|b| b == b' ' || b == b'\t') {
            continue;
        }
        // The first closing line after the one following the opener (pulldown-cmark
        // reads the line after the opener as content).
        let closing = &closing[usize::from(c == b'+')];
        let first = closing.partition_point(|&j| j <= i);
        if let Some(close) = closing.get(first).map(|&j| &all[j]) {
            let stretch = line.start..close.end;
            match reach.last_mut() {
                Some(last) if last.end >= stretch.start => {
                    last.end = last.end.max(stretch.end);
                }
                _ => reach.push(stretch),
            }
        }
    }
    reach
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first line of each part.
    fn heads(kind: DocumentKind, text: &str) -> Vec<&str> {
        cut(kind, text)
            .parts
            .into_iter()
            .map(|p| text[p].lines().next().unwrap_or(""))
            .collect()
    }

    #[test]
    fn text_is_cut_after_blank_and_directive_lines() {
        let text = "a\nb\n\nc\ncopylint-disable\nd\n \n\u{FEFF}e\n";
        assert_eq!(heads(DocumentKind::Text, text), ["a", "c", "d"]);
    }

    #[test]
    fn markdown_is_cut_before_top_level_blocks_only() {
        let text = "# T\n\npara\n\n- a\n\n- b\n\n```\nx\n\ny\n```\n\n> q\n\n    code\n\nend\n";
        assert_eq!(
            heads(DocumentKind::Markdown, text),
            ["# T", "para", "- a", "```", "> q", "end"]
        );
        // An HTML comment or `<div>` holding a fence, and the fence after it.
        let text = "<div>\n```\n</div>\n\n```\nx\n\ny\n```\n\nz\n";
        assert_eq!(heads(DocumentKind::Markdown, text), ["<div>", "```", "z"]);
        // After a byte order mark, `` ``` `` opens a fence all the same.
        let text = "\u{FEFF}```\nx\n\ny\n```\n\nz\n";
        assert_eq!(heads(DocumentKind::Markdown, text), ["\u{FEFF}```", "z"]);
    }

    #[test]
    fn a_possible_metadata_block_is_not_cut_up_to_its_closing_line() {
        // `---` followed by text opens a metadata block when a closing line follows,
        // however far: the part holding it holds the closing line too.
        let text = "a\n\n---\ntitle\n\nb\n\n---\n\nc\n";
        assert_eq!(heads(DocumentKind::Markdown, text), ["a", "---", "c"]);
        // Also inside a container, where the closing line is looked for all the same.
        let text = "a\n\n> ---\n> x\n\nb\n\n---\n\nc\n";
        assert_eq!(heads(DocumentKind::Markdown, text), ["a", "> ---", "c"]);
        // A thematic break before a blank line opens nothing.
        let text = "a\n\n---\n\nb\n\n---\n\nc\n";
        assert_eq!(
            heads(DocumentKind::Markdown, text),
            ["a", "---", "b", "---", "c"]
        );
    }

    #[test]
    fn definitions_reach_every_part_and_footnotes_keep_the_document_whole() {
        let text = "[Ref]\n\n[ref]: https://example.com\n\nb\n";
        // A definition is no block: it stays with the part before it.
        assert_eq!(heads(DocumentKind::Markdown, text), ["[Ref]", "b"]);
        let cut = cut(DocumentKind::Markdown, text);
        assert!(cut.links.knows("REF") && !cut.links.knows("other"));
        let text = "a[^1]\n\n[^1]: note\n\nb\n";
        assert_eq!(heads(DocumentKind::Markdown, text), ["a[^1]"]);
        assert_eq!(
            heads(DocumentKind::Html, "<p>a</p>\n\n<p>b</p>\n"),
            ["<p>a</p>"]
        );
    }
}
