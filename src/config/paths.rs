//! Paths in config files: the `include`/`exclude` globs (as in .gitignore) and the
//! [`PathFilter`] they make, file kinds by extension, and lexical path helpers.

use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

use super::{ConfigProblem, key, problem};
use crate::lexicon::yaml::{self, PathStep};
use crate::prose::DocumentKind;

/// The kind of a file by its extension: `extensions` first, then the built-in types.
pub fn kind_for(path: &Path, extensions: &[(String, DocumentKind)]) -> Option<DocumentKind> {
    path.extension()
        .and_then(|e| e.to_str())
        .and_then(|ext| {
            extensions
                .iter()
                .find(|(e, _)| e.eq_ignore_ascii_case(ext))
                .map(|(_, k)| *k)
        })
        .or_else(|| DocumentKind::from_path(path))
}

/// Whether `relative` or a folder it is in satisfies `is_match` (a glob naming a folder
/// covers everything in it).
pub(super) fn in_or_under(relative: &Path, is_match: impl Fn(&Path) -> bool) -> bool {
    relative
        .ancestors()
        .take_while(|p| !p.as_os_str().is_empty())
        .any(is_match)
}

/// Whether a path a config file names (`spec` as written, `path` resolved against the
/// file's folder) leads out of `boundary`, its repository: absolute, or resolving (links
/// and `..` followed) outside it. A path that does not resolve is left to whoever reads
/// it, which says why.
pub(super) fn leads_outside(spec: &str, path: &Path, boundary: &Path) -> bool {
    Path::new(spec).is_absolute()
        || std::fs::canonicalize(path).is_ok_and(|real| !real.starts_with(boundary))
}

/// `path` made absolute against the current folder, `.` and `..` resolved lexically.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// Resolves `.` and `..` components without touching the file system.
pub(super) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(component);
                }
            }
            other => out.push(other),
        }
    }
    out
}

pub(super) fn globs(
    patterns: &[String],
    field: &str,
    source: &Option<(String, String)>,
    problems: &mut Vec<ConfigProblem>,
) -> Option<GlobSet> {
    if patterns.is_empty() {
        return None;
    }
    let mut builder = GlobSetBuilder::new();
    for (i, pattern) in patterns.iter().enumerate() {
        match glob(pattern) {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(err) => {
                if let Some((name, text)) = source {
                    let span = yaml::locate(text, &[key(field), PathStep::Index(i)]);
                    problems.push(problem(
                        name,
                        text,
                        format!("invalid glob `{pattern}`: {}", err.kind()),
                        span,
                    ));
                }
            }
        }
    }
    builder.build().ok()
}

/// A glob as in .gitignore: one without a `/` (but a trailing one) matches at any depth,
/// a leading `/` anchors it to the config file's folder, a trailing `/` is dropped.
pub(super) fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    let trimmed = pattern.trim().trim_end_matches('/');
    let anchored = trimmed.strip_prefix('/');
    let text = match anchored {
        Some(rest) => rest.to_string(),
        None if trimmed.contains('/') => trimmed.to_string(),
        None => format!("**/{trimmed}"),
    };
    GlobBuilder::new(&text).literal_separator(true).build()
}

/// Which files are checked: `include` and `exclude` globs, relative to the config file's
/// folder.
#[derive(Debug, Clone, Default)]
pub struct PathFilter {
    /// The folder the globs are relative to.
    pub(super) root: PathBuf,
    /// The folder relative paths are relative to.
    pub(super) base: PathBuf,
    /// Globs of the files found in folders that are checked; all when `None`.
    pub(super) include: Option<GlobSet>,
    /// Globs of the files and folders never checked.
    pub(super) exclude: Option<GlobSet>,
}

impl PathFilter {
    /// Whether `path` (a file or folder; relative to the folder settings were loaded
    /// for) or a folder it is in matches an `exclude` glob. Excluded paths are never
    /// checked, even when named on the command line.
    pub fn excludes(&self, path: &Path) -> bool {
        let Some(exclude) = &self.exclude else {
            return false;
        };
        let Some(relative) = self.relative(path) else {
            return false;
        };
        in_or_under(&relative, |p| exclude.is_match(p))
    }

    /// Whether a file found by walking a folder is wanted by the `include` globs (all
    /// are when there are none). Files named on the command line are always included.
    pub fn includes(&self, path: &Path) -> bool {
        let Some(include) = &self.include else {
            return true;
        };
        self.relative(path).is_some_and(|r| include.is_match(r))
    }

    /// `path` (relative to the folder settings were loaded for, or absolute) relative to
    /// the config file's folder, which globs are relative to; `None` when it is outside.
    pub fn relative(&self, path: &Path) -> Option<PathBuf> {
        let absolute = normalize(&self.base.join(path));
        absolute
            .strip_prefix(&self.root)
            .ok()
            .map(Path::to_path_buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_follow_gitignore_conventions() {
        let filter = PathFilter {
            root: PathBuf::from("/repo"),
            base: PathBuf::from("/repo/docs"),
            include: None,
            exclude: Some(
                ["drafts/", "*.generated.md", "/top.md"]
                    .iter()
                    .fold(GlobSetBuilder::new(), |mut b, g| {
                        b.add(glob(g).unwrap());
                        b
                    })
                    .build()
                    .unwrap(),
            ),
        };
        assert!(
            filter.excludes(Path::new("drafts/a.md")),
            "relative to docs/"
        );
        assert!(filter.excludes(Path::new("/repo/drafts/a.md")));
        assert!(filter.excludes(Path::new("x/y.generated.md")));
        assert!(filter.excludes(Path::new("../top.md")));
        assert!(!filter.excludes(Path::new("sub/top.md")));
        assert!(!filter.excludes(Path::new("a.md")));
        assert!(!filter.excludes(Path::new("/elsewhere/drafts/a.md")));
    }

    #[test]
    fn normalize_resolves_dots() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }
}
