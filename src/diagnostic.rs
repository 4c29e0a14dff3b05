//! What a run reports: findings located in their files, problems copylint had with files,
//! and totals. Renderers only read these; nothing here searches.

use std::ops::Range;
use std::sync::Arc;

use crate::finding::{Finding, Suggestion, Suppression, SuppressionKind};
use crate::fingerprint::Fingerprints;
use crate::lexicon::{Engine, RuleId, Severity};
use crate::source::{Locator, Position};

/// Longest excerpt kept for rendering a finding (a span inside a 50 MB line must not
/// keep the whole line alive).
const MAX_EXCERPT: usize = 400;

/// A finding with everything a renderer needs, so the file's text can be dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Index of the rule in the engine.
    pub rule: RuleId,
    /// The rule's qualified id (`lexicon/rule`).
    pub rule_id: String,
    /// The rule's severity.
    pub severity: Severity,
    /// The rule's message for this finding.
    pub message: String,
    /// Byte range in the file.
    pub span: Range<usize>,
    /// Position of the span's first character.
    pub start: Position,
    /// Position just after the span.
    pub end: Position,
    /// The source text of the span.
    pub matched: String,
    /// Rewrites, best first.
    pub suggestions: Vec<Suggestion>,
    /// When no rewrite fits: why, and how to rephrase.
    pub help: Option<String>,
    /// The lines around the span, for snippets.
    pub excerpt: Excerpt,
    /// The sentence the finding was judged in, as a reader sees it (markup gone), cut to
    /// a window around the finding (see [`crate::reader_text`]).
    pub sentence: String,
    /// The finding within `sentence` (byte range), for highlighting it.
    pub sentence_match: Range<usize>,
    /// The sentence as the matcher read it (see [`crate::fingerprint::sentence_key`]).
    pub sentence_key: Arc<str>,
    /// The rule and the sentence key, hashed: what baselines and waivers match on (see
    /// [`crate::fingerprint`]).
    pub fingerprint: String,
    /// For a Word or PowerPoint file, the place in the document the finding is in; then
    /// `span`, `start`, `end` and `excerpt` are relative to that place's extracted text.
    pub location: Option<Location>,
    /// Set when a comment, the baseline or a waiver suppresses the finding: kept for JSON
    /// and SARIF, left out of the human output, the counts and the exit status.
    pub suppressed: Option<Suppression>,
}

/// A place in a document whose bytes cannot be pointed into (a `.docx`, `.pptx`, `.odt`
/// or `.odp`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Document order of the place, for sorting.
    pub index: usize,
    /// What a person looks for: `slide 7, notes`, `paragraph 42`.
    pub name: String,
}

/// Source lines around a span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// 1-based number of the first line of `text`.
    pub first_line: usize,
    /// The lines (possibly cut short around the span in very long lines).
    pub text: String,
    /// The span within `text`.
    pub span: Range<usize>,
    /// The byte of the file (or of the place's extracted text) `text` starts at.
    pub start: usize,
    /// Whether `text` starts at the start of a line (it does unless a very long line was
    /// cut down).
    pub whole_lines: bool,
}

impl Excerpt {
    /// The 1-based line and 0-based UTF-16 column of byte `offset` of the file, when it
    /// lies in `text` and `text` starts a line.
    pub fn position(&self, offset: usize) -> Option<(usize, usize)> {
        let local = offset.checked_sub(self.start)?;
        let before = self.text.get(..local).filter(|_| self.whole_lines)?;
        let (line, column) = match before.rfind(['\n', '\r']) {
            Some(i) => {
                let lines = before[..=i].matches('\n').count() + before[..=i].matches('\r').count()
                    - before[..=i].matches("\r\n").count();
                (self.first_line + lines, &before[i + 1..])
            }
            None => (self.first_line, before),
        };
        Some((line, column.chars().map(char::len_utf16).sum()))
    }

    /// The byte range of the file `range` covers within `text`, if it lies in it.
    pub fn local(&self, range: &Range<usize>) -> Option<Range<usize>> {
        let start = range.start.checked_sub(self.start)?;
        let end = range.end.checked_sub(self.start)?;
        self.text.get(start..end).map(|_| start..end)
    }
}

