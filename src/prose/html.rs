//! The visible text of HTML, through the html5gum tokenizer (which keeps byte spans).
//!
//! Tags, attribute values and comments are not prose, nor is the content of `<script>`,
//! `<style>`, `<code>`, `<pre>` and the like. Block-level elements (paragraphs, headings,
//! list items, table cells, ...) end a prose block; inline elements are invisible, so
//! `<strong>calls on</strong>` reads "calls on". Used for HTML blocks inside Markdown and
//! for `.html` files.

use std::collections::HashMap;

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::BlockBuilder;

/// Elements whose content a reader does not see as prose.
const HIDDEN: &[&str] = &[
    "script", "style", "code", "pre", "template", "svg", "math", "noscript", "head",
];

/// Elements that start or end a prose block.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
    "option",
    "button",
    "label",
    "legend",
    "img",
];

/// Elements that never have content or a closing tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Inline elements that only format their text: without attributes, a fix that rewrites
/// all of such an element's text may drop its tags (see `edit_plan`).
const FORMATTING: &[&str] = &[
    "abbr", "b", "bdi", "big", "cite", "del", "dfn", "em", "i", "ins", "kbd", "mark", "s", "samp",
    "small", "span", "strike", "strong", "sub", "sup", "tt", "u", "var",
];

/// Whether an element `name` (lower case) with or without `attributes` only formats its
/// text.
pub fn only_formats(name: &str, attributes: bool) -> bool {
    !attributes && FORMATTING.contains(&name)
}

/// Whether `name` (lower case) is an element whose content is not prose.
pub fn hides_content(name: &str) -> bool {
    HIDDEN.contains(&name)
}

/// Whether `name` (lower case) starts or ends a prose block.
pub fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name)
}

/// A single tag, as found in Markdown inline HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedTag {
    /// Lower-case element name.
    pub name: String,
    /// Whether it is an end tag (`</code>`).
    pub closing: bool,
    /// Whether it has no content (`<br>`, `<img/>`).
    pub self_closing: bool,
    /// Whether it has attributes (`<a href=…>`).
    pub attributes: bool,
}

/// Reads one tag (`<code>`, `</code>`, `<br/>`); `None` for comments and other markup.
pub fn parse_tag(text: &str) -> Option<ParsedTag> {
    for token in Tokenizer::new(text).flatten() {
        return match token {
            Token::StartTag(tag) => Some(ParsedTag {
                name: String::from_utf8_lossy(&tag.name).to_ascii_lowercase(),
                closing: false,
                self_closing: tag.self_closing
                    || VOID.contains(&&*String::from_utf8_lossy(&tag.name).to_ascii_lowercase()),
                attributes: !tag.attributes.is_empty(),
            }),
            Token::EndTag(tag) => Some(ParsedTag {
                name: String::from_utf8_lossy(&tag.name).to_ascii_lowercase(),
                closing: true,
                self_closing: false,
                attributes: false,
            }),
            Token::Error(_) => continue,
            _ => None,
        };
    }
    None
}

/// Feeds the visible text of `text`, which starts at byte `base` of the document, to
/// `builder`.
pub fn extract(text: &str, base: usize, b: &mut BlockBuilder) {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    // The element whose content is hidden, and how deeply it is nested in itself.
    let mut hidden: Option<(String, usize)> = None;
    // Open inline elements: name, the start tag's span, whether the element only formats
    // its text, and the block it opened in.
    let mut inline: Vec<(String, (usize, usize), bool, usize)> = Vec::new();
    // How many of each name are open, so that an end tag nothing matches (`</i>` after
    // 40,000 `<b>`) is dismissed without searching the whole stack.
    let mut open_names: HashMap<String, usize> = HashMap::new();
    // Counts blocks ended here: an element is markup only if it opens and closes in one.
    let mut block = 0;
    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let void = tag.self_closing || VOID.contains(&name.as_str());
                let span = clamp(tag.span.start, tag.span.end, text.len());
                if let Some((open, depth)) = &mut hidden {
                    if *open == name && !void {
                        *depth += 1;
                    }
                    continue;
                }
                if hides_content(&name) && !void {
                    b.separator(base + span.0..base + span.1);
                    hidden = Some((name, 1));
                } else if is_block(&name) {
                    b.end_block();
                    block += 1;
                } else if name == "br" {
                    b.space(base + span.0..base + span.1);
                } else if !void {
                    *open_names.entry(name.clone()).or_default() += 1;
                    let formats = only_formats(&name, !tag.attributes.is_empty());
                    inline.push((name, (base + span.0, base + span.1), formats, block));
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if let Some((open, depth)) = &mut hidden {
                    if *open == name {
                        *depth -= 1;
                        if *depth == 0 {
                            hidden = None;
                        }
                    }
                    continue;
                }
                if is_block(&name) {
                    b.end_block();
                    block += 1;
                } else if open_names.get(&name).is_some_and(|&n| n > 0)
                    && let Some(i) = inline.iter().rposition(|(open, ..)| *open == name)
                {
                    // `<strong>enables</strong>` is one element, which a fix keeps
                    // balanced, as it does Markdown emphasis.
                    let (_, open, formats, opened_in) = inline[i];
                    // The elements closed here are searched past once only.
                    for (closed, ..) in inline.drain(i..) {
                        if let Some(n) = open_names.get_mut(&closed) {
                            *n -= 1;
                        }
                    }
                    if opened_in == block {
                        let (close_start, end) = clamp(tag.span.start, tag.span.end, text.len());
                        let span = open.0..base + end;
                        if formats {
                            b.formatting(span, open.0..open.1, base + close_start..base + end);
                        } else {
                            b.markup(span);
                        }
                    }
                }
            }
            Token::String(s) if hidden.is_none() => {
                let (start, end) = clamp(s.span.start, s.span.end, text.len());
                let Some(raw) = text.get(start..end) else {
                    continue;
                };
                let decoded = String::from_utf8_lossy(&s.value);
                b.decoded(&decoded, raw, base + start);
            }
            _ => {}
        }
    }
}

