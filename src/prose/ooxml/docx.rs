//! Word documents: the paragraphs of the main document (`word/document.xml`, the part the
//! package names as such) and of the parts it relates to: headers, footers, footnotes,
//! endnotes and comments.
//!
//! * A paragraph (`w:p`) is the text of its runs' `w:t` elements joined; a tab or a line
//!   break (`w:tab`, `w:br`, `w:cr`) is white space, a non-breaking hyphen is `-`.
//! * Units of the body: `paragraph N` for a paragraph of the body (N counts the body's
//!   paragraphs that hold text, as Word's statistics do, tables and text boxes aside),
//!   `table T, row R, cell C` for the paragraphs of a table cell (T counts tables in
//!   document order, nested ones too), `text box K` for those of a text box.
//! * Units of the other parts, after the body's, each holding all its paragraphs (its
//!   tables and text boxes included): `header`, `first-page header`, `even-page header`
//!   and the same for footers, as the sections name them (`header, section 2` when more
//!   than one section has its own); `footnote N` and `endnote N`, numbered in the order
//!   the part stores them (Word's order of reference); `comment N (author)`, likewise.
//! * Not read: deleted and moved-away text of tracked changes (`w:del`, `w:moveFrom`),
//!   field codes (`w:instrText`), hidden text (`w:vanish`), the fallback copy of a
//!   drawing (`mc:Fallback`, which repeats its text box), the separators Word puts
//!   between body and notes, and headers or footers no section uses.

use quick_xml::events::{BytesStart, Event};

use super::package::{Limits, Package, Relationship};
use super::xml::{self, Ns};
use super::{Extracted, PackageError, has_text};

/// Where `word/document.xml` is when the package does not say.
const DEFAULT_MAIN: &str = "word/document.xml";

/// Extracts the text of the Word document `bytes`.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, PackageError> {
    let mut package = Package::open(bytes, "Word", limits)?;
    let main = package.main_part(DEFAULT_MAIN)?;
    let text = package.required_part(&main)?;
    let mut out = Extracted::default();
    let sections = read_part(&main, &text, Story::Body, &mut out)?;
    let rels = package.relationships(&main)?;
    for (name, target) in header_and_footer_parts(&sections, &rels) {
        read_related(&mut package, &target, Story::Whole(name), &mut out)?;
    }
    for (kind, story) in [
        ("footnotes", Story::Notes("footnote")),
        ("endnotes", Story::Notes("endnote")),
        ("comments", Story::Comments),
    ] {
        if let Some(target) = rels
            .iter()
            .find(|r| r.is(kind))
            .and_then(|r| r.target.clone())
        {
            read_related(&mut package, &target, story, &mut out)?;
        }
    }
    Ok(out)
}

/// Reads the related part `target` as `story`; a part the document names but the
/// package does not hold is a warning.
fn read_related(
    package: &mut Package,
    target: &str,
    story: Story,
    out: &mut Extracted,
) -> Result<(), PackageError> {
    match package.part(target)? {
        Some(text) => read_part(target, &text, story, out).map(drop),
        None => {
            out.warnings
                .push(format!("`{target}` is named but missing; skipped"));
            Ok(())
        }
    }
}

/// A header or footer a section uses: `w:headerReference` or `w:footerReference`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SectionPart {
    /// 1-based section number.
    section: usize,
    /// `header` or `footer`.
    kind: &'static str,
    /// `default`, `first` or `even`.
    page: String,
    /// The relationship id.
    id: String,
}

/// The header and footer parts the sections use, each once, named for a reader:
/// `(name, part)` in the order the sections list them.
fn header_and_footer_parts(
    sections: &[SectionPart],
    rels: &[Relationship],
) -> Vec<(String, String)> {
    let mut numbered: Vec<usize> = sections.iter().map(|s| s.section).collect();
    numbered.dedup();
    let mut out: Vec<(String, String)> = Vec::new();
    for s in sections {
        let Some(target) = rels
            .iter()
            .find(|r| r.id == s.id && r.is(s.kind))
            .and_then(|r| r.target.clone())
        else {
            continue;
        };
        if out.iter().any(|(_, t)| *t == target) {
            continue;
        }
        let mut name = match s.page.as_str() {
            "first" => format!("first-page {}", s.kind),
            "even" => format!("even-page {}", s.kind),
            _ => s.kind.to_string(),
        };
        if numbered.len() > 1 {
            name.push_str(&format!(", section {}", s.section));
        }
        out.push((name, target));
    }
    out
}

