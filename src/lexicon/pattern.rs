//! The phrase syntax of lexicons, expanded into plain phrases before matching.
//!
//! A phrase is literal text with these additions, all expanded when the lexicon is
//! compiled (matching itself only ever sees literal phrases, so it stays linear):
//!
//! | syntax | meaning | example |
//! |---|---|---|
//! | `(a\|b)` | one of the alternatives | `(enterprise\|company) data` |
//! | `[a]` | optional | `access to [your] data` |
//! | `{verb}` | every form of a verb; rewrites take the same form | `{enable} access` |
//! | `*` at the end | the last word may continue | `GPT-(4\|5)*` matches GPT-4o, GPT-5.1 |
//! | `*` at the start | the first word may begin earlier | `*n't` matches isn't, won't |
//! | `...` (or `…`) | up to [`GAP_WORDS`] words of anything | `{hand} ... off to` |
//! | `...N` (N a digit) | up to N words | `<openai> ...2 on <aws>` |
//! | `<set>` | a term of the lexicon's set `set` | `{tap} into <openai>` |
//!
//! `{a|b|c|d|e}` spells a verb's five forms out (base, -s, past, participle, -ing). A
//! backslash makes the next character literal.
//!
//! A phrase with `...` or `<set>` is a *sequence*: its literal pieces are matched as
//! phrases of their own and joined afterwards, nearest first, inside one sentence (see
//! `resolve.rs`). Pieces with nothing between them in the pattern must have no word
//! between them in the text.
//!
//! Why one module of this size: the phrase syntax's parser, its expansion and the rewrite
//! templates share one grammar; each is a few small functions.

use std::collections::HashSet;

use super::inflect::{Form, VerbForms};

/// Upper bound on the phrases one pattern may expand to, so a lexicon cannot ask for an
/// exponential number of phrases.
pub const MAX_EXPANSIONS: usize = 4096;

/// The most words one `...` stands for.
pub const GAP_WORDS: usize = 4;

/// A phrase pattern that could not be parsed or expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// What is wrong with the pattern.
    pub message: String,
}

/// One piece of an expanded phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal words, not yet normalised: any one of these alternatives.
    Text(Vec<String>),
    /// Up to this many words of anything (`...`; consecutive gaps add up).
    Gap(usize),
    /// A term of the named set (`<name>`).
    Set(String),
}

/// One literal phrase (or sequence) produced by a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// The phrase, not yet normalised; for a sequence, its pieces written out
    /// (`tap into ... <openai>`).
    pub text: String,
    /// The verb form used, when the pattern has `{verb}` slots.
    pub form: Option<Form>,
    /// Whether the last word may continue past the phrase (trailing `*`).
    pub prefix: bool,
    /// Whether the first word may begin before the phrase (leading `*`).
    pub suffix: bool,
    /// The pieces: one `Text` with one alternative for a plain phrase; literal text,
    /// gaps and set references for a sequence. A sequence's text pieces are trimmed and
    /// never empty or adjacent; each holds the alternatives of its stretch of the
    /// pattern (`{use} [the ]<openai>` is one sequence with the text piece "use the",
    /// "use", "uses the", ... for each verb form), so alternatives add up instead of
    /// multiplying.
    pub pieces: Vec<Piece>,
}

impl Expansion {
    /// Whether the phrase has gaps or set references, so is matched piece by piece.
    pub fn is_sequence(&self) -> bool {
        !matches!(self.pieces.as_slice(), [Piece::Text(alts)] if alts.len() == 1)
    }
}

#[derive(Debug, Clone)]
enum Item {
    Literal(String),
    Verb(VerbForms),
    Choice(Vec<Vec<Item>>),
    Gap(usize),
    Set(String),
}

