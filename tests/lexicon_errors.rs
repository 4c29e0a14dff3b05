//! A broken lexicon is refused with exit status 2 and a report that names the file, line
//! and column of the problem.

mod common;

use std::os::unix::process::CommandExt;

use common::Scratch;

/// Runs `copylint check` with `lexicon` as an extra lexicon and returns stderr, asserting
/// exit status 2.
fn refused(lexicon: &str) -> String {
    let s = Scratch::new();
    s.write("bad.yaml", lexicon);
    s.write("copy.md", "SRE is powered by OpenAI.\n");
    let out = s
        .cmd(&["check", "--lexicon", "bad.yaml", "copy.md"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        out.stdout.is_empty(),
        "nothing is reported when the lexicon is bad"
    );
    String::from_utf8(out.stderr).unwrap()
}

/// Asserts the report points at `bad.yaml:LINE:COLUMN` and says `what`.
fn assert_points_at(stderr: &str, line: usize, column: usize, what: &str) {
    assert!(
        stderr.contains(&format!("bad.yaml:{line}:{column}")),
        "no bad.yaml:{line}:{column} in:\n{stderr}"
    );
    assert!(stderr.contains(what), "no `{what}` in:\n{stderr}");
}

const HEAD: &str = "lexicon: team\nsets:\n  cloud:\n    terms: [AWS]\n";

#[test]
fn yaml_syntax_error() {
    let err = refused("lexicon: team\nrules: [\n  - id: x\n");
    assert_points_at(&err, 3, 3, "did not find expected");
}

#[test]
fn unknown_key() {
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [x]\n        sugest: [y]\n"
    ));
    assert_points_at(&err, 10, 9, "unknown field `sugest`");
}

#[test]
fn empty_phrase() {
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [ok, \"\"]\n"
    ));
    assert_points_at(&err, 9, 23, "empty phrase");
}

#[test]
fn phrase_without_letters() {
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [\"  \", \"--\"]\n"
    ));
    assert!(
        err.contains("empty phrase") && err.contains("has no letter or digit"),
        "{err}"
    );
}

#[test]
fn rule_naming_a_missing_set() {
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: r\n    message: m\n    when: [clowd]\n    banned:\n      - phrases: [x]\n"
    ));
    assert_points_at(
        &err,
        8,
        12,
        "names set `clowd`, which this lexicon does not define",
    );
    assert!(err.contains("did you mean `cloud`?"), "{err}");
}

#[test]
fn phrase_both_allowed_and_banned_in_one_rule() {
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [\"{{enable}} access\"]\n    allowed: [\"enables access\"]\n"
    ));
    assert_points_at(
        &err,
        10,
        15,
        "`enables access` is both allowed and banned in rule `r`",
    );
}

#[test]
fn malformed_pattern_and_rewrite() {
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [\"(a|b\"]\n        suggest: [\"{{x|y}}\"]\n"
    ));
    assert!(err.contains("invalid phrase: `(` is never closed"), "{err}");
    assert!(err.contains("invalid rewrite"), "{err}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: r\n    message: m\n    when: [nope]\n    banned:\n      - phrases: [\"\"]\n  - id: r\n    message: m\n    co-occur: [cloud]\n"
    ));
    assert!(err.contains("3 problems"), "{err}");
    assert!(err.contains("used twice"), "{err}");
}

#[test]
fn rule_without_anything_to_match() {
    let err = refused("lexicon: team\nrules:\n  - id: r\n    message: m\n");
    assert_points_at(&err, 3, 9, "so it can never");
}

#[test]
fn bad_dates_and_unsafe_fix_without_rewrite() {
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: r\n    message: m\n    expires: next year\n    banned:\n      - phrases: [x]\n        fix: safe\n"
    ));
    assert!(err.contains("`expires: next year` is not a date"), "{err}");
    assert!(
        err.contains("`fix: safe` needs at least one `suggest` rewrite"),
        "{err}"
    );
}

