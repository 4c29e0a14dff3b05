//! The compiled form of one or more lexicons: rules, term sets and one automaton over
//! every phrase, built once per run (or per language server) and shared by all threads.
//!
//! Why one module of this size: it is the data model of a compiled lexicon (rules, sets,
//! phrase groups, roles, sequences and their lookups); the types refer to one another and
//! carry no logic beyond accessors.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use super::inflect::Form;
use jiff::civil::Date;

use super::model::Provenance;
use crate::prefilter::Gate;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Advice; never fails a run unless `--fail-on note`.
    Note,
    /// Wording to review.
    Warning,
    /// Wording that must not ship.
    Error,
}

impl Severity {
    /// The lower-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// Whether `--fix` may apply a rewrite without a human reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Applicability {
    /// The first rewrite keeps the meaning the policy wants: `--fix` applies it.
    Safe,
    /// Shown as a suggestion, never applied automatically.
    Unsafe,
}

impl Applicability {
    /// The lower-case name used in output formats.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Index of a rule in [`Engine::rules`].
pub type RuleId = usize;
/// Index of a term set in [`Engine::sets`].
pub type SetId = usize;

/// A loaded lexicon's identity.
#[derive(Debug, Clone)]
pub struct LexiconInfo {
    /// The name rule ids are qualified with.
    pub name: String,
    /// Where it was loaded from (a path, or `builtin:NAME`).
    pub origin: String,
    /// What the lexicon is for.
    pub description: Option<String>,
}

/// A named term set.
#[derive(Debug, Clone)]
pub struct TermSet {
    /// The set's name, unique within its lexicon.
    pub name: String,
    /// Index of the lexicon that defines it.
    pub lexicon: usize,
    /// What the set is for.
    pub description: Option<String>,
    /// The terms as written in the lexicon.
    pub terms: Vec<String>,
    /// Exceptions as written: phrases that cancel the terms they overlap.
    pub except: Vec<String>,
    /// Sets whose terms and exceptions this set takes too.
    pub include: Vec<String>,
}

/// What makes a rule fire.
#[derive(Debug, Clone)]
pub enum RuleKind {
    /// Any of the banned phrases of its groups.
    Phrases,
    /// A term of each of these sets in one sentence.
    CoOccur(Vec<SetId>),
}

/// Banned phrases that share their rewrites.
#[derive(Debug, Clone)]
pub struct BannedGroup {
    /// The phrases as written in the lexicon.
    pub phrases: Vec<String>,
    /// Rewrite templates; `{verb}` takes the form of the matched phrase.
    pub suggest: Vec<String>,
    /// Whether `--fix` may apply the first rewrite.
    pub fix: Applicability,
    /// Whether the phrases match only with their exact capitalisation; then the rewrites
    /// are exact too (`Sagemaker` → `SageMaker`, `MacOS` → `macOS`), never re-cased.
    pub case_sensitive: bool,
    /// Rewrites per role, chosen from the sentence (`crate::rewrite`); when set,
    /// `suggest` is empty and `fix` unused.
    pub roles: Option<Box<Roles>>,
    /// How to rephrase when no rewrite fits, shown as a `help:` line.
    pub help: Option<String>,
}

/// The part a banned phrase plays in its sentence, which decides its rewrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RewriteRole {
    /// A verb whose subject is a product or feature.
    Verb,
    /// A verb for uses that happen and recur (every request, counts, whenever).
    Event,
    /// A noun.
    Noun,
    /// People give it, or are its object.
    Person,
    /// Its subject is an action or a plan.
    Action,
}

impl RewriteRole {
    /// Every role, in the order lexicons and `explain` list them.
    pub const ALL: [RewriteRole; 5] = [
        RewriteRole::Verb,
        RewriteRole::Event,
        RewriteRole::Noun,
        RewriteRole::Person,
        RewriteRole::Action,
    ];

