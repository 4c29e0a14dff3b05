//! The zip side of a package: parts read with bounded decompression, and the
//! relationships (`_rels/*.rels`) that say which part is which.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use zip::ZipArchive;
use zip::result::ZipError;

use super::PackageError;
use super::xml;

/// How much a package may unpack to. The compressed size says nothing: a few kilobytes of
/// deflate can claim gigabytes, so every read is capped whatever the headers declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest unpacked size of one part.
    pub part_bytes: u64,
    /// Largest unpacked size of all parts read from one package.
    pub total_bytes: u64,
}

impl Default for Limits {
    /// 64 MiB a part, 256 MiB a package: far above the text of any real deck or brief
    /// (a 500-page Word document has a `document.xml` of a few MiB).
    fn default() -> Self {
        Limits {
            part_bytes: 64 << 20,
            total_bytes: 256 << 20,
        }
    }
}

/// The start of an OLE compound file (password-protected OOXML, legacy .doc/.ppt).
const COMPOUND_FILE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// An open package.
pub struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    /// Bytes unpacked so far.
    read: u64,
    /// `Word` or `PowerPoint`, for messages.
    kind: &'static str,
}

/// One relationship of a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    /// `rId3`.
    pub id: String,
    /// The relationship type URI.
    pub kind: String,
    /// The target part's name, resolved against the source part; `None` for an external
    /// target (a hyperlink).
    pub target: Option<String>,
}

impl Relationship {
    /// Whether the type is `kind` (the last segment of the type URI, which transitional
    /// and strict OOXML share: `officeDocument`, `slide`, `notesSlide`).
    pub fn is(&self, kind: &str) -> bool {
        self.kind.rsplit('/').next() == Some(kind)
    }
}

