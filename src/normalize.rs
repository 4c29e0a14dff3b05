//! Normalised prose text with a map back to the original bytes.
//!
//! Matching is done on a normalised copy of each prose block: lower case, every run of
//! white space one space, typographic quotes and hyphens in their ASCII forms, inline
//! markup gone, and characters folded as [`crate::fold`] describes (compatibility forms,
//! accents, invisible characters, look-alike letters). [`Normalizer`] builds that copy from pieces of
//! the source and records, in a sparse list of [`Segment`]s, where each byte came from,
//! so any span found in the normalised text maps back to an exact byte range of the file.
//! The same code normalises lexicon phrases ([`normalize_phrase`]), so a phrase and the
//! text it should match can never be normalised differently.
//!
//! Why one module of this size: the normalised text and the map back to source bytes must
//! be built and read by the same code, or spans could drift; the folding rules themselves
//! are in [`crate::fold`].

use std::ops::Range;

use crate::charref;
use unicode_script::{Script, UnicodeScript};
use unicode_security::MixedScript;

pub use crate::fold::is_word_char;
use crate::fold::{self, Facts, Folder, is_invisible, is_mark};

/// Placeholder written for content that is not prose but sits inside a sentence (inline
/// code, for example): it separates words and never matches anything.
pub const SEPARATOR: char = '\u{FFFC}';

/// The ASCII form of a typographic quote or hyphen, if `c` is one. En dashes are handled
/// apart: they only become `-` between word characters.
#[inline]
fn ascii_punct(c: char) -> Option<char> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => Some('"'),
        '\u{2010}' | '\u{2011}' => Some('-'),
        _ => None,
    }
}

/// A run of normalised bytes and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// First normalised byte of the run.
    pub norm: usize,
    /// Source byte the run starts at.
    pub src: usize,
    /// For a mapped character, its length in the source; 0 for an identity run.
    pub src_len: usize,
}

impl Segment {
    fn is_identity(&self) -> bool {
        self.src_len == 0
    }
}

/// An inline markup element of a block (`**strong**`, `[link](url)`, `<b>…</b>`), as
/// source byte ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markup {
    /// The whole element, delimiters included.
    pub span: Range<usize>,
    /// For an element that only formats its text (emphasis, `<b>` without attributes):
    /// its opening and closing delimiters, which a fix may remove together with the
    /// phrase when all of the element's text is part of it. `None` for an element that
    /// carries something of its own (a link's URL, an attribute): a fix keeps it.
    pub delimiters: Option<(Range<usize>, Range<usize>)>,
}

/// A normalised prose block: its text and the map back to source bytes.
#[derive(Debug, Default, Clone)]
pub struct NormalizedText {
    /// The normalised text.
    pub text: String,
    /// Sorted by `norm`; byte `n` of `text` belongs to the last segment with `norm <= n`.
    /// An identity segment maps its bytes one to one; a mapped segment is one normalised
    /// character that stands for `src_len` source bytes.
    pub segments: Vec<Segment>,
    /// The block's inline markup elements; sorted by start once [`NormalizedText::finish`]
    /// has run. A fix keeps them (see `edit_plan`).
    pub markup: Vec<Markup>,
    /// Indices into `markup`, sorted by the end of the element's span.
    by_end: Vec<u32>,
    /// Set by [`NormalizedText::finish`]: the markup is indexed and whether the segments
    /// map to source bytes in increasing order (they do for every extractor; a fix relies
    /// on it, and is not offered as safe where it does not hold).
    finished: Option<bool>,
    /// Normalised ranges of the letters read as the ASCII letters they imitate (a Cyrillic
    /// `о` in `оpenai`), sorted: a match through one is a disguised term.
    pub look_alikes: Vec<Range<usize>>,
}

impl NormalizedText {
    /// Empties the block, keeping its allocations for the next one.
    pub fn clear(&mut self) {
        self.text.clear();
        self.segments.clear();
        self.markup.clear();
        self.by_end.clear();
        self.finished = None;
        self.look_alikes.clear();
    }

    /// Completes the block once every piece is in: sorts its markup for the lookups a fix
    /// makes and notes whether the map runs in source order. Linear after the sort.
    pub fn finish(&mut self) {
        self.markup
            .sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        self.by_end.clear();
        self.by_end.extend(0..self.markup.len() as u32);
        let markup = &self.markup;
        self.by_end
            .sort_by_key(|&i| (markup[i as usize].span.end, i));
        let mut ordered = true;
        for pair in self.segments.windows(2) {
            let end = if pair[0].is_identity() {
                pair[0].src + (pair[1].norm - pair[0].norm)
            } else {
                pair[0].src + pair[0].src_len
            };
            if end > pair[1].src || pair[1].norm <= pair[0].norm {
                ordered = false;
                break;
            }
        }
        self.finished = Some(ordered);
    }