/// Expands `pattern` into literal phrases. With `{verb}` slots, every variant records its
/// form; when two forms spell the same (enabled / enabled) only the first is kept.
pub fn expand(pattern: &str) -> Result<Vec<Expansion>, PatternError> {
    let (body, prefix) = split_prefix_marker(pattern);
    let (body, suffix) = split_suffix_marker(body);
    let mut parser = Parser {
        chars: body.char_indices().peekable(),
        src: body,
    };
    let seq = parser.sequence(None)?;
    let forms: Vec<Option<Form>> = if has_verb(&seq) {
        Form::ALL.iter().copied().map(Some).collect()
    } else {
        vec![None]
    };
    let mut out: Vec<Expansion> = Vec::new();
    // Linear de-duplication: a quadratic one took seconds on patterns near the bound.
    let mut seen: HashSet<String> = HashSet::new();
    let plain = !has_gap_or_set(&seq);
    for form in forms {
        let f = form.unwrap_or(Form::Base);
        let variants: Vec<Vec<Piece>> = if plain {
            expand_text(&seq, f)?
                .into_iter()
                .map(|t| vec![Piece::Text(vec![t])])
                .collect()
        } else {
            match factorized(&seq, f)? {
                Some(pieces) => vec![pieces],
                None => expand_seq(&seq, f)?.into_iter().map(tidy).collect(),
            }
        };
        for pieces in variants {
            let text = written(&pieces);
            if seen.insert(text.clone()) {
                if out.len() >= MAX_EXPANSIONS {
                    return Err(PatternError {
                        message: format!("expands to more than {MAX_EXPANSIONS} phrases"),
                    });
                }
                out.push(Expansion {
                    text,
                    form,
                    prefix,
                    suffix,
                    pieces,
                });
            }
        }
    }
    Ok(out)
}

/// Whether `pattern` has a `{verb}` slot, so that its phrases carry a verb form (false
/// for a pattern that does not parse).
pub fn has_verb_slot(pattern: &str) -> bool {
    let (body, _) = split_prefix_marker(pattern);
    let mut parser = Parser {
        chars: body.char_indices().peekable(),
        src: body,
    };
    parser.sequence(None).is_ok_and(|seq| has_verb(&seq))
}

/// Renders a rewrite template (`{integrate} with`) in `form` (base form when `None`).
pub fn render_template(template: &str, form: Option<Form>) -> Result<String, PatternError> {
    let mut parser = Parser {
        chars: template.char_indices().peekable(),
        src: template,
    };
    let seq = parser.sequence(None)?;
    if seq
        .iter()
        .any(|i| matches!(i, Item::Choice(_) | Item::Gap(_) | Item::Set(_)))
    {
        return Err(PatternError {
            message: "a rewrite cannot contain ( | ), [ ], `...` or `<set>`".into(),
        });
    }
    let mut texts = expand_text(&seq, form.unwrap_or(Form::Base))?;
    Ok(texts.pop().unwrap_or_default())
}

/// A piece of a rewrite template: template text, or a `{set:NAME}` placeholder that a
/// co-occurrence rule's rewrite uses for the term of set NAME found in the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplatePart<'a> {
    /// Template text (rendered with [`render_template`]).
    Text(&'a str),
    /// The name of a set whose matched term goes here.
    Term(&'a str),
}

/// Splits `template` at its `{set:NAME}` placeholders (an escaped `\{` starts none).
pub fn template_parts(template: &str) -> Vec<TemplatePart<'_>> {
    const OPEN: &str = "{set:";
    let mut parts = Vec::new();
    let mut rest = template;
    let mut from = 0;
    while let Some(i) = rest[from..].find(OPEN).map(|i| i + from) {
        let backslashes = rest[..i].bytes().rev().take_while(|&b| b == b'\\').count();
        let Some(close) = rest[i..].find('}').map(|c| c + i) else {
            break;
        };
        if backslashes % 2 == 1 {
            from = i + 1;
            continue;
        }
        if i > 0 {
            parts.push(TemplatePart::Text(&rest[..i]));
        }
        parts.push(TemplatePart::Term(rest[i + OPEN.len()..close].trim()));
        rest = &rest[close + 1..];
        from = 0;
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Text(rest));
    }
    parts
}

fn split_prefix_marker(pattern: &str) -> (&str, bool) {
    let trimmed = pattern.trim_end();
    if let Some(body) = trimmed.strip_suffix('*') {
        // An escaped star is literal.
        let backslashes = body.chars().rev().take_while(|&c| c == '\\').count();
        if backslashes % 2 == 0 {
            return (body, true);
        }
    }
    (pattern, false)
}

fn split_suffix_marker(pattern: &str) -> (&str, bool) {
    match pattern.trim_start().strip_prefix('*') {
        Some(body) => (body, true),
        None => (pattern, false),
    }
}

