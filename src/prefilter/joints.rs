//! Terms joined across markup that prose drops: HTML tags, comments, processing
//! instructions, CDATA sections and named character references (`Chat<b>GPT</b>`,
//! `Open&shy;AI`).
//!
//! Which `<...>` a reader drops depends on the reader: the HTML tokenizer ends a tag at
//! the first `>` outside a quoted attribute value, even across blank lines; Markdown keeps
//! a tag as text when it is cut by the end of a paragraph or breaks the tag grammar, and
//! still drops the well-formed tags inside it. So the search does not decide: it reads
//! the projected letters along every way of dropping markup, where each `<` or `&` that
//! could start a joint may be read as text (its letters count) or dropped up to any place
//! where some reader ends it ([`ends`]). It runs the gate's automaton over all those
//! readings at once, as a set of automaton states: a state that has read as many letters
//! as the longest term since its last drop is the plain reading's state (the plain scan's
//! business) and leaves the set, so the work stays near joints and linear in the file.
//!
//! A match is reported at the last joint its reading dropped, which lies between two of
//! the term's letters, so in the prose block that holds the term.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

use super::{PROJECT, decode, is_continuation, reference_at};
use crate::fold;

/// A markup construct longer than this is not followed to its end: its start is a
/// candidate instead (its block is checked), which keeps the work per `<` bounded.
const MAX_JOINT: usize = 8 * 1024;

/// The gate's terms as an automaton that is stepped one letter at a time.
#[derive(Debug, Clone)]
pub(super) struct Joints {
    nfa: NFA,
    start: StateID,
    longest: usize,
}

/// One reading that dropped markup: its automaton state, the joint it last dropped, and
/// the letters read since.
#[derive(Debug, Clone, Copy)]
struct Reading {
    state: StateID,
    joint: usize,
    since: usize,
}

/// Buffers [`Joints::scan`] reuses from one file to the next.
#[derive(Debug, Default)]
pub(super) struct JointScratch {
    live: Vec<Reading>,
    /// Readings that resume after a dropped joint: (where, state, joint).
    pending: BinaryHeap<Reverse<(usize, StateID, usize)>>,
    letters: Vec<u8>,
}

/// Where the next occurrence of a needle is, searched once per stretch of the file: joint
/// starts only move forward, so each needle costs one pass.
#[derive(Default)]
struct Next {
    searched: bool,
    from: usize,
    found: Option<usize>,
}

impl Next {
    fn find(&mut self, bytes: &[u8], needle: &[u8], from: usize) -> Option<usize> {
        let fresh = match self.found {
            Some(at) => at < from,
            None => !self.searched || from < self.from,
        };
        if fresh {
            self.searched = true;
            self.from = from;
            self.found = memchr::memmem::find(bytes.get(from..)?, needle).map(|i| from + i);
        }
        self.found
    }
}

/// The searches for the ends of comments, processing instructions and CDATA sections.
#[derive(Default)]
struct Enders {
    comment: Next,
    bang_comment: Next,
    instruction: Next,
    cdata: Next,
    gt: Next,
}

/// The ends of the joint that may start at `start`, at most four; `None` when nothing can
/// start there. `Err(())` when a tag runs on past [`MAX_JOINT`] bytes.
fn ends(bytes: &[u8], start: usize, enders: &mut Enders, out: &mut Vec<usize>) -> Result<(), ()> {
    out.clear();
    if bytes[start] == b'&' {
        out.extend(reference_at(bytes, start));
        return Ok(());
    }
    let rest = &bytes[start..];
    let first_gt = |enders: &mut Enders| enders.gt.find(bytes, b">", start + 1).map(|i| i + 1);
    match rest.get(1) {
        Some(b) if b.is_ascii_alphabetic() => out.extend(tag_end(bytes, start + 1)?),
        Some(b'/') => match rest.get(2) {
            Some(b) if b.is_ascii_alphabetic() => out.extend(tag_end(bytes, start + 2)?),
            // `</>` is dropped; anything else is a bogus comment up to the first `>`.
            _ => out.extend(first_gt(enders)),
        },
        Some(b'!') if rest.starts_with(b"<!--") => {
            // The tokenizer ends a comment at `-->` or `--!>` (`<!-->` and `<!--->` too,
            // which the search from `<!` finds); Markdown at `-->`.
            out.extend(enders.comment.find(bytes, b"-->", start + 2).map(|i| i + 3));
            out.extend(
                enders
                    .bang_comment
                    .find(bytes, b"--!>", start + 2)
                    .map(|i| i + 4),
            );
        }
        Some(b'!') => {
            // Declarations and, for the tokenizer, CDATA: up to the first `>`; Markdown
            // ends CDATA at `]]>`.
            out.extend(first_gt(enders));
            if rest.starts_with(b"<![CDATA[") {
                out.extend(enders.cdata.find(bytes, b"]]>", start + 9).map(|i| i + 3));
            }
        }
        Some(b'?') => {
            // A bogus comment to the tokenizer (first `>`), an instruction to Markdown.
            out.extend(first_gt(enders));
            out.extend(
                enders
                    .instruction
                    .find(bytes, b"?>", start + 2)
                    .map(|i| i + 2),
            );
        }
        _ => {}
    }
    out.sort_unstable();
    out.dedup();
    Ok(())
}

