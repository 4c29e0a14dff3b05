//! Long run-on sentences, generated: up to 32 KiB of words, banned phrases, commas,
//! abbreviations and decimals that do not end a sentence, inline markup and line breaks,
//! with a sentence end only where the input puts one; read as Markdown, HTML and text.
//!
//! Invariants: no panic; spans inside the file, on character boundaries; each finding's
//! sentence is inside the file and overlaps its span; the prefilter changes nothing;
//! positions located in order agree with a full line index. libFuzzer's `-timeout`
//! catches work that grows with findings times sentence length.
#![no_main]

use std::sync::OnceLock;

use copylint::lexicon::{Engine, LexiconSource, compile};
use copylint::source::{LineIndex, Locator};
use copylint::{Checker, DocumentKind};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

/// The most bytes one input generates: a 32 KiB sentence. Larger inputs take seconds
/// each under the sanitizers, and libFuzzer's timeout would then flag linear work;
/// `bench/growth.sh` measures the large sizes.
const MAX_BYTES: usize = 32 * 1024;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| compile(&[LexiconSource::builtin("openai-on-aws").unwrap()]).unwrap())
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Piece {
    /// A phrase the built-in lexicon bans.
    CallsOn,
    EnablesAccess,
    PoweredByOpenAi,
    /// Words that make the phrases' rules fire or not.
    Sre,
    ChatGpt,
    Bedrock,
    Aws,
    Plain,
    Comma,
    And,
    /// Dots that do not end a sentence.
    Abbreviation,
    Decimal,
    Ellipsis,
    Emphasis,
    Link,
    Tag,
    LineBreak,
    Dash,
    Quote,
    /// The one thing that ends the sentence.
    End,
}

impl Piece {
    fn text(self) -> &'static str {
        match self {
            Piece::CallsOn => "calls on ",
            Piece::EnablesAccess => "enables access to ",
            Piece::PoweredByOpenAi => "powered by OpenAI ",
            Piece::Sre => "SRE ",
            Piece::ChatGpt => "ChatGPT ",
            Piece::Bedrock => "Amazon Bedrock ",
            Piece::Aws => "AWS ",
            Piece::Plain => "agents ",
            Piece::Comma => ", ",
            Piece::And => "and ",
            Piece::Abbreviation => "e.g. ",
            Piece::Decimal => "3.5 ",
            Piece::Ellipsis => "... ",
            Piece::Emphasis => "**calls on** ",
            Piece::Link => "[enables access](https://x.example/a.b) ",
            Piece::Tag => "<b>ChatGPT</b> ",
            Piece::LineBreak => "\n",
            Piece::Dash => "\u{2014} ",
            Piece::Quote => "\u{201C}SRE\u{201D} ",
            Piece::End => ". ",
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Sentence {
    /// Written in turn until the text is long enough.
    pieces: Vec<Piece>,
    /// How many times the pieces are written.
    times: u16,
}

fuzz_target!(|sentence: Sentence| {
    if sentence.pieces.is_empty() {
        return;
    }
    let mut text = String::new();
    'out: for _ in 0..sentence.times.max(1) {
        for piece in &sentence.pieces {
            if text.len() >= MAX_BYTES {
                break 'out;
            }
            text.push_str(piece.text());
        }
    }
    let index = LineIndex::new(&text);
    let mut checker = Checker::new(engine());
    for kind in [DocumentKind::Markdown, DocumentKind::Html, DocumentKind::Text] {
        let findings = checker.check(kind, &text);
        let mut locator = Locator::new(&text);
        for f in &findings {
            assert!(f.span.start < f.span.end && f.span.end <= text.len(), "{f:?}");
            assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            assert!(f.sentence.end <= text.len(), "{f:?}");
            assert!(
                f.sentence.start < f.span.end && f.span.start < f.sentence.end,
                "the sentence does not hold its finding: {f:?}"
            );
            for offset in [f.span.start, f.span.end] {
                assert_eq!(locator.position(offset), index.position(&text, offset));
            }
        }
        assert_eq!(findings, checker.check_unfiltered(kind, &text), "prefilter changed the result");
    }
});
