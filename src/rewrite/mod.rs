//! Rewrites chosen and shaped from the sentence, not from the phrase alone.
//!
//! A banned phrase is replaced by words that fit where it stands: its grammatical role
//! (verb, gerund, participle, noun), its subject (a product, people, an action or a
//! plan), tense and number, what follows it (the name it acts on, a second "to"
//! complement, "every time", counts) and where it is (sentence start, title case, all
//! capitals). A rewrite may reach beyond the banned words when grammar needs it
//! ("are given access to" → "are allowed to use"; "API calls to GPT-5 are billed" →
//! "Use of GPT-5 is billed"), but it is a list of small edits, so everything between
//! them is left exactly as written.
//!
//! Lexicons choose the words: a banned group's `roles` give rewrites per role and say
//! which may be applied by `--fix`. A rewrite is marked safe only when the role is safe
//! *and* the sentence has a shape this module recognises with confidence; otherwise it
//! is a suggestion a person applies, or there is none and the finding carries a `help`
//! line saying how to rephrase. Groups without `roles` keep the plain phrase swap.
//!
//! This runs only for findings, never on clean text, and reads a bounded window of words
//! around each one.

mod case;
mod cooccur;
mod phrase;
mod words;

use std::ops::Range;

use crate::lexicon::{Applicability, Engine, Form, RoleKind, RuleId, RuleKind, SetId, pattern};
use crate::matcher::Hit;

pub use case::match_case;

/// One change in a prose block: replace the normalised byte range `range` (empty for an
/// insertion) with `text`, already in the capitalisation it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Normalised byte range in the block.
    pub range: Range<usize>,
    /// The new text.
    pub text: String,
}

/// One rewrite of a finding: edits in position order, none overlapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The edits.
    pub edits: Vec<Edit>,
    /// Whether `--fix` may apply it (only ever the first candidate).
    pub applicability: Applicability,
}

/// What a finding gets: rewrites best first, or a line saying how to rephrase.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Rewrites, best first.
    pub candidates: Vec<Candidate>,
    /// When no rewrite fits: why, and how to rephrase.
    pub help: Option<String>,
}

/// A finding to rewrite, in the normalised coordinates of its prose block.
pub struct Context<'a> {
    /// The compiled lexicons.
    pub engine: &'a Engine,
    /// The rule that fired.
    pub rule: RuleId,
    /// The banned group that matched (0 for a co-occurrence rule).
    pub group: usize,
    /// The verb form of the matched phrase.
    pub form: Option<Form>,
    /// The normalised text of the block.
    pub text: &'a str,
    /// The finding's sentence.
    pub sentence: Range<usize>,
    /// The banned span.
    pub span: Range<usize>,
    /// The phrase hits of the sentence (to find the terms it is about).
    pub hits: &'a [Hit],
    /// The source text of the span as reported (for the plain phrase swap's case).
    pub matched: &'a str,
    /// The text of a normalised range as the reader sees it, in its case.
    pub written: &'a dyn Fn(Range<usize>) -> String,
}

impl Context<'_> {
    /// The occurrences of terms of `sets` in the sentence, minus those an exception of
    /// their set cancels.
    fn terms_of(&self, sets: &[SetId]) -> Vec<(SetId, Range<usize>)> {
        let mut terms = Vec::new();
        let mut excepts = Vec::new();
        for hit in self.hits {
            for role in self.engine.roles_of(hit.pattern as usize) {
                match role.kind {
                    RoleKind::Term(set) if sets.contains(&set) => terms.push((set, hit.range())),
                    RoleKind::Except(set) if sets.contains(&set) => {
                        excepts.push((set, hit.range()))
                    }
                    _ => {}
                }
            }
        }
        terms.retain(|(set, t)| {
            !excepts
                .iter()
                .any(|(s, e)| s == set && e.start < t.end && t.start < e.end)
        });
        terms
    }
}

