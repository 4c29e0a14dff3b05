//! Checks many files in parallel: walks folders (honouring `.gitignore`), reads each file
//! into a reused buffer (or maps a large one), checks it and collects located findings.
//!
//! An error on one file is recorded in its [`FileReport`] and the run goes on; the caller
//! decides the exit status from the finished [`Report`].

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use ignore::{WalkBuilder, WalkState};

use super::{Document, Inputs, Linter};
use crate::check::Checker;
use crate::diagnostic::{FileProblem, FileReport, Report};
use crate::lexicon::Severity;
use crate::prose::DocumentKind;

/// Files at least this large are memory-mapped instead of read.
const MMAP_THRESHOLD: u64 = 8 * 1024 * 1024;

/// Folders never walked into, even when no `.gitignore` names them.
const SKIPPED_DIRS: &[&str] = &["node_modules", "target", ".git"];

/// Called after each file with its size in bytes (drives a progress display).
pub type ProgressFn = Arc<dyn Fn(u64) + Send + Sync>;

/// How to run: what the linter's settings do not say.
#[derive(Clone, Default)]
pub struct RunOptions {
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Told about every file checked.
    pub progress: Option<ProgressFn>,
    /// Whether safe rewrites are applied, shown as a diff, or neither.
    pub fix: FixMode,
    /// Keep a (empty) [`FileReport`] for every file checked, not only for those with
    /// findings or problems: for formats that list every file (`--format lsp`).
    pub keep_clean_files: bool,
}

/// What `check` does with safe rewrites.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FixMode {
    /// Only report them.
    #[default]
    Off,
    /// Apply them and write the files (`--fix`); report what is left.
    Write,
    /// Compute the fixed text for a diff, write nothing (`--diff`).
    Diff,
}

/// The number of worker threads to use by default: one per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

impl RunOptions {
    /// Worker threads to use (asks the system only when not set, and only when needed:
    /// that costs a few file reads, noticeable when checking one small file).
    fn threads(&self) -> usize {
        if self.jobs == 0 {
            default_jobs()
        } else {
            self.jobs
        }
    }
}

/// Checks `inputs` with `linter` and returns the finished report (without notices).
pub(super) fn run(linter: &Linter, inputs: &Inputs, options: &RunOptions) -> Report {
    let shared = Shared {
        linter,
        fix: options.fix,
        reports: Mutex::new(Vec::new()),
        files: AtomicUsize::new(0),
        progress: options.progress.clone(),
        keep_clean_files: options.keep_clean_files,
    };
    // Folders are walked; files named on the command line are checked directly, which
    // spares the one-file case (a pre-commit hook, an editor) the walker's set-up.
    let mut walk_roots = Vec::new();
    let mut files: Vec<PathBuf> = inputs.files.clone();
    for path in &inputs.paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk_roots.push(path.clone()),
            Ok(_) => files.push(path.clone()),
            // A broken symbolic link or a missing path: say which, and go on.
            Err(err) => shared.push(problem_report(
                display_path(path),
                Severity::Error,
                io_message(&err),
            )),
        }
    }
    if !walk_roots.is_empty() {
        walk(&shared, &walk_roots, options);
    }
    if !files.is_empty() {
        check_list(&shared, &files, options);
    }
    if let Some((name, kind, bytes)) = &inputs.stdin {
        shared.files.fetch_add(1, Ordering::Relaxed);
        let mut checker = linter.checker();
        let document = Document {
            path: name,
            kind: *kind,
            bytes,
        };
        shared.push(linter.fix_document(&mut checker, document, options.fix, None));
    }
    let files = shared.files.load(Ordering::Relaxed);
    let mut report = Report {
        files: shared
            .reports
            .into_inner()
            .unwrap_or_else(|e| e.into_inner()),
        ..Report::default()
    };
    report.finish(files);
    report
}

struct Shared<'l> {
    linter: &'l Linter,
    fix: FixMode,
    reports: Mutex<Vec<FileReport>>,
    files: AtomicUsize,
    progress: Option<ProgressFn>,
    keep_clean_files: bool,
}

impl Shared<'_> {
    fn checked(&self, bytes: usize) {
        self.files.fetch_add(1, Ordering::Relaxed);
        if let Some(progress) = &self.progress {
            progress(bytes as u64);
        }
    }

    fn push(&self, report: FileReport) {
        if self.keep_clean_files
            || !report.diagnostics.is_empty()
            || !report.problems.is_empty()
            || report.fixed > 0
        {
            self.reports
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(report);
        }
    }
}

/// One worker thread's reusable state.
struct Worker<'s, 'l> {
    shared: &'s Shared<'l>,
    checker: Checker<'l>,
    buffer: Vec<u8>,
}

impl<'s, 'l> Worker<'s, 'l> {
    fn new(shared: &'s Shared<'l>) -> Self {
        Worker {
            shared,
            checker: shared.linter.checker(),
            buffer: Vec::new(),
        }
    }

