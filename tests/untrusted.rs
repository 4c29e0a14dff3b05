//! What a hostile repository cannot make copylint do when it runs unattended (a
//! pre-commit hook, a CI job with secrets in its environment, `--fix` over folders nobody
//! curated): write outside the tree or through links, change who owns a file, smuggle
//! lines into a diff or commands into a terminal or CI log, read and print files outside
//! the repository, let a config file planted above the repository switch checks off, or
//! walk a file past the gate by making it look like something other than text.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{Scratch, check_json};

const BAD: &str = "SRE calls on ChatGPT.\n";
const FIXED: &str = "SRE uses ChatGPT.\n";

fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// `copylint ARGS` in `dir` with `stdin`; returns (status, stdout, stderr).
fn run(dir: &Path, args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let out = common::copylint()
        .current_dir(dir)
        .args(args)
        .write_stdin(stdin)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn problems(json: &serde_json::Value) -> Vec<(String, String)> {
    json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_string(),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A scratch folder holding a repository (`repo/`, with `.git`) and, beside it, files
/// outside the repository.
fn repository() -> Scratch {
    let s = Scratch::new();
    std::fs::create_dir_all(s.path().join("repo/.git")).unwrap();
    s
}

// --- --fix writes only where it was asked to -------------------------------------------

#[test]
fn fix_never_writes_through_a_symlink_to_a_file_outside_the_repository() {
    let s = repository();
    let repo = s.path().join("repo");
    let outside = s.write("outside/notes.md", BAD);
    symlink(&outside, repo.join("evil.md"));
    // A symbolic link to a folder outside, and a file reached through it.
    symlink(s.path().join("outside"), repo.join("docs"));
    s.write("repo/real.md", BAD);
    // What `git ls-files -z '*.md'` lists in such a repository.
    let list = b"evil.md\0docs/notes.md\0real.md\0";
    let (code, _, stderr) = run(&repo, &["check", "--fix", "--files-from", "-"], list);
    assert_eq!(read(&outside), BAD, "the file outside is untouched");
    assert_eq!(code, 1, "the findings left fail the run: {stderr}");
    assert!(
        stderr.contains("evil.md: not fixed: it is a symbolic link"),
        "{stderr}"
    );
    // Even when links may be followed, not out of the repository.
    s.write("repo/real.md", BAD);
    let args = [
        "check",
        "--fix",
        "--files-from",
        "-",
        "--fix-follow-symlinks",
    ];
    let (code, _, stderr) = run(&repo, &args, list);
    assert_eq!(read(&outside), BAD, "the file outside is untouched");
    assert_eq!(
        read(repo.join("real.md")),
        FIXED,
        "the file inside is fixed"
    );
    assert_eq!(code, 1, "the findings left fail the run: {stderr}");
    assert!(
        stderr.contains("evil.md: not fixed: it resolves to")
            && stderr.contains("docs/notes.md: not fixed: it resolves to")
            && stderr.contains("outside the folders named on the command line"),
        "{stderr}"
    );
}

#[test]
fn fix_does_not_follow_a_symlink_inside_the_tree_unless_asked() {
    let s = Scratch::new();
    s.write("docs/target.md", BAD);
    symlink("docs/target.md", s.path().join("README.md"));
    let (code, _, stderr) = run(s.path(), &["check", "--fix", "README.md"], b"");
    assert_eq!(read(s.path().join("docs/target.md")), BAD);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("README.md: not fixed: it is a symbolic link (--fix-follow-symlinks"),
        "{stderr}"
    );
    // Asked: the file it points to is fixed, and the link stays a link.
    let (code, _, stderr) = run(
        s.path(),
        &["check", "--fix", "--fix-follow-symlinks", "README.md"],
        b"",
    );
    assert_eq!(
        (code, read(s.path().join("docs/target.md"))),
        (0, FIXED.into()),
        "{stderr}"
    );
    let link = std::fs::symlink_metadata(s.path().join("README.md")).unwrap();
    assert!(link.file_type().is_symlink());
}

#[test]
fn fix_named_folder_is_the_boundary_even_for_links_it_follows() {
    let s = Scratch::new();
    let elsewhere = s.write("elsewhere/page.md", BAD);
    s.write("docs/page.md", BAD);
    symlink(&elsewhere, s.path().join("docs/link.md"));
    let (code, _, stderr) = run(
        s.path(),
        &[
            "check",
            "--fix",
            "--fix-follow-symlinks",
            "docs",
            "docs/link.md",
        ],
        b"",
    );
    assert_eq!(read(s.path().join("docs/page.md")), FIXED);
    assert_eq!(read(&elsewhere), BAD);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("docs/link.md: not fixed: it resolves to"),
        "{stderr}"
    );
}