    /// Whether [`NormalizedText::finish`] has run and found the map in source order.
    pub fn is_ordered(&self) -> bool {
        self.finished == Some(true)
    }

    /// The markup elements whose span starts in the source range `range`, by start.
    pub fn markup_starting_in(&self, range: Range<usize>) -> &[Markup] {
        let from = self.markup.partition_point(|m| m.span.start < range.start);
        let to = self.markup.partition_point(|m| m.span.start < range.end);
        &self.markup[from..to.max(from)]
    }

    /// The markup elements whose span ends in the source range `range` (an end of
    /// `range.start` excluded, `range.end` included), by end.
    pub fn markup_ending_in(&self, range: Range<usize>) -> impl Iterator<Item = &Markup> {
        let end_of = |i: &u32| self.markup[*i as usize].span.end;
        let from = self.by_end.partition_point(|i| end_of(i) <= range.start);
        let to = self.by_end.partition_point(|i| end_of(i) <= range.end);
        self.by_end[from..to.max(from)]
            .iter()
            .map(|&i| &self.markup[i as usize])
    }

    fn segment_at(&self, norm: usize) -> &Segment {
        let i = self.segments.partition_point(|s| s.norm <= norm);
        &self.segments[i.saturating_sub(1)]
    }

    /// The text a reader sees in the normalised range `range` of this block, in its
    /// original case: markup and tags left out, entities and escapes decoded, white space
    /// collapsed. `source` is the document the block was made from.
    pub fn readable(&self, source: &str, range: Range<usize>) -> String {
        let mut out = String::new();
        let Some(text) = self.text.get(range.clone()) else {
            return out;
        };
        for (i, c) in text.char_indices() {
            let n = range.start + i;
            let segment = self.segment_at(n);
            if segment.is_identity() {
                let at = segment.src + (n - segment.norm);
                out.push(source.get(at..).and_then(|s| s.chars().next()).unwrap_or(c));
                continue;
            }
            let src = source
                .get(segment.src..segment.src + segment.src_len)
                .unwrap_or("");
            let mut chars = src.chars();
            let one = chars.next().filter(|_| chars.next().is_none());
            if c.is_whitespace() {
                out.push(' ');
            } else if c == SEPARATOR {
                out.push_str(code_text(src));
            } else if let Some(original) = one.filter(|o| !o.is_whitespace()) {
                // One source character (a typographic quote, a letter that folds to two):
                // keep it as written, once.
                if n == segment.norm {
                    out.push(original);
                }
            } else if let Some(written) = charref::decode(src) {
                // A character reference: what it stands for, in its own case, once.
                if n == segment.norm {
                    out.push_str(&written);
                }
            } else if !src.is_empty()
                && !src.starts_with(['&', '\\'])
                && !src.contains(char::is_whitespace)
            {
                // A letter written with its accents: as written, once.
                if n == segment.norm {
                    out.push_str(src);
                }
            } else {
                // An escape: its decoded character.
                out.push(c);
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The source byte range that the normalised range `range` stands for.
    ///
    /// `range` must be non-empty and lie on character boundaries of `text`.
    pub fn to_source(&self, range: Range<usize>) -> Range<usize> {
        debug_assert!(range.start < range.end && range.end <= self.text.len());
        let first = self.segment_at(range.start);
        let start = if first.is_identity() {
            first.src + (range.start - first.norm)
        } else {
            first.src
        };
        let last_byte = range.end - 1;
        let last = self.segment_at(last_byte);
        let end = if last.is_identity() {
            last.src + (last_byte - last.norm) + 1
        } else {
            last.src + last.src_len
        };
        start..end.max(start)
    }

    /// The source byte range of each run of the normalised range `range`, in order: a
    /// part of an identity segment, or a mapped character's whole source. `range` must lie
    /// on character boundaries of `text`.
    pub fn source_runs(&self, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
        let first = self
            .segments
            .partition_point(|s| s.norm <= range.start)
            .saturating_sub(1);
        let segments = &self.segments;
        let text_len = self.text.len();
        (first..segments.len())
            .take_while(move |&i| segments[i].norm < range.end)
            .filter_map(move |i| {
                let s = segments[i];
                let next = segments.get(i + 1).map_or(text_len, |n| n.norm);
                let lo = s.norm.max(range.start);
                let hi = next.min(range.end);
                if lo >= hi {
                    return None;
                }
                Some(if s.is_identity() {
                    s.src + (lo - s.norm)..s.src + (hi - s.norm)
                } else {
                    s.src..s.src + s.src_len
                })
            })
    }

    /// Whether normalised byte `norm` begins the normalised form of a source character
    /// (false inside the expansion of an entity, an escape or a character whose lower
    /// case is longer).
    pub fn starts_source_char(&self, norm: usize) -> bool {
        if norm >= self.text.len() || self.segments.is_empty() {
            return true;
        }
        let s = self.segment_at(norm);
        s.is_identity() || s.norm == norm
    }

    /// Whether normalised byte `norm` ends the normalised form of a source character.
    pub fn ends_source_char(&self, norm: usize) -> bool {
        if norm == 0 || norm >= self.text.len() {
            return true;
        }
        self.starts_source_char(norm)
    }

    /// The first source byte that normalised byte `norm` stands for.
    pub fn source_start(&self, norm: usize) -> usize {
        let s = self.segment_at(norm);
        if s.is_identity() {
            s.src + (norm - s.norm)
        } else {
            s.src
        }
    }
}

/// The text a reader sees of non-prose content inside a sentence: a Markdown code span
/// without its backticks (and the one space of padding inside them), else as written.
fn code_text(src: &str) -> &str {
    let ticks = src.len() - src.trim_start_matches('`').len();
    if ticks == 0 || !src.ends_with(&src[..ticks]) || src.len() < 2 * ticks {
        return src;
    }
    let inner = &src[ticks..src.len() - ticks];
    match inner.strip_prefix(' ').and_then(|i| i.strip_suffix(' ')) {
        Some(padded) if !padded.trim().is_empty() => padded,
        _ => inner,
    }
}

/// Builds a [`NormalizedText`] from pieces of a source document.
#[derive(Debug)]
pub struct Normalizer {
    fold_case: bool,
    last_space: bool,
    last_word: bool,
    folder: Folder,
    /// The kept marks of the cluster being folded.
    marks: Vec<char>,
}

impl Normalizer {
    /// A normaliser that lower-cases (`fold_case`) or keeps case.
    pub fn new(fold_case: bool) -> Self {
        Normalizer {
            fold_case,
            last_space: true,
            last_word: false,
            folder: Folder::default(),
            marks: Vec::new(),
        }
    }

    /// Starts a new block: what came before no longer joins with what follows.
    pub fn reset(&mut self) {
        self.last_space = true;
        self.last_word = false;
    }

    fn record_identity(out: &mut NormalizedText, norm: usize, src: usize) {
        push_identity(&mut out.segments, norm, src);
    }

    fn record_mapped(out: &mut NormalizedText, norm: usize, src: Range<usize>) {
        out.segments.push(Segment {
            norm,
            src: src.start,
            src_len: (src.end - src.start).max(1),
        });
    }

    /// Appends `text`, which is the source's bytes starting at `src_start`, normalising it.
    pub fn push_source(&mut self, out: &mut NormalizedText, text: &str, src_start: usize) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_whitespace() || b == 0x0B {
                    if !self.last_space {
                        let norm = out.text.len();
                        out.text.push(' ');
                        Self::record_identity(out, norm, src_start + i);
                        self.last_space = true;
                        self.last_word = false;
                    }
                } else {
                    let norm = out.text.len();
                    let c = if self.fold_case {
                        b.to_ascii_lowercase()
                    } else {
                        b
                    };
                    out.text.push(c as char);
                    Self::record_identity(out, norm, src_start + i);
                    self.last_space = false;
                    self.last_word = c.is_ascii_alphanumeric() || c == b'_';
                }
                i += 1;
                continue;
            }
            // Non-ASCII: decode one character. What folding does to it is remembered for
            // prose, which is case-folded.
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            let len = c.len_utf8();
            let src = src_start + i..src_start + i + len;
            let facts = self.fold_case.then(|| fold::facts(c));
            let mark_at = |j: usize| {
                text[j..].chars().next().is_some_and(|m| match facts {
                    Some(_) => !m.is_ascii() && fold::facts(m).is_mark(),
                    None => is_mark(m),
                })
            };
            if c.is_whitespace() {
                if !self.last_space {
                    let norm = out.text.len();
                    out.text.push(' ');
                    Self::record_mapped(out, norm, src);
                    self.last_space = true;
                    self.last_word = false;
                }
            } else if facts.map_or_else(|| is_invisible(c), Facts::is_invisible) {
                // Dropped: the reader sees the neighbours joined.
            } else if let Some(ascii) = ascii_punct(c) {
                self.push_char(out, ascii, src);
            } else if c == '\u{2013}' {
                let next_is_word = text[i + len..].chars().next().is_some_and(is_word_char);
                let ascii = if self.last_word && next_is_word {
                    '-'
                } else {
                    c
                };
                self.push_char(out, ascii, src);
            } else if facts.map_or_else(|| is_mark(c), Facts::is_mark) {
                self.push_mark(out, c, src);
            } else if let Some(f) = facts.filter(|f| f.is_plain())
                && !mark_at(i + len)
            {
                // Folds to itself and carries no mark: as in the source.
                let norm = out.text.len();
                out.text.push(c);
                Self::record_identity(out, norm, src.start);
                self.last_space = false;
                self.last_word = f.is_word();
            } else {
                // A letter or symbol, folded with the marks that follow it.
                let keep = self.folder.keeps_marks_of(c);
                let mut end = i + len;
                self.marks.clear();
                while mark_at(end) && !(keep && self.marks.len() == fold::MAX_MARKS) {
                    let m = text[end..].chars().next().unwrap_or(' ');
                    if keep {
                        self.marks.push(m);
                    }
                    end += m.len_utf8();
                }
                self.push_folded(out, c, &text[i..end], src_start + i);
                i = end;
                continue;
            }
            i += len;
        }
    }

