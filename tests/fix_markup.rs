//! A fix replaces the words of its phrase and nothing else: links, emphasis, inline HTML
//! and code that the phrase starts or ends in are kept (moved or split if need be), in
//! Markdown, HTML, and HTML inside Markdown. A rewrite that cannot keep them is shown but
//! never applied by `--fix`.

mod common;

use common::{Scratch, check_json};
use copylint::lexicon::{Applicability, Engine, LexiconSource, compile};
use copylint::{Checker, DocumentKind, Finding, Suggestion, fix};
use html5gum::{DefaultEmitter, Token, Tokenizer};
use proptest::prelude::*;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

fn read(s: &Scratch, path: &str) -> String {
    std::fs::read_to_string(s.path().join(path)).unwrap()
}

/// Runs `--fix` on `name` holding `before` and returns what it wrote; `--diff` on the
/// original first, which must show the same change.
fn fixed(name: &str, before: &str) -> String {
    let s = Scratch::new();
    s.write(name, before);
    let diff = s.cmd(&["check", "--diff", name]).output().unwrap();
    let diff = String::from_utf8(diff.stdout).unwrap();
    s.cmd(&["check", "--fix", name]).output().unwrap();
    let after = read(&s, name);
    for line in after.lines().filter(|l| !before.contains(*l)) {
        assert!(diff.contains(&format!("+{line}")), "{diff}");
    }
    after
}

#[test]
fn a_fix_keeps_the_link_its_phrase_starts_in() {
    assert_eq!(
        fixed(
            "page.md",
            "Our [SRE product enables](https://aws.example/sre) access to ChatGPT.\n"
        ),
        "Our [SRE product integrates with](https://aws.example/sre) ChatGPT.\n"
    );
}

#[test]
fn a_fix_keeps_the_emphasis_and_words_its_phrase_starts_in() {
    assert_eq!(
        fixed(
            "page.md",
            "Our **SRE product enables** access to ChatGPT.\n"
        ),
        "Our **SRE product integrates with** ChatGPT.\n"
    );
    // A sentence whose shape copylint does not recognise gets no rewrite (a `help:` line
    // says how to rephrase it): the file keeps every word and delimiter.
    let unsure = "SRE **product, which is great, enables** access to ChatGPT.\n";
    assert_eq!(fixed("page.md", unsure), unsure);
}

#[test]
fn a_fix_keeps_an_html_link_in_markdown_and_in_html() {
    assert_eq!(
        fixed(
            "page.md",
            "Try <a href=\"https://aws.example/sre\">SRE product enables</a> access to ChatGPT.\n"
        ),
        "Try <a href=\"https://aws.example/sre\">SRE product integrates with</a> ChatGPT.\n"
    );
    assert_eq!(
        fixed(
            "page.html",
            "<p>Try <a href=\"https://aws.example/sre\">SRE product enables</a> access to ChatGPT.</p>\n"
        ),
        "<p>Try <a href=\"https://aws.example/sre\">SRE product integrates with</a> ChatGPT.</p>\n"
    );
}

#[test]
fn a_rewrite_that_would_empty_a_span_with_an_id_is_not_applied() {
    for (name, text) in [
        (
            "page.md",
            "SRE enables <span id=\"x\">access</span> to ChatGPT.\n",
        ),
        (
            "page.html",
            "<p>SRE enables <span id=\"x\">access</span> to ChatGPT.</p>\n",
        ),
    ] {
        assert_eq!(fixed(name, text), text, "{name}");
        // Still reported, and offered to people with the span kept.
        let s = Scratch::new();
        s.write(name, text);
        let (json, code) = check_json(s.path(), &[name]);
        assert_eq!(code, 1);
        let d = &json["diagnostics"][0];
        assert_eq!(d["rule"], "openai-on-aws/access-wording");
        assert!(d["fix"].is_null(), "{d}");
        assert_eq!(d["suggestions"][0], "integrates with");
        let human = s.cmd(&["check", name]).output().unwrap().stdout;
        let human = String::from_utf8(human).unwrap();
        assert!(human.contains("consider rewording it"), "{human}");
        assert!(
            human.contains("SRE integrates with<span id=\"x\"></span> ChatGPT."),
            "{human}"
        );
    }
}

