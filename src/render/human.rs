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
use crate::lexicon::{Applicability, Engine, RuleId, Severity};

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    }
}

/// Draws one diagnostic; with `rationale`, the rule's rationale as a note under it
/// (once per rule in a run: repeated on every finding, it buried the findings).
pub fn render_diagnostic(
    path: &str,
    d: &Diagnostic,
    engine: &Engine,
    renderer: &Renderer,
    rationale: bool,
    under_pre_commit: bool,
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
    if let Some(text) = rule.rationale.as_ref().filter(|_| rationale) {
        main = main.element(Level::NOTE.message(text.as_str()));
    }
    let mut groups: Vec<Group> = vec![main];
    if !d.suggestions.is_empty() {
        let title = match (d.suggestions[0].applicability, under_pre_commit) {
            (Applicability::Safe, false) => "rewrite it (`copylint check --fix` applies this)",
            (Applicability::Safe, true) => {
                "rewrite it (the `copylint-fix` pre-commit hook applies this)"
            }
            (Applicability::Unsafe, _) => "consider rewording it",
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

/// Where to read more about the rules that fired, as rustc points at `--explain`.
fn explain_hint(engine: &Engine, rules: &[RuleId]) -> Option<String> {
    let ids: Vec<&str> = rules
        .iter()
        .filter(|&&r| !engine.is_tool_rule(r))
        .map(|&r| engine.rules[r].id.as_str())
        .collect();
    match ids.as_slice() {
        [] => None,
        [one] => Some(format!(
            "For more about this rule, try `copylint explain {one}`."
        )),
        [first, ..] => Some(format!(
            "For more about a rule, try `copylint explain {first}` (rules here: {}).",
            ids.join(", ")
        )),
    }
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
    let mut explained: Vec<RuleId> = Vec::new();
    for (path, d) in report.active_diagnostics() {
        let first = !explained.contains(&d.rule);
        if first {
            explained.push(d.rule);
        }
        writeln!(
            out,
            "{}\n",
            render_diagnostic(path, d, engine, &renderer, first, options.under_pre_commit)
        )?;
    }
    if let Some(line) = explain_hint(engine, &explained) {
        writeln!(out, "{line}\n")?;
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