// --- --fix keeps what the file system knows about a file ------------------------------

#[test]
fn fix_keeps_owner_group_mode_and_extended_attributes() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let s = Scratch::new();
    let page = s.write("page.md", BAD);
    let root = unsafe { libc::geteuid() } == 0;
    // As root (as CI containers run), give the file to another user, as in a shared
    // checkout; otherwise its own owner must be kept just the same.
    let (uid, gid) = if root {
        (4321, 8765)
    } else {
        let meta = std::fs::metadata(&page).unwrap();
        (meta.uid(), meta.gid())
    };
    std::os::unix::fs::chown(&page, Some(uid), Some(gid)).unwrap();
    std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o640)).unwrap();
    xattr::set(&page, "user.reviewed-by", b"legal").unwrap();
    let (code, _, stderr) = run(s.path(), &["check", "--fix", "page.md"], b"");
    assert_eq!((code, read(&page)), (0, FIXED.into()), "{stderr}");
    let meta = std::fs::metadata(&page).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (uid, gid), "owner and group kept");
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640, "mode kept");
    assert_eq!(
        xattr::get(&page, "user.reviewed-by").unwrap().as_deref(),
        Some(&b"legal"[..]),
        "extended attribute kept"
    );
}

#[test]
fn fix_refuses_a_file_with_hard_links_rather_than_split_them() {
    let s = Scratch::new();
    let page = s.write("page.md", BAD);
    std::fs::hard_link(&page, s.path().join("other-name.md")).unwrap();
    let (json, code) = check_json(s.path(), &["--fix", "page.md"]);
    assert_eq!(code, 1, "the finding is left");
    assert_eq!(read(&page), BAD);
    assert_eq!(read(s.path().join("other-name.md")), BAD);
    assert_eq!(
        problems(&json),
        [(
            "page.md".into(),
            "not fixed: it has 2 hard links, and replacing it would leave the other names with the old text".into()
        )]
    );
}

// --- --diff cannot be made to patch other files ----------------------------------------

const SMUGGLING_NAME: &str = "a\n+++ Makefile\n@@ -0,0 +1,1 @@\n+all: ; touch pwned\n.md";

