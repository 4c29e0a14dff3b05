//! Reading files that someone else controls, and turning their bytes into text.
//!
//! Every file copylint reads on a repository's behalf comes through here:
//!
//! - **Only regular files.** A FIFO, socket or device is refused before a byte is read;
//!   the file is opened non-blocking and checked again after opening, so a FIFO swapped
//!   in meanwhile cannot hang the run, and `/dev/zero` cannot fill memory.
//! - **Bounded sizes.** Settings files (a config file, a lexicon) are small; documents
//!   may be large but not endless. A file that grows while it is read stops at the bound.
//! - **Read, never mapped.** A mapped file truncated by another process while it is
//!   read kills the reader with `SIGBUS`; a read only sees fewer bytes, which is
//!   reported. (The copy costs one pass over memory; a 1 GiB file is still checked.)
//! - **Decoded with warnings.** UTF-8 (with or without a byte order mark) and UTF-16
//!   with a byte order mark are text; bytes that do not decode are warned about, and a
//!   file with NUL bytes and no UTF-16 mark is not text: the caller reports it as not
//!   checked.

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use thiserror::Error;

/// Largest document read (a file that grows past it while being read is refused).
pub const MAX_DOCUMENT_BYTES: u64 = 4 << 30;

/// Largest settings file read: a config file or a lexicon. (The largest lexicon tested,
/// 100,000 phrases, is under 4 MiB.)
pub const MAX_SETTINGS_BYTES: u64 = 32 << 20;

/// Largest baseline read (a few hundred bytes per recorded finding).
pub const MAX_BASELINE_BYTES: u64 = 256 << 20;

/// How far into a file a NUL byte marks it as binary (as git and ripgrep look).
const BINARY_PROBE: usize = 8192;

/// Why a file was not read.
#[derive(Debug, Error)]
pub enum ReadError {
    /// A FIFO, socket, device or folder: reading it could block or never end.
    #[error("not a regular file ({0})")]
    NotRegular(&'static str),
    /// Larger than copylint reads.
    #[error("too large ({size} bytes; copylint reads at most {limit})")]
    TooLarge {
        /// The size found (at least; the file may have grown).
        size: u64,
        /// The bound.
        limit: u64,
    },
    /// The file system refused.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl ReadError {
    /// As an I/O error, for error types that carry one.
    pub fn into_io(self) -> std::io::Error {
        match self {
            ReadError::Io(err) => err,
            other => std::io::Error::other(other.to_string()),
        }
    }
}

/// How a read document compares with what its metadata said when it was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snapshot {
    /// All of it was read.
    Whole,
    /// It changed size while it was read (truncated, or written to): `read` bytes of the
    /// `expected` were read.
    Changed {
        /// The size when it was opened.
        expected: u64,
        /// What was read.
        read: usize,
    },
}

/// A buffer that documents are read into, one after the other. The bytes past the
/// current document stay as they are (zeroes, or an earlier document's), so a read into
/// it costs no clearing.
#[derive(Debug, Default)]
pub struct Buffer {
    bytes: Vec<u8>,
    len: usize,
}

impl Buffer {
    /// The document last read.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    /// Bytes held, for a caller that frees a buffer grown large.
    pub fn capacity(&self) -> usize {
        self.bytes.capacity()
    }

    /// Room for `n` bytes from the start, initialised.
    fn room(&mut self, n: usize) -> &mut [u8] {
        if self.bytes.len() < n {
            self.bytes.resize(n, 0);
        }
        &mut self.bytes[..n]
    }
}

/// Reads the document at `path` into `buffer` (replacing the document it held).
pub fn document(path: &Path, buffer: &mut Buffer) -> Result<Snapshot, ReadError> {
    read_document(open_regular(path)?, buffer)
}

/// [`document`] for a file a directory listing just gave as a regular file (a walk): the
/// look before opening is spared (the listing was it; the check after opening stays).
pub fn listed_document(path: &Path, buffer: &mut Buffer) -> Result<Snapshot, ReadError> {
    read_document(open_checked(path)?, buffer)
}

