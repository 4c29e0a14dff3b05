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
    // No availability word, so no error; the wording still implies availability, which
    // is a review note.
    expect(
        &e,
        "Is [[GPT-5 through SRE on AWS]] yet?",
        &["implied-availability"],
    );
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

// Rule 3: a sentence that denies the claim does not make it.

#[test]
fn a_negation_before_the_availability_word_cancels_rule_3() {
    let e = engine();
    for denial in [
        "OpenAI's frontier models are not available on AWS.",
        "GPT-5 isn't offered on Bedrock.",
        "GPT-5 isn\u{2019}t offered on Bedrock.",
        "OpenAI models aren't hosted on SageMaker.",
        "GPT-4.1 won't be deployed to Amazon Bedrock.",
        "ChatGPT Enterprise is no longer available through AWS Marketplace.",
        "Sora will never be offered on AWS.",
        "GPT-5 is not yet generally available on AWS.",
        "No OpenAI model is hosted on AWS.",
        "Neither GPT-5 nor Sora is available on AWS.",
        "SageMaker does not host GPT-5, nor is it available on Bedrock.",
        "GPT-5 (not available on AWS) is OpenAI's flagship model.",
    ] {
        clean(&e, denial);
    }
}

#[test]
fn negation_counts_only_within_four_words_in_the_same_clause() {
    let e = engine();
    // Five words between the cue and the availability word: the claim stands.
    expect(
        &e,
        "There are no plans to make [[ChatGPT Enterprise available through AWS Marketplace]].",
        &["frontier-availability"],
    );
    // A comma, colon or dash ends the negation's reach.
    expect(
        &e,
        "No, [[GPT-5 is available on AWS]].",
        &["frontier-availability"],
    );
    expect(
        &e,
        "Don't wait: [[GPT-5 is now available on Amazon Bedrock]].",
        &["frontier-availability"],
    );
    expect(
        &e,
        "Not a preview \u{2014} [[GPT-5 is available on AWS]].",
        &["frontier-availability"],
    );
    // A negation after the availability word denies something else.
    expect(
        &e,
        "[[ChatGPT is hosted on Azure, not on AWS]].",
        &["frontier-availability"],
    );
}

#[test]
fn negation_idioms_that_assert_are_still_claims() {
    let e = engine();
    expect(
        &e,
        "Not only is [[GPT-5 available on AWS]], it is cheaper there.",
        &["frontier-availability"],
    );
    expect(
        &e,
        "It has never been easier to [[deploy GPT-5 on SageMaker]].",
        &["frontier-availability"],
    );
    expect(
        &e,
        "It couldn't be simpler to [[deploy GPT-5 on SageMaker]].",
        &["frontier-availability"],
    );
    expect(
        &e,
        "No matter which Region, [[GPT-5 is available on AWS]].",
        &["frontier-availability"],
    );
    expect(
        &e,
        "No other cloud [[offers GPT-5 the way AWS]] does.",
        &["frontier-availability"],
    );
}

#[test]
fn one_denied_and_one_made_claim_is_still_a_claim() {
    let e = engine();
    expect(
        &e,
        "[[GPT-5 is not available on Azure, but it is offered on Bedrock]].",
        &["frontier-availability"],
    );
}

#[test]
fn rules_1_and_2_fire_whatever_the_negation() {
    let e = engine();
    expect(&e, "SRE never [[calls on]] ChatGPT.", &["call-wording"]);
    expect(
        &e,
        "Your code cannot [[invoke]] OpenAI models through SRE.",
        &["call-wording"],
    );
    expect(
        &e,
        "SRE doesn't [[enable access to]] GPT-5.",
        &["access-wording"],
    );
}

// Term-set exceptions: GPT-2 and "OpenAI-compatible".

#[test]
fn gpt_2_is_open_weight_and_not_an_openai_term() {
    let e = engine();
    clean(
        &e,
        "GPT-2, BERT, and RoBERTa (Available in the SageMaker model parallelism library v1.7.0 and later)",
    );
    clean(
        &e,
        "Fine-tune GPT 2 on SageMaker; it is available in the hub.",
    );
    clean(&e, "Teams access GPT-2-xl weights from the model hub.");
    // Other GPT names in the same sentence still count.
    expect(
        &e,
        "GPT-2 and [[GPT-4o are available on AWS]].",
        &["frontier-availability"],
    );
    expect(
        &e,
        "Developers [[access]] GPT-20 daily.",
        &["access-wording"],
    );
}

#[test]
fn openai_compatible_names_an_api_format_not_openai() {
    let e = engine();
    clean(
        &e,
        "Amazon Bedrock exposes an OpenAI-compatible endpoint that you access with IAM credentials.",
    );
    clean(&e, "OpenAI compatible clients can invoke Bedrock models.");
    clean(
        &e,
        "Bedrock's OpenAI API-compatible endpoint is accessible from your VPC.",
    );
    // OpenAI itself, named in the same sentence, still counts.
    expect(
        &e,
        "The OpenAI-compatible endpoint lets you [[access]] OpenAI models.",
        &["access-wording"],
    );
}

// Rule 1: security vocabulary and citations.

