//! Properties of the two maps every reported span goes through: the offset map from
//! normalised prose back to source bytes, and the sentence splitter.
//!
//! The fuzz targets (fuzz/) check the same invariants end to end on arbitrary bytes;
//! these run in `cargo test` on every change.

use std::ops::Range;

use copylint::DocumentKind;
use copylint::normalize::{NormalizedText, Normalizer, normalize_phrase};
use copylint::prose::{self, BlockBuilder, BlockSink};
use copylint::sentence;
use proptest::prelude::*;

/// Text built from the characters normalisation treats specially: case that folds to a
/// different length (`İ`, the Kelvin sign), typographic quotes and dashes, invisible
/// characters, every kind of white space, multi-byte letters and emoji, and the folded
/// disguises: fullwidth and mathematical letters, ligatures, combining accents (stray,
/// and the marks of scripts that keep them), look-alike letters of other scripts.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z0-9]{1,8}",
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\t".to_string()),
        Just("\r\n".to_string()),
        Just("\u{A0}".to_string()),
        Just("\u{2003}".to_string()),
        Just("\u{AD}".to_string()),
        Just("\u{200B}".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("’".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\u{2010}".to_string()),
        Just("–".to_string()),
        Just("—".to_string()),
        Just("İ".to_string()),
        Just("\u{212A}".to_string()),
        Just("É".to_string()),
        Just("ß".to_string()),
        Just("ΣΑΣ".to_string()),
        Just("😀".to_string()),
        Just(".".to_string()),
        Just("-".to_string()),
        Just("ｃｈａｔ".to_string()),
        Just("𝐂𝐡".to_string()),
        Just("\u{FB03}".to_string()),
        Just("\u{301}".to_string()),
        Just("e\u{301}\u{302}".to_string()),
        Just("\u{2060}".to_string()),
        Just("\u{200D}".to_string()),
        Just("\u{FE0F}".to_string()),
        Just("\u{41E}".to_string()),
        Just("\u{3BF}".to_string()),
        Just("\u{131}".to_string()),
        Just("™".to_string()),
        Just("½".to_string()),
        Just("\u{30AB}\u{3099}".to_string()),
        Just("\u{FF76}\u{FF9E}".to_string()),
        Just("\u{915}\u{93C}".to_string()),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

fn normalize(source: &str) -> NormalizedText {
    let mut out = NormalizedText::default();
    let mut normalizer = Normalizer::new(true);
    normalizer.push_source(&mut out, source, 0);
    normalizer.finish(&mut out);
    out
}

/// The byte ranges of the space-separated words of `text`.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b' ' {
            if start < i {
                out.push(start..i);
            }
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Prose → source → prose: each normalised word maps to a source range whose text
    /// normalises back to exactly that word, and the words' source ranges follow each
    /// other in order without overlapping.
    #[test]
    fn every_word_round_trips_through_its_source_range(source in tricky_text()) {
        let norm = normalize(&source);
        let mut previous_end = 0;
        for word in words(&norm.text) {
            let src = norm.to_source(word.clone());
            prop_assert!(src.start < src.end && src.end <= source.len(), "{src:?} outside {source:?}");
            prop_assert!(source.is_char_boundary(src.start) && source.is_char_boundary(src.end));
            prop_assert!(src.start >= previous_end, "{src:?} overlaps the word before it");
            previous_end = src.end;
            prop_assert_eq!(normalize_phrase(&source[src], true), &norm.text[word]);
        }
    }

    /// Every single normalised character maps inside the source, on character boundaries,
    /// and an ASCII letter or digit that maps to one byte maps to that same letter.
    #[test]
    fn every_character_maps_to_its_own_source_bytes(source in tricky_text()) {
        let norm = normalize(&source);
        for (n, c) in norm.text.char_indices() {
            let src = norm.to_source(n..n + c.len_utf8());
            prop_assert!(src.end <= source.len());
            prop_assert!(source.is_char_boundary(src.start) && source.is_char_boundary(src.end));
            if c.is_ascii_alphanumeric() && src.len() == 1 {
                prop_assert_eq!(source.as_bytes()[src.start].to_ascii_lowercase(), c as u8);
            }
        }
    }
}

/// Collects every block a document yields, with its offset map.
#[derive(Default)]
struct Blocks(Vec<NormalizedText>);

impl BlockSink for Blocks {
    fn block(&mut self, block: &NormalizedText) {
        self.0.push(block.clone());
    }
}

fn markdown_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z]{1,10}",
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("# ".to_string()),
        Just("- ".to_string()),
        Just("> ".to_string()),
        Just("1. ".to_string()),
        Just("**".to_string()),
        Just("_".to_string()),
        Just("`".to_string()),
        Just("```\n".to_string()),
        Just("[".to_string()),
        Just("](https://example.com)".to_string()),
        Just("<!-- c -->".to_string()),
        Just("<b>".to_string()),
        Just("&amp;".to_string()),
        Just("&#8217;".to_string()),
        Just("&shy;".to_string()),
        Just("&nbsp".to_string()),
        Just("&#71".to_string()),
        Just("&notit;".to_string()),
        Just("&nvlt;".to_string()),
        Just("&".to_string()),
        Just("<img alt=\"a&amp;b&#x47\">".to_string()),
        Just("<abbr title='t&shy;x'>".to_string()),
        Just("<p>".to_string()),
        Just("<title>".to_string()),
        Just("\\*".to_string()),
        Just("| a | b |\n|---|---|\n".to_string()),
        Just("’".to_string()),
        Just("İ".to_string()),
        Just("\u{AD}".to_string()),
        Just("😀".to_string()),
        Just(". ".to_string()),
        Just("ｃｈａｔ".to_string()),
        Just("\u{301}".to_string()),
        Just("&#x301;".to_string()),
        Just("&#xFF43;".to_string()),
        Just("\u{41E}".to_string()),
        Just("\u{FB01}".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Through the Markdown and HTML extractors (text, attributes, character references
    /// of every kind): every character of every block maps inside the file on character
    /// boundaries, and a letter that maps to one source byte maps to that letter (markup,
    /// entities and escapes map to more than one byte).
    #[test]
    fn markdown_blocks_map_back_to_the_file(
        parts in proptest::collection::vec(markdown_fragment(), 0..40)
    ) {
        let source = parts.concat();
        for kind in [DocumentKind::Markdown, DocumentKind::Html] {
        let mut blocks = Blocks::default();
        let mut text = NormalizedText::default();
        let mut builder = BlockBuilder::new(&mut text, &mut blocks);
        prose::extract(kind, &source, &mut builder);
        for block in &blocks.0 {
            for (n, c) in block.text.char_indices() {
                let src = block.to_source(n..n + c.len_utf8());
                prop_assert!(src.start < src.end && src.end <= source.len(), "{src:?} in {source:?}");
                prop_assert!(source.is_char_boundary(src.start) && source.is_char_boundary(src.end));
                if c.is_ascii_alphabetic() && src.len() == 1 {
                    prop_assert_eq!(source.as_bytes()[src.start].to_ascii_lowercase(), c as u8);
                }
            }
        }
        }
    }
}

/// Sentences with numbers, versions, abbreviations and runs of punctuation in them.
fn prose_with_numbers() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-z]{1,8}",
        "[A-Z][a-z]{0,6}",
        "[0-9]{1,4}\\.[0-9]{1,3}",
        "v[0-9]\\.[0-9]\\.[0-9]",
        "\\$[0-9]{1,3},[0-9]{3}\\.[0-9]{2}",
        Just(" ".to_string()),
        Just(". ".to_string()),
        Just("! ".to_string()),
        Just("? ".to_string()),
        Just("...".to_string()),
        Just("?!".to_string()),
        Just(".\" ".to_string()),
        Just(".) ".to_string()),
        Just(" e.g. ".to_string()),
        Just(" U.S. ".to_string()),
        Just("’".to_string()),
        Just("😀".to_string()),
    ];
    proptest::collection::vec(piece, 0..50).prop_map(|p| p.concat())
}

