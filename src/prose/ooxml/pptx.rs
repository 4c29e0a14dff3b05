//! PowerPoint decks: the text of each slide and of its speaker notes.
//!
//! * Slide order is the presentation's (`p:sldIdLst` in `ppt/presentation.xml`, each
//!   `r:id` resolved through its relationships), not the part names: `slide3.xml` may be
//!   the first slide. Hidden slides are read and counted, as PowerPoint numbers them.
//! * Units: `slide N` holds the paragraphs (`a:p`) of every text box, placeholder, table
//!   cell and grouped shape of slide N, in the order the slide stores them; `slide N,
//!   footer` those of its footer placeholder; `slide N, notes` those of the notes page
//!   that the slide's relationships name; `slide N, comment K (author)` (and `slide N,
//!   comment K, reply R (author)`) its review comments, legacy (`ppt/comments/*.xml`,
//!   as LibreOffice writes them) and modern (threaded, PowerPoint 365's), authors looked
//!   up in `commentAuthors.xml` and `authors.xml`.
//! * A paragraph is its runs' and fields' `a:t` text joined; a line break (`a:br`) is a
//!   space. The automatic slide-number and date placeholders are not read, nor is the
//!   fallback copy of a shape (`mc:Fallback`).

use std::collections::HashMap;

use quick_xml::events::Event;

use super::package::{Limits, Package};
use super::xml::{self, Ns};
use super::{Extracted, PackageError, has_text, person};

/// Where the presentation part is when the package does not say.
const DEFAULT_MAIN: &str = "ppt/presentation.xml";

/// Extracts the text of the PowerPoint deck `bytes`.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, PackageError> {
    let mut package = Package::open(bytes, "PowerPoint", limits)?;
    let main = package.main_part(DEFAULT_MAIN)?;
    let presentation = package.required_part(&main)?;
    let slide_ids = slide_ids(&main, &presentation)?;
    let rels = package.relationships(&main)?;
    let mut authors = HashMap::new();
    for rel in rels
        .iter()
        .filter(|r| r.is("commentAuthors") || r.is("authors"))
    {
        if let Some(target) = &rel.target
            && let Some(text) = package.part(target)?
        {
            read_authors(target, &text, &mut authors)?;
        }
    }
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
        let shapes = paragraphs(&slide, &text)?;
        out.push_unit(format!("slide {number}"), &shapes.body);
        out.push_unit(format!("slide {number}, footer"), &shapes.footer);
        let slide_rels = package.relationships(&slide)?;
        let notes = slide_rels
            .iter()
            .find(|r| r.is("notesSlide"))
            .and_then(|r| r.target.clone());
        if let Some(notes) = notes {
            match package.part(&notes)? {
                Some(text) => out.push_unit(
                    format!("slide {number}, notes"),
                    &paragraphs(&notes, &text)?.body,
                ),
                None => out.warnings.push(format!(
                    "the notes of slide {number} (`{notes}`) are missing; skipped"
                )),
            }
        }
        let mut comments = 0;
        for target in slide_rels
            .iter()
            .filter(|r| r.is("comments"))
            .filter_map(|r| r.target.as_deref())
        {
            match package.part(target)? {
                Some(text) => {
                    for comment in read_comments(target, &text)? {
                        comments += 1;
                        let name = format!("slide {number}, comment {comments}");
                        push_comment(
                            &mut out,
                            &name,
                            &comment.author,
                            &comment.paragraphs,
                            &authors,
                        );
                        for (r, reply) in comment.replies.iter().enumerate() {
                            let name = format!("{name}, reply {}", r + 1);
                            push_comment(
                                &mut out,
                                &name,
                                &reply.author,
                                &reply.paragraphs,
                                &authors,
                            );
                        }
                    }
                }
                None => out.warnings.push(format!(
                    "the comments of slide {number} (`{target}`) are missing; skipped"
                )),
            }
        }
    }
    Ok(out)
}

/// Adds a comment's unit, named with its author when the deck knows them.
fn push_comment(
    out: &mut Extracted,
    name: &str,
    author: &str,
    paragraphs: &[String],
    authors: &HashMap<String, String>,
) {
    let name = match authors.get(author).filter(|a| has_text(a)) {
        Some(who) => format!("{name} ({})", person(who)),
        None => name.to_string(),
    };
    out.push_unit(name, paragraphs);
}

