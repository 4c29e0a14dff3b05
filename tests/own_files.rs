//! copylint never lints the files it writes (its config, baselines, HTML and CSV
//! reports), whichever door names them: they quote the banned wording by design.

mod common;

use common::lsp::Client;
use common::{Scratch, check_json};
use serde_json::Value;

const PAGE: &str = "# Launch\n\nSRE enables access to ChatGPT.\n\nSRE calls on GPT-5.\n";

fn written(s: &Scratch) {
    s.write("docs/launch.md", PAGE);
    s.cmd(&["check", "--write-baseline", "baseline.json", "docs"])
        .assert()
        .code(0);
    s.write(".copylint.yaml", "rules:\n  call-wording: warning\n");
    s.cmd(&[
        "report",
        "--html",
        "report.html",
        "--csv",
        "report.csv",
        "docs",
    ])
    .assert()
    .code(0);
    std::fs::remove_file(s.path().join("baseline.json")).unwrap();
    s.cmd(&["check", "--write-baseline", "baseline.json", "docs"])
        .assert()
        .code(0);
}

#[test]
fn a_report_in_the_tree_is_not_checked_or_counted_again() {
    let s = Scratch::new();
    written(&s);
    let report = std::fs::read_to_string(s.path().join("report.html")).unwrap();
    assert!(
        report.contains("enables access"),
        "the report quotes the finding"
    );

    let (json, code) = check_json(s.path(), &["."]);
    let paths: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["docs/launch.md", "docs/launch.md"]);
    assert_eq!(code, 1);
    let notes: Vec<(&str, &str)> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["path"].as_str().unwrap(), p["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        notes,
        [(
            "report.html",
            "a copylint HTML report; not checked as prose"
        )]
    );

    // The next report counts the same two findings, not the old report's.
    s.cmd(&["report", "--csv", "again.csv", "."])
        .assert()
        .code(0);
    let again = std::fs::read_to_string(s.path().join("again.csv")).unwrap();
    assert_eq!(again.lines().count(), 3, "{again}");
}

#[test]
fn named_one_by_one_they_are_skipped_with_a_note() {
    let s = Scratch::new();
    written(&s);
    // As pre-commit or a script would pass them.
    let out = s
        .cmd(&[
            "check",
            "--format",
            "json",
            ".copylint.yaml",
            "baseline.json",
            "report.html",
            "report.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"], Value::Array(Vec::new()));
    let mut notes: Vec<&str> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    notes.sort();
    assert_eq!(
        notes,
        [
            "a copylint CSV report; not checked as prose",
            "a copylint HTML report; not checked as prose",
            "a copylint baseline; not checked as prose",
            "copylint's config file; not checked as prose",
        ]
    );
    // --fix leaves them byte for byte as they were.
    let before = std::fs::read(s.path().join("report.html")).unwrap();
    s.cmd(&["check", "--fix", "report.html", "baseline.json"])
        .assert()
        .code(0);
    assert_eq!(std::fs::read(s.path().join("report.html")).unwrap(), before);
}

#[test]
fn the_editor_shows_nothing_in_a_report() {
    let s = Scratch::new();
    written(&s);
    let path = s.path().join("report.html");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = common::file_uri(&path);
    let mut client = Client::initialized(&[], Some(s.path()));
    client.open(&uri, "html", &text);
    assert_eq!(client.diagnostics(&uri, 1), Vec::<Value>::new());
    assert_eq!(client.stop(), 0);
}

#[test]
fn a_page_that_only_claims_to_be_a_report_is_checked() {
    let s = Scratch::new();
    s.write(
        "landing.html",
        "<!DOCTYPE html><html><head><meta name=\"generator\" content=\"copylint 0.1.0\"></head>\
         <body><p>SRE calls on GPT-5.</p></body></html>\n",
    );
    let (json, code) = check_json(s.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 1);
}