impl Diagnostic {
    /// Locates `finding` in `text` (`fingerprints` caches what the findings of one
    /// sentence share).
    pub fn new(
        engine: &Engine,
        locator: &mut Locator,
        fingerprints: &mut Fingerprints,
        finding: Finding,
    ) -> Diagnostic {
        let text = locator.text();
        let span = finding.span.clone();
        // The excerpt shows the span and every byte a suggestion edits.
        let reach = finding
            .suggestions
            .iter()
            .filter_map(Suggestion::hull)
            .fold(span.clone(), |r, h| r.start.min(h.start)..r.end.max(h.end));
        let first_line = locator.position(reach.start).line;
        let start = locator.position(span.start);
        let excerpt = excerpt(text, locator, first_line, &reach, &span);
        let end = locator.position(span.end);
        let rule_id = engine.rules[finding.rule].id.clone();
        Diagnostic {
            fingerprint: fingerprints.get(&rule_id, &finding.sentence_key),
            sentence_key: finding.sentence_key,
            rule: finding.rule,
            rule_id,
            severity: finding.severity,
            message: finding.message,
            matched: text[span.clone()].to_string(),
            suggestions: finding.suggestions,
            help: finding.help,
            excerpt,
            sentence: finding.reader.text,
            sentence_match: finding.reader.highlight,
            suppressed: finding.suppressed,
            start,
            end,
            span,
            location: None,
        }
    }

    /// The same diagnostic, placed at `location` of its document.
    pub fn at(self, location: Location) -> Diagnostic {
        Diagnostic {
            location: Some(location),
            ..self
        }
    }
}

fn excerpt(
    text: &str,
    locator: &Locator,
    first_line: usize,
    reach: &Range<usize>,
    span: &Range<usize>,
) -> Excerpt {
    let mut start = locator.line_around(reach.start).start;
    let mut end = locator
        .line_around(reach.end.saturating_sub(1).max(reach.start))
        .end
        .max(reach.end);
    // Cut very long lines down to a window around what is shown, on character boundaries.
    if end - start > MAX_EXCERPT + (reach.end - reach.start) {
        let want_start = reach.start.saturating_sub(MAX_EXCERPT / 2).max(start);
        let want_end = (reach.end + MAX_EXCERPT / 2).min(end);
        start = floor_boundary(text, want_start);
        end = ceil_boundary(text, want_end);
    }
    Excerpt {
        first_line,
        whole_lines: start == locator.line_around(reach.start).start,
        text: text[start..end].to_string(),
        span: span.start - start..span.end - start,
        start,
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A problem copylint had with a file (as opposed to a finding in it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    /// `Error` means copylint could not do its job on the file (exit status 2).
    pub severity: Severity,
    /// What went wrong, without the path.
    pub message: String,
}

/// Everything found in one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileReport {
    /// The path as walked (relative when the argument was relative).
    pub path: String,
    /// Findings, sorted by position (after `--fix`: those left in the fixed file).
    pub diagnostics: Vec<Diagnostic>,
    /// Problems copylint had with the file.
    pub problems: Vec<FileProblem>,
    /// Safe rewrites applied (`--fix`) or that would be (`--diff`).
    pub fixed: usize,
    /// With `--diff`: the file's text before and after the rewrites.
    pub diff: Option<FileDiff>,
    /// The file was read but not checked (not text, not a regular file, too large, a PDF
    /// without a text layer); a warning in `problems` says why. Not counted among the
    /// files checked.
    pub not_checked: bool,
    /// For each finding only an expired waiver would have covered, that waiver's index
    /// (the run's notices count them).
    pub lapsed_waivers: Vec<usize>,
}

/// Something a run tells people that is about neither one finding nor one file's
/// reading: a rule past its expiry date, a waiver past its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Where it comes from: the config file, or a lexicon's origin.
    pub source: String,
    /// How much it matters (a notice never fails a run on its own).
    pub severity: Severity,
    /// What to do about it.
    pub message: String,
}

/// A file's text before and after its safe rewrites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDiff {
    /// The file's name as shown, as bytes (which need not be UTF-8).
    pub name: Vec<u8>,
    /// The text as read.
    pub original: String,
    /// The text with every safe rewrite applied.
    pub fixed: String,
}

