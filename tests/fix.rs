//! `--fix` and `--diff`: safe rewrites applied in place (atomically, converging), or shown
//! as a unified diff; unsafe ones never applied.

mod common;

use common::{Scratch, check_json, fixture};
use copylint::fix::{self, Edit};
use copylint::lexicon::{Applicability, Engine, LexiconSource, compile};
use copylint::{Checker, DocumentKind};
use proptest::prelude::*;

fn read(s: &Scratch, path: &str) -> String {
    std::fs::read_to_string(s.path().join(path)).unwrap()
}

#[test]
fn fix_applies_safe_rewrites_keeping_case_and_inflection() {
    let s = Scratch::new();
    s.write(
        "page.md",
        "# Launch\n\nEnables access to ChatGPT for all. It was enabling access to GPT-5, and ENABLED ACCESS TO Sora.\n\nSRE calls on ChatGPT; each step invokes OpenAI. GPT-5 is available on AWS.\n",
    );
    let out = s.cmd(&["check", "--fix"]).output().unwrap();
    assert_eq!(
        read(&s, "page.md"),
        "# Launch\n\nIntegrates with ChatGPT for all. It was integrating with GPT-5, and INTEGRATED WITH Sora.\n\nSRE uses ChatGPT; each step uses OpenAI. GPT-5 is available on AWS.\n",
        "the unsafe rewrite (of an availability claim) is left for a human"
    );
    // What is left is reported, and still fails the run.
    assert_eq!(out.status.code(), Some(1));
    let human = String::from_utf8(out.stdout).unwrap();
    assert!(
        human.contains("checked 1 file: 1 error, 0 warnings, 0 notes; fixed 5 findings in 1 file"),
        "{human}"
    );
    assert!(human.contains("SRE on AWS is powered by OpenAI"), "{human}");
}

#[test]
fn fix_works_on_text_and_html_and_keeps_line_endings() {
    let s = Scratch::new();
    s.write(
        "mail.txt",
        "Hi,\r\n\r\nSRE makes calls to the OpenAI API.\r\n",
    );
    s.write(
        "page.html",
        "<p>SRE <b>routes requests to</b> ChatGPT &amp; more.</p>",
    );
    let (json, code) = check_json(s.path(), &["--fix"]);
    assert_eq!(code, 0, "nothing left");
    assert_eq!(json["summary"]["fixed"], 2);
    assert_eq!(
        read(&s, "mail.txt"),
        "Hi,\r\n\r\nSRE uses the OpenAI API.\r\n"
    );
    assert_eq!(
        read(&s, "page.html"),
        "<p>SRE <b>uses</b> ChatGPT &amp; more.</p>"
    );
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let s = Scratch::new();
    let original = "# Launch\n\nSRE enables access to ChatGPT.\n\nNothing else.\n";
    s.write("page.md", original);
    s.write("clean.md", "SRE is powered by OpenAI.\n");
    let out = s.cmd(&["check", "--diff"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "exit 1: there is a change");
    assert_eq!(read(&s, "page.md"), original);
    insta::assert_snapshot!("diff_page", String::from_utf8(out.stdout).unwrap());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "would fix 1 finding in 1 file\n"
    );
    // The diff applies cleanly and gives what --fix writes.
    let diff = s.cmd(&["check", "--diff"]).output().unwrap().stdout;
    let patched = s.path().join("patched");
    std::fs::create_dir(&patched).unwrap();
    std::fs::write(patched.join("page.md"), original).unwrap();
    let status = std::process::Command::new("patch")
        .args(["-s", "-p0"])
        .current_dir(&patched)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(&diff)?;
            child.wait()
        });
    s.cmd(&["check", "--fix"]).assert().code(0);
    if let Ok(status) = status {
        assert!(status.success());
        assert_eq!(
            std::fs::read_to_string(patched.join("page.md")).unwrap(),
            read(&s, "page.md")
        );
    }
    // Nothing to fix: no diff, exit 0.
    let out = s.cmd(&["check", "--diff"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_second_fix_changes_nothing_and_check_finds_no_safe_fix() {
    let s = Scratch::new();
    s.write(
        "page.md",
        "SRE **enables** access to ChatGPT. It calls on GPT-5 and [offers access to](https://x.y) Sora.\n\n- provides access to Codex\n",
    );
    s.cmd(&["check", "--fix"]).assert().code(0);
    let once = read(&s, "page.md");
    let (json, code) = check_json(s.path(), &["--fix"]);
    assert_eq!(code, 0);
    assert_eq!(json["summary"]["fixed"], 0);
    assert_eq!(read(&s, "page.md"), once);
    let (json, _) = check_json(s.path(), &[]);
    assert!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["fix"].is_null()),
        "{json}"
    );
}

