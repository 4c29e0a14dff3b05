//! What `copylint rules`, `copylint explain` and `copylint test-lexicon` print: plain
//! text about the loaded rules, read from the engine (nothing is matched here except by
//! `examples.rs`, whose report is only rendered).

use std::io::{self, Write};

use crate::examples::{ExampleReport, Expectation};
use crate::lexicon::{Applicability, Engine, Rule, RuleId, RuleKind, SetId};

/// Width text is wrapped to.
const WIDTH: usize = 88;

/// The fix a rule offers, as `copylint rules` shows it.
fn fix_label(rule: &Rule) -> &'static str {
    if rule.has_safe_fix() {
        "safe"
    } else if rule.groups.iter().any(|g| !g.suggest.is_empty()) {
        "unsafe"
    } else {
        "none"
    }
}

fn severity_label(rule: &Rule) -> &'static str {
    if rule.enabled {
        rule.severity.as_str()
    } else {
        "off"
    }
}

/// A rule's message on one line, `{matched}` shown as `…`.
fn one_line(message: &str) -> String {
    message
        .replace("{matched}", "…")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `copylint rules`: one line per rule, with its severity, fix and message.
pub fn rules(engine: &Engine, out: &mut dyn Write) -> io::Result<()> {
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
            fix_label(rule),
            one_line(&rule.message)
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
    line
}

/// `copylint explain RULE`.
pub fn explain(engine: &Engine, id: RuleId, out: &mut dyn Write) -> io::Result<()> {
    let rule = &engine.rules[id];
    writeln!(out, "{} ({})", rule.id, severity_label(rule))?;
    wrapped(out, &one_line(&rule.message), "")?;
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
    let with_rewrites: Vec<_> = rule
        .groups
        .iter()
        .filter(|g| !g.suggest.is_empty())
        .collect();
    if with_rewrites.is_empty() {
        writeln!(out, "  none: the wording needs a human")?;
    }
    for group in with_rewrites {
        let target = if group.phrases.is_empty() {
            "the sentence".to_string()
        } else {
            list(&group.phrases)
        };
        let how = match group.fix {
            Applicability::Safe => "`copylint check --fix` applies the first",
            Applicability::Unsafe => "suggested, never applied automatically",
        };
        wrapped(
            out,
            &format!("{target} → {} ({how})", list(&group.suggest)),
            "  - ",
        )?;
    }

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

/// `copylint test-lexicon`: the outcome of one lexicon's examples.
pub fn examples(
    engine: &Engine,
    origin: &str,
    report: &ExampleReport,
    out: &mut dyn Write,
) -> io::Result<()> {
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
