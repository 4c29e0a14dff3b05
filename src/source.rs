//! A document's bytes as text, and positions in it for people and for editors.
//!
//! Spans stay byte ranges into the original file everywhere; this module converts them to
//! 1-based lines and columns (counted in Unicode scalar values) and to the UTF-16 code
//! units the Language Server Protocol counts in. `\n`, `\r\n` and a lone `\r` all end a
//! line. A byte order mark is not a character of the first line: the first column is the
//! one after it, as editors show it.

use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;

/// The character written in place of each byte that is not valid UTF-8: one byte for one
/// byte, so every offset of the text is an offset of the file.
pub const INVALID_BYTE: char = '\u{1A}';

/// A file's bytes as text.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text; borrowed when the file is valid UTF-8.
    pub text: Cow<'a, str>,
    /// Offset of the first byte that is not valid UTF-8, if any.
    pub first_invalid: Option<usize>,
}

/// Decodes `bytes` as UTF-8, replacing each invalid byte by [`INVALID_BYTE`] so that
/// offsets are unchanged.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: Cow::Borrowed(text),
            first_invalid: None,
        },
        Err(first) => {
            let mut out = String::with_capacity(bytes.len());
            let mut rest = bytes;
            loop {
                match std::str::from_utf8(rest) {
                    Ok(valid) => {
                        out.push_str(valid);
                        break;
                    }
                    Err(err) => {
                        let (valid, after) = rest.split_at(err.valid_up_to());
                        // Safe by construction: `valid_up_to` bytes are valid UTF-8.
                        out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                        let bad = err.error_len().unwrap_or(after.len());
                        for _ in 0..bad {
                            out.push(INVALID_BYTE);
                        }
                        rest = &after[bad..];
                    }
                }
            }
            Decoded {
                text: Cow::Owned(out),
                first_invalid: Some(first.valid_up_to()),
            }
        }
    }
}

/// Where the first line's text starts: after a byte order mark, if the text has one.
fn first_line_start(text: &str) -> usize {
    if text.starts_with('\u{FEFF}') {
        '\u{FEFF}'.len_utf8()
    } else {
        0
    }
}

/// A position for people (1-based line and column) and for editors (UTF-16).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values.
    pub column: usize,
    /// 0-based column in UTF-16 code units (the LSP default).
    pub utf16: usize,
}

/// Where lines start in a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![first_line_start(text)];
        let mut i = 0;
        while let Some(j) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + j;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(next);
            i = next;
        }
        LineIndex { starts }
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether there are no lines (never: an empty text has one empty line).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Byte range of 0-based `line`, without its terminator.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.starts[line.min(self.starts.len() - 1)];
        let mut end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// The position of byte `offset` (clamped to the text and to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line].min(offset);
        let before = &text[start..offset];
        Position {
            line: line + 1,
            column: before.chars().count() + 1,
            utf16: before.chars().map(char::len_utf16).sum(),
        }
    }

    /// The byte offset of a 0-based line and UTF-16 column (LSP positions), clamped to
    /// the line's end; `None` past the last line.
    pub fn offset_of_utf16(&self, text: &str, line: usize, utf16: usize) -> Option<usize> {
        if line >= self.starts.len() {
            return None;
        }
        let range = self.line_range(text, line);
        let mut units = 0;
        for (i, c) in text[range.clone()].char_indices() {
            if units >= utf16 {
                return Some(range.start + i);
            }
            units += c.len_utf16();
        }
        Some(range.end)
    }
}

/// Positions of offsets asked in about increasing order, without an index of every line:
/// memory stays constant however large the file (a 1 GB file has tens of millions of
/// lines).
///
/// The locator keeps a cursor (offset, line, column) and moves it to each offset asked,
/// counting only the characters in between, so the positions of many findings on one long
/// line (a minified page, a 1 MB paragraph) cost the length of the line once, not once
/// per finding. Moving back within the cursor's line is as cheap; moving back to an
/// earlier line costs the distance plus that line's length up to the offset.
#[derive(Debug)]
pub struct Locator<'t> {
    text: &'t str,
    /// The cursor: a character boundary of `text`.
    at: usize,
    /// 0-based line of the cursor, and where that line starts.
    line: usize,
    line_start: usize,
    /// Characters and UTF-16 units from `line_start` to `at`.
    chars: usize,
    utf16: usize,
    /// Where the cursor's line ends (its first terminator), once someone asked.
    line_end: Cell<Option<usize>>,
    /// Bytes the cursor moved over, for tests that pin the work done.
    #[cfg(test)]
    work: usize,
}

