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

use annotate_snippets::{
    Annotation, AnnotationKind, Element, Group, Level, Patch, Renderer, Snippet,
};

use super::RenderOptions;
use crate::diagnostic::{Diagnostic, Report, Summary};
use crate::escape;
use crate::finding::Suggestion;
use crate::lexicon::{Applicability, Engine, RuleId, Severity};

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    }
}

/// Draws one diagnostic; with `rationale`, the rule's rationale as a note under it
/// (once per rule in a run: repeated on every finding, it buried the findings). The file
/// name and the lexicon's text are escaped (see [`crate::escape`]); annotate-snippets
/// makes the document's own text visible.
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
    let path = match &d.location {
        Some(location) => escape::line(&format!("{path}: {}", location.name)).into_owned(),
        None => escape::line(path).into_owned(),
    };
    let path = path.as_str();
    let message = escape::line(&d.message);
    let rule_id = escape::line(&d.rule_id);
    let rationale = rule
        .rationale
        .as_deref()
        .filter(|_| rationale)
        .map(escape::lines);
    let snippet = || {
        Snippet::<Annotation>::source(d.excerpt.text.as_str())
            .line_start(d.excerpt.first_line)
            .path(path)
    };
    // A rewrite is drawn as the edits it makes (markup around the phrase stays), or
    // named when they do not fit the excerpt.
    let patch = |suggestion: &Suggestion| -> Element {
        let mut snippet = Snippet::<Patch>::source(d.excerpt.text.as_str())
            .line_start(d.excerpt.first_line)
            .path(path);
        for edit in &suggestion.edits {
            let Some(local) = d.excerpt.local(&edit.span) else {
                return Level::HELP
                    .no_name()
                    .message(format!(
                        "rewrite: {}",
                        escape::line(&suggestion.replacement)
                    ))
                    .into();
            };
            snippet = snippet.patch(Patch::new(
                local,
                escape::line(&edit.replacement).into_owned(),
            ));
        }
        snippet.into()
    };
    let mut main = level(d.severity)
        .primary_title(message.as_ref())
        .id(rule_id.as_ref())
        .element(snippet().annotation(AnnotationKind::Primary.span(d.excerpt.span.clone())));
    if let Some(rationale) = &rationale {
        main = main.element(Level::NOTE.message(rationale.as_ref()));
    }
    if let Some(help) = &d.help {
        main = main.element(Level::HELP.message(help.as_str()));
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
            .element(patch(&d.suggestions[0]));
        for s in &d.suggestions[1..] {
            help = help.element(patch(s));
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
    if summary.not_checked > 0 {
        line.push_str(&format!(
            "; {} not checked (the warnings say why)",
            plural(summary.not_checked, "file")
        ));
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
/// the config file in force (if any), then the summary.
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
    // Which settings applied, just above the summary: a config file planted where it
    // should not be is seen.
    if let Some(config) = &report.config {
        writeln!(out, "config: {}", escape::line(config))?;
    }
    let line = summary_line(&report.summary);
    if options.color {
        let style = anstyle::Style::new().bold();
        writeln!(out, "{style}{line}{style:#}")
    } else {
        writeln!(out, "{line}")
    }
}
