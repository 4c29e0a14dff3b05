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
//! * Joining every letter over-reaches: "models or agents" projects to "...sora...".
//!   A match whose letters the source keeps apart, in plain ASCII, by white space or
//!   punctuation that no reader drops, where no term is written apart, is no term
//!   (`SPACING`, `Gate::spelled_apart`). Of the 1,992 files of the docs corpus, 410
//!   passed the scan before this check and 280 pass with it.
//! * Markup is invisible in prose (`Chat<b>GPT</b>`, `Open&shy;AI`), but which `<...>`
//!   a reader drops depends on the reader (a tag cut by a paragraph's end is text in
//!   Markdown, the tags inside it are not). [`joints`] reads the letters along every way
//!   of dropping markup at once, near each `<` and `&`, not in a second pass.
//! * A non-ASCII character is projected onto the ASCII letters and digits it can become
//!   in prose ([`fold::project`]): fullwidth `ｃ` is `c`, `ﬁ` is `fi`, a Cyrillic `О` is
//!   `o` (the matcher reads it so in a word that mixes scripts), accents and invisible
//!   characters are nothing. Plain ASCII text never takes this path: each 64-byte block
//!   is checked for non-ASCII bytes first.
//! * A character reference that stands for a letter, numeric (`&#79;`) or named
//!   (`&Ocy;`), could spell a term without its letters: it is a candidate itself.
//!
//! The projection is built in fixed-size chunks, so memory stays bounded on any file.

use aho_corasick::{AhoCorasick, Input, MatchKind};

use crate::charref;
use crate::fold;

mod joints;
#[cfg(target_arch = "x86_64")]
mod simd;

use joints::{JointScratch, Joints};

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

/// `cores` (sorted, distinct) without those that hold another: where
/// "modelsbyopenai" is, "openai" is too, inside the same term, so in the same prose block.
/// The built-in lexicon's 700 cores come down to 15 names, few enough for aho-corasick's
/// SIMD searcher (Teddy) instead of stepping an automaton through every byte.
fn shortest_cores(cores: Vec<String>) -> Option<Vec<String>> {
    let all = AhoCorasick::new(&cores).ok()?;
    let kept = cores
        .iter()
        .enumerate()
        .filter(|&(i, core)| {
            all.find_overlapping_iter(core.as_str())
                .all(|m| m.pattern().as_usize() == i)
        })
        .map(|(_, core)| core.clone())
        .collect();
    Some(kept)
}

/// A normalised term's core (see [`Gate::core`]) and its gaps: bit `j` set when the term
/// has other characters (a space, a hyphen) between the core's letters `j` and `j + 1`.
/// Gaps past the 64th letter are not recorded: [`gaps_within`] allows them all.
fn spelling(term: &str) -> Option<(String, u64)> {
    let mut core = String::new();
    let mut gaps = 0u64;
    let mut apart = false;
    for c in term.chars() {
        if c.is_ascii_alphanumeric() {
            if apart && !core.is_empty() && core.len() <= 64 {
                gaps |= 1 << (core.len() - 1);
            }
            apart = false;
            core.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            return None;
        } else {
            apart = true;
        }
    }
    Some((core, gaps))
}

/// Per core of `cores` (no one holds another), the gaps it may have in prose: those of
/// every term spelled with it, wherever in the term it stands ("open ai" lets "openai" be
/// written apart after "open"). One automaton pass over each term: linear in the
/// lexicon, however many terms and cores (a team lexicon may have 100,000 of each).
fn gaps_within(cores: &[String], spelled: &[(String, u64)]) -> Option<Vec<u64>> {
    let automaton = AhoCorasick::new(cores).ok()?;
    let mut gaps = vec![0u64; cores.len()];
    for (term, term_gaps) in spelled {
        for m in automaton.find_overlapping_iter(term.as_str()) {
            let (at, len) = (m.start(), m.len());
            let inner = len.saturating_sub(1);
            gaps[m.pattern().as_usize()] |= if at + len > 64 || inner >= 64 {
                u64::MAX
            } else {
                (term_gaps >> at) & ((1 << inner) - 1)
            };
        }
    }
    Some(gaps)
}