    /// Appends the folded form of the cluster `cluster` (the source bytes at `src`): its
    /// first character `c` and the kept marks in `self.marks`.
    fn push_folded(&mut self, out: &mut NormalizedText, c: char, cluster: &str, src: usize) {
        let norm = out.text.len();
        self.folder
            .fold(c, &self.marks, self.fold_case, &mut out.text);
        let folded = &out.text[norm..];
        let Some(last) = folded.chars().next_back() else {
            return;
        };
        let one_for_one = folded.len() == cluster.len()
            && folded.chars().count() == 1
            && cluster.chars().count() == 1;
        if folded == cluster || one_for_one {
            Self::record_identity(out, norm, src);
        } else {
            Self::record_mapped(out, norm, src..src + cluster.len());
        }
        self.last_space = false;
        self.last_word = is_word_char(last);
    }

    /// Appends a mark that no letter before it in the same piece took: dropped, with the
    /// letter before it (whose source it extends, so that a rewrite of the letter takes
    /// its accent too), unless that letter's marks are part of its spelling.
    fn push_mark(&mut self, out: &mut NormalizedText, c: char, src: Range<usize>) {
        let base = out.text.chars().rev().find(|&b| !is_mark(b));
        if base.is_some_and(fold::keeps_marks) {
            let norm = out.text.len();
            out.text.push(c);
            Self::record_mapped(out, norm, src);
            self.last_space = false;
            self.last_word = is_word_char(c);
            return;
        }
        let Some(last) = out.text.chars().next_back() else {
            return;
        };
        let at = out.text.len() - last.len_utf8();
        let Some(segment) = out.segments.last_mut() else {
            return;
        };
        if segment.is_identity() {
            let start = segment.src + (at - segment.norm);
            if start + last.len_utf8() != src.start {
                return;
            }
            let mapped = Segment {
                norm: at,
                src: start,
                src_len: last.len_utf8() + src.len(),
            };
            if segment.norm == at {
                *segment = mapped;
            } else {
                out.segments.push(mapped);
            }
        } else if segment.src + segment.src_len == src.start {
            segment.src_len += src.len();
        }
    }

