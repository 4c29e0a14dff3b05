//! The sentence of a finding as a reader sees it: markup gone, entities and escapes
//! decoded, inline code kept as text, white space collapsed, in its original case; cut
//! to a window around the finding so that no output grows with the length of a
//! sentence (a 200 KB run-on paragraph gives a few hundred bytes per finding).
//!
//! This is what every output that quotes the sentence shows (JSON, CSV, SARIF, the HTML
//! report), with the finding's place in it, so a highlight covers exactly the words that
//! fired, whatever markup they were written with.

use std::ops::Range;

use crate::normalize::NormalizedText;

/// At most this many bytes of normalised text are kept on each side of a finding.
pub const CONTEXT: usize = 160;

/// A finding's sentence as a reader sees it, and the finding's place in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReaderSentence {
    /// The text, with `…` where the sentence was cut.
    pub text: String,
    /// The finding's byte range in `text`.
    pub highlight: Range<usize>,
}

/// The reader's view of `sentence` (a normalised range of `block`) around `span` (a
/// normalised range inside it); `source` is the document the block was made from.
pub fn reader_sentence(
    block: &NormalizedText,
    source: &str,
    sentence: Range<usize>,
    span: Range<usize>,
) -> ReaderSentence {
    let text = &block.text;
    let span = span.start.max(sentence.start)..span.end.min(sentence.end).max(span.start);
    let start = floor_char(text, span.start.saturating_sub(CONTEXT).max(sentence.start));
    let end = ceil_char(text, (span.end + CONTEXT).min(sentence.end));
    // Cut at a word boundary when the window does not reach the sentence's end.
    let start = if start > sentence.start {
        text[start..span.start]
            .find(' ')
            .map_or(start, |i| start + i + 1)
    } else {
        start
    };
    let end = if end < sentence.end {
        text[span.end..end].rfind(' ').map_or(end, |i| span.end + i)
    } else {
        end
    };

    let mut out = String::new();
    if start > sentence.start {
        out.push('…');
    }
    let before = block.readable(source, start..span.start);
    out.push_str(&before);
    if !before.is_empty() && text[..span.start].ends_with(' ') {
        out.push(' ');
    }
    let highlight_start = out.len();
    if span.end - span.start > 2 * CONTEXT {
        // A co-occurrence finding can span a whole long sentence: its two ends.
        let head = ceil_char(text, span.start + CONTEXT / 2);
        let tail = floor_char(text, span.end - CONTEXT / 2);
        out.push_str(&block.readable(source, span.start..head));
        out.push_str(" … ");
        out.push_str(&block.readable(source, tail..span.end));
    } else {
        out.push_str(&block.readable(source, span.clone()));
    }
    let highlight = highlight_start..out.len();
    let after = block.readable(source, span.end..end);
    if !after.is_empty() && text[span.end..].starts_with(' ') {
        out.push(' ');
    }
    out.push_str(&after);
    if end < sentence.end && !text[end..sentence.end].trim().is_empty() {
        out.push('…');
    }
    ReaderSentence {
        text: out,
        highlight,
    }
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_text;
    use crate::lexicon::{LexiconSource, compile};
    use crate::prose::DocumentKind;

    /// The reader sentence of the first finding in `source`, with its highlight marked.
    fn marked(kind: DocumentKind, source: &str) -> String {
        let engine = compile(&[LexiconSource::builtin("openai-on-aws").unwrap()]).unwrap();
        let finding = check_text(&engine, kind, source).remove(0);
        let ReaderSentence { text, highlight } = finding.reader;
        format!(
            "{}[[{}]]{}",
            &text[..highlight.start],
            &text[highlight.clone()],
            &text[highlight.end..]
        )
    }

    #[test]
    fn markup_and_escapes_are_gone_and_the_highlight_is_exact() {
        assert_eq!(
            marked(
                DocumentKind::Markdown,
                "Intro.\n\nTell them SRE **enables** access to *ChatGPT* \\- today.\n"
            ),
            "Tell them SRE [[enables access to]] ChatGPT - today."
        );
        assert_eq!(
            marked(
                DocumentKind::Html,
                "<p>SRE <strong>enables</strong>&nbsp;access to Chat<b>GPT</b>.</p>"
            ),
            "SRE [[enables access to]] ChatGPT."
        );
        assert_eq!(
            marked(
                DocumentKind::Markdown,
                "Our [SRE product enables](https://aws.example/sre) access to ChatGPT, see `sre --help`.\n"
            ),
            "Our SRE product [[enables access to]] ChatGPT, see sre --help."
        );
    }

    #[test]
    fn a_long_sentence_is_cut_around_the_finding_at_word_boundaries() {
        let filler = "and the team writes more words ".repeat(40);
        let source = format!("{filler}so SRE enables access to ChatGPT {filler}today.");
        let text = marked(DocumentKind::Text, &source);
        assert!(
            text.len() < 2 * CONTEXT + 64,
            "{} bytes: {text}",
            text.len()
        );
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert!(
            text.contains("so SRE [[enables access to]] ChatGPT"),
            "{text}"
        );
        // Cut between words, never inside one.
        assert!(
            text.starts_with("…and ")
                || text.starts_with("…the ")
                || text[3..].starts_with(char::is_alphabetic),
            "{text}"
        );
        let words: Vec<&str> = text.trim_matches('…').split(' ').collect();
        for w in &words[1..words.len() - 1] {
            assert!(
                source.contains(w.trim_matches(|c| c == '[' || c == ']')),
                "{w}"
            );
        }
    }

    #[test]
    fn a_finding_that_spans_a_long_sentence_shows_its_two_ends() {
        let filler = "with more words in between ".repeat(30);
        let source = format!("GPT-5 {filler}is now available on AWS.");
        let text = marked(DocumentKind::Text, &source);
        assert!(
            text.len() < 2 * CONTEXT + 64,
            "{} bytes: {text}",
            text.len()
        );
        assert!(text.starts_with("[[GPT-5 with"), "{text}");
        assert!(text.contains(" … "), "{text}");
        assert!(text.ends_with("available on AWS]]."), "{text}");
    }
}
