//! Plans the source edits that make a suggested rewrite: the phrase's words change, every
//! piece of markup around and inside them stays.
//!
//! A phrase is found in a block's normalised text, where markup is invisible; in the
//! source its words may be split by delimiters, tags and URLs
//! (`Our [SRE product enables](https://aws.example/sre) access to ChatGPT.`). [`plan`]
//! maps the phrase back to the source through the block's offset map and returns:
//!
//! * the replacement, put where the phrase's first word starts (so it lands in whatever
//!   element that word is in: `[SRE product integrates with](https://aws.example/sre)`);
//! * the deletion of the phrase's other words and of the white space between them;
//! * every delimiter, tag, URL, comment and container marker (`> `) kept in place, except
//!   that an element which only formats its text (`*em*`, `**strong**`, `<b>` without
//!   attributes) and holds nothing but words of the phrase is removed with them;
//! * an element that starts inside the phrase and goes on after it keeps its opening
//!   delimiter next to its remaining text: the white space after the phrase moves in front
//!   of it (`enables **access to ChatGPT**` → `integrates with **ChatGPT**`).
//!
//! The plan is *safe* (`--fix` may apply it) only when the result looks exactly like the
//! original with the phrase's words replaced. It is not safe, and is only shown to people,
//! when:
//!
//! * an element that carries something (a link, an image, an HTML element with attributes
//!   such as `<span id=…>`) would be left without its visible text, since the link, the
//!   anchor or the styling would change: `SRE enables <span id=x>access</span> to`;
//! * the phrase begins or ends inside the expansion of one source character (an entity
//!   such as `&ffllig;`, an escape, a letter whose lower case is longer), or covers inline
//!   code: part of that source would go;
//! * markup elements around the phrase cross each other, or the block's map does not run
//!   in source order;
//! * an edit would bring together characters that read as one piece of markup: two
//!   delimiter runs (`_` and `_` make `__`, bold instead of two italics), two backticks,
//!   `]` and `[` (a reference link) or `!` and `[` (an image);
//! * a line break with a container marker after it (`> `) sits inside the phrase (it
//!   stays, so the phrase's last line keeps only what follows the phrase) and a space
//!   then a letter do not follow the phrase on that line, or there are two such line
//!   breaks: a line holding only `> `, or starting with a delimiter, `#`, `-`, `2023.`
//!   or `~~~`, would not read the same;
//! * an element opened inside the phrase goes on after it with no white space to move in
//!   front of its delimiter, or with a line break or other markup there or between its
//!   delimiter and the phrase's last words; or the closing delimiter of the element the
//!   replacement lands in did not directly follow the phrase's first words (a line
//!   break, a comment or other words came between);
//! * the replacement has characters that Markdown or HTML read as markup
//!   (`` \ ` * _ ~ [ ] { } < > & | $ ^ # ``), begins or ends with white space, starts like
//!   an ordered list item (`1.`), or begins or ends with a character other than a letter or
//!   digit where the phrase touches markup or starts a line.
//!
//! Everything is linear in the phrase's length plus the markup it touches (elements are
//! found by binary search in the block's sorted markup index).

//!
//! The work is split by job: [`planner`] decides which source bytes go and where white
//! space moves; [`safety`] decides whether the result still reads the same; this module
//! maps the phrase to the source, runs both and merges the edits.

mod planner;
mod safety;
#[cfg(test)]
mod tests;

use std::ops::Range;

use crate::finding::{Edit, Suggestion};
use crate::lexicon::Applicability;
use crate::normalize::{NormalizedText, SEPARATOR};

use planner::Planner;
use safety::{junctions_hold, replacement_is_safe};

/// The edits that make a rewrite, and whether `--fix` may apply them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Sorted, non-overlapping edits of the source.
    pub edits: Vec<Edit>,
    /// Whether the result changes nothing a reader sees besides the phrase's words.
    pub safe: bool,
}

/// The suggestion that replaces the normalised range `range` of `block` (made from
/// `source`) with `replacement`: `applicability` as the lexicon says, downgraded to
/// unsafe when the edits could change more than the phrase's words.
pub fn suggestion(
    block: &NormalizedText,
    source: &str,
    range: Range<usize>,
    replacement: String,
    applicability: Applicability,
) -> Suggestion {
    let plan = plan(block, source, range, &replacement);
    Suggestion {
        applicability: if plan.safe {
            applicability
        } else {
            Applicability::Unsafe
        },
        edits: plan.edits,
        replacement,
    }
}