/// Reads comment authors (`p:cmAuthor` of `commentAuthors.xml`, `p188:author` of
/// `authors.xml`) into `authors`, by id.
fn read_authors(
    part: &str,
    text: &str,
    authors: &mut HashMap<String, String>,
) -> Result<(), PackageError> {
    let mut reader = xml::reader(text);
    loop {
        let event = reader
            .read_event()
            .map_err(|err| xml::error(part, &reader, err))?;
        match event {
            Event::Start(e) | Event::Empty(e)
                if matches!(e.local_name().as_ref(), b"cmAuthor" | b"author") =>
            {
                if let (Some(id), Some(name)) =
                    (xml::attribute(&e, b"id"), xml::attribute(&e, b"name"))
                {
                    authors.insert(id, name);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

/// One review comment or reply: its author's id and its paragraphs.
#[derive(Debug, Default)]
struct Comment {
    author: String,
    paragraphs: Vec<String>,
    replies: Vec<Comment>,
}

/// The comments of a comments part: legacy (`p:cm`, its text in `p:text`) or modern
/// (`p188:cm`, its text and its replies' in DrawingML paragraphs). Elements are matched
/// by local name: the two schemas differ in namespace only.
fn read_comments(part: &str, text: &str) -> Result<Vec<Comment>, PackageError> {
    let mut reader = xml::reader(text);
    let mut out = Vec::new();
    let mut comment: Option<Comment> = None;
    let mut reply: Option<Comment> = None;
    // Inside a legacy `p:text`, or a modern paragraph's `a:t`.
    let mut in_text = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|err| xml::error(part, &reader, err))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"cm" => {
                    comment = Some(Comment {
                        author: xml::attribute(&e, b"authorId").unwrap_or_default(),
                        ..Comment::default()
                    });
                }
                b"reply" if comment.is_some() => {
                    reply = Some(Comment {
                        author: xml::attribute(&e, b"authorId").unwrap_or_default(),
                        ..Comment::default()
                    });
                }
                b"text" | b"p" => {
                    if let Some(c) = innermost(&mut reply, &mut comment) {
                        c.paragraphs.push(String::new());
                        in_text = e.local_name().as_ref() == b"text";
                    }
                }
                b"t" => in_text = innermost(&mut reply, &mut comment).is_some(),
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == b"br" => {
                if let Some(p) =
                    innermost(&mut reply, &mut comment).and_then(|c| c.paragraphs.last_mut())
                {
                    p.push(' ');
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"cm" => out.extend(comment.take()),
                b"reply" => {
                    if let (Some(c), Some(r)) = (comment.as_mut(), reply.take()) {
                        c.replies.push(r);
                    }
                }
                b"text" | b"t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text => {
                let s = t
                    .xml10_content()
                    .map_err(|err| xml::error(part, &reader, err))?;
                push_comment_text(innermost(&mut reply, &mut comment), &s);
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(s) = xml::reference(&r) {
                    push_comment_text(innermost(&mut reply, &mut comment), &s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The open reply, or else the open comment.
fn innermost<'a>(
    reply: &'a mut Option<Comment>,
    comment: &'a mut Option<Comment>,
) -> Option<&'a mut Comment> {
    reply.as_mut().or(comment.as_mut())
}

/// Adds text to the last paragraph of `comment`; a legacy comment's lines are
/// paragraphs of their own.
fn push_comment_text(comment: Option<&mut Comment>, s: &str) {
    let Some(c) = comment else {
        return;
    };
    let mut lines = s.split('\n');
    if let (Some(first), Some(p)) = (lines.next(), c.paragraphs.last_mut()) {
        p.push_str(first);
    }
    c.paragraphs.extend(lines.map(str::to_string));
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

/// The paragraphs of a slide or notes page.
#[derive(Debug, Default)]
struct Shapes {
    /// Those of its shapes, in order.
    body: Vec<String>,
    /// Those of its footer placeholder.
    footer: Vec<String>,
}

/// The paragraphs of a slide or notes part `text` (named `part`).
fn paragraphs(part: &str, text: &str) -> Result<Shapes, PackageError> {
    let mut reader = xml::reader(text);
    let mut out = Shapes::default();
    let mut paragraph: Option<String> = None;
    let mut in_text = false;
    // Inside a shape (`p:sp`) whose text is not prose, or is the footer.
    let mut skip_shape = false;
    let mut footer = false;
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
                    (Ns::Presentation, b"sp") => (skip_shape, footer) = (false, false),
                    (Ns::Presentation, b"ph") => {
                        let kind = xml::attribute(&e, b"type");
                        skip_shape |= kind.as_deref().is_some_and(is_generated_placeholder);
                        footer |= kind.as_deref() == Some("ftr");
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
                        let kind = xml::attribute(&e, b"type");
                        skip_shape |= kind.as_deref().is_some_and(is_generated_placeholder);
                        footer |= kind.as_deref() == Some("ftr");
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
                    (Ns::Presentation, b"sp") => (skip_shape, footer) = (false, false),
                    (Ns::Drawing, b"p") if footer => out.footer.extend(paragraph.take()),
                    (Ns::Drawing, b"p") => out.body.extend(paragraph.take()),
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
    fn comments_legacy_and_modern_with_replies_and_footers() {
        let presentation = format!(
            r#"<p:presentation {NS}><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>"#
        );
        let slide = slide(
            &(shape("", "<a:p><a:r><a:t>Body</a:t></a:r></a:p>")
                + &shape(
                    r#"<p:ph type="ftr" idx="11"/>"#,
                    "<a:p><a:r><a:t>Footer text</a:t></a:r></a:p>",
                )),
        );
        let legacy = r#"<p:cmLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cm authorId="0" idx="1"><p:pos x="1" y="1"/><p:text>Line one
Line two</p:text></p:cm></p:cmLst>"#;
        let modern = r#"<p188:cmLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main"><p188:cm id="{C1}" authorId="{A1}"><p188:replyLst><p188:reply id="{R1}" authorId="{A2}"><p188:txBody><a:bodyPr/><a:p><a:r><a:t>A reply</a:t></a:r></a:p></p188:txBody></p188:reply></p188:replyLst><p188:txBody><a:bodyPr/><a:p><a:r><a:t>Modern</a:t></a:r><a:r><a:t> one</a:t></a:r></a:p></p188:txBody></p188:cm></p188:cmLst>"#;
        let authors = r#"<p:cmAuthorLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cmAuthor id="0" name="Ann Example" initials="AE"/></p:cmAuthorLst>"#;
        let modern_authors = r#"<p188:authorLst xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main"><p188:author id="{A1}" name="Bo Modern" initials="BM"/></p188:authorLst>"#;
        let modern_rel = |id: &str, kind: &str, target: &str| {
            format!(
                r#"<Relationship Id="{id}" Type="http://schemas.microsoft.com/office/2018/10/relationships/{kind}" Target="{target}"/>"#
            )
        };
        let presentation_rels = rels(&[
            ("rId2", "slide", "slides/slide1.xml"),
            ("rId3", "commentAuthors", "commentAuthors.xml"),
        ])
        .replace(
            "</Relationships>",
            &(modern_rel("rId4", "authors", "authors.xml") + "</Relationships>"),
        );
        let slide_rels = rels(&[("rId1", "comments", "../comments/comment1.xml")]).replace(
            "</Relationships>",
            &(modern_rel("rId2", "comments", "../comments/modernComment_100.xml")
                + "</Relationships>"),
        );
        let bytes = zip_of(
            &[
                ("ppt/presentation.xml", &presentation),
                ("ppt/_rels/presentation.xml.rels", &presentation_rels),
                ("ppt/slides/slide1.xml", &slide),
                ("ppt/slides/_rels/slide1.xml.rels", &slide_rels),
                ("ppt/comments/comment1.xml", legacy),
                ("ppt/comments/modernComment_100.xml", modern),
                ("ppt/commentAuthors.xml", authors),
                ("ppt/authors.xml", modern_authors),
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
                ("slide 1", "Body"),
                ("slide 1, footer", "Footer text"),
                ("slide 1, comment 1 (Ann Example)", "Line one\nLine two"),
                ("slide 1, comment 2 (Bo Modern)", "Modern one"),
                // An author the deck does not list: no name.
                ("slide 1, comment 2, reply 1", "A reply"),
            ]
        );
        assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
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
