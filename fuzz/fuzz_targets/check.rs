//! The extractors and matcher on arbitrary bytes, read as Markdown, HTML and text.
//!
//! Invariants: no panic; every span lies inside the file and on character boundaries;
//! line and column agree with the byte offset; the prefilter changes nothing.
#![no_main]

use std::sync::OnceLock;

use copylint::lexicon::{Engine, LexiconSource, compile};
use copylint::source::{LineIndex, decode};
use copylint::{Checker, DocumentKind};
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| compile(&[LexiconSource::builtin("openai-on-aws").unwrap()]).unwrap())
}

fuzz_target!(|bytes: &[u8]| {
    let decoded = decode(bytes);
    let text: &str = &decoded.text;
    assert_eq!(text.len(), bytes.len(), "decoding keeps offsets");
    let index = LineIndex::new(text);
    let mut checker = Checker::new(engine());
    for kind in [DocumentKind::Markdown, DocumentKind::Html, DocumentKind::Text] {
        let findings = checker.check(kind, text);
        for f in &findings {
            assert!(f.span.start < f.span.end && f.span.end <= text.len(), "{f:?}");
            assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            assert!(f.sentence.end <= text.len());
            let mut locator = copylint::source::Locator::new(text);
            assert_eq!(locator.position(f.span.start), index.position(text, f.span.start));
            let p = index.position(text, f.span.start);
            let line_start = index.line_start(p.line - 1).unwrap();
            assert_eq!(text[line_start..f.span.start].chars().count() + 1, p.column);
        }
        assert_eq!(findings, checker.check_unfiltered(kind, text), "prefilter changed the result");
    }
});
