//! `copylint lsp` as an editor drives it: the real binary, JSON-RPC over its pipes.

mod common;

use std::time::Duration;

use common::lsp::{Client, apply, offset, range};
use serde_json::{Value, json};

const CALL: &str = "openai-on-aws/call-wording";

#[test]
fn open_change_fix_and_clear() {
    let s = common::Scratch::new();
    let path = s.write("deck.md", "");
    let uri = common::file_uri(&path);
    let mut client = Client::initialized(&[], Some(s.path()));

    // Open: one finding, after an accent and an emoji (8 UTF-16 units before "SRE").
    let mut text = "# Deck\n\nCafé 😀 SRE calls on ChatGPT.\n".to_string();
    client.open(&uri, "markdown", &text);
    let found = client.diagnostics(&uri, 1);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d["range"], range(2, 12, 2, 20));
    assert_eq!(d["code"], CALL);
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "copylint");
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("“calls on”"), "{message}");
    assert!(message.contains(&format!("copylint explain {CALL}")));

    // Change, incrementally: two edits in one notification, applied in order.
    let changes = json!([
        {"range": range(2, 0, 2, 0), "text": "Today, "},
        {"range": range(2, 40, 2, 40), "text": " It enables access to GPT-5."},
    ]);
    text = apply(&text, &[changes[0].clone()]);
    text = apply(&text, &[changes[1].clone()]);
    assert_eq!(
        text,
        "# Deck\n\nToday, Café 😀 SRE calls on ChatGPT. It enables access to GPT-5.\n"
    );
    client.change(&uri, 2, changes);
    let found = client.diagnostics(&uri, 2);
    let ranges: Vec<&Value> = found.iter().map(|d| &d["range"]).collect();
    assert_eq!(ranges, [&range(2, 19, 2, 27), &range(2, 40, 2, 57)]);

    // Code actions at the first finding: its three rewrites and the fix-all.
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(2, 20, 2, 20),
               "context": {"diagnostics": [found[0].clone()]}}),
    );
    let actions = response["result"].as_array().unwrap();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Replace “calls on” with “uses”",
            "Replace “calls on” with “integrates with”",
            "Replace “calls on” with “is powered by”",
            "Fix all copylint findings in this document (2 safe rewrites)",
        ]
    );
    assert!(actions.iter().all(|a| a["kind"] == "quickfix"));
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(actions[0]["diagnostics"][0]["code"], CALL);
    let quick_edits = actions[0]["edit"]["changes"][&uri].as_array().unwrap();
    assert_eq!(
        quick_edits,
        &[json!({"range": range(2, 19, 2, 27), "newText": "uses"})]
    );

    // Apply the fix-all as the editor would, and send the edits back incrementally.
    let edits = actions[3]["edit"]["changes"][&uri]
        .as_array()
        .unwrap()
        .clone();
    text = apply(&text, &edits);
    assert_eq!(
        text,
        "# Deck\n\nToday, Café 😀 SRE uses ChatGPT. It integrates with GPT-5.\n"
    );
    // Later edits first, so each range still means what it meant.
    let mut sorted = edits.clone();
    sorted.sort_by_key(|e| std::cmp::Reverse(e["range"]["start"]["character"].as_u64()));
    let changes: Vec<Value> = sorted
        .iter()
        .map(|e| json!({"range": e["range"], "text": e["newText"]}))
        .collect();
    client.change(&uri, 3, Value::Array(changes));
    assert_eq!(client.diagnostics(&uri, 3), Vec::<Value>::new());

    // A source.fixAll request (fix on save) gets the fix-all as a source action.
    client.change(&uri, 4, json!([{"text": "SRE calls on ChatGPT.\n"}]));
    assert_eq!(client.diagnostics(&uri, 4).len(), 1);
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(0, 0, 0, 0),
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let actions = response["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0]["kind"], "source.fixAll.copylint");

    // Closing clears the document's diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let cleared = client.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str() && p["diagnostics"] == json!([])
    });
    assert!(cleared.get("version").is_none());
    assert_eq!(client.stop(), 0);
}

