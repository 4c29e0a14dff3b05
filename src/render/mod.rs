//! One renderer per output format, chosen by [`Format`]. Renderers only read a finished
//! [`Report`]; they never search.

pub mod compact;
pub mod csv;
pub mod diff;
pub mod explain;
pub mod github;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod lsp;
pub mod report_html;
pub mod rule_text;
pub mod sarif;
pub mod statistics;
pub mod tally;
pub mod terminal;

use std::io::{self, Write};

use crate::diagnostic::Report;
use crate::lexicon::Engine;

/// The output formats of `copylint check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with snippets and suggested rewrites.
    Human,
    /// One JSON object (the public contract documented in the README).
    Json,
    /// JSON Lines, one finding or problem per line and a summary line last, written as
    /// files are done: a map step whose outputs `copylint report --from` merges.
    Jsonl,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Compact,
    /// GitHub Actions workflow commands, shown as annotations on pull requests.
    Github,
    /// A SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// A JSON array of `{uri, diagnostics}` per file checked, in Language Server Protocol types.
    Lsp,
}

impl Format {
    /// Whether the format lists files without findings too, so the run must keep them.
    pub fn lists_clean_files(self) -> bool {
        self == Format::Lsp
    }
}

/// Options that apply to human-readable output.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Use ANSI colours.
    pub color: bool,
    /// End with a table of the findings per rule (`--statistics`).
    pub statistics: bool,
    /// The run is a pre-commit hook (pre-commit sets `PRE_COMMIT`): `copylint` itself
    /// is not on the user's PATH there, so the fix hint names the `copylint-fix` hook.
    pub under_pre_commit: bool,
}

/// Writes `report` to `out` in `format`.
pub fn render(
    format: Format,
    report: &Report,
    engine: &Engine,
    options: RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, engine, options, out),
        Format::Json => json::render(report, engine, out),
        Format::Jsonl => jsonl::render(report, engine, out),
        Format::Compact => compact::render(report, out),
        Format::Github => github::render(report, out),
        Format::Sarif => sarif::render(report, engine, out),
        Format::Lsp => lsp::render(report, engine, out),
    }
}