/// Whether byte `at` lies inside a number: a digit, or a `.` or `,` between two digits.
fn inside_number(text: &[u8], at: usize) -> bool {
    at > 0
        && at < text.len()
        && text[at].is_ascii_digit()
        && (text[at - 1].is_ascii_digit()
            || (at >= 2 && matches!(text[at - 1], b'.' | b',') && text[at - 2].is_ascii_digit()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Sentences partition the block: non-empty, contiguous, from its first byte to its
    /// last, on character boundaries; no boundary falls inside a number; and every
    /// sentence but the last ends in terminal punctuation (and closing quotes or
    /// brackets) followed by white space.
    #[test]
    fn sentences_partition_the_block_and_never_split_a_number(text in prose_with_numbers()) {
        let ranges = sentence::split(&text);
        if text.is_empty() {
            prop_assert!(ranges.is_empty());
            return Ok(());
        }
        prop_assert_eq!(ranges.first().map(|r| r.start), Some(0));
        prop_assert_eq!(ranges.last().map(|r| r.end), Some(text.len()));
        for pair in ranges.windows(2) {
            prop_assert_eq!(pair[0].end, pair[1].start);
        }
        let bytes = text.as_bytes();
        for (i, r) in ranges.iter().enumerate() {
            prop_assert!(r.start < r.end);
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            prop_assert!(!inside_number(bytes, r.start), "split inside a number at {} in {text:?}", r.start);
            if i + 1 < ranges.len() {
                let body = text[r.clone()].trim_end_matches(' ');
                let body = body.trim_end_matches(['"', '\'', ')', ']', '}']);
                prop_assert!(body.ends_with(['.', '!', '?']), "sentence {:?} has no terminal punctuation", &text[r.clone()]);
            }
        }
    }
}
