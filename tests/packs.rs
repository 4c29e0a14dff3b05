//! The lexicon packs shipped in `lexicons/`: their examples hold, they load by name, and
//! the engine features they rely on (case-sensitive entries, inflected rewrites) work end
//! to end.

mod common;

use common::{Scratch, check_json, rules_and_matches};
use copylint::lexicon::{BUILTIN, Engine, LexiconSource, compile};
use copylint::{DocumentKind, check_text};

fn engine(names: &[&str]) -> Engine {
    let sources: Vec<LexiconSource> = names
        .iter()
        .map(|n| LexiconSource::builtin(n).unwrap())
        .collect();
    compile(&sources).unwrap()
}

/// (rule id, matched text, first suggestion) of each finding in `text`.
fn findings(e: &Engine, text: &str) -> Vec<(String, String, Option<String>)> {
    check_text(e, DocumentKind::Text, text)
        .into_iter()
        .map(|f| {
            (
                e.rules[f.rule].id.clone(),
                text[f.span].to_string(),
                f.suggestions.first().map(|s| s.replacement.clone()),
            )
        })
        .collect()
}

fn finding(
    rule: &str,
    matched: &str,
    suggestion: Option<&str>,
) -> (String, String, Option<String>) {
    (
        rule.to_string(),
        matched.to_string(),
        suggestion.map(str::to_string),
    )
}

/// Every example of every rule of `e` holds: bad ones fire the rule, good ones do not.
fn examples_hold(e: &Engine) {
    let mut seen = 0;
    // copylint's own rules (suppression notes) come with every engine and have no examples.
    for rule in e
        .rules
        .iter()
        .filter(|r| !e.is_tool_rule(e.find_rule(&r.id).unwrap()))
    {
        let id = e.find_rule(&rule.id).unwrap();
        for bad in &rule.examples.bad {
            let fired = check_text(e, DocumentKind::Text, bad);
            assert!(
                fired.iter().any(|f| f.rule == id),
                "{} should fire on {bad:?}",
                rule.id
            );
            seen += 1;
        }
        for good in &rule.examples.good {
            let fired = check_text(e, DocumentKind::Text, good);
            assert!(
                fired.iter().all(|f| f.rule != id),
                "{} should not fire on {good:?}",
                rule.id
            );
            seen += 1;
        }
        assert!(
            !rule.examples.bad.is_empty() && !rule.examples.good.is_empty(),
            "{} needs bad and good examples",
            rule.id
        );
    }
    assert!(seen > 0);
}

#[test]
fn every_example_in_every_builtin_lexicon_holds() {
    assert!(BUILTIN.len() >= 3);
    for (name, _) in BUILTIN {
        examples_hold(&engine(&[name]));
    }
    // Loaded together, as a user would, the packs do not change each other's verdicts.
    let all: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
    examples_hold(&engine(&all));
}

