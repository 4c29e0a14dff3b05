//! Rewrites a copy editor would accept, and "safe" only when they are (issue 14).
//!
//! Each case is a sentence with one access or call finding, the sentence after its first
//! suggestion is applied (or `None`: no rewrite fits, and a `help` line says how to
//! rephrase), and whether `--fix` may apply it. The cases are grouped by what the rewrite
//! must get right; the last test is a property: every safe fix, applied, leaves a
//! sentence with nothing to report.

use copylint::fix;
use copylint::lexicon::{Applicability, Engine, LexiconSource, compile};
use copylint::{Checker, DocumentKind, check_text};
use proptest::prelude::*;

fn engine() -> Engine {
    compile(&[LexiconSource::builtin("openai-on-aws").unwrap()]).unwrap()
}

/// What the first suggestion does to `text`: the rewritten text and whether it is safe,
/// or `None` and the help line.
fn rewrite(engine: &Engine, text: &str) -> Result<(String, bool), String> {
    let findings: Vec<_> = check_text(engine, DocumentKind::Markdown, text)
        .into_iter()
        .filter(|f| {
            let id = engine.rules[f.rule].local_id.as_str();
            id == "access-wording" || id == "call-wording"
        })
        .collect();
    assert_eq!(findings.len(), 1, "one finding expected in {text:?}");
    let f = &findings[0];
    match f.suggestions.first() {
        Some(s) => {
            let mut out = text.to_string();
            out.replace_range(f.span.clone(), &s.replacement);
            assert!(f.help.is_none(), "a rewrite and a help line for {text:?}");
            Ok((out, s.applicability == Applicability::Safe))
        }
        None => Err(f.help.clone().unwrap_or_default()),
    }
}

const SAFE: bool = true;
const UNSAFE: bool = false;

/// Asserts each `(sentence, rewritten, safe)`.
fn cases(list: &[(&str, &str, bool)]) {
    let engine = engine();
    for &(text, want, safe) in list {
        match rewrite(&engine, text) {
            Ok((got, got_safe)) => {
                assert_eq!(got, want, "rewriting {text:?}");
                assert_eq!(got_safe, safe, "safety of {text:?} → {got:?}");
            }
            Err(help) => panic!("no rewrite for {text:?} (help: {help})"),
        }
    }
}

/// Asserts that each sentence gets no rewrite but a help line containing `why`.
fn declined(list: &[(&str, &str)]) {
    let engine = engine();
    for &(text, why) in list {
        match rewrite(&engine, text) {
            Ok((got, _)) => panic!("{text:?} should get no rewrite, got {got:?}"),
            Err(help) => {
                assert!(help.starts_with("no rewrite offered: "), "{help}");
                assert!(
                    help.contains(why),
                    "help for {text:?} lacks {why:?}: {help}"
                );
            }
        }
    }
}

#[test]
fn the_subject_decides_between_integrating_using_and_permitting() {
    cases(&[
        // A product integrates with OpenAI.
        (
            "Our support copilot enables access to GPT-4.1 for every agent on the floor.",
            "Our support copilot integrates with GPT-4.1 for every agent on the floor.",
            SAFE,
        ),
        (
            "The Bedrock console provides access to ChatGPT Enterprise out of the box.",
            "The Bedrock console integrates with ChatGPT Enterprise out of the box.",
            SAFE,
        ),
        // People who grant access approve its use; people who enable it turn it on.
        (
            "Our IT department granted access to GPT-5 last week.",
            "Our IT department approved use of GPT-5 last week.",
            UNSAFE,
        ),
        (
            "Admins enable access to GPT-5 for each business unit.",
            "Admins enable GPT-5 for each business unit.",
            UNSAFE,
        ),
        // People who are given access may use it.
        (
            "Contractors are given access to ChatGPT Enterprise for 90 days.",
            "Contractors are allowed to use ChatGPT Enterprise for 90 days.",
            UNSAFE,
        ),
        // An action or a plan lets you use it (or unlocks it).
        (
            "Switching to the annual plan unlocks access to Sora.",
            "Switching to the annual plan lets you use Sora.",
            UNSAFE,
        ),
        (
            "The Team plan provides access to GPT-4o.",
            "The Team plan lets you use GPT-4o.",
            UNSAFE,
        ),
        // "Calling on" people asks them.
        (
            "During the keynote, Marcus called on the audience to try ChatGPT.",
            "During the keynote, Marcus asked the audience to try ChatGPT.",
            UNSAFE,
        ),
        (
            "Customers call on us to integrate ChatGPT with their CRM.",
            "Customers ask us to integrate ChatGPT with their CRM.",
            UNSAFE,
        ),
        // People use what they call on, like products do.
        (
            "Sales engineers regularly call on GPT-4.1 for demo scripts.",
            "Sales engineers regularly use GPT-4.1 for demo scripts.",
            SAFE,
        ),
        // The subject of a relative clause, of "and", of a gerund clause.
        (
            "SRE, which calls on GPT-5 for planning, runs on Bedrock.",
            "SRE, which uses GPT-5 for planning, runs on Bedrock.",
            SAFE,
        ),
        (
            "SRE is fast and provides access to GPT-4o.",
            "SRE is fast and integrates with GPT-4o.",
            SAFE,
        ),
        (
            "By providing access to Codex, SRE shortens code reviews.",
            "By integrating with Codex, SRE shortens code reviews.",
            UNSAFE,
        ),
    ]);
    // A name copylint cannot place (a person? a product?) gets no giving rewrite.
    declined(&[(
        "Legal granted access to ChatGPT last spring.",
        "does not recognise",
    )]);
}

