//! Puts a fixed file on disk: atomically, keeping what the file system knows about it,
//! only where the user asked, and only if nobody changed it since copylint read it.
//! [`write_atomically`] does the same for the files copylint writes itself (baselines,
//! reports).
//!
//! The new text goes to a temporary file in the same folder, which is given the
//! original's owner, group, mode and extended attributes (ACLs among them), flushed to
//! disk and renamed over the original: a reader sees the old file or the new one, never
//! half of one, and a crash leaves the original intact. Just before the rename the file
//! is read again and compared with what was fixed; if it differs (an editor saved it
//! meanwhile), nothing is written. (The rename itself cannot be made conditional: a write
//! in the instant between the comparison and the rename would still be lost.)
//!
//! What is refused, because a rename cannot do it faithfully or the user did not ask:
//! writing through a symbolic link (unless [`WritePolicy::follow_symlinks`]), writing
//! outside [`WritePolicy::roots`] (links resolved), a file with more than one hard link
//! (the rename would give one name the new text and leave the others the old), and a
//! file whose owner or attributes cannot be given to the new one.

use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// Where `--fix` may write.
#[derive(Debug, Clone, Default)]
pub struct WritePolicy {
    /// Folders (symbolic links resolved) a fixed file must be in, after its own links are
    /// resolved: the folders named on the command line. None: nothing is written.
    pub roots: Vec<PathBuf>,
    /// Whether a file reached through a symbolic link may be fixed: the file it points to
    /// is replaced (if it is inside `roots`) and the link kept.
    pub follow_symlinks: bool,
}

/// Why a fixed file was not written.
#[derive(Debug, Error)]
pub enum WriteError {
    /// The file on disk no longer holds the bytes that were fixed.
    #[error("changed on disk since copylint read it; the fixes were not written")]
    Changed,
    /// The file is marked read-only: someone does not want it changed.
    #[error("the file is read-only; the fixes were not written")]
    ReadOnly,
    /// The path is a symbolic link and the policy does not follow links.
    #[error(
        "not fixed: it is a symbolic link (--fix-follow-symlinks writes the file it points to, inside the folders checked)"
    )]
    Symlink,
    /// The file (links resolved) is outside the folders the policy allows.
    #[error("not fixed: it resolves to {}, outside the folders named on the command line", .0.display())]
    Outside(PathBuf),
    /// The file has other names, which the rename would leave with the old text.
    #[error(
        "not fixed: it has {0} hard links, and replacing it would leave the other names with the old text"
    )]
    HardLinks(u64),
    /// The new file cannot be given the original's owner or group.
    #[error(
        "cannot keep the file's owner and group ({uid}:{gid}): {source}; the fixes were not written"
    )]
    Owner {
        /// The owner's user id.
        uid: u32,
        /// The group id.
        gid: u32,
        /// Why.
        source: std::io::Error,
    },
    /// The new file cannot be given one of the original's extended attributes.
    #[error(
        "cannot keep the file's extended attribute `{name}`: {source}; the fixes were not written"
    )]
    Attribute {
        /// The attribute's name.
        name: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file system refused.
    #[error("cannot write the fixes: {0}")]
    Io(#[from] std::io::Error),
}

impl WriteError {
    /// Whether copylint declined to write (a policy, not a failure): the findings stay
    /// reported, with a warning; other errors fail the run.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            WriteError::Symlink | WriteError::Outside(_) | WriteError::HardLinks(_)
        )
    }
}

