//! What checking finds: a [`Finding`] (rule, span, message, suggested rewrites, each with
//! the [`Edit`]s that make it) and, when something accepts it, its [`Suppression`]. These are the core's data; `check` produces
//! them, `suppress`, `waiver` and `baseline` mark them, `diagnostic` locates them and
//! renderers show them, so they sit below all of those.

use std::ops::Range;
use std::sync::Arc;

use jiff::civil::Date;

use crate::lexicon::{Applicability, RuleId, Severity};
use crate::reader_text::ReaderSentence;

/// Text to put in place of a byte range of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range of the document (an empty range inserts).
    pub span: Range<usize>,
    /// The new text.
    pub replacement: String,
}

/// A rewrite offered for a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The words that take the phrase's place, in its capitalisation.
    pub replacement: String,
    /// Whether `--fix` may apply it: only when the lexicon marks it safe and its edits
    /// change nothing but the phrase's words (see `edit_plan`).
    pub applicability: Applicability,
    /// What applying it does to the document: sorted, non-overlapping edits that replace
    /// the phrase's words and keep all markup around and inside it. Everything that
    /// applies a suggestion (`--fix`, `--diff`, the language server, SARIF fixes) applies
    /// these, never `replacement` over the finding's span.
    pub edits: Vec<Edit>,
}

impl Suggestion {
    /// The bytes the edits touch, from the first to the last.
    pub fn hull(&self) -> Option<Range<usize>> {
        let first = self.edits.first()?;
        let last = self.edits.last()?;
        Some(first.span.start..last.span.end)
    }
}

/// One rule violation in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule that fired.
    pub rule: RuleId,
    /// The rule's severity.
    pub severity: Severity,
    /// Byte range in the document.
    pub span: Range<usize>,
    /// The rule's message, with `{matched}` filled in.
    pub message: String,
    /// Rewrites, best first; only the first can be safe.
    pub suggestions: Vec<Suggestion>,
    /// When no rewrite fits the sentence: why, and how to rephrase it.
    pub help: Option<String>,
    /// Byte range of the sentence the finding was judged in.
    pub sentence: Range<usize>,
    /// That sentence as the matcher read it (see [`crate::fingerprint::sentence_key`]):
    /// what baselines and waivers recognise the finding by. Shared by the findings of
    /// one sentence.
    pub sentence_key: Arc<str>,
    /// That sentence as a reader sees it, cut to a window around the finding.
    pub reader: ReaderSentence,
    /// Set when a comment in the document suppresses the finding: it is still reported
    /// (JSON, SARIF) but neither shown to people nor counted as a failure.
    pub suppressed: Option<Suppression>,
}

/// Why a finding is not reported as a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// How it was suppressed.
    pub kind: SuppressionKind,
    /// The reason given after `--`, or a waiver's reason, if any.
    pub reason: Option<String>,
    /// For a waiver: who approved it.
    pub approved_by: Option<String>,
    /// For a waiver: the last day it applies (YYYY-MM-DD).
    pub expires: Option<Date>,
}

impl Suppression {
    /// Suppressed by a comment in the document, with its reason.
    pub fn inline(reason: Option<String>) -> Suppression {
        Suppression {
            kind: SuppressionKind::Inline,
            reason,
            approved_by: None,
            expires: None,
        }
    }

    /// Recorded in the baseline given with `--baseline`.
    pub fn baseline() -> Suppression {
        Suppression {
            kind: SuppressionKind::Baseline,
            reason: None,
            approved_by: None,
            expires: None,
        }
    }

    /// Covered by a waiver of the config file.
    pub fn waiver(reason: String, approved_by: String, expires: Date) -> Suppression {
        Suppression {
            kind: SuppressionKind::Waiver,
            reason: Some(reason),
            approved_by: Some(approved_by),
            expires: Some(expires),
        }
    }
}

/// How a finding was suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SuppressionKind {
    /// By a comment in the document (SARIF calls this `inSource`).
    Inline,
    /// By the baseline file given with `--baseline` (SARIF: `external`).
    Baseline,
    /// By a waiver in the config file (SARIF: `external`).
    Waiver,
}

impl SuppressionKind {
    /// The lower-case name used in output formats.
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionKind::Inline => "inline",
            SuppressionKind::Baseline => "baseline",
            SuppressionKind::Waiver => "waiver",
        }
    }

    /// SARIF's `suppression.kind`: `inSource` for a comment, `external` otherwise.
    pub fn sarif_kind(self) -> &'static str {
        match self {
            SuppressionKind::Inline => "inSource",
            SuppressionKind::Baseline | SuppressionKind::Waiver => "external",
        }
    }
}
