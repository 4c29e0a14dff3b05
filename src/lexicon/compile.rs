//! Checks lexicon files and compiles them into one [`Engine`].
//!
//! Every problem is reported with the place in the file it comes from; all problems of a
//! file are collected before giving up, so an author fixes them in one round.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::engine::{
    Applicability, BannedGroup, Engine, Examples, LexiconInfo, Pattern, Role, RoleKind, Rule,
    RuleKind, RuleProvenance, SetId, Severity, TOOL_LEXICON, TermSet,
};
use super::error::{LexiconError, LexiconProblem};
use super::inflect::Form;
use super::model::{FixDef, LexiconFile, SeverityDef};
use super::pattern::{self, Expansion};
use super::yaml::{self, PathStep};
use crate::normalize::{is_word_char, normalize_phrase};
use crate::prefilter::Gate;

/// Longest phrase accepted, in bytes after normalisation.
pub const MAX_PHRASE_BYTES: usize = 1024;

/// The lexicons compiled into the binary: (name, YAML text). Only `openai-on-aws` is
/// loaded by default; the packs are enabled by name (`--lexicon builtin:cloud-claims`).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "openai-on-aws",
        include_str!("../../lexicons/openai-on-aws.yaml"),
    ),
    (
        "cloud-claims",
        include_str!("../../lexicons/cloud-claims.yaml"),
    ),
    (
        "brand-names",
        include_str!("../../lexicons/brand-names.yaml"),
    ),
];

/// The text of a lexicon and where it came from.
#[derive(Debug, Clone)]
pub struct LexiconSource {
    /// A path, or `builtin:NAME`; shown in error reports.
    pub origin: String,
    /// The YAML text.
    pub text: String,
}

impl LexiconSource {
    /// A built-in lexicon by name (`openai-on-aws`, with or without `builtin:`).
    pub fn builtin(name: &str) -> Result<Self, LexiconError> {
        let name = name.strip_prefix("builtin:").unwrap_or(name);
        BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, text)| LexiconSource {
                origin: format!("builtin:{n}"),
                text: text.to_string(),
            })
            .ok_or_else(|| LexiconError::UnknownBuiltin {
                name: name.to_string(),
                available: BUILTIN
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// A lexicon file on disk, or a built-in one when `spec` starts with `builtin:`.
    pub fn load(spec: &str, path: &Path) -> Result<Self, LexiconError> {
        if spec.starts_with("builtin:") {
            return Self::builtin(spec);
        }
        let text = std::fs::read_to_string(path).map_err(|source| LexiconError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Ok(LexiconSource {
            origin: path.display().to_string(),
            text,
        })
    }
}

/// Compiles lexicons into an engine. Rule ids are qualified by lexicon name, so two
/// lexicons may use the same local ids but not the same name.
pub fn compile(sources: &[LexiconSource]) -> Result<Engine, LexiconError> {
    let mut builder = EngineBuilder::default();
    for source in sources {
        builder.add(source)?;
    }
    builder.finish()
}

#[derive(Default)]
struct EngineBuilder {
    lexicons: Vec<LexiconInfo>,
    sets: Vec<TermSet>,
    rules: Vec<Rule>,
    /// (normalised phrase, prefix) → roles, in first-seen order.
    phrase_index: HashMap<(String, bool), usize>,
    phrases: Vec<((String, bool), Vec<Role>)>,
    /// Per set, the normalised terms (for the prefilter).
    set_terms: Vec<Vec<String>>,
    /// Per rule, the normalised banned phrases (for the prefilter).
    rule_banned: Vec<Vec<String>>,
}

/// Per-file state while checking one lexicon.
struct FileCheck<'a> {
    source: &'a LexiconSource,
    name: String,
    problems: Vec<LexiconProblem>,
}

impl FileCheck<'_> {
    fn problem(&mut self, path: &[PathStep], message: impl Into<String>) -> &mut LexiconProblem {
        let span = yaml::locate(&self.source.text, path);
        self.problems.push(LexiconProblem::new(
            &self.source.origin,
            &self.source.text,
            message,
            span,
        ));
        self.problems.last_mut().expect("just pushed")
    }
}

fn key(k: &str) -> PathStep {
    PathStep::Key(k.to_string())
}

fn with(path: &[PathStep], steps: &[PathStep]) -> Vec<PathStep> {
    path.iter().chain(steps).cloned().collect()
}

