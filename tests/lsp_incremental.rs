//! The language server rechecks only the parts of a document an edit touched: after any
//! sequence of edits, its findings are exactly those of a full check of the text.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use copylint::DocumentKind;
use copylint::lint::Linter;
use copylint::lsp::incremental::Parts;
use proptest::prelude::*;

fn linter() -> Arc<Linter> {
    static LINTER: OnceLock<Arc<Linter>> = OnceLock::new();
    LINTER
        .get_or_init(|| {
            let today = jiff::civil::date(2026, 6, 1);
            Arc::new(Linter::for_lexicon("builtin:openai-on-aws", today).unwrap())
        })
        .clone()
}

/// Real documents: the samples, and OpenAI-heavy pages of `../shared/corpus/real` when
/// it is there.
fn documents() -> &'static [(DocumentKind, String)] {
    static DOCS: OnceLock<Vec<(DocumentKind, String)>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let corpus = root.join("../shared/corpus/real/openai-cookbook");
        let mut paths: Vec<PathBuf> = ["battlecard.md", "landing-page.md", "release-notes.md"]
            .iter()
            .chain(&["customer-email.txt"])
            .map(|name| root.join("samples").join(name))
            .collect();
        paths.extend(
            [
                "examples/chatgpt/chatgpt_prompt_guide/chatgpt_prompt_guide.md",
                "examples/codex/code_modernization.md",
                "articles/chatgpt-agents-sales-meeting-prep.md",
                "examples/codex/build_code_review_with_codex_sdk.md",
            ]
            .iter()
            .map(|name| corpus.join(name))
            .filter(|path| path.is_file()),
        );
        paths
            .iter()
            .map(|path| {
                let kind = if path.extension().is_some_and(|e| e == "txt") {
                    DocumentKind::Text
                } else {
                    DocumentKind::Markdown
                };
                (kind, std::fs::read_to_string(path).unwrap())
            })
            .collect()
    })
}

