//! One document's bytes to located findings: text is decoded and checked in place;
//! Word and PowerPoint packages are extracted first and each finding placed in the unit
//! (slide, paragraph, table cell) it is in. With `--fix` or `--diff`, safe rewrites are
//! applied (and written) here too. Nothing here knows about waivers or the baseline: the
//! [`Linter`](super::Linter) accepts findings after.

use std::path::Path;

use super::{Document, FixMode, Linter};
use crate::check::Checker;
use crate::diagnostic::{Diagnostic, FileDiff, FileProblem, FileReport, Location};
use crate::finding::Finding;
use crate::fingerprint::Fingerprints;
use crate::fix;
use crate::lexicon::{Applicability, Engine, Severity};
use crate::own_files;
use crate::prose::DocumentKind;
use crate::prose::ooxml::{self, Limits};
use crate::source::{self, Locator};
use crate::write;

/// Checks `document`, without fixing anything.
pub(super) fn check(checker: &mut Checker, document: Document) -> FileReport {
    let mut report = FileReport {
        path: document.path.to_string(),
        ..FileReport::default()
    };
    if let Some(own) = own_files::recognise(Path::new(document.path), document.bytes) {
        report.problems.push(FileProblem {
            severity: Severity::Note,
            message: own.note().to_string(),
        });
        return report;
    }
    if document.kind.is_package() {
        check_package(checker, &mut report, document.kind, document.bytes);
        return report;
    }
    if source::looks_binary(document.bytes) {
        report.problems.push(FileProblem {
            severity: Severity::Note,
            message: "binary file (it has NUL bytes); skipped".into(),
        });
        return report;
    }
    let decoded = source::decode(document.bytes);
    if let Some(at) = decoded.first_invalid {
        report.problems.push(FileProblem {
            severity: Severity::Warning,
            message: format!(
                "not valid UTF-8 (first bad byte at offset {at}); checked the text that decodes"
            ),
        });
    }
    let text: &str = &decoded.text;
    let findings = checker.check(document.kind, text);
    report.diagnostics = locate(checker.engine(), text, findings);
    report
}

impl Linter {
    /// Checks `document` and, as `mode` says, applies its safe rewrites (those
    /// [`Linter::may_fix`] allows): shown as a diff, or written to `file` (`None` for
    /// standard input, which is never written). The findings are those left after the
    /// rewrites, accepted as [`Linter::check_document`] accepts them.
    pub fn fix_document(
        &self,
        checker: &mut Checker,
        document: Document,
        mode: FixMode,
        file: Option<&Path>,
    ) -> FileReport {
        let mut report = fix_document(self, checker, document, mode, file);
        self.accept(&mut report);
        report
    }
}