impl EngineBuilder {
    fn add(&mut self, source: &LexiconSource) -> Result<(), LexiconError> {
        let file: LexiconFile = yaml::from_str(&source.text).map_err(|err| {
            let mut problem =
                LexiconProblem::new(&source.origin, &source.text, &err.message, err.span.clone());
            problem.help = err.hint();
            LexiconError::Invalid {
                name: source.origin.clone(),
                problems: vec![problem],
            }
        })?;
        let mut check = FileCheck {
            source,
            name: file.lexicon.trim().to_string(),
            problems: Vec::new(),
        };
        self.add_file(&file, &mut check);
        if check.problems.is_empty() {
            Ok(())
        } else {
            Err(LexiconError::Invalid {
                name: source.origin.clone(),
                problems: check.problems,
            })
        }
    }

    fn add_file(&mut self, file: &LexiconFile, check: &mut FileCheck) {
        let lexicon = self.lexicons.len();
        let name = check.name.clone();
        if name.is_empty() || name.contains(char::is_whitespace) || name.contains('/') {
            check
                .problem(
                    &[key("lexicon")],
                    "a lexicon name must be non-empty, without spaces or `/`",
                )
                .help = Some("use kebab-case, e.g. `lexicon: brand-names`".into());
        } else if name == TOOL_LEXICON {
            check.problem(
                &[key("lexicon")],
                format!("the lexicon name `{TOOL_LEXICON}` is reserved for copylint's own rules"),
            );
        } else if self.lexicons.iter().any(|l| l.name == name) {
            check.problem(
                &[key("lexicon")],
                format!("a lexicon named `{name}` is already loaded"),
            );
        }
        if file.format != 1 {
            check.problem(
                &[key("format")],
                format!(
                    "unknown lexicon format {}; this copylint reads format 1",
                    file.format
                ),
            );
        }
        let inherited = file.provenance();
        check_dates(&inherited, &[], check);
        self.lexicons.push(LexiconInfo {
            name: name.clone(),
            origin: check.source.origin.clone(),
            description: file.description.clone(),
        });

        // Sets first: rules refer to them by name.
        let mut set_ids: BTreeMap<&str, SetId> = BTreeMap::new();
        for (set_name, def) in &file.sets {
            let id = self.sets.len();
            set_ids.insert(set_name.as_str(), id);
            self.sets.push(TermSet {
                name: set_name.clone(),
                lexicon,
                description: def.description.clone(),
                terms: def.terms.clone(),
                except: def.except.clone(),
            });
            let base = [key("sets"), key(set_name)];
            if def.terms.is_empty() {
                check.problem(
                    &with(&base, &[key("terms")]),
                    format!("set `{set_name}` has no terms"),
                );
            }
            let mut normalized = Vec::new();
            for (i, term) in def.terms.iter().enumerate() {
                let path = with(&base, &[key("terms"), PathStep::Index(i)]);
                normalized.extend(self.add_phrase(
                    term,
                    def.case_sensitive,
                    RoleKind::Term(id),
                    &path,
                    check,
                ));
            }
            for (i, term) in def.except.iter().enumerate() {
                let path = with(&base, &[key("except"), PathStep::Index(i)]);
                self.add_phrase(term, def.case_sensitive, RoleKind::Except(id), &path, check);
            }
            self.set_terms.push(normalized);
        }

        let mut lexicon_allowed = Vec::new();
        for (i, phrase) in file.allowed.iter().enumerate() {
            let path = [key("allowed"), PathStep::Index(i)];
            let added = self.add_phrase(
                phrase,
                false,
                RoleKind::LexiconAllowed(lexicon),
                &path,
                check,
            );
            lexicon_allowed.push((path.to_vec(), added));
        }

        let mut seen_ids = HashSet::new();
        let mut all_banned: Vec<String> = Vec::new();
        for (r, def) in file.rules.iter().enumerate() {
            let rule_id = self.rules.len();
            let base = [key("rules"), PathStep::Index(r)];
            let local_id = def.id.trim().to_string();
            if local_id.is_empty()
                || local_id.contains(char::is_whitespace)
                || local_id.contains('/')
            {
                check.problem(
                    &with(&base, &[key("id")]),
                    "a rule id must be non-empty, without spaces or `/`",
                );
            } else if !seen_ids.insert(local_id.clone()) {
                check.problem(
                    &with(&base, &[key("id")]),
                    format!("rule id `{local_id}` is used twice in this lexicon"),
                );
            }
            if def.message.trim().is_empty() {
                check.problem(&with(&base, &[key("message")]), "a rule needs a message");
            }
            let resolve_sets = |field: &str,
                                names: &[String],
                                check: &mut FileCheck|
             -> Vec<SetId> {
                let mut ids = Vec::new();
                for (i, set) in names.iter().enumerate() {
                    match set_ids.get(set.as_str()) {
                        Some(&id) => ids.push(id),
                        None => {
                            let known: Vec<&str> = set_ids.keys().copied().collect();
                            let p = check.problem(
                                &with(&base, &[key(field), PathStep::Index(i)]),
                                format!("rule `{local_id}` names set `{set}`, which this lexicon does not define"),
                            );
                            p.help = Some(match did_you_mean(set, &known) {
                                Some(best) => format!("did you mean `{best}`?"),
                                None if known.is_empty() => "define it under `sets:`".to_string(),
                                None => format!("sets defined here: {}", known.join(", ")),
                            });
                        }
                    }
                }
                ids
            };
            let when = resolve_sets("when", &def.when, check);
            let unless = resolve_sets("unless", &def.unless, check);
            let co_occur = resolve_sets("co-occur", &def.co_occur, check);

            let kind = match (def.banned.is_empty(), def.co_occur.is_empty()) {
                (false, true) => RuleKind::Phrases,
                (true, false) => RuleKind::CoOccur(co_occur),
                (false, false) => {
                    check.problem(&with(&base, &[key("co-occur")]), format!("rule `{local_id}` has both `banned` and `co-occur`; a rule is one or the other"));
                    RuleKind::Phrases
                }
                (true, true) => {
                    check
                        .problem(&with(&base, &[key("id")]), format!("rule `{local_id}` has neither `banned` phrases nor `co-occur` sets, so it can never fire"))
                        .help = Some("add `banned: [{phrases: [...]}]` or `co-occur: [set, set]`".into());
                    RuleKind::Phrases
                }
            };
            if matches!(kind, RuleKind::Phrases)
                && (!def.suggest.is_empty() || def.fix != FixDef::Unsafe)
            {
                check.problem(&with(&base, &[key("suggest")]), "`suggest` and `fix` on a rule are for co-occurrence rules; put them on each `banned` group");
            }

            let mut groups = Vec::new();
            let mut banned_norm: Vec<(String, Vec<PathStep>)> = Vec::new();
            for (g, group) in def.banned.iter().enumerate() {
                let gpath = with(&base, &[key("banned"), PathStep::Index(g)]);
                if group.phrases.is_empty() {
                    check.problem(
                        &with(&gpath, &[key("phrases")]),
                        "a banned group needs at least one phrase",
                    );
                }
                for (i, phrase) in group.phrases.iter().enumerate() {
                    let path = with(&gpath, &[key("phrases"), PathStep::Index(i)]);
                    let kind = RoleKind::Banned {
                        rule: rule_id,
                        group: g as u16,
                    };
                    for n in self.add_phrase(phrase, group.case_sensitive, kind, &path, check) {
                        banned_norm.push((n, path.clone()));
                    }
                }
                check_templates(&group.suggest, &with(&gpath, &[key("suggest")]), check);
                if group.fix == FixDef::Safe && group.suggest.is_empty() {
                    check.problem(
                        &with(&gpath, &[key("fix")]),
                        "`fix: safe` needs at least one `suggest` rewrite",
                    );
                }
                groups.push(BannedGroup {
                    phrases: group.phrases.clone(),
                    suggest: group.suggest.clone(),
                    fix: applicability(group.fix),
                    case_sensitive: group.case_sensitive,
                });
            }
            if let RuleKind::CoOccur(_) = kind {
                check_templates(&def.suggest, &with(&base, &[key("suggest")]), check);
                if def.fix == FixDef::Safe && def.suggest.is_empty() {
                    check.problem(
                        &with(&base, &[key("fix")]),
                        "`fix: safe` needs at least one `suggest` rewrite",
                    );
                }
                groups.push(BannedGroup {
                    phrases: Vec::new(),
                    suggest: def.suggest.clone(),
                    fix: applicability(def.fix),
                    case_sensitive: false,
                });
            }

            let banned_set: HashSet<&str> = banned_norm.iter().map(|(n, _)| n.as_str()).collect();
            for (i, phrase) in def.allowed.iter().enumerate() {
                let path = with(&base, &[key("allowed"), PathStep::Index(i)]);
                for n in
                    self.add_phrase(phrase, false, RoleKind::RuleAllowed(rule_id), &path, check)
                {
                    if banned_set.contains(n.as_str()) {
                        check
                            .problem(
                                &path,
                                format!("`{n}` is both allowed and banned in rule `{local_id}`"),
                            )
                            .help = Some("remove it from one of the two lists".into());
                        break;
                    }
                }
            }
            all_banned.extend(banned_norm.iter().map(|(n, _)| n.clone()));

            check_dates(&def.provenance(&Default::default()), &base, check);
            let provenance = RuleProvenance::parse(def.provenance(&inherited));
            let examples = def.examples.clone().unwrap_or_default();
            self.rule_banned
                .push(banned_norm.into_iter().map(|(n, _)| n).collect());
            self.rules.push(Rule {
                id: format!("{name}/{local_id}"),
                local_id,
                lexicon,
                severity: match def.severity {
                    SeverityDef::Error => Severity::Error,
                    SeverityDef::Warning => Severity::Warning,
                    SeverityDef::Note => Severity::Note,
                },
                message: def.message.trim().to_string(),
                rationale: def.rationale.as_ref().map(|r| r.trim().to_string()),
                kind,
                when,
                unless,
                groups,
                allowed: def.allowed.clone(),
                examples: Examples {
                    bad: examples.bad,
                    good: examples.good,
                },
                provenance,
                enabled: true,
            });
        }

        let banned: HashSet<&str> = all_banned.iter().map(String::as_str).collect();
        for (path, added) in lexicon_allowed {
            if let Some(n) = added.iter().find(|n| banned.contains(n.as_str())) {
                check.problem(
                    &path,
                    format!("`{n}` is allowed lexicon-wide and banned by a rule"),
                );
            }
        }
    }

