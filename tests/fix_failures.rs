//! `--fix` when writing fails: every file is left wholly old or wholly new, never
//! truncated, and the failure is reported with the file's name.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::Scratch;

const OLD: &str = "# Notes\n\nSRE calls on ChatGPT for planning.\n";
const NEW: &str = "# Notes\n\nSRE uses ChatGPT for planning.\n";

fn json_of(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn a_read_only_file_is_not_rewritten() {
    let s = Scratch::new();
    let locked = s.write("locked.md", OLD);
    s.write("open.md", OLD);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = s
        .cmd(&["check", "--fix", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json = json_of(&out);
    assert_eq!(json["problems"][0]["path"], "locked.md");
    assert_eq!(
        json["problems"][0]["message"],
        "the file is read-only; the fixes were not written"
    );
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), OLD);
    assert_eq!(
        std::fs::read_to_string(s.path().join("open.md")).unwrap(),
        NEW
    );
}

/// A 64 KiB tmpfs holding a 40 KiB file: the fixed copy cannot be written beside it.
#[test]
fn a_full_disk_leaves_the_original_intact() {
    let s = Scratch::new();
    let mount = s.path().join("tiny");
    std::fs::create_dir(&mount).unwrap();
    let filler = "Agents keep their state between runs. ".repeat(1000);
    let original = format!("{OLD}\n{filler}\n");
    // As root, mount directly; otherwise in a user and mount namespace of our own.
    let script = format!(
        "mount -t tmpfs -o size=64k tmpfs {m} && printf '%s' \"$ORIGINAL\" > {m}/big.md && \"$COPYLINT\" check --fix --format json {m}/big.md > {out}; code=$?; cat {m}/big.md > {copy}; ls -a {m} > {list}; umount {m}; exit $code",
        m = mount.display(),
        out = s.path().join("out.json").display(),
        copy = s.path().join("after.md").display(),
        list = s.path().join("list.txt").display(),
    );
    let root = unsafe { libc::geteuid() } == 0;
    let mut cmd = if root {
        Command::new("sh")
    } else {
        Command::new("unshare")
    };
    if !root {
        cmd.args(["--user", "--map-root-user", "--mount", "sh"]);
    }
    let status = cmd
        .args(["-c", &script])
        .env("ORIGINAL", &original)
        .env("COPYLINT", assert_cmd::cargo::cargo_bin("copylint"))
        .env("NO_COLOR", "1")
        .status()
        .expect("sh or unshare");
    assert_eq!(
        status.code(),
        Some(2),
        "copylint could not write: exit status 2"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.path().join("out.json")).unwrap()).unwrap();
    let message = json["problems"][0]["message"].as_str().unwrap();
    assert!(message.starts_with("cannot write the fixes: "), "{message}");
    assert!(message.contains("No space left on device"), "{message}");
    assert_eq!(
        std::fs::read_to_string(s.path().join("after.md")).unwrap(),
        original
    );
    let left = std::fs::read_to_string(s.path().join("list.txt")).unwrap();
    assert!(
        !left.contains(".copylint-"),
        "a temporary file was left behind: {left}"
    );
}

/// `kill -9` in the middle of a batch: every file is the old text or the new, whole.
#[test]
fn killed_mid_batch_every_file_is_wholly_old_or_wholly_new() {
    let s = Scratch::new();
    let count = 3000;
    for i in 0..count {
        s.write(&format!("docs/{:02}/{i:04}.md", i % 50), OLD.repeat(20));
    }
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("copylint"))
        .args(["check", "--fix", "--format", "json", "-j", "2", "docs"])
        .current_dir(s.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some files are fixed, then kill without warning.
    let started = Instant::now();
    let any_fixed = |dir: &Path| {
        (0..count).any(|i| {
            std::fs::read_to_string(dir.join(format!("docs/{:02}/{i:04}.md", i % 50)))
                .is_ok_and(|t| t != OLD.repeat(20))
        })
    };
    while !any_fixed(s.path()) && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let (mut old, mut new) = (0, 0);
    for i in 0..count {
        let text = std::fs::read_to_string(s.path().join(format!("docs/{:02}/{i:04}.md", i % 50)))
            .unwrap();
        if text == OLD.repeat(20) {
            old += 1;
        } else if text == NEW.repeat(20) {
            new += 1;
        } else {
            panic!("file {i} is neither old nor new: {text:?}");
        }
    }
    assert!(new > 0, "the kill came before any file was fixed");
    eprintln!("killed with {new} files fixed and {old} untouched");
    // A second run finishes the job; leftovers of the killed run are hidden and skipped.
    let out = s
        .cmd(&["check", "--fix", "--format", "json", "docs"])
        .output()
        .unwrap();
    assert_eq!(json_of(&out)["summary"]["errors"], 0);
}