#[test]
fn yaml_bombs_are_refused_in_bounded_memory() {
    // A billion-laughs document: nine levels of nine aliases.
    let mut doc = String::from("a0: &a0 [\"lol\"]\n");
    for i in 1..10 {
        let refs = (0..9)
            .map(|_| format!("*a{}", i - 1))
            .collect::<Vec<_>>()
            .join(",");
        doc.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    doc.push_str("lexicon: bomb\n");
    // Expanding the 9^9 leaves would take gigabytes: refuse it within 512 MiB of address
    // space, where an expansion would abort instead of exiting with status 2.
    let s = Scratch::new();
    s.write("bad.yaml", &doc);
    s.write("copy.md", "SRE is powered by OpenAI.\n");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_copylint"));
    cmd.current_dir(s.path())
        .args(["check", "--lexicon", "bad.yaml", "copy.md"]);
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 512 << 20,
                rlim_max: 512 << 20,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        })
    };
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("bad.yaml"), "{err}");
}

#[test]
fn missing_lexicon_file_and_unknown_builtin() {
    let s = Scratch::new();
    let out = s
        .cmd(&["check", "--lexicon", "nope.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read lexicon `nope.yaml`"));
    let out = s
        .cmd(&["check", "--lexicon", "builtin:nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no built-in lexicon `nope`"));
}

#[test]
fn pathological_phrases_are_refused_with_a_clear_message() {
    // Ten kilobytes in one phrase.
    let long = "word ".repeat(2048);
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [\"{long}\"]\n"
    ));
    assert!(err.contains("bytes long; the limit is 1024"), "{err}");
    // An unpaired surrogate escaped in YAML is not a character at all.
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [\"\\uD800 x\"]\n"
    ));
    assert_points_at(&err, 9, 22, "invalid Unicode character escape");
    // Only punctuation cannot be matched as whole words.
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [\"?!\"]\n"
    ));
    assert!(err.contains("has no letter or digit"), "{err}");
}

