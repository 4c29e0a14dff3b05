//! What the server shows for a document: the findings its folder's [`Linter`] reports
//! (the one `copylint check` uses there), less those a comment, a waiver or the baseline
//! accepts, or one diagnostic saying why the folder's settings cannot be loaded.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::{DiagnosticSeverity, NumberOrString, Uri};

use super::documents::Document;
use super::settings::{SettingsCache, SettingsError};
use crate::diagnostic::Diagnostic;
use crate::lint::{self, Linter};
use crate::prose::DocumentKind;
use crate::render::lsp::SOURCE;

/// The `code` of the diagnostic shown when a document's settings cannot be loaded.
pub const SETTINGS_CODE: &str = "copylint/settings";

/// A document's linter and the findings to show, `None` when it is not linted, or why
/// its settings could not be loaded.
pub type Located = Result<Option<(Arc<Linter>, Vec<Diagnostic>)>, Arc<SettingsError>>;

/// The findings to show for `document` (at `uri`), located: `None` when it is not in a
/// language copylint lints or the configuration excludes it. A document that is not a
/// file takes its settings from `root` (the workspace folder).
pub fn located(
    settings: &mut SettingsCache,
    document: &mut Document,
    uri: &Uri,
    root: Option<&Path>,
) -> Located {
    let folder = document
        .path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .or_else(|| root.map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    let linter = match settings.get(&folder) {
        Ok(linter) => linter,
        // Whether a file of another type would be linted is the configuration's to
        // say; without one, only documents copylint reads anyway show the error.
        Err(_) if document.kind(&[]).is_none() => return Ok(None),
        Err(err) => return Err(err),
    };
    let Some(kind) = document.kind(&linter.settings().file_types) else {
        return Ok(None);
    };
    // A file the configuration excludes is not checked, even when open.
    if let Some(path) = &document.path
        && linter.excludes(path)
    {
        return Ok(None);
    }
    // Of the extracted kinds only email is text an editor opens (its findings are in
    // decoded parts: each sits at the start of the file with its part named, as
    // `--format lsp` does); a binary document's buffer is not its bytes.
    if kind.is_extracted() && kind != DocumentKind::Email {
        return Ok(None);
    }
    let path = match &document.path {
        Some(path) => path.to_string_lossy().into_owned(),
        None => uri.as_str().to_string(),
    };
    // Only the parts of the document an edit touched are checked again.
    let parts = &mut document.parts;
    let report = linter.check_document_with(
        &mut linter.checker(),
        lint::Document {
            path: &path,
            kind,
            bytes: document.text.as_bytes(),
        },
        &mut |checker, kind, text| parts.find(&linter, checker, kind, text).0,
    );
    // A finding a comment, a waiver or the baseline accepts is not shown, as in
    // `copylint check`.
    let located = report
        .diagnostics
        .into_iter()
        .filter(|d| d.suppressed.is_none())
        .collect();
    Ok(Some((linter, located)))
}

/// The one diagnostic of a document whose settings cannot be loaded.
pub fn settings_diagnostic(report: &str) -> lsp_types::Diagnostic {
    lsp_types::Diagnostic {
        range: lsp_types::Range::default(),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String(SETTINGS_CODE.into())),
        source: Some(SOURCE.into()),
        message: format!("copylint cannot check this document:\n{report}"),
        ..lsp_types::Diagnostic::default()
    }
}
