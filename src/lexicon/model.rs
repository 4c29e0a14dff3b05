//! The lexicon file format as data: what a team writes in YAML, before validation.
//!
//! These types only describe the shape of a lexicon file; `yaml.rs` fills them in and
//! `compile.rs` checks and compiles them. Field names are kebab-case in YAML and unknown
//! keys are refused, so a typo in a lexicon never silently disables a rule.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A whole lexicon file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LexiconFile {
    /// The lexicon's name; every rule id is qualified with it (`name/rule`).
    pub lexicon: String,
    /// Version of the lexicon format; only 1 exists.
    #[serde(default = "default_format")]
    pub format: u32,
    /// What the lexicon is for, shown by `copylint rules`.
    #[serde(default)]
    pub description: Option<String>,
    /// The document the lexicon implements (rules inherit it), e.g. "AWS SRE messaging memo, March 2026".
    #[serde(default)]
    pub source: Option<String>,
    /// Who answers questions about the rule.
    #[serde(default)]
    pub owner: Option<String>,
    /// The date (YYYY-MM-DD) from which the rule applies.
    #[serde(default)]
    pub effective: Option<String>,
    /// The date (YYYY-MM-DD) after which the rule needs review.
    #[serde(default)]
    pub expires: Option<String>,
    /// A link to the source document.
    #[serde(default)]
    pub link: Option<String>,
    /// Named term sets that rules refer to.
    #[serde(default)]
    pub sets: BTreeMap<String, TermSetDef>,
    /// Phrases that are never reported by any rule of this lexicon: a banned match that
    /// overlaps one of them is dropped.
    #[serde(default)]
    pub allowed: Vec<String>,
    /// The rules, in the order they are documented.
    #[serde(default)]
    pub rules: Vec<RuleDef>,
}

fn default_format() -> u32 {
    1
}

/// A named set of terms, e.g. every way of naming OpenAI.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TermSetDef {
    #[serde(default)]
    /// What the set is for.
    pub description: Option<String>,
    /// Phrases that count as a term of this set.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Other sets of the lexicon whose terms and exceptions this set takes too.
    #[serde(default)]
    pub include: Vec<String>,
    /// Phrases that cancel any term occurrence they overlap (e.g. `gpt-oss` for GPT names).
    #[serde(default)]
    pub except: Vec<String>,
    /// Match the terms with their exact capitalisation.
    #[serde(default)]
    pub case_sensitive: bool,
}

/// Where a rule comes from and how long it holds (serde cannot combine `flatten` with
/// `deny_unknown_fields`, so the fields are repeated on the lexicon and on each rule).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The document the rules implement.
    pub source: Option<String>,
    /// Who answers questions about the rules.
    pub owner: Option<String>,
    /// The date (YYYY-MM-DD) from which the rules apply.
    pub effective: Option<String>,
    /// The date (YYYY-MM-DD) after which the rules need review.
    pub expires: Option<String>,
    /// A link to the source document.
    pub link: Option<String>,
}

impl LexiconFile {
    /// The lexicon-wide provenance that rules inherit.
    pub fn provenance(&self) -> Provenance {
        Provenance {
            source: self.source.clone(),
            owner: self.owner.clone(),
            effective: self.effective.clone(),
            expires: self.expires.clone(),
            link: self.link.clone(),
        }
    }
}

impl RuleDef {
    /// This rule's provenance, each field falling back to the lexicon's.
    pub fn provenance(&self, inherited: &Provenance) -> Provenance {
        let pick =
            |own: &Option<String>, base: &Option<String>| own.clone().or_else(|| base.clone());
        Provenance {
            source: pick(&self.source, &inherited.source),
            owner: pick(&self.owner, &inherited.owner),
            effective: pick(&self.effective, &inherited.effective),
            expires: pick(&self.expires, &inherited.expires),
            link: pick(&self.link, &inherited.link),
        }
    }
}

