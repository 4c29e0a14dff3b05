//! The one linting pipeline behind every door: `check`, `report`, the language server and
//! `test-lexicon` all go through a [`Linter`].
//!
//! A linter holds everything a document is judged with: the resolved settings, the
//! compiled engine (severity overrides applied), the waivers of the config file, the
//! baseline, and the date expiry dates are compared with. [`Linter::check_document`]
//! takes one document (its path, kind and bytes) to a [`FileReport`] whose findings carry
//! their final suppression status (a comment, a waiver or the baseline); [`Linter::run`]
//! walks paths and checks every file the same way. No door re-applies or converts
//! anything on its own, so they cannot disagree.
//!
//! ```text
//! bytes ─ document ─ prose ─ matcher ─ resolve ─ suppress ─┐
//!                                         (check.rs)       │
//!                        waivers, baseline (accept) ◀──────┘ ─ FileReport ─ renderers
//! ```

mod document;
mod inputs;
mod walk;

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Date;
use miette::Diagnostic;
use thiserror::Error;

pub use document::FindFn;
pub use inputs::{InputError, Inputs, file_list};
pub use walk::{FileSink, FixMode, ProgressFn, RunOptions, default_jobs, display_path};

use crate::baseline::{Baseline, BaselineError, BaselineFile};
use crate::check::Checker;
use crate::config::{self, ConfigError, ConfigLocation, Overrides, Settings};
use crate::diagnostic::{FileReport, Notice, Report};
use crate::expiry;
use crate::finding::{Finding, Suppression};
use crate::lexicon::{Engine, LexiconSource};
use crate::prose::DocumentKind;
use crate::waiver::{Cover, Waivers};

/// One document to check: what it is called, how to read it, and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The path as shown to people (relative to the folder copylint runs in, or
    /// absolute), and as waivers and the baseline know it.
    pub path: &'a str,
    /// How to read it.
    pub kind: DocumentKind,
    /// Its contents.
    pub bytes: &'a [u8],
}

/// Everything documents are linted with; see the module documentation.
#[derive(Debug)]
pub struct Linter {
    settings: Settings,
    engine: Engine,
    waivers: Waivers,
    baseline: Option<Baseline>,
    today: Date,
}

impl Linter {
    /// A linter for `settings` and the engine compiled from them, accepting the findings
    /// of `baseline` and judging expiry dates against `today`.
    pub fn new(
        settings: Settings,
        engine: Engine,
        baseline: Option<Baseline>,
        today: Date,
    ) -> Self {
        let waivers = Waivers::new(&settings, &engine, today);
        Linter {
            settings,
            engine,
            waivers,
            baseline,
            today,
        }
    }

    /// The compiled rules.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The resolved settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The date expiry dates are compared with.
    pub fn today(&self) -> Date {
        self.today
    }

    /// A checker with its own buffers, for one thread.
    pub fn checker(&self) -> Checker<'_> {
        Checker::new(&self.engine)
    }

    /// The kind of a file found in a folder, by its extension (the config's file types
    /// first); `None` for a file copylint does not read from folders.
    pub fn kind_for(&self, path: &Path) -> Option<DocumentKind> {
        self.settings.kind_for(path)
    }

    /// Whether the config file excludes `path`.
    pub fn excludes(&self, path: &Path) -> bool {
        self.settings.paths.excludes(path)
    }

    /// Checks one document: every finding, located, with its suppression status (a
    /// comment in the document, a waiver of the config file, or the baseline), and the
    /// problems copylint had reading it.
    pub fn check_document(&self, checker: &mut Checker, document: Document) -> FileReport {
        let mut report = document::check(checker, document);
        self.accept(&mut report);
        report
    }

    /// Marks the findings of `file` that a waiver in force or the baseline accepts
    /// (those a comment suppressed stay as they are), and notes the expired waivers that
    /// would have covered one.
    fn accept(&self, file: &mut FileReport) {
        sort_diagnostics(&mut file.diagnostics);
        if !self.waivers.is_empty() {
            for d in file
                .diagnostics
                .iter_mut()
                .filter(|d| d.suppressed.is_none())
            {
                match self
                    .waivers
                    .cover(&file.path, d.rule, &d.sentence_key, &d.fingerprint)
                {
                    Cover::None => {}
                    Cover::By(waiver) => d.suppressed = Some(waiver),
                    Cover::Lapsed(expired) => file.lapsed_waivers.extend(expired),
                }
            }
        }
        if let Some(baseline) = &self.baseline {
            baseline.accept(file);
        }
    }

    /// Whether `--fix` may rewrite `finding` of the file shown as `path`: not when a
    /// comment or a waiver approved its wording. (A finding in the baseline is debt, not
    /// approval: it is fixed.)
    pub fn may_fix(&self, path: &str, finding: &Finding) -> bool {
        finding.suppressed.is_none() && self.waivers.may_fix(&self.engine, path, finding)
    }

    /// What a run must tell people besides its findings: rules past their expiry date and
    /// waivers past theirs (with how many findings each would have covered in `report`).
    pub fn notices(&self, report: &Report) -> Vec<Notice> {
        let mut lapsed: HashMap<usize, usize> = HashMap::new();
        for file in &report.files {
            for &waiver in &file.lapsed_waivers {
                *lapsed.entry(waiver).or_default() += 1;
            }
        }
        let mut notices = self.waivers.expired_notices(&lapsed);
        notices.extend(expiry::expired_rules(&self.engine, self.today));
        notices
    }

    /// Checks `inputs` (walking folders) and returns the finished report, notices
    /// included.
    pub fn run(&self, inputs: &Inputs, options: &RunOptions) -> Report {
        let mut report = walk::run(self, inputs, options);
        report.notices = self.notices(&report);
        report
    }
}

