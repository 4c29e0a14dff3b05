//! Loading a PDF without trusting it: every stream's unpacked size is measured with a
//! capped decoder (nothing is kept) before the extractor may unpack it, and the
//! structures the extractor walks recursively (the page tree, forms drawing forms) are
//! checked for loops and depth, since a stack overflow cannot be contained.

use std::cell::RefCell;
use std::collections::HashSet;
use std::io::{self, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId, Stream};

use super::{Limits, PdfError};

/// The limits and what was measured so far, for the document being loaded on this
/// thread. lopdf's load hook is a plain function, so its state lives here.
struct Budget {
    limits: Limits,
    total: u64,
    error: Option<PdfError>,
}

thread_local! {
    static BUDGET: RefCell<Option<Budget>> = const { RefCell::new(None) };
}

/// Parses `bytes`, measuring every stream as it is loaded, and checks what the extractor
/// will walk.
pub fn load(bytes: &[u8], limits: &Limits) -> Result<Document, PdfError> {
    BUDGET.with_borrow_mut(|b| {
        *b = Some(Budget {
            limits: *limits,
            total: 0,
            error: None,
        })
    });
    let options = LoadOptions {
        filter: Some(measure_on_load),
        ..LoadOptions::default()
    };
    let loaded = catch_unwind(AssertUnwindSafe(|| {
        Document::load_mem_with_options(bytes, options)
    }));
    let budget = BUDGET.with_borrow_mut(Option::take);
    if let Some(err) = budget.and_then(|b| b.error) {
        return Err(err);
    }
    let doc = match loaded {
        Err(_) => return Err(PdfError::ParserFailed),
        Ok(Err(err)) => return Err(load_error(err)),
        Ok(Ok(doc)) => doc,
    };
    if doc.is_encrypted() {
        return Err(PdfError::Encrypted);
    }
    if doc.objects.len() > limits.objects {
        return Err(PdfError::TooManyObjects {
            limit: limits.objects,
        });
    }
    if doc.encryption_state.is_some() {
        // lopdf decrypts a file that opens without a password by another path, which
        // skips the load hook: measure its streams now.
        let mut total = 0;
        for (&id, object) in &doc.objects {
            if let Object::Stream(stream) = object {
                total += measure(id, stream, limits)?;
                check_total(total, limits)?;
            }
        }
    }
    check_page_tree(&doc, limits)?;
    check_forms(&doc, limits)?;
    Ok(doc)
}

fn load_error(err: lopdf::Error) -> PdfError {
    match err {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => PdfError::Encrypted,
        other => PdfError::Damaged {
            reason: super::short(&other.to_string()),
        },
    }
}

/// lopdf's load hook: called for every object as it is parsed (and for the objects of an
/// object stream after it). A stream over the limits is emptied, so nothing unpacks it,
/// and the error is kept for [`load`] to return.
fn measure_on_load(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object {
        BUDGET.with_borrow_mut(|budget| {
            let Some(budget) = budget else { return };
            if budget.error.is_some() {
                stream.content.clear();
                return;
            }
            let result = measure(id, stream, &budget.limits).and_then(|n| {
                budget.total += n;
                check_total(budget.total, &budget.limits)
            });
            if let Err(err) = result {
                stream.content.clear();
                budget.error = Some(err);
            }
        });
        // lopdf keeps the object it passed in (a stream is never inside an object
        // stream, where the returned one would be used instead).
        return Some((id, Object::Null));
    }
    Some((id, object.clone()))
}

fn check_total(total: u64, limits: &Limits) -> Result<(), PdfError> {
    if total > limits.total_bytes {
        return Err(PdfError::TotalTooLarge {
            limit_mib: limits.total_bytes >> 20,
        });
    }
    Ok(())
}

fn name(id: ObjectId) -> String {
    format!("{} {} R", id.0, id.1)
}

