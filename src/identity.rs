//! What a run's findings depend on besides the files it read: copylint's version, the
//! lexicons (name and SHA-256 of their text), the config file and the baseline (SHA-256 of
//! their text). The JSON and JSON Lines outputs carry it, so that `copylint report --from`
//! merges only the outputs of runs that judged their files the same way: two shards
//! checked with different lexicons cannot make one honest report.
//!
//! Origins (paths) are not compared: a lexicon shipped to a cluster's executors sits in
//! another folder there, and it is its text that decides the findings.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Settings;
use crate::lexicon::Engine;

/// See the module documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunIdentity {
    /// copylint's version (`CARGO_PKG_VERSION`).
    pub copylint: String,
    /// The lexicons in force, in load order.
    pub lexicons: Vec<LexiconIdentity>,
    /// SHA-256 of the config file's text, or `null` without one.
    pub config_sha256: Option<String>,
    /// SHA-256 of the baseline file's bytes, or `null` without one.
    pub baseline_sha256: Option<String>,
}

/// One lexicon of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LexiconIdentity {
    /// The name its rule ids are qualified with.
    pub name: String,
    /// Where this run loaded it from (a path, or `builtin:NAME`); shown, not compared.
    pub origin: String,
    /// SHA-256 of its text, in hex.
    pub sha256: String,
}

impl RunIdentity {
    /// The identity of a run with `settings`, their compiled `engine`, and the baseline
    /// file `baseline` (if any; a baseline that cannot be read hashes as `unreadable`,
    /// which matches no other).
    pub fn new(settings: &Settings, engine: &Engine, baseline: Option<&Path>) -> RunIdentity {
        let lexicons = settings
            .lexicons
            .iter()
            .map(|source| LexiconIdentity {
                name: engine
                    .lexicons
                    .iter()
                    .find(|l| l.origin == source.origin)
                    .map_or_else(|| source.origin.clone(), |l| l.name.clone()),
                origin: source.origin.clone(),
                sha256: sha256(source.text.as_bytes()),
            })
            .collect();
        RunIdentity {
            copylint: env!("CARGO_PKG_VERSION").to_string(),
            lexicons,
            config_sha256: settings.config_text().map(|t| sha256(t.as_bytes())),
            baseline_sha256: baseline.map(|path| {
                std::fs::read(path).map_or_else(|_| "unreadable".to_string(), |b| sha256(&b))
            }),
        }
    }

    /// Why a run with identity `other` cannot be merged with one with this identity, if
    /// they differ in anything but where lexicons were loaded from.
    pub fn conflict(&self, other: &RunIdentity) -> Option<String> {
        if self.copylint != other.copylint {
            return Some(format!(
                "copylint {} against copylint {}",
                self.copylint, other.copylint
            ));
        }
        let names = |id: &RunIdentity| -> Vec<String> {
            id.lexicons
                .iter()
                .map(|l| format!("{} (sha256 {})", l.name, short(&l.sha256)))
                .collect()
        };
        let same_lexicons = self.lexicons.len() == other.lexicons.len()
            && self
                .lexicons
                .iter()
                .zip(&other.lexicons)
                .all(|(a, b)| a.name == b.name && a.sha256 == b.sha256);
        if !same_lexicons {
            return Some(format!(
                "lexicons {} against {}",
                names(self).join(", "),
                names(other).join(", ")
            ));
        }
        let file = |what: &str, a: &Option<String>, b: &Option<String>| {
            let show = |h: &Option<String>| h.as_deref().map_or("none".to_string(), short);
            (a != b).then(|| format!("{what} {} against {}", show(a), show(b)))
        };
        file("config file", &self.config_sha256, &other.config_sha256).or_else(|| {
            file(
                "baseline file",
                &self.baseline_sha256,
                &other.baseline_sha256,
            )
        })
    }
}

fn short(hash: &str) -> String {
    hash.chars().take(12).collect()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(lexicon_text: &str) -> RunIdentity {
        RunIdentity {
            copylint: "1.0.0".into(),
            lexicons: vec![LexiconIdentity {
                name: "house".into(),
                origin: "house.yaml".into(),
                sha256: sha256(lexicon_text.as_bytes()),
            }],
            config_sha256: None,
            baseline_sha256: None,
        }
    }

    #[test]
    fn runs_conflict_on_a_lexicon_text_but_not_on_its_origin() {
        let a = identity("v1");
        let mut moved = a.clone();
        moved.lexicons[0].origin = "/tmp/spark-1/house.yaml".into();
        assert_eq!(a.conflict(&moved), None);
        let edited = identity("v2");
        let why = a.conflict(&edited).unwrap();
        assert!(why.starts_with("lexicons house (sha256 "), "{why}");
    }

    #[test]
    fn runs_conflict_on_the_config_file() {
        let a = identity("v1");
        let mut b = a.clone();
        b.config_sha256 = Some(sha256(b"waivers: []"));
        assert!(
            a.conflict(&b)
                .unwrap()
                .starts_with("config file none against ")
        );
    }
}
