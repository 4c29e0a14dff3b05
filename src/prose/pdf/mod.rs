//! PDF files: the text layer of every page, as the blocks a reader sees.
//!
//! `lopdf` parses the file and `pdf-extract` runs each page's content stream, handing
//! every glyph over with its position and font size; [`layout`] makes lines and
//! paragraphs of them (hyphenation at line ends undone, ligatures spelt out). Each page
//! is a [`Unit`](super::extracted::Unit) named `page N`, one paragraph a line. The
//! comparison that chose these crates is `bench/pdf-candidates.sh` (see the README).
//!
//! Reading is bounded, as for zip bombs ([`Limits`]): the file's size, the number of
//! objects, how much every stream unpacks to (measured with a capped decoder before
//! anything is unpacked for real), and how deep forms nest. A panic inside the
//! extractor is contained: the page is skipped with a warning, the run goes on.
//!
//! Not read: a password-protected file (one that opens without a password, with
//! printing or copying restricted, is read), and text drawn as images (a scan): a file
//! without any text is reported as not checked.

mod bounds;
pub mod layout;

use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::extracted::Extracted;
use layout::{Glyph, PageLayout};

/// How much of a PDF is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file, in bytes.
    pub bytes: u64,
    /// Most objects in the file.
    pub objects: usize,
    /// Largest unpacked size of one stream.
    pub stream_bytes: u64,
    /// Largest unpacked size of all streams.
    pub total_bytes: u64,
    /// Deepest nesting of forms (a form drawing a form ...) and of the page tree.
    pub depth: usize,
}

impl Default for Limits {
    /// 512 MiB a file, 2 million objects, 64 MiB a stream, 512 MiB in all, 32 levels:
    /// far above real datasheets and reports (a 500-page manual has some 100,000 objects
    /// and a few MiB of page content).
    fn default() -> Self {
        Limits {
            bytes: 512 << 20,
            objects: 2_000_000,
            stream_bytes: 64 << 20,
            total_bytes: 512 << 20,
            depth: 32,
        }
    }
}

/// Why a PDF could not be read. Each is a problem with one file; the run goes on.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The file is larger than [`Limits::bytes`].
    #[error("larger than {limit_mib} MiB; not read")]
    TooLarge {
        /// The limit, in MiB.
        limit_mib: u64,
    },
    /// No `%PDF-` header.
    #[error("not a PDF file (no `%PDF-` header)")]
    NotPdf,
    /// The structure cannot be parsed.
    #[error("damaged PDF, not read: {reason}")]
    Damaged {
        /// What the parser said.
        reason: String,
    },
    /// It needs a password to open.
    #[error("encrypted PDF: it needs a password to open, so copylint cannot read it")]
    Encrypted,
    /// More objects than [`Limits::objects`].
    #[error("more than {limit} objects; not read")]
    TooManyObjects {
        /// The limit.
        limit: usize,
    },
    /// A stream unpacks to more than [`Limits::stream_bytes`].
    #[error("object {object} unpacks to more than {limit_mib} MiB; not read (a zip bomb?)")]
    StreamTooLarge {
        /// `12 0 R`.
        object: String,
        /// The limit, in MiB.
        limit_mib: u64,
    },
    /// All streams unpack to more than [`Limits::total_bytes`].
    #[error("the streams unpack to more than {limit_mib} MiB in all; not read (a zip bomb?)")]
    TotalTooLarge {
        /// The limit, in MiB.
        limit_mib: u64,
    },
    /// A filter whose output size cannot be bounded before decoding.
    #[error(
        "object {object} is compressed with {filter}, which could unpack to more than {limit_mib} MiB; not read"
    )]
    Unbounded {
        /// `12 0 R`.
        object: String,
        /// The filter's name.
        filter: String,
        /// The limit, in MiB.
        limit_mib: u64,
    },
    /// Forms or the page tree nest deeper than [`Limits::depth`], or loop.
    #[error("{what} nest more than {limit} levels deep or loop; not read")]
    TooDeep {
        /// `forms` or `pages`.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// The parser failed on this file (a bug in it, contained).
    #[error("the PDF parser failed on this file; not read (please report it)")]
    ParserFailed,
}

/// Extracts the text of every page of the PDF `bytes`.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, PdfError> {
    if bytes.len() as u64 > limits.bytes {
        return Err(PdfError::TooLarge {
            limit_mib: limits.bytes >> 20,
        });
    }
    // Readers accept the header anywhere in the first kilobyte, and so does lopdf.
    if memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_none() {
        return Err(PdfError::NotPdf);
    }
    let doc = bounds::load(bytes, limits)?;
    let mut out = Extracted::default();
    let mut empty_with_images = Vec::new();
    let pages = doc.get_pages();
    for (&number, &id) in &pages {
        let mut device = Device::default();
        let result = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut device, number)
        }));
        let blocks = device.finish();
        match result {
            Ok(Ok(())) => {}
            Ok(Err(err)) => out.warnings.push(format!(
                "page {number}: {}; read up to there",
                short(&err.to_string())
            )),
            Err(_) => out.warnings.push(format!(
                "page {number}: the PDF reader failed on this page; read up to there"
            )),
        }
        if blocks.is_empty() && bounds::has_images(&doc, id) {
            empty_with_images.push(number);
        }
        out.push_unit(format!("page {number}"), &blocks);
    }
    if out.units.is_empty() {
        out.not_checked = Some(if pages.is_empty() {
            "no pages; not checked".to_string()
        } else {
            "no text layer (a scan or images only); not checked".to_string()
        });
    } else {
        out.warnings.extend(
            empty_with_images
                .into_iter()
                .map(|n| format!("page {n} has no text layer (a scan?); not checked")),
        );
    }
    Ok(out)
}

/// The first line of a message, cut to a readable length.
fn short(message: &str) -> String {
    let line = message.lines().next().unwrap_or_default();
    match line.char_indices().nth(200) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_string(),
    }
}

/// Receives the glyphs `pdf-extract` draws on a page.
#[derive(Default)]
struct Device {
    page: PageLayout,
}

impl Device {
    fn finish(self) -> Vec<String> {
        self.page.finish()
    }
}

impl OutputDev for Device {
    fn begin_page(
        &mut self,
        _page: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        // The text rendering matrix maps text space (x along the baseline, font size not
        // applied) to page space.
        let along = (trm.m11, trm.m12);
        let up = (trm.m21, trm.m22);
        let scale = along.0.hypot(along.1);
        let dir = if scale > 0.0 {
            (along.0 / scale, along.1 / scale)
        } else {
            (1.0, 0.0)
        };
        self.page.glyph(Glyph {
            x: trm.m31,
            y: trm.m32,
            dir,
            size: font_size.abs() * up.0.hypot(up.1),
            advance: width * font_size.abs() * scale,
            text: text.to_string(),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
