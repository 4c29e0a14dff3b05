//! `--format lsp`: the findings as Language Server Protocol diagnostics, for scripts that
//! speak LSP types. One JSON array with an entry for every file checked, clean ones too:
//!
//! ```json
//! [{"uri": "file:///home/ana/deck/notes.md",
//!   "diagnostics": [{"range": {"start": {"line": 4, "character": 14},
//!                              "end": {"line": 5, "character": 9}},
//!                    "severity": 1, "code": "openai-on-aws/access-wording",
//!                    "source": "copylint", "message": "..."}]}]
//! ```
//!
//! Lines and characters are 0-based, characters count UTF-16 code units (the protocol's
//! default). [`to_lsp`] is the one conversion from a located [`Diagnostic`] to an LSP
//! diagnostic: the language server publishes exactly what this format prints. Suppressed
//! findings are left out, as editors show them; a finding in a Word or PowerPoint file is
//! placed at the start of the file, its place named in the message.

use std::io::{self, Write};
use std::path::Path;

use lsp_types::{CodeDescription, DiagnosticSeverity, NumberOrString};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, FileReport, Report};
use crate::lexicon::{Engine, Severity};
use crate::source;

/// The `source` of every diagnostic copylint publishes.
pub const SOURCE: &str = "copylint";

/// An LSP position (0-based line, UTF-16 character) from a located position.
pub fn position(p: source::Position) -> lsp_types::Position {
    lsp_types::Position {
        line: clamp_u32(p.line.saturating_sub(1)),
        character: clamp_u32(p.utf16),
    }
}

/// The LSP range of a diagnostic's span (the start of the file for a finding in a Word or
/// PowerPoint file, whose positions are not the file's).
pub fn range(d: &Diagnostic) -> lsp_types::Range {
    if d.location.is_some() {
        return lsp_types::Range::default();
    }
    lsp_types::Range {
        start: position(d.start),
        end: position(d.end),
    }
}

/// The LSP severity of a finding's severity.
pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    }
}

/// The LSP diagnostic for `d`: the rule id as `code`, the rule's link (when its lexicon
/// gives one) as `codeDescription`, and a message that ends by pointing at
/// `copylint explain`.
pub fn to_lsp(d: &Diagnostic, engine: &Engine) -> lsp_types::Diagnostic {
    let code_description = engine
        .rules
        .get(d.rule)
        .and_then(|rule| rule.provenance.link.as_deref())
        .and_then(|link| link.parse().ok())
        .map(|href| CodeDescription { href });
    lsp_types::Diagnostic {
        range: range(d),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule_id.clone())),
        code_description,
        source: Some(SOURCE.to_string()),
        message: format!(
            "{}{}\n(`copylint explain {}` says why)",
            d.location
                .as_ref()
                .map_or_else(String::new, |l| format!("{}: ", l.name)),
            d.message,
            d.rule_id
        ),
        ..lsp_types::Diagnostic::default()
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[derive(Serialize)]
struct Entry {
    uri: String,
    diagnostics: Vec<lsp_types::Diagnostic>,
}

/// Whether `file` was read and checked (a path that could not be read was not).
fn was_checked(file: &FileReport) -> bool {
    !file.problems.iter().any(|p| p.severity == Severity::Error)
}

/// Writes one JSON array with an entry per file checked, and a newline. The run must
/// have kept clean files ([`crate::lint::RunOptions::keep_clean_files`]).
pub fn render(report: &Report, engine: &Engine, out: &mut dyn Write) -> io::Result<()> {
    let mut entries = Vec::new();
    for file in report.files.iter().filter(|f| was_checked(f)) {
        let uri = crate::uri::file_uri(Path::new(&file.path)).ok_or_else(|| {
            io::Error::other(format!("cannot make a file URI of `{}`", file.path))
        })?;
        entries.push(Entry {
            uri: uri.into(),
            diagnostics: file
                .diagnostics
                .iter()
                .filter(|d| d.suppressed.is_none())
                .map(|d| to_lsp(d, engine))
                .collect(),
        });
    }
    serde_json::to_writer(&mut *out, &entries).map_err(io::Error::from)?;
    writeln!(out)
}
