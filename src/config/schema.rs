//! The config file as written: the serde model of `.copylint.yaml`, unknown keys refused.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::lexicon::Severity;
use crate::lexicon::model::SeverityDef;
use crate::prose::DocumentKind;

/// The config file as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Whether the built-in `openai-on-aws` lexicon is used (default true).
    #[serde(default)]
    pub default_lexicon: Option<bool>,
    /// Extra lexicons: paths relative to the config file, or `builtin:NAME`.
    #[serde(default)]
    pub lexicons: Vec<String>,
    /// Severity overrides by rule id (qualified, or local when unambiguous).
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    /// The lowest severity that fails a run (default error).
    #[serde(default)]
    pub fail_on: Option<SeverityDef>,
    /// Globs: when any is given, only files found in folders that match one are checked.
    #[serde(default)]
    pub include: Vec<String>,
    /// Globs of files and folders never checked.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Extra extensions (without the dot) and how to read them.
    #[serde(default)]
    pub file_types: BTreeMap<String, FileType>,
    /// Whether a suppression comment must give a reason after `--`.
    #[serde(default)]
    pub require_reason: bool,
    /// Findings someone accepted, with why and until when.
    #[serde(default)]
    pub waivers: Vec<WaiverDef>,
    /// A baseline file (relative to the config file) whose findings are accepted, as
    /// with `--baseline`; every door (check, report, the language server) applies it.
    #[serde(default)]
    pub baseline: Option<String>,
}

/// A waiver as written: findings of one rule in some files (and, optionally, one
/// sentence) that someone approved, until a date.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WaiverDef {
    /// A glob of the files it covers, relative to the config file (as in `exclude`).
    pub path: String,
    /// The rule (qualified, or local when unambiguous).
    pub rule: String,
    /// Only findings in a sentence that contains this text (compared as the matcher
    /// reads text: case, white space and typographic quotes do not matter).
    #[serde(default)]
    pub sentence: Option<String>,
    /// Only findings with this fingerprint (as the JSON output and the report show it).
    #[serde(default)]
    pub fingerprint: Option<String>,
    /// Why the wording is accepted.
    pub reason: String,
    /// Who accepted it.
    pub approved_by: String,
    /// The last day it applies (YYYY-MM-DD); after it the findings are reported again.
    pub expires: String,
}

/// A rule's severity as set in a config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Report as a note.
    Note,
    /// Do not report.
    Off,
}

impl Level {
    /// The severity, or `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Note => Some(Severity::Note),
            Level::Off => None,
        }
    }
}

/// A file type as written under `file-types`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileType {
    /// CommonMark with GitHub extensions.
    Markdown,
    /// Plain text.
    Text,
    /// HTML.
    Html,
}

impl FileType {
    pub(super) fn kind(self) -> DocumentKind {
        match self {
            FileType::Markdown => DocumentKind::Markdown,
            FileType::Text => DocumentKind::Text,
            FileType::Html => DocumentKind::Html,
        }
    }
}