#[test]
fn uses_that_happen_and_recur_are_uses_not_integrations() {
    cases(&[
        (
            "SRE enables access to GPT-5 each time a plan stalls.",
            "SRE uses GPT-5 each time a plan stalls.",
            SAFE,
        ),
        (
            "The plugin gives access to Codex whenever you open a file.",
            "The plugin uses Codex whenever you open a file.",
            SAFE,
        ),
        (
            "Our chatbot offers access to GPT-4.1 in every conversation.",
            "Our chatbot uses GPT-4.1 in every conversation.",
            SAFE,
        ),
        (
            "Over the weekend, the crawler called on GPT-4o 50,000 times.",
            "Over the weekend, the crawler used GPT-4o 50,000 times.",
            SAFE,
        ),
        (
            "The agent calls into GPT-4o per request.",
            "The agent uses GPT-4o per request.",
            SAFE,
        ),
        (
            "The app makes calls to the ChatGPT API whenever a user asks a question.",
            "The app uses the ChatGPT API whenever a user asks a question.",
            SAFE,
        ),
        (
            "Codex is called on by the CI pipeline for each pull request.",
            "Codex is used by the CI pipeline for each pull request.",
            SAFE,
        ),
        // A standing connection stays an integration.
        (
            "Last quarter, the copilot provided access to ChatGPT for the legal team.",
            "Last quarter, the copilot integrated with ChatGPT for the legal team.",
            SAFE,
        ),
    ]);
}

#[test]
fn access_as_a_noun_becomes_use_of_or_is_left_to_a_person() {
    cases(&[
        (
            "Access to GPT-4o is billed per token.",
            "Use of GPT-4o is billed per token.",
            SAFE,
        ),
        (
            "Every seat includes access to ChatGPT Enterprise.",
            "Every seat includes use of ChatGPT Enterprise.",
            UNSAFE,
        ),
        (
            "Pricing for access to Sora starts at $20 per month.",
            "Pricing for use of Sora starts at $20 per month.",
            UNSAFE,
        ),
        (
            "- Private access to GPT-4o from your own VPC",
            "- Private use of GPT-4o from your own VPC",
            UNSAFE,
        ),
        (
            "GPT-5 access is included with every Business seat.",
            "GPT-5 use is included with every Business seat.",
            UNSAFE,
        ),
        // Having, getting and needing access: being able to use it.
        (
            "Developers have access to Codex in every workspace.",
            "Developers can use Codex in every workspace.",
            UNSAFE,
        ),
        (
            "Soon every analyst will have access to GPT-5.",
            "Soon every analyst will be able to use GPT-5.",
            UNSAFE,
        ),
        (
            "Register now to get access to Sora in your workspace.",
            "Register now to use Sora in your workspace.",
            UNSAFE,
        ),
        (
            "Through SRE, customers gain access to GPT-5.",
            "Through SRE, customers can use GPT-5.",
            UNSAFE,
        ),
        (
            "Teams need access to GPT-5 for code review.",
            "Teams need to use GPT-5 for code review.",
            UNSAFE,
        ),
    ]);
    declined(&[
        (
            "Managers can remove a user's access to ChatGPT Enterprise.",
            "permission",
        ),
        ("Your ChatGPT access expires after 30 days.", "permission"),
        (
            "Request access to Codex from your administrator.",
            "permission",
        ),
        (
            "Beta testers get early access to GPT-5 reasoning.",
            "“early access”",
        ),
        (
            "Teams with access to GPT-5 ship faster.",
            "does not recognise",
        ),
        (
            "Fast access to GPT-4.1 keeps agents responsive.",
            "does not recognise",
        ),
    ]);
}

