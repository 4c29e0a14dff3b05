//! Word (`.docx`) and PowerPoint (`.pptx`) files, the text of an Office Open XML package;
//! and OpenDocument text and presentations (`.odt`, `.odp`), which are packages too.
//!
//! A package is a zip archive of XML parts, so its bytes cannot be linted in place. The
//! text a reader sees is extracted instead, paragraph by paragraph, into an [`Extracted`]
//! document: plain text in blank-line separated paragraphs (so the ordinary plain-text
//! extractor reads it, one prose block per paragraph), plus the place in the document each
//! paragraph comes from. Paragraphs are grouped into [`Unit`]s a person can find:
//! `paragraph 42`, `table 2, row 3, cell 1`, `text box 1`, `footer` or `comment 2 (Ann)`
//! in Word, `slide 7` or `slide 7, notes` in PowerPoint. Runs inside one paragraph join, so a phrase split
//! across runs (`<w:t>enables</w:t><w:t> access</w:t>`) is one phrase.
//!
//! Reading is bounded (see [`Limits`]): a zip bomb is refused, not unpacked.

pub mod docx;
pub mod odf;
mod package;
pub mod pptx;
mod xml;

use std::ops::Range;

pub use package::Limits;

use super::DocumentKind;

/// Why a package could not be read. Each is a problem with one file; the run goes on.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// The bytes are not a zip archive.
    #[error("not a zip archive, so not a {kind} document ({reason})")]
    NotZip {
        /// `Word` or `PowerPoint`.
        kind: &'static str,
        /// What the zip reader said.
        reason: String,
    },
    /// A password-protected file whose parts are encrypted.
    #[error("a password-protected {kind} document, which copylint cannot read")]
    Encrypted {
        /// The format.
        kind: &'static str,
    },
    /// An OLE compound file: a password-protected Office file or an old binary one.
    #[error(
        "an OLE compound file, not an Office Open XML package: a password-protected file or an old binary .doc/.ppt, which copylint cannot read"
    )]
    CompoundFile,
    /// A part the document cannot do without is absent.
    #[error("`{part}` is missing from the package, so it is not a readable {kind} document")]
    MissingPart {
        /// The part name.
        part: String,
        /// `Word` or `PowerPoint`.
        kind: &'static str,
    },
    /// One part unpacks to more than [`Limits::part_bytes`].
    #[error("`{part}` unpacks to more than {limit_mib} MiB; not read (a zip bomb?)")]
    PartTooLarge {
        /// The part name.
        part: String,
        /// The limit, in MiB.
        limit_mib: u64,
    },
    /// The parts read so far unpack to more than [`Limits::total_bytes`].
    #[error("the package unpacks to more than {limit_mib} MiB of text; not read (a zip bomb?)")]
    TotalTooLarge {
        /// The limit, in MiB.
        limit_mib: u64,
    },
    /// A part is there but cannot be unpacked (damaged, encrypted, unknown compression).
    #[error("`{part}` cannot be unpacked: {reason}")]
    Unreadable {
        /// The part name.
        part: String,
        /// What went wrong.
        reason: String,
    },
    /// A part is not well-formed XML (or not UTF-8).
    #[error("`{part}` is not well-formed XML (at byte {at}): {reason}")]
    Xml {
        /// The part name.
        part: String,
        /// Byte offset in the unpacked part.
        at: u64,
        /// What the XML reader said.
        reason: String,
    },
}

/// The text of a package, ready to be checked as plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Every paragraph that holds text, in document order, separated by blank lines. No
    /// paragraph contains a line break.
    pub text: String,
    /// The places paragraphs come from, in document order.
    pub units: Vec<Unit>,
    /// Parts that should be there and are not (a slide's notes, say): the rest was read.
    pub warnings: Vec<String>,
    paragraphs: Vec<ParagraphRef>,
}

/// A place in the document a person can find, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// `paragraph 42`, `table 1, row 2, cell 3`, `slide 7`, `slide 7, notes`, ...
    pub location: String,
    /// Its paragraphs, one per line (`\n` between them).
    pub text: String,
}

/// Where one paragraph of [`Extracted::text`] sits in its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ParagraphRef {
    /// Byte offset in [`Extracted::text`].
    start: usize,
    /// Length in bytes.
    len: usize,
    /// Index of its unit.
    unit: usize,
    /// Byte offset in the unit's text.
    offset: usize,
}

