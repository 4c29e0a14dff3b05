//! Every door gives the same answer: `check --format json`, `report --csv` and the
//! language server report the same findings (rule, range, severity, suppression status)
//! for the same files, with a config file that has waivers and a severity override, a
//! baseline, and inline suppressions. Run on the bundled samples, every test fixture
//! (all formats) and, when it is beside the project, `../shared/corpus/real`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::lsp::Client;
use common::{audit, check_json};
use serde_json::Value;

/// (path, place, start, end, rule, severity, status); positions are (line, UTF-16
/// column), 0-based, as the language server counts them.
type Row = (
    String,
    String,
    (u64, u64),
    (u64, u64),
    String,
    String,
    String,
);

#[test]
fn check_report_and_the_language_server_agree() {
    let s = audit::repository("");
    s.write(
        "samples/new.md",
        "SRE enables access to ChatGPT. SRE calls on GPT-5.\n",
    );

    let (json, _) = check_json(s.path(), &["."]);
    let from_json = json_rows(s.path(), &json);
    let statuses: BTreeSet<&str> = from_json.iter().map(|r| r.6.as_str()).collect();
    assert_eq!(
        statuses,
        BTreeSet::from(["baseline", "inline", "open", "waiver"]),
        "the run exercises every suppression"
    );
    assert!(
        from_json.iter().any(|r| r.5 == "warning"),
        "the override applies"
    );
    assert!(
        from_json.iter().any(|r| !r.1.is_empty()),
        "Office files are among the inputs"
    );

    // Status 2: some Office fixtures are broken on purpose (a zip bomb, a truncated
    // deck); both doors report them and check the rest.
    let failures = json["summary"]["failures"].as_u64().unwrap();
    s.cmd(&["report", "--csv", "report.csv", "."])
        .assert()
        .code(if failures > 0 { 2 } else { 0 });
    let from_csv = csv_rows(s.path(), &s.path().join("report.csv"));
    assert_eq!(from_csv, from_json, "report --csv and check --format json");

    // The language server: every text document opened as an editor would open it.
    let expected: Vec<Row> = from_json
        .iter()
        .filter(|r| r.6 == "open" && language(&r.0).is_some())
        .cloned()
        .collect();
    let mut client = Client::initialized(&[], Some(s.path()));
    let mut from_lsp = Vec::new();
    for path in text_documents(s.path()) {
        let relative = shown(s.path(), &path);
        let Some(language) = language(&relative) else {
            continue;
        };
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let uri = common::file_uri(&path);
        client.open(&uri, language, &text);
        for d in client.diagnostics(&uri, 1) {
            from_lsp.push((
                relative.clone(),
                String::new(),
                position(&d["range"]["start"]),
                position(&d["range"]["end"]),
                d["code"].as_str().unwrap().to_string(),
                match d["severity"].as_u64() {
                    Some(1) => "error",
                    Some(2) => "warning",
                    _ => "note",
                }
                .to_string(),
                "open".to_string(),
            ));
        }
        client.notify(
            "textDocument/didClose",
            serde_json::json!({"textDocument": {"uri": uri}}),
        );
    }
    assert_eq!(client.stop(), 0);
    from_lsp.sort();
    assert_eq!(
        from_lsp, expected,
        "the language server and check --format json"
    );
}

/// The rows of `check --format json`, positions converted to the language server's.
fn json_rows(root: &Path, json: &Value) -> Vec<Row> {
    let mut rows: Vec<Row> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap().to_string();
            let location = d["location"].as_str().unwrap_or("").to_string();
            let (start, end) = if location.is_empty() {
                let text = std::fs::read(root.join(&path)).unwrap();
                let text = String::from_utf8_lossy(&text);
                (
                    utf16_position(&text, d["byte_start"].as_u64().unwrap() as usize),
                    utf16_position(&text, d["byte_end"].as_u64().unwrap() as usize),
                )
            } else {
                // A place in an Office file: lines and columns of its extracted text.
                (
                    (
                        d["line"].as_u64().unwrap() - 1,
                        d["column"].as_u64().unwrap() - 1,
                    ),
                    (
                        d["end_line"].as_u64().unwrap() - 1,
                        d["end_column"].as_u64().unwrap() - 1,
                    ),
                )
            };
            (
                path,
                location,
                start,
                end,
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["suppressed"]["kind"]
                    .as_str()
                    .unwrap_or("open")
                    .to_string(),
            )
        })
        .collect();
    rows.sort();
    rows
}

/// The rows of `report --csv`, positions converted as for JSON.
fn csv_rows(root: &Path, csv: &Path) -> Vec<Row> {
    let mut reader = csv::Reader::from_path(csv).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (path, location, line, col, end_line, end_col, rule, severity, status) = (
        column("path"),
        column("location"),
        column("line"),
        column("column"),
        column("end_line"),
        column("end_column"),
        column("rule"),
        column("severity"),
        column("status"),
    );
    let mut rows: Vec<Row> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let number = |i: usize| r[i].parse::<u64>().unwrap() - 1;
            let file = r[path].to_string();
            let (start, end) = if r[location].is_empty() {
                // CSV columns count characters: re-count them in UTF-16.
                let text = std::fs::read(root.join(&file)).unwrap();
                let text = String::from_utf8_lossy(&text);
                (
                    utf16_position(&text, char_offset(&text, number(line), number(col))),
                    utf16_position(&text, char_offset(&text, number(end_line), number(end_col))),
                )
            } else {
                (
                    (number(line), number(col)),
                    (number(end_line), number(end_col)),
                )
            };
            (
                file,
                r[location].to_string(),
                start,
                end,
                r[rule].to_string(),
                r[severity].to_string(),
                r[status].to_string(),
            )
        })
        .collect();
    rows.sort();
    rows
}

/// Line starts as copylint counts them: `\n`, `\r\n` and a lone `\r` end a line.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i + 1),
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

/// The (line, UTF-16 column) of byte `offset`, both from 0.
fn utf16_position(text: &str, offset: usize) -> (u64, u64) {
    let starts = line_starts(text);
    let line = starts.partition_point(|&s| s <= offset) - 1;
    let column: usize = text[starts[line]..offset]
        .chars()
        .map(char::len_utf16)
        .sum();
    (line as u64, column as u64)
}

/// The byte offset of 0-based `line` and character `column`.
fn char_offset(text: &str, line: u64, column: u64) -> usize {
    let start = line_starts(text)[line as usize];
    text[start..]
        .char_indices()
        .nth(column as usize)
        .map_or(text.len(), |(i, _)| start + i)
}

fn position(p: &Value) -> (u64, u64) {
    (
        p["line"].as_u64().unwrap(),
        p["character"].as_u64().unwrap(),
    )
}

/// The language id an editor gives a file, for the formats the server lints.
fn language(path: &str) -> Option<&'static str> {
    match Path::new(path).extension()?.to_str()? {
        "md" => Some("markdown"),
        "txt" => Some("plaintext"),
        "html" | "htm" => Some("html"),
        _ => None,
    }
}

/// Every file under `root`, hidden or ignored ones included, in a stable order.
fn text_documents(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .build()
        .map(|entry| entry.unwrap().into_path())
        .filter(|path| path.is_file())
        .collect();
    out.sort();
    out
}

fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}
