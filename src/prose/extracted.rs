//! The text of a file whose bytes cannot be linted in place (Word, PowerPoint, PDF,
//! email): what a reader sees, extracted into [`Unit`]s a person can find (`slide 7`,
//! `page 3`, `part 2 (text/html)`), each finding then placed in its unit.
//!
//! A unit holds either
//! * paragraphs (Office files, PDF pages): they are also laid out in [`Extracted::text`],
//!   plain text in blank-line separated paragraphs, so the plain-text reader reads the
//!   whole document at once, one prose block per paragraph; or
//! * a document of its own, checked on its own as its [`Unit::kind`] says (an email's
//!   subject, its text and HTML parts).

use std::ops::Range;

use super::DocumentKind;
use super::email::EmailError;
use super::ooxml::PackageError;
use super::pdf::PdfError;

/// Why a file's text could not be extracted. Each is a problem with one file; the run
/// goes on.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// A Word or PowerPoint package.
    #[error(transparent)]
    Package(#[from] PackageError),
    /// A PDF file.
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// An email.
    #[error(transparent)]
    Email(#[from] EmailError),
}

/// The text of a file, ready to be checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Every paragraph of the paragraph units, in document order, separated by blank
    /// lines. No paragraph contains a line break.
    pub text: String,
    /// The places text comes from, in document order.
    pub units: Vec<Unit>,
    /// Parts that should be there and are not (a slide's notes, say), or could only be
    /// read in part: the rest was read.
    pub warnings: Vec<String>,
    /// Set when the file holds nothing copylint can read (a scanned PDF without a text
    /// layer): why. The file counts as not checked.
    pub not_checked: Option<String>,
    paragraphs: Vec<ParagraphRef>,
}

/// A place in the document a person can find, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// `paragraph 42`, `table 1, row 2, cell 3`, `slide 7, notes`, `page 3`, `subject`,
    /// `part 2 (text/html)`, ...
    pub location: String,
    /// Its paragraphs, one per line (`\n` between them); or, for a unit with a
    /// [`Unit::kind`], its whole text as that kind.
    pub text: String,
    /// `None` for a unit of paragraphs (part of [`Extracted::text`]); the kind to read
    /// `text` as, on its own, otherwise.
    pub kind: Option<DocumentKind>,
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
            self.units.push(Unit {
                location,
                text,
                kind: None,
            });
        }
    }

    /// Adds a unit whose `text` is a document of its own, read as `kind` (an email's HTML
    /// part). A unit without text is dropped.
    pub fn push_document(&mut self, location: String, kind: DocumentKind, text: String) {
        if has_text(&text) {
            self.units.push(Unit {
                location,
                text,
                kind: Some(kind),
            });
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

/// Extracts the text of `bytes`, read as `kind` (a kind that [`DocumentKind::is_extracted`];
/// any other kind yields an empty document).
pub fn extract(kind: DocumentKind, bytes: &[u8]) -> Result<Extracted, ExtractError> {
    Ok(match kind {
        DocumentKind::Docx | DocumentKind::Pptx | DocumentKind::OpenDocument => {
            super::ooxml::extract(kind, bytes, &super::ooxml::Limits::default())?
        }
        DocumentKind::Pdf => super::pdf::extract(bytes, &super::pdf::Limits::default())?,
        DocumentKind::Email => super::email::extract(bytes, &super::email::Limits::default())?,
        DocumentKind::Markdown | DocumentKind::Text | DocumentKind::Html => Extracted::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn document_units_stay_out_of_the_paragraph_text() {
        let mut doc = Extracted::default();
        doc.push_document("subject".into(), DocumentKind::Text, "Hello".into());
        doc.push_unit("page 1".into(), &["Body".into()]);
        doc.push_document(
            "part 1 (text/html)".into(),
            DocumentKind::Html,
            " \n".into(),
        );
        assert_eq!(doc.text, "Body");
        assert_eq!(doc.units.len(), 2);
        assert_eq!(doc.units[0].kind, Some(DocumentKind::Text));
        assert_eq!(doc.units[1].kind, None);
        // "Body" is in unit 1, not unit 0: document units are counted too.
        assert_eq!(doc.locate(0..4), Some((1, 0..4)));
    }
}
