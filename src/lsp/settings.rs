//! What the server lints a document with: the [`Linter`] for the document's folder,
//! exactly as `copylint check` builds it there (the nearest `.copylint.yaml` up to the
//! repository root, with its waivers and baseline, then the server's own flags), loaded
//! once per folder and loaded again when the files it came from change.
//!
//! [`load_for`] is the one place that decides what applies to a folder; everything else
//! in the server goes through [`SettingsCache`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use serde::Deserialize;

use crate::config::{self, ConfigLocation, Overrides};
use crate::expiry;
use crate::lint::{BaselineChoice, Linter, Setup, SetupError};

/// What the server was started with: `copylint lsp --lexicon FILE --no-default-lexicon
/// --config FILE --no-config`, extended by the client's `initializationOptions`. Like the
/// command line of `copylint check`, it wins over a `.copylint.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Defaults {
    /// Lexicons to add to those of the config file: paths or `builtin:NAME`.
    pub lexicons: Vec<String>,
    /// Do not load the built-in lexicon.
    pub no_default_lexicon: bool,
    /// Use this config file for every document instead of looking for `.copylint.yaml`
    /// (an absolute path).
    pub config: Option<PathBuf>,
    /// Ignore any `.copylint.yaml`.
    pub no_config: bool,
    /// Let config files name lexicons outside their repository (`--allow-outside-paths`).
    pub allow_outside_paths: bool,
    /// The folder relative lexicon paths of `initializationOptions` are resolved against
    /// (the first workspace folder).
    pub root: Option<PathBuf>,
}

/// The `initializationOptions` the server understands:
/// `{"lexicons": ["team.yaml"], "noDefaultLexicon": false}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct InitializationOptions {
    /// More lexicons (paths relative to the workspace folder, or `builtin:NAME`).
    pub lexicons: Vec<String>,
    /// Do not load the built-in lexicon.
    pub no_default_lexicon: bool,
}

impl Defaults {
    /// What `copylint lsp` was started with. Paths on the command line are relative to
    /// where the editor started the server; config paths resolve against each
    /// document's folder otherwise, so they are made absolute here.
    pub fn from_command_line(
        lexicons: Vec<String>,
        no_default_lexicon: bool,
        config: Option<PathBuf>,
        no_config: bool,
        allow_outside_paths: bool,
    ) -> Defaults {
        let absolute = |spec: String| {
            if spec.starts_with("builtin:") {
                spec
            } else {
                std::path::absolute(&spec).map_or(spec, |p| p.to_string_lossy().into_owned())
            }
        };
        Defaults {
            lexicons: lexicons.into_iter().map(absolute).collect(),
            no_default_lexicon,
            config: config.map(|file| std::path::absolute(&file).unwrap_or(file)),
            no_config,
            allow_outside_paths,
            root: None,
        }
    }

    /// Adds the client's options: their lexicons resolved against `root`.
    pub fn extend(&mut self, options: InitializationOptions, root: Option<PathBuf>) {
        for spec in options.lexicons {
            let resolved = match &root {
                Some(root) if !spec.starts_with("builtin:") && Path::new(&spec).is_relative() => {
                    root.join(&spec).to_string_lossy().into_owned()
                }
                _ => spec,
            };
            self.lexicons.push(resolved);
        }
        self.no_default_lexicon |= options.no_default_lexicon;
        self.root = root;
    }
}

/// Why a folder has no linter: a config file, a lexicon or a baseline that cannot be
/// used.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The config file, a lexicon or the baseline could not be read or is invalid.
    #[error(transparent)]
    Setup(#[from] SetupError),
}

impl SettingsError {
    /// The problem as plain text for an editor's message and diagnostic: the error,
    /// then a line per problem, `FILE:LINE:COLUMN: what; hint` (no box, no colours).
    pub fn report(&self) -> String {
        let SettingsError::Setup(err) = self;
        let mut lines = Vec::new();
        plain_lines(err, &mut lines);
        lines.join("\n")
    }
}