#[test]
fn overlapping_rewrites_are_never_both_applied_and_passes_repeat_until_stable() {
    let s = Scratch::new();
    s.write("page.md", "Say alpha beta delta here.\n");
    let lexicon = fixture("lexicons/overlap.yaml");
    let lexicon = lexicon.to_str().unwrap();
    let (json, _) = check_json(s.path(), &["--lexicon", lexicon]);
    assert_eq!(json["summary"]["errors"], 2, "two overlapping findings");
    let (json, code) = check_json(s.path(), &["--lexicon", lexicon, "--fix"]);
    assert_eq!(code, 0);
    // Pass 1 rewrites "alpha beta" (the other edit overlaps it and is skipped); pass 2
    // finds "gamma delta" and rewrites it.
    assert_eq!(read(&s, "page.md"), "Say omega here.\n");
    assert_eq!(json["summary"]["fixed"], 2);
}

#[test]
fn suppressed_findings_are_not_fixed() {
    let s = Scratch::new();
    let text =
        "<!-- copylint-disable-next-line -- quoting the customer -->\nSRE calls on ChatGPT.\n";
    s.write("page.md", text);
    s.cmd(&["check", "--fix"]).assert().code(0);
    assert_eq!(read(&s, "page.md"), text);
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions_and_leaves_no_temporary_file() {
    use std::os::unix::fs::PermissionsExt;
    let s = Scratch::new();
    let path = s.write("page.md", "SRE calls on ChatGPT.\n");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o604)).unwrap();
    s.cmd(&["check", "--fix"]).assert().code(0);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o604);
    let names: Vec<String> = std::fs::read_dir(s.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["page.md"]);
}

#[test]
fn standard_input_is_diffed_but_not_rewritten() {
    let s = Scratch::new();
    let out = s
        .cmd(&["check", "--diff", "-", "--stdin-filename", "draft.md"])
        .write_stdin("SRE calls on ChatGPT.\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("+SRE uses ChatGPT.")
    );
    let out = s
        .cmd(&["check", "--fix", "-"])
        .write_stdin("SRE calls on ChatGPT.\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the finding is still there");
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("use --diff")
    );
}

