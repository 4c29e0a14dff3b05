//! What real, uncurated folders contain: each case with its exact expected outcome. The
//! message names the file and the problem, the run goes on for the other files, and the
//! exit status is 2 only where copylint could not do its job.

mod common;

use std::time::Duration;

use common::{Scratch, check_json};

const BAD: &str = "SRE calls on ChatGPT.\n";

/// Runs `copylint check --format json ARGS` in `s` with a timeout; returns (json, status, stderr).
fn run(s: &Scratch, args: &[&str]) -> (serde_json::Value, i32, String) {
    let out = s
        .cmd(&[&["check", "--format", "json"], args].concat())
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (
        json,
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn problems(json: &serde_json::Value) -> Vec<(String, String, String)> {
    json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().into(),
                p["severity"].as_str().unwrap().into(),
                p["message"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn spans(json: &serde_json::Value) -> Vec<(u64, u64, u64, u64)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["byte_start"].as_u64().unwrap(),
                d["byte_end"].as_u64().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn windows_1252_text_is_linted_where_it_decodes() {
    let s = Scratch::new();
    // "Café team: \u{201c}SRE calls on ChatGPT\u{201d}" in Windows-1252.
    let bytes = b"Caf\xe9 team: \x93SRE calls on ChatGPT\x94.\n";
    s.write("cp1252.txt", bytes);
    let (json, code, stderr) = run(&s, &[]);
    assert_eq!(code, 1, "findings, not a failure");
    assert_eq!(
        problems(&json),
        [(
            "cp1252.txt".into(),
            "warning".into(),
            "not valid UTF-8 (first bad byte at offset 3); checked the text that decodes".into()
        )]
    );
    assert!(stderr.contains("cp1252.txt: not valid UTF-8"));
    let at = bytes.windows(8).position(|w| w == b"calls on").unwrap() as u64;
    // Each undecodable byte counts as one column, so columns stay aligned with bytes here.
    assert_eq!(spans(&json), [(at, at + 8, 1, at + 1)]);
}

#[test]
fn a_truncated_multibyte_sequence_at_the_end() {
    let s = Scratch::new();
    s.write("cut.md", [BAD.as_bytes(), b"\xe2\x80"].concat());
    let (json, code, _) = run(&s, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        problems(&json)[0].2,
        format!(
            "not valid UTF-8 (first bad byte at offset {}); checked the text that decodes",
            BAD.len()
        )
    );
    assert_eq!(spans(&json), [(4, 12, 1, 5)]);
}

#[test]
fn byte_order_mark_and_crlf_keep_lines_and_columns_right() {
    let s = Scratch::new();
    s.write("bom.md", "\u{FEFF}# Title\r\n\r\nSRE calls on ChatGPT.\r\n");
    let (json, _, _) = run(&s, &[]);
    // The BOM is 3 bytes; "# Title\r\n\r\n" is 11: "calls" starts at byte 18, line 3, column 5.
    assert_eq!(spans(&json), [(18, 26, 3, 5)]);
}

#[test]
fn lone_carriage_returns_end_lines() {
    let s = Scratch::new();
    s.write("old-mac.txt", "Hello\r\rSRE calls on ChatGPT.\r");
    let (json, _, _) = run(&s, &[]);
    assert_eq!(spans(&json), [(11, 19, 3, 5)]);
}

#[test]
fn a_binary_file_with_a_text_extension_is_not_checked_with_a_warning() {
    let s = Scratch::new();
    s.write(
        "image.md",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR SRE calls on ChatGPT",
    );
    s.write("ok.md", "fine\n");
    let (json, code, _) = run(&s, &[]);
    assert_eq!(code, 0, "a warning: `--fail-on warning` fails on it");
    assert_eq!(
        problems(&json),
        [(
            "image.md".into(),
            "warning".into(),
            "not text: a NUL byte at offset 8 and no UTF-16 byte order mark; not checked".into()
        )]
    );
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0);
    assert_eq!(json["summary"]["not_checked"], 1);
}

#[test]
fn an_empty_file_is_clean() {
    let s = Scratch::new();
    s.write("empty.md", "");
    let (json, code, _) = run(&s, &[]);
    assert_eq!((code, json["summary"]["files"].as_u64()), (0, Some(1)));
}

#[test]
fn a_fifty_megabyte_line() {
    let s = Scratch::new();
    let filler = "lorem ipsum ".repeat(50 * 1024 * 1024 / 12);
    s.write("long.md", format!("{filler}SRE calls on ChatGPT."));
    let (json, code, _) = run(&s, &[]);
    assert_eq!(code, 1);
    let start = filler.len() as u64 + 4;
    assert_eq!(spans(&json), [(start, start + 8, 1, start + 1)]);
    // The sentence quoted is a window around the finding, not the 50 MB line.
    let sentence = json["diagnostics"][0]["sentence"].as_str().unwrap();
    assert!(sentence.len() < 400, "{} bytes", sentence.len());
    assert!(sentence.ends_with("SRE calls on ChatGPT."), "{sentence}");
}

#[test]
fn permission_denied_is_reported_and_the_run_goes_on() {
    let s = Scratch::new();
    let locked = s.write("locked.md", BAD);
    s.write("open.md", BAD);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = if unsafe { libc::geteuid() } == 0 {
        // root reads anything: run copylint as `nobody` to meet a real EACCES.
        std::fs::set_permissions(s.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(
            s.path().join("open.md"),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(assert_cmd::cargo::cargo_bin("copylint"))
            .args(["check", "--format", "json", "."])
            .env("COPYLINT_TODAY", common::TODAY)
            .current_dir(s.path())
            .output()
            .unwrap()
    } else {
        s.cmd(&["check", "--format", "json", "."]).output().unwrap()
    };
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        problems(&json),
        [(
            "locked.md".into(),
            "error".into(),
            "permission denied".into()
        )]
    );
    assert_eq!(json["diagnostics"][0]["path"], "open.md");
    assert!(String::from_utf8_lossy(&out.stderr).contains("locked.md: permission denied"));
}

#[test]
fn a_file_deleted_between_listing_and_reading() {
    // `--files-from` is a listing made before the run (as a walk is): the file is gone.
    let s = Scratch::new();
    s.write("here.md", BAD);
    s.write("list.txt", "gone.md\nhere.md\n");
    let (json, code, _) = run(&s, &["--files-from", "list.txt"]);
    assert_eq!(code, 2);
    assert_eq!(
        problems(&json),
        [(
            "gone.md".into(),
            "error".into(),
            "no such file or folder".into()
        )]
    );
    assert_eq!(json["diagnostics"][0]["path"], "here.md");
}

#[test]
fn broken_symlinks_and_loops() {
    let s = Scratch::new();
    s.write("docs/real.md", BAD);
    std::os::unix::fs::symlink("nowhere.md", s.path().join("docs/broken.md")).unwrap();
    std::os::unix::fs::symlink("loop-b.md", s.path().join("docs/loop-a.md")).unwrap();
    std::os::unix::fs::symlink("loop-a.md", s.path().join("docs/loop-b.md")).unwrap();
    // Walking a folder, symbolic links are not followed (as ripgrep): nothing to report.
    let (json, code, _) = run(&s, &["docs"]);
    assert_eq!(
        (
            code,
            problems(&json).len(),
            json["summary"]["files"].as_u64()
        ),
        (1, 0, Some(1))
    );
    // Named explicitly, each is an error that names it.
    let (json, code, _) = run(&s, &["docs/broken.md", "docs/loop-a.md", "docs/real.md"]);
    assert_eq!(code, 2);
    assert_eq!(
        problems(&json),
        [
            (
                "docs/broken.md".into(),
                "error".into(),
                "no such file or folder".into()
            ),
            (
                "docs/loop-a.md".into(),
                "error".into(),
                "Too many levels of symbolic links".into()
            ),
        ]
    );
    assert_eq!(json["diagnostics"][0]["path"], "docs/real.md");
}

#[test]
fn a_missing_path_argument() {
    let s = Scratch::new();
    s.write("a.md", BAD);
    let (json, code, stderr) = run(&s, &["nope/", "a.md"]);
    assert_eq!(code, 2);
    assert_eq!(
        problems(&json),
        [(
            "nope/".into(),
            "error".into(),
            "no such file or folder".into()
        )]
    );
    assert!(stderr.contains("nope/: no such file or folder"));
    assert_eq!(json["summary"]["errors"], 1);
}

#[test]
fn a_fifo_named_on_the_command_line_does_not_hang() {
    let s = Scratch::new();
    let fifo = s.path().join("pipe.md");
    let path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
    // Nobody writes to it: opening it for reading would block forever.
    let (json, code, _) = run(&s, &["pipe.md"]);
    assert_eq!(code, 0);
    assert_eq!(
        problems(&json),
        [(
            "pipe.md".into(),
            "warning".into(),
            "not a regular file (a FIFO); not checked".into()
        )]
    );
}

fn one_finding(name: &str, contents: String) {
    let s = Scratch::new();
    s.write(name, contents);
    let (json, code, _) = run(&s, &[]);
    assert_eq!(
        (code, json["summary"]["errors"].as_u64()),
        (1, Some(1)),
        "{name}"
    );
}

#[test]
fn ten_thousand_nested_block_quotes() {
    one_finding("quotes.md", format!("{} {BAD}", ">".repeat(10_000)));
}

#[test]
fn ten_thousand_nested_list_levels() {
    let list: String = (0..10_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    one_finding("lists.md", format!("{list}\n{BAD}"));
}

#[test]
fn unclosed_fences_hide_what_follows() {
    let s = Scratch::new();
    s.write("fence.md", format!("{BAD}\n```\n{}", BAD.repeat(1000)));
    let (json, _, _) = run(&s, &[]);
    assert_eq!(
        json["summary"]["errors"], 1,
        "only the line before the fence is prose"
    );
}

#[test]
fn a_table_with_five_thousand_columns() {
    let row = |cell: &str| format!("|{}|\n", vec![cell; 5000].join("|"));
    one_finding(
        "wide.md",
        format!(
            "{}{}{}",
            row("h"),
            row("---"),
            row("x").replacen('x', "SRE calls on ChatGPT", 1)
        ),
    );
}

#[test]
fn html_blocks_that_never_close() {
    one_finding(
        "html.md",
        format!(
            "<div>\n{BAD}\n<script>\n{}",
            "var x = 'calls on ChatGPT';\n".repeat(10_000)
        ),
    );
    one_finding(
        "comment.md",
        format!("{BAD}\n<!-- {}", "calls on ChatGPT ".repeat(10_000)),
    );
}

/// 1 GiB in one file: checked with bounded memory (the file is read once into memory,
/// never mapped, which a truncation could turn into SIGBUS, and parsed in sections). Generates the file, so `.ci/run` runs it explicitly:
/// `cargo test --test hostile -- --ignored`.
#[test]
#[ignore = "writes a 1 GiB file; .ci/run runs it with --ignored"]
fn a_one_gigabyte_file_in_bounded_memory() {
    use std::io::Write;
    let s = Scratch::new();
    let path = s.path().join("huge.md");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let paragraph = "Agents keep their state between runs, and every action is logged.\n\nSRE is powered by OpenAI.\n\n";
    let size: u64 = 1 << 30;
    let mut written = 0u64;
    while written < size {
        file.write_all(paragraph.as_bytes()).unwrap();
        written += paragraph.len() as u64;
    }
    file.write_all(BAD.as_bytes()).unwrap();
    file.flush().unwrap();
    drop(file);
    let (json, code) = check_json(s.path(), &["huge.md"]);
    assert_eq!((code, json["summary"]["errors"].as_u64()), (1, Some(1)));
    assert_eq!(
        json["diagnostics"][0]["byte_start"].as_u64(),
        Some(written + 4)
    );
    // Peak memory of the child: the file's bytes plus a bounded working set, never a
    // second full copy.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    let peak_mib = usage.ru_maxrss as u64 / 1024;
    eprintln!("peak RSS {peak_mib} MiB for a {} MiB file", written >> 20);
    assert!(peak_mib < (written >> 20) + 64, "peak RSS {peak_mib} MiB");
}

/// Lexicons hold no regular expressions: what would be a catastrophically backtracking
/// regex is literal text (plus the phrase syntax's alternatives), matched in one
/// Aho-Corasick pass, so the classic `(x+)+y` input of a megabyte of `x` is harmless.
#[test]
fn regex_syntax_in_a_lexicon_is_literal_text() {
    let s = Scratch::new();
    s.write(
        "re.yaml",
        "lexicon: re\nrules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [\"(x+)+y\", \"a.*b\", \"x{2,}\"]\n",
    );
    let mut text = "x".repeat(1 << 20);
    text.push_str("y and aXXb, but a.*b\n");
    s.write("copy.md", &text);
    let (json, code) = check_json(
        s.path(),
        &["--no-default-lexicon", "--lexicon", "re.yaml", "copy.md"],
    );
    assert_eq!(code, 1);
    let found: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["matched"].as_str().unwrap())
        .collect();
    assert_eq!(found, ["a.*b"]);
}