    /// Appends one character that stands for the source bytes `src` (an entity, an
    /// escape, a decoded character).
    pub fn push_char(&mut self, out: &mut NormalizedText, c: char, src: Range<usize>) {
        if c.is_whitespace() {
            self.push_space(out, src);
            return;
        }
        if is_invisible(c) {
            return;
        }
        if is_mark(c) {
            self.push_mark(out, c, src);
            return;
        }
        let c = ascii_punct(c).unwrap_or(c);
        let norm = out.text.len();
        if c.is_ascii() {
            out.text.push(if self.fold_case {
                c.to_ascii_lowercase()
            } else {
                c
            });
        } else {
            self.folder.fold(c, &[], self.fold_case, &mut out.text);
        }
        let folded = &out.text[norm..];
        let Some(last) = folded.chars().next_back() else {
            return;
        };
        let one_char = folded.chars().count() == 1;
        if one_char && folded.len() == src.len() && src.len() == c.len_utf8() {
            Self::record_identity(out, norm, src.start);
        } else {
            Self::record_mapped(out, norm, src);
        }
        self.last_space = false;
        self.last_word = is_word_char(last);
    }

    /// Completes a block: reads look-alike letters as the ASCII letters they imitate
    /// ([`fold::look_alike`]) in every word (run of text between spaces) that mixes
    /// scripts, and every Latin one (a dotless `ı`), recording them in
    /// [`NormalizedText::look_alikes`]. A word of one other script (all Cyrillic, all
    /// Greek) is left alone: it is real text in that language. Runs on the whole block
    /// because markup can split a word into pieces (`О**pen**AI`).
    pub fn finish(&mut self, out: &mut NormalizedText) {
        let mut found: Vec<(Range<usize>, String)> = Vec::new();
        let text = &out.text;
        let is_break = |c: char| c.is_whitespace() || c == SEPARATOR;
        // Only words with a non-ASCII character can hold a look-alike: find each such
        // character, then its word, and go on after that word.
        let mut at = 0;
        while let Some(k) = text.as_bytes()[at..].iter().position(|&b| b >= 0x80) {
            let i = at + k;
            let c = text[i..].chars().next().unwrap_or(' ');
            if is_break(c) {
                at = i + c.len_utf8();
                continue;
            }
            let word_start = text[..i]
                .char_indices()
                .rev()
                .find(|&(_, b)| is_break(b))
                .map_or(0, |(j, b)| j + b.len_utf8());
            let word_end = text[i..].find(is_break).map_or(text.len(), |j| i + j);
            at = word_end;
            let word = &text[word_start..word_end];
            if self.fold_case && needs_no_look_alikes(word) {
                continue;
            }
            let look_alike = |w: char| match self.fold_case {
                true => fold::facts(w)
                    .look_alike()
                    .map(|(bytes, n)| String::from_utf8_lossy(&bytes[..n]).into_owned()),
                false => fold::look_alike(w, false),
            };
            // Whether the word mixes scripts is asked only of a word with a look-alike.
            let mut mixed = None;
            for (j, w) in word.char_indices().filter(|(_, w)| !w.is_ascii()) {
                let Some(ascii) = look_alike(w) else {
                    continue;
                };
                let mixed = *mixed.get_or_insert_with(|| !word.is_single_script());
                if mixed || w.script() == Script::Latin {
                    let at = word_start + j;
                    found.push((at..at + w.len_utf8(), ascii));
                }
            }
        }
        if !found.is_empty() {
            replace_chars(out, &found);
        }
    }

