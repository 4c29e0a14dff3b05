//! Markdown prose through pulldown-cmark.
//!
//! Prose: paragraphs, headings, list items, table cells, block quotes, link text, image
//! alt text, and the visible text of raw HTML (its alt and title text too, see
//! [`html`]). Not prose: code blocks and inline code (inline code becomes a word
//! separator), link and image URLs, autolinks, HTML tags, other attributes and comments,
//! front matter, math. Inline markup is invisible (`**enables**
//! access` reads "enables access"); line breaks inside a paragraph are spaces.

use std::ops::Range;

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::BlockBuilder;
use super::{depth, html, sections};

/// The pulldown-cmark extensions copylint reads Markdown with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
}

/// Sections of about this size are parsed or skipped whole when the sink rules blocks
/// out (the prefilter): a document that names a term once is not parsed in full.
const SKIP_SECTION_BYTES: usize = 2048;

/// Feeds the prose of Markdown `source` to `builder`. Very large documents are parsed
/// section by section (see [`sections`]) so that memory stays bounded; when the sink
/// rules blocks out, small sections that hold no block it wants are not parsed at all.
pub fn extract(source: &str, builder: &mut BlockBuilder) {
    // A reference link parsed apart from its definition is a link without a destination:
    // the same text, but not always the same events, so such documents are not cut small.
    let size = if builder.may_skip() && !has_definitions(source) {
        SKIP_SECTION_BYTES
    } else {
        sections::SECTION_BYTES
    };
    extract_in_sections(source, size, builder);
}

/// Whether `source` may hold a link reference definition: each holds `]:`.
fn has_definitions(source: &str) -> bool {
    memchr::memmem::find(source.as_bytes(), b"]:").is_some()
}

/// [`extract`] with sections of `size` bytes (tests use small ones).
pub(super) fn extract_in_sections(source: &str, size: usize, builder: &mut BlockBuilder) {
    if source.len() <= size {
        extract_section(source, 0..source.len(), None, builder);
        return;
    }
    let labels = if has_definitions(source) {
        sections::reference_labels(source)
    } else {
        HashSet::new()
    };
    let known = |reference: &str| labels.contains(&sections::normalize_label(reference));
    for section in sections::sections(source, size) {
        if builder.may_skip() && !builder.wants(section.clone()) {
            continue;
        }
        extract_section(source, section, Some(&known), builder);
        builder.end_block();
    }
}

/// Whether a reference link's label (as pulldown-cmark reports a broken link) is defined
/// elsewhere in the document the text being parsed was cut from.
pub type KnownLink<'a> = &'a dyn Fn(&str) -> bool;

/// [`extract`] for a part cut from a larger document (the language server's parts), in
/// which a reference link whose definition is elsewhere is a link when `known` says so.
pub fn extract_part(source: &str, known: KnownLink, builder: &mut BlockBuilder) {
    extract_section(source, 0..source.len(), Some(known), builder);
}

/// Parses `source[section]`; with `known`, a reference link whose definition is in
/// another section still reads as a link.
fn extract_section(
    source: &str,
    section: Range<usize>,
    known: Option<KnownLink>,
    builder: &mut BlockBuilder,
) {
    let base = section.start;
    let text = depth::bound(&source[section]);
    let text: &str = &text;
    let mut resolve = |link: BrokenLink| {
        let known = known.is_some_and(|known| known(&link.reference));
        known.then_some((CowStr::Borrowed(""), CowStr::Borrowed("")))
    };
    let parser = Parser::new_with_broken_link_callback(text, options(), Some(&mut resolve));
    let mut state = State::default();
    let section = Section { text, base };
    for (event, range) in parser.into_offset_iter() {
        state.event(
            section,
            event,
            range.start + base..range.end + base,
            builder,
        );
    }
}

/// The text of the section being parsed (bounded by [`depth::bound`]), which starts at
/// byte `base` of the document. Event ranges are document offsets.
#[derive(Clone, Copy)]
struct Section<'t> {
    text: &'t str,
    base: usize,
}

