//! `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations
//! on the pull request's diff:
//!
//! ```text
//! ::error file=notes.md,line=5,endLine=6,title=openai-on-aws/access-wording::“enables access to” says ...
//! ::error file=email.txt,line=3,col=21,endLine=3,endColumn=35,title=openai-on-aws/call-wording::“makes calls to” says ...
//! ```
//!
//! A span over several lines drops its columns (GitHub reads columns only within one
//! line); a finding in a Word or PowerPoint file is an annotation on the file, its place
//! named in the message. Suppressed findings are left out. Values are escaped as GitHub's
//! toolkit does: `%`, `\r` and `\n` everywhere, and `:` and `,` too inside properties;
//! other control characters in names and lexicon text are written out first (see
//! [`crate::escape`]), so no value can end the command or start another.

use std::io::{self, Write};

use crate::diagnostic::Report;
use crate::escape;
use crate::lexicon::Severity;

/// Writes one workflow command per diagnostic of `report`.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for (path, d) in report.active_diagnostics() {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut properties = format!("file={}", property(path));
        let mut message = escape::line(&d.message).into_owned();
        if let Some(location) = &d.location {
            message = format!("{}: {message}", escape::line(&location.name));
        } else {
            properties.push_str(&format!(",line={}", d.start.line));
            if d.start.line == d.end.line {
                properties.push_str(&format!(",col={}", d.start.column));
            }
            properties.push_str(&format!(",endLine={}", d.end.line));
            if d.start.line == d.end.line {
                properties.push_str(&format!(",endColumn={}", d.end.column));
            }
        }
        properties.push_str(&format!(",title={}", property(&d.rule_id)));
        if let Some(first) = d.suggestions.first() {
            let replacement = escape::line(&first.replacement);
            message.push_str(&format!(
                "
suggested rewrite: {replacement}"
            ));
        } else if let Some(help) = &d.help {
            message.push_str(&format!(
                "
help: {}",
                escape::line(help)
            ));
        }
        writeln!(out, "::{command} {properties}::{}", data(&message))?;
    }
    Ok(())
}

/// Escapes a command's message (GitHub's `escapeData`).
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (GitHub's `escapeProperty`), after writing out control
/// characters.
fn property(text: &str) -> String {
    data(&escape::line(text))
        .replace(':', "%3A")
        .replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_actions_toolkit() {
        assert_eq!(
            data("100% sure\r\nnext: a, b"),
            "100%25 sure%0D%0Anext: a, b"
        );
        // A line break in a name is written out before GitHub's escaping sees it.
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25\\n");
        assert_eq!(property("x\u{1b}]0;T\u{7}"), "x\\u{1b}]0;T\\u{7}");
    }
}
