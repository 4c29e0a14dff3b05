//! The extraction pass reports every place a suppression directive can sit
//! ([`BlockSink::comment`]) exactly where the second parse it replaced
//! ([`directive_sites`]) found them: same spans, same order, for every kind, whatever the
//! sink [`wants`](BlockSink::wants).

use std::ops::Range;

use proptest::prelude::*;

use super::{BlockBuilder, BlockSink, DocumentKind, extract, html, markdown, plaintext};
use crate::normalize::NormalizedText;

/// Pushes the byte ranges where `source`, read as `kind`, can hold a suppression
/// directive onto `out`, in order: its comments (Markdown outside code, HTML), or its
/// directive lines (plain text), delimiters included. This is how directives were found
/// before the extractors reported them, by parsing the document a second time: the
/// oracle the extraction pass is held to.
fn directive_sites(kind: DocumentKind, source: &str, out: &mut Vec<Range<usize>>) {
    match kind {
        DocumentKind::Markdown => markdown::comments(source, out),
        DocumentKind::Text
        | DocumentKind::Docx
        | DocumentKind::Pptx
        | DocumentKind::Pdf
        | DocumentKind::Email
        | DocumentKind::OpenDocument => plaintext::directive_lines(source, out),
        DocumentKind::Html => html::comments(source, 0, out),
    }
}

/// Records the comments of a document; wants blocks or not, as told.
struct Comments {
    wanted: bool,
    spans: Vec<Range<usize>>,
}

impl BlockSink for Comments {
    fn wants(&mut self, _span: Range<usize>) -> bool {
        self.wanted
    }

    fn block(&mut self, _block: &NormalizedText) {}

    fn comment(&mut self, span: Range<usize>) {
        self.spans.push(span);
    }
}

/// The comments one extraction pass over `source` reports.
fn extracted(kind: DocumentKind, source: &str, wanted: bool) -> Vec<Range<usize>> {
    let mut sink = Comments {
        wanted,
        spans: Vec::new(),
    };
    let mut text = NormalizedText::default();
    let mut builder = BlockBuilder::new(&mut text, &mut sink);
    extract(kind, source, &mut builder);
    sink.spans
}

/// The old second parse's sites, checked against the extraction pass whether or not
/// the sink wants the blocks (the prefilter rules most of them out).
fn sites(kind: DocumentKind, source: &str) -> Result<Vec<Range<usize>>, String> {
    let mut old = Vec::new();
    directive_sites(kind, source, &mut old);
    for wanted in [true, false] {
        let new = extracted(kind, source, wanted);
        if new != old {
            let show = |spans: &[Range<usize>]| -> Vec<String> {
                spans
                    .iter()
                    .map(|r| format!("{r:?} {:?}", &source[r.clone()]))
                    .collect()
            };
            return Err(format!(
                "{kind:?} (wants {wanted}) {source:?}\n  second parse: {:?}\n  extraction:   {:?}",
                show(&old),
                show(&new)
            ));
        }
    }
    Ok(old)
}

/// The texts of the sites of `source`, after checking both passes agree on them.
fn texts(kind: DocumentKind, source: &str) -> Vec<&str> {
    let spans = sites(kind, source).unwrap_or_else(|e| panic!("{e}"));
    spans.into_iter().map(|r| &source[r]).collect()
}

const PLAIN: [DocumentKind; 6] = [
    DocumentKind::Text,
    DocumentKind::Docx,
    DocumentKind::Pptx,
    DocumentKind::Pdf,
    DocumentKind::Email,
    DocumentKind::OpenDocument,
];

#[test]
fn markdown_comments_outside_code() {
    let md = "\
<!-- copylint-disable-next-line access-wording -- ok -->
SRE enables access <!-- copylint-disable x --> to ChatGPT.

```
<!-- copylint-disable in a fence -->
```

    <!-- copylint-enable in indented code -->

Use `<!-- copylint-enable in a code span -->` and <code><!-- in html code --></code>.

<div>
<!-- copylint-enable in an html block -->
<script><!-- copylint-disable in a script --></script>
</div>

> <div>
> <!-- copylint-disable quoted
> over lines -->
> </div>

- item <!-- copylint-disable item -->
  <!-- copylint-enable -->

| a <!-- cell --> | b |
| --- | --- |

<!-- a comment
with a blank line

inside it -->
";
    assert_eq!(
        texts(DocumentKind::Markdown, md),
        [
            "<!-- copylint-disable-next-line access-wording -- ok -->",
            "<!-- copylint-disable x -->",
            "<!-- in html code -->",
            "<!-- copylint-enable in an html block -->",
            "<!-- copylint-disable quoted\n> over lines -->",
            "<!-- copylint-disable item -->",
            "<!-- copylint-enable -->",
            "<!-- cell -->",
            "<!-- a comment\nwith a blank line\n\ninside it -->",
        ]
    );
}