impl<'t> Section<'t> {
    /// The text at the document range `range`.
    fn get(self, range: Range<usize>) -> Option<&'t str> {
        self.text
            .get(range.start.checked_sub(self.base)?..range.end.checked_sub(self.base)?)
    }
}

/// Pushes the byte range of every HTML comment a Markdown reader would not see (in HTML
/// blocks and inline HTML; never in code) onto `out`, delimiters included, in order.
/// [`extract`] reports the same comments to its builder; this is the oracle it is tested
/// against.
#[cfg(test)]
pub fn comments(source: &str, out: &mut Vec<Range<usize>>) {
    let source = depth::bound(source);
    let source: &str = &source;
    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => {
                html::comments(&source[range.clone()], range.start, out);
            }
            Event::InlineHtml(tag) if tag.starts_with("<!--") => out.push(range),
            _ => {}
        }
    }
}

#[derive(Default)]
struct State {
    /// Inside code blocks, front matter or autolinks: text is not prose.
    hidden: usize,
    /// Whether each open link is an autolink (whose text is its URL).
    links: Vec<bool>,
    /// The source ranges of the current HTML block's lines.
    html_block: Option<Vec<Range<usize>>>,
    /// Inside inline `<code>`-like HTML: the tag name that closes it.
    inline_skip: Option<String>,
    /// Open inline HTML elements of the current block: name, start tag, and whether the
    /// element only formats its text.
    inline_tags: Vec<(String, Range<usize>, bool)>,
    /// How many of each name are open in `inline_tags`, so that an end tag nothing
    /// matches (`</i>` after 40,000 `<span>`) is dismissed without searching them all.
    inline_open: HashMap<String, usize>,
}

impl State {
    fn event(&mut self, section: Section, event: Event, range: Range<usize>, b: &mut BlockBuilder) {
        match event {
            Event::Start(tag) => self.start(section, tag, range, b),
            Event::End(tag) => self.end(section, tag, b),
            Event::Text(text) => {
                if self.hidden == 0 && self.inline_skip.is_none() {
                    push_text(section, &text, range, b);
                }
            }
            Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_) => {
                if self.hidden == 0 {
                    b.separator(range);
                }
            }
            Event::Html(_) => {
                if let Some(lines) = &mut self.html_block {
                    lines.push(range);
                }
            }
            Event::InlineHtml(tag) => {
                // Wherever it sits (inside `<code>` too), as a directive always could.
                if tag.starts_with("<!--") {
                    b.comment(range.clone());
                }
                self.inline_html(&tag, range, b)
            }
            Event::SoftBreak | Event::HardBreak => b.space(range),
            Event::Rule => b.end_block(),
            Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, section: Section, tag: Tag, range: Range<usize>, b: &mut BlockBuilder) {
        match tag {
            Tag::CodeBlock(_) | Tag::MetadataBlock(_) => {
                b.end_block();
                self.hidden += 1;
            }
            Tag::HtmlBlock => {
                b.end_block();
                self.html_block = Some(Vec::new());
            }
            Tag::Link { link_type, .. } => {
                let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                self.links.push(autolink);
                if autolink {
                    self.hidden += 1;
                } else {
                    b.markup(range);
                }
            }
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => match delimiters(section, &tag, &range) {
                Some((open, close)) => b.formatting(range, open, close),
                None => b.markup(range),
            },
            Tag::Image { .. } => b.markup(range),
            Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell => {
                b.end_block();
                self.inline_skip = None;
                self.inline_tags.clear();
                self.inline_open.clear();
            }
        }
    }

