//! An audit repository to run every door on: the samples, every document fixture and
//! (when it is beside the project) `../shared/corpus/real`, with inline suppressions, a
//! baseline of the samples and a config holding a waiver and a severity override.
//! tests/consistency.rs and tests/merge.rs check their doors on it.

use std::path::Path;

use super::Scratch;

/// The config every audit repository has; `extra_waivers` are appended to its waivers
/// (YAML list items, indented by two spaces).
fn config(extra_waivers: &str) -> String {
    format!(
        "baseline: baseline.json\n\
         rules:\n  call-wording: warning\n\
         waivers:\n\
         \x20 - path: fixtures\n\
         \x20   rule: access-wording\n\
         \x20   reason: approved deck wording, LEGAL-9\n\
         \x20   approved-by: Jane Doe\n\
         \x20   expires: 2099-12-31\n\
         {extra_waivers}"
    )
}

/// Builds the audit repository; the config is written after the baseline, so the
/// baseline records what the samples hold with no config.
pub fn repository(extra_waivers: &str) -> Scratch {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let s = Scratch::new();
    // A repository: the language server looks for config files up to its root.
    s.write(".git/HEAD", "ref: refs/heads/main\n");
    copy_tree(&root.join("samples"), &s.path().join("samples"));
    for dir in std::fs::read_dir(root.join("tests/fixtures")).unwrap() {
        let dir = dir.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        // Lexicons and the SARIF schema are not documents.
        if dir.is_dir() && !["lexicons", "sarif"].contains(&name.as_str()) {
            copy_tree(&dir, &s.path().join("fixtures").join(name));
        }
    }
    let corpus = root.join("../shared/corpus/real");
    if corpus.is_dir() {
        copy_tree(&corpus, &s.path().join("corpus"));
    } else {
        eprintln!("../shared/corpus/real is not here: auditing the samples and fixtures only");
    }
    s.write(
        "samples/suppressed.md",
        "<!-- copylint-disable-next-line access-wording -- approved by legal, LEGAL-7 -->\n\
         SRE enables access to ChatGPT.\n\n\
         <!-- copylint-disable call-wording -->\n\
         SRE calls on GPT-5.\n\n\
         <!-- copylint-enable -->\n\
         SRE calls on Codex.\n",
    );
    s.cmd(&[
        "check",
        "--no-config",
        "--write-baseline",
        "baseline.json",
        "samples",
    ])
    .assert()
    .code(0);
    s.write(".copylint.yaml", config(extra_waivers));
    s
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