#[test]
fn a_file_that_is_not_valid_utf8_is_not_rewritten() {
    let s = Scratch::new();
    let bytes = b"caf\xe9: SRE calls on ChatGPT.\n";
    s.write("page.txt", bytes);
    let out = s.cmd(&["check", "--fix"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not fixed"));
    assert_eq!(std::fs::read(s.path().join("page.txt")).unwrap(), bytes);
}

#[test]
fn fix_never_grows_a_file_past_twice_its_size_plus_64_kib() {
    // A rewrite 999 bytes long for a one-letter word: legal, and checked not to bring back
    // its phrase, but 100 of them would make a 200-byte file 100 KB.
    let s = Scratch::new();
    let long = vec!["y"; 500].join(" ");
    s.write(
        "long.yaml",
        format!(
            "lexicon: long\nrules:\n  - id: x\n    message: m\n    banned:\n      - phrases: [x]\n        suggest: [\"{long}\"]\n        fix: safe\n"
        ),
    );
    let original = "x ".repeat(100) + "\n";
    s.write("page.md", &original);
    let args = ["--no-default-lexicon", "--lexicon", "long.yaml"];
    let (json, code) = check_json(s.path(), &[&args[..], &["--fix", "page.md"]].concat());
    assert_eq!(code, 2, "{json}");
    assert_eq!(read(&s, "page.md"), original, "nothing written");
    let message = json["problems"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("not fixed: the rewrites would make the file larger than 65938 bytes"),
        "{message}"
    );
    assert_eq!(json["summary"]["fixed"], 0);
    let out = s
        .cmd(&[&["check"], &args[..], &["--diff", "page.md"]].concat())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "no diff");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not fixed: the rewrites would"));
    // Ten of them fit.
    s.write("page.md", "x ".repeat(10) + "\n");
    let (_, code) = check_json(
        s.path(),
        &[
            "--no-default-lexicon",
            "--lexicon",
            "long.yaml",
            "--fix",
            "page.md",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(read(&s, "page.md").len(), 10 * 1000 + 1);
}

// Properties, on generated Markdown, through the library.

fn engine() -> Engine {
    compile(&[LexiconSource::builtin("openai-on-aws").unwrap()]).unwrap()
}

/// Markdown pieces around the rewritable phrases: markup that splits them, links,
/// code, comments and directives, lists, headings, line endings, non-ASCII text.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("SRE enables access to ChatGPT".to_string()),
        Just("**Enables** access to GPT-5".to_string()),
        Just("ENABLED ACCESS TO Sora".to_string()),
        Just("[grants access to](https://x.y/a) Codex".to_string()),
        Just("calls on *OpenAI*".to_string()),
        Just("makes calls to ChatGPT".to_string()),
        Just("routes\nrequests to GPT-4o".to_string()),
        Just("invokes GPT-5".to_string()),
        Just("GPT-5 is available on AWS".to_string()),
        Just("integrates with OpenAI".to_string()),
        Just("`calls on`".to_string()),
        Just("<!-- copylint-disable-next-line -->\n".to_string()),
        Just("<!-- calls on ChatGPT -->".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\n- ".to_string()),
        Just("\n# ".to_string()),
        Just("\n> ".to_string()),
        Just("\n```\n".to_string()),
        Just("| a | b |\n|---|---|\n| ".to_string()),
        Just(". ".to_string()),
        Just("é – ".to_string()),
        "[a-z ]{0,10}",
    ]
}

/// Asserts that `after` is `before` with exactly `edits` (sorted, non-overlapping) made.
fn only_edited_spans_changed(before: &str, after: &str, edits: &[Edit]) -> Result<(), String> {
    let mut old = 0; // position in `before`
    let mut new = 0; // position in `after`
    for e in edits {
        if e.span.start < old {
            return Err(format!("edits overlap at {:?}", e.span));
        }
        let kept = &before[old..e.span.start];
        if after.get(new..new + kept.len()) != Some(kept) {
            return Err(format!("bytes {old}..{} changed", e.span.start));
        }
        new += kept.len();
        if after.get(new..new + e.replacement.len()) != Some(e.replacement.as_str()) {
            return Err(format!("edit {:?} not made as given", e.span));
        }
        new += e.replacement.len();
        old = e.span.end;
    }
    if after.get(new..) != Some(&before[old..]) {
        return Err(format!("bytes after {old} changed"));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn fixing_changes_only_the_edited_spans_and_converges(
        parts in proptest::collection::vec(fragment(), 0..30)
    ) {
        let engine = engine();
        let mut checker = Checker::new(&engine);
        let original = parts.concat();
        let mut text = original.clone();
        let mut passes = 0;
        loop {
            let findings = checker.check(DocumentKind::Markdown, &text);
            let fixes = fix::safe_fixes(&text, &findings);
            if fixes.is_empty() {
                break;
            }
            // Every fix is a safe finding's first rewrite, with its edits.
            for edits in &fixes {
                let made_by_a_safe_rewrite = findings.iter().any(|f| {
                    f.suppressed.is_none()
                        && f.suggestions.first().is_some_and(|s| {
                            s.applicability == Applicability::Safe && &s.edits == edits
                        })
                });
                prop_assert!(made_by_a_safe_rewrite);
            }
            let (next, applied) = fix::apply(&text, fixes);
            prop_assert!(!applied.is_empty());
            let applied: Vec<Edit> = applied.into_iter().flatten().collect();
            if let Err(why) = only_edited_spans_changed(&text, &next, &applied) {
                prop_assert!(false, "{why} in {text:?} → {next:?}");
            }
            text = next;
            passes += 1;
            prop_assert!(passes <= fix::MAX_PASSES, "no convergence on {original:?}");
        }
        // The library's fix gives the same text, and fixing it again changes nothing.
        let fixed = fix::fix(&mut checker, DocumentKind::Markdown, &original);
        prop_assert!(fixed.converged);
        prop_assert_eq!(&fixed.text, &text);
        let again = fix::fix(&mut checker, DocumentKind::Markdown, &fixed.text);
        prop_assert_eq!(again.applied, 0);
        prop_assert_eq!(again.text, fixed.text);
    }
}
