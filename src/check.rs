//! The pure core: document text in, findings out. No I/O; the CLI and the language
//! server both call [`Checker::check`] (or [`check_text`]).
//!
//! Why one module of this size: it is the whole per-block pipeline (prefilter, extraction,
//! matching, resolution, findings with their rewrites); each step is a short function over
//! the same buffers, which the [`Checker`] reuses from one document to the next.

use std::ops::Range;
use std::sync::Arc;

use crate::edit_plan;
use crate::finding::{Edit, Finding, Suggestion};
use crate::fingerprint;
use crate::lexicon::{Applicability, Engine};
use crate::matcher::{Hit, find_hits};
use crate::normalize::{NormalizedText, normalize_phrase};
use crate::prefilter::GateScratch;
use crate::prose::markdown::KnownLink;
use crate::prose::{self, BlockBuilder, BlockSink, DocumentKind};
use crate::reader_text::reader_sentence;
use crate::resolve::{RawFinding, Resolver};
use crate::rewrite;
use crate::sentence;
use crate::suppress::{self, Directive};

pub use crate::rewrite::match_case;

/// Beyond this many prefilter candidates in one document, every block is checked.
const MAX_CANDIDATES: usize = 1 << 16;

/// Checks documents against an engine, reusing its buffers from one document to the next.
pub struct Checker<'e> {
    engine: &'e Engine,
    block: NormalizedText,
    hits: Vec<Hit>,
    sentences: Vec<Range<usize>>,
    resolver: Resolver,
    raw: Vec<RawFinding>,
    gate_scratch: GateScratch,
    candidates: Vec<usize>,
}

impl<'e> Checker<'e> {
    /// A checker for `engine`.
    pub fn new(engine: &'e Engine) -> Self {
        Checker {
            engine,
            block: NormalizedText::default(),
            hits: Vec::new(),
            sentences: Vec::new(),
            resolver: Resolver::default(),
            raw: Vec::new(),
            gate_scratch: GateScratch::default(),
            candidates: Vec::new(),
        }
    }