/// Whether `seq` has a gap or a set reference, at any depth.
fn has_gap_or_set(seq: &[Item]) -> bool {
    seq.iter().any(|item| match item {
        Item::Gap(_) | Item::Set(_) => true,
        Item::Choice(alts) => alts.iter().any(|alt| has_gap_or_set(alt)),
        Item::Literal(_) | Item::Verb(_) => false,
    })
}

/// A sequence whose gaps and set references all stand at the top level, as one list of
/// pieces with the alternatives of each stretch of literal text. `None` when the
/// pattern has no gap or set, when one sits inside `( | )` or `[ ]`, or when a stretch
/// of text may be empty: those are expanded phrase by phrase instead.
fn factorized(seq: &[Item], form: Form) -> Result<Option<Vec<Piece>>, PatternError> {
    if !has_gap_or_set(seq) {
        return Ok(None);
    }
    let nested = seq.iter().any(|item| match item {
        Item::Choice(alts) => alts.iter().any(|alt| has_gap_or_set(alt)),
        _ => false,
    });
    if nested {
        return Ok(None);
    }
    let mut pieces: Vec<Piece> = Vec::new();
    let mut stretch: Vec<Item> = Vec::new();
    let flush_stretch = |stretch: &mut Vec<Item>, pieces: &mut Vec<Piece>| {
        if stretch.is_empty() {
            return Ok(true);
        }
        let mut alts: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for text in expand_text(stretch, form)? {
            let text = text.trim().to_string();
            if seen.insert(text.clone()) {
                alts.push(text);
            }
        }
        stretch.clear();
        match (
            alts.iter().all(String::is_empty),
            alts.iter().any(String::is_empty),
        ) {
            (true, _) => Ok(true),
            (false, true) => Ok(false),
            (false, false) => {
                pieces.push(Piece::Text(alts));
                Ok(true)
            }
        }
    };
    for item in seq {
        match item {
            Item::Gap(_) | Item::Set(_) => {
                if !flush_stretch(&mut stretch, &mut pieces)? {
                    return Ok(None);
                }
                let piece = match item {
                    Item::Gap(words) => Piece::Gap(*words),
                    Item::Set(name) => Piece::Set(name.clone()),
                    _ => unreachable!("matched above"),
                };
                match (pieces.last_mut(), &piece) {
                    (Some(Piece::Gap(a)), Piece::Gap(b)) => *a += b,
                    _ => pieces.push(piece),
                }
            }
            other => stretch.push(other.clone()),
        }
    }
    if !flush_stretch(&mut stretch, &mut pieces)? {
        return Ok(None);
    }
    Ok(Some(pieces))
}

fn has_verb(seq: &[Item]) -> bool {
    seq.iter().any(|item| match item {
        Item::Verb(_) => true,
        Item::Choice(alts) => alts.iter().any(|alt| has_verb(alt)),
        Item::Literal(_) | Item::Gap(_) | Item::Set(_) => false,
    })
}

/// Appends `piece` to `phrase`, joining literal text with the text before it. (Text
/// pieces built here hold one alternative each.)
fn push_piece(phrase: &mut Vec<Piece>, piece: &Piece) {
    match (phrase.last_mut(), piece) {
        (Some(Piece::Text(last)), Piece::Text(more)) => {
            if let (Some(last), Some(more)) = (last.first_mut(), more.first()) {
                last.push_str(more);
            }
        }
        _ => phrase.push(piece.clone()),
    }
}

/// Expands items without gaps or sets into literal phrases.
fn expand_text(seq: &[Item], form: Form) -> Result<Vec<String>, PatternError> {
    let mut acc = vec![String::new()];
    for item in seq {
        let options: Vec<String> = match item {
            Item::Literal(s) => vec![s.clone()],
            Item::Verb(forms) => vec![forms.get(form).to_string()],
            Item::Choice(alts) => {
                let mut all = Vec::new();
                for alt in alts {
                    all.extend(expand_text(alt, form)?);
                }
                all
            }
            // Callers only pass items without gaps or sets.
            Item::Gap(_) | Item::Set(_) => Vec::new(),
        };
        if acc.len().saturating_mul(options.len()) > MAX_EXPANSIONS {
            return Err(PatternError {
                message: format!("expands to more than {MAX_EXPANSIONS} phrases"),
            });
        }
        acc = acc
            .iter()
            .flat_map(|prefix| options.iter().map(move |o| format!("{prefix}{o}")))
            .collect();
    }
    Ok(acc)
}

