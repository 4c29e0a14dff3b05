//! Extracts the prose of a document as normalised blocks.
//!
//! Each extractor walks its format and feeds a [`BlockBuilder`] the pieces a reader
//! sees; the builder normalises them and hands every finished block (paragraph, heading,
//! list item, table cell, ...) to a [`BlockSink`]. Sentences never cross blocks, and
//! nothing keeps more than one block in memory.

pub mod html;
pub mod markdown;
pub mod ooxml;
pub mod plaintext;
pub mod sections;

use std::ops::Range;
use std::path::Path;

use crate::normalize::{NormalizedText, Normalizer};

/// The formats copylint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    /// CommonMark with GitHub extensions (`.md`, `.markdown`, `.mdx`).
    Markdown,
    /// Plain text in blank-line separated paragraphs (`.txt`, and any file named explicitly).
    Text,
    /// HTML pages (`.html`, `.htm`).
    Html,
    /// Word documents (`.docx`): a zip package, read through [`ooxml::extract`].
    Docx,
    /// PowerPoint decks (`.pptx`): a zip package, read through [`ooxml::extract`].
    Pptx,
}

impl DocumentKind {
    /// The kind for a file name by its extension, if it is one copylint looks for in folders.
    pub fn from_path(path: &Path) -> Option<DocumentKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" | "mdx" => Some(DocumentKind::Markdown),
            "txt" | "text" => Some(DocumentKind::Text),
            "html" | "htm" => Some(DocumentKind::Html),
            "docx" => Some(DocumentKind::Docx),
            "pptx" => Some(DocumentKind::Pptx),
            _ => None,
        }
    }

    /// The kind for a file named explicitly: by extension, plain text otherwise.
    pub fn for_explicit_path(path: &Path) -> DocumentKind {
        Self::from_path(path).unwrap_or(DocumentKind::Text)
    }

    /// Whether `--fix` may rewrite files of this kind: not Word or PowerPoint files,
    /// whose findings point into extracted text, not into the file's bytes.
    pub fn is_fixable(self) -> bool {
        !self.is_package()
    }

    /// Whether files of this kind are zip packages whose text must be extracted
    /// ([`ooxml::extract`]) before it is checked.
    pub fn is_package(self) -> bool {
        matches!(self, DocumentKind::Docx | DocumentKind::Pptx)
    }
}

/// Receives each finished prose block.
pub trait BlockSink {
    /// Whether a block whose prose comes from the source bytes `span` is worth
    /// normalising at all. A sink that can rule a block out cheaply saves the work.
    fn wants(&mut self, _span: Range<usize>) -> bool {
        true
    }

    /// `block.text` is normalised; `block.to_source` maps its spans to source bytes.
    fn block(&mut self, block: &NormalizedText);
}

/// One piece of a block, recorded as it arrives and normalised only if the block is
/// wanted. Text lives in [`BlockBuilder::raw`].
#[derive(Debug, Clone)]
enum Piece {
    /// Source text written literally: `raw[text]` starts at source byte `src`.
    Source { text: Range<usize>, src: usize },
    /// `raw[decoded]` is the decoded form of `raw[text]`, which starts at source byte `src`.
    Decoded {
        decoded: Range<usize>,
        text: Range<usize>,
        src: usize,
    },
    /// White space standing for source bytes.
    Space(Range<usize>),
    /// Non-prose content inside a sentence.
    Separator(Range<usize>),
}

/// Collects the pieces of one block at a time and passes finished blocks on.
pub struct BlockBuilder<'a> {
    normalizer: Normalizer,
    text: &'a mut NormalizedText,
    sink: &'a mut dyn BlockSink,
    pieces: Vec<Piece>,
    raw: String,
    /// Source bytes the current block's pieces come from.
    span: Option<Range<usize>>,
    /// Inline markup elements of the current block.
    markup: Vec<Range<usize>>,
}

impl<'a> BlockBuilder<'a> {
    /// A builder that uses `text` as its buffer and sends blocks to `sink`.
    pub fn new(text: &'a mut NormalizedText, sink: &'a mut dyn BlockSink) -> Self {
        text.clear();
        BlockBuilder {
            normalizer: Normalizer::new(true),
            text,
            sink,
            pieces: Vec::new(),
            raw: String::new(),
            span: None,
            markup: Vec::new(),
        }
    }

    fn cover(&mut self, src: Range<usize>) {
        self.span = Some(match self.span.take() {
            Some(s) => s.start.min(src.start)..s.end.max(src.end),
            None => src,
        });
    }

    fn stash(&mut self, text: &str) -> Range<usize> {
        let start = self.raw.len();
        self.raw.push_str(text);
        start..self.raw.len()
    }

    /// Source text written literally, starting at byte `start` of the document.
    pub fn source(&mut self, text: &str, start: usize) {
        if text.is_empty() {
            return;
        }
        self.cover(start..start + text.len());
        let text = self.stash(text);
        self.pieces.push(Piece::Source { text, src: start });
    }

    /// Decoded text (entities, escapes resolved) for the source bytes `raw` at `raw_start`.
    pub fn decoded(&mut self, decoded: &str, raw: &str, raw_start: usize) {
        self.cover(raw_start..raw_start + raw.len().max(1));
        let decoded = self.stash(decoded);
        let text = self.stash(raw);
        self.pieces.push(Piece::Decoded {
            decoded,
            text,
            src: raw_start,
        });
    }

