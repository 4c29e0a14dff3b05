//! Rechecking only what an edit touched: a document is cut into parts that read the same
//! alone as in the whole ([`super::cuts`]); each part's findings and suppression
//! directives are kept, at offsets of the part, with its text. After an edit the parts
//! are cut again, those whose text is unchanged (from the start and from the end of the
//! document) keep their findings, shifted to where they now are, and only the rest are
//! checked. The whole document is then finished as a full check finishes it: its
//! directives apply across parts, then (in the [`Linter`]) waivers and the baseline.
//!
//! The result is the one [`Checker::check`] gives for the whole text: findings depend on
//! their block alone (sentences never span blocks, and blocks never span parts), and
//! everything that reaches across blocks (directives, waivers, the baseline, Markdown
//! definitions, metadata blocks) is either applied to the whole document or stops the
//! document from being cut. `tests/lsp_incremental.rs` checks it against a full check
//! after every edit of random edit sequences.

use std::ops::Range;
use std::sync::Arc;

use super::cuts::{self, Cut, Links};
use crate::check::Checker;
use crate::finding::Finding;
use crate::lint::Linter;
use crate::prose::DocumentKind;
use crate::prose::markdown::KnownLink;
use crate::suppress::Directive;

/// The checked parts of one open document, for the linter and kind they were checked
/// with.
#[derive(Debug, Clone, Default)]
pub struct Parts {
    linter: Option<Arc<Linter>>,
    kind: Option<DocumentKind>,
    links: Links,
    parts: Vec<Part>,
}

/// One part: its text, and its findings and directives at offsets of that text.
#[derive(Debug, Clone)]
struct Part {
    text: Box<str>,
    findings: Vec<Finding>,
    directives: Vec<Directive>,
}

impl Parts {
    /// How many parts the document had when last checked.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether nothing has been checked yet.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The findings of `text` read as `kind`, as [`Checker::check`] finds them, rechecking
    /// only the parts that changed since the last call with the same `linter` and `kind`.
    /// Returns them with how many parts were checked.
    pub fn find(
        &mut self,
        linter: &Arc<Linter>,
        checker: &mut Checker,
        kind: DocumentKind,
        text: &str,
    ) -> (Vec<Finding>, usize) {
        let same_setup = self.kind == Some(kind)
            && self
                .linter
                .as_ref()
                .is_some_and(|old| Arc::ptr_eq(old, linter));
        let Cut {
            parts: ranges,
            links,
        } = cuts::cut(kind, text);
        // A definition added or removed anywhere changes what every part reads.
        if !same_setup || links != self.links {
            self.parts.clear();
            self.linter = Some(Arc::clone(linter));
            self.kind = Some(kind);
            self.links = links;
        }
        let known = |label: &str| self.links.knows(label);
        let known: Option<KnownLink> = (ranges.len() > 1).then_some(&known);
        let old = std::mem::take(&mut self.parts);
        let same = |old: &Part, range: &Range<usize>| *old.text == text[range.clone()];
        // Unchanged parts from the start, then from the end (not overlapping those).
        let head = old
            .iter()
            .zip(&ranges)
            .take_while(|(o, r)| same(o, r))
            .count();
        let tail = old[head..]
            .iter()
            .rev()
            .zip(ranges[head..].iter().rev())
            .take_while(|(o, r)| same(o, r))
            .count();
        let mut parts = old;
        let kept_tail = parts.split_off(parts.len() - tail);
        parts.truncate(head);
        let mut checked = 0;
        for range in &ranges[head..ranges.len() - tail] {
            let (findings, directives) = checker.check_part(kind, &text[range.clone()], known);
            checked += 1;
            parts.push(Part {
                text: text[range.clone()].into(),
                findings,
                directives,
            });
        }
        parts.extend(kept_tail);
        let mut findings = Vec::new();
        let mut directives = Vec::new();
        for (part, range) in parts.iter().zip(&ranges) {
            let at = range.start;
            findings.extend(part.findings.iter().cloned().map(|mut f| {
                shift(&mut f, at);
                f
            }));
            directives.extend(part.directives.iter().cloned().map(|mut d| {
                d.span = d.span.start + at..d.span.end + at;
                d
            }));
        }
        self.parts = parts;
        (checker.finish(text, findings, &directives), checked)
    }
}

/// Moves a finding of a part to where the part starts in the document, `at`.
fn shift(finding: &mut Finding, at: usize) {
    let by = |r: &mut Range<usize>| *r = r.start + at..r.end + at;
    by(&mut finding.span);
    by(&mut finding.sentence);
    for edit in finding.suggestions.iter_mut().flat_map(|s| &mut s.edits) {
        by(&mut edit.span);
    }
}
