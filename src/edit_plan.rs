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

use std::ops::Range;

use crate::finding::{Edit, Suggestion};
use crate::lexicon::Applicability;
use crate::normalize::{Markup, NormalizedText, SEPARATOR};

/// The edits that make a rewrite, and whether `--fix` may apply them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Sorted, non-overlapping edits of the source.
    pub edits: Vec<Edit>,
    /// Whether the result changes nothing a reader sees besides the phrase's words.
    pub safe: bool,
}

/// Markup characters a replacement may not contain to be applied unattended.
const SYNTAX: &[char] = &[
    '\\', '`', '*', '_', '~', '[', ']', '{', '}', '<', '>', '&', '|', '$', '^', '#',
];

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

/// Whether no edit brings together two characters that would read as one piece of
/// markup: delimiter runs (`_` `_` → `__`, bold instead of two italics), code spans
/// (`` ` `` `` ` ``), or `]` `[` and `!` `[` (a reference link, an image).
fn junctions_hold(source: &str, edits: &[Edit]) -> bool {
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

struct Planner<'s> {
    source: &'s str,
    /// The phrase's text runs in the source (see [`text_runs`]).
    runs: Vec<Range<usize>>,
    /// Where the phrase starts and ends in the source.
    s: usize,
    e: usize,
    /// Source ranges to delete.
    deletions: Vec<Range<usize>>,
    safe: bool,
    /// Start of the first element that opens inside the phrase and goes on after it:
    /// markup from here on must stay next to the text that follows the phrase.
    openers: usize,
    /// Where the last element that holds the phrase's first word but closes inside the
    /// phrase ends: its closing delimiter must stay on the replacement's line.
    closers: usize,
}