/// One rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleDef {
    /// The rule's id, unique within the lexicon (kebab-case by convention).
    pub id: String,
    #[serde(default)]
    /// How serious a finding is (default: error).
    pub severity: SeverityDef,
    /// One line shown with every finding; `{matched}` is replaced by the matched text.
    pub message: String,
    /// Why the wording is a problem, shown as a note and by `copylint explain`.
    #[serde(default)]
    pub rationale: Option<String>,
    /// Banned phrases, in groups that share their suggested rewrites.
    #[serde(default)]
    pub banned: Vec<BannedGroupDef>,
    /// Co-occurrence: the rule fires when one sentence holds a term of every set named.
    #[serde(default)]
    pub co_occur: Vec<String>,
    /// Sentence context: the rule fires only when the sentence holds a term of every set named.
    #[serde(default)]
    pub when: Vec<String>,
    /// Exceptions: the rule never fires in a sentence holding a term of any set named.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Phrases that suppress any match of this rule they overlap.
    #[serde(default)]
    pub allowed: Vec<String>,
    /// Suggested rewrites for co-occurrence rules (banned groups carry their own).
    #[serde(default)]
    pub suggest: Vec<String>,
    /// Whether the first suggestion of a co-occurrence rule may be applied by `--fix`.
    #[serde(default)]
    pub fix: FixDef,
    /// For a co-occurrence rule: how to rephrase when no suggestion fits the sentence,
    /// shown as a `help:` line.
    #[serde(default)]
    pub help: Option<String>,
    /// Sentences that must and must not fire, run by `copylint test-lexicon`.
    #[serde(default)]
    pub examples: Option<ExamplesDef>,
    /// A negation shortly before a phrase (or a term of the named sets) cancels it.
    #[serde(default)]
    pub negation: Option<NegationDef>,
    /// The document the rule implements, e.g. "AWS SRE messaging memo, March 2026".
    #[serde(default)]
    pub source: Option<String>,
    /// Who answers questions about the rule.
    #[serde(default)]
    pub owner: Option<String>,
    /// The date (YYYY-MM-DD) from which the rule applies.
    #[serde(default)]
    pub effective: Option<String>,
    /// The date (YYYY-MM-DD) after which the rule needs review.
    #[serde(default)]
    pub expires: Option<String>,
    /// A link to the source document.
    #[serde(default)]
    pub link: Option<String>,
}

/// A group of banned phrases with the rewrites that replace any of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BannedGroupDef {
    /// The banned phrases, in the phrase syntax of `pattern.rs`.
    pub phrases: Vec<String>,
    /// Rewrites; `{verb}` is inflected to match the phrase that was found.
    #[serde(default)]
    pub suggest: Vec<String>,
    /// `safe`: `--fix` may apply the first rewrite; `unsafe`: shown, never applied.
    #[serde(default)]
    pub fix: FixDef,
    /// Match these phrases with their exact capitalisation.
    #[serde(default)]
    pub case_sensitive: bool,
    /// Rewrites chosen by the part the phrase plays in its sentence; a group has either
    /// these or `suggest`/`fix`.
    #[serde(default)]
    pub roles: Option<RolesDef>,
    /// How to rephrase when no rewrite fits the sentence, shown as a `help:` line.
    #[serde(default)]
    pub help: Option<String>,
}

/// Rewrites per role of a banned phrase in its sentence (see `crate::rewrite`). A role
/// left out gets no rewrite: the finding says how to rephrase instead.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RolesDef {
    /// A verb whose subject is a product or feature: "SRE enables access to GPT-5".
    #[serde(default)]
    pub verb: Option<RoleDef>,
    /// A verb for uses that happen and recur: "calls on GPT-5 for every request",
    /// "12,000 times", "whenever ...".
    #[serde(default)]
    pub event: Option<RoleDef>,
    /// A noun: "Access to Sora is included", "API calls to GPT-5 are billed".
    #[serde(default)]
    pub noun: Option<RoleDef>,
    /// People give it or are its object: "The security team granted access to Codex",
    /// "called on our team to demo GPT-4.1".
    #[serde(default)]
    pub person: Option<RoleDef>,
    /// The subject is an action or a plan: "Upgrading to Pro unlocks access to GPT-5.1".
    #[serde(default)]
    pub action: Option<RoleDef>,
}

/// The rewrites of one role.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RoleDef {
    /// Rewrites, best first; `{verb}` takes the form the sentence needs.
    #[serde(default)]
    pub suggest: Vec<String>,
    /// `safe`: `--fix` may apply the first rewrite where copylint recognises the
    /// sentence's shape with confidence; `unsafe` (default): shown, never applied.
    #[serde(default)]
    pub fix: FixDef,
}

/// A rule's negation scope, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NegationDef {
    /// The set whose terms are negation cues.
    pub cues: String,
    /// Co-occurrence rules: the sets whose terms a cue cancels (a phrase rule's cues
    /// cancel its banned phrases, so it leaves this out).
    #[serde(default)]
    pub of: Vec<String>,
    /// How many words before the phrase or term a cue may stand (default 4).
    #[serde(default = "default_negation_window")]
    pub window: usize,
}

fn default_negation_window() -> usize {
    4
}

/// Good and bad example sentences for a rule.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExamplesDef {
    #[serde(default)]
    /// Sentences the rule must fire on.
    pub bad: Vec<String>,
    #[serde(default)]
    /// Sentences the rule must not fire on.
    pub good: Vec<String>,
}

/// Severity as written in a lexicon.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SeverityDef {
    #[default]
    /// Wording that must not ship.
    Error,
    /// Wording to review.
    Warning,
    /// Advice.
    Note,
}

/// Fix applicability as written in a lexicon.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixDef {
    /// `--fix` may apply the first rewrite.
    Safe,
    #[default]
    /// Rewrites are shown, never applied.
    Unsafe,
}