    fn check_path(&mut self, path: &Path, kind: DocumentKind) {
        let display = display_path(path);
        let mapped;
        let bytes: &[u8] = match read(path, &mut self.buffer) {
            Ok(Content::Buffer) => &self.buffer,
            Ok(Content::Mapped(map)) => {
                mapped = map;
                &mapped
            }
            Ok(Content::NotRegular(what)) => {
                self.shared.push(problem_report(
                    display,
                    Severity::Warning,
                    format!("not a regular file ({what}); skipped"),
                ));
                return;
            }
            Err(err) => {
                self.shared
                    .push(problem_report(display, Severity::Error, io_message(&err)));
                return;
            }
        };
        self.shared.checked(bytes.len());
        let document = Document {
            path: &display,
            kind,
            bytes,
        };
        let report = self.shared.linter.fix_document(
            &mut self.checker,
            document,
            self.shared.fix,
            Some(path),
        );
        // Keep one large buffer from pinning memory for the rest of the run.
        if self.buffer.capacity() > 4 * MMAP_THRESHOLD as usize {
            self.buffer = Vec::new();
        }
        self.shared.push(report);
    }
}

enum Content {
    Buffer,
    Mapped(memmap2::Mmap),
    NotRegular(&'static str),
}

fn read(path: &Path, buffer: &mut Vec<u8>) -> std::io::Result<Content> {
    // Check the type before opening: opening a FIFO for reading blocks until a writer comes.
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Ok(Content::NotRegular(file_type_name(&meta)));
    }
    let mut file = File::open(path)?;
    if meta.len() >= MMAP_THRESHOLD {
        // SAFETY: the map is read-only and dropped before the next file; a file truncated
        // by another process while mapped is the one hazard, as for ripgrep.
        if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
            return Ok(Content::Mapped(map));
        }
    }
    buffer.clear();
    buffer.reserve(meta.len() as usize);
    file.read_to_end(buffer)?;
    Ok(Content::Buffer)
}

fn file_type_name(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

fn walk(shared: &Shared, roots: &[PathBuf], options: &RunOptions) {
    let mut builder = WalkBuilder::new(&roots[0]);
    for root in &roots[1..] {
        builder.add(root);
    }
    builder
        .hidden(true)
        .parents(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(true)
        .require_git(false)
        .follow_links(false)
        .add_custom_ignore_filename(".copylintignore")
        .threads(options.threads());
    let filter = shared.linter.settings().paths.clone();
    builder.filter_entry(move |entry| {
        let skipped_dir = entry.depth() > 0
            && entry.file_type().is_some_and(|t| t.is_dir())
            && entry
                .file_name()
                .to_str()
                .is_some_and(|n| SKIPPED_DIRS.contains(&n));
        !skipped_dir && !filter.excludes(entry.path())
    });
    let linter = shared.linter;
    builder.build_parallel().run(|| {
        let mut worker = Worker::new(shared);
        Box::new(move |entry| {
            match entry {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    if linter.excludes(entry.path()) {
                        // A root named explicitly (the walker filters the others).
                    } else if entry.depth() == 0 && !entry.file_type().is_some_and(|t| t.is_dir()) {
                        // Named explicitly: checked whatever its extension (as text if unknown).
                        let kind = linter.kind_for(entry.path()).unwrap_or(DocumentKind::Text);
                        worker.check_path(entry.path(), kind);
                    } else if is_file
                        && linter.settings().paths.includes(entry.path())
                        && let Some(kind) = linter.kind_for(entry.path())
                    {
                        worker.check_path(entry.path(), kind);
                    }
                }
                Err(err) => {
                    let path = walk_error_path(&err)
                        .map_or_else(|| "<walk>".to_string(), |p| display_path(&p));
                    shared.push(problem_report(
                        path,
                        Severity::Error,
                        walk_error_message(&err),
                    ));
                }
            }
            WalkState::Continue
        })
    });
}

fn check_list(shared: &Shared, files: &[PathBuf], options: &RunOptions) {
    let linter = shared.linter;
    let files: Vec<&PathBuf> = files.iter().filter(|f| !linter.excludes(f)).collect();
    let kind = |path: &Path| linter.kind_for(path).unwrap_or(DocumentKind::Text);
    if files.len() == 1 {
        Worker::new(shared).check_path(files[0], kind(files[0]));
        return;
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..options.threads().min(files.len()) {
            scope.spawn(|| {
                let mut worker = Worker::new(shared);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    worker.check_path(path, kind(path));
                }
            });
        }
    });
}

fn problem_report(path: String, severity: Severity, message: String) -> FileReport {
    FileReport {
        path,
        problems: vec![FileProblem { severity, message }],
        ..FileReport::default()
    }
}

/// A path as shown to users: as walked, without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut s: &str = &text;
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

fn io_message(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let text = err.to_string();
            // Drop std's " (os error N)" suffix: it helps nobody reading a lint report.
            text.split(" (os error").next().unwrap_or(&text).to_string()
        }
    }
}

fn walk_error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        ignore::Error::Partial(errs) => errs.iter().find_map(walk_error_path),
        _ => None,
    }
}

fn walk_error_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error_message(err),
        ignore::Error::Io(io) => io_message(io),
        ignore::Error::Loop { ancestor, .. } => {
            format!("symbolic link loop back to {}", display_path(ancestor))
        }
        other => other.to_string(),
    }
}