    /// Appends white space standing for `src` (a soft line break, a `<br>`), collapsing it
    /// with white space around it.
    pub fn push_space(&mut self, out: &mut NormalizedText, src: Range<usize>) {
        if !self.last_space {
            let norm = out.text.len();
            out.text.push(' ');
            Self::record_mapped(out, norm, src);
            self.last_space = true;
            self.last_word = false;
        }
    }

    /// Appends a [`SEPARATOR`] standing for non-prose content inside a sentence.
    pub fn push_separator(&mut self, out: &mut NormalizedText, src: Range<usize>) {
        let norm = out.text.len();
        out.text.push(SEPARATOR);
        Self::record_mapped(out, norm, src);
        self.last_space = false;
        self.last_word = false;
    }

    /// Appends `decoded`, the decoded form of `raw` (the source bytes starting at
    /// `raw_start`, with entities and escapes unresolved), aligning the two so that every
    /// character written literally keeps its exact source position.
    pub fn push_decoded(
        &mut self,
        out: &mut NormalizedText,
        decoded: &str,
        raw: &str,
        raw_start: usize,
    ) {
        if raw == decoded {
            self.push_source(out, decoded, raw_start);
            return;
        }
        let mut j = 0; // position in raw
        let mut i = 0; // position in decoded
        while let Some(c) = decoded[i..].chars().next() {
            loop {
                let rest = &raw[j..];
                if let Some((raw_len, decoded_len)) = charref::reading(rest, &decoded[i..]) {
                    // A character reference: what it decodes to (one character, or two for
                    // a few names) stands for all of it.
                    let src = raw_start + j..raw_start + j + raw_len;
                    for c in decoded[i..i + decoded_len].chars() {
                        self.push_char(out, c, src.clone());
                    }
                    j += raw_len;
                    i += decoded_len;
                    break;
                }
                if rest.starts_with(c) {
                    let mut buf = [0u8; 4];
                    self.push_source(out, c.encode_utf8(&mut buf), raw_start + j);
                    j += c.len_utf8();
                    i += c.len_utf8();
                    break;
                }
                if let Some(escaped) = rest.strip_prefix('\\') {
                    if escaped.starts_with(c) {
                        // A backslash escape: the character stands for both bytes.
                        let end = j + 1 + c.len_utf8();
                        self.push_char(out, c, raw_start + j..raw_start + end);
                        j = end;
                        i += c.len_utf8();
                        break;
                    }
                    j += 1;
                    continue;
                }
                if rest.starts_with('\r') {
                    j += 1;
                    continue;
                }
                // Unknown difference: attribute the character to the next source character,
                // or to the last one when the source ran out (a parser may leave a trailing
                // `&` out of its span).
                let (at, len) = match rest.chars().next() {
                    Some(r) => (j, r.len_utf8()),
                    None => raw
                        .char_indices()
                        .next_back()
                        .map_or((j, 0), |(k, r)| (k, r.len_utf8())),
                };
                self.push_char(out, c, raw_start + at..raw_start + at + len);
                j += rest.chars().next().map_or(0, char::len_utf8);
                i += c.len_utf8();
                break;
            }
        }
    }
}