/// A five-letter word made from `n` (distinct for distinct `n` below 26^5).
fn word(mut n: u32) -> String {
    let mut w = String::new();
    for _ in 0..5 {
        w.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    w
}

/// 100,000 phrases build and run. The figures measured with a release build are in
/// the README (Performance); this guards that it works at all.
#[test]
fn a_lexicon_with_a_hundred_thousand_phrases() {
    let s = Scratch::new();
    let phrase = |i: u32| format!("{} {}", word(i), word(i.wrapping_mul(7919)));
    let mut yaml = String::from(
        "lexicon: big\nrules:\n  - id: many\n    message: m\n    banned:\n      - phrases:\n",
    );
    for i in 0..100_000u32 {
        yaml.push_str(&format!("          - \"{}\"\n", phrase(i)));
    }
    s.write("big.yaml", yaml);
    let planted = phrase(4242);
    s.write(
        "copy.md",
        format!("Nothing here.\n\nBut {planted} is banned.\n"),
    );
    let out = s
        .cmd(&[
            "check",
            "--no-default-lexicon",
            "--lexicon",
            "big.yaml",
            "--format",
            "json",
            "copy.md",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["matched"], planted.as_str());
}

/// Like [`refused`], with `lexicon` the only lexicon loaded.
fn refused_alone(lexicon: &str) -> String {
    let s = Scratch::new();
    s.write("bad.yaml", lexicon);
    s.write("copy.md", "Nothing to see.\n");
    let out = s
        .cmd(&[
            "check",
            "--no-default-lexicon",
            "--lexicon",
            "bad.yaml",
            "copy.md",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_safe_rewrite_that_brings_back_a_banned_phrase_is_refused() {
    // `spam` → `spam spam` grew a 120 KB file to 25 MB under `--fix`.
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: spam\n    message: m\n    banned:\n      - phrases: [spam]\n        suggest: [spam spam]\n        fix: safe\n"
    ));
    assert_points_at(
        &err,
        10,
        19,
        "the safe rewrite `spam spam` brings back `spam`",
    );
    // Another rule's phrase counts too; an unsafe rewrite is never applied, so it may.
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: a\n    message: m\n    banned:\n      - phrases: [eggs]\n        suggest: [ham]\n        fix: safe\n      - phrases: [bacon]\n        suggest: [spam]\n        fix: unsafe\n  - id: b\n    message: m\n    banned:\n      - phrases: [spam]\n        suggest: [eggs]\n        fix: safe\n"
    ));
    assert_points_at(&err, 19, 19, "brings back `eggs`, which rule `team/a` bans");
    assert!(!err.contains("`ham`"), "{err}");
}

#[test]
fn a_rewrite_is_checked_in_every_form_its_phrases_call_for() {
    // Only the third person, `gives access`, is banned: `{give} access` is written that
    // way when it replaces `offers entry`.
    let lexicon = |phrase: &str| {
        format!(
            "lexicon: team\nrules:\n  - id: entry\n    message: m\n    banned:\n      - phrases: [\"{phrase}\"]\n        suggest: [\"{{give}} access\"]\n        fix: safe\n  - id: gives\n    message: m\n    banned:\n      - phrases: [gives access]\n"
        )
    };
    let err = refused_alone(&lexicon("{offer} entry"));
    assert_points_at(&err, 7, 19, "(written `gives access`)");
    // A phrase without a verb is always rewritten in the base form, `give access`.
    let s = Scratch::new();
    s.write("ok.yaml", lexicon("entry point"));
    s.write("copy.md", "Use the entry point.\n");
    let out = s
        .cmd(&[
            "check",
            "--no-default-lexicon",
            "--lexicon",
            "ok.yaml",
            "--fix",
            "copy.md",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(s.path().join("copy.md")).unwrap(),
        "Use the give access.\n"
    );
    // Capitals count: `--fix` writes `SPAM` over `EGGS`.
    let err = refused_alone(
        "lexicon: team\nrules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [eggs]\n        suggest: [spam]\n        fix: safe\n      - phrases: [SPAM]\n        case-sensitive: true\n",
    );
    assert_points_at(&err, 7, 19, "(written `SPAM`)");
}

#[test]
fn a_lexicon_that_expands_to_too_many_phrases_in_all_is_refused() {
    // 200 entries of 4,096 phrases each took 18 s and 1.1 GB to compile. Each entry is
    // within the per-entry bound; the lexicon is refused at the one that passes 250,000.
    let four = |i: usize| format!("(a{i}|b{i}|c{i}|d{i})");
    let mut yaml = String::from(
        "lexicon: team\nrules:\n  - id: big\n    message: m\n    banned:\n      - phrases:\n",
    );
    for entry in 0..200 {
        let pattern: Vec<String> = (0..6).map(four).collect();
        yaml.push_str(&format!("          - \"w{entry} {}\"\n", pattern.join(" ")));
    }
    let err = refused_alone(&yaml);
    // 61 entries make 249,856 phrases; the 62nd (line 7 + 61) goes over.
    assert_points_at(&err, 68, 13, "expands to more than 250000 phrases in all");
    // The message as one line (the report wraps it).
    let flat = err
        .split_whitespace()
        .filter(|w| *w != "|")
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("(this entry brings it to 253952)"), "{err}");
}

// Rewrites by role and rewrites that name a set's term.

#[test]
fn unknown_role_is_refused_with_a_hint() {
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [x]\n        roles:\n          verbb: {{suggest: [y]}}\n"
    ));
    assert_points_at(&err, 11, 11, "unknown field `verbb`");
    assert!(err.contains("did you mean `verb`?"), "{err}");
}

#[test]
fn unknown_key_inside_a_role_is_refused() {
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [x]\n        roles:\n          noun:\n            sugest: [y]\n"
    ));
    assert_points_at(&err, 12, 13, "unknown field `sugest`");
}

#[test]
fn roles_beside_suggest_and_a_safe_role_without_rewrites() {
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [x]\n        suggest: [y]\n        roles:\n          verb: {{fix: safe}}\n"
    ));
    assert_points_at(
        &err,
        10,
        18,
        "a banned group has either `roles` or `suggest` and `fix`, not both",
    );
    assert!(
        err.contains("`fix: safe` needs at least one `suggest` rewrite"),
        "{err}"
    );
}

#[test]
fn a_role_rewrite_is_checked_like_any_rewrite() {
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [x]\n        roles:\n          event: {{suggest: [\"{{x|y}}\"]}}\n"
    ));
    assert_points_at(&err, 11, 29, "invalid rewrite");
}

#[test]
fn a_set_placeholder_must_name_a_co_occurrence_set_of_the_rule() {
    let err = refused(&format!(
        "{HEAD}  cloud2:\n    terms: [Azure]\nrules:\n  - id: r\n    message: m\n    co-occur: [cloud, cloud2]\n    suggest: [\"runs on {{set:clod}}\"]\n"
    ));
    assert_points_at(
        &err,
        11,
        15,
        "`{set:clod}` is not one of this rule's `co-occur` sets",
    );
    assert!(err.contains("did you mean `{set:cloud}`?"), "{err}");
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [x]\n        suggest: [\"{{set:cloud}}\"]\n"
    ));
    assert!(err.contains("names a set's term"), "{err}");
}

