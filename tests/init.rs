//! `copylint init`'s starter file: every example in it works once uncommented.
//!
//! The starter marks examples as lines that start with `#` and no space (prose comments
//! are `# text`); a block is a run of such lines. Each block is uncommented alone, and
//! copylint must load the file and check with it.

mod common;

use common::Scratch;

/// The example blocks of `starter`: (first line index, line count).
fn example_blocks(starter: &str) -> Vec<(usize, usize)> {
    let is_example = |line: &str| line.starts_with('#') && !line.starts_with("# ") && line != "#";
    let lines: Vec<&str> = starter.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if is_example(lines[i]) {
            let start = i;
            while i < lines.len() && is_example(lines[i]) {
                i += 1;
            }
            blocks.push((start, i - start));
        } else {
            i += 1;
        }
    }
    blocks
}

#[test]
fn every_commented_example_of_the_starter_works_uncommented() {
    let s = Scratch::new();
    s.write("docs/page.md", "SRE calls on ChatGPT.\n");
    s.write("drafts/page.md", "SRE calls on ChatGPT.\n");
    // The baseline example names this file: make it as the README says.
    s.cmd(&["check", "--write-baseline", ".copylint-baseline.json"])
        .assert()
        .code(0);
    s.cmd(&["init"]).assert().code(0);
    let starter = std::fs::read_to_string(s.path().join(".copylint.yaml")).unwrap();
    let blocks = example_blocks(&starter);
    assert_eq!(blocks.len(), 7, "one per list or map setting: {blocks:?}");
    let lines: Vec<&str> = starter.lines().collect();
    for (start, len) in blocks {
        let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        for line in &mut edited[start..start + len] {
            *line = line[1..].to_string();
        }
        let uncommented = edited.join("\n") + "\n";
        s.write(".copylint.yaml", &uncommented);
        let out = s.cmd(&["check", "--format", "json"]).output().unwrap();
        let block = lines[start..start + len].join("\n");
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "uncommenting\n{block}\nbreaks the config:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn report_without_an_output_names_the_flags_and_requires_no_path() {
    let s = Scratch::new();
    let out = s.cmd(&["report"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("--html <FILE>"), "{err}");
    assert!(err.contains("--csv <FILE>"), "{err}");
    assert!(!err.contains("<PATH>"), "a path is optional:\n{err}");
}

#[test]
fn long_warnings_wrap_between_words_never_inside_a_rule_id() {
    let s = Scratch::new();
    s.write(
        "legal/a.md",
        "SRE enables access to ChatGPT Enterprise for partners.\n",
    );
    let waiver = "waivers:\n  - path: legal/\n    rule: openai-on-aws/access-wording\n    \
                  reason: approved by legal\n    approved-by: Jane Doe\n    expires: 2026-12-31\n";
    // Config names of every length move the rule id across the 80-column edge.
    for n in 1..=60 {
        let name = format!("{}.yaml", "c".repeat(n));
        s.write(&name, waiver);
        let out = s
            .cmd(&["check", "--config", &name, "legal"])
            .env("COPYLINT_TODAY", "2027-01-01")
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("2026-12-31"),
            "no lapsed-waiver warning:\n{err}"
        );
        assert!(err.contains("openai-on-aws/access-wording"), "{err}");
    }
}