fn fix_document(
    linter: &Linter,
    checker: &mut Checker,
    document: Document,
    mode: FixMode,
    file: Option<&Path>,
) -> FileReport {
    let Document { path, kind, bytes } = document;
    let own = own_files::recognise(Path::new(path), bytes).is_some();
    if mode == FixMode::Off || kind.is_package() || own {
        // Word and PowerPoint files are never rewritten; their rewrites are suggestions.
        return check(checker, document);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) if !source::looks_binary(bytes) => text,
        _ => {
            let mut report = check(checker, document);
            if has_safe_fix(&report) {
                report.problems.push(FileProblem {
                    severity: Severity::Warning,
                    message: "not fixed: the file is not valid UTF-8".into(),
                });
            }
            return report;
        }
    };
    let mut report = FileReport {
        path: path.to_string(),
        ..FileReport::default()
    };
    if !kind.is_fixable() {
        report.diagnostics = locate(checker.engine(), text, checker.check(kind, text));
        if has_safe_fix(&report) {
            report.problems.push(FileProblem {
                severity: Severity::Note,
                message: "copylint does not rewrite this type of file; apply the rewrites by hand"
                    .into(),
            });
        }
        return report;
    }
    let fixed = fix::fix_where(checker, kind, text, &|f| linter.may_fix(path, f));
    if !fixed.converged {
        report.problems.push(FileProblem {
            severity: Severity::Warning,
            message: format!(
                "safe rewrites were still found after {} fix passes; run --fix again",
                fix::MAX_PASSES
            ),
        });
    }
    let engine = checker.engine();
    if fixed.applied == 0 {
        report.diagnostics = locate(engine, text, fixed.before);
        return report;
    }
    match (mode, file) {
        (FixMode::Diff, _) => {
            report.fixed = fixed.applied;
            report.diagnostics = locate(engine, text, fixed.before);
            report.diff = Some(FileDiff {
                original: text.to_string(),
                fixed: fixed.text,
            });
        }
        (_, None) => {
            report.diagnostics = locate(engine, text, fixed.before);
            report.problems.push(FileProblem {
                severity: Severity::Note,
                message: "standard input is not rewritten; use --diff to see the fixes".into(),
            });
        }
        (_, Some(file)) => match write::replace_if_unchanged(file, bytes, fixed.text.as_bytes()) {
            Ok(()) => {
                report.fixed = fixed.applied;
                report.diagnostics = locate(engine, &fixed.text, fixed.after);
            }
            Err(err) => {
                report.diagnostics = locate(engine, text, fixed.before);
                report.problems.push(FileProblem {
                    severity: Severity::Error,
                    message: err.to_string(),
                });
            }
        },
    }
    report
}

fn has_safe_fix(report: &FileReport) -> bool {
    report.diagnostics.iter().any(|d| {
        d.suppressed.is_none()
            && d.suggestions
                .first()
                .is_some_and(|s| s.applicability == Applicability::Safe)
    })
}

/// The findings of `text`, located in it.
pub(super) fn locate(engine: &Engine, text: &str, findings: Vec<Finding>) -> Vec<Diagnostic> {
    if findings.is_empty() {
        return Vec::new();
    }
    let mut locator = Locator::new(text);
    let mut fingerprints = Fingerprints::default();
    findings
        .into_iter()
        .map(|f| Diagnostic::new(engine, &mut locator, &mut fingerprints, f))
        .collect()
}

/// Checks a Word or PowerPoint file: its extracted text is checked as plain text, and
/// each finding is placed in the unit (slide, paragraph, table cell) it is in, with
/// offsets, lines and columns relative to that unit's text.
fn check_package(checker: &mut Checker, report: &mut FileReport, kind: DocumentKind, bytes: &[u8]) {
    let doc = match ooxml::extract(kind, bytes, &Limits::default()) {
        Ok(doc) => doc,
        Err(err) => {
            report.problems.push(FileProblem {
                severity: Severity::Error,
                message: err.to_string(),
            });
            return;
        }
    };
    report
        .problems
        .extend(doc.warnings.iter().map(|message| FileProblem {
            severity: Severity::Warning,
            message: message.clone(),
        }));
    let mut located: Option<(usize, Locator)> = None;
    let mut fingerprints = Fingerprints::default();
    for mut finding in checker.check(kind, &doc.text) {
        let (Some((unit, span)), Some((_, sentence))) = (
            doc.locate(finding.span.clone()),
            doc.locate(finding.sentence.clone()),
        ) else {
            continue;
        };
        finding.span = span;
        finding.sentence = sentence;
        // `--fix` never writes a package: its rewrites are suggestions only.
        for suggestion in &mut finding.suggestions {
            suggestion.applicability = Applicability::Unsafe;
        }
        let text = &doc.units[unit].text;
        if located.as_ref().is_none_or(|(u, _)| *u != unit) {
            located = Some((unit, Locator::new(text)));
        }
        let Some((_, locator)) = &mut located else {
            continue;
        };
        let location = Location {
            index: unit,
            name: doc.units[unit].location.clone(),
        };
        report.diagnostics.push(
            Diagnostic::new(checker.engine(), locator, &mut fingerprints, finding).at(location),
        );
    }
}
