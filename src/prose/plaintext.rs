//! Plain text: paragraphs separated by blank lines; every line break inside a paragraph is
//! a space. `\n`, `\r\n` and a lone `\r` all end a line. A suppression line
//! (`copylint-disable-next-line ...`) is not prose: it ends a paragraph like a blank line.

use super::BlockBuilder;

/// Whether a line of plain text is a suppression directive rather than prose.
pub fn is_directive(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("copylint-disable") || line.starts_with("copylint-enable")
}

/// Pushes the byte range of every directive line of `source` (without its terminator)
/// onto `out`, in order. [`extract`] reports the same lines to its builder; this is the
/// oracle it is tested against.
#[cfg(test)]
pub fn directive_lines(source: &str, out: &mut Vec<std::ops::Range<usize>>) {
    let bytes = source.as_bytes();
    let mut line_start = 0;
    while line_start < bytes.len() {
        let (line_end, next) = line_bounds(bytes, line_start);
        if is_directive(&source[line_start..line_end]) {
            out.push(line_start..line_end);
        }
        line_start = next;
    }
}

/// Feeds each paragraph of `source` to `builder` as one block, and each directive line
/// (without its terminator) as a comment.
pub fn extract(source: &str, builder: &mut BlockBuilder) {
    let bytes = source.as_bytes();
    let mut para_start: Option<usize> = None;
    let mut line_start = 0;
    while line_start < bytes.len() {
        let (line_end, next) = line_bounds(bytes, line_start);
        let line = &source[line_start..line_end];
        let directive = is_directive(line);
        if directive {
            builder.comment(line_start..line_end);
        }
        let blank = directive || line.chars().all(char::is_whitespace);
        match (blank, para_start) {
            (true, Some(start)) => {
                builder.source(&source[start..line_start], start);
                builder.end_block();
                para_start = None;
            }
            (false, None) => para_start = Some(line_start),
            _ => {}
        }
        line_start = next;
    }
    if let Some(start) = para_start {
        builder.source(&source[start..], start);
        builder.end_block();
    }
}

/// The end of the line starting at `start` (before its terminator) and the start of the next.
pub(super) fn line_bounds(bytes: &[u8], start: usize) -> (usize, usize) {
    match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
        Some(i) => {
            let end = start + i;
            let next = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                end + 2
            } else {
                end + 1
            };
            (end, next)
        }
        None => (bytes.len(), bytes.len()),
    }
}

#[cfg(test)]
mod tests {
    use crate::prose::DocumentKind;
    use crate::prose::testing::{blocks, texts};

    #[test]
    fn blank_lines_separate_paragraphs() {
        assert_eq!(
            texts(
                DocumentKind::Text,
                "Hi there,\n\nSRE enables\naccess to GPT.\n \nBest,\nJo\n"
            ),
            ["hi there,", "sre enables access to gpt.", "best, jo"]
        );
    }

    #[test]
    fn crlf_and_lone_cr_line_endings() {
        assert_eq!(
            texts(DocumentKind::Text, "a\r\nb\r\n\r\nc\rd\r\re"),
            ["a b", "c d", "e"]
        );
    }

    #[test]
    fn directive_lines_are_not_prose() {
        let text = "One\ncopylint-disable-next-line call-wording -- ok, ChatGPT\nTwo\n";
        assert_eq!(texts(DocumentKind::Text, text), ["one", "two"]);
        let mut lines = Vec::new();
        super::directive_lines(text, &mut lines);
        assert_eq!(
            lines.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
            ["copylint-disable-next-line call-wording -- ok, ChatGPT"]
        );
    }

    #[test]
    fn blocks_map_to_their_source_bytes() {
        let b = blocks(DocumentKind::Text, "  first line\n  second\n\nthird");
        assert_eq!(b[0].1, "first line\n  second");
        assert_eq!(b[1].1, "third");
    }
}