/// What a part holds, and so how its paragraphs make units.
enum Story {
    /// The main document: paragraphs, table cells and text boxes.
    Body,
    /// A header or footer: one unit of this name.
    Whole(String),
    /// Footnotes or endnotes (`footnote`, `endnote`): a unit per note.
    Notes(&'static str),
    /// Comments: a unit per comment, named with its author.
    Comments,
}

/// An open container of paragraphs: a table cell or a text box.
struct Container {
    location: String,
    paragraphs: Vec<String>,
}

/// An open table.
struct Table {
    number: usize,
    row: usize,
    cell: usize,
}

/// An open paragraph.
struct Paragraph {
    text: String,
    /// How many runs were open when it started: its own runs are the ones after.
    runs_below: usize,
}

#[derive(Default)]
struct Walker {
    paragraphs: Vec<Paragraph>,
    containers: Vec<Container>,
    tables: Vec<Table>,
    /// Per open run (`w:r`): whether its text is hidden.
    runs: Vec<bool>,
    /// Inside `w:t`.
    in_text: bool,
    /// Inside the properties (`w:rPr`) of the innermost run.
    in_run_properties: bool,
    /// Whether the previous start tag was a run's.
    after_run_start: bool,
    body_paragraphs: usize,
    tables_seen: usize,
    text_boxes: usize,
    /// Outside the body: every paragraph joins the open unit (`None` between notes or
    /// comments), tables and text boxes included.
    flat: bool,
    story: Option<Vec<String>>,
    /// The headers and footers the body's sections use.
    sections: Vec<SectionPart>,
    sections_seen: usize,
}

impl Walker {
    /// The innermost paragraph, if the innermost open run belongs to it and shows its text.
    fn visible_run_text(&mut self) -> Option<&mut String> {
        let p = self.paragraphs.last_mut()?;
        match self.runs.last() {
            Some(false) if self.runs.len() > p.runs_below => Some(&mut p.text),
            _ => None,
        }
    }

    fn push(&mut self, s: &str) {
        if let Some(text) = self.visible_run_text() {
            text.push_str(s);
        }
    }

