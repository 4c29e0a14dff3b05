//! The progress spinner: on standard error when it is a terminal and the output is for
//! people, never in machine formats and never when standard error is piped.

mod common;

use std::process::Command;

use common::Scratch;

/// What the spinner's line starts with (`{spinner} checked {pos} files ({per_sec})`).
const SPINNER: &str = " files (";

fn tree() -> Scratch {
    let s = Scratch::new();
    for i in 0..200 {
        s.write(
            &format!("docs/{i}.md"),
            format!("SRE is powered by OpenAI. Teams use ChatGPT every day ({i}).\n"),
        );
    }
    s
}

/// Runs `copylint ARGS` on a new pseudo-terminal (util-linux `script`, Essential on Debian
/// and present on GitHub's runners) and returns everything the terminal received.
fn on_a_terminal(s: &Scratch, args: &str) -> String {
    let bin = env!("CARGO_BIN_EXE_copylint");
    let out = Command::new("script")
        .args(["-qec", &format!("'{bin}' {args}"), "/dev/null"])
        .current_dir(s.path())
        .env("TERM", "xterm")
        .env_remove("NO_COLOR")
        .output()
        .expect("`script` (util-linux) runs a command on a pseudo-terminal; install util-linux");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_terminal_sees_the_spinner_with_the_human_format() {
    let s = tree();
    let screen = on_a_terminal(&s, "check docs");
    assert!(screen.contains(SPINNER), "{screen}");
    // Cleared before the summary: the last line is the summary, not the spinner.
    assert!(screen.contains("checked 200 files"), "{screen}");
}

#[test]
fn machine_formats_never_draw_it_even_on_a_terminal() {
    let s = tree();
    for format in ["json", "compact", "github", "sarif", "lsp"] {
        let screen = on_a_terminal(&s, &format!("check --format {format} docs"));
        assert!(!screen.contains(SPINNER), "--format {format}: {screen}");
    }
}

#[test]
fn a_piped_standard_error_never_sees_it() {
    let s = tree();
    let out = s.cmd(&["check", "docs"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains(SPINNER), "{stderr}");
    assert!(!stderr.contains('\r'), "{stderr}");
}