/// Pushes the byte range of every comment of `text` (which starts at byte `base` of the
/// document), delimiters included, onto `out`. Text inside `<script>` or `<style>` is not
/// a comment.
pub fn comments(text: &str, base: usize, out: &mut Vec<std::ops::Range<usize>>) {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        if let Token::Comment(comment) = token {
            let (start, end) = clamp(comment.span.start, comment.span.end, text.len());
            out.push(base + start..base + end);
        }
    }
}

fn clamp(start: usize, end: usize, len: usize) -> (usize, usize) {
    let end = end.min(len);
    (start.min(end), end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prose::DocumentKind::Html;
    use crate::prose::testing::{blocks, texts};

    #[test]
    fn visible_text_by_block() {
        let page = "<html><head><title>SRE</title><style>p{}</style></head><body>\n<h1>Meet SRE</h1>\n<p>It <em>calls\n on</em> ChatGPT &amp; more.</p><ul><li>One</li><li>Two</li></ul>\n<pre>calls on</pre><!-- x --></body></html>";
        assert_eq!(
            texts(Html, page),
            ["meet sre", "it calls on chatgpt & more.", "one", "two"]
        );
    }

    #[test]
    fn spans_point_at_source_bytes() {
        let page = "<p>SRE <b>enables</b> access &amp; more</p>";
        let b = blocks(Html, page);
        assert_eq!(b[0].1, "SRE <b>enables</b> access &amp; more");
    }

    #[test]
    fn inline_elements_are_markup_that_spans_do_not_cut() {
        let page = "<p>SRE <strong>enables</strong> access, <a href=\"/x\">see <em>this</em></a>.</p><p><b>x</p><p>y</b></p>";
        let mut collect = crate::prose::testing::Markup::default();
        crate::prose::testing::collect_markup(Html, page, &mut collect);
        let elements: Vec<&str> = collect.ranges.iter().map(|r| &page[r.clone()]).collect();
        assert_eq!(
            elements,
            [
                "<strong>enables</strong>",
                "<a href=\"/x\">see <em>this</em></a>",
                "<em>this</em>",
            ]
        );
        // Tags without attributes only format; a link carries its URL.
        let delimiters: Vec<Option<(&str, &str)>> = collect
            .delimiters
            .iter()
            .map(|d| {
                d.as_ref()
                    .map(|(o, c)| (&page[o.clone()], &page[c.clone()]))
            })
            .collect();
        assert_eq!(
            delimiters,
            [
                Some(("<strong>", "</strong>")),
                None,
                Some(("<em>", "</em>"))
            ]
        );
    }

    #[test]
    fn comments_with_their_delimiters() {
        let page = "<p>a<!-- one -->b</p><script><!-- no --></script><!-- two\n-->";
        let mut out = Vec::new();
        comments(page, 10, &mut out);
        let found: Vec<&str> = out
            .iter()
            .map(|r| &page[r.start - 10..r.end - 10])
            .collect();
        assert_eq!(found, ["<!-- one -->", "<!-- two\n-->"]);
    }

    #[test]
    fn parses_single_tags() {
        assert_eq!(
            parse_tag("<code class=x>").unwrap(),
            ParsedTag {
                name: "code".into(),
                closing: false,
                self_closing: false,
                attributes: true,
            }
        );
        assert_eq!(
            parse_tag("</CODE>").unwrap(),
            ParsedTag {
                name: "code".into(),
                closing: true,
                self_closing: false,
                attributes: false,
            }
        );
        assert!(parse_tag("<br>").unwrap().self_closing);
        assert_eq!(parse_tag("<!-- c -->"), None);
    }
}
