//! The commented starter file `copylint init` writes, and writing it.

use std::path::{Path, PathBuf};

use super::{ConfigError, FILE_NAME};

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
    use crate::config::ConfigFile;
    use crate::lexicon::model::SeverityDef;
    use crate::lexicon::yaml;

    #[test]
    fn the_starter_file_is_valid_and_means_the_defaults() {
        let file: ConfigFile = yaml::from_str(STARTER).unwrap();
        assert_eq!(file.default_lexicon, Some(true));
        assert!(file.lexicons.is_empty() && file.rules.is_empty());
        assert_eq!(file.fail_on, Some(SeverityDef::Error));
        assert!(!file.require_reason);
        assert!(file.waivers.is_empty());
    }
}