/// A document parsed in sections reports the comments of the whole document parsed at
/// once, across the sections' edges too.
#[test]
fn markdown_in_sections_meets_the_comments_of_the_whole() {
    let piece = "Intro <!-- copylint-disable x -->\n\n```\n<!-- fenced -->\n```\n\n\
        <!-- copylint-enable\n\nover a blank line -->\n\n> <div a\n> <!-- quoted -->\n\n\
        <div>\n<!-- in a block -->\n</div>\n\nSee [SRE <!-- in a link -->][ref].\n\n\
        [ref]: http://example.com\n\n";
    let doc = piece.repeat(200);
    let mut whole = Vec::new();
    markdown::comments(&doc, &mut whole);
    assert_eq!(whole.len(), 5 * 200);
    let mut sink = Comments {
        wanted: false,
        spans: Vec::new(),
    };
    let mut text = NormalizedText::default();
    let mut builder = BlockBuilder::new(&mut text, &mut sink);
    markdown::extract_in_sections(&doc, 1024, &mut builder);
    assert!(super::sections::sections(&doc, 1024).len() > 20);
    assert_eq!(sink.spans, whole);
}

/// In a block quote or list, an HTML block's comments are those of the block as written,
/// container markers included (the marker ends an unclosed tag).
#[test]
fn markdown_comments_in_containers_as_written() {
    for (md, comments) in [
        ("> <div a\n> <!-- copylint-disable -->\n> </div>\n", 1),
        ("> <div\n> <!-- copylint-disable -->\n", 1),
        ("> <div a=\"\n> <!-- copylint-disable -->\n> \">\n", 0),
        ("- <div a\n  > <!-- copylint-disable -->\n", 1),
        ("> <!-- x\n> --\n> > <!-- copylint-disable -->\n", 1),
    ] {
        assert_eq!(texts(DocumentKind::Markdown, md).len(), comments, "{md:?}");
    }
}

#[test]
fn html_comments_but_not_in_script_or_style() {
    let page = "<html><head><title>T<!-- title text --></title><style>p{}<!-- no --></style>\
        <script>if (a <!-- b) {}</script></head><body><p>a<!-- copylint-disable x -->b</p>\
        <pre><!-- copylint-enable in pre --></pre><img alt='<!-- not a comment -->'>\
        <!----><!-- two\n--></body></html>";
    assert_eq!(
        texts(DocumentKind::Html, page),
        [
            "<!-- copylint-disable x -->",
            "<!-- copylint-enable in pre -->",
            "<!---->",
            "<!-- two\n-->",
        ]
    );
}

#[test]
fn plain_text_directive_lines_of_every_extracted_kind() {
    let text = "One\r\n  copylint-disable-next-line call-wording -- ok\r\nTwo\rcopylint-enable\r\n\
        not copylint-disable\ncopylint-disable";
    for kind in PLAIN {
        assert_eq!(
            texts(kind, text),
            [
                "  copylint-disable-next-line call-wording -- ok",
                "copylint-enable",
                "copylint-disable",
            ],
            "{kind:?}"
        );
    }
}

