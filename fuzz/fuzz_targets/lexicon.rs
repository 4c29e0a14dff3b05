//! The lexicon loader on arbitrary (and hostile) YAML: it compiles or refuses, never
//! panics, within the fuzzer's time and memory limits (huge expansions, deep nesting, odd
//! Unicode). A lexicon that compiles can check and fix text made of its own phrases and
//! rewrites, and `--fix` with it never grows a text past its bound.
#![no_main]

use copylint::lexicon::{LexiconSource, compile, pattern};
use copylint::{Checker, DocumentKind, fix};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let source = LexiconSource { origin: "fuzz.yaml".into(), text: text.to_string() };
    let Ok(engine) = compile(&[source]) else { return };
    // A document of the lexicon's own phrases (a few variants of each) and rewrites.
    let mut doc = String::from("A sentence about OpenAI. ");
    for rule in &engine.rules {
        for group in &rule.groups {
            for phrase in group.phrases.iter().take(4) {
                for e in pattern::expand(phrase).unwrap_or_default().into_iter().take(3) {
                    doc.push_str(&e.text);
                    doc.push_str(". ");
                }
            }
            for rewrite in group.suggest.iter().take(2) {
                doc.push_str(&pattern::render_template(rewrite, None).unwrap_or_default());
                doc.push_str(" ");
            }
        }
        if doc.len() > 16 * 1024 {
            break;
        }
    }
    let mut checker = Checker::new(&engine);
    let fixed = fix::fix(&mut checker, DocumentKind::Markdown, &doc);
    assert!(fixed.text.len() <= fix::size_limit(doc.len()));
    let _ = checker.check(DocumentKind::Html, &doc);
});
