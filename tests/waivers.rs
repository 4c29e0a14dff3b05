//! Waivers in `.copylint.yaml`: findings someone approved (a path glob, a rule, maybe a
//! sentence or a fingerprint, a reason, an approver, an expiry date) are kept in the JSON
//! output as suppressed (kind `waiver`); past its date a waiver stops applying and is
//! reported as a warning naming the approver.

mod common;

use common::{Scratch, check_json};
use serde_json::Value;

const ACCESS: &str = "openai-on-aws/access-wording";
const CALL: &str = "openai-on-aws/call-wording";

/// (path, rule, suppression kind or "") of each diagnostic.
fn findings(json: &Value) -> Vec<(String, String, String)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["suppressed"]["kind"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn f(path: &str, rule: &str, kind: &str) -> (String, String, String) {
    (path.to_string(), rule.to_string(), kind.to_string())
}

fn waiver(fields: &str) -> String {
    format!(
        "waivers:\n  - {}\n    reason: approved by legal, LEGAL-123\n    approved-by: Jane Doe\n    expires: 2026-12-31\n",
        fields.trim().replace('\n', "\n    ")
    )
}

fn tree() -> Scratch {
    let s = Scratch::new();
    s.write(
        "legal/approved.md",
        "SRE enables access to ChatGPT Enterprise for partners.\n\nSRE enables access to Codex.\n\nSRE calls on ChatGPT.\n",
    );
    s.write(
        "docs/page.md",
        "SRE enables access to ChatGPT Enterprise for partners.\n",
    );
    s
}

#[test]
fn a_waiver_covers_one_rule_in_the_files_its_glob_matches() {
    let s = tree();
    s.write(
        ".copylint.yaml",
        waiver("path: legal/\nrule: access-wording"),
    );
    let (json, code) = check_json(s.path(), &[]);
    assert_eq!(code, 1, "the findings it does not cover still fail the run");
    assert_eq!(
        findings(&json),
        [
            f("docs/page.md", ACCESS, ""),
            f("legal/approved.md", ACCESS, "waiver"),
            f("legal/approved.md", ACCESS, "waiver"),
            f("legal/approved.md", CALL, ""),
        ]
    );
    let waived = &json["diagnostics"][1]["suppressed"];
    assert_eq!(waived["reason"], "approved by legal, LEGAL-123");
    assert_eq!(waived["approved_by"], "Jane Doe");
    assert_eq!(waived["expires"], "2026-12-31");
    assert_eq!(json["summary"]["waived"], 2);
    assert_eq!(json["summary"]["suppressed"], 2);
    assert_eq!(json["summary"]["errors"], 2);
    assert_eq!(json["problems"], Value::Array(vec![]));
}

#[test]
fn a_waiver_can_be_limited_to_a_quoted_sentence() {
    let s = tree();
    // Case, white space and typographic quotes do not matter; part of the sentence will do.
    s.write(
        ".copylint.yaml",
        waiver("path: \"**/*.md\"\nrule: openai-on-aws/access-wording\nsentence: \"sre  ENABLES access to ChatGPT Enterprise\""),
    );
    let (json, _) = check_json(s.path(), &[]);
    assert_eq!(
        findings(&json),
        [
            f("docs/page.md", ACCESS, "waiver"),
            f("legal/approved.md", ACCESS, "waiver"),
            f("legal/approved.md", ACCESS, ""),
            f("legal/approved.md", CALL, ""),
        ]
    );
}

#[test]
fn a_waiver_can_be_limited_to_a_fingerprint_from_the_json_output() {
    let s = tree();
    let (json, _) = check_json(s.path(), &[]);
    let codex = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["sentence"] == "SRE enables access to Codex.")
        .unwrap()["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    s.write(
        ".copylint.yaml",
        waiver(&format!(
            "path: legal\nrule: access-wording\nfingerprint: {codex}"
        )),
    );
    let (json, _) = check_json(s.path(), &[]);
    assert_eq!(
        findings(&json),
        [
            f("docs/page.md", ACCESS, ""),
            f("legal/approved.md", ACCESS, ""),
            f("legal/approved.md", ACCESS, "waiver"),
            f("legal/approved.md", CALL, ""),
        ]
    );
}

