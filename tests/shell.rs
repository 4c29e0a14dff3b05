//! Shell integration: completion scripts and man pages generated from the clap
//! definitions, and a `--version` that names the policy it applies.

mod common;

use std::process::Command;

use common::{Scratch, copylint};

fn stdout_of(args: &[&str]) -> String {
    let out = copylint().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// What real bash completes for `line` (the words typed so far) with the generated
/// script loaded, as `complete -p` registered it.
fn bash_completes(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let words = words.join(" ");
    let program = format!(
        r#"source '{}'
function=$(complete -p copylint | sed -E 's/.*-F ([^ ]+).*/\1/')
COMP_WORDS=({words})
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="{words}"
COMP_POINT=${{#COMP_LINE}}
"$function" copylint "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#,
        script.display()
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_subcommands_and_flags() {
    let s = Scratch::new();
    let script = s.write("copylint.bash", stdout_of(&["completions", "bash"]));
    assert_eq!(bash_completes(&script, &["copylint", "ch"]), ["check"]);
    assert_eq!(
        bash_completes(&script, &["copylint", "check", "--fo"]),
        ["--format"]
    );
}

#[test]
fn every_shell_gets_a_script_naming_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        // fish spells long flags `-l format`.
        for word in ["check", "report", "explain", "format", "stdin-filename"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    let out = copylint().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_man_page_is_roff_with_every_subcommand() {
    let page = stdout_of(&["man"]);
    assert!(page.starts_with(".ie \\n(.g .ds Aq"), "{page}");
    assert!(page.contains(".TH copylint 1"), "{page}");
    for word in ["check", "report", "explain", "lsp", "openai\\-on\\-aws"] {
        assert!(page.contains(word), "the man page lacks {word}");
    }
    // A folder gets a page per subcommand, for `man copylint-check`.
    let s = Scratch::new();
    copylint().args(["man"]).arg(s.path()).assert().code(0);
    for page in ["copylint.1", "copylint-check.1", "copylint-report.1"] {
        let text = std::fs::read_to_string(s.path().join(page)).unwrap();
        assert!(text.contains(".TH"), "{page}");
    }
    assert!(!s.path().join("copylint-man.1").exists());
}

#[test]
fn version_names_the_built_in_lexicon_it_applies() {
    let effective = "effective 2026-03-01";
    let policy = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons/openai-on-aws.yaml"),
    )
    .unwrap();
    assert!(
        policy.contains("\neffective: 2026-03-01\n"),
        "update this test"
    );
    let short = stdout_of(&["-V"]);
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        short.starts_with(&format!(
            "copylint {version} (lexicon openai-on-aws {effective}, sha256 "
        )),
        "{short}"
    );
    let long = stdout_of(&["--version"]);
    for name in ["openai-on-aws", "cloud-claims", "brand-names"] {
        assert!(long.contains(&format!("\n  {name}")), "{long}");
    }
    // Subcommands say the same, so `copylint check --version` is no different.
    assert_eq!(
        stdout_of(&["check", "-V"]).strip_prefix("copylint-check "),
        short.strip_prefix("copylint ")
    );
}