/// Whether a paragraph holds anything but white space (the plain-text reader's idea of a
/// blank line, so the two agree on what a paragraph is).
pub fn has_text(paragraph: &str) -> bool {
    paragraph.chars().any(|c| !c.is_whitespace())
}

impl Extracted {
    /// Adds a unit with its paragraphs; paragraphs without text are dropped, and so is a
    /// unit left with none. Line breaks inside a paragraph become spaces.
    pub fn push_unit(&mut self, location: String, paragraphs: &[String]) {
        let unit = self.units.len();
        let mut text = String::new();
        for paragraph in paragraphs.iter().filter(|p| has_text(p)) {
            if !text.is_empty() {
                text.push('\n');
            }
            let offset = text.len();
            text.extend(paragraph.chars().map(|c| match c {
                '\n' | '\r' => ' ',
                c => c,
            }));
            if !self.text.is_empty() {
                self.text.push_str("\n\n");
            }
            let start = self.text.len();
            self.text.push_str(&text[offset..]);
            self.paragraphs.push(ParagraphRef {
                start,
                len: text.len() - offset,
                unit,
                offset,
            });
        }
        if !text.is_empty() {
            self.units.push(Unit { location, text });
        }
    }

    /// The unit holding the byte range `range` of [`Extracted::text`], and the range in
    /// that unit's text. A range never crosses paragraphs (sentences do not).
    pub fn locate(&self, range: Range<usize>) -> Option<(usize, Range<usize>)> {
        let i = self
            .paragraphs
            .partition_point(|p| p.start <= range.start)
            .checked_sub(1)?;
        let p = self.paragraphs[i];
        let end = range.end.min(p.start + p.len).max(range.start);
        Some((
            p.unit,
            p.offset + (range.start - p.start)..p.offset + (end - p.start),
        ))
    }
}

/// A person's name as a place shows it (`comment 2 (Ann Example)`): written by whoever
/// made the file, so control characters and runs of white space become one space and a
/// long name is cut short.
pub fn person(name: &str) -> String {
    const LONGEST: usize = 60;
    // Bidirectional and zero-width controls could make a place read as something else.
    let hidden = |c: char| matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c.is_control() || hidden(c))
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    match joined.char_indices().nth(LONGEST) {
        Some((cut, _)) => format!("{}…", &joined[..cut]),
        None => joined,
    }
}

/// Extracts the text of the package `bytes`, read as `kind` (a `.docx`, `.pptx` or
/// OpenDocument kind; any other kind yields an empty document).
pub fn extract(
    kind: DocumentKind,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Extracted, PackageError> {
    match kind {
        DocumentKind::Docx => docx::extract(bytes, limits),
        DocumentKind::Pptx => pptx::extract(bytes, limits),
        DocumentKind::OpenDocument => odf::extract(bytes, limits),
        _ => Ok(Extracted::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_places_are_one_line_of_printable_text() {
        assert_eq!(person("  Ann\t\nExample "), "Ann Example");
        assert_eq!(person("Ann\u{1b}[31m\u{202E}Example"), "Ann [31m Example");
        let long = "x".repeat(100);
        assert_eq!(person(&long).chars().count(), 61);
        assert!(person(&long).ends_with('…'));
    }

    #[test]
    fn units_keep_paragraphs_on_lines_and_the_text_in_blank_line_blocks() {
        let mut doc = Extracted::default();
        doc.push_unit(
            "slide 1".into(),
            &["Title".into(), "  ".into(), "a\nb".into()],
        );
        doc.push_unit("slide 2".into(), &["\t".into()]);
        doc.push_unit("slide 3".into(), &["Last".into()]);
        assert_eq!(doc.text, "Title\n\na b\n\nLast");
        assert_eq!(doc.units.len(), 2);
        assert_eq!(doc.units[0].text, "Title\na b");
        let b = doc.text.find('b').unwrap();
        assert_eq!(doc.locate(b..b + 1), Some((0, 8..9)));
        let last = doc.text.find("Last").unwrap();
        assert_eq!(doc.locate(last..last + 4), Some((1, 0..4)));
    }
}