    /// White space standing for `src` (a line break, a `<br>`).
    pub fn space(&mut self, src: Range<usize>) {
        self.pieces.push(Piece::Space(src));
    }

    /// Non-prose content inside a sentence (inline code): it separates words.
    pub fn separator(&mut self, src: Range<usize>) {
        self.pieces.push(Piece::Separator(src));
    }

    /// An inline markup element (emphasis, a link) spanning the source bytes `src`.
    pub fn markup(&mut self, src: Range<usize>) {
        self.markup.push(src);
    }

    /// Ends the current block, passing it on if it holds anything the sink wants.
    pub fn end_block(&mut self) {
        if let Some(span) = self.span.take()
            && self.sink.wants(span)
        {
            self.normalize_pieces();
            self.normalizer.finish(self.text);
            self.text.markup.extend(self.markup.iter().cloned());
            if self.text.text.chars().any(crate::normalize::is_word_char) {
                self.sink.block(self.text);
            }
        }
        self.pieces.clear();
        self.markup.clear();
        self.raw.clear();
        self.text.clear();
        self.normalizer.reset();
    }

    fn normalize_pieces(&mut self) {
        for piece in &self.pieces {
            match piece {
                Piece::Source { text, src } => {
                    self.normalizer
                        .push_source(self.text, &self.raw[text.clone()], *src)
                }
                Piece::Decoded { decoded, text, src } => self.normalizer.push_decoded(
                    self.text,
                    &self.raw[decoded.clone()],
                    &self.raw[text.clone()],
                    *src,
                ),
                Piece::Space(src) => self.normalizer.push_space(self.text, src.clone()),
                Piece::Separator(src) => self.normalizer.push_separator(self.text, src.clone()),
            }
        }
    }
}

/// Feeds the prose of `source`, read as `kind`, to `builder`. For a package kind,
/// `source` is the text [`ooxml::extract`] made of it: plain text, one paragraph a block.
pub fn extract(kind: DocumentKind, source: &str, builder: &mut BlockBuilder) {
    match kind {
        DocumentKind::Markdown => markdown::extract(source, builder),
        DocumentKind::Text | DocumentKind::Docx | DocumentKind::Pptx => {
            plaintext::extract(source, builder)
        }
        DocumentKind::Html => html::extract(source, 0, builder),
    }
    builder.end_block();
}

/// Pushes the byte ranges where `source`, read as `kind`, can hold a suppression
/// directive onto `out`, in order: its comments (Markdown outside code, HTML), or its
/// directive lines (plain text). The ranges include the comment delimiters.
pub fn directive_sites(kind: DocumentKind, source: &str, out: &mut Vec<Range<usize>>) {
    match kind {
        DocumentKind::Markdown => markdown::comments(source, out),
        // Office text is read as plain text, one paragraph per line: a paragraph holding
        // a directive works as a directive line does.
        DocumentKind::Text | DocumentKind::Docx | DocumentKind::Pptx => {
            plaintext::directive_lines(source, out)
        }
        DocumentKind::Html => html::comments(source, 0, out),
    }
}

#[cfg(test)]
mod tests {
    use super::DocumentKind;
    use std::path::Path;

    #[test]
    fn office_files_are_found_by_extension_and_never_fixed() {
        for (name, kind) in [
            ("brief.docx", DocumentKind::Docx),
            ("DECK.PPTX", DocumentKind::Pptx),
            ("page.htm", DocumentKind::Html),
        ] {
            assert_eq!(DocumentKind::from_path(Path::new(name)), Some(kind));
        }
        assert!(!DocumentKind::Docx.is_fixable() && !DocumentKind::Pptx.is_fixable());
        assert!(DocumentKind::Markdown.is_fixable() && DocumentKind::Html.is_fixable());
        assert!(DocumentKind::Text.is_fixable());
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for extractor tests: the blocks of a document as (normalised text, source).
    use super::*;

    struct Collect<'s> {
        source: &'s str,
        blocks: Vec<(String, String)>,
    }

    impl BlockSink for Collect<'_> {
        fn block(&mut self, block: &NormalizedText) {
            let text = block.text.trim_end().to_string();
            let src = block.to_source(0..text.len());
            self.blocks.push((text, self.source[src].to_string()));
        }
    }

    /// Each block's normalised text and the source bytes it spans.
    pub fn blocks(kind: DocumentKind, source: &str) -> Vec<(String, String)> {
        let mut collect = Collect {
            source,
            blocks: Vec::new(),
        };
        let mut text = NormalizedText::default();
        let mut builder = BlockBuilder::new(&mut text, &mut collect);
        extract(kind, source, &mut builder);
        collect.blocks
    }

    /// The inline markup elements of every block.
    #[derive(Default)]
    pub struct Markup {
        /// Source ranges, in the order the blocks recorded them.
        pub ranges: Vec<Range<usize>>,
    }

    impl BlockSink for Markup {
        fn block(&mut self, block: &NormalizedText) {
            self.ranges.extend(block.markup.iter().cloned());
        }
    }

    /// Collects the markup elements of `source` into `markup`.
    pub fn collect_markup(kind: DocumentKind, source: &str, markup: &mut Markup) {
        let mut text = NormalizedText::default();
        let mut builder = BlockBuilder::new(&mut text, markup);
        extract(kind, source, &mut builder);
    }

    /// Just the normalised texts.
    pub fn texts(kind: DocumentKind, source: &str) -> Vec<String> {
        blocks(kind, source).into_iter().map(|(t, _)| t).collect()
    }
}
