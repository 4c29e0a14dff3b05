//! Text from a scanned repository, made safe to print: file names and lexicon text
//! (messages, rationales, examples, provenance) go to terminals, CI logs and editors, which
//! read some characters as commands. An escape sequence in a file name could set a
//! terminal's title or rewrite what is on screen; a line break could start a forged
//! `::warning` line that GitHub Actions obeys. Every renderer passes such text through
//! here, so a character is either printed as itself or written out as a visible escape.
//!
//! Escaped: the C0 and C1 control characters and DEL (Unicode's `Cc`), and the
//! bidirectional overrides and isolates that make text display in another order than it
//! is stored (the "Trojan Source" characters). They appear as `\u{1b}`, Rust's notation;
//! `\n`, `\r` and `\t` as those two characters. And a `:` that starts a line (after
//! blanks) is written `\u{3a}`: GitHub Actions reads any line whose first non-blank
//! characters are `::` as a workflow command. Document text shown in snippets is already
//! made visible by annotate-snippets (`␛`), and follows a line number, so renderers leave
//! it alone.

use std::borrow::Cow;
use std::io::{self, Write};

/// Whether `c` must not reach a terminal as itself.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` on one line, every unsafe character escaped (line breaks and tabs included):
/// for file names, rule ids and one-line messages. It may be printed at the start of a
/// line, so a leading `:` is escaped too.
pub fn line(text: &str) -> Cow<'_, str> {
    escape(text, false, &mut true)
}

/// `text` with its line breaks (`\n`) and tabs kept and every other unsafe character
/// escaped, and a `:` that starts one of its lines: for multi-line text such as a rule's
/// rationale or an error report.
pub fn lines(text: &str) -> Cow<'_, str> {
    escape(text, true, &mut true)
}

/// `text` with every unsafe character but line breaks (`\n`, `\r\n`) and tabs replaced
/// by as many `?` as it has bytes: for a file's text shown in an error snippet, whose
/// spans are byte offsets that must still point at the same places.
pub fn same_width(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let kept = |i: usize, c: char| {
        c == '\n' || c == '\t' || (c == '\r' && bytes.get(i + 1) == Some(&b'\n'))
    };
    if !text
        .char_indices()
        .any(|(i, c)| is_unsafe(c) && !kept(i, c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if is_unsafe(c) && !kept(i, c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Escapes `text` (see the module documentation), keeping line breaks and tabs when
/// `multiline`. `line_start` says whether only blanks were written since the last line
/// break (or the start), and is updated for text that continues.
fn escape<'t>(text: &'t str, multiline: bool, line_start: &mut bool) -> Cow<'t, str> {
    let mut out: Option<String> = None;
    for (i, c) in text.char_indices() {
        let kept = multiline && matches!(c, '\n' | '\t');
        let escaped = (is_unsafe(c) && !kept) || (c == ':' && *line_start);
        if kept && c == '\n' {
            *line_start = true;
        } else if c != ' ' && c != '\t' {
            *line_start = false;
        }
        if !escaped {
            if let Some(out) = &mut out {
                out.push(c);
            }
            continue;
        }
        let out = out.get_or_insert_with(|| {
            let mut out = String::with_capacity(text.len() + 8);
            out.push_str(&text[..i]);
            out
        });
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    out.map_or(Cow::Borrowed(text), Cow::Owned)
}

/// A writer that passes everything written through [`lines`] on its way to `inner`: for
/// outputs made only of copylint's own words and lexicon text, without colours (`copylint
/// rules`, `explain`, `test-lexicon`), so that no field can be forgotten.
pub struct Writer<W: Write> {
    inner: W,
    /// The start of a character cut off at the end of the last write.
    pending: Vec<u8>,
    /// Whether only blanks were written since the last line break.
    line_start: bool,
}

impl<W: Write> Writer<W> {
    /// Escapes what is written to `inner`.
    pub fn new(inner: W) -> Self {
        Writer {
            inner,
            pending: Vec::new(),
            line_start: true,
        }
    }
}

impl<W: Write> Write for Writer<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let complete = match std::str::from_utf8(&self.pending) {
            Ok(_) => self.pending.len(),
            // A character cut at the end waits for the next write.
            Err(err) if err.error_len().is_none() => err.valid_up_to(),
            Err(_) => self.pending.len(),
        };
        let text = String::from_utf8_lossy(&self.pending[..complete]).into_owned();
        self.pending.drain(..complete);
        let escaped = escape(&text, true, &mut self.line_start);
        self.inner.write_all(escaped.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let text = String::from_utf8_lossy(&self.pending).into_owned();
            self.pending.clear();
            let escaped = escape(&text, true, &mut self.line_start);
            self.inner.write_all(escaped.as_bytes())?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for Writer<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_bidi_overrides_are_written_out() {
        assert_eq!(line("a\u{1b}]0;T\u{7}.md"), "a\\u{1b}]0;T\\u{7}.md");
        assert_eq!(
            line("x.md\n::warning file=y::z"),
            "x.md\\n::warning file=y::z"
        );
        assert_eq!(line("\u{9b}31m\u{202e}dm.exe"), "\\u{9b}31m\\u{202e}dm.exe");
        assert_eq!(line("\u{7f}\r\t"), "\\u{7f}\\r\\t");
    }

    #[test]
    fn a_colon_that_starts_a_line_cannot_start_a_workflow_command() {
        assert_eq!(line("::warning file=x::y"), "\\u{3a}:warning file=x::y");
        assert_eq!(
            lines("why:\n  ::error::no\n a :: b"),
            "why:\n  \\u{3a}:error::no\n a :: b"
        );
        let mut out = Vec::new();
        {
            let mut w = Writer::new(&mut out);
            write!(w, "  ").unwrap();
            write!(w, "::x\nok: ").unwrap();
            write!(w, "::y").unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "  \\u{3a}:x\nok: ::y");
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        let text = "café “quoted” 😀 C:\\path ‐ ok";
        assert!(matches!(line(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn same_width_keeps_every_offset() {
        let text = "a: \u{1b}]0;x\u{7}\r\nb: \u{9b}\u{202e}\rc\n";
        let safe = same_width(text);
        // ESC, BEL: one byte each; U+009B: two; U+202E: three; the lone CR: one.
        assert_eq!(safe, "a: ?]0;x?\r\nb: ??????c\n");
        assert_eq!(safe.len(), text.len());
    }

    #[test]
    fn the_writer_escapes_across_cut_characters() {
        let mut out = Vec::new();
        {
            let mut w = Writer::new(&mut out);
            let text = "ok \u{1b}[31m\u{202e}\n".as_bytes();
            let cut = text.len() - 2; // inside U+202E
            w.write_all(&text[..cut]).unwrap();
            w.write_all(&text[cut..]).unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "ok \\u{1b}[31m\\u{202e}\n");
    }

    #[test]
    fn lines_keeps_line_breaks_and_tabs() {
        assert_eq!(
            lines("one\n\ttwo\u{1b}[2J\r\n"),
            "one\n\ttwo\\u{1b}[2J\\r\n"
        );
    }
}
