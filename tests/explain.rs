//! `copylint rules`, `copylint explain RULE` and `copylint test-lexicon FILE`: the
//! lexicons explain and test themselves.

mod common;

use common::{Scratch, copylint, fixture};
use copylint::lexicon::{Engine, LexiconSource, compile};

fn builtin() -> Engine {
    compile(&[LexiconSource::builtin("openai-on-aws").unwrap()]).unwrap()
}

/// How many example sentences the built-in lexicon carries.
fn builtin_examples() -> usize {
    builtin()
        .rules
        .iter()
        .map(|r| r.examples.bad.len() + r.examples.good.len())
        .sum()
}

/// How many rules the brand fixture lexicon has.
/// The rules copylint adds to every engine (`copylint/...`).
fn tool_rules() -> usize {
    builtin()
        .rules
        .iter()
        .filter(|r| r.id.starts_with("copylint/"))
        .count()
}

fn brand_rules() -> usize {
    let path = fixture("lexicons/brand.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let engine = compile(&[LexiconSource {
        origin: "brand.yaml".into(),
        text,
    }])
    .unwrap();
    engine.rules.len() - tool_rules()
}

fn stdout_of(s: &Scratch, args: &[&str]) -> (i32, String, String) {
    let out = s.cmd(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn rules_lists_every_rule_with_severity_fix_and_message() {
    let s = Scratch::new();
    let (code, out, _) = stdout_of(&s, &["rules"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("rules_builtin", out);
}

#[test]
fn rules_shows_the_config_lexicons_and_severity_overrides() {
    let s = Scratch::new();
    std::fs::copy(fixture("lexicons/brand.yaml"), s.path().join("brand.yaml")).unwrap();
    s.write(
        ".copylint.yaml",
        "lexicons: [brand.yaml]\nrules:\n  hype: off\n  frontier-availability: warning\nrequire-reason: true\n",
    );
    let (code, out, _) = stdout_of(&s, &["rules"]);
    assert_eq!(code, 0);
    let line = |id: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no {id} in {out}"))
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(line("brand/hype"), "brand/hype off none");
    assert_eq!(
        line("brand/absolute-claims"),
        "brand/absolute-claims warning safe"
    );
    assert_eq!(
        line("openai-on-aws/frontier-availability"),
        "openai-on-aws/frontier-availability warning unsafe"
    );
    assert_eq!(
        line("copylint/missing-reason"),
        "copylint/missing-reason error none"
    );
    let rules = builtin().rules.len() + brand_rules();
    assert!(
        out.contains(&format!("{rules} rules in 3 lexicons")),
        "{out}"
    );
    // The command line wins: without the default lexicon, its rules are gone.
    let (_, out, _) = stdout_of(&s, &["rules", "--no-default-lexicon"]);
    assert!(!out.contains("openai-on-aws/"), "{out}");
}

#[test]
fn explain_prints_what_why_examples_rewrites_and_provenance() {
    let s = Scratch::new();
    let (code, out, _) = stdout_of(&s, &["explain", "access-wording"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("explain_access_wording", out);
    // Qualified ids work too, and co-occurrence rules say which sets they need.
    let (code, out, _) = stdout_of(&s, &["explain", "openai-on-aws/frontier-availability"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("holds a term of each of these sets")
            && out.contains("`aws`: AWS and the AWS services"),
        "{out}"
    );
    // Its rewrite restates the claim with the terms found, so it is only suggested.
    assert!(
        out.contains("  - the sentence → “SRE on AWS is powered by OpenAI” (suggested, never"),
        "{out}"
    );
}

#[test]
fn explain_shows_every_provenance_field_of_a_team_lexicon() {
    let s = Scratch::new();
    let lexicon = fixture("lexicons/failing-examples.yaml");
    let (code, out, _) = stdout_of(
        &s,
        &[
            "explain",
            "team/hype",
            "--lexicon",
            lexicon.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0);
    for line in [
        "team/hype (warning)",
        "  Hype words make claims we cannot back.",
        "  bad:  A revolutionary release.",
        "  good: A new release.",
        "  - “revolutionary”, “game-changing” → “new” (`copylint check --fix` applies the first)",
        "  source: Team style guide, v2",
        "  owner: docs@example.com",
        "  effective: 2026-01-01",
        "  expires: 2026-12-31",
        "  link: https://wiki.example.com/style",
    ] {
        assert!(out.lines().any(|l| l == line), "no {line:?} in\n{out}");
    }
}

#[test]
fn explain_an_unknown_rule_suggests_the_closest() {
    let s = Scratch::new();
    let (code, out, err) = stdout_of(&s, &["explain", "acess-wording"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("no active lexicon has a rule `acess-wording`"),
        "{err}"
    );
    assert!(err.contains("did you mean `access-wording`?"), "{err}");
}

#[test]
fn explain_a_rule_of_a_pack_that_is_not_loaded_says_how_to_load_it() {
    let s = Scratch::new();
    let (code, _, err) = stdout_of(&s, &["explain", "hipaa-certification"]);
    assert_eq!(code, 2);
    let err = err.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(err.contains("--lexicon builtin:cloud-claims"), "{err}");
    assert!(!err.contains("did you mean"), "{err}");
    // With only the pack loaded, the default lexicon's rules are the ones suggested.
    let args = [
        "explain",
        "access-wording",
        "--no-default-lexicon",
        "--lexicon",
        "builtin:cloud-claims",
    ];
    let (code, _, err) = stdout_of(&s, &args);
    assert_eq!(code, 2);
    // The hint wraps at spaces on a narrow terminal.
    let err = err.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(err.contains("--lexicon builtin:openai-on-aws"), "{err}");
    assert!(!err.contains("soc-wording"), "{err}");
}

#[test]
fn test_lexicon_passes_on_the_builtin_lexicon() {
    let out = copylint()
        .args(["test-lexicon", "builtin:openai-on-aws"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!(
            "builtin:openai-on-aws: all {} examples hold\n",
            builtin_examples()
        )
    );
}

#[test]
fn test_lexicon_reports_each_failing_example_and_exits_one() {
    let s = Scratch::new();
    std::fs::copy(
        fixture("lexicons/failing-examples.yaml"),
        s.path().join("team.yaml"),
    )
    .unwrap();
    let (code, out, _) = stdout_of(&s, &["test-lexicon", "team.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "FAIL team/hype: a bad example does not fire it\n       An amazing release.\n\
         FAIL team/hype: a good example fires it on “game-changing”\n       A game-changing release.\n\
         note: team/undocumented has no examples\n\
         team.yaml: 2 of 5 examples fail\n"
    );
    // Several lexicons: each tested alone; one failure fails the run.
    let (code, out, _) = stdout_of(&s, &["test-lexicon", "builtin:openai-on-aws", "team.yaml"]);
    assert_eq!(code, 1);
    assert!(out.starts_with(&format!(
        "builtin:openai-on-aws: all {} examples hold\n",
        builtin_examples()
    )));
}

#[test]
fn test_lexicon_refuses_an_invalid_lexicon() {
    let s = Scratch::new();
    s.write("bad.yaml", "lexicon: x\nrules:\n  - id: r\n    mesage: m\n");
    let (code, _, err) = stdout_of(&s, &["test-lexicon", "bad.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.yaml:4:5"), "{err}");
}

#[test]
fn explain_shows_a_review_note_with_its_rationale_and_negation() {
    let s = Scratch::new();
    let (code, out, _) = stdout_of(&s, &["explain", "implied-calling"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("openai-on-aws/implied-calling (note)\n"),
        "{out}"
    );
    assert!(
        out.contains("“{hand} ... (off|over) to [the ]<openai>”"),
        "{out}"
    );
    assert!(
        out.contains("\nWhy\n  The memo bans saying SRE \"calls on\""),
        "{out}"
    );
    assert!(
        out.contains("Not when negated: a phrase does not count"),
        "{out}"
    );
    let (_, out, _) = stdout_of(&s, &["explain", "frontier-availability"]);
    assert!(
        out.contains("Not when negated: a term of `availability` does not count when a negation cue is one\n  of the 4 words right before it"),
        "{out}"
    );
    assert!(out.contains("“*n't”"), "{out}");
}