#[test]
fn help_on_a_phrase_rule_belongs_on_its_groups() {
    let err = refused(&format!(
        "{HEAD}rules:\n  - id: r\n    message: m\n    help: say it plainly\n    banned:\n      - phrases: [x]\n"
    ));
    assert_points_at(&err, 8, 11, "`help` on a rule is for co-occurrence rules");
}

// Sequences, sets in phrases and negation.

#[test]
fn sequence_phrases_are_checked() {
    let rule = |phrase: &str| {
        format!(
            "{HEAD}rules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [\"{phrase}\"]\n"
        )
    };
    let err = refused(&rule("ask <clowd>"));
    assert_points_at(
        &err,
        9,
        19,
        "`<clowd>` names a set that this lexicon does not define",
    );
    assert!(err.contains("did you mean `<cloud>`?"), "{err}");
    for (phrase, what) in [
        (
            "... off to",
            "`...` must stand between two parts of a phrase",
        ),
        (
            "off to ...",
            "`...` must stand between two parts of a phrase",
        ),
        ("<cloud> ... <cloud>", "needs some words of its own"),
        ("*foo*", "cannot have `*` at both ends"),
        ("ask <cloud", "`<` is never closed"),
        ("ask <>", "takes the name of a set"),
    ] {
        let err = refused(&rule(phrase));
        assert!(err.contains(what), "{phrase}: {err}");
    }
}

#[test]
fn a_set_used_as_set_has_plain_terms() {
    let err = refused(
        "lexicon: team\nsets:\n  cloud:\n    terms: [\"big ... cloud\"]\nrules:\n  - id: r\n    message: m\n    banned:\n      - phrases: [\"ask <cloud>\"]\n",
    );
    assert_points_at(&err, 9, 19, "so it cannot be");
}

#[test]
fn included_sets_must_exist_and_not_include_others() {
    let err = refused(
        "lexicon: team\nsets:\n  cloud:\n    terms: [AWS]\n  all:\n    include: [clowd]\nrules:\n  - id: r\n    message: m\n    co-occur: [all]\n",
    );
    assert_points_at(
        &err,
        6,
        15,
        "includes `clowd`, which this lexicon does not define",
    );
    assert!(err.contains("did you mean `cloud`?"), "{err}");
    let err = refused(
        "lexicon: team\nsets:\n  a:\n    terms: [x]\n  b:\n    include: [a]\n  c:\n    include: [b]\nrules:\n  - id: r\n    message: m\n    co-occur: [c]\n",
    );
    assert_points_at(&err, 8, 15, "set `b` includes other sets itself");
}

#[test]
fn negation_scopes_are_checked() {
    let phrase_rule = |negation: &str| {
        format!(
            "{HEAD}  neg:\n    terms: [not]\nrules:\n  - id: r\n    message: m\n    negation: {negation}\n    banned:\n      - phrases: [x]\n"
        )
    };
    let err = refused(&phrase_rule("{cues: nope}"));
    assert_points_at(&err, 10, 22, "`negation` names set `nope`");
    let err = refused(&phrase_rule("{cues: neg, of: [cloud]}"));
    assert!(err.contains("`of` is for co-occurrence rules"), "{err}");
    let err = refused(&phrase_rule("{cues: neg, window: 0}"));
    assert!(
        err.contains("`window` is a number of words from 1 to 16"),
        "{err}"
    );
    let co_occur = |negation: &str| {
        format!(
            "{HEAD}  neg:\n    terms: [not]\n  place:\n    terms: [here]\nrules:\n  - id: r\n    message: m\n    co-occur: [cloud, place]\n    negation: {negation}\n"
        )
    };
    let err = refused(&co_occur("{cues: neg}"));
    assert!(err.contains("needs `of`"), "{err}");
    let err = refused(&co_occur("{cues: neg, of: [neg]}"));
    assert!(
        err.contains("`neg` is not one of this rule's `co-occur` sets"),
        "{err}"
    );
}
