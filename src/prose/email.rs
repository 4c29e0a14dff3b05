//! Email saved as MIME (`.eml`, as mail clients and marketing tools save it): the
//! Subject line and every `text/plain` and `text/html` part, through Stalwart's
//! `mail-parser` (RFC 5322 and MIME, RFC 2047 encoded words, quoted-printable and base64,
//! legacy charsets).
//!
//! Each becomes a [`Unit`](super::extracted::Unit) checked on its own: `subject` and a
//! `text/plain` part as plain text, a `text/html` part as HTML (so its code, comments and
//! hidden elements are treated as in an `.html` file). Parts are numbered depth first, as
//! a reader counts them in a mail client's source view: `part 1 (text/plain)`,
//! `part 2 (text/html)`, attachments counted but not read. A forwarded message
//! (`message/rfc822`) is read the same way inside its part: `part 3 (message/rfc822),
//! subject`, `part 3.1 (text/plain)`.
//!
//! Reading is bounded (see [`Limits`]): size, number of parts and nesting.

use std::panic::{AssertUnwindSafe, catch_unwind};

use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::{Message, MessageParser, MimeHeaders, PartType};

use super::DocumentKind;
use super::extracted::Extracted;

/// How much of an email is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file, in bytes.
    pub bytes: u64,
    /// Most MIME parts (attachments and nested messages' parts included).
    pub parts: usize,
    /// Deepest nesting of multiparts and forwarded messages.
    pub depth: usize,
}

impl Default for Limits {
    /// 128 MiB, 1,000 parts, 32 levels: far above any real mail (providers cap a message
    /// at 25 to 150 MB; newsletters have a handful of parts, nested three deep).
    fn default() -> Self {
        Limits {
            bytes: 128 << 20,
            parts: 1_000,
            depth: 32,
        }
    }
}

/// Why an email could not be read. Each is a problem with one file; the run goes on.
#[derive(Debug, thiserror::Error)]
pub enum EmailError {
    /// The file is larger than [`Limits::bytes`].
    #[error("larger than {limit_mib} MiB; not read")]
    TooLarge {
        /// The limit, in MiB.
        limit_mib: u64,
    },
    /// No header could be read.
    #[error("not an email: no MIME headers at the start of the file")]
    NotEmail,
    /// More parts than [`Limits::parts`].
    #[error("more than {limit} MIME parts; not read")]
    TooManyParts {
        /// The limit.
        limit: usize,
    },
    /// Nested deeper than [`Limits::depth`].
    #[error("MIME parts nested more than {limit} levels deep; not read")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// The MIME parser failed on this file (a bug in it, contained).
    #[error("the MIME parser failed on this file; not read (please report it)")]
    ParserFailed,
}

/// Extracts the subject and text parts of the email `bytes`.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, EmailError> {
    if bytes.len() as u64 > limits.bytes {
        return Err(EmailError::TooLarge {
            limit_mib: limits.bytes >> 20,
        });
    }
    // mail-parser promises never to panic; should it, one file fails, not the run.
    let parsed = catch_unwind(AssertUnwindSafe(|| MessageParser::default().parse(bytes)))
        .map_err(|_| EmailError::ParserFailed)?;
    let message = parsed
        .filter(|m| !m.parts.is_empty())
        .ok_or(EmailError::NotEmail)?;
    let mut reader = Reader {
        limits,
        parts: 0,
        out: Extracted::default(),
    };
    reader.message(&message, "", "", 0)?;
    Ok(reader.out)
}

struct Reader<'l> {
    limits: &'l Limits,
    /// Parts seen so far, in every message.
    parts: usize,
    out: Extracted,
}

impl Reader<'_> {
    /// Reads `message`, whose places start with `place` (`""`, or `part 3
    /// (message/rfc822), ` for a forwarded one) and whose parts are numbered after
    /// `number` (`""` or `3.`), nested `depth` deep.
    fn message(
        &mut self,
        message: &Message,
        place: &str,
        number: &str,
        depth: usize,
    ) -> Result<(), EmailError> {
        if let Some(subject) = message.subject() {
            self.out.push_document(
                format!("{place}subject"),
                DocumentKind::Text,
                subject.to_string(),
            );
        }
        let mut leaves = 0;
        self.part(message, 0, number, depth, &mut leaves)
    }

    /// Reads part `id` of `message` and, for a multipart, its parts; `leaves` counts the
    /// parts numbered so far in this message.
    fn part(
        &mut self,
        message: &Message,
        id: u32,
        number: &str,
        depth: usize,
        leaves: &mut usize,
    ) -> Result<(), EmailError> {
        if depth > self.limits.depth {
            return Err(EmailError::TooDeep {
                limit: self.limits.depth,
            });
        }
        self.parts += 1;
        if self.parts > self.limits.parts {
            return Err(EmailError::TooManyParts {
                limit: self.limits.parts,
            });
        }
        let Some(part) = message.part(id) else {
            return Ok(());
        };
        if let PartType::Multipart(children) = &part.body {
            for &child in children {
                self.part(message, child, number, depth + 1, leaves)?;
            }
            return Ok(());
        }
        *leaves += 1;
        let n = format!("{number}{leaves}");
        let content_type = part.content_type();
        let mime = content_type.map_or_else(
            || "text/plain".to_string(),
            |ct| {
                format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default()).to_ascii_lowercase()
            },
        );
        let place = format!("part {n} ({mime})");
        let (kind, text) = match &part.body {
            PartType::Html(text) => (DocumentKind::Html, text),
            PartType::Text(text) if mime == "text/plain" || content_type.is_none() => {
                (DocumentKind::Text, text)
            }
            PartType::Message(inner) => {
                return self.message(inner, &format!("{place}, "), &format!("{n}."), depth + 1);
            }
            _ => return Ok(()),
        };
        if part.is_encoding_problem {
            self.out.warnings.push(format!(
                "{place}: its transfer encoding is broken; read as written"
            ));
        }
        if let Some(charset) = content_type.and_then(|ct| ct.attribute("charset"))
            && charset_decoder(charset.as_bytes()).is_none()
            && !is_utf8(charset)
        {
            self.out.warnings.push(format!(
                "{place}: unknown charset `{charset}`; read as UTF-8"
            ));
        }
        self.out.push_document(place, kind, text.to_string());
        Ok(())
    }
}