/// How many bytes `stream` unpacks to, measured without keeping them; images count
/// nothing (text extraction never unpacks them).
fn measure(id: ObjectId, stream: &Stream, limits: &Limits) -> Result<u64, PdfError> {
    let limit = limits.stream_bytes;
    let too_large = || PdfError::StreamTooLarge {
        object: name(id),
        limit_mib: limit >> 20,
    };
    if is_image(&stream.dict) {
        return Ok(0);
    }
    let filters: Vec<Vec<u8>> = stream
        .filters()
        .map(|f| f.into_iter().map(<[u8]>::to_vec).collect())
        .unwrap_or_default();
    // The bytes so far, while only ASCII85 (which cannot grow them much) has been
    // applied; then the size an expanding filter unpacks them to, measured.
    let mut data: Option<Vec<u8>> = None;
    let mut size = stream.content.len() as u64;
    let mut measured_by: Option<&[u8]> = None;
    for filter in &filters {
        let f = filter.as_slice();
        let expanding = matches!(f, b"FlateDecode" | b"Fl" | b"LZWDecode" | b"LZW");
        let ascii85 = matches!(f, b"ASCII85Decode" | b"A85");
        if !expanding && !ascii85 {
            // lopdf decodes no other filter: the stream is read as it is, or not at all.
            continue;
        }
        if let Some(previous) = measured_by {
            // Its input is the previous filter's output, which was not kept: bound it
            // by the filter's worst ratio.
            let ratio = if expanding { 1032 } else { 4 };
            size = size.saturating_mul(ratio);
            if size > limit {
                return Err(PdfError::Unbounded {
                    object: name(id),
                    filter: format!(
                        "{} after {}",
                        String::from_utf8_lossy(f),
                        String::from_utf8_lossy(previous)
                    ),
                    limit_mib: limit >> 20,
                });
            }
            continue;
        }
        let input = data.as_deref().unwrap_or(&stream.content);
        if expanding {
            size = if f.starts_with(b"LZW") {
                lzw_size(input, limit)
            } else {
                inflated_size(input, limit)
            };
            measured_by = Some(f);
        } else {
            // At most 4 bytes for each character (`z` stands for four zero bytes).
            if (input.len() as u64).saturating_mul(4) > limit {
                return Err(too_large());
            }
            let mut one = Stream::new(Dictionary::new(), input.to_vec());
            one.dict.set("Filter", Object::Name(filter.clone()));
            let decoded = one.decompressed_content().unwrap_or_default();
            size = decoded.len() as u64;
            data = Some(decoded);
        }
        if size > limit {
            return Err(too_large());
        }
    }
    Ok(size)
}

fn is_image(dict: &Dictionary) -> bool {
    dict.get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|n| n == b"Image")
}

/// Counts bytes written to it and fails past its limit.
struct Counter {
    written: u64,
    limit: u64,
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.written += buf.len() as u64;
        if self.written > self.limit {
            return Err(io::Error::other("over the limit"));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What zlib data inflates to, up to `limit + 1` (as lopdf reads it: zlib, else raw
/// deflate after the two header bytes; whatever decodes before an error counts).
fn inflated_size(input: &[u8], limit: u64) -> u64 {
    let count = |reader: &mut dyn Read| {
        let mut counter = Counter { written: 0, limit };
        let _ = io::copy(&mut reader.take(limit + 1), &mut counter);
        counter.written
    };
    let zlib = count(&mut flate2::read::ZlibDecoder::new(input));
    let raw = input.get(2..).map_or(0, |rest| {
        count(&mut flate2::read::DeflateDecoder::new(rest))
    });
    zlib.max(raw)
}

/// What LZW data (PDF's flavour, early change on) unpacks to, up to `limit + 1`.
fn lzw_size(input: &[u8], limit: u64) -> u64 {
    let mut counter = Counter { written: 0, limit };
    for early_change in [true, false] {
        let mut decoder = if early_change {
            weezl::decode::Decoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8)
        } else {
            weezl::decode::Decoder::new(weezl::BitOrder::Msb, 8)
        };
        let mut this = Counter { written: 0, limit };
        let _ = decoder.into_stream(&mut this).decode_all(input);
        counter.written = counter.written.max(this.written);
    }
    counter.written.min(limit + 1)
}

/// The dictionary `object` is or refers to, with its id when referred to.
fn dict<'a>(doc: &'a Document, object: &'a Object) -> Option<(Option<ObjectId>, &'a Dictionary)> {
    let (id, object) = doc.dereference(object).ok()?;
    match object {
        Object::Dictionary(d) => Some((id, d)),
        Object::Stream(s) => Some((id, &s.dict)),
        _ => None,
    }
}

/// The extractor looks up inherited page attributes through `Parent` links, recursively.
fn check_page_tree(doc: &Document, limits: &Limits) -> Result<(), PdfError> {
    for id in doc.get_pages().into_values() {
        let mut node = doc.get_dictionary(id).ok();
        let mut depth = 0;
        while let Some(d) = node {
            depth += 1;
            if depth > limits.depth {
                return Err(PdfError::TooDeep {
                    what: "pages",
                    limit: limits.depth,
                });
            }
            node = d
                .get(b"Parent")
                .ok()
                .and_then(|p| dict(doc, p))
                .map(|(_, d)| d);
        }
    }
    Ok(())
}

/// A form as the extractor draws it: the form, and the resources it draws with (its
/// own, or those of what draws it).
type Form<'a> = (ObjectId, &'a Dictionary);