#[test]
fn plain_text_and_html_documents_are_linted_and_other_languages_are_not() {
    let mut client = Client::initialized(&[], None);
    client.open("file:///tmp/a.txt", "plaintext", "SRE calls on ChatGPT.\n");
    client.open(
        "file:///tmp/a.html",
        "html",
        "<p>SRE <b>calls on</b> ChatGPT.</p>\n",
    );
    client.open("file:///tmp/a.yaml", "yaml", "x: SRE calls on ChatGPT.\n");
    client.open("untitled:Untitled-1", "markdown", "SRE calls on ChatGPT.\n");
    assert_eq!(client.diagnostics("file:///tmp/a.txt", 1).len(), 1);
    let html = client.diagnostics("file:///tmp/a.html", 1);
    assert_eq!(html[0]["range"], range(0, 10, 0, 18));
    assert_eq!(
        client.diagnostics("file:///tmp/a.yaml", 1),
        Vec::<Value>::new()
    );
    assert_eq!(client.diagnostics("untitled:Untitled-1", 1).len(), 1);
    // A finding a comment suppresses is not shown, as in `copylint check`.
    client.open(
        "file:///tmp/quote.md",
        "markdown",
        "<!-- copylint-disable-next-line call-wording -- a customer quote -->\n\
         They said SRE calls on ChatGPT.\n\nSRE calls on ChatGPT.\n",
    );
    let found = client.diagnostics("file:///tmp/quote.md", 1);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["range"]["start"]["line"], 3);
    assert_eq!(client.stop(), 0);
}

#[test]
fn disguised_phrases_are_located_in_utf16_units_of_the_original_text() {
    let mut client = Client::initialized(&[], None);
    // Astral letters (two UTF-16 units each) before and inside the finding, fullwidth
    // letters and a combining accent in it, a Cyrillic look-alike after it.
    let text = "𝐒𝐑𝐄 😀 ｅｎａｂｌｅｓ acce\u{301}ss to 𝐂𝐡𝐚𝐭𝐆𝐏𝐓 and \u{41E}penAI.\n";
    client.open("file:///tmp/u.md", "markdown", text);
    let found = client.diagnostics("file:///tmp/u.md", 1);
    let located: Vec<(&str, &str)> = found
        .iter()
        .map(|d| {
            let start = offset(text, &d["range"]["start"]);
            let end = offset(text, &d["range"]["end"]);
            (d["code"].as_str().unwrap(), &text[start..end])
        })
        .collect();
    assert_eq!(
        located,
        [
            (
                "openai-on-aws/access-wording",
                "ｅｎａｂｌｅｓ acce\u{301}ss to"
            ),
            ("copylint/look-alike-letters", "\u{41E}penAI"),
        ]
    );
    assert_eq!(found[0]["range"], range(0, 10, 0, 28));
    assert_eq!(client.stop(), 0);
}

