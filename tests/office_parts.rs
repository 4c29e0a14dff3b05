//! Every part of a Word, PowerPoint or OpenDocument file that a reader sees is checked,
//! and each finding names its place: headers, footers, footnotes, endnotes, comments
//! with their author, speaker notes, slide footers. The fixtures in
//! `tests/fixtures/parts` were written by LibreOffice and python-docx (`make.sh` there
//! regenerates them); each part holds one violation, and the traps (a clean sentence
//! naming OpenAI and AWS, "powered by OpenAI", a tracked deletion, a slide-number field)
//! must stay clean.

mod common;

use common::{check_json, copylint, fixture};
use serde_json::Value;

/// (place, rule, matched) of each diagnostic of `path`, in output order.
fn places(json: &Value, path: &str) -> Vec<(String, String, String)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| {
            (
                d["location"].as_str().unwrap_or("-").to_string(),
                d["rule"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("openai-on-aws/")
                    .to_string(),
                d["matched"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn want(list: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    list.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

/// What LibreOffice's brief holds, whichever format it saved it in.
const BRIEF: &[(&str, &str, &str)] = &[
    // "calls" is a bold span of its own: spans join into one paragraph.
    ("paragraph 3", "call-wording", "calls on"),
    ("paragraph 5", "call-wording", "makes calls to"),
    (
        "table 1, row 1, cell 2",
        "frontier-availability",
        "GPT-5 is available on AWS",
    ),
    ("text box 1", "access-wording", "provides access to"),
    ("header", "access-wording", "enables access to"),
    ("footer", "call-wording", "calls on"),
    ("footnote 1", "access-wording", "grants access to"),
    ("endnote 1", "call-wording", "calls into"),
    (
        "comment 1 (Ann Example)",
        "call-wording",
        "routes requests to",
    ),
];

/// What LibreOffice's deck holds, whichever format it saved it in. The footer shows on
/// every slide; "Powered by OpenAI on Amazon Bedrock" (slide 1) and the clean table
/// cell (slide 3) do not fire.
const DECK: &[(&str, &str, &str)] = &[
    ("slide 1, footer", "access-wording", "enables access to"),
    ("slide 2", "call-wording", "calls on"),
    ("slide 2", "call-wording", "makes calls to"),
    ("slide 2, footer", "access-wording", "enables access to"),
    ("slide 2, notes", "access-wording", "grants access to"),
    (
        "slide 2, comment 1 (Ann Example)",
        "call-wording",
        "routes requests to",
    ),
    (
        "slide 3",
        "frontier-availability",
        "GPT-5 is available on AWS",
    ),
    ("slide 3, footer", "access-wording", "enables access to"),
];

#[test]
fn word_and_opendocument_briefs_report_every_part_in_the_same_places() {
    let (json, code) = check_json(&fixture("parts"), &["lo-brief.docx", "lo-brief.odt"]);
    assert_eq!(code, 1);
    assert!(json["problems"].as_array().unwrap().is_empty(), "{json}");
    assert_eq!(places(&json, "lo-brief.docx"), want(BRIEF));
    assert_eq!(places(&json, "lo-brief.odt"), want(BRIEF));
}

#[test]
fn powerpoint_and_opendocument_decks_report_every_part_in_the_same_places() {
    let (json, code) = check_json(&fixture("parts"), &["lo-deck.pptx", "lo-deck.odp"]);
    assert_eq!(code, 1);
    assert!(json["problems"].as_array().unwrap().is_empty(), "{json}");
    assert_eq!(places(&json, "lo-deck.pptx"), want(DECK));
    assert_eq!(places(&json, "lo-deck.odp"), want(DECK));
}

#[test]
fn python_docx_sections_name_their_headers_and_footers() {
    let (json, _) = check_json(&fixture("parts"), &["py-brief.docx"]);
    assert_eq!(
        places(&json, "py-brief.docx"),
        want(&[
            ("first-page header, section 1", "call-wording", "calls on"),
            ("footer, section 1", "call-wording", "makes calls to"),
            ("header, section 2", "access-wording", "grants access to"),
            (
                "comment 1 (Ann Example)",
                "access-wording",
                "enables access to"
            ),
        ])
    );
}

#[test]
fn json_places_lines_and_columns_in_the_text_of_the_part() {
    let (json, _) = check_json(&fixture("parts"), &["lo-brief.odt", "lo-deck.pptx"]);
    let find = |location: &str| {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["location"] == location)
            .unwrap_or_else(|| panic!("no finding in {location}: {json}"))
            .clone()
    };
    let comment = find("comment 1 (Ann Example)");
    assert_eq!(
        comment["sentence"],
        "Say SRE routes requests to ChatGPT here."
    );
    assert_eq!(
        (comment["line"].as_u64(), comment["column"].as_u64()),
        (Some(1), Some(9))
    );
    let footnote = find("footnote 1");
    assert_eq!(
        footnote["sentence"],
        "Footnote: SRE grants access to ChatGPT for every team."
    );
    // The notes' second paragraph is the place's second line.
    let notes = find("slide 2, notes");
    assert_eq!(
        (notes["line"].as_u64(), notes["column"].as_u64()),
        (Some(2), Some(17))
    );
    assert_eq!(notes["sentence"], "Remind them SRE grants access to GPT-5.");
}

#[test]
fn human_output_names_the_part_and_its_author() {
    let out = copylint()
        .current_dir(fixture("parts"))
        .args(["check", "--color", "never", "lo-brief.docx", "lo-deck.odp"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    for place in [
        "--> lo-brief.docx: comment 1 (Ann Example):1:9",
        "--> lo-brief.docx: footnote 1:1:",
        "--> lo-brief.docx: header:1:19",
        "--> lo-deck.odp: slide 2, comment 1 (Ann Example):1:9",
        "--> lo-deck.odp: slide 3, footer:1:19",
    ] {
        assert!(stdout.contains(place), "{place} not in:\n{stdout}");
    }
    assert!(
        stdout.contains("1 | Say SRE routes requests to ChatGPT here."),
        "{stdout}"
    );
}

#[test]
fn fix_never_writes_these_packages() {
    let s = common::Scratch::new();
    let names = [
        "lo-brief.docx",
        "lo-brief.odt",
        "lo-deck.pptx",
        "lo-deck.odp",
        "py-brief.docx",
    ];
    for name in names {
        std::fs::copy(fixture("parts").join(name), s.path().join(name)).unwrap();
    }
    let read = || -> Vec<Vec<u8>> {
        names
            .iter()
            .map(|n| std::fs::read(s.path().join(n)).unwrap())
            .collect()
    };
    let before = read();
    let fixed = s
        .cmd(&["check", "--fix", "--format", "json", "."])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&fixed.stdout).unwrap();
    assert_eq!(json["summary"]["fixed"], 0);
    assert!(json["summary"]["errors"].as_u64().unwrap() >= 30, "{json}");
    assert_eq!(before, read());
}

#[test]
fn opendocument_files_are_found_in_folders_and_read_from_standard_input() {
    let (json, _) = check_json(&fixture("parts"), &["."]);
    for path in ["lo-brief.odt", "lo-deck.odp"] {
        assert!(!places(&json, path).is_empty(), "{path}: {json}");
    }
    let deck = std::fs::read(fixture("parts").join("lo-deck.odp")).unwrap();
    let out = copylint()
        .args([
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "deck.odp",
        ])
        .write_stdin(deck)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(places(&json, "deck.odp"), want(DECK));
}

#[test]
fn a_broken_or_protected_opendocument_file_is_a_clear_error() {
    let s = common::Scratch::new();
    s.write(
        "notes.odt",
        "SRE calls on ChatGPT, but this is a text file.\n",
    );
    let mut protected = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    protected.start_file("mimetype", options).unwrap();
    std::io::Write::write_all(&mut protected, b"application/vnd.oasis.opendocument.text").unwrap();
    protected
        .start_file("META-INF/manifest.xml", options)
        .unwrap();
    std::io::Write::write_all(
        &mut protected,
        br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>"#,
    )
    .unwrap();
    protected.start_file("content.xml", options).unwrap();
    std::io::Write::write_all(&mut protected, &[0x8f, 0x00, 0xff, 0x13]).unwrap();
    s.write("secret.odt", protected.finish().unwrap().into_inner());
    let (json, code) = check_json(s.path(), &["."]);
    assert_eq!(code, 2);
    let problems: Vec<(String, String)> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["path"].to_string(), p["message"].to_string()))
        .collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(problems[0].0, "\"notes.odt\"");
    assert!(problems[0].1.contains("not a zip archive"), "{problems:?}");
    assert_eq!(problems[1].0, "\"secret.odt\"");
    assert!(problems[1].1.contains("password-protected"), "{problems:?}");
}