fn key(form: &Form) -> (ObjectId, usize) {
    (form.0, std::ptr::from_ref(form.1) as usize)
}

/// The extractor draws forms (`Do`) recursively, with the resources of the form or, when
/// it has none, those of what draws it. No form reachable that way may draw itself
/// again, and none may nest deeper than the limit.
fn check_forms(doc: &Document, limits: &Limits) -> Result<(), PdfError> {
    let too_deep = || PdfError::TooDeep {
        what: "forms",
        limit: limits.depth,
    };
    // Forms whose every descendant was checked.
    let mut done: HashSet<(ObjectId, usize)> = HashSet::new();
    for page in doc.get_pages().into_values() {
        let Some(resources) = inherited_resources(doc, page, limits.depth) else {
            continue;
        };
        // Depth first, with an explicit stack of (form, its forms left to visit).
        let mut stack: Vec<(Form, Vec<Form>)> = vec![((page, resources), forms_of(doc, resources))];
        while let Some((_, children)) = stack.last_mut() {
            let Some(child) = children.pop() else {
                if let Some((form, _)) = stack.pop() {
                    done.insert(key(&form));
                }
                continue;
            };
            if done.contains(&key(&child)) {
                continue;
            }
            if stack.len() > limits.depth || stack.iter().any(|(form, _)| form.0 == child.0) {
                return Err(too_deep());
            }
            let grandchildren = forms_of(doc, child.1);
            stack.push((child, grandchildren));
        }
    }
    Ok(())
}

/// The page's `Resources`, its own or its nearest ancestor's.
fn inherited_resources(doc: &Document, page: ObjectId, max_depth: usize) -> Option<&Dictionary> {
    let mut node = doc.get_dictionary(page).ok();
    for _ in 0..max_depth {
        let d = node?;
        if let Some((_, r)) = d.get(b"Resources").ok().and_then(|r| dict(doc, r)) {
            return Some(r);
        }
        node = d
            .get(b"Parent")
            .ok()
            .and_then(|p| dict(doc, p))
            .map(|(_, d)| d);
    }
    None
}

/// The forms named in `resources`, each with the resources it draws with.
fn forms_of<'a>(doc: &'a Document, resources: &'a Dictionary) -> Vec<Form<'a>> {
    let Some((_, xobjects)) = resources.get(b"XObject").ok().and_then(|x| dict(doc, x)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (_, value) in xobjects.iter() {
        let Ok(id) = value.as_reference() else {
            continue;
        };
        let Ok(Object::Stream(form)) = doc.get_object(id) else {
            continue;
        };
        if is_image(&form.dict) {
            continue;
        }
        let own = form
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| dict(doc, r))
            .map(|(_, r)| r);
        out.push((id, own.unwrap_or(resources)));
    }
    out
}