/// ASCII bytes that leave something between two letters in every reading that does not
/// drop markup at them: white space (a space in prose, or the end of a block) and the
/// punctuation that is text wherever it is not a block's syntax at the start of a line
/// (which follows a line break, so a space or a new block anyway). Not `*`, `~`, `^`,
/// brackets, parentheses or braces, which Markdown can drop between letters
/// (`Chat**GPT**`, `[Chat]()GPT`). A `<` or `&` that starts markup some reader drops is
/// the business of [`joints`]; an `_` between letters never opens emphasis; `` ` `` and
/// `$` that open code or math leave a word separator.
static SPACING: [bool; 256] = {
    let mut t = [false; 256];
    let keep = b" \t\n\r\x0b\x0c!\"#$%&'+,-./:;<=>?@\\_`|";
    let mut i = 0;
    while i < keep.len() {
        t[keep[i] as usize] = true;
        i += 1;
    }
    t
};

/// The character whose UTF-8 encoding starts at `bytes[i]` and its length; `None` (and
/// length 1) for a byte that starts no valid character.
#[inline]
fn decode(bytes: &[u8], i: usize) -> (Option<char>, usize) {
    let lead = bytes[i];
    let (width, bits) = match lead {
        0xC2..=0xDF => (2, (lead & 0x1F) as u32),
        0xE0..=0xEF => (3, (lead & 0x0F) as u32),
        0xF0..=0xF4 => (4, (lead & 0x07) as u32),
        _ => return (None, 1),
    };
    let Some(rest) = bytes.get(i + 1..i + width) else {
        return (None, 1);
    };
    let mut code = bits;
    for &b in rest {
        if !is_continuation(b) {
            return (None, 1);
        }
        code = (code << 6) | (b & 0x3F) as u32;
    }
    // Overlong forms and surrogates are not characters; neither is anything past U+10FFFF.
    let shortest = match width {
        2 => code >= 0x80,
        3 => code >= 0x800,
        _ => code >= 0x1_0000,
    };
    match char::from_u32(code).filter(|_| shortest) {
        Some(c) => (Some(c), width),
        None => (None, 1),
    }
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The necessary condition for any finding, compiled from the lexicons.
#[derive(Debug, Clone)]
pub struct Gate {
    cores: Vec<String>,
    /// Per core, bit `j` set when some term has white space or punctuation between the
    /// core's letters `j` and `j + 1` (see [`Gate::spelled_apart`]).
    gaps: Vec<u64>,
    automaton: AhoCorasick,
    joints: Joints,
    longest: usize,
}

/// Buffers a [`Gate`] scan reuses from one file to the next.
#[derive(Debug, Default)]
pub struct GateScratch {
    projected: Vec<u8>,
    /// Per block of the current chunk: the projected length at its start and whether it
    /// is all ASCII (see [`project`]).
    marks: Vec<usize>,
    /// Source offsets of the projected bytes carried over from the previous chunk.
    carried: Vec<usize>,
    joints: JointScratch,
}

impl Gate {
    /// The core of a normalised term: its ASCII letters and digits, lower-cased. `None`
    /// when the term has other letters or digits, which the projection cannot represent.
    pub fn core(term: &str) -> Option<String> {
        spelling(term).map(|(core, _)| core)
    }

    /// A gate over the normalised `terms`; `None` (check everything) when there is nothing
    /// to look for, or a term has letters or digits the projection cannot represent.
    pub fn new(terms: &[String]) -> Option<Gate> {
        let spelled: Vec<(String, u64)> = terms
            .iter()
            .map(|t| spelling(t))
            .collect::<Option<Vec<_>>>()?
            .into_iter()
            .filter(|(core, _)| !core.is_empty())
            .collect();
        let mut cores: Vec<String> = spelled.iter().map(|(core, _)| core.clone()).collect();
        cores.sort();
        cores.dedup();
        if cores.is_empty() {
            return None;
        }
        let cores = shortest_cores(cores)?;
        let gaps = gaps_within(&cores, &spelled)?;
        let longest = cores.iter().map(String::len).max().unwrap_or(1);
        // Leftmost-first lets aho-corasick use its SIMD prefilter; overlapping candidates
        // are still found because each search restarts one byte after the last match.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&cores)
            .ok()?;
        let joints = Joints::new(&cores)?;
        Some(Gate {
            cores,
            gaps,
            automaton,
            joints,
            longest,
        })
    }

    /// The cores the gate looks for: no one holds another (see [`shortest_cores`]).
    pub fn cores(&self) -> &[String] {
        &self.cores
    }

    /// Fills `out` with sorted source offsets, one inside each place where a gate term may
    /// be in the prose of a document with these bytes: where the term starts, or the
    /// markup it is joined across (so in the prose block that holds it). Empty means no
    /// rule can fire anywhere in it.
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
        look_alike_hazards(bytes, out, limit);
        self.scan(bytes, scratch, out, limit);
        if out.len() <= limit {
            self.joints.scan(bytes, &mut scratch.joints, out, limit);
        }
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
        let GateScratch {
            projected,
            marks,
            carried,
            ..
        } = scratch;
        carried.clear(); // source offsets of the projected bytes carried into this chunk
        let mut base = 0;
        while base < bytes.len() {
            // Chunks end between characters, so that each is projected whole.
            let mut end = (base + CHUNK).min(bytes.len());
            while end < bytes.len() && end > base + 1 && is_continuation(bytes[end]) {
                end -= 1;
            }
            let chunk = &bytes[base..end];
            let kept = carried.len();
            let n = kept + project(chunk, projected, kept, marks);
            let origin = |k: usize, carried: &[usize]| {
                if k < kept {
                    carried[k]
                } else {
                    base + nth_projected(chunk, marks, k - kept)
                }
            };
            let mut at = 0;
            while let Some(m) = self.automaton.find(Input::new(&projected[..n]).span(at..n)) {
                at = m.start() + 1;
                let start = origin(m.start(), carried);
                if self.spelled_apart(bytes, start, m.pattern().as_usize()) {
                    continue;
                }
                out.push(start);
                if out.len() > limit {
                    return;
                }
            }
            let keep_from = n.saturating_sub(carry);
            let next: Vec<usize> = (keep_from..n).map(|k| origin(k, carried)).collect();
            projected.copy_within(keep_from..n, 0);
            *carried = next;
            base = end;
        }
    }

    /// Whether the letters of core `core` found at source offset `start` are only there
    /// because the projection joined words: plain ASCII in which some two of its letters
    /// are separated by [`SPACING`] alone where no term has a gap ("models or agents" is
    /// not "sora"; "Open AI" is "openai"). Such letters are apart in every reading, so no
    /// term is there. Anything else (markup, a non-ASCII character) may join them: not
    /// judged here.
    fn spelled_apart(&self, bytes: &[u8], start: usize, core: usize) -> bool {
        let letters = self.cores[core].as_bytes();
        let allowed = self.gaps[core];
        let mut i = start;
        for (j, &letter) in letters.iter().enumerate() {
            match bytes.get(i) {
                Some(&b) if b < 0x80 && PROJECT[b as usize] == letter => i += 1,
                _ => return false,
            }
            if j + 1 == letters.len() {
                break;
            }
            let gap = i;
            let mut spacing = true;
            while let Some(&b) = bytes.get(i) {
                if b >= 0x80 {
                    return false;
                }
                if PROJECT[b as usize] != 0 {
                    break;
                }
                spacing &= SPACING[b as usize];
                i += 1;
            }
            if spacing && i > gap && j < 64 && allowed & (1 << j) == 0 {
                return true;
            }
        }
        false
    }
}

