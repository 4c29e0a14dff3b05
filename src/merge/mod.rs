//! `copylint report --from`: the reduce step. Reads the JSON and JSON Lines outputs of
//! many runs (shards of one audit, made on one machine or by an engine such as Spark) back
//! into one [`Report`], equal to the report of one run over the union of their files.
//!
//! A shard is one run's output: a JSON object (`--format json`, on one line or
//! pretty-printed over many), or the JSON Lines of `--format jsonl` up to and including
//! their `summary` line. A file may hold several shards one after another (outputs
//! concatenated), and many files may be given.
//!
//! What makes the merge honest, each an error naming the file and line:
//! - every shard was made by a run whose identity (copylint's version, lexicons, config
//!   and baseline: [`crate::identity`]) is the one of the report being made;
//! - JSON Lines end with their summary line (a run cut short has none);
//! - no file is in two shards (it would be counted twice);
//! - every rule named is one the lexicons in force define.
//!
//! Findings keep the suppression status their run gave them (a waiver, the baseline, a
//! comment): those were judged with the same config and baseline, which the identity
//! check guarantees. Notices are made again for the whole: the count of findings each
//! expired waiver would have covered is summed over the shards.

mod input;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::Diagnostic as MietteDiagnostic;
use thiserror::Error;

use input::{InDiagnostic, InEnd, InJson, InProblem};

use crate::diagnostic::{Diagnostic, Excerpt, FileProblem, FileReport, Location, Report};
use crate::finding::{Edit, Suggestion, Suppression, SuppressionKind};
use crate::identity::RunIdentity;
use crate::lexicon::{Applicability, Engine, Severity};
use crate::render::json::VERSION;
use crate::source::Position;

/// Why the outputs could not be merged.
#[derive(Debug, Error, MietteDiagnostic)]
pub enum MergeError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file as named.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A line is not what copylint writes.
    #[error("{path}:{line}: {message}")]
    Invalid {
        /// The file as named.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A shard was made with other lexicons, config or baseline.
    #[error("{path}:{line}: this run cannot be merged into the report: {why}")]
    #[diagnostic(help(
        "every shard must be checked with the same copylint, lexicons, config and baseline as the report is made with"
    ))]
    Conflict {
        /// The file as named.
        path: String,
        /// Line of the run's summary.
        line: usize,
        /// What differs: the shard's first, then the report's.
        why: String,
    },
    /// JSON Lines after the last summary line.
    #[error(
        "{path}: the last {lines} lines have no summary line after them: that run did not finish, or its output was cut"
    )]
    Unfinished {
        /// The file as named.
        path: String,
        /// How many lines.
        lines: usize,
    },
    /// A file appears in two shards.
    #[error(
        "{file} is in two shards ({first} and {second}): shards must not overlap, or its findings would count twice"
    )]
    Overlap {
        /// The checked file.
        file: String,
        /// Where it was first seen.
        first: String,
        /// Where it was seen again.
        second: String,
    },
}

/// The merged report and what the caller needs to finish it.
#[derive(Debug, Default)]
pub struct Merged {
    /// Every file with findings or problems, sorted and counted (no notices yet).
    pub report: Report,
    /// For each finding an expired waiver would have covered, that waiver's index (as
    /// [`FileReport::lapsed_waivers`]), over every shard.
    pub lapsed_waivers: Vec<usize>,
    /// The paths the runs named, each once, in the order first seen.
    pub paths: Vec<String>,
    /// How many runs were merged.
    pub runs: usize,
}

/// Reads the outputs in `files` and merges them into one report; `engine` and `identity`
/// are those of the report being made.
pub fn merge(
    files: &[PathBuf],
    engine: &Engine,
    identity: &RunIdentity,
) -> Result<Merged, MergeError> {
    let mut merger = Merger {
        identity,
        rules: engine
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect(),
        files: HashMap::new(),
        merged: Merged::default(),
        files_checked: 0,
    };
    for file in files {
        merger.read(file)?;
    }
    let Merger {
        files,
        mut merged,
        files_checked,
        ..
    } = merger;
    merged.report.files = files.into_values().map(|seen| seen.report).collect();
    merged.report.files.iter_mut().for_each(number_places);
    merged.report.finish(files_checked);
    Ok(merged)
}

struct Merger<'e> {
    identity: &'e RunIdentity,
    rules: HashMap<&'e str, usize>,
    /// By path.
    files: HashMap<String, Seen>,
    merged: Merged,
    files_checked: usize,
}

/// A checked file as the runs report it.
struct Seen {
    /// The run that reported it (runs are numbered from 1, in the order read).
    run: usize,
    /// Where it was first seen: `file:line`.
    at: String,
    report: FileReport,
}