/// The rewrites (or the help line) for one finding.
pub fn plan(ctx: &Context) -> Plan {
    let rule = &ctx.engine.rules[ctx.rule];
    let Some(group) = rule.groups.get(ctx.group) else {
        return Plan::default();
    };
    if let Some(roles) = &group.roles {
        let terms: Vec<Range<usize>> = ctx
            .terms_of(&rule.when)
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        return phrase::plan(
            ctx,
            roles,
            &terms,
            !rule.when.is_empty(),
            group.help.as_deref(),
        );
    }
    if let RuleKind::CoOccur(sets) = &rule.kind
        && cooccur::has_placeholders(&group.suggest)
    {
        let terms = ctx.terms_of(sets);
        return cooccur::plan(ctx, sets, &terms, &group.suggest, group.help.as_deref());
    }
    swap(ctx)
}

/// The plain phrase swap of groups without roles: each template, in the matched
/// phrase's form and case, in place of the span.
fn swap(ctx: &Context) -> Plan {
    let group = &ctx.engine.rules[ctx.rule].groups[ctx.group];
    let candidates: Vec<Candidate> = group
        .suggest
        .iter()
        .enumerate()
        .filter_map(|(i, template)| {
            let text = pattern::render_template(template, ctx.form).ok()?;
            Some(Candidate {
                edits: vec![Edit {
                    range: ctx.span.clone(),
                    // A case-sensitive group's rewrite is spelled exactly as the lexicon says.
                    text: if group.case_sensitive {
                        text
                    } else {
                        match_case(ctx.matched, &text)
                    },
                }],
                applicability: if i == 0 {
                    group.fix
                } else {
                    Applicability::Unsafe
                },
            })
        })
        .collect();
    let help = if candidates.is_empty() {
        group.help.clone()
    } else {
        None
    };
    Plan { candidates, help }
}

/// Why no rewrite is offered.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Decline {
    /// A "to …" complement after the object says who gets it.
    Recipient,
    /// "access" is a permission someone holds ("an agent's access", "revoke access").
    Permission,
    /// An adjective makes it a rollout claim ("early access").
    Rollout(String),
    /// The phrase is not followed by the name it is about.
    Object,
    /// The lexicon has no rewrite for the role the phrase plays here.
    NoRole(crate::lexicon::RewriteRole),
    /// The sentence's shape is not one recognised with confidence.
    Shape,
    /// The sentence says more than a restatement of its claim would keep.
    Clause,
}

impl Decline {
    fn reason(&self) -> String {
        match self {
            Decline::Recipient => {
                "the “to …” after it says who gets it, and a rewrite of the phrase would leave that behind".into()
            }
            Decline::Permission => {
                "“access” here is a permission someone holds, which a rewrite of the phrase alone cannot keep".into()
            }
            Decline::Rollout(adjective) => {
                format!("“{adjective} access” announces a rollout, which a rewrite of the phrase alone cannot keep")
            }
            Decline::Object => "it is not followed by the name it is about".into(),
            Decline::NoRole(role) => {
                format!("the lexicon has no rewrite for it {}", role.describe())
            }
            Decline::Shape => {
                "copylint does not recognise this sentence's shape with confidence".into()
            }
            Decline::Clause => {
                "the sentence says more than a restatement of its claim would keep".into()
            }
        }
    }

    fn help(&self, group_help: Option<&str>) -> String {
        let advice = group_help.unwrap_or("Rephrase the sentence by hand.");
        format!("no rewrite offered: {}. {advice}", self.reason())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_help_line_says_why_and_how_to_rephrase() {
        assert_eq!(
            Decline::Rollout("early".into()).help(Some("Say when it ships.")),
            "no rewrite offered: “early access” announces a rollout, which a rewrite of the \
             phrase alone cannot keep. Say when it ships."
        );
        assert!(
            Decline::Shape
                .help(None)
                .ends_with("Rephrase the sentence by hand.")
        );
    }
}