/// The end of the tag whose name starts at `from`, read as the HTML tokenizer reads it
/// (WHATWG tag and attribute states): a quote opens a value only where a value may start,
/// and `>` anywhere else ends the tag. Markdown's inline tags are a stricter grammar of
/// the same syntax, so they end at the same place. `None` when the file ends first.
fn tag_end(bytes: &[u8], from: usize) -> Result<Option<usize>, ()> {
    #[derive(Clone, Copy, PartialEq)]
    enum S {
        Name,
        BeforeAttribute,
        Attribute,
        AfterAttribute,
        BeforeValue,
        Unquoted,
        AfterQuoted,
        SelfClosing,
    }
    let limit = bytes.len().min(from + MAX_JOINT);
    let mut state = S::Name;
    let mut i = from;
    while i < limit {
        let b = bytes[i];
        let space = matches!(b, b'\t' | b'\n' | b'\x0C' | b' ' | b'\r');
        if b == b'>' {
            return Ok(Some(i + 1));
        }
        state = match state {
            S::Name if space => S::BeforeAttribute,
            S::Name if b == b'/' => S::SelfClosing,
            S::Name => S::Name,
            S::BeforeAttribute | S::AfterAttribute if space => state,
            S::BeforeAttribute if b == b'/' => S::SelfClosing,
            S::BeforeAttribute => S::Attribute,
            S::Attribute if space => S::AfterAttribute,
            S::Attribute if b == b'/' => S::SelfClosing,
            S::Attribute if b == b'=' => S::BeforeValue,
            S::Attribute => S::Attribute,
            S::AfterAttribute if b == b'/' => S::SelfClosing,
            S::AfterAttribute if b == b'=' => S::BeforeValue,
            S::AfterAttribute => S::Attribute,
            S::BeforeValue if space => S::BeforeValue,
            S::BeforeValue if b == b'"' || b == b'\'' => {
                // Jump to the closing quote: values are long, quotes rare.
                match memchr::memchr(b, &bytes[i + 1..limit]) {
                    Some(k) => {
                        i += k + 2;
                        state = S::AfterQuoted;
                        continue;
                    }
                    None => break,
                }
            }
            S::BeforeValue | S::Unquoted if space => S::BeforeAttribute,
            S::BeforeValue | S::Unquoted => S::Unquoted,
            S::AfterQuoted | S::SelfClosing if space => S::BeforeAttribute,
            S::AfterQuoted | S::SelfClosing if b == b'/' => S::SelfClosing,
            // Anything else starts an attribute name (the tokenizer reconsumes it).
            S::AfterQuoted | S::SelfClosing => S::Attribute,
        };
        i += 1;
    }
    if limit < bytes.len() {
        Err(())
    } else {
        Ok(None)
    }
}

impl Joints {
    /// The automaton over `cores` (non-empty, each non-empty).
    pub(super) fn new(cores: &[String]) -> Option<Joints> {
        let nfa = NFA::builder()
            .match_kind(MatchKind::Standard)
            .build(cores)
            .ok()?;
        let start = nfa.start_state(Anchored::No).ok()?;
        let longest = cores.iter().map(String::len).max()?;
        Some(Joints {
            nfa,
            start,
            longest,
        })
    }

