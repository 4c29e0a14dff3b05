//! Finding the config file: `.copylint.yaml` in a folder or its nearest parent, never
//! above the repository root, and how paths are shown in messages.

use std::path::{Path, PathBuf};

use super::FILE_NAME;
use super::paths::normalize;
use crate::{escape, repo};

/// `.copylint.yaml` in `folder` or its nearest ancestor that has one, up to the
/// repository root (only `folder` outside a repository).
pub(super) fn discover(folder: &Path) -> Option<PathBuf> {
    candidates(folder)
        .into_iter()
        .find(|candidate| candidate.is_file())
}

/// Where a config file for `folder` is looked for, nearest first: `.copylint.yaml` in
/// `folder` and each folder above it up to its repository root (see [`crate::repo`]);
/// only in `folder` outside a repository. A file planted higher up (in `/tmp`, in a home
/// folder) never applies to a repository's checks.
pub fn candidates(folder: &Path) -> Vec<PathBuf> {
    let boundary = repo::boundary(folder);
    let mut out = Vec::new();
    for dir in folder.ancestors() {
        out.push(dir.join(FILE_NAME));
        if dir == boundary {
            break;
        }
    }
    out
}

/// A path as shown in messages: relative to `folder` when inside it, control characters
/// escaped.
pub(super) fn shown(path: &Path, folder: &Path) -> String {
    let path = normalize(path);
    escape::line(
        &path
            .strip_prefix(folder)
            .unwrap_or(&path)
            .display()
            .to_string(),
    )
    .into_owned()
}