#[test]
fn agreement_and_capitals_follow_the_new_words() {
    cases(&[
        (
            "API calls to Sora were throttled during the launch.",
            "Use of Sora was throttled during the launch.",
            UNSAFE,
        ),
        (
            "All API calls to GPT-4o are encrypted in transit.",
            "All use of GPT-4o is encrypted in transit.",
            UNSAFE,
        ),
        (
            "API calls to GPT-5 usually return in under a second.",
            "Use of GPT-5 usually returns in under a second.",
            UNSAFE,
        ),
        (
            "There are no API calls to ChatGPT in offline mode.",
            "There is no use of ChatGPT in offline mode.",
            UNSAFE,
        ),
        (
            "Each API call to Codex costs a fraction of a cent.",
            "Each use of Codex costs a fraction of a cent.",
            UNSAFE,
        ),
        // Plural subjects keep plural verbs; a shouted phrase stays shouted.
        (
            "These add-ins give access to GPT-4 in Word and Excel.",
            "These add-ins integrate with GPT-4 in Word and Excel.",
            SAFE,
        ),
        (
            "SRE NOW ENABLES ACCESS TO GPT-5",
            "SRE NOW INTEGRATES WITH GPT-5",
            SAFE,
        ),
        (
            "It was quick, and ENABLED ACCESS TO Sora.",
            "It was quick, and INTEGRATED WITH Sora.",
            SAFE,
        ),
        (
            "INVOKE GPT-5 FROM ANY AGENT",
            "USE GPT-5 FROM ANY AGENT",
            UNSAFE,
        ),
        // Title-case headings, and sentence-initial capitals.
        (
            "## How SRE Enables Access to GPT-5",
            "## How SRE Integrates with GPT-5",
            SAFE,
        ),
        // A short heading whose only long word is the phrase's.
        ("## How SRE Calls on GPT-5", "## How SRE Uses GPT-5", SAFE),
        (
            "# Calling Into Codex From Every Pipeline",
            "# Using Codex From Every Pipeline",
            SAFE,
        ),
        (
            "# Give Every Team Access to ChatGPT Enterprise",
            "# Let Every Team Use ChatGPT Enterprise",
            UNSAFE,
        ),
        (
            "Routing requests to GPT-4o from an API Gateway takes minutes.",
            "Using GPT-4o from an API Gateway takes minutes.",
            SAFE,
        ),
        (
            "- Makes calls to Codex for code review",
            "- Uses Codex for code review",
            SAFE,
        ),
    ]);
}

#[test]
fn a_complement_the_rewrite_would_leave_behind_means_no_rewrite() {
    declined(&[
        (
            "SRE offers access to GPT-4o to every customer in the region.",
            "says who gets it",
        ),
        (
            "The platform provides access to Codex to engineering teams.",
            "says who gets it",
        ),
        (
            "SRE provides access to GPT-4o exclusively to enterprise tenants.",
            "says who gets it",
        ),
    ]);
    // A "to" of purpose is no recipient.
    cases(&[(
        "SRE provides access to GPT-5 to draft replies.",
        "SRE integrates with GPT-5 to draft replies.",
        SAFE,
    )]);
}

#[test]
fn split_phrases_are_rewritten_whole() {
    cases(&[
        (
            "Give every agent access to GPT-5.1 in minutes.",
            "Let every agent use GPT-5.1 in minutes.",
            UNSAFE,
        ),
        (
            "SRE gives developers instant access to Codex.",
            "SRE lets developers use Codex instantly.",
            UNSAFE,
        ),
        (
            "The add-on grants each analyst access to GPT-4o.",
            "The add-on lets each analyst use GPT-4o.",
            UNSAFE,
        ),
        (
            "SRE offers teams secure access to OpenAI models.",
            "SRE lets teams use OpenAI models securely.",
            UNSAFE,
        ),
        (
            "Giving agents access to GPT-5 takes one setting.",
            "Letting agents use GPT-5 takes one setting.",
            UNSAFE,
        ),
        (
            "SRE can give any agent access to Codex.",
            "SRE can let any agent use Codex.",
            UNSAFE,
        ),
    ]);
    // An adjective is no one to give access to.
    declined(&[(
        "The SRE console offers one-click access to GPT-5.",
        "does not recognise",
    )]);
}

