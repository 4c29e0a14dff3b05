//! One document's bytes to located findings: text is decoded (see [`crate::read`]) and
//! checked in place; Word, PowerPoint, PDF files and emails are extracted first and each
//! finding placed in the unit (slide, paragraph, table cell, page, email part) it is in.
//! With `--fix` or `--diff`, safe rewrites are
//! applied (and written) here too. Nothing here knows about waivers or the baseline: the
//! [`Linter`](super::Linter) accepts findings after.

use std::path::Path;

use super::{Document, FixMode, Linter};
use crate::check::Checker;
use crate::diagnostic::{Diagnostic, FileDiff, FileProblem, FileReport, Location};
use crate::finding::{Edit, Finding};
use crate::fingerprint::Fingerprints;
use crate::fix;
use crate::lexicon::{Applicability, Engine, Severity};
use crate::own_files;
use crate::prose::DocumentKind;
use crate::prose::extracted;
use crate::read;
use crate::source::Locator;
use crate::write::{self, WritePolicy};

/// How the findings of a document's decoded text are found: [`Checker::check`] over the
/// whole text, or (the language server) an equal result assembled from parts kept
/// between edits.
pub type FindFn<'f> = dyn FnMut(&mut Checker, DocumentKind, &str) -> Vec<Finding> + 'f;

/// Checks `document`, without fixing anything.
pub(super) fn check(checker: &mut Checker, document: Document) -> FileReport {
    check_with(checker, document, &mut |checker, kind, text| {
        checker.check(kind, text)
    })
}

impl Linter {
    /// [`Linter::check_document`], with the findings of the decoded text found by `find`
    /// (which must return what [`Checker::check`] would): everything else (decoding,
    /// locating, waivers, the baseline) is the same code.
    pub fn check_document_with(
        &self,
        checker: &mut Checker,
        document: Document,
        find: &mut FindFn,
    ) -> FileReport {
        let mut report = check_with(checker, document, find);
        self.accept(&mut report);
        report
    }
}

fn check_with(checker: &mut Checker, document: Document, find: &mut FindFn) -> FileReport {
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
    if document.kind.is_extracted() {
        check_extracted(checker, &mut report, document.kind, document.bytes);
        return report;
    }
    let decoded = match read::decode(document.bytes) {
        read::Decoded::Text(decoded) => decoded,
        read::Decoded::Binary { nul_at } => {
            return super::skipped_report(
                report.path,
                format!(
                    "not text: a NUL byte at offset {nul_at} and no UTF-16 byte order mark; not checked"
                ),
            );
        }
    };
    if let Some(warning) = decoded.warning {
        report.problems.push(FileProblem {
            severity: Severity::Warning,
            message: warning,
        });
    }
    let text: &str = &decoded.text;
    let findings = find(checker, document.kind, text);
    report.diagnostics = locate(checker.engine(), text, decoded.encoding, findings);
    report
}