// The property: over generated Markdown and HTML in which links, emphasis, code and
// inline HTML elements start and end at every word around a rewritable phrase, applying
// any suggestion keeps every visible word outside the phrase and every URL; a safe one
// also keeps the formatting of every word outside the phrase and makes nothing else
// visible (no stray `**`, no empty link).

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| compile(&[LexiconSource::builtin("openai-on-aws").unwrap()]).unwrap())
}

/// One visible character: itself, the elements it is in (outermost first, each with
/// what it carries), and its source byte.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shown {
    c: char,
    within: Vec<String>,
    at: usize,
}

/// What a reader gets from a document: its visible characters (white space as `' '`) and
/// the URLs its links point at.
#[derive(Debug, Default)]
struct Rendered {
    shown: Vec<Shown>,
    urls: Vec<String>,
}

impl Rendered {
    fn push(&mut self, text: &str, at: usize, within: &[String]) {
        for (i, c) in text.char_indices() {
            let c = if c.is_whitespace() { ' ' } else { c };
            self.shown.push(Shown {
                c,
                within: within.to_vec(),
                at: at + i,
            });
        }
    }

    /// The words: runs of characters between white space.
    fn words(&self) -> Vec<Vec<Shown>> {
        self.shown
            .split(|s| s.c == ' ')
            .filter(|w| !w.is_empty())
            .map(<[Shown]>::to_vec)
            .collect()
    }
}

fn text_of(word: &[Shown]) -> String {
    word.iter().map(|s| s.c).collect()
}

/// The attribute `href` of a raw tag, if any.
fn href(tag: &str) -> Option<String> {
    let rest = &tag[tag.find("href=\"")? + 6..];
    Some(rest[..rest.find('"')?].to_string())
}

/// The elements open at a point of a document: the name of each (for closing tags) and
/// what a word inside it is within.
#[derive(Default)]
struct Open {
    names: Vec<String>,
    within: Vec<String>,
}

/// Renders HTML `text`, found at byte `base` of the document, into `out`.
fn render_html_into(text: &str, base: usize, out: &mut Rendered, open: &mut Open) {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let raw = &text[tag.span.start..tag.span.end];
                out.urls.extend(href(raw));
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if !tag.self_closing && name != "br" {
                    open.names.push(name);
                    open.within.push(raw.to_string());
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if let Some(i) = open.names.iter().rposition(|n| *n == name) {
                    let depth = open.within.len() - (open.names.len() - i);
                    open.names.truncate(i);
                    open.within.truncate(depth);
                }
            }
            Token::String(s) => {
                let value = String::from_utf8_lossy(&s.value);
                out.push(&value, base + s.span.start, &open.within)
            }
            _ => {}
        }
    }
}

fn render_html(text: &str) -> Rendered {
    let mut out = Rendered::default();
    render_html_into(text, 0, &mut out, &mut Open::default());
    out
}

fn render_markdown(text: &str) -> Rendered {
    let mut out = Rendered::default();
    let mut open = Open::default();
    let parser = Parser::new_ext(text, copylint::prose::markdown::options());
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(tag) => {
                let name = match tag {
                    Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                        out.urls.push(dest_url.to_string());
                        format!("link {dest_url}")
                    }
                    Tag::Emphasis => "em".into(),
                    Tag::Strong => "strong".into(),
                    Tag::Strikethrough => "del".into(),
                    _ => {
                        out.push(" ", range.start, &open.within);
                        continue;
                    }
                };
                open.within.push(name);
            }
            Event::End(
                TagEnd::Link
                | TagEnd::Image
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough,
            ) => {
                open.within.pop();
            }
            Event::End(_) => out.push(" ", range.start, &open.within),
            // The generated documents have no escapes or entities: text is source bytes.
            Event::Text(t) => out.push(&t, range.start, &open.within),
            Event::Code(t) => {
                let mut code = open.within.clone();
                code.push("code".into());
                out.push(&t, range.start, &code);
            }
            Event::SoftBreak | Event::HardBreak => out.push(" ", range.start, &open.within),
            Event::InlineHtml(_) | Event::Html(_) => {
                render_html_into(&text[range.clone()], range.start, &mut out, &mut open)
            }
            _ => {}
        }
    }
    out
}

