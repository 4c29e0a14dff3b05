//! `.copylint.yaml`: found in the current folder or the nearest parent up to the
//! repository root (or `--config`),
//! with command-line flags winning over it; bad files are refused with file:line:column.

mod common;

use common::{Scratch, check_json, fixture, rules_and_matches};

const CALL: &str = "openai-on-aws/call-wording";
const BAD: &str = "SRE calls on ChatGPT.\n";

/// Every key of the config file format.
const EVERY_KEY: [&str; 8] = [
    "default-lexicon:",
    "lexicons:",
    "rules:",
    "fail-on:",
    "include:",
    "exclude:",
    "file-types:",
    "require-reason:",
];

fn brand() -> String {
    std::fs::read_to_string(fixture("lexicons/brand.yaml")).unwrap()
}

/// Runs `copylint ARGS` in `dir` (relative to the scratch folder) and returns (status, stderr).
fn run_in(s: &Scratch, dir: &str, args: &[&str]) -> (i32, String, String) {
    let out = common::copylint()
        .current_dir(s.path().join(dir))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn severities(json: &serde_json::Value) -> Vec<(String, String)> {
    common::field_pairs(json, "rule", "severity")
}

#[test]
fn the_config_in_the_nearest_parent_folder_applies() {
    let s = Scratch::new();
    // A repository: config files are looked for up to its root.
    s.write(".git/HEAD", "ref: refs/heads/main\n");
    s.write(".copylint.yaml", "rules:\n  call-wording: warning\n");
    s.write("docs/guide/page.md", BAD);
    let (json, code) = check_json(&s.path().join("docs/guide"), &[]);
    assert_eq!(severities(&json), [(CALL.into(), "warning".into())]);
    assert_eq!(code, 0, "warnings do not fail the run");
    // A nearer config wins over the one further up.
    s.write("docs/.copylint.yaml", "rules:\n  call-wording: note\n");
    let (json, _) = check_json(&s.path().join("docs/guide"), &[]);
    assert_eq!(severities(&json), [(CALL.into(), "note".into())]);
}

#[test]
fn config_flag_names_the_file_and_no_config_ignores_it() {
    let s = Scratch::new();
    s.write(".copylint.yaml", "rules:\n  call-wording: warning\n");
    s.write("other/strict.yaml", "rules:\n  call-wording: note\n");
    s.write("page.md", BAD);
    let (json, _) = check_json(s.path(), &["--config", "other/strict.yaml"]);
    assert_eq!(severities(&json), [(CALL.into(), "note".into())]);
    let (json, code) = check_json(s.path(), &["--no-config"]);
    assert_eq!(severities(&json), [(CALL.into(), "error".into())]);
    assert_eq!(code, 1);
    let (code, _, err) = run_in(&s, ".", &["check", "--config", "missing.yaml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read config file `missing.yaml`"),
        "{err}"
    );
}

#[test]
fn lexicon_paths_are_relative_to_the_config_file() {
    let s = Scratch::new();
    // A repository: config files are looked for up to its root.
    s.write(".git/HEAD", "ref: refs/heads/main\n");
    s.write("lexicons/brand.yaml", brand());
    s.write(
        ".copylint.yaml",
        "lexicons: [lexicons/brand.yaml]\nrules:\n  brand/hype: error\n",
    );
    s.write("docs/page.md", "Widget never fails. It is revolutionary.\n");
    let (json, code) = check_json(&s.path().join("docs"), &[]);
    assert_eq!(
        severities(&json),
        [
            ("brand/absolute-claims".into(), "warning".into()),
            ("brand/hype".into(), "error".into())
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn the_builtin_lexicon_can_be_dropped_or_named_explicitly() {
    let s = Scratch::new();
    s.write("brand.yaml", brand());
    s.write("page.md", "Widget never fails. SRE calls on ChatGPT.\n");
    s.write(
        ".copylint.yaml",
        "default-lexicon: false\nlexicons: [brand.yaml]\n",
    );
    let (json, _) = check_json(s.path(), &[]);
    assert_eq!(
        rules_and_matches(&json),
        [("brand/absolute-claims".into(), "never fails".into())]
    );
    // builtin:NAME in the file loads it (once, even with default-lexicon left on).
    s.write(
        ".copylint.yaml",
        "lexicons: [brand.yaml, builtin:openai-on-aws]\n",
    );
    let (json, _) = check_json(s.path(), &[]);
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 2);
    // --no-default-lexicon wins over the file.
    s.write(
        ".copylint.yaml",
        "default-lexicon: true\nlexicons: [brand.yaml]\n",
    );
    let (json, _) = check_json(s.path(), &["--no-default-lexicon"]);
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 1);
    // --lexicon adds to the file's lexicons.
    s.write(
        "more/extra.yaml",
        brand().replace("lexicon: brand", "lexicon: extra"),
    );
    let (json, _) = check_json(s.path(), &["--lexicon", "more/extra.yaml"]);
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 3);
}

#[test]
fn rules_can_be_turned_off_or_given_another_severity() {
    let s = Scratch::new();
    s.write(
        "page.md",
        "SRE calls on ChatGPT and enables access to GPT-5. GPT-5 is available on AWS.\n",
    );
    s.write(
        ".copylint.yaml",
        "rules:\n  openai-on-aws/call-wording: off\n  access-wording: note\n",
    );
    let (json, code) = check_json(s.path(), &[]);
    assert_eq!(
        severities(&json),
        [
            ("openai-on-aws/access-wording".into(), "note".into()),
            ("openai-on-aws/frontier-availability".into(), "error".into())
        ]
    );
    assert_eq!(code, 1);
    assert_eq!(json["summary"]["notes"], 1);
}

#[test]
fn fail_on_comes_from_the_file_and_the_flag_wins() {
    let s = Scratch::new();
    s.write("page.md", BAD);
    s.write(
        ".copylint.yaml",
        "rules:\n  call-wording: warning\nfail-on: warning\n",
    );
    s.cmd(&["check"]).assert().code(1);
    s.cmd(&["check", "--fail-on", "error"]).assert().code(0);
}

#[test]
fn include_and_exclude_globs_choose_the_files() {
    let s = Scratch::new();
    // A repository: config files are looked for up to its root.
    s.write(".git/HEAD", "ref: refs/heads/main\n");
    for path in [
        "docs/a.md",
        "docs/drafts/b.md",
        "docs/c.generated.md",
        "blog/d.md",
        "e.md",
    ] {
        s.write(path, BAD);
    }
    s.write(
        ".copylint.yaml",
        "include: [\"docs/**\", \"/e.md\"]\nexclude: [drafts/, \"*.generated.md\"]\n",
    );
    let paths = |json: &serde_json::Value| -> Vec<String> {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect()
    };
    let (json, _) = check_json(s.path(), &[]);
    assert_eq!(paths(&json), ["docs/a.md", "e.md"]);
    // From a subfolder, the globs stay relative to the config file.
    let (json, _) = check_json(&s.path().join("docs"), &[]);
    assert_eq!(paths(&json), ["a.md"]);
    // A file named explicitly is checked though `include` does not name it, but an
    // excluded one never is (a pre-commit hook passes files one by one).
    let (json, _) = check_json(s.path(), &["blog/d.md", "docs/drafts/b.md"]);
    assert_eq!(paths(&json), ["blog/d.md"]);
    s.write(
        "list.txt",
        "docs/drafts/b.md\ndocs/c.generated.md\nblog/d.md\n",
    );
    let (json, _) = check_json(s.path(), &["--files-from", "list.txt"]);
    assert_eq!(paths(&json), ["blog/d.md"]);
}

#[test]
fn file_types_map_extensions_to_formats() {
    let s = Scratch::new();
    s.write("notes.rst", BAD);
    // Read as Markdown, `.txt` files hide code spans.
    s.write("readme.txt", "Run `calls on ChatGPT` here.\n");
    let (json, _) = check_json(s.path(), &[]);
    assert_eq!(json["summary"]["files"], 1, "rst is not read by default");
    assert_eq!(json["summary"]["errors"], 1);
    s.write(
        ".copylint.yaml",
        "file-types:\n  rst: text\n  .TXT: markdown\n",
    );
    let (json, _) = check_json(s.path(), &[]);
    assert_eq!(json["summary"]["files"], 2);
    assert_eq!(
        rules_and_matches(&json),
        [(CALL.into(), "calls on".into())],
        "the .txt file is read as Markdown"
    );
    assert_eq!(json["diagnostics"][0]["path"], "notes.rst");
}

#[test]
fn an_unknown_key_is_refused_with_a_hint_at_its_line_and_column() {
    let s = Scratch::new();
    s.write("page.md", BAD);
    s.write(".copylint.yaml", "fail-on: error\nexlude: [drafts]\n");
    let (code, out, err) = run_in(&s, ".", &["check"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains(".copylint.yaml:2:1"), "{err}");
    assert!(err.contains("unknown field `exlude`"), "{err}");
    assert!(err.contains("did you mean `exclude`?"), "{err}");
}

#[test]
fn unknown_values_rules_lexicons_and_globs_are_refused_where_they_are() {
    let s = Scratch::new();
    s.write("page.md", BAD);
    s.write(".copylint.yaml", "rules:\n  call-wording: eror\n");
    let (code, _, err) = run_in(&s, ".", &["check"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown variant `eror`"), "{err}");
    assert!(err.contains("did you mean `error`?"), "{err}");

    s.write(".copylint.yaml", "rules:\n  cal-wording: off\n");
    let (code, _, err) = run_in(&s, ".", &["check"]);
    assert_eq!(code, 2);
    assert!(err.contains(".copylint.yaml:2:3"), "{err}");
    assert!(
        err.contains("no active lexicon has a rule `cal-wording`"),
        "{err}"
    );
    assert!(err.contains("did you mean `call-wording`?"), "{err}");

    s.write(
        ".copylint.yaml",
        "lexicons:\n  - team.yaml\n  - builtin:nope\n",
    );
    let (code, _, err) = run_in(&s, ".", &["check"]);
    assert_eq!(code, 2);
    assert!(err.contains("2 problems"), "{err}");
    assert!(err.contains(".copylint.yaml:2:5"), "{err}");
    assert!(err.contains("cannot read lexicon"), "{err}");
    assert!(err.contains(".copylint.yaml:3:5"), "{err}");
    assert!(err.contains("there is no built-in lexicon `nope`"), "{err}");

    s.write(".copylint.yaml", "exclude: [\"drafts/[\"]\n");
    let (code, _, err) = run_in(&s, ".", &["check"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid glob `drafts/[`"), "{err}");
}

#[test]
fn a_broken_lexicon_named_by_the_config_is_reported_in_the_lexicon() {
    let s = Scratch::new();
    s.write("page.md", BAD);
    s.write(
        "team.yaml",
        "lexicon: team\nrules:\n  - id: r\n    mesage: m\n",
    );
    s.write(".copylint.yaml", "lexicons: [team.yaml]\n");
    let (code, _, err) = run_in(&s, ".", &["check"]);
    assert_eq!(code, 2);
    assert!(err.contains("team.yaml:4:5"), "{err}");
    assert!(err.contains("did you mean `message`?"), "{err}");
}

#[test]
fn init_writes_a_commented_starter_that_changes_nothing_and_never_overwrites() {
    let s = Scratch::new();
    s.write("page.md", BAD);
    let (before, _) = check_json(s.path(), &[]);
    s.cmd(&["init"]).assert().code(0);
    let written = std::fs::read_to_string(s.path().join(".copylint.yaml")).unwrap();
    assert!(written.starts_with("# copylint configuration"), "{written}");
    for key in EVERY_KEY {
        assert!(written.contains(key), "the starter shows `{key}`");
    }
    let (mut after, _) = check_json(s.path(), &[]);
    assert_eq!(after["config"], ".copylint.yaml");
    after["config"] = serde_json::Value::Null;
    // The run's identity names the config file by its hash; nothing else may change.
    after["identity"]["config_sha256"] = serde_json::Value::Null;
    assert_eq!(before, after, "the starter spells out the defaults");

    s.write(".copylint.yaml", "fail-on: note\n");
    let (code, _, err) = run_in(&s, ".", &["init"]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read_to_string(s.path().join(".copylint.yaml")).unwrap(),
        "fail-on: note\n"
    );
}

#[test]
fn the_documented_example_uses_every_key_and_is_valid() {
    let readme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/configuration.md"),
    )
    .unwrap();
    let section = &readme[readme.find("## Configuration").unwrap()..];
    let start = section.find("```yaml\n").unwrap() + "```yaml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    for key in EVERY_KEY {
        assert!(
            example.contains(key),
            "the docs/configuration.md example lacks `{key}`"
        );
    }
    let s = Scratch::new();
    s.write(".copylint.yaml", example);
    s.write("lexicons/brand.yaml", brand());
    s.write("docs/page.md", "Widget never fails. It is revolutionary.\n");
    let (json, code) = check_json(s.path(), &[]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(
        rules_and_matches(&json),
        [("brand/absolute-claims".into(), "never fails".into())],
        "brand/hype is off"
    );
}
