//! The repository a folder is in: the boundary of what a repository's own files (its
//! `.copylint.yaml`, the lexicons that names) may reach, and of where `--fix` may write
//! for files listed by `--files-from`.
//!
//! A repository root is the nearest folder, from a folder up, that holds `.git` (a
//! folder, or a file as in a worktree or a submodule). Outside any repository, a folder
//! is its own boundary: nothing above it is trusted.

use std::path::{Path, PathBuf};

/// The nearest folder from `folder` up that holds `.git`, if any.
pub fn root(folder: &Path) -> Option<PathBuf> {
    folder
        .ancestors()
        .find(|dir| std::fs::symlink_metadata(dir.join(".git")).is_ok())
        .map(Path::to_path_buf)
}

/// The folder that bounds `folder`: its repository root, or `folder` itself outside a
/// repository.
pub fn boundary(folder: &Path) -> PathBuf {
    root(folder).unwrap_or_else(|| folder.to_path_buf())
}

/// `path` with every symbolic link resolved, if it is inside `boundary` (whose own links
/// are resolved too); `None` when it is outside or cannot be resolved (it does not exist).
pub fn resolve_inside(path: &Path, boundary: &Path) -> Option<PathBuf> {
    let resolved = std::fs::canonicalize(path).ok()?;
    let boundary = std::fs::canonicalize(boundary).ok()?;
    resolved.starts_with(&boundary).then_some(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_the_nearest_folder_with_git_file_or_folder() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("repo/docs/deep");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(boundary(&deep), deep, "no repository: the folder itself");
        std::fs::create_dir(dir.path().join("repo/.git")).unwrap();
        assert_eq!(root(&deep), Some(dir.path().join("repo")));
        std::fs::write(dir.path().join("repo/docs/.git"), "gitdir: ../x").unwrap();
        assert_eq!(root(&deep), Some(dir.path().join("repo/docs")));
    }

    #[cfg(unix)]
    #[test]
    fn resolving_follows_links_and_checks_the_boundary() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(&repo).unwrap();
        std::fs::write(dir.path().join("secret"), "x").unwrap();
        std::fs::write(repo.join("ok.yaml"), "x").unwrap();
        std::os::unix::fs::symlink("../secret", repo.join("link.yaml")).unwrap();
        assert!(resolve_inside(&repo.join("ok.yaml"), &repo).is_some());
        assert!(resolve_inside(&repo.join("../repo/ok.yaml"), &repo).is_some());
        assert_eq!(resolve_inside(&repo.join("link.yaml"), &repo), None);
        assert_eq!(resolve_inside(&repo.join("../secret"), &repo), None);
        assert_eq!(resolve_inside(&repo.join("missing"), &repo), None);
    }
}
