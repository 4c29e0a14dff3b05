//! The README and docs/ as a specification that cannot drift:
//! - every relative Markdown link points at a file that exists, and every `#anchor` at a
//!   heading of its page (GitHub's slugs);
//! - every `console` block is run: each `$ COMMAND` line runs with bash in a scratch copy
//!   of `samples/` (copylint on PATH, no colour, a fixed date), after the files that code
//!   blocks marked `file=NAME` (e.g. ```` ```yaml file=team.yaml ````) on the same page
//!   define, and its standard output and error must be the lines shown under it;
//! - every `sh` block is run, command by command, in a scratch git repository of the
//!   samples: each must exit 0 or 1 (findings) without a complaint from the shell, except
//!   the commands [`NOT_RUN_HERE`] lists with the reason (installs, benchmarks, editors),
//!   whose scripts and benchmarks must still exist;
//! - docs/how-it-works.md names every module of `src/`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::audit::copy_tree;
use common::{Scratch, TODAY};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The Markdown pages: the README, docs/*.md and the editors' READMEs.
fn pages() -> Vec<PathBuf> {
    let root = Path::new(ROOT);
    let mut pages = vec![
        root.join("README.md"),
        root.join("editors/vscode/README.md"),
    ];
    let mut docs: Vec<PathBuf> = fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    assert!(docs.len() >= 9, "{docs:?}");
    pages.extend(docs);
    pages
}

/// A fenced code block: its info string and its lines.
struct Block {
    info: String,
    lines: Vec<String>,
}

/// The page's text outside code blocks, and its code blocks.
fn split(text: &str) -> (String, Vec<Block>) {
    let mut prose = String::new();
    let mut blocks = Vec::new();
    // The fence, its indent, and the block so far.
    let mut open: Option<(String, usize, Block)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        match &mut open {
            Some((fence, indent, block)) => {
                if trimmed.starts_with(fence.as_str()) && trimmed.trim_matches('`').is_empty() {
                    blocks.push(open.take().unwrap().2);
                } else {
                    // A block inside a list item is indented like its fence.
                    let own = (line.len() - trimmed.len()).min(*indent);
                    block.lines.push(line[own..].to_string());
                }
            }
            None if trimmed.starts_with("```") => {
                let fence: String = trimmed.chars().take_while(|&c| c == '`').collect();
                let info = trimmed[fence.len()..].trim().to_string();
                let indent = line.len() - trimmed.len();
                open = Some((
                    fence,
                    indent,
                    Block {
                        info,
                        lines: Vec::new(),
                    },
                ));
            }
            None => {
                prose.push_str(line);
                prose.push('\n');
            }
        }
    }
    assert!(open.is_none(), "an unclosed code block");
    (prose, blocks)
}

/// GitHub's anchor for a heading.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_' || *c == ' ')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn anchors(page: &Path) -> Vec<String> {
    let (prose, _) = split(&fs::read_to_string(page).unwrap());
    prose
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| slug(l.trim_start_matches('#')))
        .collect()
}

/// `[label](target)` links in prose (not in code, not inline code).
fn links(prose: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in prose.lines() {
        // Drop inline code spans, where brackets are literal.
        let mut text = String::new();
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                text.push_str(part);
            }
        }
        let mut rest = text.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            found.push(after[..end].to_string());
            rest = &after[end..];
        }
    }
    found
}

#[test]
fn every_markdown_link_resolves() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in pages() {
        let (prose, _) = split(&fs::read_to_string(&page).unwrap());
        for link in links(&prose) {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (path, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target = if path.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(path)
            };
            if !target.exists() {
                broken.push(format!("{}: {link} (no such file)", page.display()));
                continue;
            }
            if !anchor.is_empty() && !anchors(&target).iter().any(|a| a == anchor) {
                broken.push(format!("{}: {link} (no such heading)", page.display()));
            }
        }
    }
    assert!(
        checked > 30,
        "only {checked} links found: is the parser right?"
    );
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_console_example_prints_what_it_shows() {
    let bin = Path::new(env!("CARGO_BIN_EXE_copylint")).parent().unwrap();
    let mut ran = 0;
    for page in pages() {
        let (_, blocks) = split(&fs::read_to_string(&page).unwrap());
        let scratch = Scratch::new();
        copy_tree(
            &Path::new(ROOT).join("samples"),
            &scratch.path().join("samples"),
        );
        for block in &blocks {
            if let Some(name) = block
                .info
                .split_whitespace()
                .find_map(|w| w.strip_prefix("file="))
            {
                scratch.write(name, block.lines.join("\n") + "\n");
                continue;
            }
            if block.info != "console" {
                continue;
            }
            for (command, shown) in commands(&block.lines) {
                let path = std::env::join_paths(
                    std::iter::once(bin.to_path_buf())
                        .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
                )
                .unwrap();
                let out = Command::new("bash")
                    .args(["--noprofile", "--norc", "-c", &format!("{command} 2>&1")])
                    .current_dir(scratch.path())
                    .env("PATH", path)
                    .env("NO_COLOR", "1")
                    .env_remove("CLICOLOR_FORCE")
                    .env("COPYLINT_TODAY", TODAY)
                    .env("COLUMNS", "100")
                    .output()
                    .unwrap();
                let printed: Vec<String> = String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .map(|l| l.trim_end().to_string())
                    .collect();
                let shown: Vec<String> = shown.iter().map(|l| l.trim_end().to_string()).collect();
                assert_eq!(
                    trim_blank(&printed).join("\n"),
                    trim_blank(&shown).join("\n"),
                    "{}: `$ {command}` prints something else",
                    page.display()
                );
                ran += 1;
            }
        }
    }
    assert!(ran >= 3, "only {ran} console commands ran");
}

/// `$ command` lines and the output lines shown under each.
fn commands(lines: &[String]) -> Vec<(String, Vec<String>)> {
    let mut found: Vec<(String, Vec<String>)> = Vec::new();
    for line in lines {
        match line.strip_prefix("$ ") {
            Some(command) => found.push((command.to_string(), Vec::new())),
            None => found
                .last_mut()
                .expect("a console block starts with `$ `")
                .1
                .push(line.clone()),
        }
    }
    found
}

fn trim_blank(lines: &[String]) -> &[String] {
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |e| e + 1);
    &lines[start..end]
}

#[test]
fn the_editor_set_ups_shown_are_the_tested_files() {
    // tests/editor/run.sh runs these files in real editors; the docs show them verbatim.
    let docs = fs::read_to_string(Path::new(ROOT).join("docs/editors.md")).unwrap();
    for file in [
        "editors/neovim/copylint.lua",
        "editors/neovim/copylint-0.7.lua",
        "editors/emacs/copylint.el",
    ] {
        let text = fs::read_to_string(Path::new(ROOT).join(file)).unwrap();
        assert!(
            docs.contains(&text),
            "docs/editors.md does not show {file} as it is"
        );
    }
}

/// Why a line of a `sh` block is not run by [`every_shell_example_runs`], by its first
/// words. Everything else runs. Each exception is run elsewhere or needs what a test
/// cannot have (root, the network, a GUI, a long benchmark).
const NOT_RUN_HERE: &[(&str, &str)] = &[
    ("cargo test", "this test suite itself"),
    ("cargo install", "downloads a crate from crates.io"),
    ("cargo bench", "a benchmark: minutes, and timings"),
    ("sudo apt-get", "installs system packages as root"),
    (
        "cd editors/vscode",
        "npm and VS Code: .ci/run packages the extension",
    ),
    ("npm ", "npm and VS Code: .ci/run packages the extension"),
    ("code ", "VS Code, a desktop program"),
    ("tests/browser/run.sh", "run by .ci/run (Chromium)"),
    ("fuzz/run.sh", "fuzzing for minutes; needs cargo-fuzz"),
    ("bench/", "a benchmark: minutes, and timings"),
    ("TYPOS=", "a benchmark: minutes, and timings"),
];

/// A scratch repository where the README's everyday commands make sense: the samples as
/// `samples/` and `docs/`, a draft and deck notes, committed with git, and an empty home
/// folder.
fn shell_scratch() -> Scratch {
    let scratch = Scratch::new();
    let samples = Path::new(ROOT).join("samples");
    copy_tree(&samples, &scratch.path().join("samples"));
    copy_tree(&samples, &scratch.path().join("docs"));
    let draft = fs::read_to_string(samples.join("landing-page.md")).unwrap();
    scratch.write("draft.md", &draft);
    scratch.write("deck-notes.md", &draft);
    fs::create_dir(scratch.path().join("home")).unwrap();
    for args in [
        &["init", "-q"][..],
        &["add", "."],
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-qm",
            "docs",
        ],
    ] {
        let status = Command::new("git")
            .args(args)
            .current_dir(scratch.path())
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }
    scratch
}

/// The commands of a `sh` block: continuation lines joined, blank lines dropped.
fn shell_commands(lines: &[String]) -> Vec<String> {
    let mut commands: Vec<String> = Vec::new();
    let mut continued = false;
    for line in lines {
        let line = line.trim();
        if continued {
            let last = commands.last_mut().unwrap();
            last.push(' ');
            last.push_str(line.trim_end_matches('\\'));
        } else if !line.is_empty() {
            commands.push(line.trim_end_matches('\\').to_string());
        }
        continued = line.ends_with('\\');
    }
    commands
}

#[test]
fn every_shell_example_runs() {
    let bin = Path::new(env!("CARGO_BIN_EXE_copylint")).parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin.to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let (mut ran, mut skipped) = (0, Vec::new());
    for page in pages() {
        let (_, blocks) = split(&fs::read_to_string(&page).unwrap());
        if !blocks.iter().any(|b| b.info == "sh") {
            continue;
        }
        let scratch = shell_scratch();
        for block in &blocks {
            if let Some(name) = block
                .info
                .split_whitespace()
                .find_map(|w| w.strip_prefix("file="))
            {
                scratch.write(name, block.lines.join("\n") + "\n");
            }
        }
        for block in blocks.iter().filter(|b| b.info == "sh") {
            for command in shell_commands(&block.lines) {
                if let Some((_, why)) = NOT_RUN_HERE
                    .iter()
                    .find(|(start, _)| command.starts_with(start))
                {
                    // What is not run must still name things that exist.
                    if let Some(bench) = command.split("--bench ").nth(1) {
                        let name = bench.split_whitespace().next().unwrap();
                        assert!(
                            Path::new(ROOT).join(format!("benches/{name}.rs")).is_file(),
                            "{}: `{command}` names a benchmark that does not exist",
                            page.display()
                        );
                    }
                    for word in command.split_whitespace() {
                        let word = word.rsplit('=').next().unwrap();
                        if word.contains('/') && word.ends_with(".sh") {
                            let script = Path::new(ROOT).join(word);
                            assert!(
                                script.is_file(),
                                "{}: `{command}` names {word}, which does not exist",
                                page.display()
                            );
                        }
                    }
                    skipped.push(format!("{}: {command} ({why})", page.display()));
                    continue;
                }
                // The README's first command is this binary built by cargo.
                let command = command.replace("cargo run --release -- ", "copylint ");
                let out = Command::new("bash")
                    .args(["--noprofile", "--norc", "-e", "-o", "pipefail", "-c"])
                    .arg(&command)
                    .current_dir(scratch.path())
                    .env("PATH", &path)
                    .env("HOME", scratch.path().join("home"))
                    .env("NO_COLOR", "1")
                    .env("COPYLINT_TODAY", TODAY)
                    .output()
                    .unwrap();
                // 1 is "findings": the samples have them on purpose. Anything the shell
                // itself complains of (a missing folder, a bad redirect) is a failure.
                let status = out.status.code();
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(
                    matches!(status, Some(0 | 1)) && !stderr.contains("bash: "),
                    "{}: `{command}` exited with {status:?}:\n{}",
                    page.display(),
                    stderr
                );
                ran += 1;
            }
        }
    }
    assert!(ran >= 15, "only {ran} shell commands ran");
    eprintln!("not run here:\n{}", skipped.join("\n"));
}

/// Every module of `src/` is named on docs/how-it-works.md, written as its path under
/// `src/` (`render/json.rs`, or `render/{json,csv}.rs`; a folder's `mod.rs` as `render/`).
#[test]
fn how_it_works_names_every_module() {
    let page = fs::read_to_string(Path::new(ROOT).join("docs/how-it-works.md")).unwrap();
    let named = expand_braces(&page);
    let src = Path::new(ROOT).join("src");
    let mut missing = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let name = match relative.strip_suffix("mod.rs") {
                Some(folder) if !folder.is_empty() => folder.to_string(),
                _ => relative.clone(),
            };
            let top_level_name = !name.contains('/');
            let found = if top_level_name {
                // `fold.rs` but not `prose/fold.rs`.
                named
                    .split(|c: char| c.is_whitespace() || "(`·,;".contains(c))
                    .any(|w| w.trim_end_matches([')', '.', ':']) == name || w == name)
            } else {
                named.contains(&name)
            };
            if !found && !["lib.rs", "edit_plan/tests.rs"].contains(&relative.as_str()) {
                missing.push(relative);
            }
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "docs/how-it-works.md does not name: {missing:?}"
    );
}

/// `a/{b,c}.rs` as `a/b.rs a/c.rs`.
fn expand_braces(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let head_start = rest[..open]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '/' || c == '_'))
            .map_or(0, |i| i + 1);
        let tail_end = rest[close + 1..]
            .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '_'))
            .map_or(rest.len(), |i| close + 1 + i);
        let (head, tail) = (&rest[head_start..open], &rest[close + 1..tail_end]);
        out.push_str(&rest[..head_start]);
        for part in rest[open + 1..close].split(',') {
            out.push_str(&format!(" {head}{}{tail} ", part.trim()));
        }
        rest = &rest[tail_end..];
    }
    out.push_str(rest);
    out
}