/// Totals of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files checked (read and linted, including those the prefilter cleared).
    pub files: usize,
    /// Files copylint was given but did not check, each with a warning saying why: not
    /// text (a NUL byte, no UTF-16 mark), not a regular file, too large, a PDF without a
    /// text layer.
    pub not_checked: usize,
    /// Error-level findings.
    pub errors: usize,
    /// Warning-level findings.
    pub warnings: usize,
    /// Note-level findings.
    pub notes: usize,
    /// Files or paths copylint could not check.
    pub failures: usize,
    /// Findings suppressed by a comment, the baseline or a waiver (not counted as errors,
    /// warnings or notes).
    pub suppressed: usize,
    /// Of those, the findings recorded in the baseline.
    pub baselined: usize,
    /// Of those, the findings covered by a waiver.
    pub waived: usize,
    /// Safe rewrites applied (`--fix`) or that would be (`--diff`).
    pub fixed: usize,
    /// Files those rewrites are in.
    pub fixed_files: usize,
}

/// The outcome of a run: only files with findings or problems are kept (every file
/// checked with [`crate::lint::RunOptions::keep_clean_files`]).
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Sorted by path.
    pub files: Vec<FileReport>,
    /// Expired rules and waivers.
    pub notices: Vec<Notice>,
    /// Totals, set by [`Report::finish`].
    pub summary: Summary,
    /// The config file in force, as shown (relative to the current folder when inside
    /// it), if any.
    pub config: Option<String>,
    /// What the findings depend on besides the files (lexicons, config, baseline), for
    /// the outputs that `report --from` merges; set by the command that ran.
    pub identity: Option<crate::identity::RunIdentity>,
    /// The paths named on the command line, as shown (they name the top-level folders
    /// of the HTML report).
    pub paths: Vec<String>,
}

impl Report {
    /// Sorts files by path and diagnostics by position (place in the document first, for
    /// Word and PowerPoint files), and recomputes the totals.
    pub fn finish(&mut self, files_checked: usize) {
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
        let mut summary = Summary {
            files: files_checked,
            ..Summary::default()
        };
        for file in &mut self.files {
            summary.not_checked += usize::from(file.not_checked);
            summary.fixed += file.fixed;
            summary.fixed_files += usize::from(file.fixed > 0);
            sort_diagnostics(&mut file.diagnostics);
            for d in &file.diagnostics {
                if let Some(suppression) = &d.suppressed {
                    summary.suppressed += 1;
                    match suppression.kind {
                        SuppressionKind::Baseline => summary.baselined += 1,
                        SuppressionKind::Waiver => summary.waived += 1,
                        SuppressionKind::Inline => {}
                    }
                    continue;
                }
                match d.severity {
                    Severity::Error => summary.errors += 1,
                    Severity::Warning => summary.warnings += 1,
                    Severity::Note => summary.notes += 1,
                }
            }
            summary.failures += file
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .count();
        }
        self.summary = summary;
    }

    /// Recomputes the totals after findings were marked (as [`Report::finish`] does, with
    /// the same number of files checked).
    pub fn recount(&mut self) {
        self.finish(self.summary.files);
    }

    /// Every problem with the file or notice it is about: problems copylint had with
    /// files, then the run's notices.
    pub fn problems(&self) -> impl Iterator<Item = (&str, Severity, &str)> {
        self.files
            .iter()
            .flat_map(|f| {
                f.problems
                    .iter()
                    .map(move |p| (f.path.as_str(), p.severity, p.message.as_str()))
            })
            .chain(
                self.notices
                    .iter()
                    .map(|n| (n.source.as_str(), n.severity, n.message.as_str())),
            )
    }

    /// Every diagnostic with its path, in output order.
    pub fn diagnostics(&self) -> impl Iterator<Item = (&str, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| (f.path.as_str(), d)))
    }

    /// Every diagnostic that is not suppressed, with its path, in output order: what
    /// people see and what fails a run.
    pub fn active_diagnostics(&self) -> impl Iterator<Item = (&str, &Diagnostic)> {
        self.diagnostics().filter(|(_, d)| d.suppressed.is_none())
    }

    /// Whether any diagnostic that is not suppressed is at or above `level`.
    pub fn has_findings_at(&self, level: Severity) -> bool {
        self.active_diagnostics().any(|(_, d)| d.severity >= level)
    }
}

/// Puts diagnostics in output order: by place in the document (Word and PowerPoint
/// files), then position, then rule. The baseline counts occurrences in this order.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let place = |d: &Diagnostic| d.location.as_ref().map(|l| l.index);
        (place(a), a.span.start, a.span.end, &a.rule_id).cmp(&(
            place(b),
            b.span.start,
            b.span.end,
            &b.rule_id,
        ))
    });
}
