//! PowerPoint decks: the text of each slide and of its speaker notes.
//!
//! * Slide order is the presentation's (`p:sldIdLst` in `ppt/presentation.xml`, each
//!   `r:id` resolved through its relationships), not the part names: `slide3.xml` may be
//!   the first slide. Hidden slides are read and counted, as PowerPoint numbers them.
//! * Units: `slide N` holds the paragraphs (`a:p`) of every text box, placeholder, table
//!   cell and grouped shape of slide N, in the order the slide stores them; `slide N,
//!   notes` those of the notes page that the slide's relationships name.
//! * A paragraph is its runs' and fields' `a:t` text joined; a line break (`a:br`) is a
//!   space. The automatic slide-number and date placeholders are not read, nor is the
//!   fallback copy of a shape (`mc:Fallback`).

use quick_xml::events::Event;

use super::package::{Limits, Package};
use super::xml::{self, Ns};
use super::{Extracted, PackageError};

/// Where the presentation part is when the package does not say.
const DEFAULT_MAIN: &str = "ppt/presentation.xml";

/// Extracts the text of the PowerPoint deck `bytes`.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, PackageError> {
    let mut package = Package::open(bytes, "PowerPoint", limits)?;
    let main = package.main_part(DEFAULT_MAIN)?;
    let presentation = package.required_part(&main)?;
    let slide_ids = slide_ids(&main, &presentation)?;
    let rels = package.relationships(&main)?;
    let mut out = Extracted::default();
    for (i, id) in slide_ids.iter().enumerate() {
        let number = i + 1;
        let Some(slide) = rels
            .iter()
            .find(|r| r.id == *id)
            .and_then(|r| r.target.clone())
        else {
            out.warnings.push(format!(
                "slide {number} (relationship `{id}`) is not in the package; skipped"
            ));
            continue;
        };
        let Some(text) = package.part(&slide)? else {
            out.warnings
                .push(format!("slide {number} (`{slide}`) is missing; skipped"));
            continue;
        };
        out.push_unit(format!("slide {number}"), &paragraphs(&slide, &text)?);
        let notes = package
            .relationships(&slide)?
            .into_iter()
            .find(|r| r.is("notesSlide"))
            .and_then(|r| r.target);
        if let Some(notes) = notes {
            match package.part(&notes)? {
                Some(text) => out.push_unit(
                    format!("slide {number}, notes"),
                    &paragraphs(&notes, &text)?,
                ),
                None => out.warnings.push(format!(
                    "the notes of slide {number} (`{notes}`) are missing; skipped"
                )),
            }
        }
    }
    Ok(out)
}

