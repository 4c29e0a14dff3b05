//! Baselines: `--write-baseline FILE` records the findings of a run, `--baseline FILE`
//! reports only the findings not recorded there; recorded ones stay in the JSON output
//! as suppressed (kind `baseline`).

mod common;

use common::{Scratch, check_json};
use serde_json::Value;

const ACCESS: &str = "openai-on-aws/access-wording";
const CALL: &str = "openai-on-aws/call-wording";

/// (rule, line, suppression kind or "") of each diagnostic.
fn findings(json: &Value) -> Vec<(String, u64, String)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["suppressed"]["kind"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn f(rule: &str, line: u64, kind: &str) -> (String, u64, String) {
    (rule.to_string(), line, kind.to_string())
}

fn read_json(s: &Scratch, path: &str) -> Value {
    serde_json::from_slice(&std::fs::read(s.path().join(path)).unwrap()).unwrap()
}

const PAGE: &str = "# Launch\n\nSRE enables access to ChatGPT for every team.\n\nSRE calls on ChatGPT. SRE calls on ChatGPT.\n";

#[test]
fn write_baseline_records_the_findings_and_reports_them_as_baselined() {
    let s = Scratch::new();
    s.write("docs/a.md", PAGE);
    s.write("docs/b.md", "SRE enables access to GPT-5.\n");
    let out = s
        .cmd(&["check", "--write-baseline", "baseline.json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "what is recorded does not fail the run"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("wrote baseline baseline.json: 4 findings in 2 files"),
        "{stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout,
        "checked 2 files: 0 errors, 0 warnings, 0 notes (4 suppressed: 4 in the baseline)\n"
    );

    // The documented format: versioned, sorted by path, rule, fingerprint, occurrence.
    let file = read_json(&s, "baseline.json");
    assert_eq!(file["version"], 1);
    let entries = file["findings"].as_array().unwrap();
    let keys: Vec<(&str, &str, u64)> = entries
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap(),
                e["rule"].as_str().unwrap(),
                e["occurrence"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("docs/a.md", ACCESS, 0),
            ("docs/a.md", CALL, 0),
            ("docs/a.md", CALL, 1),
            ("docs/b.md", ACCESS, 0)
        ]
    );
    assert_eq!(entries[1]["sentence"], "SRE calls on ChatGPT.");
    assert_eq!(entries[1]["fingerprint"], entries[2]["fingerprint"]);
    let text = std::fs::read_to_string(s.path().join("baseline.json")).unwrap();
    assert!(text.ends_with("}\n"), "pretty JSON with a final newline");

    // Reading it back: nothing new, everything kept in JSON as suppressed.
    let (json, code) = check_json(s.path(), &["--baseline", "baseline.json"]);
    assert_eq!(code, 0);
    assert_eq!(
        findings(&json),
        [
            f(ACCESS, 3, "baseline"),
            f(CALL, 5, "baseline"),
            f(CALL, 5, "baseline"),
            f(ACCESS, 1, "baseline")
        ]
    );
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(json["summary"]["suppressed"], 4);
    assert_eq!(json["summary"]["baselined"], 4);
    assert_eq!(json["diagnostics"][0]["suppressed"]["reason"], Value::Null);
}

#[test]
fn a_baselined_finding_survives_edits_elsewhere_and_new_ones_are_reported() {
    let s = Scratch::new();
    s.write("a.md", PAGE);
    s.cmd(&["check", "--write-baseline", "b.json"])
        .assert()
        .code(0);
    // Lines added above, the sentence re-wrapped and re-cased, a word bolded, a
    // typographic apostrophe: the same finding in the same sentence.
    s.write(
        "a.md",
        "# Launch\n\nA new paragraph.\n\nAnother one.\n\nSRE **enables** access\nto   CHATGPT for every team.\n\nSRE calls on ChatGPT. SRE calls on ChatGPT.\n\nSRE invokes Codex.\n",
    );
    let (json, code) = check_json(s.path(), &["--baseline", "b.json"]);
    assert_eq!(code, 1, "the new finding fails the run");
    assert_eq!(
        findings(&json),
        [
            f(ACCESS, 7, "baseline"),
            f(CALL, 10, "baseline"),
            f(CALL, 10, "baseline"),
            f(CALL, 12, "")
        ]
    );
    // People see only the new one.
    let out = s.cmd(&["check", "--baseline", "b.json"]).output().unwrap();
    let human = String::from_utf8(out.stdout).unwrap();
    assert_eq!(human.matches("error[").count(), 1, "{human}");
    assert!(human.contains("SRE invokes Codex"), "{human}");
    assert!(
        human.ends_with("(3 suppressed: 3 in the baseline)\n"),
        "{human}"
    );
}

#[test]
fn a_repeated_sentence_is_told_apart_by_its_occurrence() {
    let s = Scratch::new();
    s.write("a.md", "SRE calls on ChatGPT.\n\nSRE calls on ChatGPT.\n");
    s.cmd(&["check", "--write-baseline", "b.json"])
        .assert()
        .code(0);
    s.write(
        "a.md",
        "SRE calls on ChatGPT.\n\nSRE calls on ChatGPT.\n\nSRE calls on ChatGPT.\n",
    );
    let (json, code) = check_json(s.path(), &["--baseline", "b.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json),
        [
            f(CALL, 1, "baseline"),
            f(CALL, 3, "baseline"),
            f(CALL, 5, "")
        ]
    );
}

#[test]
fn a_fixed_finding_drops_out_when_the_baseline_is_written_again() {
    let s = Scratch::new();
    s.write("a.md", PAGE);
    s.cmd(&["check", "--write-baseline", "b.json"])
        .assert()
        .code(0);
    assert_eq!(
        read_json(&s, "b.json")["findings"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    s.write(
        "a.md",
        "SRE is powered by ChatGPT.\n\nSRE calls on ChatGPT.\n",
    );
    s.cmd(&[
        "check",
        "--baseline",
        "b.json",
        "--write-baseline",
        "b.json",
    ])
    .assert()
    .code(0);
    let entries = read_json(&s, "b.json")["findings"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["rule"], CALL);
    assert_eq!(entries[0]["occurrence"], 0);
    // The sentence that came back is new again.
    s.write("a.md", PAGE);
    let (json, code) = check_json(s.path(), &["--baseline", "b.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json),
        [f(ACCESS, 3, ""), f(CALL, 5, "baseline"), f(CALL, 5, "")]
    );
    let leftovers: Vec<_> = std::fs::read_dir(s.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn baseline_paths_are_relative_to_its_folder_so_any_folder_can_use_it() {
    let s = Scratch::new();
    s.write("docs/guide/a.md", PAGE);
    s.cmd(&["check", "docs", "--write-baseline", "ci/baseline.json"])
        .assert()
        .code(0);
    assert_eq!(
        read_json(&s, "ci/baseline.json")["findings"][0]["path"],
        "../docs/guide/a.md"
    );
    let (json, code) = check_json(
        &s.path().join("docs/guide"),
        &["--baseline", "../../ci/baseline.json"],
    );
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["summary"]["baselined"], 3);
}

#[test]
fn comments_and_waivers_are_not_recorded_in_the_baseline() {
    let s = Scratch::new();
    s.write(
        "a.md",
        "<!-- copylint-disable-next-line -- approved -->\nSRE calls on ChatGPT.\n\nSRE enables access to Codex.\n\nSRE invokes Sora.\n",
    );
    s.write(
        ".copylint.yaml",
        "waivers:\n  - path: a.md\n    rule: access-wording\n    reason: legal said yes\n    approved-by: Jane Doe\n    expires: 2026-12-31\n",
    );
    s.cmd(&["check", "--write-baseline", "b.json"])
        .assert()
        .code(0);
    let entries = read_json(&s, "b.json")["findings"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["sentence"], "SRE invokes Sora.");
    let (json, _) = check_json(s.path(), &["--baseline", "b.json"]);
    assert_eq!(
        findings(&json),
        [
            f(CALL, 2, "inline"),
            f(ACCESS, 4, "waiver"),
            f(CALL, 6, "baseline")
        ]
    );
    assert_eq!(json["summary"]["suppressed"], 3);
    assert_eq!(json["summary"]["baselined"], 1);
    assert_eq!(json["summary"]["waived"], 1);
    let out = s.cmd(&["check", "--baseline", "b.json"]).output().unwrap();
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .ends_with("(3 suppressed: 1 in the baseline, 1 waived, 1 by comments)\n")
    );
}

#[test]
fn a_missing_or_invalid_baseline_is_an_error() {
    let s = Scratch::new();
    s.write("a.md", PAGE);
    let out = s
        .cmd(&["check", "--baseline", "nope.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("cannot read baseline `nope.json`"),
        "{stderr}"
    );
    assert!(stderr.contains("--write-baseline nope.json"), "{stderr}");

    s.write("v2.json", "{\"version\": 2, \"findings\": []}\n");
    let out = s.cmd(&["check", "--baseline", "v2.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("format version 2")
    );

    s.write(
        "bad.json",
        "{\n  \"version\": 1,\n  \"findings\": [{\"path\": 3}]\n}\n",
    );
    let out = s
        .cmd(&["check", "--baseline", "bad.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("baseline `bad.json` is not valid"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad.json:3:"),
        "points at the line: {stderr}"
    );
}

#[test]
fn write_baseline_and_diff_do_not_go_together() {
    let s = Scratch::new();
    s.write("a.md", PAGE);
    s.cmd(&["check", "--diff", "--write-baseline", "b.json"])
        .assert()
        .code(2);
    assert!(!s.path().join("b.json").exists());
}