/// Expands items phrase by phrase, gaps and sets included (a sequence whose gap or set
/// sits inside `( | )` or `[ ]`).
fn expand_seq(seq: &[Item], form: Form) -> Result<Vec<Vec<Piece>>, PatternError> {
    let mut acc: Vec<Vec<Piece>> = vec![Vec::new()];
    for item in seq {
        let options: Vec<Vec<Piece>> = match item {
            Item::Literal(s) => vec![vec![Piece::Text(vec![s.clone()])]],
            Item::Verb(forms) => vec![vec![Piece::Text(vec![forms.get(form).to_string()])]],
            Item::Gap(words) => vec![vec![Piece::Gap(*words)]],
            Item::Set(name) => vec![vec![Piece::Set(name.clone())]],
            Item::Choice(alts) => {
                let mut all = Vec::new();
                for alt in alts {
                    all.extend(expand_seq(alt, form)?);
                }
                all
            }
        };
        if acc.len().saturating_mul(options.len()) > MAX_EXPANSIONS {
            return Err(PatternError {
                message: format!("expands to more than {MAX_EXPANSIONS} phrases"),
            });
        }
        acc = acc
            .iter()
            .flat_map(|prefix| {
                options.iter().map(move |option| {
                    let mut phrase = prefix.clone();
                    for piece in option {
                        push_piece(&mut phrase, piece);
                    }
                    phrase
                })
            })
            .collect();
    }
    Ok(acc)
}

/// Trims the text pieces of a sequence expanded phrase by phrase (each text piece holds
/// one alternative), drops those left empty and joins what then stands side by side. A
/// plain phrase keeps its text as written (normalisation trims it).
fn tidy(pieces: Vec<Piece>) -> Vec<Piece> {
    let single = |p: &Piece| match p {
        Piece::Text(alts) => alts.first().cloned().unwrap_or_default(),
        _ => String::new(),
    };
    if pieces.is_empty() {
        return vec![Piece::Text(vec![String::new()])];
    }
    if let [only @ Piece::Text(_)] = pieces.as_slice() {
        return vec![Piece::Text(vec![single(only)])];
    }
    let mut out: Vec<Piece> = Vec::new();
    for piece in pieces {
        let piece = match piece {
            Piece::Text(_) => {
                let text = single(&piece).trim().to_string();
                if text.is_empty() {
                    continue;
                }
                Piece::Text(vec![text])
            }
            other => other,
        };
        match (out.last_mut(), &piece) {
            (Some(Piece::Gap(a)), Piece::Gap(b)) => *a += b,
            // Two texts meet when an optional set or gap between them is left out.
            (Some(Piece::Text(a)), Piece::Text(b)) => {
                if let (Some(a), Some(b)) = (a.first_mut(), b.first()) {
                    a.push(' ');
                    a.push_str(b);
                }
            }
            _ => out.push(piece),
        }
    }
    if out.is_empty() {
        out.push(Piece::Text(vec![String::new()]));
    }
    out
}

