//! OpenDocument text (`.odt`) and presentations (`.odp`), as LibreOffice writes them: a
//! zip package like Office's, read with the same bounds, whose `content.xml` holds the
//! document and `styles.xml` its page headers and footers.
//!
//! * A paragraph (`text:p`, `text:h`, in lists too) is its text joined across spans and
//!   links; `text:s`, `text:tab` and `text:line-break` are white space.
//! * Text documents read as Word documents do: `paragraph N`, `table T, row R, cell C`
//!   and `text box K` (frames and shapes with text) for the body; then `header`,
//!   `footer`, `first-page header`, `even-page footer`, ... from the page styles
//!   (`header (page style NAME)` when more than one has them); then `footnote N`,
//!   `endnote N` and `comment N (author)`, numbered in document order.
//! * Presentations read as PowerPoint decks do: `slide N` (every frame, shape and table
//!   of the page), `slide N, footer` (the footer text the slide shows), `slide N, notes`
//!   and `slide N, comment K (author)`.
//! * Not read: deleted text of tracked changes, the note's citation mark, generated
//!   indexes and tables of contents (they repeat the headings), hidden sections and
//!   text, image titles and descriptions, and the page-number and date placeholders.
//!
//! A password-protected file is refused with a clear message: its parts are encrypted.
//!
//! Why one module of this size: text documents and presentations share one package reader,
//! one XML walk and one table of places; splitting them would copy the walk.

use std::collections::HashMap;

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};

use super::package::{Limits, Package};
use super::xml::{self, Ns};
use super::{Extracted, PackageError, has_text, person};

/// The format, as messages name it.
const KIND: &str = "LibreOffice (OpenDocument)";

/// Extracts the text of the OpenDocument file `bytes` (text or presentation, whatever
/// its extension says).
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, PackageError> {
    let mut package = Package::open(bytes, KIND, limits)?;
    if package
        .part("META-INF/manifest.xml")?
        .is_some_and(|manifest| manifest.contains("encryption-data"))
    {
        return Err(PackageError::Encrypted { kind: KIND });
    }
    let content = package.required_part("content.xml")?;
    let mut out = Extracted::default();
    let mut walker = Walker::default();
    walker.read("content.xml", &content, &mut out)?;
    if !walker.presentation
        && let Some(styles) = package.part("styles.xml")?
    {
        let mut pages = Walker {
            flat: true,
            ..Walker::default()
        };
        pages.read("styles.xml", &styles, &mut out)?;
        let named = pages.page_parts.iter().map(|(p, ..)| p).collect::<Vec<_>>();
        let several = named.windows(2).any(|w| w[0] != w[1]);
        for (page, name, paragraphs) in &pages.page_parts {
            let name = if several {
                format!("{name} (page style {})", person(page))
            } else {
                name.clone()
            };
            out.push_unit(name, paragraphs);
        }
    }
    walker.deferred.sort_by_key(|(rank, ..)| *rank);
    for (_, name, paragraphs) in walker.deferred {
        out.push_unit(name, &paragraphs);
    }
    Ok(out)
}