/// `diagnostic` and its related problems, a line each, located at their first label.
fn plain_lines(diagnostic: &dyn miette::Diagnostic, lines: &mut Vec<String>) {
    let mut line = diagnostic.to_string();
    let label = diagnostic.labels().and_then(|mut labels| labels.next());
    if let (Some(source), Some(label)) = (diagnostic.source_code(), label)
        && let Ok(span) = source.read_span(label.inner(), 0, 0)
    {
        let name = span.name().map_or_else(String::new, |n| format!("{n}:"));
        line = format!("{name}{}:{}: {line}", span.line() + 1, span.column() + 1);
    }
    if let Some(help) = diagnostic.help() {
        line = format!("{line}; {help}");
    }
    lines.push(line);
    for related in diagnostic.related().into_iter().flatten() {
        plain_lines(related, lines);
    }
}

/// The settings for documents in `folder`, and the files they depend on.
///
/// This is the seam between the server and configuration: it resolves settings the way
/// `copylint check` does when run in `folder` (`config::load`, then `Settings::compile`),
/// with the server's [`Defaults`] as the command line. The paths returned are every file
/// the settings were read from, and every `.copylint.yaml` that could have been found but
/// was not (a missing file's stamp is "missing", so creating one is noticed as a change).
pub fn load_for(
    folder: &Path,
    defaults: &Defaults,
) -> (Result<Linter, SettingsError>, Vec<PathBuf>) {
    let location = match (&defaults.config, defaults.no_config) {
        (_, true) => ConfigLocation::Ignore,
        (Some(file), false) => ConfigLocation::File(file),
        (None, false) => ConfigLocation::Discover,
    };
    let mut inputs: Vec<PathBuf> = match location {
        ConfigLocation::Discover => config::candidates(folder),
        ConfigLocation::File(file) => vec![folder.join(file)],
        ConfigLocation::Ignore => Vec::new(),
    };
    let overrides = Overrides {
        lexicons: defaults.lexicons.clone(),
        no_default_lexicon: defaults.no_default_lexicon,
        fail_on: None,
        allow_outside_paths: defaults.allow_outside_paths,
    };
    let today = match expiry::today() {
        Ok(today) => today,
        Err(_) => jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date(),
    };
    let result = Linter::load(Setup {
        folder,
        config: location,
        overrides,
        baseline: BaselineChoice::FromConfig,
        today,
    });
    if let Ok(linter) = &result {
        inputs.extend(
            linter
                .settings()
                .lexicons
                .iter()
                .filter(|source| !source.origin.starts_with("builtin:"))
                .map(|source| folder.join(&source.origin)),
        );
        inputs.extend(linter.settings().baseline.clone());
    }
    (result.map_err(SettingsError::from), inputs)
}

/// A file's modification time and length, to tell when it changed.
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The outcome of [`load_for`] for one folder.
pub type Loaded = Result<Arc<Linter>, Arc<SettingsError>>;

struct Entry {
    loaded: Loaded,
    /// The files the settings were read from, as they were then.
    inputs: Vec<(PathBuf, Stamp)>,
}

/// Settings per folder, loaded on first use.
pub struct SettingsCache {
    defaults: Defaults,
    entries: HashMap<PathBuf, Entry>,
}

impl SettingsCache {
    /// An empty cache that loads with `defaults`.
    pub fn new(defaults: Defaults) -> Self {
        SettingsCache {
            defaults,
            entries: HashMap::new(),
        }
    }

    /// Replaces the defaults (after `initialize`) and forgets everything loaded.
    pub fn set_defaults(&mut self, defaults: Defaults) {
        self.defaults = defaults;
        self.entries.clear();
    }

    /// The settings for documents in `folder`, loading them if needed.
    pub fn get(&mut self, folder: &Path) -> Loaded {
        if let Some(entry) = self.entries.get(folder) {
            return entry.loaded.clone();
        }
        let (result, read) = load_for(folder, &self.defaults);
        let loaded = result.map(Arc::new).map_err(Arc::new);
        let inputs = read.into_iter().map(|p| (p.clone(), stamp(&p))).collect();
        self.entries.insert(
            folder.to_path_buf(),
            Entry {
                loaded: loaded.clone(),
                inputs,
            },
        );
        loaded
    }

