//! Email saved as MIME: the fixtures in `tests/fixtures/email` were written by Python's
//! `email` package (`tests/fixtures/make-pdf-eml.sh` regenerates them).

mod common;

use common::{check_json, copylint, fixture};
use serde_json::Value;

/// (location, rule without its lexicon, matched, line, column) of each diagnostic.
fn places(json: &Value) -> Vec<(String, String, String, u64, u64)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["location"].as_str().unwrap_or("-").to_string(),
                d["rule"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                d["matched"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn place(
    location: &str,
    rule: &str,
    matched: &str,
    line: u64,
    column: u64,
) -> (String, String, String, u64, u64) {
    (location.into(), rule.into(), matched.into(), line, column)
}

fn email() -> std::path::PathBuf {
    fixture("email")
}

#[test]
fn subject_and_decoded_parts_are_places_of_their_own() {
    let (json, code) = check_json(&email(), &["newsletter.eml"]);
    assert_eq!(code, 1);
    assert_eq!(
        places(&json),
        [
            // An RFC 2047 encoded word, decoded.
            place("subject", "access-wording", "enables access to", 1, 5),
            // Quoted-printable, its soft line breaks joined: line 5 of the decoded part.
            place("part 1 (text/plain)", "call-wording", "calls on", 5, 24),
            // Base64 HTML, read as HTML: the code sample and the comment are not prose.
            place(
                "part 2 (text/html)",
                "frontier-availability",
                "bring OpenAI\u{2019}s most advanced models to AWS",
                1,
                160
            ),
        ]
    );
    for d in json["diagnostics"].as_array().unwrap() {
        assert_eq!(d["fix"], Value::Null, "suggestions only: {d}");
        let sentence = d["sentence"].as_str().unwrap();
        assert!(!sentence.contains("powered by OpenAI"), "{d}");
        assert!(!sentence.contains("calls_on"), "{d}");
    }
}

#[test]
fn charsets_and_forwarded_messages_are_read() {
    let (json, _) = check_json(&email(), &["latin1.eml"]);
    assert_eq!(
        places(&json),
        [place(
            "part 1 (text/plain)",
            "call-wording",
            "route requests to",
            5,
            12
        )]
    );
    assert_eq!(
        json["diagnostics"][0]["sentence"],
        "Our agents route requests to ChatGPT Enterprise for every plan, caf\u{e9} included."
    );
    // The covering note names OpenAI and AWS cleanly; the forwarded draft does not.
    let (json, _) = check_json(&email(), &["forwarded.eml"]);
    assert_eq!(
        places(&json),
        [place(
            "part 2.1 (text/plain)",
            "call-wording",
            "makes calls to",
            1,
            12
        )]
    );
}

#[test]
fn human_output_names_the_part() {
    let out = copylint()
        .current_dir(email())
        .args(["check", "--color", "never", "newsletter.eml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("--> newsletter.eml: part 1 (text/plain):5:24"),
        "{stdout}"
    );
    assert!(
        stdout.contains("--> newsletter.eml: subject:1:5"),
        "{stdout}"
    );
}

#[test]
fn mime_nested_too_deep_is_an_error_and_the_run_goes_on() {
    let (json, code) = check_json(&email(), &["."]);
    assert_eq!(code, 2);
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0]["path"], "too-deep.eml");
    assert_eq!(
        problems[0]["message"],
        "MIME parts nested more than 32 levels deep; not read"
    );
    assert_eq!(json["summary"]["failures"], 1);
    assert_eq!(places(&json).len(), 5);
}

#[test]
fn emails_can_come_from_standard_input() {
    let out = copylint()
        .args([
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "mail.eml",
        ])
        .write_stdin(std::fs::read(email().join("newsletter.eml")).unwrap())
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(places(&json).len(), 3, "{json}");
}
