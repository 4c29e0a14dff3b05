//! Word documents: the paragraphs of `word/document.xml` (the part the package names as
//! its main document).
//!
//! * A paragraph (`w:p`) is the text of its runs' `w:t` elements joined; a tab or a line
//!   break (`w:tab`, `w:br`, `w:cr`) is white space, a non-breaking hyphen is `-`.
//! * Units: `paragraph N` for a paragraph of the body (N counts the body's paragraphs that
//!   hold text, as Word's statistics do, tables and text boxes aside), `table T, row R,
//!   cell C` for the paragraphs of a table cell (T counts tables in document order, nested
//!   ones too), `text box K` for those of a text box.
//! * Not read: deleted and moved-away text of tracked changes (`w:del`, `w:moveFrom`),
//!   field codes (`w:instrText`), hidden text (`w:vanish`), and the fallback copy of a
//!   drawing (`mc:Fallback`, which repeats its text box). Headers, footers, footnotes and
//!   comments live in other parts and are not read.

use quick_xml::events::{BytesStart, Event};

use super::package::{Limits, Package};
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
    read_document(&main, &text, &mut out)?;
    Ok(out)
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
                if let Some(container) = self.containers.last_mut() {
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

/// Reads the main document part `text` (named `part`) into `out`.
fn read_document(part: &str, text: &str, out: &mut Extracted) -> Result<(), PackageError> {
    let mut reader = xml::reader(text);
    let mut walker = Walker::default();
    loop {
        let event = xml::read_event(&mut reader, part)?;
        match event {
            Event::Start(e) => {
                let (resolved, local) = reader.resolver().resolve_element(e.name());
                match (xml::ns(&resolved), local.as_ref()) {
                    (Ns::Word, b"del" | b"moveFrom" | b"instrText" | b"delText")
                    | (Ns::Compatibility, b"Fallback") => {
                        reader
                            .read_to_end(e.name())
                            .map_err(|err| xml::error(part, &reader, err))?;
                    }
                    (Ns::Word, local) => walker.start(&e, local),
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prose::ooxml::package::tests::zip_of;

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

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
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