#[test]
fn modals_infinitives_and_auxiliaries_take_the_form_they_need() {
    cases(&[
        (
            "The copilot can now call on GPT-5 to draft replies.",
            "The copilot can now use GPT-5 to draft replies.",
            SAFE,
        ),
        (
            "You will be able to access Sora from the console.",
            "You will be able to use Sora from the console.",
            SAFE,
        ),
        (
            "To invoke GPT-5, add one line to your config.",
            "To use GPT-5, add one line to your config.",
            SAFE,
        ),
        (
            "SRE should never call on ChatGPT for personal data.",
            "SRE should never use ChatGPT for personal data.",
            SAFE,
        ),
        (
            "SRE has provided access to GPT-4o since launch.",
            "SRE has integrated with GPT-4o since launch.",
            SAFE,
        ),
        (
            "SRE has been calling on GPT-5 for months.",
            "SRE has been using GPT-5 for months.",
            SAFE,
        ),
        (
            "SRE is providing access to GPT-5 during the preview.",
            "SRE is integrating with GPT-5 during the preview.",
            SAFE,
        ),
        (
            "GPT-4o can be invoked from any SRE workflow.",
            "GPT-4o can be used from any SRE workflow.",
            SAFE,
        ),
        (
            "The plugin lets designers access DALL-E inside Figma.",
            "The plugin lets designers use DALL-E inside Figma.",
            SAFE,
        ),
        (
            "Our engineers access GPT-5 through a private endpoint.",
            "Our engineers use GPT-5 through a private endpoint.",
            SAFE,
        ),
        (
            "SRE is designed to enable access to GPT-5 for regulated workloads.",
            "SRE is designed to integrate with GPT-5 for regulated workloads.",
            UNSAFE,
        ),
        // Getting access after "will" is being able to use, not using.
        (
            "Teams will get access to GPT-5.1 next month.",
            "Teams will be able to use GPT-5.1 next month.",
            UNSAFE,
        ),
        (
            "You can get access to Codex from the console.",
            "You can use Codex from the console.",
            UNSAFE,
        ),
        // Imperatives are suggestions: the reader is the subject.
        (
            "Invoke Codex from your IDE with one shortcut.",
            "Use Codex from your IDE with one shortcut.",
            UNSAFE,
        ),
        (
            "Enable access to GPT-4o in two clicks.",
            "Enable GPT-4o in two clicks.",
            UNSAFE,
        ),
    ]);
}

#[test]
fn an_availability_claim_is_restated_only_when_it_is_a_plain_clause() {
    let engine = engine();
    let suggestion = |text: &str| {
        let findings = check_text(&engine, DocumentKind::Markdown, text);
        assert_eq!(findings.len(), 1, "{text}");
        let f = &findings[0];
        assert_eq!(
            engine.rules[f.rule].local_id, "frontier-availability",
            "{text}"
        );
        assert!(
            f.suggestions
                .iter()
                .all(|s| s.applicability == Applicability::Unsafe)
        );
        match f.suggestions.first() {
            Some(s) => {
                let mut out = text.to_string();
                out.replace_range(f.span.clone(), &s.replacement);
                Some(out)
            }
            None => {
                let help = f.help.as_deref().unwrap_or_default();
                assert!(help.contains("powered by"), "{help}");
                assert!(help.contains("says more than a restatement"), "{help}");
                None
            }
        }
    };
    assert_eq!(
        suggestion("GPT-5 is now available on Amazon Bedrock."),
        Some("SRE on Amazon Bedrock is powered by OpenAI.".into())
    );
    assert_eq!(
        suggestion("Amazon Bedrock now offers ChatGPT Enterprise."),
        Some("SRE on Amazon Bedrock is powered by OpenAI.".into())
    );
    assert_eq!(
        suggestion("Starting today, Sora is available in AWS Marketplace."),
        Some("Starting today, SRE on AWS Marketplace is powered by OpenAI.".into())
    );
    // Words the restatement would drop: a person says it.
    assert_eq!(
        suggestion("You can deploy GPT-4o on SageMaker today."),
        None
    );
    assert_eq!(
        suggestion("ChatGPT Enterprise is now available to Bedrock customers."),
        None
    );
}

