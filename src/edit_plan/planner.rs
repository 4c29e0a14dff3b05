//! Which source bytes a fix removes: the phrase's words, formatting that held only them,
//! and the white space around markup that stays; and where the white space after the
//! phrase moves so that a kept opening delimiter stays next to its text.

use std::ops::Range;

use crate::normalize::{Markup, NormalizedText};

/// The edits being planned for one phrase, and whether they are still safe.
pub(super) struct Planner<'s> {
    pub(super) source: &'s str,
    /// The phrase's text runs in the source (see `text_runs`).
    pub(super) runs: Vec<Range<usize>>,
    /// Where the phrase starts and ends in the source.
    pub(super) s: usize,
    pub(super) e: usize,
    /// Source ranges to delete.
    pub(super) deletions: Vec<Range<usize>>,
    pub(super) safe: bool,
    /// Start of the first element that opens inside the phrase and goes on after it:
    /// markup from here on must stay next to the text that follows the phrase.
    pub(super) openers: usize,
    /// Where the last element that holds the phrase's first word but closes inside the
    /// phrase ends: its closing delimiter must stay on the replacement's line.
    pub(super) closers: usize,
}

impl Planner<'_> {
    /// Decides the fate of each element with a delimiter inside the phrase.
    pub(super) fn elements(
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
    pub(super) fn words(&mut self) {
        let mut delimiter_starts: Vec<usize> = self.deletions.iter().map(|d| d.start).collect();
        delimiter_starts.sort_unstable();
        for (i, run) in self.runs.iter().enumerate() {
            let mut end = run.end;
            if i + 1 < self.runs.len() && delimiter_starts.binary_search(&run.end).is_err() {
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
    pub(super) fn gaps(
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
            // Between the phrase's words: invisible characters (a word joiner, a
            // zero-width space) are part of the phrase, as the matcher read it.
            if piece
                .chars()
                .all(|c| c == ' ' || c == '\t' || crate::fold::is_invisible(c))
            {
                extra.push(k.clone());
                continue;
            }
            // Spaces around kept markup are the phrase's.
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
