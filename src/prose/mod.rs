//! Extracts the prose of a document as normalised blocks.
//!
//! Each extractor walks its format and feeds a [`BlockBuilder`] the pieces a reader
//! sees; the builder normalises them and hands every finished block (paragraph, heading,
//! list item, table cell, ...) to a [`BlockSink`]. Sentences never cross blocks, and
//! nothing keeps more than one block in memory.

pub mod depth;
pub mod email;
pub mod extracted;
pub mod html;
pub mod markdown;
pub mod ooxml;
pub mod pdf;
pub mod plaintext;
pub mod sections;

#[cfg(test)]
mod comment_sites;

use std::ops::Range;
use std::path::Path;

use crate::normalize::{Markup, NormalizedText, Normalizer};

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
    /// PDF files (`.pdf`): the text layer of each page, read through [`pdf::extract`].
    Pdf,
    /// Email saved as MIME (`.eml`): its subject and text parts, read through
    /// [`email::extract`].
    Email,
    /// OpenDocument text and presentations (`.odt`, `.odp`): zip packages, read through
    /// [`ooxml::extract`].
    OpenDocument,
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
            "pdf" => Some(DocumentKind::Pdf),
            "eml" => Some(DocumentKind::Email),
            "odt" | "odp" => Some(DocumentKind::OpenDocument),
            _ => None,
        }
    }

    /// The kind for a file named explicitly: by extension, plain text otherwise.
    pub fn for_explicit_path(path: &Path) -> DocumentKind {
        Self::from_path(path).unwrap_or(DocumentKind::Text)
    }

    /// Whether `--fix` may rewrite files of this kind: not the extracted kinds (Word,
    /// PowerPoint, PDF, email), whose findings point into extracted text, not into the
    /// file's bytes.
    pub fn is_fixable(self) -> bool {
        !self.is_extracted()
    }

    /// Whether the text of files of this kind must be extracted
    /// ([`extracted::extract`]) before it is checked, its findings placed in units.
    pub fn is_extracted(self) -> bool {
        self.is_package() || matches!(self, DocumentKind::Pdf | DocumentKind::Email)
    }

    /// Whether files of this kind are zip packages whose text must be extracted
    /// ([`ooxml::extract`]) before it is checked.
    pub fn is_package(self) -> bool {
        matches!(
            self,
            DocumentKind::Docx | DocumentKind::Pptx | DocumentKind::OpenDocument
        )
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

    /// A place that can hold a suppression directive, met in document order: an HTML
    /// comment (in Markdown outside code, or in HTML), delimiters included, or a directive
    /// line of plain text. Every one is reported, whatever [`BlockSink::wants`] answers,
    /// so that the one extraction pass finds a document's directives.
    fn comment(&mut self, _span: Range<usize>) {}

    /// Whether the sink needs no comments and rules blocks out by [`BlockSink::wants`]:
    /// then a reader may skip parsing stretches of source whose span it does not want.
    fn may_skip(&self) -> bool {
        false
    }
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
    markup: Vec<Markup>,
    /// Blocks met inside the current one, read when it ends: (decoded, raw) ranges of
    /// `aside_text` and the raw text's source offset.
    asides: Vec<(Range<usize>, Range<usize>, usize)>,
    aside_text: String,
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
            asides: Vec::new(),
            aside_text: String::new(),
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

    /// An inline markup element spanning the source bytes `src` that carries something
    /// of its own (a link's URL, an HTML element's attributes): a fix keeps it whole.
    pub fn markup(&mut self, src: Range<usize>) {
        self.markup.push(Markup {
            span: src,
            delimiters: None,
        });
    }

    /// An inline element spanning `src` that only formats its text (`**strong**`, `<b>`
    /// without attributes), opened by the bytes `open` and closed by `close`: a fix may
    /// drop both when it rewrites all of the element's text.
    pub fn formatting(&mut self, src: Range<usize>, open: Range<usize>, close: Range<usize>) {
        let inside = src.start <= open.start
            && open.end <= close.start
            && close.end <= src.end
            && open.start < open.end
            && close.start < close.end;
        self.markup.push(Markup {
            span: src,
            // Delimiters that do not sit inside the element are not trusted.
            delimiters: inside.then_some((open, close)),
        });
    }

    /// A block of its own met inside the current one, such as an image's alt text or a
    /// link's tooltip: `decoded` is the decoded form of the source bytes `raw` at
    /// `raw_start`. It is read once the current block ends, so it neither joins nor splits
    /// that block's sentences.
    pub fn aside(&mut self, decoded: &str, raw: &str, raw_start: usize) {
        let start = self.aside_text.len();
        self.aside_text.push_str(decoded);
        let middle = self.aside_text.len();
        self.aside_text.push_str(raw);
        self.asides
            .push((start..middle, middle..self.aside_text.len(), raw_start));
    }

    /// A comment or directive line spanning the source bytes `span`: passed straight to
    /// the sink (see [`BlockSink::comment`]); it is not part of any block.
    pub fn comment(&mut self, span: Range<usize>) {
        self.sink.comment(span);
    }

    /// Whether the reader may skip source whose span the sink does not want (see
    /// [`BlockSink::may_skip`]).
    pub(crate) fn may_skip(&self) -> bool {
        self.sink.may_skip()
    }

    /// Whether the sink wants any block from the source bytes `span`.
    pub(crate) fn wants(&mut self, span: Range<usize>) -> bool {
        self.sink.wants(span)
    }

    /// Ends the current block, passing it on if it holds anything the sink wants; then
    /// the asides met inside it, each a block.
    pub fn end_block(&mut self) {
        self.finish_block();
        if self.asides.is_empty() {
            return;
        }
        let asides = std::mem::take(&mut self.asides);
        let text = std::mem::take(&mut self.aside_text);
        for (decoded, raw, src) in &asides {
            self.decoded(&text[decoded.clone()], &text[raw.clone()], *src);
            self.finish_block();
        }
        // Give the buffers back, emptied, for the next block's asides.
        self.asides = asides;
        self.asides.clear();
        self.aside_text = text;
        self.aside_text.clear();
    }

    #[inline(always)]
    fn finish_block(&mut self) {
        if let Some(span) = self.span.take()
            && self.sink.wants(span)
        {
            self.normalize_pieces();
            // Folding first: it may rewrite the map the markup index is checked against.
            self.normalizer.finish(self.text);
            self.text.markup.append(&mut self.markup);
            self.text.finish();
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

/// Feeds the prose of `source`, read as `kind`, to `builder`. For an extracted kind,
/// `source` is the text [`extracted::extract`] made of it: plain text, one paragraph a
/// block.
pub fn extract(kind: DocumentKind, source: &str, builder: &mut BlockBuilder) {
    extract_part(kind, source, None, builder);
}

/// [`extract`] for a part cut from a larger document: with `known`, a Markdown reference
/// link whose definition is elsewhere in that document reads as a link (see
/// [`markdown::extract_part`]).
pub fn extract_part(
    kind: DocumentKind,
    source: &str,
    known: Option<markdown::KnownLink>,
    builder: &mut BlockBuilder,
) {
    match (kind, known) {
        (DocumentKind::Markdown, Some(known)) => markdown::extract_part(source, known, builder),
        (DocumentKind::Markdown, None) => markdown::extract(source, builder),
        (
            DocumentKind::Text
            | DocumentKind::Docx
            | DocumentKind::Pptx
            | DocumentKind::Pdf
            | DocumentKind::Email
            | DocumentKind::OpenDocument,
            _,
        ) => plaintext::extract(source, builder),
        (DocumentKind::Html, _) => html::extract(source, 0, builder),
    }
    builder.end_block();
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
            ("datasheet.PDF", DocumentKind::Pdf),
            ("launch.eml", DocumentKind::Email),
        ] {
            assert_eq!(DocumentKind::from_path(Path::new(name)), Some(kind));
        }
        for kind in [
            DocumentKind::Docx,
            DocumentKind::Pptx,
            DocumentKind::Pdf,
            DocumentKind::Email,
        ] {
            assert!(kind.is_extracted() && !kind.is_fixable(), "{kind:?}");
        }
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
        /// Source ranges, block by block, sorted by start within a block.
        pub ranges: Vec<Range<usize>>,
        /// Each element's delimiters, when it only formats its text.
        pub delimiters: Vec<Option<(Range<usize>, Range<usize>)>>,
    }

    impl BlockSink for Markup {
        fn block(&mut self, block: &NormalizedText) {
            self.ranges
                .extend(block.markup.iter().map(|m| m.span.clone()));
            self.delimiters
                .extend(block.markup.iter().map(|m| m.delimiters.clone()));
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