// Bytes the joint search ([`joints`]) stepped through on this thread, for tests that
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

/// Projects `chunk` into `out` from index `from` and returns the projected length;
/// `marks[j]` is the projected length before block `j` (of [`MARK_EVERY`] bytes), shifted
/// left by one, with the low bit set when the block is not all ASCII.
///
/// A block of ASCII bytes (nearly all of them, in English text) goes through a loop that
/// writes every byte and advances the length only for letters and digits, free of
/// unpredictable branches. A block with a non-ASCII byte decodes its characters; one
/// that starts in the block is projected whole there, even if it ends in the next.
fn project(chunk: &[u8], out: &mut Vec<u8>, from: usize, marks: &mut Vec<usize>) -> usize {
    project_with(chunk, out, from, marks, true)
}

/// [`project`], on the CPU's vector instructions ([`simd`]) when `vector` is set and the
/// CPU has them.
fn project_with(
    chunk: &[u8],
    out: &mut Vec<u8>,
    from: usize,
    marks: &mut Vec<usize>,
    vector: bool,
) -> usize {
    marks.clear();
    // No character projects to more than twice its length (fold::MAX_PROJECTED), and a
    // projected ASCII byte is written even when it is dropped: one more. The vector
    // path stores whole blocks: a block more.
    let room = from + 2 * chunk.len() + 1 + MARK_EVERY;
    if out.len() < room {
        out.resize(room, 0);
    }
    #[cfg(target_arch = "x86_64")]
    if vector && simd::available() {
        // SAFETY: the CPU has the features `simd::project` is compiled for.
        return unsafe { simd::project(chunk, out, from, marks) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = vector;
    let mut n = from;
    if chunk.is_ascii() {
        // Nearly every chunk of English text: one quick test for all of it.
        let mut blocks = chunk.chunks_exact(MARK_EVERY);
        for block in &mut blocks {
            marks.push((n - from) << 1);
            if let Ok(full) = <&[u8; MARK_EVERY]>::try_from(block) {
                // A whole block of a fixed size: the loop is unrolled, with no bound to test.
                // SAFETY: `n - from` is at most twice the bytes of `chunk` before this
                // block, and `out` has room for twice the chunk from `from`.
                n = unsafe { project_ascii(full, out, n) };
            }
        }
        let rest = blocks.remainder();
        if !rest.is_empty() {
            marks.push((n - from) << 1);
            // SAFETY: as above.
            n = unsafe { project_ascii(rest, out, n) };
        }
        return n - from;
    }
    for (j, block) in chunk.chunks(MARK_EVERY).enumerate() {
        let full = <&[u8; MARK_EVERY]>::try_from(block);
        let ascii = match full {
            Ok(full) => is_ascii(full),
            Err(_) => block.is_ascii(),
        };
        marks.push((n - from) << 1 | !ascii as usize);
        if let Ok(full) = full
            && ascii
        {
            // SAFETY: `n - from` is at most twice the bytes of `chunk` before this block
            // (one per ASCII byte, at most two per byte of a longer character), and `out`
            // has room for twice the chunk from `from`.
            n = unsafe { project_ascii(full, out, n) };
        } else if ascii {
            // SAFETY: as above.
            n = unsafe { project_ascii(block, out, n) };
        } else {
            let start = j * MARK_EVERY;
            n = project_mixed(chunk, start..start + block.len(), out, n);
        }
    }
    n - from
}

/// Projects the ASCII bytes `block` into `out` from `n`; the new projected length.
///
/// Every byte of every file goes through this loop: it is a third of the work of a whole
/// audit, so it writes every byte through a raw pointer, free of unpredictable branches,
/// and advances the length only for letters and digits.
///
/// # Safety
///
/// `out` must have room for `block.len()` bytes from `n`.
#[inline(always)]
unsafe fn project_ascii<B: AsRef<[u8]> + ?Sized>(block: &B, out: &mut [u8], mut n: usize) -> usize {
    let block = block.as_ref();
    debug_assert!(n + block.len() <= out.len());
    let dst = out.as_mut_ptr();
    for &b in block {
        let p = PROJECT[b as usize];
        // SAFETY: `n` grows by at most one per byte of `block`, and the caller left room
        // for all of them.
        unsafe { dst.add(n).write(p) };
        n += (p != 0) as usize;
    }
    n
}

/// Whether `block` is all ASCII: its eight words or-ed together.
#[inline]
fn is_ascii(block: &[u8; MARK_EVERY]) -> bool {
    let mut any = 0u64;
    for word in block.chunks_exact(8) {
        any |= u64::from_ne_bytes(word.try_into().unwrap_or([0; 8]));
    }
    any & 0x8080_8080_8080_8080 == 0
}

/// Projects the characters of `chunk` that start in `range` (a block with a non-ASCII
/// byte) into `out` from `n`; the new projected length. The same walk as
/// [`for_each_projected`], which finds offsets again.
fn project_mixed(
    chunk: &[u8],
    range: std::ops::Range<usize>,
    out: &mut [u8],
    mut n: usize,
) -> usize {
    let mut i = range.start;
    while i < range.end {
        let b = chunk[i];
        if b < 0x80 {
            let p = PROJECT[b as usize];
            out[n] = p;
            n += (p != 0) as usize;
            i += 1;
        } else if is_continuation(b) {
            i += 1;
        } else {
            let (c, len) = decode(chunk, i);
            if let Some(c) = c {
                let (projected, k) = fold::facts(c).projected();
                out[n..n + k].copy_from_slice(&projected[..k]);
                n += k;
            }
            i += len;
        }
    }
    n
}

/// Calls `f(offset, byte)` for each projected byte of the characters of `chunk` that start
/// in `range` (a block with a non-ASCII byte), until it returns `true`.
fn for_each_projected(
    chunk: &[u8],
    range: std::ops::Range<usize>,
    mut f: impl FnMut(usize, u8) -> bool,
) {
    let mut i = range.start;
    while i < range.end {
        let b = chunk[i];
        if b < 0x80 {
            let p = PROJECT[b as usize];
            if p != 0 && f(i, p) {
                return;
            }
            i += 1;
        } else if is_continuation(b) {
            // The rest of a character that started in the block before.
            i += 1;
        } else {
            let (c, len) = decode(chunk, i);
            if let Some(c) = c {
                let (projected, n) = fold::facts(c).projected();
                for &p in &projected[..n] {
                    if f(i, p) {
                        return;
                    }
                }
            }
            i += len;
        }
    }
}

/// The offset in `chunk` of its `k`-th projected byte, found from `marks`.
fn nth_projected(chunk: &[u8], marks: &[usize], k: usize) -> usize {
    let block = marks.partition_point(|&m| m >> 1 <= k).saturating_sub(1);
    let mut count = marks[block] >> 1;
    let start = block * MARK_EVERY;
    let end = (start + MARK_EVERY).min(chunk.len());
    if marks[block] & 1 == 0 {
        for (i, &b) in chunk[start..end].iter().enumerate() {
            if PROJECT[b as usize] != 0 {
                if count == k {
                    return start + i;
                }
                count += 1;
            }
        }
    } else {
        let mut found = None;
        for_each_projected(chunk, start..end, |i, _| {
            if count == k {
                found = Some(i);
                return true;
            }
            count += 1;
            false
        });
        if let Some(i) = found {
            return i;
        }
    }
    chunk.len().saturating_sub(1)
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

/// Offsets of hazards: numeric character references, named ones without their semicolon
/// that HTML still reads (`&nbspaccess` is a space, then "access"), and named ones that
/// stand for a letter the matcher reads as ASCII letters (`&Ocy;` is a Cyrillic `О`,
/// `&copf;` a mathematical `c`). Other named references (`&shy;`, `&ZeroWidthSpace;`)
/// are joints the tag look-ahead reads through.
fn hazards(bytes: &[u8], out: &mut Vec<usize>, limit: usize) {
    let mut at = 0;
    while let Some(i) = memchr::memchr(b'&', &bytes[at..]) {
        let i = at + i;
        let rest = &bytes[i..];
        if rest.starts_with(b"&#") || legacy_reference(rest) || named_letter(rest) {
            out.push(i);
            if out.len() > limit {
                return;
            }
        }
        at = i + 1;
    }
}

/// The length of the name after the `&` that starts `rest` (letters and digits, at most
/// 33: no reference name is longer).
fn name_len(rest: &[u8]) -> usize {
    rest[1..]
        .iter()
        .take(33)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count()
}

/// Whether `rest` starts with `&` and a name that HTML reads without its semicolon: a
/// legacy name (`nbsp`) not followed by `;` as part of a complete name.
fn legacy_reference(rest: &[u8]) -> bool {
    let run = name_len(rest);
    let name = |len: usize| std::str::from_utf8(&rest[1..1 + len]).unwrap_or("");
    if rest.get(1 + run) == Some(&b';') {
        let complete = std::str::from_utf8(&rest[1..2 + run]).unwrap_or("");
        if charref::is_name(complete) {
            return false;
        }
    }
    (2..=run.min(charref::LONGEST_LEGACY_NAME)).any(|len| charref::is_legacy_name(name(len)))
}

/// Whether `rest` starts with a complete named reference (`&Ocy;`, `&copf;`) standing for
/// a non-ASCII character that folds to ASCII letters or imitates one.
fn named_letter(rest: &[u8]) -> bool {
    let run = name_len(rest);
    if run == 0 || rest.get(1 + run) != Some(&b';') {
        return false;
    }
    let Ok(reference) = std::str::from_utf8(&rest[..2 + run]) else {
        return false;
    };
    charref::decode(reference).is_some_and(|decoded| {
        decoded.chars().any(|c| {
            let facts = fold::facts(c);
            !c.is_ascii() && (facts.projected().1 > 0 || facts.hides_look_alike())
        })
    })
}

/// Offsets of the look-alike letters ([`fold::look_alike`]) of every word that may mix
/// scripts: the matcher reads them as ASCII letters there (`ОpenAI`) and reports them
/// even when no rule fires, whatever phrase they spell, so the block must be checked.
///
/// A word is judged on its raw bytes between ASCII white space, a superset of the prose
/// word: markup inside a prose word (`О**pen**AI`, `Оpen<span class="x">AI`) adds ASCII
/// letters or `<`, `>`, `&`, which count as mixing. A run of one other script (`Сова,`)
/// and its common characters is not a hazard, so text in Russian or Greek keeps the fast
/// path. Each byte is looked at a bounded number of times.
fn look_alike_hazards(bytes: &[u8], out: &mut Vec<usize>, limit: usize) {
    if out.len() > limit || bytes.is_ascii() {
        return;
    }
    let mut at = 0;
    // Where the last word judged ended: no word starts before it.
    let mut judged_to = 0;
    while let Some(i) = next_non_ascii(bytes, at) {
        let (c, len) = decode(bytes, i);
        at = i + len;
        if !c.is_some_and(|c| fold::facts(c).hides_look_alike()) {
            continue;
        }
        let start = bytes[judged_to..i]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(judged_to, |j| judged_to + j + 1);
        let end = bytes[i..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |j| i + j);
        judged_to = end;
        at = end;
        let word = &bytes[start..end];
        if may_mix_scripts(word) {
            for_each_char(word, |j, c| {
                if fold::facts(c).hides_look_alike() {
                    out.push(start + j);
                }
                out.len() <= limit
            });
            if out.len() > limit {
                return;
            }
        }
    }
}

/// The offset of the first non-ASCII byte of `bytes` from `from`. Text is mostly ASCII
/// even where it is not all ASCII: whole blocks are skipped with the word-at-a-time test.
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    for block in bytes.get(from..)?.chunks(MARK_EVERY) {
        if !block.is_ascii() {
            return block.iter().position(|&b| b >= 0x80).map(|k| at + k);
        }
        at += block.len();
    }
    None
}

/// Whether the raw bytes `word` (no ASCII white space) may hold a prose word that mixes
/// scripts, or a look-alike read as ASCII in any word.
fn may_mix_scripts(word: &[u8]) -> bool {
    const LATIN: u8 = unicode_script::Script::Latin as u8 + 1;
    let mut script = 0;
    let mut mixed = false;
    for_each_char(word, |_, c| {
        let s = if c.is_ascii() {
            if matches!(c, '<' | '>' | '&') {
                mixed = true;
                return false;
            }
            if c.is_ascii_alphabetic() { LATIN } else { 0 }
        } else {
            let facts = fold::facts(c);
            if facts.always_look_alike() {
                mixed = true;
                return false;
            }
            facts.letter_script()
        };
        if s != 0 {
            if script != 0 && script != s {
                mixed = true;
                return false;
            }
            script = s;
        }
        true
    });
    mixed
}

/// Calls `f(offset, char)` for each character of `bytes` (invalid bytes are skipped),
/// until it returns `false`.
fn for_each_char(bytes: &[u8], mut f: impl FnMut(usize, char) -> bool) {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if !f(i, b as char) {
                return;
            }
            i += 1;
            continue;
        }
        let (c, len) = decode(bytes, i);
        if let Some(c) = c
            && !f(i, c)
        {
            return;
        }
        i += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate() -> Gate {
        Gate::new(&["openai", "open ai", "chatgpt", "gpt-4"].map(String::from)).unwrap()
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

    /// Letters that the projection joins across white space or punctuation that every
    /// reader keeps are not a term, unless some term is written apart there.
    #[test]
    fn words_kept_apart_are_not_a_term() {
        let sora = Gate::new(&["sora".to_string(), "open ai".to_string()]).unwrap();
        let may = |text: &str| sora.may_match(text.as_bytes(), &mut GateScratch::default());
        for apart in [
            "models or agents",
            "IDs, or account numbers",
            "Amazon EFS or\nAmazon S3",
            "cursors: or a",
            "supervisor_agent",
            "tensor<a",
            "Q&A: is Open-source; AI",
        ] {
            assert!(!may(apart), "{apart:?}");
        }
        // Markup Markdown may drop between letters joins them.
        for joined in [
            "So**ra**",
            "So~~ra~~",
            "[So]()ra",
            "So^ra^",
            "So(ra",
            "So\u{200B}ra",
        ] {
            assert!(may(joined), "{joined:?}");
        }
        // Where a term has a gap, any spacing may fill it.
        for apart in ["Open AI", "Open\n  AI", "Open-AI", "Open, AI"] {
            assert!(may(apart), "{apart:?}");
        }
        // This gate has no "chat gpt": written apart, ChatGPT is not a candidate.
        assert_eq!(candidates("x ChatGPT-4, Chat GPT and Chat. GPT"), [2, 6]);
    }

    #[test]
    fn gaps_come_from_every_term_that_holds_a_core() {
        // "models by open ai": apart after letters 5 ("models"), 7 ("by"), 11 ("open").
        let long = spelling("models by open ai").unwrap();
        assert_eq!(long, ("modelsbyopenai".into(), 1 << 5 | 1 << 7 | 1 << 11));
        assert_eq!(spelling("gpt-4"), Some(("gpt4".into(), 1 << 2)));
        assert_eq!(spelling("zürich"), None);
        // "openai" inside it may be apart after "open" (its letter 3); on its own, nowhere.
        let cores = ["openai".to_string(), "gpt4".to_string()];
        assert_eq!(gaps_within(&cores, &[long]), Some(vec![1 << 3, 0]));
        let alone = [spelling("openai").unwrap(), spelling("gpt-4").unwrap()];
        assert_eq!(gaps_within(&cores, &alone), Some(vec![0, 1 << 2]));
    }

    #[test]
    fn hazards_pass() {
        assert!(may("&#79;penAI"));
        assert!(may("Chat&shy;GPT"));
        assert!(may("&Ocy;penAI"));
        assert!(may("Chat&nbspGPT"));
        assert!(!may("Q & A &"));
    }

    #[test]
    fn disguised_terms_pass() {
        assert!(may("ｃｈａｔｇｐｔ"));
        assert!(may("\u{41E}penAI"));
        assert!(may("Chat\u{2060}G\u{AD}PT"));
        assert!(may("Cha\u{301}tGPT"));
        assert!(may("ＣＨＡＴ<b>ＧＰＴ</b>"));
        assert!(may("Оpen<b>ΑΙ</b>"));
        assert!(!may("Сора и кот"));
    }

    #[test]
    fn words_that_may_mix_scripts_are_candidates_at_their_look_alikes() {
        let at = |text: &str| {
            let mut out = Vec::new();
            look_alike_hazards(text.as_bytes(), &mut out, 100);
            out
        };
        assert_eq!(at("x \u{41E}pen"), [2]);
        assert_eq!(at("\u{41E}\u{43E}\u{43E}<!-- -->pen"), [0, 2, 4]);
        assert_eq!(at("a Bedr\u{3BF}ck"), [6]);
        assert_eq!(at("Open\u{131}"), [4]);
        assert_eq!(at("\u{3BF}\u{440}"), [0, 2], "Greek and Cyrillic");
        // Words of one other script, with their punctuation and digits, are not.
        assert!(at("\u{421}\u{43E}\u{440}\u{430}, 20\u{43E}. \u{3BF}\u{3BD}\u{3B5}").is_empty());
        assert!(at("caf\u{E9} \u{436}").is_empty());
    }

    proptest::proptest! {
        /// The vector projection equals the portable one: text, marks and length, on
        /// bytes of every kind (ASCII letters, punctuation, multi-byte characters, and
        /// bytes that start none), in chunks of any length.
        #[test]
        fn vector_projection_equals_the_portable_one(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    "[a-zA-Z0-9 ]{1,80}",
                    "[ -~]{1,10}",
                    "[\\x00-\\x{FFFF}]{1,4}",
                    proptest::strategy::Strategy::prop_map(
                        proptest::collection::vec(proptest::num::u8::ANY, 1..4),
                        |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned(),
                    ),
                ],
                0..40,
            ),
            raw in proptest::collection::vec(proptest::num::u8::ANY, 0..3),
            from in 0usize..8,
        ) {
            let mut chunk = pieces.concat().into_bytes();
            chunk.extend(raw);
            let run = |vector: bool| {
                let (mut out, mut marks) = (vec![b'#'; from], Vec::new());
                let n = project_with(&chunk, &mut out, from, &mut marks, vector);
                (out[..from + n].to_vec(), marks)
            };
            proptest::prop_assert_eq!(run(true), run(false));
        }
    }

    /// On this machine, which path the test above compared with the portable one.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn the_vector_path_is_used_where_the_cpu_has_it() {
        let has = simd::available();
        eprintln!(
            "AVX-512 VBMI2 projection: {}",
            if has { "compared" } else { "not on this CPU" }
        );
        let mut out = Vec::new();
        let mut marks = Vec::new();
        let n = project_with(b"Chat GPT, 4o!", &mut out, 0, &mut marks, true);
        assert_eq!(&out[..n], b"chatgpt4o");
    }

    #[test]
    fn candidates_point_at_disguised_terms() {
        assert_eq!(candidates("a ｃｈａｔｇｐｔ"), [2]);
        assert_eq!(candidates("é \u{41E}penAI"), [3]);
        // A character cut by the end of a 64-byte block, and one by the end of a chunk.
        let text = format!("{}\u{FF43}hatgpt", "x".repeat(63));
        assert_eq!(candidates(&text), [63]);
        let text = format!("{}\u{FF43}hatgpt", "x".repeat(CHUNK - 1));
        assert_eq!(candidates(&text), [CHUNK - 1]);
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
        // A term joined across markup is a candidate at the joint, inside the term.
        assert_eq!(candidates("x Open&shy;AI"), [6]);
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
    fn decoding_takes_only_whole_shortest_characters() {
        for c in ['é', '’', 'ｃ', '𝐂'] {
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(decode(bytes, 0), (Some(c), c.len_utf8()));
            // Cut short, or at a byte inside it: no character.
            assert_eq!(decode(&bytes[..bytes.len() - 1], 0), (None, 1));
            assert_eq!(decode(bytes, 1), (None, 1));
        }
        // An overlong `/`, a surrogate, a code point past U+10FFFF.
        for bytes in [
            &[0xC0, 0xAF][..],
            &[0xE0, 0x80, 0xAF],
            &[0xED, 0xA0, 0x80],
            &[0xF4, 0x90, 0x80, 0x80],
        ] {
            assert_eq!(decode(bytes, 0), (None, 1), "{bytes:x?}");
        }
    }

    #[test]
    fn core_keeps_ascii_letters_and_digits() {
        assert_eq!(Gate::core("gpt-4").as_deref(), Some("gpt4"));
        assert_eq!(Gate::core("open ai's").as_deref(), Some("openais"));
        assert_eq!(Gate::core("zürich"), None);
    }
}
