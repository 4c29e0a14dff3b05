//! Character references (`&amp;`, `&nbsp`, `&#71;`, `&#x47`) in source text, recognised
//! so that decoded text can be aligned with the bytes it came from.
//!
//! The decoding itself is done by the parsers (html5gum for HTML, pulldown-cmark for
//! Markdown), each by its own rules: HTML decodes the legacy names without a semicolon
//! (`&nbsp`, `&copy`) and numeric references without one, Markdown only complete ones.
//! So a reference is not recognised here by syntax alone: [`reading`] is given the raw
//! text and the decoded text that follows from the same point, and says how much of each
//! the reference at the start of the raw text stands for, if the decoder read it as one.
//! The names and their characters are the HTML standard's (the `entities` crate).

use std::collections::HashMap;
use std::sync::OnceLock;

/// Entity names (`amp;`, `amp`) to the characters they stand for.
fn names() -> &'static HashMap<&'static str, &'static str> {
    static NAMES: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        entities::ENTITIES
            .iter()
            .map(|e| (e.entity.trim_start_matches('&'), e.characters))
            .collect()
    })
}

/// The longest entity name (`CounterClockwiseContourIntegral;`).
const LONGEST_NAME: usize = 32;

/// The longest name HTML reads without a semicolon (`middot`).
pub const LONGEST_LEGACY_NAME: usize = 6;

/// Whether `name` (`shy;`) is an entity name, its semicolon included.
pub fn is_name(name: &str) -> bool {
    name.ends_with(';') && names().contains_key(name)
}

/// Whether `name` (`nbsp`) is one of the legacy names HTML reads without a semicolon.
/// The prefilter asks at every `&`, so a sorted list is searched, not the whole table.
pub fn is_legacy_name(name: &str) -> bool {
    static LEGACY: OnceLock<Vec<&'static str>> = OnceLock::new();
    let legacy = LEGACY.get_or_init(|| {
        let mut names: Vec<&str> = names()
            .keys()
            .copied()
            .filter(|n| !n.ends_with(';'))
            .collect();
        names.sort_unstable();
        names
    });
    legacy.binary_search(&name).is_ok()
}

/// If the reference at the start of `raw` was decoded into the start of `decoded`: how
/// many bytes of `raw` it spans and how many bytes of `decoded` it became. `None` when
/// `raw` does not start with a reference, or its `&` was kept as written.
pub fn reading(raw: &str, decoded: &str) -> Option<(usize, usize)> {
    let body = raw.strip_prefix('&')?;
    let first = decoded.chars().next()?;
    // Read literally, the decoded text goes on with `&` and then `body`.
    if first == '&' && agrees(body, &decoded[1..]) {
        return None;
    }
    if let Some((len, value)) = numeric(body) {
        // Any one character: HTML maps some numbers (`&#150;` is an en dash, `&#0;` is
        // U+FFFD), so the value itself only tells `&#38;` from an `&` kept as written.
        return (first != '&' || value == Some('&')).then_some((1 + len, first.len_utf8()));
    }
    let name_len = body
        .bytes()
        .take(LONGEST_NAME)
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    let complete =
        (name_len > 0 && body.as_bytes().get(name_len) == Some(&b';')).then_some(name_len + 1);
    // The complete name first, then the legacy names that may stand without a semicolon
    // (`&nbspx` is `&nbsp` then `x`), longest first, as the HTML tokenizer reads them.
    let lengths = complete.into_iter().chain((2..=name_len).rev());
    lengths.into_iter().find_map(|len| {
        let value = names().get(&body[..len])?;
        let raw_len = 1 + len;
        (decoded.starts_with(value) && agrees(&raw[raw_len..], &decoded[value.len()..]))
            .then_some((raw_len, value.len()))
    })
}

/// What the complete reference `reference` (`&#71;`, `&shy;`, `&nbsp`) stands for, as
/// written (`&#71;` is `G`): for showing what a reader sees.
pub fn decode(reference: &str) -> Option<std::borrow::Cow<'static, str>> {
    let body = reference.strip_prefix('&')?;
    if let Some((len, value)) = numeric(body) {
        return (len == body.len())
            .then_some(value)
            .flatten()
            .map(|c| c.to_string().into());
    }
    names().get(body).map(|v| (*v).into())
}