fn render(kind: DocumentKind, text: &str) -> Rendered {
    match kind {
        DocumentKind::Html => render_html(text),
        _ => render_markdown(text),
    }
}

fn apply(text: &str, suggestion: &Suggestion) -> String {
    let (out, applied) = fix::apply(text, vec![suggestion.edits.clone()]);
    assert_eq!(applied.len(), 1, "{suggestion:?}");
    out
}

/// Checks one suggestion of `finding` in `text` against the property; `Err` says how it
/// fails.
fn keeps_what_it_must(
    kind: DocumentKind,
    text: &str,
    finding: &Finding,
    suggestion: &Suggestion,
) -> Result<(), String> {
    let Some(hull) = suggestion.hull() else {
        return Err("a suggestion without edits".into());
    };
    let before = render(kind, text);
    let out = apply(text, suggestion);
    let after = render(kind, &out);
    let safe = suggestion.applicability == Applicability::Safe;
    let mut urls = (before.urls.clone(), after.urls.clone());
    urls.0.sort();
    urls.1.sort();
    if safe && urls.0 != urls.1 {
        return Err(format!("URLs changed: {:?} → {:?}", urls.0, urls.1));
    }
    // An unsafe rewrite may leave markup for a person to tidy, but deletes no URL.
    if let Some(url) = urls
        .0
        .iter()
        .find(|u| out.matches(u.as_str()).count() < text.matches(u.as_str()).count())
    {
        return Err(format!("URL {url} deleted"));
    }
    let words = before.words();
    let inside = |w: &[Shown]| w.iter().all(|s| hull.contains(&s.at));
    let outside = |w: &[Shown]| w.iter().all(|s| !hull.contains(&s.at));
    if !words.iter().all(|w| inside(w) || outside(w)) {
        // The phrase is glued to characters outside it (a delimiter that does not pair,
        // shown as text): no word-by-word expectation.
        return Ok(());
    }
    let prefix: Vec<&Vec<Shown>> = words.iter().filter(|w| w[0].at < hull.start).collect();
    let suffix: Vec<&Vec<Shown>> = words.iter().filter(|w| w[0].at >= hull.end).collect();
    let new_words = after.words();
    let texts = |ws: &[&Vec<Shown>]| ws.iter().map(|w| text_of(w)).collect::<Vec<_>>();
    let new_texts: Vec<String> = new_words.iter().map(|w| text_of(w)).collect();
    let (p, s) = (prefix.len(), suffix.len());
    let changed = || {
        format!(
            "words outside the phrase changed: {:?} → {new_texts:?}",
            words.iter().map(|w| text_of(w)).collect::<Vec<_>>()
        )
    };
    if !safe {
        // Shown to people, who see any stray delimiter it leaves: every character of the
        // words outside the phrase is still in the file, in order.
        let mut left = out.chars();
        let kept = prefix
            .iter()
            .chain(&suffix)
            .flat_map(|w| w.iter().map(|s| s.c))
            .all(|c| left.any(|n| n == c));
        return if kept { Ok(()) } else { Err(changed()) };
    }
    if new_texts.len() < p + s
        || new_texts[..p] != texts(&prefix)[..]
        || new_texts[new_texts.len() - s..] != texts(&suffix)[..]
    {
        return Err(changed());
    }
    let replacement: Vec<&str> = suggestion.replacement.split_whitespace().collect();
    let middle = &new_texts[p..new_texts.len() - s];
    if middle != replacement {
        return Err(format!("the phrase became {middle:?}, not {replacement:?}"));
    }
    // What a word is within, as a reader sees it: bold inside italic looks like italic
    // inside bold.
    let within = |ws: &[&Vec<Shown>]| {
        ws.iter()
            .map(|w| {
                let mut within = w[0].within.clone();
                within.sort();
                within
            })
            .collect::<Vec<_>>()
    };
    let new_prefix: Vec<&Vec<Shown>> = new_words[..p].iter().collect();
    let new_suffix: Vec<&Vec<Shown>> = new_words[new_words.len() - s..].iter().collect();
    if within(&prefix) != within(&new_prefix) || within(&suffix) != within(&new_suffix) {
        return Err(format!(
            "formatting outside the phrase changed ({:?})",
            finding.span
        ));
    }
    Ok(())
}

