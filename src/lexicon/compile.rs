//! Checks lexicon files and compiles them into one [`Engine`].
//!
//! Every problem is reported with the place in the file it comes from; all problems of a
//! file are collected before giving up, so an author fixes them in one round.
//!
//! Why one module of this size: every check of a lexicon file reports the place in the file
//! it comes from, so checking and compiling walk the YAML together; splitting them would
//! walk it twice.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::engine::{
    Applicability, BannedGroup, Engine, Examples, LexiconInfo, Negation, Pattern, RewriteRole,
    Role, RoleKind, RoleRewrites, Roles, Rule, RuleKind, RuleProvenance, Sequence, SetId, Severity,
    Step, StepKind, TOOL_LEXICON, TermSet,
};
use super::error::{LexiconError, LexiconProblem};
use super::inflect::Form;
use super::model::{
    BannedGroupDef, FixDef, LexiconFile, NegationDef, RolesDef, SeverityDef, TermSetDef,
};
use super::pattern::{self, Expansion, Piece, TemplatePart};
use super::recreate::SafeRewrite;
use super::yaml::{self, PathStep};
use crate::normalize::{is_word_char, normalize_phrase};
use crate::prefilter::Gate;
use crate::source_problem::Language;

/// Longest phrase accepted, in bytes after normalisation.
pub const MAX_PHRASE_BYTES: usize = 1024;

/// Most phrases one lexicon file may expand to, all entries together (each entry is also
/// bounded, by [`pattern::MAX_EXPANSIONS`]): compiling stays within seconds and a few
/// hundred MiB however the patterns multiply. A 100,000-phrase lexicon fits.
pub const MAX_LEXICON_PHRASES: usize = 250_000;

/// Longest rewrite accepted, in bytes.
pub const MAX_REWRITE_BYTES: usize = MAX_PHRASE_BYTES;

/// Widest negation window accepted, in words.
const MAX_NEGATION_WINDOW: usize = 16;

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
        // A regular file of bounded size: a lexicon path may come from a repository's
        // config file, so it must not hang on a FIFO or read `/dev/zero` forever.
        let text = crate::read::settings_text(path).map_err(|err| LexiconError::Read {
            path: path.display().to_string(),
            source: err.into_io(),
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
    for (i, source) in sources.iter().enumerate() {
        builder.source = i;
        builder.add(source)?;
    }
    let rewrites = std::mem::take(&mut builder.safe_rewrites);
    let engine = builder.finish()?;
    super::recreate::check(&engine, &rewrites, sources)?;
    Ok(engine)
}

#[derive(Default)]
struct EngineBuilder {
    lexicons: Vec<LexiconInfo>,
    sets: Vec<TermSet>,
    rules: Vec<Rule>,
    /// (normalised phrase, prefix, suffix) → roles, in first-seen order.
    phrase_index: HashMap<PhraseKey, usize>,
    phrases: Vec<(PhraseKey, Vec<Role>)>,
    /// Phrases with `...` or `<set>`, matched piece by piece.
    sequences: Vec<Sequence>,
    /// Per set, whether a term or exception of it is a sequence (such a set cannot be
    /// used as `<set>` itself: sequences are joined after plain terms are known).
    set_has_sequence: Vec<bool>,
    /// Per set, the normalised terms (for the prefilter).
    set_terms: Vec<Vec<String>>,
    /// Per rule, the normalised banned phrases (for the prefilter).
    rule_banned: Vec<Vec<String>>,
    /// Index of the source being added.
    source: usize,
    /// Every safe rewrite, checked once the engine is built.
    safe_rewrites: Vec<SafeRewrite>,
}

/// A normalised phrase, whether its last word may continue (`*` at the end) and whether
/// its first word may begin earlier (`*` at the start).
type PhraseKey = (String, bool, bool);

/// What [`EngineBuilder::add_phrase`] added for one expansion of a phrase.
struct Added {
    /// The normalised phrase (a sequence written out: `tap into ... <openai>`).
    text: String,
    /// Literal texts one of which every occurrence contains, for the prefilter: the
    /// phrase itself, or the alternatives of one literal piece of a sequence.
    gate: Vec<String>,
}

/// Per-file state while checking one lexicon.
struct FileCheck<'a> {
    source: &'a LexiconSource,
    name: String,
    problems: Vec<LexiconProblem>,
    /// Phrases the file's entries have expanded to so far.
    expanded: usize,
    /// The lexicon's sets by name, for `<set>` in phrases.
    set_ids: BTreeMap<String, SetId>,
    /// Every `<set>` used in a phrase, and where.
    set_refs: Vec<(SetId, Vec<PathStep>)>,
}