impl<'t> Locator<'t> {
    /// A locator at the start of `text`.
    pub fn new(text: &'t str) -> Self {
        Locator {
            text,
            at: 0,
            line: 0,
            line_start: 0,
            chars: 0,
            utf16: 0,
            line_end: Cell::new(None),
            #[cfg(test)]
            work: 0,
        }
    }

    /// Moves the cursor forward to `offset` (a character boundary, `>= self.at`).
    fn forward(&mut self, offset: usize) {
        let bytes = self.text.as_bytes();
        #[cfg(test)]
        {
            self.work += offset - self.at;
        }
        let mut from = self.at;
        while let Some(i) = memchr::memchr2(b'\n', b'\r', &bytes[from..offset]) {
            let end = from + i;
            let next = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                end + 2
            } else {
                end + 1
            };
            if next > offset {
                // `offset` falls between a `\r` and its `\n`: still on this line. The pair is
                // counted as one line break when the cursor moves past the `\n`, which is
                // then read as a line break of its own.
                break;
            }
            self.line += 1;
            self.line_start = next;
            self.line_end.set(None);
            self.chars = 0;
            self.utf16 = 0;
            from = next;
        }
        let (chars, utf16) = count(&self.text[from..offset]);
        self.chars += chars;
        self.utf16 += utf16;
        self.at = offset;
    }

    /// Moves the cursor back to `offset` (a character boundary, `< self.at`).
    fn backward(&mut self, offset: usize) {
        #[cfg(test)]
        {
            self.work += self.at - offset;
        }
        if offset >= self.line_start {
            let (chars, utf16) = count(&self.text[offset..self.at]);
            self.chars -= chars;
            self.utf16 -= utf16;
            self.at = offset;
            return;
        }
        // An earlier line: count the line breaks back to it, then its columns.
        let bytes = self.text.as_bytes();
        let start = line_start_of(bytes, offset);
        let mut breaks = 0;
        let mut i = start;
        while let Some(j) = memchr::memchr2(b'\n', b'\r', &bytes[i..self.line_start]) {
            let end = i + j;
            i = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                end + 2
            } else {
                end + 1
            };
            breaks += 1;
        }
        #[cfg(test)]
        {
            self.work += offset - start;
        }
        let (chars, utf16) = count(&self.text[start..offset]);
        self.line -= breaks;
        self.line_start = start;
        self.line_end.set(None);
        self.chars = chars;
        self.utf16 = utf16;
        self.at = offset;
    }

    /// The position of byte `offset` (clamped to the text and to a character boundary).
    pub fn position(&mut self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset >= self.at {
            self.forward(offset);
        } else {
            self.backward(offset);
        }
        // A byte order mark is not a character of the first line.
        let bom = if self.line_start == 0 && offset > 0 {
            usize::from(first_line_start(self.text) > 0)
        } else {
            0
        };
        Position {
            line: self.line + 1,
            column: self.chars - bom + 1,
            utf16: self.utf16 - bom,
        }
    }

    /// Where the line starting at `start` begins for `offset` on it: after a byte order
    /// mark at the start of the text.
    fn skip_bom(&self, start: usize, offset: usize) -> usize {
        if start == 0 {
            first_line_start(self.text).min(offset)
        } else {
            start
        }
    }

    /// Byte range of the line holding `offset`, without its terminator. Cheap for an
    /// offset on the line of the last [`Locator::position`] asked.
    pub fn line_around(&self, offset: usize) -> Range<usize> {
        let bytes = self.text.as_bytes();
        let offset = offset.min(bytes.len());
        if offset >= self.line_start {
            let line_end = self.line_end.get().unwrap_or_else(|| {
                let end = memchr::memchr2(b'\n', b'\r', &bytes[self.line_start..])
                    .map_or(bytes.len(), |i| self.line_start + i);
                self.line_end.set(Some(end));
                end
            });
            if offset <= line_end {
                return self.skip_bom(self.line_start, offset)..line_end;
            }
        }
        let start = memchr::memrchr2(b'\n', b'\r', &bytes[..offset])
            .map_or_else(|| first_line_start(self.text).min(offset), |i| i + 1);
        let end =
            memchr::memchr2(b'\n', b'\r', &bytes[offset..]).map_or(bytes.len(), |i| offset + i);
        start..end
    }

    /// The text being located in.
    pub fn text(&self) -> &'t str {
        self.text
    }
}

