//! The visible text of HTML, through the html5gum tokenizer (which keeps byte spans).
//!
//! Tags, most attribute values and comments are not prose, nor is the content of
//! `<script>`, `<style>`, `<code>`, `<pre>` and the like. Block-level elements
//! (paragraphs, headings, list items, table cells, the page's `<title>`, ...) end a prose
//! block; inline elements are invisible, so `<strong>calls on</strong>` reads "calls on".
//! The attributes a reader sees ([`visible_attributes`]: alt text, tooltips, the page's
//! description as search results and link previews show it) are blocks of their own.
//! Character references are decoded by the tokenizer, in text and in attributes alike.
//! Used for HTML blocks inside Markdown and for `.html` files.

use std::collections::HashMap;
use std::ops::Range;

use html5gum::{DefaultEmitter, StartTag, Token, Tokenizer};

use super::BlockBuilder;

/// Elements whose content a reader does not see as prose.
const HIDDEN: &[&str] = &[
    "script", "style", "code", "pre", "template", "svg", "math", "noscript",
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

/// Attributes whose text any element shows: alt text, tooltips, accessible names (read
/// aloud, and shown by browsers for image links) and input placeholders.
const VISIBLE_ATTRIBUTES: &[&str] = &["alt", "title", "aria-label", "placeholder"];

/// `<meta>` names (or `property` values) whose `content` people read: the description
/// under a search result and the title and text of a link preview. Not `keywords`,
/// which no reader sees and search engines ignore, nor `twitter:card`, `twitter:site`,
/// `og:url` and the like, which are settings, handles and addresses.
const VISIBLE_META: &[&str] = &[
    "description",
    "og:title",
    "og:description",
    "og:image:alt",
    "og:site_name",
    "twitter:title",
    "twitter:description",
    "twitter:image:alt",
];

/// An attribute value a reader sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisibleText {
    /// The value, character references decoded.
    pub decoded: String,
    /// Where the value is written, in the text the tag was read from.
    pub raw: Range<usize>,
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
    /// The attribute values a reader sees, in the order written.
    pub visible: Vec<VisibleText>,
}

/// Reads one tag (`<code>`, `</code>`, `<br/>`); `None` for comments and other markup.
pub fn parse_tag(text: &str) -> Option<ParsedTag> {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        return match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                Some(ParsedTag {
                    closing: false,
                    self_closing: tag.self_closing || VOID.contains(&name.as_str()),
                    // Only a value can be visible: most inline tags have none.
                    visible: if text.contains('=') {
                        visible_attributes(&name, &tag, text)
                    } else {
                        Vec::new()
                    },
                    attributes: !tag.attributes.is_empty(),
                    name,
                })
            }
            Token::EndTag(tag) => Some(ParsedTag {
                name: String::from_utf8_lossy(&tag.name).to_ascii_lowercase(),
                closing: true,
                self_closing: false,
                attributes: false,
                visible: Vec::new(),
            }),
            Token::Error(_) => continue,
            _ => None,
        };
    }
    None
}

/// The attribute values of start tag `tag` (of element `name`, read from `text`) that a
/// reader sees, in the order written: see [`VISIBLE_ATTRIBUTES`] and [`VISIBLE_META`],
/// and the label of an `<input>` button.
pub fn visible_attributes(name: &str, tag: &StartTag<usize>, text: &str) -> Vec<VisibleText> {
    let value = |key: &str| {
        tag.attributes
            .get(key.as_bytes())
            .map(|v| String::from_utf8_lossy(&v.value).to_ascii_lowercase())
    };
    let shown = |key: &str| match (name, key) {
        (_, key) if VISIBLE_ATTRIBUTES.contains(&key) => true,
        ("meta", "content") => [value("name"), value("property")]
            .iter()
            .flatten()
            .any(|n| VISIBLE_META.contains(&n.trim())),
        ("input", "value") => {
            value("type").is_some_and(|t| matches!(t.trim(), "submit" | "button" | "reset"))
        }
        _ => false,
    };
    let mut out: Vec<VisibleText> = tag
        .attributes
        .iter()
        .filter(|(key, v)| !v.value.is_empty() && shown(&String::from_utf8_lossy(key)))
        .filter_map(|(_, v)| {
            let (start, end) = clamp(v.span.start, v.span.end, text.len());
            let raw = raw_value(text.get(start..end)?)?;
            Some(VisibleText {
                decoded: String::from_utf8_lossy(&v.value).into_owned(),
                raw: start + raw.start..start + raw.end,
            })
        })
        .collect();
    out.sort_by_key(|v| v.raw.start);
    out
}