    /// The key used in lexicons.
    pub fn as_str(self) -> &'static str {
        match self {
            RewriteRole::Verb => "verb",
            RewriteRole::Event => "event",
            RewriteRole::Noun => "noun",
            RewriteRole::Person => "person",
            RewriteRole::Action => "action",
        }
    }

    /// When a phrase plays this role, in a few words (for `explain`).
    pub fn describe(self) -> &'static str {
        match self {
            RewriteRole::Verb => "as a verb of a product or feature",
            RewriteRole::Event => "as a verb for repeated or counted uses",
            RewriteRole::Noun => "as a noun",
            RewriteRole::Person => "given by people or aimed at people",
            RewriteRole::Action => "when an action or a plan is the subject",
        }
    }
}

/// The rewrites of one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRewrites {
    /// Rewrite templates, best first.
    pub suggest: Vec<String>,
    /// Whether `--fix` may apply the first, where the sentence's shape is recognised.
    pub fix: Applicability,
    /// Each template rendered in every [`Form`] (in [`Form::ALL`] order), on first use: a
    /// run without findings never pays for it.
    forms: OnceLock<Vec<[String; 5]>>,
}

impl RoleRewrites {
    /// Rewrites of `suggest` (templates checked by the caller), applied by `--fix` when
    /// `fix` is safe.
    pub fn new(suggest: Vec<String>, fix: Applicability) -> RoleRewrites {
        RoleRewrites {
            suggest,
            fix,
            forms: OnceLock::new(),
        }
    }

    /// Template `i` in `form` (empty if it cannot be rendered).
    pub fn rendered(&self, i: usize, form: Form) -> Option<&str> {
        let forms = self.forms.get_or_init(|| {
            self.suggest
                .iter()
                .map(|t| {
                    Form::ALL
                        .map(|f| super::pattern::render_template(t, Some(f)).unwrap_or_default())
                })
                .collect()
        });
        let at = Form::ALL.iter().position(|&f| f == form)?;
        forms.get(i).map(|f| f[at].as_str())
    }
}

/// Rewrites per role; a role without an entry gets none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roles(pub [Option<RoleRewrites>; 5]);

impl Roles {
    /// The rewrites of `role`, if the lexicon gives any.
    pub fn get(&self, role: RewriteRole) -> Option<&RoleRewrites> {
        self.0[role as usize]
            .as_ref()
            .filter(|r| !r.suggest.is_empty())
    }
}

/// Example sentences of a rule.
#[derive(Debug, Clone, Default)]
pub struct Examples {
    /// Sentences the rule must fire on.
    pub bad: Vec<String>,
    /// Sentences the rule must not fire on.
    pub good: Vec<String>,
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// `lexicon/rule`, as shown in every report.
    pub id: String,
    /// The id within its lexicon.
    pub local_id: String,
    /// Index of the lexicon that defines it.
    pub lexicon: usize,
    /// Severity of its findings.
    pub severity: Severity,
    /// One-line message; `{matched}` stands for the matched text.
    pub message: String,
    /// Why the wording is a problem.
    pub rationale: Option<String>,
    /// What makes it fire.
    pub kind: RuleKind,
    /// Sets that must each have a term in the sentence.
    pub when: Vec<SetId>,
    /// Sets any of whose terms cancel the rule in the sentence.
    pub unless: Vec<SetId>,
    /// Banned phrase groups; a co-occurrence rule has one group holding its rewrites.
    pub groups: Vec<BannedGroup>,
    /// Allowed phrases as written.
    pub allowed: Vec<String>,
    /// Good and bad sentences, run by `copylint test-lexicon`.
    pub examples: Examples,
    /// Where the rule comes from and how long it holds.
    pub provenance: RuleProvenance,
    /// Whether the rule reports anything: a configuration can turn a rule `off`.
    pub enabled: bool,
    /// When a negation before a phrase or term cancels it.
    pub negation: Option<Negation>,
}

