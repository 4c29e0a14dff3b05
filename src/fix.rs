//! `--fix`: the safe rewrites of a document's findings, applied to its text. No I/O;
//! `write.rs` puts the result on disk.
//!
//! Only the first suggestion of a finding whose rule marks it `safe` is applied, never a
//! suppressed finding's, and only if its edits change nothing but the phrase's words (see
//! [`crate::edit_plan`]). A fix is its suggestion's edits, applied together or not at
//! all; one that overlaps a fix already taken is skipped, and the next pass (which
//! re-checks the rewritten text) decides whether it is still needed. Passes repeat until
//! no safe edit is left, at most [`MAX_PASSES`] times, so that a second `--fix` changes
//! nothing.
//!
//! A fixed document may not grow past [`size_limit`] (twice its size plus 64 KiB): a
//! lexicon that slipped a rewrite re-creating its own phrase past the load-time check
//! cannot make `--fix` fill a disk. Past the limit nothing is applied.

use std::ops::Range;

use crate::check::Checker;
use crate::finding::Finding;
use crate::lexicon::Applicability;
use crate::prose::DocumentKind;

pub use crate::finding::Edit;

/// Most fix passes over one document. One pass nearly always suffices; a second one
/// applies edits that overlapped another in the first.
pub const MAX_PASSES: usize = 8;

/// Room a fixed document always has to grow, on top of doubling.
pub const GROWTH_ALLOWANCE: usize = 64 * 1024;

/// The largest a document of `original` bytes may become by fixing: twice its size plus
/// [`GROWTH_ALLOWANCE`]. Real rewrites are about as long as the phrases they replace.
pub fn size_limit(original: usize) -> usize {
    original.saturating_mul(2).saturating_add(GROWTH_ALLOWANCE)
}

/// The edits of one finding's rewrite: sorted, non-overlapping, applied all or none.
pub type Fix = Vec<Edit>;

/// The fixes `--fix` may make for `findings`: each unsuppressed finding's first
/// suggestion, when it is safe and changes something.
pub fn safe_fixes(text: &str, findings: &[Finding]) -> Vec<Fix> {
    safe_fixes_where(text, findings, &|_| true)
}

/// Like [`safe_fixes`], only for the findings `may_fix` allows (a waiver's approved
/// wording is left alone).
pub fn safe_fixes_where(
    text: &str,
    findings: &[Finding],
    may_fix: &dyn Fn(&Finding) -> bool,
) -> Vec<Fix> {
    findings
        .iter()
        .filter(|f| f.suppressed.is_none() && may_fix(f))
        .filter_map(|f| {
            let first = f.suggestions.first()?;
            let changes = first
                .edits
                .iter()
                .any(|e| text.get(e.span.clone()) != Some(e.replacement.as_str()));
            (first.applicability == Applicability::Safe && changes).then(|| first.edits.clone())
        })
        .collect()
}

/// The fixed text would be longer than the limit it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// Applies `fixes` to `text`, in position order, skipping any fix that overlaps one
/// already applied, is empty, or has an edit out of order or off character boundaries.
/// Returns the new text and the fixes applied, sorted; every byte outside their edits is
/// unchanged.
pub fn apply(text: &str, fixes: Vec<Fix>) -> (String, Vec<Fix>) {
    match apply_within(text, fixes, usize::MAX) {
        Ok(done) => done,
        Err(TooLarge) => unreachable!("no text reaches usize::MAX bytes"),
    }
}

/// Like [`apply`], stopping as soon as the text would exceed `limit` bytes.
pub fn apply_within(
    text: &str,
    mut fixes: Vec<Fix>,
    limit: usize,
) -> Result<(String, Vec<Fix>), TooLarge> {
    fixes.retain(|fix| well_formed(text, fix));
    fixes.sort_by_key(|fix| (fix[0].span.start, fix[fix.len() - 1].span.end));
    let mut applied: Vec<Fix> = Vec::with_capacity(fixes.len());
    let mut out = String::with_capacity(text.len().min(limit));
    let mut copied = 0;
    for fix in fixes {
        if fix[0].span.start < copied {
            continue;
        }
        for edit in &fix {
            let Range { start, end } = edit.span;
            let grown = out
                .len()
                .saturating_add(start - copied)
                .saturating_add(edit.replacement.len());
            if grown > limit {
                return Err(TooLarge);
            }
            out.push_str(&text[copied..start]);
            out.push_str(&edit.replacement);
            copied = end;
        }
        applied.push(fix);
    }
    if out.len().saturating_add(text.len() - copied) > limit {
        return Err(TooLarge);
    }
    out.push_str(&text[copied..]);
    Ok((out, applied))
}