fn read_document((mut file, len): (File, u64), buffer: &mut Buffer) -> Result<Snapshot, ReadError> {
    buffer.len = 0;
    if len > MAX_DOCUMENT_BYTES {
        return Err(ReadError::TooLarge {
            size: len,
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    // One read for the whole file, as its size says, into room for one byte more: the
    // usual case needs no second read to meet the end. A short or long read (the file
    // changed, or a file system that reads in pieces) goes on to the end.
    let first = loop {
        match file.read(buffer.room(len as usize + 1)) {
            Ok(n) => break n,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err.into()),
        }
    };
    let mut read = first;
    if first as u64 != len || len == 0 {
        // One byte more than the bound tells a file that grew past it.
        let mut rest = Vec::new();
        file.take(MAX_DOCUMENT_BYTES + 1 - first as u64)
            .read_to_end(&mut rest)?;
        buffer.room(first + rest.len())[first..].copy_from_slice(&rest);
        read += rest.len();
    }
    if read as u64 > MAX_DOCUMENT_BYTES {
        return Err(ReadError::TooLarge {
            size: MAX_DOCUMENT_BYTES + 1,
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    buffer.len = read;
    // Files in /proc and /sys say they are empty and are not: only a size that was
    // known can have changed.
    Ok(if read as u64 == len || len == 0 {
        Snapshot::Whole
    } else {
        Snapshot::Changed {
            expected: len,
            read,
        }
    })
}

/// Reads a settings file (a config file, a lexicon) written as UTF-8 text: a regular file
/// of at most [`MAX_SETTINGS_BYTES`].
pub fn settings_text(path: &Path) -> Result<String, ReadError> {
    text_file(path, MAX_SETTINGS_BYTES)
}

/// Reads a regular file of at most `limit` bytes, written as UTF-8 text.
pub fn text_file(path: &Path, limit: u64) -> Result<String, ReadError> {
    let (file, len) = open_regular(path)?;
    let too_large = |size| ReadError::TooLarge { size, limit };
    if len > limit {
        return Err(too_large(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|err| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (a bad byte at offset {})",
                err.utf8_error().valid_up_to()
            ),
        ))
    })
}

/// Opens `path` if it is a regular file; returns it with its length.
fn open_regular(path: &Path) -> Result<(File, u64), ReadError> {
    // Look before opening: opening a device can act on it (a tape rewinds).
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(file_type_name(&meta)));
    }
    open_checked(path)
}

/// Opens `path` without blocking (a FIFO swapped in meanwhile cannot hang the run) and
/// returns it with its length if it is a regular file.
fn open_checked(path: &Path) -> Result<(File, u64), ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(file_type_name(&meta)));
    }
    Ok((file, meta.len()))
}

/// What kind of non-regular file `meta` describes, for messages.
pub fn file_type_name(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// How a document's text is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte order mark.
    Utf8,
    /// UTF-16, little-endian, with a byte order mark.
    Utf16Le,
    /// UTF-16, big-endian, with a byte order mark.
    Utf16Be,
}

/// A document's bytes as text.
#[derive(Debug)]
pub struct Text<'a> {
    /// The text. For UTF-8 every offset is an offset of the file (each byte that does not
    /// decode is one [`crate::source::INVALID_BYTE`]); for UTF-16 the byte order mark is
    /// kept as U+FEFF, and [`FileOffsets`] maps offsets back to the file's.
    pub text: Cow<'a, str>,
    /// How it was stored.
    pub encoding: Encoding,
    /// What did not decode, when something did not: the text is then only what decodes.
    pub warning: Option<String>,
}

/// What a document's bytes are.
#[derive(Debug)]
pub enum Decoded<'a> {
    /// Text, possibly with a warning.
    Text(Text<'a>),
    /// Not text: a NUL byte at this offset, and no UTF-16 byte order mark.
    Binary {
        /// The offset of the first NUL byte.
        nul_at: usize,
    },
}

