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

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Diagnostic, FileReport, Notice, Report, Summary};
use crate::identity::RunIdentity;
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
    #[serde(skip_serializing_if = "Option::is_none")]
    identity: Option<&'a RunIdentity>,
    paths: &'a [String],
    lapsed_waivers: Vec<(usize, usize)>,
}

/// A rule that has diagnostics, with where it comes from.
#[derive(Serialize)]
pub(crate) struct JsonRule<'a> {
    id: &'a str,
    severity: &'static str,
    source: Option<&'a str>,
    owner: Option<&'a str>,
    effective: Option<String>,
    expires: Option<String>,
    link: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct JsonDiagnostic<'a> {
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
    /// The finding's byte range in `sentence`.
    sentence_match: [usize; 2],
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
pub(crate) struct JsonProblem<'a> {
    path: &'a str,
    severity: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    not_checked: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    notice: bool,
}

#[derive(Serialize)]
pub(crate) struct JsonSummary {
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
        .map(|(path, d)| diagnostic(path, d))
        .collect();
    let problems = report
        .files
        .iter()
        .flat_map(file_problems)
        .chain(report.notices.iter().map(notice))
        .collect();
    let output = Output {
        rules: rules(engine, report.diagnostics().map(|(_, d)| d.rule).collect()),
        version: VERSION,
        config: report.config.as_deref(),
        diagnostics,
        problems,
        summary: summary(&report.summary),
        identity: report.identity.as_ref(),
        paths: &report.paths,
        lapsed_waivers: lapsed_waivers(&report.files),
    };
    serde_json::to_writer(&mut *out, &output).map_err(io::Error::from)?;
    writeln!(out)
}

/// One diagnostic as the JSON output shows it.
pub(crate) fn diagnostic<'a>(path: &'a str, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
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
        sentence_match: [d.sentence_match.start, d.sentence_match.end],
        fingerprint: &d.fingerprint,
        location: d.location.as_ref().map(|l| l.name.as_str()),
        suppressed: d.suppressed.as_ref().map(|s| JsonSuppressed {
            kind: s.kind.as_str(),
            reason: s.reason.as_deref(),
            approved_by: s.approved_by.as_deref(),
            expires: s.expires.map(|d| d.to_string()),
        }),
    }
}

/// The problems copylint had with `file`.
pub(crate) fn file_problems(file: &FileReport) -> impl Iterator<Item = JsonProblem<'_>> {
    file.problems.iter().map(move |p| JsonProblem {
        path: &file.path,
        severity: p.severity.as_str(),
        message: &p.message,
        not_checked: file.not_checked,
        notice: false,
    })
}

/// A notice about the run, among the problems.
pub(crate) fn notice(n: &Notice) -> JsonProblem<'_> {
    JsonProblem {
        path: &n.source,
        severity: n.severity.as_str(),
        message: &n.message,
        not_checked: false,
        notice: true,
    }
}

/// The rules of `rule_ids` (any order, repeats allowed) with their provenance, by id.
pub(crate) fn rules(engine: &Engine, mut rule_ids: Vec<RuleId>) -> Vec<JsonRule<'_>> {
    rule_ids.sort_by(|&a, &b| engine.rules[a].id.cmp(&engine.rules[b].id));
    rule_ids.dedup();
    rule_ids
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
        .collect()
}

/// The totals as the JSON output shows them.
pub(crate) fn summary(s: &Summary) -> JsonSummary {
    JsonSummary {
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
    }
}

/// `[[waiver, findings]]`: for each expired waiver, how many findings of `files` it
/// would have covered (what the notice about it counts), by waiver.
pub(crate) fn lapsed_waivers(files: &[FileReport]) -> Vec<(usize, usize)> {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for &waiver in files.iter().flat_map(|f| &f.lapsed_waivers) {
        *counts.entry(waiver).or_default() += 1;
    }
    counts.into_iter().collect()
}