/// Where the line holding byte `offset` starts. A `\r` just before a `\n` at `offset` ends
/// no line yet: `offset` is on the `\r`'s line.
fn line_start_of(bytes: &[u8], offset: usize) -> usize {
    let mut end = offset;
    if bytes.get(offset) == Some(&b'\n') && offset > 0 && bytes[offset - 1] == b'\r' {
        end -= 1;
    }
    memchr::memrchr2(b'\n', b'\r', &bytes[..end]).map_or(0, |i| i + 1)
}

/// Characters and UTF-16 units in `text`.
fn count(text: &str) -> (usize, usize) {
    if text.is_ascii() {
        return (text.len(), text.len());
    }
    let chars = text.chars().count();
    // Characters outside the Basic Multilingual Plane (4 bytes in UTF-8) take two units.
    let astral = text.bytes().filter(|&b| b >= 0xF0).count();
    (chars, chars + astral)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_bytes_keep_offsets() {
        let bytes = b"caf\xe9 calls on \xe2\x80 ChatGPT";
        let d = decode(bytes);
        assert_eq!(d.first_invalid, Some(3));
        assert_eq!(d.text.len(), bytes.len());
        assert_eq!(&d.text[5..13], "calls on");
        assert!(decode("ok".as_bytes()).first_invalid.is_none());
    }

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        let text = "a\r\nb\rc\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.len(), 4);
        assert_eq!(idx.position(text, text.find('c').unwrap()).line, 3);
        assert_eq!(
            idx.position(text, text.find('d').unwrap()),
            Position {
                line: 4,
                column: 1,
                utf16: 0
            }
        );
        assert_eq!(&text[idx.line_range(text, 0)], "a");
    }

    #[test]
    fn columns_count_characters_and_utf16_units() {
        let text = "é😀x";
        let idx = LineIndex::new(text);
        let p = idx.position(text, text.find('x').unwrap());
        assert_eq!((p.column, p.utf16), (3, 3));
        assert_eq!(
            idx.offset_of_utf16(text, 0, 3),
            Some(text.find('x').unwrap())
        );
        assert_eq!(idx.offset_of_utf16(text, 0, 99), Some(text.len()));
        assert_eq!(idx.offset_of_utf16(text, 5, 0), None);
    }

    #[test]
    fn the_locator_agrees_with_the_index() {
        let text = "a\r\nbé\rc\n\nd😀e\r\n";
        let index = LineIndex::new(text);
        let mut locator = Locator::new(text);
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            assert_eq!(
                locator.position(offset),
                index.position(text, offset),
                "at {offset}"
            );
        }
        // Out of order works too.
        assert_eq!(locator.position(1), index.position(text, 1));
        assert_eq!(&text[locator.line_around(text.find('é').unwrap())], "bé");
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let text = "\u{FEFF}SRE calls on\nx";
        let at = text.find("calls").unwrap();
        let index = LineIndex::new(text);
        let expected = Position {
            line: 1,
            column: 5,
            utf16: 4,
        };
        assert_eq!(index.position(text, at), expected);
        assert_eq!(Locator::new(text).position(at), expected);
        assert_eq!(&text[Locator::new(text).line_around(at)], "SRE calls on");
        assert_eq!(index.offset_of_utf16(text, 0, 4), Some(at));
    }

    #[test]
    fn the_locator_agrees_with_the_index_in_any_order() {
        let text = "a\r\nbé\rc\n\nd😀e\r\nf";
        let index = LineIndex::new(text);
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .collect();
        for &from in &offsets {
            for &to in &offsets {
                let mut locator = Locator::new(text);
                locator.position(from);
                assert_eq!(
                    locator.position(to),
                    index.position(text, to),
                    "{from} then {to}"
                );
                let line = index.line_of(to);
                if text.as_bytes().get(to) != Some(&b'\n') {
                    assert_eq!(
                        locator.line_around(to),
                        index.line_range(text, line),
                        "line of {to}"
                    );
                }
            }
        }
    }

    /// A minified page: one line, a finding every few bytes, each located at its start
    /// and end and the next one starting before the last one ended. The cursor moves over
    /// each byte a bounded number of times, not once per finding.
    #[test]
    fn many_positions_on_one_long_line_cost_the_line_once() {
        let text = "<p>Agents call on ChatGPT — fast.</p>".repeat(20_000);
        let mut locator = Locator::new(&text);
        let mut at = 0;
        while at + 20 < text.len() {
            locator.position(at + 10);
            let _ = locator.line_around(at + 10);
            locator.position(at + 20);
            at += 12;
        }
        assert!(
            locator.work < 3 * text.len(),
            "moved over {} bytes of {}",
            locator.work,
            text.len()
        );
    }
}
