//! The phrase syntax of lexicons, expanded into plain phrases before matching.
//!
//! A phrase is literal text with four additions, all expanded when the lexicon is
//! compiled (matching itself only ever sees literal phrases, so it stays linear):
//!
//! | syntax | meaning | example |
//! |---|---|---|
//! | `(a\|b)` | one of the alternatives | `(enterprise\|company) data` |
//! | `[a]` | optional | `access to [your] data` |
//! | `{verb}` | every form of a verb; rewrites take the same form | `{enable} access` |
//! | `*` at the end | the last word may continue | `GPT-(4\|5)*` matches GPT-4o, GPT-5.1 |
//!
//! `{a|b|c|d|e}` spells a verb's five forms out (base, -s, past, participle, -ing). A
//! backslash makes the next character literal.

use std::collections::HashSet;

use super::inflect::{Form, VerbForms};

/// Upper bound on the phrases one pattern may expand to, so a lexicon cannot ask for an
/// exponential number of phrases.
pub const MAX_EXPANSIONS: usize = 4096;

/// A phrase pattern that could not be parsed or expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// What is wrong with the pattern.
    pub message: String,
}

/// One literal phrase produced by a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// The phrase, not yet normalised.
    pub text: String,
    /// The verb form used, when the pattern has `{verb}` slots.
    pub form: Option<Form>,
    /// Whether the last word may continue past the phrase (trailing `*`).
    pub prefix: bool,
}

#[derive(Debug, Clone)]
enum Item {
    Literal(String),
    Verb(VerbForms),
    Choice(Vec<Vec<Item>>),
}

/// Expands `pattern` into literal phrases. With `{verb}` slots, every variant records its
/// form; when two forms spell the same (enabled / enabled) only the first is kept.
pub fn expand(pattern: &str) -> Result<Vec<Expansion>, PatternError> {
    let (body, prefix) = split_prefix_marker(pattern);
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
    for form in forms {
        for text in expand_seq(&seq, form.unwrap_or(Form::Base))? {
            if !seen.contains(&text) {
                if out.len() >= MAX_EXPANSIONS {
                    return Err(PatternError {
                        message: format!("expands to more than {MAX_EXPANSIONS} phrases"),
                    });
                }
                seen.insert(text.clone());
                out.push(Expansion { text, form, prefix });
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
    if seq.iter().any(|i| matches!(i, Item::Choice(_))) {
        return Err(PatternError {
            message: "a rewrite cannot contain ( | ) or [ ]".into(),
        });
    }
    let mut texts = expand_seq(&seq, form.unwrap_or(Form::Base))?;
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

fn has_verb(seq: &[Item]) -> bool {
    seq.iter().any(|item| match item {
        Item::Verb(_) => true,
        Item::Choice(alts) => alts.iter().any(|alt| has_verb(alt)),
        Item::Literal(_) => false,
    })
}

fn expand_seq(seq: &[Item], form: Form) -> Result<Vec<String>, PatternError> {
    let mut acc = vec![String::new()];
    for item in seq {
        let options: Vec<String> = match item {
            Item::Literal(s) => vec![s.clone()],
            Item::Verb(forms) => vec![forms.get(form).to_string()],
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
            .flat_map(|prefix| options.iter().map(move |o| format!("{prefix}{o}")))
            .collect();
    }
    Ok(acc)
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
    fn malformed_patterns_are_errors() {
        for bad in ["(a|b", "[a", "{enable", "a)", "{a|b}", "x\\"] {
            assert!(expand(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn expansion_is_bounded() {
        let bomb = "(a|b|c|d|e|f|g|h)".repeat(6);
        assert!(expand(&bomb).unwrap_err().message.contains("more than"));
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
    }
}