    /// Pushes to `out` a candidate for each term that some reading joins across dropped
    /// markup. Returns `false` once `out` holds more than `limit`.
    pub(super) fn scan(
        &self,
        bytes: &[u8],
        scratch: &mut JointScratch,
        out: &mut Vec<usize>,
        limit: usize,
    ) -> bool {
        let JointScratch {
            live,
            pending,
            letters,
        } = scratch;
        live.clear();
        pending.clear();
        let mut enders = Enders::default();
        let mut joint_ends = Vec::new();
        // The plain reading's state is known at `known` (it is recomputed from the letters
        // before a joint only where needed: most of the file is never stepped through).
        let mut known = 0;
        let mut plain = self.start;
        let mut at = 0;
        #[cfg(test)]
        let mut stepped = 0;
        loop {
            if live.is_empty() {
                // Nothing but the plain reading: jump to the next joint or resumed reading.
                let joint = memchr::memchr2(b'<', b'&', &bytes[at..]).map(|i| at + i);
                let resume = pending.peek().map(|Reverse((e, _, _))| *e);
                at = match (joint, resume) {
                    (Some(j), Some(r)) => j.min(r),
                    (Some(j), None) => j,
                    (None, Some(r)) => r,
                    (None, None) => break,
                };
                plain = self.plain_at(bytes, at, known, plain, letters);
            }
            while let Some(&Reverse((e, state, joint))) = pending.peek() {
                if e > at {
                    break;
                }
                pending.pop();
                add(
                    live,
                    Reading {
                        state,
                        joint,
                        since: 0,
                    },
                );
            }
            if at >= bytes.len() {
                break;
            }
            let b = bytes[at];
            if (b == b'<' || b == b'&') && (plain != self.start || !live.is_empty()) {
                match ends(bytes, at, &mut enders, &mut joint_ends) {
                    Ok(()) => {
                        for &e in &joint_ends {
                            let states = live.iter().map(|r| r.state);
                            for state in std::iter::once(plain).chain(states) {
                                if state != self.start {
                                    pending.push(Reverse((e, state, at)));
                                }
                            }
                        }
                    }
                    Err(()) => {
                        out.push(at);
                        if out.len() > limit {
                            return false;
                        }
                    }
                }
            }
            // Read the character at `at` as text, in every reading.
            let len = if b < 0x80 {
                let p = PROJECT[b as usize];
                if p != 0 {
                    plain = self.nfa.next_state(Anchored::No, plain, p);
                    if !self.step(live, p, out, limit) {
                        return false;
                    }
                }
                1
            } else if is_continuation(b) {
                1
            } else {
                let (c, len) = decode(bytes, at);
                if let Some(c) = c {
                    let (projected, n) = fold::facts(c).projected();
                    for &p in &projected[..n] {
                        plain = self.nfa.next_state(Anchored::No, plain, p);
                        if !self.step(live, p, out, limit) {
                            return false;
                        }
                    }
                }
                len
            };
            #[cfg(test)]
            {
                stepped += len;
            }
            at += len;
            known = at;
        }
        #[cfg(test)]
        super::count_look_ahead(stepped);
        true
    }

    /// Steps every live reading over letter `p`, reports the terms that run across a
    /// reading's last dropped joint, and retires readings that have become the plain one.
    fn step(&self, live: &mut Vec<Reading>, p: u8, out: &mut Vec<usize>, limit: usize) -> bool {
        let mut k = 0;
        while k < live.len() {
            let r = &mut live[k];
            r.state = self.nfa.next_state(Anchored::No, r.state, p);
            r.since += 1;
            if self.nfa.is_match(r.state) {
                let across = (0..self.nfa.match_len(r.state)).any(|m| {
                    let pattern = self.nfa.match_pattern(r.state, m);
                    self.nfa.pattern_len(pattern) > r.since
                });
                if across {
                    out.push(r.joint);
                    if out.len() > limit {
                        return false;
                    }
                }
            }
            if r.since >= self.longest || r.state == self.start {
                live.swap_remove(k);
            } else {
                k += 1;
            }
        }
        // Two readings in one state go on alike: keep the one that dropped markup last.
        live.sort_unstable_by_key(|r| (r.state, r.since));
        live.dedup_by_key(|r| r.state);
        true
    }

    /// The plain reading's state at `at`, from its state `state` at `known` (≤ `at`):
    /// only the last letters before `at` matter, so at most the longest term's worth is
    /// read, backwards from `at`.
    fn plain_at(
        &self,
        bytes: &[u8],
        at: usize,
        known: usize,
        state: StateID,
        letters: &mut Vec<u8>,
    ) -> StateID {
        letters.clear();
        let mut i = at;
        while i > known && letters.len() < self.longest {
            i -= 1;
            let b = bytes[i];
            let p = PROJECT[b as usize];
            if p != 0 {
                letters.push(p);
            } else if b >= 0x80
                && !is_continuation(b)
                && let (Some(c), _) = decode(bytes, i)
            {
                let (projected, len) = fold::facts(c).projected();
                letters.extend(projected[..len].iter().rev());
            }
        }
        let mut state = if i > known { self.start } else { state };
        for &p in letters.iter().rev() {
            state = self.nfa.next_state(Anchored::No, state, p);
        }
        state
    }
}

/// Adds `r` to the live readings unless one in the same state dropped markup later.
fn add(live: &mut Vec<Reading>, r: Reading) {
    match live.iter_mut().find(|l| l.state == r.state) {
        Some(l) if l.since > r.since => *l = r,
        Some(_) => {}
        None => live.push(r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_end_where_the_tokenizer_ends_them() {
        fn end(text: &str) -> Option<&str> {
            tag_end(text.as_bytes(), 1).unwrap().map(|e| &text[..e])
        }
        assert_eq!(end("<b>x"), Some("<b>"));
        assert_eq!(end("<a title=\"x>y\">z"), Some("<a title=\"x>y\">"));
        // A quote that does not start a value is part of a name or value.
        assert_eq!(end("<a b'c>GPT'>"), Some("<a b'c>"));
        assert_eq!(end("<b x=y\"z>GPT\">"), Some("<b x=y\"z>"));
        // Blank lines and `<` do not end a tag.
        assert_eq!(end("<b\n\n>x"), Some("<b\n\n>"));
        assert_eq!(end("<a <b>x"), Some("<a <b>"));
        assert_eq!(end("<a t='1>2' x=y=\"p>q\">"), Some("<a t='1>2' x=y=\"p>"));
        assert_eq!(end("<a x=\"y"), None);
    }
}