impl FileCheck<'_> {
    fn problem(&mut self, path: &[PathStep], message: impl Into<String>) -> &mut LexiconProblem {
        let span = yaml::locate(&self.source.text, path);
        self.problems.push(LexiconProblem::new(
            &self.source.origin,
            &self.source.text,
            Language::Yaml,
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
    /// Records the first rewrite of each role whose fix is safe, for the check that no
    /// safe rewrite brings back a banned phrase ([`super::recreate`]).
    fn record_safe_roles(&mut self, roles: &RolesDef, group: &BannedGroupDef, gpath: &[PathStep]) {
        let defs = [
            &roles.verb,
            &roles.event,
            &roles.noun,
            &roles.person,
            &roles.action,
        ];
        for (role, def) in RewriteRole::ALL.iter().zip(defs) {
            let Some(def) = def else { continue };
            if let (FixDef::Safe, Some(first)) = (def.fix, def.suggest.first()) {
                self.safe_rewrites.push(SafeRewrite {
                    source: self.source,
                    path: with(
                        gpath,
                        &[
                            key("roles"),
                            key(role.as_str()),
                            key("suggest"),
                            PathStep::Index(0),
                        ],
                    ),
                    template: first.clone(),
                    case_sensitive: group.case_sensitive,
                    inflected: group.phrases.iter().any(|p| pattern::has_verb_slot(p)),
                });
            }
        }
    }

    fn add(&mut self, source: &LexiconSource) -> Result<(), LexiconError> {
        let file: LexiconFile = yaml::from_str(&source.text).map_err(|err| {
            let mut problem = LexiconProblem::new(
                &source.origin,
                &source.text,
                Language::Yaml,
                &err.message,
                err.span.clone(),
            );
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
            expanded: 0,
            set_ids: BTreeMap::new(),
            set_refs: Vec::new(),
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

        // Sets first: rules refer to them by name. Every set has its id before any term
        // is compiled, since a term may name another set (`<set>`).
        let mut set_ids: BTreeMap<&str, SetId> = BTreeMap::new();
        for (i, set_name) in file.sets.keys().enumerate() {
            set_ids.insert(set_name.as_str(), self.sets.len() + i);
        }
        check.set_ids = set_ids.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        for (set_name, def) in &file.sets {
            let id = self.sets.len();
            self.set_has_sequence.push(false);
            self.sets.push(TermSet {
                name: set_name.clone(),
                lexicon,
                description: def.description.clone(),
                terms: def.terms.clone(),
                except: def.except.clone(),
                include: def.include.clone(),
            });
            let base = [key("sets"), key(set_name)];
            if def.terms.is_empty() && def.include.is_empty() {
                check.problem(
                    &with(&base, &[key("terms")]),
                    format!("set `{set_name}` has no terms"),
                );
            }
            // Own terms and exceptions first, then those of the sets included (one level:
            // an included set that includes others is refused, so there are no cycles).
            let mut sources: Vec<(&TermSetDef, Vec<PathStep>)> = vec![(def, base.to_vec())];
            for (i, other) in def.include.iter().enumerate() {
                let path = with(&base, &[key("include"), PathStep::Index(i)]);
                match file.sets.get(other) {
                    Some(included) if included.include.is_empty() && other != set_name => {
                        sources.push((included, path))
                    }
                    Some(_) => {
                        check.problem(
                            &path,
                            format!("set `{other}` includes other sets itself (or is this set); include its sets directly"),
                        );
                    }
                    None => {
                        let known: Vec<&str> = file.sets.keys().map(String::as_str).collect();
                        check
                            .problem(
                                &path,
                                format!("set `{set_name}` includes `{other}`, which this lexicon does not define"),
                            )
                            .help = did_you_mean(other, &known).map(|b| format!("did you mean `{b}`?"));
                    }
                }
            }
            let mut normalized = Vec::new();
            for (from, at) in &sources {
                let own = std::ptr::eq(*from, def);
                for (i, term) in from.terms.iter().enumerate() {
                    let path = if own {
                        with(at, &[key("terms"), PathStep::Index(i)])
                    } else {
                        at.clone()
                    };
                    normalized.extend(
                        self.add_phrase(
                            term,
                            from.case_sensitive,
                            RoleKind::Term(id),
                            &path,
                            check,
                        )
                        .into_iter()
                        .flat_map(|a| a.gate),
                    );
                }
                for (i, term) in from.except.iter().enumerate() {
                    let path = if own {
                        with(at, &[key("except"), PathStep::Index(i)])
                    } else {
                        at.clone()
                    };
                    self.add_phrase(
                        term,
                        from.case_sensitive,
                        RoleKind::Except(id),
                        &path,
                        check,
                    );
                }
            }
            self.set_terms.push(normalized);
        }

        let mut lexicon_allowed = Vec::new();
        for (i, phrase) in file.allowed.iter().enumerate() {
            let path = [key("allowed"), PathStep::Index(i)];
            let added: Vec<String> = self
                .add_phrase(
                    phrase,
                    false,
                    RoleKind::LexiconAllowed(lexicon),
                    &path,
                    check,
                )
                .into_iter()
                .map(|a| a.text)
                .collect();
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
            if matches!(kind, RuleKind::Phrases) && def.help.is_some() {
                check.problem(
                    &with(&base, &[key("help")]),
                    "`help` on a rule is for co-occurrence rules; put it on each `banned` group",
                );
            }

            let mut groups = Vec::new();
            let mut banned_norm: Vec<(String, Vec<PathStep>)> = Vec::new();
            let mut banned_gate: Vec<String> = Vec::new();
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
                    for a in self.add_phrase(phrase, group.case_sensitive, kind, &path, check) {
                        banned_norm.push((a.text, path.clone()));
                        banned_gate.extend(a.gate);
                    }
                }
                check_templates(
                    &group.suggest,
                    &with(&gpath, &[key("suggest")]),
                    None,
                    check,
                );
                if let (FixDef::Safe, Some(first)) = (group.fix, group.suggest.first()) {
                    self.safe_rewrites.push(SafeRewrite {
                        source: self.source,
                        path: with(&gpath, &[key("suggest"), PathStep::Index(0)]),
                        template: first.clone(),
                        case_sensitive: group.case_sensitive,
                        inflected: group.phrases.iter().any(|p| pattern::has_verb_slot(p)),
                    });
                }
                if group.fix == FixDef::Safe && group.suggest.is_empty() {
                    check.problem(
                        &with(&gpath, &[key("fix")]),
                        "`fix: safe` needs at least one `suggest` rewrite",
                    );
                }
                let roles = group
                    .roles
                    .as_ref()
                    .map(|roles| Box::new(compile_roles(roles, group, &gpath, check)));
                if let Some(roles) = &group.roles {
                    self.record_safe_roles(roles, group, &gpath);
                }
                groups.push(BannedGroup {
                    phrases: group.phrases.clone(),
                    suggest: group.suggest.clone(),
                    fix: applicability(group.fix),
                    case_sensitive: group.case_sensitive,
                    roles,
                    help: trimmed(&group.help),
                });
            }
            if let RuleKind::CoOccur(_) = kind {
                let names: Vec<&str> = def.co_occur.iter().map(String::as_str).collect();
                check_templates(
                    &def.suggest,
                    &with(&base, &[key("suggest")]),
                    Some(&names),
                    check,
                );
                if let (FixDef::Safe, Some(first)) = (def.fix, def.suggest.first()) {
                    self.safe_rewrites.push(SafeRewrite {
                        source: self.source,
                        path: with(&base, &[key("suggest"), PathStep::Index(0)]),
                        template: first.clone(),
                        case_sensitive: false,
                        inflected: false,
                    });
                }
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
                    roles: None,
                    help: trimmed(&def.help),
                });
            }

            let banned_set: HashSet<&str> = banned_norm.iter().map(|(n, _)| n.as_str()).collect();
            for (i, phrase) in def.allowed.iter().enumerate() {
                let path = with(&base, &[key("allowed"), PathStep::Index(i)]);
                for n in self
                    .add_phrase(phrase, false, RoleKind::RuleAllowed(rule_id), &path, check)
                    .into_iter()
                    .map(|a| a.text)
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
            self.rule_banned.push(banned_gate);
            let negation = def.negation.as_ref().and_then(|n| {
                negation(n, &kind, &set_ids, &with(&base, &[key("negation")]), check)
            });
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
                negation,
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

        for (set, path) in std::mem::take(&mut check.set_refs) {
            if self.set_has_sequence[set] {
                check.problem(
                    &path,
                    format!(
                        "set `{}` has a term or exception with `...` or `<set>`, so it cannot be used as `<{}>`",
                        self.sets[set].name, self.sets[set].name
                    ),
                ).help = Some("name a set of plain terms here".into());
            }
        }
    }

    /// Expands and normalises one phrase and records its role. Returns, per expansion,
    /// the normalised phrase and its prefilter text (empty when the phrase is refused; the
    /// problem is recorded).
    fn add_phrase(
        &mut self,
        phrase: &str,
        case_sensitive: bool,
        kind: RoleKind,
        path: &[PathStep],
        check: &mut FileCheck,
    ) -> Vec<Added> {
        if check.expanded > MAX_LEXICON_PHRASES {
            // Reported once, at the entry that went over; the rest is not expanded.
            return Vec::new();
        }
        let expansions = match pattern::expand(phrase) {
            Ok(e) => e,
            Err(err) => {
                check.problem(path, format!("invalid phrase: {}", err.message));
                return Vec::new();
            }
        };
        check.expanded += expansions.len();
        if check.expanded > MAX_LEXICON_PHRASES {
            check
                .problem(
                    path,
                    format!(
                        "the lexicon expands to more than {MAX_LEXICON_PHRASES} phrases in all \
                         (this entry brings it to {})",
                        check.expanded
                    ),
                )
                .help = Some(
                "use fewer `( | )` and `[ ]` alternatives, or split the lexicon into files".into(),
            );
            return Vec::new();
        }
        let mut out = Vec::new();
        for expansion in expansions {
            let added = if expansion.is_sequence() {
                self.add_sequence(&expansion, case_sensitive, kind, path, check)
            } else {
                let Expansion {
                    text,
                    form,
                    prefix,
                    suffix,
                    ..
                } = expansion;
                self.add_literal(&text, (prefix, suffix), case_sensitive, path, check)
                    .map(|(normalized, cased)| {
                        self.record(
                            (normalized.clone(), prefix, suffix),
                            Role { kind, form, cased },
                        );
                        Added {
                            text: normalized.clone(),
                            gate: vec![normalized],
                        }
                    })
            };
            match added {
                Some(added) => out.push(added),
                None => return Vec::new(),
            }
        }
        out
    }

    /// Normalises literal text and checks it can be matched. Returns the normalised text
    /// and, for a case-sensitive entry, the text with its case.
    fn add_literal(
        &mut self,
        text: &str,
        (prefix, suffix): (bool, bool),
        case_sensitive: bool,
        path: &[PathStep],
        check: &mut FileCheck,
    ) -> Option<(String, Option<Box<str>>)> {
        let normalized = normalize_phrase(text, true);
        let normalized = normalized.trim_start().to_string();
        if let Err(why) = check_phrase(&normalized, prefix, suffix) {
            check.problem(path, why).help =
                Some("a phrase needs at least one letter or digit".into());
            return None;
        }
        let cased = case_sensitive.then(|| normalize_phrase(text, false).trim().into());
        Some((normalized, cased))
    }

    /// Records a sequence (a phrase with `...` or `<set>`): each literal piece becomes a
    /// phrase of its own with a [`RoleKind::Piece`] role.
    fn add_sequence(
        &mut self,
        expansion: &Expansion,
        case_sensitive: bool,
        kind: RoleKind,
        path: &[PathStep],
        check: &mut FileCheck,
    ) -> Option<Added> {
        let pieces = &expansion.pieces;
        if matches!(pieces.first(), Some(Piece::Gap(_)))
            || matches!(pieces.last(), Some(Piece::Gap(_)))
        {
            check.problem(path, "`...` must stand between two parts of a phrase");
            return None;
        }
        if !pieces.iter().any(|p| matches!(p, Piece::Text(_))) {
            check.problem(path, "a phrase with `<set>` needs some words of its own too")
                .help = Some("a set's terms are matched on their own; name the set in `when` or `co-occur` instead".into());
            return None;
        }
        if expansion.prefix && !matches!(pieces.last(), Some(Piece::Text(_))) {
            check.problem(path, "a trailing `*` must follow a letter or digit");
            return None;
        }
        if expansion.suffix && !matches!(pieces.first(), Some(Piece::Text(_))) {
            check.problem(path, "a leading `*` must come before a letter or digit");
            return None;
        }
        if let RoleKind::Term(set) | RoleKind::Except(set) = kind {
            self.set_has_sequence[set] = true;
        }
        let id = self.sequences.len() as u32;
        let mut steps = Vec::new();
        let mut literals = Vec::new();
        let mut gap = 0;
        let last = pieces.len() - 1;
        for (i, piece) in pieces.iter().enumerate() {
            match piece {
                Piece::Gap(words) => {
                    gap += words;
                    continue;
                }
                Piece::Set(name) => {
                    let Some(&set) = check.set_ids.get(name) else {
                        let known: Vec<String> = check.set_ids.keys().cloned().collect();
                        let known: Vec<&str> = known.iter().map(String::as_str).collect();
                        let help = match did_you_mean(name, &known) {
                            Some(best) => format!("did you mean `<{best}>`?"),
                            None => format!("sets defined here: {}", known.join(", ")),
                        };
                        check
                            .problem(
                                path,
                                format!("`<{name}>` names a set that this lexicon does not define"),
                            )
                            .help = Some(help);
                        return None;
                    };
                    check.set_refs.push((set, path.to_vec()));
                    steps.push(Step {
                        kind: StepKind::Set(set),
                        gap,
                    });
                }
                Piece::Text(alternatives) => {
                    let marks = (expansion.prefix && i == last, expansion.suffix && i == 0);
                    let step = steps.len() as u16;
                    let mut normalized_alternatives = Vec::new();
                    for text in alternatives {
                        let (normalized, cased) =
                            self.add_literal(text, marks, case_sensitive, path, check)?;
                        self.record(
                            (normalized.clone(), marks.0, marks.1),
                            Role {
                                kind: RoleKind::Piece { sequence: id, step },
                                form: expansion.form,
                                cased,
                            },
                        );
                        normalized_alternatives.push(normalized);
                    }
                    literals.push((steps.len(), normalized_alternatives));
                    steps.push(Step {
                        kind: StepKind::Text,
                        gap,
                    });
                }
            }
            gap = 0;
        }
        let anchor = literals.first().map_or(0, |(i, _)| *i);
        // Every literal piece is in every occurrence; the one whose shortest alternative
        // has the most letters is likely the rarest in text.
        let core_len = |t: &String| Gate::core(t).map_or(t.len(), |c| c.len());
        let gate = literals
            .iter()
            .map(|(_, alts)| alts)
            .max_by_key(|alts| alts.iter().map(core_len).min().unwrap_or(0))
            .cloned()
            .unwrap_or_default();
        self.sequences.push(Sequence {
            kind,
            form: expansion.form,
            steps,
            anchor,
        });
        Some(Added {
            text: normalize_phrase(&expansion.text, true).trim().to_string(),
            gate,
        })
    }

    fn record(&mut self, key: PhraseKey, role: Role) {
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
        for ((text, prefix, suffix), phrase_roles) in self.phrases {
            let start = roles.len() as u32;
            roles.extend(phrase_roles);
            patterns.push(Pattern {
                prefix,
                suffix,
                word_start: !suffix && text.chars().next().is_some_and(is_word_char),
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
                    Language::Yaml,
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
        let needs_windows =
            !self.sequences.is_empty() || self.rules.iter().any(|r| r.negation.is_some());
        Ok(Engine {
            lexicons: self.lexicons,
            sets: self.sets,
            rules: self.rules,
            sequences: self.sequences,
            needs_windows,
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

    /// The prefilter over the gate terms.
    fn build_gate(&self) -> Option<Gate> {
        Gate::new(&self.gate_terms()?)
    }
}

/// Checks a rule's `negation` and resolves its set names.
fn negation(
    def: &NegationDef,
    kind: &RuleKind,
    set_ids: &BTreeMap<&str, SetId>,
    base: &[PathStep],
    check: &mut FileCheck,
) -> Option<Negation> {
    let known: Vec<&str> = set_ids.keys().copied().collect();
    let resolve = |name: &str, path: Vec<PathStep>, check: &mut FileCheck| {
        let id = set_ids.get(name).copied();
        if id.is_none() {
            check
                .problem(
                    &path,
                    format!("`negation` names set `{name}`, which this lexicon does not define"),
                )
                .help = did_you_mean(name, &known).map(|b| format!("did you mean `{b}`?"));
        }
        id
    };
    let cues = resolve(&def.cues, with(base, &[key("cues")]), check);
    let mut of = Vec::new();
    for (i, name) in def.of.iter().enumerate() {
        let path = with(base, &[key("of"), PathStep::Index(i)]);
        if let Some(id) = resolve(name, path.clone(), check) {
            match kind {
                RuleKind::CoOccur(sets) if !sets.contains(&id) => {
                    check.problem(
                        &path,
                        format!("`{name}` is not one of this rule's `co-occur` sets"),
                    );
                }
                _ => of.push(id),
            }
        }
    }
    match kind {
        RuleKind::Phrases if !def.of.is_empty() => {
            check
                .problem(&with(base, &[key("of")]), "`of` is for co-occurrence rules")
                .help =
                Some("a negation cancels a phrase rule's banned phrases; remove `of`".into());
        }
        RuleKind::CoOccur(_) if def.of.is_empty() => {
            check
                .problem(base, "a co-occurrence rule's `negation` needs `of`: the sets whose terms a negation cancels")
                .help = Some("e.g. `of: [availability]`".into());
        }
        _ => {}
    }
    if !(1..=MAX_NEGATION_WINDOW).contains(&def.window) {
        check.problem(
            &with(base, &[key("window")]),
            format!("`window` is a number of words from 1 to {MAX_NEGATION_WINDOW}"),
        );
    }
    Some(Negation {
        cues: cues?,
        of,
        window: def.window,
    })
}

fn applicability(fix: FixDef) -> Applicability {
    match fix {
        FixDef::Safe => Applicability::Safe,
        FixDef::Unsafe => Applicability::Unsafe,
    }
}

fn check_phrase(normalized: &str, prefix: bool, suffix: bool) -> Result<(), String> {
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
    if suffix && !normalized.chars().next().is_some_and(is_word_char) {
        return Err("a leading `*` must come before a letter or digit".into());
    }
    if prefix && suffix {
        // Both ends open would let one occurrence grow over a whole word from any point.
        return Err("a phrase cannot have `*` at both ends".into());
    }
    Ok(())
}

/// Checks rewrite templates. `sets` names the sets whose terms a co-occurrence rule's
/// rewrites may use (`{set:NAME}`); `None` where no placeholder is allowed.
fn check_templates(
    templates: &[String],
    path: &[PathStep],
    sets: Option<&[&str]>,
    check: &mut FileCheck,
) {
    for (i, template) in templates.iter().enumerate() {
        let p = with(path, &[PathStep::Index(i)]);
        let mut text = String::new();
        for part in pattern::template_parts(template) {
            match part {
                TemplatePart::Text(t) => match pattern::render_template(t, Some(Form::Base)) {
                    Ok(rendered) => text.push_str(&rendered),
                    Err(err) => {
                        check.problem(&p, format!("invalid rewrite: {}", err.message));
                        text.push('?');
                    }
                },
                TemplatePart::Term(name) => {
                    text.push('?');
                    match sets {
                        None => {
                            check.problem(
                                &p,
                                format!("`{{set:{name}}}` names a set's term, which only a co-occurrence rule's rewrites can use"),
                            );
                        }
                        Some(known) if !known.contains(&name) => {
                            let problem = check.problem(
                                &p,
                                format!(
                                    "`{{set:{name}}}` is not one of this rule's `co-occur` sets"
                                ),
                            );
                            problem.help = Some(match did_you_mean(name, known) {
                                Some(best) => format!("did you mean `{{set:{best}}}`?"),
                                None => format!("its sets: {}", known.join(", ")),
                            });
                        }
                        Some(_) => {}
                    }
                }
            }
        }
        if text.trim().is_empty() {
            check.problem(&p, "empty rewrite");
        } else if text.len() > MAX_REWRITE_BYTES {
            check.problem(
                &p,
                format!(
                    "rewrite is {} bytes long; the limit is {MAX_REWRITE_BYTES}",
                    text.len()
                ),
            );
        }
    }
}

/// Checks and compiles a group's `roles`.
fn compile_roles(
    roles: &RolesDef,
    group: &BannedGroupDef,
    gpath: &[PathStep],
    check: &mut FileCheck,
) -> Roles {
    if !group.suggest.is_empty() || group.fix != FixDef::Unsafe {
        let field = if group.suggest.is_empty() {
            "fix"
        } else {
            "suggest"
        };
        check
            .problem(
                &with(gpath, &[key(field)]),
                "a banned group has either `roles` or `suggest` and `fix`, not both",
            )
            .help = Some("move the rewrites under the roles they fit (`verb`, `event`, `noun`, `person`, `action`)".into());
    }
    let defs = [
        &roles.verb,
        &roles.event,
        &roles.noun,
        &roles.person,
        &roles.action,
    ];
    let mut out = Roles::default();
    for (role, def) in RewriteRole::ALL.iter().zip(defs) {
        let Some(def) = def else { continue };
        let rpath = with(gpath, &[key("roles"), key(role.as_str())]);
        check_templates(&def.suggest, &with(&rpath, &[key("suggest")]), None, check);
        if def.fix == FixDef::Safe && def.suggest.is_empty() {
            check.problem(
                &with(&rpath, &[key("fix")]),
                "`fix: safe` needs at least one `suggest` rewrite",
            );
        }
        out.0[*role as usize] = Some(RoleRewrites::new(
            def.suggest.clone(),
            applicability(def.fix),
        ));
    }
    out
}

fn trimmed(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
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