/// The `r:id`s of the presentation's slides, in order.
fn slide_ids(part: &str, text: &str) -> Result<Vec<String>, PackageError> {
    let mut reader = xml::reader(text);
    let mut ids = Vec::new();
    loop {
        let event = xml::read_event(&mut reader, part)?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let (resolved, local) = reader.resolver().resolve_element(e.name());
                if xml::ns(&resolved) == Ns::Presentation
                    && local.as_ref() == b"sldId"
                    && let Some(id) = xml::ns_attribute(&reader, &e, Ns::Relationships, b"id")
                {
                    ids.push(id);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(ids)
}

/// Placeholders whose text PowerPoint writes itself.
fn is_generated_placeholder(kind: &str) -> bool {
    matches!(kind, "sldNum" | "dt")
}

/// The paragraphs of a slide or notes part `text` (named `part`).
fn paragraphs(part: &str, text: &str) -> Result<Vec<String>, PackageError> {
    let mut reader = xml::reader(text);
    let mut out = Vec::new();
    let mut paragraph: Option<String> = None;
    let mut in_text = false;
    // Inside a shape (`p:sp`) whose text is not prose.
    let mut skip_shape = false;
    loop {
        let event = xml::read_event(&mut reader, part)?;
        match event {
            Event::Start(e) => {
                let (resolved, local) = reader.resolver().resolve_element(e.name());
                match (xml::ns(&resolved), local.as_ref()) {
                    (Ns::Compatibility, b"Fallback") => {
                        reader
                            .read_to_end(e.name())
                            .map_err(|err| xml::error(part, &reader, err))?;
                    }
                    (Ns::Presentation, b"sp") => skip_shape = false,
                    (Ns::Presentation, b"ph") => {
                        skip_shape |= xml::attribute(&e, b"type")
                            .is_some_and(|t| is_generated_placeholder(&t));
                    }
                    (Ns::Drawing, b"p") if !skip_shape => paragraph = Some(String::new()),
                    (Ns::Drawing, b"t") => in_text = true,
                    _ => {}
                }
            }
            Event::Empty(e) => {
                let (resolved, local) = reader.resolver().resolve_element(e.name());
                match (xml::ns(&resolved), local.as_ref()) {
                    (Ns::Presentation, b"ph") => {
                        skip_shape |= xml::attribute(&e, b"type")
                            .is_some_and(|t| is_generated_placeholder(&t));
                    }
                    (Ns::Drawing, b"br") => {
                        if let Some(p) = &mut paragraph {
                            p.push(' ');
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                let (resolved, local) = reader.resolver().resolve_element(e.name());
                match (xml::ns(&resolved), local.as_ref()) {
                    (Ns::Presentation, b"sp") => skip_shape = false,
                    (Ns::Drawing, b"p") => out.extend(paragraph.take()),
                    (Ns::Drawing, b"t") => in_text = false,
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                let s = t
                    .xml10_content()
                    .map_err(|err| xml::error(part, &reader, err))?;
                if let Some(p) = &mut paragraph {
                    p.push_str(&s);
                }
            }
            Event::CData(t) if in_text => {
                let s = t
                    .xml10_content()
                    .map_err(|err| xml::error(part, &reader, err))?;
                if let Some(p) = &mut paragraph {
                    p.push_str(&s);
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let (Some(p), Some(s)) = (&mut paragraph, xml::reference(&r)) {
                    p.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prose::ooxml::package::tests::zip_of;

    const NS: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#;
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    fn rels(list: &[(&str, &str, &str)]) -> String {
        let mut s = String::from(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        );
        for (id, kind, target) in list {
            s.push_str(&format!(
                r#"<Relationship Id="{id}" Type="{REL}/{kind}" Target="{target}"/>"#
            ));
        }
        s + "</Relationships>"
    }

    fn shape(ph: &str, paragraphs: &str) -> String {
        format!(
            r#"<p:sp><p:nvSpPr><p:cNvPr id="2" name="x"/><p:cNvSpPr/><p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:txBody><a:bodyPr/>{paragraphs}</p:txBody></p:sp>"#
        )
    }

    fn slide(shapes: &str) -> String {
        format!(r#"<p:sld {NS}><p:cSld><p:spTree>{shapes}</p:spTree></p:cSld></p:sld>"#)
    }

    #[test]
    fn slides_come_in_presentation_order_with_their_notes() {
        let presentation = format!(
            r#"<p:presentation {NS}><p:sldIdLst><p:sldId id="257" r:id="rId3"/><p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>"#
        );
        let first = slide(&shape(
            r#"<p:ph type="title"/>"#,
            "<a:p><a:r><a:t>SRE </a:t></a:r><a:r><a:t>calls on</a:t></a:r><a:br/><a:r><a:t>ChatGPT</a:t></a:r></a:p><a:p/>",
        ));
        let second = slide(
            &(shape("", "<a:p><a:r><a:t>Second &amp; last</a:t></a:r></a:p>")
                + &shape(
                    r#"<p:ph type="sldNum" idx="12"/>"#,
                    r#"<a:p><a:fld type="slidenum"><a:t>2</a:t></a:fld></a:p>"#,
                )),
        );
        let notes = format!(
            r#"<p:notes {NS}><p:cSld><p:spTree>{}{}</p:spTree></p:cSld></p:notes>"#,
            shape(
                r#"<p:ph type="body" idx="1"/>"#,
                "<a:p><a:r><a:t>Say it enables access.</a:t></a:r></a:p>"
            ),
            shape(
                r#"<p:ph type="sldNum" idx="5"/>"#,
                "<a:p><a:r><a:t>1</a:t></a:r></a:p>"
            )
        );
        let bytes = zip_of(
            &[
                (
                    "_rels/.rels",
                    &rels(&[("rId1", "officeDocument", "ppt/presentation.xml")]),
                ),
                ("ppt/presentation.xml", &presentation),
                (
                    "ppt/_rels/presentation.xml.rels",
                    &rels(&[
                        ("rId2", "slide", "slides/slide1.xml"),
                        ("rId3", "slide", "slides/slide2.xml"),
                    ]),
                ),
                ("ppt/slides/slide1.xml", &second),
                ("ppt/slides/slide2.xml", &first),
                (
                    "ppt/slides/_rels/slide2.xml.rels",
                    &rels(&[("rId1", "notesSlide", "../notesSlides/notesSlide1.xml")]),
                ),
                ("ppt/notesSlides/notesSlide1.xml", &notes),
            ],
            true,
        );
        let doc = extract(&bytes, &Limits::default()).unwrap();
        let units: Vec<(&str, &str)> = doc
            .units
            .iter()
            .map(|u| (u.location.as_str(), u.text.as_str()))
            .collect();
        assert_eq!(
            units,
            [
                ("slide 1", "SRE calls on ChatGPT"),
                ("slide 1, notes", "Say it enables access."),
                ("slide 2", "Second & last"),
            ]
        );
        assert!(doc.warnings.is_empty());
    }

    #[test]
    fn missing_slides_are_warnings_and_a_missing_presentation_an_error() {
        let presentation = format!(
            r#"<p:presentation {NS}><p:sldIdLst><p:sldId id="256" r:id="rId2"/><p:sldId id="257" r:id="rId9"/></p:sldIdLst></p:presentation>"#
        );
        let bytes = zip_of(
            &[
                ("ppt/presentation.xml", &presentation),
                (
                    "ppt/_rels/presentation.xml.rels",
                    &rels(&[("rId2", "slide", "slides/slide1.xml")]),
                ),
            ],
            false,
        );
        let doc = extract(&bytes, &Limits::default()).unwrap();
        assert_eq!(doc.warnings.len(), 2, "{:?}", doc.warnings);
        let bytes = zip_of(&[("ppt/slides/slide1.xml", "<x/>")], false);
        assert!(matches!(
            extract(&bytes, &Limits::default()),
            Err(PackageError::MissingPart { .. })
        ));
    }
}