/// Text that changes structure or findings when pasted or typed anywhere.
fn snippet() -> impl Strategy<Value = String> {
    prop_oneof![
        // Single keystrokes, structure-bearing ones included.
        "[a-z .,`~<>!*|#:\\[\\]()=+_-]".prop_map(String::from),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("    ".to_string()),
        Just("\t".to_string()),
        Just("\u{FEFF}".to_string()),
        // Fences, comments, raw HTML, containers, tables, metadata, definitions.
        Just("```\n".to_string()),
        Just("\n```\n".to_string()),
        Just("~~~".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("\n<!-- note\n\n".to_string()),
        Just("<script>\n".to_string()),
        Just("</script>".to_string()),
        Just("<div>\n".to_string()),
        Just("<pre>".to_string()),
        Just("\n- item\n\n".to_string()),
        Just("> ".to_string()),
        Just("\n| a | b |\n|---|---|\n| SRE calls on ChatGPT | x |\n".to_string()),
        Just("\n---\n".to_string()),
        Just("\n+++\n".to_string()),
        Just("\n...\n".to_string()),
        Just("\n---\ntitle: x\n".to_string()),
        Just("\n[ref]: https://example.com\n".to_string()),
        Just("[ref]".to_string()),
        Just("[SRE calls on ChatGPT][REF]".to_string()),
        Just("![enables access][ref]".to_string()),
        Just("\n> [ref]: <https://x> \"title\"\n".to_string()),
        Just("[^1]".to_string()),
        Just("\nTerm\n\n: definition\n".to_string()),
        Just("$$\n".to_string()),
        // Directives, in Markdown and in plain text.
        Just("\n<!-- copylint-disable -->\n".to_string()),
        Just("\n<!-- copylint-enable -->\n".to_string()),
        Just("<!-- copylint-disable-next-line call-wording -- approved -->\n".to_string()),
        Just("\ncopylint-disable access-wording\n".to_string()),
        Just("\ncopylint-enable\n".to_string()),
        Just("\ncopylint-disable-next-line\n".to_string()),
        // Phrases that fire, or change how a sentence reads.
        Just("SRE calls on ChatGPT. ".to_string()),
        Just("It enables access to GPT-5".to_string()),
        Just("OpenAI models on Amazon Bedrock".to_string()),
        Just(" ChatGPT ".to_string()),
        Just("**enables** access".to_string()),
        Just("not ".to_string()),
    ]
}

/// One edit: replace up to `delete` bytes at `at` (a fraction of the text) with
/// `insert`, all at once (a paste) or one character per edit (typing).
#[derive(Debug, Clone)]
struct Edit {
    at: f64,
    delete: usize,
    insert: String,
    typed: bool,
}

fn edit() -> impl Strategy<Value = Edit> {
    (
        0.0..=1.0f64,
        prop_oneof![3 => Just(0usize), 1 => 0usize..40],
        snippet(),
        any::<bool>(),
    )
        .prop_map(|(at, delete, insert, typed)| Edit {
            at,
            delete,
            insert,
            typed,
        })
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A window of `text` of at most `len` bytes starting near `from` (a fraction), at line
/// starts, so that cases stay small.
fn window(text: &str, from: f64, len: usize) -> String {
    let start = floor_boundary(text, (text.len() as f64 * from) as usize);
    let start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let end = floor_boundary(text, start + len);
    let end = text[..end].rfind('\n').map_or(end, |i| i + 1).max(start);
    text[start..end].to_string()
}

fn same_as_full_check(
    parts: &mut Parts,
    kind: DocumentKind,
    text: &str,
) -> Result<(), TestCaseError> {
    let linter = linter();
    let mut checker = linter.checker();
    let (incremental, _) = parts.find(&linter, &mut checker, kind, text);
    let full = linter.checker().check(kind, text);
    prop_assert_eq!(incremental, full, "after edits the text is {:?}", text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn incremental_findings_equal_a_full_check_after_every_edit(
        doc in 0usize..64,
        from in 0.0..1.0f64,
        edits in prop::collection::vec(edit(), 1..12),
    ) {
        let docs = documents();
        let (kind, whole) = &docs[doc % docs.len()];
        let mut text = window(whole, from, 5000);
        let mut parts = Parts::default();
        same_as_full_check(&mut parts, *kind, &text)?;
        for e in edits {
            let at = floor_boundary(&text, (text.len() as f64 * e.at) as usize);
            let end = floor_boundary(&text, at + e.delete);
            text.replace_range(at..end, "");
            if e.typed {
                let mut at = at;
                for c in e.insert.chars() {
                    text.insert(at, c);
                    at += c.len_utf8();
                    same_as_full_check(&mut parts, *kind, &text)?;
                }
            } else {
                text.insert_str(at, &e.insert);
                same_as_full_check(&mut parts, *kind, &text)?;
            }
        }
    }
}

/// Typing in one paragraph of a long document checks that paragraph's part alone.
#[test]
fn typing_in_a_paragraph_rechecks_its_part_only() {
    let linter = linter();
    let mut checker = linter.checker();
    let mut text: String = (0..200)
        .map(|i| format!("## Section {i}\n\nOur assistant uses ChatGPT for answer {i}.\n\n"))
        .collect();
    let mut parts = Parts::default();
    let (_, checked) = parts.find(&linter, &mut checker, DocumentKind::Markdown, &text);
    assert_eq!(checked, parts.len());
    assert!(parts.len() >= 400, "{} parts", parts.len());
    let at = text.find("answer 100.").unwrap();
    for c in "SRE calls on ChatGPT. ".chars().rev() {
        text.insert(at, c);
        let (found, checked) = parts.find(&linter, &mut checker, DocumentKind::Markdown, &text);
        assert_eq!(checked, 1);
        assert_eq!(found, linter.checker().check(DocumentKind::Markdown, &text));
    }
    // Opening a fence makes everything after it one block of code: one part, checked
    // again; closing it further down cuts the rest again.
    let before = parts.len();
    let at = text.find("## Section 150").unwrap();
    text.insert_str(at, "```\n\n");
    let (found, checked) = parts.find(&linter, &mut checker, DocumentKind::Markdown, &text);
    assert_eq!(checked, 1);
    assert!(parts.len() < before - 90, "{} parts", parts.len());
    assert_eq!(found, linter.checker().check(DocumentKind::Markdown, &text));
    let at = text.find("## Section 160").unwrap();
    text.insert_str(at, "```\n\n");
    let (found, checked) = parts.find(&linter, &mut checker, DocumentKind::Markdown, &text);
    assert!(
        checked > 1 && parts.len() > before - 30,
        "{checked} of {}",
        parts.len()
    );
    assert_eq!(found, linter.checker().check(DocumentKind::Markdown, &text));
}
