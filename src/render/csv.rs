//! `copylint report --csv`: every finding as a row, suppressed ones included (with their
//! status), for spreadsheets and scripts. Written by the `csv` crate (RFC 4180 quoting).
//!
//! Document text is untrusted and spreadsheets run formulas: a text cell that starts
//! with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, as OWASP
//! advises against CSV injection.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Report};
use crate::lexicon::Engine;

/// The header row: the fields of each row, in order.
pub use crate::own_files::CSV_HEADER as HEADER;

/// One finding as a CSV row.
#[derive(Serialize, Default)]
struct Row<'a> {
    path: String,
    location: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    rule: &'a str,
    severity: &'static str,
    status: &'static str,
    reason: String,
    approved_by: String,
    waiver_expires: String,
    matched: String,
    sentence: String,
    suggestion: String,
    message: String,
    fingerprint: &'a str,
    rule_source: String,
    rule_owner: String,
    rule_effective: String,
    rule_expires: String,
    rule_link: String,
}

/// What a finding's status column says: `open` or how it is suppressed.
pub fn status(d: &Diagnostic) -> &'static str {
    d.suppressed.as_ref().map_or("open", |s| s.kind.as_str())
}

/// Makes a cell safe to open in a spreadsheet (see the module documentation).
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Writes every diagnostic of `report` as CSV with a header row.
pub fn render(report: &Report, engine: &Engine, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(out);
    // Written apart from the rows so that a report without findings has one too.
    writer.write_record(HEADER).map_err(io::Error::other)?;
    for (path, d) in report.diagnostics() {
        let p = &engine.rules[d.rule].provenance;
        let suppression = d.suppressed.as_ref();
        let text = |value: Option<&String>| value.map_or_else(String::new, |v| cell(v));
        writer
            .serialize(Row {
                path: cell(path),
                location: text(d.location.as_ref().map(|l| &l.name)),
                line: d.start.line,
                column: d.start.column,
                end_line: d.end.line,
                end_column: d.end.column,
                rule: &d.rule_id,
                severity: d.severity.as_str(),
                status: status(d),
                reason: text(suppression.and_then(|s| s.reason.as_ref())),
                approved_by: text(suppression.and_then(|s| s.approved_by.as_ref())),
                waiver_expires: suppression
                    .and_then(|s| s.expires)
                    .map_or_else(String::new, |d| d.to_string()),
                // The words as a reader sees them; JSON has the source bytes.
                matched: cell(
                    d.sentence
                        .get(d.sentence_match.clone())
                        .unwrap_or(&d.matched),
                ),
                sentence: cell(&d.sentence),
                suggestion: text(d.suggestions.first().map(|s| &s.replacement)),
                message: cell(&d.message),
                fingerprint: &d.fingerprint,
                rule_source: text(p.source.as_ref()),
                rule_owner: text(p.owner.as_ref()),
                rule_effective: p.effective.map(|d| d.to_string()).unwrap_or_default(),
                rule_expires: p.expires.map(|d| d.to_string()).unwrap_or_default(),
                rule_link: text(p.link.as_ref()),
            })
            .map_err(io::Error::other)?;
    }
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_defused() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("SRE = fast"), "SRE = fast");
    }

    #[test]
    fn the_header_names_the_fields_in_order() {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.serialize(Row::default()).unwrap();
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_eq!(text.lines().next().unwrap(), HEADER.join(","));
    }
}