/// Whether the folded `word` surely has no letter to read as a look-alike: it has none
/// that imitates an ASCII letter, or its letters are all of one script other than Latin
/// (a Cyrillic or Greek word). A quick pass over remembered facts; words it is not sure
/// of get the exact test.
fn needs_no_look_alikes(word: &str) -> bool {
    let mut script = None;
    let mut one_script = true;
    let mut any = false;
    for w in word.chars() {
        if w.is_ascii() {
            one_script &= !w.is_ascii_alphabetic();
            continue;
        }
        let facts = fold::facts(w);
        any |= facts.look_alike().is_some();
        let s = facts.script_id();
        one_script &= !facts.is_script(Script::Common)
            && !facts.is_script(Script::Inherited)
            && !facts.is_script(Script::Latin)
            && *script.get_or_insert(s) == s;
    }
    !any || one_script
}

fn push_identity(segments: &mut Vec<Segment>, norm: usize, src: usize) {
    if let Some(last) = segments.last()
        && last.is_identity()
        && last.src + (norm - last.norm) == src
    {
        return;
    }
    segments.push(Segment {
        norm,
        src,
        src_len: 0,
    });
}

/// Rewrites `out` with the characters at the normalised ranges of `replacements` (sorted,
/// each one whole character) replaced, keeping every other character's map to the source;
/// a replaced character maps to the source of the character it replaces.
fn replace_chars(out: &mut NormalizedText, replacements: &[(Range<usize>, String)]) {
    let old_text = std::mem::take(&mut out.text);
    let old_segments = std::mem::take(&mut out.segments);
    let mut text = String::with_capacity(old_text.len());
    let mut segments = Vec::with_capacity(old_segments.len() + 2 * replacements.len());
    let mut next = replacements.iter().peekable();
    let mut s = 0;
    // The old mapped segment the last segment written stands for.
    let mut mapped_from = None;
    for (n, c) in old_text.char_indices() {
        while s + 1 < old_segments.len() && old_segments[s + 1].norm <= n {
            s += 1;
        }
        let segment: Segment = old_segments[s];
        let norm = text.len();
        if let Some((_, ascii)) = next.next_if(|(range, _)| range.start == n) {
            text.push_str(ascii);
            let (src, src_len) = if segment.is_identity() {
                (segment.src + (n - segment.norm), c.len_utf8())
            } else {
                (segment.src, segment.src_len)
            };
            segments.push(Segment { norm, src, src_len });
            out.look_alikes.push(norm..text.len());
            mapped_from = (!segment.is_identity()).then_some(s);
            continue;
        }
        text.push(c);
        if segment.is_identity() {
            push_identity(&mut segments, norm, segment.src + (n - segment.norm));
        } else if mapped_from != Some(s) {
            segments.push(Segment { norm, ..segment });
            mapped_from = Some(s);
        }
    }
    out.text = text;
    out.segments = segments;
}

