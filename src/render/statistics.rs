//! `check --statistics`: after the findings, one line per rule with how many findings it
//! has (suppressed ones left out), how many `--fix` would rewrite, and where the rule
//! comes from, like `ruff --statistics`:
//!
//! ```text
//! COUNT  RULE                          SEVERITY  FIXABLE  EXPIRES     SOURCE
//!     8  openai-on-aws/access-wording  error           6  2027-03-01  AWS internal messaging memo…
//!     3  openai-on-aws/call-wording    error           3  2027-03-01  AWS internal messaging memo…
//!    11  in all                                        9
//! ```

use std::io::{self, Write};

use super::tally::{Folders, Tally};
use crate::diagnostic::Report;
use crate::escape;
use crate::lexicon::Engine;

/// The longest source shown; `copylint explain RULE` shows all of it.
const SOURCE_WIDTH: usize = 48;

/// Writes the per-rule table of `report` (nothing when there is no finding to show).
pub fn render(
    report: &Report,
    engine: &Engine,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let tally = Tally::new(report, &Folders::default());
    let mut rows: Vec<_> = tally
        .rules
        .iter()
        .filter(|(_, _, count)| count.active() > 0)
        .collect();
    rows.sort_by(|a, b| b.2.active().cmp(&a.2.active()).then_with(|| a.1.cmp(&b.1)));
    if rows.is_empty() {
        return Ok(());
    }
    let width = rows
        .iter()
        .map(|(_, id, _)| escape::line(id).chars().count())
        .max()
        .unwrap_or(4)
        .max("RULE".len());
    let header = format!(
        "{:>5}  {:width$}  SEVERITY  FIXABLE  EXPIRES     SOURCE",
        "COUNT", "RULE"
    );
    if color {
        let style = anstyle::Style::new().bold();
        writeln!(out, "{style}{header}{style:#}")?;
    } else {
        writeln!(out, "{header}")?;
    }
    for (rule, id, count) in rows {
        let rule = &engine.rules[*rule];
        let p = &rule.provenance;
        let line = format!(
            "{:>5}  {:width$}  {:8}  {:>7}  {:10}  {}",
            count.active(),
            escape::line(id),
            rule.severity.as_str(),
            count.fixable,
            p.expires.map_or_else(|| "-".to_string(), |d| d.to_string()),
            shorten(&escape::line(p.source.as_deref().unwrap_or("-"))),
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(
        out,
        "{:>5}  {:width$}  {:8}  {:>7}\n",
        tally.all.active(),
        "in all",
        "",
        tally.all.fixable
    )
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= SOURCE_WIDTH {
        return text.to_string();
    }
    let cut: String = text.chars().take(SOURCE_WIDTH - 1).collect();
    format!("{}…", cut.trim_end())
}
