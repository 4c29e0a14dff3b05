//! Rewrites for a co-occurrence rule: a template that restates the clause with the terms
//! found in it (`SRE on {set:aws} is powered by OpenAI`).
//!
//! The template replaces the whole span, from the first to the last term, so it is
//! offered only where that loses nothing: the span holds the terms and glue words only
//! (auxiliaries, prepositions, articles, adverbs such as "now"), it opens its clause,
//! and nothing but punctuation follows it. Such a rewrite restates a claim, so it is
//! never applied by `--fix`.

use std::ops::Range;

use super::case;
use super::words::{self, Token};
use super::{Candidate, Context, Decline, Edit, Plan};
use crate::lexicon::pattern::{self, TemplatePart};
use crate::lexicon::{Applicability, SetId};

/// Whether any of `templates` names a set's term.
pub(super) fn has_placeholders(templates: &[String]) -> bool {
    templates.iter().any(|t| {
        pattern::template_parts(t)
            .iter()
            .any(|p| matches!(p, TemplatePart::Term(_)))
    })
}

/// The rewrites of one co-occurrence finding whose templates name terms.
pub(super) fn plan(
    ctx: &Context,
    sets: &[SetId],
    terms: &[(SetId, Range<usize>)],
    templates: &[String],
    help: Option<&str>,
) -> Plan {
    match candidates(ctx, sets, terms, templates) {
        Some(candidates) if !candidates.is_empty() => Plan {
            candidates,
            help: None,
        },
        _ => Plan {
            candidates: Vec::new(),
            help: Some(Decline::Clause.help(help)),
        },
    }
}

fn candidates(
    ctx: &Context,
    sets: &[SetId],
    terms: &[(SetId, Range<usize>)],
    templates: &[String],
) -> Option<Vec<Candidate>> {
    let ranges: Vec<Range<usize>> = terms.iter().map(|(_, r)| r.clone()).collect();
    let end = ctx.sentence.end.min(ctx.text.len());
    // A long sentence is no plain claim: leave it to a person.
    if end - ctx.sentence.start > 400 {
        return None;
    }
    let toks = words::tokenize(ctx.text, ctx.sentence.start..end, &ranges, ctx.written);
    let first = toks.iter().position(|t| t.range.start == ctx.span.start)?;
    let last = toks.iter().position(|t| t.range.end == ctx.span.end)?;
    let glue = |t: &Token| {
        t.term
            || words::is_adverb(t)
            || t.is_any(words::BE)
            || t.is_any(words::HAVE)
            || t.is_any(words::MODALS)
            || t.is_any(words::PREPOSITIONS)
            || t.is_any(&["the", "a", "an", "now"])
    };
    if !toks[first].term || !toks[first..=last].iter().all(glue) {
        return None;
    }
    // It opens its clause: nothing before it, or a lead-in ending in a comma.
    let before: Vec<&Token> = toks[..first]
        .iter()
        .filter(|t| t.is_word() || t.is(","))
        .collect();
    if before.last().is_some_and(|t| !t.is(",")) {
        return None;
    }
    // Nothing but punctuation (or "today") after it.
    if toks[last + 1..]
        .iter()
        .any(|t| t.is_word() && !t.is_any(&["today", "now"]))
    {
        return None;
    }
    let term_text = |name: &str| -> Option<String> {
        let set = sets
            .iter()
            .copied()
            .find(|&s| ctx.engine.sets[s].name == name)?;
        terms
            .iter()
            .filter(|(s, r)| *s == set && r.start >= ctx.span.start && r.end <= ctx.span.end)
            .min_by_key(|(_, r)| (r.start, std::cmp::Reverse(r.end)))
            .map(|(_, r)| (ctx.written)(r.clone()))
    };
    let casing = case::casing(&toks, toks.iter().position(Token::is_word));
    let opens = before.is_empty();
    let mut out: Vec<Candidate> = Vec::new();
    for template in templates {
        let mut text = String::new();
        let mut complete = true;
        for part in pattern::template_parts(template) {
            match part {
                TemplatePart::Text(t) => match pattern::render_template(t, None) {
                    Ok(rendered) => text.push_str(&case::apply(&rendered, casing, false)),
                    Err(_) => complete = false,
                },
                TemplatePart::Term(name) => match term_text(name) {
                    Some(term) => text.push_str(&term),
                    None => complete = false,
                },
            }
        }
        if !complete || text.trim().is_empty() {
            continue;
        }
        let text = if opens {
            case::apply(&text, case::Casing::Sentence, true)
        } else {
            text
        };
        let edits = vec![Edit {
            range: ctx.span.clone(),
            text,
        }];
        if out.iter().any(|c| c.edits == edits) {
            continue;
        }
        out.push(Candidate {
            edits,
            applicability: Applicability::Unsafe,
        });
    }
    Some(out)
}
