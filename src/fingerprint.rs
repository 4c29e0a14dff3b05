//! Stable names for findings that survive edits elsewhere in a file: what baselines and
//! waivers match on.
//!
//! A finding is named by its rule and the sentence it was judged in, not by its line: the
//! sentence *key* is the sentence as the matcher read it (lower case, markup and inline
//! code gone, typographic quotes and dashes in their ASCII forms, white space collapsed,
//! characters folded as [`crate::fold`] says),
//! so adding a paragraph above it, re-wrapping it or bolding a word in it does not change
//! it. The [`fingerprint`] is the first 64 bits of the SHA-256 of the rule id and the key,
//! in hex. The same sentence holding the same finding twice in one file is told apart by
//! an occurrence index, counted by whoever needs it (the baseline).

use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::normalize::{SEPARATOR, normalize_phrase};

/// Hex digits in a fingerprint.
pub const FINGERPRINT_LEN: usize = 16;

/// The key of a sentence already normalised by the matcher: placeholders for inline code
/// dropped, white space collapsed, trimmed.
pub fn sentence_key(normalized: &str) -> String {
    normalized
        .split(|c: char| c == SEPARATOR || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The key of text a person quoted (in a waiver): normalised as prose is, so that it can
/// be looked for in a [`sentence_key`].
pub fn quote_key(text: &str) -> String {
    sentence_key(&normalize_phrase(text, true))
}

/// The fingerprint of a finding of `rule` (its qualified id) in the sentence with key
/// `key`.
pub fn fingerprint(rule: &str, key: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(rule.as_bytes());
    hash.update([0]);
    hash.update(key.as_bytes());
    let digest = hash.finalize();
    let mut out = String::with_capacity(FINGERPRINT_LEN);
    for byte in &digest[..FINGERPRINT_LEN / 2] {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// Fingerprints of the findings of one document, computed once per sentence and rule:
/// the findings of a sentence share its key ([`crate::finding::Finding::sentence_key`]),
/// and hashing a long sentence once per finding would cost findings × sentence length.
#[derive(Debug, Default)]
pub struct Fingerprints {
    key: Option<Arc<str>>,
    by_rule: Vec<(String, String)>,
}

impl Fingerprints {
    /// The fingerprint of a finding of `rule` in the sentence with key `key`.
    pub fn get(&mut self, rule: &str, key: &Arc<str>) -> String {
        if !self.key.as_ref().is_some_and(|k| Arc::ptr_eq(k, key)) {
            self.key = Some(Arc::clone(key));
            self.by_rule.clear();
        }
        if let Some((_, print)) = self.by_rule.iter().find(|(r, _)| r == rule) {
            return print.clone();
        }
        let print = fingerprint(rule, key);
        self.by_rule.push((rule.to_string(), print.clone()));
        print
    }
}

/// Whether `text` looks like a fingerprint (16 lower-case hex digits).
pub fn is_fingerprint(text: &str) -> bool {
    text.len() == FINGERPRINT_LEN && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_space_quotes_and_inline_code() {
        assert_eq!(
            sentence_key(" sre \u{FFFC} enables  access "),
            "sre enables access"
        );
        assert_eq!(
            quote_key("SRE’s  “Enables”\naccess"),
            "sre's \"enables\" access"
        );
    }

    #[test]
    fn fingerprints_are_stable_and_depend_on_rule_and_sentence() {
        let a = fingerprint(
            "openai-on-aws/access-wording",
            "sre enables access to chatgpt.",
        );
        assert!(is_fingerprint(&a), "{a}");
        // Pinned: a baseline written by one version must match in the next.
        assert_eq!(
            a,
            fingerprint(
                "openai-on-aws/access-wording",
                "sre enables access to chatgpt."
            )
        );
        assert_ne!(
            a,
            fingerprint(
                "openai-on-aws/call-wording",
                "sre enables access to chatgpt."
            )
        );
        assert_ne!(
            a,
            fingerprint(
                "openai-on-aws/access-wording",
                "sre enables access to codex."
            )
        );
        assert_eq!(fingerprint("r", "s"), "436f0e33ded58eff");
    }
}