    /// The engine this checker uses.
    pub fn engine(&self) -> &'e Engine {
        self.engine
    }

    /// The findings in `source`, read as `kind`, sorted by position: those of enabled
    /// rules, marked when a comment suppresses them, and copylint's own findings about
    /// those comments. The prefilter skips documents (and prose blocks) in which no rule
    /// can fire; the result is the same as [`Checker::check_unfiltered`].
    pub fn check(&mut self, kind: DocumentKind, source: &str) -> Vec<Finding> {
        let (findings, directives) = self.check_parts(kind, source);
        self.finish(source, findings, &directives)
    }

    /// The first half of [`Checker::check`]: the findings of `source`'s prose blocks,
    /// sorted, and its suppression directives, in order, before [`Checker::finish`]
    /// applies them. What each block holds depends on that block alone, so the findings
    /// of parts of a document that read the same alone (the language server's unchanged
    /// parts, see `lsp::incremental`) can be found apart and finished together.
    pub fn check_parts(
        &mut self,
        kind: DocumentKind,
        source: &str,
    ) -> (Vec<Finding>, Vec<Directive>) {
        self.check_part(kind, source, None)
    }

    /// [`Checker::check_parts`] for `source` cut from a larger document: `known` says
    /// which Markdown reference links are defined elsewhere in it (see
    /// [`prose::extract_part`]).
    pub fn check_part(
        &mut self,
        kind: DocumentKind,
        source: &str,
        known: Option<KnownLink>,
    ) -> (Vec<Finding>, Vec<Directive>) {
        let Some(gate) = &self.engine.gate else {
            return self.run(kind, source, None, known);
        };
        let mut candidates = std::mem::take(&mut self.candidates);
        let complete = gate.candidates(
            source.as_bytes(),
            &mut self.gate_scratch,
            &mut candidates,
            MAX_CANDIDATES,
        );
        // With no candidate block, the document is still read when it may hold directives:
        // the pass that normalises no block meets every comment (an unused one is reported).
        let parts = if candidates.is_empty() && !has_marker(source) {
            (Vec::new(), Vec::new())
        } else if !complete {
            // A huge document full of terms: checking every block is as good and keeps
            // the candidate list from growing with the file.
            self.run(kind, source, None, known)
        } else {
            self.run(kind, source, Some(&candidates), known)
        };
        self.candidates = candidates;
        parts
    }

    /// Like [`Checker::check`], without the prefilter (for tests that prove it exact).
    pub fn check_unfiltered(&mut self, kind: DocumentKind, source: &str) -> Vec<Finding> {
        let (findings, directives) = self.run(kind, source, None, None);
        self.finish(source, findings, &directives)
    }

    /// Drops the findings of rules turned off and applies the document's suppression
    /// `directives` (even where the prefilter ruled out every block: an unused one is
    /// reported): the second half of [`Checker::check`], over the whole `source`.
    pub fn finish(
        &self,
        source: &str,
        mut findings: Vec<Finding>,
        directives: &[Directive],
    ) -> Vec<Finding> {
        findings.retain(|f| self.engine.rules[f.rule].enabled);
        if directives.is_empty() {
            return findings;
        }
        suppress::apply(self.engine, source, directives, &mut findings);
        sort(&mut findings);
        findings
    }

    /// Extracts `source`'s prose (the blocks around `candidates`, if given) and returns
    /// its findings, sorted, and its suppression directives, in order: both at offsets of
    /// `source`.
    fn run(
        &mut self,
        kind: DocumentKind,
        source: &str,
        candidates: Option<&[usize]>,
        known: Option<KnownLink>,
    ) -> (Vec<Finding>, Vec<Directive>) {
        // A byte order mark is not text: check what follows it, at its own offsets.
        let shift = bom_len(source);
        let text = &source[shift..];
        let mut work = Work {
            engine: self.engine,
            source: text,
            candidates,
            shift,
            hits: &mut self.hits,
            sentences: &mut self.sentences,
            resolver: &mut self.resolver,
            raw: &mut self.raw,
            findings: Vec::new(),
            directives: has_marker(text).then(Vec::new),
        };
        let mut builder = BlockBuilder::new(&mut self.block, &mut work);
        prose::extract_part(kind, text, known, &mut builder);
        let mut findings = work.findings;
        let mut directives = work.directives.unwrap_or_default();
        for d in &mut directives {
            d.span = d.span.start + shift..d.span.end + shift;
        }
        for f in &mut findings {
            f.span = f.span.start + shift..f.span.end + shift;
            f.sentence = f.sentence.start + shift..f.sentence.end + shift;
            for edit in f.suggestions.iter_mut().flat_map(|s| &mut s.edits) {
                edit.span = edit.span.start + shift..edit.span.end + shift;
            }
        }
        sort(&mut findings);
        (findings, directives)
    }
}

/// Whether `text` can hold a suppression directive at all: one without the marker has
/// none, and its comments need not be read.
fn has_marker(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), suppress::MARKER.as_bytes()).is_some()
}

fn bom_len(source: &str) -> usize {
    if source.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    }
}

fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
    });
}

/// The findings in `source`, read as `kind`. Builds a fresh [`Checker`]; reuse one for
/// many documents.
pub fn check_text(engine: &Engine, kind: DocumentKind, source: &str) -> Vec<Finding> {
    Checker::new(engine).check(kind, source)
}

/// Per-document state: receives prose blocks and turns them into findings.
struct Work<'a, 's> {
    engine: &'a Engine,
    source: &'s str,
    hits: &'a mut Vec<Hit>,
    sentences: &'a mut Vec<Range<usize>>,
    resolver: &'a mut Resolver,
    raw: &'a mut Vec<RawFinding>,
    /// Sorted offsets (in the document, before `shift`) where a gate term may start;
    /// `None` when every block must be checked.
    candidates: Option<&'a [usize]>,
    /// Bytes skipped at the start of the document (a byte order mark).
    shift: usize,
    findings: Vec<Finding>,
    /// The directives met so far, at offsets of `source`; `None` when `source` holds
    /// no directive marker, so its comments are not read.
    directives: Option<Vec<Directive>>,
}

impl BlockSink for Work<'_, '_> {
    fn wants(&mut self, span: Range<usize>) -> bool {
        let Some(candidates) = self.candidates else {
            return true;
        };
        let (start, end) = (span.start + self.shift, span.end + self.shift);
        let i = candidates.partition_point(|&c| c < start);
        candidates.get(i).is_some_and(|&c| c < end)
    }

    fn may_skip(&self) -> bool {
        self.candidates.is_some() && self.directives.is_none()
    }

