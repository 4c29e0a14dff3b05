//! The sentence every output quotes is the one a reader sees (no markup, no escapes),
//! with the finding highlighted exactly, and never longer than a window around the
//! finding, however long the sentence.

mod common;

use common::{Scratch, check_json};

#[test]
fn outputs_quote_the_sentence_a_reader_sees() {
    let s = Scratch::new();
    s.write(
        "deck.md",
        "# Launch\n\nThe gateway **routes requests to** GPT\\-5 for you.\n",
    );
    s.write(
        "page.html",
        "<p>SRE <strong>enables</strong>&nbsp;access to <em>ChatGPT</em> today.</p>\n",
    );
    let (json, code) = check_json(s.path(), &["."]);
    assert_eq!(code, 1);
    let sentences: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["sentence"].as_str().unwrap()))
        .collect();
    assert_eq!(
        sentences,
        [
            ("deck.md", "The gateway routes requests to GPT-5 for you."),
            ("page.html", "SRE enables access to ChatGPT today."),
        ]
    );

    s.cmd(&[
        "report",
        "--csv",
        "f.csv",
        "--html",
        "f.html",
        "deck.md",
        "page.html",
    ])
    .assert()
    .code(0);
    let csv = std::fs::read_to_string(s.path().join("f.csv")).unwrap();
    assert!(
        csv.contains("The gateway routes requests to GPT-5 for you."),
        "{csv}"
    );
    assert!(
        csv.contains("SRE enables access to ChatGPT today."),
        "{csv}"
    );
    assert!(!csv.contains("**") && !csv.contains("<strong>"), "{csv}");
    let html = std::fs::read_to_string(s.path().join("f.html")).unwrap();
    assert!(
        !html.contains("**routes"),
        "the report shows no Markdown markup"
    );
}

#[test]
fn sarif_results_carry_the_fingerprint_baselines_use() {
    let s = Scratch::new();
    s.write(
        "a.md",
        "SRE enables access to ChatGPT. SRE enables access to ChatGPT.\n",
    );
    let (json, _) = check_json(s.path(), &["a.md"]);
    let prints: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["fingerprint"].as_str().unwrap().to_string())
        .collect();
    let out = s
        .cmd(&["check", "--format", "sarif", "a.md"])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let partial: Vec<&str> = results
        .iter()
        .map(|r| r["partialFingerprints"]["copylint/v1"].as_str().unwrap())
        .collect();
    // The same sentence twice: the occurrence tells the two apart, as in a baseline.
    assert_eq!(
        partial,
        [format!("{}:0", prints[0]), format!("{}:1", prints[1])]
    );
}

/// A 200 KB paragraph with no full stop holds thousands of findings in one "sentence".
/// Each finding used to carry the whole sentence: 22 s, 4.5 GB and gigabytes of JSON.
#[test]
fn a_run_on_sentence_full_of_findings_gives_bounded_output() {
    let s = Scratch::new();
    let clause = "SRE enables access to ChatGPT and ";
    let count = 200_000 / clause.len();
    s.write("log.txt", format!("{}done\n", clause.repeat(count)));
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_copylint"));
    cmd.current_dir(s.path())
        .env("NO_COLOR", "1")
        .args(["check", "--format", "json", "log.txt"]);
    limit_address_space(&mut cmd, 1 << 30);
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = json["diagnostics"].as_array().unwrap().len();
    assert_eq!(found, count);
    // A few hundred bytes of sentence per finding, not 200 KB.
    assert!(
        out.stdout.len() < found * 1500,
        "{} bytes for {found} findings",
        out.stdout.len()
    );
    let longest = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["sentence"].as_str().unwrap().len())
        .max()
        .unwrap();
    assert!(longest < 400, "{longest}");
}

/// Runs `cmd` with at most `bytes` of address space: a blow-up aborts instead of
/// swapping the machine.
fn limit_address_space(cmd: &mut std::process::Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        })
    };
}
