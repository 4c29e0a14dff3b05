//! Rule provenance: where each rule comes from (source, owner, effective and expiry
//! dates, link) is in every report, and a rule past its expiry date warns once per run.

mod common;

use common::{Scratch, check_json, copylint};
use serde_json::Value;

const PAGE: &str = "SRE enables access to ChatGPT.\n\nSRE calls on Codex.\n";

#[test]
fn json_output_names_where_each_rule_comes_from() {
    let s = Scratch::new();
    s.write("a.md", PAGE);
    let (json, _) = check_json(s.path(), &[]);
    let rules = json["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["openai-on-aws/access-wording", "openai-on-aws/call-wording"]
    );
    let rule = &rules[0];
    assert!(
        rule["source"]
            .as_str()
            .unwrap()
            .starts_with("AWS internal messaging memo")
    );
    assert!(rule["owner"].as_str().is_some());
    assert_eq!(rule["effective"], "2026-03-01");
    assert_eq!(rule["expires"], "2027-03-01");
    assert_eq!(rule["link"], Value::Null);
    assert_eq!(rule["severity"], "error");
}

#[test]
fn a_rule_past_its_expiry_date_warns_once_per_run() {
    let s = Scratch::new();
    for i in 0..5 {
        s.write(&format!("page{i}.md"), PAGE);
    }
    let before = s
        .cmd(&["check", "--format", "json"])
        .env("COPYLINT_TODAY", "2027-03-01")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&before.stdout).unwrap();
    assert_eq!(
        json["problems"],
        Value::Array(vec![]),
        "still in force on its last day"
    );

    let after = s
        .cmd(&["check", "--format", "json"])
        .env("COPYLINT_TODAY", "2027-03-02")
        .output()
        .unwrap();
    assert_eq!(
        after.status.code(),
        Some(1),
        "a warning about a rule does not fail a run"
    );
    let json: Value = serde_json::from_slice(&after.stdout).unwrap();
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["path"], "builtin:openai-on-aws");
    assert_eq!(problems[0]["severity"], "warning");
    let message = problems[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "rules openai-on-aws/access-wording, openai-on-aws/call-wording, openai-on-aws/frontier-availability, openai-on-aws/implied-access, openai-on-aws/implied-calling, openai-on-aws/implied-availability are past their expiry date, 2027-03-01, and need review; source: AWS internal messaging memo"
        ),
        "{message}"
    );
    assert!(message.contains("owner: copylint maintainers"), "{message}");
    assert_eq!(json["summary"]["errors"], 10, "the rules still apply");
    let stderr = String::from_utf8(after.stderr).unwrap();
    assert_eq!(
        stderr.matches("builtin:openai-on-aws:").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn expiry_is_per_rule_and_only_for_rules_in_use() {
    let s = Scratch::new();
    s.write("a.md", "Widget never fails.\n");
    s.write(
        "team.yaml",
        "lexicon: team\nowner: docs@example.com\nexpires: 2026-01-31\nlink: https://wiki.example.com/style\nrules:\n  - id: old\n    message: m\n    banned: [{phrases: [never fails]}]\n  - id: renewed\n    message: m\n    expires: 2027-12-31\n    banned: [{phrases: [always works]}]\n  - id: off\n    message: m\n    banned: [{phrases: [sometimes fails]}]\n",
    );
    s.write(".copylint.yaml", "rules:\n  team/off: off\n");
    let (json, _) = check_json(
        s.path(),
        &["--no-default-lexicon", "--lexicon", "team.yaml"],
    );
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["path"], "team.yaml");
    assert_eq!(
        problems[0]["message"],
        "rule team/old is past its expiry date, 2026-01-31, and needs review; owner: docs@example.com (it still applies)"
    );
    assert_eq!(json["rules"][0]["link"], "https://wiki.example.com/style");
}

#[test]
fn copylint_today_must_be_a_date() {
    let s = Scratch::new();
    s.write("a.md", PAGE);
    let out = s
        .cmd(&["check"])
        .env("COPYLINT_TODAY", "tomorrow")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("COPYLINT_TODAY=`tomorrow` is not a date")
    );
}

#[test]
fn explain_shows_the_provenance_of_a_rule() {
    let out = copylint()
        .args(["explain", "call-wording"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let provenance = text
        .split("\nProvenance\n")
        .nth(1)
        .expect("a Provenance section");
    for field in [
        "source: AWS internal messaging memo",
        "owner: ",
        "effective: 2026-03-01",
        "expires: 2027-03-01",
    ] {
        assert!(provenance.contains(field), "no `{field}` in:\n{text}");
    }
}
