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

use crate::check::Checker;
use crate::config::{self, PathFilter};
use crate::diagnostic::{Diagnostic, FileDiff, FileProblem, FileReport, Location, Report};
use crate::finding::{Edit, Finding};
use crate::fix;
use crate::lexicon::{Applicability, Engine, Severity};
use crate::prose::DocumentKind;
use crate::prose::ooxml::{self, Limits};
use crate::source::{self, Locator};
use crate::write;

/// Files at least this large are memory-mapped instead of read.
const MMAP_THRESHOLD: u64 = 8 * 1024 * 1024;

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
        let mut checker = Checker::new(engine);
        shared.push(process(
            &mut checker,
            options.fix,
            options.may_fix.as_ref(),
            None,
            name.clone(),
            *kind,
            bytes,
        ));
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

struct Shared<'e> {
    engine: &'e Engine,
    fix: FixMode,
    may_fix: Option<MayFixFn>,
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
        let report = match read(path, &mut self.buffer) {
            Ok(Content::Buffer) => {
                self.shared.checked(self.buffer.len());
                let mode = self.shared.fix;
                process(
                    &mut self.checker,
                    mode,
                    self.shared.may_fix.as_ref(),
                    Some(path),
                    display,
                    kind,
                    &self.buffer,
                )
            }
            Ok(Content::Mapped(map)) => {
                self.shared.checked(map.len());
                process(
                    &mut self.checker,
                    self.shared.fix,
                    self.shared.may_fix.as_ref(),
                    Some(path),
                    display,
                    kind,
                    &map,
                )
            }
            Ok(Content::NotRegular(what)) => problem_report(
                display,
                Severity::Warning,
                format!("not a regular file ({what}); skipped"),
            ),
            Err(err) => problem_report(display, Severity::Error, io_message(&err)),
        };
        // Keep one large buffer from pinning memory for the rest of the run.
        if self.buffer.capacity() > 4 * MMAP_THRESHOLD as usize {
            self.buffer = Vec::new();
        }
        self.shared.push(report);
    }
}

/// Checks (and with `mode`, fixes, as far as `may_fix` allows) the document `bytes` read
/// from `path` (`None` for standard input), shown as `display`.
fn process(
    checker: &mut Checker,
    mode: FixMode,
    may_fix: Option<&MayFixFn>,
    path: Option<&Path>,
    display: String,
    kind: DocumentKind,
    bytes: &[u8],
) -> FileReport {
    if mode == FixMode::Off || kind.is_package() {
        // Word and PowerPoint files are never rewritten; their rewrites are suggestions.
        return check_bytes(checker, display, kind, bytes);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) if !source::looks_binary(bytes) => text,
        _ => {
            let mut report = check_bytes(checker, display, kind, bytes);
            if has_safe_fix(&report) {
                report.problems.push(FileProblem {
                    severity: Severity::Warning,
                    message: "not fixed: the file is not valid UTF-8".into(),
                });
            }
            return report;
        }
    };
    let mut report = FileReport {
        path: display,
        ..FileReport::default()
    };
    if !kind.is_fixable() {
        report.diagnostics = locate(checker.engine(), text, checker.check(kind, text));
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
    if let Some(limit) = fixed.too_large {
        report.diagnostics = locate(checker.engine(), text, fixed.before);
        report.problems.push(FileProblem {
            severity: Severity::Error,
            message: format!(
                "not fixed: the rewrites would make the file larger than {limit} bytes \
                 (twice its size plus 64 KiB); does a rewrite bring back a phrase it replaces?"
            ),
        });
        return report;
    }
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
        report.diagnostics = locate(engine, text, fixed.before);
        return report;
    }
    match (mode, path) {
        (FixMode::Diff, _) => {
            report.fixed = fixed.applied;
            report.diagnostics = locate(engine, text, fixed.before);
            report.diff = Some(FileDiff {
                original: text.to_string(),
                fixed: fixed.text,
            });
        }
        (_, None) => {
            report.diagnostics = locate(engine, text, fixed.before);
            report.problems.push(FileProblem {
                severity: Severity::Note,
                message: "standard input is not rewritten; use --diff to see the fixes".into(),
            });
        }
        (_, Some(path)) => match write::replace_if_unchanged(path, bytes, fixed.text.as_bytes()) {
            Ok(()) => {
                report.fixed = fixed.applied;
                report.diagnostics = locate(engine, &fixed.text, fixed.after);
            }
            Err(err) => {
                report.diagnostics = locate(engine, text, fixed.before);
                report.problems.push(FileProblem {
                    severity: Severity::Error,
                    message: err.to_string(),
                });
            }
        },
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

fn locate(engine: &Engine, text: &str, findings: Vec<Finding>) -> Vec<Diagnostic> {
    if findings.is_empty() {
        return Vec::new();
    }
    let mut locator = Locator::new(text);
    findings
        .into_iter()
        .map(|f| Diagnostic::new(engine, &mut locator, f))
        .collect()
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
    if source::looks_binary(bytes) {
        report.problems.push(FileProblem {
            severity: Severity::Note,
            message: "binary file (it has NUL bytes); skipped".into(),
        });
        return report;
    }
    let decoded = source::decode(bytes);
    if let Some(at) = decoded.first_invalid {
        report.problems.push(FileProblem {
            severity: Severity::Warning,
            message: format!(
                "not valid UTF-8 (first bad byte at offset {at}); checked the text that decodes"
            ),
        });
    }
    let text: &str = &decoded.text;
    let findings = checker.check(kind, text);
    report.diagnostics = locate(checker.engine(), text, findings);
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
        // `--fix` never writes a package: its rewrites are suggestions only, their edits
        // placed in the unit's text as the span is.
        for suggestion in &mut finding.suggestions {
            suggestion.applicability = Applicability::Unsafe;
            let placed: Option<Vec<Edit>> = suggestion
                .edits
                .iter()
                .map(|e| match doc.locate(e.span.clone()) {
                    Some((u, span)) if u == unit => Some(Edit {
                        span,
                        replacement: e.replacement.clone(),
                    }),
                    _ => None,
                })
                .collect();
            suggestion.edits = placed.unwrap_or_else(|| {
                vec![Edit {
                    span: finding.span.clone(),
                    replacement: suggestion.replacement.clone(),
                }]
            });
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
