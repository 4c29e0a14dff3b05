//! Deeply nested inline markup, generated: runs of HTML tags (matched, mismatched or
//! never closed) and Markdown containers and delimiters, repeated up to thousands of times
//! around phrases the lexicon bans, read as Markdown, HTML and text.
//!
//! Invariants: no panic; spans inside the file, on character boundaries; the prefilter
//! changes nothing; locating the findings in order with one `Locator` (as the renderers
//! do, start then end) agrees with a full line index. libFuzzer's `-timeout` catches a
//! shape whose work grows with the square of its depth.
#![no_main]

use std::sync::OnceLock;

use copylint::lexicon::{Engine, LexiconSource, compile};
use copylint::source::{LineIndex, Locator};
use copylint::{Checker, DocumentKind};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

/// The most bytes one input generates: 4,600 nested `<b>` and their ends. Larger inputs
/// take seconds each under the sanitizers, and libFuzzer's timeout would then flag linear
/// work; `bench/growth.sh` measures the large sizes.
const MAX_BYTES: usize = 32 * 1024;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| compile(&[LexiconSource::builtin("openai-on-aws").unwrap()]).unwrap())
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Tag {
    B,
    I,
    Em,
    Strong,
    Span,
    A,
    Div,
    P,
    Li,
    Td,
    Code,
    Script,
    Br,
}

impl Tag {
    fn name(self) -> &'static str {
        match self {
            Tag::B => "b",
            Tag::I => "i",
            Tag::Em => "em",
            Tag::Strong => "strong",
            Tag::Span => "span",
            Tag::A => "a",
            Tag::Div => "div",
            Tag::P => "p",
            Tag::Li => "li",
            Tag::Td => "td",
            Tag::Code => "code",
            Tag::Script => "script",
            Tag::Br => "br",
        }
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Atom {
    Open(Tag),
    /// `<span class="x > y">`: a quoted `>` inside a tag.
    OpenQuoted(Tag),
    Close(Tag),
    Quote,
    Dash,
    Star,
    Plus,
    Ordered(u8),
    Emphasis,
    StrongDelimiter,
    LinkOpen,
    LinkClose,
    Backtick,
    Heading,
    Pipe,
    Entity,
    Escape,
    Newline,
    BlankLine,
    Space,
    Word(Word),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Word {
    Sre,
    Calls,
    On,
    Chat,
    Gpt,
    ChatGpt,
    OpenAi,
    Enables,
    Access,
    To,
    PoweredBy,
    Period,
    Comma,
    Other,
}

impl Word {
    fn text(self) -> &'static str {
        match self {
            Word::Sre => "SRE ",
            Word::Calls => "calls ",
            Word::On => "on ",
            Word::Chat => "Chat",
            Word::Gpt => "GPT",
            Word::ChatGpt => "ChatGPT ",
            Word::OpenAi => "OpenAI ",
            Word::Enables => "enables ",
            Word::Access => "access ",
            Word::To => "to ",
            Word::PoweredBy => "powered by ",
            Word::Period => ". ",
            Word::Comma => ", ",
            Word::Other => "the ",
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Run {
    atom: Atom,
    /// How many times the atom is written: up to 65,535 (a deep nest).
    times: u16,
}

fn write(out: &mut String, atom: Atom) {
    match atom {
        Atom::Open(tag) => {
            out.push('<');
            out.push_str(tag.name());
            out.push('>');
        }
        Atom::OpenQuoted(tag) => {
            out.push('<');
            out.push_str(tag.name());
            out.push_str(" class=\"x > y\">");
        }
        Atom::Close(tag) => {
            out.push_str("</");
            out.push_str(tag.name());
            out.push('>');
        }
        Atom::Quote => out.push_str("> "),
        Atom::Dash => out.push_str("- "),
        Atom::Star => out.push_str("* "),
        Atom::Plus => out.push_str("+ "),
        Atom::Ordered(n) => out.push_str(&format!("{n}. ")),
        Atom::Emphasis => out.push('*'),
        Atom::StrongDelimiter => out.push_str("**"),
        Atom::LinkOpen => out.push('['),
        Atom::LinkClose => out.push_str("](https://x.example/calls-on)"),
        Atom::Backtick => out.push('`'),
        Atom::Heading => out.push_str("# "),
        Atom::Pipe => out.push_str(" | "),
        Atom::Entity => out.push_str("&amp;"),
        Atom::Escape => out.push_str("\\*"),
        Atom::Newline => out.push('\n'),
        Atom::BlankLine => out.push_str("\n\n"),
        Atom::Space => out.push(' '),
        Atom::Word(word) => out.push_str(word.text()),
    }
}

fuzz_target!(|runs: Vec<Run>| {
    let mut text = String::new();
    'runs: for run in &runs {
        for _ in 0..run.times.max(1) {
            if text.len() >= MAX_BYTES {
                break 'runs;
            }
            write(&mut text, run.atom);
        }
    }
    let index = LineIndex::new(&text);
    let mut checker = Checker::new(engine());
    for kind in [DocumentKind::Markdown, DocumentKind::Html, DocumentKind::Text] {
        let findings = checker.check(kind, &text);
        let mut locator = Locator::new(&text);
        for f in &findings {
            assert!(f.span.start < f.span.end && f.span.end <= text.len(), "{f:?}");
            assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            assert!(f.sentence.end <= text.len());
            for offset in [f.span.start, f.span.end] {
                assert_eq!(locator.position(offset), index.position(&text, offset));
            }
        }
        assert_eq!(findings, checker.check_unfiltered(kind, &text), "prefilter changed the result");
    }
});
