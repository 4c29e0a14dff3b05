//! The language server rechecks only the parts of a document an edit touched: after any
//! sequence of edits, its findings are exactly those of a full check of the text.

mod common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use common::lsp::{Client, range};
use copylint::DocumentKind;
use copylint::lint::Linter;
use copylint::lsp::incremental::Parts;
use proptest::prelude::*;
use serde_json::json;

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
        bom in prop::bool::weighted(0.1),
    ) {
        let docs = documents();
        let (kind, whole) = &docs[doc % docs.len()];
        let mut text = window(whole, from, 5000);
        if bom {
            text.insert(0, '\u{FEFF}');
        }
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

/// The real server, typing into a Markdown file, checked after every keystroke against
/// `copylint check` of the same text.
struct Typist {
    scratch: common::Scratch,
    client: Client,
    uri: String,
    text: String,
    version: i64,
    /// What was published when the document was opened.
    opened: Vec<(u64, u64, String)>,
}

impl Typist {
    fn open(text: &str) -> Typist {
        let scratch = common::Scratch::new();
        let path = scratch.write("deck.md", text);
        let uri = common::file_uri(&path);
        let mut client = Client::initialized(&[], Some(scratch.path()));
        client.open(&uri, "markdown", text);
        let mut typist = Typist {
            scratch,
            client,
            uri,
            text: text.to_string(),
            version: 1,
            opened: Vec::new(),
        };
        typist.opened = typist.published();
        typist
    }

    /// The (line, character, rule) of each diagnostic published for the current version,
    /// asserted equal to those `copylint check` reports for the text.
    fn published(&mut self) -> Vec<(u64, u64, String)> {
        let shown: Vec<(u64, u64, String)> = self
            .client
            .diagnostics(&self.uri, self.version)
            .iter()
            .map(|d| {
                let start = &d["range"]["start"];
                let (line, character) = (start["line"].as_u64(), start["character"].as_u64());
                (
                    line.unwrap(),
                    character.unwrap(),
                    d["code"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        self.scratch.write("full.md", &self.text);
        let (json, _) = common::check_json(self.scratch.path(), &["full.md"]);
        let full: Vec<(u64, u64, String)> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["suppressed"].is_null())
            .map(|d| {
                let at = |key: &str| d[key].as_u64().unwrap() - 1;
                (
                    at("line"),
                    at("column"),
                    d["rule"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(shown, full, "after typing, the text is {:?}", self.text);
        shown
    }

    /// Types `typed` at the start of line `line`, one character per change, as an editor
    /// sends it; the findings after each keystroke are those of a full check.
    fn type_at(&mut self, line: u64, typed: &str) -> Vec<(u64, u64, String)> {
        let (mut line, mut character) = (line, 0);
        let mut shown = Vec::new();
        for c in typed.chars() {
            let at = self.offset(line, character);
            self.text.insert(at, c);
            self.version += 1;
            let position = range(line, character, line, character);
            let change = json!([{"range": position, "text": c.to_string()}]);
            self.client.change(&self.uri, self.version, change);
            if c == '\n' {
                (line, character) = (line + 1, 0);
            } else {
                character += c.len_utf16() as u64;
            }
            shown = self.published();
        }
        shown
    }

    /// Deletes from the start of line `line` to `end` (line, character).
    fn delete_at(&mut self, line: u64, end: (u64, u64)) -> Vec<(u64, u64, String)> {
        let (from, to) = (self.offset(line, 0), self.offset(end.0, end.1));
        self.text.replace_range(from..to, "");
        self.version += 1;
        let change = json!([{"range": range(line, 0, end.0, end.1), "text": ""}]);
        self.client.change(&self.uri, self.version, change);
        self.published()
    }

    fn offset(&self, line: u64, character: u64) -> usize {
        common::lsp::offset(&self.text, &json!({"line": line, "character": character}))
    }
}

const CALL: &str = "openai-on-aws/call-wording";

/// Six sections, each with one finding: on lines 4, 8, ... 24 (0-based).
fn six_parts() -> String {
    let mut text = "# Deck\n\n".to_string();
    for i in 0..6 {
        text.push_str(&format!(
            "## Part {i}\n\nSRE calls on ChatGPT in part {i}.\n\n"
        ));
    }
    text
}

fn lines_of(found: &[(u64, u64, String)]) -> Vec<u64> {
    assert!(found.iter().all(|(_, _, rule)| rule == CALL), "{found:?}");
    found.iter().map(|(line, ..)| *line).collect()
}

#[test]
fn typing_a_fence_hides_what_follows_and_closing_it_shows_it_again() {
    let mut typist = Typist::open(&six_parts());
    assert_eq!(lines_of(&typist.opened), [4, 8, 12, 16, 20, 24]);
    // "```" typed above part 3 opens a fence running to the end: parts 3 to 5 are code.
    let found = typist.type_at(14, "```\n");
    assert_eq!(lines_of(&found), [4, 8, 12]);
    // Closing it above part 5 brings part 5 back.
    let found = typist.type_at(23, "```\n");
    assert_eq!(lines_of(&found), [4, 8, 12, 26]);
    // Deleting the opening fence: the closing one now opens a fence to the end, over
    // part 5 alone.
    let found = typist.delete_at(14, (15, 0));
    assert_eq!(lines_of(&found), [4, 8, 12, 16, 20]);
    assert_eq!(typist.client.stop(), 0);
}

#[test]
fn typing_directives_suppresses_across_parts_and_enabling_ends_it() {
    let mut typist = Typist::open(&six_parts());
    // While the comment is being typed it is unclosed and hides what follows (an HTML
    // block to the end); once closed, it suppresses the rule to the end of the file.
    let found = typist.type_at(10, "<!-- copylint-disable call-wording -- a quote -->\n\n");
    assert_eq!(lines_of(&found), [4, 8]);
    // copylint-enable two parts further down shows the findings after it again.
    // Typed above the finding of part 4 (now on line 22), copylint-enable shows it and
    // part 5's again.
    let found = typist.type_at(22, "<!-- copylint-enable -->\n\n");
    assert_eq!(lines_of(&found), [4, 8, 24, 28]);
    // A disable-next-line directive typed above one finding hides that one alone.
    let found = typist.type_at(4, "<!-- copylint-disable-next-line -->\n");
    assert_eq!(lines_of(&found), [9, 25, 29]);
    assert_eq!(typist.client.stop(), 0);
}

/// The served document keeps up with edits that change how it is cut: its findings and
/// their ranges stay those of a full check (the value compared in [`Typist::published`]).
#[test]
fn findings_after_an_edit_keep_their_place() {
    let mut typist = Typist::open(&six_parts());
    // A new paragraph above everything moves every finding down two lines.
    let found = typist.type_at(2, "OpenAI on AWS.\n\n");
    assert_eq!(lines_of(&found), [6, 10, 14, 18, 22, 26]);
    assert_eq!(typist.client.stop(), 0);
}
