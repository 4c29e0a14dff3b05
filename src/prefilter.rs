//! A cheap test on a file's raw bytes that proves no rule can fire in it.
//!
//! Every rule needs some term in its sentence (for the built-in lexicon: an OpenAI
//! name). If none of those terms can be in the file's prose, the file is skipped before
//! Markdown parsing. The test must never say "no" for a file that has findings, so it
//! looks at the file the way the prose pipeline could see it:
//!
//! * Prose can join letters that the source separates by markup (`Chat**GPT**`), white
//!   space (`Open AI`), punctuation or typographic characters. So the test projects the
//!   raw bytes onto their ASCII letters and digits, lower-cased, dropping everything
//!   else, and looks for each term's letters and digits ("core") in that projection.
//! * Inline HTML tags are invisible in prose (`Chat<b>GPT</b>`), so a second projection
//!   also drops everything between `<` and `>`; it is only run when the file has a `<`.
//! * A numeric character reference (`&#79;`) or a non-ASCII letter that lower-cases to
//!   an ASCII one (U+212A KELVIN SIGN, U+0130) could spell a term without its ASCII
//!   letters: a file holding one is always checked in full.
//!
//! The projections are built in fixed-size chunks, so memory stays bounded on any file.
//! The one thing the test cannot see is a term whose letters are split by a real HTML
//! tag *and* run through a stray `<...>` that the Markdown parser keeps as text.

use aho_corasick::AhoCorasick;

const CHUNK: usize = 64 * 1024;

/// The lower-cased ASCII letter or digit for each byte, 0 for bytes the projection drops.
static PROJECT: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() || c.is_ascii_lowercase() {
            c
        } else if c.is_ascii_uppercase() {
            c + 32
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Non-ASCII characters whose lower case contains an ASCII letter (see module docs), as
/// UTF-8: U+212A KELVIN SIGN and U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE.
const FOLDS_TO_ASCII: [&[u8]; 2] = ["\u{212A}".as_bytes(), "\u{130}".as_bytes()];

/// The necessary condition for any finding, compiled from the lexicons.
#[derive(Debug, Clone)]
pub struct Gate {
    automaton: AhoCorasick,
    longest: usize,
}

impl Gate {
    /// The core of a normalised term: its ASCII letters and digits, lower-cased. `None`
    /// when the term has other letters or digits, which the projection cannot represent.
    pub fn core(term: &str) -> Option<String> {
        let mut core = String::new();
        for c in term.chars() {
            if c.is_ascii_alphanumeric() {
                core.push(c.to_ascii_lowercase());
            } else if c.is_alphanumeric() {
                return None;
            }
        }
        Some(core)
    }

    /// A gate over `cores`; `None` (check every file) when there is nothing to look for.
    pub fn new(mut cores: Vec<String>) -> Option<Gate> {
        cores.retain(|c| !c.is_empty());
        cores.sort();
        cores.dedup();
        if cores.is_empty() {
            return None;
        }
        let longest = cores.iter().map(String::len).max().unwrap_or(1);
        let automaton = AhoCorasick::new(&cores).ok()?;
        Some(Gate { automaton, longest })
    }

    /// Whether the prose of a file with these raw bytes could hold a gate term.
    /// `scratch` is reused between calls to avoid allocating per file.
    pub fn may_match(&self, bytes: &[u8], scratch: &mut Vec<u8>) -> bool {
        if has_hazard(bytes) {
            return true;
        }
        if self.scan(bytes, false, scratch) {
            return true;
        }
        memchr::memchr(b'<', bytes).is_some() && self.scan(bytes, true, scratch)
    }

    fn scan(&self, bytes: &[u8], skip_tags: bool, buf: &mut Vec<u8>) -> bool {
        let carry = self.longest.saturating_sub(1);
        buf.clear();
        buf.resize(CHUNK + carry, 0);
        let mut kept = 0; // bytes carried over from the previous chunk
        let mut in_tag = false;
        let mut quote = 0u8;
        let mut prev = 0u8;
        for chunk in bytes.chunks(CHUNK) {
            let mut n = kept;
            if skip_tags {
                for &b in chunk {
                    if in_tag {
                        if quote != 0 {
                            if b == quote {
                                quote = 0;
                            }
                        } else if b == b'"' || b == b'\'' {
                            quote = b;
                        } else if b == b'>' {
                            in_tag = false;
                        }
                    } else if prev == b'<'
                        && (b.is_ascii_alphabetic() || b == b'/' || b == b'!' || b == b'?')
                    {
                        // `<` projects to nothing, so dropping from here on drops the tag.
                        in_tag = true;
                    } else {
                        let p = PROJECT[b as usize];
                        buf[n] = p;
                        n += (p != 0) as usize;
                    }
                    prev = b;
                }
            } else {
                for &b in chunk {
                    let p = PROJECT[b as usize];
                    buf[n] = p;
                    n += (p != 0) as usize;
                }
            }
            if self.automaton.is_match(&buf[..n]) {
                return true;
            }
            let keep_from = n.saturating_sub(carry);
            buf.copy_within(keep_from..n, 0);
            kept = n - keep_from;
        }
        false
    }
}

fn has_hazard(bytes: &[u8]) -> bool {
    let mut at = 0;
    while let Some(i) = memchr::memchr3(b'&', 0xE2, 0xC4, &bytes[at..]) {
        let i = at + i;
        let rest = &bytes[i..];
        if rest.starts_with(b"&#") || FOLDS_TO_ASCII.iter().any(|h| rest.starts_with(h)) {
            return true;
        }
        at = i + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate() -> Gate {
        Gate::new(["openai", "chatgpt", "gpt4"].map(String::from).to_vec()).unwrap()
    }

    fn may(text: &str) -> bool {
        gate().may_match(text.as_bytes(), &mut Vec::new())
    }

    #[test]
    fn plain_terms_pass() {
        assert!(may("We love OpenAI."));
        assert!(may("GPT-4o is here"));
    }

    #[test]
    fn markup_and_spacing_inside_a_term_pass() {
        assert!(may("Chat**GPT** and more"));
        assert!(may("Open\n   AI"));
        assert!(may("Chat<b>GPT</b>"));
        assert!(may("Chat<span class=\"x>y\">GPT</span>"));
    }

    #[test]
    fn hazards_pass() {
        assert!(may("&#79;penAI"));
        assert!(may("\u{212A}"));
    }

    #[test]
    fn files_without_terms_are_ruled_out() {
        assert!(!may("Amazon Bedrock enables access to S3 & more."));
        assert!(!may(""));
        assert!(!may("<p>Open</p> source AI"));
    }

    #[test]
    fn terms_across_chunk_boundaries_are_found() {
        let mut text = "x".repeat(CHUNK - 3);
        text.push_str("OpenAI");
        assert!(may(&text));
        let mut tagged = "y ".repeat(CHUNK / 2 - 2);
        tagged.push_str("Chat<i>GPT</i>");
        assert!(may(&tagged));
    }

    #[test]
    fn core_keeps_ascii_letters_and_digits() {
        assert_eq!(Gate::core("gpt-4").as_deref(), Some("gpt4"));
        assert_eq!(Gate::core("open ai's").as_deref(), Some("openais"));
        assert_eq!(Gate::core("zürich"), None);
    }
}
