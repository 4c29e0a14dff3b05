//! Normalised prose text with a map back to the original bytes.
//!
//! Matching is done on a normalised copy of each prose block: lower case, every run of
//! white space one space, typographic quotes and hyphens in their ASCII forms, invisible
//! characters dropped, inline markup gone. [`Normalizer`] builds that copy from pieces of
//! the source and records, in a sparse list of [`Segment`]s, where each byte came from,
//! so any span found in the normalised text maps back to an exact byte range of the file.
//! The same code normalises lexicon phrases ([`normalize_phrase`]), so a phrase and the
//! text it should match can never be normalised differently.

use std::ops::Range;

use crate::charref;

/// Placeholder written for content that is not prose but sits inside a sentence (inline
/// code, for example): it separates words and never matches anything.
pub const SEPARATOR: char = '\u{FFFC}';

/// Whether `c` is part of a word for whole-word matching.
#[inline]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Characters a reader does not see, dropped so that `Chat\u{AD}GPT` reads as ChatGPT.
#[inline]
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

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
}

impl NormalizedText {
    /// Empties the block, keeping its allocations for the next one.
    pub fn clear(&mut self) {
        self.text.clear();
        self.segments.clear();
        self.markup.clear();
        self.by_end.clear();
        self.finished = None;
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
}

impl Normalizer {
    /// A normaliser that lower-cases (`fold_case`) or keeps case.
    pub fn new(fold_case: bool) -> Self {
        Normalizer {
            fold_case,
            last_space: true,
            last_word: false,
        }
    }

    /// Starts a new block: what came before no longer joins with what follows.
    pub fn reset(&mut self) {
        self.last_space = true;
        self.last_word = false;
    }

    fn record_identity(out: &mut NormalizedText, norm: usize, src: usize) {
        if let Some(last) = out.segments.last()
            && last.is_identity()
            && last.src + (norm - last.norm) == src
        {
            return;
        }
        out.segments.push(Segment {
            norm,
            src,
            src_len: 0,
        });
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
            // Non-ASCII: decode one character.
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            let len = c.len_utf8();
            let src = src_start + i..src_start + i + len;
            if c.is_whitespace() {
                if !self.last_space {
                    let norm = out.text.len();
                    out.text.push(' ');
                    Self::record_mapped(out, norm, src);
                    self.last_space = true;
                    self.last_word = false;
                }
            } else if is_invisible(c) {
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
            } else if self.fold_case && c.is_uppercase() {
                let norm = out.text.len();
                let mut lower = c.to_lowercase();
                let single = lower.len() == 1;
                let first = lower.next().unwrap_or(c);
                if single && first.len_utf8() == len {
                    out.text.push(first);
                    Self::record_identity(out, norm, src.start);
                } else {
                    out.text.push(first);
                    out.text.extend(lower);
                    Self::record_mapped(out, norm, src);
                }
                self.last_space = false;
                self.last_word = is_word_char(first);
            } else {
                let norm = out.text.len();
                out.text.push(c);
                Self::record_identity(out, norm, src.start);
                self.last_space = false;
                self.last_word = is_word_char(c);
            }
            i += len;
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
        let c = ascii_punct(c).unwrap_or(c);
        let norm = out.text.len();
        if self.fold_case {
            out.text.extend(c.to_lowercase());
        } else {
            out.text.push(c);
        }
        if out.text.len() - norm == src.len() && src.len() == c.len_utf8() {
            Self::record_identity(out, norm, src.start);
        } else {
            Self::record_mapped(out, norm, src);
        }
        self.last_space = false;
        self.last_word = is_word_char(c);
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

/// Normalises a lexicon phrase exactly as prose is normalised, trimmed.
pub fn normalize_phrase(phrase: &str, fold_case: bool) -> String {
    let mut out = NormalizedText::default();
    Normalizer::new(fold_case).push_source(&mut out, phrase, 0);
    out.text.trim_end_matches(' ').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> NormalizedText {
        let mut out = NormalizedText::default();
        Normalizer::new(true).push_source(&mut out, s, 0);
        out
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
        assert_eq!(at("éclair"), "ÉCLAIR");
        assert_eq!(at("s"), "s");
    }

    #[test]
    fn length_changing_lowercase_maps_to_whole_char() {
        // U+0130 lowercases to two characters.
        let src = "x\u{130}y";
        let n = norm(src);
        assert_eq!(n.text, "xi\u{307}y");
        let i = n.text.find('y').unwrap();
        assert_eq!(&src[n.to_source(i..i + 1)], "y");
        assert_eq!(&src[n.to_source(1..i)], "\u{130}");
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
        assert_eq!(out.text, "chatgpt enables access, openai <\u{20D2}x");
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
