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

/// A normalised prose block: its text and the map back to source bytes.
#[derive(Debug, Default, Clone)]
pub struct NormalizedText {
    /// The normalised text.
    pub text: String,
    /// Sorted by `norm`; byte `n` of `text` belongs to the last segment with `norm <= n`.
    /// An identity segment maps its bytes one to one; a mapped segment is one normalised
    /// character that stands for `src_len` source bytes.
    pub segments: Vec<Segment>,
    /// Source ranges of inline markup elements in the block (`**strong**`, `[link](url)`):
    /// a reported span that cuts one of them is widened to cover it, so a rewrite never
    /// leaves a delimiter unbalanced.
    pub markup: Vec<Range<usize>>,
}

impl NormalizedText {
    /// Empties the block, keeping its allocations for the next one.
    pub fn clear(&mut self) {
        self.text.clear();
        self.segments.clear();
        self.markup.clear();
    }

    /// Widens the source range `span` until it cuts no markup element: an element that
    /// overlaps it only partly is taken in whole.
    pub fn balance(&self, mut span: Range<usize>) -> Range<usize> {
        loop {
            let mut changed = false;
            for m in &self.markup {
                let overlaps = m.start < span.end && span.start < m.end;
                let inside = m.start >= span.start && m.end <= span.end;
                let around = m.start <= span.start && m.end >= span.end;
                if overlaps && !inside && !around {
                    span = span.start.min(m.start)..span.end.max(m.end);
                    changed = true;
                }
            }
            if !changed {
                return span;
            }
        }
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
            } else {
                // An entity or escape: its decoded character.
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
        let src_end = raw_start + raw.len();
        let mut j = 0; // position in raw
        for c in decoded.chars() {
            loop {
                let rest = &raw[j..];
                if let Some(len) = entity_len(rest) {
                    // A character reference stands for one decoded character.
                    self.push_char(out, c, raw_start + j..raw_start + j + len);
                    j += len;
                    break;
                }
                if rest.starts_with(c) {
                    let mut buf = [0u8; 4];
                    self.push_source(out, c.encode_utf8(&mut buf), raw_start + j);
                    j += c.len_utf8();
                    break;
                }
                if let Some(escaped) = rest.strip_prefix('\\') {
                    if escaped.starts_with(c) {
                        // A backslash escape: the character stands for both bytes.
                        let end = j + 1 + c.len_utf8();
                        self.push_char(out, c, raw_start + j..raw_start + end);
                        j = end;
                        break;
                    }
                    j += 1;
                    continue;
                }
                if rest.starts_with('\r') {
                    j += 1;
                    continue;
                }
                // Unknown difference: attribute the character to the next source character.
                let len = rest.chars().next().map_or(0, char::len_utf8);
                let start = (raw_start + j).min(src_end.saturating_sub(1).max(raw_start));
                self.push_char(
                    out,
                    c,
                    start
                        ..(raw_start + j + len)
                            .max(start + 1)
                            .min(src_end.max(start + 1)),
                );
                j += len;
                break;
            }
        }
    }
}

/// The length of the character reference (`&amp;`, `&#39;`, `&#x27;`) at the start of
/// `text`, if there is one.
fn entity_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix('&')?;
    let end = body.bytes().take(33).position(|b| b == b';')?;
    let name = &body.as_bytes()[..end];
    let valid = !name.is_empty() && name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'#');
    valid.then_some(end + 2)
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