/// Where the value is in the source of one attribute (`alt = "x"`, `alt=x`), as
/// html5gum spans it: from the name to just past the value.
fn raw_value(attribute: &str) -> Option<Range<usize>> {
    let eq = attribute.find('=')?;
    let after = &attribute[eq + 1..];
    let start = eq + 1 + (after.len() - after.trim_start().len());
    let rest = &attribute[start..];
    match rest.chars().next()? {
        quote @ ('"' | '\'') => {
            let len = rest[1..].find(quote).unwrap_or(rest.len() - 1);
            Some(start + 1..start + 1 + len)
        }
        _ => {
            let len = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .unwrap_or(rest.len());
            Some(start..start + len)
        }
    }
}

/// Feeds the visible text of `text`, which starts at byte `base` of the document, to
/// `builder`, and every comment (delimiters included; text inside `<script>` or
/// `<style>` is not a comment) as a comment.
pub fn extract(text: &str, base: usize, b: &mut BlockBuilder) {
    extract_with(text, base, true, b);
}

/// [`extract`] without its comments, for text whose comments are read as written
/// elsewhere ([`comments_as_written`]).
pub(super) fn extract_prose(text: &str, base: usize, b: &mut BlockBuilder) {
    extract_with(text, base, false, b);
}

/// Feeds every comment of `text` (which starts at byte `base` of the document) to `b`,
/// as [`extract`] does, without its prose.
pub(super) fn comments_as_written(text: &str, base: usize, b: &mut BlockBuilder) {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        if let Token::Comment(comment) = token {
            let (start, end) = clamp(comment.span.start, comment.span.end, text.len());
            b.comment(base + start..base + end);
        }
    }
}

fn extract_with(text: &str, base: usize, comments: bool, b: &mut BlockBuilder) {
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
                for v in visible_attributes(&name, &tag, text) {
                    b.aside(&v.decoded, &text[v.raw.clone()], base + v.raw.start);
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
            // Inside hidden elements too: a directive in `<pre>` still counts.
            Token::Comment(comment) if comments => {
                let (start, end) = clamp(comment.span.start, comment.span.end, text.len());
                b.comment(base + start..base + end);
            }
            _ => {}
        }
    }
}

/// Pushes the byte range of every comment of `text` (which starts at byte `base` of the
/// document), delimiters included, onto `out`. Text inside `<script>` or `<style>` is not
/// a comment. [`extract`] reports the same comments to its builder; this is the oracle
/// it is tested against.
#[cfg(test)]
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
            [
                "sre",
                "meet sre",
                "it calls on chatgpt & more.",
                "one",
                "two"
            ]
        );
    }

    #[test]
    fn what_a_page_shows_in_attributes_is_a_block_of_its_own() {
        let page = r#"<head><meta name="description" content="Meta &amp; more"><meta property="og:title" content="OG"><meta name="twitter:card" content="summary"><meta name="keywords" content="kw"><meta name="twitter:description" content="TW"></head>
<p>Every <a href="/h" class="c" data-x="d" title="Tip">agent</a> plans <img src="s" alt="Alt"> well.</p>
<button aria-label="Aria">Go</button><input type="submit" value="Send"><input type="text" value="typed" placeholder="Hint">"#;
        assert_eq!(
            blocks(Html, page),
            [
                ("meta & more", "Meta &amp; more"),
                ("og", "OG"),
                ("tw", "TW"),
                (
                    "every agent plans",
                    "Every <a href=\"/h\" class=\"c\" data-x=\"d\" title=\"Tip\">agent</a> plans"
                ),
                ("tip", "Tip"),
                ("alt", "Alt"),
                ("well.", "well."),
                ("aria", "Aria"),
                ("go", "Go"),
                ("send", "Send"),
                ("hint", "Hint"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn attribute_values_map_to_their_bytes_however_they_are_quoted() {
        for (tag, value) in [
            ("<img alt=\"Chat&#71;PT\">", "Chat&#71;PT"),
            ("<img alt='It&apos;s'>", "It&apos;s"),
            ("<img alt = Unquoted>", "Unquoted"),
            ("<img\nALT=\"Upper\" >", "Upper"),
        ] {
            let b = blocks(Html, tag);
            assert_eq!(b.len(), 1, "{tag}");
            assert_eq!(b[0].1, value, "{tag}");
        }
        assert_eq!(texts(Html, "<img alt=\"Chat&#71;PT\">"), ["chatgpt"]);
    }

    #[test]
    fn references_decode_inside_words_and_between_them() {
        let page = "<p>Open&shy;AI enables&nbsp;access&#32;to Chat&#71;PT, &nbspx &notit; AT&T</p>";
        let b = blocks(Html, page);
        assert_eq!(b[0].0, "openai enables access to chatgpt, x \u{AC}it; at&t");
        assert_eq!(b[0].1, &page[3..page.len() - 4]);
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
                visible: Vec::new(),
            }
        );
        assert_eq!(
            parse_tag("</CODE>").unwrap(),
            ParsedTag {
                name: "code".into(),
                closing: true,
                self_closing: false,
                attributes: false,
                visible: Vec::new(),
            }
        );
        assert!(parse_tag("<br>").unwrap().self_closing);
        assert_eq!(parse_tag("<!-- c -->"), None);
    }
}