/// A rule's negation scope: a cue standing shortly before one of its phrases (or, for a
/// co-occurrence rule, before a term of the named sets) cancels that occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negation {
    /// The set whose terms are the negation cues ("not", "never", ...).
    pub cues: SetId,
    /// Co-occurrence rules: the sets whose terms a cue cancels. Empty for a phrase rule,
    /// whose banned phrases are what a cue cancels.
    pub of: Vec<SetId>,
    /// A cue counts when it is one of this many words right before the phrase or term,
    /// in the same clause (no `,` `;` `:` or dash between them).
    pub window: usize,
}

/// Where a compiled rule comes from and how long it holds: a lexicon's [`Provenance`]
/// with its dates parsed once, at load time (a date that does not parse is a lexicon
/// error, so none is lost here).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleProvenance {
    /// The document the rule implements.
    pub source: Option<String>,
    /// Who answers questions about the rule.
    pub owner: Option<String>,
    /// The date from which the rule applies.
    pub effective: Option<Date>,
    /// The date after which the rule needs review.
    pub expires: Option<Date>,
    /// A link to the source document.
    pub link: Option<String>,
}

impl RuleProvenance {
    /// The provenance written in a lexicon, its dates parsed; a date that does not parse
    /// is left out (the compiler has reported it).
    pub fn parse(written: Provenance) -> RuleProvenance {
        let date = |text: Option<String>| text.and_then(|t| t.trim().parse::<Date>().ok());
        RuleProvenance {
            source: written.source,
            owner: written.owner,
            effective: date(written.effective),
            expires: date(written.expires),
            link: written.link,
        }
    }
}

impl Rule {
    /// Whether any of the rule's rewrites may be applied by `--fix`.
    pub fn has_safe_fix(&self) -> bool {
        self.groups.iter().any(BannedGroup::has_safe_fix)
    }

    /// Whether any of the rule's findings can carry a rewrite.
    pub fn has_rewrites(&self) -> bool {
        self.groups.iter().any(BannedGroup::has_rewrites)
    }

    /// Whether every group with rewrites may have them applied by `--fix` in every role
    /// it rewrites, and no group is without rewrites.
    pub fn all_fixes_safe(&self) -> bool {
        self.groups.iter().all(|g| match &g.roles {
            Some(roles) => RewriteRole::ALL
                .iter()
                .all(|&r| roles.get(r).is_some_and(|rw| rw.fix == Applicability::Safe)),
            None => g.fix == Applicability::Safe && !g.suggest.is_empty(),
        })
    }
}

impl BannedGroup {
    /// Whether `--fix` may apply some rewrite of this group.
    pub fn has_safe_fix(&self) -> bool {
        match &self.roles {
            Some(roles) => RewriteRole::ALL
                .iter()
                .any(|&r| roles.get(r).is_some_and(|rw| rw.fix == Applicability::Safe)),
            None => self.fix == Applicability::Safe && !self.suggest.is_empty(),
        }
    }

    /// Whether this group offers any rewrite.
    pub fn has_rewrites(&self) -> bool {
        match &self.roles {
            Some(roles) => RewriteRole::ALL.iter().any(|&r| roles.get(r).is_some()),
            None => !self.suggest.is_empty(),
        }
    }
}

/// What a matched phrase means to the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleKind {
    /// A term of a set.
    Term(SetId),
    /// An exception of a set: cancels the set's terms it overlaps.
    Except(SetId),
    /// A banned phrase of a rule's group.
    Banned {
        /// The rule.
        rule: RuleId,
        /// Index of the group in [`Rule::groups`].
        group: u16,
    },
    /// An allowed phrase of a rule.
    RuleAllowed(RuleId),
    /// An allowed phrase of a whole lexicon.
    LexiconAllowed(usize),
    /// A literal piece of a sequence phrase (one with `...` or `<set>`).
    Piece {
        /// Index in [`Engine::sequences`].
        sequence: u32,
        /// Index of the piece in [`Sequence::steps`].
        step: u16,
    },
}

