//! A rule described in concrete prose, for `copylint rules` and `explain`, SARIF rule
//! descriptors and the report's rules table: its message with an example phrase in
//! place of `{matched}`, and its rewrites rendered as a reader would see them
//! ("integrates with", not `{integrate} with`), with what `--fix` does with each.

use crate::lexicon::pattern::{self, Piece, TemplatePart};
use crate::lexicon::{Applicability, BannedGroup, Engine, Form, RewriteRole, Rule, RuleKind};

/// The rule's message as one line of concrete prose: `{matched}` is filled in with its
/// first banned phrase as found in text ("enables access to"), or "this wording" for a
/// rule without phrases.
pub fn summary(engine: &Engine, rule: &Rule) -> String {
    let example = rule
        .groups
        .iter()
        .find_map(|g| g.phrases.first())
        .and_then(|phrase| example_phrase(engine, rule.lexicon, phrase));
    let message = match example {
        Some(example) => rule.message.replace("{matched}", &example),
        None => rule
            .message
            .replace("“{matched}”", "this wording")
            .replace("{matched}", "this wording"),
    };
    one_line(&message)
}

/// How `--fix` treats a rule's rewrites, for `copylint rules`: `none` (no rewrites),
/// `unsafe` (suggested only), `partly` (safe for some phrases, roles or sentences) or
/// `safe` (every phrase's first rewrite).
pub fn fix_label(rule: &Rule) -> &'static str {
    if !rule.has_rewrites() {
        "none"
    } else if !rule.has_safe_fix() {
        "unsafe"
    } else if rule
        .groups
        .iter()
        .all(|g| g.roles.is_none() && g.fix == Applicability::Safe && !g.suggest.is_empty())
    {
        "safe"
    } else {
        "partly"
    }
}

/// One line of a rule's rewrites: for which phrases (and role), which rewrites, and
/// what `--fix` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RewriteLine {
    /// The phrases of the group, as written in the lexicon (empty for a co-occurrence
    /// rule).
    pub phrases: Vec<String>,
    /// When the role applies ("as a verb of a product or feature"), for a group with
    /// roles.
    pub role: Option<RewriteRole>,
    /// The rewrites, rendered as a reader would see them.
    pub rewrites: Vec<String>,
    /// Whether `--fix` may apply the first.
    pub fix: Applicability,
    /// Whether copylint decides per sentence (roles, or a co-occurrence template).
    pub per_sentence: bool,
}

/// Every rewrite line of `rule`, in lexicon order.
pub fn rewrite_lines(engine: &Engine, rule: &Rule) -> Vec<RewriteLine> {
    let mut lines = Vec::new();
    for group in &rule.groups {
        match &group.roles {
            Some(roles) => {
                for role in RewriteRole::ALL {
                    if let Some(r) = roles.get(role) {
                        lines.push(RewriteLine {
                            phrases: group.phrases.clone(),
                            role: Some(role),
                            rewrites: rendered(engine, rule, &r.suggest),
                            fix: r.fix,
                            per_sentence: true,
                        });
                    }
                }
            }
            None if !group.suggest.is_empty() => lines.push(RewriteLine {
                phrases: group.phrases.clone(),
                role: None,
                rewrites: rendered(engine, rule, &group.suggest),
                fix: group.fix,
                per_sentence: has_terms(&group.suggest),
            }),
            None => {}
        }
    }
    lines
}

/// The groups of `rule` that never get a rewrite, with their help lines.
pub fn without_rewrites(rule: &Rule) -> Vec<&BannedGroup> {
    rule.groups
        .iter()
        .filter(|g| !g.has_rewrites() && !g.phrases.is_empty())
        .collect()
}

/// Every distinct rewrite of `rule`, rendered, in lexicon order.
pub fn suggested_wording(engine: &Engine, rule: &Rule) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in rewrite_lines(engine, rule) {
        for r in line.rewrites {
            if !out.contains(&r) {
                out.push(r);
            }
        }
    }
    out
}

