//! Code actions: every suggested rewrite of a finding in the requested range is a quick
//! fix with its exact edits (those of [`crate::edit_plan`], which keep the markup around
//! the phrase), and one action applies every safe rewrite of the document.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Uri, WorkspaceEdit};

use crate::diagnostic::Diagnostic;
use crate::finding::Suggestion;
use crate::lexicon::{Applicability, Engine};
use crate::render::lsp::{position, range, to_lsp};
use crate::source::LineIndex;

/// The kind of the "fix all" action when asked for as a source action (fix on save).
pub const FIX_ALL: &str = "source.fixAll.copylint";

/// The code actions for `requested` in the document `uri`, whose text is `text` and whose
/// located findings are `diagnostics`. `only` is the client's filter of action kinds.
pub fn code_actions(
    uri: &Uri,
    text: &str,
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
    let index = LineIndex::new(text);
    let edits_of = |s: &Suggestion| text_edits(text, &index, s);
    let mut actions = Vec::new();
    if wants(CodeActionKind::QUICKFIX.as_str()) {
        // A finding placed in a part of an extracted file (an email's HTML part) has no
        // position in the buffer to edit: it gets no quick fix.
        for d in diagnostics
            .iter()
            .filter(|d| d.location.is_none() && overlaps(range(d), requested))
        {
            for (i, suggestion) in d.suggestions.iter().enumerate() {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!(
                        "Replace “{}” with “{}”",
                        one_line(&d.matched),
                        suggestion.replacement
                    ),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![to_lsp(d, engine)]),
                    edit: Some(edit(uri, edits_of(suggestion))),
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
        let safe = safe_suggestions(diagnostics);
        if !safe.is_empty() {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!(
                    "Fix all copylint findings in this document ({} safe rewrite{})",
                    safe.len(),
                    if safe.len() == 1 { "" } else { "s" }
                ),
                kind: Some(kind),
                edit: Some(edit(uri, safe.into_iter().flat_map(edits_of).collect())),
                ..CodeAction::default()
            }));
        }
    }
    actions
}

/// The first rewrite of every finding whose first rewrite is safe, skipping any whose
/// edits overlap one already taken (the edits of one workspace edit must not overlap).
fn safe_suggestions(diagnostics: &[Diagnostic]) -> Vec<&Suggestion> {
    let mut safe: Vec<&Suggestion> = diagnostics
        .iter()
        .filter(|d| d.location.is_none())
        .filter_map(|d| d.suggestions.first())
        .filter(|s| s.applicability == Applicability::Safe)
        .filter(|s| s.hull().is_some())
        .collect();
    safe.sort_by_key(|s| s.hull().map(|h| (h.start, h.end)));
    let mut taken = Vec::new();
    let mut end = 0;
    for s in safe {
        let Some(hull) = s.hull() else { continue };
        if hull.start < end {
            continue;
        }
        end = hull.end;
        taken.push(s);
    }
    taken
}

/// The LSP edits of a suggestion, positions in UTF-16 as the protocol counts them.
fn text_edits(text: &str, index: &LineIndex, suggestion: &Suggestion) -> Vec<TextEdit> {
    suggestion
        .edits
        .iter()
        .map(|e| TextEdit {
            range: lsp_types::Range {
                start: position(index.position(text, e.span.start)),
                end: position(index.position(text, e.span.end)),
            },
            new_text: e.replacement.clone(),
        })
        .collect()
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

    const TEXT: &str =
        "SRE calls on ChatGPT.\n\nGPT-5 is available on AWS. SRE enables access to Codex.\n";

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
        let text = TEXT;
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
        let on_first = code_actions(&uri, text, &found, &engine, line(0), None);
        assert_eq!(
            titles(&on_first),
            [
                "Replace “calls on” with “uses”",
                "Replace “calls on” with “integrates with”",
                "Replace “calls on” with “is powered by”",
                "Fix all copylint findings in this document (2 safe rewrites)",
            ]
        );
        // Both findings of the line offer their rewrites; the availability one is unsafe.
        assert_eq!(
            titles(&code_actions(&uri, text, &found, &engine, line(2), None)),
            [
                "Replace “GPT-5 is available on AWS” with “SRE on AWS is powered by OpenAI”",
                "Replace “enables access to” with “integrates with”",
                "Replace “enables access to” with “is powered by”",
                "Replace “enables access to” with “uses”",
                "Fix all copylint findings in this document (2 safe rewrites)",
            ]
        );
        // A cursor away from any finding gets the fix-all only.
        let cursor = lsp_types::Range::default();
        assert_eq!(
            titles(&code_actions(&uri, text, &found, &engine, cursor, None)).len(),
            1
        );
        let only = |kind: &'static str| vec![CodeActionKind::new(kind)];
        let fix_all = code_actions(&uri, text, &found, &engine, line(0), Some(&only("source")));
        assert_eq!(titles(&fix_all).len(), 1);
        assert!(matches!(&fix_all[0], CodeActionOrCommand::CodeAction(a)
            if a.kind.as_ref().map(|k| k.as_str()) == Some(FIX_ALL)));
        assert!(
            code_actions(
                &uri,
                text,
                &found,
                &engine,
                line(0),
                Some(&only("refactor"))
            )
            .is_empty()
        );
    }

    #[test]
    fn fix_all_takes_safe_rewrites_that_do_not_overlap() {
        let text = "SRE calls on ChatGPT and enables access to GPT-5.\n";
        let (_, found) = located(text);
        let mut overlapping = found[0].clone();
        for e in &mut overlapping.suggestions[0].edits {
            e.span = e.span.start + 1..e.span.end + 2;
        }
        let mut unsafe_one = found[1].clone();
        for s in &mut unsafe_one.suggestions {
            s.applicability = Applicability::Unsafe;
        }
        let all = [found[1].clone(), overlapping.clone(), found[0].clone()];
        let safe = safe_suggestions(&all);
        let texts: Vec<&str> = safe.iter().map(|s| s.replacement.as_str()).collect();
        assert_eq!(texts, ["uses", "integrates with"]);
        let index = LineIndex::new(text);
        assert_eq!(text_edits(text, &index, safe[0])[0].range, range(&found[0]));
        assert_eq!(safe_suggestions(&[unsafe_one, overlapping]).len(), 1);
    }

    /// Applies LSP edits (sorted, non-overlapping) to `text`.
    fn apply(text: &str, edits: &[TextEdit]) -> String {
        let index = LineIndex::new(text);
        let offset = |p: lsp_types::Position| {
            index
                .offset_of_utf16(text, p.line as usize, p.character as usize)
                .unwrap()
        };
        let mut out = String::new();
        let mut copied = 0;
        for e in edits {
            out.push_str(&text[copied..offset(e.range.start)]);
            out.push_str(&e.new_text);
            copied = offset(e.range.end);
        }
        out + &text[copied..]
    }

    #[test]
    fn a_quick_fix_keeps_the_link_the_phrase_crosses() {
        let text = "Our [SRE product enables](https://aws.example/sre) access to ChatGPT.\n";
        let (engine, found) = located(text);
        let uri: Uri = "file:///x.md".parse().unwrap();
        let actions = code_actions(&uri, text, &found, &engine, range(&found[0]), None);
        let CodeActionOrCommand::CodeAction(first) = &actions[0] else {
            panic!("{actions:?}")
        };
        let edits = &first.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri];
        assert_eq!(
            apply(text, edits),
            "Our [SRE product integrates with](https://aws.example/sre) ChatGPT.\n"
        );
    }
}
