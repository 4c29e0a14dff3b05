//! The documents the client has open: their text as the client last sent it, kept in
//! step with incremental changes.

use std::path::PathBuf;

use lsp_types::{Range, TextDocumentContentChangeEvent};

use super::incremental::Parts;
use crate::config;
use crate::prose::DocumentKind;
use crate::source::LineIndex;

/// One open document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The text.
    pub text: String,
    /// The client's version of the text.
    pub version: i32,
    /// How to read it, by the client's language id; `None` for another language, when the
    /// file's extension decides ([`Document::kind`]).
    pub language_kind: Option<DocumentKind>,
    /// The file behind the document, for `file:` URIs.
    pub path: Option<PathBuf>,
    /// Its parts as last checked, kept so that an edit rechecks only what it touched.
    pub parts: Parts,
}

/// An edit whose range did not fit the document (the client and server disagree on the
/// text): it was applied with its range clamped to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clamped;

impl Document {
    /// A document opened with `language_id`.
    pub fn new(text: String, version: i32, language_id: &str, path: Option<PathBuf>) -> Self {
        Document {
            text,
            version,
            language_kind: kind_of_language(language_id),
            path,
            parts: Parts::default(),
        }
    }

    /// How to read the document: by its language, or else by its file's extension
    /// (`extensions`, a config file's `file-types`, first). `None` for a document
    /// copylint does not lint (a lexicon being edited, say), which is tracked but never
    /// checked.
    pub fn kind(&self, extensions: &[(String, DocumentKind)]) -> Option<DocumentKind> {
        let by_path = || {
            self.path
                .as_deref()
                .and_then(|p| config::kind_for(p, extensions))
        };
        match self.language_kind {
            // Editors open a `.eml` file as plain text, for want of a language: it is
            // MIME all the same.
            Some(DocumentKind::Text) if by_path() == Some(DocumentKind::Email) => {
                Some(DocumentKind::Email)
            }
            Some(kind) => Some(kind),
            None => by_path(),
        }
    }

    /// Applies one change: a range edit (positions in UTF-16 code units), or the whole
    /// text when it has no range. A range past the end is clamped to the end of the text
    /// (and reported); a character past the end of its line means the end of the line, as
    /// the protocol says.
    pub fn apply(&mut self, change: TextDocumentContentChangeEvent) -> Result<(), Clamped> {
        let Some(range) = change.range else {
            self.text = change.text;
            return Ok(());
        };
        let (start, end, clamped) = self.byte_range(range);
        self.text.replace_range(start..end, &change.text);
        if clamped { Err(Clamped) } else { Ok(()) }
    }

    /// The byte range of an LSP range, ordered, on character boundaries, and whether it
    /// had to be clamped.
    fn byte_range(&self, range: Range) -> (usize, usize, bool) {
        let index = LineIndex::new(&self.text);
        let offset = |p: lsp_types::Position| {
            index
                .offset_of_utf16(&self.text, p.line as usize, p.character as usize)
                .map_or((self.text.len(), true), |o| (o, false))
        };
        let (a, clamped_a) = offset(range.start);
        let (b, clamped_b) = offset(range.end);
        (a.min(b), a.max(b), clamped_a || clamped_b)
    }
}

/// The kind of a document by the client's language id.
fn kind_of_language(language_id: &str) -> Option<DocumentKind> {
    match language_id {
        "markdown" | "mdx" => Some(DocumentKind::Markdown),
        "plaintext" | "text" => Some(DocumentKind::Text),
        "html" => Some(DocumentKind::Html),
        // No language id is standard for MIME mail; extensions use these two.
        "eml" | "email" => Some(DocumentKind::Email),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Position;

    fn edit(
        (l1, c1): (u32, u32),
        (l2, c2): (u32, u32),
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn range_edits_count_utf16_units() {
        let mut doc = Document::new("é😀 calls on\r\nChatGPT\n".into(), 1, "markdown", None);
        // "é😀 " is 4 UTF-16 units: replace "calls on".
        doc.apply(edit((0, 4), (0, 12), "is powered by")).unwrap();
        assert_eq!(doc.text, "é😀 is powered by\r\nChatGPT\n");
        // Across a CRLF line break, and a character past the line's end.
        doc.apply(edit((0, 99), (1, 0), " ")).unwrap();
        assert_eq!(doc.text, "é😀 is powered by ChatGPT\n");
        doc.apply(TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "new".into(),
        })
        .unwrap();
        assert_eq!(doc.text, "new");
    }

    #[test]
    fn out_of_range_edits_are_clamped_not_fatal() {
        let mut doc = Document::new("one\ntwo".into(), 1, "plaintext", None);
        assert_eq!(doc.apply(edit((7, 0), (9, 3), "!")), Err(Clamped));
        assert_eq!(doc.text, "one\ntwo!");
        // Backwards ranges are read forwards; a position inside a surrogate pair moves on.
        let mut doc = Document::new("a😀b".into(), 1, "plaintext", None);
        doc.apply(edit((0, 2), (0, 0), "")).unwrap();
        assert_eq!(doc.text, "b");
        let mut doc = Document::new(String::new(), 1, "plaintext", None);
        doc.apply(edit((0, 5), (0, 9), "x")).unwrap();
        assert_eq!(doc.text, "x");
    }

    #[test]
    fn kinds_come_from_the_language_or_the_extension() {
        let types = [("rst".to_string(), DocumentKind::Text)];
        let kind =
            |id, path: &str| Document::new(String::new(), 0, id, Some(path.into())).kind(&types);
        assert_eq!(kind("markdown", "/a"), Some(DocumentKind::Markdown));
        assert_eq!(kind("plaintext", "/a"), Some(DocumentKind::Text));
        assert_eq!(kind("html", "/a"), Some(DocumentKind::Html));
        assert_eq!(kind("eml", "/a"), Some(DocumentKind::Email));
        assert_eq!(kind("plaintext", "/a.eml"), Some(DocumentKind::Email));
        assert_eq!(kind("mdx-custom", "/a.mdx"), Some(DocumentKind::Markdown));
        assert_eq!(kind("restructuredtext", "/a.rst"), Some(DocumentKind::Text));
        assert_eq!(kind("yaml", "/team.yaml"), None);
    }
}