    fn start(&mut self, e: &BytesStart, local: &[u8]) {
        let was_after_run = std::mem::take(&mut self.after_run_start);
        match local {
            b"p" => self.paragraphs.push(Paragraph {
                text: String::new(),
                runs_below: self.runs.len(),
            }),
            b"r" => {
                self.runs.push(false);
                self.after_run_start = true;
            }
            b"rPr" => self.in_run_properties = was_after_run,
            b"t" => self.in_text = true,
            b"tbl" => {
                self.tables_seen += 1;
                self.tables.push(Table {
                    number: self.tables_seen,
                    row: 0,
                    cell: 0,
                });
            }
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row += 1;
                    t.cell = 0;
                }
            }
            b"tc" if self.flat => {}
            b"tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell += 1;
                    let location = format!("table {}, row {}, cell {}", t.number, t.row, t.cell);
                    self.containers.push(Container {
                        location,
                        paragraphs: Vec::new(),
                    });
                }
            }
            b"txbxContent" if self.flat => {}
            b"txbxContent" => {
                self.text_boxes += 1;
                self.containers.push(Container {
                    location: format!("text box {}", self.text_boxes),
                    paragraphs: Vec::new(),
                });
            }
            _ => self.empty(e, local),
        }
    }

    /// Elements that matter even when written `<w:x/>`.
    fn empty(&mut self, e: &BytesStart, local: &[u8]) {
        match local {
            b"tab" | b"ptab" => self.push("\t"),
            b"br" | b"cr" => self.push(" "),
            b"noBreakHyphen" => self.push("\u{2011}"),
            b"softHyphen" => self.push("\u{AD}"),
            b"sectPr" => self.sections_seen += 1,
            b"headerReference" | b"footerReference" => {
                if let Some(id) = xml::local_attribute(e, b"id") {
                    self.sections.push(SectionPart {
                        section: self.sections_seen.max(1),
                        kind: if local == b"headerReference" {
                            "header"
                        } else {
                            "footer"
                        },
                        page: xml::local_attribute(e, b"type").unwrap_or_default(),
                        id,
                    });
                }
            }
            b"vanish" if self.in_run_properties => {
                let on = xml::local_attribute(e, b"val")
                    .is_none_or(|v| !matches!(v.as_str(), "0" | "false" | "off"));
                if let Some(hidden) = self.runs.last_mut() {
                    *hidden = on;
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, local: &[u8], out: &mut Extracted) {
        match local {
            b"p" => {
                let Some(p) = self.paragraphs.pop() else {
                    return;
                };
                if self.flat {
                    if let Some(story) = &mut self.story {
                        story.push(p.text);
                    }
                } else if let Some(container) = self.containers.last_mut() {
                    container.paragraphs.push(p.text);
                } else if has_text(&p.text) {
                    self.body_paragraphs += 1;
                    out.push_unit(format!("paragraph {}", self.body_paragraphs), &[p.text]);
                }
            }
            b"r" => {
                self.runs.pop();
            }
            b"rPr" => self.in_run_properties = false,
            b"t" => self.in_text = false,
            b"tbl" => {
                self.tables.pop();
            }
            b"tc" | b"txbxContent" => {
                if let Some(c) = self.containers.pop() {
                    out.push_unit(c.location, &c.paragraphs);
                }
            }
            _ => {}
        }
    }
}

/// Reads part `text` (named `part`), which holds `story`, into `out`; returns the
/// headers and footers its sections use.
fn read_part(
    part: &str,
    text: &str,
    story: Story,
    out: &mut Extracted,
) -> Result<Vec<SectionPart>, PackageError> {
    let mut reader = xml::reader(text);
    let mut walker = Walker {
        flat: !matches!(story, Story::Body),
        story: matches!(story, Story::Whole(_)).then(Vec::new),
        ..Walker::default()
    };
    // The open note or comment's name, and how many there were.
    let mut unit: Option<String> = None;
    let mut units = 0;
    loop {
        let event = xml::read_event(&mut reader, part)?;
        match event {
            Event::Start(e) => {
                let (resolved, local) = reader.resolver().resolve_element(e.name());
                match (xml::ns(&resolved), local.as_ref(), &story) {
                    (Ns::Word, b"del" | b"moveFrom" | b"instrText" | b"delText", _)
                    | (Ns::Compatibility, b"Fallback", _) => {
                        reader
                            .read_to_end(e.name())
                            .map_err(|err| xml::error(part, &reader, err))?;
                    }
                    (Ns::Word, b"footnote" | b"endnote", Story::Notes(kind)) => {
                        // Separators and continuation notices are Word's, not the author's.
                        if xml::local_attribute(&e, b"type")
                            .is_some_and(|t| !matches!(t.as_str(), "normal" | ""))
                        {
                            reader
                                .read_to_end(e.name())
                                .map_err(|err| xml::error(part, &reader, err))?;
                        } else {
                            units += 1;
                            unit = Some(format!("{kind} {units}"));
                            walker.story = Some(Vec::new());
                        }
                    }
                    (Ns::Word, b"comment", Story::Comments) => {
                        units += 1;
                        unit = Some(match xml::local_attribute(&e, b"author") {
                            Some(author) if has_text(&author) => {
                                format!("comment {units} ({})", super::person(&author))
                            }
                            _ => format!("comment {units}"),
                        });
                        walker.story = Some(Vec::new());
                    }
                    (Ns::Word, local, _) => walker.start(&e, local),
                    _ => walker.after_run_start = false,
                }
            }
            Event::Empty(e) => {
                let (resolved, local) = reader.resolver().resolve_element(e.name());
                if xml::ns(&resolved) == Ns::Word {
                    walker.empty(&e, local.as_ref());
                }
            }
            Event::End(e) => {
                let (resolved, local) = reader.resolver().resolve_element(e.name());
                if xml::ns(&resolved) == Ns::Word {
                    walker.end(local.as_ref(), out);
                    if matches!(local.as_ref(), b"footnote" | b"endnote" | b"comment")
                        && let (Some(name), Some(paragraphs)) = (unit.take(), walker.story.take())
                    {
                        out.push_unit(name, &paragraphs);
                    }
                }
            }
            Event::Text(t) if walker.in_text => {
                let s = t
                    .xml10_content()
                    .map_err(|err| xml::error(part, &reader, err))?;
                walker.push(&s);
            }
            Event::CData(t) if walker.in_text => {
                let s = t
                    .xml10_content()
                    .map_err(|err| xml::error(part, &reader, err))?;
                walker.push(&s);
            }
            Event::GeneralRef(r) if walker.in_text => {
                if let Some(s) = xml::reference(&r) {
                    walker.push(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let (Story::Whole(name), Some(paragraphs)) = (story, walker.story) {
        out.push_unit(name, &paragraphs);
    }
    Ok(walker.sections)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prose::ooxml::package::tests::{pairs, zip_of};

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    fn units(body: &str) -> Vec<(String, String)> {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#
        );
        let bytes = zip_of(&[("word/document.xml", &xml)], true);
        let doc = extract(&bytes, &Limits::default()).unwrap();
        doc.units
            .into_iter()
            .map(|u| (u.location, u.text))
            .collect()
    }

    #[test]
    fn runs_join_and_empty_paragraphs_are_not_counted() {
        assert_eq!(
            units(
                r#"<w:p><w:r><w:t>SRE</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> enables</w:t></w:r><w:r><w:t xml:space="preserve"> access &amp; more</w:t></w:r></w:p><w:p/><w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Two</w:t><w:tab/><w:t>x</w:t><w:br/><w:t>y</w:t></w:r></w:p>"#
            ),
            pairs(&[
                ("paragraph 1", "SRE enables access & more"),
                ("paragraph 2", "Two\tx y")
            ])
        );
    }

    #[test]
    fn table_cells_are_units_of_their_own() {
        assert_eq!(
            units(
                r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>d</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>after</w:t></w:r></w:p>"#
            ),
            pairs(&[
                ("table 1, row 1, cell 1", "a\nb"),
                ("table 1, row 1, cell 2", "c"),
                ("table 1, row 2, cell 2", "d"),
                ("paragraph 1", "after"),
            ])
        );
    }

    #[test]
    fn deleted_hidden_and_fallback_text_is_not_read() {
        assert_eq!(
            units(
                r#"<w:p><w:r><w:t>kept</w:t></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:ins><w:r><w:t xml:space="preserve"> new</w:t></w:r></w:ins><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t xml:space="preserve"> shown</w:t></w:r></w:p>"#
            ),
            pairs(&[("paragraph 1", "kept new shown")])
        );
        // A text box is written twice: as a drawing and as a VML fallback. Read once.
        assert_eq!(
            units(
                r#"<w:p><w:r><w:t>Anchor</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>In the box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>In the box</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#
            ),
            pairs(&[("text box 1", "In the box"), ("paragraph 1", "Anchor")])
        );
    }

    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// A document whose body is `body` and whose other parts are `parts` (name, kind,
    /// XML), related from the main document as `rId1`, `rId2`, ...
    fn with_parts(body: &str, parts: &[(&str, &str, &str)]) -> Extracted {
        let document =
            format!(r#"<w:document {W} xmlns:r="{REL}"><w:body>{body}</w:body></w:document>"#);
        let mut rels = String::from(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        );
        let mut files = vec![("word/document.xml".to_string(), document)];
        for (i, (name, kind, xml)) in parts.iter().enumerate() {
            rels.push_str(&format!(
                r#"<Relationship Id="rId{}" Type="{REL}/{kind}" Target="{name}"/>"#,
                i + 1
            ));
            if !xml.is_empty() {
                files.push((format!("word/{name}"), xml.to_string()));
            }
        }
        rels.push_str("</Relationships>");
        files.push(("word/_rels/document.xml.rels".to_string(), rels));
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        extract(&zip_of(&files, true), &Limits::default()).unwrap()
    }

    fn part(root: &str, inner: &str) -> String {
        format!(r#"<w:{root} {W}>{inner}</w:{root}>"#)
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn headers_and_footers_are_named_by_the_sections_that_use_them() {
        let section = |refs: &[(&str, &str, usize)]| {
            let refs: String = refs
                .iter()
                .map(|(kind, page, id)| {
                    format!(r#"<w:{kind}Reference w:type="{page}" r:id="rId{id}"/>"#)
                })
                .collect();
            format!("<w:sectPr>{refs}</w:sectPr>")
        };
        let body = format!(
            "{}<w:p><w:pPr>{}</w:pPr></w:p>{}{}",
            p("Body"),
            section(&[("header", "default", 1), ("header", "first", 2)]),
            p("Second"),
            // The last section uses the first's header again, and an even-page footer.
            section(&[("header", "default", 1), ("footer", "even", 3)])
        );
        let doc = with_parts(
            &body,
            &[
                (
                    "header1.xml",
                    "header",
                    &part(
                        "hdr",
                        &(p("H one")
                            + "<w:tbl><w:tr><w:tc>"
                            + &p("in a cell")
                            + "</w:tc></w:tr></w:tbl>"),
                    ),
                ),
                ("header2.xml", "header", &part("hdr", &p("First page"))),
                ("footer1.xml", "footer", &part("ftr", &p("Even"))),
                // Related but used by no section: Word does not show it.
                ("header3.xml", "header", &part("hdr", &p("Unused"))),
            ],
        );
        let units: Vec<(&str, &str)> = doc
            .units
            .iter()
            .map(|u| (u.location.as_str(), u.text.as_str()))
            .collect();
        assert_eq!(
            units,
            [
                ("paragraph 1", "Body"),
                ("paragraph 2", "Second"),
                ("header, section 1", "H one\nin a cell"),
                ("first-page header, section 1", "First page"),
                ("even-page footer, section 2", "Even"),
            ]
        );
    }

    #[test]
    fn notes_and_comments_are_units_of_their_own() {
        let separator = r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"#;
        let doc = with_parts(
            &p("Body"),
            &[
                (
                    "footnotes.xml",
                    "footnotes",
                    &part(
                        "footnotes",
                        &format!(
                            r#"{separator}<w:footnote w:id="1">{}</w:footnote><w:footnote w:id="2">{}{}</w:footnote>"#,
                            p("One"),
                            p("Two a"),
                            p("Two b")
                        ),
                    ),
                ),
                (
                    "endnotes.xml",
                    "endnotes",
                    &part(
                        "endnotes",
                        &format!(r#"<w:endnote w:id="1">{}</w:endnote>"#, p("End")),
                    ),
                ),
                (
                    "comments.xml",
                    "comments",
                    &part(
                        "comments",
                        &format!(
                            "<w:comment w:id=\"0\" w:author=\"Ann&#9;&#10; Example\">{}</w:comment><w:comment w:id=\"1\">{}</w:comment>",
                            p("Looks good"),
                            p("No author")
                        ),
                    ),
                ),
            ],
        );
        let units: Vec<(&str, &str)> = doc
            .units
            .iter()
            .map(|u| (u.location.as_str(), u.text.as_str()))
            .collect();
        assert_eq!(
            units,
            [
                ("paragraph 1", "Body"),
                ("footnote 1", "One"),
                ("footnote 2", "Two a\nTwo b"),
                ("endnote 1", "End"),
                ("comment 1 (Ann Example)", "Looks good"),
                ("comment 2", "No author"),
            ]
        );
    }

    #[test]
    fn a_missing_part_is_a_warning_and_a_broken_one_an_error() {
        let doc = with_parts(&p("Body"), &[("comments.xml", "comments", "")]);
        assert_eq!(doc.units.len(), 1);
        assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
        let document = format!(
            r#"<w:document {W}><w:body>{}</w:body></w:document>"#,
            p("x")
        );
        let rels = format!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/footnotes" Target="footnotes.xml"/></Relationships>"#
        );
        let bytes = zip_of(
            &[
                ("word/document.xml", &document),
                ("word/_rels/document.xml.rels", &rels),
                ("word/footnotes.xml", "<w:footnotes><a></b>"),
            ],
            false,
        );
        assert!(matches!(
            extract(&bytes, &Limits::default()),
            Err(PackageError::Xml { .. })
        ));
    }

    #[test]
    fn broken_documents_are_errors_not_panics() {
        let bytes = zip_of(&[("word/document.xml", "<w:document><w:body><w:p>")], false);
        // Unclosed elements at the end of the part: what was read is kept.
        assert!(extract(&bytes, &Limits::default()).is_ok());
        let bytes = zip_of(&[("word/document.xml", "<a></b>")], false);
        assert!(matches!(
            extract(&bytes, &Limits::default()),
            Err(PackageError::Xml { .. })
        ));
        let bytes = zip_of(&[("word/other.xml", "<a/>")], false);
        assert!(matches!(
            extract(&bytes, &Limits::default()),
            Err(PackageError::MissingPart { .. })
        ));
    }
}
