//! What `report --from` reads: the fields of the JSON and JSON Lines outputs it needs
//! (see [`crate::render::json`] and [`crate::render::jsonl`]), owned. Unknown fields are
//! ignored, so outputs that gained fields still merge.

use serde::Deserialize;

use crate::identity::RunIdentity;

/// A whole `--format json` output: one run.
#[derive(Deserialize)]
pub(super) struct InJson {
    pub(super) diagnostics: Vec<InDiagnostic>,
    pub(super) problems: Vec<InProblem>,
    #[serde(flatten)]
    pub(super) end: InEnd,
}

/// What closes a run: the JSONL summary line, or the rest of a JSON output.
#[derive(Deserialize)]
pub(super) struct InEnd {
    pub(super) version: u32,
    pub(super) summary: InSummary,
    pub(super) identity: Option<RunIdentity>,
    #[serde(default)]
    pub(super) paths: Vec<String>,
    #[serde(default)]
    pub(super) lapsed_waivers: Vec<(usize, usize)>,
}

/// The totals of a run: only the files checked are summed (the rest is counted again).
#[derive(Deserialize)]
pub(super) struct InSummary {
    pub(super) files: usize,
}

/// A diagnostic: a `diagnostic` line, or an entry of `diagnostics`.
#[derive(Deserialize)]
pub(super) struct InDiagnostic {
    pub(super) path: String,
    pub(super) rule: String,
    pub(super) severity: String,
    pub(super) message: String,
    pub(super) line: usize,
    pub(super) column: usize,
    pub(super) end_line: usize,
    pub(super) end_column: usize,
    pub(super) byte_start: usize,
    pub(super) byte_end: usize,
    pub(super) matched: String,
    pub(super) suggestions: Vec<String>,
    pub(super) fix: Option<InFix>,
    pub(super) help: Option<String>,
    pub(super) sentence: String,
    pub(super) sentence_match: [usize; 2],
    pub(super) fingerprint: String,
    pub(super) location: Option<String>,
    pub(super) suppressed: Option<InSuppressed>,
}

/// The safe rewrite of a diagnostic.
#[derive(Deserialize)]
pub(super) struct InFix {
    pub(super) applicability: String,
    pub(super) edits: Vec<InEdit>,
}

/// One edit of a safe rewrite.
#[derive(Deserialize)]
pub(super) struct InEdit {
    pub(super) byte_start: usize,
    pub(super) byte_end: usize,
    pub(super) replacement: String,
}

/// Why a diagnostic is suppressed.
#[derive(Deserialize)]
pub(super) struct InSuppressed {
    pub(super) kind: String,
    pub(super) reason: Option<String>,
    pub(super) approved_by: Option<String>,
    pub(super) expires: Option<String>,
}

/// A problem with a file (or, with `notice`, a notice about the run).
#[derive(Deserialize)]
pub(super) struct InProblem {
    pub(super) path: String,
    pub(super) severity: String,
    pub(super) message: String,
    #[serde(default)]
    pub(super) not_checked: bool,
    #[serde(default)]
    pub(super) notice: bool,
}
