//! `--format compact`: one finding per line, for editors' error formats and grep:
//!
//! ```text
//! notes.md:5:15: error[openai-on-aws/access-wording] “enables access to” says SRE ...
//! ```
//!
//! Lines and columns are 1-based; columns count Unicode scalar values, as in the human
//! format. A finding in a Word or PowerPoint file names its place instead of a line and
//! column (`deck.pptx: slide 7, notes: error[...] ...`), so no editor jumps to a made-up
//! position. Suppressed findings are left out, as in the human format; nothing else is
//! printed (problems with files go to standard error).

use std::io::{self, Write};

use crate::diagnostic::Report;
use crate::escape;

/// Writes one line per diagnostic of `report`. Names and messages are escaped (see
/// [`crate::escape`]), so one finding stays one line.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for (path, d) in report.active_diagnostics() {
        let path = escape::line(path);
        let place = match &d.location {
            Some(location) => format!("{path}: {}:", escape::line(&location.name)),
            None => format!("{path}:{}:{}:", d.start.line, d.start.column),
        };
        writeln!(
            out,
            "{place} {}[{}] {}",
            d.severity.as_str(),
            escape::line(&d.rule_id),
            escape::line(&one_line(&d.message))
        )?;
    }
    Ok(())
}

/// `text` with every line break turned into a space.
fn one_line(text: &str) -> String {
    text.split(['\r', '\n']).collect::<Vec<_>>().join(" ")
}
