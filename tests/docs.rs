//! The README and docs/ as a specification that cannot drift:
//! - every relative Markdown link points at a file that exists, and every `#anchor` at a
//!   heading of its page (GitHub's slugs);
//! - every `console` block is run: each `$ COMMAND` line runs with bash in a scratch copy
//!   of `samples/` (copylint on PATH, no colour, a fixed date), after the files that code
//!   blocks marked `file=NAME` (e.g. ```` ```yaml file=team.yaml ````) on the same page
//!   define, and its standard output and error must be the lines shown under it.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

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
        copy_dir(
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

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
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
