//! Checks many files in parallel: walks folders (honouring `.gitignore`), reads each file
//! into a reused buffer (see [`crate::read`]), checks it and collects located findings.
//!
//! An error on one file is recorded in its [`FileReport`] and the run goes on; the caller
//! decides the exit status from the finished [`Report`].

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use ignore::{WalkBuilder, WalkState};

use crate::check::Checker;
use crate::config::{self, PathFilter};
use crate::diagnostic::{Diagnostic, FileDiff, FileProblem, FileReport, Location, Report};
use crate::finding::Finding;
use crate::fix;
use crate::lexicon::{Applicability, Engine, Severity};
use crate::prose::DocumentKind;
use crate::prose::ooxml::{self, Limits};
use crate::read::{self, ReadError, Snapshot};
use crate::source::Locator;
use crate::write::{self, WritePolicy};

/// A worker's read buffer larger than this is freed after its file, so that one large
/// file does not pin memory for the rest of the run.
const KEEP_BUFFER_BYTES: usize = 32 << 20;

/// Folders never walked into, even when no `.gitignore` names them.
const SKIPPED_DIRS: &[&str] = &["node_modules", "target", ".git"];

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

/// Called after each file with its size in bytes (drives a progress display).
pub type ProgressFn = Arc<dyn Fn(u64) + Send + Sync>;

/// Whether `--fix` may rewrite a finding of the file at a path (as shown): false for
/// wording a waiver approved.
pub type MayFixFn = Arc<dyn Fn(&str, &Finding) -> bool + Send + Sync>;

