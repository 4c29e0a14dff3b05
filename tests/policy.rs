//! POLICY.md, rule by rule: what the built-in lexicon must and must not report.
//!
//! Each case is one sentence (or a short document) and the exact spans expected, written
//! as `[[span]]` the way the labelled sets are.

use copylint::lexicon::{Engine, LexiconSource, compile};
use copylint::{DocumentKind, check_text};

fn engine() -> Engine {
    compile(&[LexiconSource::builtin("openai-on-aws").unwrap()]).unwrap()
}

/// Checks `marked` (with `[[` `]]` around each expected span) as Markdown and asserts that
/// the findings are exactly those spans, with the given rules.
fn expect(engine: &Engine, marked: &str, rules: &[&str]) {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find("[[") {
        text.push_str(&rest[..open]);
        let close = rest[open..].find("]]").expect("unclosed [[") + open;
        let start = text.len();
        text.push_str(&rest[open + 2..close]);
        spans.push(start..text.len());
        rest = &rest[close + 2..];
    }
    text.push_str(rest);
    let findings = check_text(engine, DocumentKind::Markdown, &text);
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| {
            (
                engine.rules[f.rule].local_id.as_str(),
                &text[f.span.clone()],
            )
        })
        .collect();
    let want: Vec<(&str, &str)> = spans
        .iter()
        .zip(rules)
        .map(|(s, r)| (*r, &text[s.clone()]))
        .collect();
    assert_eq!(got, want, "in {marked:?}");
}

fn clean(engine: &Engine, text: &str) {
    expect(engine, text, &[]);
}

// Rule 1: access-wording.

#[test]
fn access_verb_phrases_are_one_span() {
    let e = engine();
    for verb in [
        "enables",
        "enabled",
        "enabling",
        "enable",
        "provides",
        "provided",
        "gives",
        "gave",
        "given",
        "giving",
        "grants",
        "granted",
        "offers",
        "offered",
        "unlocks",
        "unlocking",
    ] {
        expect(
            &e,
            &format!("SRE [[{verb} access to]] ChatGPT."),
            &["access-wording"],
        );
    }
    expect(
        &e,
        "It [[enables\naccess]] for teams to GPT-5.",
        &["access-wording"],
    );
}

#[test]
fn any_form_of_access_fires_next_to_an_openai_term() {
    let e = engine();
    for word in ["access", "accesses", "accessed", "accessing", "accessible"] {
        expect(
            &e,
            &format!("Teams [[{word}]] GPT-4o daily."),
            &["access-wording"],
        );
    }
    expect(
        &e,
        "Developers can [[access]] OpenAI models with one role.",
        &["access-wording"],
    );
}

#[test]
fn access_without_an_openai_term_is_fine() {
    let e = engine();
    clean(&e, "IAM enables access to S3 buckets.");
    clean(
        &e,
        "Our team loves OpenAI. The new console enables access to every S3 bucket you own.",
    );
}

#[test]
fn allowed_access_phrases_suppress_what_they_overlap() {
    let e = engine();
    for ok in [
        "SRE gives agents access to your enterprise data and is powered by OpenAI.",
        "OpenAI agents get access to your data.",
        "OpenAI agents get access to company data and access to customer data.",
        "ChatGPT reads access to data stored on AWS.",
        "Access control for OpenAI features uses IAM.",
        "OpenAI features honour access controls, access management, access policies and access keys.",
        "Identity and access for ChatGPT users, with access logs and least-privilege access.",
    ] {
        clean(&e, ok);
    }
}

#[test]
fn access_matches_whole_words_only() {
    let e = engine();
    clean(&e, "Improved inaccessible-link detection for OpenAI docs.");
    clean(
        &e,
        "The OpenAI access_token parameter is removed."
            .replace("access_token", "`access_token`")
            .as_str(),
    );
}

// Rule 2: call-wording.

#[test]
fn call_phrases_fire_next_to_an_openai_term() {
    let e = engine();
    for phrase in [
        "calls on",
        "called on",
        "calling on",
        "call on",
        "calls into",
        "called into",
        "invokes",
        "invoked",
        "invoking",
        "makes calls to",
        "made calls to",
        "making calls to",
        "routes requests to",
        "routed requests to",
        "routing calls to",
    ] {
        expect(&e, &format!("SRE [[{phrase}]] ChatGPT."), &["call-wording"]);
    }
    // The span takes in what its rewrite must change: "No use of ChatGPT is made."
    expect(
        &e,
        "No [[API calls to ChatGPT are]] made.",
        &["call-wording"],
    );
    expect(&e, "No [[API call to]] GPT-5 is made.", &["call-wording"]);
}

#[test]
fn a_bare_call_never_fires() {
    let e = engine();
    clean(&e, "Happy to set up a call with our OpenAI specialists.");
    clean(&e, "Call us about ChatGPT Enterprise.");
    clean(&e, "Our team calls on customers every quarter.");
    clean(
        &e,
        "Fixed an issue where recalls on long OpenAI conversations were truncated.",
    );
}

// Rule 3: frontier-availability.

