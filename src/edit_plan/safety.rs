//! Whether a planned fix changes nothing a reader sees besides the phrase's words: the
//! replacement holds no markup, and no edit joins two characters into one piece of markup.

use std::ops::Range;

use crate::finding::Edit;
use crate::normalize::NormalizedText;

use super::planner::Planner;

/// Markup characters a replacement may not contain to be applied unattended.
const SYNTAX: &[char] = &[
    '\\', '`', '*', '_', '~', '[', ']', '{', '}', '<', '>', '&', '|', '$', '^', '#',
];
/// Whether no edit brings together two characters that would read as one piece of
/// markup: delimiter runs (`_` `_` → `__`, bold instead of two italics), code spans
/// (`` ` `` `` ` ``), or `]` `[` and `!` `[` (a reference link, an image).
pub(super) fn junctions_hold(source: &str, edits: &[Edit]) -> bool {
    let joins = |a: Option<char>, b: Option<char>| match (a, b) {
        (Some(a), Some(b)) => (a == b && "*_~`".contains(a)) || (b == '[' && "]!".contains(a)),
        _ => false,
    };
    edits.iter().all(|e| {
        let before = source[..e.span.start].chars().next_back();
        let after = source[e.span.end..].chars().next();
        let (first, last) = (
            e.replacement.chars().next(),
            e.replacement.chars().next_back(),
        );
        if e.replacement.is_empty() {
            !joins(before, after)
        } else {
            !joins(before, first) && !joins(last, after)
        }
    })
}
/// Whether `replacement` can go into the source as it is: no markup characters, and no
/// punctuation where it would touch markup or start a line.
pub(super) fn replacement_is_safe(
    block: &NormalizedText,
    source: &str,
    range: Range<usize>,
    replacement: &str,
    planner: &Planner,
) -> bool {
    let (Some(first), Some(last)) = (replacement.chars().next(), replacement.chars().next_back())
    else {
        return false;
    };
    if first.is_whitespace() || last.is_whitespace() || replacement.contains(SYNTAX) {
        return false;
    }
    let digits = replacement.len()
        - replacement
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    if digits > 0 && replacement[digits..].starts_with(['.', ')']) {
        return false;
    }
    if first.is_alphanumeric() && last.is_alphanumeric() {
        return true;
    }
    // Punctuation at an edge: only in plain running text, between two words or spaces.
    // Only white space and block markers (`> `, `- `, `1. `) before it on its line; looked
    // for in a window, so that a long line costs nothing (a window of markers counts).
    let mut from = planner.s.saturating_sub(256);
    while !source.is_char_boundary(from) {
        from -= 1;
    }
    let line_start = source[from..planner.s]
        .rsplit(['\n', '\r'])
        .next()
        .is_none_or(|line| {
            line.chars()
                .all(|c| c.is_whitespace() || c.is_ascii_digit() || "->*+.)#|".contains(c))
        });
    let before_is_text = range.start > 0 && {
        let prev = block.text[..range.start]
            .chars()
            .next_back()
            .map_or(0, char::len_utf8);
        block.to_source(range.start - prev..range.start).end == planner.s
            || source[..planner.s].ends_with([' ', '\t'])
    };
    let after_is_text = range.end >= block.text.len() || {
        let next = block.text[range.end..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        block.to_source(range.end..range.end + next).start == planner.e
            || source[planner.e..].starts_with(char::is_whitespace)
    };
    planner.runs.len() == 1
        && planner.deletions.len() == 1
        && planner.openers == usize::MAX
        && !line_start
        && before_is_text
        && after_is_text
}