/// How a stretch of words is marked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wrap {
    Link,
    Strong,
    Em,
    Underscore,
    Strike,
    Code,
    HtmlLink,
    HtmlSpanWithId,
    HtmlSpan,
    HtmlBold,
}

impl Wrap {
    fn delimiters(self, n: usize) -> (String, String) {
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        match self {
            Wrap::Link => ("[".into(), format!("](https://x.example/{n})")),
            Wrap::Strong => pair("**", "**"),
            Wrap::Em => pair("*", "*"),
            Wrap::Underscore => pair("_", "_"),
            Wrap::Strike => pair("~~", "~~"),
            Wrap::Code => pair("`", "`"),
            Wrap::HtmlLink => (format!("<a href=\"https://y.example/{n}\">"), "</a>".into()),
            Wrap::HtmlSpanWithId => (format!("<span id=\"s{n}\">"), "</span>".into()),
            Wrap::HtmlSpan => pair("<span>", "</span>"),
            Wrap::HtmlBold => pair("<b>", "</b>"),
        }
    }

    fn in_html(self) -> bool {
        matches!(
            self,
            Wrap::HtmlLink | Wrap::HtmlSpanWithId | Wrap::HtmlSpan | Wrap::HtmlBold
        )
    }

    fn is_link(self) -> bool {
        matches!(self, Wrap::Link | Wrap::HtmlLink)
    }
}

fn wrap() -> impl Strategy<Value = Wrap> {
    prop_oneof![
        Just(Wrap::Link),
        Just(Wrap::Strong),
        Just(Wrap::Em),
        Just(Wrap::Underscore),
        Just(Wrap::Strike),
        Just(Wrap::Code),
        Just(Wrap::HtmlLink),
        Just(Wrap::HtmlSpanWithId),
        Just(Wrap::HtmlSpan),
        Just(Wrap::HtmlBold),
    ]
}

/// A generated document: its words, the separator after each, and up to two wraps over
/// word ranges (nested or apart).
#[derive(Debug, Clone)]
struct Doc {
    html: bool,
    quote: bool,
    words: Vec<&'static str>,
    separators: Vec<&'static str>,
    wraps: Vec<(Wrap, usize, usize)>,
}

impl Doc {
    fn kind(&self) -> DocumentKind {
        if self.html {
            DocumentKind::Html
        } else {
            DocumentKind::Markdown
        }
    }

    fn text(&self) -> String {
        let mut out = String::from(if self.html {
            "<p>"
        } else if self.quote {
            "> "
        } else {
            "- "
        });
        let n = self.words.len();
        for (k, word) in self.words.iter().enumerate() {
            // Openers of wraps starting here, outermost (longest) first.
            let mut opening: Vec<usize> = (0..self.wraps.len())
                .filter(|&w| self.wraps[w].1 == k)
                .collect();
            opening.sort_by_key(|&w| std::cmp::Reverse(self.wraps[w].2));
            for w in opening {
                out.push_str(&self.wraps[w].0.delimiters(w).0);
            }
            out.push_str(word);
            let mut closing: Vec<usize> = (0..self.wraps.len())
                .filter(|&w| self.wraps[w].2 == k)
                .collect();
            closing.sort_by_key(|&w| self.wraps[w].1);
            for w in closing.into_iter().rev() {
                out.push_str(&self.wraps[w].0.delimiters(w).1);
            }
            if k + 1 < n {
                let sep = self.separators[k];
                out.push_str(if self.quote && sep == "\n" {
                    "\n> "
                } else {
                    sep
                });
            }
        }
        out.push_str(if self.html { ".</p>\n" } else { ".\n" });
        out
    }
}