    fn comment(&mut self, span: Range<usize>) {
        if let Some(directives) = &mut self.directives
            && let Some(text) = self.source.get(span.clone())
            && let Some(directive) = suppress::parse(text, span)
        {
            directives.push(directive);
        }
    }

    fn block(&mut self, block: &NormalizedText) {
        self.hits.clear();
        find_hits(self.engine, &block.text, self.hits);
        if self.hits.is_empty() {
            return;
        }
        self.sentences.clear();
        sentence::split_into(&block.text, self.sentences);
        let (engine, source) = (self.engine, self.source);
        let mut next = 0;
        for sentence in self.sentences.iter() {
            let first = next;
            while next < self.hits.len() && self.hits[next].start < sentence.end {
                next += 1;
            }
            if first == next {
                continue;
            }
            self.raw.clear();
            let case_ok = |hit: &Hit, cased: &str| {
                // What the reader sees, in its case (`Open&nbsp;AI`, `Sage<b>maker</b>`).
                let written = normalize_phrase(&block.readable(source, hit.range()), false);
                if engine.patterns[hit.pattern as usize].prefix {
                    written.starts_with(cased)
                } else {
                    written == cased
                }
            };
            self.resolver.resolve_sentence(
                engine,
                &block.text,
                &self.hits[first..next],
                sentence.clone(),
                case_ok,
                self.raw,
            );
            let hits = &self.hits[first..next];
            if let Some(lead) = self.raw.first() {
                // One key per sentence, shared by its findings: a long sentence with many
                // findings is not copied once per finding.
                let key: Arc<str> = Arc::from(fingerprint::sentence_key(
                    &block.text[trimmed(&block.text, &lead.sentence)],
                ));
                for raw in self.raw.iter() {
                    self.findings
                        .push(finding(engine, source, block, raw, hits, &key));
                }
            }
            // Even in a sentence no rule objects to: the disguise itself is reported.
            if !block.look_alikes.is_empty() {
                look_alike_findings(
                    engine,
                    source,
                    block,
                    hits,
                    sentence.clone(),
                    &mut self.findings,
                );
            }
        }
    }
}

/// Notes under `copylint/look-alike-letters` for the words of `sentence` that hold
/// look-alike letters (a Cyrillic `О` in `ОpenAI`) and that one of `hits` was matched
/// through: the phrase's own rules apply as if it were spelt plainly, and the disguise is
/// shown to whoever reviews the text.
fn look_alike_findings(
    engine: &Engine,
    source: &str,
    block: &NormalizedText,
    hits: &[Hit],
    sentence: Range<usize>,
    out: &mut Vec<Finding>,
) {
    let mut words: Vec<Range<usize>> = Vec::new();
    for hit in hits {
        let first = block.look_alikes.partition_point(|r| r.end <= hit.start);
        for letter in block.look_alikes[first..]
            .iter()
            .take_while(|r| r.start < hit.end)
        {
            let word = word_around(&block.text, letter.clone());
            if !words.contains(&word) {
                words.push(word);
            }
        }
    }
    let rule = &engine.rules[engine.tool.look_alike];
    let sentence_range = trimmed(&block.text, &sentence);
    let key: Arc<str> = Arc::from(fingerprint::sentence_key(
        &block.text[sentence_range.clone()],
    ));
    for word in words {
        let span = block.to_source(word.clone());
        let written = block.readable(source, word.clone());
        let letters: Vec<String> = block
            .look_alikes
            .iter()
            .filter(|r| r.start >= word.start && r.end <= word.end)
            .filter_map(|r| {
                let c = source.get(block.to_source(r.clone()))?.chars().next()?;
                let plain = crate::fold::look_alike(c, false)?;
                Some(format!(
                    "{} {c} (U+{:04X}) for {plain}",
                    unicode_script::UnicodeScript::script(&c).full_name(),
                    c as u32
                ))
            })
            .collect();
        // Spelling the word plainly is offered only where the source is the word itself
        // (no markup or entity inside it), and never applied by `--fix`: someone should
        // see who disguised it.
        let plain = normalize_phrase(&written, false);
        let suggestions = if source.get(span.clone()) == Some(written.as_str()) {
            vec![Suggestion {
                edits: vec![Edit {
                    span: span.clone(),
                    replacement: plain.clone(),
                }],
                replacement: plain,
                applicability: Applicability::Unsafe,
            }]
        } else {
            Vec::new()
        };
        let reader = reader_sentence(block, source, sentence_range.clone(), word);
        out.push(Finding {
            rule: engine.tool.look_alike,
            severity: rule.severity,
            span,
            message: format!(
                "“{written}” is written with look-alike letters: {}",
                letters.join(", ")
            ),
            suggestions,
            help: None,
            sentence: block.to_source(sentence_range.clone()),
            sentence_key: Arc::clone(&key),
            reader,
            suppressed: None,
        });
    }
}

