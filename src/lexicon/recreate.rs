//! A safe rewrite must not bring back a banned phrase.
//!
//! `--fix` applies safe rewrites unattended and re-checks the result; a rewrite that
//! contains a phrase some rule bans (`spam` → `spam spam`) would be rewritten again on
//! every pass, growing the file each time. So once the lexicons are compiled, every safe
//! rewrite is matched against them in every form it can be written in (each `{verb}`
//! inflection its phrases can call for, and in lower case, capitalised and in capitals,
//! as `--fix` matches the case of what it replaces); a banned phrase of any loaded
//! lexicon in it, not covered by an allowed phrase of that rule or lexicon, makes the
//! lexicon an error pointing at the rewrite. (A rule's `when`/`unless` context is not
//! considered: the rewrite lands in whatever sentence the phrase was in.)

use std::collections::{BTreeMap, HashSet};

use super::compile::LexiconSource;
use super::engine::{Engine, RoleKind, RuleId};
use super::error::{LexiconError, LexiconProblem};
use super::inflect::Form;
use super::pattern;
use super::yaml::{self, PathStep};
use crate::matcher::{Hit, find_hits};
use crate::normalize::{NormalizedText, Normalizer, normalize_phrase};
use crate::source_problem::Language;

/// A safe rewrite, and where it is written.
#[derive(Debug, Clone)]
pub(super) struct SafeRewrite {
    /// Index of its lexicon among the sources compiled.
    pub source: usize,
    /// Its place in the YAML document.
    pub path: Vec<PathStep>,
    /// The rewrite as written (`{integrate} with`).
    pub template: String,
    /// Whether its group is case-sensitive (then it is applied as written).
    pub case_sensitive: bool,
    /// Whether its group's phrases have `{verb}` slots: then it is written in the form of
    /// the phrase it replaces, any of the five; otherwise always in the base form.
    pub inflected: bool,
}

/// Refuses the first lexicon (in load order) that has a safe rewrite containing a banned
/// phrase, with every such rewrite of it located.
pub(super) fn check(
    engine: &Engine,
    rewrites: &[SafeRewrite],
    sources: &[LexiconSource],
) -> Result<(), LexiconError> {
    let mut problems: BTreeMap<usize, Vec<LexiconProblem>> = BTreeMap::new();
    let mut hits = Vec::new();
    for rewrite in rewrites {
        let Some(source) = sources.get(rewrite.source) else {
            continue;
        };
        let Some((written, phrase, rule)) = banned_in(engine, rewrite, &mut hits) else {
            continue;
        };
        let span = yaml::locate(&source.text, &rewrite.path);
        let problem = LexiconProblem::new(
            &source.origin,
            &source.text,
            Language::Yaml,
            format!(
                "the safe rewrite `{}` brings back `{phrase}`, which rule `{}` bans{}: \
                 `--fix` would rewrite its own output again and again",
                rewrite.template,
                engine.rules[rule].id,
                if written == rewrite.template {
                    String::new()
                } else {
                    format!(" (written `{written}`)")
                },
            ),
            span,
        )
        .with_help("choose a rewrite no rule bans, or make the fix `unsafe`");
        problems.entry(rewrite.source).or_default().push(problem);
    }
    match problems.into_iter().next() {
        None => Ok(()),
        Some((source, problems)) => Err(LexiconError::Invalid {
            name: sources[source].origin.clone(),
            problems,
        }),
    }
}

/// The first form of `rewrite` that holds a banned phrase: that form, the phrase as it
/// reads there, and the rule that bans it.
fn banned_in(
    engine: &Engine,
    rewrite: &SafeRewrite,
    hits: &mut Vec<Hit>,
) -> Option<(String, String, RuleId)> {
    let mut seen = HashSet::new();
    let forms: Vec<Option<Form>> = if rewrite.inflected {
        Form::ALL.map(Some).to_vec()
    } else {
        vec![None]
    };
    for form in forms {
        let Ok(text) = pattern::render_template(&rewrite.template, form) else {
            continue;
        };
        let mut cases = vec![text.clone()];
        if !rewrite.case_sensitive {
            let mut chars = text.chars();
            let capitalised = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>());
            cases.extend(capitalised);
            cases.push(text.to_uppercase());
        }
        for written in cases {
            if !seen.insert(written.clone()) {
                continue;
            }
            if let Some((phrase, rule)) = banned_phrase(engine, &written, hits) {
                return Some((written, phrase, rule));
            }
        }
    }
    None
}

/// A banned phrase in `text` that an allowed phrase does not cover, as it reads in
/// `text`, with its rule.
fn banned_phrase(engine: &Engine, text: &str, hits: &mut Vec<Hit>) -> Option<(String, RuleId)> {
    let mut block = NormalizedText::default();
    let mut normalizer = Normalizer::new(true);
    normalizer.push_source(&mut block, text, 0);
    normalizer.finish(&mut block);
    hits.clear();
    find_hits(engine, &block.text, hits);
    let overlaps = |a: &Hit, b: &Hit| a.start < b.end && b.start < a.end;
    let allowed = |rule: RuleId, hit: &Hit| {
        let lexicon = engine.rules[rule].lexicon;
        hits.iter()
            .filter(|other| overlaps(other, hit))
            .any(|other| {
                engine
                    .roles_of(other.pattern as usize)
                    .iter()
                    .any(|role| match role.kind {
                        RoleKind::RuleAllowed(r) => r == rule,
                        RoleKind::LexiconAllowed(l) => l == lexicon,
                        _ => false,
                    })
            })
    };
    for hit in hits.iter() {
        let pattern = &engine.patterns[hit.pattern as usize];
        let read = block.readable(text, hit.range());
        for role in engine.roles_of(hit.pattern as usize) {
            let RoleKind::Banned { rule, .. } = role.kind else {
                continue;
            };
            if let Some(cased) = &role.cased {
                let written = normalize_phrase(&read, false);
                let matches = if pattern.prefix {
                    written.starts_with(&**cased)
                } else {
                    written == **cased
                };
                if !matches {
                    continue;
                }
            }
            if !allowed(rule, hit) {
                return Some((read, rule));
            }
        }
    }
    None
}