impl Planner<'_> {
    /// Decides the fate of each element with a delimiter inside the phrase.
    fn elements(
        &mut self,
        block: &NormalizedText,
        range: Range<usize>,
        next_visible: Option<usize>,
    ) {
        let (s, e) = (self.s, self.e);
        let mut touched: Vec<&Markup> = block.markup_starting_in(s..e).iter().collect();
        touched.extend(block.markup_ending_in(s..e).filter(|m| m.span.start < s));
        touched.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        // Elements must nest: a stack of open ends, each new element inside the top one.
        let mut open: Vec<usize> = Vec::new();
        for m in &touched {
            while open.last().is_some_and(|&end| end <= m.span.start) {
                open.pop();
            }
            if open.last().is_some_and(|&end| m.span.end > end) {
                self.safe = false;
            }
            open.push(m.span.end);
        }
        let mut visible: Option<Vec<usize>> = None;
        for m in touched {
            if m.span.start < s {
                // It holds the phrase's first word, so it gets the replacement; its
                // closing delimiter stays right after it.
                self.closers = self.closers.max(m.span.end);
                continue;
            }
            if next_visible.is_some_and(|p| p < m.span.end) {
                // Text of its own follows the phrase: it stays.
                self.openers = self.openers.min(m.span.start);
            } else if let Some((open, close)) = &m.delimiters {
                self.deletions.push(open.clone());
                self.deletions.push(close.clone());
            } else {
                // A link or an element with attributes: kept, and unsafe if the phrase
                // was all the text it had.
                let visible = visible.get_or_insert_with(|| {
                    block.text[range.clone()]
                        .char_indices()
                        .filter(|&(_, c)| c != ' ')
                        .map(|(i, _)| block.source_start(range.start + i))
                        .collect()
                });
                let first = visible.partition_point(|&p| p < m.span.start);
                if visible.get(first).is_some_and(|&p| p < m.span.end) {
                    self.safe = false;
                }
            }
        }
    }

    /// Deletes the phrase's words. A line break at the end of a run is kept when markup
    /// that stays follows it (a block quote's `> `), so that the line structure holds.
    fn words(&mut self) {
        let delimiter_starts: Vec<usize> = self.deletions.iter().map(|d| d.start).collect();
        for (i, run) in self.runs.iter().enumerate() {
            let mut end = run.end;
            if i + 1 < self.runs.len() && !delimiter_starts.contains(&run.end) {
                let text = &self.source[run.clone()];
                let words = text.trim_end().len();
                if let Some(nl) = text[words..].find(['\n', '\r']) {
                    end = run.start + words + nl;
                }
            }
            if run.start < end {
                self.deletions.push(run.start..end);
            }
        }
        self.deletions.sort_by_key(|d| (d.start, d.end));
    }

    /// Looks at the markup that stays between the phrase's first byte and the end of the
    /// edited region: trims the spaces around it inside the phrase, and moves the white
    /// space after the phrase in front of the delimiters that must touch the following
    /// text. Returns the white space to insert and where, or `None` when the deletions
    /// overlap (the plan is then coarse).
    #[allow(clippy::type_complexity)]
    fn gaps(
        &mut self,
        next_visible: Option<usize>,
        spaced: bool,
    ) -> Option<Option<(usize, String)>> {
        let end = self
            .deletions
            .iter()
            .map(|d| d.end)
            .max()
            .unwrap_or(self.e)
            .max(self.e);
        // The kept pieces of [s, end), split where the openers start.
        let mut kept: Vec<Range<usize>> = Vec::new();
        let mut at = self.s;
        for d in &self.deletions {
            if d.start < at {
                return None;
            }
            if at < d.start {
                kept.push(at..d.start);
            }
            at = d.end;
        }
        if at < end {
            kept.push(at..end);
        }
        let kept: Vec<Range<usize>> = kept
            .into_iter()
            .flat_map(|k| {
                if k.start < self.openers && self.openers < k.end {
                    vec![k.start..self.openers, self.openers..k.end]
                } else {
                    vec![k]
                }
            })
            .collect();
        let mut extra = Vec::new();
        let mut moved = String::new();
        let mut line_breaks = 0;
        for k in &kept {
            let piece = &self.source[k.clone()];
            if k.start >= self.e {
                // After the phrase, inside an element removed with it: white space here
                // separates the replacement from what follows.
                if k.start >= self.openers {
                    if piece.chars().all(char::is_whitespace) {
                        moved.push_str(piece);
                        extra.push(k.clone());
                    } else {
                        self.safe = false;
                    }
                }
                continue;
            }
            // Between the phrase's words: spaces around kept markup are the phrase's.
            let lead = piece.len() - piece.trim_start_matches([' ', '\t']).len();
            let trail = piece.len() - piece.trim_end_matches([' ', '\t']).len();
            if lead == piece.len() {
                extra.push(k.clone());
                continue;
            }
            if lead > 0 {
                extra.push(k.start..k.start + lead);
            }
            if trail > 0 {
                extra.push(k.end - trail..k.end);
            }
            let breaks = piece.matches('\n').count().max(piece.matches('\r').count());
            if breaks > 0 && (k.start >= self.openers || k.start < self.closers) {
                // Delimiters that must touch the replacement or the text after the phrase
                // cannot be split from it by a line.
                self.safe = false;
            }
            // After a kept line break, only the container's markers (`>`, indentation)
            // may come before the text that follows the phrase starts the line: anything
            // else there (`<!--`, a delimiter) could start another kind of block.
            let after_break = match piece.rfind(['\n', '\r']) {
                Some(i) => &piece[i + 1..],
                None if line_breaks > 0 => piece,
                None => "",
            };
            if !after_break.chars().all(|c| c.is_whitespace() || c == '>') {
                self.safe = false;
            }
            line_breaks += breaks;
        }
        // A kept line break leaves the phrase's last line holding only what follows the
        // phrase: that must be text, or the line (a `> ` alone) would end the paragraph.
        let text_follows = next_visible.is_some_and(|p| {
            spaced
                && self.source.get(self.e..p).is_some_and(|gap| {
                    !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\t')
                })
                // It will start a line: a letter cannot start a list, a heading or a fence.
                && self.source[p..].starts_with(char::is_alphabetic)
        });
        if line_breaks > 1 || (line_breaks == 1 && !text_follows) {
            self.safe = false;
        }
        // The closing delimiters of the elements the replacement lands in must follow it
        // as they followed the phrase's first words, with nothing removed in between
        // (`enables <!-- c --> access*` would leave the comment between them).
        let first_run_end = self.runs[0].end;
        if extra
            .iter()
            .chain(&self.deletions)
            .any(|d| d.start >= first_run_end && d.start < self.closers)
        {
            self.safe = false;
        }
        let mut sep = None;
        if self.openers != usize::MAX {
            // The delimiters from `openers` on must touch the text after the phrase.
            let after = next_visible.unwrap_or(end).max(end);
            let gap = &self.source[end..after];
            if !gap.chars().all(char::is_whitespace) {
                self.safe = false;
            } else if !gap.is_empty() {
                moved.push_str(gap);
                extra.push(end..after);
            }
            if moved.is_empty() || moved.contains(['\n', '\r']) {
                self.safe = false;
            }
            sep = Some((self.openers, moved));
        }
        self.deletions.extend(extra);
        self.deletions.sort_by_key(|d| (d.start, d.end));
        Some(sep)
    }
}

