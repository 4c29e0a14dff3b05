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

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};
use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use thiserror::Error;

use crate::fingerprint;
use crate::lexicon::model::SeverityDef;
use crate::lexicon::yaml::{self, PathStep};
use crate::lexicon::{self, Engine, LexiconError, LexiconSource, Severity};
use crate::prose::DocumentKind;
use crate::{escape, read, repo};

/// The name of the config file.
pub const FILE_NAME: &str = ".copylint.yaml";

/// The built-in lexicon loaded unless a config or the command line says otherwise.
pub const DEFAULT_LEXICON: &str = "openai-on-aws";

/// The config file as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Whether the built-in `openai-on-aws` lexicon is used (default true).
    #[serde(default)]
    pub default_lexicon: Option<bool>,
    /// Extra lexicons: paths relative to the config file, or `builtin:NAME`.
    #[serde(default)]
    pub lexicons: Vec<String>,
    /// Severity overrides by rule id (qualified, or local when unambiguous).
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    /// The lowest severity that fails a run (default error).
    #[serde(default)]
    pub fail_on: Option<SeverityDef>,
    /// Globs: when any is given, only files found in folders that match one are checked.
    #[serde(default)]
    pub include: Vec<String>,
    /// Globs of files and folders never checked.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Extra extensions (without the dot) and how to read them.
    #[serde(default)]
    pub file_types: BTreeMap<String, FileType>,
    /// Whether a suppression comment must give a reason after `--`.
    #[serde(default)]
    pub require_reason: bool,
    /// Findings someone accepted, with why and until when.
    #[serde(default)]
    pub waivers: Vec<WaiverDef>,
    /// A baseline file (relative to the config file) whose findings are accepted, as
    /// with `--baseline`; every door (check, report, the language server) applies it.
    #[serde(default)]
    pub baseline: Option<String>,
}

/// A waiver as written: findings of one rule in some files (and, optionally, one
/// sentence) that someone approved, until a date.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WaiverDef {
    /// A glob of the files it covers, relative to the config file (as in `exclude`).
    pub path: String,
    /// The rule (qualified, or local when unambiguous).
    pub rule: String,
    /// Only findings in a sentence that contains this text (compared as the matcher
    /// reads text: case, white space and typographic quotes do not matter).
    #[serde(default)]
    pub sentence: Option<String>,
    /// Only findings with this fingerprint (as the JSON output and the report show it).
    #[serde(default)]
    pub fingerprint: Option<String>,
    /// Why the wording is accepted.
    pub reason: String,
    /// Who accepted it.
    pub approved_by: String,
    /// The last day it applies (YYYY-MM-DD); after it the findings are reported again.
    pub expires: String,
}

/// A waiver, checked: see [`WaiverDef`].
#[derive(Debug, Clone)]
pub struct Waiver {
    /// Its place in the config file's `waivers` list, from 1 (for messages).
    pub number: usize,
    /// The path glob as written.
    pub path: String,
    glob: GlobMatcher,
    /// The rule as written.
    pub rule: String,
    /// The sentence text it is limited to, normalised (see
    /// [`crate::fingerprint::quote_key`]).
    pub sentence: Option<String>,
    /// The fingerprint it is limited to.
    pub fingerprint: Option<String>,
    /// Why the wording is accepted.
    pub reason: String,
    /// Who accepted it.
    pub approved_by: String,
    /// The last day it applies.
    pub expires: jiff::civil::Date,
}

impl Waiver {
    /// Whether the file at `relative` (relative to the config file's folder, see
    /// [`PathFilter::relative`]), or a folder it is in, matches the waiver's glob.
    pub fn covers_path(&self, relative: &Path) -> bool {
        in_or_under(relative, |p| self.glob.is_match(p))
    }
}

/// Whether `relative` or a folder it is in satisfies `is_match` (a glob naming a folder
/// covers everything in it).
fn in_or_under(relative: &Path, is_match: impl Fn(&Path) -> bool) -> bool {
    relative
        .ancestors()
        .take_while(|p| !p.as_os_str().is_empty())
        .any(is_match)
}

/// A rule's severity as set in a config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Report as a note.
    Note,
    /// Do not report.
    Off,
}

impl Level {
    /// The severity, or `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Note => Some(Severity::Note),
            Level::Off => None,
        }
    }
}

