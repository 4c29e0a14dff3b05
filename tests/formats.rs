//! The machine-readable formats beyond JSON: what their consumers require of them.

mod common;

use common::{Scratch, fixture};

/// `copylint check --format FORMAT ARGS...` in `s`: standard output.
fn output(s: &Scratch, format: &str, args: &[&str]) -> String {
    let out = s
        .cmd(&["check", "--format", format])
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// A scratch folder with a finding after an emoji and an accent, a clean file, and a
/// finding of each severity (the brand lexicon has a warning and a note).
fn mixed() -> Scratch {
    let s = Scratch::new();
    s.write("deck/é😀.md", "Café 😀 SRE calls on ChatGPT.\n");
    s.write("deck/clean.md", "SRE is powered by OpenAI.\n");
    s.write(
        "deck/brand, v2: final.txt",
        "Widget has 100% uptime.\n\nIt is revolutionary.\n",
    );
    s
}

fn brand() -> String {
    fixture("lexicons/brand.yaml")
        .to_string_lossy()
        .into_owned()
}

/// Escapes the stray `]` of the official schema's `language` patterns; returns how many.
fn escape_stray_brackets(schema: &mut serde_json::Value) -> usize {
    const BAD: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match schema {
        serde_json::Value::Object(map) => {
            let mut n = 0;
            for (key, value) in map.iter_mut() {
                if key == "pattern" && value == BAD {
                    *value = serde_json::json!(BAD.replace("}]", "}\\]"));
                    n += 1;
                } else {
                    n += escape_stray_brackets(value);
                }
            }
            n
        }
        serde_json::Value::Array(items) => items.iter_mut().map(escape_stray_brackets).sum(),
        _ => 0,
    }
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let mut schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("sarif/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    // Formats (uri, uri-reference, date-time) are checked too. With them on, the schema
    // must itself pass its meta-schema, and the official file's `language` patterns are
    // not valid regexes (`{2}]?$`, a stray bracket). They only constrain `language`
    // properties, which copylint never writes; escape the bracket so the schema compiles.
    assert_eq!(escape_stray_brackets(&mut schema), 2);
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let s = mixed();
    let outputs = [
        output(&s, "sarif", &["--lexicon", &brand(), "deck", "missing.md"]),
        // The deck fixture, as the snapshot shows it.
        String::from_utf8(
            common::copylint()
                .current_dir(fixture("deck"))
                .args(["check", "--format", "sarif"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap(),
        // Nothing found at all.
        output(&s, "sarif", &["deck/clean.md"]),
        // A suppressed finding, and findings in a PowerPoint file (no byte regions).
        output(&suppressed(), "sarif", &["quote.md"]),
        output(
            &s,
            "sarif",
            &[&fixture("office/lo-deck.pptx").to_string_lossy()],
        ),
    ];
    for out in outputs {
        let log: serde_json::Value = serde_json::from_str(&out).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}\n{out}");
        // The validator is not lenient: a property SARIF does not define is refused.
        let mut broken = log.clone();
        broken["runs"][0]["colour"] = serde_json::json!("red");
        assert!(!validator.is_valid(&broken));
        // ...and it reads back into the typed model.
        let _: serde_sarif::sarif::Sarif = serde_json::from_value(log).unwrap();
    }
}

#[test]
fn sarif_describes_every_rule_and_locates_results_in_utf16_columns() {
    let s = mixed();
    let out = output(&s, "sarif", &["--lexicon", &brand(), "deck", "missing.md"]);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "openai-on-aws/access-wording",
            "openai-on-aws/call-wording",
            "openai-on-aws/frontier-availability",
            "openai-on-aws/implied-access",
            "openai-on-aws/implied-calling",
            "openai-on-aws/implied-availability",
            "brand/absolute-claims",
            "brand/hype",
            "copylint/unused-suppression",
            "copylint/missing-reason",
            "copylint/look-alike-letters"
        ]
    );
    for rule in rules {
        for key in ["name", "shortDescription", "fullDescription", "help"] {
            assert!(!rule[key].is_null(), "{key} missing in {rule}");
        }
    }
    let call = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "openai-on-aws/call-wording")
        .unwrap();
    let location = &call["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "deck/%C3%A9%F0%9F%98%80.md"
    );
    // "Café 😀 " is 8 UTF-16 code units (the emoji is two), so "calls on" starts at 13.
    let region = &location["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(1), Some(13))
    );
    assert_eq!(region["endColumn"], 21);
    assert_eq!(call["level"], "error");
    let fix = &call["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(fix["insertedContent"]["text"], "uses");
    assert_eq!(fix["deletedRegion"], *region);
    // Levels follow severities, and the unreadable path is a notification.
    let levels: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["warning", "note", "error"]);
    let notification = &run["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
}

#[test]
fn lsp_format_lists_every_file_checked_with_utf16_positions() {
    let s = mixed();
    let out = output(&s, "lsp", &["deck", "missing.md"]);
    let entries: serde_json::Value = serde_json::from_str(&out).unwrap();
    let uris: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["uri"].as_str().unwrap())
        .collect();
    let base = common::file_uri(&s.path().canonicalize().unwrap().join("deck"));
    let expected: Vec<String> = [
        "brand,%20v2:%20final.txt",
        "clean.md",
        "%C3%A9%F0%9F%98%80.md",
    ]
    .iter()
    .map(|name| format!("{base}/{name}"))
    .collect();
    // The scratch folder may sit behind a symbolic link (macOS /tmp): compare names.
    let names = |list: &[&str]| -> Vec<String> {
        list.iter()
            .map(|u| u.rsplit('/').next().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names(&uris),
        names(&expected.iter().map(String::as_str).collect::<Vec<_>>())
    );
    assert!(uris.iter().all(|u| u.starts_with("file:///")));
    let emoji = &entries[2]["diagnostics"][0];
    assert_eq!(
        emoji["range"],
        serde_json::json!({"start": {"line": 0, "character": 12},
                           "end": {"line": 0, "character": 20}})
    );
    assert_eq!(emoji["code"], "openai-on-aws/call-wording");
    assert_eq!(emoji["severity"], 1);
    assert_eq!(entries[1]["diagnostics"], serde_json::json!([]));
}

#[test]
fn github_commands_escape_properties_and_data() {
    let s = mixed();
    let out = output(
        &s,
        "github",
        &["--lexicon", &brand(), "deck/brand, v2: final.txt"],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "::warning file=deck/brand%2C v2%3A final.txt,line=1,col=12,endLine=1,endColumn=23,\
             title=brand/absolute-claims::avoid absolute claims such as “100%25 uptime”\
             %0Asuggested rewrite: high availability",
            "::notice file=deck/brand%2C v2%3A final.txt,line=3,col=7,endLine=3,endColumn=20,\
             title=brand/hype::“revolutionary” is hype",
        ]
    );
}

#[test]
fn compact_lines_have_path_line_column_severity_and_rule() {
    let s = mixed();
    let out = output(&s, "compact", &["deck/é😀.md"]);
    assert_eq!(
        out,
        "deck/é😀.md:1:12: error[openai-on-aws/call-wording] “calls on” says SRE calls out \
         to OpenAI; say it is powered by or integrates with OpenAI\n"
    );
}

/// A folder with one finding and one suppressed by a comment with a reason.
fn suppressed() -> Scratch {
    let s = Scratch::new();
    s.write(
        "quote.md",
        "SRE calls on ChatGPT.\n\n\
         <!-- copylint-disable-next-line call-wording -- quoted from the customer -->\n\
         They said SRE calls on ChatGPT.\n",
    );
    s
}

#[test]
fn suppressed_findings_are_kept_in_sarif_and_left_out_elsewhere() {
    let s = suppressed();
    let log: serde_json::Value = serde_json::from_str(&output(&s, "sarif", &["quote.md"])).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert!(results[0].get("suppressions").is_none());
    assert_eq!(
        results[1]["suppressions"],
        serde_json::json!([{"kind": "inSource", "justification": "quoted from the customer"}])
    );
    assert_eq!(output(&s, "compact", &["quote.md"]).lines().count(), 1);
    assert_eq!(output(&s, "github", &["quote.md"]).lines().count(), 1);
    let lsp: serde_json::Value = serde_json::from_str(&output(&s, "lsp", &["quote.md"])).unwrap();
    assert_eq!(lsp[0]["diagnostics"].as_array().unwrap().len(), 1);
}

#[test]
fn findings_in_office_files_name_their_place_instead_of_a_position() {
    let s = Scratch::new();
    let deck = fixture("office/lo-deck.pptx");
    let deck = deck.to_string_lossy();
    let compact = output(&s, "compact", &[&deck]);
    let first = compact.lines().next().unwrap();
    assert!(
        first.starts_with(&format!(
            "{deck}: slide 2: error[openai-on-aws/access-wording] "
        )),
        "{first}"
    );
    let github = output(&s, "github", &[&deck]);
    let first = github.lines().next().unwrap();
    assert!(!first.contains("line="), "{first}");
    assert!(first.contains("::slide 2: “enables access to”"), "{first}");
    let log: serde_json::Value = serde_json::from_str(&output(&s, "sarif", &[&deck])).unwrap();
    let result = &log["runs"][0]["results"][0];
    assert!(
        result["locations"][0]["physicalLocation"]
            .get("region")
            .is_none()
    );
    assert_eq!(result["locations"][0]["message"]["text"], "slide 2");
    assert!(result.get("fixes").is_none());
    let lsp: serde_json::Value = serde_json::from_str(&output(&s, "lsp", &[&deck])).unwrap();
    let d = &lsp[0]["diagnostics"][0];
    assert_eq!(
        d["range"]["start"],
        serde_json::json!({"line": 0, "character": 0})
    );
    assert!(d["message"].as_str().unwrap().starts_with("slide 2: "));
}
