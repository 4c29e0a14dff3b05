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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_text;
    use crate::lexicon::{LexiconSource, compile};
    use crate::prose::DocumentKind;
    use crate::source::Locator;

    fn located(text: &str) -> (Engine, Vec<Diagnostic>) {
        let engine = compile(&[LexiconSource::builtin("openai-on-aws").unwrap()]).unwrap();
        let mut locator = Locator::new(text);
        let mut prints = crate::fingerprint::Fingerprints::default();
        let found = check_text(&engine, DocumentKind::Markdown, text)
            .into_iter()
            .map(|f| Diagnostic::new(&engine, &mut locator, &mut prints, f))
            .collect();
        (engine, found)
    }

    fn titles(actions: &[CodeActionOrCommand]) -> Vec<String> {
        actions
            .iter()
            .map(|a| match a {
                CodeActionOrCommand::CodeAction(a) => a.title.clone(),
                CodeActionOrCommand::Command(c) => c.title.clone(),
            })
            .collect()
    }

    #[test]
    fn quick_fixes_only_for_findings_in_range_and_kinds_asked_for() {
        let text =
            "SRE calls on ChatGPT.\n\nGPT-5 is available on AWS. SRE enables access to Codex.\n";
        let (engine, found) = located(text);
        assert_eq!(found.len(), 3);
        let uri: Uri = "file:///x.md".parse().unwrap();
        // A whole line, as clients ask for the actions of a line's diagnostics.
        let line = |l| {
            lsp_types::Range::new(
                lsp_types::Position::new(l, 0),
                lsp_types::Position::new(l, 200),
            )
        };
        let on_first = code_actions(&uri, &found, &engine, line(0), None);
        assert_eq!(
            titles(&on_first),
            [
                "Replace “calls on” with “integrates with”",
                "Replace “calls on” with “is powered by”",
                "Fix all copylint findings in this document (2 safe rewrites)",
            ]
        );
        // The availability finding has no rewrite, so the line offers the access finding's.
        assert_eq!(
            titles(&code_actions(&uri, &found, &engine, line(2), None)),
            [
                "Replace “enables access to” with “integrates with”",
                "Replace “enables access to” with “is powered by”",
                "Fix all copylint findings in this document (2 safe rewrites)",
            ]
        );
        // A cursor away from any finding gets the fix-all only.
        let cursor = lsp_types::Range::default();
        assert_eq!(
            titles(&code_actions(&uri, &found, &engine, cursor, None)).len(),
            1
        );
        let only = |kind: &'static str| vec![CodeActionKind::new(kind)];
        let fix_all = code_actions(&uri, &found, &engine, line(0), Some(&only("source")));
        assert_eq!(titles(&fix_all).len(), 1);
        assert!(matches!(&fix_all[0], CodeActionOrCommand::CodeAction(a)
            if a.kind.as_ref().map(|k| k.as_str()) == Some(FIX_ALL)));
        assert!(code_actions(&uri, &found, &engine, line(0), Some(&only("refactor"))).is_empty());
    }

    #[test]
    fn fix_all_takes_safe_rewrites_that_do_not_overlap() {
        let (_, found) = located("SRE calls on ChatGPT and enables access to GPT-5.\n");
        let mut overlapping = found[0].clone();
        overlapping.span = found[0].span.start + 1..found[0].span.end + 2;
        let mut unsafe_one = found[1].clone();
        for s in &mut unsafe_one.suggestions {
            s.applicability = Applicability::Unsafe;
        }
        let edits = safe_edits(&[found[1].clone(), overlapping.clone(), found[0].clone()]);
        let texts: Vec<&str> = edits.iter().map(|e| e.new_text.as_str()).collect();
        assert_eq!(texts, ["integrates with", "integrates with"]);
        assert_eq!(edits[0].range, range(&found[0]));
        assert_eq!(safe_edits(&[unsafe_one, overlapping]).len(), 1);
    }
}
