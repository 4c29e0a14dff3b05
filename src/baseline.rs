//! Baselines: adopt copylint on an existing folder without fixing everything first.
//!
//! `--write-baseline FILE` records the findings of a run; `--baseline FILE` marks the
//! findings recorded there as suppressed (kind `baseline`), so only new ones are shown,
//! counted and fail the run. A finding is recorded by its file, its
//! [fingerprint](crate::fingerprint) (rule and sentence, not line) and its occurrence
//! index (the how-manieth finding with that fingerprint in the file), so edits elsewhere
//! in the file do not bring it back. Writing the baseline again drops the findings that
//! were fixed.
//!
//! The file is JSON, sorted, written atomically:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {
//!       "path": "docs/launch.md",
//!       "rule": "openai-on-aws/access-wording",
//!       "fingerprint": "5f0c6d1e2a3b4c5d",
//!       "occurrence": 0,
//!       "sentence": "SRE enables access to ChatGPT for every team."
//!     }
//!   ]
//! }
//! ```
//!
//! Paths are relative to the folder the baseline file is in (with `/`), so the same
//! baseline works whatever folder copylint runs from. `rule` and `sentence` are there for
//! people reviewing the file; matching uses `path`, `fingerprint` and `occurrence`.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use miette::Diagnostic;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::config;
use crate::diagnostic::{FileReport, Report};
use crate::finding::Suppression;
use crate::source_problem::{Language, SourceProblem};
use crate::write;

/// Version of the baseline format; a file of another version is refused.
pub const VERSION: u32 = 1;

/// A baseline file as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineFile {
    /// The format version, [`VERSION`].
    pub version: u32,
    /// The findings, sorted by path, rule, fingerprint and occurrence.
    pub findings: Vec<Entry>,
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The file, relative to the baseline's folder, with `/` separators.
    pub path: String,
    /// The rule's qualified id (for people; the fingerprint includes it).
    pub rule: String,
    /// The finding's fingerprint.
    pub fingerprint: String,
    /// Which finding with this fingerprint in the file, counting from 0 in document order.
    pub occurrence: usize,
    /// The sentence, for people reviewing the file; not used for matching.
    pub sentence: String,
}

/// A loaded baseline, ready to match findings.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    entries: HashSet<(String, String, usize)>,
    paths: PathKeys,
}