/// Replaces the contents of `path` with `contents` if it still holds `expected` and
/// `policy` allows writing it. A symbolic link (when followed) is kept and the file it
/// points to replaced.
pub fn replace_if_unchanged(
    path: &Path,
    expected: &[u8],
    contents: &[u8],
    policy: &WritePolicy,
) -> Result<(), WriteError> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() && !policy.follow_symlinks {
        return Err(WriteError::Symlink);
    }
    let target = std::fs::canonicalize(path)?;
    if !policy.roots.iter().any(|root| target.starts_with(root)) {
        return Err(WriteError::Outside(target));
    }
    let folder = target
        .parent()
        .ok_or_else(|| std::io::Error::other("the file has no parent folder"))?;
    let meta = std::fs::metadata(&target)?;
    // Renaming over a read-only file would succeed (only the folder's permission counts),
    // but the mark says the file is not to be changed.
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(WriteError::HardLinks(meta.nlink()));
        }
    }

    // A hidden, recognisable name: if the process is killed before the rename, what is
    // left is skipped by the walker and easy to clean up.
    let mut temp = tempfile::Builder::new()
        .prefix(".copylint-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    temp.write_all(contents)?;
    keep_metadata(&target, &meta, temp.as_file())?;
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

/// Gives `new` the owner, group, mode and extended attributes of `original` (described by
/// `meta`). The owner first: changing it clears set-id bits and file capabilities.
fn keep_metadata(
    original: &Path,
    meta: &std::fs::Metadata,
    new: &std::fs::File,
) -> Result<(), WriteError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let current = new.metadata()?;
        if (current.uid(), current.gid()) != (meta.uid(), meta.gid()) {
            std::os::unix::fs::fchown(new, Some(meta.uid()), Some(meta.gid())).map_err(
                |source| WriteError::Owner {
                    uid: meta.uid(),
                    gid: meta.gid(),
                    source,
                },
            )?;
        }
    }
    new.set_permissions(meta.permissions())?;
    #[cfg(unix)]
    {
        use xattr::FileExt;
        let names = match xattr::list(original) {
            Ok(names) => names,
            // A file system without extended attributes has none to keep.
            Err(err) if err.raw_os_error() == Some(libc::ENOTSUP) => return Ok(()),
            Err(err) => return Err(err.into()),
        };
        for name in names {
            let attribute = |source| WriteError::Attribute {
                name: name.to_string_lossy().into_owned(),
                source,
            };
            let Some(value) = xattr::get(original, &name).map_err(attribute)? else {
                continue;
            };
            if new.get_xattr(&name).ok().flatten().as_deref() != Some(value.as_slice()) {
                new.set_xattr(&name, &value).map_err(attribute)?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = original;
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

    /// Writing allowed anywhere in `dir`.
    fn inside(dir: &Path, follow_symlinks: bool) -> WritePolicy {
        WritePolicy {
            roots: vec![std::fs::canonicalize(dir).unwrap()],
            follow_symlinks,
        }
    }

    #[test]
    fn replaces_an_unchanged_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        replace_if_unchanged(&path, b"old", b"new", &inside(dir.path(), false)).unwrap();
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
        let err =
            replace_if_unchanged(&path, b"old", b"new", &inside(dir.path(), false)).unwrap_err();
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
    fn keeps_permissions_and_symbolic_links_only_when_asked() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let err =
            replace_if_unchanged(&link, b"old", b"new", &inside(dir.path(), false)).unwrap_err();
        assert!(matches!(err, WriteError::Symlink), "{err}");
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "old");
        replace_if_unchanged(&link, b"old", b"new", &inside(dir.path(), true)).unwrap();
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

    #[cfg(unix)]
    #[test]
    fn never_writes_outside_the_roots_or_splits_hard_links() {
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join("tree");
        std::fs::create_dir(&tree).unwrap();
        let outside = dir.path().join("outside.md");
        std::fs::write(&outside, "old").unwrap();
        std::os::unix::fs::symlink(&outside, tree.join("link.md")).unwrap();
        let err = replace_if_unchanged(&tree.join("link.md"), b"old", b"new", &inside(&tree, true))
            .unwrap_err();
        assert!(matches!(err, WriteError::Outside(_)), "{err}");
        assert!(err.is_refusal());
        std::fs::hard_link(&outside, tree.join("hard.md")).unwrap();
        let err =
            replace_if_unchanged(&tree.join("hard.md"), b"old", b"new", &inside(&tree, false))
                .unwrap_err();
        assert!(matches!(err, WriteError::HardLinks(2)), "{err}");
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "old");
    }
}