/// Whether the server still answers a request.
fn still_answers(client: &mut Client) {
    let response = client.request("copylint/unknown", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
}

#[test]
fn bad_input_never_stops_the_server() {
    let mut client = Client::start(&[]);
    // Requests before initialize are refused, notifications dropped.
    client.notify("textDocument/didOpen", json!({}));
    let response = client.request("textDocument/codeAction", json!({}));
    assert_eq!(response["error"]["code"], -32002);
    let mut client = {
        drop(client);
        Client::initialized(&[], None)
    };

    // Unknown requests get MethodNotFound; unknown notifications nothing.
    client.notify("copylint/whatever", json!({"x": 1}));
    still_answers(&mut client);

    // A frame whose body is not JSON, or not JSON-RPC: logged and skipped.
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let log = client.notification("window/logMessage", |_| true);
    assert!(
        log["message"].as_str().unwrap().contains("malformed"),
        "{log}"
    );
    client.send_raw(b"Content-Length: 14\r\n\r\n{\"jsonrpc\":1}\n");
    still_answers(&mut client);

    // A header that is not a header, a Content-Length that is not a number, a huge one.
    client.send_raw(b"Content-Type utf-8\r\n\r\n{}");
    still_answers(&mut client);
    client.send_raw(b"Content-Length: many\r\n\r\n{}");
    still_answers(&mut client);
    client.send_raw(b"Content-Length: 99999999999999\r\n\r\n{}");
    still_answers(&mut client);

    // A Content-Length too short: the rest of its body is skipped, the next frame read.
    let body = json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}).to_string();
    client.send_raw(format!("Content-Length: 20\r\n\r\n{body}").as_bytes());
    still_answers(&mut client);

    // A Content-Length too long swallows the start of the next frame, which is lost; the
    // server reads on from the frame after.
    client.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len() + 30).as_bytes());
    let lost = client.send_request("copylint/lost", json!({}));
    still_answers(&mut client);
    assert_eq!(client.response(lost, Duration::from_millis(200)), None);

    // Invalid params: InvalidParams for a request, a logged warning for a notification.
    let response = client.request("textDocument/codeAction", json!({"nonsense": true}));
    assert_eq!(response["error"]["code"], -32602);
    client.notify("textDocument/didChange", json!({"textDocument": 5}));
    still_answers(&mut client);

    // Edits out of range are clamped to the text and logged; the server goes on.
    let uri = "file:///tmp/edits.md";
    client.open(uri, "markdown", "SRE is powered by OpenAI.\n");
    assert_eq!(client.diagnostics(uri, 1), Vec::<Value>::new());
    client.change(
        uri,
        2,
        json!([{"range": range(40, 3, 99, 0), "text": "It calls on ChatGPT."}]),
    );
    let found = client.diagnostics(uri, 2);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["range"], range(1, 3, 1, 11));
    let log = client.notification("window/logMessage", |p| {
        p["message"].as_str().unwrap().contains("out of range")
    });
    assert_eq!(log["type"], 2);
    // Changes to a document that is not open are ignored.
    client.change("file:///tmp/never-opened.md", 2, json!([{"text": "x"}]));
    still_answers(&mut client);

    // A 10 MB document: checked, and the server still answers afterwards.
    let paragraph = "SRE keeps agent state on AWS and is powered by OpenAI. ".repeat(9) + "\n\n";
    let mut big = paragraph.repeat(10 * 1024 * 1024 / paragraph.len() + 1);
    big.push_str("At the very end, SRE calls on ChatGPT.\n");
    assert!(big.len() > 10 * 1024 * 1024);
    let last_line = big.lines().count() as u64 - 1;
    let uri = "file:///tmp/big.md";
    client.open(uri, "markdown", &big);
    let found = client.diagnostics(uri, 1);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["range"], range(last_line, 21, last_line, 29));
    // An incremental edit to it fixes the finding.
    client.change(
        uri,
        2,
        json!([{"range": found[0]["range"], "text": "is powered by"}]),
    );
    assert_eq!(client.diagnostics(uri, 2), Vec::<Value>::new());
    still_answers(&mut client);

    // Requests after shutdown are refused; exit then ends the process cleanly.
    let response = client.request("shutdown", Value::Null);
    assert_eq!(response["result"], Value::Null);
    let response = client.request("textDocument/codeAction", json!({}));
    assert_eq!(response["error"]["code"], -32600);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait(), 0);
}

#[test]
fn exit_without_shutdown_is_status_one_and_closed_input_ends_the_server() {
    let mut client = Client::initialized(&[], None);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait(), 1);
    // (`--stdio` is what VS Code's client passes; it is accepted.)
    let client = Client::initialized(&["--stdio"], None);
    assert_eq!(client.wait(), 1);
}

#[test]
fn a_broken_lexicon_is_reported_and_reloaded_when_fixed() {
    let s = common::Scratch::new();
    let lexicon = s.write(
        "team.yaml",
        "lexicon: team\nrules:\n  - id: hype\n    message: m\n    when: [clowd]\n",
    );
    let doc = common::file_uri(&s.write("copy.md", ""));
    let lexicon_arg = lexicon.to_string_lossy().into_owned();
    let mut client = Client::initialized(&["--lexicon", &lexicon_arg], Some(s.path()));
    // A client that can watch files is asked to watch lexicons.
    still_answers(&mut client);
    let registration = client.notification("client/registerCapability", |_| true);
    let registration = &registration["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        registration["registerOptions"]["watchers"],
        json!([{"globPattern": "**/*.yaml"}, {"globPattern": "**/*.yml"}])
    );
    client.open(&doc, "markdown", "Our synergy calls on ChatGPT.\n");
    let shown = client.notification("window/showMessage", |_| true);
    assert_eq!(shown["type"], 1);
    assert!(
        shown["message"].as_str().unwrap().contains("clowd"),
        "{shown}"
    );
    let found = client.diagnostics(&doc, 1);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["code"], "copylint/settings");
    assert!(found[0]["message"].as_str().unwrap().contains("team.yaml"));
    // Plain text an editor can show: the problem located as FILE:LINE:COLUMN, no box
    // drawing, no internal error codes.
    for text in [&shown["message"], &found[0]["message"]] {
        let text = text.as_str().unwrap();
        assert!(
            text.contains("team.yaml:5:12: rule `hype` names set `clowd`"),
            "{text}"
        );
        assert!(!text.contains("copylint::"), "{text}");
        assert!(!text.contains(['│', '╭', '×', '─']), "{text}");
    }
    still_answers(&mut client);

    // Fix the lexicon; the editor reports the change (watched files), and the document
    // is linted again with it.
    std::fs::write(
        &lexicon,
        "lexicon: team\nrules:\n  - id: hype\n    message: m\n    banned:\n      - phrases: [synergy]\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": common::file_uri(&lexicon), "type": 2}]}),
    );
    let found = client.diagnostics(&doc, 1);
    let codes: Vec<&str> = found.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["team/hype", CALL]);

    // Without watched files, saving a document notices the lexicon changed on disk.
    std::fs::write(
        &lexicon,
        "lexicon: team\nrules:\n  - id: hype\n    message: m\n    banned:\n      - phrases: [our synergy]\n",
    )
    .unwrap();
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": doc}}),
    );
    let found = client.diagnostics(&doc, 1);
    assert_eq!(found[0]["range"], range(0, 0, 0, 11));
    assert_eq!(client.stop(), 0);
}

