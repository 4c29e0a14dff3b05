//! `--format json`: exactly one JSON object, the public contract:
//!
//! ```json
//! {"version": 1,
//!  "diagnostics": [{"path": "deck.md", "rule": "openai-on-aws/access-wording",
//!                   "severity": "error", "message": "...", "line": 3, "column": 5,
//!                   "end_line": 3, "end_column": 19, "byte_start": 40, "byte_end": 54,
//!                   "matched": "enables access", "suggestions": ["integrates with"],
//!                   "fix": {"replacement": "integrates with", "applicability": "safe",
//!                           "edits": [{"byte_start": 40, "byte_end": 54,
//!                                      "replacement": "integrates with"}]},
//!                   "sentence": "SRE enables access to ChatGPT.",
//!                   "fingerprint": "f85187c765f2e8f3", "suppressed": null}],
//!  "problems": [{"path": "x.md", "severity": "error", "message": "permission denied"}],
//!  "summary": {"files": 12, "not_checked": 0, "errors": 1, "warnings": 0, "notes": 0, "failures": 0,
//!              "suppressed": 0, "baselined": 0, "waived": 0, "fixed": 0},
//!  "rules": [{"id": "openai-on-aws/access-wording", "severity": "error",
//!             "source": "AWS internal messaging memo ...", "owner": "...",
//!             "effective": "2026-03-01", "expires": "2027-03-01", "link": null}],
//!  "config": ".copylint.yaml"}
//! ```
//!
//! `fix.edits` are what `--fix` does to the file: apply them (not `replacement` over the
//! diagnostic's bytes, which may cut a link or emphasis the phrase crosses). Each
//! diagnostic also has a `fingerprint` (see [`crate::fingerprint`]); `suppressed` is
//! `{"kind": "inline" | "baseline" | "waiver", "reason": ...}`, and for a waiver also
//! `approved_by` and `expires`. `rules` lists the rules that have diagnostics, with their
//! provenance.
//!
//! Lines and columns are 1-based (columns count Unicode scalar values; `end_column` is
//! the column just after the span); byte offsets are 0-based and half-open. For Word and
//! PowerPoint files a `location` names the place (`"slide 7, notes"`), and offsets,
//! lines and columns are relative to that place's extracted text (one line a paragraph).

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::Report;
use crate::lexicon::{Applicability, Engine, RuleId};

/// Version of the JSON format; bumped on any incompatible change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    problems: Vec<JsonProblem<'a>>,
    summary: JsonSummary,
    rules: Vec<JsonRule<'a>>,
    /// The config file in force, or `null`.
    config: Option<&'a str>,
}

/// A rule that has diagnostics, with where it comes from.
#[derive(Serialize)]
struct JsonRule<'a> {
    id: &'a str,
    severity: &'static str,
    source: Option<&'a str>,
    owner: Option<&'a str>,
    effective: Option<String>,
    expires: Option<String>,
    link: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
    matched: &'a str,
    suggestions: Vec<&'a str>,
    fix: Option<JsonFix<'a>>,
    /// When no rewrite fits: why, and how to rephrase.
    help: Option<&'a str>,
    sentence: &'a str,
    fingerprint: &'a str,
    /// Only for Word and PowerPoint files: `slide 7, notes`, `paragraph 42`.
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a str>,
    suppressed: Option<JsonSuppressed<'a>>,
}

#[derive(Serialize)]
struct JsonSuppressed<'a> {
    kind: &'static str,
    reason: Option<&'a str>,
    /// Only for waivers.
    #[serde(skip_serializing_if = "Option::is_none")]
    approved_by: Option<&'a str>,
    /// Only for waivers.
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<String>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    replacement: &'a str,
    applicability: &'static str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    byte_start: usize,
    byte_end: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    path: &'a str,
    severity: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    not_checked: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
    failures: usize,
    suppressed: usize,
    baselined: usize,
    waived: usize,
    fixed: usize,
}

/// Writes `report` as one JSON object and a newline; `engine` tells where its rules come
/// from.
pub fn render(report: &Report, engine: &Engine, out: &mut dyn Write) -> io::Result<()> {
    let diagnostics = report
        .diagnostics()
        .map(|(path, d)| JsonDiagnostic {
            path,
            rule: &d.rule_id,
            severity: d.severity.as_str(),
            message: &d.message,
            line: d.start.line,
            column: d.start.column,
            end_line: d.end.line,
            end_column: d.end.column,
            byte_start: d.span.start,
            byte_end: d.span.end,
            matched: &d.matched,
            suggestions: d
                .suggestions
                .iter()
                .map(|s| s.replacement.as_str())
                .collect(),
            fix: d
                .suggestions
                .first()
                .filter(|s| s.applicability == Applicability::Safe)
                .map(|s| JsonFix {
                    replacement: &s.replacement,
                    applicability: s.applicability.as_str(),
                    edits: s
                        .edits
                        .iter()
                        .map(|e| JsonEdit {
                            byte_start: e.span.start,
                            byte_end: e.span.end,
                            replacement: &e.replacement,
                        })
                        .collect(),
                }),
            help: d.help.as_deref(),
            sentence: &d.sentence,
            fingerprint: &d.fingerprint,
            location: d.location.as_ref().map(|l| l.name.as_str()),
            suppressed: d.suppressed.as_ref().map(|s| JsonSuppressed {
                kind: s.kind.as_str(),
                reason: s.reason.as_deref(),
                approved_by: s.approved_by.as_deref(),
                expires: s.expires.map(|d| d.to_string()),
            }),
        })
        .collect();
    let problems = report
        .problems()
        .map(|(path, severity, message)| JsonProblem {
            path,
            severity: severity.as_str(),
            message,
        })
        .collect();
    let mut rule_ids: Vec<RuleId> = report.diagnostics().map(|(_, d)| d.rule).collect();
    rule_ids.sort_by(|&a, &b| engine.rules[a].id.cmp(&engine.rules[b].id));
    rule_ids.dedup();
    let rules = rule_ids
        .into_iter()
        .map(|r| {
            let rule = &engine.rules[r];
            let p = &rule.provenance;
            JsonRule {
                id: &rule.id,
                severity: rule.severity.as_str(),
                source: p.source.as_deref(),
                owner: p.owner.as_deref(),
                effective: p.effective.map(|d| d.to_string()),
                expires: p.expires.map(|d| d.to_string()),
                link: p.link.as_deref(),
            }
        })
        .collect();
    let s = report.summary;
    let output = Output {
        rules,
        version: VERSION,
        config: report.config.as_deref(),
        diagnostics,
        problems,
        summary: JsonSummary {
            files: s.files,
            not_checked: s.not_checked,
            errors: s.errors,
            warnings: s.warnings,
            notes: s.notes,
            failures: s.failures,
            suppressed: s.suppressed,
            baselined: s.baselined,
            waived: s.waived,
            fixed: s.fixed,
        },
    };
    serde_json::to_writer(&mut *out, &output).map_err(io::Error::from)?;
    writeln!(out)
}
