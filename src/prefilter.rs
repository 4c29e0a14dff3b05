//! A cheap scan of a file's raw bytes that finds where a rule could possibly fire.
//!
//! Every rule needs some term in its sentence (for the built-in lexicon: an OpenAI
//! name). The scan lists the source offsets where such a term may start; a file with
//! none is skipped before Markdown parsing, and in other files only the prose blocks that
//! hold a candidate are normalised and matched. The scan must never miss a term the prose
//! pipeline would see, so it looks at the bytes the way prose could:
//!
//! * Prose can join letters that the source separates by markup (`Chat**GPT**`), white
//!   space (`Open AI`), punctuation or typographic characters. So the scan projects the
//!   raw bytes onto their ASCII letters and digits, lower-cased, dropping everything
//!   else, and looks for each term's letters and digits (its "core") in that projection.
//! * Inline HTML tags are invisible in prose (`Chat<b>GPT</b>`). A term joined across a
//!   tag is found by looking, at every tag, at the letters just before and just after it
//!   (skipping neighbouring tags): a few dozen bytes per tag, not a second pass.
//! * A numeric character reference (`&#79;`) or a non-ASCII letter that lower-cases to
//!   an ASCII one (U+212A KELVIN SIGN, U+0130) could spell a term without its ASCII
//!   letters: each is a candidate itself.
//!
//! The projection is built in fixed-size chunks, so memory stays bounded on any file.
//! The one thing the scan cannot see is a term whose letters are split by a real HTML
//! tag *and* run through a stray `<...>` that the Markdown parser keeps as text.

use std::ops::Range;

use aho_corasick::{AhoCorasick, Input, MatchKind};

use crate::charref;

const CHUNK: usize = 64 * 1024;