/// A file type as written under `file-types`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileType {
    /// CommonMark with GitHub extensions.
    Markdown,
    /// Plain text.
    Text,
    /// HTML.
    Html,
}

impl FileType {
    fn kind(self) -> DocumentKind {
        match self {
            FileType::Markdown => DocumentKind::Markdown,
            FileType::Text => DocumentKind::Text,
            FileType::Html => DocumentKind::Html,
        }
    }
}

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
    #[diagnostic(code(copylint::config::read))]
    Read {
        /// The path.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file has problems.
    #[error("config file `{name}` is invalid ({} problem{})", .problems.len(), if .problems.len() == 1 { "" } else { "s" })]
    #[diagnostic(code(copylint::config::invalid))]
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
    #[diagnostic(
        code(copylint::config::exists),
        help("edit it, or remove it and run copylint init again")
    )]
    AlreadyExists {
        /// The existing file.
        path: String,
    },
    /// The starter file could not be written.
    #[error("cannot write `{path}`: {source}")]
    #[diagnostic(code(copylint::config::write))]
    Write {
        /// The path.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// One problem in a config file, pointing at its line and column.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(copylint::config))]
pub struct ConfigProblem {
    /// What is wrong.
    pub message: String,
    #[source_code]
    source_code: NamedSource<String>,
    #[label("here")]
    span: Option<SourceSpan>,
    /// Advice.
    #[help]
    pub help: Option<String>,
}

impl ConfigProblem {
    fn new(name: &str, text: &str, message: impl Into<String>, span: Option<Range<usize>>) -> Self {
        // A config file is written by whoever can commit: what is echoed from it cannot
        // drive the terminal (see `crate::escape`).
        ConfigProblem {
            message: escape::line(&message.into()).into_owned(),
            source_code: NamedSource::new(
                escape::line(name),
                escape::same_width(text).into_owned(),
            )
            .with_language("yaml"),
            span: span.map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
            help: None,
        }
    }

    fn help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// The byte range of the config file the problem points at.
    pub fn span(&self) -> Option<Range<usize>> {
        self.span.map(|s| s.offset()..s.offset() + s.len())
    }
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
                ConfigProblem::new(&name, &text, &err.message, err.span.clone()).help(err.hint()),
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
            problems.push(ConfigProblem::new(name, text, message, span).help(Some(
                "a config file may name lexicons inside its repository only, by relative paths; name others on the command line (--lexicon FILE), or allow it with --allow-outside-paths".into(),
            )));
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
                    problems.push(ConfigProblem::new(name, text, message, span).help(help));
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
                .help(Some(
                    "write the extension without a dot, e.g. `rst: text`".into(),
                )),
            );
        } else {
            settings
                .file_types
                .push((clean.to_ascii_lowercase(), kind.kind()));
        }
    }

    settings.waivers = waivers(&file.waivers, &settings.source, &mut problems);
    if let Some(spec) = &file.baseline {
        let path = root.join(spec);
        if !overrides.allow_outside_paths && leads_outside(spec, &path, &boundary) {
            let message = format!(
                "baseline `{}` is outside the repository of {} ({})",
                escape::line(spec),
                settings.config_name().unwrap_or(FILE_NAME),
                boundary.display()
            );
            problems.push(value_problem(&settings.source, &[key("baseline")], message).help(Some(
                "a config file may name a baseline inside its repository only, by a relative path; name another with --baseline FILE, or allow it with --allow-outside-paths".into(),
            )));
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
                        located(&self.source, &[key("rules"), key(id)], message).help(Some(help)),
                    );
                }
            }
        }
        for (i, waiver) in self.waivers.iter().enumerate() {
            if engine.find_rule(&waiver.rule).is_none() {
                let (message, help) = engine.unknown_rule(&waiver.rule);
                let path = [key("waivers"), PathStep::Index(i), key("rule")];
                problems.push(value_problem(&self.source, &path, message).help(Some(help)));
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

    /// The kind of a file by its extension: the config's file types first, then the
    /// built-in ones. `None` for a type copylint does not read from folders.
    pub fn kind_for(&self, path: &Path) -> Option<DocumentKind> {
        kind_for(path, &self.file_types)
    }
}

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

/// A problem pointing at the mapping key `path` of the config file (when settings came
/// from one).
fn located(source: &Option<(String, String)>, path: &[PathStep], message: String) -> ConfigProblem {
    match source {
        Some((name, text)) => ConfigProblem::new(name, text, message, yaml::locate_key(text, path)),
        None => ConfigProblem::new(FILE_NAME, "", message, None),
    }
}

/// A problem pointing at the value at `path` of the config file.
fn value_problem(
    source: &Option<(String, String)>,
    path: &[PathStep],
    message: String,
) -> ConfigProblem {
    match source {
        Some((name, text)) => ConfigProblem::new(name, text, message, yaml::locate(text, path)),
        None => ConfigProblem::new(FILE_NAME, "", message, None),
    }
}

/// Checks the waivers as written: globs, dates, fingerprints, and that each says why and
/// who. Rule ids are checked against the lexicons by [`Settings::compile`].
fn waivers(
    defs: &[WaiverDef],
    source: &Option<(String, String)>,
    problems: &mut Vec<ConfigProblem>,
) -> Vec<Waiver> {
    let mut out = Vec::new();
    for (i, def) in defs.iter().enumerate() {
        let at = |field: &str| [key("waivers"), PathStep::Index(i), key(field)];
        let before = problems.len();
        let glob = match glob(&def.path) {
            Ok(glob) => Some(glob.compile_matcher()),
            Err(err) => {
                problems.push(value_problem(
                    source,
                    &at("path"),
                    format!("invalid glob `{}`: {}", def.path, err.kind()),
                ));
                None
            }
        };
        let expires = match def.expires.trim().parse::<jiff::civil::Date>() {
            Ok(date) => Some(date),
            Err(_) => {
                problems.push(value_problem(
                    source,
                    &at("expires"),
                    format!("`expires: {}` is not a date (YYYY-MM-DD)", def.expires),
                ));
                None
            }
        };
        for (field, value) in [("reason", &def.reason), ("approved-by", &def.approved_by)] {
            if value.trim().is_empty() {
                problems.push(value_problem(
                    source,
                    &at(field),
                    format!("a waiver needs a non-empty `{field}`"),
                ));
            }
        }
        let sentence = def.sentence.as_deref().map(fingerprint::quote_key);
        if sentence.as_deref() == Some("") {
            problems.push(value_problem(
                source,
                &at("sentence"),
                "`sentence` is empty: quote the text of the sentence the waiver is for".into(),
            ));
        }
        let fingerprint = def
            .fingerprint
            .as_deref()
            .map(str::trim)
            .map(str::to_string);
        if let Some(f) = &fingerprint
            && !fingerprint::is_fingerprint(f)
        {
            problems.push(
                    value_problem(
                        source,
                        &at("fingerprint"),
                        format!("`{f}` is not a fingerprint"),
                    )
                    .help(Some(
                        "a fingerprint is 16 hex digits, as `fingerprint` in `copylint check --format json` or the report shows it".into(),
                    )),
                );
        }
        if sentence.is_some() && fingerprint.is_some() {
            problems.push(located(
                source,
                &at("fingerprint"),
                "a waiver takes `sentence` or `fingerprint`, not both".into(),
            ));
        }
        if let (Some(glob), Some(expires), true) = (glob, expires, problems.len() == before) {
            out.push(Waiver {
                number: i + 1,
                path: def.path.clone(),
                glob,
                rule: def.rule.trim().to_string(),
                sentence,
                fingerprint,
                reason: def.reason.trim().to_string(),
                approved_by: def.approved_by.trim().to_string(),
                expires,
            });
        }
    }
    out
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

fn key(k: &str) -> PathStep {
    PathStep::Key(k.to_string())
}

/// Whether a path a config file names (`spec` as written, `path` resolved against the
/// file's folder) leads out of `boundary`, its repository: absolute, or resolving (links
/// and `..` followed) outside it. A path that does not resolve is left to whoever reads
/// it, which says why.
fn leads_outside(spec: &str, path: &Path, boundary: &Path) -> bool {
    Path::new(spec).is_absolute()
        || std::fs::canonicalize(path).is_ok_and(|real| !real.starts_with(boundary))
}

/// `.copylint.yaml` in `folder` or its nearest ancestor that has one, up to the
/// repository root (only `folder` outside a repository).
fn discover(folder: &Path) -> Option<PathBuf> {
    candidates(folder)
        .into_iter()
        .find(|candidate| candidate.is_file())
}

/// Where a config file for `folder` is looked for, nearest first: `.copylint.yaml` in
/// `folder` and each folder above it up to its repository root (see [`crate::repo`]);
/// only in `folder` outside a repository. A file planted higher up (in `/tmp`, in a home
/// folder) never applies to a repository's checks.
pub fn candidates(folder: &Path) -> Vec<PathBuf> {
    let boundary = repo::boundary(folder);
    let mut out = Vec::new();
    for dir in folder.ancestors() {
        out.push(dir.join(FILE_NAME));
        if dir == boundary {
            break;
        }
    }
    out
}

/// A path as shown in messages: relative to `folder` when inside it, control characters
/// escaped.
fn shown(path: &Path, folder: &Path) -> String {
    let path = normalize(path);
    escape::line(
        &path
            .strip_prefix(folder)
            .unwrap_or(&path)
            .display()
            .to_string(),
    )
    .into_owned()
}

/// `path` made absolute against the current folder, `.` and `..` resolved lexically.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// Resolves `.` and `..` components without touching the file system.
fn normalize(path: &Path) -> PathBuf {
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

fn globs(
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
                    problems.push(ConfigProblem::new(
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
fn glob(pattern: &str) -> Result<Glob, globset::Error> {
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
    root: PathBuf,
    /// The folder relative paths are relative to.
    base: PathBuf,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
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

/// The commented starter file `copylint init` writes.
pub const STARTER: &str = r#"# copylint configuration (see copylint's README, "Configuration").
# copylint reads the .copylint.yaml in the current folder or its nearest parent, up to
# the repository root.
# Paths and globs here are relative to this file. Command-line flags win over it.

# Use the built-in openai-on-aws lexicon (the OpenAI-on-AWS messaging policy).
default-lexicon: true

# Extra lexicons: YAML files, or built-in ones as builtin:NAME.
lexicons: []
#  - lexicons/brand.yaml

# Per-rule severity: error, warning, note or off. Rule ids may be qualified
# (openai-on-aws/access-wording) or local (access-wording); `copylint rules` lists them.
rules: {}
#  frontier-availability: warning
#  copylint/unused-suppression: off

# The lowest severity that makes `copylint check` exit with status 1: error, warning or note.
fail-on: error

# Files found in folders: when `include` has globs, only matching files are checked;
# files and folders matching `exclude` are never checked. A glob without a `/` matches
# at any depth, like in .gitignore.
include: []
exclude: []
#  - drafts/
#  - "*.generated.md"

# Extra file extensions and how to read them: markdown, text or html.
file-types: {}
#  rst: text

# Suppression comments must give a reason after `--`, e.g.
# <!-- copylint-disable-next-line access-wording -- approved by legal, LEGAL-123 -->
require-reason: false

# Findings someone accepted: a path glob, a rule, optionally the text of the sentence
# (or the fingerprint the JSON output and the report show), why, who approved it and
# the last day it applies. After that day the findings are reported again, with a
# warning naming the approver.
waivers: []
#  - path: "legal-approved/**"
#    rule: access-wording
#    sentence: "SRE enables access to ChatGPT Enterprise"
#    reason: approved by legal, LEGAL-123
#    approved-by: Jane Doe
#    expires: 2026-12-31
"#;

/// Writes [`STARTER`] to `.copylint.yaml` in `folder`, refusing to replace an existing
/// file. Returns the path written.
pub fn write_starter(folder: &Path) -> Result<PathBuf, ConfigError> {
    use std::io::Write;
    let path = folder.join(FILE_NAME);
    let shown = path.display().to_string();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => ConfigError::AlreadyExists {
                path: shown.clone(),
            },
            _ => ConfigError::Write {
                path: shown.clone(),
                source,
            },
        })?;
    file.write_all(STARTER.as_bytes())
        .and_then(|_| file.sync_all())
        .map_err(|source| ConfigError::Write {
            path: shown,
            source,
        })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_file_is_valid_and_means_the_defaults() {
        let file: ConfigFile = yaml::from_str(STARTER).unwrap();
        assert_eq!(file.default_lexicon, Some(true));
        assert!(file.lexicons.is_empty() && file.rules.is_empty());
        assert_eq!(file.fail_on, Some(SeverityDef::Error));
        assert!(!file.require_reason);
        assert!(file.waivers.is_empty());
    }

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
