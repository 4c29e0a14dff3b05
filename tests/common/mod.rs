//! Helpers shared by the integration tests: run the real binary in a scratch folder.
#![allow(dead_code)]

pub mod audit;
pub mod lsp;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A scratch folder with files in it, and the copylint binary to run there.
pub struct Scratch {
    pub dir: TempDir,
}

impl Scratch {
    /// An empty scratch folder.
    pub fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Writes `contents` to `relative` (creating folders).
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `copylint ARGS...` run inside the folder, without colours.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = copylint();
        cmd.current_dir(self.path()).args(args);
        cmd
    }
}

/// The date the tests run on, as far as copylint knows: expiry dates (of rules and
/// waivers) must not change what the tests see as the calendar moves.
pub const TODAY: &str = "2026-06-01";

/// The binary under test, with an environment that cannot change its output.
pub fn copylint() -> Command {
    let mut cmd = Command::cargo_bin("copylint").expect("binary");
    cmd.env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .env("COPYLINT_TODAY", TODAY);
    cmd
}

/// Runs `copylint check --format json ARGS` in `dir` and parses the output.
pub fn check_json(dir: &Path, args: &[&str]) -> (serde_json::Value, i32) {
    let out = copylint()
        .current_dir(dir)
        .arg("check")
        .arg("--format")
        .arg("json")
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    let value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "invalid JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (value, code)
}

/// Two string fields of each diagnostic, for compact assertions.
pub fn field_pairs(json: &serde_json::Value, a: &str, b: &str) -> Vec<(String, String)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d[a].as_str().unwrap().to_string(),
                d[b].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The `rule` and `matched` of each diagnostic.
pub fn rules_and_matches(json: &serde_json::Value) -> Vec<(String, String)> {
    field_pairs(json, "rule", "matched")
}

/// The `file://` URI of an absolute path, as copylint writes it.
pub fn file_uri(path: &Path) -> String {
    copylint::uri::file_uri(path).expect("file URI").to_string()
}

/// The path of a fixture file.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}
