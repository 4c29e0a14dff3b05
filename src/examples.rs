//! A lexicon's own tests: every rule's `examples.bad` must fire the rule, every
//! `examples.good` must not (`copylint test-lexicon`, and the built-in lexicon's tests).
//!
//! Each example is checked alone, as a plain-text document, by the same
//! [`Linter::check_document`] every other door uses.

use crate::lexicon::RuleId;
use crate::lint::{Document, Linter};
use crate::prose::DocumentKind;

/// What an example is meant to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expectation {
    /// A bad example: the rule must fire.
    Fires,
    /// A good example: the rule must not fire.
    Clean,
}

/// An example that does not do what it is meant to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule the example belongs to.
    pub rule: RuleId,
    /// What it was meant to do.
    pub expected: Expectation,
    /// The example sentence.
    pub example: String,
    /// For a good example that fired: the text of each finding of the rule.
    pub matched: Vec<String>,
}

/// The outcome of running a lexicon's examples.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExampleReport {
    /// Examples that held.
    pub passed: usize,
    /// Examples that did not.
    pub failures: Vec<ExampleFailure>,
    /// Enabled lexicon rules without any example.
    pub untested: Vec<RuleId>,
}

impl ExampleReport {
    /// Examples run.
    pub fn total(&self) -> usize {
        self.passed + self.failures.len()
    }
}

/// Runs the examples of every enabled rule of the linter's engine (copylint's own rules
/// have none).
pub fn run_examples(linter: &Linter) -> ExampleReport {
    let engine = linter.engine();
    let mut checker = linter.checker();
    let mut report = ExampleReport::default();
    for (id, rule) in engine.rules.iter().enumerate() {
        if engine.is_tool_rule(id) || !rule.enabled {
            continue;
        }
        if rule.examples.bad.is_empty() && rule.examples.good.is_empty() {
            report.untested.push(id);
            continue;
        }
        let cases = rule
            .examples
            .bad
            .iter()
            .map(|e| (Expectation::Fires, e))
            .chain(rule.examples.good.iter().map(|e| (Expectation::Clean, e)));
        for (expected, example) in cases {
            let document = Document {
                path: "<example>",
                kind: DocumentKind::Text,
                bytes: example.as_bytes(),
            };
            let matched: Vec<String> = linter
                .check_document(&mut checker, document)
                .diagnostics
                .into_iter()
                .filter(|d| d.rule == id && d.suppressed.is_none())
                .map(|d| d.matched)
                .collect();
            let holds = match expected {
                Expectation::Fires => !matched.is_empty(),
                Expectation::Clean => matched.is_empty(),
            };
            if holds {
                report.passed += 1;
            } else {
                report.failures.push(ExampleFailure {
                    rule: id,
                    expected,
                    example: example.clone(),
                    matched,
                });
            }
        }
    }
    report
}
