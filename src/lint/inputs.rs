//! What a run checks, as the command line names it: paths (folders are walked),
//! `--files-from` lists, and standard input for `-`.

use std::io::Read;
use std::path::{Path, PathBuf};

use miette::Diagnostic;
use thiserror::Error;

use crate::prose::DocumentKind;

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Files and folders named on the command line (folders are walked).
    pub paths: Vec<PathBuf>,
    /// Files named one by one (`--files-from`): checked whatever their extension.
    pub files: Vec<PathBuf>,
    /// A document read from standard input: its display name, kind and bytes.
    pub stdin: Option<(String, DocumentKind, Vec<u8>)>,
    /// The folder `--fix` may write the `files` in (links resolved): the repository root
    /// of the current folder. `None`: the current folder.
    pub files_boundary: Option<PathBuf>,
}

/// Why the inputs could not be read.
#[derive(Debug, Error, Diagnostic)]
pub enum InputError {
    /// Standard input could not be read.
    #[error("cannot read standard input: {0}")]
    Stdin(std::io::Error),
    /// The `--files-from` list could not be read.
    #[error("cannot read --files-from {path}: {source}")]
    List {
        /// The list as named.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// Both `-` and `--files-from -` want standard input.
    #[error("`--files-from -` and `-` cannot both read standard input")]
    StdinTwice,
}

impl Inputs {
    /// The inputs the command line names: `paths` (the current folder when there are
    /// none and no list), the `--files-from` list, and, for a `-` among the paths (only
    /// when `stdin_name` says how to name it), standard input read as the kind
    /// `kind_for` gives that name (Markdown when it has none).
    pub fn from_command_line(
        paths: &[PathBuf],
        files_from: Option<&Path>,
        stdin_name: Option<&str>,
        kind_for: impl Fn(&Path) -> Option<DocumentKind>,
    ) -> Result<Inputs, InputError> {
        let mut inputs = Inputs::default();
        if paths.is_empty() && files_from.is_none() {
            inputs.paths.push(PathBuf::from("."));
        }
        for path in paths {
            match stdin_name {
                Some(name) if path.as_os_str() == "-" => {
                    if inputs.stdin.is_none() {
                        let kind = kind_for(Path::new(name)).unwrap_or(DocumentKind::Markdown);
                        inputs.stdin = Some((name.to_string(), kind, read_stdin()?));
                    }
                }
                _ => inputs.paths.push(path.clone()),
            }
        }
        if let Some(list) = files_from {
            let bytes = if list.as_os_str() == "-" {
                if inputs.stdin.is_some() {
                    return Err(InputError::StdinTwice);
                }
                read_stdin()?
            } else {
                std::fs::read(list).map_err(|source| InputError::List {
                    path: list.display().to_string(),
                    source,
                })?
            };
            inputs.files = file_list(&bytes);
            // `--fix` writes listed files only inside the repository of the current folder.
            inputs.files_boundary = std::env::current_dir()
                .ok()
                .map(|folder| crate::repo::boundary(&folder));
        }
        Ok(inputs)
    }
}

fn read_stdin() -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(InputError::Stdin)?;
    Ok(bytes)
}

/// The paths of a `--files-from` list: newline- or NUL-separated (NUL when the list has
/// one), blank lines skipped, a `\r` before the newline dropped.
pub fn file_list(bytes: &[u8]) -> Vec<PathBuf> {
    let separator = if bytes.contains(&0) { b'\0' } else { b'\n' };
    bytes
        .split(|&b| b == separator)
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .filter(|line| !line.is_empty())
        .map(path_from_bytes)
        .collect()
}

/// A path from the bytes of a file list: exact on Unix, where names are bytes.
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_lists_split_on_nul_when_they_have_one() {
        assert_eq!(
            file_list(b"a.md\r\n\nb c.md\n"),
            ["a.md", "b c.md"].map(PathBuf::from)
        );
        assert_eq!(
            file_list(b"a\nb.md\0c.md\0"),
            ["a\nb.md", "c.md"].map(PathBuf::from)
        );
    }
}