    /// Forgets everything loaded (a watched file changed).
    pub fn invalidate(&mut self) {
        self.entries.clear();
    }

    /// Forgets the settings whose files changed on disk since they were loaded, and every
    /// failure (a lexicon a config file names is only known once the file loads); returns
    /// whether anything was forgotten. A few `stat` calls: cheap enough for every save.
    pub fn forget_changed(&mut self) -> bool {
        let before = self.entries.len();
        self.entries.retain(|_, entry| {
            entry.loaded.is_ok() && entry.inputs.iter().all(|(path, was)| stamp(path) == *was)
        });
        self.entries.len() != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Severity;

    #[test]
    fn settings_are_cached_and_reloaded_when_a_lexicon_changes() {
        let dir = tempfile::tempdir().unwrap();
        let lexicon = dir.path().join("team.yaml");
        let write = |phrase: &str| {
            std::fs::write(
                &lexicon,
                format!("lexicon: team\nrules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [{phrase}]\n"),
            )
            .unwrap();
        };
        write("synergy");
        let mut cache = SettingsCache::new(Defaults {
            lexicons: vec![lexicon.to_string_lossy().into_owned()],
            no_default_lexicon: true,
            no_config: true,
            ..Defaults::default()
        });
        let first = cache.get(dir.path()).unwrap();
        assert!(Arc::ptr_eq(&first, &cache.get(dir.path()).unwrap()));
        assert!(!cache.forget_changed());
        write("synergies and more");
        assert!(cache.forget_changed());
        let second = cache.get(dir.path()).unwrap();
        assert!(!Arc::ptr_eq(&first, &second));
        // A broken lexicon is an error, tried again on the next save or open.
        std::fs::write(&lexicon, "lexicon: team\nrules: [oops\n").unwrap();
        cache.invalidate();
        let err = cache.get(dir.path()).unwrap_err();
        assert!(err.report().contains("team.yaml"), "{}", err.report());
        assert!(cache.forget_changed());
    }

    #[test]
    fn the_nearest_config_file_applies_and_creating_one_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs/deep");
        std::fs::create_dir_all(&docs).unwrap();
        // Config files are looked for up to the repository root.
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        let mut cache = SettingsCache::new(Defaults::default());
        let before = cache.get(&docs).unwrap();
        let rule = before.engine().find_rule("call-wording").unwrap();
        assert_eq!(before.engine().rules[rule].severity, Severity::Error);
        // A .copylint.yaml appears in a parent folder: the next save picks it up.
        std::fs::write(
            dir.path().join(config::FILE_NAME),
            "rules:\n  call-wording: warning\nexclude: [drafts]\n",
        )
        .unwrap();
        assert!(cache.forget_changed());
        let after = cache.get(&docs).unwrap();
        assert_eq!(after.engine().rules[rule].severity, Severity::Warning);
        assert!(
            after
                .settings()
                .paths
                .excludes(&dir.path().join("drafts/x.md"))
        );
        // A broken config file is an error that names it.
        std::fs::write(dir.path().join(config::FILE_NAME), "rules: [\n").unwrap();
        assert!(cache.forget_changed());
        let err = cache.get(&docs).unwrap_err();
        assert!(err.report().contains(".copylint.yaml"), "{}", err.report());
    }

    #[test]
    fn relative_lexicons_of_the_client_resolve_against_the_workspace() {
        let mut defaults = Defaults::default();
        defaults.extend(
            InitializationOptions {
                lexicons: vec!["team.yaml".into(), "builtin:openai-on-aws".into()],
                no_default_lexicon: true,
            },
            Some(PathBuf::from("/work/space")),
        );
        assert_eq!(
            defaults.lexicons,
            ["/work/space/team.yaml", "builtin:openai-on-aws"]
        );
        assert!(defaults.no_default_lexicon);
    }
}