#[test]
fn a_rewrite_that_reaches_past_the_phrase_keeps_the_markup_between_its_edits() {
    let engine = engine();
    let text = "SRE gives your **agents** direct access to [ChatGPT](https://x.y).\n";
    let findings = check_text(&engine, DocumentKind::Markdown, text);
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    let mut out = text.to_string();
    out.replace_range(f.span.clone(), &f.suggestions[0].replacement);
    assert_eq!(
        out,
        "SRE lets your **agents** use [ChatGPT](https://x.y) directly.\n"
    );
}

// The property: a safe fix leaves nothing to report in its sentence.

/// Sentences with one access or call phrase, in the shapes product copy uses.
fn sentence() -> impl Strategy<Value = String> {
    let subject = prop_oneof![
        Just("SRE"),
        Just("The copilot"),
        Just("Our assistant"),
        Just("Each agent"),
        Just("It"),
        Just("New hires"),
        Just("Analysts"),
        Just("Priya"),
        Just("Upgrading to Pro"),
        Just("The Pro tier"),
        Just("We"),
        Just(""),
    ];
    let aux = prop_oneof![
        Just(""),
        Just("can "),
        Just("will "),
        Just("now "),
        Just("has "),
        Just("is "),
        Just("was "),
        Just("should never "),
        Just("to "),
    ];
    let phrase = prop_oneof![
        Just("calls on"),
        Just("call on"),
        Just("called on"),
        Just("calling on"),
        Just("calls into"),
        Just("makes calls to"),
        Just("made calls to"),
        Just("routes requests to"),
        Just("invokes"),
        Just("invoke"),
        Just("invoked"),
        Just("enables access to"),
        Just("enable access to"),
        Just("enabled access to"),
        Just("provides access to"),
        Just("gives access to"),
        Just("given access to"),
        Just("grants access to"),
        Just("unlocks access to"),
        Just("offering access to"),
        Just("access"),
        Just("accesses"),
        Just("accessed"),
        Just("gives your team access to"),
        Just("gets access to"),
        Just("has access to"),
        Just("gives teams direct access to"),
    ];
    let object = prop_oneof![
        Just("GPT-5"),
        Just("ChatGPT Enterprise"),
        Just("the OpenAI API"),
        Just("Codex"),
        Just("OpenAI's models"),
        Just("our team to demo GPT-4.1"),
    ];
    let tail = prop_oneof![
        Just(""),
        Just(" for every request"),
        Just(" whenever a plan stalls"),
        Just(" 1,000 times"),
        Just(" to draft replies"),
        Just(" only to approved workloads"),
        Just(" for planning"),
        Just(" in every ticket"),
        Just(", and more"),
    ];
    let lead = prop_oneof![
        Just(""),
        Just("Access to "),
        Just("API calls to "),
        Just("Every API call to "),
    ];
    let case = 0..3u8;
    (lead, subject, aux, phrase, object, tail, case).prop_map(
        |(lead, subject, aux, phrase, object, tail, case)| {
            let body = if lead.is_empty() {
                format!("{subject} {aux}{phrase} {object}{tail}.")
            } else {
                format!("{lead}{object} is logged{tail}.")
            };
            let body = body.trim_start().to_string();
            let mut chars = body.chars();
            let body: String = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            match case {
                0 => body,
                1 => body.to_uppercase(),
                _ => format!("# {body}"),
            }
        },
    )
}

/// Checks the property on `text`; returns whether a safe fix was applied.
fn safe_fix_leaves_nothing(engine: &Engine, text: &str) -> Result<bool, String> {
    let mut checker = Checker::new(engine);
    let findings = checker.check(DocumentKind::Markdown, text);
    let safe = findings.len() == 1
        && findings[0]
            .suggestions
            .first()
            .is_some_and(|s| s.applicability == Applicability::Safe);
    if !safe {
        return Ok(false);
    }
    let fixed = fix::fix(&mut checker, DocumentKind::Markdown, text);
    if fixed.applied != 1 || !fixed.after.is_empty() {
        return Err(format!(
            "{text:?} → {:?} still has {:?}",
            fixed.text,
            fixed.after.iter().map(|f| &f.message).collect::<Vec<_>>()
        ));
    }
    Ok(true)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn every_safe_fix_leaves_a_sentence_with_no_finding(text in sentence()) {
        let engine = engine();
        if let Err(why) = safe_fix_leaves_nothing(&engine, &text) {
            prop_assert!(false, "{}", why);
        }
    }
}

