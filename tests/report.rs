//! `copylint report`: one self-contained HTML page and a CSV file, honouring the config,
//! waivers and baseline as `check` does, and escaping everything documents say.
//! (`tests/browser/run.sh` opens the page in a real browser.)

mod common;

use common::{Scratch, check_json};
use serde_json::Value;

/// A small docs estate: two top-level folders, a waiver, an inline suppression.
fn estate() -> Scratch {
    let s = Scratch::new();
    s.write(
        "docs/launch.md",
        "# Launch\n\nSRE enables access to ChatGPT for every team.\n\nSRE calls on Codex.\n",
    );
    s.write(
        "docs/guides/setup.md",
        "Install the Sagemaker SDK.\n\n<!-- copylint-disable-next-line -- quoted from a customer -->\nSRE invokes GPT-5.\n",
    );
    s.write(
        "blog/post.md",
        "Our platform has 100% uptime and SRE gives access to Sora.\n",
    );
    s.write("blog/clean.md", "SRE is powered by OpenAI.\n");
    s.write(
        ".copylint.yaml",
        "lexicons: [builtin:cloud-claims, builtin:brand-names]\nwaivers:\n  - path: blog/\n    rule: uptime-claims\n    reason: the SLA page backs it, LEGAL-7\n    approved-by: Jane Doe\n    expires: 2026-12-31\n",
    );
    s
}

/// The page with its style sheet, script and nonce left out: its structure and data.
fn structure(html: &str) -> String {
    let mut out = html.to_string();
    for (open, close) in [("<style>", "</style>"), ("<script nonce=", "</script>")] {
        if let (Some(i), Some(j)) = (out.find(open), out.rfind(close)) {
            let body_start = out[i..].find('>').map(|k| i + k + 1).unwrap();
            out.replace_range(body_start..j, "…");
        }
    }
    let nonce = |s: &str| {
        let at = s.find("nonce-").map(|i| i + 6).unwrap();
        s[at..at + 32].to_string()
    };
    let value = nonce(&out);
    out.replace(&value, "NONCE")
}

fn embedded_data(html: &str) -> Value {
    let start = html
        .find("<script type=\"application/json\" id=\"copylint-data\">")
        .unwrap();
    let body = &html[start..];
    let body = &body[body.find('>').unwrap() + 1..body.find("</script>").unwrap()];
    serde_json::from_str(body).unwrap()
}