/// Normalises a lexicon phrase exactly as prose is normalised, trimmed.
pub fn normalize_phrase(phrase: &str, fold_case: bool) -> String {
    let mut out = NormalizedText::default();
    let mut normalizer = Normalizer::new(fold_case);
    normalizer.push_source(&mut out, phrase, 0);
    normalizer.finish(&mut out);
    out.text.trim_end_matches(' ').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> NormalizedText {
        let mut out = NormalizedText::default();
        let mut normalizer = Normalizer::new(true);
        normalizer.push_source(&mut out, s, 0);
        normalizer.finish(&mut out);
        out
    }

    /// The source text of the normalised occurrence of `needle` in `n`.
    fn source_of<'s>(n: &NormalizedText, src: &'s str, needle: &str) -> &'s str {
        let i = n
            .text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} in {:?}", n.text));
        &src[n.to_source(i..i + needle.len())]
    }

    #[test]
    fn folds_case_space_quotes_and_hyphens() {
        assert_eq!(
            norm("  OpenAI’s   Chat\u{A0}GPT\n“models”").text,
            "openai's chat gpt \"models\""
        );
        assert_eq!(
            norm("GPT\u{2011}4 and A\u{2013}B but A \u{2013} B").text,
            "gpt-4 and a-b but a \u{2013} b"
        );
        assert_eq!(norm("Chat\u{AD}GPT").text, "chatgpt");
    }

    #[test]
    fn maps_spans_back_to_source_bytes() {
        let src = "Enables\n   access’s ÉCLAIR";
        let n = norm(src);
        let at = |needle: &str| {
            let i = n.text.find(needle).unwrap();
            let r = n.to_source(i..i + needle.len());
            &src[r]
        };
        assert_eq!(at("enables access"), "Enables\n   access");
        assert_eq!(at("access'"), "access’");
        assert_eq!(at("eclair"), "ÉCLAIR");
        assert_eq!(at("s"), "s");
    }

    #[test]
    fn length_changing_lowercase_maps_to_whole_char() {
        // U+023A (two bytes) lowercases to U+2C65 (three).
        let src = "x\u{23A}y";
        let n = norm(src);
        assert_eq!(n.text, "x\u{2C65}y");
        let i = n.text.find('y').unwrap();
        assert_eq!(&src[n.to_source(i..i + 1)], "y");
        assert_eq!(&src[n.to_source(1..i)], "\u{23A}");
        // U+0130 is a capital I with a dot: the dot is an accent, dropped.
        let src = "x\u{130}y";
        let n = norm(src);
        assert_eq!(n.text, "xiy");
        assert_eq!(source_of(&n, src, "i"), "\u{130}");
    }

    #[test]
    fn compatibility_forms_map_to_their_source_characters() {
        let src = "SRE ｅｎａｂｌｅｓ access to o\u{FB03}ce";
        let n = norm(src);
        assert_eq!(n.text, "sre enables access to office");
        assert_eq!(
            source_of(&n, src, "enables access"),
            "ｅｎａｂｌｅｓ access"
        );
        assert_eq!(source_of(&n, src, "nab"), "ｎａｂ");
        // One ligature stands for three letters: any of them maps to all of it.
        assert_eq!(source_of(&n, src, "office"), "o\u{FB03}ce");
        assert_eq!(source_of(&n, src, "i"), "\u{FB03}");
        assert_eq!(n.readable(src, 0..n.text.len()), src);
    }

    #[test]
    fn accents_are_dropped_and_go_with_their_letter() {
        let src = "acce\u{301}ss caf\u{E9} A\u{301}\u{302}\u{303}B";
        let n = norm(src);
        assert_eq!(n.text, "access cafe ab");
        assert_eq!(source_of(&n, src, "access"), "acce\u{301}ss");
        // A combining accent is part of the letter it follows, so a rewrite of a phrase
        // ending on that letter takes the accent too, and one starting after it does not.
        assert_eq!(source_of(&n, src, "acce"), "acce\u{301}");
        assert_eq!(source_of(&n, src, "ss"), "ss");
        assert_eq!(source_of(&n, src, "ab"), "A\u{301}\u{302}\u{303}B");
        assert_eq!(source_of(&n, src, "cafe"), "caf\u{E9}");
        assert_eq!(n.readable(src, 0..n.text.len()), src);
        // However many marks a letter carries.
        let zalgo = format!("x{}y", "\u{301}".repeat(10_000));
        let n = norm(&zalgo);
        assert_eq!(n.text, "xy");
        assert_eq!(source_of(&n, &zalgo, "x"), &zalgo[..zalgo.len() - 1]);
        // A mark in a piece of its own (after markup) is dropped; it extends the letter
        // before it only when it follows it in the source.
        let mut out = NormalizedText::default();
        let mut normalizer = Normalizer::new(true);
        normalizer.push_source(&mut out, "cafe", 0);
        normalizer.push_source(&mut out, "\u{301}", 4);
        normalizer.push_source(&mut out, "x", 8);
        normalizer.push_source(&mut out, "\u{301}", 12);
        assert_eq!(out.text, "cafex");
        assert_eq!(out.to_source(3..4), 3..6);
        assert_eq!(out.to_source(4..5), 8..9);
    }

    #[test]
    fn invisible_characters_are_dropped() {
        let src = "Chat\u{2060}G\u{200D}P\u{FE0F}T\u{202E}";
        let n = norm(src);
        assert_eq!(n.text, "chatgpt");
        assert_eq!(
            source_of(&n, src, "chatgpt"),
            "Chat\u{2060}G\u{200D}P\u{FE0F}T"
        );
    }

    #[test]
    fn look_alike_letters_in_mixed_words_read_as_ascii() {
        let src = "О**pen**AI and Bedrοck, GPT-З, OpenAı; Сова ΟΝΕ";
        let mut out = NormalizedText::default();
        let mut normalizer = Normalizer::new(true);
        for (piece, at) in [
            ("О", 0),
            ("pen", 4),
            ("AI and Bedrοck, GPT-З, OpenAı; Сова ΟΝΕ", 9),
        ] {
            normalizer.push_source(&mut out, piece, at);
        }
        normalizer.finish(&mut out);
        // Words all in Cyrillic or all in Greek are real words of those languages.
        assert_eq!(out.text, "openai and bedrock, gpt-3, openai; сова ονε");
        assert_eq!(out.look_alikes.len(), 4);
        assert_eq!(source_of(&out, src, "openai and"), "О**pen**AI and");
        assert_eq!(source_of(&out, src, "o"), "О");
        assert_eq!(source_of(&out, src, "bedrock"), "Bedrοck");
        assert_eq!(source_of(&out, src, "gpt-3"), "GPT-З");
        assert_eq!(source_of(&out, src, "сова"), "Сова");
        for r in &out.look_alikes {
            assert!(!src[out.to_source(r.clone())].is_ascii());
        }
        // What the reader sees is still the original.
        assert_eq!(out.readable(src, 0..19), "ОpenAI and Bedrοck,");
        assert_eq!(normalize_phrase("ОpenAI", false), "OpenAI");
    }

    #[test]
    fn decoded_text_aligns_entities_and_escapes() {
        let source = "AT&amp;T \\*calls\\* on";
        let mut out = NormalizedText::default();
        Normalizer::new(true).push_decoded(&mut out, "AT&T *calls* on", source, 0);
        assert_eq!(out.text, "at&t *calls* on");
        let i = out.text.find("calls").unwrap();
        assert_eq!(&source[out.to_source(i..i + 5)], "calls");
        assert_eq!(&source[out.to_source(2..3)], "&amp;");
    }

    #[test]
    fn every_reference_maps_to_its_own_bytes() {
        // As HTML decodes it: `&nbsp` needs no semicolon, `&nvlt;` is two characters.
        let source = "Chat&#71;PT enables&nbspaccess, Open&shy;AI &nvlt;x";
        let decoded = "ChatGPT enables\u{A0}access, Open\u{AD}AI <\u{20D2}x";
        let mut out = NormalizedText::default();
        Normalizer::new(true).push_decoded(&mut out, decoded, source, 0);
        // The combining overlay of `&nvlt;` is folded away, as every combining mark is.
        assert_eq!(out.text, "chatgpt enables access, openai <x");
        let at = |needle: &str| {
            let i = out.text.find(needle).unwrap();
            &source[out.to_source(i..i + needle.len())]
        };
        assert_eq!(at("chatgpt"), "Chat&#71;PT");
        assert_eq!(at("g"), "&#71;");
        assert_eq!(at("enables access"), "enables&nbspaccess");
        assert_eq!(at("access"), "access");
        assert_eq!(at("openai"), "Open&shy;AI");
        assert_eq!(at("x"), "x");
        assert_eq!(out.readable(source, 0..7), "ChatGPT");
    }

    #[test]
    fn readable_text_is_the_original_without_markup() {
        let src = "Enables\n   access’s \u{130}x";
        let n = norm(src);
        assert_eq!(
            n.readable(src, 0..n.text.len()),
            "Enables access’s \u{130}x"
        );
        // Entities decode; what lies between pieces (tags) is left out.
        let source = "<b>Open</b>&nbsp;AI &amp; more";
        let mut out = NormalizedText::default();
        let mut normalizer = Normalizer::new(true);
        normalizer.push_source(&mut out, "Open", 3);
        normalizer.push_decoded(&mut out, "\u{A0}AI & more", "&nbsp;AI &amp; more", 11);
        assert_eq!(out.text, "open ai & more");
        assert_eq!(out.readable(source, 0..out.text.len()), "Open AI & more");
        assert_eq!(out.readable(source, 5..7), "AI");
    }

    #[test]
    fn phrases_normalise_like_prose() {
        assert_eq!(
            normalize_phrase(" Enables  Access ", true),
            "enables access"
        );
        assert_eq!(normalize_phrase("OpenAI’s", false), "OpenAI's");
    }
}
