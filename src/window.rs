//! Word counts inside one normalised sentence: how many words stand between two places,
//! and whether a clause break does. Sequence phrases (`{hand} ... off to`) and negation
//! scopes ("not" within four words before a term) are judged with these.
//!
//! A word is a run of characters between spaces that holds a letter, a digit or a
//! placeholder for inline code (so "GPT-4.1", "isn't" and "OpenAI's" are one word each,
//! and a lone "&" or "—" is none). A `;` is a hard break: no window reaches across it. A
//! `,`, `:`, an em or en dash or a lone hyphen is a soft break: a negation does not reach
//! across one ("No, GPT-5 is available" does not deny anything), while a gap does
//! ("GPT-5, right inside your console").

use std::ops::Range;

use crate::normalize::{SEPARATOR, is_word_char};

/// Word starts and clause breaks of one sentence, as normalised byte offsets.
#[derive(Debug, Default)]
pub struct Words {
    starts: Vec<usize>,
    hard: Vec<usize>,
    soft: Vec<usize>,
}

fn counts_as_word(c: char) -> bool {
    is_word_char(c) || c == SEPARATOR
}

impl Words {
    /// Indexes the sentence `range` of `text`, replacing what was indexed before.
    pub fn index(&mut self, text: &str, range: Range<usize>) {
        self.starts.clear();
        self.hard.clear();
        self.soft.clear();
        let sentence = &text[range.clone()];
        let mut token_start: Option<usize> = None;
        let mut has_word = false;
        let mut only_hyphens = true;
        let end_token = |start: Option<usize>, has_word: bool, only_hyphens: bool, w: &mut Self| {
            if let Some(start) = start {
                if has_word {
                    w.starts.push(start);
                } else if only_hyphens {
                    w.soft.push(start);
                }
            }
        };
        for (i, c) in sentence.char_indices() {
            let at = range.start + i;
            if c == ' ' {
                end_token(token_start.take(), has_word, only_hyphens, self);
                continue;
            }
            if token_start.is_none() {
                token_start = Some(at);
                has_word = false;
                only_hyphens = true;
            }
            has_word |= counts_as_word(c);
            only_hyphens &= c == '-';
            match c {
                ';' => {
                    self.hard.push(at);
                    self.soft.push(at);
                }
                ',' | ':' | '\u{2014}' | '\u{2013}' => self.soft.push(at),
                _ => {}
            }
        }
        end_token(token_start, has_word, only_hyphens, self);
        self.soft.sort_unstable();
    }

    /// The number of words that start in `from..to`.
    pub fn between(&self, from: usize, to: usize) -> usize {
        if to <= from {
            return 0;
        }
        count_in(&self.starts, from, to)
    }

    /// Whether a `;` stands in `from..to`.
    pub fn hard_break(&self, from: usize, to: usize) -> bool {
        to > from && count_in(&self.hard, from, to) > 0
    }

    /// Whether any clause break stands in `from..to`.
    pub fn soft_break(&self, from: usize, to: usize) -> bool {
        to > from && count_in(&self.soft, from, to) > 0
    }
}

fn count_in(sorted: &[usize], from: usize, to: usize) -> usize {
    sorted.partition_point(|&x| x < to) - sorted.partition_point(|&x| x < from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Words {
        let mut w = Words::default();
        w.index(text, 0..text.len());
        w
    }

    #[test]
    fn counts_words_between_two_places() {
        let text = "sre hands it off to gpt-5";
        let w = words(text);
        let hands_end = text.find(" it").unwrap();
        let off = text.find("off").unwrap();
        assert_eq!(w.between(hands_end, off), 1);
        assert_eq!(w.between(off, off), 0);
        assert_eq!(w.between(0, text.len()), 6);
    }

    #[test]
    fn a_word_needs_a_letter_or_digit() {
        let text = "gpt-5 isn't & \u{2014} openai's 4.1";
        assert_eq!(words(text).between(0, text.len()), 4);
    }

    #[test]
    fn breaks() {
        let text = "no, gpt-5; is - here";
        let w = words(text);
        let comma = text.find(',').unwrap();
        let semi = text.find(';').unwrap();
        let dash = text.find(" - ").unwrap() + 1;
        assert!(w.soft_break(0, comma + 1) && !w.hard_break(0, comma + 1));
        assert!(w.hard_break(comma + 1, semi + 1));
        assert!(w.soft_break(semi + 1, dash + 1) && !w.hard_break(semi + 1, text.len()));
        assert!(!w.soft_break(dash + 1, text.len()));
    }

    #[test]
    fn offsets_are_those_of_the_block() {
        let text = "first. second one two";
        let mut w = Words::default();
        w.index(text, 7..text.len());
        assert_eq!(w.between(0, text.len()), 3);
    }
}
