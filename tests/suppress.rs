//! Inline suppressions: `<!-- copylint-disable... -->` comments (and plain-text lines)
//! silence findings with a reason; suppressed findings stay in the JSON report, marked.

mod common;

use common::{Scratch, check_json};
use serde_json::Value;

const ACCESS: &str = "openai-on-aws/access-wording";
const CALL: &str = "openai-on-aws/call-wording";
const UNUSED: &str = "copylint/unused-suppression";
const MISSING_REASON: &str = "copylint/missing-reason";

/// (rule, line, suppressed reason or "-" when suppressed without one, or "" when not suppressed).
fn summary_of(json: &Value) -> Vec<(String, u64, String)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let suppressed = match &d["suppressed"] {
                Value::Null => String::new(),
                s => {
                    assert_eq!(s["kind"], "inline");
                    s["reason"].as_str().unwrap_or("-").to_string()
                }
            };
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                suppressed,
            )
        })
        .collect()
}

fn t(rule: &str, line: u64, suppressed: &str) -> (String, u64, String) {
    (rule.to_string(), line, suppressed.to_string())
}

#[test]
fn disable_next_line_with_a_reason_keeps_the_finding_in_json_as_suppressed() {
    let s = Scratch::new();
    s.write(
        "page.md",
        "# Launch\n\n<!-- copylint-disable-next-line access-wording -- approved by legal, LEGAL-123 -->\nSRE enables access to ChatGPT for every team.\n",
    );
    let (json, code) = check_json(s.path(), &[]);
    assert_eq!(code, 0, "a suppressed error does not fail the run");
    assert_eq!(
        summary_of(&json),
        [t(ACCESS, 4, "approved by legal, LEGAL-123")]
    );
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(json["summary"]["suppressed"], 1);

    // People do not see it; the summary says it is there.
    let out = s.cmd(&["check"]).output().unwrap();
    let human = String::from_utf8(out.stdout).unwrap();
    assert!(!human.contains("access-wording"), "{human}");
    assert!(
        human.contains("checked 1 file: 0 errors, 0 warnings, 0 notes (1 suppressed)"),
        "{human}"
    );
}

#[test]
fn disable_next_line_covers_only_the_next_line() {
    let s = Scratch::new();
    s.write(
        "page.md",
        "<!-- copylint-disable-next-line -->\nSRE calls on ChatGPT.\nSRE calls on ChatGPT.\n",
    );
    let (json, code) = check_json(s.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(summary_of(&json), [t(CALL, 2, "-"), t(CALL, 3, "")]);
}

#[test]
fn disable_and_enable_bracket_a_region_and_no_rule_means_every_rule() {
    let s = Scratch::new();
    s.write(
        "page.md",
        "SRE calls on ChatGPT.\n\n<!-- copylint-disable -->\n\nSRE calls on ChatGPT and enables access to GPT-5.\n\n<!-- copylint-enable -->\n\nSRE calls on ChatGPT.\n",
    );
    let (json, _) = check_json(s.path(), &[]);
    assert_eq!(
        summary_of(&json),
        [
            t(CALL, 1, ""),
            t(CALL, 5, "-"),
            t(ACCESS, 5, "-"),
            t(CALL, 9, "")
        ]
    );
}

#[test]
fn a_disable_without_enable_runs_to_the_end_and_names_only_its_rules() {
    let s = Scratch::new();
    s.write(
        "page.md",
        "<!-- copylint-disable openai-on-aws/call-wording -- legacy page, rewrite tracked in DOC-9 -->\n\nSRE calls on ChatGPT.\n\nIt enables access to GPT-5.\n",
    );
    let (json, _) = check_json(s.path(), &[]);
    assert_eq!(
        summary_of(&json),
        [
            t(CALL, 3, "legacy page, rewrite tracked in DOC-9"),
            t(ACCESS, 5, "")
        ]
    );
}

#[test]
fn enable_with_a_rule_re_enables_only_that_rule() {
    let s = Scratch::new();
    s.write(
        "page.md",
        "<!-- copylint-disable -->\n<!-- copylint-enable call-wording -->\nSRE calls on ChatGPT and enables access to GPT-5.\n",
    );
    let (json, _) = check_json(s.path(), &[]);
    assert_eq!(summary_of(&json), [t(CALL, 3, ""), t(ACCESS, 3, "-")]);
}

#[test]
fn a_suppression_that_suppresses_nothing_is_a_note_even_where_the_prefilter_skips() {
    let s = Scratch::new();
    // No OpenAI term anywhere: the prefilter rules the file out, yet the note is reported.
    s.write(
        "clean.md",
        "<!-- copylint-disable-next-line call-wording -- was needed once -->\nOur team calls on customers.\n",
    );
    let (json, code) = check_json(s.path(), &[]);
    assert_eq!(code, 0, "notes do not fail the run by default");
    assert_eq!(summary_of(&json), [t(UNUSED, 1, "")]);
    let d = &json["diagnostics"][0];
    assert_eq!(d["severity"], "note");
    assert_eq!(
        d["message"],
        "this `copylint-disable-next-line` suppresses nothing: no `call-wording` finding on the next line"
    );
    assert_eq!(json["summary"]["notes"], 1);
    s.cmd(&["check", "--fail-on", "note"]).assert().code(1);
}

#[test]
fn unknown_rules_and_directives_are_reported_with_a_hint() {
    let s = Scratch::new();
    s.write(
        "page.md",
        "<!-- copylint-disable-next-line acess-wording -->\nSRE enables access to ChatGPT.\n\n<!-- copylint-disabel -->\n\n<!-- copylint-enable -->\n",
    );
    let (json, _) = check_json(s.path(), &[]);
    let messages: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == UNUSED)
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "`acess-wording` is not a rule of the active lexicons (did you mean `access-wording`?)",
            "unknown directive `copylint-disabel`; did you mean `copylint-disable`?",
            "this `copylint-enable` has no `copylint-disable` before it to end",
        ]
    );
    // The misspelt rule suppressed nothing.
    assert_eq!(json["summary"]["errors"], 1);
}

