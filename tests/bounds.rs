//! Shapes that used to take time quadratic in their size (issue 12): deeply nested inline
//! markup, containers nested on one line, many findings on one long line, nested text
//! boxes. Each is checked here for its exact answer on the real binary; that the work is
//! linear is pinned without timing by the work counters of the unit tests named below,
//! and measured by `bench/growth.sh`.

mod common;

use std::io::{Cursor, Write};

use common::{Scratch, check_json};
use serde_json::Value;

const BAD: &str = "SRE calls on ChatGPT.";

fn summary(json: &Value) -> (u64, usize) {
    (
        json["summary"]["errors"].as_u64().unwrap(),
        json["problems"].as_array().unwrap().len(),
    )
}

/// (errors, problems) for one file named `name` holding `contents`.
fn check_one(name: &str, contents: impl AsRef<[u8]>) -> (Value, i32) {
    let s = Scratch::new();
    s.write(name, contents);
    check_json(s.path(), &[name])
}

/// 40,000 nested inline elements around a term, and a term split by a tag deep in such a
/// nest: found once each. (Linear work: `prefilter::tests::nested_tags_are_looked_past_once`.)
#[test]
fn forty_thousand_nested_inline_elements() {
    let n = 40_000;
    for (name, page) in [
        (
            "b.html",
            format!("<p>{}{BAD}{}</p>", "<b>".repeat(n), "</b>".repeat(n)),
        ),
        (
            "div.html",
            format!("{}{BAD}{}", "<div>".repeat(n), "</div>".repeat(n)),
        ),
        (
            "span.md",
            format!("{}{BAD}{}\n", "<span>".repeat(n), "</span>".repeat(n)),
        ),
        (
            "mismatched.html",
            format!("<p>{}{BAD}{}</p>", "<b>".repeat(n), "</i>".repeat(n)),
        ),
        (
            "split.html",
            format!("<p>SRE calls on Chat{}GPT.</p>", "<b>".repeat(n)),
        ),
    ] {
        let (json, code) = check_one(name, page);
        assert_eq!((code, summary(&json)), (1, (1, 0)), "{name}");
    }
}

/// `'> ' * 100_000 + '- ' * 100_000`: the first 100 markers of the line open containers,
/// the rest is read as text, so the phrase is still found. (The limit is pinned by
/// `prose::markdown::tests::containers_past_the_limit_on_one_line_read_as_text`.)
#[test]
fn a_hundred_thousand_containers_on_one_line() {
    let n = 100_000;
    let (json, code) = check_one(
        "nested.md",
        format!("{}{}{BAD}\n", "> ".repeat(n), "- ".repeat(n)),
    );
    assert_eq!((code, summary(&json)), (1, (1, 0)));
    assert_eq!(json["diagnostics"][0]["column"], 4 * n + 5);
}

/// A 1 MB minified page, one line, 40,000 findings: every column is right. (Linear work:
/// `source::tests::many_positions_on_one_long_line_cost_the_line_once`.)
#[test]
fn forty_thousand_findings_on_one_line() {
    let n = 40_000;
    let unit = format!("<p>{BAD}</p>");
    let (json, code) = check_one(
        "min.html",
        format!("<html><body>{}</body></html>", unit.repeat(n)),
    );
    assert_eq!((code, summary(&json)), (1, (n as u64, 0)));
    let diagnostics = json["diagnostics"].as_array().unwrap();
    for (i, d) in diagnostics.iter().enumerate().step_by(997) {
        let column = "<html><body>".len() + i * unit.len() + "<p>SRE ".len() + 1;
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(1), Some(column as u64))
        );
    }
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn docx(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated),
    )
    .unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// Text boxes in text boxes, each with a finding: all found while the nesting is within
/// what the reader follows. Past 65,535 elements deep the XML reader used to lose the
/// document's namespaces and report nothing, exit 0; now the file is refused, clearly.
#[test]
fn nested_text_boxes() {
    let nest = |n: usize| {
        let open = format!("<w:p><w:r><w:t>{BAD}</w:t></w:r><w:r><w:txbxContent>");
        docx(&format!(
            "{}{}",
            open.repeat(n),
            "</w:txbxContent></w:r></w:p>".repeat(n)
        ))
    };
    let (json, code) = check_one("boxes.docx", nest(3000));
    assert_eq!((code, summary(&json)), (1, (3000, 0)));
    // Three elements a level: 66,000 deep.
    let (json, code) = check_one("deep.docx", nest(22_000));
    assert_eq!(code, 2);
    let message = json["problems"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("`word/document.xml` nests elements more than 10000 levels deep")
            && message.ends_with("; not read"),
        "{message}"
    );
    assert_eq!(json["problems"][0]["severity"], "error");
}

/// One paragraph of a Word file with 20,000 findings: columns are counted once.
#[test]
fn a_long_word_paragraph_full_of_findings() {
    let n = 20_000;
    let body = format!(
        "<w:p><w:r><w:t>{}</w:t></w:r></w:p>",
        format!("{BAD} ").repeat(n)
    );
    let (json, code) = check_one("long.docx", docx(&body));
    assert_eq!((code, summary(&json)), (1, (n as u64, 0)));
    let last = &json["diagnostics"][n - 1];
    assert_eq!(
        last["column"].as_u64(),
        Some(((n - 1) * (BAD.len() + 1) + 5) as u64)
    );
}