/// Why a baseline could not be read or written.
#[derive(Debug, Error, Diagnostic)]
pub enum BaselineError {
    /// The file could not be read.
    #[error("cannot read baseline `{path}`: {source}")]
    #[diagnostic(help("write one with `copylint check --write-baseline {path}`"))]
    Read {
        /// The path as given.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a baseline.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Invalid(Box<InvalidBaseline>),
    /// The file is of another format version.
    #[error("baseline `{path}` has format version {found}; this copylint reads version {VERSION}")]
    #[diagnostic(help("write it again with `copylint check --write-baseline {path}`"))]
    Version {
        /// The path as given.
        path: String,
        /// The version it has.
        found: u32,
    },
    /// The file could not be written.
    #[error("cannot write baseline `{path}`: {source}")]
    Write {
        /// The path as given.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// A baseline file that is not valid JSON of the expected shape: see [`SourceProblem`]
/// (its message reads "baseline `NAME` is not valid: WHY").
pub type InvalidBaseline = SourceProblem;

/// Turns the paths of a report (relative to the current folder, or absolute) into the
/// paths a baseline records (relative to its folder).
#[derive(Debug, Clone, Default)]
struct PathKeys {
    folder: PathBuf,
}

impl PathKeys {
    fn for_file(baseline: &Path) -> PathKeys {
        let file = config::absolute(baseline);
        PathKeys {
            folder: file.parent().map(Path::to_path_buf).unwrap_or_default(),
        }
    }

    fn key(&self, path: &str) -> String {
        let absolute = config::absolute(Path::new(path));
        let relative = pathdiff::diff_paths(&absolute, &self.folder).unwrap_or(absolute);
        relative
            .components()
            .filter_map(|c| match c {
                Component::CurDir => None,
                other => Some(other.as_os_str().to_string_lossy().into_owned()),
            })
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// The fingerprint and occurrence index of each diagnostic of `file`, in order.
fn occurrences(file: &FileReport) -> Vec<usize> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    file.diagnostics
        .iter()
        .map(|d| {
            let n = seen.entry(d.fingerprint.as_str()).or_insert(0);
            *n += 1;
            *n - 1
        })
        .collect()
}

impl BaselineFile {
    /// Records the findings of `report` that nothing else suppresses (a comment or a
    /// waiver), for a baseline file at `path`.
    pub fn record(report: &Report, path: &Path) -> BaselineFile {
        let keys = PathKeys::for_file(path);
        let mut findings = Vec::new();
        for file in &report.files {
            let key = keys.key(&file.path);
            for (d, occurrence) in file.diagnostics.iter().zip(occurrences(file)) {
                if d.suppressed.is_none() {
                    findings.push(Entry {
                        path: key.clone(),
                        rule: d.rule_id.clone(),
                        fingerprint: d.fingerprint.clone(),
                        occurrence,
                        sentence: d.sentence.clone(),
                    });
                }
            }
        }
        findings.sort();
        BaselineFile {
            version: VERSION,
            findings,
        }
    }

    /// The number of files with recorded findings.
    pub fn files(&self) -> usize {
        let mut paths: Vec<&str> = self.findings.iter().map(|e| e.path.as_str()).collect();
        paths.dedup();
        paths.len()
    }

    /// Writes the file to `path` atomically, pretty-printed with a final newline.
    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        let error = |source| BaselineError::Write {
            path: path.display().to_string(),
            source,
        };
        let mut text = serde_json::to_string_pretty(self).map_err(|e| error(e.into()))?;
        text.push('\n');
        write::write_atomically(path, text.as_bytes()).map_err(error)
    }

    /// This file, ready to match the findings of a run; `path` is where it is (its paths
    /// are relative to that folder).
    pub fn into_baseline(self, path: &Path) -> Baseline {
        Baseline {
            entries: self
                .findings
                .into_iter()
                .map(|e| (e.path, e.fingerprint, e.occurrence))
                .collect(),
            paths: PathKeys::for_file(path),
        }
    }
}

impl Baseline {
    /// Reads the baseline file at `path`.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let name = crate::escape::line(&path.display().to_string()).into_owned();
        // A regular file of bounded size: the path may come from a repository's config.
        let text =
            crate::read::text_file(path, crate::read::MAX_BASELINE_BYTES).map_err(|err| {
                BaselineError::Read {
                    path: name.clone(),
                    source: err.into_io(),
                }
            })?;
        Ok(parse(&name, &text)?.into_baseline(path))
    }

    /// The number of findings recorded.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no finding is recorded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Marks the findings of `file` recorded in the baseline as suppressed (those that
    /// are not suppressed already). `file`'s diagnostics must be in output order
    /// ([`crate::diagnostic::sort_diagnostics`]): occurrences are counted in it.
    pub fn accept(&self, file: &mut FileReport) {
        if self.entries.is_empty() || file.diagnostics.is_empty() {
            return;
        }
        let key = self.paths.key(&file.path);
        let occurrences = occurrences(file);
        for (d, occurrence) in file.diagnostics.iter_mut().zip(occurrences) {
            if d.suppressed.is_none()
                && self
                    .entries
                    .contains(&(key.clone(), d.fingerprint.clone(), occurrence))
            {
                d.suppressed = Some(Suppression::baseline());
            }
        }
    }
}

/// Parses the text of a baseline file named `name`.
pub fn parse(name: &str, text: &str) -> Result<BaselineFile, BaselineError> {
    // The version first, so that a future format is refused as such, not as malformed.
    #[derive(Deserialize)]
    struct Versioned {
        version: Option<u32>,
    }
    let invalid = |err: serde_json::Error| {
        let offset = line_column_offset(text, err.line(), err.column());
        let why = err.to_string();
        let why = why.split(" at line ").next().unwrap_or("");
        BaselineError::Invalid(Box::new(InvalidBaseline::new(
            name,
            text,
            Language::Json,
            format!("baseline `{name}` is not valid: {why}"),
            offset.map(|at| at..at),
        )))
    };
    let versioned: Versioned = serde_json::from_str(text).map_err(invalid)?;
    match versioned.version {
        Some(VERSION) => serde_json::from_str(text).map_err(invalid),
        Some(found) => Err(BaselineError::Version {
            path: name.to_string(),
            found,
        }),
        None => Err(BaselineError::Invalid(Box::new(InvalidBaseline::new(
            name,
            text,
            Language::Json,
            format!("baseline `{name}` is not valid: it has no `version`"),
            None,
        )))),
    }
}

/// The byte offset of 1-based `line` and `column` (serde_json counts columns in bytes).
fn line_column_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let at = (start + column.saturating_sub(1)).min(text.len());
    (0..=at).rev().find(|&i| text.is_char_boundary(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_refuses_other_versions_and_unknown_fields() {
        let err = parse("b.json", r#"{"version": 2, "findings": []}"#).unwrap_err();
        assert!(
            matches!(err, BaselineError::Version { found: 2, .. }),
            "{err}"
        );
        let err = parse("b.json", r#"{"version": 1, "findings": [], "extra": 1}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `extra`"), "{err}");
        let err = parse("b.json", "{\n  \"version\": 1,\n  \"findings\": [oops]\n}").unwrap_err();
        let BaselineError::Invalid(invalid) = err else {
            panic!("{err}")
        };
        assert_eq!(invalid.span(), Some(33..33));
        assert!(parse("b.json", r#"{"findings": []}"#).is_err());
    }

    #[test]
    fn keys_are_relative_to_the_baseline_folder() {
        let cwd = config::absolute(Path::new("."));
        let keys = PathKeys::for_file(Path::new("sub/baseline.json"));
        assert_eq!(keys.key("sub/docs/a.md"), "docs/a.md");
        assert_eq!(keys.key("./sub/./docs/../a.md"), "a.md");
        assert_eq!(keys.key("other/b.md"), "../other/b.md");
        assert_eq!(
            keys.key(&cwd.join("sub/c.md").display().to_string()),
            "c.md"
        );
    }
}