#[test]
fn access_tokens_and_citation_dates_are_allowed() {
    let e = engine();
    for ok in [
        "Store your OpenAI API access token in AWS Secrets Manager.",
        "Access tokens for Azure OpenAI live in a different vault.",
        "OpenAI computer-use-preview, accessed November 2025.",
        "OpenAI, \"Chat Completions API reference\", accessed 2025-11-03.",
        "OpenAI model card, accessed on 3 March 2026.",
        "ChatGPT release notes, accessed on the 3rd of March 2026.",
        "ChatGPT release notes, accessed Nov. 3, 2025.",
        "GPT-5 system card (accessed 12 January 2026).",
    ] {
        clean(&e, ok);
    }
}

#[test]
fn accessed_without_a_date_still_fires() {
    let e = engine();
    expect(
        &e,
        "Customers [[accessed]] 3 OpenAI models last week.",
        &["access-wording"],
    );
    expect(&e, "ChatGPT can be [[accessed]] 24/7.", &["access-wording"]);
    expect(
        &e,
        "We [[accessed]] 2025 reports with ChatGPT.",
        &["access-wording"],
    );
    expect(
        &e,
        "Teams [[accessed]] marketing data through ChatGPT.",
        &["access-wording"],
    );
}

// Sentence scope: inline bullets.

#[test]
fn an_inline_bullet_ends_a_sentence() {
    let e = engine();
    clean(
        &e,
        "\u{2022} GPT-5 roadmap \u{2022} IAM enables access to S3",
    );
    clean(
        &e,
        "Agenda \u{25aa} ChatGPT tips \u{25e6} AgentCore is generally available on AWS",
    );
    expect(
        &e,
        "\u{2022} AgentCore is generally available \u{2022} [[GPT-5.5 from OpenAI is generally available on Amazon Bedrock]] \u{2022} S3 Vectors pricing",
        &["frontier-availability"],
    );
}

// Review notes: the memo's intent without its words.

#[test]
fn notes_report_implied_access_calling_and_availability() {
    let e = engine();
    expect(
        &e,
        "Your agents [[tap into GPT-5]] on demand.",
        &["implied-access"],
    );
    expect(
        &e,
        "[[Connect your whole team to ChatGPT]] through SRE.",
        &["implied-access"],
    );
    expect(
        &e,
        "SRE [[hands the hard tasks off to GPT-5]].",
        &["implied-calling"],
    );
    expect(
        &e,
        "Your Bedrock agents [[lean on OpenAI]] for every request.",
        &["implied-calling"],
    );
    expect(
        &e,
        "[[ChatGPT is now part of Amazon Bedrock]].",
        &["implied-availability"],
    );
    expect(
        &e,
        "[[GPT-4.1, right inside your Bedrock]] console.",
        &["implied-availability"],
    );
    let findings = check_text(
        &e,
        DocumentKind::Text,
        "Your agents tap into GPT-5 on demand.",
    );
    assert_eq!(findings[0].severity, copylint::lexicon::Severity::Note);
}

#[test]
fn notes_need_the_openai_name_close_to_the_cue() {
    let e = engine();
    clean(
        &e,
        "Unlike ChatGPT, which runs on OpenAI's own infrastructure, SRE runs entirely in your AWS account.",
    );
    clean(&e, "Tap into your AWS data with agents powered by OpenAI.");
    clean(&e, "Connect with our OpenAI specialists at the AWS Summit.");
    clean(
        &e,
        "Ask your AWS account team about SRE, powered by OpenAI.",
    );
    // Availability needs an OpenAI model, not the company.
    clean(
        &e,
        "SRE, enabled by OpenAI, keeps agent state inside your AWS account.",
    );
    // The approved descriptors name the model; they do not offer it.
    clean(
        &e,
        "SRE integrates with OpenAI models through Amazon Bedrock.",
    );
}

#[test]
fn a_negation_cancels_a_note() {
    let e = engine();
    clean(&e, "GPT-5 is not part of Amazon Bedrock.");
    clean(&e, "You can't tap into GPT-5 from Amazon Bedrock.");
    clean(&e, "SRE never hands customer data off to OpenAI.");
    // A negation inside the words a gap covers: "Bedrock includes no GPT model".
    clean(&e, "Amazon Bedrock includes no GPT-5 models.");
    // An asserting idiom does not cancel it.
    expect(
        &e,
        "Not only is [[GPT-5.5 on Bedrock]], it also supports the Responses API.",
        &["implied-availability"],
    );
}

#[test]
fn a_note_is_dropped_where_an_error_covers_the_same_words_and_no_error_changes() {
    let e = engine();
    // The error already asks for a rewrite of these words.
    expect(&e, "SRE [[routes requests to]] OpenAI.", &["call-wording"]);
    expect(
        &e,
        "[[GPT-5 is available on Amazon Bedrock]].",
        &["frontier-availability"],
    );
    // An error elsewhere in the sentence leaves the note.
    expect(
        &e,
        "Teams [[invoke]] [[GPT-5 from Lambda functions through the Bedrock]] runtime.",
        &["call-wording", "implied-availability"],
    );
    // Turning the error off does not hide the note it covered.
    let mut quiet = engine();
    let rule = quiet.find_rule("call-wording").unwrap();
    quiet.set_severity(rule, None);
    let findings = check_text(&quiet, DocumentKind::Text, "SRE routes requests to OpenAI.");
    assert_eq!(findings.len(), 1);
    assert_eq!(quiet.rules[findings[0].rule].local_id, "implied-calling");
}