/// Plans the edits that replace the words of the normalised range `range` of `block`
/// with `replacement` (see the module documentation for the rules).
pub fn plan(block: &NormalizedText, source: &str, range: Range<usize>, replacement: &str) -> Plan {
    let text = &block.text;
    let valid = range.start < range.end
        && range.end <= text.len()
        && text.is_char_boundary(range.start)
        && text.is_char_boundary(range.end);
    if !valid {
        return Plan {
            edits: Vec::new(),
            safe: false,
        };
    }
    let whole = block.to_source(range.clone());
    if source.get(whole.clone()).is_none() {
        return Plan {
            edits: Vec::new(),
            safe: false,
        };
    }
    // What people are shown when no finer plan can be made: the phrase's bytes replaced.
    let coarse = || Plan {
        edits: vec![Edit {
            span: whole.clone(),
            replacement: replacement.to_string(),
        }],
        safe: false,
    };
    let phrase = &text[range.clone()];
    if !block.is_ordered()
        || !block.starts_source_char(range.start)
        || !block.ends_source_char(range.end)
        || phrase.starts_with(' ')
        || phrase.ends_with(' ')
        || phrase.contains(SEPARATOR)
    {
        return coarse();
    }
    let Some(runs) = text_runs(block, source, range.clone()) else {
        return coarse();
    };
    let (s, e) = (runs[0].start, runs[runs.len() - 1].end);
    // The first thing a reader sees after the phrase, and whether white space comes first.
    let rest = &text[range.end..];
    let next_visible = rest
        .char_indices()
        .find(|&(_, c)| c != ' ')
        .map(|(i, _)| block.source_start(range.end + i));
    let spaced = rest.starts_with(' ') && next_visible.is_some();

    let mut planner = Planner {
        source,
        runs,
        s,
        e,
        deletions: Vec::new(),
        safe: true,
        openers: usize::MAX,
        closers: 0,
    };
    planner.elements(block, range.clone(), next_visible);
    planner.words();
    let Some(sep) = planner.gaps(next_visible, spaced) else {
        return coarse();
    };
    planner.safe &= replacement_is_safe(block, source, range, replacement, &planner);
    let mut edits: Vec<Edit> = planner
        .deletions
        .iter()
        .map(|d| Edit {
            span: d.clone(),
            replacement: String::new(),
        })
        .collect();
    edits.push(Edit {
        span: s..s,
        replacement: replacement.to_string(),
    });
    if let Some((at, sep)) = sep {
        edits.push(Edit {
            span: at..at,
            replacement: sep,
        });
    }
    match merge(source, edits) {
        Some(edits) => Plan {
            safe: planner.safe && junctions_hold(source, &edits),
            edits,
        },
        None => coarse(),
    }
}
/// The source runs of the phrase's characters, in order, with runs separated only by
/// white space (a line break and indentation the normaliser collapsed) joined. `None`
/// when the map goes backwards.
fn text_runs(
    block: &NormalizedText,
    source: &str,
    range: Range<usize>,
) -> Option<Vec<Range<usize>>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    for run in block.source_runs(range) {
        if let Some(last) = runs.last_mut() {
            if run.start < last.end {
                return None;
            }
            if source
                .get(last.end..run.start)?
                .chars()
                .all(char::is_whitespace)
            {
                last.end = run.end;
                continue;
            }
        }
        runs.push(run);
    }
    (!runs.is_empty()).then_some(runs)
}
/// Sorts the edits and joins those that touch into one; `None` if any overlap or is not
/// on character boundaries of `source`.
fn merge(source: &str, mut edits: Vec<Edit>) -> Option<Vec<Edit>> {
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out: Vec<Edit> = Vec::with_capacity(edits.len());
    for edit in edits {
        source.get(edit.span.clone())?;
        match out.last_mut() {
            Some(last) if edit.span.start < last.span.end => return None,
            Some(last) if edit.span.start == last.span.end => {
                last.span.end = edit.span.end;
                last.replacement.push_str(&edit.replacement);
            }
            _ => out.push(edit),
        }
    }
    Some(out)
}