/// Whether the page draws images (so a page without text is a scan, not a blank page).
pub fn has_images(doc: &Document, page: ObjectId) -> bool {
    let Some(resources) = inherited_resources(doc, page, 32) else {
        return false;
    };
    let Some((_, xobjects)) = resources.get(b"XObject").ok().and_then(|x| dict(doc, x)) else {
        return false;
    };
    xobjects
        .iter()
        .any(|(_, v)| dict(doc, v).is_some_and(|(_, d)| is_image(d)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn stream(filters: &[&str], content: Vec<u8>) -> Stream {
        let mut s = Stream::new(Dictionary::new(), content);
        s.dict.set(
            "Filter",
            Object::Array(
                filters
                    .iter()
                    .map(|f| Object::Name(f.as_bytes().to_vec()))
                    .collect(),
            ),
        );
        s
    }

    fn limits(stream_bytes: u64) -> Limits {
        Limits {
            stream_bytes,
            ..Limits::default()
        }
    }

    #[test]
    fn streams_are_measured_without_being_kept() {
        let s = stream(&["FlateDecode"], zlib(&[b' '; 10_000]));
        assert_eq!(measure((1, 0), &s, &limits(20_000)).unwrap(), 10_000);
        assert!(matches!(
            measure((1, 0), &s, &limits(5_000)),
            Err(PdfError::StreamTooLarge { .. })
        ));
        // An image is never unpacked for text, whatever its size.
        let mut image = s.clone();
        image.dict.set("Subtype", Object::Name(b"Image".to_vec()));
        assert_eq!(measure((1, 0), &image, &limits(5_000)).unwrap(), 0);
    }

    #[test]
    fn ascii85_before_flate_is_decoded_then_measured() {
        let flate = zlib(b"BT /F1 12 Tf (Hello) Tj ET");
        let encoded = ascii85(&flate);
        let s = stream(&["ASCII85Decode", "FlateDecode"], encoded);
        assert_eq!(measure((1, 0), &s, &limits(1 << 20)).unwrap(), 26);
    }

    #[test]
    fn a_second_expanding_filter_is_bounded_by_its_worst_ratio() {
        // The inner layer is some 120 bytes: 1032 times that is read, no more.
        let s = stream(&["FlateDecode", "FlateDecode"], zlib(&zlib(&[0; 100_000])));
        assert!(measure((7, 0), &s, &limits(1 << 20)).is_ok());
        assert!(matches!(
            measure((7, 0), &s, &limits(50_000)),
            Err(PdfError::Unbounded { .. })
        ));
    }

    /// A one-page PDF whose page draws the form `/X`; `form_resources` says what the form
    /// itself names (`None`: it has no resources, so it draws with the page's).
    fn pdf_with_form(form_resources: Option<Dictionary>) -> Vec<u8> {
        use lopdf::dictionary;
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let form_id = doc.new_object_id();
        let mut form_dict = dictionary! { "Type" => "XObject", "Subtype" => "Form" };
        if let Some(r) = form_resources {
            form_dict.set("Resources", r);
        }
        doc.objects.insert(
            form_id,
            Object::Stream(Stream::new(form_dict, b"/X Do".to_vec())),
        );
        let content = doc.add_object(Stream::new(Dictionary::new(), b"/X Do".to_vec()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "Contents" => content,
            "Resources" => dictionary! { "XObject" => dictionary! { "X" => form_id } },
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn a_form_that_draws_itself_is_refused_before_the_extractor_runs() {
        // Without resources of its own, the form draws with the page's, which name it.
        let looping = pdf_with_form(None);
        assert!(matches!(
            load(&looping, &Limits::default()),
            Err(PdfError::TooDeep { what: "forms", .. })
        ));
        assert!(matches!(
            super::super::extract(&looping, &Limits::default()),
            Err(PdfError::TooDeep { .. })
        ));
        // With resources of its own that name nothing, it is a plain form.
        assert!(load(&pdf_with_form(Some(Dictionary::new())), &Limits::default()).is_ok());
    }

    /// Adobe's ASCII85 encoding of `data`, with the `~>` end marker.
    fn ascii85(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for chunk in data.chunks(4) {
            let mut word = [0u8; 4];
            word[..chunk.len()].copy_from_slice(chunk);
            let mut n = u32::from_be_bytes(word);
            let mut digits = [0u8; 5];
            for d in digits.iter_mut().rev() {
                *d = (n % 85) as u8 + b'!';
                n /= 85;
            }
            out.extend_from_slice(&digits[..chunk.len() + 1]);
        }
        out.extend_from_slice(b"~>");
        out
    }
}
