//! The files copylint writes itself: its config file, baselines and reports. They quote
//! the very wording the rules ban (a baseline records each finding's sentence, a report
//! shows every finding and rule message), so linting them as prose would fail every run
//! that keeps them in the tree. Whichever door names one (a folder walk, a file named
//! on the command line, pre-commit, an editor), it is recognised here and skipped with
//! a note saying so.
//!
//! Recognition is by name for the config file and by content for the rest: a baseline is
//! JSON that parses as one; an HTML report starts as copylint's report template does and
//! names copylint as its generator; a CSV report starts with copylint's exact header row.
//! A page written to imitate a report is skipped too, but never silently: the note names
//! the file in every output.

use std::path::Path;

use crate::baseline;
use crate::config::FILE_NAME;

/// The header row of `copylint report --csv` (written by [`crate::render::csv`]): the
/// fields of each row, in order. Recognising it is how a CSV report is known.
pub const CSV_HEADER: [&str; 22] = [
    "path",
    "location",
    "line",
    "column",
    "end_line",
    "end_column",
    "rule",
    "severity",
    "status",
    "reason",
    "approved_by",
    "waiver_expires",
    "matched",
    "sentence",
    "suggestion",
    "message",
    "fingerprint",
    "rule_source",
    "rule_owner",
    "rule_effective",
    "rule_expires",
    "rule_link",
];

/// How much of a file is looked at to recognise a report.
const HEAD: usize = 2048;

/// A file copylint wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnFile {
    /// `.copylint.yaml`.
    Config,
    /// A baseline (`--write-baseline`).
    Baseline,
    /// An HTML report (`copylint report --html`).
    HtmlReport,
    /// A CSV report (`copylint report --csv`).
    CsvReport,
}

impl OwnFile {
    /// What to tell people about the file.
    pub fn note(self) -> &'static str {
        match self {
            OwnFile::Config => "copylint's config file; not checked as prose",
            OwnFile::Baseline => "a copylint baseline; not checked as prose",
            OwnFile::HtmlReport => "a copylint HTML report; not checked as prose",
            OwnFile::CsvReport => "a copylint CSV report; not checked as prose",
        }
    }
}

/// Which of copylint's own files `bytes`, read from `path`, is, if any.
pub fn recognise(path: &Path, bytes: &[u8]) -> Option<OwnFile> {
    if path.file_name().is_some_and(|n| n == FILE_NAME) {
        return Some(OwnFile::Config);
    }
    let head = &bytes[..bytes.len().min(HEAD)];
    if is_html_report(head) {
        return Some(OwnFile::HtmlReport);
    }
    if is_csv_report(head) {
        return Some(OwnFile::CsvReport);
    }
    if head.trim_ascii_start().starts_with(b"{")
        && memchr::memmem::find(head, b"\"findings\"").is_some()
        && std::str::from_utf8(bytes).is_ok_and(|text| baseline::parse("", text).is_ok())
    {
        return Some(OwnFile::Baseline);
    }
    None
}

fn is_html_report(head: &[u8]) -> bool {
    const DOCTYPE: &[u8] = b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">";
    head.starts_with(DOCTYPE)
        && memchr::memmem::find(head, b"<meta name=\"generator\" content=\"copylint ").is_some()
        && memchr::memmem::find(
            head,
            b"Content-Security-Policy\" content=\"default-src 'none'",
        )
        .is_some()
}

fn is_csv_report(head: &[u8]) -> bool {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    line.split(|&b| b == b',')
        .eq(CSV_HEADER.iter().map(|h| h.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_what_copylint_writes_and_nothing_else() {
        let none = |path: &str, text: &str| recognise(Path::new(path), text.as_bytes());
        assert_eq!(none("docs/.copylint.yaml", ""), Some(OwnFile::Config));
        assert_eq!(none("copylint.yaml", "rules: {}"), None);
        assert_eq!(
            none("b.json", "{\n  \"version\": 1,\n  \"findings\": []\n}\n"),
            Some(OwnFile::Baseline)
        );
        assert_eq!(
            none("b.json", "{\"findings\": \"SRE enables access\"}"),
            None
        );
        assert_eq!(
            none("f.csv", &format!("{}\r\nx\n", CSV_HEADER.join(","))),
            Some(OwnFile::CsvReport)
        );
        assert_eq!(none("f.csv", "path,location\nSRE calls on GPT-5\n"), None);
        assert_eq!(
            none("page.html", "<!DOCTYPE html>\n<p>SRE calls on GPT-5</p>"),
            None
        );
    }
}
