//! `check --statistics`: the human output ends with a per-rule table of the findings.

mod common;

use common::Scratch;

#[test]
fn statistics_end_the_human_output_with_a_table_per_rule() {
    let s = Scratch::new();
    s.write(
        "a.md",
        "SRE enables access to ChatGPT. SRE calls on Codex.\n\nSRE gives access to Sora.\n\nSRE invokes GPT-5.\n\n<!-- copylint-disable-next-line -->\nSRE calls on ChatGPT.\n",
    );
    s.write(
        "b.md",
        "Our Sagemaker page is HIPAA compliant with 100% uptime.\n",
    );
    let out = s
        .cmd(&[
            "check",
            "--statistics",
            "--lexicon",
            "builtin:cloud-claims",
            "--lexicon",
            "builtin:brand-names",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let table = &stdout[stdout.find("COUNT").expect("a table")..];
    insta::assert_snapshot!("statistics", table);
}

#[test]
fn statistics_are_for_the_human_output_only() {
    let s = Scratch::new();
    s.write("a.md", "SRE calls on ChatGPT.\n");
    let out = s
        .cmd(&["check", "--statistics", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("--statistics")
    );
}

#[test]
fn no_table_when_nothing_is_left_to_show() {
    let s = Scratch::new();
    s.write("a.md", "SRE is powered by OpenAI.\n");
    let out = s.cmd(&["check", "--statistics"]).output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "checked 1 file: 0 errors, 0 warnings, 0 notes\n"
    );
}