/// Lines of one run not yet closed by its summary line.
#[derive(Default)]
struct Pending {
    diagnostics: Vec<(usize, InDiagnostic)>,
    problems: Vec<(usize, InProblem)>,
}

impl Merger<'_> {
    fn read(&mut self, path: &Path) -> Result<(), MergeError> {
        let name = path.display().to_string();
        let read_error = |source| MergeError::Read {
            path: name.clone(),
            source,
        };
        let file = std::fs::File::open(path).map_err(read_error)?;
        let mut reader = BufReader::new(file);
        let mut pending = Pending::default();
        let runs_before = self.merged.runs;
        let mut text = String::new();
        let mut number = 0;
        loop {
            match next_line(&mut reader, &mut text, &mut number, MAX_LINE_BYTES) {
                Ok(true) => {}
                Ok(false) => break,
                Err(LineError::Read(source)) => return Err(read_error(source)),
                Err(LineError::Invalid(message)) => return Err(invalid(&name, number, message)),
            }
            let line = text.trim();
            let value: serde_json::Value = match serde_json::from_str(line) {
                Ok(value) => value,
                // A pretty-printed JSON output: the whole file is one run.
                Err(_) if number == 1 && line == "{" => {
                    let mut rest = String::new();
                    (&mut reader)
                        .take(MAX_LINE_BYTES)
                        .read_to_string(&mut rest)
                        .map_err(read_error)?;
                    let value = serde_json::from_str(&format!("{text}{rest}"))
                        .map_err(|e| invalid(&name, e.line(), e.to_string()))?;
                    return self.json_run(&name, 1, value);
                }
                Err(e) => return Err(invalid(&name, number, e.to_string())),
            };
            match value.get("type").and_then(|t| t.as_str()) {
                None => {
                    if pending.diagnostics.len() + pending.problems.len() > 0 {
                        return Err(invalid(
                            &name,
                            number,
                            "a JSON output in the middle of a JSON Lines run".into(),
                        ));
                    }
                    self.json_run(&name, number, value)?
                }
                Some("diagnostic") => pending
                    .diagnostics
                    .push((number, parse(&name, number, value)?)),
                Some("problem") => pending
                    .problems
                    .push((number, parse(&name, number, value)?)),
                // Made again for the whole report.
                Some("notice") => {}
                Some("summary") => {
                    let end: InEnd = parse(&name, number, value)?;
                    let run = std::mem::take(&mut pending);
                    self.run(&name, number, end, run)?;
                }
                Some(other) => {
                    return Err(invalid(
                        &name,
                        number,
                        format!("unknown line type `{other}`"),
                    ));
                }
            }
        }
        let left = pending.diagnostics.len() + pending.problems.len();
        if left > 0 {
            return Err(MergeError::Unfinished {
                path: name,
                lines: left,
            });
        }
        if self.merged.runs == runs_before {
            // Every run ends with a summary, even over no files: an empty output is a
            // run that never started or whose output was lost.
            return Err(invalid(&name, number, "holds no run's output".into()));
        }
        Ok(())
    }

    /// One `--format json` output, read whole.
    fn json_run(
        &mut self,
        name: &str,
        line: usize,
        value: serde_json::Value,
    ) -> Result<(), MergeError> {
        let run: InJson = parse(name, line, value)?;
        let pending = Pending {
            diagnostics: run.diagnostics.into_iter().map(|d| (line, d)).collect(),
            problems: run.problems.into_iter().map(|p| (line, p)).collect(),
        };
        self.run(name, line, run.end, pending)
    }

    /// Adds one run, closed by `end` at `line` of `name`.
    fn run(&mut self, name: &str, line: usize, end: InEnd, run: Pending) -> Result<(), MergeError> {
        if end.version != VERSION {
            return Err(invalid(
                name,
                line,
                format!(
                    "output version {} (this copylint reads version {VERSION})",
                    end.version
                ),
            ));
        }
        let Some(identity) = end.identity else {
            return Err(invalid(
                name,
                line,
                "this output does not say which lexicons made it (it was written by an older copylint): check those files again".into(),
            ));
        };
        if let Some(why) = identity.conflict(self.identity) {
            return Err(MergeError::Conflict {
                path: name.to_string(),
                line,
                why,
            });
        }
        self.merged.runs += 1;
        self.files_checked += end.summary.files;
        // Each finding an expired waiver would have covered is one of the run's findings.
        let lapsed = end
            .lapsed_waivers
            .iter()
            .try_fold(0usize, |sum, &(_, count)| sum.checked_add(count));
        if lapsed.is_none_or(|n| n > run.diagnostics.len()) {
            return Err(invalid(
                name,
                line,
                "lapsed_waivers counts more findings than the run has".into(),
            ));
        }
        for (waiver, count) in end.lapsed_waivers {
            self.merged
                .lapsed_waivers
                .extend(std::iter::repeat_n(waiver, count));
        }
        for path in end.paths {
            if !self.merged.paths.contains(&path) {
                self.merged.paths.push(path);
            }
        }
        let run_id = self.merged.runs;
        for (at, d) in run.diagnostics {
            let diagnostic = self.diagnostic(name, at, &d)?;
            let file = self.file(name, at, run_id, d.path)?;
            file.diagnostics.push(diagnostic);
        }
        for (at, p) in run.problems {
            if p.notice {
                continue;
            }
            let severity = severity(name, at, &p.severity)?;
            let file = self.file(name, at, run_id, p.path)?;
            file.not_checked |= p.not_checked;
            file.problems.push(FileProblem {
                severity,
                message: p.message,
            });
        }
        Ok(())
    }

    /// The report of the checked file `path`, which run `run_id` (at `name:line`) adds
    /// to: an error if another run already did.
    fn file(
        &mut self,
        name: &str,
        line: usize,
        run_id: usize,
        path: String,
    ) -> Result<&mut FileReport, MergeError> {
        let here = format!("{name}:{line}");
        let seen = self.files.entry(path.clone()).or_insert_with(|| Seen {
            run: run_id,
            at: here.clone(),
            report: FileReport {
                path: path.clone(),
                ..FileReport::default()
            },
        });
        if seen.run != run_id {
            return Err(MergeError::Overlap {
                file: path,
                first: seen.at.clone(),
                second: here,
            });
        }
        Ok(&mut seen.report)
    }

    fn diagnostic(
        &self,
        name: &str,
        line: usize,
        d: &InDiagnostic,
    ) -> Result<Diagnostic, MergeError> {
        let Some(&rule) = self.rules.get(d.rule.as_str()) else {
            return Err(invalid(
                name,
                line,
                format!("rule {} is in no lexicon in force", d.rule),
            ));
        };
        let suppressed = match &d.suppressed {
            None => None,
            Some(s) => Some(Suppression {
                kind: [
                    SuppressionKind::Inline,
                    SuppressionKind::Baseline,
                    SuppressionKind::Waiver,
                ]
                .into_iter()
                .find(|k| k.as_str() == s.kind)
                .ok_or_else(|| {
                    invalid(name, line, format!("unknown suppression kind `{}`", s.kind))
                })?,
                reason: s.reason.clone(),
                approved_by: s.approved_by.clone(),
                expires: match &s.expires {
                    None => None,
                    Some(date) => Some(date.parse().map_err(|_| {
                        invalid(name, line, format!("`{date}` is not a date (YYYY-MM-DD)"))
                    })?),
                },
            }),
        };
        let safe = d.fix.as_ref().filter(|f| f.applicability == "safe");
        let suggestions = d
            .suggestions
            .iter()
            .enumerate()
            .map(|(i, replacement)| Suggestion {
                replacement: replacement.clone(),
                applicability: match safe {
                    Some(_) if i == 0 => Applicability::Safe,
                    _ => Applicability::Unsafe,
                },
                edits: match safe {
                    Some(fix) if i == 0 => fix
                        .edits
                        .iter()
                        .map(|e| Edit {
                            span: e.byte_start..e.byte_end,
                            replacement: e.replacement.clone(),
                        })
                        .collect(),
                    _ => Vec::new(),
                },
            })
            .collect();
        let [match_start, match_end] = d.sentence_match;
        let position = |line, column| Position {
            line,
            column,
            utf16: 0,
        };
        Ok(Diagnostic {
            rule,
            rule_id: d.rule.clone(),
            severity: severity(name, line, &d.severity)?,
            message: d.message.clone(),
            span: d.byte_start..d.byte_end,
            start: position(d.line, d.column),
            end: position(d.end_line, d.end_column),
            matched: d.matched.clone(),
            suggestions,
            help: d.help.clone(),
            // Not in the outputs; the reports made from a merge do not show snippets.
            excerpt: Excerpt {
                first_line: d.line,
                text: String::new(),
                span: 0..0,
                start: d.byte_start,
                whole_lines: false,
            },
            sentence: d.sentence.clone(),
            sentence_match: match_start..match_end,
            sentence_key: Arc::from(""),
            fingerprint: d.fingerprint.clone(),
            // Places come in document order; their index only orders them.
            location: d.location.clone().map(|name| Location { index: 0, name }),
            suppressed,
        })
    }
}

