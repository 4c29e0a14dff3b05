//! Finds every lexicon phrase in a normalised prose block, as whole words.
//!
//! The matcher knows nothing of rules or Markdown: it reports each occurrence of each
//! phrase (overlapping ones too, so that "access" inside "access control" is seen by both
//! the banned and the allowed entry) and leaves their meaning to `resolve`.

use std::ops::Range;

use super::Engine;
use crate::normalize::is_word_char;

/// One whole-word occurrence of a phrase in a normalised block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`Engine::patterns`].
    pub pattern: u32,
    /// First normalised byte.
    pub start: usize,
    /// One past the last normalised byte.
    pub end: usize,
}

impl Hit {
    /// The normalised byte range of the occurrence.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// Appends to `out` every whole-word occurrence of every phrase in `text`, sorted by
/// start then end.
pub fn find_hits(engine: &Engine, text: &str, out: &mut Vec<Hit>) {
    let first = out.len();
    for m in engine.automaton.find_overlapping_iter(text) {
        let pattern = &engine.patterns[m.pattern().as_usize()];
        let (mut start, mut end) = (m.start(), m.end());
        if pattern.word_start && text[..start].chars().next_back().is_some_and(is_word_char) {
            continue;
        }
        if pattern.prefix {
            end = extend_word(text, end);
        } else if pattern.word_end && text[end..].chars().next().is_some_and(is_word_char) {
            continue;
        }
        if pattern.suffix {
            // The phrase ends a word (checked above), so each word is walked back at
            // most once per such phrase: linear.
            start = word_start(text, start);
        }
        out.push(Hit {
            pattern: m.pattern().as_u32(),
            start,
            end,
        });
    }
    out[first..].sort_unstable_by_key(|h| (h.start, h.end, h.pattern));
}

/// The start of the word that `at` is inside (or starts).
fn word_start(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map_or(at, |(i, _)| i)
}

/// The end of the word continuing at `at`: word characters, and `.` or `-` between
/// letters or digits (`GPT-4` → `GPT-4o-mini`, `GPT-4.1`).
fn extend_word(text: &str, mut at: usize) -> usize {
    let mut chars = text[at..].chars().peekable();
    while let Some(c) = chars.next() {
        if is_word_char(c) {
            at += c.len_utf8();
        } else if matches!(c, '.' | '-') && chars.peek().is_some_and(|n| n.is_alphanumeric()) {
            at += 1;
        } else {
            break;
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{LexiconSource, compile};

    fn engine(terms: &[&str]) -> Engine {
        let yaml = format!(
            "lexicon: t\nsets:\n  s:\n    terms: [{}]\nrules:\n  - id: r\n    message: m\n    co-occur: [s]\n",
            terms
                .iter()
                .map(|t| format!("{t:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        compile(&[LexiconSource {
            origin: "t.yaml".into(),
            text: yaml,
        }])
        .unwrap()
    }

    fn hits<'t>(engine: &Engine, text: &'t str) -> Vec<&'t str> {
        let mut out = Vec::new();
        find_hits(engine, text, &mut out);
        out.iter().map(|h| &text[h.range()]).collect()
    }

    #[test]
    fn whole_words_only() {
        let e = engine(&["calls on", "accessible", "access"]);
        assert_eq!(hits(&e, "recalls on the inaccessible"), Vec::<&str>::new());
        assert_eq!(
            hits(&e, "calls on accessible access_x access."),
            ["calls on", "accessible", "access"]
        );
    }

    #[test]
    fn hyphens_and_apostrophes_are_word_boundaries() {
        let e = engine(&["chatgpt", "openai"]);
        assert_eq!(
            hits(&e, "chatgpt-level and openai's"),
            ["chatgpt", "openai"]
        );
    }

    #[test]
    fn overlapping_phrases_are_all_reported() {
        let e = engine(&["access", "access control", "enables access"]);
        assert_eq!(
            hits(&e, "enables access control"),
            ["enables access", "access", "access control"]
        );
    }

    #[test]
    fn suffix_phrases_take_the_start_of_the_word() {
        let e = engine(&["*n't", "*n't be"]);
        assert_eq!(
            hits(&e, "isn't, won't be and n't but not nothing"),
            ["isn't", "won't", "won't be", "n't"]
        );
        assert_eq!(hits(&e, "isn'tx"), Vec::<&str>::new());
    }

    #[test]
    fn prefix_phrases_take_the_rest_of_the_word() {
        let e = engine(&["gpt-(4|5)*"]);
        assert_eq!(
            hits(&e, "gpt-4o-mini, gpt-4.1. gpt-5 and xgpt-4 and gpt-oss"),
            ["gpt-4o-mini", "gpt-4.1", "gpt-5"]
        );
    }
}