#[test]
fn a_suppression_naming_a_rule_of_an_unloaded_pack_says_how_to_load_it() {
    let s = Scratch::new();
    s.write(
        "page.md",
        "<!-- copylint-disable-next-line access-wording -- legal -->\nOur service is HIPAA certified.\n",
    );
    let args = ["--no-default-lexicon", "--lexicon", "builtin:cloud-claims"];
    let (json, _) = check_json(s.path(), &args);
    let messages: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == UNUSED)
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 1, "{json}");
    assert!(
        messages[0].contains("`--lexicon builtin:openai-on-aws`"),
        "{}",
        messages[0]
    );
    assert!(!messages[0].contains("soc-wording"), "{}", messages[0]);
}

#[test]
fn directives_inside_code_do_not_apply() {
    let s = Scratch::new();
    s.write(
        "page.md",
        "```markdown\n<!-- copylint-disable -->\n```\n\nUse `<!-- copylint-disable -->` to silence it.\n\nSRE calls on ChatGPT.\n",
    );
    let (json, code) = check_json(s.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(summary_of(&json), [t(CALL, 7, "")]);
}

#[test]
fn plain_text_uses_directive_lines() {
    let s = Scratch::new();
    s.write(
        "email.txt",
        "Hi,\n\ncopylint-disable-next-line openai-on-aws/call-wording -- quoting the customer, ChatGPT wording\nSRE calls on ChatGPT, they wrote.\n\ncopylint-disable\nIt enables access to GPT-5.\ncopylint-enable\nSRE calls on ChatGPT.\n",
    );
    let (json, _) = check_json(s.path(), &[]);
    assert_eq!(
        summary_of(&json),
        [
            t(CALL, 4, "quoting the customer, ChatGPT wording"),
            t(ACCESS, 7, "-"),
            t(CALL, 9, "")
        ],
        "the directive lines themselves are not prose"
    );
}

#[test]
fn html_comments_work_in_html_files() {
    let s = Scratch::new();
    s.write(
        "page.html",
        "<p>\n<!-- copylint-disable-next-line call-wording -- approved -->\nSRE calls on ChatGPT.</p>\n<script>// <!-- copylint-disable --></script><p>SRE calls on ChatGPT.</p>\n",
    );
    let (json, _) = check_json(s.path(), &[]);
    assert_eq!(summary_of(&json), [t(CALL, 3, "approved"), t(CALL, 4, "")]);
}

#[test]
fn require_reason_makes_a_suppression_without_reason_an_error() {
    let s = Scratch::new();
    s.write(".copylint.yaml", "require-reason: true\n");
    s.write(
        "page.md",
        "<!-- copylint-disable-next-line call-wording -->\nSRE calls on ChatGPT.\n\n<!-- copylint-disable-next-line call-wording -- approved, LEGAL-1 -->\nSRE calls on ChatGPT.\n",
    );
    let (json, code) = check_json(s.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        summary_of(&json),
        [
            t(MISSING_REASON, 1, ""),
            t(CALL, 2, "-"),
            t(CALL, 5, "approved, LEGAL-1")
        ]
    );
    assert_eq!(json["diagnostics"][0]["severity"], "error");
    // Without the setting, a suppression needs no reason.
    std::fs::remove_file(s.path().join(".copylint.yaml")).unwrap();
    let (_, code) = check_json(s.path(), &[]);
    assert_eq!(code, 0);
}

#[test]
fn unused_suppression_notes_can_be_turned_off_in_the_config() {
    let s = Scratch::new();
    s.write(
        ".copylint.yaml",
        "rules:\n  copylint/unused-suppression: off\n",
    );
    s.write("page.md", "<!-- copylint-disable -->\nNothing to see.\n");
    let (json, _) = check_json(s.path(), &[]);
    assert_eq!(summary_of(&json), []);
}
