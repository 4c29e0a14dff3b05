//! Turns the phrase hits of one sentence into rule findings.
//!
//! This is where the policy semantics live, in general form:
//! * a term occurrence overlapped by one of its set's exceptions does not count;
//! * a banned or term occurrence overlapped by an allowed phrase (of the rule, or of its
//!   whole lexicon) does not count;
//! * a rule fires only when every `when` set has a term in the sentence and no `unless`
//!   set does;
//! * a phrase rule reports its banned occurrences, longest first among overlapping ones;
//! * a co-occurrence rule reports one span from the first to the last occurrence of its
//!   sets' terms when every set has one.

use std::ops::Range;

use crate::lexicon::{Engine, Form, RoleKind, RuleId, RuleKind, SetId};
use crate::matcher::Hit;

/// A finding in normalised coordinates, before it is mapped back to the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFinding {
    /// The rule that fired.
    pub rule: RuleId,
    /// Index of the banned group (0 for co-occurrence rules).
    pub group: usize,
    /// Verb form of the matched phrase, for inflecting rewrites.
    pub form: Option<Form>,
    /// Normalised byte range of the finding.
    pub span: Range<usize>,
    /// Normalised byte range of its sentence.
    pub sentence: Range<usize>,
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Per-sentence working space, reused across sentences and files.
#[derive(Debug, Default)]
pub struct Resolver {
    /// Per set: term occurrences, and exception occurrences.
    terms: Vec<Vec<Range<usize>>>,
    excepts: Vec<Vec<Range<usize>>>,
    touched: Vec<SetId>,
    rule_allowed: Vec<(RuleId, Range<usize>)>,
    lexicon_allowed: Vec<(usize, Range<usize>)>,
    banned: Vec<(RuleId, usize, Option<Form>, Range<usize>)>,
}

impl Resolver {
    fn reset(&mut self, sets: usize) {
        if self.terms.len() < sets {
            self.terms.resize_with(sets, Vec::new);
            self.excepts.resize_with(sets, Vec::new);
        }
        for &s in &self.touched {
            self.terms[s].clear();
            self.excepts[s].clear();
        }
        self.touched.clear();
        self.rule_allowed.clear();
        self.lexicon_allowed.clear();
        self.banned.clear();
    }

    fn touch(&mut self, set: SetId) {
        if self.terms[set].is_empty() && self.excepts[set].is_empty() {
            self.touched.push(set);
        }
    }

    fn present(&self, set: SetId) -> bool {
        !self.terms[set].is_empty()
    }

    fn is_allowed(&self, engine: &Engine, rule: RuleId, span: &Range<usize>) -> bool {
        let lexicon = engine.rules[rule].lexicon;
        self.rule_allowed
            .iter()
            .any(|(r, a)| *r == rule && overlaps(a, span))
            || self
                .lexicon_allowed
                .iter()
                .any(|(l, a)| *l == lexicon && overlaps(a, span))
    }

    fn context_holds(&self, engine: &Engine, rule: RuleId) -> bool {
        let rule = &engine.rules[rule];
        rule.when.iter().all(|&s| self.present(s)) && !rule.unless.iter().any(|&s| self.present(s))
    }

    /// Resolves the hits of one sentence. `hits` are the block's hits that start inside
    /// `sentence`; `case_ok(hit, cased)` tells whether a case-sensitive entry really
    /// matches with its capitalisation.
    pub fn resolve_sentence(
        &mut self,
        engine: &Engine,
        hits: &[Hit],
        sentence: Range<usize>,
        mut case_ok: impl FnMut(&Hit, &str) -> bool,
        out: &mut Vec<RawFinding>,
    ) {
        self.reset(engine.sets.len());
        for hit in hits {
            for role in engine.roles_of(hit.pattern as usize) {
                if let Some(cased) = &role.cased
                    && !case_ok(hit, cased)
                {
                    continue;
                }
                let span = hit.range();
                match role.kind {
                    RoleKind::Term(set) => {
                        self.touch(set);
                        self.terms[set].push(span);
                    }
                    RoleKind::Except(set) => {
                        self.touch(set);
                        self.excepts[set].push(span);
                    }
                    RoleKind::Banned { rule, group } => {
                        self.banned.push((rule, group as usize, role.form, span))
                    }
                    RoleKind::RuleAllowed(rule) => self.rule_allowed.push((rule, span)),
                    RoleKind::LexiconAllowed(lexicon) => self.lexicon_allowed.push((lexicon, span)),
                }
            }
        }
        for &set in &self.touched {
            let excepts = std::mem::take(&mut self.excepts[set]);
            self.terms[set].retain(|t| !excepts.iter().any(|e| overlaps(e, t)));
            self.excepts[set] = excepts;
        }

        self.resolve_phrase_rules(engine, &sentence, out);
        self.resolve_co_occurrence_rules(engine, &sentence, out);
    }

    fn resolve_phrase_rules(
        &mut self,
        engine: &Engine,
        sentence: &Range<usize>,
        out: &mut Vec<RawFinding>,
    ) {
        if self.banned.is_empty() {
            return;
        }
        // Longest first among those starting at the same place, grouped by rule.
        self.banned
            .sort_by(|a, b| (a.0, a.3.start, b.3.end).cmp(&(b.0, b.3.start, a.3.end)));
        let mut i = 0;
        while i < self.banned.len() {
            let rule = self.banned[i].0;
            let end = i + self.banned[i..].iter().take_while(|b| b.0 == rule).count();
            if self.context_holds(engine, rule) {
                let mut last_end = 0;
                for (_, group, form, span) in &self.banned[i..end] {
                    if span.start < last_end || self.is_allowed(engine, rule, span) {
                        continue;
                    }
                    last_end = span.end;
                    out.push(RawFinding {
                        rule,
                        group: *group,
                        form: *form,
                        span: span.clone(),
                        sentence: sentence.clone(),
                    });
                }
            }
            i = end;
        }
    }

    fn resolve_co_occurrence_rules(
        &self,
        engine: &Engine,
        sentence: &Range<usize>,
        out: &mut Vec<RawFinding>,
    ) {
        if self.touched.is_empty() {
            return;
        }
        for &rule in &engine.co_occurrence_rules {
            let RuleKind::CoOccur(sets) = &engine.rules[rule].kind else {
                continue;
            };
            if !sets.iter().all(|&s| self.present(s)) || !self.context_holds(engine, rule) {
                continue;
            }
            let mut span: Option<Range<usize>> = None;
            let mut complete = true;
            for &set in sets {
                let mut any = false;
                for t in self.terms[set]
                    .iter()
                    .filter(|t| !self.is_allowed(engine, rule, t))
                {
                    any = true;
                    span = Some(match span {
                        Some(s) => s.start.min(t.start)..s.end.max(t.end),
                        None => t.clone(),
                    });
                }
                complete &= any;
            }
            if let (true, Some(span)) = (complete, span) {
                out.push(RawFinding {
                    rule,
                    group: 0,
                    form: None,
                    span,
                    sentence: sentence.clone(),
                });
            }
        }
    }
}