#[test]
fn diff_quotes_file_names_so_patch_creates_nothing_else() {
    for tool in ["patch", "git"] {
        let s = Scratch::new();
        s.write(SMUGGLING_NAME, BAD);
        s.write("café page.md", BAD);
        let (code, diff, stderr) = run(s.path(), &["check", "--diff", "."], b"");
        assert_eq!(code, 1, "{stderr}");
        assert!(
            diff.contains(
                "--- \"a\\n+++ Makefile\\n@@ -0,0 +1,1 @@\\n+all: ; touch pwned\\n.md\"\n"
            ) && diff.contains("+++ \"caf\\303\\251 page.md\"\n"),
            "{diff}"
        );
        let mut apply = match tool {
            "patch" => Command::new("patch"),
            _ => {
                let mut git = Command::new("git");
                git.arg("apply");
                git
            }
        };
        let mut child = apply
            .arg("-p0")
            .current_dir(s.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(diff.as_bytes())
            .unwrap();
        assert!(child.wait().unwrap().success(), "{tool} applies the diff");
        assert!(
            !s.path().join("Makefile").exists(),
            "{tool} made a Makefile"
        );
        assert_eq!(read(s.path().join(SMUGGLING_NAME)), FIXED, "{tool}");
        assert_eq!(read(s.path().join("café page.md")), FIXED, "{tool}");
        let mut names: Vec<_> = std::fs::read_dir(s.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| !n.ends_with(".orig"))
            .collect();
        names.sort();
        assert_eq!(names, [SMUGGLING_NAME, "café page.md"], "{tool}");
    }
}

// --- names and lexicon text cannot drive a terminal or a CI log ------------------------

/// `output` without the colour sequences copylint writes itself (`ESC [ digits m`).
fn without_colours(output: &str) -> String {
    let mut out = String::new();
    let mut rest = output;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let params = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[params..].starts_with('m') {
            rest = &after[params + 1..];
        } else {
            // Not a colour: keep it, for the assertion to see.
            out.push_str("\u{1b}[");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// No byte a terminal or GitHub Actions obeys: ESC (but in copylint's own colours), BEL,
/// CSI (C1), or a line that starts a workflow command.
fn assert_inert(output: &str, what: &str) {
    let output = without_colours(output);
    assert!(
        !output.contains(['\u{1b}', '\u{7}', '\u{9b}']),
        "{what}: control characters in {output:?}"
    );
    assert!(
        !output
            .lines()
            .any(|l| l.trim_start().starts_with("::warning file=forged")),
        "{what}: a forged workflow command in {output:?}"
    );
}

#[test]
fn file_names_and_lexicon_text_are_escaped_in_every_output() {
    let s = Scratch::new();
    let title = "title\u{1b}]0;pwned\u{7}.md";
    let forged = "x.md\n::warning file=forged.md::trust me\n.md";
    let binary = "bin\u{1b}[2J\n::warning file=forged::b.md";
    s.write(title, BAD);
    s.write(forged, BAD);
    s.write(binary, b"\0binary");
    s.write(
        "evil.yaml",
        concat!(
            "lexicon: evil\n",
            "source: \"memo \\e]0;pwned\\a\"\n",
            "rules:\n",
            "  - id: bad\n",
            "    message: \"no \\e]0;pwned\\a synergy \\x9b31m\\n::warning file=forged::m\"\n",
            "    rationale: \"because \\e[2J\\n::warning file=forged::r\"\n",
            "    examples:\n",
            "      bad: [\"our synergy \\e[1m\"]\n",
            "      good: [\"synergy \\e]0;pwned\\a\"]\n",
            "    banned:\n",
            "      - phrases: [synergy]\n",
            "        suggest: [\"teamwork \\epwned\\a\\n::warning file=forged::s\"]\n",
        ),
    );
    s.write("team.md", "Our synergy matters.\n");
    let lexicon = ["--lexicon", "evil.yaml"];
    for format in ["human", "compact", "github"] {
        for color in ["always", "never"] {
            let args = [
                &["check", "--format", format, "--color", color][..],
                &lexicon,
            ]
            .concat();
            let (code, out, err) = run(s.path(), &args, b"");
            assert_eq!(code, 1, "{format}: {err}");
            assert!(
                out.contains("pwned"),
                "{format}: names and messages are shown: {out}"
            );
            assert_inert(&out, format);
            assert_inert(&err, format);
            assert!(
                err.contains("bin\\u{1b}[2J\\n::warning file=forged::b.md: not text"),
                "{format}: {err}"
            );
        }
    }
    let args = [
        &["check", "--statistics", "--color", "always"][..],
        &lexicon,
    ]
    .concat();
    let (_, out, _) = run(s.path(), &args, b"");
    assert!(out.contains("memo \\u{1b}]0;pwned\\u{7}"), "{out}");
    assert_inert(&out, "statistics");
    let (_, out, err) = run(s.path(), &["check", "--diff"], b"");
    assert!(out.contains("\"title\\033]0;pwned\\a.md\""), "{out}");
    assert_inert(&out, "diff");
    assert_inert(&err, "diff");
    for args in [&["rules"][..], &["explain", "evil/bad"]] {
        let (_, out, err) = run(s.path(), &[args, &lexicon].concat(), b"");
        assert!(
            out.contains("\\u{1b}]0;pwned"),
            "{args:?}: escaped, not dropped: {out}"
        );
        assert_inert(&out, args[0]);
        assert_inert(&err, args[0]);
    }
    let (code, out, _) = run(s.path(), &["test-lexicon", "evil.yaml"], b"");
    assert_eq!(code, 1, "the good example fires: {out}");
    assert!(out.contains("synergy \\u{1b}]0;pwned\\u{7}"), "{out}");
    assert_inert(&out, "test-lexicon");
}

// --- a config file reads nothing outside its repository --------------------------------

/// Runs `copylint check` in `repo` with a secret in the environment, as CI runs it.
fn check_with_secret(repo: &Path, args: &[&str]) -> (i32, String, String) {
    let out = common::copylint()
        .current_dir(repo)
        .env("CI_DEPLOY_TOKEN", "hunter2-secret")
        .arg("check")
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_config_file_cannot_make_copylint_print_files_outside_its_repository() {
    let s = repository();
    let repo = s.path().join("repo");
    s.write(
        "credentials",
        "[default]\naws_secret_access_key = hunter2-secret\n",
    );
    symlink(s.path().join("credentials"), repo.join("link.yaml"));
    s.write("repo/page.md", BAD);
    for lexicon in [
        "/proc/self/environ",
        "../credentials",
        "link.yaml",
        "/dev/zero",
    ] {
        s.write(
            "repo/.copylint.yaml",
            format!("lexicons: [\"{lexicon}\"]\n"),
        );
        let (code, out, err) = check_with_secret(&repo, &[]);
        assert_eq!(code, 2, "{lexicon}: {err}");
        assert!(
            !out.contains("hunter2") && !err.contains("hunter2"),
            "{lexicon}: {err}"
        );
        assert!(
            err.contains(&format!("lexicon `{lexicon}` is outside the repository")),
            "{lexicon}: {err}"
        );
    }
    // The same for a baseline the config file names.
    for baseline in ["../credentials", "link.yaml", "/proc/self/environ"] {
        s.write("repo/.copylint.yaml", format!("baseline: \"{baseline}\"\n"));
        let (code, out, err) = check_with_secret(&repo, &[]);
        assert_eq!(code, 2, "{baseline}: {err}");
        assert!(
            !out.contains("hunter2") && !err.contains("hunter2"),
            "{baseline}: {err}"
        );
        assert!(
            err.contains(&format!("baseline `{baseline}` is outside the repository")),
            "{baseline}: {err}"
        );
    }
    // The command line may allow it; even then a file that is not YAML is not shown.
    s.write("repo/.copylint.yaml", "lexicons: [../credentials]\n");
    let (code, out, err) = check_with_secret(&repo, &["--allow-outside-paths"]);
    assert_eq!(code, 2);
    assert!(
        !out.contains("hunter2") && !err.contains("hunter2"),
        "{err}"
    );
    assert!(
        err.contains("not a YAML mapping of keys (its contents are not shown)"),
        "{err}"
    );
    let (code, _, err) =
        check_with_secret(&repo, &["--no-config", "--lexicon", "/proc/self/environ"]);
    assert_eq!(code, 2);
    assert!(!err.contains("hunter2"), "{err}");
}

#[test]
fn a_fifo_or_device_lexicon_neither_hangs_nor_fills_memory() {
    let s = repository();
    let repo = s.path().join("repo");
    let fifo = std::ffi::CString::new(repo.join("fifo.yaml").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    s.write("repo/.copylint.yaml", "lexicons: [fifo.yaml]\n");
    let (code, _, err) = check_with_secret(&repo, &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read lexicon `fifo.yaml`: not a regular file (a FIFO)"),
        "{err}"
    );
    let (code, _, err) = check_with_secret(&repo, &["--no-config", "--lexicon", "/dev/zero"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a regular file (a device)"), "{err}");
}

#[test]
fn a_config_file_above_the_repository_does_not_apply() {
    let s = repository();
    s.write(".copylint.yaml", "exclude: [\"**\"]\n");
    s.write("repo/docs/page.md", BAD);
    let (json, code) = check_json(&s.path().join("repo/docs"), &[]);
    assert_eq!((code, json["summary"]["errors"].as_u64()), (1, Some(1)));
    assert_eq!(json["config"], serde_json::Value::Null);
    // The repository's own config applies, and every output says which one.
    s.write("repo/.copylint.yaml", "rules:\n  call-wording: warning\n");
    let (json, code) = check_json(&s.path().join("repo/docs"), &[]);
    assert_eq!((code, json["summary"]["warnings"].as_u64()), (0, Some(1)));
    let config = json["config"].as_str().unwrap();
    assert!(config.ends_with("/repo/.copylint.yaml"), "{config}");
    let (_, out, err) = run(&s.path().join("repo/docs"), &["check", "--verbose"], b"");
    assert!(
        out.ends_with(&format!(
            "config: {config}\nchecked 1 file: 0 errors, 1 warning, 0 notes\n"
        )),
        "{out}"
    );
    assert!(
        err.contains(&format!("config: {config} (repository root "))
            && err.contains("lexicons: builtin:openai-on-aws"),
        "{err}"
    );
}

// --- a file that is not plain UTF-8 does not walk past the gate ------------------------

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| {
            if little_endian {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            }
        })
        .collect()
}

#[test]
fn utf16_files_with_a_byte_order_mark_are_checked_and_fixed_in_utf16() {
    for little_endian in [true, false] {
        let s = Scratch::new();
        let text = "\u{FEFF}# Café\r\n\r\nSRE calls on ChatGPT.\r\n";
        let page = s.write("page.md", utf16(text, little_endian));
        let (json, code) = check_json(s.path(), &[]);
        assert_eq!(code, 1);
        let d = &json["diagnostics"][0];
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(3), Some(5))
        );
        assert_eq!(d["matched"], "calls on");
        // Offsets are the file's bytes: two per character here.
        let at = 2 * text[..text.find("calls").unwrap()].encode_utf16().count() as u64;
        assert_eq!(
            (d["byte_start"].as_u64(), d["byte_end"].as_u64()),
            (Some(at), Some(at + 16))
        );
        // --fix writes UTF-16 back, byte order mark and byte order kept.
        let (json, code) = check_json(s.path(), &["--fix"]);
        assert_eq!((code, json["summary"]["fixed"].as_u64()), (0, Some(1)));
        let fixed = text.replace("calls on", "uses");
        assert_eq!(std::fs::read(&page).unwrap(), utf16(&fixed, little_endian));
    }
}

#[test]
fn a_text_file_with_a_nul_byte_is_a_warning_and_counted_as_not_checked() {
    let s = Scratch::new();
    s.write("sneaky.md", "\0SRE calls on ChatGPT.\n");
    s.write("bom-less-utf16.md", utf16("SRE calls on ChatGPT.\n", true));
    s.write("ok.md", "fine\n");
    let (json, code) = check_json(s.path(), &[]);
    assert_eq!(
        code, 0,
        "a warning, not an error: the default gate is errors"
    );
    assert_eq!(
        (
            json["summary"]["files"].as_u64(),
            json["summary"]["not_checked"].as_u64()
        ),
        (Some(1), Some(2))
    );
    assert_eq!(
        problems(&json),
        [
            (
                "bom-less-utf16.md".into(),
                "not text: a NUL byte at offset 1 and no UTF-16 byte order mark; not checked"
                    .into()
            ),
            (
                "sneaky.md".into(),
                "not text: a NUL byte at offset 0 and no UTF-16 byte order mark; not checked"
                    .into()
            )
        ]
    );
    for fail_on in ["warning", "note"] {
        let (_, code) = check_json(s.path(), &["--fail-on", fail_on]);
        assert_eq!(code, 1, "--fail-on {fail_on} catches it");
    }
    let (_, out, _) = run(s.path(), &["check"], b"");
    assert!(
        out.contains("checked 1 file: 0 errors, 0 warnings, 0 notes; 2 files not checked (the warnings say why)"),
        "{out}"
    );
}

#[test]
fn the_first_line_of_a_file_with_a_byte_order_mark_has_the_right_columns() {
    let s = Scratch::new();
    s.write("bom.md", "\u{FEFF}SRE calls on ChatGPT.\n");
    let (json, _) = check_json(s.path(), &[]);
    let d = &json["diagnostics"][0];
    assert_eq!(
        (d["column"].as_u64(), d["end_column"].as_u64()),
        (Some(5), Some(13))
    );
    assert_eq!(
        (d["byte_start"].as_u64(), d["byte_end"].as_u64()),
        (Some(7), Some(15))
    );
    let (_, out, _) = run(s.path(), &["check", "--format", "compact"], b"");
    assert!(out.starts_with("bom.md:1:5: error"), "{out}");
    let (_, out, _) = run(s.path(), &["check"], b"");
    assert!(out.contains("--> bom.md:1:5\n"), "{out}");
    let (_, out, _) = run(s.path(), &["check", "--format", "github"], b"");
    assert!(
        out.contains(",line=1,col=5,endLine=1,endColumn=13,"),
        "{out}"
    );
    let (_, out, _) = run(s.path(), &["check", "--format", "lsp"], b"");
    let lsp: serde_json::Value = serde_json::from_str(&out).unwrap();
    let range = &lsp[0]["diagnostics"][0]["range"];
    assert_eq!(
        (
            range["start"]["character"].as_u64(),
            range["end"]["character"].as_u64()
        ),
        (Some(4), Some(12))
    );
}

// --- exit statuses a broken environment cannot change ----------------------------------

#[test]
fn a_failing_run_with_a_closed_or_full_standard_error_exits_two() {
    let s = Scratch::new();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_copylint"))
        .current_dir(s.path())
        .args(["check", "missing.md"])
        .stdout(Stdio::null())
        .stderr(full)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2), "/dev/full");
    // A closed pipe: the reading end is gone before copylint writes.
    let (read_end, write_end) = std::io::pipe().unwrap();
    drop(read_end);
    for args in [
        &["check", "missing.md"][..],
        &["check", "--lexicon", "missing.yaml"],
    ] {
        let status = Command::new(env!("CARGO_BIN_EXE_copylint"))
            .current_dir(s.path())
            .args(args)
            .stdout(Stdio::null())
            .stderr(write_end.try_clone().unwrap())
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(2), "closed pipe: {args:?}");
    }
}

#[test]
fn truncating_a_large_file_while_it_is_checked_does_not_kill_copylint() {
    use std::os::unix::process::ExitStatusExt;
    let s = Scratch::new();
    let paragraph = "Agents keep their state between runs, and every action is logged.\n\n";
    let path = s.write("big.md", paragraph.repeat((64 << 20) / paragraph.len()));
    for delay in [50, 150, 400] {
        std::fs::write(&path, paragraph.repeat((64 << 20) / paragraph.len())).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_copylint"))
            .current_dir(s.path())
            .args(["check", "--format", "json", "big.md"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(0)
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.signal(),
            None,
            "killed by a signal after {delay} ms"
        );
        assert_eq!(out.status.code(), Some(0), "after {delay} ms");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["summary"]["failures"], 0);
    }
}
