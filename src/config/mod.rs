//! `.copylint.yaml`: a team's settings, found in a folder or its nearest parent inside
//! the same repository.
//!
//! [`load`] is the one entry point: given the folder a run (or an editor's document) is
//! in, where to look for a config file and the command line's overrides, it returns the
//! resolved [`Settings`], lexicon sources included; [`Settings::compile`] then builds the
//! engine with the file's severity overrides applied. Nothing here knows about the
//! command line: the language server calls the same two functions for a document's
//! folder.
//!
//! A config file is part of the repository it is found in, written by whoever can commit
//! there: it is looked for no higher than the repository root (see [`crate::repo`]), and
//! the lexicons it names must be inside that repository (links resolved) unless the
//! command line allows otherwise ([`Overrides::allow_outside_paths`]).
//!
//! ```yaml
//! default-lexicon: true            # use the built-in openai-on-aws lexicon
//! lexicons: [lexicons/brand.yaml, builtin:openai-on-aws]   # relative to this file
//! rules:                           # severity overrides: error | warning | note | off
//!   frontier-availability: warning
//!   copylint/unused-suppression: off
//! fail-on: error                   # the lowest severity that fails a run
//! include: ["docs/**"]             # files found in folders that are checked
//! exclude: [drafts, "*.generated.md"]
//! file-types: {rst: text}          # extension → markdown | text | html
//! require-reason: true             # suppressions must say why, after `--`
//! waivers:                         # findings someone accepted, until a date
//!   - path: "legal-approved/**"    # a glob, as in `exclude`
//!     rule: access-wording
//!     sentence: "SRE enables access to ChatGPT Enterprise"   # or fingerprint: 16 hex digits
//!     reason: approved by legal, LEGAL-123
//!     approved-by: Jane Doe
//!     expires: 2026-12-31
//! ```
//!
//! Its parts, by job: `schema` is the file as written, `discovery` finds it, `waivers`
//! checks its waivers and `paths` holds its globs and path helpers (the file `copylint
//! init` writes is [`crate::starter`]'s); this module loads them into [`Settings`] and
//! reports what is wrong as [`ConfigError`].

mod discovery;
mod paths;
mod schema;
mod waivers;

use std::ops::Range;
use std::path::{Path, PathBuf};

use miette::Diagnostic;
use thiserror::Error;

pub use discovery::candidates;
pub(crate) use paths::absolute;
pub use paths::{PathFilter, kind_for};
pub use schema::{ConfigFile, FileType, Level, WaiverDef};
pub use waivers::Waiver;

use crate::lexicon::model::SeverityDef;
use crate::lexicon::yaml::{self, PathStep};
use crate::lexicon::{self, Engine, LexiconError, LexiconSource, Severity};
use crate::prose::DocumentKind;
use crate::source_problem::{Language, SourceProblem};
use crate::{escape, read, repo};
use discovery::{discover, shown};
use paths::{globs, leads_outside};

/// The name of the config file.
pub const FILE_NAME: &str = ".copylint.yaml";

/// The built-in lexicon loaded unless a config or the command line says otherwise.
pub const DEFAULT_LEXICON: &str = "openai-on-aws";

/// Where to find the config file.
#[derive(Debug, Clone, Copy)]
pub enum ConfigLocation<'a> {
    /// `.copylint.yaml` in the folder or its nearest parent that has one; none is fine.
    Discover,
    /// This file (relative to the folder), which must exist.
    File(&'a Path),
    /// No config file: defaults and overrides only.
    Ignore,
}

/// What the command line (or an editor's settings) says; it wins over the file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Extra lexicons (paths relative to the folder, or `builtin:NAME`), loaded after the
    /// config file's.
    pub lexicons: Vec<String>,
    /// Do not load the built-in lexicon, whatever the file says.
    pub no_default_lexicon: bool,
    /// The failing level, whatever the file says.
    pub fail_on: Option<Severity>,
    /// Let the config file name lexicons outside its repository (absolute paths, `..`,
    /// symbolic links out of it): `--allow-outside-paths`. Never a key of the file,
    /// which is what it guards against.
    pub allow_outside_paths: bool,
}

