//! Fix application on arbitrary text, read as Markdown and as HTML: the fixed text
//! re-checks clean of safe rewrites (or the fix loop says it did not converge), fixing
//! again changes nothing, and no fix loses a link: the URLs a reader can follow are the
//! same before and after. Seeds put links, emphasis, code and inline HTML across the
//! boundaries of rewritable phrases.
#![no_main]

use std::sync::OnceLock;

use copylint::lexicon::{Applicability, Engine, LexiconSource, compile};
use copylint::{Checker, DocumentKind, fix};
use html5gum::{Token, Tokenizer};
use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Parser, Tag};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        compile(&[
            LexiconSource::builtin("openai-on-aws").unwrap(),
            LexiconSource::builtin("brand-names").unwrap(),
        ])
        .unwrap()
    })
}

/// The link targets of a document, sorted.
fn urls(kind: DocumentKind, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    match kind {
        DocumentKind::Html => {
            for token in Tokenizer::new(text).flatten() {
                if let Token::StartTag(tag) = token {
                    for (name, value) in &tag.attributes {
                        if &**name == b"href" {
                            out.push(String::from_utf8_lossy(value).into_owned());
                        }
                    }
                }
            }
        }
        _ => {
            for event in Parser::new_ext(text, copylint::prose::markdown::options()) {
                if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
                    out.push(dest_url.to_string());
                }
            }
        }
    }
    out.sort();
    out
}

fuzz_target!(|text: &str| {
    let mut checker = Checker::new(engine());
    for kind in [DocumentKind::Markdown, DocumentKind::Html] {
        let fixed = fix::fix(&mut checker, kind, text);
        assert!(fixed.text.len() <= fix::size_limit(text.len()));
        if fixed.applied > 0 {
            assert_eq!(urls(kind, text), urls(kind, &fixed.text), "a fix lost a link in {text:?} → {:?}", fixed.text);
        }
        if !fixed.converged {
            continue;
        }
        let left = checker.check(kind, &fixed.text);
        assert!(
            !left.iter().any(|f| f.suppressed.is_none()
                && f.suggestions.first().is_some_and(|s| s.applicability == Applicability::Safe)),
            "a safe rewrite is left after fixing: {left:?}"
        );
        let again = fix::fix(&mut checker, kind, &fixed.text);
        assert_eq!(again.applied, 0);
        assert_eq!(again.text, fixed.text);
    }
});