#[test]
fn every_safe_fix_of_a_grid_of_shapes_leaves_no_finding() {
    // The same property on every combination of a smaller grid, so the safe shapes are
    // all exercised (the random sentences above reach the rest).
    let engine = engine();
    let subjects = [
        "SRE",
        "The copilot",
        "New hires",
        "Priya",
        "The Pro tier",
        "",
    ];
    let auxes = ["", "can ", "has ", "is ", "to "];
    let phrases = [
        "calls on",
        "called on",
        "calling on",
        "makes calls to",
        "invokes",
        "invoked",
        "enables access to",
        "enabled access to",
        "given access to",
        "grants access to",
        "unlocks access to",
        "access",
        "accesses",
        "gives your team access to",
    ];
    let objects = ["GPT-5", "the OpenAI API", "our team to demo GPT-4.1"];
    let tails = ["", " for every request", " only to approved workloads"];
    let mut applied = 0;
    for subject in subjects {
        for aux in auxes {
            for phrase in phrases {
                for object in objects {
                    for tail in tails {
                        let text = format!("{subject} {aux}{phrase} {object}{tail}.");
                        match safe_fix_leaves_nothing(&engine, text.trim_start()) {
                            Ok(fixed) => applied += usize::from(fixed),
                            Err(why) => panic!("{why}"),
                        }
                    }
                }
            }
        }
    }
    assert!(applied > 200, "only {applied} safe fixes in the grid");
}

/// Words of the phrases, their neighbours and characters that take more than one byte.
fn noisy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("access "),
        Just("Access to "),
        Just("to "),
        Just("calls on "),
        Just("API calls to "),
        Just("gives "),
        Just("give your team "),
        Just("are given "),
        Just("GPT-5"),
        Just("ChatGPT’s "),
        Just("OpenAI's "),
        Just("'é"),
        Just("’ß "),
        Just("İ "),
        Just("😀"),
        Just("\u{A0}"),
        Just("direct "),
        Just("early "),
        Just("every time "),
        Just("12,000 times"),
        Just("SRE "),
        Just("is available on Bedrock "),
        Just(", "),
        Just(". "),
        Just("**"),
        Just("[x](u) "),
        Just("\n"),
        Just("# "),
        Just("- "),
    ];
    proptest::collection::vec(piece, 0..30).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn rewrites_never_panic_and_replace_whole_characters(text in noisy_text()) {
        let engine = engine();
        for f in check_text(&engine, DocumentKind::Markdown, &text) {
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            prop_assert!(f.suggestions.is_empty() || f.help.is_none());
            for s in &f.suggestions {
                let mut out = text.clone();
                out.replace_range(f.span.clone(), &s.replacement);
            }
        }
    }
}

/// A lexicon's own phrase that holds its object ("eliminates downtime") is rewritten by
/// role, with no term after it: the README's lexicon example.
#[test]
fn a_phrase_that_holds_its_own_object_is_rewritten_by_role() {
    let text = r#"lexicon: widget
sets:
  product:
    terms: [Widget]
rules:
  - id: absolute-claims
    message: "avoid absolute claims such as “{matched}”"
    when: [product]
    banned:
      - phrases: ["{eliminate} downtime"]
        roles:
          verb: {suggest: ["{reduce} downtime"], fix: safe}
"#;
    let engine = compile(&[LexiconSource {
        origin: "widget.yaml".into(),
        text: text.into(),
    }])
    .unwrap();
    for (sentence, want) in [
        (
            "Widget eliminates downtime for every cluster.",
            "Widget reduces downtime for every cluster.",
        ),
        (
            "Eliminating downtime is what Widget does.",
            "Reducing downtime is what Widget does.",
        ),
    ] {
        let findings = check_text(&engine, DocumentKind::Markdown, sentence);
        assert_eq!(findings.len(), 1, "{sentence}");
        let f = &findings[0];
        let fix = f.suggestions.first().expect("a rewrite");
        assert_eq!(fix.applicability, Applicability::Safe, "{sentence}");
        let mut out = sentence.to_string();
        out.replace_range(f.span.clone(), &fix.replacement);
        assert_eq!(out, want);
    }
}
