//! Turns the phrase hits of one sentence into rule findings.
//!
//! This is where the policy semantics live, in general form:
//! * a sequence phrase (`{hand} ... off to`, `{tap} into <openai>`) is assembled from its
//!   pieces, each joined to the nearest fitting piece before it, within one sentence and
//!   never across a `;`; the assembled occurrence then counts like any phrase;
//! * a term occurrence overlapped by one of its set's exceptions does not count;
//! * a banned or term occurrence overlapped by an allowed phrase (of the rule, or of its
//!   whole lexicon) does not count;
//! * a rule with a negation scope ignores a phrase (or, for a co-occurrence rule, a term
//!   of the sets named) when a negation cue is one of the few words right before it, in
//!   the same clause (`window.rs`), or, for a phrase, stands in the words its gaps cover
//!   ("Bedrock includes no GPT model");
//! * a rule fires only when every `when` set has a term in the sentence and no `unless`
//!   set does;
//! * a phrase rule reports its banned occurrences, longest first among overlapping ones;
//! * a co-occurrence rule reports one span from the first to the last occurrence of its
//!   sets' terms when every set has one;
//! * a note is dropped where an error of its lexicon covers some of the same words.

use std::ops::Range;

use crate::lexicon::{
    Engine, Form, Negation, RoleKind, RuleId, RuleKind, SetId, Severity, StepKind,
};
use crate::matcher::Hit;
use crate::window::Words;

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

/// Drops, from the findings `out[first..]` of one sentence, each note whose words an
/// enabled error of the same lexicon already covers: the error asks for a rewrite there,
/// and a note on the same words would only repeat it.
fn drop_notes_under_errors(engine: &Engine, out: &mut Vec<RawFinding>, first: usize) {
    let is_error = |f: &RawFinding| {
        let rule = &engine.rules[f.rule];
        rule.enabled && rule.severity == Severity::Error
    };
    if !out[first..].iter().any(is_error) {
        return;
    }
    let mut i = first;
    while i < out.len() {
        let f = &out[i];
        let rule = &engine.rules[f.rule];
        let covered = rule.severity == Severity::Note
            && out[first..].iter().any(|e| {
                is_error(e)
                    && engine.rules[e.rule].lexicon == rule.lexicon
                    && overlaps(&e.span, &f.span)
            });
        if covered {
            out.remove(i);
        } else {
            i += 1;
        }
    }
}

/// A banned occurrence: its rule, group, verb form, span, and its anchor (its first
/// literal piece), which a negation must stand shortly before or after.
type Banned = (RuleId, usize, Option<Form>, Range<usize>, Range<usize>);

/// An occurrence of a sequence phrase, joined from its pieces.
struct Assembled {
    kind: RoleKind,
    form: Option<Form>,
    span: Range<usize>,
    anchor: Range<usize>,
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
    banned: Vec<Banned>,
    /// Occurrences of sequence pieces: (sequence, step, span).
    pieces: Vec<(u32, u16, Range<usize>)>,
    /// Word positions of the sentence, built when first needed.
    words: Words,
    words_ready: bool,
    /// Scratch: the steps of a sequence being assembled, and cue ends.
    chain: Vec<Range<usize>>,
    cue_ends: Vec<(usize, usize)>,
    /// The cue set whose ends `cue_ends` holds for this sentence.
    cue_set: Option<SetId>,
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
        self.pieces.clear();
        self.words_ready = false;
        self.cue_set = None;
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

    /// The word index of the current sentence.
    fn words(&mut self, text: &str, sentence: &Range<usize>) -> &Words {
        if !self.words_ready {
            self.words.index(text, sentence.clone());
            self.words_ready = true;
        }
        &self.words
    }

    /// Records one occurrence of a phrase in `kind`.
    fn add(
        &mut self,
        kind: RoleKind,
        form: Option<Form>,
        span: Range<usize>,
        anchor: Range<usize>,
    ) {
        match kind {
            RoleKind::Term(set) => {
                self.touch(set);
                self.terms[set].push(span);
            }
            RoleKind::Except(set) => {
                self.touch(set);
                self.excepts[set].push(span);
            }
            RoleKind::Banned { rule, group } => {
                self.banned.push((rule, group as usize, form, span, anchor))
            }
            RoleKind::RuleAllowed(rule) => self.rule_allowed.push((rule, span)),
            RoleKind::LexiconAllowed(lexicon) => self.lexicon_allowed.push((lexicon, span)),
            RoleKind::Piece { sequence, step } => self.pieces.push((sequence, step, span)),
        }
    }

