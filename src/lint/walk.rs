//! Checks many files in parallel: walks folders (honouring `.gitignore`), reads each file
//! into a reused buffer (see [`crate::read`]), checks it and collects located findings.
//!
//! An error on one file is recorded in its [`FileReport`] and the run goes on; the caller
//! decides the exit status from the finished [`Report`].

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use ignore::{WalkBuilder, WalkState};

use super::{Document, Inputs, Linter};
use crate::check::Checker;
use crate::diagnostic::{FileProblem, FileReport, Report};
use crate::lexicon::Severity;
use crate::prose::DocumentKind;
use crate::read::{self, ReadError, Snapshot};
use crate::write::WritePolicy;

/// A worker's read buffer larger than this is freed after its file, so that one large
/// file does not pin memory for the rest of the run.
const KEEP_BUFFER_BYTES: usize = 32 << 20;

/// Folders never walked into, even when no `.gitignore` names them.
const SKIPPED_DIRS: &[&str] = &["node_modules", "target", ".git"];

/// Called after each file with its size in bytes (drives a progress display).
pub type ProgressFn = Arc<dyn Fn(u64) + Send + Sync>;

/// Takes each file's report as soon as the file is done (a streaming output such as
/// `--format jsonl` writes it then); the run keeps what it returns instead, so a long
/// run's memory need not grow with its findings.
pub type FileSink = Arc<dyn Fn(FileReport) -> Option<FileReport> + Send + Sync>;

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
    /// Whether `--fix` may write a file reached through a symbolic link (the file it
    /// points to, inside the folders checked).
    pub fix_follow_symlinks: bool,
    /// Given every file report the run would keep, as it is made (see [`FileSink`]).
    pub sink: Option<FileSink>,
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
        policy: WritePolicy {
            roots: if options.fix == FixMode::Write {
                write_roots(inputs)
            } else {
                Vec::new()
            },
            follow_symlinks: options.fix_follow_symlinks,
        },
        reports: Mutex::new(Vec::new()),
        files: AtomicUsize::new(0),
        progress: options.progress.clone(),
        keep_clean_files: options.keep_clean_files,
        sink: options.sink.clone(),
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
        let mut checker = linter.checker();
        let document = Document {
            path: name,
            kind: *kind,
            bytes,
        };
        let report = linter.fix_document(&mut checker, document, options.fix, None, &shared.policy);
        shared.done(bytes.len(), &report);
        shared.push(report);
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

/// The folders `--fix` may write in: each folder named, the folder of each file named,
/// and for `--files-from` the repository root (links resolved; a path that cannot be
/// resolved adds nothing).
fn write_roots(inputs: &Inputs) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = inputs
        .paths
        .iter()
        .map(|path| {
            if path.is_dir() {
                path.clone()
            } else {
                match path.parent() {
                    Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                    _ => PathBuf::from("."),
                }
            }
        })
        .collect();
    if !inputs.files.is_empty() {
        folders.push(
            inputs
                .files_boundary
                .clone()
                .unwrap_or_else(|| PathBuf::from(".")),
        );
    }
    folders
        .iter()
        .filter_map(|folder| std::fs::canonicalize(folder).ok())
        .collect()
}

struct Shared<'l> {
    linter: &'l Linter,
    fix: FixMode,
    policy: WritePolicy,
    reports: Mutex<Vec<FileReport>>,
    files: AtomicUsize,
    progress: Option<ProgressFn>,
    keep_clean_files: bool,
    sink: Option<FileSink>,
}

impl Shared<'_> {
    /// Counts a file done; `report` says whether it was checked.
    fn done(&self, bytes: usize, report: &FileReport) {
        if !report.not_checked {
            self.files.fetch_add(1, Ordering::Relaxed);
        }
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
            let report = match &self.sink {
                Some(sink) => match sink(report) {
                    Some(kept) => kept,
                    None => return,
                },
                None => report,
            };
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
    buffer: read::Buffer,
}

impl<'s, 'l> Worker<'s, 'l> {
    fn new(shared: &'s Shared<'l>) -> Self {
        Worker {
            shared,
            checker: shared.linter.checker(),
            buffer: read::Buffer::default(),
        }
    }

    /// Checks the file at `path`; `listed` when a directory listing just gave it as a
    /// regular file (see [`read::listed_document`]).
    fn check_path(&mut self, path: &Path, kind: DocumentKind, listed: bool) {
        let display = display_path(path);
        let read = if listed {
            read::listed_document(path, &mut self.buffer)
        } else {
            read::document(path, &mut self.buffer)
        };
        let report = match read {
            Ok(snapshot) => {
                let document = Document {
                    path: &display,
                    kind,
                    bytes: self.buffer.bytes(),
                };
                let mut report = self.shared.linter.fix_document(
                    &mut self.checker,
                    document,
                    self.shared.fix,
                    Some(path),
                    &self.shared.policy,
                );
                if let Snapshot::Changed { expected, read } = snapshot {
                    report.problems.push(FileProblem {
                        severity: Severity::Warning,
                        message: format!(
                            "changed size while copylint read it ({read} of {expected} bytes read); checked what was read"
                        ),
                    });
                }
                report
            }
            Err(err @ (ReadError::NotRegular(_) | ReadError::TooLarge { .. })) => {
                super::skipped_report(display, format!("{err}; not checked"))
            }
            Err(ReadError::Io(err)) => problem_report(display, Severity::Error, io_message(&err)),
        };
        self.shared.done(self.buffer.bytes().len(), &report);
        // Keep one large buffer from pinning memory for the rest of the run.
        if self.buffer.capacity() > KEEP_BUFFER_BYTES {
            self.buffer = read::Buffer::default();
        }
        self.shared.push(report);
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
                        worker.check_path(entry.path(), kind, false);
                    } else if is_file
                        && linter.settings().paths.includes(entry.path())
                        && let Some(kind) = linter.kind_for(entry.path())
                    {
                        worker.check_path(entry.path(), kind, true);
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
        Worker::new(shared).check_path(files[0], kind(files[0]), false);
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
                    worker.check_path(path, kind(path), false);
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