fn doc() -> impl Strategy<Value = Doc> {
    let prefix = proptest::sample::subsequence(
        vec!["Our", "SRE", "product,", "which", "is", "great,"],
        0..4,
    );
    let phrase = prop_oneof![
        Just(vec!["enables", "access", "to"]),
        Just(vec!["Enables", "access", "to"]),
        Just(vec!["calls", "on"]),
        Just(vec!["makes", "calls", "to"]),
        Just(vec!["routes", "requests", "to"]),
        Just(vec!["provides", "access", "to"]),
    ];
    let suffix = proptest::sample::subsequence(vec!["today", "for", "teams"], 0..3);
    (any::<bool>(), any::<bool>(), prefix, phrase, suffix)
        .prop_flat_map(|(html, quote, prefix, phrase, suffix)| {
            let mut words = prefix;
            words.extend(phrase);
            words.push("ChatGPT");
            words.extend(suffix);
            let n = words.len();
            let separators = proptest::collection::vec(
                prop_oneof![
                    8 => Just(" "),
                    2 => Just("\n"),
                    1 => Just("  "),
                    1 => Just(" <!-- c --> "),
                    1 => Just("  \n"),
                    1 => Just("\n  "),
                    1 => Just("<br>"),
                ],
                n,
            );
            let span = (0..n).prop_flat_map(move |i| (Just(i), i..n));
            let wraps = proptest::collection::vec((wrap(), span), 0..4);
            (
                Just(html),
                Just(quote && !html),
                Just(words),
                separators,
                wraps,
            )
        })
        .prop_map(|(html, quote, words, separators, wraps)| {
            let mut kept: Vec<(Wrap, usize, usize)> = Vec::new();
            for (wrap, (i, j)) in wraps {
                if html && !wrap.in_html() {
                    continue;
                }
                let fits = kept.iter().all(|&(other, a, b)| {
                    let apart = j < a || b < i;
                    let inside = a <= i && j <= b && (i, j) != (a, b);
                    let around = i <= a && b <= j && (i, j) != (a, b);
                    // Nothing inside code; no link inside a link.
                    apart
                        || (inside && other != Wrap::Code && !(wrap.is_link() && other.is_link()))
                        || (around && wrap != Wrap::Code && !(wrap.is_link() && other.is_link()))
                });
                if fits {
                    kept.push((wrap, i, j));
                }
            }
            Doc {
                html,
                quote,
                words,
                separators,
                wraps: kept,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn fixes_keep_every_word_url_and_element_outside_their_phrase(doc in doc()) {
        let text = doc.text();
        let kind = doc.kind();
        let mut checker = Checker::new(engine());
        let findings = checker.check(kind, &text);
        for f in &findings {
            for s in &f.suggestions {
                if let Err(why) = keeps_what_it_must(kind, &text, f, s) {
                    prop_assert!(
                        false,
                        "{why}\nin  {text:?}\nout {:?}\n{s:?}",
                        apply(&text, s)
                    );
                }
            }
        }
        // `--fix` as a whole: every URL kept, and it converges.
        let fixed = fix::fix(&mut checker, kind, &text);
        prop_assert!(fixed.converged);
        let (mut before, mut after) = (render(kind, &text).urls, render(kind, &fixed.text).urls);
        before.sort();
        after.sort();
        prop_assert_eq!(before, after, "{:?} → {:?}", text, fixed.text);
    }
}