/// How to check.
#[derive(Clone, Default)]
pub struct RunOptions {
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Extra file kinds by extension; they win over the built-in ones.
    pub extensions: Vec<(String, DocumentKind)>,
    /// Told about every file checked.
    pub progress: Option<ProgressFn>,
    /// Which files are checked (a config file's `include` and `exclude`).
    pub filter: PathFilter,
    /// Whether safe rewrites are applied, shown as a diff, or neither.
    pub fix: FixMode,
    /// Keep a (empty) [`FileReport`] for every file checked, not only for those with
    /// findings or problems: for formats that list every file (`--format lsp`).
    pub keep_clean_files: bool,
    /// Which findings `--fix` and `--diff` may rewrite (all when `None`).
    pub may_fix: Option<MayFixFn>,
    /// Whether `--fix` may write a file reached through a symbolic link (the file it
    /// points to, inside the folders checked).
    pub fix_follow_symlinks: bool,
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

/// Checks `inputs` with `engine` and returns the finished report.
pub fn run(engine: &Engine, inputs: &Inputs, options: &RunOptions) -> Report {
    let shared = Shared {
        engine,
        fix: options.fix,
        may_fix: options.may_fix.clone(),
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
        let mut checker = Checker::new(engine);
        let report = process(
            &mut checker,
            options.fix,
            options.may_fix.as_ref(),
            None,
            &shared.policy,
            name.clone(),
            *kind,
            bytes,
        );
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

/// Checks one in-memory document (standard input, an editor buffer) named `path`.
pub fn check_document(engine: &Engine, path: &str, kind: DocumentKind, bytes: &[u8]) -> FileReport {
    let mut checker = Checker::new(engine);
    check_bytes(&mut checker, path.to_string(), kind, bytes)
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

struct Shared<'e> {
    engine: &'e Engine,
    fix: FixMode,
    may_fix: Option<MayFixFn>,
    policy: WritePolicy,
    reports: Mutex<Vec<FileReport>>,
    files: AtomicUsize,
    progress: Option<ProgressFn>,
    keep_clean_files: bool,
}

impl Shared<'_> {
    /// Counts a file done; `report` says whether it was checked.
    fn done(&self, bytes: usize, report: &FileReport) {
        if !report.skipped {
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
            self.reports
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(report);
        }
    }
}

/// One worker thread's reusable state.
struct Worker<'s, 'e> {
    shared: &'s Shared<'e>,
    checker: Checker<'e>,
    buffer: Vec<u8>,
}

impl<'s, 'e> Worker<'s, 'e> {
    fn new(shared: &'s Shared<'e>) -> Self {
        Worker {
            shared,
            checker: Checker::new(shared.engine),
            buffer: Vec::new(),
        }
    }

    fn check_path(&mut self, path: &Path, kind: DocumentKind) {
        let display = display_path(path);
        let report = match read::document(path, &mut self.buffer) {
            Ok(snapshot) => {
                let mut report = process(
                    &mut self.checker,
                    self.shared.fix,
                    self.shared.may_fix.as_ref(),
                    Some(path),
                    &self.shared.policy,
                    display,
                    kind,
                    &self.buffer,
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
                skipped_report(display, format!("{err}; not checked"))
            }
            Err(ReadError::Io(err)) => problem_report(display, Severity::Error, io_message(&err)),
        };
        self.shared.done(self.buffer.len(), &report);
        // Keep one large buffer from pinning memory for the rest of the run.
        if self.buffer.capacity() > KEEP_BUFFER_BYTES {
            self.buffer = Vec::new();
        }
        self.shared.push(report);
    }
}

/// Checks (and with `mode`, fixes, as far as `may_fix` and `policy` allow) the document
/// `bytes` read from `path` (`None` for standard input), shown as `display`.
#[allow(clippy::too_many_arguments)]
fn process(
    checker: &mut Checker,
    mode: FixMode,
    may_fix: Option<&MayFixFn>,
    path: Option<&Path>,
    policy: &WritePolicy,
    display: String,
    kind: DocumentKind,
    bytes: &[u8],
) -> FileReport {
    if mode == FixMode::Off || kind.is_package() {
        // Word and PowerPoint files are never rewritten; their rewrites are suggestions.
        return check_bytes(checker, display, kind, bytes);
    }
    let decoded = match read::decode(bytes) {
        read::Decoded::Text(decoded) if decoded.warning.is_none() => decoded,
        other => {
            let mut report = check_bytes(checker, display, kind, bytes);
            if has_safe_fix(&report) {
                let encoding = match other {
                    read::Decoded::Text(t) if t.encoding != read::Encoding::Utf8 => "UTF-16",
                    _ => "UTF-8",
                };
                report.problems.push(FileProblem {
                    severity: Severity::Warning,
                    message: format!("not fixed: the file is not valid {encoding}"),
                });
            }
            return report;
        }
    };
    let text: &str = &decoded.text;
    let encoding = decoded.encoding;
    let mut report = FileReport {
        path: display,
        ..FileReport::default()
    };
    if !kind.is_fixable() {
        let findings = checker.check(kind, text);
        report.diagnostics = locate(checker.engine(), text, encoding, findings);
        if has_safe_fix(&report) {
            report.problems.push(FileProblem {
                severity: Severity::Note,
                message: "copylint does not rewrite this type of file; apply the rewrites by hand"
                    .into(),
            });
        }
        return report;
    }
    let fixed = match may_fix {
        Some(may_fix) => fix::fix_where(checker, kind, text, &|f| may_fix(&report.path, f)),
        None => fix::fix(checker, kind, text),
    };
    if !fixed.converged {
        report.problems.push(FileProblem {
            severity: Severity::Warning,
            message: format!(
                "safe rewrites were still found after {} fix passes; run --fix again",
                fix::MAX_PASSES
            ),
        });
    }
    let engine = checker.engine();
    if fixed.applied == 0 {
        report.diagnostics = locate(engine, text, encoding, fixed.before);
        return report;
    }
    match (mode, path) {
        (FixMode::Diff, _) if encoding != read::Encoding::Utf8 => {
            report.fixed = fixed.applied;
            report.diagnostics = locate(engine, text, encoding, fixed.before);
            report.problems.push(FileProblem {
                severity: Severity::Note,
                message: "a UTF-16 file: --diff leaves its rewrites out (patch reads bytes, not text); --fix applies them".into(),
            });
        }
        (FixMode::Diff, _) => {
            report.fixed = fixed.applied;
            report.diagnostics = locate(engine, text, encoding, fixed.before);
            report.diff = Some(FileDiff {
                name: raw_name(path, &report.path),
                original: text.to_string(),
                fixed: fixed.text,
            });
        }
        (_, None) => {
            report.diagnostics = locate(engine, text, encoding, fixed.before);
            report.problems.push(FileProblem {
                severity: Severity::Note,
                message: "standard input is not rewritten; use --diff to see the fixes".into(),
            });
        }
        (_, Some(path)) => {
            let new = read::encode(&fixed.text, encoding);
            match write::replace_if_unchanged(path, bytes, &new, policy) {
                Ok(()) => {
                    report.fixed = fixed.applied;
                    report.diagnostics = locate(engine, &fixed.text, encoding, fixed.after);
                }
                Err(err) => {
                    report.diagnostics = locate(engine, text, encoding, fixed.before);
                    report.problems.push(FileProblem {
                        severity: if err.is_refusal() {
                            Severity::Warning
                        } else {
                            Severity::Error
                        },
                        message: err.to_string(),
                    });
                }
            }
        }
    }
    report
}

fn has_safe_fix(report: &FileReport) -> bool {
    report.diagnostics.iter().any(|d| {
        d.suppressed.is_none()
            && d.suggestions
                .first()
                .is_some_and(|s| s.applicability == crate::lexicon::Applicability::Safe)
    })
}

/// The findings in `text` located; for a UTF-16 file, spans are then made offsets of the
/// file's bytes (lines and columns are the same in either).
fn locate(
    engine: &Engine,
    text: &str,
    encoding: read::Encoding,
    findings: Vec<Finding>,
) -> Vec<Diagnostic> {
    if findings.is_empty() {
        return Vec::new();
    }
    let mut locator = Locator::new(text);
    let mut diagnostics: Vec<Diagnostic> = findings
        .into_iter()
        .map(|f| Diagnostic::new(engine, &mut locator, f))
        .collect();
    if encoding != read::Encoding::Utf8 {
        let offsets = diagnostics
            .iter()
            .flat_map(|d| [d.span.start, d.span.end])
            .collect();
        let map = read::FileOffsets::new(text, offsets);
        for d in &mut diagnostics {
            d.span = map.get(d.span.start)..map.get(d.span.end);
        }
    }
    diagnostics
}

/// The bytes of a file's name as shown (a `--diff` header quotes them as they are, even
/// when they are not UTF-8).
fn raw_name(path: Option<&Path>, display: &str) -> Vec<u8> {
    #[cfg(unix)]
    if let Some(path) = path {
        use std::os::unix::ffi::OsStrExt;
        let mut bytes = path.as_os_str().as_bytes();
        while let Some(rest) = bytes.strip_prefix(b"./") {
            bytes = rest;
        }
        return bytes.to_vec();
    }
    #[cfg(not(unix))]
    let _ = path;
    display.as_bytes().to_vec()
}

fn check_bytes(
    checker: &mut Checker,
    path: String,
    kind: DocumentKind,
    bytes: &[u8],
) -> FileReport {
    let mut report = FileReport {
        path,
        ..FileReport::default()
    };
    if kind.is_package() {
        check_package(checker, &mut report, kind, bytes);
        return report;
    }
    let decoded = match read::decode(bytes) {
        read::Decoded::Text(decoded) => decoded,
        read::Decoded::Binary { nul_at } => {
            return skipped_report(
                report.path,
                format!(
                    "not text: a NUL byte at offset {nul_at} and no UTF-16 byte order mark; not checked"
                ),
            );
        }
    };
    if let Some(warning) = decoded.warning {
        report.problems.push(FileProblem {
            severity: Severity::Warning,
            message: warning,
        });
    }
    let text: &str = &decoded.text;
    let findings = checker.check(kind, text);
    report.diagnostics = locate(checker.engine(), text, decoded.encoding, findings);
    report
}

/// Checks a Word or PowerPoint file: its extracted text is checked as plain text, and
/// each finding is placed in the unit (slide, paragraph, table cell) it is in, with
/// offsets, lines and columns relative to that unit's text.
fn check_package(checker: &mut Checker, report: &mut FileReport, kind: DocumentKind, bytes: &[u8]) {
    let doc = match ooxml::extract(kind, bytes, &Limits::default()) {
        Ok(doc) => doc,
        Err(err) => {
            report.problems.push(FileProblem {
                severity: Severity::Error,
                message: err.to_string(),
            });
            return;
        }
    };
    report
        .problems
        .extend(doc.warnings.iter().map(|message| FileProblem {
            severity: Severity::Warning,
            message: message.clone(),
        }));
    let mut located: Option<(usize, Locator)> = None;
    for mut finding in checker.check(kind, &doc.text) {
        let (Some((unit, span)), Some((_, sentence))) = (
            doc.locate(finding.span.clone()),
            doc.locate(finding.sentence.clone()),
        ) else {
            continue;
        };
        finding.span = span;
        finding.sentence = sentence;
        // `--fix` never writes a package: its rewrites are suggestions only.
        for suggestion in &mut finding.suggestions {
            suggestion.applicability = Applicability::Unsafe;
        }
        let text = &doc.units[unit].text;
        if located.as_ref().is_none_or(|(u, _)| *u != unit) {
            located = Some((unit, Locator::new(text)));
        }
        let Some((_, locator)) = &mut located else {
            continue;
        };
        let location = Location {
            index: unit,
            name: doc.units[unit].location.clone(),
        };
        report
            .diagnostics
            .push(Diagnostic::new(checker.engine(), locator, finding).at(location));
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
    let filter = options.filter.clone();
    builder.filter_entry(move |entry| {
        let skipped_dir = entry.depth() > 0
            && entry.file_type().is_some_and(|t| t.is_dir())
            && entry
                .file_name()
                .to_str()
                .is_some_and(|n| SKIPPED_DIRS.contains(&n));
        !skipped_dir && !filter.excludes(entry.path())
    });
    let extensions = &options.extensions;
    let filter = &options.filter;
    builder.build_parallel().run(|| {
        let mut worker = Worker::new(shared);
        Box::new(move |entry| {
            match entry {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    if filter.excludes(entry.path()) {
                        // A root named explicitly (the walker filters the others).
                    } else if entry.depth() == 0 && !entry.file_type().is_some_and(|t| t.is_dir()) {
                        // Named explicitly: checked whatever its extension (as text if unknown).
                        let kind = kind_for(entry.path(), extensions).unwrap_or(DocumentKind::Text);
                        worker.check_path(entry.path(), kind);
                    } else if is_file
                        && filter.includes(entry.path())
                        && let Some(kind) = kind_for(entry.path(), extensions)
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

fn kind_for(path: &Path, extensions: &[(String, DocumentKind)]) -> Option<DocumentKind> {
    config::kind_for(path, extensions)
}

fn check_list(shared: &Shared, files: &[PathBuf], options: &RunOptions) {
    let files: Vec<&PathBuf> = files
        .iter()
        .filter(|f| !options.filter.excludes(f))
        .collect();
    let kind = |path: &Path| kind_for(path, &options.extensions).unwrap_or(DocumentKind::Text);
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

/// A file that was not checked (not text, not a regular file, too large), with a warning
/// saying why: counted as not checked, and failing a run with `--fail-on warning`.
fn skipped_report(path: String, message: String) -> FileReport {
    FileReport {
        skipped: true,
        ..problem_report(path, Severity::Warning, message)
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
