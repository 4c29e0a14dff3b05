//! Word and PowerPoint files, as office suites write them: the fixtures in
//! `tests/fixtures/office` were made by LibreOffice and by python-docx/python-pptx
//! (`make.sh` there regenerates them).

mod common;

use common::{check_json, copylint, fixture};
use serde_json::Value;

/// (location, rule, matched, line, column) of each diagnostic of `path`.
fn places(json: &Value, path: &str) -> Vec<(String, String, String, u64, u64)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| {
            (
                d["location"].as_str().unwrap_or("-").to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["matched"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn place(
    location: &str,
    rule: &str,
    matched: &str,
    line: u64,
    column: u64,
) -> (String, String, String, u64, u64) {
    (
        location.to_string(),
        format!("openai-on-aws/{rule}"),
        matched.to_string(),
        line,
        column,
    )
}

fn office() -> std::path::PathBuf {
    fixture("office")
}

#[test]
fn word_documents_report_paragraphs_cells_and_text_boxes() {
    let (json, code) = check_json(&office(), &["lo-brief.docx", "py-brief.docx"]);
    assert_eq!(code, 1);
    assert_eq!(
        places(&json, "lo-brief.docx"),
        [
            // "calls" is a bold run of its own: runs join into one paragraph.
            place("paragraph 3", "call-wording", "calls on", 1, 23),
            // Paragraph 1 of the cell is "First line."; the finding is on its line 2.
            place(
                "table 1, row 2, cell 2",
                "frontier-availability",
                "GPT-5 is available on AWS",
                2,
                1
            ),
            // LibreOffice writes the text box twice (drawing and VML fallback): one finding.
            place("text box 1", "call-wording", "makes calls to", 1, 18),
        ]
    );
    assert_eq!(
        places(&json, "py-brief.docx"),
        [
            // The empty paragraph before the table is not counted.
            place("paragraph 3", "access-wording", "enabled access to", 1, 12),
            place("table 1, row 2, cell 2", "call-wording", "calls into", 1, 5),
        ]
    );
    // Offsets point into the extracted text of the place: for a one-sentence paragraph,
    // the quoted sentence itself.
    for d in json["diagnostics"].as_array().unwrap() {
        let sentence = d["sentence"].as_str().unwrap();
        if d["line"] == 1 && d["location"].as_str().unwrap().starts_with("paragraph") {
            let (start, end) = (
                d["byte_start"].as_u64().unwrap() as usize,
                d["byte_end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&sentence[start..end], d["matched"].as_str().unwrap(), "{d}");
        }
        assert!(sentence.contains(d["matched"].as_str().unwrap()), "{d}");
    }
    let enabled = &json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["matched"] == "enabled access to")
        .unwrap();
    assert_eq!(
        enabled["sentence"],
        "Our agents enabled access to ChatGPT last quarter."
    );
    assert_eq!(enabled["suggestions"][0], "integrated with");
}

#[test]
fn powerpoint_decks_report_slides_and_speaker_notes() {
    let (json, code) = check_json(&office(), &["py-deck.pptx", "lo-deck.pptx"]);
    assert_eq!(code, 1);
    // python-pptx wrote the deck; LibreOffice Impress re-saved it in its own way.
    for path in ["py-deck.pptx", "lo-deck.pptx"] {
        assert_eq!(
            places(&json, path),
            [
                // The title "Why SRE" is line 1 of the slide; "enables" is a bold run.
                place("slide 2", "access-wording", "enables access to", 2, 5),
                place("slide 2, notes", "call-wording", "calls on", 2, 17),
            ],
            "{path}"
        );
    }
    let notes = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["location"] == "slide 2, notes")
        .unwrap();
    assert_eq!(
        notes["sentence"],
        "Remind them SRE calls on GPT-5 for planning."
    );
}

#[test]
fn human_output_names_the_file_and_the_place() {
    let out = copylint()
        .current_dir(office())
        .args(["check", "--color", "never", "py-deck.pptx"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("--> py-deck.pptx: slide 2, notes:2:17"),
        "{stdout}"
    );
    assert!(
        stdout.contains("2 | Remind them SRE calls on GPT-5 for planning."),
        "{stdout}"
    );
}

#[test]
fn rewrites_in_office_files_are_suggestions_never_fixes() {
    let (json, _) = check_json(&office(), &["py-deck.pptx"]);
    for d in json["diagnostics"].as_array().unwrap() {
        assert!(!d["suggestions"].as_array().unwrap().is_empty());
        assert_eq!(d["fix"], Value::Null, "{d}");
    }
    let out = copylint()
        .current_dir(office())
        .args(["check", "--color", "never", "py-deck.pptx"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("--fix"), "{stdout}");
    assert!(stdout.contains("consider rewording it"), "{stdout}");
}

#[test]
fn fix_and_diff_never_write_office_files() {
    let s = common::Scratch::new();
    for name in ["py-deck.pptx", "py-brief.docx"] {
        std::fs::copy(office().join(name), s.path().join(name)).unwrap();
    }
    let before: Vec<Vec<u8>> = ["py-deck.pptx", "py-brief.docx"]
        .iter()
        .map(|n| std::fs::read(s.path().join(n)).unwrap())
        .collect();
    let fixed = s
        .cmd(&["check", "--fix", "--format", "json", "."])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&fixed.stdout).unwrap();
    assert_eq!(json["summary"]["fixed"], 0);
    assert!(
        json["summary"]["errors"].as_u64().unwrap() > 0,
        "the findings are still reported"
    );
    let diff = s.cmd(&["check", "--diff", "."]).output().unwrap();
    assert!(
        diff.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&diff.stdout)
    );
    let after: Vec<Vec<u8>> = ["py-deck.pptx", "py-brief.docx"]
        .iter()
        .map(|n| std::fs::read(s.path().join(n)).unwrap())
        .collect();
    assert_eq!(before, after);
}

#[test]
fn lexicon_packs_read_office_files_too() {
    let (json, _) = check_json(
        &office(),
        &[
            "--no-default-lexicon",
            "--lexicon",
            "builtin:cloud-claims",
            "--lexicon",
            "builtin:brand-names",
            "py-deck.pptx",
            "py-brief.docx",
        ],
    );
    let got: Vec<(String, String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                format!(
                    "{}: {}",
                    d["path"].as_str().unwrap(),
                    d["location"].as_str().unwrap()
                ),
                d["rule"].as_str().unwrap().to_string(),
                d["matched"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        (
            "py-brief.docx: paragraph 4",
            "cloud-claims/fedramp-wording",
            "FedRAMP certified",
        ),
        (
            "py-brief.docx: paragraph 4",
            "brand-names/aws-names",
            "Sagemaker",
        ),
        (
            "py-deck.pptx: slide 2",
            "cloud-claims/hipaa-certification",
            "HIPAA compliant",
        ),
        (
            "py-deck.pptx: slide 3",
            "cloud-claims/uptime-claims",
            "100% uptime",
        ),
        (
            "py-deck.pptx: slide 3",
            "cloud-claims/guarantee-wording",
            "guaranteed",
        ),
        // "Amazon SageMaker" in the same notes is spelled right and not reported.
        (
            "py-deck.pptx: slide 4, notes",
            "brand-names/aws-names",
            "Dynamo DB",
        ),
    ];
    assert_eq!(
        got,
        want.map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    );
}

#[test]
fn broken_packages_are_problems_and_the_run_goes_on() {
    // The whole folder: four good files, four broken on purpose.
    let (json, code) = check_json(&office(), &["."]);
    assert_eq!(code, 2);
    let problems: Vec<(String, String, String)> = json["problems"]
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
        .collect();
    let expect = [
        ("bomb.docx", "more than 64 MiB; not read (a zip bomb?)"),
        ("no-document.docx", "`word/document.xml` is missing"),
        ("not-a-deck.pptx", "not a zip archive"),
        ("truncated.pptx", "not a zip archive"),
    ];
    assert_eq!(problems.len(), expect.len(), "{problems:?}");
    for ((path, severity, message), (want_path, want)) in problems.iter().zip(expect) {
        assert_eq!(path, want_path);
        assert_eq!(severity, "error");
        assert!(message.contains(want), "{path}: {message}");
    }
    assert_eq!(json["summary"]["files"], 8);
    assert_eq!(json["summary"]["failures"], 4);
    // The good files were still checked.
    for path in [
        "lo-brief.docx",
        "lo-deck.pptx",
        "py-brief.docx",
        "py-deck.pptx",
    ] {
        assert!(!places(&json, path).is_empty(), "{path}");
    }
}

#[test]
fn office_files_can_come_from_standard_input() {
    let deck = std::fs::read(office().join("py-deck.pptx")).unwrap();
    let out = copylint()
        .args([
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "deck.pptx",
        ])
        .write_stdin(deck)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(places(&json, "deck.pptx").len(), 2, "{json}");
}
