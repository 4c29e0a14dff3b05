//! HTML landing pages: only the text a reader sees is prose, block elements are blocks,
//! and every span points at the page's own bytes.

mod common;

use common::{check_json, copylint, fixture, rules_and_matches};
use serde_json::Value;

fn landing(args: &[&str]) -> (Value, Vec<u8>) {
    let dir = fixture("html");
    let mut all = args.to_vec();
    all.push("landing.html");
    let (json, _) = check_json(&dir, &all);
    (json, std::fs::read(dir.join("landing.html")).unwrap())
}

fn pair(rule: &str, matched: &str) -> (String, String) {
    (rule.to_string(), matched.to_string())
}

#[test]
fn only_visible_text_of_a_landing_page_is_checked() {
    let (json, _) = landing(&[]);
    // Reported: what the page shows, in text or in attributes a reader sees (the meta
    // description, the <title>, a link's tooltip, image alt text), each its own block.
    // Not reported: other attributes (`class`, `href`), <style>, <script> and JSON-LD,
    // <pre>/<code>, an HTML comment and a <template>, all of which say "calls on" or
    // "enables access" next to ChatGPT. Nor a table cell or heading that would only fire
    // joined with its neighbour ("ChatGPT" | "enables access ...").
    assert_eq!(
        rules_and_matches(&json),
        [
            pair("openai-on-aws/access-wording", "enables access to"),
            pair("openai-on-aws/call-wording", "calls on"),
            pair("openai-on-aws/call-wording", "calls on"),
            // The span is the phrase's own bytes, even where it cuts <strong>: a fix
            // applies its suggestion's edits, which keep the element balanced.
            pair("openai-on-aws/access-wording", "enables</strong> access to"),
            pair("openai-on-aws/call-wording", "calls on"),
            pair("openai-on-aws/call-wording", "calls on"),
            pair("openai-on-aws/call-wording", "Routes requests to"),
        ]
    );
    let lines: Vec<u64> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    // meta description, title, <a title>, <p>, <img alt>, <li>, <td>.
    assert_eq!(lines, [5, 6, 11, 14, 15, 22, 29]);
    let messages: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    // Messages quote what the reader sees, not the tags.
    assert!(
        messages[3].starts_with("“enables access to”"),
        "{}",
        messages[3]
    );
}

#[test]
fn landing_page_spans_point_at_the_page_bytes() {
    let (json, page) = landing(&["--lexicon", "builtin:brand-names"]);
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 9);
    for d in diagnostics {
        let (start, end) = (
            d["byte_start"].as_u64().unwrap() as usize,
            d["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            String::from_utf8_lossy(&page[start..end]),
            d["matched"].as_str().unwrap()
        );
        let before = String::from_utf8_lossy(&page[..start]);
        let line = before.matches('\n').count() as u64 + 1;
        let column = before.rsplit('\n').next().unwrap().chars().count() as u64 + 1;
        assert_eq!(
            (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()),
            (line, column)
        );
        assert!(
            d.get("location").is_none(),
            "no location for text formats: {d}"
        );
    }
}

