//! The planner on small documents: what each rule of the module documentation does.

use super::*;
use crate::prose::{self, BlockBuilder, BlockSink, DocumentKind};

/// Plans `replacement` for the first occurrence of `phrase` (normalised text) in
/// `source`, applies the edits, and returns the result and whether it is safe.
fn fix(kind: DocumentKind, source: &str, phrase: &str, replacement: &str) -> (String, bool) {
    struct Find<'a> {
        source: &'a str,
        phrase: &'a str,
        replacement: &'a str,
        plan: Option<Plan>,
    }
    impl BlockSink for Find<'_> {
        fn block(&mut self, block: &NormalizedText) {
            if self.plan.is_some() {
                return;
            }
            if let Some(i) = block.text.find(self.phrase) {
                let range = i..i + self.phrase.len();
                self.plan = Some(plan(block, self.source, range, self.replacement));
            }
        }
    }
    let mut find = Find {
        source,
        phrase,
        replacement,
        plan: None,
    };
    let mut text = NormalizedText::default();
    let mut builder = BlockBuilder::new(&mut text, &mut find);
    prose::extract(kind, source, &mut builder);
    let plan = find
        .plan
        .unwrap_or_else(|| panic!("{phrase:?} not in {source:?}"));
    let mut out = String::new();
    let mut copied = 0;
    for e in &plan.edits {
        out.push_str(&source[copied..e.span.start]);
        out.push_str(&e.replacement);
        copied = e.span.end;
    }
    out.push_str(&source[copied..]);
    (out, plan.safe)
}

fn md(source: &str) -> (String, bool) {
    fix(
        DocumentKind::Markdown,
        source,
        "enables access to",
        "integrates with",
    )
}

fn html(source: &str) -> (String, bool) {
    fix(
        DocumentKind::Html,
        source,
        "enables access to",
        "integrates with",
    )
}

fn safe(out: &str) -> (String, bool) {
    (out.to_string(), true)
}

fn not_safe(out: &str) -> (String, bool) {
    (out.to_string(), false)
}

#[test]
fn plain_text_is_replaced_in_one_edit() {
    assert_eq!(
        md("SRE enables access to ChatGPT.\n"),
        safe("SRE integrates with ChatGPT.\n")
    );
    assert_eq!(
        md("SRE enables\n  access   to ChatGPT.\n"),
        safe("SRE integrates with ChatGPT.\n")
    );
}

#[test]
fn the_replacement_goes_where_the_phrase_starts_and_markup_stays() {
    assert_eq!(
        md("Our [SRE product enables](https://aws.example/sre) access to ChatGPT.\n"),
        safe("Our [SRE product integrates with](https://aws.example/sre) ChatGPT.\n")
    );
    assert_eq!(
        md("SRE **product, which is great, enables** access to ChatGPT.\n"),
        safe("SRE **product, which is great, integrates with** ChatGPT.\n")
    );
    assert_eq!(
        md("SRE <a href=\"https://x.y\">SRE product enables</a> access to ChatGPT.\n"),
        safe("SRE <a href=\"https://x.y\">SRE product integrates with</a> ChatGPT.\n")
    );
    assert_eq!(
        html("<p>SRE <a href=\"https://x.y\">SRE product enables</a> access to ChatGPT.</p>"),
        safe("<p>SRE <a href=\"https://x.y\">SRE product integrates with</a> ChatGPT.</p>")
    );
    assert_eq!(
        md("SRE **enables** access to ChatGPT.\n"),
        safe("SRE **integrates with** ChatGPT.\n")
    );
}

