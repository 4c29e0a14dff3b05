//! Fix application on arbitrary Markdown: the fixed text re-checks clean of safe
//! rewrites (or the fix loop says it did not converge), and fixing again changes nothing.
#![no_main]

use std::sync::OnceLock;

use copylint::lexicon::{Applicability, Engine, LexiconSource, compile};
use copylint::{Checker, DocumentKind, fix};
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| compile(&[LexiconSource::builtin("openai-on-aws").unwrap()]).unwrap())
}

fuzz_target!(|text: &str| {
    let mut checker = Checker::new(engine());
    let fixed = fix::fix(&mut checker, DocumentKind::Markdown, text);
    if !fixed.converged {
        return;
    }
    let left = checker.check(DocumentKind::Markdown, &fixed.text);
    assert!(
        !left.iter().any(|f| f.suppressed.is_none() && f.suggestions.first().is_some_and(|s| s.applicability == Applicability::Safe)),
        "a safe rewrite is left after fixing: {left:?}"
    );
    let again = fix::fix(&mut checker, DocumentKind::Markdown, &fixed.text);
    assert_eq!(again.applied, 0);
    assert_eq!(again.text, fixed.text);
});
