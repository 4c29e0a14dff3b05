//! The lexicon loader on arbitrary YAML: it compiles or refuses, never panics.
#![no_main]

use copylint::lexicon::{LexiconSource, compile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let source = LexiconSource { origin: "fuzz.yaml".into(), text: text.to_string() };
    if let Ok(engine) = compile(&[source]) {
        // A lexicon that compiles can check text.
        let _ = copylint::check_text(&engine, copylint::DocumentKind::Markdown, "A sentence about OpenAI. Another one.");
    }
});
