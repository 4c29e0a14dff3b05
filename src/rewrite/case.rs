//! Capitals in a rewrite: all capitals in a shouted line, title case in a title-case
//! heading, a capital first letter at the start of a sentence, lower case elsewhere.

use super::words::Token;

/// How the sentence around a finding is capitalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Casing {
    /// Ordinary prose: only the sentence's first word has a capital.
    Sentence,
    /// A title-case heading ("SRE Unlocks Access to OpenAI Models").
    Title,
    /// All capitals ("SRE NOW CALLS ON CHATGPT").
    Upper,
}

/// Words title case leaves in lower case.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in", "of",
    "off", "on", "per", "to", "up", "via", "with", "from", "into",
];

/// How `tokens` (a sentence, or a window of one) are capitalised. Terms are left out:
/// product names carry their own capitals. `first` is the sentence's first word, whose
/// capital says nothing.
pub fn casing(tokens: &[Token], first: Option<usize>) -> Casing {
    let words: Vec<&Token> = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| !t.term && t.is_word() && Some(*i) != first)
        .map(|(_, t)| t)
        .collect();
    let lettered: Vec<&&Token> = words
        .iter()
        .filter(|t| t.written.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .collect();
    if lettered.len() >= 2 && lettered.iter().all(|t| t.is_upper()) {
        return Casing::Upper;
    }
    let long: Vec<&&Token> = words
        .iter()
        .filter(|t| t.written.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    let capitalised = long.iter().filter(|t| t.is_capitalised()).count();
    // A short heading ("How SRE Calls on GPT-5") has one long word; it is title case when
    // that word has a capital and no other word but a small one is in lower case.
    let short_title = long.len() == 1
        && capitalised == 1
        && words
            .iter()
            .all(|t| t.is_capitalised() || SMALL_WORDS.contains(&t.text.as_str()));
    if (long.len() >= 2 && capitalised * 5 >= long.len() * 4) || short_title {
        Casing::Title
    } else {
        Casing::Sentence
    }
}

/// `text` in `casing`; `opens` when it stands first in its sentence.
pub fn apply(text: &str, casing: Casing, opens: bool) -> String {
    match casing {
        Casing::Upper => text.to_uppercase(),
        Casing::Title => {
            let mut out = String::with_capacity(text.len());
            for (i, word) in text.split(' ').enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                let small = SMALL_WORDS.contains(&word) && !(i == 0 && opens);
                let lower = word.chars().all(|c| !c.is_uppercase());
                if small || !lower {
                    out.push_str(word);
                } else {
                    out.push_str(&capitalise(word));
                }
            }
            out
        }
        Casing::Sentence if opens => capitalise(text),
        Casing::Sentence => text.to_string(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(chars).collect())
}

/// Gives `replacement` the capitalisation of `original`: all capitals, a capital first
/// letter, or as written. An original that merely starts with an acronym ("GDPR
/// certified") has no capital first letter to pass on.
pub fn match_case(original: &str, replacement: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        return replacement.to_uppercase();
    }
    let first_word: Vec<char> = original
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    if first_word.len() >= 2 && first_word.iter().all(|c| c.is_uppercase()) {
        return replacement.to_string();
    }
    match letters.first() {
        Some(c) if c.is_uppercase() => capitalise(replacement),
        _ => replacement.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_of_the_original_is_kept() {
        assert_eq!(
            match_case("Enables access to", "integrates with"),
            "Integrates with"
        );
        assert_eq!(
            match_case("ENABLES ACCESS", "integrates with"),
            "INTEGRATES WITH"
        );
        assert_eq!(
            match_case("enables access", "integrates with"),
            "integrates with"
        );
        assert_eq!(
            match_case("*Enables* access", "integrates with"),
            "Integrates with"
        );
        assert_eq!(
            match_case("GDPR certified", "designed to help you"),
            "designed to help you"
        );
        assert_eq!(
            match_case("HIPAA compliant", "HIPAA eligible"),
            "HIPAA eligible"
        );
    }

    fn tokens(text: &str) -> Vec<Token> {
        let lower = text.to_lowercase();
        crate::rewrite::words::tokenize(&lower, 0..lower.len(), &[], &|r| text[r].to_string())
    }

    #[test]
    fn a_short_heading_with_one_long_capitalised_word_is_title_case() {
        assert_eq!(
            casing(&tokens("How SRE Calls on X"), Some(0)),
            Casing::Title
        );
        assert_eq!(
            casing(&tokens("How SRE calls on X"), Some(0)),
            Casing::Sentence
        );
        assert_eq!(
            casing(&tokens("So we Call on X"), Some(0)),
            Casing::Sentence
        );
    }

    #[test]
    fn title_case_keeps_small_words_low() {
        assert_eq!(
            apply("integrates with", Casing::Title, false),
            "Integrates with"
        );
        assert_eq!(apply("use of", Casing::Title, true), "Use of");
        assert_eq!(apply("lets you use", Casing::Upper, false), "LETS YOU USE");
        assert_eq!(apply("use of", Casing::Sentence, true), "Use of");
        assert_eq!(apply("use of", Casing::Sentence, false), "use of");
    }
}
