//! Plain text: paragraphs separated by blank lines; every line break inside a paragraph is
//! a space. `\n`, `\r\n` and a lone `\r` all end a line.

use super::BlockBuilder;

/// Feeds each paragraph of `source` to `builder` as one block.
pub fn extract(source: &str, builder: &mut BlockBuilder) {
    let bytes = source.as_bytes();
    let mut para_start: Option<usize> = None;
    let mut line_start = 0;
    while line_start < bytes.len() {
        let (line_end, next) = line_bounds(bytes, line_start);
        let blank = source[line_start..line_end]
            .chars()
            .all(char::is_whitespace);
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
fn line_bounds(bytes: &[u8], start: usize) -> (usize, usize) {
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
    fn blocks_map_to_their_source_bytes() {
        let b = blocks(DocumentKind::Text, "  first line\n  second\n\nthird");
        assert_eq!(b[0].1, "first line\n  second");
        assert_eq!(b[1].1, "third");
    }
}