/// Pieces of Markdown that hold comments where a reader does and does not see them.
fn markdown_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(vec![
            "<!-- copylint-disable-next-line access-wording -- ok -->",
            "<!-- copylint-enable -->",
            "<!--copylint-disable-->",
            "Text <!-- copylint-disable x --> more",
            "```\n<!-- copylint-disable fenced -->\n```",
            "~~~md\n<!-- fenced -->\n",
            "    <!-- indented code -->",
            "`<!-- span -->`",
            "<code><!-- in code --></code>",
            "<div>\n<!-- in a block -->\n</div>",
            "<div a\n<!-- after an open tag -->",
            "> <div a\n> <!-- copylint-disable after an open tag -->",
            "- <p\n  <!-- in an item -->\n  </p>",
            "> > <p\n> > <!-- deep -->",
            "> <!-- quoted -->",
            "> <div>\n> <!-- copylint-disable quoted\n> -->\n> </div>",
            ">",
            "> ",
            "- item <!-- c -->\n  <!-- d -->",
            "1. <div>\n   <!-- in a list -->\n   </div>",
            "<script>\n<!-- no -->\n</script>",
            "<pre>\n<!-- in pre -->\n</pre>",
            "<style><!-- s --></style>",
            "<!-- open\n\nacross a blank line -->",
            "<!-- unterminated",
            "-->",
            "[link <!-- l -->](http://x) ![alt <!-- i -->](y.png)",
            "[a](<!-- x -->)",
            "| a <!-- t --> | b |\n|---|---|\n| <!-- cell --> | x |",
            "$<!-- math -->$",
            "[^1]: note <!-- fn -->",
            "<details>\n\n<!-- inner -->\n\n</details>",
            "---\ntitle: <!-- front -->\n---",
            "<https://x.y/<!--a-->",
            "SRE enables access to ChatGPT.",
            "\\<!-- escaped -->",
            "&lt;!-- entity -->",
            "<!---->",
            "<!-->",
            "<?php <!-- pi --> ?>",
            "<![CDATA[ <!-- cdata --> ]]>",
            "<!DOCTYPE x <!-- d -->>",
        ])
        .prop_map(str::to_string),
        1 => "[<>!\\- `\n>a*|\\[\\]()]{1,12}",
    ]
}

/// Pieces of HTML that hold comments, and text in which `<!--` is not one.
fn html_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(vec![
            "<p>a<!-- copylint-disable x -->b</p>",
            "<!-- copylint-enable -->",
            "<script><!-- no --></script>",
            "<script>",
            "</script>",
            "<style>x<!-- s --></style>",
            "<pre><!-- p --></pre>",
            "<code><!-- c --></code>",
            "<textarea><!-- t --></textarea>",
            "<title><!-- t --></title>",
            "<svg><!-- s --></svg>",
            "<!---->",
            "<!-->",
            "<!--->",
            "<!-- x --!>",
            "<img alt='<!-- a -->'>",
            "<![CDATA[ <!-- x --> ]]>",
            "<!-- unterminated",
            "<div a\n<!-- attr -->",
            "SRE enables access to ChatGPT.",
        ])
        .prop_map(str::to_string),
        1 => "[<>!\\- \n/a=\"']{1,12}",
    ]
}

/// Lines of plain text, directives among them.
fn plain_line() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "copylint-disable-next-line call-wording -- ok",
            "  copylint-enable",
            "\tcopylint-disable",
            "copylint-disabled",
            "not copylint-disable",
            "SRE enables access to ChatGPT.",
            "",
            " ",
        ])
        .prop_map(str::to_string),
        "[a-z \t-]{0,10}",
    ]
}

/// Joins `pieces` with line ends (`\r\n` and `\r` in plain text), blank lines or nothing,
/// as `seps` say.
fn join(pieces: Vec<String>, seps: Vec<u8>, plain: bool) -> String {
    let mut doc = String::new();
    for (piece, sep) in pieces.iter().zip(seps.iter().cycle()) {
        doc.push_str(piece);
        doc.push_str(match (sep % 4, plain) {
            (0, _) => "\n",
            (1, _) => "\n\n",
            (2, true) => "\r\n",
            (2, false) => "",
            _ => "\r",
        });
    }
    doc
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn markdown_extraction_meets_every_comment(
        pieces in proptest::collection::vec(markdown_piece(), 0..14),
        seps in proptest::collection::vec(any::<u8>(), 1..14),
    ) {
        let doc = join(pieces, seps, false);
        sites(DocumentKind::Markdown, &doc).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn html_extraction_meets_every_comment(
        pieces in proptest::collection::vec(html_piece(), 0..14),
        seps in proptest::collection::vec(any::<u8>(), 1..14),
    ) {
        let doc = join(pieces, seps, false);
        sites(DocumentKind::Html, &doc).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn plain_text_extraction_meets_every_directive_line(
        lines in proptest::collection::vec(plain_line(), 0..14),
        seps in proptest::collection::vec(any::<u8>(), 1..14),
        kind in proptest::sample::select(PLAIN.to_vec()),
    ) {
        let doc = join(lines, seps, true);
        sites(kind, &doc).map_err(TestCaseError::fail)?;
    }
}
