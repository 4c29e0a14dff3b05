//! The prefilter only saves work: results are identical with and without it.

use std::path::Path;

use copylint::lexicon::{Engine, LexiconSource, compile};
use copylint::{Checker, DocumentKind};
use proptest::prelude::*;

fn engine() -> Engine {
    compile(&[LexiconSource::builtin("openai-on-aws").unwrap()]).unwrap()
}

fn same_with_and_without(
    checker: &mut Checker,
    kind: DocumentKind,
    text: &str,
) -> Result<(), String> {
    let filtered = checker.check(kind, text);
    let full = checker.check_unfiltered(kind, text);
    if filtered == full {
        Ok(())
    } else {
        Err(format!(
            "prefilter changed the findings:\n  with {filtered:?}\n  without {full:?}"
        ))
    }
}

/// Disguised terms, and single characters that fold, to join with what surrounds them.
fn disguised() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("ｃｈａｔｇｐｔ".to_string()),
        Just("ＣＨＡＴ<b>ＧＰＴ</b>".to_string()),
        Just("ＧＰＴ－５".to_string()),
        Just("𝐂𝐡𝐚𝐭𝐆𝐏𝐓".to_string()),
        Just("Cha\u{301}tGPT".to_string()),
        Just("Chat\u{2060}GPT".to_string()),
        Just("Chat\u{200D}G\u{AD}PT".to_string()),
        Just("Open\u{FE0F}AI".to_string()),
        Just("\u{41E}penAI".to_string()),
        Just("\u{41E}pen<i>\u{391}I</i>".to_string()),
        Just("OpenA\u{131}".to_string()),
        Just("GPT-\u{417}".to_string()),
        Just("S\u{3BF}ra".to_string()),
        Just("o\u{FB00}ered".to_string()),
        Just("ChatGPT™".to_string()),
        Just("Сора".to_string()),
        Just("Amazon Bedr\u{3BF}ck".to_string()),
        Just("\u{41E}\u{43E}<!-- x -->pen".to_string()),
        Just("Chat&shy;GPT".to_string()),
        Just("&Ocy;penAI".to_string()),
        Just("Open&NoBreak;AI".to_string()),
        Just("Chat&nbsp;GPT".to_string()),
        Just("GPT&ndash;5".to_string()),
        Just("&copf;hatGPT".to_string()),
        proptest::sample::select(vec![
            "&shy;",
            "&zwj;",
            "&ZeroWidthSpace;",
            "&Ocy;",
            "&ocy;",
            "&nbsp;",
            "&amp;",
            "&ndash;",
            "\u{301}",
            "\u{308}",
            "\u{2060}",
            "\u{AD}",
            "\u{200B}",
            "\u{FEFF}",
            "\u{41E}",
            "\u{43E}",
            "\u{3BF}",
            "\u{391}",
            "\u{131}",
            "\u{FF43}",
            "\u{FF27}",
            "\u{FB01}",
            "\u{2167}",
            "\u{212A}",
            "\u{130}",
            "é",
            "É",
            "\u{30AB}",
            "\u{3099}",
            "\u{FF9E}",
            "\u{1D402}",
            "\u{E0041}",
            "\u{2013}",
            "’",
        ])
        .prop_map(str::to_string),
    ]
}

