//! Sequence phrases (`...`, `<set>`), open word starts (`*n't`), included sets and
//! negation scopes work in any lexicon, not only the built-in one.

use copylint::lexicon::{Engine, LexiconSource, compile};
use copylint::{DocumentKind, check_text};

/// A small team lexicon that uses every feature.
const TEAM: &str = r#"
lexicon: team
sets:
  product:
    terms: [Widget, Widget Pro]
    except: [widget-sdk*]
  rival:
    terms: [Gadget]
  brands:
    include: [product, rival]
    terms: [Gizmo]
  stores:
    terms: [Shop, Market]
  place:
    terms: [in stock, on sale]
  denial:
    terms: [not, never, "*n't"]
    except: [not only]
rules:
  - id: handoff
    severity: note
    message: "“{matched}” hands work to a rival"
    negation:
      cues: denial
    banned:
      - phrases: ["{hand} ... off to <rival>", "{ask} <rival>", "<rival> ...2 inside <stores>"]
  - id: stocked
    message: "“{matched}” claims a product is stocked"
    co-occur: [product, stores, place]
    negation:
      cues: denial
      of: [place]
      window: 2
  - id: mentions
    severity: warning
    message: "“{matched}” names a brand"
    banned:
      - phrases: ["praise <brands>"]
"#;

fn engine() -> Engine {
    compile(&[LexiconSource {
        origin: "team.yaml".into(),
        text: TEAM.into(),
    }])
    .unwrap()
}

/// (rule, matched text) of every finding in `text`.
fn found(engine: &Engine, text: &str) -> Vec<(String, String)> {
    check_text(engine, DocumentKind::Text, text)
        .into_iter()
        .map(|f| {
            (
                engine.rules[f.rule].local_id.clone(),
                text[f.span].to_string(),
            )
        })
        .collect()
}

fn one(rule: &str, matched: &str) -> Vec<(String, String)> {
    vec![(rule.to_string(), matched.to_string())]
}

#[test]
fn a_gap_stands_for_up_to_four_words() {
    let e = engine();
    assert_eq!(
        found(&e, "We hand it off to Gadget."),
        one("handoff", "hand it off to Gadget")
    );
    assert_eq!(
        found(&e, "We handed the three hardest tasks off to Gadget."),
        one("handoff", "handed the three hardest tasks off to Gadget")
    );
    assert_eq!(
        found(&e, "We hand off to Gadget."),
        one("handoff", "hand off to Gadget")
    );
    // Five words are too many.
    assert!(found(&e, "We hand the four very hardest tasks off to Gadget.").is_empty());
    // `...2`: at most two words.
    assert_eq!(
        found(&e, "Gadget sits right inside Shop."),
        one("handoff", "Gadget sits right inside Shop")
    );
    assert!(found(&e, "Gadget now sits right inside Shop.").is_empty());
}

#[test]
fn a_gap_never_crosses_a_semicolon_or_a_sentence() {
    let e = engine();
    assert!(found(&e, "We hand it; off to Gadget.").is_empty());
    assert!(found(&e, "We hand it. Off to Gadget.").is_empty());
    // A comma does not stop it.
    assert_eq!(
        found(&e, "We hand it, quickly, off to Gadget."),
        one("handoff", "hand it, quickly, off to Gadget")
    );
}

#[test]
fn a_set_in_a_phrase_is_any_of_its_terms_but_not_its_exceptions() {
    let e = engine();
    assert_eq!(found(&e, "Just ask Gadget."), one("handoff", "ask Gadget"));
    assert!(found(&e, "Just ask the Gadget team.").is_empty());
    assert!(found(&e, "Just ask Widget.").is_empty());
    // `brands` includes `product` (with its exceptions) and `rival`.
    for (text, matched) in [
        ("We praise Widget Pro.", "praise Widget Pro"),
        ("We praise Gadget.", "praise Gadget"),
        ("We praise Gizmo.", "praise Gizmo"),
    ] {
        assert_eq!(found(&e, text), one("mentions", matched));
    }
    assert!(found(&e, "We praise widget-sdk builds.").is_empty());
}

#[test]
fn a_negation_before_or_inside_a_phrase_cancels_it() {
    let e = engine();
    assert!(found(&e, "We never hand work off to Gadget.").is_empty());
    assert!(found(&e, "We don't ask Gadget.").is_empty());
    assert!(found(&e, "We hand nothing we can't off to Gadget.").is_empty());
    // Across a comma, or in an idiom that asserts, it does not.
    assert_eq!(
        found(&e, "Not us, we ask Gadget."),
        one("handoff", "ask Gadget")
    );
    assert_eq!(
        found(&e, "We not only ask Gadget."),
        one("handoff", "ask Gadget")
    );
    // Rules without a negation scope ignore it.
    assert_eq!(
        found(&e, "We never praise Gizmo."),
        one("mentions", "praise Gizmo")
    );
}

#[test]
fn a_co_occurrence_rule_ignores_negated_terms_of_the_sets_named() {
    let e = engine();
    assert_eq!(
        found(&e, "Widget is on sale at the Shop."),
        one("stocked", "Widget is on sale at the Shop")
    );
    assert!(found(&e, "Widget is not on sale at the Shop.").is_empty());
    assert!(found(&e, "Widget isn't on sale at the Shop.").is_empty());
    // The window is two words here.
    assert_eq!(
        found(&e, "Widget is not, we hear, on sale at the Shop."),
        one("stocked", "Widget is not, we hear, on sale at the Shop")
    );
    assert_eq!(
        found(&e, "Widget is not sold but on sale at the Shop."),
        one("stocked", "Widget is not sold but on sale at the Shop")
    );
    // A negation of another set's term does not count.
    assert_eq!(
        found(&e, "Not Widget: it is on sale at the Shop."),
        one("stocked", "Widget: it is on sale at the Shop")
    );
}

#[test]
fn a_leading_star_matches_the_end_of_a_word() {
    let e = engine();
    for text in [
        "Widget isn't on sale at the Shop.",
        "Widget wasn\u{2019}t on sale at the Shop.",
        "Widget won't be on sale at the Shop.",
    ] {
        assert!(found(&e, text).is_empty(), "{text}");
    }
}

#[test]
fn the_prefilter_sees_what_sequences_need() {
    let e = engine();
    let mut checker = copylint::Checker::new(&e);
    for text in [
        "We hand it off to Gadget.",
        "Just ask Gadget.",
        "Widget isn't on sale at the Shop.",
        "We praise Gizmo.",
        "Nothing here.",
    ] {
        assert_eq!(
            checker.check(DocumentKind::Text, text),
            checker.check_unfiltered(DocumentKind::Text, text),
            "{text}"
        );
    }
}
