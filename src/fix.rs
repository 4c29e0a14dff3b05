//! `--fix`: the safe rewrites of a document's findings, applied to its text. No I/O;
//! `write.rs` puts the result on disk.
//!
//! Only the first suggestion of a finding whose rule marks it `safe` is applied, never a
//! suppressed finding's. Edits are byte ranges of the text being fixed; one that
//! overlaps an edit already taken is skipped, and the next pass (which re-checks the
//! rewritten text) decides whether it is still needed. Passes repeat until no safe edit
//! is left, at most [`MAX_PASSES`] times, so that a second `--fix` changes nothing.

use std::ops::Range;

use crate::check::Checker;
use crate::finding::Finding;
use crate::lexicon::Applicability;
use crate::prose::DocumentKind;

/// Most fix passes over one document. One pass nearly always suffices; a second one
/// applies edits that overlapped another in the first.
pub const MAX_PASSES: usize = 8;

/// Text to put in place of a byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range of the text being fixed.
    pub span: Range<usize>,
    /// The new text.
    pub replacement: String,
}

/// The edits `--fix` may make for `findings`: each unsuppressed finding's first
/// suggestion, when it is safe and changes something.
pub fn safe_edits(text: &str, findings: &[Finding]) -> Vec<Edit> {
    safe_edits_where(text, findings, &|_| true)
}

/// Like [`safe_edits`], only for the findings `may_fix` allows (a waiver's approved
/// wording is left alone).
pub fn safe_edits_where(
    text: &str,
    findings: &[Finding],
    may_fix: &dyn Fn(&Finding) -> bool,
) -> Vec<Edit> {
    findings
        .iter()
        .filter(|f| f.suppressed.is_none() && may_fix(f))
        .filter_map(|f| {
            let first = f.suggestions.first()?;
            (first.applicability == Applicability::Safe
                && text.get(f.span.clone()) != Some(first.replacement.as_str()))
            .then(|| Edit {
                span: f.span.clone(),
                replacement: first.replacement.clone(),
            })
        })
        .collect()
}

/// Applies `edits` to `text`, in position order, skipping any edit that overlaps one
/// already applied (or is not on character boundaries). Returns the new text and the
/// edits applied, sorted; every byte outside them is unchanged.
pub fn apply(text: &str, mut edits: Vec<Edit>) -> (String, Vec<Edit>) {
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut applied: Vec<Edit> = Vec::with_capacity(edits.len());
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for edit in edits {
        let Range { start, end } = edit.span;
        if start < copied
            || end < start
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&text[copied..start]);
        out.push_str(&edit.replacement);
        copied = end;
        applied.push(edit);
    }
    out.push_str(&text[copied..]);
    (out, applied)
}

/// The outcome of fixing one document.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The fixed text (the original when nothing applied).
    pub text: String,
    /// Edits applied over all passes.
    pub applied: usize,
    /// Whether the last pass found no safe edit left (false: [`MAX_PASSES`] ran out).
    pub converged: bool,
    /// The findings in the original text.
    pub before: Vec<Finding>,
    /// The findings in the fixed text.
    pub after: Vec<Finding>,
}

/// Checks `text` and applies safe edits, re-checking, until none is left or
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
    let mut current = text.to_string();
    let mut findings = before.clone();
    let mut applied = 0;
    for _ in 0..MAX_PASSES {
        let edits = safe_edits_where(&current, &findings, may_fix);
        if edits.is_empty() {
            return Fixed {
                text: current,
                applied,
                converged: true,
                before,
                after: findings,
            };
        }
        let (next, done) = apply(&current, edits);
        applied += done.len();
        current = next;
        findings = checker.check(kind, &current);
    }
    let converged = safe_edits_where(&current, &findings, may_fix).is_empty();
    Fixed {
        text: current,
        applied,
        converged,
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
    fn overlapping_edits_are_never_both_applied() {
        let (text, applied) = apply(
            "abcdefgh",
            vec![
                edit(4..6, "X"),
                edit(1..3, "Y"),
                edit(2..5, "Z"),
                edit(6..8, "W"),
            ],
        );
        assert_eq!(text, "aYdXW");
        assert_eq!(applied, [edit(1..3, "Y"), edit(4..6, "X"), edit(6..8, "W")]);
    }

    #[test]
    fn edits_off_character_boundaries_are_skipped() {
        let (text, applied) = apply("é!", vec![edit(1..2, "e")]);
        assert_eq!((text.as_str(), applied.len()), ("é!", 0));
    }
}
