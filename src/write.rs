//! Puts a fixed file on disk: atomically, keeping its permissions, and only if nobody
//! changed it since copylint read it. [`write_atomically`] does the same for the files
//! copylint writes itself (baselines, reports).
//!
//! The new text goes to a temporary file in the same folder, which is flushed to disk
//! and renamed over the original: a reader sees the old file or the new one, never half
//! of one, and a crash leaves the original intact. Just before the rename the file is
//! read again and compared with what was fixed; if it differs (an editor saved it
//! meanwhile), nothing is written. (The rename itself cannot be made conditional: a write
//! in the instant between the comparison and the rename would still be lost.)

use std::io::Write;
use std::path::Path;

use thiserror::Error;

/// Why a fixed file was not written.
#[derive(Debug, Error)]
pub enum WriteError {
    /// The file on disk no longer holds the bytes that were fixed.
    #[error("changed on disk since copylint read it; the fixes were not written")]
    Changed,
    /// The file is marked read-only: someone does not want it changed.
    #[error("the file is read-only; the fixes were not written")]
    ReadOnly,
    /// The file system refused.
    #[error("cannot write the fixes: {0}")]
    Io(#[from] std::io::Error),
}

/// Replaces the contents of `path` with `contents` if it still holds `expected`.
/// A symbolic link is followed: the file it points to is replaced, the link kept.
pub fn replace_if_unchanged(
    path: &Path,
    expected: &[u8],
    contents: &[u8],
) -> Result<(), WriteError> {
    let target = std::fs::canonicalize(path)?;
    let folder = target
        .parent()
        .ok_or_else(|| std::io::Error::other("the file has no parent folder"))?;
    let permissions = std::fs::metadata(&target)?.permissions();
    // Renaming over a read-only file would succeed (only the folder's permission counts),
    // but the mark says the file is not to be changed.
    if permissions.readonly() {
        return Err(WriteError::ReadOnly);
    }

    // A hidden, recognisable name: if the process is killed before the rename, what is
    // left is skipped by the walker and easy to clean up.
    let mut temp = tempfile::Builder::new()
        .prefix(".copylint-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    temp.write_all(contents)?;
    temp.as_file().set_permissions(permissions)?;
    temp.as_file().sync_all()?;

    if std::fs::read(&target)? != expected {
        // Dropping `temp` deletes it.
        return Err(WriteError::Changed);
    }
    temp.persist(&target)
        .map_err(|err| WriteError::Io(err.error))?;
    sync_folder(folder);
    Ok(())
}

/// Writes `contents` to `path` atomically: to a temporary file in the same folder, flushed
/// and renamed over `path`, so a reader (or a crash) sees the old file or the new one,
/// never half of one. Missing folders are made. An existing file keeps its permissions; a new one gets the usual
/// ones (read-write for its owner, readable by others, as the umask allows). A symbolic
/// link is followed: the file it points to is replaced, the link kept.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let target = match std::fs::canonicalize(path) {
        Ok(target) => target,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => path.to_path_buf(),
        Err(err) => return Err(err),
    };
    let folder = match target.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(folder)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".copylint-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The mode a new file gets before the umask, as `File::create` gives it.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(folder)?;
    temp.write_all(contents)?;
    if let Ok(meta) = std::fs::metadata(&target) {
        temp.as_file().set_permissions(meta.permissions())?;
    }
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|err| err.error)?;
    sync_folder(folder);
    Ok(())
}

/// Makes the rename itself durable where the platform allows it (best effort).
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_an_unchanged_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        replace_if_unchanged(&path, b"old", b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }

    #[test]
    fn refuses_a_file_changed_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "edited meanwhile").unwrap();
        let err = replace_if_unchanged(&path, b"old", b"new").unwrap_err();
        assert!(matches!(err, WriteError::Changed));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited meanwhile");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }

    #[test]
    fn writes_a_new_file_and_replaces_an_old_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        write_atomically(&path, b"first").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o644, 0o644, "readable by others: {mode:o}");
        }
    }

    #[test]
    fn missing_folders_are_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new/folder/report.html");
        write_atomically(&path, b"x").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_symbolic_links() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        replace_if_unchanged(&link, b"old", b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}