/// What an open container collects paragraphs for.
enum Kind {
    /// A table cell or a text box of a text document: a unit of this name, in place.
    Place(String),
    /// A footnote or endnote (`footnote`, `endnote`).
    Note(&'static str),
    /// An annotation, by this author.
    Comment(Option<String>),
}

struct Container {
    kind: Kind,
    paragraphs: Vec<String>,
}

/// An open table of a text document.
struct Table {
    number: usize,
    row: usize,
    /// Further copies of the current row.
    rows_pending: usize,
    cell: usize,
}

/// Reads a `content.xml` or `styles.xml`.
#[derive(Default)]
struct Walker {
    /// Whether the document is a presentation (`office:presentation`).
    presentation: bool,
    /// Every paragraph joins `story` (slides, notes, headers): no units of their own
    /// for cells and text boxes.
    flat: bool,
    paragraphs: Vec<String>,
    containers: Vec<Container>,
    tables: Vec<Table>,
    story: Vec<String>,
    body_paragraphs: usize,
    tables_seen: usize,
    text_boxes: usize,
    footnotes: usize,
    endnotes: usize,
    comments: usize,
    /// Notes and comments, read after the body: (rank, name, paragraphs).
    deferred: Vec<(u8, String, Vec<String>)>,
    /// Inside an annotation's `dc:creator`.
    in_author: bool,
    author: String,
    /// The open slide: its number, and the footer it shows.
    slide: usize,
    slide_footer: Option<String>,
    notes: Option<Vec<String>>,
    /// Footer texts by name (`presentation:footer-decl`), and the one being read.
    footers: HashMap<String, String>,
    footer_decl: Option<(String, String)>,
    /// Drawing-page styles that hide the footer.
    footerless_styles: Vec<String>,
    /// The open page style (`style:master-page`) and the header or footer being read.
    page_style: String,
    page_part: Option<String>,
    /// Headers and footers of the page styles: (page style, name, paragraphs).
    page_parts: Vec<(String, String, Vec<String>)>,
}

/// Elements whose content is not prose, or repeats what is read elsewhere.
fn skipped(ns: Ns, local: &[u8]) -> bool {
    match ns {
        Ns::OdText => matches!(
            local,
            b"tracked-changes"
                | b"note-citation"
                | b"table-of-content"
                | b"illustration-index"
                | b"table-index"
                | b"object-index"
                | b"user-index"
                | b"alphabetical-index"
                | b"bibliography"
                | b"hidden-text"
                | b"hidden-paragraph"
                | b"sequence-decls"
                | b"variable-decls"
                | b"user-field-decls"
                | b"number"
                | b"ruby-text"
        ),
        Ns::OdOffice => matches!(local, b"forms" | b"event-listeners" | b"scripts"),
        Ns::OdSvg => matches!(local, b"title" | b"desc"),
        Ns::OdDraw => local == b"page-thumbnail",
        Ns::DublinCore => local == b"date",
        _ => false,
    }
}

/// How many times a row or cell repeats (`table:number-rows-repeated`), 1 if it does
/// not say; bounded, as it is only counted.
fn repeated(reader: &NsReader<&[u8]>, e: &BytesStart, name: &[u8]) -> usize {
    xml::ns_attribute(reader, e, Ns::OdTable, name)
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, 1 << 20)
}

/// Presentation placeholders whose text the application writes itself.
fn is_generated_placeholder(class: &str) -> bool {
    matches!(class, "page-number" | "date-time" | "footer" | "header")
}