#[test]
fn case_sensitive_names_are_read_through_entities_and_tags() {
    let (json, _) = landing(&["--no-default-lexicon", "--lexicon", "builtin:brand-names"]);
    // "Open&nbsp;AI" reads "Open AI" and "Sage<b>maker</b>" reads "Sagemaker": both fire,
    // with the reader's spelling in the message; "Sage<b>Maker</b>" reads right and does not.
    assert_eq!(
        rules_and_matches(&json),
        [
            pair("brand-names/openai-names", "Open&nbsp;AI"),
            pair("brand-names/aws-names", "Sage<b>maker"),
        ]
    );
    // The fix rewrites the word and drops the <b> that held only part of it.
    let fix = &json["diagnostics"][1]["fix"];
    let page = std::fs::read_to_string(fixture("html/landing.html")).unwrap();
    let edit = &fix["edits"][0];
    let (start, end) = (
        edit["byte_start"].as_u64().unwrap() as usize,
        edit["byte_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(fix["edits"].as_array().unwrap().len(), 1);
    assert_eq!(
        (&page[start..end], edit["replacement"].as_str().unwrap()),
        ("Sage<b>maker</b>", "SageMaker")
    );
    assert_eq!(
        json["diagnostics"][1]["message"],
        "“Sagemaker” is not how AWS writes this name"
    );
    assert_eq!(json["diagnostics"][1]["suggestions"][0], "SageMaker");
}

/// (line, rule, matched) of each diagnostic.
fn lines_rules_matches(json: &Value) -> Vec<(u64, String, String)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["rule"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("openai-on-aws/")
                    .to_string(),
                d["matched"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn found(list: &[(u64, &str, &str)]) -> Vec<(u64, String, String)> {
    list.iter()
        .map(|(l, r, m)| (*l, r.to_string(), m.to_string()))
        .collect()
}

#[test]
fn what_a_page_shows_outside_its_body_text_is_checked() {
    let dir = fixture("html");
    let (json, code) = check_json(&dir, &["shows.html"]);
    assert_eq!(code, 1);
    // Each is its own block: the <title>, the meta description, og:title,
    // og:description, twitter:title, an aria-label, an <abbr> tooltip, image alt text,
    // a label, a placeholder, a submit button's value and a button. References decode
    // inside names and between words (`Open&shy;AI`, `enables&nbsp;access`, `Chat&#71;PT`).
    // Not reported: meta keywords, twitter:card, the canonical URL, class and data-*
    // attributes, a text input's value, and "powered by OpenAI" / "runs on AWS".
    assert_eq!(
        lines_rules_matches(&json),
        found(&[
            (5, "access-wording", "enables access to"),
            (6, "access-wording", "grants access to"),
            (7, "call-wording", "calls on"),
            (8, "call-wording", "makes calls to"),
            (9, "call-wording", "calls into"),
            (15, "access-wording", "provides access to"),
            (19, "call-wording", "routes requests to"),
            (20, "access-wording", "enables&nbsp;access to"),
            (21, "access-wording", "unlock access to"),
            (23, "access-wording", "offers access to"),
            (24, "call-wording", "calls on"),
            (25, "call-wording", "Route requests to"),
            (26, "access-wording", "gives access to"),
        ])
    );
    // Spans are the page's own bytes, references and all; messages say what a reader sees.
    let page = std::fs::read(dir.join("shows.html")).unwrap();
    for d in json["diagnostics"].as_array().unwrap() {
        let (start, end) = (
            d["byte_start"].as_u64().unwrap() as usize,
            d["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            String::from_utf8_lossy(&page[start..end]),
            d["matched"].as_str().unwrap()
        );
    }
    let alt = &json["diagnostics"][7];
    // The sentence is what a reader sees, references decoded.
    assert_eq!(alt["sentence"], "SRE enables access to ChatGPT");
    assert!(
        alt["message"]
            .as_str()
            .unwrap()
            .starts_with("“enables access to”"),
        "{alt}"
    );
}

#[test]
fn html_inside_markdown_shows_its_alt_and_title_text_too() {
    let (json, _) = check_json(&fixture("html"), &["shows.md"]);
    assert_eq!(
        lines_rules_matches(&json),
        found(&[
            // <abbr title> and <img alt> in a paragraph: blocks of their own.
            (5, "access-wording", "enables access to"),
            (6, "call-wording", "calls on"),
            // An HTML block: `&nbsp;` between the words, `&shy;` inside the name.
            (8, "access-wording", "grants&nbsp;access to"),
        ])
    );
    let out = copylint()
        .current_dir(fixture("html"))
        .args(["check", "--color", "never", "shows.md"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("--> shows.md:6:32"), "{stdout}");
}

#[test]
fn a_phrase_written_with_character_references_is_found_in_every_text_format() {
    // The prefilter reads raw bytes: it must not rule these files out.
    let s = common::Scratch::new();
    s.write(
        "page.html",
        "<p>SRE enables&#32;access to &#x43;hatGPT.</p>\n",
    );
    s.write(
        "notes.md",
        "# Notes\n\nSRE enables&#32;access to &#x43;hatGPT.\n",
    );
    let (json, code) = check_json(s.path(), &["page.html", "notes.md"]);
    assert_eq!(code, 1);
    let got: Vec<(String, String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["matched"].as_str().unwrap().to_string(),
                d["sentence"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = |path: &str| {
        (
            path.to_string(),
            "enables&#32;access to".to_string(),
            "SRE enables access to ChatGPT.".to_string(),
        )
    };
    assert_eq!(got, [want("notes.md"), want("page.html")]);
}
