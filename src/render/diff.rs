//! `--diff`: the unified diff of every file's safe rewrites, as `patch -p0` and
//! `git apply -p0` read it. Drawn by the `similar` crate.
//!
//! File names in the `---`/`+++` headers are quoted as git quotes them (its default
//! `core.quotePath`): a name holding a control character, a space, `"`, `\` or a byte
//! outside ASCII is written in double quotes with C escapes (`\n`, `\t`, `\"`, octal
//! `\303\251` for other bytes), so no name can end a header line early and smuggle in
//! a header or a hunk of its own. (git leaves spaces unquoted; quoting them too keeps
//! `patch` from reading a name up to its first space.)

use std::borrow::Cow;
use std::io::{self, Write};

use similar::TextDiff;

use crate::diagnostic::Report;

/// Writes the diff of each file that has rewrites, in path order.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        let Some(diff) = &file.diff else { continue };
        let text = TextDiff::from_lines(&diff.original, &diff.fixed);
        let name = quoted(&diff.name);
        write!(
            out,
            "{}",
            text.unified_diff().context_radius(3).header(&name, &name)
        )?;
    }
    Ok(())
}

/// `name` as git writes a path in a diff header: as it is when every byte is printable
/// ASCII other than space, `"` and `\`; else quoted (see the module documentation).
pub fn quoted(name: &[u8]) -> Cow<'_, str> {
    let plain = |b: u8| b.is_ascii_graphic() && b != b'"' && b != b'\\';
    if !name.is_empty() && name.iter().all(|&b| plain(b)) {
        // Printable ASCII is UTF-8.
        return String::from_utf8_lossy(name);
    }
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    for &b in name {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x07 => out.push_str("\\a"),
            0x08 => out.push_str("\\b"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            0x0B => out.push_str("\\v"),
            0x0C => out.push_str("\\f"),
            b'\r' => out.push_str("\\r"),
            b' ' => out.push(' '),
            b if plain(b) => out.push(char::from(b)),
            b => out.push_str(&format!("\\{b:03o}")),
        }
    }
    out.push('"');
    Cow::Owned(out)
}

/// The line that sums up `--fix` or `--diff`: "fixed 3 findings in 2 files".
pub fn summary_line(fixed: usize, files: usize, applied: bool) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if fixed == 0 {
        return "nothing to fix".to_string();
    }
    format!(
        "{} {} in {}",
        if applied { "fixed" } else { "would fix" },
        plural(fixed, "finding"),
        plural(files, "file")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_quoted_as_git_quotes_them() {
        assert_eq!(quoted(b"docs/page.md"), "docs/page.md");
        assert_eq!(quoted(b"my page.md"), "\"my page.md\"");
        assert_eq!(
            quoted(b"a\n+++ Makefile\t\"\\.md"),
            "\"a\\n+++ Makefile\\t\\\"\\\\.md\""
        );
        assert_eq!(quoted("café.md".as_bytes()), "\"caf\\303\\251.md\"");
        assert_eq!(quoted(b"\x1b]0;T\x07.md"), "\"\\033]0;T\\a.md\"");
        assert_eq!(quoted(b"x\xff.md"), "\"x\\377.md\"");
    }
}