/// A numeric reference after its `&`: its length (`#71;` is 4) and the character its
/// number names, if it names one.
fn numeric(body: &str) -> Option<(usize, Option<char>)> {
    let rest = body.strip_prefix('#')?;
    let (radix, prefix) = match rest.as_bytes().first() {
        Some(b'x' | b'X') => (16, 2),
        _ => (10, 1),
    };
    let digits = body[prefix..]
        .bytes()
        .take_while(|b| (*b as char).is_digit(radix))
        .count();
    if digits == 0 {
        return None;
    }
    let number = &body[prefix..prefix + digits];
    let value = u32::from_str_radix(number, radix)
        .ok()
        .and_then(char::from_u32);
    let semicolon = usize::from(body.as_bytes().get(prefix + digits) == Some(&b';'));
    Some((prefix + digits + semicolon, value))
}

/// Whether raw text and decoded text can go on together from here: they are the same up
/// to the end of either (a few characters are enough to tell), or up to a raw character
/// that may decode to something else (another reference, an escape, a carriage return
/// that a parser drops, a NUL it replaces).
fn agrees(raw: &str, decoded: &str) -> bool {
    let (mut raw, mut decoded) = (raw.chars(), decoded.chars());
    for _ in 0..16 {
        match (raw.next(), decoded.next()) {
            // The raw text may end first: a parser can leave a trailing `&` out of a span.
            (_, None) | (None, Some(_)) => return true,
            (Some('&' | '\\' | '\r' | '\0'), Some(_)) => return true,
            (Some(r), Some(d)) if r != d => return false,
            _ => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::reading;

    #[test]
    fn legacy_names_are_short() {
        let longest = entities::ENTITIES
            .iter()
            .map(|e| e.entity.trim_start_matches('&'))
            .filter(|n| !n.ends_with(';'))
            .map(str::len)
            .max();
        assert_eq!(longest, Some(super::LONGEST_LEGACY_NAME));
        assert!(super::is_legacy_name("nbsp") && !super::is_legacy_name("shy;"));
        assert!(super::is_name("shy;") && !super::is_name("shy"));
    }

    #[test]
    fn complete_references() {
        assert_eq!(reading("&amp;T", "&T"), Some((5, 1)));
        assert_eq!(reading("&nbsp;access", "\u{A0}access"), Some((6, 2)));
        assert_eq!(reading("&shy;AI", "\u{AD}AI"), Some((5, 2)));
        assert_eq!(reading("&#71;PT", "GPT"), Some((5, 1)));
        assert_eq!(reading("&#x47;PT", "GPT"), Some((6, 1)));
        // Two characters for one name.
        assert_eq!(reading("&nvlt;x", "<\u{20D2}x"), Some((6, 4)));
    }

    #[test]
    fn references_decode_as_written() {
        assert_eq!(super::decode("&#71;").as_deref(), Some("G"));
        assert_eq!(super::decode("&#x47").as_deref(), Some("G"));
        assert_eq!(super::decode("&nbsp").as_deref(), Some("\u{A0}"));
        assert_eq!(super::decode("&AMP;").as_deref(), Some("&"));
        assert_eq!(super::decode("&#71;x"), None);
        assert_eq!(super::decode("\\*"), None);
    }

    #[test]
    fn html_reads_some_references_without_a_semicolon() {
        assert_eq!(reading("&nbspaccess", "\u{A0}access"), Some((5, 2)));
        assert_eq!(reading("&#71PT", "GPT"), Some((4, 1)));
        // `&notit;` is not a name, but `&not` is a legacy one.
        assert_eq!(reading("&notit;", "\u{AC}it;"), Some((4, 2)));
        // HTML maps C1 numbers to Windows-1252: `&#150;` is an en dash.
        assert_eq!(reading("&#150;x", "\u{2013}x"), Some((6, 3)));
    }

    #[test]
    fn an_ampersand_kept_as_written_is_not_a_reference() {
        // Markdown keeps `&nbsp` without its semicolon, and unknown names.
        assert_eq!(reading("&nbspaccess", "&nbspaccess"), None);
        assert_eq!(reading("&foo; bar", "&foo; bar"), None);
        assert_eq!(reading("&amp;x", "&amp;x"), None);
        assert_eq!(reading("& x", "& x"), None);
        assert_eq!(reading("AT&T", "AT&T"), None);
        // `&#38;` is `&`: told from a literal `&` by what follows.
        assert_eq!(reading("&#38;x", "&x"), Some((5, 1)));
        assert_eq!(reading("&#38;x", "&#38;x"), None);
        assert_eq!(reading("&#", "&#"), None);
    }
}