/// Whether `replacement` can go into the source as it is: no markup characters, and no
/// punctuation where it would touch markup or start a line.
fn replacement_is_safe(
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
    // Only white space and block markers (`> `, `- `, `1. `) before it on its line.
    let line_start = source[..planner.s]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prose::{self, BlockBuilder, BlockSink, DocumentKind};

    /// Plans `replacement` for the first occurrence of `phrase` (normalised text) in
    /// `source`, applies the edits, and returns the result and whether it is safe.
    fn fix(kind: DocumentKind, source: &str, phrase: &str, replacement: &str) -> (String, bool) {
        struct Find<'a> {
            source: &'a str,
            phrase: &'a str,
            replacement: &'a str,
            plan: Option<Plan>,
        }
        impl BlockSink for Find<'_> {
            fn block(&mut self, block: &NormalizedText) {
                if self.plan.is_some() {
                    return;
                }
                if let Some(i) = block.text.find(self.phrase) {
                    let range = i..i + self.phrase.len();
                    self.plan = Some(plan(block, self.source, range, self.replacement));
                }
            }
        }
        let mut find = Find {
            source,
            phrase,
            replacement,
            plan: None,
        };
        let mut text = NormalizedText::default();
        let mut builder = BlockBuilder::new(&mut text, &mut find);
        prose::extract(kind, source, &mut builder);
        let plan = find
            .plan
            .unwrap_or_else(|| panic!("{phrase:?} not in {source:?}"));
        let mut out = String::new();
        let mut copied = 0;
        for e in &plan.edits {
            out.push_str(&source[copied..e.span.start]);
            out.push_str(&e.replacement);
            copied = e.span.end;
        }
        out.push_str(&source[copied..]);
        (out, plan.safe)
    }

    fn md(source: &str) -> (String, bool) {
        fix(
            DocumentKind::Markdown,
            source,
            "enables access to",
            "integrates with",
        )
    }

    fn html(source: &str) -> (String, bool) {
        fix(
            DocumentKind::Html,
            source,
            "enables access to",
            "integrates with",
        )
    }

    fn safe(out: &str) -> (String, bool) {
        (out.to_string(), true)
    }

    fn not_safe(out: &str) -> (String, bool) {
        (out.to_string(), false)
    }

    #[test]
    fn plain_text_is_replaced_in_one_edit() {
        assert_eq!(
            md("SRE enables access to ChatGPT.\n"),
            safe("SRE integrates with ChatGPT.\n")
        );
        assert_eq!(
            md("SRE enables\n  access   to ChatGPT.\n"),
            safe("SRE integrates with ChatGPT.\n")
        );
    }

    #[test]
    fn the_replacement_goes_where_the_phrase_starts_and_markup_stays() {
        assert_eq!(
            md("Our [SRE product enables](https://aws.example/sre) access to ChatGPT.\n"),
            safe("Our [SRE product integrates with](https://aws.example/sre) ChatGPT.\n")
        );
        assert_eq!(
            md("SRE **product, which is great, enables** access to ChatGPT.\n"),
            safe("SRE **product, which is great, integrates with** ChatGPT.\n")
        );
        assert_eq!(
            md("SRE <a href=\"https://x.y\">SRE product enables</a> access to ChatGPT.\n"),
            safe("SRE <a href=\"https://x.y\">SRE product integrates with</a> ChatGPT.\n")
        );
        assert_eq!(
            html("<p>SRE <a href=\"https://x.y\">SRE product enables</a> access to ChatGPT.</p>"),
            safe("<p>SRE <a href=\"https://x.y\">SRE product integrates with</a> ChatGPT.</p>")
        );
        assert_eq!(
            md("SRE **enables** access to ChatGPT.\n"),
            safe("SRE **integrates with** ChatGPT.\n")
        );
    }

    #[test]
    fn formatting_that_holds_only_phrase_words_goes_with_them() {
        assert_eq!(
            md("SRE enables **access to** ChatGPT.\n"),
            safe("SRE integrates with ChatGPT.\n")
        );
        assert_eq!(
            md("SRE enables *access* to ChatGPT.\n"),
            safe("SRE integrates with ChatGPT.\n")
        );
        assert_eq!(
            md("SRE enables <b>access</b> to ChatGPT.\n"),
            safe("SRE integrates with ChatGPT.\n")
        );
        assert_eq!(
            html("<p>SRE enables <span>access to </span>ChatGPT.</p>"),
            safe("<p>SRE integrates with ChatGPT.</p>")
        );
        assert_eq!(
            fix(
                DocumentKind::Markdown,
                "Use Sage<b>maker</b> now.\n",
                "sagemaker",
                "SageMaker"
            ),
            safe("Use SageMaker now.\n")
        );
    }

    #[test]
    fn an_element_that_goes_on_keeps_its_delimiter_next_to_its_text() {
        assert_eq!(
            md("SRE enables **access to ChatGPT** today.\n"),
            safe("SRE integrates with **ChatGPT** today.\n")
        );
        assert_eq!(
            md("SRE enables [access to ChatGPT](https://x.y) today.\n"),
            safe("SRE integrates with [ChatGPT](https://x.y) today.\n")
        );
        assert_eq!(
            html("<p>SRE enables <a href=\"/x\"><b>access to</b> ChatGPT</a>.</p>"),
            safe("<p>SRE integrates with <a href=\"/x\">ChatGPT</a>.</p>")
        );
        // Nothing to put between the replacement and the delimiter.
        assert_eq!(
            md("SRE enables **access to-day**.\n"),
            not_safe("SRE integrates with**-day**.\n")
        );
    }

    #[test]
    fn an_element_that_would_lose_all_its_text_makes_the_fix_unsafe() {
        assert_eq!(
            md("SRE enables <span id=\"x\">access</span> to ChatGPT.\n"),
            not_safe("SRE integrates with<span id=\"x\"></span> ChatGPT.\n")
        );
        assert_eq!(
            html("<p>SRE enables <span id=\"x\">access</span> to ChatGPT.</p>"),
            not_safe("<p>SRE integrates with<span id=\"x\"></span> ChatGPT.</p>")
        );
        assert_eq!(
            md("SRE enables [access](https://x.y) to ChatGPT.\n"),
            not_safe("SRE integrates with[](https://x.y) ChatGPT.\n")
        );
    }

    #[test]
    fn line_structure_and_comments_stay() {
        assert_eq!(
            md("> SRE enables\n> access to ChatGPT.\n"),
            safe("> SRE integrates with\n> ChatGPT.\n")
        );
        assert_eq!(
            md("> SRE enables\n> access to.\n"),
            not_safe("> SRE integrates with\n>.\n")
        );
        assert_eq!(
            md("SRE enables <!-- c --> access to ChatGPT.\n"),
            safe("SRE integrates with<!-- c --> ChatGPT.\n")
        );
    }

    #[test]
    fn split_entities_and_markup_in_the_replacement_are_not_safe() {
        let (_, ok) = fix(
            DocumentKind::Markdown,
            "SRE calls on ChatGPT.\n",
            "calls on",
            "*calls*",
        );
        assert!(!ok);
        let (_, ok) = fix(
            DocumentKind::Markdown,
            "SRE calls on ChatGPT.\n",
            "calls on",
            "1. x",
        );
        assert!(!ok);
        let (out, ok) = fix(
            DocumentKind::Markdown,
            "SRE calls on ChatGPT.\n",
            "calls on",
            "(calls)",
        );
        assert_eq!((out.as_str(), ok), ("SRE (calls) ChatGPT.\n", true));
        let (_, ok) = fix(
            DocumentKind::Markdown,
            "SRE **calls on** ChatGPT.\n",
            "calls on",
            "(calls)",
        );
        assert!(!ok, "punctuation against a delimiter");
        // `İ` lowers to two characters: a range ending between them cannot be fixed.
        let (_, ok) = fix(DocumentKind::Html, "<p>a \u{130}b</p>", "a i", "c");
        assert!(!ok);
    }
}
