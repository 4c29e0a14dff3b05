//! copylint's own rules: findings about suppression comments and disguised wording rather
//! than about the wording itself.
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
        description: Some(
            "copylint's own rules about suppression comments and disguised wording.".to_string(),
        ),
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
            roles: None,
            help: None,
        }],
        allowed: Vec::new(),
        examples: Examples::default(),
        provenance: RuleProvenance::default(),
        enabled,
        negation: None,
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
    let look_alike = rules.len();
    rules.push(rule(
        "look-alike-letters",
        Severity::Note,
        true,
        "a lexicon phrase is written with look-alike letters",
        "A word that mixes scripts (a Cyrillic О in ОpenAI, a Greek ο in Bedrοck) or uses a \
         Latin letter that imitates an ASCII one (a dotless ı) looks like the plain word to a \
         reader but not to a search. copylint reads such letters as the letters they imitate, \
         so the word's own rules still apply, and reports the disguise so that a reviewer \
         sees it: the suggestion spells the word in plain letters. Words written entirely in \
         one other script (all Cyrillic, all Greek) are real words of that language and are \
         left alone.",
    ));
    ToolRules {
        unused_suppression,
        missing_reason,
        look_alike,
    }
}
