//! Map and reduce: an audit split into shards, each checked on its own with
//! `check --format jsonl` (or `json`), then merged by `report --from`, gives the report
//! of one run over every file: the CSV equal row for row, the HTML page equal but for its
//! nonce, the `--statistics` table equal. With a config that has waivers (one expired), a severity override, a baseline
//! and inline suppressions, on the samples, every fixture and `../shared/corpus/real`
//! when it is beside the project. Then what must not merge: other lexicons, a run cut
//! short, an empty output, a file in two shards.

mod common;

use std::path::{Path, PathBuf};

use common::{Scratch, audit};

/// A scratch repository holding the documents of an audit, with its config and baseline.
fn audit() -> Scratch {
    let s = audit::repository(
        "\x20 - path: new\n\
         \x20   rule: call-wording\n\
         \x20   reason: launch copy, LEGAL-2\n\
         \x20   approved-by: Jane Doe\n\
         \x20   expires: 2020-01-31\n",
    );
    s.write("samples/binary.txt", b"SRE \0 calls on GPT-5\n");
    for i in 0..6 {
        s.write(
            &format!("new/page-{i}.md"),
            "SRE enables access to ChatGPT. SRE calls on GPT-5.\n",
        );
    }
    s
}

/// Every document of the audit, relative and sorted, with one path that does not exist.
fn file_list(s: &Scratch) -> Vec<String> {
    let mut files = Vec::new();
    list(s.path(), s.path(), &mut files);
    files.retain(|f| !f.starts_with(".git/"));
    files.push("gone/missing.md".to_string());
    files.sort();
    files
}

/// `count` shards of `files`, dealt like cards so that every folder is split.
fn shards(files: &[String], count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            files
                .iter()
                .skip(i)
                .step_by(count)
                .map(|f| format!("{f}\n"))
                .collect()
        })
        .collect()
}