    /// Expands and normalises one phrase, records its role and returns the normalised
    /// phrases (empty when the phrase is refused; the problem is recorded).
    fn add_phrase(
        &mut self,
        phrase: &str,
        case_sensitive: bool,
        kind: RoleKind,
        path: &[PathStep],
        check: &mut FileCheck,
    ) -> Vec<String> {
        let expansions = match pattern::expand(phrase) {
            Ok(e) => e,
            Err(err) => {
                check.problem(path, format!("invalid phrase: {}", err.message));
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for Expansion { text, form, prefix } in expansions {
            let normalized = normalize_phrase(&text, true);
            let normalized = normalized.trim_start().to_string();
            if let Err(why) = check_phrase(&normalized, prefix) {
                check.problem(path, why).help =
                    Some("a phrase needs at least one letter or digit".into());
                return Vec::new();
            }
            let cased = case_sensitive.then(|| normalize_phrase(&text, false).trim().into());
            self.record(normalized.clone(), prefix, Role { kind, form, cased });
            out.push(normalized);
        }
        out
    }

    fn record(&mut self, phrase: String, prefix: bool, role: Role) {
        let key = (phrase, prefix);
        let index = match self.phrase_index.get(&key) {
            Some(&i) => i,
            None => {
                self.phrases.push((key.clone(), Vec::new()));
                self.phrase_index.insert(key, self.phrases.len() - 1);
                self.phrases.len() - 1
            }
        };
        let roles = &mut self.phrases[index].1;
        // The same phrase twice in one role (e.g. `enabled` from past and participle) is one.
        if !roles
            .iter()
            .any(|r| r.kind == role.kind && r.cased == role.cased)
        {
            roles.push(role);
        }
    }

    fn finish(mut self) -> Result<Engine, LexiconError> {
        let gate = self.build_gate();
        // copylint's own rules come last, after the gate (they match no text).
        let tool_lexicon = self.lexicons.len();
        self.lexicons.push(super::tool::lexicon());
        let tool = super::tool::add_rules(&mut self.rules, tool_lexicon);
        let mut patterns = Vec::with_capacity(self.phrases.len());
        let mut roles = Vec::new();
        let mut texts = Vec::with_capacity(self.phrases.len());
        for ((text, prefix), phrase_roles) in self.phrases {
            let start = roles.len() as u32;
            roles.extend(phrase_roles);
            patterns.push(Pattern {
                prefix,
                word_start: text.chars().next().is_some_and(is_word_char),
                word_end: text.chars().next_back().is_some_and(is_word_char),
                roles: start..roles.len() as u32,
            });
            texts.push(text);
        }
        // A contiguous NFA builds in a fraction of a DFA's time (which matters when one
        // small file is checked, in a hook or an editor) and matches nearly as fast here,
        // since only prose blocks that passed the prefilter are searched.
        let kind = Some(AhoCorasickKind::ContiguousNFA);
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(kind)
            .build(&texts)
            .map_err(|err| LexiconError::Invalid {
                name: self
                    .lexicons
                    .iter()
                    .map(|l| l.origin.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                problems: vec![LexiconProblem::new(
                    "lexicons",
                    "",
                    format!("the phrases cannot be compiled: {err}"),
                    None,
                )],
            })?;
        let has_cased_roles = roles.iter().any(|r| r.cased.is_some());
        let co_occurrence_rules = self
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r.kind, RuleKind::CoOccur(_)))
            .map(|(i, _)| i)
            .collect();
        Ok(Engine {
            lexicons: self.lexicons,
            sets: self.sets,
            rules: self.rules,
            co_occurrence_rules,
            automaton,
            patterns,
            roles,
            has_cased_roles,
            gate,
            tool,
        })
    }

    /// Every rule needs some term in its sentence: one of its `when` or `co-occur` sets,
    /// or its own banned phrases. One such list of terms per rule, united, is a necessary
    /// condition for any finding. Returns the normalised terms, or `None` when some rule
    /// cannot be gated (then every file and block is checked in full).
    fn gate_terms(&self) -> Option<Vec<String>> {
        let mut terms: Vec<String> = Vec::new();
        for (r, rule) in self.rules.iter().enumerate() {
            let mut candidates: Vec<&Vec<String>> =
                rule.when.iter().map(|&s| &self.set_terms[s]).collect();
            if let RuleKind::CoOccur(sets) = &rule.kind {
                candidates.extend(sets.iter().map(|&s| &self.set_terms[s]));
            }
            if candidates.is_empty() {
                candidates.push(&self.rule_banned[r]);
            }
            // The list whose shortest term is longest is likely the rarest in text.
            let rarity = |list: &&Vec<String>| {
                list.iter()
                    .map(|t| Gate::core(t).map_or(t.len(), |c| c.len()))
                    .min()
                    .unwrap_or(0)
            };
            // On a tie the set listed first wins (`max_by_key` would take the last): lexicon
            // authors list the distinctive set first (`co-occur: [openai-models, aws,
            // availability]`), and a common-word set as the gate would let nearly every
            // file through.
            let best = candidates
                .into_iter()
                .filter(|list| !list.is_empty())
                .min_by_key(|list| std::cmp::Reverse(rarity(list)))?;
            terms.extend(best.iter().cloned());
        }
        terms.sort();
        terms.dedup();
        Some(terms)
    }

    /// The prefilter over the gate terms' cores.
    fn build_gate(&self) -> Option<Gate> {
        let cores: Option<Vec<String>> = self.gate_terms()?.iter().map(|t| Gate::core(t)).collect();
        Gate::new(cores?)
    }
}

fn applicability(fix: FixDef) -> Applicability {
    match fix {
        FixDef::Safe => Applicability::Safe,
        FixDef::Unsafe => Applicability::Unsafe,
    }
}

fn check_phrase(normalized: &str, prefix: bool) -> Result<(), String> {
    if normalized.is_empty() {
        return Err("empty phrase".into());
    }
    if !normalized.chars().any(is_word_char) {
        return Err(format!(
            "phrase `{normalized}` has no letter or digit, so it cannot be matched as whole words"
        ));
    }
    if normalized.len() > MAX_PHRASE_BYTES {
        return Err(format!(
            "phrase is {} bytes long; the limit is {MAX_PHRASE_BYTES}",
            normalized.len()
        ));
    }
    if prefix && !normalized.chars().last().is_some_and(is_word_char) {
        return Err("a trailing `*` must follow a letter or digit".into());
    }
    Ok(())
}

fn check_templates(templates: &[String], path: &[PathStep], check: &mut FileCheck) {
    for (i, template) in templates.iter().enumerate() {
        let p = with(path, &[PathStep::Index(i)]);
        match pattern::render_template(template, Some(Form::Base)) {
            Ok(text) if text.trim().is_empty() => {
                check.problem(&p, "empty rewrite");
            }
            Ok(_) => {}
            Err(err) => {
                check.problem(&p, format!("invalid rewrite: {}", err.message));
            }
        }
    }
}

fn check_dates(provenance: &super::model::Provenance, base: &[PathStep], check: &mut FileCheck) {
    for (field, value) in [
        ("effective", &provenance.effective),
        ("expires", &provenance.expires),
    ] {
        if let Some(date) = value
            && date.trim().parse::<jiff::civil::Date>().is_err()
        {
            check.problem(
                &with(base, &[key(field)]),
                format!("`{field}: {date}` is not a date (YYYY-MM-DD)"),
            );
        }
    }
}

/// The closest of `known` to `wanted`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(wanted: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(wanted, k), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}
