//! The commented starter `.copylint.yaml` that `copylint init` writes: every setting with
//! its default, and examples that work once uncommented (`tests/init.rs` loads each).

use std::io::Write;
use std::path::{Path, PathBuf};

use miette::Diagnostic;
use thiserror::Error;

use crate::config::FILE_NAME;

/// The starter file's text.
pub const STARTER: &str = include_str!("../templates/starter.copylint.yaml");

/// Why the starter file was not written.
#[derive(Debug, Error, Diagnostic)]
pub enum StarterError {
    /// A config file is already there; it is never replaced.
    #[error("`{path}` already exists")]
    #[diagnostic(help("edit it, or remove it and run copylint init again"))]
    AlreadyExists {
        /// The existing file.
        path: String,
    },
    /// The file could not be created or written.
    #[error("cannot write `{path}`: {source}")]
    Write {
        /// The path.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// Writes [`STARTER`] to `.copylint.yaml` in `folder`, refusing to replace an existing
/// file (created with `create_new`, so a file that appears meanwhile is not replaced
/// either). Returns the path written.
pub fn write(folder: &Path) -> Result<PathBuf, StarterError> {
    let path = folder.join(FILE_NAME);
    let shown = path.display().to_string();
    let write_error = |source| StarterError::Write {
        path: shown.clone(),
        source,
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => StarterError::AlreadyExists {
                path: shown.clone(),
            },
            _ => write_error(source),
        })?;
    file.write_all(STARTER.as_bytes())
        .and_then(|_| file.sync_all())
        .map_err(write_error)?;
    Ok(path)
}