#[test]
fn packs_load_by_name_on_the_command_line() {
    let s = Scratch::new();
    s.write(
        "claims.md",
        "SRE is HIPAA compliant and offers 100% uptime.\n\nWe run on Amazon Sagemaker.\n",
    );
    let (json, code) = check_json(
        s.path(),
        &[
            "--lexicon",
            "builtin:cloud-claims",
            "--lexicon",
            "builtin:brand-names",
        ],
    );
    // Warnings only: the run passes unless asked to fail on warnings.
    assert_eq!(code, 0);
    assert_eq!(
        rules_and_matches(&json),
        [
            (
                "cloud-claims/hipaa-certification".to_string(),
                "HIPAA compliant".to_string()
            ),
            (
                "cloud-claims/uptime-claims".to_string(),
                "100% uptime".to_string()
            ),
            ("brand-names/aws-names".to_string(), "Sagemaker".to_string()),
        ]
    );
    assert!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"] == "warning")
    );
    s.cmd(&[
        "check",
        "--lexicon",
        "builtin:cloud-claims",
        "--fail-on",
        "warning",
    ])
    .assert()
    .code(1);
    // An unknown pack name is refused and the known ones are listed.
    s.cmd(&["check", "--lexicon", "builtin:cloud-claim"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cloud-claims"));
}

// brand-names: case-sensitive entries.

#[test]
fn case_sensitive_entries_fire_only_on_the_wrong_capitalisation() {
    let e = engine(&["brand-names"]);
    assert_eq!(
        findings(&e, "Train it in Amazon Sagemaker."),
        [finding(
            "brand-names/aws-names",
            "Sagemaker",
            Some("SageMaker")
        )]
    );
    for fine in [
        "Train it in Amazon SageMaker.",
        "Run pip install sagemaker first.",
        "SRE is powered by OpenAI and ChatGPT.",
        "See github.com/example and openai.com.",
        "The code is on GitHub; state lives in DynamoDB.",
    ] {
        assert_eq!(findings(&e, fine), [], "{fine:?}");
    }
    assert_eq!(
        findings(
            &e,
            "Built with Open AI, shipped on Github, stored in Dynamo DB."
        ),
        [
            finding("brand-names/openai-names", "Open AI", Some("OpenAI")),
            finding("brand-names/other-names", "Github", Some("GitHub")),
            finding("brand-names/aws-names", "Dynamo DB", Some("DynamoDB")),
        ]
    );
    // White space and typographic hyphens are normalised before the case is compared.
    assert_eq!(
        findings(&e, "We use Chat\u{2011}GPT and Open\n AI."),
        [
            finding(
                "brand-names/openai-names",
                "Chat\u{2011}GPT",
                Some("ChatGPT")
            ),
            finding("brand-names/openai-names", "Open\n AI", Some("OpenAI")),
        ]
    );
}

#[test]
fn case_sensitive_rewrites_are_exact_not_recased() {
    let e = engine(&["brand-names"]);
    // At the start of a sentence a case-insensitive rewrite would become "MacOS".
    assert_eq!(
        findings(&e, "MacOS instances run on EC2."),
        [finding("brand-names/other-names", "MacOS", Some("macOS"))]
    );
    // An all-capitals spelling would otherwise be rewritten in capitals.
    assert_eq!(
        findings(&e, "OPEN AI and CHAT GPT."),
        [
            finding("brand-names/openai-names", "OPEN AI", Some("OpenAI")),
            finding("brand-names/openai-names", "CHAT GPT", Some("ChatGPT")),
        ]
    );
    // Case-insensitive groups still take the capitalisation of what they replace.
    let memo = engine(&["openai-on-aws"]);
    let got = findings(
        &memo,
        "Enables access to ChatGPT. ENABLES ACCESS TO CHATGPT.",
    );
    assert_eq!(got[0].2.as_deref(), Some("Integrates with"));
    assert_eq!(got[1].2.as_deref(), Some("INTEGRATES WITH"));
}

#[test]
fn case_sensitive_sets_gate_rules_by_capitalisation() {
    let lexicon = LexiconSource {
        origin: "team.yaml".into(),
        text: r#"
lexicon: team
sets:
  product:
    terms: [SRE]
    case-sensitive: true
rules:
  - id: speed
    message: no speed claims about the product
    when: [product]
    banned:
      - phrases: [blazing fast]
"#
        .into(),
    };
    let e = compile(&[lexicon]).unwrap();
    assert_eq!(findings(&e, "SRE is blazing fast.").len(), 1);
    // "sre" in lower case is not the product, so the rule's context is missing.
    assert_eq!(findings(&e, "Our sre team is blazing fast."), []);
}

// cloud-claims: the decisions about false positives.

#[test]
fn guaranteed_fires_in_sla_guaranteed_but_not_in_negations() {
    let e = engine(&["cloud-claims"]);
    assert_eq!(
        findings(&e, "We offer SLA-guaranteed availability."),
        [finding(
            "cloud-claims/guarantee-wording",
            "SLA-guaranteed",
            Some("SLA-backed")
        )]
    );
    assert_eq!(
        findings(&e, "Guaranteed uptime for every agent."),
        [finding(
            "cloud-claims/guarantee-wording",
            "Guaranteed",
            Some("SLA-backed")
        )]
    );
    for fine in [
        "Results are not guaranteed.",
        "There is no guarantee of capacity.",
        "We can't guarantee delivery dates.",
        "Try it with our money-back guarantee.",
        "Availability is backed by an SLA.",
    ] {
        assert_eq!(findings(&e, fine), [], "{fine:?}");
    }
}

#[test]
fn compliance_claims_get_the_right_word() {
    let e = engine(&["cloud-claims"]);
    let cases = [
        (
            "SRE is HIPAA certified.",
            "cloud-claims/hipaa-certification",
            "HIPAA certified",
            Some("HIPAA eligible"),
        ),
        (
            "SRE is FedRAMP certified.",
            "cloud-claims/fedramp-wording",
            "FedRAMP certified",
            Some("FedRAMP authorized"),
        ),
        (
            "SRE is GDPR certified.",
            "cloud-claims/gdpr-certification",
            "GDPR certified",
            Some("designed to help you meet GDPR requirements"),
        ),
        (
            "SRE is PCI certified.",
            "cloud-claims/pci-wording",
            "PCI certified",
            Some("PCI DSS compliant"),
        ),
        (
            "SRE is SOC2 compliant.",
            "cloud-claims/soc-wording",
            "SOC2 compliant",
            Some("covered by a SOC report"),
        ),
        (
            "It uses military-grade encryption.",
            "cloud-claims/security-absolutes",
            "military-grade encryption",
            Some("AES-256 encryption"),
        ),
        (
            "SRE never goes down.",
            "cloud-claims/uptime-claims",
            "never goes down",
            None,
        ),
        (
            "Enjoy unlimited scale.",
            "cloud-claims/scale-absolutes",
            "unlimited scale",
            Some("automatic scaling"),
        ),
    ];
    for (text, rule, matched, suggestion) in cases {
        assert_eq!(
            findings(&e, text),
            [finding(rule, matched, suggestion)],
            "{text:?}"
        );
    }
    for fine in [
        "SRE is HIPAA eligible and FedRAMP authorized.",
        "SRE is PCI DSS compliant.",
        "Customers build HIPAA-compliant workloads on SRE.",
        "Zero-downtime deployments keep agents running.",
    ] {
        assert_eq!(findings(&e, fine), [], "{fine:?}");
    }
    // Warnings, never applied by --fix: a reviewer decides whether the claim is true.
    let e2 = engine(&["cloud-claims"]);
    for rule in e2
        .rules
        .iter()
        .filter(|r| r.id.starts_with("cloud-claims/"))
    {
        assert_eq!(rule.severity.as_str(), "warning", "{}", rule.id);
        assert!(!rule.has_safe_fix(), "{}", rule.id);
    }
}

// Inflection: one phrase written once covers every form, and the rewrite follows it.

#[test]
fn rewrites_take_the_form_of_the_matched_verb() {
    let s = Scratch::new();
    s.write(
        "forms.md",
        "SRE enables access to ChatGPT.\n\n\
         SRE is enabling access to ChatGPT.\n\n\
         SRE enabled access to ChatGPT.\n\n\
         SRE will enable access to ChatGPT.\n\n\
         Enabling access to ChatGPT is our goal.\n",
    );
    let (json, _) = check_json(s.path(), &["forms.md"]);
    let got: Vec<(String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["matched"].as_str().unwrap().to_string(),
                d["suggestions"][0].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("enables access to", "integrates with"),
        ("enabling access to", "integrating with"),
        ("enabled access to", "integrated with"),
        ("enable access to", "integrate with"),
        ("Enabling access to", "Integrating with"),
    ];
    assert_eq!(
        got,
        want.map(|(m, r)| (m.to_string(), r.to_string())),
        "{json:#}"
    );
}
