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

pub use package::Limits;

pub use super::extracted::{Extracted, Unit, has_text};

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
    /// A part nests elements deeper than the reader follows (10,000 levels).
    #[error("`{part}` nests elements more than {limit} levels deep (at byte {at}); not read")]
    TooDeep {
        /// The part name.
        part: String,
        /// Byte offset in the unpacked part.
        at: u64,
        /// The limit.
        limit: u16,
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
}
