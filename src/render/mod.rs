//! One renderer per output format, chosen by [`Format`]. Renderers only read a finished
//! [`Report`]; they never search.

pub mod csv;
pub mod diff;
pub mod explain;
pub mod human;
pub mod json;
pub mod report_html;
pub mod statistics;
pub mod tally;

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
}

/// Options that apply to human-readable output.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Use ANSI colours.
    pub color: bool,
    /// End with a table of the findings per rule (`--statistics`).
    pub statistics: bool,
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
    }
}
