//! The PDF and email readers on arbitrary bytes.
//!
//! Invariants: no panic escapes (the extractor's own are contained), memory stays within
//! the limits (the fuzzer's RSS limit catches a bomb that gets through), every unit has
//! text, and paragraph units hold no line breaks inside a paragraph.
#![no_main]

use copylint::prose::{email, pdf};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    // Small limits, so that a bomb shows as an error (or an RSS overrun), fast.
    let limits = pdf::Limits {
        stream_bytes: 4 << 20,
        total_bytes: 16 << 20,
        ..pdf::Limits::default()
    };
    if let Ok(doc) = pdf::extract(bytes, &limits) {
        for unit in &doc.units {
            assert!(unit.text.chars().any(|c| !c.is_whitespace()), "{unit:?}");
            assert!(unit.location.starts_with("page "), "{unit:?}");
        }
    }
    if let Ok(doc) = email::extract(bytes, &email::Limits::default()) {
        for unit in &doc.units {
            assert!(unit.kind.is_some(), "{unit:?}");
        }
    }
});