/// Writes each shard's list and checks it in `format`; returns the output files.
fn map(s: &Scratch, shards: &[String], format: &str) -> Vec<String> {
    shards
        .iter()
        .enumerate()
        .map(|(i, list)| {
            let name = format!("shard-{format}-{i}.list");
            s.write(&name, list);
            let out = s
                .cmd(&["check", "--format", format, "--files-from", &name])
                .output()
                .unwrap();
            assert!(
                matches!(out.status.code(), Some(0..=2)),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let output = format!("shard-{format}-{i}.{format}");
            s.write(&output, &out.stdout);
            output
        })
        .collect()
}

/// `report --csv NAME.csv --html NAME.html ARGS`: its exit status.
fn report(s: &Scratch, name: &str, args: &[&str]) -> Option<i32> {
    let (csv, html) = (format!("{name}.csv"), format!("{name}.html"));
    let mut all = vec!["report", "--csv", &csv, "--html", &html];
    all.extend_from_slice(args);
    let out = s.cmd(&all).output().unwrap();
    assert!(
        out.status.code() != Some(2) || s.path().join(&csv).exists(),
        "report {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.status.code()
}

fn read(s: &Scratch, name: &str) -> String {
    std::fs::read_to_string(s.path().join(name)).unwrap()
}

/// The page without its nonce, which is fresh on every page.
fn page(s: &Scratch, name: &str) -> String {
    let html = read(s, name);
    let mut out = String::new();
    let mut rest = html.as_str();
    while let Some(at) = rest.find("nonce") {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        out.push_str("nonce");
        rest = after["nonce".len()..].trim_start_matches(|c: char| {
            c.is_ascii_hexdigit() || c == '-' || c == '=' || c == '"' || c == '\''
        });
    }
    out.push_str(rest);
    out
}

#[test]
fn shards_merge_into_the_report_of_one_run() {
    let s = audit();
    let files = file_list(&s);
    s.write(
        "all.list",
        files.iter().map(|f| format!("{f}\n")).collect::<String>(),
    );
    let whole = report(&s, "whole", &["--files-from", "all.list"]);

    // Any mix of JSON Lines and JSON outputs merges.
    let shards = shards(&files, 4);
    let mut outputs = map(&s, &shards[..3], "jsonl");
    outputs.extend(map(&s, &shards[3..], "json"));
    let mut args = vec!["--from"];
    args.extend(outputs.iter().map(String::as_str));
    let merged = report(&s, "merged", &args);

    assert_eq!(merged, whole, "the same exit status");
    let (whole_csv, merged_csv) = (read(&s, "whole.csv"), read(&s, "merged.csv"));
    for status in ["open", "baseline", "waiver", "inline"] {
        assert!(
            whole_csv.contains(&format!(",{status},")),
            "the audit has {status} findings"
        );
    }
    assert!(whole_csv.lines().count() > 10, "{whole_csv}");
    assert_eq!(merged_csv, whole_csv, "the CSV, row for row");
    let whole_page = page(&s, "whole.html");
    for notice in [
        "the 6 findings it covered are reported again",
        "no such file or folder",
        "not checked",
    ] {
        assert!(whole_page.contains(notice), "the page says {notice:?}");
    }
    assert_eq!(page(&s, "merged.html"), whole_page, "the HTML page");

    // The per-rule table too.
    let statistics = |args: &[&str]| {
        let mut all = vec!["report", "--statistics"];
        all.extend_from_slice(args);
        let out = s.cmd(&all).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let whole_table = statistics(&["--files-from", "all.list"]);
    assert!(
        whole_table.starts_with("COUNT  RULE") && whole_table.contains("in all"),
        "{whole_table}"
    );
    assert_eq!(statistics(&args), whole_table, "the statistics table");
}

#[test]
fn concatenated_shards_merge_as_separate_runs() {
    let s = audit();
    let files = file_list(&s);
    s.write(
        "all.list",
        files.iter().map(|f| format!("{f}\n")).collect::<String>(),
    );
    report(&s, "whole", &["--files-from", "all.list"]);
    let outputs = map(&s, &shards(&files, 2), "jsonl");
    let joined: String = outputs.iter().map(|o| read(&s, o)).collect();
    s.write("joined.jsonl", joined);
    report(&s, "merged", &["--from", "joined.jsonl"]);
    assert_eq!(read(&s, "merged.csv"), read(&s, "whole.csv"));
}

#[test]
fn shards_checked_with_other_lexicons_do_not_merge() {
    let s = audit();
    let brand = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lexicons/brand.yaml");
    std::fs::copy(&brand, s.path().join("brand.yaml")).unwrap();
    s.write("one.list", "samples/battlecard.md\n");
    s.write("two.list", "samples/landing-page.md\n");
    let one = s
        .cmd(&["check", "--format", "jsonl", "--files-from", "one.list"])
        .output()
        .unwrap();
    s.write("one.jsonl", one.stdout);
    let two = s
        .cmd(&[
            "check",
            "--format",
            "jsonl",
            "--lexicon",
            "brand.yaml",
            "--files-from",
            "two.list",
        ])
        .output()
        .unwrap();
    s.write("two.jsonl", two.stdout);
    let stderr = refused(&s, &["one.jsonl", "two.jsonl"]);
    assert!(stderr.contains("two.jsonl:"), "{stderr}");
    assert!(
        stderr.contains("lexicons openai-on-aws (sha256 "),
        "{stderr}"
    );
}

#[test]
fn a_run_cut_short_an_empty_output_or_a_file_in_two_shards_does_not_merge() {
    let s = audit();
    s.write(
        "one.list",
        "samples/battlecard.md\nsamples/landing-page.md\n",
    );
    let out = s
        .cmd(&["check", "--format", "jsonl", "--files-from", "one.list"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    s.write("whole.jsonl", &text);
    let cut: String = text.lines().take(2).map(|l| format!("{l}\n")).collect();
    s.write("cut.jsonl", cut);

    let stderr = refused(&s, &["cut.jsonl"]);
    assert!(stderr.contains("did not finish"), "{stderr}");

    s.write("empty.jsonl", "");
    let stderr = refused(&s, &["empty.jsonl"]);
    assert!(
        stderr.contains("empty.jsonl:0: holds no run's output"),
        "{stderr}"
    );

    let stderr = refused(&s, &["whole.jsonl", "whole.jsonl"]);
    assert!(stderr.contains("is in two shards"), "{stderr}");
}

/// A file that is not copylint's output (a deck given by mistake, any binary) is refused
/// from its first byte, named with its line, and nothing is written.
#[test]
fn a_file_that_is_no_output_is_refused_from_its_first_byte() {
    let s = audit();
    s.write("deck.pptx", b"PK\x03\x04\x14\x00\x06\x00 not JSON\n");
    let stderr = refused(&s, &["deck.pptx"]);
    assert!(
        stderr.contains("deck.pptx:1: not copylint's JSON or JSON Lines output"),
        "{stderr}"
    );
}

/// `report --csv r.csv --from FROM...` must fail (status 2) and write nothing; returns
/// what it said.
fn refused(s: &Scratch, from: &[&str]) -> String {
    let mut args = vec!["report", "--csv", "r.csv", "--from"];
    args.extend_from_slice(from);
    let out = s.cmd(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "report --from {from:?}");
    assert!(!s.path().join("r.csv").exists(), "no report is written");
    unwrapped(&out.stderr)
}

/// Standard error with miette's line wrapping undone.
fn unwrapped(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .split_whitespace()
        .filter(|w| *w != "|")
        .collect::<Vec<_>>()
        .join(" ")
}

fn list(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path: PathBuf = entry.unwrap().path();
        if path.is_dir() {
            list(root, &path, out);
        } else {
            let relative = path.strip_prefix(root).unwrap();
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}