#[test]
fn a_waiver_applies_through_its_last_day_and_then_warns_naming_the_approver() {
    let s = tree();
    s.write(
        ".copylint.yaml",
        waiver("path: legal/\nrule: access-wording"),
    );
    let on_the_day = s
        .cmd(&["check", "--format", "json"])
        .env("COPYLINT_TODAY", "2026-12-31")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&on_the_day.stdout).unwrap();
    assert_eq!(json["summary"]["waived"], 2);

    let after = s
        .cmd(&["check", "--format", "json"])
        .env("COPYLINT_TODAY", "2027-01-01")
        .output()
        .unwrap();
    assert_eq!(after.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&after.stdout).unwrap();
    assert_eq!(json["summary"]["waived"], 0);
    assert_eq!(json["summary"]["errors"], 4);
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["path"], ".copylint.yaml");
    assert_eq!(problems[0]["severity"], "warning");
    let message = problems[0]["message"].as_str().unwrap();
    assert_eq!(
        message,
        "waiver 1 (access-wording in `legal/`, approved by Jane Doe) is past its expiry date, 2026-12-31, and no longer applies; the 2 findings it covered are reported again: ask Jane Doe to renew it, or fix the wording"
    );
    let stderr = String::from_utf8(after.stderr).unwrap();
    assert!(stderr.contains(".copylint.yaml: waiver 1"), "{stderr}");
    assert!(stderr.contains("Jane Doe"), "{stderr}");
    assert_eq!(
        stderr.matches(".copylint.yaml:").count(),
        1,
        "once per run: {stderr}"
    );
}

#[test]
fn waiver_globs_are_relative_to_the_config_file() {
    let s = tree();
    // A repository: config files are looked for up to its root.
    s.write(".git/HEAD", "ref: refs/heads/main\n");
    s.write(
        ".copylint.yaml",
        waiver("path: /legal/approved.md\nrule: access-wording"),
    );
    // Run from a subfolder: the config file is found in the parent, globs stay anchored.
    let (json, _) = check_json(&s.path().join("legal"), &[]);
    assert_eq!(
        findings(&json),
        [
            f("approved.md", ACCESS, "waiver"),
            f("approved.md", ACCESS, "waiver"),
            f("approved.md", CALL, ""),
        ]
    );
}

/// Runs `copylint check` and returns (status, stderr).
fn refused(s: &Scratch) -> (i32, String) {
    let out = s.cmd(&["check"]).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn waiver_mistakes_are_refused_with_their_line_and_column() {
    let s = tree();
    s.write(
        ".copylint.yaml",
        waiver("path: legal/\nrule: access-wording\napprover: Bob"),
    );
    let (code, stderr) = refused(&s);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown field `approver`"), "{stderr}");
    assert!(stderr.contains(".copylint.yaml:4:5"), "{stderr}");

    s.write(
        ".copylint.yaml",
        waiver("path: legal/\nrule: acess-wording"),
    );
    let (code, stderr) = refused(&s);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no active lexicon has a rule `acess-wording`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `access-wording`?"),
        "{stderr}"
    );
    assert!(stderr.contains(".copylint.yaml:3:11"), "{stderr}");

    s.write(
        ".copylint.yaml",
        "waivers:\n  - path: legal/\n    rule: access-wording\n    reason: ok\n    approved-by: Jane\n    expires: 31/12/2026\n",
    );
    let (code, stderr) = refused(&s);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`expires: 31/12/2026` is not a date (YYYY-MM-DD)"),
        "{stderr}"
    );
    assert!(stderr.contains(".copylint.yaml:6:14"), "{stderr}");

    s.write(
        ".copylint.yaml",
        "waivers:\n  - path: legal/\n    rule: access-wording\n    reason: ok\n    expires: 2026-12-31\n",
    );
    let (code, stderr) = refused(&s);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing field `approved-by`"), "{stderr}");

    s.write(
        ".copylint.yaml",
        waiver("path: legal/\nrule: access-wording\nsentence: SRE\nfingerprint: 0123456789abcdef"),
    );
    let (code, stderr) = refused(&s);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`sentence` or `fingerprint`, not both"),
        "{stderr}"
    );
}

#[test]
fn fix_leaves_approved_wording_alone() {
    let s = Scratch::new();
    s.write(
        "a.md",
        "SRE enables access to ChatGPT Enterprise for partners.\n\nSRE enables access to Codex.\n",
    );
    s.write(
        ".copylint.yaml",
        waiver("path: a.md\nrule: access-wording\nsentence: ChatGPT Enterprise for partners"),
    );
    let diff = s.cmd(&["check", "--diff"]).output().unwrap();
    let diff = String::from_utf8(diff.stdout).unwrap();
    assert!(diff.contains("+SRE integrates with Codex."), "{diff}");
    assert!(!diff.contains("-SRE enables access to ChatGPT"), "{diff}");
    s.cmd(&["check", "--fix"]).assert().code(0);
    assert_eq!(
        std::fs::read_to_string(s.path().join("a.md")).unwrap(),
        "SRE enables access to ChatGPT Enterprise for partners.\n\nSRE integrates with Codex.\n"
    );
    // Once the waiver has expired, the wording is fixed like any other.
    s.cmd(&["check", "--fix"])
        .env("COPYLINT_TODAY", "2027-01-01")
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(s.path().join("a.md")).unwrap(),
        "SRE integrates with ChatGPT Enterprise for partners.\n\nSRE integrates with Codex.\n"
    );
}