/// Whether `fix` has edits, in order, not overlapping, on character boundaries of `text`.
fn well_formed(text: &str, fix: &Fix) -> bool {
    !fix.is_empty()
        && fix.windows(2).all(|w| w[0].span.end <= w[1].span.start)
        && fix.iter().all(|e| {
            e.span.start <= e.span.end
                && e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        })
}

/// The outcome of fixing one document.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The fixed text (the original when nothing applied).
    pub text: String,
    /// Fixes applied over all passes.
    pub applied: usize,
    /// Whether the last pass found no safe edit left (false: [`MAX_PASSES`] ran out, or
    /// the text grew too large).
    pub converged: bool,
    /// Set to the size limit when the fixes would have made the text larger than
    /// [`size_limit`]: then nothing is applied and `text` is the original.
    pub too_large: Option<usize>,
    /// The findings in the original text.
    pub before: Vec<Finding>,
    /// The findings in the fixed text.
    pub after: Vec<Finding>,
}

/// Checks `text` and applies safe fixes, re-checking, until none is left or
/// [`MAX_PASSES`] passes have run.
pub fn fix(checker: &mut Checker, kind: DocumentKind, text: &str) -> Fixed {
    fix_where(checker, kind, text, &|_| true)
}

/// Like [`fix`], rewriting only the findings `may_fix` allows.
pub fn fix_where(
    checker: &mut Checker,
    kind: DocumentKind,
    text: &str,
    may_fix: &dyn Fn(&Finding) -> bool,
) -> Fixed {
    let before = checker.check(kind, text);
    let limit = size_limit(text.len());
    let mut current = text.to_string();
    let mut findings = before.clone();
    let mut applied = 0;
    for _ in 0..MAX_PASSES {
        let fixes = safe_fixes_where(&current, &findings, may_fix);
        if fixes.is_empty() {
            return Fixed {
                text: current,
                applied,
                converged: true,
                too_large: None,
                before,
                after: findings,
            };
        }
        let Ok((next, done)) = apply_within(&current, fixes, limit) else {
            return Fixed {
                text: text.to_string(),
                applied: 0,
                converged: false,
                too_large: Some(limit),
                after: before.clone(),
                before,
            };
        };
        applied += done.len();
        current = next;
        findings = checker.check(kind, &current);
    }
    let converged = safe_fixes_where(&current, &findings, may_fix).is_empty();
    Fixed {
        text: current,
        applied,
        converged,
        too_large: None,
        before,
        after: findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(span: Range<usize>, replacement: &str) -> Edit {
        Edit {
            span,
            replacement: replacement.to_string(),
        }
    }

    #[test]
    fn overlapping_fixes_are_never_both_applied() {
        let (text, applied) = apply(
            "abcdefgh",
            vec![
                vec![edit(4..6, "X")],
                vec![edit(1..3, "Y")],
                vec![edit(2..5, "Z")],
                vec![edit(6..8, "W")],
            ],
        );
        assert_eq!(text, "aYdXW");
        assert_eq!(
            applied,
            [
                vec![edit(1..3, "Y")],
                vec![edit(4..6, "X")],
                vec![edit(6..8, "W")]
            ]
        );
    }

    #[test]
    fn a_fix_is_applied_whole_or_not_at_all() {
        // The second fix starts between the first one's edits: it is skipped entirely.
        let (text, applied) = apply(
            "abcdefgh",
            vec![
                vec![edit(0..1, "A"), edit(5..6, "F")],
                vec![edit(2..3, "C"), edit(7..8, "H")],
            ],
        );
        assert_eq!((text.as_str(), applied.len()), ("AbcdeFgh", 1));
    }

    #[test]
    fn malformed_fixes_are_skipped() {
        let (text, applied) = apply(
            "é!abc",
            vec![
                vec![edit(1..2, "e")],
                vec![edit(3..4, "x"), edit(2..3, "y")],
                vec![],
            ],
        );
        assert_eq!((text.as_str(), applied.len()), ("é!abc", 0));
    }

    #[test]
    fn applying_stops_at_the_size_limit() {
        let grow = || vec![vec![edit(0..1, "xxxx")], vec![edit(2..3, "yyyy")]];
        assert_eq!(apply_within("a b", grow(), 8), Err(TooLarge));
        let (text, _) = apply_within("a b", grow(), 9).unwrap();
        assert_eq!(text, "xxxx yyyy");
        assert_eq!(size_limit(100), 200 + GROWTH_ALLOWANCE);
    }
}