/// The pieces written out as a pattern would (`tap into ... <openai>`).
fn written(pieces: &[Piece]) -> String {
    if let [Piece::Text(alts)] = pieces
        && alts.len() == 1
    {
        return alts[0].clone();
    }
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(alts) if alts.len() == 1 => alts[0].clone(),
            Piece::Text(alts) => format!("({})", alts.join("|")),
            Piece::Gap(words) => format!("...{words}"),
            Piece::Set(name) => format!("<{name}>"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

struct Parser<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    src: &'a str,
}

impl Parser<'_> {
    /// Parses items until `close` (or the end when `None`); for `(`, stops at `|` too.
    fn sequence(&mut self, close: Option<char>) -> Result<Vec<Item>, PatternError> {
        let mut items = Vec::new();
        let mut literal = String::new();
        while let Some(&(at, c)) = self.chars.peek() {
            match c {
                ')' | ']' | '|' if close.is_some() => break,
                ')' | ']' | '}' => {
                    return Err(self.error(at, &format!("unmatched `{c}`")));
                }
                '\\' => {
                    self.chars.next();
                    match self.chars.next() {
                        Some((_, escaped)) => literal.push(escaped),
                        None => {
                            return Err(self.error(at, "a backslash at the end escapes nothing"));
                        }
                    }
                }
                '.' | '\u{2026}' if c == '\u{2026}' || self.src[at..].starts_with("...") => {
                    let dots = if c == '.' { 3 } else { 1 };
                    for _ in 0..dots {
                        self.chars.next();
                    }
                    flush(&mut literal, &mut items);
                    // `...2`: a digit right after the dots bounds the gap.
                    let words = match self.chars.peek() {
                        Some(&(_, d)) if d.is_ascii_digit() => {
                            self.chars.next();
                            d as usize - '0' as usize
                        }
                        _ => GAP_WORDS,
                    };
                    items.push(Item::Gap(words));
                }
                '<' => {
                    self.chars.next();
                    flush(&mut literal, &mut items);
                    let mut name = String::new();
                    loop {
                        match self.chars.next() {
                            Some((_, '>')) => break,
                            Some((_, ch)) => name.push(ch),
                            None => return Err(self.error(at, "`<` is never closed")),
                        }
                    }
                    let name = name.trim();
                    if name.is_empty() || name.contains(char::is_whitespace) {
                        return Err(self.error(at, "`<...>` takes the name of a set (`<openai>`)"));
                    }
                    items.push(Item::Set(name.to_string()));
                }
                '(' => {
                    self.chars.next();
                    flush(&mut literal, &mut items);
                    let mut alts = vec![self.sequence(Some(')'))?];
                    loop {
                        match self.chars.next() {
                            Some((_, '|')) => alts.push(self.sequence(Some(')'))?),
                            Some((_, ')')) => break,
                            _ => return Err(self.error(at, "`(` is never closed")),
                        }
                    }
                    items.push(Item::Choice(alts));
                }
                '[' => {
                    self.chars.next();
                    flush(&mut literal, &mut items);
                    let inner = self.sequence(Some(']'))?;
                    match self.chars.next() {
                        Some((_, ']')) => {}
                        _ => return Err(self.error(at, "`[` is never closed")),
                    }
                    items.push(Item::Choice(vec![inner, Vec::new()]));
                }
                '{' => {
                    self.chars.next();
                    flush(&mut literal, &mut items);
                    let mut spec = String::new();
                    loop {
                        match self.chars.next() {
                            Some((_, '}')) => break,
                            Some((_, ch)) => spec.push(ch),
                            None => return Err(self.error(at, "`{` is never closed")),
                        }
                    }
                    let forms = VerbForms::parse(&spec).ok_or_else(|| {
                        self.error(
                            at,
                            "`{...}` takes a verb (`{enable}`) or its five forms (`{a|b|c|d|e}`)",
                        )
                    })?;
                    items.push(Item::Verb(forms));
                }
                _ => {
                    self.chars.next();
                    literal.push(c);
                }
            }
        }
        flush(&mut literal, &mut items);
        Ok(items)
    }

    fn error(&self, at: usize, what: &str) -> PatternError {
        PatternError {
            message: format!(
                "{what} (at character {} of `{}`)",
                self.src[..at].chars().count() + 1,
                self.src
            ),
        }
    }
}

