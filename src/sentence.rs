//! Splits a normalised prose block into sentences.
//!
//! A sentence ends at `.`, `!` or `?`, plus any closing quotes or brackets right after
//! it, when white space (or the end of the block) follows — but not after a common
//! abbreviation (e.g., i.e., etc., vs., Inc., U.S., approx., ...). A number or version
//! such as `4.1` or `v2.0` never ends a sentence because no white space follows its dot.
//! An inline bullet (`•`, `▪`, `◦`) ends a sentence too and starts the next one: slide text
//! pasted as one paragraph runs its bullets together. Sentences partition the block: each one runs up to where the next one starts, so
//! trailing white space belongs to the sentence before it.

use std::ops::Range;

/// Abbreviations after which a full stop does not end a sentence (lower case, without the
/// final dot).
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "inc", "u.s", "u.k", "e.u", "approx", "mr", "mrs", "ms", "dr",
    "prof", "sr", "jr", "st", "cf", "fig", "ltd", "corp", "co", "no", "nos", "vol", "dept", "est",
    "a.m", "p.m", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "al",
];

fn is_closing(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | b')' | b']' | b'}')
}

/// Whether the dot at `dot` ends an abbreviation: the word before it (letters and inner
/// dots) is in [`ABBREVIATIONS`].
fn is_abbreviation(text: &[u8], dot: usize) -> bool {
    let start = text[..dot]
        .iter()
        .rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'.'))
        .map_or(0, |i| i + 1);
    let word = &text[start..dot];
    if word.is_empty() || word.len() > 8 {
        return false;
    }
    // Case-insensitive so that splitting works on text that was not case-folded too.
    ABBREVIATIONS
        .iter()
        .any(|a| a.as_bytes().eq_ignore_ascii_case(word))
}

/// Appends to `out` the byte ranges of the sentences of `text`, in order. The ranges are
/// contiguous and together cover all of `text`.
pub fn split_into(text: &str, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b >= 0x80
            && let Some(len) = bullet_len(&bytes[i..])
        {
            if i > start {
                out.push(start..i);
                start = i;
            }
            i += len;
            continue;
        }
        if matches!(b, b'.' | b'!' | b'?') {
            let mut end = i + 1;
            // Runs of punctuation ("?!", "...") end together.
            while end < bytes.len() && matches!(bytes[end], b'.' | b'!' | b'?') {
                end += 1;
            }
            while end < bytes.len() && is_closing(bytes[end]) {
                end += 1;
            }
            let at_break = end == bytes.len() || bytes[end] == b' ';
            let abbreviation = b == b'.'
                && end == i + 1 + count_closing(bytes, i + 1)
                && is_abbreviation(bytes, i);
            if at_break && !abbreviation {
                let mut next = end;
                while next < bytes.len() && bytes[next] == b' ' {
                    next += 1;
                }
                out.push(start..next);
                start = next;
                i = next;
                continue;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push(start..bytes.len());
    }
}

/// Inline bullets: U+2022 BULLET, U+25AA BLACK SMALL SQUARE, U+25E6 WHITE BULLET.
const BULLETS: [&str; 3] = ["\u{2022}", "\u{25AA}", "\u{25E6}"];

/// The length of the bullet character `bytes` starts with, if it starts with one.
fn bullet_len(bytes: &[u8]) -> Option<usize> {
    BULLETS
        .iter()
        .find(|b| bytes.starts_with(b.as_bytes()))
        .map(|b| b.len())
}

fn count_closing(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().take_while(|&&b| is_closing(b)).count()
}

/// The sentences of `text` as a new vector.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    split_into(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn ends_at_terminal_punctuation_followed_by_space() {
        assert_eq!(
            sentences("one. two! three? four"),
            ["one. ", "two! ", "three? ", "four"]
        );
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_their_sentence() {
        assert_eq!(
            sentences("\"sre calls on chatgpt.\" \u{2014} early access customer"),
            [
                "\"sre calls on chatgpt.\" ",
                "\u{2014} early access customer"
            ]
        );
        assert_eq!(sentences("(it works.) next"), ["(it works.) ", "next"]);
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentences("models, e.g. for video. next"),
            ["models, e.g. for video. ", "next"]
        );
        assert_eq!(
            sentences("a second, i.e. faster. b"),
            ["a second, i.e. faster. ", "b"]
        );
        assert_eq!(
            sentences("U.S. regions vs. others etc. too"),
            ["U.S. regions vs. others etc. too"]
        );
        assert_eq!(
            sentences("Acme Inc. offers approx. ten"),
            ["Acme Inc. offers approx. ten"]
        );
    }

    #[test]
    fn numbers_and_versions_never_split() {
        assert_eq!(
            sentences("gpt-4.1 and v2.0 ship 3.5x faster"),
            ["gpt-4.1 and v2.0 ship 3.5x faster"]
        );
        assert_eq!(sentences("version 2.4. next"), ["version 2.4. ", "next"]);
    }

    #[test]
    fn ellipses_and_runs_of_punctuation() {
        assert_eq!(
            sentences("wait... what?! ok"),
            ["wait... ", "what?! ", "ok"]
        );
    }

    #[test]
    fn an_inline_bullet_starts_a_new_sentence() {
        assert_eq!(
            sentences("\u{2022} gpt-5 on aws \u{2022} sre calls on \u{25aa} a \u{25e6} b"),
            [
                "\u{2022} gpt-5 on aws ",
                "\u{2022} sre calls on ",
                "\u{25aa} a ",
                "\u{25e6} b"
            ]
        );
        assert_eq!(sentences("one. \u{2022} two"), ["one. ", "\u{2022} two"]);
    }

    #[test]
    fn sentences_partition_the_text() {
        let text = "a. b.  c";
        let ranges = split(text);
        assert_eq!(ranges.first().unwrap().start, 0);
        assert_eq!(ranges.last().unwrap().end, text.len());
        assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
        assert!(split("").is_empty());
    }
}