/// The word of normalised `text` around `letter`: up to white space or a placeholder,
/// without punctuation at either end.
fn word_around(text: &str, letter: Range<usize>) -> Range<usize> {
    let is_break = |c: char| c.is_whitespace() || c == crate::normalize::SEPARATOR;
    let mut start = text[..letter.start]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_break(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let mut end = text[letter.end..]
        .find(is_break)
        .map_or(text.len(), |i| letter.end + i);
    let word = crate::normalize::is_word_char;
    while let Some(c) = text[start..letter.start]
        .chars()
        .next()
        .filter(|&c| !word(c))
    {
        start += c.len_utf8();
    }
    while let Some(c) = text[letter.end..end]
        .chars()
        .next_back()
        .filter(|&c| !word(c))
    {
        end -= c.len_utf8();
    }
    start..end
}

/// The normalised range of `sentence` without its trailing white space (never empty).
fn trimmed(text: &str, sentence: &Range<usize>) -> Range<usize> {
    let end = sentence.end.min(text.len());
    let text_end = text[..end].trim_end().len().max(sentence.start + 1);
    sentence.start..text_end.min(text.len())
}

fn finding(
    engine: &Engine,
    source: &str,
    block: &NormalizedText,
    raw: &RawFinding,
    hits: &[Hit],
    key: &Arc<str>,
) -> Finding {
    let rule = &engine.rules[raw.rule];
    // The phrase's own bytes, even where they cut markup (`enables](https://x) access`):
    // a fix no longer replaces this span, it applies its suggestion's edits.
    let span = block.to_source(raw.span.clone());
    let sentence_range = trimmed(&block.text, &raw.sentence);
    let sentence = block.to_source(sentence_range.clone());
    let reader = reader_sentence(block, source, sentence_range, raw.span.clone());
    // What the reader sees, markup left out: its case is the rewrite's.
    let matched = block.readable(source, raw.span.clone());
    let message = if rule.message.contains("{matched}") {
        rule.message
            .replace("{matched}", &reader.text[reader.highlight.clone()])
    } else {
        rule.message.clone()
    };
    let written = |range: Range<usize>| {
        // Plain text maps byte for byte: its case is the source's.
        let src = block.to_source(range.clone());
        match (source.get(src), block.text.get(range.clone())) {
            (Some(s), Some(n)) if s.len() == n.len() && s.eq_ignore_ascii_case(n) => s.to_string(),
            _ => block.readable(source, range),
        }
    };
    // The rewrite reads the words around the phrase: in a run-on sentence (a log, a
    // minified page) only a window of them, so each finding costs the same however long
    // its sentence and however many findings share it.
    let around = rewrite_window(&block.text, raw.sentence.clone(), raw.span.clone());
    let near = {
        let from = hits.partition_point(|h| h.start < around.start);
        let to = hits.partition_point(|h| h.start < around.end);
        &hits[from..to.max(from)]
    };
    let plan = rewrite::plan(&rewrite::Context {
        engine,
        rule: raw.rule,
        group: raw.group,
        form: raw.form,
        text: &block.text,
        sentence: around,
        span: raw.span.clone(),
        hits: near,
        matched: &matched,
        written: &written,
    });
    let (span, suggestions) = suggestions(source, block, span, &plan.candidates);
    Finding {
        rule: raw.rule,
        severity: rule.severity,
        span,
        message,
        suggestions,
        help: plan.help,
        sentence,
        sentence_key: Arc::clone(key),
        reader,
        suppressed: None,
    }
}

/// Words of a sentence a rewrite may read on either side of its phrase, in bytes.
const REWRITE_WINDOW: usize = 240;

/// The part of the normalised `sentence` a rewrite of the phrase at `span` reads: all of
/// it, or in a sentence longer than twice [`REWRITE_WINDOW`] on either side of the
/// phrase, the words within that many bytes of it (cut at white space).
fn rewrite_window(text: &str, sentence: Range<usize>, span: Range<usize>) -> Range<usize> {
    let mut start = sentence
        .start
        .max(span.start.saturating_sub(REWRITE_WINDOW));
    let mut end = sentence.end.min(span.end + REWRITE_WINDOW).min(text.len());
    if start > sentence.start {
        while !text.is_char_boundary(start) {
            start += 1;
        }
        // Start at a word: after the first space past the cut, if any before the phrase.
        if let Some(i) = text[start..span.start.max(start)].find(' ') {
            start += i + 1;
        }
    }
    if end < sentence.end {
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if let Some(i) = text[span.end.min(end)..end].rfind(' ') {
            end = span.end.min(end) + i;
        }
    }
    start.min(span.start)..end.max(span.end)
}

/// Where text inserted at normalised position `at` goes in the source: after the markup
/// that closes the word before it (`[ChatGPT](url)` + " directly"), so before the next
/// character the reader sees.
fn insertion_point(block: &NormalizedText, at: usize) -> Option<usize> {
    if let Some(next) = block.text.get(at..)?.chars().next() {
        return Some(block.to_source(at..at + next.len_utf8()).start);
    }
    let before = block.text.get(..at)?.chars().next_back()?;
    let end = block.to_source(at - before.len_utf8()..at).end;
    // At the end of the block, past every element still open there.
    Some(
        block
            .markup
            .iter()
            .filter(|m| m.span.start < end && end < m.span.end)
            .map(|m| m.span.end)
            .max()
            .unwrap_or(end),
    )
}

/// Turns rewrite candidates (edits in the block's normalised text) into suggestions.
/// Each edit of the text is planned in the source by [`edit_plan`], which replaces only
/// words and keeps the markup they cross (a plan that cannot is unsafe): those are the
/// suggestion's `edits`. The finding's span is widened to cover every word a candidate
/// changes, and a suggestion's `replacement` is that span as the candidate rewrites it
/// (the source between its changes copied as it is), so for plain text applying the
/// replacement over the span and applying the edits agree. A candidate whose edits
/// cannot be placed in order is dropped.
fn suggestions(
    source: &str,
    block: &NormalizedText,
    span: Range<usize>,
    candidates: &[rewrite::Candidate],
) -> (Range<usize>, Vec<Suggestion>) {
    /// A candidate's changes as source ranges and their new text, and its planned edits.
    type Placed<'c> = (Vec<(Range<usize>, &'c str)>, Vec<Edit>, Applicability);
    let placed: Vec<Placed> = candidates
        .iter()
        .filter_map(|c| {
            let mut changes: Vec<(Range<usize>, &str)> = Vec::with_capacity(c.edits.len());
            let mut edits: Vec<Edit> = Vec::with_capacity(c.edits.len());
            let mut safe = true;
            for e in &c.edits {
                let planned = if e.range.is_empty() {
                    let at = insertion_point(block, e.range.start)?;
                    changes.push((at..at, e.text.as_str()));
                    vec![Edit {
                        span: at..at,
                        replacement: e.text.clone(),
                    }]
                } else {
                    changes.push((block.to_source(e.range.clone()), e.text.as_str()));
                    let plan = edit_plan::plan(block, source, e.range.clone(), &e.text);
                    safe &= plan.safe;
                    plan.edits
                };
                for edit in planned {
                    if edits
                        .last()
                        .is_some_and(|last| last.span.end > edit.span.start)
                    {
                        return None;
                    }
                    edits.push(edit);
                }
            }
            if changes.windows(2).any(|w| w[0].0.end > w[1].0.start) {
                return None;
            }
            let applicability = if safe {
                c.applicability
            } else {
                Applicability::Unsafe
            };
            (!edits.is_empty()).then_some((changes, edits, applicability))
        })
        .collect();
    let mut whole = span;
    for (changes, ..) in &placed {
        for (range, _) in changes {
            whole = whole.start.min(range.start)..whole.end.max(range.end);
        }
    }
    let suggestions = placed
        .into_iter()
        .map(|(changes, edits, applicability)| {
            let mut replacement = String::new();
            let mut at = whole.start;
            for (range, text) in changes {
                replacement.push_str(&source[at..range.start]);
                replacement.push_str(text);
                at = range.end;
            }
            replacement.push_str(&source[at..whole.end]);
            Suggestion {
                replacement,
                applicability,
                edits,
            }
        })
        .collect();
    (whole, suggestions)
}
