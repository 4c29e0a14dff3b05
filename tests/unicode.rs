//! Unicode disguises: text a reader sees as a lexicon phrase is matched as that phrase,
//! however its characters are encoded, in every format, with spans on the original bytes.
//!
//! Each case runs the real binary on Markdown, plain text and HTML. The forms folded are
//! listed in `src/fold.rs` and in the README ("What is prose, and what is a sentence").

mod common;

use common::{Scratch, check_json, copylint, rules_and_matches};

const ACCESS: &str = "openai-on-aws/access-wording";
const FRONTIER: &str = "openai-on-aws/frontier-availability";
const LOOK_ALIKE: &str = "copylint/look-alike-letters";

/// The (rule, matched source text) of every finding of `sentence` in each format, which
/// must all agree; also checks that every span's bytes are what `matched` says.
fn findings(sentence: &str) -> Vec<(String, String)> {
    let s = Scratch::new();
    let mut all = Vec::new();
    for (name, text) in [
        ("doc.md", format!("# Title\n\n{sentence}\n")),
        ("doc.txt", format!("Title\n\n{sentence}\n")),
        ("doc.html", format!("<h1>Title</h1>\n<p>{sentence}</p>\n")),
    ] {
        s.write(name, &text);
        let (json, _) = check_json(s.path(), &[name]);
        for d in json["diagnostics"].as_array().unwrap() {
            let span = d["byte_start"].as_u64().unwrap() as usize
                ..d["byte_end"].as_u64().unwrap() as usize;
            assert_eq!(&text[span], d["matched"].as_str().unwrap(), "{name}");
        }
        all.push((name, rules_and_matches(&json)));
    }
    let (_, first) = &all[0];
    for (name, found) in &all[1..] {
        assert_eq!(found, first, "{name} differs from Markdown");
    }
    first.clone()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn fullwidth_letters_are_matched_as_plain_letters() {
    assert_eq!(
        findings("SRE ｅｎａｂｌｅｓ access to ｃｈａｔｇｐｔ."),
        pairs(&[(ACCESS, "ｅｎａｂｌｅｓ access to")])
    );
    assert_eq!(
        findings("ＧＰＴ－５ is available on Amazon Bedrock."),
        pairs(&[(FRONTIER, "ＧＰＴ－５ is available on Amazon Bedrock")])
    );
}

#[test]
fn mathematical_letters_outside_the_basic_plane_are_matched() {
    assert_eq!(
        findings("SRE enables access to 𝐂𝐡𝐚𝐭𝐆𝐏𝐓."),
        pairs(&[(ACCESS, "enables access to")])
    );
}

#[test]
fn a_combining_accent_does_not_hide_a_word() {
    assert_eq!(
        findings("SRE enables acce\u{301}ss to ChatGPT."),
        pairs(&[(ACCESS, "enables acce\u{301}ss to")])
    );
    // On the term, and on the last letter of the phrase (the accent is part of the span).
    assert_eq!(
        findings("SRE enables access\u{301} to Cha\u{301}tGPT."),
        pairs(&[(ACCESS, "enables access\u{301} to")])
    );
}

#[test]
fn precomposed_accents_are_ignored_like_combining_ones() {
    assert_eq!(
        findings("SRE énables áccess to ChatGPT."),
        pairs(&[(ACCESS, "énables áccess to")])
    );
}

#[test]
fn invisible_characters_inside_a_term_are_ignored() {
    // The word joiner, the zero-width space and joiner and the soft hyphen were already
    // dropped; invisible operators, direction marks, variation selectors and tag characters were
    // read as word boundaries.
    for invisible in [
        "\u{2060}",
        "\u{200B}",
        "\u{200D}",
        "\u{AD}",
        "\u{2062}",
        "\u{200E}",
        "\u{FE0F}",
        "\u{E0041}",
    ] {
        assert_eq!(
            findings(&format!(
                "SRE enables acc{invisible}ess to Chat{invisible}GPT."
            )),
            pairs(&[(ACCESS, &format!("enables acc{invisible}ess to"))]),
            "{invisible:?}"
        );
    }
}

#[test]
fn ligatures_are_their_letters() {
    assert_eq!(
        findings("GPT-5 is o\u{FB00}ered on Amazon Bedrock."),
        pairs(&[(FRONTIER, "GPT-5 is o\u{FB00}ered on Amazon Bedrock")])
    );
}

#[test]
fn a_cyrillic_look_alike_in_a_latin_word_matches_and_is_reported() {
    assert_eq!(
        findings("SRE enables access to \u{41E}penAI models."),
        pairs(&[(ACCESS, "enables access to"), (LOOK_ALIKE, "\u{41E}penAI")])
    );
    // The term alone, in a sentence no rule objects to, is still reported.
    assert_eq!(
        findings("SRE is powered by \u{41E}penAI."),
        pairs(&[(LOOK_ALIKE, "\u{41E}penAI")])
    );
}

#[test]
fn a_greek_look_alike_in_a_latin_word_matches_and_is_reported() {
    assert_eq!(
        findings("GPT-5 is available on Bedr\u{3BF}ck."),
        pairs(&[
            (FRONTIER, "GPT-5 is available on Bedr\u{3BF}ck"),
            (LOOK_ALIKE, "Bedr\u{3BF}ck")
        ])
    );
}

#[test]
fn a_look_alike_in_a_phrase_no_rule_needs_is_still_reported() {
    // The prefilter looks for OpenAI names; a disguised AWS name must not slip past it.
    assert_eq!(
        findings("We build on Amazon Bedr\u{3BF}ck."),
        pairs(&[(LOOK_ALIKE, "Bedr\u{3BF}ck")])
    );
}

#[test]
fn the_look_alike_note_names_the_letters_and_spells_the_word_plainly() {
    let s = Scratch::new();
    s.write("a.md", "SRE is powered by \u{41E}pen\u{391}I.\n");
    let (json, status) = check_json(s.path(), &["a.md"]);
    assert_eq!(status, 0, "a note does not fail the run");
    let d = &json["diagnostics"][0];
    assert_eq!(d["rule"], LOOK_ALIKE);
    assert_eq!(d["severity"], "note");
    assert_eq!(
        d["message"],
        "“\u{41E}pen\u{391}I” is written with look-alike letters: \
         Cyrillic \u{41E} (U+041E) for O, Greek \u{391} (U+0391) for A"
    );
    assert_eq!(d["suggestions"][0], "OpenAI");
    assert!(d["fix"].is_null(), "never applied by --fix: {d}");
}

#[test]
fn words_of_one_other_script_are_real_words_and_left_alone() {
    assert_eq!(
        findings("Сервис SRE работает с OpenAI. Ο Σωκράτης είπε."),
        pairs(&[])
    );
}

#[test]
fn symbols_keep_their_form() {
    // `™` is not the letters `tm`: ChatGPT™ is still the word ChatGPT.
    assert_eq!(
        findings("SRE enables access to ChatGPT™."),
        pairs(&[(ACCESS, "enables access to")])
    );
}

#[test]
fn accents_are_ignored_in_lexicon_phrases_too() {
    let s = Scratch::new();
    s.write(
        "menu.yaml",
        "lexicon: menu\nrules:\n  - id: no-cafe\n    message: m\n    banned:\n      \
         - phrases: [\"café latte\"]\n        suggest: [coffee]\n",
    );
    s.write(
        "a.md",
        "A cafe latte. A CAFÉ LATTE. A cafe\u{301} latte. A ｃａｆｅ latte. A caffe latte.\n",
    );
    let (json, _) = check_json(
        s.path(),
        &["--no-default-lexicon", "--lexicon", "menu.yaml", "a.md"],
    );
    let matched: Vec<String> = rules_and_matches(&json)
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    assert_eq!(
        matched,
        [
            "cafe latte",
            "CAFÉ LATTE",
            "cafe\u{301} latte",
            "ｃａｆｅ latte"
        ]
    );
}

#[test]
fn human_output_points_at_the_disguised_characters() {
    let s = Scratch::new();
    s.write("a.md", "Café: SRE ｅｎａｂｌｅｓ access to ChatGPT.\n");
    let out = s.cmd(&["check", "a.md"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Line 1, column 11: the tenth character is the space before the fullwidth word.
    assert!(stdout.contains("--> a.md:1:11"), "{stdout}");
    assert!(stdout.contains("^^^^^^^^^^^^^^^^^^^^^^"), "{stdout}");
}

#[test]
fn fix_rewrites_only_the_disguised_phrase() {
    let s = Scratch::new();
    let before = "# Deck\n\nCafé: SRE ｅｎａｂｌｅｓ access to ChatGPT. SRE enables acce\u{301}ss\u{301} to \u{41E}penAI.\n";
    s.write("deck.md", before);
    copylint()
        .current_dir(s.path())
        .args(["check", "--fix", "deck.md"])
        .assert()
        .code(0);
    let after = std::fs::read_to_string(s.path().join("deck.md")).unwrap();
    // The accents went with the letters they were on; the disguised OpenAI is left for a
    // reviewer (its note is not a safe fix).
    assert_eq!(
        after,
        "# Deck\n\nCafé: SRE integrates with ChatGPT. SRE integrates with \u{41E}penAI.\n"
    );
}

#[test]
fn the_look_alike_note_can_be_turned_off_or_suppressed_like_any_rule() {
    let s = Scratch::new();
    s.write(
        "a.md",
        "<!-- copylint-disable-next-line copylint/look-alike-letters -- a quoted spelling -->\n\
         SRE is powered by \u{41E}penAI.\n\nSRE enables access to \u{41E}penAI.\n",
    );
    let (json, _) = check_json(s.path(), &["a.md"]);
    let unsuppressed: Vec<(String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["suppressed"].is_null())
        .map(|d| {
            (
                d["rule"].as_str().unwrap().into(),
                d["matched"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        unsuppressed,
        pairs(&[(ACCESS, "enables access to"), (LOOK_ALIKE, "\u{41E}penAI")])
    );
    s.write(
        ".copylint.yaml",
        "rules:\n  copylint/look-alike-letters: off\n",
    );
    let (json, _) = check_json(s.path(), &["a.md"]);
    assert_eq!(
        rules_and_matches(&json),
        pairs(&[(ACCESS, "enables access to")])
    );
}

#[test]
fn character_references_to_invisible_or_look_alike_letters_are_not_skipped() {
    // The raw bytes spell `chatshygpt`: the prefilter must not clear the file on them.
    let s = Scratch::new();
    for (name, text) in [
        ("a.md", "SRE enables access to Chat&shy;GPT.\n"),
        (
            "a.html",
            "<p>SRE enables access to Chat&ZeroWidthSpace;GPT.</p>\n",
        ),
        ("b.html", "<p>SRE is powered by &Ocy;penAI.</p>\n"),
    ] {
        s.write(name, text);
        let (json, status) = check_json(s.path(), &[name]);
        assert_ne!(rules_and_matches(&json), pairs(&[]), "{name}");
        assert!(status == 1 || name == "b.html", "{name}: {status}");
    }
}

#[test]
fn fix_through_invisible_characters_keeps_its_neighbours_and_their_disguises() {
    let s = Scratch::new();
    // A word joiner inside the phrase, a zero-width space inside the term after it, a
    // fullwidth word and a combining accent around it: only the phrase is rewritten.
    let before = "ｃａｆé\u{301} SRE enables\u{2060} acc\u{200B}ess to Chat\u{200B}GPT ｎｏｗ.\n";
    s.write("a.txt", before);
    copylint()
        .current_dir(s.path())
        .args(["check", "--fix", "a.txt"])
        .assert()
        .code(0);
    let after = std::fs::read_to_string(s.path().join("a.txt")).unwrap();
    assert_eq!(
        after,
        "ｃａｆé\u{301} SRE integrates with Chat\u{200B}GPT ｎｏｗ.\n"
    );
}