/// `templates` as a reader would see them: verbs in their -s form ("integrates with",
/// "is powered by"), a set's term as its first term ("SRE on AWS is powered by OpenAI").
fn rendered(engine: &Engine, rule: &Rule, templates: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for template in templates {
        let mut text = String::new();
        for part in pattern::template_parts(template) {
            match part {
                TemplatePart::Text(t) => match pattern::render_template(t, Some(Form::Third)) {
                    Ok(r) => text.push_str(&r),
                    Err(_) => text.push_str(t),
                },
                TemplatePart::Term(name) => text.push_str(&set_example(engine, rule, name)),
            }
        }
        if !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

/// The first term of the co-occurrence set `name` of `rule`, as text.
fn set_example(engine: &Engine, rule: &Rule, name: &str) -> String {
    let RuleKind::CoOccur(sets) = &rule.kind else {
        return name.to_string();
    };
    sets.iter()
        .map(|&s| &engine.sets[s])
        .find(|s| s.name == name)
        .and_then(|s| s.terms.first())
        .and_then(|t| example_phrase(engine, rule.lexicon, t))
        .unwrap_or_else(|| name.to_string())
}

fn has_terms(templates: &[String]) -> bool {
    templates.iter().any(|t| {
        pattern::template_parts(t)
            .iter()
            .any(|p| matches!(p, TemplatePart::Term(_)))
    })
}

/// A phrase pattern as it appears in text: its first expansion, a verb in its -s form.
fn example_phrase(engine: &Engine, lexicon: usize, phrase: &str) -> Option<String> {
    let expansions = pattern::expand(phrase).ok()?;
    let pick = expansions
        .iter()
        .find(|e| e.form == Some(Form::Third))
        .or_else(|| expansions.first())?;
    if !pick.is_sequence() {
        return Some(one_line(&pick.text));
    }
    // A sequence reads as its words, each set as its first term, gaps left out.
    let mut words: Vec<String> = Vec::new();
    for piece in &pick.pieces {
        match piece {
            Piece::Text(alternatives) => words.extend(alternatives.first().cloned()),
            Piece::Gap(_) => {}
            Piece::Set(name) => words.push(first_term(engine, lexicon, name, 0)?),
        }
    }
    Some(one_line(&words.join(" ")))
}

/// The first term of set `name` of `lexicon` (or of the first set it includes), as a
/// phrase a reader would write.
fn first_term(engine: &Engine, lexicon: usize, name: &str, depth: usize) -> Option<String> {
    let set = engine
        .sets
        .iter()
        .find(|s| s.lexicon == lexicon && s.name == name)?;
    match set.terms.first() {
        Some(term) => {
            let expansion = pattern::expand(term).ok()?.into_iter().next()?;
            Some(one_line(&expansion.text))
        }
        None if depth < 4 => first_term(engine, lexicon, set.include.first()?, depth + 1),
        None => None,
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{LexiconSource, compile};

    fn builtin() -> Engine {
        compile(&[LexiconSource::builtin("openai-on-aws").unwrap()]).unwrap()
    }

    #[test]
    fn summaries_are_concrete_prose() {
        let engine = builtin();
        for rule in &engine.rules {
            let text = summary(&engine, rule);
            // No pattern syntax: braces, alternatives, sets, gaps.
            assert!(
                !text.contains(['{', '…', '|', '<']) && !text.contains("..."),
                "{text}"
            );
        }
        let access = &engine.rules[engine.find_rule("access-wording").unwrap()];
        assert!(summary(&engine, access).starts_with("“enables access to” says SRE"));
    }

    #[test]
    fn rewrites_are_rendered_and_listed_once() {
        let engine = builtin();
        let access = &engine.rules[engine.find_rule("access-wording").unwrap()];
        let wording = suggested_wording(&engine, access);
        assert_eq!(wording[..3], ["integrates with", "is powered by", "uses"]);
        assert!(wording.iter().all(|w| !w.contains('{')), "{wording:?}");
        let frontier = &engine.rules[engine.find_rule("frontier-availability").unwrap()];
        assert_eq!(
            suggested_wording(&engine, frontier),
            ["SRE on AWS is powered by OpenAI"]
        );
        assert_eq!(fix_label(access), "partly");
        assert_eq!(fix_label(frontier), "unsafe");
    }
}
