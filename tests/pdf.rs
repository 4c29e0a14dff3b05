//! PDF files, as real programs write them: the fixtures in `tests/fixtures/pdf` were made
//! by Chromium, LibreOffice, reportlab, fpdf2, matplotlib and Pillow
//! (`tests/fixtures/make-pdf-eml.sh` regenerates them).

mod common;

use common::{Scratch, check_json, copylint, fixture};
use serde_json::Value;

/// (location, rule without its lexicon, matched) of each diagnostic of `path`.
fn places(json: &Value, path: &str) -> Vec<(String, String, String)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| {
            let rule = d["rule"].as_str().unwrap();
            (
                d["location"].as_str().unwrap_or("-").to_string(),
                rule.rsplit('/').next().unwrap().to_string(),
                d["matched"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn place(location: &str, rule: &str, matched: &str) -> (String, String, String) {
    (location.into(), rule.into(), matched.into())
}

fn pdf() -> std::path::PathBuf {
    fixture("pdf")
}

/// The problems of the run: (path, severity, message).
fn problems(json: &Value) -> Vec<(String, String, String)> {
    json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_string(),
                p["severity"].as_str().unwrap().to_string(),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn chromium_pages_columns_and_tables_give_findings_by_page() {
    let (json, code) = check_json(&pdf(), &["chromium-datasheet.pdf"]);
    assert_eq!(code, 1);
    assert_eq!(
        places(&json, "chromium-datasheet.pdf"),
        [
            // The second paragraph of the right-hand column.
            place("page 1", "call-wording", "calls on"),
            // A table cell.
            place("page 2", "call-wording", "routes requests to"),
            place(
                "page 3",
                "frontier-availability",
                "bring OpenAI\u{2019}s most advanced models to AWS"
            ),
        ]
    );
    let on_page_1 = &json["diagnostics"][0];
    // The sentence runs over three lines of the column: they make one paragraph.
    assert_eq!(
        on_page_1["sentence"],
        "When an agent plans its next step, SRE calls on GPT-5 to choose the tool it uses, and the plan is stored with the rest of its state."
    );
    assert_eq!(on_page_1["fix"], Value::Null, "suggestions only");
    assert!(!on_page_1["suggestions"].as_array().unwrap().is_empty());
}

#[test]
fn python_made_pdfs_undo_hyphenation_and_read_rotated_text_ligatures_and_type3() {
    let (json, code) = check_json(
        &pdf(),
        &[
            "reportlab-layout.pdf",
            "fpdf2-table.pdf",
            "matplotlib-type3.pdf",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        places(&json, "reportlab-layout.pdf"),
        [
            // "en-" / "able access to" across a line end of the left column.
            place("page 1", "access-wording", "enables access to"),
            place("page 1", "call-wording", "calls on"),
            place("page 1", "call-wording", "makes calls to"),
            // Written up the left margin.
            place("page 1", "call-wording", "calls into"),
            // "o\u{FB00}ers": the text layer holds the ligature itself.
            place("page 2", "access-wording", "offers access to"),
        ]
    );
    let joined = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["matched"] == "enables access to")
        .unwrap()["sentence"]
        .as_str()
        .unwrap();
    assert_eq!(
        joined,
        "SRE enables access to ChatGPT for every team in your company, with no servers to run."
    );
    assert_eq!(
        places(&json, "fpdf2-table.pdf"),
        [
            place("page 1", "access-wording", "access"),
            place(
                "page 1",
                "frontier-availability",
                "GPT-5 is available on Amazon Bedrock"
            ),
        ]
    );
    assert_eq!(
        places(&json, "matplotlib-type3.pdf"),
        [place("page 1", "access-wording", "grants access to")]
    );
}

#[test]
fn traps_in_pdfs_stay_clean() {
    let (json, _) = check_json(&pdf(), &["."]);
    for d in json["diagnostics"].as_array().unwrap() {
        let sentence = d["sentence"].as_str().unwrap();
        for clean in [
            "powered by OpenAI",
            "calls_on",
            "calls on customers",
            "integrates with OpenAI",
        ] {
            assert!(!sentence.contains(clean), "{d}");
        }
    }
}

#[test]
fn a_libreoffice_export_gives_the_findings_of_its_word_document() {
    let (from_pdf, _) = check_json(&pdf(), &["libreoffice-brief.pdf"]);
    let (from_docx, _) = check_json(&fixture("office"), &["lo-brief.docx"]);
    let rules_and_matches = |json: &Value, path: &str| -> Vec<(String, String)> {
        places(json, path)
            .into_iter()
            .map(|(_, rule, matched)| (rule, matched))
            .collect()
    };
    let docx = rules_and_matches(&from_docx, "lo-brief.docx");
    assert_eq!(docx.len(), 3);
    assert_eq!(rules_and_matches(&from_pdf, "libreoffice-brief.pdf"), docx);
}

#[test]
fn human_output_names_the_page() {
    let out = copylint()
        .current_dir(pdf())
        .args(["check", "--color", "never", "chromium-datasheet.pdf"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("--> chromium-datasheet.pdf: page 3:2:9"),
        "{stdout}"
    );
    assert!(stdout.contains("consider rewording it"), "{stdout}");
}

#[test]
fn encrypted_damaged_and_bomb_pdfs_are_errors_and_the_run_goes_on() {
    let (json, code) = check_json(
        &pdf(),
        &[
            "bomb.pdf",
            "damaged.pdf",
            "encrypted.pdf",
            "restricted.pdf",
            "scanned.pdf",
        ],
    );
    assert_eq!(code, 2);
    let got = problems(&json);
    let want = [
        (
            "bomb.pdf",
            "error",
            "object 4 0 R unpacks to more than 64 MiB; not read (a zip bomb?)",
        ),
        ("damaged.pdf", "error", "damaged PDF, not read: "),
        (
            "encrypted.pdf",
            "error",
            "encrypted PDF: it needs a password to open",
        ),
        (
            "scanned.pdf",
            "warning",
            "no text layer (a scan or images only); not checked",
        ),
    ];
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for ((path, severity, message), (want_path, want_severity, want)) in got.iter().zip(want) {
        assert_eq!(
            (path.as_str(), severity.as_str()),
            (want_path, want_severity)
        );
        assert!(message.starts_with(want), "{path}: {message}");
    }
    // Printing restricted, no password to open: read.
    assert_eq!(
        places(&json, "restricted.pdf"),
        [place("page 1", "call-wording", "calls on")]
    );
    assert_eq!(json["summary"]["files"], 4);
    assert_eq!(json["summary"]["not_checked"], 1);
    assert_eq!(json["summary"]["failures"], 3);
}

#[test]
fn a_scan_alone_is_not_checked_and_says_so() {
    let out = copylint()
        .current_dir(pdf())
        .args(["check", "--color", "never", "scanned.pdf"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let all =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        all.contains("no text layer (a scan or images only); not checked"),
        "{all}"
    );
    assert!(all.contains("checked 0 files"), "{all}");
    assert!(all.contains("1 file not checked"), "{all}");
}

#[test]
fn fix_and_diff_never_write_pdfs_or_emails() {
    let s = Scratch::new();
    let files = [
        (pdf().join("reportlab-layout.pdf"), "one-pager.pdf"),
        (fixture("email/newsletter.eml"), "news.eml"),
    ];
    for (from, to) in &files {
        std::fs::copy(from, s.path().join(to)).unwrap();
    }
    let fixed = s
        .cmd(&["check", "--fix", "--format", "json", "."])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&fixed.stdout).unwrap();
    assert_eq!(json["summary"]["fixed"], 0);
    assert!(json["summary"]["errors"].as_u64().unwrap() >= 8, "{json}");
    let diff = s.cmd(&["check", "--diff", "."]).output().unwrap();
    assert!(
        diff.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&diff.stdout)
    );
    for (from, to) in &files {
        assert_eq!(
            std::fs::read(from).unwrap(),
            std::fs::read(s.path().join(to)).unwrap(),
            "{to}"
        );
    }
}

#[test]
fn folders_are_walked_for_pdfs_and_standard_input_takes_one() {
    let s = Scratch::new();
    std::fs::create_dir_all(s.path().join("collateral")).unwrap();
    std::fs::copy(
        pdf().join("matplotlib-type3.pdf"),
        s.path().join("collateral/Chart.PDF"),
    )
    .unwrap();
    let (json, _) = check_json(s.path(), &["."]);
    assert_eq!(places(&json, "collateral/Chart.PDF").len(), 1, "{json}");
    let out = copylint()
        .args([
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "sheet.pdf",
        ])
        .write_stdin(std::fs::read(pdf().join("matplotlib-type3.pdf")).unwrap())
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        places(&json, "sheet.pdf"),
        [place("page 1", "access-wording", "grants access to")]
    );
}