impl Linter {
    /// A linter for one lexicon file (or `builtin:NAME`) alone: no config file, no
    /// built-in lexicon besides it, no waivers or baseline (`copylint test-lexicon`).
    pub fn for_lexicon(spec: &str, today: Date) -> Result<Linter, SetupError> {
        let source = LexiconSource::load(spec, Path::new(spec)).map_err(ConfigError::from)?;
        let settings = Settings::for_lexicons(vec![source]);
        let engine = settings.compile()?;
        Ok(Linter::new(settings, engine, None, today))
    }
}

/// A file that was not checked (not text, not a regular file, too large), with a warning
/// saying why: counted as not checked, and failing a run with `--fail-on warning`.
fn skipped_report(path: String, message: String) -> FileReport {
    FileReport {
        path,
        problems: vec![crate::diagnostic::FileProblem {
            severity: crate::lexicon::Severity::Warning,
            message,
        }],
        not_checked: true,
        ..FileReport::default()
    }
}

pub use crate::diagnostic::sort_diagnostics;

/// `--write-baseline`: records the findings of `report` that nothing else suppresses in
/// a baseline file at `path`, then marks them as recorded, as a later run with that
/// baseline would.
pub fn write_baseline(report: &mut Report, path: &Path) -> Result<BaselineFile, BaselineError> {
    let file = BaselineFile::record(report, path);
    file.write(path)?;
    for file in &mut report.files {
        for d in file
            .diagnostics
            .iter_mut()
            .filter(|d| d.suppressed.is_none())
        {
            d.suppressed = Some(Suppression::baseline());
        }
    }
    report.recount();
    Ok(file)
}

/// Where a linter's settings come from: what the command line (or an editor's
/// settings) says about the folder it works in.
#[derive(Debug, Clone)]
pub struct Setup<'a> {
    /// The folder relative paths are resolved against, and config discovery starts in.
    pub folder: &'a Path,
    /// Where to find the config file.
    pub config: ConfigLocation<'a>,
    /// What wins over the config file.
    pub overrides: Overrides,
    /// Which baseline accepts findings.
    pub baseline: BaselineChoice<'a>,
    /// The date expiry dates are compared with.
    pub today: Date,
}

/// Which baseline a linter applies.
#[derive(Debug, Clone, Copy, Default)]
pub enum BaselineChoice<'a> {
    /// The config file's `baseline`, if it names one.
    #[default]
    FromConfig,
    /// This file (`--baseline`), whatever the config file says.
    File(&'a Path),
    /// None (`--write-baseline` records a new one).
    None,
}

/// Why a linter could not be set up: its config file, a lexicon or the baseline.
#[derive(Debug, Error, Diagnostic)]
pub enum SetupError {
    /// The config file or a lexicon it names.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] ConfigError),
    /// The baseline.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Baseline(#[from] BaselineError),
}

impl Linter {
    /// Resolves settings as `setup` says (config file, lexicons, overrides), compiles
    /// the engine and reads the baseline: the one way every door builds its linter.
    pub fn load(setup: Setup) -> Result<Linter, SetupError> {
        let settings = config::load(setup.folder, setup.config, &setup.overrides)?;
        let engine = settings.compile()?;
        let baseline = match setup.baseline {
            // Relative to the current folder, as the command line gave it.
            BaselineChoice::File(path) => Some(Baseline::load(path)?),
            BaselineChoice::FromConfig => match &settings.baseline {
                Some(path) => Some(Baseline::load(path)?),
                None => None,
            },
            BaselineChoice::None => None,
        };
        Ok(Linter::new(settings, engine, baseline, setup.today))
    }
}
