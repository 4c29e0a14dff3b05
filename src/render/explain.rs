//! What `copylint rules`, `copylint explain` and `copylint test-lexicon` print: plain
//! text about the loaded rules, read from the engine (nothing is matched here except by
//! `examples.rs`, whose report is only rendered). Everything goes through
//! [`escape::Writer`]: a lexicon's text cannot drive the terminal.

use std::io::{self, Write};

use super::rule_text;
use crate::escape;
use crate::examples::{ExampleReport, Expectation};
use crate::lexicon::{Applicability, Engine, Rule, RuleId, RuleKind, SetId};

/// Width text is wrapped to.
const WIDTH: usize = 88;

fn severity_label(rule: &Rule) -> &'static str {
    if rule.enabled {
        rule.severity.as_str()
    } else {
        "off"
    }
}

/// `copylint rules`: one line per rule, with its severity, fix and message.
pub fn rules(engine: &Engine, out: &mut dyn Write) -> io::Result<()> {
    let out = &mut escape::Writer::new(out);
    let width = engine
        .rules
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(out, "{:width$}  SEVERITY  FIX     MESSAGE", "RULE")?;
    for rule in &engine.rules {
        writeln!(
            out,
            "{:width$}  {:8}  {:6}  {}",
            rule.id,
            severity_label(rule),
            rule_text::fix_label(rule),
            rule_text::summary(engine, rule)
        )?;
    }
    if engine
        .rules
        .iter()
        .any(|r| rule_text::fix_label(r) == "partly")
    {
        writeln!(
            out,
            "\nFIX partly: `--fix` applies some of the rule's rewrites, for some phrases or only \
             where it recognises the sentence's shape."
        )?;
    }
    let lexicons = engine.lexicons.len();
    writeln!(
        out,
        "\n{} rule{} in {} lexicon{}; `copylint explain RULE` tells more about one.",
        engine.rules.len(),
        if engine.rules.len() == 1 { "" } else { "s" },
        lexicons,
        if lexicons == 1 { "" } else { "s" },
    )
}