/// Decodes a document's bytes (see the module documentation).
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    let utf16 = match bytes {
        // FF FE 00 00 is UTF-32's mark, which is not read.
        [0xFF, 0xFE, 0, 0, ..] => None,
        [0xFF, 0xFE, ..] => Some(Encoding::Utf16Le),
        [0xFE, 0xFF, ..] => Some(Encoding::Utf16Be),
        _ => None,
    };
    if let Some(encoding) = utf16 {
        return Decoded::Text(decode_utf16(bytes, encoding));
    }
    if let Some(nul_at) = memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]) {
        return Decoded::Binary { nul_at };
    }
    let decoded = crate::source::decode(bytes);
    Decoded::Text(Text {
        text: decoded.text,
        encoding: Encoding::Utf8,
        warning: decoded.first_invalid.map(|at| {
            format!(
                "not valid UTF-8 (first bad byte at offset {at}); checked the text that decodes"
            )
        }),
    })
}

fn decode_utf16(bytes: &[u8], encoding: Encoding) -> Text<'static> {
    let unit = |pair: &[u8]| {
        let pair = [pair[0], pair[1]];
        if encoding == Encoding::Utf16Le {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    };
    let mut text = String::with_capacity(bytes.len());
    let mut first_bad = None;
    let mut at = 0;
    for c in char::decode_utf16(bytes.chunks_exact(2).map(unit)) {
        // An unpaired surrogate is one unit, like its replacement: offsets stay mapped.
        let c = c.unwrap_or_else(|_| {
            first_bad.get_or_insert(at);
            char::REPLACEMENT_CHARACTER
        });
        at += 2 * c.len_utf16();
        text.push(c);
    }
    if bytes.len() % 2 == 1 {
        first_bad.get_or_insert(bytes.len() - 1);
    }
    let name = if encoding == Encoding::Utf16Le {
        "UTF-16LE"
    } else {
        "UTF-16BE"
    };
    Text {
        text: Cow::Owned(text),
        encoding,
        warning: first_bad.map(|at| {
            format!(
                "not valid {name} (first bad unit at offset {at}); checked the text that decodes"
            )
        }),
    }
}

/// `text` stored as `encoding` (the byte order mark, if any, is the text's U+FEFF).
pub fn encode(text: &str, encoding: Encoding) -> Cow<'_, [u8]> {
    match encoding {
        Encoding::Utf8 => Cow::Borrowed(text.as_bytes()),
        Encoding::Utf16Le => Cow::Owned(text.encode_utf16().flat_map(u16::to_le_bytes).collect()),
        Encoding::Utf16Be => Cow::Owned(text.encode_utf16().flat_map(u16::to_be_bytes).collect()),
    }
}

/// Maps byte offsets of a decoded UTF-16 text to byte offsets of its file, for a set of
/// offsets known in advance (one pass over the text, whatever their number).
#[derive(Debug)]
pub struct FileOffsets {
    /// (text offset, file offset), sorted.
    known: Vec<(usize, usize)>,
}

impl FileOffsets {
    /// Prepares the file offsets of `offsets` (text offsets, in any order) in `text`.
    pub fn new(text: &str, mut offsets: Vec<usize>) -> Self {
        offsets.sort_unstable();
        offsets.dedup();
        let mut known = Vec::with_capacity(offsets.len());
        let mut units = 0;
        let mut wanted = offsets.into_iter().peekable();
        for (i, c) in text.char_indices() {
            while let Some(&o) = wanted.peek().filter(|&&o| o <= i) {
                known.push((o, 2 * units));
                wanted.next();
            }
            units += c.len_utf16();
        }
        known.extend(wanted.map(|o| (o, 2 * units)));
        FileOffsets { known }
    }

