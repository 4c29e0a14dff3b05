//! The default output: rustc-style diagnostics drawn by annotate-snippets, one per
//! finding, then a one-line summary.
//!
//! ```text
//! error[openai-on-aws/access-wording]: “enables access to” says SRE gives access to OpenAI; ...
//!  --> landing-page.md:9:5
//!   |
//! 9 | SRE enables access to ChatGPT for every team in your company.
//!   |     ^^^^^^^^^^^^^^^^^
//!   |
//!   = note: The March 2026 memo allows ...
//! help: rewrite it
//!   |
//! 9 - SRE enables access to ChatGPT for every team in your company.
//! 9 + SRE integrates with ChatGPT for every team in your company.
//! ```

use std::io::{self, Write};

use annotate_snippets::{Annotation, AnnotationKind, Group, Level, Patch, Renderer, Snippet};

use super::RenderOptions;
use crate::diagnostic::{Diagnostic, Report, Summary};
use crate::lexicon::{Applicability, Engine, Severity};

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    }
}

/// Draws one diagnostic.
pub fn render_diagnostic(
    path: &str,
    d: &Diagnostic,
    engine: &Engine,
    renderer: &Renderer,
) -> String {
    let rule = &engine.rules[d.rule];
    // In a Word or PowerPoint file, lines count the paragraphs of a slide or cell: name it.
    let located;
    let path = match &d.location {
        Some(location) => {
            located = format!("{path}: {}", location.name);
            located.as_str()
        }
        None => path,
    };
    let snippet = || {
        Snippet::<Annotation>::source(d.excerpt.text.as_str())
            .line_start(d.excerpt.first_line)
            .path(path)
    };
    let patch = |replacement: &str| {
        Snippet::<Patch>::source(d.excerpt.text.as_str())
            .line_start(d.excerpt.first_line)
            .path(path)
            .patch(Patch::new(d.excerpt.span.clone(), replacement.to_string()))
    };
    let mut main = level(d.severity)
        .primary_title(d.message.as_str())
        .id(d.rule_id.as_str())
        .element(snippet().annotation(AnnotationKind::Primary.span(d.excerpt.span.clone())));
    if let Some(rationale) = &rule.rationale {
        main = main.element(Level::NOTE.message(rationale.as_str()));
    }
    if let Some(help) = &d.help {
        main = main.element(Level::HELP.message(help.as_str()));
    }
    let mut groups: Vec<Group> = vec![main];
    if !d.suggestions.is_empty() {
        let title = match d.suggestions[0].applicability {
            Applicability::Safe => "rewrite it (`copylint check --fix` applies this)",
            Applicability::Unsafe => "consider rewording it",
        };
        let mut help = Level::HELP
            .secondary_title(title)
            .element(patch(&d.suggestions[0].replacement));
        for s in &d.suggestions[1..] {
            help = help.element(patch(&s.replacement));
        }
        groups.push(help);
    }
    renderer.render(&groups)
}

/// The one-line summary printed last.
pub fn summary_line(summary: &Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "checked {}: {}, {}, {}",
        plural(summary.files, "file"),
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.notes, "note"),
    );
    if summary.fixed > 0 {
        line.push_str(&format!(
            "; {}",
            super::diff::summary_line(summary.fixed, summary.fixed_files, true)
        ));
    }
    if summary.suppressed > 0 {
        let inline = summary.suppressed - summary.baselined - summary.waived;
        let parts: Vec<String> = [
            (summary.baselined, "in the baseline"),
            (summary.waived, "waived"),
            (inline, "by comments"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, how)| format!("{n} {how}"))
        .collect();
        if inline == summary.suppressed {
            line.push_str(&format!(" ({} suppressed)", summary.suppressed));
        } else {
            line.push_str(&format!(
                " ({} suppressed: {})",
                summary.suppressed,
                parts.join(", ")
            ));
        }
    }
    if summary.failures > 0 {
        line.push_str(&format!(
            "; {} could not be checked",
            plural(summary.failures, "path")
        ));
    }
    line
}

/// Writes every diagnostic of `report`, then (with `statistics`) the per-rule table, then
/// the summary.
pub fn render(
    report: &Report,
    engine: &Engine,
    options: RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for (path, d) in report.active_diagnostics() {
        writeln!(out, "{}\n", render_diagnostic(path, d, engine, &renderer))?;
    }
    if options.statistics {
        super::statistics::render(report, engine, options.color, out)?;
    }
    let line = summary_line(&report.summary);
    if options.color {
        let style = anstyle::Style::new().bold();
        writeln!(out, "{style}{line}{style:#}")
    } else {
        writeln!(out, "{line}")
    }
}
