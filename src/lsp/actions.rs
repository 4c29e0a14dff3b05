//! Code actions: every suggested rewrite of a finding in the requested range is a quick
//! fix with its exact edit, and one action applies every safe rewrite of the document.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Uri, WorkspaceEdit};

use crate::diagnostic::Diagnostic;
use crate::lexicon::{Applicability, Engine};
use crate::render::lsp::{range, to_lsp};

/// The kind of the "fix all" action when asked for as a source action (fix on save).
pub const FIX_ALL: &str = "source.fixAll.copylint";

/// The code actions for `requested` in the document `uri`, whose located findings are
/// `diagnostics`. `only` is the client's filter of action kinds.
pub fn code_actions(
    uri: &Uri,
    diagnostics: &[Diagnostic],
    engine: &Engine,
    requested: lsp_types::Range,
    only: Option<&[CodeActionKind]>,
) -> Vec<CodeActionOrCommand> {
    let wants = |kind: &str| {
        only.is_none_or(|only| {
            only.iter().any(|k| {
                let k = k.as_str();
                kind == k || kind.starts_with(&format!("{k}."))
            })
        })
    };
    let mut actions = Vec::new();
    if wants(CodeActionKind::QUICKFIX.as_str()) {
        for d in diagnostics.iter().filter(|d| overlaps(range(d), requested)) {
            for (i, suggestion) in d.suggestions.iter().enumerate() {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!(
                        "Replace “{}” with “{}”",
                        one_line(&d.matched),
                        suggestion.replacement
                    ),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![to_lsp(d, engine)]),
                    edit: Some(edit(uri, vec![text_edit(d, &suggestion.replacement)])),
                    is_preferred: Some(i == 0 && suggestion.applicability == Applicability::Safe),
                    ..CodeAction::default()
                }));
            }
        }
    }
    // One "fix all": a source action when the client asks for those (fix on save), a
    // quick fix otherwise, so that it shows in the usual list.
    let fix_all_kind = if only.is_some() && wants(FIX_ALL) {
        Some(CodeActionKind::new(FIX_ALL))
    } else if wants(CodeActionKind::QUICKFIX.as_str()) {
        Some(CodeActionKind::QUICKFIX)
    } else {
        None
    };
    if let Some(kind) = fix_all_kind {
        let edits = safe_edits(diagnostics);
        if !edits.is_empty() {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!(
                    "Fix all copylint findings in this document ({} safe rewrite{})",
                    edits.len(),
                    if edits.len() == 1 { "" } else { "s" }
                ),
                kind: Some(kind),
                edit: Some(edit(uri, edits)),
                ..CodeAction::default()
            }));
        }
    }
    actions
}

/// The first rewrite of every finding whose first rewrite is safe, skipping any that
/// overlaps one already taken (the edits of one workspace edit must not overlap).
fn safe_edits(diagnostics: &[Diagnostic]) -> Vec<TextEdit> {
    let mut safe: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| {
            d.suggestions
                .first()
                .is_some_and(|s| s.applicability == Applicability::Safe)
        })
        .collect();
    safe.sort_by_key(|d| (d.span.start, d.span.end));
    let mut edits = Vec::new();
    let mut end = 0;
    for d in safe {
        if d.span.start < end {
            continue;
        }
        end = d.span.end;
        edits.push(text_edit(d, &d.suggestions[0].replacement));
    }
    edits
}

fn text_edit(d: &Diagnostic, replacement: &str) -> TextEdit {
    TextEdit {
        range: range(d),
        new_text: replacement.to_string(),
    }
}

fn edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// Whether two ranges share a position (a cursor touching a finding counts).
fn overlaps(a: lsp_types::Range, b: lsp_types::Range) -> bool {
    let key = |p: lsp_types::Position| (p.line, p.character);
    key(a.start) <= key(b.end) && key(b.start) <= key(a.end)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