#[test]
fn the_html_report_is_one_self_contained_page() {
    let s = estate();
    let out = s
        .cmd(&[
            "report",
            "docs",
            "blog",
            "--html",
            "out/report.html",
            "--csv",
            "out/findings.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "findings do not fail a report: {out:?}"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("wrote out/report.html: 6 findings in 3 files"),
        "{stderr}"
    );
    let html = std::fs::read_to_string(s.path().join("out/report.html")).unwrap();
    // Nothing is fetched: no external references, and the policy forbids them.
    for needle in ["src=", "http://", "https://", "@import", "url("] {
        assert!(!html.contains(needle), "`{needle}` in the page");
    }
    assert!(html.contains("default-src 'none'"));
    insta::assert_snapshot!("report_html", structure(&html));
}

#[test]
fn the_csv_report_has_every_finding_with_its_status() {
    let s = estate();
    s.cmd(&["report", "--csv", "findings.csv"]).assert().code(0);
    let csv = std::fs::read_to_string(s.path().join("findings.csv")).unwrap();
    insta::assert_snapshot!("report_csv", csv);
}

#[test]
fn report_counts_match_check() {
    let s = estate();
    let (json, _) = check_json(s.path(), &[]);
    s.cmd(&["report", "--html", "r.html"]).assert().code(0);
    let html = std::fs::read_to_string(s.path().join("r.html")).unwrap();
    let data = embedded_data(&html);
    let findings = data["findings"].as_array().unwrap();
    assert_eq!(
        findings.len(),
        json["diagnostics"].as_array().unwrap().len()
    );
    for (label, field) in [
        ("errors", "errors"),
        ("warnings", "warnings"),
        ("notes", "notes"),
        ("waived", "waived"),
        ("baselined", "baselined"),
        ("files checked", "files"),
    ] {
        let card = format!("data-total=\"{label}\">{}<", json["summary"][field]);
        assert!(html.contains(&card), "no `{card}`");
    }
    // Statuses: open 0, baseline 1, waiver 2, comment 3.
    let statuses: Vec<u64> = findings.iter().map(|f| f[10].as_u64().unwrap()).collect();
    assert_eq!(statuses.iter().filter(|&&s| s == 2).count(), 1);
    assert_eq!(statuses.iter().filter(|&&s| s == 3).count(), 1);
}

#[test]
fn report_honours_the_baseline_and_marks_expired_rules() {
    let s = estate();
    s.cmd(&["check", "--write-baseline", "baseline.json"])
        .assert()
        .code(0);
    s.write("docs/new.md", "SRE calls on ChatGPT.\n");
    let out = s
        .cmd(&["report", "--baseline", "baseline.json", "--html", "r.html"])
        .env("COPYLINT_TODAY", "2027-06-01")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let html = std::fs::read_to_string(s.path().join("r.html")).unwrap();
    assert!(
        html.contains("data-total=\"baselined\">4<"),
        "4 recorded, the waived and the commented aside"
    );
    assert!(html.contains("data-total=\"errors\">1<"));
    assert!(html.contains("<dt>Baseline</dt><dd>baseline.json</dd>"));
    // The waiver (until 2026-12-31) and the built-in rules (until 2027-03-01) are past
    // their dates: notices say so, and the rules table marks the rules.
    assert!(html.contains(
        "waiver 1 (uptime-claims in `blog/`, approved by Jane Doe) is past its expiry date"
    ));
    assert!(html.contains("are past their expiry date, 2027-03-01"));
    assert!(html.contains("past expiry: needs review"));
    let data = embedded_data(&html);
    let open: Vec<&Value> = data["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f[10] == 0)
        .collect();
    assert_eq!(
        open.len(),
        2,
        "the new finding and the one the waiver no longer covers"
    );
}

#[test]
fn document_text_cannot_break_or_script_the_page() {
    let s = Scratch::new();
    let hostile = "SRE calls on ChatGPT </script><script>alert(1)</script> <img src=x onerror=alert(2)> <!-- & ' \" done.";
    s.write("a/x.txt", hostile);
    s.write(
        "<b onmouseover=alert(4)>bold/<img src=y onerror=alert(3)>.md",
        "SRE enables access to Codex.\n",
    );
    s.cmd(&["report", "--html", "r.html"]).assert().code(0);
    let html = std::fs::read_to_string(s.path().join("r.html")).unwrap();
    // The two script elements are closed once each; nothing from the documents opens a
    // tag or a comment.
    assert_eq!(html.matches("</script").count(), 2);
    assert_eq!(html.matches("<script").count(), 2);
    assert!(!html.contains("<img"));
    assert!(!html.contains("<b "));
    assert!(
        html.contains("class=\"bar-label\">&#60;b onmouseover=alert(4)&#62;bold</text>"),
        "folder names escaped in the chart"
    );
    assert!(
        html.contains("<a href=\"%3Cb%20onmouseover%3Dalert%284%29%3Ebold/%3Cimg%20src%3Dy%20onerror%3Dalert%283%29%3E.md\" class=\"file-link\""),
        "links percent-encoded"
    );
    // The data still says exactly what the documents say.
    let data = embedded_data(&html);
    let finding = data["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f[7] == "calls on")
        .unwrap();
    let sentence = format!(
        "{}{}{}",
        finding[6].as_str().unwrap(),
        finding[7].as_str().unwrap(),
        finding[8].as_str().unwrap()
    );
    assert_eq!(sentence, hostile);
    let paths: Vec<&str> = data["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"<b onmouseover=alert(4)>bold/<img src=y onerror=alert(3)>.md"),
        "{paths:?}"
    );
}

#[test]
fn links_can_point_at_a_code_host() {
    let s = estate();
    s.cmd(&[
        "report",
        "--html",
        "r.html",
        "--link-base",
        "https://github.com/example/docs/blob/main/",
    ])
    .assert()
    .code(0);
    let html = std::fs::read_to_string(s.path().join("r.html")).unwrap();
    assert_eq!(
        embedded_data(&html)["linkBase"],
        "https://github.com/example/docs/blob/main/"
    );
    assert!(html.contains("href=\"https://github.com/example/docs/blob/main/docs/launch.md\""));
}

#[test]
fn a_report_needs_somewhere_to_go_and_says_when_paths_failed() {
    let s = estate();
    s.cmd(&["report", "docs"]).assert().code(2);
    let out = s
        .cmd(&["report", "docs", "missing", "--csv", "f.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("missing: no such file or folder")
    );
    assert!(
        s.path().join("f.csv").exists(),
        "what could be checked is still reported"
    );
    let leftovers: Vec<_> = std::fs::read_dir(s.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_report_counts_review_notes_apart_from_errors() {
    let s = Scratch::new();
    s.write(
        "deck.md",
        "Your agents tap into GPT-5 on demand.\n\nSRE calls on ChatGPT.\n",
    );
    s.cmd(&["report", "--html", "r.html", "--csv", "f.csv"])
        .assert()
        .code(0);
    let html = std::fs::read_to_string(s.path().join("r.html")).unwrap();
    assert!(html.contains("data-total=\"errors\">1<"), "errors card");
    assert!(html.contains("data-total=\"notes\">1<"), "notes card");
    let csv = std::fs::read_to_string(s.path().join("f.csv")).unwrap();
    let severities: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(7).unwrap())
        .collect();
    assert_eq!(severities, ["note", "error"]);
}
