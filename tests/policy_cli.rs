//! Issue 18 end to end: the real binary on a deck that holds each kind of sentence the
//! policy changed for (denied claims, open-weight GPT-2, real-copy exemptions, inline
//! bullets and the review notes), so the built-in lexicon is pinned where users meet it.

mod common;
use common::{Scratch, check_json};

/// Checks `paragraphs` (one Markdown paragraph each) and returns, per paragraph, the
/// `severity rule` of each finding in it.
fn findings_per_paragraph(paragraphs: &[&str]) -> Vec<Vec<String>> {
    let s = Scratch::new();
    s.write("deck.md", paragraphs.join("\n\n") + "\n");
    let (json, _) = check_json(s.path(), &["deck.md"]);
    let mut out = vec![Vec::new(); paragraphs.len()];
    for d in json["diagnostics"].as_array().unwrap() {
        // Paragraph i sits on line 2i + 1.
        let line = d["line"].as_u64().unwrap() as usize;
        let rule = d["rule"]
            .as_str()
            .unwrap()
            .trim_start_matches("openai-on-aws/");
        out[(line - 1) / 2].push(format!("{} {rule}", d["severity"].as_str().unwrap()));
    }
    out
}

#[test]
fn a_denied_availability_claim_is_not_reported_but_banned_words_still_are() {
    let got = findings_per_paragraph(&[
        "OpenAI's frontier models are not available on AWS.",
        "GPT-5 isn't offered on Bedrock.",
        "GPT-5 is no longer hosted on SageMaker.",
        "ChatGPT will never be available on AWS.",
        "Neither Bedrock nor SageMaker offers GPT-5.",
        // Negations that do not govern the availability word.
        "Not only is GPT-5 available on AWS, it is cheaper there.",
        "It has never been easier to deploy GPT-5 on SageMaker.",
        // Rules 1 and 2 ban words, whatever the negation.
        "SRE never calls on ChatGPT.",
        "SRE doesn't enable access to GPT-5.",
    ]);
    let e = |r: &str| vec![format!("error {r}")];
    assert_eq!(
        got,
        [
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
            e("frontier-availability"),
            e("frontier-availability"),
            e("call-wording"),
            e("access-wording"),
        ]
    );
}

#[test]
fn open_weight_models_and_real_copy_vocabulary_are_not_reported() {
    let got = findings_per_paragraph(&[
        "Fine-tune GPT-2 on Amazon SageMaker; it is available in the model hub.",
        "Amazon Bedrock exposes OpenAI-compatible API calls that you access with IAM credentials.",
        "Store API access tokens for Azure OpenAI in AWS Secrets Manager.",
        "OpenAI computer-use-preview, accessed November 2025.",
        "• GPT-5 roadmap • AgentCore is generally available on AWS • S3 Vectors pricing",
        // The claim the memo forbids stays an error, in a bullet or not.
        "• AgentCore is generally available • GPT-5.5 is generally available on Amazon Bedrock",
    ]);
    assert_eq!(
        got,
        [
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
            vec!["error frontier-availability".to_string()],
        ]
    );
}

#[test]
fn paraphrases_of_the_banned_claims_get_review_notes_and_do_not_fail_the_run() {
    let s = Scratch::new();
    s.write(
        "deck.md",
        "Your agents tap into GPT-5 on demand.\n\n\
         SRE hands hard tasks off to GPT-5.\n\n\
         GPT-5 usage is included in your AWS bill.\n\n\
         GPT-5 is not part of Amazon Bedrock.\n",
    );
    let (json, code) = check_json(s.path(), &["deck.md"]);
    assert_eq!(code, 0, "notes never fail the run by default");
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(json["summary"]["notes"], 3);
    let rules: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "openai-on-aws/implied-access",
            "openai-on-aws/implied-calling",
            "openai-on-aws/implied-availability",
        ]
    );
    s.cmd(&["check", "--fail-on", "note", "deck.md"])
        .assert()
        .code(1);
}