/// What one step of a sequence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// Literal words, found by the automaton as a [`RoleKind::Piece`].
    Text,
    /// A term of the set.
    Set(SetId),
}

/// One step of a sequence: what it is, and how many words may stand before it, after
/// the step before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// What the step matches.
    pub kind: StepKind,
    /// The most words between the previous step and this one (0: none; `...` adds up
    /// to [`crate::lexicon::pattern::GAP_WORDS`]).
    pub gap: usize,
}

/// A phrase with gaps or set references, matched piece by piece and joined in the
/// resolver. An assembled occurrence then plays `kind` like any phrase.
#[derive(Debug, Clone)]
pub struct Sequence {
    /// What an assembled occurrence means.
    pub kind: RoleKind,
    /// The verb form of the expansion, for inflecting rewrites.
    pub form: Option<Form>,
    /// The steps, in text order.
    pub steps: Vec<Step>,
    /// Index of the first literal step: a negation is looked for before it.
    pub anchor: usize,
}

/// One meaning of one phrase.
#[derive(Debug, Clone)]
pub struct Role {
    /// What the phrase means in this role.
    pub kind: RoleKind,
    /// The verb form of the expanded phrase, for inflecting rewrites.
    pub form: Option<Form>,
    /// For case-sensitive entries, the phrase with its case (normalised otherwise).
    pub cased: Option<Box<str>>,
}

/// One phrase of the automaton.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// Whether the last word may continue past the phrase.
    pub prefix: bool,
    /// Whether the first word may begin before the phrase (leading `*`).
    pub suffix: bool,
    /// Whether the phrase starts with a word character, so must not follow one.
    pub word_start: bool,
    /// Whether the phrase ends with a word character, so must not be followed by one.
    pub word_end: bool,
    /// Range into [`Engine::roles`].
    pub roles: std::ops::Range<u32>,
}

/// Every loaded lexicon, compiled.
#[derive(Debug)]
pub struct Engine {
    /// The lexicons, in load order.
    pub lexicons: Vec<LexiconInfo>,
    /// Every term set of every lexicon.
    pub sets: Vec<TermSet>,
    /// Every rule of every lexicon, in load order.
    pub rules: Vec<Rule>,
    /// The co-occurrence rules, checked in every sentence that has a term.
    pub co_occurrence_rules: Vec<RuleId>,
    /// Over every normalised phrase; pattern ids index [`Engine::patterns`].
    pub automaton: AhoCorasick,
    /// One entry per automaton pattern.
    pub patterns: Vec<Pattern>,
    /// The roles of all patterns, each pattern's a contiguous range.
    pub roles: Vec<Role>,
    /// Whether any role needs the case check.
    pub has_cased_roles: bool,
    /// The sequence phrases; their pieces are automaton phrases with a
    /// [`RoleKind::Piece`] role.
    pub sequences: Vec<Sequence>,
    /// Whether any rule has a negation scope or any phrase is a sequence, so the
    /// resolver needs word positions.
    pub needs_windows: bool,
    /// Cheap test on raw bytes that rules out files no rule can fire in.
    pub gate: Option<Gate>,
    /// copylint's own rules (about suppression comments), the last in [`Engine::rules`].
    pub tool: ToolRules,
}

/// The rules copylint reports itself, in the reserved lexicon [`TOOL_LEXICON`]. They are
/// ordinary rules for reports, severity overrides and `copylint explain`, but never match
/// text: the suppression pass emits their findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToolRules {
    /// `copylint/unused-suppression`: a suppression comment that suppresses nothing (note).
    pub unused_suppression: RuleId,
    /// `copylint/missing-reason`: a suppression without a reason (off unless
    /// `require-reason: true`, then an error).
    pub missing_reason: RuleId,
    /// `copylint/look-alike-letters`: a lexicon phrase matched through letters of another
    /// script that imitate ASCII ones (note).
    pub look_alike: RuleId,
}

