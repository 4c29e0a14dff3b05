//! `--format jsonl`: JSON Lines, written as each file is done, so that a run over a
//! million files keeps flat memory and any engine can split a run into shards and
//! concatenate their outputs (`copylint report --from` merges them).
//!
//! Every line is one JSON object with a `type`:
//!
//! - `diagnostic`: the fields of a diagnostic of the JSON output ([`super::json`]);
//! - `problem`: `{path, severity, message}`, with `"not_checked": true` when the file was
//!   not checked;
//! - `notice`: `{source, severity, message}`, an expired rule or waiver (after every file);
//! - `summary`, always the last line of a run: `{version, summary, rules, config,
//!   identity, paths, lapsed_waivers}`, as in the JSON output.
//!
//! Order: a file's lines are contiguous, its diagnostics in position order then its
//! problems; files come in the order they were finished, which with several threads
//! changes from run to run (sort by `path` when order matters; `report --from` does).
//! A run that was cut short has no `summary` line, which is how a reader tells.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::sync::Mutex;

use serde::Serialize;

use super::json::{self, JsonDiagnostic, JsonProblem, JsonRule, JsonSummary};
use crate::diagnostic::{FileReport, Report, Summary};
use crate::identity::RunIdentity;
use crate::lexicon::{Engine, RuleId};

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Line<'a> {
    Diagnostic(JsonDiagnostic<'a>),
    Problem(JsonProblem<'a>),
    Notice(JsonNotice<'a>),
    Summary(SummaryLine<'a>),
}

#[derive(Serialize)]
struct JsonNotice<'a> {
    source: &'a str,
    severity: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
struct SummaryLine<'a> {
    version: u32,
    summary: JsonSummary,
    rules: Vec<JsonRule<'a>>,
    config: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    identity: Option<&'a RunIdentity>,
    paths: &'a [String],
    lapsed_waivers: Vec<(usize, usize)>,
}

/// A run's JSON Lines output while the run goes on; shared by the worker threads.
pub struct Stream<W> {
    state: Mutex<State<W>>,
}

struct State<W> {
    out: W,
    /// The first write error; nothing more is written after it.
    error: Option<io::Error>,
    /// Counts of the diagnostics written, which the run no longer holds.
    counts: Summary,
    rules: BTreeSet<RuleId>,
}

impl<W: Write> Stream<W> {
    /// A stream writing to `out`.
    pub fn new(out: W) -> Self {
        Stream {
            state: Mutex::new(State {
                out,
                error: None,
                counts: Summary::default(),
                rules: BTreeSet::new(),
            }),
        }
    }

    /// Writes the lines of one finished file and hands back what the run keeps of it:
    /// everything but its diagnostics (problems are few and are also printed on standard
    /// error; lapsed waivers feed the notices).
    pub fn file(&self, mut file: FileReport) -> Option<FileReport> {
        let mut lines = Vec::new();
        let written = file_lines(&mut lines, &file);
        // Counted as `Report::finish` counts them, on this file alone.
        let mut one = Report {
            files: vec![FileReport {
                diagnostics: std::mem::take(&mut file.diagnostics),
                ..FileReport::default()
            }],
            ..Report::default()
        };
        one.finish(0);
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        add_counts(&mut state.counts, &one.summary);
        state.rules.extend(one.diagnostics().map(|(_, d)| d.rule));
        if let Err(err) = written {
            state.error.get_or_insert(err);
        }
        if state.error.is_none()
            && let Err(err) = state.out.write_all(&lines).and_then(|()| state.out.flush())
        {
            state.error = Some(err);
        }
        drop(state);
        let keep = !file.problems.is_empty() || !file.lapsed_waivers.is_empty() || file.fixed > 0;
        keep.then_some(file)
    }

    /// Ends the run's output: its notices, then the summary line. `report` is what the
    /// run kept (see [`Stream::file`]); its summary gets the counts of the diagnostics
    /// written. Returns the first write error, if any.
    pub fn finish(self, report: &mut Report, engine: &Engine) -> io::Result<()> {
        let state = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        let State {
            mut out,
            error,
            counts,
            rules,
        } = state;
        add_counts(&mut report.summary, &counts);
        if let Some(err) = error {
            return Err(err);
        }
        let mut lines = Vec::new();
        end_lines(&mut lines, report, engine, rules.into_iter().collect())?;
        out.write_all(&lines)?;
        out.flush()
    }
}

/// Writes a finished `report` as JSON Lines at once (what [`Stream`] writes as it goes).
pub fn render(report: &Report, engine: &Engine, out: &mut dyn Write) -> io::Result<()> {
    let mut lines = Vec::new();
    for file in &report.files {
        file_lines(&mut lines, file)?;
    }
    let rules = report.diagnostics().map(|(_, d)| d.rule).collect();
    end_lines(&mut lines, report, engine, rules)?;
    out.write_all(&lines)
}

/// The lines of one file: its diagnostics, then its problems.
fn file_lines(out: &mut Vec<u8>, file: &FileReport) -> io::Result<()> {
    file.diagnostics
        .iter()
        .map(|d| Line::Diagnostic(json::diagnostic(&file.path, d)))
        .chain(json::file_problems(file).map(Line::Problem))
        .try_for_each(|line| write_line(out, &line))
}

/// The notices of `report`, then its summary line, listing the rules of `rules`.
fn end_lines(
    out: &mut Vec<u8>,
    report: &Report,
    engine: &Engine,
    rules: Vec<RuleId>,
) -> io::Result<()> {
    for n in &report.notices {
        let line = Line::Notice(JsonNotice {
            source: &n.source,
            severity: n.severity.as_str(),
            message: &n.message,
        });
        write_line(out, &line)?;
    }
    let summary = Line::Summary(SummaryLine {
        version: json::VERSION,
        summary: json::summary(&report.summary),
        rules: json::rules(engine, rules),
        config: report.config.as_deref(),
        identity: report.identity.as_ref(),
        paths: &report.paths,
        lapsed_waivers: json::lapsed_waivers(&report.files),
    });
    write_line(out, &summary)
}

fn write_line(out: &mut Vec<u8>, line: &Line) -> io::Result<()> {
    serde_json::to_writer(&mut *out, line).map_err(io::Error::from)?;
    out.push(b'\n');
    Ok(())
}

/// Adds the finding counts of `more` to `to` (files and failures are the run's own).
fn add_counts(to: &mut Summary, more: &Summary) {
    to.errors += more.errors;
    to.warnings += more.warnings;
    to.notes += more.notes;
    to.suppressed += more.suppressed;
    to.baselined += more.baselined;
    to.waived += more.waived;
}