#[test]
fn a_model_an_aws_term_and_availability_in_one_sentence() {
    let e = engine();
    expect(
        &e,
        "[[GPT-5 is available on Amazon Bedrock]].",
        &["frontier-availability"],
    );
    expect(
        &e,
        "[[AWS now offers GPT-4.1]] to everyone.",
        &["frontier-availability"],
    );
    expect(
        &e,
        "You can [[bring OpenAI's most advanced models to AWS]].",
        &["frontier-availability"],
    );
    expect(
        &e,
        "[[ChatGPT Enterprise is now available to Bedrock]] customers.",
        &["frontier-availability"],
    );
    expect(
        &e,
        "The [[Sora and GPT-4.1 models are now on AWS]], e.g. for video.",
        &["frontier-availability"],
    );
    expect(
        &e,
        "[[SageMaker hosts models from OpenAI]].",
        &["frontier-availability"],
    );
    expect(
        &e,
        "Is [[OpenAI’s flagship model available on AWS]]?",
        &["frontier-availability"],
    );
}

#[test]
fn gpt_oss_and_the_bare_company_name_do_not_count_as_models() {
    let e = engine();
    clean(
        &e,
        "OpenAI's open-weight gpt-oss-120b and gpt-oss-20b are available on Amazon Bedrock today.",
    );
    clean(
        &e,
        "SRE is powered by OpenAI and runs on Amazon Bedrock, available in three regions.",
    );
}

#[test]
fn two_of_three_is_not_enough() {
    let e = engine();
    clean(&e, "GPT-5 is available in ChatGPT.");
    clean(
        &e,
        "Please do not promise model availability on AWS in proposals.",
    );
    clean(&e, "Can I use GPT-5 through SRE on AWS?");
}

// Sentence scope.

#[test]
fn rules_are_judged_within_one_sentence() {
    let e = engine();
    clean(&e, "We love ChatGPT. IAM enables access to buckets.");
    clean(&e, "GPT-5 is great! It is available on AWS.");
    expect(
        &e,
        "It is fast, e.g. [[GPT-4.1 is available on Bedrock]].",
        &["frontier-availability"],
    );
    expect(
        &e,
        "> \"SRE [[calls on]] ChatGPT.\"\n> — Early access customer\n",
        &["call-wording"],
    );
}

#[test]
fn sentences_never_cross_blocks() {
    let e = engine();
    clean(&e, "# GPT-5\n\nIAM enables access to buckets.\n");
    clean(&e, "- ChatGPT\n- enables access\n");
    clean(
        &e,
        "| ChatGPT | enables access |\n| --- | --- |\n| a | b |\n",
    );
}

#[test]
fn inline_markup_does_not_break_phrases() {
    let e = engine();
    expect(
        &e,
        "Do not say it *[[enables* access]] for OpenAI models.",
        &["access-wording"],
    );
    expect(&e, "SRE **[[calls on]]** ChatGPT.", &["call-wording"]);
    expect(
        &e,
        "SRE [[calls [on]]](http://x) ChatGPT.",
        &["call-wording"],
    );
}

#[test]
fn code_urls_comments_and_front_matter_are_not_prose() {
    let e = engine();
    clean(&e, "---\ntitle: SRE calls on ChatGPT\n---\n\nText.\n");
    clean(&e, "```\nSRE calls on ChatGPT\n```\n");
    clean(
        &e,
        "Use `calls on` with ChatGPT carefully? No: use `calls_on_chatgpt()` only in tests.\n",
    );
    clean(
        &e,
        "[Read this](https://example.com/sre-enables-access-to-chatgpt/) about ChatGPT.\n",
    );
    clean(&e, "<!-- SRE enables access to GPT-5 -->\n");
    clean(
        &e,
        "<script>const x = \"SRE enables access to ChatGPT\";</script>\n",
    );
    clean(&e, "<pre>SRE calls on ChatGPT</pre>\n");
}

#[test]
fn raw_html_text_is_prose() {
    let e = engine();
    expect(
        &e,
        "<p class=\"tagline\">\n  Every agent <strong>[[calls on]]</strong> ChatGPT.\n</p>\n",
        &["call-wording"],
    );
}

#[test]
fn typography_case_and_spacing_are_normalised() {
    let e = engine();
    expect(&e, "SRE [[CALLS\u{a0}ON]] CHATGPT.", &["call-wording"]);
    expect(
        &e,
        "[[GPT\u{2011}5 is available on AWS]].",
        &["frontier-availability"],
    );
    expect(
        &e,
        "Is [[OpenAI\u{2019}s latest model available on AWS]]?",
        &["frontier-availability"],
    );
    expect(&e, "SRE [[calls    on]] Open AI.", &["call-wording"]);
}

#[test]
fn the_allowed_descriptors_are_never_reported() {
    let e = engine();
    clean(
        &e,
        "SRE is powered by, enabled by, empowered by and integrated with OpenAI; it integrates with ChatGPT, integrating with GPT-5.",
    );
}

#[test]
fn every_example_in_the_builtin_lexicon_holds() {
    let e = engine();
    for rule in &e.rules {
        for bad in &rule.examples.bad {
            let findings = check_text(&e, DocumentKind::Text, bad);
            assert!(
                findings
                    .iter()
                    .any(|f| f.rule == e.find_rule(&rule.id).unwrap()),
                "{} should fire on {bad:?}",
                rule.id
            );
        }
        for good in &rule.examples.good {
            let findings = check_text(&e, DocumentKind::Text, good);
            assert!(
                findings.iter().all(|f| e.rules[f.rule].id != rule.id),
                "{} should not fire on {good:?}",
                rule.id
            );
        }
    }
}