/// Every Markdown file of the real docs corpus and of the dev set (beside the project in
/// ../shared; skipped where it is absent).
#[test]
fn identical_on_real_documents() {
    let engine = engine();
    let mut checker = Checker::new(&engine);
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let mut checked = 0;
    for root in [
        shared.join("corpus/real"),
        shared.join("eval/dev"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"),
    ] {
        for entry in walkdir(&root) {
            let kind = DocumentKind::from_path(&entry).unwrap_or(DocumentKind::Text);
            let Ok(text) = std::fs::read_to_string(&entry) else {
                continue;
            };
            same_with_and_without(&mut checker, kind, &text)
                .unwrap_or_else(|e| panic!("{}: {e}", entry.display()));
            checked += 1;
        }
    }
    assert!(checked >= 4, "expected to check some files");
}

fn walkdir(root: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if DocumentKind::from_path(&path).is_some() {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Pieces that stress the prefilter: terms split by markup, tags, entities, white space,
/// and disguised by the characters prose folds (compatibility forms, accents, invisible
/// characters, look-alike letters).
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        disguised(),
        Just("OpenAI".to_string()),
        Just("Open AI".to_string()),
        Just("Open\nAI".to_string()),
        Just("Chat**GPT**".to_string()),
        Just("Chat<b>GPT</b>".to_string()),
        Just("<span class=\"a>b\">Chat</span>GPT".to_string()),
        Just("Chat&#71;PT".to_string()),
        Just("Chat&#x47PT".to_string()),
        Just("Open&shy;AI".to_string()),
        Just("Open&shyAI".to_string()),
        Just("Chat&ZeroWidthSpace;GPT".to_string()),
        Just(" enables&nbsp;access&#32;to ".to_string()),
        Just("&nbsp".to_string()),
        Just("&amp;".to_string()),
        Just("&".to_string()),
        Just(";".to_string()),
        Just("<img alt=\"Chat&shy;".to_string()),
        Just("<a title='Open".to_string()),
        Just("\">".to_string()),
        Just("<title>".to_string()),
        Just("<meta name=\"description\" content=\"SRE calls on ".to_string()),
        // Markup that the HTML tokenizer and Markdown end in different places, and the
        // pieces of attributes: quotes where no value starts, `=`, `>` inside values.
        Just("<meta property=\"og:title\" content='".to_string()),
        Just("<button aria-label=\"".to_string()),
        Just("<a <b>".to_string()),
        Just("<a b'c>".to_string()),
        Just("<b x=y\"z>".to_string()),
        Just("<b\n\n>".to_string()),
        Just("<a title=\"x\n\ny\">".to_string()),
        Just("<!-- a\n\nb -->".to_string()),
        Just("<!-- x > y -->".to_string()),
        Just("<?x > ?>".to_string()),
        Just("<![CDATA[ > ]]>".to_string()),
        Just("</>".to_string()),
        Just("</ x>".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("=".to_string()),
        Just(">".to_string()),
        Just("<".to_string()),
        Just("\n# ".to_string()),
        // Block structure that may run across a blank line (what a section split must
        // respect): metadata blocks, definitions, reference definitions, tables, lists.
        Just("\n---\n".to_string()),
        Just("\n+++\n".to_string()),
        Just("\ntitle: x\n".to_string()),
        Just("\nTerm\n\n: definition ".to_string()),
        Just("\n[ref]: https://example.com\n".to_string()),
        Just("[SRE calls on ChatGPT][REF]".to_string()),
        Just("\n| a | b |\n|---|---|\n| ".to_string()),
        Just("\n    indented ".to_string()),
        Just("\n> ".to_string()),
        Just("\n1. ".to_string()),
        Just("\n<div>\n".to_string()),
        Just("\n<script>\n".to_string()),
        Just("\n~~~\n".to_string()),
        Just("GPT-5".to_string()),
        Just("GPT\u{2011}4o".to_string()),
        Just("gpt-oss-20b".to_string()),
        Just("models from *Open*AI".to_string()),
        Just(" enables access to ".to_string()),
        Just(" calls on ".to_string()),
        Just(" is available on AWS".to_string()),
        Just(" Bedrock ".to_string()),
        // Review notes and negation: sequence pieces, cues, and a bullet that ends a sentence.
        Just(" tap into ".to_string()),
        Just(" hands it off to ".to_string()),
        Just(" is part of ".to_string()),
        Just(" isn\u{2019}t ".to_string()),
        Just(" not ".to_string()),
        Just(" \u{2022} ".to_string()),
        Just("`code`".to_string()),
        Just("\n\n".to_string()),
        Just("\n- ".to_string()),
        Just("\n```\n".to_string()),
        Just("<!-- ".to_string()),
        Just(" -->".to_string()),
        Just(". ".to_string()),
        Just(" < ".to_string()),
        Just("\u{212A}".to_string()),
        "[a-z ]{0,12}",
        // Pieces of names with what may stand between them: the gate tells letters kept
        // apart in prose (`models or agents` is not "Sora") from letters markup may join.
        Just("[Chat]()GPT".to_string()),
        Just("[Open]( )AI".to_string()),
        Just("Chat_GPT".to_string()),
        proptest::sample::select(vec!["Open", "AI", "Chat", "GPT", "So", "ra", "s", "a", "5"])
            .prop_map(str::to_string),
        "[ \t\n!-/:-@\\[-`{-~]{1,3}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn identical_on_generated_markdown(parts in proptest::collection::vec(fragment(), 0..40)) {
        let engine = engine();
        let mut checker = Checker::new(&engine);
        let text = parts.concat();
        prop_assert!(same_with_and_without(&mut checker, DocumentKind::Markdown, &text).is_ok(), "{text:?}");
        prop_assert!(same_with_and_without(&mut checker, DocumentKind::Text, &text).is_ok(), "{text:?}");
        prop_assert!(same_with_and_without(&mut checker, DocumentKind::Html, &text).is_ok(), "{text:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// A Markdown document long enough to be parsed in sections: with the prefilter, the
    /// sections that hold no candidate are not parsed at all.
    #[test]
    fn identical_when_sections_are_skipped(
        parts in proptest::collection::vec(fragment(), 0..60),
        every in 1usize..8,
    ) {
        let engine = engine();
        let mut checker = Checker::new(&engine);
        let filler = "\n\nAmazon Bedrock serves models on AWS in many Regions. ".repeat(12) + "\n\n";
        let mut text = String::new();
        for (i, part) in parts.iter().enumerate() {
            text.push_str(part);
            if i % every == 0 {
                text.push_str(&filler);
            }
        }
        prop_assert!(same_with_and_without(&mut checker, DocumentKind::Markdown, &text).is_ok(), "{text:?}");
    }
}

/// A tag cut by the end of a paragraph is text in Markdown, while the tags inside it are
/// dropped; the HTML tokenizer ends tags where Markdown would not (across blank lines, at
/// a `>` after a quote that opens no value). The prefilter reads every way (found by
/// `identical_on_generated_markdown`).
#[test]
fn markup_that_readers_end_differently_does_not_hide_a_term() {
    let engine = engine();
    let mut checker = Checker::new(&engine);
    for text in [
        "<meta name=\"description\" content=\"SRE calls on Chat<b>GPT</b>\n- <span class=\"a>b\">Chat</span>GPT",
        "SRE calls on Chat<a <b>GPT.",
        "SRE calls on Chat<a b'c>GPT.",
        "SRE calls on Chat<b x=y\"z>GPT.",
        "SRE calls on Chat<b\n\n>GPT.",
        "SRE calls on Chat<a title=\"x\n\ny\">GPT.",
        "SRE calls on Chat<!-- a\n\nb -->GPT.",
        "SRE calls on Chat<?x\n\n?>GPT.",
        "SRE calls on Chat<?x > y ?>GPT.",
    ] {
        let mut found = 0;
        for kind in [DocumentKind::Markdown, DocumentKind::Html] {
            let full = checker.check_unfiltered(kind, text);
            found += full.len();
            assert_eq!(checker.check(kind, text), full, "{kind:?} {text:?}");
        }
        assert!(found > 0, "{text:?} shows a phrase to some reader");
    }
}

/// Named character references decode to any character, invisible or look-alike, so
/// the letters of their names in the raw bytes say nothing about the prose.
#[test]
fn named_character_references_do_not_hide_a_term() {
    let engine = engine();
    let mut checker = Checker::new(&engine);
    for text in [
        "SRE enables access to Chat&shy;GPT.",
        "SRE enables access to Chat&ZeroWidthSpace;GPT.",
        "SRE enables access to Open&NoBreak;AI.",
        "SRE enables access to &Ocy;penAI.",
        "SRE enables access to &copf;hatGPT.",
        "SRE enables access to Chat&nbsp;GPT.",
    ] {
        for kind in [DocumentKind::Markdown, DocumentKind::Html] {
            let found = checker.check(kind, text);
            assert!(!found.is_empty(), "{kind:?} {text}");
            assert_eq!(
                found,
                checker.check_unfiltered(kind, text),
                "{kind:?} {text}"
            );
        }
    }
}

/// A document with more candidates than the prefilter keeps is checked in full.
#[test]
fn identical_when_candidates_overflow() {
    let engine = engine();
    let mut checker = Checker::new(&engine);
    let text = format!("{}\n\nSRE calls on ChatGPT.\n", "OpenAI ".repeat(100_000));
    let findings = checker.check(DocumentKind::Markdown, &text);
    assert_eq!(findings.len(), 1);
    assert_eq!(
        findings,
        checker.check_unfiltered(DocumentKind::Markdown, &text)
    );
}

/// The built-in lexicon's prefilter looks for OpenAI names only: every rule needs one
/// (the co-occurrence rule's distinctive set, listed first, is its gate), so a document
/// full of AWS and availability words is cleared without parsing.
#[test]
fn the_builtin_gate_is_openai_names_only() {
    let engine = engine();
    let gate = engine.gate.as_ref().unwrap();
    let mut scratch = copylint::prefilter::GateScratch::default();
    assert!(!gate.may_match(
        b"Amazon Bedrock is available now: deploy, host and serve models on AWS.",
        &mut scratch
    ));
    assert!(gate.may_match(b"Sora is here.", &mut scratch));
    // The names inside longer terms ("models by OpenAI") stand for them: a handful of
    // short terms keeps the scan on aho-corasick's SIMD searcher.
    assert_eq!(
        gate.cores(),
        [
            "chatgpt", "codex", "dalle", "gpt0", "gpt1", "gpt2", "gpt3", "gpt4", "gpt5", "gpt6",
            "gpt7", "gpt8", "gpt9", "openai", "sora"
        ]
    );
}

/// A phrase or a name written with character references is what a reader sees, so the
/// prefilter must not rule its file out: `&#32;` between the words of a phrase, `&#x43;`
/// spelling the first letter of a name, in an HTML page and in Markdown alike.
#[test]
fn phrases_written_with_character_references_are_not_skipped() {
    let builtin = engine();
    // A team lexicon whose gate is the phrase itself (no name needed).
    let team = compile(&[LexiconSource::load(
        "team",
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lexicons/charref.yaml"),
    )
    .unwrap()])
    .unwrap();
    for (kind, text) in [
        (
            DocumentKind::Html,
            "<p>SRE enables&#32;access to &#x43;hatGPT.</p>\n",
        ),
        (
            DocumentKind::Html,
            "<p>SRE enables&#x20;access to Chat&#71;PT.</p>\n",
        ),
        (
            DocumentKind::Html,
            "<p>SRE enables&#X20;access to &#67;hat&#x47;PT.</p>\n",
        ),
        (
            DocumentKind::Markdown,
            "SRE enables&#32;access to &#x43;hatGPT.\n",
        ),
        (
            DocumentKind::Markdown,
            "<div>SRE enables&#32;access to &#x43;hatGPT.</div>\n",
        ),
    ] {
        for engine in [&builtin, &team] {
            let mut checker = Checker::new(engine);
            let findings = checker.check(kind, text);
            assert_eq!(findings.len(), 1, "{kind:?} {text:?}: {findings:?}");
            assert_eq!(findings, checker.check_unfiltered(kind, text), "{text:?}");
        }
    }
}