/// The lexicon name reserved for copylint's own rules.
pub const TOOL_LEXICON: &str = "copylint";

impl Engine {
    /// The roles of pattern `pattern`.
    pub fn roles_of(&self, pattern: usize) -> &[Role] {
        let r = &self.patterns[pattern].roles;
        &self.roles[r.start as usize..r.end as usize]
    }

    /// Whether `rule` is one of copylint's own rules rather than a lexicon's.
    pub fn is_tool_rule(&self, rule: RuleId) -> bool {
        self.is_suppression_rule(rule) || rule == self.tool.look_alike
    }

    /// Whether `rule` reports on suppression comments themselves, so that no comment can
    /// suppress it.
    pub fn is_suppression_rule(&self, rule: RuleId) -> bool {
        rule == self.tool.unused_suppression || rule == self.tool.missing_reason
    }

    /// Sets the severity of `rule`, or turns it off with `None`.
    pub fn set_severity(&mut self, rule: RuleId, severity: Option<Severity>) {
        let rule = &mut self.rules[rule];
        match severity {
            Some(level) => {
                rule.severity = level;
                rule.enabled = true;
            }
            None => rule.enabled = false,
        }
    }

    /// The rule id (qualified or local) closest to `id`, if close enough to be a typo:
    /// at most two edits (one for short ids), so `access-wording` does not suggest
    /// `soc-wording` just because both end in `-wording`.
    pub fn closest_rule(&self, id: &str) -> Option<&str> {
        let known: Vec<&str> = self
            .rules
            .iter()
            .flat_map(|r| [r.id.as_str(), r.local_id.as_str()])
            .collect();
        let edits = (id.chars().count() / 5).clamp(1, 2);
        super::did_you_mean(id, &known)
            .filter(|best| strsim::damerau_levenshtein(id, best) <= edits)
    }

    /// What to tell someone who named a rule no loaded lexicon has: the built-in
    /// lexicon that would provide it, else the loaded rule it is a typo of, if any.
    pub fn rule_hint(&self, id: &str) -> Option<String> {
        let loaded: Vec<&str> = self.lexicons.iter().map(|l| l.name.as_str()).collect();
        if let Some((pack, qualified)) = super::packs::builtin_rule(id, &loaded) {
            return Some(format!(
                "`{qualified}` is a rule of the built-in lexicon `{pack}`, which is not \
                 loaded; load it with `--lexicon builtin:{pack}` (or `lexicons: \
                 [builtin:{pack}]` in .copylint.yaml)"
            ));
        }
        self.closest_rule(id)
            .map(|best| format!("did you mean `{best}`?"))
    }

    /// For an `id` that [`Engine::find_rule`] does not find: why, and what to write
    /// instead (a message and a hint).
    pub fn unknown_rule(&self, id: &str) -> (String, String) {
        let same_local: Vec<String> = self
            .rules
            .iter()
            .filter(|r| r.local_id == id)
            .map(|r| format!("`{}`", r.id))
            .collect();
        if same_local.len() > 1 {
            return (
                format!("`{id}` is a rule of several lexicons"),
                format!("qualify it: {}", same_local.join(" or ")),
            );
        }
        (
            format!("no active lexicon has a rule `{id}`"),
            self.rule_hint(id)
                .unwrap_or_else(|| "`copylint rules` lists the rules".to_string()),
        )
    }

    /// The rule with the qualified (`lexicon/rule`) or, if unambiguous, local id `id`.
    pub fn find_rule(&self, id: &str) -> Option<RuleId> {
        if let Some(i) = self.rules.iter().position(|r| r.id == id) {
            return Some(i);
        }
        let mut local = self
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.local_id == id);
        match (local.next(), local.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    }
}