fn flush(literal: &mut String, items: &mut Vec<Item>) {
    if !literal.is_empty() {
        items.push(Item::Literal(std::mem::take(literal)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &str) -> Vec<String> {
        expand(p).unwrap().into_iter().map(|e| e.text).collect()
    }

    #[test]
    fn literal_phrase_is_itself() {
        assert_eq!(texts("calls on"), ["calls on"]);
        assert!(!expand("calls on").unwrap()[0].prefix);
    }

    #[test]
    fn alternatives_and_optional_parts() {
        assert_eq!(
            texts("access to [your ](enterprise|company) data"),
            [
                "access to your enterprise data",
                "access to your company data",
                "access to enterprise data",
                "access to company data",
            ]
        );
    }

    #[test]
    fn verbs_expand_with_their_forms() {
        let all = expand("{give} access").unwrap();
        let got: Vec<(&str, Option<Form>)> =
            all.iter().map(|e| (e.text.as_str(), e.form)).collect();
        assert_eq!(
            got,
            [
                ("give access", Some(Form::Base)),
                ("gives access", Some(Form::Third)),
                ("gave access", Some(Form::Past)),
                ("given access", Some(Form::Participle)),
                ("giving access", Some(Form::Gerund)),
            ]
        );
        // enabled is both past and participle: kept once, as past.
        assert_eq!(expand("{enable} access").unwrap().len(), 4);
    }

    #[test]
    fn trailing_star_marks_a_prefix() {
        let all = expand("GPT-(4|5)*").unwrap();
        assert_eq!(
            all.iter().map(|e| e.text.as_str()).collect::<Vec<_>>(),
            ["GPT-4", "GPT-5"]
        );
        assert!(all.iter().all(|e| e.prefix));
        assert_eq!(texts("five\\*"), ["five*"]);
    }

    #[test]
    fn a_leading_star_marks_a_suffix() {
        let all = expand("*n't [be]").unwrap();
        assert_eq!(
            all.iter().map(|e| e.text.as_str()).collect::<Vec<_>>(),
            ["n't be", "n't "]
        );
        assert!(all.iter().all(|e| e.suffix && !e.prefix));
        assert_eq!(texts("\\*literal"), ["*literal"]);
        assert!(!expand("\\*literal").unwrap()[0].suffix);
    }

    #[test]
    fn gaps_and_sets_make_a_sequence() {
        let text = |alts: &[&str]| Piece::Text(alts.iter().map(|a| a.to_string()).collect());
        // One sequence per verb form; each stretch of text keeps its alternatives.
        let all = expand("{hand} ... off to [the ]<openai>").unwrap();
        assert_eq!(all.len(), 4);
        assert_eq!(
            all[0].pieces,
            [
                text(&["hand"]),
                Piece::Gap(GAP_WORDS),
                text(&["off to the", "off to"]),
                Piece::Set("openai".into()),
            ]
        );
        assert_eq!(all[0].text, "hand ...4 (off to the|off to) <openai>");
        assert!(all.iter().all(Expansion::is_sequence));
        assert_eq!(
            expand("tap\u{2026}into").unwrap()[0].pieces,
            [text(&["tap"]), Piece::Gap(GAP_WORDS), text(&["into"])]
        );
        // Gaps next to each other add up; an optional set left out joins its neighbours.
        assert_eq!(
            expand("a ... ... b").unwrap()[0].pieces[1],
            Piece::Gap(2 * GAP_WORDS)
        );
        assert_eq!(texts("a [<x> ]b"), ["a <x> b", "a b"]);
        assert!(!expand("a [<x> ]b").unwrap()[1].is_sequence());
        assert_eq!(expand("a ...2 b").unwrap()[0].pieces[1], Piece::Gap(2));
        // One and two dots are literal.
        assert_eq!(texts("e.g. v2..3"), ["e.g. v2..3"]);
    }

    #[test]
    fn malformed_patterns_are_errors() {
        for bad in [
            "(a|b", "[a", "{enable", "a)", "{a|b}", "x\\", "<openai", "<>", "< a b >",
        ] {
            assert!(expand(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn expansion_is_bounded() {
        let bomb = "(a|b|c|d|e|f|g|h)".repeat(6);
        assert!(expand(&bomb).unwrap_err().message.contains("more than"));
        // The same bound holds for the stretches between a sequence's gaps and sets.
        let bomb = format!("{bomb} ... <x>");
        assert!(expand(&bomb).unwrap_err().message.contains("more than"));
    }

    #[test]
    fn a_plain_pattern_expands_each_phrase_once() {
        assert_eq!(texts("(a|a) [b ]c"), ["a b c", "a c"]);
    }

    #[test]
    fn set_placeholders_split_a_template() {
        use TemplatePart::*;
        assert_eq!(
            template_parts("SRE on {set:aws} is powered by OpenAI"),
            [Text("SRE on "), Term("aws"), Text(" is powered by OpenAI")]
        );
        assert_eq!(template_parts("{set:a}{set:b}"), [Term("a"), Term("b")]);
        assert_eq!(template_parts("\\{set:a}"), [Text("\\{set:a}")]);
        assert_eq!(
            template_parts("{integrate} with"),
            [Text("{integrate} with")]
        );
    }

    #[test]
    fn templates_take_the_matched_form() {
        assert_eq!(
            render_template("{integrate} with", Some(Form::Gerund)).unwrap(),
            "integrating with"
        );
        assert_eq!(
            render_template("{integrate} with", Some(Form::Past)).unwrap(),
            "integrated with"
        );
        assert_eq!(
            render_template("is powered by", Some(Form::Past)).unwrap(),
            "is powered by"
        );
        assert_eq!(
            render_template("{integrate} with", None).unwrap(),
            "integrate with"
        );
        assert!(render_template("use ... with", None).is_err());
        assert!(render_template("use <openai>", None).is_err());
    }
}