impl Walker {
    fn read(&mut self, part: &str, text: &str, out: &mut Extracted) -> Result<(), PackageError> {
        let mut reader = xml::reader(text);
        loop {
            let event = reader
                .read_event()
                .map_err(|err| xml::error(part, &reader, err))?;
            match event {
                Event::Start(e) => {
                    let (resolved, local) = reader.resolver().resolve_element(e.name());
                    let ns = xml::ns(&resolved);
                    if skipped(ns, local.as_ref()) || self.hidden(&reader, &e, ns, local.as_ref()) {
                        reader
                            .read_to_end(e.name())
                            .map_err(|err| xml::error(part, &reader, err))?;
                        continue;
                    }
                    self.start(&reader, &e, ns, local.as_ref());
                }
                Event::Empty(e) => {
                    let (resolved, local) = reader.resolver().resolve_element(e.name());
                    let ns = xml::ns(&resolved);
                    self.empty(&reader, &e, ns, local.as_ref());
                }
                Event::End(e) => {
                    let (resolved, local) = reader.resolver().resolve_element(e.name());
                    self.end(xml::ns(&resolved), local.as_ref(), out);
                }
                Event::Text(t) => {
                    let s = t
                        .xml10_content()
                        .map_err(|err| xml::error(part, &reader, err))?;
                    self.text(&s);
                }
                Event::CData(t) => {
                    let s = t
                        .xml10_content()
                        .map_err(|err| xml::error(part, &reader, err))?;
                    self.text(&s);
                }
                Event::GeneralRef(r) => {
                    if let Some(s) = xml::reference(&r) {
                        self.text(&s);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(())
    }

    /// Whether element `e` is present but not shown: a hidden section, a placeholder
    /// the application fills in, a header or footer turned off.
    fn hidden(&self, reader: &NsReader<&[u8]>, e: &BytesStart, ns: Ns, local: &[u8]) -> bool {
        let attribute = |want: Ns, name: &[u8]| xml::ns_attribute(reader, e, want, name);
        match (ns, local) {
            (Ns::OdText, b"section") => {
                attribute(Ns::OdText, b"display").as_deref() == Some("none")
            }
            (Ns::OdDraw, b"frame") => attribute(Ns::OdPresentation, b"class")
                .is_some_and(|c| is_generated_placeholder(&c)),
            (Ns::OdStyle, _) if local.starts_with(b"header") || local.starts_with(b"footer") => {
                attribute(Ns::OdStyle, b"display").as_deref() == Some("false")
            }
            _ => false,
        }
    }

    fn text(&mut self, s: &str) {
        if self.in_author {
            self.author.push_str(s);
        } else if let Some((_, text)) = &mut self.footer_decl {
            text.push_str(s);
        } else if let Some(p) = self.paragraphs.last_mut() {
            p.push_str(s);
        }
    }

    fn start(&mut self, reader: &NsReader<&[u8]>, e: &BytesStart, ns: Ns, local: &[u8]) {
        let attribute = |want: Ns, name: &[u8]| xml::ns_attribute(reader, e, want, name);
        match (ns, local) {
            (Ns::OdText, b"p" | b"h") => self.paragraphs.push(String::new()),
            (Ns::OdOffice, b"presentation") => {
                self.presentation = true;
                self.flat = true;
            }
            (Ns::OdStyle, b"style") => {
                // Read from its `style:drawing-page-properties`, below.
                self.page_style = attribute(Ns::OdStyle, b"name").unwrap_or_default();
            }
            (Ns::OdStyle, b"master-page") => {
                self.page_style = attribute(Ns::OdStyle, b"name").unwrap_or_default();
            }
            (Ns::OdStyle, part) if self.page_part.is_none() => {
                let name = match part {
                    b"header" => "header",
                    b"footer" => "footer",
                    b"header-left" => "even-page header",
                    b"footer-left" => "even-page footer",
                    b"header-first" => "first-page header",
                    b"footer-first" => "first-page footer",
                    _ => return,
                };
                self.page_part = Some(name.to_string());
                self.story.clear();
            }
            (Ns::OdPresentation, b"footer-decl") => {
                let name = attribute(Ns::OdPresentation, b"name").unwrap_or_default();
                self.footer_decl = Some((name, String::new()));
            }
            (Ns::OdDraw, b"page") if self.presentation => {
                self.slide += 1;
                self.comments = 0;
                self.story.clear();
                let style = attribute(Ns::OdDraw, b"style-name").unwrap_or_default();
                self.slide_footer = attribute(Ns::OdPresentation, b"use-footer-name")
                    .filter(|_| !self.footerless_styles.contains(&style));
            }
            (Ns::OdPresentation, b"notes") if self.presentation => {
                // The slide's story waits in `notes` while the notes are read.
                self.notes = Some(std::mem::take(&mut self.story));
            }
            (Ns::OdTable, b"table") if !self.flat => {
                self.tables_seen += 1;
                self.tables.push(Table {
                    number: self.tables_seen,
                    row: 0,
                    rows_pending: 0,
                    cell: 0,
                });
            }
            (Ns::OdTable, b"table-cell" | b"covered-table-cell") if !self.tables.is_empty() => {
                if let Some(location) = self.count_cell(reader, e) {
                    self.open(Kind::Place(location));
                }
            }
            (Ns::OdDraw, b"text-box" | b"custom-shape") if !self.flat => {
                self.text_boxes += 1;
                self.open(Kind::Place(format!("text box {}", self.text_boxes)));
            }
            (Ns::OdText, b"note") => {
                let class = attribute(Ns::OdText, b"note-class");
                self.open(Kind::Note(if class.as_deref() == Some("endnote") {
                    "endnote"
                } else {
                    "footnote"
                }));
            }
            (Ns::OdOffice | Ns::OpenOffice, b"annotation") => {
                self.author.clear();
                self.open(Kind::Comment(None));
            }
            (Ns::DublinCore, b"creator") if self.is_in_comment() => self.in_author = true,
            _ => self.empty(reader, e, ns, local),
        }
    }

    /// Counts a table cell (a repeated one as many times), and names the first.
    fn count_cell(&mut self, reader: &NsReader<&[u8]>, e: &BytesStart) -> Option<String> {
        let t = self.tables.last_mut()?;
        t.cell += 1;
        let location = format!("table {}, row {}, cell {}", t.number, t.row, t.cell);
        t.cell += repeated(reader, e, b"number-columns-repeated") - 1;
        Some(location)
    }

    /// Elements that matter even when written `<x/>`.
    fn empty(&mut self, reader: &NsReader<&[u8]>, e: &BytesStart, ns: Ns, local: &[u8]) {
        match (ns, local) {
            (Ns::OdTable, b"table-row") => {
                // A repeated row counts as many rows (LibreOffice repeats empty ones).
                if let Some(t) = self.tables.last_mut() {
                    t.row += 1 + t.rows_pending;
                    t.rows_pending = repeated(reader, e, b"number-rows-repeated") - 1;
                    t.cell = 0;
                }
            }
            (Ns::OdTable, b"table-cell" | b"covered-table-cell") => {
                self.count_cell(reader, e);
            }
            _ => {}
        }
        let Some(p) = self.paragraphs.last_mut() else {
            if (ns, local) == (Ns::OdStyle, b"drawing-page-properties".as_slice())
                && xml::ns_attribute(reader, e, Ns::OdPresentation, b"display-footer").as_deref()
                    == Some("false")
            {
                self.footerless_styles.push(self.page_style.clone());
            }
            return;
        };
        match (ns, local) {
            (Ns::OdText, b"s") => {
                let count = xml::ns_attribute(reader, e, Ns::OdText, b"c")
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(1);
                // Spaces collapse when matched: one stands for any number.
                p.push_str(if count > 0 { " " } else { "" });
            }
            (Ns::OdText, b"tab") => p.push('\t'),
            (Ns::OdText, b"line-break") => p.push(' '),
            _ => {}
        }
    }

    fn is_in_comment(&self) -> bool {
        matches!(
            self.containers.last(),
            Some(Container {
                kind: Kind::Comment(_),
                ..
            })
        )
    }

    fn open(&mut self, kind: Kind) {
        self.containers.push(Container {
            kind,
            paragraphs: Vec::new(),
        });
    }

    fn end(&mut self, ns: Ns, local: &[u8], out: &mut Extracted) {
        match (ns, local) {
            (Ns::OdText, b"p" | b"h") => {
                let Some(p) = self.paragraphs.pop() else {
                    return;
                };
                if let Some(c) = self.containers.last_mut() {
                    c.paragraphs.push(p);
                } else if self.flat {
                    self.story.push(p);
                } else if has_text(&p) {
                    self.body_paragraphs += 1;
                    out.push_unit(format!("paragraph {}", self.body_paragraphs), &[p]);
                }
            }
            (Ns::DublinCore, b"creator") if self.in_author => {
                self.in_author = false;
                let author = std::mem::take(&mut self.author);
                if let Some(Container {
                    kind: Kind::Comment(who),
                    ..
                }) = self.containers.last_mut()
                {
                    *who = Some(author).filter(|a| has_text(a));
                }
            }
            (Ns::OdTable, b"table") if !self.flat => {
                self.tables.pop();
            }

            (Ns::OdTable, b"table-cell" | b"covered-table-cell") if !self.tables.is_empty() => {
                self.close(out)
            }
            (Ns::OdDraw, b"text-box" | b"custom-shape") if !self.flat => self.close(out),
            (Ns::OdText, b"note") | (Ns::OdOffice | Ns::OpenOffice, b"annotation") => {
                self.close(out)
            }
            (Ns::OdPresentation, b"footer-decl") => {
                if let Some((name, text)) = self.footer_decl.take() {
                    self.footers.insert(name, text);
                }
            }
            (Ns::OdPresentation, b"notes") if self.presentation => {
                // Swap back: the slide's story in `story`, the notes in `notes`.
                let slide = self.notes.replace(std::mem::take(&mut self.story));
                self.story = slide.unwrap_or_default();
            }
            (Ns::OdDraw, b"page") if self.presentation => self.end_slide(out),
            (Ns::OdStyle, b"master-page") => self.page_style.clear(),
            (Ns::OdStyle, part) if self.page_part.is_some() => {
                let name = self.page_part.as_deref().unwrap_or_default();
                let closes = match part {
                    b"header" => name == "header",
                    b"footer" => name == "footer",
                    b"header-left" => name == "even-page header",
                    b"footer-left" => name == "even-page footer",
                    b"header-first" => name == "first-page header",
                    b"footer-first" => name == "first-page footer",
                    _ => false,
                };
                if closes && let Some(name) = self.page_part.take() {
                    let story = std::mem::take(&mut self.story);
                    self.page_parts.push((self.page_style.clone(), name, story));
                }
            }
            _ => {}
        }
    }

    /// Ends the innermost container: a cell or text box is a unit now, a note or a
    /// comment after the body.
    fn close(&mut self, out: &mut Extracted) {
        let Some(c) = self.containers.pop() else {
            return;
        };
        let slide = if self.presentation {
            format!("slide {}, ", self.slide)
        } else {
            String::new()
        };
        match c.kind {
            Kind::Place(location) => out.push_unit(location, &c.paragraphs),
            Kind::Note(kind) if c.paragraphs.iter().any(|p| has_text(p)) => {
                let (rank, count) = if kind == "endnote" {
                    (1, &mut self.endnotes)
                } else {
                    (0, &mut self.footnotes)
                };
                *count += 1;
                let name = format!("{slide}{kind} {count}");
                self.deferred.push((rank, name, c.paragraphs));
            }
            Kind::Comment(author) if c.paragraphs.iter().any(|p| has_text(p)) => {
                self.comments += 1;
                let name = match author {
                    Some(a) => format!("{slide}comment {} ({})", self.comments, person(&a)),
                    None => format!("{slide}comment {}", self.comments),
                };
                self.deferred.push((2, name, c.paragraphs));
            }
            _ => {}
        }
    }

    /// A slide's units: its text, the footer it shows, its notes, its comments.
    fn end_slide(&mut self, out: &mut Extracted) {
        let n = self.slide;
        out.push_unit(format!("slide {n}"), &std::mem::take(&mut self.story));
        if let Some(footer) = self.slide_footer.take().and_then(|f| self.footers.get(&f)) {
            out.push_unit(format!("slide {n}, footer"), std::slice::from_ref(footer));
        }
        if let Some(notes) = self.notes.take() {
            out.push_unit(format!("slide {n}, notes"), &notes);
        }
        for (_, name, paragraphs) in self.deferred.drain(..) {
            out.push_unit(name, &paragraphs);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prose::ooxml::package::tests::{pairs, zip_of};

    const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:officeooo="http://openoffice.org/2009/office""#;

    fn units(content: &str, styles: Option<&str>) -> Vec<(String, String)> {
        let content =
            format!(r#"<office:document-content {NS}>{content}</office:document-content>"#);
        let mut parts = vec![("content.xml", content.as_str())];
        let styles =
            styles.map(|s| format!(r#"<office:document-styles {NS}>{s}</office:document-styles>"#));
        if let Some(s) = &styles {
            parts.push(("styles.xml", s));
        }
        let doc = extract(&zip_of(&parts, true), &Limits::default()).unwrap();
        doc.units
            .into_iter()
            .map(|u| (u.location, u.text))
            .collect()
    }

    #[test]
    fn text_documents_read_like_word_documents() {
        let body = r#"<office:body><office:text>
<text:sequence-decls><text:sequence-decl text:name="Table"/></text:sequence-decls>
<text:table-of-content><text:index-body><text:p>Title 1</text:p></text:index-body></text:table-of-content>
<text:h><text:number>1.</text:number>Title</text:h>
<text:p>One<text:s text:c="3"/>two<text:tab/>three<text:line-break/>four<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>A note</text:p></text:note-body></text:note> five.</text:p>
<text:p/>
<text:section text:name="Hidden" text:display="none"><text:p>Hidden text</text:p></text:section>
<table:table><table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>Wide</text:p></table:table-cell><table:covered-table-cell/><table:table-cell><text:p>Third</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row><table:table-row><table:table-cell/><table:table-cell><text:p>Row 4</text:p></table:table-cell></table:table-row></table:table>
<text:p>Anchor<draw:frame><draw:text-box><text:p>Boxed</text:p></draw:text-box><svg:title>Image title</svg:title></draw:frame></text:p>
<text:p><office:annotation><dc:creator>Ann</dc:creator><dc:date>2026-01-01</dc:date><text:p>First comment</text:p></office:annotation>Annotated<text:note text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body><text:p>End note</text:p></text:note-body></text:note></text:p>
<text:p><office:annotation><text:p>Anonymous</text:p></office:annotation>Last</text:p>
</office:text></office:body>"#;
        let styles = r#"<office:master-styles>
<style:master-page style:name="Standard"><style:header><text:p>Head</text:p></style:header><style:header-left style:display="false"><text:p>Off</text:p></style:header-left><style:footer-first><text:p>First foot</text:p></style:footer-first></style:master-page>
</office:master-styles>"#;
        assert_eq!(
            units(body, Some(styles)),
            pairs(&[
                ("paragraph 1", "Title"),
                ("paragraph 2", "One two\tthree four five."),
                ("table 1, row 1, cell 1", "Wide"),
                ("table 1, row 1, cell 3", "Third"),
                ("table 1, row 4, cell 2", "Row 4"),
                ("text box 1", "Boxed"),
                ("paragraph 3", "Anchor"),
                ("paragraph 4", "Annotated"),
                ("paragraph 5", "Last"),
                ("header", "Head"),
                ("first-page footer", "First foot"),
                ("footnote 1", "A note"),
                ("endnote 1", "End note"),
                ("comment 1 (Ann)", "First comment"),
                ("comment 2", "Anonymous"),
            ])
        );
        // Headers of more than one page style say which.
        let two = r#"<office:master-styles><style:master-page style:name="Standard"><style:header><text:p>A</text:p></style:header></style:master-page><style:master-page style:name="Landscape"><style:footer><text:p>B</text:p></style:footer></style:master-page></office:master-styles>"#;
        assert_eq!(
            units("<office:body><office:text/></office:body>", Some(two)),
            pairs(&[
                ("header (page style Standard)", "A"),
                ("footer (page style Landscape)", "B"),
            ])
        );
    }

    #[test]
    fn presentations_read_like_powerpoint_decks() {
        let content = r#"<office:automatic-styles><style:style style:name="dp1" style:family="drawing-page"><style:drawing-page-properties presentation:display-footer="true"/></style:style><style:style style:name="dp2" style:family="drawing-page"><style:drawing-page-properties presentation:display-footer="false"/></style:style></office:automatic-styles>
<office:body><office:presentation>
<presentation:footer-decl presentation:name="ftr1">Our footer</presentation:footer-decl>
<draw:page draw:style-name="dp1" presentation:use-footer-name="ftr1">
<draw:frame presentation:class="title"><draw:text-box><text:p>Title</text:p></draw:text-box></draw:frame>
<draw:frame presentation:class="page-number"><draw:text-box><text:p><text:page-number>1</text:page-number></text:p></draw:text-box></draw:frame>
<draw:frame><table:table><table:table-row><table:table-cell><text:p>Cell</text:p></table:table-cell></table:table-row></table:table></draw:frame>
<officeooo:annotation><dc:creator>Ann</dc:creator><text:p>Slide comment</text:p></officeooo:annotation>
<presentation:notes><draw:page-thumbnail/><draw:frame presentation:class="notes"><draw:text-box><text:p>Notes</text:p></draw:text-box></draw:frame></presentation:notes>
</draw:page>
<draw:page draw:style-name="dp2" presentation:use-footer-name="ftr1"><draw:custom-shape><text:p>Shape</text:p></draw:custom-shape></draw:page>
</office:presentation></office:body>"#;
        assert_eq!(
            units(content, None),
            pairs(&[
                ("slide 1", "Title\nCell"),
                ("slide 1, footer", "Our footer"),
                ("slide 1, notes", "Notes"),
                ("slide 1, comment 1 (Ann)", "Slide comment"),
                // Its page style hides the footer.
                ("slide 2", "Shape"),
            ])
        );
    }

    #[test]
    fn broken_and_protected_files_are_errors() {
        let bytes = zip_of(&[("styles.xml", "<x/>")], false);
        assert!(matches!(
            extract(&bytes, &Limits::default()),
            Err(PackageError::MissingPart { .. })
        ));
        let bytes = zip_of(&[("content.xml", "<a></b>")], false);
        assert!(matches!(
            extract(&bytes, &Limits::default()),
            Err(PackageError::Xml { .. })
        ));
        let manifest = r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>"#;
        let bytes = zip_of(
            &[
                ("META-INF/manifest.xml", manifest),
                ("content.xml", "\u{1}"),
            ],
            false,
        );
        assert!(matches!(
            extract(&bytes, &Limits::default()),
            Err(PackageError::Encrypted { .. })
        ));
    }
}