/// The lower-cased ASCII letter or digit for each byte, 0 for bytes the projection drops.
static PROJECT: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() || c.is_ascii_lowercase() {
            c
        } else if c.is_ascii_uppercase() {
            c + 32
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Non-ASCII characters whose lower case contains an ASCII letter (see module docs), as
/// UTF-8: U+212A KELVIN SIGN and U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE.
const FOLDS_TO_ASCII: [&[u8]; 2] = ["\u{212A}".as_bytes(), "\u{130}".as_bytes()];

/// The necessary condition for any finding, compiled from the lexicons.
#[derive(Debug, Clone)]
pub struct Gate {
    automaton: AhoCorasick,
    longest: usize,
}

/// Buffers a [`Gate`] scan reuses from one file to the next.
#[derive(Debug, Default)]
pub struct GateScratch {
    projected: Vec<u8>,
    /// Projected length at the start of each block of the current chunk.
    marks: Vec<usize>,
    /// Source offsets of the projected bytes carried over from the previous chunk.
    carried: Vec<usize>,
    window: Vec<u8>,
    window_origin: Vec<usize>,
}

impl Gate {
    /// The core of a normalised term: its ASCII letters and digits, lower-cased. `None`
    /// when the term has other letters or digits, which the projection cannot represent.
    pub fn core(term: &str) -> Option<String> {
        let mut core = String::new();
        for c in term.chars() {
            if c.is_ascii_alphanumeric() {
                core.push(c.to_ascii_lowercase());
            } else if c.is_alphanumeric() {
                return None;
            }
        }
        Some(core)
    }

    /// A gate over `cores`; `None` (check everything) when there is nothing to look for.
    pub fn new(mut cores: Vec<String>) -> Option<Gate> {
        cores.retain(|c| !c.is_empty());
        cores.sort();
        cores.dedup();
        if cores.is_empty() {
            return None;
        }
        let longest = cores.iter().map(String::len).max().unwrap_or(1);
        // Leftmost-first lets aho-corasick use its SIMD prefilter; overlapping candidates
        // are still found because each search restarts one byte after the last match.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&cores)
            .ok()?;
        Some(Gate { automaton, longest })
    }

    /// Fills `out` with the sorted source offsets where a gate term may start in the prose
    /// of a document with these bytes. Empty means no rule can fire anywhere in it.
    ///
    /// Stops collecting once there are more than `limit` (a document that full of terms is
    /// checked in full anyway), so memory stays bounded; returns `false` then, as the list
    /// is incomplete.
    pub fn candidates(
        &self,
        bytes: &[u8],
        scratch: &mut GateScratch,
        out: &mut Vec<usize>,
        limit: usize,
    ) -> bool {
        out.clear();
        hazards(bytes, out, limit);
        self.scan(bytes, scratch, out, limit);
        self.scan_tags(bytes, scratch, out, limit);
        let complete = out.len() <= limit;
        out.sort_unstable();
        out.dedup();
        complete
    }

    /// Whether any gate term may be in the prose of a document with these bytes.
    pub fn may_match(&self, bytes: &[u8], scratch: &mut GateScratch) -> bool {
        let mut out = Vec::new();
        self.candidates(bytes, scratch, &mut out, 0);
        !out.is_empty()
    }

    /// Searches the projection of `bytes`, built chunk by chunk, and records the source
    /// offset of every match. Offsets are not stored per byte (that would double the
    /// cost of the loop every byte goes through); a match's offset is recovered from the
    /// projected count at the start of each 64-byte block.
    fn scan(&self, bytes: &[u8], scratch: &mut GateScratch, out: &mut Vec<usize>, limit: usize) {
        let carry = self.longest.saturating_sub(1);
        let size = bytes.len().min(CHUNK) + carry;
        let GateScratch {
            projected,
            marks,
            carried,
            ..
        } = scratch;
        if projected.len() < size {
            projected.resize(size, 0);
        }
        carried.clear(); // source offsets of the projected bytes carried into this chunk
        for (c, chunk) in bytes.chunks(CHUNK).enumerate() {
            let base = c * CHUNK;
            let kept = carried.len();
            let n = kept + project(chunk, &mut projected[kept..], marks);
            let origin = |k: usize, carried: &[usize]| {
                if k < kept {
                    carried[k]
                } else {
                    base + nth_projected(chunk, marks, k - kept)
                }
            };
            let mut at = 0;
            while let Some(m) = self.automaton.find(Input::new(&projected[..n]).span(at..n)) {
                out.push(origin(m.start(), carried));
                if out.len() > limit {
                    return;
                }
                at = m.start() + 1;
            }
            let keep_from = n.saturating_sub(carry);
            let next: Vec<usize> = (keep_from..n).map(|k| origin(k, carried)).collect();
            projected.copy_within(keep_from..n, 0);
            *carried = next;
        }
    }

    /// Finds terms joined across HTML tags and named character references (`&shy;`,
    /// `&nbsp;`), which prose reads as nothing or as a space but whose letters the
    /// projection keeps. A term that runs through such joints is found at the first one
    /// inside it: the letters just before it (back to the previous joint, which cannot be
    /// inside the term) and the letters just after it (skipping any further joints) are
    /// searched together. References inside a tag are joints too (alt and title text is
    /// prose). Joints are found as the scan goes, so memory does not grow with the file.
    fn scan_tags(
        &self,
        bytes: &[u8],
        scratch: &mut GateScratch,
        out: &mut Vec<usize>,
        limit: usize,
    ) {
        if out.len() > limit {
            return;
        }
        let mut previous_end = 0;
        // The next tag and the next reference, each found by its own search: `&` is rare,
        // so looking for both at once would cost more at every tag than it saves.
        let mut tag = next_tag(bytes, 0);
        let mut reference = next_reference(bytes, 0);
        loop {
            let (start, end, is_tag) = match (tag, reference) {
                (Some(t), Some(r)) if r.0 < t.0 => (r.0, r.1, false),
                (Some(t), _) => (t.0, t.1, true),
                (None, Some(r)) => (r.0, r.1, false),
                (None, None) => return,
            };
            if !self.search_joint(
                bytes,
                previous_end..start,
                end..bytes.len(),
                scratch,
                out,
                limit,
            ) {
                return;
            }
            if is_tag {
                // References inside the tag: alt and title text is prose too.
                let mut previous = start;
                while let Some((r, r_end)) = reference.filter(|&(r, _)| r < end) {
                    if !self.search_joint(bytes, previous..r, r_end..end, scratch, out, limit) {
                        return;
                    }
                    previous = r_end;
                    reference = next_reference(bytes, r_end);
                }
                tag = next_tag(bytes, end);
            } else {
                reference = next_reference(bytes, end);
            }
            previous_end = end;
        }
    }

    /// Searches the letters of `before` (its last ones) and of `after` (its first ones,
    /// skipping joints) together, and records the matches that run from one into the
    /// other. Returns `false` once `out` holds more than `limit`.
    #[inline(always)]
    fn search_joint(
        &self,
        bytes: &[u8],
        before: Range<usize>,
        after: Range<usize>,
        scratch: &mut GateScratch,
        out: &mut Vec<usize>,
        limit: usize,
    ) -> bool {
        let want = self.longest.saturating_sub(1);
        let GateScratch {
            window,
            window_origin,
            ..
        } = scratch;
        window.clear();
        window_origin.clear();
        let mut i = before.end;
        while i > before.start && window.len() < want {
            i -= 1;
            let p = PROJECT[bytes[i] as usize];
            if p != 0 {
                window.push(p);
                window_origin.push(i);
            }
        }
        window.reverse();
        window_origin.reverse();
        let split = window.len();
        if split == 0 {
            // No letters since the previous joint: a term through this joint went through
            // that one too and was found there. Skipping the look ahead keeps a run of
            // 40,000 nested tags linear instead of looking past all the others at each.
            return true;
        }
        let mut i = after.start;
        while i < after.end && window.len() < split + want {
            let b = bytes[i];
            let p = PROJECT[b as usize];
            if p != 0 {
                window.push(p);
                window_origin.push(i);
            } else if (b == b'<' || b == b'&')
                && let Some(next) = joint_at(bytes, i).filter(|&next| next <= after.end)
            {
                i = next;
                continue;
            }
            i += 1;
        }
        #[cfg(test)]
        {
            count_look_ahead(i - after.start);
        }
        if window.len() == split {
            return true;
        }
        let mut at = 0;
        while let Some(m) = self
            .automaton
            .find(Input::new(&window[..]).span(at..window.len()))
        {
            // Only matches through this joint are new; the rest the plain scan finds.
            if m.start() < split && m.end() > split {
                out.push(window_origin[m.start()]);
                if out.len() > limit {
                    return false;
                }
            }
            at = m.start() + 1;
        }
        true
    }
}

// Bytes the tag look-ahead of `Gate::scan_tags` covered on this thread, for tests that
// pin its work as linear.
#[cfg(test)]
thread_local! {
    static LOOK_AHEAD: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
fn count_look_ahead(bytes: usize) {
    LOOK_AHEAD.with(|c| c.set(c.get() + bytes));
}

/// Bytes per block of [`project`]'s marks.
const MARK_EVERY: usize = 64;

/// Projects `chunk` into `out` and returns the projected length; `marks[j]` is the
/// projected length before block `j` (of [`MARK_EVERY`] bytes).
///
/// Every byte is written and the length advanced only for letters and digits, which
/// keeps the loop free of unpredictable branches.
fn project(chunk: &[u8], out: &mut [u8], marks: &mut Vec<usize>) -> usize {
    marks.clear();
    // Every byte of every file goes through this loop: it is a third of the work of a
    // whole audit, so it writes through a raw pointer instead of a checked index.
    let out = &mut out[..chunk.len()];
    let dst = out.as_mut_ptr();
    let mut n = 0;
    for block in chunk.chunks(MARK_EVERY) {
        marks.push(n);
        for &b in block {
            let p = PROJECT[b as usize];
            // SAFETY: `n` counts the bytes kept so far, so `n` <= the bytes read so far
            // < `chunk.len()` == `out.len()`: the write is inside `out`.
            unsafe { dst.add(n).write(p) };
            n += (p != 0) as usize;
        }
    }
    n
}

/// The offset in `chunk` of its `k`-th projected byte, found from `marks`.
fn nth_projected(chunk: &[u8], marks: &[usize], k: usize) -> usize {
    let block = marks.partition_point(|&m| m <= k).saturating_sub(1);
    let mut count = marks[block];
    let start = block * MARK_EVERY;
    for (i, &b) in chunk[start..].iter().enumerate() {
        if PROJECT[b as usize] != 0 {
            if count == k {
                return start + i;
            }
            count += 1;
        }
    }
    chunk.len().saturating_sub(1)
}

/// The next HTML tag at or after `from`, as a byte range.
fn next_tag(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut pos = from;
    while let Some(i) = memchr::memchr(b'<', bytes.get(pos..)?) {
        let start = pos + i;
        if let Some(end) = tag_at(bytes, start) {
            return Some((start, end));
        }
        pos = start + 1;
    }
    None
}

/// The next named character reference at or after `from`, as a byte range.
fn next_reference(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut pos = from;
    while let Some(i) = memchr::memchr(b'&', bytes.get(pos..)?) {
        let start = pos + i;
        if let Some(end) = reference_at(bytes, start) {
            return Some((start, end));
        }
        pos = start + 1;
    }
    None
}

/// The end of the joint starting at `start`, if one does.
fn joint_at(bytes: &[u8], start: usize) -> Option<usize> {
    match bytes[start] {
        b'<' => tag_at(bytes, start),
        b'&' => reference_at(bytes, start),
        _ => None,
    }
}

/// The end of the named reference starting at `start` (`&shy;`): `&`, up to 32 letters
/// or digits and `;`. Unknown names are joints too (searching them both ways only adds
/// candidates); numeric references and names without their semicolon are hazards.
fn reference_at(bytes: &[u8], start: usize) -> Option<usize> {
    let name = bytes[start + 1..]
        .iter()
        .take(33)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    (name > 0 && bytes.get(start + 1 + name) == Some(&b';')).then_some(start + name + 2)
}

/// The end of the HTML tag starting at `start`, if one does: `<` followed by a letter,
/// `/`, `!` or `?`, up to the next `>` outside quotes. A `<` outside quotes or a blank
/// line before that `>` means it was not a tag (a comparison, an unclosed `<!--` in a
/// code block), so it cannot swallow the real tags after it.
fn tag_at(bytes: &[u8], start: usize) -> Option<usize> {
    let opens = bytes
        .get(start + 1)
        .is_some_and(|&b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?'));
    if !opens {
        return None;
    }
    let mut quote = 0u8;
    let mut last = 0u8;
    for (j, &b) in bytes[start + 1..].iter().enumerate() {
        if quote != 0 {
            if b == quote {
                quote = 0;
            }
        } else if b == b'"' || b == b'\'' {
            quote = b;
        } else if b == b'>' {
            return Some(start + 2 + j);
        } else if b == b'<' {
            return None;
        }
        if b == b'\n' && last == b'\n' {
            return None;
        }
        if b != b'\r' && b != b' ' && b != b'\t' {
            last = b;
        }
    }
    None
}

/// Offsets of hazards: numeric character references, named ones without their semicolon
/// that HTML still reads (`&nbspaccess` is a space, then "access"), and non-ASCII
/// letters that fold to ASCII.
fn hazards(bytes: &[u8], out: &mut Vec<usize>, limit: usize) {
    let mut at = 0;
    while let Some(i) = memchr::memchr3(b'&', 0xE2, 0xC4, &bytes[at..]) {
        let i = at + i;
        let rest = &bytes[i..];
        if rest.starts_with(b"&#")
            || (rest[0] == b'&' && legacy_reference(rest))
            || FOLDS_TO_ASCII.iter().any(|h| rest.starts_with(h))
        {
            out.push(i);
            if out.len() > limit {
                return;
            }
        }
        at = i + 1;
    }
}

/// Whether `rest` starts with `&` and a name that HTML reads without its semicolon: a
/// legacy name (`nbsp`) not followed by `;` as part of a complete name.
fn legacy_reference(rest: &[u8]) -> bool {
    let run = rest[1..]
        .iter()
        .take(33)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = |len: usize| std::str::from_utf8(&rest[1..1 + len]).unwrap_or("");
    if rest.get(1 + run) == Some(&b';') {
        let complete = std::str::from_utf8(&rest[1..2 + run]).unwrap_or("");
        if charref::is_name(complete) {
            return false;
        }
    }
    (2..=run.min(charref::LONGEST_LEGACY_NAME)).any(|len| charref::is_legacy_name(name(len)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate() -> Gate {
        Gate::new(["openai", "chatgpt", "gpt4"].map(String::from).to_vec()).unwrap()
    }

    fn may(text: &str) -> bool {
        gate().may_match(text.as_bytes(), &mut GateScratch::default())
    }

    fn candidates(text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        gate().candidates(
            text.as_bytes(),
            &mut GateScratch::default(),
            &mut out,
            usize::MAX,
        );
        out
    }

    /// 40,000 nested tags around a term, then as many closing tags (another name's, so
    /// none closes): the look-ahead at each tag covers a bounded stretch, not every tag
    /// after it.
    #[test]
    fn nested_tags_are_looked_past_once() {
        for (open, close) in [("<b>", "</b>"), ("<div class=x>", "</i>"), ("<span>", "")] {
            let n = 40_000;
            let page = format!(
                "{}Agents call on ChatGPT.{}",
                open.repeat(n),
                close.repeat(n)
            );
            LOOK_AHEAD.with(|c| c.set(0));
            assert!(!candidates(&page).is_empty());
            let work = LOOK_AHEAD.with(|c| c.get());
            assert!(
                work < 2 * page.len(),
                "{open}: {work} bytes for {}",
                page.len()
            );
        }
    }

    #[test]
    fn plain_terms_pass() {
        assert!(may("We love OpenAI."));
        assert!(may("GPT-4o is here"));
    }

    #[test]
    fn markup_and_spacing_inside_a_term_pass() {
        assert!(may("Chat**GPT** and more"));
        assert!(may("Open\n   AI"));
        assert!(may("Chat<b>GPT</b>"));
        assert!(may("Chat<span class=\"x>y\">GPT</span>"));
    }

    #[test]
    fn hazards_pass() {
        assert!(may("&#79;penAI"));
        assert!(may("\u{212A}"));
    }

    #[test]
    fn named_references_inside_a_term_pass() {
        assert!(may("Open&shy;AI"));
        assert!(may("Chat&ZeroWidthSpace;&shy;GPT"));
        assert!(may("Chat&shy;<b>GPT</b>"));
        assert!(may("<b>Chat</b>&shy;GPT"));
        assert!(may("<img src=x alt=\"Chat&shy;GPT\">"));
        // HTML reads `&shy` without its semicolon, even before letters.
        assert!(may("Open&shyAI"));
        assert!(may("Open&shyAI;"));
        assert_eq!(candidates("x Open&shy;AI"), [2]);
        assert!(!may("Open&copy; source AI, R&D"));
    }

    #[test]
    fn files_without_terms_are_ruled_out() {
        assert!(!may("Amazon Bedrock enables access to S3 & more."));
        assert!(!may(""));
        assert!(!may("<p>Open</p> source AI"));
    }

    #[test]
    fn candidates_are_where_terms_start() {
        assert_eq!(candidates("x ChatGPT-4 and Open AI"), [2, 6, 16]);
        assert_eq!(candidates("a &#79;penAI"), [2]);
    }

    #[test]
    fn terms_across_chunk_boundaries_are_found() {
        let mut text = "x".repeat(CHUNK - 3);
        text.push_str("OpenAI");
        assert_eq!(candidates(&text), [CHUNK - 3]);
        let mut tagged = "y ".repeat(CHUNK / 2 - 2);
        tagged.push_str("Chat<i>GPT</i>");
        assert!(may(&tagged));
    }

    #[test]
    fn core_keeps_ascii_letters_and_digits() {
        assert_eq!(Gate::core("gpt-4").as_deref(), Some("gpt4"));
        assert_eq!(Gate::core("open ai's").as_deref(), Some("openais"));
        assert_eq!(Gate::core("zürich"), None);
    }
}