#[test]
fn lexicons_come_from_initialization_options_relative_to_the_workspace() {
    let s = common::Scratch::new();
    s.write(
        "lexicons/team.yaml",
        "lexicon: team\nrules:\n  - id: hype\n    message: m\n    banned:\n      - phrases: [synergy]\n",
    );
    let mut client = Client::start(&[]);
    client.request(
        "initialize",
        json!({"processId": null, "capabilities": {},
               "workspaceFolders": [{"uri": common::file_uri(s.path()), "name": "w"}],
               "initializationOptions": {"lexicons": ["lexicons/team.yaml"], "noDefaultLexicon": true}}),
    );
    client.notify("initialized", json!({}));
    client.open(
        "file:///tmp/x.md",
        "markdown",
        "Synergy calls on ChatGPT.\n",
    );
    let found = client.diagnostics("file:///tmp/x.md", 1);
    let codes: Vec<&str> = found.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["team/hype"]);
    assert_eq!(client.stop(), 0);
}

#[test]
fn each_document_gets_the_configuration_of_its_folder() {
    let s = common::Scratch::new();
    // A repository: config files are looked for up to its root.
    s.write(".git/HEAD", "ref: refs/heads/main\n");
    let config = s.write(
        "team/.copylint.yaml",
        "rules:\n  call-wording: warning\nexclude: [drafts]\nfile-types: {rst: text}\n",
    );
    let bad = "SRE calls on ChatGPT.\n";
    let in_team = common::file_uri(&s.write("team/docs/a.md", bad));
    let draft = common::file_uri(&s.write("team/drafts/b.md", bad));
    let rst = common::file_uri(&s.write("team/notes.rst", bad));
    let elsewhere = common::file_uri(&s.write("other/c.md", bad));
    let mut client = Client::initialized(&[], Some(s.path()));
    client.open(&in_team, "markdown", bad);
    client.open(&draft, "markdown", bad);
    client.open(&rst, "restructuredtext", bad);
    client.open(&elsewhere, "markdown", bad);
    // The config's severity, its exclusions and its file types apply under team/ only.
    assert_eq!(client.diagnostics(&in_team, 1)[0]["severity"], 2);
    assert_eq!(client.diagnostics(&draft, 1), Vec::<Value>::new());
    assert_eq!(client.diagnostics(&rst, 1)[0]["severity"], 2);
    assert_eq!(client.diagnostics(&elsewhere, 1)[0]["severity"], 1);

    // Saving the config file (open in the editor) reloads it.
    std::fs::write(&config, "rules:\n  call-wording: off\n").unwrap();
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": common::file_uri(&config)}}),
    );
    assert_eq!(client.diagnostics(&in_team, 1), Vec::<Value>::new());
    assert_eq!(client.diagnostics(&elsewhere, 1)[0]["severity"], 1);
    assert_eq!(client.stop(), 0);
}