impl Linter {
    /// Checks `document` and, as `mode` says, applies its safe rewrites (those
    /// [`Linter::may_fix`] allows): shown as a diff, or written to `file` as `policy`
    /// allows (`None` for standard input, which is never written). The findings are
    /// those left after the rewrites, accepted as [`Linter::check_document`] accepts them.
    pub fn fix_document(
        &self,
        checker: &mut Checker,
        document: Document,
        mode: FixMode,
        file: Option<&Path>,
        policy: &WritePolicy,
    ) -> FileReport {
        let mut report = fix_document(self, checker, document, mode, file, policy);
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
    policy: &WritePolicy,
) -> FileReport {
    let Document { path, kind, bytes } = document;
    let own = own_files::recognise(Path::new(path), bytes).is_some();
    if mode == FixMode::Off || kind.is_extracted() || own {
        // Word, PowerPoint, PDF files and emails are never rewritten; their rewrites are
        // suggestions.
        return check(checker, document);
    }
    let decoded = match read::decode(bytes) {
        read::Decoded::Text(decoded) if decoded.warning.is_none() => decoded,
        other => {
            let mut report = check(checker, document);
            if has_safe_fix(&report) {
                let encoding = match other {
                    read::Decoded::Text(t) if t.encoding != read::Encoding::Utf8 => "UTF-16",
                    _ => "UTF-8",
                };
                report.problems.push(FileProblem {
                    severity: Severity::Warning,
                    message: format!("not fixed: the file is not valid {encoding}"),
                });
            }
            return report;
        }
    };
    let text: &str = &decoded.text;
    let encoding = decoded.encoding;
    let mut report = FileReport {
        path: path.to_string(),
        ..FileReport::default()
    };
    if !kind.is_fixable() {
        let findings = checker.check(kind, text);
        report.diagnostics = locate(checker.engine(), text, encoding, findings);
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
    if let Some(limit) = fixed.too_large {
        report.diagnostics = locate(checker.engine(), text, encoding, fixed.before);
        report.problems.push(FileProblem {
            severity: Severity::Error,
            message: format!(
                "not fixed: the rewrites would make the file larger than {limit} bytes \
                 (twice its size plus 64 KiB); does a rewrite bring back a phrase it replaces?"
            ),
        });
        return report;
    }
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
        report.diagnostics = locate(engine, text, encoding, fixed.before);
        return report;
    }
    match (mode, file) {
        (FixMode::Diff, _) if encoding != read::Encoding::Utf8 => {
            report.fixed = fixed.applied;
            report.diagnostics = locate(engine, text, encoding, fixed.before);
            report.problems.push(FileProblem {
                severity: Severity::Note,
                message: "a UTF-16 file: --diff leaves its rewrites out (patch reads bytes, not text); --fix applies them".into(),
            });
        }
        (FixMode::Diff, _) => {
            report.fixed = fixed.applied;
            report.diagnostics = locate(engine, text, encoding, fixed.before);
            report.diff = Some(FileDiff {
                name: raw_name(file, path),
                original: text.to_string(),
                fixed: fixed.text,
            });
        }
        (_, None) => {
            report.diagnostics = locate(engine, text, encoding, fixed.before);
            report.problems.push(FileProblem {
                severity: Severity::Note,
                message: "standard input is not rewritten; use --diff to see the fixes".into(),
            });
        }
        (_, Some(file)) => {
            let new = read::encode(&fixed.text, encoding);
            match write::replace_if_unchanged(file, bytes, &new, policy) {
                Ok(()) => {
                    report.fixed = fixed.applied;
                    report.diagnostics = locate(engine, &fixed.text, encoding, fixed.after);
                }
                Err(err) => {
                    report.diagnostics = locate(engine, text, encoding, fixed.before);
                    report.problems.push(FileProblem {
                        // Declining to write (a link, a file outside the folders named,
                        // hard links) leaves the findings reported; a failure fails.
                        severity: if err.is_refusal() {
                            Severity::Warning
                        } else {
                            Severity::Error
                        },
                        message: err.to_string(),
                    });
                }
            }
        }
    }
    report
}

/// The bytes of a file's name as shown (a `--diff` header quotes them as they are, even
/// when they are not UTF-8).
fn raw_name(file: Option<&Path>, shown: &str) -> Vec<u8> {
    #[cfg(unix)]
    if let Some(file) = file {
        use std::os::unix::ffi::OsStrExt;
        let mut bytes = file.as_os_str().as_bytes();
        while let Some(rest) = bytes.strip_prefix(b"./") {
            bytes = rest;
        }
        return bytes.to_vec();
    }
    #[cfg(not(unix))]
    let _ = file;
    shown.as_bytes().to_vec()
}

fn has_safe_fix(report: &FileReport) -> bool {
    report.diagnostics.iter().any(|d| {
        d.suppressed.is_none()
            && d.suggestions
                .first()
                .is_some_and(|s| s.applicability == Applicability::Safe)
    })
}

/// The findings of `text`, located in it; for a UTF-16 file, spans are then made offsets
/// of the file's bytes (lines and columns are the same in either).
pub(super) fn locate(
    engine: &Engine,
    text: &str,
    encoding: read::Encoding,
    findings: Vec<Finding>,
) -> Vec<Diagnostic> {
    if findings.is_empty() {
        return Vec::new();
    }
    let mut locator = Locator::new(text);
    let mut fingerprints = Fingerprints::default();
    let mut diagnostics: Vec<Diagnostic> = findings
        .into_iter()
        .map(|f| Diagnostic::new(engine, &mut locator, &mut fingerprints, f))
        .collect();
    if encoding != read::Encoding::Utf8 {
        let offsets = diagnostics
            .iter()
            .flat_map(|d| [d.span.start, d.span.end])
            .collect();
        let map = read::FileOffsets::new(text, offsets);
        for d in &mut diagnostics {
            d.span = map.get(d.span.start)..map.get(d.span.end);
        }
    }
    diagnostics
}

/// Checks a file whose text is extracted (Word, PowerPoint, PDF, email): each finding is
/// placed in the unit (slide, page, table cell, email part) it is in, with offsets, lines
/// and columns relative to that unit's text. Paragraph units are checked together as
/// plain text; a unit that is a document of its own (an email's HTML part), on its own.
fn check_extracted(
    checker: &mut Checker,
    report: &mut FileReport,
    kind: DocumentKind,
    bytes: &[u8],
) {
    let doc = match extracted::extract(kind, bytes) {
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
    if let Some(reason) = &doc.not_checked {
        report.problems.push(FileProblem {
            severity: Severity::Warning,
            message: reason.clone(),
        });
        report.not_checked = true;
        return;
    }
    let mut found: Vec<(usize, Finding)> = Vec::new();
    for finding in checker.check(kind, &doc.text) {
        let (Some((unit, span)), Some((_, sentence))) = (
            doc.locate(finding.span.clone()),
            doc.locate(finding.sentence.clone()),
        ) else {
            continue;
        };
        let mut finding = Finding {
            span,
            sentence,
            ..finding
        };
        // Edits are placed in the unit's text as the span is.
        let whole = finding.span.clone();
        for suggestion in &mut finding.suggestions {
            let placed: Option<Vec<Edit>> = suggestion
                .edits
                .iter()
                .map(|e| match doc.locate(e.span.clone()) {
                    Some((u, span)) if u == unit => Some(Edit {
                        span,
                        replacement: e.replacement.clone(),
                    }),
                    _ => None,
                })
                .collect();
            suggestion.edits = placed.unwrap_or_else(|| {
                vec![Edit {
                    span: whole.clone(),
                    replacement: suggestion.replacement.clone(),
                }]
            });
        }
        found.push((unit, finding));
    }
    for (unit, own_kind) in doc
        .units
        .iter()
        .enumerate()
        .filter_map(|(i, u)| u.kind.map(|k| (i, k)))
    {
        found.extend(
            checker
                .check(own_kind, &doc.units[unit].text)
                .into_iter()
                .map(|f| (unit, f)),
        );
    }
    let mut located: Option<(usize, Locator)> = None;
    let mut fingerprints = Fingerprints::default();
    for (unit, mut finding) in found {
        // `--fix` never writes an extracted file: its rewrites are suggestions only.
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