    fn end(&mut self, section: Section, tag: TagEnd, b: &mut BlockBuilder) {
        match tag {
            TagEnd::CodeBlock | TagEnd::MetadataBlock(_) => {
                self.hidden = self.hidden.saturating_sub(1);
                b.end_block();
            }
            TagEnd::HtmlBlock => {
                if let Some(lines) = self.html_block.take() {
                    html_block(section, &lines, b);
                }
                b.end_block();
            }
            TagEnd::Link => {
                if self.links.pop() == Some(true) {
                    self.hidden = self.hidden.saturating_sub(1);
                }
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Image => {}
            _ => {
                b.end_block();
                self.inline_skip = None;
                self.inline_tags.clear();
                self.inline_open.clear();
            }
        }
    }

    /// Inline HTML is one tag or comment at a time: tags are invisible, except that
    /// `<br>` is a space, `<code>`-like elements hide what they enclose, and the attribute
    /// values a reader sees (`<img alt>`, `title`) are blocks of their own.
    fn inline_html(&mut self, tag: &str, range: Range<usize>, b: &mut BlockBuilder) {
        let Some(parsed) = html::parse_tag(tag) else {
            return;
        };
        if let Some(open) = &self.inline_skip {
            if parsed.closing && parsed.name == *open {
                self.inline_skip = None;
            }
            return;
        }
        if parsed.closing {
            // `<span id=x>access</span>` is one element, which a fix keeps balanced.
            if self.inline_open.get(&parsed.name).is_some_and(|&n| n > 0)
                && let Some(i) = self
                    .inline_tags
                    .iter()
                    .rposition(|(n, ..)| *n == parsed.name)
            {
                // The elements closed here are searched past once only.
                for (closed, ..) in &self.inline_tags[i..] {
                    if let Some(n) = self.inline_open.get_mut(closed) {
                        *n -= 1;
                    }
                }
                let (_, open, formats) = self.inline_tags.swap_remove(i);
                self.inline_tags.truncate(i);
                let span = open.start..range.end;
                if formats {
                    b.formatting(span, open, range);
                } else {
                    b.markup(span);
                }
            }
            return;
        }
        if self.hidden == 0 {
            for v in &parsed.visible {
                b.aside(&v.decoded, &tag[v.raw.clone()], range.start + v.raw.start);
            }
        }
        if parsed.name == "br" {
            b.space(range);
        } else if html::hides_content(&parsed.name) && !parsed.self_closing {
            b.separator(range);
            self.inline_skip = Some(parsed.name);
        } else if !parsed.self_closing {
            let formats = html::only_formats(&parsed.name, parsed.attributes);
            *self.inline_open.entry(parsed.name.clone()).or_default() += 1;
            self.inline_tags.push((parsed.name, range, formats));
        }
    }
}

/// The opening and closing delimiters of an emphasis-like element spanning `range`
/// (`*`, `**`, `~~`, `^`...), when the source shows them where expected.
fn delimiters(
    section: Section,
    tag: &Tag,
    range: &Range<usize>,
) -> Option<(Range<usize>, Range<usize>)> {
    let bytes = section.get(range.clone())?.as_bytes();
    let (chars, len): (&[u8], usize) = match tag {
        Tag::Emphasis => (b"*_", 1),
        Tag::Strong => (b"*_", 2),
        Tag::Strikethrough if bytes.starts_with(b"~~") && bytes.ends_with(b"~~") => (b"~", 2),
        Tag::Strikethrough | Tag::Subscript => (b"~", 1),
        Tag::Superscript => (b"^", 1),
        _ => return None,
    };
    let c = *bytes.first()?;
    let run = |part: &[u8]| part.len() == len && part.iter().all(|&b| b == c);
    (bytes.len() >= 2 * len
        && chars.contains(&c)
        && run(&bytes[..len])
        && run(&bytes[bytes.len() - len..]))
    .then(|| (range.start..range.start + len, range.end - len..range.end))
}

/// Pushes a Text event: borrowed text is a slice of the section (exact positions);
/// anything else (entities, escapes) is aligned with its source range.
fn push_text(section: Section, text: &CowStr, range: Range<usize>, b: &mut BlockBuilder) {
    let source = section.text;
    if let CowStr::Borrowed(s) = text {
        let offset = (s.as_ptr() as usize).wrapping_sub(source.as_ptr() as usize);
        if offset <= source.len() && offset + s.len() <= source.len() {
            b.source(s, section.base + offset);
            return;
        }
    }
    let raw = section.get(range.clone()).unwrap_or("");
    b.decoded(text, raw, range.start);
}

/// Extracts the visible text of an HTML block, and its comments. Inside block quotes or
/// lists its lines are not contiguous in the source; the container markers between them
/// (`> `, indentation) are blanked to spaces so the block can be read in one piece at its
/// own offsets.
fn html_block(section: Section, lines: &[Range<usize>], b: &mut BlockBuilder) {
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
        return;
    };
    let span = first.start..last.end;
    let Some(whole) = section.get(span.clone()) else {
        return;
    };
    let contiguous = lines.windows(2).all(|w| w[0].end == w[1].start);
    if contiguous {
        html::extract(whole, span.start, b);
        return;
    }
    let mut text = whole.as_bytes().to_vec();
    let mut covered = span.start;
    for line in lines {
        for byte in &mut text[covered - span.start..line.start - span.start] {
            // Gaps hold only ASCII container markers and white space, so this keeps UTF-8 valid.
            if byte.is_ascii() {
                *byte = b' ';
            }
        }
        covered = line.end;
    }
    // Directives have always been read from the block as written, markers included: in
    // `> <div a` + `> <!-- copylint-disable -->` the marker ends the tag and the comment
    // counts, where the blanked text reads it as an attribute. Read them so still, from
    // the few such blocks that hold a comment at all.
    let written = memchr::memmem::find(whole.as_bytes(), b"<!--").is_some();
    if written {
        html::comments_as_written(whole, span.start, b);
    }
    match String::from_utf8(text) {
        Ok(text) if written => html::extract_prose(&text, span.start, b),
        Ok(text) => html::extract(&text, span.start, b),
        Err(_) => {
            for line in lines {
                if let Some(text) = section.get(line.clone()) {
                    html::extract(text, line.start, b);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::prose::DocumentKind::Markdown;
    use crate::prose::testing::{blocks, texts};

    #[test]
    fn inline_markup_joins_and_blocks_separate() {
        let md = "# Title\n\nSRE **enables**\naccess to *OpenAI*.\n\n- one\n- two [link](http://x.y/enables-access)\n";
        assert_eq!(
            texts(Markdown, md),
            ["title", "sre enables access to openai.", "one", "two link"]
        );
    }

    #[test]
    fn code_front_matter_and_comments_are_not_prose() {
        let md = "---\ntitle: calls on ChatGPT\n---\n\nUse `calls_on()` here.\n\n```\ncalls on ChatGPT\n```\n\n    indented code\n\n<!-- calls on ChatGPT -->\n\n<https://enables.access>\n";
        assert_eq!(texts(Markdown, md), ["use \u{FFFC} here."]);
    }

    #[test]
    fn tables_cells_are_blocks() {
        let md = "| Message | Status |\n| --- | --- |\n| SRE grants access | No |\n";
        assert_eq!(
            texts(Markdown, md),
            ["message", "status", "sre grants access", "no"]
        );
    }

    #[test]
    fn html_blocks_give_their_visible_text() {
        let md = "<p class=\"x\">\n  Every agent <strong>calls on</strong> ChatGPT.\n</p>\n\n<script>var a = \"enables access\";</script>\n";
        assert_eq!(texts(Markdown, md), ["every agent calls on chatgpt."]);
    }

    #[test]
    fn inline_code_html_hides_its_content() {
        let md = "Run <code>calls on</code> and <kbd>x</kbd> now<br>then.\n";
        assert_eq!(texts(Markdown, md), ["run \u{FFFC} and x now then."]);
    }

    #[test]
    fn alt_and_title_of_inline_html_are_blocks_of_their_own() {
        let md = "Our agents <img src=\"x.png\" alt=\"Alt &amp; text\"> plan <abbr title=\"Tip\">well</abbr>.\n\n`<img alt=\"code\">`\n";
        let b = blocks(Markdown, md);
        let got: Vec<(&str, &str)> = b.iter().map(|(t, s)| (t.as_str(), s.as_str())).collect();
        assert_eq!(
            got,
            [
                ("our agents plan well.", &md[..md.find('\n').unwrap()]),
                ("alt & text", "Alt &amp; text"),
                ("tip", "Tip"),
            ]
        );
    }

    #[test]
    fn references_in_text_join_words() {
        assert_eq!(
            texts(
                Markdown,
                "Open&shy;AI enables&nbsp;access to Chat&#71;PT.\n"
            ),
            ["openai enables access to chatgpt."]
        );
    }

    #[test]
    fn entities_and_escapes_map_to_their_source() {
        let md = "AT&amp;T \\*calls\\* on\n";
        let b = blocks(Markdown, md);
        assert_eq!(b[0].0, "at&t *calls* on");
        assert_eq!(b[0].1, "AT&amp;T \\*calls\\* on");
    }

    #[test]
    fn html_block_inside_a_block_quote() {
        let md = "> <div>\n> SRE calls on\n> ChatGPT.\n> </div>\n";
        let b = blocks(Markdown, md);
        assert_eq!(b[0].0, "sre calls on chatgpt.");
        assert_eq!(b[0].1, "SRE calls on\n> ChatGPT.");
    }

    /// Parsing in sections gives exactly the blocks of parsing in one piece.
    #[test]
    fn sections_parse_like_the_whole_document() {
        use crate::normalize::NormalizedText;
        use crate::prose::{BlockBuilder, BlockSink};
        struct Collect(Vec<(String, Vec<crate::normalize::Segment>)>);
        impl BlockSink for Collect {
            fn block(&mut self, block: &NormalizedText) {
                self.0.push((block.text.clone(), block.segments.clone()));
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut doc = String::new();
        let mut paths = Vec::new();
        // The samples always; the dev set and corpus when they sit beside the project.
        let mut stack: Vec<_> = [
            "samples",
            "../shared/eval/dev",
            "../shared/corpus/real/openai-cookbook",
        ]
        .iter()
        .map(|d| root.join(d))
        .collect();
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for path in entries.flatten().map(|e| e.path()) {
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    paths.push(path);
                }
            }
        }
        paths.sort();
        {
            // Cycled, so that the samples alone make a document of many sections.
            for path in paths.iter().cycle().take(40) {
                doc.push_str(&std::fs::read_to_string(path).unwrap_or_default());
                doc.push_str(
                    "\n\n[ref]: http://example.com\n\nSee [SRE calls on][ref] ChatGPT.\n\n",
                );
            }
        }
        let run = |size: usize| {
            let mut sink = Collect(Vec::new());
            let mut text = NormalizedText::default();
            let mut builder = BlockBuilder::new(&mut text, &mut sink);
            super::extract_in_sections(&doc, size, &mut builder);
            builder.end_block();
            sink.0
        };
        let whole = run(usize::MAX);
        let pieces = run(2048);
        assert!(super::sections::sections(&doc, 2048).len() > 2);
        assert_eq!(whole.len(), pieces.len());
        for (a, b) in whole.iter().zip(&pieces) {
            assert_eq!(a, b);
        }
    }

    #[test]
    fn comments_outside_code_are_found() {
        let md = "Text <!-- one\n --> more\n\n<!-- two -->\n\n```\n<!-- code -->\n```\n\n`<!-- span -->`\n\n<div><!-- three --></div>\n";
        let mut out = Vec::new();
        super::comments(md, &mut out);
        let found: Vec<&str> = out.iter().map(|r| &md[r.clone()]).collect();
        assert_eq!(found, ["<!-- one\n -->", "<!-- two -->", "<!-- three -->"]);
    }

    /// pulldown-cmark is quadratic in this shape; past the limit, the line is text.
    #[test]
    fn containers_past_the_limit_on_one_line_read_as_text() {
        let n = 100_000;
        let md = format!(
            "{}{}SRE calls on ChatGPT.\n",
            "> ".repeat(n),
            "- ".repeat(n)
        );
        let b = blocks(Markdown, &md);
        assert_eq!(b.len(), 1);
        let limit = crate::prose::depth::MAX_CONTAINERS;
        assert_eq!(b[0].1.len(), md.len() - 1 - 2 * limit);
        assert!(
            b[0].0.ends_with("- - sre calls on chatgpt."),
            "{}",
            &b[0].0[..20]
        );
    }

    #[test]
    fn quote_attribution_is_its_own_sentence_material() {
        let md = "> \"SRE calls on ChatGPT.\"\n> — Early access customer\n";
        assert_eq!(
            texts(Markdown, md),
            ["\"sre calls on chatgpt.\" — early access customer"]
        );
    }
}
