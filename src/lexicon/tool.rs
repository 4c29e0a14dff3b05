//! copylint's own rules: findings about suppression comments rather than about wording.
//!
//! They live in the reserved lexicon `copylint`, after every loaded lexicon, so that
//! reports, severity overrides (`copylint/unused-suppression: off`), `copylint rules` and
//! `copylint explain` treat them like any other rule.

use super::engine::RuleProvenance;
use super::engine::{
    Applicability, BannedGroup, Examples, LexiconInfo, Rule, RuleKind, Severity, TOOL_LEXICON,
    ToolRules,
};

/// The lexicon entry for the tool rules.
pub(crate) fn lexicon() -> LexiconInfo {
    LexiconInfo {
        name: TOOL_LEXICON.to_string(),
        origin: format!("builtin:{TOOL_LEXICON}"),
        description: Some("copylint's own rules about suppression comments.".to_string()),
    }
}

/// Appends the tool rules to `rules` (whose lexicon index is `lexicon`).
pub(crate) fn add_rules(rules: &mut Vec<Rule>, lexicon: usize) -> ToolRules {
    let rule = |local: &str, severity, enabled, message: &str, rationale: &str| Rule {
        id: format!("{TOOL_LEXICON}/{local}"),
        local_id: local.to_string(),
        lexicon,
        severity,
        message: message.to_string(),
        rationale: Some(rationale.to_string()),
        kind: RuleKind::Phrases,
        when: Vec::new(),
        unless: Vec::new(),
        // One empty group, as a co-occurrence rule has: no phrases, no rewrites.
        groups: vec![BannedGroup {
            phrases: Vec::new(),
            suggest: Vec::new(),
            fix: Applicability::Unsafe,
            case_sensitive: false,
        }],
        allowed: Vec::new(),
        examples: Examples::default(),
        provenance: RuleProvenance::default(),
        enabled,
    };
    let unused_suppression = rules.len();
    rules.push(rule(
        "unused-suppression",
        Severity::Note,
        true,
        "this suppression comment suppresses nothing",
        "A `copylint-disable` comment that no longer matches a finding (the wording was \
         fixed, or the rule name is misspelt) hides nothing today but would silently hide a \
         future finding. Remove it, or correct the rule name.",
    ));
    let missing_reason = rules.len();
    rules.push(rule(
        "missing-reason",
        Severity::Error,
        false,
        "this suppression comment gives no reason",
        "With `require-reason: true` in .copylint.yaml every suppression must say why the \
         wording is acceptable, after `--`: `<!-- copylint-disable-next-line access-wording \
         -- approved by legal, LEGAL-123 -->`. The reason is kept in JSON and SARIF reports \
         for reviewers.",
    ));
    ToolRules {
        unused_suppression,
        missing_reason,
    }
}