/// Numbers the places of a file's diagnostics in the order they come (document order),
/// which is all [`crate::diagnostic::sort_diagnostics`] needs of them.
fn number_places(file: &mut FileReport) {
    let mut index = 0;
    let mut last: Option<String> = None;
    for d in &mut file.diagnostics {
        if let Some(place) = &mut d.location {
            if last.as_deref().is_some_and(|l| l != place.name) {
                index += 1;
            }
            last = Some(place.name.clone());
            place.index = index;
        }
    }
}

fn severity(name: &str, line: usize, text: &str) -> Result<Severity, MergeError> {
    [Severity::Error, Severity::Warning, Severity::Note]
        .into_iter()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| invalid(name, line, format!("unknown severity `{text}`")))
}

/// No line of a shard is longer than the largest document copylint reads (a JSON output
/// is one line, or one pretty-printed object): a longer one is not copylint's output, and
/// is refused without being held in memory whole.
const MAX_LINE_BYTES: u64 = crate::read::MAX_DOCUMENT_BYTES;

/// Why [`next_line`] returned no line.
#[derive(Debug)]
enum LineError {
    Read(std::io::Error),
    Invalid(String),
}

/// Reads the next line that is not blank into `text`, counting lines in `number` (the
/// line read is line `number`); `Ok(false)` at the end of the input. Every line of
/// copylint's JSON and JSON Lines starts with `{`: a line that starts otherwise (another
/// file given by mistake, a binary file) is refused from its first byte, before the rest
/// is read, and so is one longer than `limit` bytes.
fn next_line(
    reader: &mut impl BufRead,
    text: &mut String,
    number: &mut usize,
    limit: u64,
) -> Result<bool, LineError> {
    text.clear();
    loop {
        let buf = reader.fill_buf().map_err(LineError::Read)?;
        let Some(&first) = buf.first() else {
            return Ok(false);
        };
        let blank = buf
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
            .count();
        if blank == 0 {
            *number += 1;
            if first != b'{' {
                return Err(LineError::Invalid(
                    "not copylint's JSON or JSON Lines output: its lines are JSON objects".into(),
                ));
            }
            break;
        }
        *number += buf[..blank].iter().filter(|&&b| b == b'\n').count();
        reader.consume(blank);
    }
    reader
        .take(limit + 1)
        .read_line(text)
        .map_err(LineError::Read)?;
    if text.len() as u64 > limit {
        let size = if limit >= 1 << 30 {
            format!("{} GiB", limit >> 30)
        } else {
            format!("{limit} bytes")
        };
        return Err(LineError::Invalid(format!(
            "a line longer than {size}: no output of copylint has one"
        )));
    }
    Ok(true)
}