/// Writes `text` wrapped, its first line after `indent` (which may hold a label such as
/// `  bad:  `), the others lined up under the text.
fn wrapped(out: &mut dyn Write, text: &str, indent: &str) -> io::Result<()> {
    let hang = " ".repeat(indent.chars().count());
    let options = textwrap::Options::new(WIDTH)
        .initial_indent(indent)
        .subsequent_indent(&hang);
    for line in textwrap::wrap(text, options) {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("“{i}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn set_line(engine: &Engine, set: SetId) -> String {
    let s = &engine.sets[set];
    let mut line = format!("`{}`", s.name);
    if let Some(d) = &s.description {
        line.push_str(&format!(": {}", d.trim()));
    }
    line.push_str(&format!(" Terms: {}", list(&s.terms)));
    if !s.include.is_empty() {
        let names: Vec<String> = s.include.iter().map(|n| format!("`{n}`")).collect();
        line.push_str(&format!(", and those of {}", names.join(", ")));
    }
    if !s.except.is_empty() {
        line.push_str(&format!(". Not: {}", list(&s.except)));
    }
    line
}

/// What cancels a rule's phrases or terms: its negation cues and their reach.
fn negation_lines(engine: &Engine, rule: &Rule, out: &mut dyn Write) -> io::Result<()> {
    let Some(n) = &rule.negation else {
        return Ok(());
    };
    let what = if n.of.is_empty() {
        "a phrase".to_string()
    } else {
        let names: Vec<String> =
            n.of.iter()
                .map(|&s| format!("`{}`", engine.sets[s].name))
                .collect();
        format!("a term of {}", names.join(" or "))
    };
    wrapped(
        out,
        &format!(
            "Not when negated: {what} does not count when a negation cue is one of the {} words right before it, with no `,` `;` `:` or dash between{}. The cues:",
            n.window,
            if n.of.is_empty() {
                ", or stands in the words the phrase's `...` covers"
            } else {
                ""
            }
        ),
        "  ",
    )?;
    wrapped(out, &set_line(engine, n.cues), "  - ")
}

/// `copylint explain RULE`.
pub fn explain(engine: &Engine, id: RuleId, out: &mut dyn Write) -> io::Result<()> {
    let out = &mut escape::Writer::new(out);
    let rule = &engine.rules[id];
    writeln!(out, "{} ({})", rule.id, severity_label(rule))?;
    wrapped(out, &rule_text::summary(engine, rule), "")?;
    if engine.is_tool_rule(id) {
        writeln!(out, "\nWhy")?;
        if let Some(r) = &rule.rationale {
            wrapped(out, r, "  ")?;
        }
        return Ok(());
    }

    writeln!(out, "\nWhat it checks")?;
    match &rule.kind {
        RuleKind::Phrases => {
            wrapped(out, "Fires on any of these phrases:", "  ")?;
            for group in &rule.groups {
                wrapped(out, &list(&group.phrases), "  - ")?;
            }
        }
        RuleKind::CoOccur(sets) => {
            wrapped(
                out,
                "Fires on a sentence that holds a term of each of these sets, in any order (the span runs from the first to the last):",
                "  ",
            )?;
            for &set in sets {
                wrapped(out, &set_line(engine, set), "  - ")?;
            }
        }
    }
    if !rule.when.is_empty() {
        wrapped(out, "Only in a sentence that also holds a term of:", "  ")?;
        for &set in &rule.when {
            wrapped(out, &set_line(engine, set), "  - ")?;
        }
    }
    if !rule.unless.is_empty() {
        wrapped(out, "Never in a sentence that holds a term of:", "  ")?;
        for &set in &rule.unless {
            wrapped(out, &set_line(engine, set), "  - ")?;
        }
    }
    if !rule.allowed.is_empty() {
        wrapped(
            out,
            &format!(
                "Never on text overlapping an allowed phrase: {}",
                list(&rule.allowed)
            ),
            "  ",
        )?;
    }
    negation_lines(engine, rule, out)?;

    if let Some(rationale) = &rule.rationale {
        writeln!(out, "\nWhy")?;
        wrapped(out, rationale, "  ")?;
    }

    if !rule.examples.bad.is_empty() || !rule.examples.good.is_empty() {
        writeln!(out, "\nExamples")?;
        for bad in &rule.examples.bad {
            wrapped(out, bad, "  bad:  ")?;
        }
        for good in &rule.examples.good {
            wrapped(out, good, "  good: ")?;
        }
    }

    writeln!(out, "\nRewrites")?;
    rewrites(engine, rule, out)?;

    let p = &rule.provenance;
    let date = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string());
    let fields = [
        ("source", p.source.clone()),
        ("owner", p.owner.clone()),
        ("effective", date(p.effective)),
        ("expires", date(p.expires)),
        ("link", p.link.clone()),
    ];
    if fields.iter().any(|(_, v)| v.is_some()) {
        writeln!(out, "\nProvenance")?;
        for (name, value) in fields {
            if let Some(value) = &value {
                wrapped(out, value, &format!("  {name}: "))?;
            }
        }
    }
    let lexicon = &engine.lexicons[rule.lexicon];
    writeln!(out, "\nDefined in {} ({}).", lexicon.name, lexicon.origin)
}

/// The "Rewrites" section: per phrase group (and role), the rewrites and what `--fix`
/// does with them; groups without rewrites, with their help lines.
fn rewrites(engine: &Engine, rule: &Rule, out: &mut dyn Write) -> io::Result<()> {
    let lines = rule_text::rewrite_lines(engine, rule);
    let bare = rule_text::without_rewrites(rule);
    if lines.is_empty() && bare.is_empty() {
        return writeln!(out, "  none: the wording needs a human");
    }
    if lines.iter().any(|l| l.role.is_some()) {
        wrapped(
            out,
            "The part a phrase plays in its sentence (its role) picks the rewrite, put in the \
             form and capitals the sentence needs. `--fix` applies a safe one only where \
             copylint recognises the sentence's shape; where no rewrite fits, the finding \
             says how to rephrase.",
            "  ",
        )?;
    } else if lines.iter().any(|l| l.per_sentence) {
        wrapped(
            out,
            "Offered where the claim is a plain clause that the rewrite can restate, with \
             the terms found in the sentence.",
            "  ",
        )?;
    }
    let mut last_phrases: Option<&Vec<String>> = None;
    for line in &lines {
        let target = if line.phrases.is_empty() {
            "the sentence".to_string()
        } else {
            list(&line.phrases)
        };
        let how = match (line.fix, line.per_sentence) {
            (Applicability::Safe, true) => "safe where the shape is recognised",
            (Applicability::Safe, false) => "`copylint check --fix` applies the first",
            (Applicability::Unsafe, _) => "suggested, never applied automatically",
        };
        let rewrites = list(&line.rewrites);
        match line.role {
            Some(role) => {
                if last_phrases != Some(&line.phrases) {
                    wrapped(out, &target, "  - ")?;
                    last_phrases = Some(&line.phrases);
                }
                wrapped(
                    out,
                    &format!("{}: {rewrites} ({how})", role.describe()),
                    "      ",
                )?;
            }
            None => wrapped(out, &format!("{target} → {rewrites} ({how})"), "  - ")?,
        }
    }
    for group in bare {
        let help = group
            .help
            .as_deref()
            .map_or(String::new(), |h| format!(": {h}"));
        wrapped(
            out,
            &format!(
                "{} → none; the finding says how to rephrase{help}",
                list(&group.phrases)
            ),
            "  - ",
        )?;
    }
    Ok(())
}

/// `copylint test-lexicon`: the outcome of one lexicon's examples.
pub fn examples(
    engine: &Engine,
    origin: &str,
    report: &ExampleReport,
    out: &mut dyn Write,
) -> io::Result<()> {
    let out = &mut escape::Writer::new(out);
    for failure in &report.failures {
        let rule = &engine.rules[failure.rule].id;
        match failure.expected {
            Expectation::Fires => writeln!(out, "FAIL {rule}: a bad example does not fire it")?,
            Expectation::Clean => writeln!(
                out,
                "FAIL {rule}: a good example fires it on {}",
                list(&failure.matched)
            )?,
        }
        wrapped(out, &failure.example, "       ")?;
    }
    for &rule in &report.untested {
        writeln!(out, "note: {} has no examples", engine.rules[rule].id)?;
    }
    let total = report.total();
    if total == 0 {
        writeln!(out, "{origin}: no examples to run")
    } else if report.failures.is_empty() {
        writeln!(
            out,
            "{origin}: all {total} example{} hold",
            if total == 1 { "" } else { "s" }
        )
    } else {
        writeln!(
            out,
            "{origin}: {} of {total} examples fail",
            report.failures.len()
        )
    }
}