    /// Drops the term occurrences that one of their set's exceptions overlaps.
    fn apply_exceptions(&mut self) {
        for &set in &self.touched {
            if self.excepts[set].is_empty() {
                continue;
            }
            let excepts = std::mem::take(&mut self.excepts[set]);
            self.terms[set].retain(|t| !excepts.iter().any(|e| overlaps(e, t)));
            self.excepts[set] = excepts;
        }
    }

    /// Resolves the hits of one sentence. `text` is the normalised block, `hits` are its
    /// hits that start inside `sentence`; `case_ok(hit, cased)` tells whether a
    /// case-sensitive entry really matches with its capitalisation.
    pub fn resolve_sentence(
        &mut self,
        engine: &Engine,
        text: &str,
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
                self.add(role.kind, role.form, hit.range(), hit.range());
            }
        }
        self.apply_exceptions();
        if !self.pieces.is_empty() {
            self.assemble_sequences(engine, text, &sentence);
            for &set in &self.touched {
                self.terms[set].sort_by_key(|t| (t.start, t.end));
            }
            self.apply_exceptions();
        }

        let first = out.len();
        self.resolve_phrase_rules(engine, text, &sentence, out);
        self.resolve_co_occurrence_rules(engine, text, &sentence, out);
        drop_notes_under_errors(engine, out, first);
    }

    /// Joins the pieces of sequence phrases into occurrences: from each occurrence of a
    /// sequence's last step, back to the nearest occurrence of each step before it that
    /// ends no more than the step's gap in words earlier, with no `;` between.
    fn assemble_sequences(&mut self, engine: &Engine, text: &str, sentence: &Range<usize>) {
        self.pieces
            .sort_unstable_by_key(|(q, s, r)| (*q, *s, r.start, r.end));
        self.words(text, sentence);
        let pieces = std::mem::take(&mut self.pieces);
        // (what it means, verb form, span, anchor) of each assembled occurrence.
        let mut found: Vec<Assembled> = Vec::new();
        let mut i = 0;
        while i < pieces.len() {
            let id = pieces[i].0;
            let end = i + pieces[i..].iter().take_while(|p| p.0 == id).count();
            let group = &pieces[i..end];
            i = end;
            let sequence = &engine.sequences[id as usize];
            let steps = &sequence.steps;
            let occurrences = |step: usize| -> &[(u32, u16, Range<usize>)] {
                let from = group.partition_point(|p| (p.1 as usize) < step);
                let to = group.partition_point(|p| (p.1 as usize) <= step);
                &group[from..to]
            };
            let ranges = |step: usize| -> Vec<Range<usize>> {
                match steps[step].kind {
                    StepKind::Text => occurrences(step).iter().map(|p| p.2.clone()).collect(),
                    StepKind::Set(set) => self.terms[set].clone(),
                }
            };
            let last = steps.len() - 1;
            // Every step must occur at all before any joining is tried.
            let missing = (0..steps.len()).any(|step| match steps[step].kind {
                StepKind::Text => occurrences(step).is_empty(),
                StepKind::Set(set) => self.terms[set].is_empty(),
            });
            if missing {
                continue;
            }
            let all: Vec<Vec<Range<usize>>> = (0..steps.len()).map(ranges).collect();
            for end_occurrence in &all[last] {
                self.chain.clear();
                self.chain.push(end_occurrence.clone());
                let mut cur = end_occurrence.start;
                for step in (0..last).rev() {
                    let gap = steps[step + 1].gap;
                    let list = &all[step];
                    let upto = list.partition_point(|r| r.start < cur);
                    let mut chosen = None;
                    for r in list[..upto].iter().rev() {
                        if r.end > cur {
                            continue;
                        }
                        if self.words.hard_break(r.end, cur) || self.words.between(r.end, cur) > gap
                        {
                            break;
                        }
                        chosen = Some(r.clone());
                        break;
                    }
                    match chosen {
                        Some(r) => {
                            cur = r.start;
                            self.chain.push(r);
                        }
                        None => break,
                    }
                }
                if self.chain.len() == steps.len() {
                    let span = cur..end_occurrence.end;
                    let anchor = self.chain[last - sequence.anchor].clone();
                    found.push(Assembled {
                        kind: sequence.kind,
                        form: sequence.form,
                        span,
                        anchor,
                    });
                }
            }
        }
        self.pieces = pieces;
        for a in found {
            self.add(a.kind, a.form, a.span, a.anchor);
        }
    }

    /// Gets the word index and the sorted ends of `cues`' occurrences ready for
    /// [`Resolver::negated_before`] and [`Resolver::negated_phrase`].
    fn prepare_negation(&mut self, cues: SetId, text: &str, sentence: &Range<usize>) {
        if self.cue_set == Some(cues) {
            return;
        }
        self.cue_set = Some(cues);
        self.cue_ends.clear();
        self.cue_ends.extend(
            self.terms
                .get(cues)
                .into_iter()
                .flatten()
                .map(|c| (c.end, c.start)),
        );
        self.cue_ends.sort_unstable();
        if !self.cue_ends.is_empty() {
            self.words(text, sentence);
        }
    }

    /// Whether a cue of `negation` stands within its window before `at`, in the same
    /// clause. Only the cue ending last before `at` needs looking at: any earlier one is
    /// as far or farther, with the same breaks between. Needs
    /// [`Resolver::prepare_negation`].
    fn negated_before(&self, negation: &Negation, at: usize) -> bool {
        debug_assert_eq!(self.cue_set, Some(negation.cues));
        let before = self.cue_ends.partition_point(|&(e, _)| e <= at);
        let Some(&(end, _)) = before.checked_sub(1).and_then(|i| self.cue_ends.get(i)) else {
            return false;
        };
        self.words.between(end, at) < negation.window && !self.words.soft_break(end, at)
    }

    /// Whether a phrase occurrence is negated: a cue stands within the window before the
    /// phrase or before its first literal piece (`anchor`: "GPT-5 is not part of
    /// Bedrock"), or lies inside the phrase outside that piece ("Bedrock includes no GPT
    /// model"; the piece itself may hold a cue: "without leaving").
    fn negated_phrase(
        &self,
        negation: &Negation,
        span: &Range<usize>,
        anchor: &Range<usize>,
    ) -> bool {
        let from = self.cue_ends.partition_point(|&(e, _)| e <= span.start);
        let to = self.cue_ends.partition_point(|&(e, _)| e <= span.end);
        let inside = self.cue_ends[from..to]
            .iter()
            .any(|&(end, start)| start >= span.start && !overlaps(&(start..end), anchor));
        inside
            || self.negated_before(negation, span.start)
            || self.negated_before(negation, anchor.start)
    }

    fn resolve_phrase_rules(
        &mut self,
        engine: &Engine,
        text: &str,
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
                let negation = engine.rules[rule].negation.as_ref();
                if let Some(n) = negation {
                    self.prepare_negation(n.cues, text, sentence);
                }
                let mut last_end = 0;
                for (_, group, form, span, anchor) in &self.banned[i..end] {
                    if span.start < last_end
                        || self.is_allowed(engine, rule, span)
                        || negation.is_some_and(|n| self.negated_phrase(n, span, anchor))
                    {
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
        &mut self,
        engine: &Engine,
        text: &str,
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
            let negation = engine.rules[rule].negation.as_ref();
            if let Some(n) = negation {
                self.prepare_negation(n.cues, text, sentence);
            }
            let mut span: Option<Range<usize>> = None;
            let mut complete = true;
            for &set in sets {
                let negatable = negation.filter(|n| n.of.contains(&set));
                let mut any = false;
                for t in self.terms[set].iter().filter(|t| {
                    !self.is_allowed(engine, rule, t)
                        && !negatable.is_some_and(|n| self.negated_before(n, t.start))
                }) {
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