fn invalid(path: &str, line: usize, message: String) -> MergeError {
    MergeError::Invalid {
        path: path.to_string(),
        line,
        message,
    }
}

fn parse<T: serde::de::DeserializeOwned>(
    name: &str,
    line: usize,
    value: serde_json::Value,
) -> Result<T, MergeError> {
    serde_json::from_value(value).map_err(|e| {
        invalid(
            name,
            line,
            format!("not a copylint JSON or JSON Lines output: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::{LineError, next_line};

    fn lines(input: &str, limit: u64) -> Vec<Result<(usize, String), (usize, String)>> {
        let mut reader = std::io::BufReader::with_capacity(4, input.as_bytes());
        let (mut text, mut number, mut out) = (String::new(), 0, Vec::new());
        loop {
            match next_line(&mut reader, &mut text, &mut number, limit) {
                Ok(true) => out.push(Ok((number, text.trim_end().to_string()))),
                Ok(false) => return out,
                Err(LineError::Invalid(message)) => {
                    out.push(Err((number, message)));
                    return out;
                }
                Err(LineError::Read(e)) => panic!("{e}"),
            }
        }
    }

    #[test]
    fn blank_lines_are_skipped_and_counted() {
        assert_eq!(
            lines("{\"a\":1}\n\n  \r\n  {\"b\":2}\n", 100),
            [Ok((1, "{\"a\":1}".into())), Ok((4, "{\"b\":2}".into()))]
        );
        assert_eq!(lines("", 100), []);
    }

    #[test]
    fn a_line_that_is_no_json_object_is_refused_at_its_first_byte() {
        let refused = lines("{}\n\n\u{7f}ELF binary", 100);
        assert_eq!(refused.len(), 2);
        assert!(matches!(&refused[1], Err((3, m)) if m.contains("JSON objects")));
    }

    #[test]
    fn a_line_past_the_limit_is_refused() {
        let refused = lines("{\"a\": \"0123456789\"}\n{}\n", 10);
        assert!(matches!(&refused[0], Err((1, m)) if m.contains("longer than 10 bytes")));
        assert_eq!(lines("{\"a\": 1}\n", 10), [Ok((1, "{\"a\": 1}".into()))]);
    }
}