impl<'a> Package<'a> {
    /// Opens the zip archive in `bytes`. `kind` names the format in messages.
    pub fn open(
        bytes: &'a [u8],
        kind: &'static str,
        limits: &Limits,
    ) -> Result<Self, PackageError> {
        if bytes.starts_with(COMPOUND_FILE_MAGIC) {
            return Err(PackageError::CompoundFile);
        }
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|err| PackageError::NotZip {
            kind,
            reason: err.to_string(),
        })?;
        Ok(Package {
            archive,
            limits: *limits,
            read: 0,
            kind,
        })
    }

    /// The part named `name` as text; `None` when the package has no such part.
    pub fn part(&mut self, name: &str) -> Result<Option<String>, PackageError> {
        let Some(index) = self.index_of(name) else {
            return Ok(None);
        };
        let unreadable = |err: ZipError| PackageError::Unreadable {
            part: name.to_string(),
            reason: err.to_string(),
        };
        let mut file = self.archive.by_index(index).map_err(unreadable)?;
        let too_large = || PackageError::PartTooLarge {
            part: name.to_string(),
            limit_mib: self.limits.part_bytes >> 20,
        };
        // The declared size is only a hint (it can lie), but a bomb that admits it is
        // refused before a byte is unpacked.
        if file.size() > self.limits.part_bytes {
            return Err(too_large());
        }
        let budget = self
            .limits
            .part_bytes
            .min(self.limits.total_bytes.saturating_sub(self.read));
        let mut bytes = Vec::new();
        (&mut file)
            .take(budget + 1)
            .read_to_end(&mut bytes)
            .map_err(|err| PackageError::Unreadable {
                part: name.to_string(),
                reason: err.to_string(),
            })?;
        let len = bytes.len() as u64;
        if len > budget {
            return Err(if len > self.limits.part_bytes {
                too_large()
            } else {
                PackageError::TotalTooLarge {
                    limit_mib: self.limits.total_bytes >> 20,
                }
            });
        }
        self.read += len;
        let text = String::from_utf8(bytes).map_err(|err| PackageError::Xml {
            part: name.to_string(),
            at: err.utf8_error().valid_up_to() as u64,
            reason: "not UTF-8 (copylint reads UTF-8 parts only)".into(),
        })?;
        Ok(Some(text))
    }

    /// The part named `name`, which the document cannot do without.
    pub fn required_part(&mut self, name: &str) -> Result<String, PackageError> {
        self.part(name)?.ok_or_else(|| PackageError::MissingPart {
            part: name.to_string(),
            kind: self.kind,
        })
    }

    /// The index of part `name`: part names compare case-insensitively (ECMA-376 part 2).
    fn index_of(&self, name: &str) -> Option<usize> {
        self.archive.index_for_name(name).or_else(|| {
            (0..self.archive.len()).find(|&i| {
                self.archive
                    .name_for_index(i)
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
        })
    }

    /// The relationships of part `source` (`""` for the package itself). A part without a
    /// relationships part has none.
    pub fn relationships(&mut self, source: &str) -> Result<Vec<Relationship>, PackageError> {
        let (dir, file) = split_part_name(source);
        let rels_name = format!("{dir}_rels/{file}.rels");
        let Some(text) = self.part(&rels_name)? else {
            return Ok(Vec::new());
        };
        let mut reader = xml::reader(&text);
        let mut out = Vec::new();
        loop {
            let event = xml::read_event(&mut reader, &rels_name)?;
            match event {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                    let id = xml::attribute(&e, b"Id").unwrap_or_default();
                    let kind = xml::attribute(&e, b"Type").unwrap_or_default();
                    let external = xml::attribute(&e, b"TargetMode")
                        .is_some_and(|m| m.eq_ignore_ascii_case("external"));
                    let target = xml::attribute(&e, b"Target")
                        .filter(|_| !external)
                        .map(|t| resolve_target(dir, &t));
                    out.push(Relationship { id, kind, target });
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }

    /// The main part (`word/document.xml`, `ppt/presentation.xml`): the package's
    /// `officeDocument` relationship, or `default` when the package does not say.
    pub fn main_part(&mut self, default: &str) -> Result<String, PackageError> {
        Ok(self
            .relationships("")?
            .into_iter()
            .find(|r| r.is("officeDocument"))
            .and_then(|r| r.target)
            .unwrap_or_else(|| default.to_string()))
    }
}

/// `ppt/slides/slide1.xml` → (`ppt/slides/`, `slide1.xml`).
fn split_part_name(name: &str) -> (&str, &str) {
    match name.rfind('/') {
        Some(i) => (&name[..=i], &name[i + 1..]),
        None => ("", name),
    }
}

/// Resolves a relationship target against the folder of its source part: `../x` climbs,
/// a leading `/` starts from the package root.
fn resolve_target(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{dir}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    /// `(place, text)` pairs as owned strings, to compare with a document's units.
    pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    /// A zip archive holding `parts` (name, text), stored uncompressed unless `deflate`.
    pub fn zip_of(parts: &[(&str, &str)], deflate: bool) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let method = if deflate {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        for (name, text) in parts {
            out.start_file(
                *name,
                SimpleFileOptions::default().compression_method(method),
            )
            .unwrap();
            out.write_all(text.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn targets_resolve_against_the_source_folder() {
        assert_eq!(
            resolve_target("ppt/", "slides/slide1.xml"),
            "ppt/slides/slide1.xml"
        );
        assert_eq!(
            resolve_target("ppt/slides/", "../notesSlides/notesSlide1.xml"),
            "ppt/notesSlides/notesSlide1.xml"
        );
        assert_eq!(
            resolve_target("", "/word/document.xml"),
            "word/document.xml"
        );
        assert_eq!(
            split_part_name("ppt/slides/slide1.xml"),
            ("ppt/slides/", "slide1.xml")
        );
        assert_eq!(split_part_name(""), ("", ""));
    }

    #[test]
    fn relationships_are_read_and_resolved() {
        let bytes = zip_of(
            &[(
                "ppt/slides/_rels/slide1.xml.rels",
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide" Target="../notesSlides/notesSlide1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com" TargetMode="External"/></Relationships>"#,
            )],
            true,
        );
        let mut package = Package::open(&bytes, "PowerPoint", &Limits::default()).unwrap();
        let rels = package.relationships("ppt/slides/slide1.xml").unwrap();
        assert_eq!(rels.len(), 2);
        assert!(rels[0].is("notesSlide"));
        assert_eq!(
            rels[0].target.as_deref(),
            Some("ppt/notesSlides/notesSlide1.xml")
        );
        assert_eq!(rels[1].target, None);
        assert!(
            package
                .relationships("ppt/slides/slide2.xml")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn part_names_compare_case_insensitively() {
        let bytes = zip_of(&[("Word/Document.xml", "<x/>")], false);
        let mut package = Package::open(&bytes, "Word", &Limits::default()).unwrap();
        assert_eq!(
            package.part("word/document.xml").unwrap().as_deref(),
            Some("<x/>")
        );
        assert_eq!(package.part("word/other.xml").unwrap(), None);
    }

    #[test]
    fn decompression_is_bounded_per_part_and_per_package() {
        let big = "<a>".to_string() + &"x".repeat(10_000) + "</a>";
        let bytes = zip_of(&[("one.xml", &big), ("two.xml", &big)], true);
        let limits = Limits {
            part_bytes: 1_000,
            total_bytes: 1_000_000,
        };
        let mut package = Package::open(&bytes, "Word", &limits).unwrap();
        assert!(matches!(
            package.part("one.xml"),
            Err(PackageError::PartTooLarge { .. })
        ));
        let limits = Limits {
            part_bytes: 20_000,
            total_bytes: 15_000,
        };
        let mut package = Package::open(&bytes, "Word", &limits).unwrap();
        assert!(package.part("one.xml").unwrap().is_some());
        assert!(matches!(
            package.part("two.xml"),
            Err(PackageError::TotalTooLarge { .. })
        ));
    }

    #[test]
    fn a_part_that_lies_about_its_size_is_still_bounded() {
        let big = " ".repeat(200_000);
        let mut bytes = zip_of(&[("word/document.xml", &big)], true);
        // Claim 10 bytes unpacked, in the local header and in the central directory.
        for (signature, offset) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
            let at = bytes.windows(4).position(|w| w == signature).unwrap() + offset;
            bytes[at..at + 4].copy_from_slice(&10u32.to_le_bytes());
        }
        let limits = Limits {
            part_bytes: 1_000,
            total_bytes: 1_000,
        };
        let mut package = Package::open(&bytes, "Word", &limits).unwrap();
        match package.part("word/document.xml") {
            Ok(Some(text)) => assert!(text.len() <= 1_000),
            Ok(None) => panic!("the part is there"),
            Err(_) => {}
        }
    }

    #[test]
    fn not_a_zip_and_compound_files_are_told_apart() {
        assert!(matches!(
            Package::open(b"hello", "Word", &Limits::default()),
            Err(PackageError::NotZip { .. })
        ));
        let mut ole = COMPOUND_FILE_MAGIC.to_vec();
        ole.extend_from_slice(&[0; 512]);
        assert!(matches!(
            Package::open(&ole, "Word", &Limits::default()),
            Err(PackageError::CompoundFile)
        ));
    }
}