    /// The file offset of text offset `offset` (one of those prepared; others map to the
    /// nearest prepared offset before them).
    pub fn get(&self, offset: usize) -> usize {
        let i = self.known.partition_point(|&(o, _)| o <= offset);
        i.checked_sub(1).map_or(0, |i| self.known[i].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        encode(text, Encoding::Utf16Le).into_owned()
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_text_and_round_trips() {
        for encoding in [Encoding::Utf16Le, Encoding::Utf16Be] {
            let source = "\u{FEFF}Café 😀 calls on\r\n";
            let bytes = encode(source, encoding).into_owned();
            let Decoded::Text(t) = decode(&bytes) else {
                panic!("not text")
            };
            assert_eq!((t.text.as_ref(), t.encoding), (source, encoding));
            assert_eq!(t.warning, None);
            assert_eq!(encode(&t.text, encoding).as_ref(), bytes.as_slice());
        }
    }

    #[test]
    fn text_offsets_map_to_utf16_file_offsets() {
        let text = "\u{FEFF}é😀 calls on";
        let at = text.find("calls").unwrap();
        let map = FileOffsets::new(text, vec![at + 5, at, text.len(), 0]);
        // BOM 2 bytes, é 2, 😀 4, space 2: "calls" starts at byte 10 of the file.
        assert_eq!(map.get(0), 0);
        assert_eq!(map.get(at), 10);
        assert_eq!(map.get(at + 5), 20);
        assert_eq!(map.get(text.len()), utf16le(text).len());
    }

    #[test]
    fn bad_utf16_is_warned_about_and_offsets_still_map() {
        let mut bytes = utf16le("\u{FEFF}ab");
        bytes.extend_from_slice(&0xD800u16.to_le_bytes());
        bytes.extend_from_slice(&utf16le("cd"));
        bytes.push(b'x');
        let Decoded::Text(t) = decode(&bytes) else {
            panic!("not text")
        };
        assert_eq!(t.text, "\u{FEFF}ab\u{FFFD}cd");
        assert!(
            t.warning.as_deref().unwrap().contains("offset 6"),
            "{:?}",
            t.warning
        );
        let at = t.text.find('c').unwrap();
        assert_eq!(FileOffsets::new(&t.text, vec![at]).get(at), 8);
    }

    #[test]
    fn a_nul_byte_without_a_utf16_mark_is_binary() {
        assert!(matches!(
            decode(b"# Title\n\0SRE calls on ChatGPT"),
            Decoded::Binary { nul_at: 8 }
        ));
        assert!(matches!(
            decode(b"\xFF\xFE\0\0x\0\0\0"),
            Decoded::Binary { .. }
        ));
        let Decoded::Text(t) = decode(b"caf\xe9") else {
            panic!("not text")
        };
        assert!(t.warning.unwrap().contains("offset 3"));
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_refused_without_blocking() {
        let err = settings_text(Path::new("/dev/zero")).unwrap_err();
        assert!(matches!(err, ReadError::NotRegular("a device")), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let mut buffer = Buffer::default();
        assert!(matches!(
            document(&fifo, &mut buffer),
            Err(ReadError::NotRegular("a FIFO"))
        ));
        // A walk's file is not looked at before opening: it is refused after, unblocked.
        assert!(matches!(
            listed_document(&fifo, &mut buffer),
            Err(ReadError::NotRegular("a FIFO"))
        ));
    }

    #[test]
    fn a_reused_buffer_holds_only_the_last_document() {
        let dir = tempfile::tempdir().unwrap();
        let (long, short, empty) = (
            dir.path().join("long"),
            dir.path().join("short"),
            dir.path().join("empty"),
        );
        std::fs::write(&long, "x".repeat(10_000)).unwrap();
        std::fs::write(&short, "SRE calls on ChatGPT.").unwrap();
        std::fs::write(&empty, "").unwrap();
        let mut buffer = Buffer::default();
        assert_eq!(document(&long, &mut buffer).unwrap(), Snapshot::Whole);
        assert_eq!(buffer.bytes().len(), 10_000);
        assert_eq!(
            listed_document(&short, &mut buffer).unwrap(),
            Snapshot::Whole
        );
        assert_eq!(buffer.bytes(), b"SRE calls on ChatGPT.");
        assert_eq!(
            listed_document(&empty, &mut buffer).unwrap(),
            Snapshot::Whole
        );
        assert_eq!(buffer.bytes(), b"");
    }

    #[test]
    fn settings_files_are_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.yaml");
        let file = File::create(&big).unwrap();
        file.set_len(MAX_SETTINGS_BYTES + 1).unwrap();
        assert!(matches!(
            settings_text(&big),
            Err(ReadError::TooLarge { .. })
        ));
    }
}