#[test]
fn settings_errors_shown_to_the_editor_hold_no_secrets_or_control_characters() {
    let s = common::Scratch::new();
    s.write(".git/HEAD", "ref: refs/heads/main\n");
    // The process's environment (CI secrets) by a repository's config file...
    s.write(".copylint.yaml", "lexicons: [/proc/self/environ]\n");
    let doc = common::file_uri(&s.write("copy.md", ""));
    let mut client = Client::initialized(&[], Some(s.path()));
    client.open(&doc, "markdown", "SRE calls on ChatGPT.\n");
    let shown = client.notification("window/showMessage", |_| true);
    let message = shown["message"].as_str().unwrap();
    assert!(message.contains("is outside the repository"), "{message}");
    assert!(!message.contains("PATH="), "{message}");
    assert_eq!(client.stop(), 0);

    // ...and a lexicon whose name would set the editor's terminal title.
    let evil = s.write("evil\u{1b}]0;pwned\u{7}.yaml", "lexicon: x\nrules: [oops\n");
    s.write(".copylint.yaml", "{}\n");
    let evil = evil.to_string_lossy().into_owned();
    let mut client = Client::initialized(&["--lexicon", &evil], Some(s.path()));
    client.open(&doc, "markdown", "SRE calls on ChatGPT.\n");
    let shown = client.notification("window/showMessage", |_| true);
    let message = shown["message"].as_str().unwrap();
    assert!(
        message.contains("evil\\u{1b}]0;pwned\\u{7}.yaml"),
        "{message}"
    );
    assert!(!message.contains(['\u{1b}', '\u{7}']), "{message}");
    assert_eq!(client.stop(), 0);
}

/// The editor shows what `copylint check` reports: wording a waiver approved or the
/// baseline recorded is not flagged, and `--fix`-style quick fixes leave it alone.
#[test]
fn waivers_and_the_baseline_apply_in_the_editor() {
    let s = common::Scratch::new();
    // A repository: config files are looked for up to its root.
    s.write(".git/HEAD", "ref: refs/heads/main\n");
    let waived = "SRE enables access to ChatGPT Enterprise.\n";
    let recorded = "SRE calls on GPT-5 for every request.\n";
    let fresh = "SRE routes requests to Codex.\n";
    let text = format!("{waived}\n{recorded}\n{fresh}");
    let path = s.write("docs/launch.md", &text);
    // The baseline records the call-wording finding, as `check --write-baseline` does.
    s.write("docs/old.md", recorded);
    s.cmd(&[
        "check",
        "--no-config",
        "--write-baseline",
        "baseline.json",
        "docs/old.md",
    ])
    .assert()
    .code(0);
    let baseline = std::fs::read_to_string(s.path().join("baseline.json")).unwrap();
    std::fs::write(
        s.path().join("baseline.json"),
        baseline.replace("docs/old.md", "docs/launch.md"),
    )
    .unwrap();
    s.write(
        ".copylint.yaml",
        "baseline: baseline.json\nwaivers:\n  - path: docs/launch.md\n    rule: access-wording\n    sentence: SRE enables access to ChatGPT Enterprise\n    reason: approved by legal, LEGAL-1\n    approved-by: Jane Doe\n    expires: 2099-12-31\n",
    );

    // The command line and the editor agree: only the routes-requests finding is open.
    let (json, code) = common::check_json(s.path(), &["docs/launch.md"]);
    assert_eq!(code, 1);
    let statuses: Vec<(String, Value)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["suppressed"]["kind"].clone(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("openai-on-aws/access-wording".to_string(), json!("waiver")),
            ("openai-on-aws/call-wording".to_string(), json!("baseline")),
            ("openai-on-aws/call-wording".to_string(), Value::Null),
        ]
    );

    let uri = common::file_uri(&path);
    let mut client = Client::initialized(&[], Some(s.path()));
    client.open(&uri, "markdown", &text);
    let found = client.diagnostics(&uri, 1);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["range"], range(4, 4, 4, 22));
    assert_eq!(client.stop(), 0);
}

#[test]
fn an_email_is_read_part_by_part_and_gets_no_misplaced_quick_fix() {
    let mut client = Client::initialized(&[], None);
    let eml = std::fs::read_to_string(common::fixture("email/newsletter.eml")).unwrap();
    // Editors open `.eml` files as plain text: the extension says it is MIME.
    client.open("file:///tmp/news.eml", "plaintext", &eml);
    let found = client.diagnostics("file:///tmp/news.eml", 1);
    let messages: Vec<&str> = found
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(found.len(), 3, "{messages:#?}");
    for (d, place) in
        found
            .iter()
            .zip(["subject: ", "part 1 (text/plain): ", "part 2 (text/html): "])
    {
        assert!(d["message"].as_str().unwrap().starts_with(place), "{d}");
        // Decoded parts have no position in the buffer: the start of the file.
        assert_eq!(d["range"], range(0, 0, 0, 0));
    }
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": "file:///tmp/news.eml"}, "range": range(0, 0, 0, 0),
               "context": {"diagnostics": []}}),
    );
    let edits = actions["result"]
        .as_array()
        .map_or(0, |a| a.iter().filter(|a| !a["edit"].is_null()).count());
    assert_eq!(edits, 0, "{actions}");
    assert_eq!(client.stop(), 0);
}
