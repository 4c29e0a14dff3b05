//! File paths as URIs, the way the Language Server Protocol and SARIF name files.
//!
//! The `url` crate does the percent-encoding (and Windows drive letters); this module only
//! decides which base a relative path is resolved against.

use std::path::{Path, PathBuf};

use url::Url;

/// The `file://` URI of `path`, made absolute against the current folder. `None` if the
/// current folder cannot be read.
pub fn file_uri(path: &Path) -> Option<Url> {
    let absolute = std::path::absolute(path).ok()?;
    Url::from_file_path(absolute).ok()
}

/// A URI reference for `path` relative to the current folder (`docs/a%20b.md`) when the
/// path is relative, or its `file://` URI when it is absolute. SARIF's `artifactLocation`
/// takes either.
pub fn relative_uri(path: &Path) -> Option<String> {
    if path.is_absolute() {
        return file_uri(path).map(String::from);
    }
    let base = Url::from_directory_path(std::env::current_dir().ok()?).ok()?;
    let target = file_uri(path)?;
    base.make_relative(&target)
}

/// The local path a `file://` URI names; `None` for any other scheme (`untitled:`).
pub fn to_path(uri: &str) -> Option<PathBuf> {
    let url = Url::parse(uri).ok()?;
    if url.scheme() != "file" {
        return None;
    }
    url.to_file_path().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip_through_uris() {
        let path = Path::new("/tmp/deck notes/été.md");
        let uri = file_uri(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/deck%20notes/%C3%A9t%C3%A9.md");
        assert_eq!(to_path(uri.as_str()).unwrap(), path);
        assert_eq!(to_path("untitled:Untitled-1"), None);
    }

    #[test]
    fn relative_paths_stay_relative() {
        assert_eq!(
            relative_uri(Path::new("docs/a b.md")).as_deref(),
            Some("docs/a%20b.md")
        );
        assert_eq!(
            relative_uri(Path::new("/x/y.md")).as_deref(),
            Some("file:///x/y.md")
        );
    }
}