/// Charsets whose bytes are read as UTF-8 as they are (mail-parser has no decoder for
/// them because it needs none).
fn is_utf8(charset: &str) -> bool {
    ["utf-8", "utf8", "us-ascii", "ascii"]
        .iter()
        .any(|c| charset.eq_ignore_ascii_case(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(raw: &str) -> Vec<(String, Option<DocumentKind>, String)> {
        let doc = extract(raw.as_bytes(), &Limits::default()).unwrap();
        doc.units
            .into_iter()
            .map(|u| (u.location, u.kind, u.text))
            .collect()
    }

    #[test]
    fn subject_and_parts_are_decoded_and_numbered() {
        let raw = "Subject: =?utf-8?q?SRE_calls_on_ChatGPT_=E2=80=94_June?=\r\n\
            MIME-Version: 1.0\r\n\
            Content-Type: multipart/alternative; boundary=\"b\"\r\n\r\n\
            --b\r\nContent-Type: text/plain; charset=utf-8\r\n\
            Content-Transfer-Encoding: quoted-printable\r\n\r\n\
            SRE calls on =\r\nGPT-5 =E2=80=94 today.\r\n\
            --b\r\nContent-Type: text/html; charset=utf-8\r\n\
            Content-Transfer-Encoding: base64\r\n\r\n\
            PHA+U1JFIGNhbGxzIG9uIEdQVC01LjwvcD4=\r\n\
            --b\r\nContent-Type: application/pdf\r\n\
            Content-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n--b--\r\n";
        let got = units(raw);
        assert_eq!(
            got,
            [
                (
                    "subject".to_string(),
                    Some(DocumentKind::Text),
                    "SRE calls on ChatGPT \u{2014} June".to_string()
                ),
                (
                    "part 1 (text/plain)".into(),
                    Some(DocumentKind::Text),
                    "SRE calls on GPT-5 \u{2014} today.".into()
                ),
                (
                    "part 2 (text/html)".into(),
                    Some(DocumentKind::Html),
                    "<p>SRE calls on GPT-5.</p>".into()
                ),
            ]
        );
    }

    #[test]
    fn charsets_are_honoured_and_unknown_ones_reported() {
        let raw = b"Subject: x\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\ncaf\xe9\r\n";
        let doc = extract(raw, &Limits::default()).unwrap();
        assert_eq!(doc.units[1].text.trim_end(), "caf\u{e9}");
        let raw = "Subject: x\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nqapla'\r\n";
        let doc = extract(raw.as_bytes(), &Limits::default()).unwrap();
        assert_eq!(doc.units[1].text.trim_end(), "qapla'");
        assert_eq!(
            doc.warnings,
            ["part 1 (text/plain): unknown charset `x-klingon`; read as UTF-8"]
        );
    }

    #[test]
    fn forwarded_messages_are_read_in_their_part() {
        let raw = "Subject: Fwd\r\nContent-Type: multipart/mixed; boundary=\"o\"\r\n\r\n\
            --o\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n\
            --o\r\nContent-Type: message/rfc822\r\n\r\n\
            Subject: Draft\r\nContent-Type: text/plain\r\n\r\nInner text.\r\n\
            --o--\r\n";
        let places: Vec<String> = units(raw).into_iter().map(|u| u.0).collect();
        assert_eq!(
            places,
            [
                "subject",
                "part 1 (text/plain)",
                "part 2 (message/rfc822), subject",
                "part 2.1 (text/plain)"
            ]
        );
    }

    #[test]
    fn size_parts_and_nesting_are_bounded() {
        let tight = Limits {
            bytes: 10,
            ..Limits::default()
        };
        assert!(matches!(
            extract(b"Subject: a long subject\r\n\r\nx", &tight),
            Err(EmailError::TooLarge { .. })
        ));
        let mut raw =
            String::from("Subject: many\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
        for _ in 0..20 {
            raw.push_str("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n");
        }
        raw.push_str("--b--\r\n");
        let few = Limits {
            parts: 10,
            ..Limits::default()
        };
        assert!(matches!(
            extract(raw.as_bytes(), &few),
            Err(EmailError::TooManyParts { limit: 10 })
        ));
        let mut raw = String::from("Subject: deep\r\n");
        for i in 0..10 {
            raw.push_str(&format!(
                "Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n"
            ));
        }
        raw.push_str("Content-Type: text/plain\r\n\r\nx\r\n");
        let shallow = Limits {
            depth: 5,
            ..Limits::default()
        };
        assert!(matches!(
            extract(raw.as_bytes(), &shallow),
            Err(EmailError::TooDeep { limit: 5 })
        ));
    }

    #[test]
    fn not_an_email_is_an_error() {
        assert!(matches!(
            extract(b"", &Limits::default()),
            Err(EmailError::NotEmail)
        ));
    }
}
