//! What the Word, PowerPoint and OpenDocument readers share about XML: a namespace-aware reader,
//! element names by namespace, attributes, character references and errors.

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::{NsReader, XmlVersion};

use super::PackageError;

/// The namespaces copylint reads elements of, in transitional and strict OOXML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    /// WordprocessingML (`w:`).
    Word,
    /// DrawingML (`a:`), the text of shapes and tables.
    Drawing,
    /// PresentationML (`p:`).
    Presentation,
    /// Markup compatibility (`mc:`), for `mc:Fallback`.
    Compatibility,
    /// Office document relationships (`r:`), for `r:id` attributes.
    Relationships,
    /// OpenDocument's office namespace (`office:`).
    OdOffice,
    /// OpenDocument text (`text:`).
    OdText,
    /// OpenDocument tables (`table:`).
    OdTable,
    /// OpenDocument drawings (`draw:`).
    OdDraw,
    /// OpenDocument presentations (`presentation:`).
    OdPresentation,
    /// OpenDocument styles (`style:`).
    OdStyle,
    /// OpenDocument's SVG attributes and elements (`svg:`).
    OdSvg,
    /// Dublin Core (`dc:`), for the author of an annotation.
    DublinCore,
    /// OpenOffice's extensions (`officeooo:`), for LibreOffice Impress's annotations.
    OpenOffice,
    /// Anything else.
    Other,
}

/// Reads a namespace URI.
fn ns_of(uri: &[u8]) -> Ns {
    match uri {
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        | b"http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::Word,
        b"http://schemas.openxmlformats.org/drawingml/2006/main"
        | b"http://purl.oclc.org/ooxml/drawingml/main" => Ns::Drawing,
        b"http://schemas.openxmlformats.org/presentationml/2006/main"
        | b"http://purl.oclc.org/ooxml/presentationml/main" => Ns::Presentation,
        b"http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Compatibility,
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        | b"http://purl.oclc.org/ooxml/officeDocument/relationships" => Ns::Relationships,
        b"urn:oasis:names:tc:opendocument:xmlns:office:1.0" => Ns::OdOffice,
        b"urn:oasis:names:tc:opendocument:xmlns:text:1.0" => Ns::OdText,
        b"urn:oasis:names:tc:opendocument:xmlns:table:1.0" => Ns::OdTable,
        b"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" => Ns::OdDraw,
        b"urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" => Ns::OdPresentation,
        b"urn:oasis:names:tc:opendocument:xmlns:style:1.0" => Ns::OdStyle,
        b"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" => Ns::OdSvg,
        b"http://purl.org/dc/elements/1.1/" => Ns::DublinCore,
        b"http://openoffice.org/2009/office" => Ns::OpenOffice,
        _ => Ns::Other,
    }
}

/// The namespace of a resolved name.
pub fn ns(resolved: &ResolveResult) -> Ns {
    match resolved {
        ResolveResult::Bound(Namespace(uri)) => ns_of(uri),
        _ => Ns::Other,
    }
}

/// A reader over one part's text that reports empty elements as `Event::Empty`.
pub fn reader(text: &str) -> NsReader<&[u8]> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = NsReader::from_reader(text.as_bytes());
    let config = reader.config_mut();
    config.trim_text(false);
    config.expand_empty_elements = false;
    reader
}

/// Elements nested deeper than this are refused. quick-xml counts nesting in 16 bits and,
/// past 65,535 levels, silently forgets the namespaces declared at the root, so every
/// later element would be read as no Word or PowerPoint element at all; no real document
/// comes near this depth.
pub const MAX_DEPTH: u16 = 10_000;

/// The next event of `reader` (reading part `part`), or an error for an element nested
/// more than [`MAX_DEPTH`] deep.
pub fn read_event<'a>(
    reader: &mut NsReader<&'a [u8]>,
    part: &str,
) -> Result<Event<'a>, PackageError> {
    let event = reader
        .read_event()
        .map_err(|err| error(part, reader, err))?;
    if matches!(event, Event::Start(_)) && reader.resolver().level() > MAX_DEPTH {
        return Err(PackageError::TooDeep {
            part: part.to_string(),
            at: reader.buffer_position(),
            limit: MAX_DEPTH,
        });
    }
    Ok(event)
}

/// An attribute's value, references resolved.
fn value(a: &Attribute) -> Option<String> {
    a.normalized_value(XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

/// The value of the unqualified attribute `name`, unescaped.
pub fn attribute(element: &BytesStart, name: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| value(&a))
}

/// The value of the attribute whose local name is `local`, whatever its prefix (for
/// elements whose only attribute of that name is their own, such as `w:val`).
pub fn local_attribute(element: &BytesStart, local: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| value(&a))
}

/// The value of attribute `local` in namespace `want` (such as `r:id`).
pub fn ns_attribute(
    reader: &NsReader<&[u8]>,
    element: &BytesStart,
    want: Ns,
    local: &[u8],
) -> Option<String> {
    element.attributes().flatten().find_map(|a| {
        let (resolved, name) = reader.resolver().resolve_attribute(a.key);
        (ns(&resolved) == want && name.as_ref() == local)
            .then(|| value(&a))
            .flatten()
    })
}

/// The text a character or entity reference (`&#x2019;`, `&amp;`) stands for.
pub fn reference(r: &BytesRef) -> Option<String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.to_string());
    }
    let name = r.decode().ok()?;
    quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)
}

/// A reading error in part `part`, where `reader` stopped.
pub fn error(part: &str, reader: &NsReader<&[u8]>, err: impl std::fmt::Display) -> PackageError {
    PackageError::Xml {
        part: part.to_string(),
        at: reader.error_position(),
        reason: err.to_string(),
    }
}
