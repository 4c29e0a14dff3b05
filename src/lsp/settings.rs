//! What the server lints a document with: the engine for the document's folder, loaded
//! once per folder and loaded again when the files it came from change.
//!
//! [`load_for`] is the one place that decides what applies to a folder; everything else
//! in the server goes through [`SettingsCache`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use serde::Deserialize;

use crate::lexicon::{self, Engine, LexiconError, LexiconSource};

/// What the server was started with: `copylint lsp --lexicon FILE --no-default-lexicon`,
/// extended by the client's `initializationOptions`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Defaults {
    /// Lexicons to add to the built-in one: paths or `builtin:NAME`.
    pub lexicons: Vec<String>,
    /// Do not load the built-in lexicon.
    pub no_default_lexicon: bool,
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

/// Everything that applies to the documents of one folder.
#[derive(Debug)]
pub struct Settings {
    /// The compiled lexicons.
    pub engine: Engine,
}

/// Why a folder has no settings: for now, a lexicon that cannot be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// A lexicon could not be read or is invalid.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
}

impl SettingsError {
    /// The full report, as `copylint check` prints it (without colours).
    pub fn report(&self) -> String {
        let SettingsError::Lexicon(err) = self;
        let mut text = String::new();
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
        if handler.render_report(&mut text, err).is_err() {
            text = err.to_string();
        }
        text.trim_end().to_string()
    }
}

/// The settings for documents in `folder`, and the files they were read from.
///
/// **This is the seam for configuration files.** For now it loads what `copylint check`
/// loads without a configuration file: the built-in lexicon (unless
/// `--no-default-lexicon`) plus the lexicons given to `copylint lsp --lexicon` or in
/// `initializationOptions`; `folder` is not consulted yet. When `.copylint.yaml` support
/// lands (`src/config.rs`), this function should call the same loader the CLI uses for
/// `folder` and return, besides the lexicons, every configuration file it read and every
/// candidate path it looked for and did not find (a missing file's stamp is "missing", so
/// creating one is noticed too); the cache reloads when any of them changes. Watched-file
/// events already cover `**/*.yaml` and `**/*.yml`. Nothing else in the server needs to
/// change.
pub fn load_for(
    folder: &Path,
    defaults: &Defaults,
) -> (Result<Settings, SettingsError>, Vec<PathBuf>) {
    let _ = folder;
    let mut read = Vec::new();
    let result = (|| {
        let mut sources = Vec::new();
        if !defaults.no_default_lexicon {
            sources.push(LexiconSource::builtin("openai-on-aws")?);
        }
        for spec in &defaults.lexicons {
            let path = PathBuf::from(spec);
            if !spec.starts_with("builtin:") {
                read.push(path.clone());
            }
            sources.push(LexiconSource::load(spec, &path)?);
        }
        Ok(Settings {
            engine: lexicon::compile(&sources)?,
        })
    })();
    (result, read)
}

/// A file's modification time and length, to tell when it changed.
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The outcome of [`load_for`] for one folder.
pub type Loaded = Result<Arc<Settings>, Arc<SettingsError>>;

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

    /// Forgets the settings whose files changed on disk since they were loaded; returns
    /// whether any were. A few `stat` calls: cheap enough for every save.
    pub fn forget_changed(&mut self) -> bool {
        let before = self.entries.len();
        self.entries
            .retain(|_, entry| entry.inputs.iter().all(|(path, was)| stamp(path) == *was));
        self.entries.len() != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            root: None,
        });
        let first = cache.get(dir.path()).unwrap();
        assert!(Arc::ptr_eq(&first, &cache.get(dir.path()).unwrap()));
        assert!(!cache.forget_changed());
        write("synergies and more");
        assert!(cache.forget_changed());
        let second = cache.get(dir.path()).unwrap();
        assert!(!Arc::ptr_eq(&first, &second));
        // A broken lexicon is an error the cache keeps until the file changes again.
        std::fs::write(&lexicon, "lexicon: team\nrules: [oops\n").unwrap();
        cache.invalidate();
        let err = cache.get(dir.path()).unwrap_err();
        assert!(err.report().contains("team.yaml"), "{}", err.report());
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