/// Resolved settings: what to load and how to run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The config file used, if any.
    pub config_file: Option<PathBuf>,
    /// The lexicons to compile, in order (the built-in one first unless dropped).
    pub lexicons: Vec<LexiconSource>,
    /// The lowest severity that fails a run.
    pub fail_on: Severity,
    /// Whether suppressions must give a reason.
    pub require_reason: bool,
    /// Which files are checked.
    pub paths: PathFilter,
    /// Extra extensions and how to read them (they win over the built-in ones).
    pub file_types: Vec<(String, DocumentKind)>,
    /// Severity overrides by rule id, as written.
    pub rule_levels: Vec<(String, Level)>,
    /// Waivers, in the order written.
    pub waivers: Vec<Waiver>,
    /// The config file's baseline, resolved against its folder.
    pub baseline: Option<PathBuf>,
    /// The config file's name and text, to point at problems found when compiling.
    source: Option<(String, String)>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            config_file: None,
            lexicons: Vec::new(),
            fail_on: Severity::Error,
            require_reason: false,
            paths: PathFilter::default(),
            file_types: Vec::new(),
            rule_levels: Vec::new(),
            waivers: Vec::new(),
            baseline: None,
            source: None,
        }
    }
}

/// A config file that cannot be used, or a starter file that cannot be written.
#[derive(Debug, Error, Diagnostic)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config file `{path}`: {source}")]
    Read {
        /// The path.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file has problems.
    #[error("config file `{name}` is invalid ({} problem{})", .problems.len(), if .problems.len() == 1 { "" } else { "s" })]
    Invalid {
        /// The file.
        name: String,
        /// Every problem found.
        #[related]
        problems: Vec<ConfigProblem>,
    },
    /// A lexicon it names is invalid.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Lexicon(#[from] LexiconError),
    /// `copylint init` found a config file already there.
    #[error("`{path}` already exists; copylint init does not overwrite it")]
    #[diagnostic(help("edit it, or remove it and run copylint init again"))]
    AlreadyExists {
        /// The existing file.
        path: String,
    },
    /// The starter file could not be written.
    #[error("cannot write `{path}`: {source}")]
    Write {
        /// The path.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// One problem in a config file, pointing at its line and column: see [`SourceProblem`]
/// (a config file is YAML).
pub type ConfigProblem = SourceProblem;

/// A problem at `span` (a byte range of `text`) of the config file shown as `name`.
fn problem(
    name: &str,
    text: &str,
    message: impl Into<String>,
    span: Option<Range<usize>>,
) -> ConfigProblem {
    SourceProblem::new(name, text, Language::Yaml, message, span)
}

/// Resolves the settings for work in `folder`: finds and reads the config file (per
/// `location`), loads the lexicons it and `overrides` name, and applies the overrides.
/// Relative paths in the file are relative to the file; relative paths in `overrides`
/// to `folder`.
pub fn load(
    folder: &Path,
    location: ConfigLocation,
    overrides: &Overrides,
) -> Result<Settings, ConfigError> {
    let folder = absolute(folder);
    let config_file = match location {
        ConfigLocation::Discover => discover(&folder),
        ConfigLocation::File(path) => Some(absolute(&folder.join(path))),
        ConfigLocation::Ignore => None,
    };
    let mut settings = Settings::default();
    let mut file = ConfigFile::default();
    let mut root = folder.clone();
    if let Some(path) = &config_file {
        let name = shown(path, &folder);
        let text = read::settings_text(path).map_err(|err| ConfigError::Read {
            path: name.clone(),
            source: err.into_io(),
        })?;
        file = yaml::from_str(&text).map_err(|err| ConfigError::Invalid {
            name: name.clone(),
            problems: vec![
                problem(&name, &text, &err.message, err.span.clone())
                    .with_optional_help(err.hint()),
            ],
        })?;
        root = path
            .parent()
            .map_or_else(|| folder.clone(), Path::to_path_buf);
        settings.source = Some((name, text));
    }
    settings.config_file = config_file;

    let mut problems = Vec::new();
    let mut specs: Vec<(String, PathBuf, Option<usize>)> = Vec::new();
    if file.default_lexicon.unwrap_or(true) && !overrides.no_default_lexicon {
        let spec = format!("builtin:{DEFAULT_LEXICON}");
        specs.push((spec.clone(), PathBuf::from(spec), None));
    }
    for (i, spec) in file.lexicons.iter().enumerate() {
        specs.push((spec.clone(), root.join(spec), Some(i)));
    }
    for spec in &overrides.lexicons {
        specs.push((spec.clone(), folder.join(spec), None));
    }
    let mut seen_builtins = Vec::new();
    // What the config file's own paths must stay inside: its repository.
    let boundary = std::fs::canonicalize(repo::boundary(&root)).unwrap_or_else(|_| root.clone());
    for (spec, path, index) in specs {
        if spec.starts_with("builtin:") {
            // The built-in lexicon named again (in the file and by default) is loaded once.
            if seen_builtins.contains(&spec) {
                continue;
            }
            seen_builtins.push(spec.clone());
        } else if let (Some(i), Some((name, text)), false) =
            (index, &settings.source, overrides.allow_outside_paths)
            && leads_outside(&spec, &path, &boundary)
        {
            let span = yaml::locate(text, &[key("lexicons"), PathStep::Index(i)]);
            let message = format!(
                "lexicon `{}` is outside the repository of {name} ({})",
                escape::line(&spec),
                boundary.display()
            );
            problems.push(problem(name, text, message, span).with_help(
                "a config file may name lexicons inside its repository only, by relative paths; name others on the command line (--lexicon FILE), or allow it with --allow-outside-paths",
            ));
            continue;
        }
        match LexiconSource::load(&spec, &path) {
            Ok(mut source) => {
                if !spec.starts_with("builtin:") {
                    source.origin = shown(&path, &folder);
                }
                settings.lexicons.push(source);
            }
            Err(err) => match (index, &settings.source) {
                (Some(i), Some((name, text))) => {
                    let span = yaml::locate(text, &[key("lexicons"), PathStep::Index(i)]);
                    let (message, help) = match &err {
                        LexiconError::Read { source, .. } => (
                            format!(
                                "cannot read lexicon `{}`: {}",
                                shown(&path, &folder),
                                io_message(source)
                            ),
                            Some(format!("paths are relative to {name}")),
                        ),
                        LexiconError::UnknownBuiltin { available, .. } => (
                            err.to_string(),
                            Some(format!("built-in lexicons: {available}")),
                        ),
                        LexiconError::Invalid { .. } => (err.to_string(), None),
                    };
                    problems.push(problem(name, text, message, span).with_optional_help(help));
                }
                (None, _) if !spec.starts_with("builtin:") => {
                    return Err(match err {
                        LexiconError::Read { source, .. } => LexiconError::Read {
                            path: shown(&path, &folder),
                            source,
                        },
                        other => other,
                    }
                    .into());
                }
                _ => return Err(err.into()),
            },
        }
    }

    settings.fail_on = overrides.fail_on.unwrap_or(match file.fail_on {
        None | Some(SeverityDef::Error) => Severity::Error,
        Some(SeverityDef::Warning) => Severity::Warning,
        Some(SeverityDef::Note) => Severity::Note,
    });
    settings.require_reason = file.require_reason;
    settings.rule_levels = file.rules.into_iter().collect();

    for (ext, kind) in &file.file_types {
        let clean = ext.trim().trim_start_matches('.');
        if clean.is_empty() || clean.contains(['/', '\\', '.']) {
            problems.push(
                located(
                    &settings.source,
                    &[key("file-types"), key(ext)],
                    format!("`{ext}` is not a file extension"),
                )
                .with_help("write the extension without a dot, e.g. `rst: text`"),
            );
        } else {
            settings
                .file_types
                .push((clean.to_ascii_lowercase(), kind.kind()));
        }
    }

    settings.waivers = waivers::parse(&file.waivers, &settings.source, &mut problems);
    if let Some(spec) = &file.baseline {
        let path = root.join(spec);
        if !overrides.allow_outside_paths && leads_outside(spec, &path, &boundary) {
            let message = format!(
                "baseline `{}` is outside the repository of {} ({})",
                escape::line(spec),
                settings.config_name().unwrap_or(FILE_NAME),
                boundary.display()
            );
            problems.push(value_problem(&settings.source, &[key("baseline")], message).with_help(
                "a config file may name a baseline inside its repository only, by a relative path; name another with --baseline FILE, or allow it with --allow-outside-paths",
            ));
        } else {
            settings.baseline = Some(path);
        }
    }

    let include = globs(&file.include, "include", &settings.source, &mut problems);
    let exclude = globs(&file.exclude, "exclude", &settings.source, &mut problems);
    settings.paths = PathFilter {
        root,
        base: folder,
        include,
        exclude,
    };

    if problems.is_empty() {
        Ok(settings)
    } else {
        Err(invalid(&settings, problems))
    }
}

impl Settings {
    /// Default settings for these lexicons alone, as if no config file existed.
    pub fn for_lexicons(lexicons: Vec<LexiconSource>) -> Settings {
        Settings {
            lexicons,
            ..Settings::default()
        }
    }

    /// Compiles the lexicons and applies `require-reason` and the severity overrides.
    /// A rule id the lexicons do not define is an error pointing at the config file.
    pub fn compile(&self) -> Result<Engine, ConfigError> {
        let mut engine = lexicon::compile(&self.lexicons)?;
        if self.require_reason {
            engine.set_severity(engine.tool.missing_reason, Some(Severity::Error));
        }
        let mut problems = Vec::new();
        for (id, level) in &self.rule_levels {
            match engine.find_rule(id) {
                Some(rule) => engine.set_severity(rule, level.severity()),
                None => {
                    let (message, help) = engine.unknown_rule(id);
                    problems.push(
                        located(&self.source, &[key("rules"), key(id)], message).with_help(help),
                    );
                }
            }
        }
        for (i, waiver) in self.waivers.iter().enumerate() {
            if engine.find_rule(&waiver.rule).is_none() {
                let (message, help) = engine.unknown_rule(&waiver.rule);
                let path = [key("waivers"), PathStep::Index(i), key("rule")];
                problems.push(value_problem(&self.source, &path, message).with_help(help));
            }
        }
        if problems.is_empty() {
            Ok(engine)
        } else {
            Err(invalid(self, problems))
        }
    }

    /// The config file's name as shown in messages (relative to the folder settings were
    /// loaded for), if settings came from one.
    pub fn config_name(&self) -> Option<&str> {
        self.source.as_ref().map(|(name, _)| name.as_str())
    }

    /// The config file's text, if settings came from one (what a run's identity hashes,
    /// see [`crate::identity`]).
    pub fn config_text(&self) -> Option<&str> {
        self.source.as_ref().map(|(_, text)| text.as_str())
    }

    /// The kind of a file by its extension: the config's file types first, then the
    /// built-in ones. `None` for a type copylint does not read from folders.
    pub fn kind_for(&self, path: &Path) -> Option<DocumentKind> {
        kind_for(path, &self.file_types)
    }
}

/// A problem pointing at the mapping key `path` of the config file (when settings came
/// from one).
pub(super) fn located(
    source: &Option<(String, String)>,
    path: &[PathStep],
    message: String,
) -> ConfigProblem {
    match source {
        Some((name, text)) => problem(name, text, message, yaml::locate_key(text, path)),
        None => problem(FILE_NAME, "", message, None),
    }
}

/// A problem pointing at the value at `path` of the config file.
pub(super) fn value_problem(
    source: &Option<(String, String)>,
    path: &[PathStep],
    message: String,
) -> ConfigProblem {
    match source {
        Some((name, text)) => problem(name, text, message, yaml::locate(text, path)),
        None => problem(FILE_NAME, "", message, None),
    }
}

fn invalid(settings: &Settings, problems: Vec<ConfigProblem>) -> ConfigError {
    ConfigError::Invalid {
        name: settings
            .source
            .as_ref()
            .map_or_else(|| FILE_NAME.to_string(), |(n, _)| n.clone()),
        problems,
    }
}

fn io_message(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => err.to_string(),
    }
}

pub(super) fn key(k: &str) -> PathStep {
    PathStep::Key(k.to_string())
}