#[test]
fn formatting_that_holds_only_phrase_words_goes_with_them() {
    assert_eq!(
        md("SRE enables **access to** ChatGPT.\n"),
        safe("SRE integrates with ChatGPT.\n")
    );
    assert_eq!(
        md("SRE enables *access* to ChatGPT.\n"),
        safe("SRE integrates with ChatGPT.\n")
    );
    assert_eq!(
        md("SRE enables <b>access</b> to ChatGPT.\n"),
        safe("SRE integrates with ChatGPT.\n")
    );
    assert_eq!(
        html("<p>SRE enables <span>access to </span>ChatGPT.</p>"),
        safe("<p>SRE integrates with ChatGPT.</p>")
    );
    assert_eq!(
        fix(
            DocumentKind::Markdown,
            "Use Sage<b>maker</b> now.\n",
            "sagemaker",
            "SageMaker"
        ),
        safe("Use SageMaker now.\n")
    );
}

#[test]
fn an_element_that_goes_on_keeps_its_delimiter_next_to_its_text() {
    assert_eq!(
        md("SRE enables **access to ChatGPT** today.\n"),
        safe("SRE integrates with **ChatGPT** today.\n")
    );
    assert_eq!(
        md("SRE enables [access to ChatGPT](https://x.y) today.\n"),
        safe("SRE integrates with [ChatGPT](https://x.y) today.\n")
    );
    assert_eq!(
        html("<p>SRE enables <a href=\"/x\"><b>access to</b> ChatGPT</a>.</p>"),
        safe("<p>SRE integrates with <a href=\"/x\">ChatGPT</a>.</p>")
    );
    // Nothing to put between the replacement and the delimiter.
    assert_eq!(
        md("SRE enables **access to-day**.\n"),
        not_safe("SRE integrates with**-day**.\n")
    );
}

#[test]
fn an_element_that_would_lose_all_its_text_makes_the_fix_unsafe() {
    assert_eq!(
        md("SRE enables <span id=\"x\">access</span> to ChatGPT.\n"),
        not_safe("SRE integrates with<span id=\"x\"></span> ChatGPT.\n")
    );
    assert_eq!(
        html("<p>SRE enables <span id=\"x\">access</span> to ChatGPT.</p>"),
        not_safe("<p>SRE integrates with<span id=\"x\"></span> ChatGPT.</p>")
    );
    assert_eq!(
        md("SRE enables [access](https://x.y) to ChatGPT.\n"),
        not_safe("SRE integrates with[](https://x.y) ChatGPT.\n")
    );
}

#[test]
fn line_structure_and_comments_stay() {
    assert_eq!(
        md("> SRE enables\n> access to ChatGPT.\n"),
        safe("> SRE integrates with\n> ChatGPT.\n")
    );
    assert_eq!(
        md("> SRE enables\n> access to.\n"),
        not_safe("> SRE integrates with\n>.\n")
    );
    assert_eq!(
        md("SRE enables <!-- c --> access to ChatGPT.\n"),
        safe("SRE integrates with<!-- c --> ChatGPT.\n")
    );
}

#[test]
fn split_entities_and_markup_in_the_replacement_are_not_safe() {
    let (_, ok) = fix(
        DocumentKind::Markdown,
        "SRE calls on ChatGPT.\n",
        "calls on",
        "*calls*",
    );
    assert!(!ok);
    let (_, ok) = fix(
        DocumentKind::Markdown,
        "SRE calls on ChatGPT.\n",
        "calls on",
        "1. x",
    );
    assert!(!ok);
    let (out, ok) = fix(
        DocumentKind::Markdown,
        "SRE calls on ChatGPT.\n",
        "calls on",
        "(calls)",
    );
    assert_eq!((out.as_str(), ok), ("SRE (calls) ChatGPT.\n", true));
    let (_, ok) = fix(
        DocumentKind::Markdown,
        "SRE **calls on** ChatGPT.\n",
        "calls on",
        "(calls)",
    );
    assert!(!ok, "punctuation against a delimiter");
    // `İ` folds to one `i` (its dot is an accent): a range ending after it is whole.
    let (out, ok) = fix(DocumentKind::Html, "<p>a \u{130}b</p>", "a i", "c");
    assert_eq!((out.as_str(), ok), ("<p>cb</p>", true));
}
