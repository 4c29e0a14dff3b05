//! Bounds how many containers one Markdown line opens before pulldown-cmark reads it.
//!
//! pulldown-cmark 0.13 takes time quadratic in the container markers of one line in some
//! shapes: after many block quote markers, each list marker rescans the rest of the line
//! for a thematic break (`'> ' * 100_000 + '- ' * 100_000` takes seconds). No real
//! document nests more than a handful of containers on a line, so the marker after the
//! first [`MAX_CONTAINERS`] of a line is replaced by [`STOP`], a byte that is neither a
//! marker nor white space: the parser reads the rest of the line as text (its words are
//! still checked) and every offset stays that of the file.

use std::borrow::Cow;

/// The most container markers (`>`, `-`, `+`, `*`, `1.`, `1)`) read as such on one line.
pub const MAX_CONTAINERS: usize = 100;

/// What the first marker past the limit becomes (ASCII SUB: not a marker, not white
/// space, not a word character, so it joins and splits nothing).
pub const STOP: u8 = 0x1A;

/// `text` with the first container marker past [`MAX_CONTAINERS`] on each line replaced
/// by [`STOP`]; borrowed (no copy) when no line has that many.
pub fn bound(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut stops = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        if let Some(at) = excess_marker(&bytes[start..]) {
            stops.push(start + at);
        }
        match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    if stops.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut copy = bytes.to_vec();
    for at in stops {
        copy[at] = STOP;
    }
    // One ASCII byte for another keeps the text UTF-8.
    String::from_utf8(copy).map_or(Cow::Borrowed(text), Cow::Owned)
}

/// Where the container marker past [`MAX_CONTAINERS`] starts in `line` (which runs to
/// the end of the text), if the line has that many.
fn excess_marker(line: &[u8]) -> Option<usize> {
    let mut i = 0;
    let mut markers = 0;
    loop {
        while matches!(line.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        let len = marker_len(&line[i..])?;
        if markers == MAX_CONTAINERS {
            return Some(i);
        }
        markers += 1;
        i += len;
    }
}

/// The length of the container marker at the start of `rest`: `>`, or a list marker and
/// the white space character after it.
fn marker_len(rest: &[u8]) -> Option<usize> {
    let spaced = |at: usize| matches!(rest.get(at), Some(b' ' | b'\t')).then_some(at + 1);
    match rest.first()? {
        b'>' => Some(1),
        b'-' | b'+' | b'*' => spaced(1),
        b'0'..=b'9' => {
            let digits = rest
                .iter()
                .take(10)
                .take_while(|b| b.is_ascii_digit())
                .count();
            if digits > 9 || !matches!(rest.get(digits), Some(b'.' | b')')) {
                return None;
            }
            spaced(digits + 1)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_documents_are_not_copied() {
        let text = "> quote\n> - item\n>   1. nested\n\n- a\n  - b\n";
        assert!(matches!(bound(text), Cow::Borrowed(_)));
    }

    #[test]
    fn the_marker_past_the_limit_stops_container_parsing() {
        let line = format!("{}{}x\n> y\n", "> ".repeat(60), "- ".repeat(60));
        let bounded = bound(&line);
        assert_eq!(bounded.len(), line.len());
        let at = 2 * MAX_CONTAINERS;
        assert_eq!(bounded.as_bytes()[at], STOP);
        assert_eq!(&bounded[..at], &line[..at]);
        assert_eq!(&bounded[at + 1..], &line[at + 1..]);
        // Every line is bounded on its own, whatever ends it.
        let text = format!("{0}\r{0}\n{0}", ">".repeat(150));
        let bounded = bound(&text);
        assert_eq!(bounded.bytes().filter(|&b| b == STOP).count(), 3);
    }

    #[test]
    fn ordered_markers_and_tabs_count() {
        let line = "1.\t".repeat(MAX_CONTAINERS + 1);
        assert_eq!(bound(&line).as_bytes()[3 * MAX_CONTAINERS], STOP);
        // Ten digits are not a list marker.
        assert!(matches!(
            bound(&"1234567890. ".repeat(200)),
            Cow::Borrowed(_)
        ));
    }
}
