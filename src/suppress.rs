//! Inline suppressions: comments that silence findings, with a reason a reviewer can read.
//!
//! ```markdown
//! <!-- copylint-disable-next-line access-wording -- approved by legal, LEGAL-123 -->
//! SRE enables access to ChatGPT for every team.
//!
//! <!-- copylint-disable call-wording -->
//! ...
//! <!-- copylint-enable -->
//! ```
//!
//! A directive is an HTML comment (Markdown outside code, HTML) or, in plain text, a line
//! of its own. `copylint-disable-next-line` covers the line after the one the directive
//! ends on; `copylint-disable` covers everything after it up to a `copylint-enable` (or
//! the end of the file). No rule named means every rule; names may be local
//! (`access-wording`) or qualified (`openai-on-aws/access-wording`), separated by spaces
//! or commas; a reason follows `--`.
//!
//! Suppressed findings are kept, marked with a [`Suppression`], so that JSON and SARIF
//! reports show them. Directives that suppress nothing, or name no known rule, are
//! reported under `copylint/unused-suppression`; with `require-reason` a directive
//! without a reason is reported under `copylint/missing-reason`.

use std::ops::Range;
use std::sync::Arc;

use crate::finding::Finding;
use crate::finding::Suppression;
use crate::fingerprint;
use crate::lexicon::{Engine, RuleId, did_you_mean};
use crate::reader_text::ReaderSentence;
use crate::source::LineIndex;

/// The text every directive starts with; a document without it has none (checked first,
/// with a fast substring search, so the comments of documents without directives are
/// never read).
pub const MARKER: &str = "copylint-";

/// What a directive does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectiveKind {
    /// `copylint-disable`: from here to the matching `copylint-enable`.
    Disable,
    /// `copylint-disable-next-line`: the next line.
    DisableNextLine,
    /// `copylint-enable`: ends `copylint-disable`.
    Enable,
    /// A `copylint-...` word copylint does not know (a typo).
    Unknown(String),
}

/// One suppression directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// What it does.
    pub kind: DirectiveKind,
    /// The rules it names, as written; empty means every rule.
    pub rules: Vec<String>,
    /// The reason after `--`, trimmed; `None` when absent or empty.
    pub reason: Option<String>,
    /// Byte range of the whole comment (or line) in the document.
    pub span: Range<usize>,
}

const DISABLE: &str = "copylint-disable";
const DISABLE_NEXT_LINE: &str = "copylint-disable-next-line";
const ENABLE: &str = "copylint-enable";

/// Reads one comment (`<!-- ... -->`) or directive line, which spans `span` of its
/// document; `None` unless it starts with [`MARKER`]. The extractors report a document's
/// comments and directive lines ([`crate::prose::BlockSink::comment`]) in the one pass
/// that reads its prose.
pub fn parse(text: &str, span: Range<usize>) -> Option<Directive> {
    let inner = text.trim();
    let inner = inner.strip_prefix("<!--").unwrap_or(inner);
    let inner = inner.strip_suffix("-->").unwrap_or(inner).trim();
    if !inner.starts_with(MARKER) {
        return None;
    }
    let (head, reason) = split_reason(inner);
    let mut words = head.split(|c: char| c.is_whitespace() || c == ',');
    let keyword = words.next().unwrap_or_default();
    let kind = match keyword {
        DISABLE => DirectiveKind::Disable,
        DISABLE_NEXT_LINE => DirectiveKind::DisableNextLine,
        ENABLE => DirectiveKind::Enable,
        other => DirectiveKind::Unknown(other.to_string()),
    };
    Some(Directive {
        kind,
        rules: words
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect(),
        reason: reason
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string),
        span,
    })
}

/// Splits `copylint-disable a b -- why` at the first `--` that stands as a word.
fn split_reason(text: &str) -> (&str, Option<&str>) {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find("--").map(|i| i + from) {
        let before = i == 0 || bytes[i - 1].is_ascii_whitespace();
        let after = bytes.get(i + 2).is_none_or(|b| b.is_ascii_whitespace());
        if before && after {
            return (&text[..i], Some(&text[i + 2..]));
        }
        from = i + 2;
    }
    (text, None)
}

/// A stretch of the document where some rules are suppressed by one directive.
struct Region {
    directive: usize,
    range: Range<usize>,
    /// The names it suppresses; `None` for every rule.
    names: Option<Vec<String>>,
    /// Names re-enabled by a `copylint-enable NAME` inside a disable-everything region.
    except: Vec<String>,
}

fn names_rule(engine: &Engine, name: &str, rule: RuleId) -> bool {
    let r = &engine.rules[rule];
    r.id == name || r.local_id == name
}

impl Region {
    fn covers(&self, engine: &Engine, rule: RuleId, at: usize) -> Option<&str> {
        if !self.range.contains(&at) || self.except.iter().any(|n| names_rule(engine, n, rule)) {
            return None;
        }
        match &self.names {
            None => Some(""),
            Some(names) => names
                .iter()
                .find(|n| names_rule(engine, n, rule))
                .map(String::as_str),
        }
    }
}

/// Marks the findings that `directives` suppress and appends the findings about the
/// directives themselves (unused, unknown, without a reason). `findings` must not yet
/// hold findings of copylint's own rules.
pub fn apply(engine: &Engine, source: &str, directives: &[Directive], findings: &mut Vec<Finding>) {
    if directives.is_empty() {
        return;
    }
    let lines = LineIndex::new(source);
    let mut notes: Vec<(usize, String)> = Vec::new();
    let regions = regions(source, &lines, directives, &mut notes);

    // Which names of which directive suppressed something ("" stands for every rule).
    let mut used: Vec<Vec<String>> = vec![Vec::new(); directives.len()];
    for finding in findings.iter_mut() {
        let mut by: Option<usize> = None;
        for region in &regions {
            if let Some(name) = region.covers(engine, finding.rule, finding.span.start) {
                let names = &mut used[region.directive];
                if !names.iter().any(|n| n == name) {
                    names.push(name.to_string());
                }
                // The nearest directive (the latest one) gives the reason.
                if by.is_none_or(|b| region.directive > b) {
                    by = Some(region.directive);
                }
            }
        }
        if let Some(d) = by {
            finding.suppressed = Some(Suppression::inline(directives[d].reason.clone()));
        }
    }

    let tool = engine.tool;
    for (i, d) in directives.iter().enumerate() {
        match &d.kind {
            DirectiveKind::Disable | DirectiveKind::DisableNextLine => {}
            DirectiveKind::Enable => continue,
            DirectiveKind::Unknown(word) => {
                let known = [DISABLE, DISABLE_NEXT_LINE, ENABLE];
                let hint = did_you_mean(word, &known)
                    .map_or_else(String::new, |k| format!("; did you mean `{k}`?"));
                notes.push((i, format!("unknown directive `{word}`{hint}")));
                continue;
            }
        }
        if d.reason.is_none() && engine.rules[tool.missing_reason].enabled {
            findings.push(tool_finding(
                engine,
                source,
                tool.missing_reason,
                d,
                "this suppression gives no reason; add one after `--` (e.g. `-- approved by legal, TICKET-1`)"
                    .to_string(),
            ));
        }
        if let Some(message) = unused_message(engine, d, &used[i]) {
            notes.push((i, message));
        }
    }
    if engine.rules[tool.unused_suppression].enabled {
        for (i, message) in notes {
            findings.push(tool_finding(
                engine,
                source,
                tool.unused_suppression,
                &directives[i],
                message,
            ));
        }
    }
}

/// Why a disable directive is (partly) useless, if it is.
fn unused_message(engine: &Engine, d: &Directive, used: &[String]) -> Option<String> {
    let keyword = match d.kind {
        DirectiveKind::DisableNextLine => DISABLE_NEXT_LINE,
        _ => DISABLE,
    };
    if d.rules.is_empty() {
        return used
            .is_empty()
            .then(|| format!("this `{keyword}` suppresses nothing"));
    }
    let mut problems = Vec::new();
    let mut unused = Vec::new();
    for name in &d.rules {
        let rules: Vec<RuleId> = (0..engine.rules.len())
            .filter(|&r| names_rule(engine, name, r) && !engine.is_suppression_rule(r))
            .collect();
        if rules.is_empty() {
            let hint = engine
                .rule_hint(name)
                .map_or_else(String::new, |hint| format!(" ({hint})"));
            problems.push(format!(
                "`{name}` is not a rule of the active lexicons{hint}"
            ));
        } else if rules.iter().all(|&r| !engine.rules[r].enabled) {
            // The rule is turned off: there is nothing to suppress, and nothing to report.
        } else if !used.iter().any(|u| u == name) {
            unused.push(format!("`{name}`"));
        }
    }
    if !unused.is_empty() {
        let all = unused.len() == d.rules.len();
        problems.insert(
            0,
            if all {
                format!(
                    "this `{keyword}` suppresses nothing: no {} finding {}",
                    unused.join(" or "),
                    if keyword == DISABLE_NEXT_LINE {
                        "on the next line"
                    } else {
                        "where it applies"
                    }
                )
            } else {
                format!(
                    "{} in this `{keyword}` suppresses nothing",
                    unused.join(", ")
                )
            },
        );
    }
    (!problems.is_empty()).then(|| problems.join("; "))
}

/// The regions every directive covers; notes about enables that close nothing go to
/// `notes`.
fn regions(
    source: &str,
    lines: &LineIndex,
    directives: &[Directive],
    notes: &mut Vec<(usize, String)>,
) -> Vec<Region> {
    let mut done = Vec::new();
    let mut open: Vec<Region> = Vec::new();
    let names = |d: &Directive| (!d.rules.is_empty()).then(|| d.rules.clone());
    for (i, d) in directives.iter().enumerate() {
        match d.kind {
            DirectiveKind::DisableNextLine => {
                let line = lines.line_of(d.span.end.saturating_sub(1).max(d.span.start)) + 1;
                if line < lines.len() {
                    let range = lines.line_range(source, line);
                    done.push(Region {
                        directive: i,
                        // An empty line still holds its own start (and nothing else).
                        range: range.start..range.end.max(range.start + 1),
                        names: names(d),
                        except: Vec::new(),
                    });
                }
            }
            DirectiveKind::Disable => open.push(Region {
                directive: i,
                range: d.span.end..source.len(),
                names: names(d),
                except: Vec::new(),
            }),
            DirectiveKind::Enable => {
                let mut closed_any = false;
                for mut region in std::mem::take(&mut open) {
                    // What stays disabled after this enable: (names, except), or nothing.
                    let after = match (&region.names, d.rules.is_empty()) {
                        (_, true) => None,
                        (None, false) => {
                            let mut except = region.except.clone();
                            except.extend(d.rules.iter().cloned());
                            Some((None, except))
                        }
                        (Some(names), false) => {
                            if !names.iter().any(|n| d.rules.contains(n)) {
                                open.push(region);
                                continue;
                            }
                            let rest: Vec<String> = names
                                .iter()
                                .filter(|n| !d.rules.contains(n))
                                .cloned()
                                .collect();
                            (!rest.is_empty()).then(|| (Some(rest), region.except.clone()))
                        }
                    };
                    closed_any = true;
                    region.range.end = d.span.start;
                    let directive = region.directive;
                    done.push(region);
                    if let Some((names, except)) = after {
                        open.push(Region {
                            directive,
                            range: d.span.end..source.len(),
                            names,
                            except,
                        });
                    }
                }
                if !closed_any {
                    notes.push((
                        i,
                        "this `copylint-enable` has no `copylint-disable` before it to end"
                            .to_string(),
                    ));
                }
            }
            DirectiveKind::Unknown(_) => {}
        }
    }
    done.extend(open);
    done
}

fn tool_finding(
    engine: &Engine,
    source: &str,
    rule: RuleId,
    d: &Directive,
    message: String,
) -> Finding {
    let text = source.get(d.span.clone()).unwrap_or_default();
    let readable = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Finding {
        rule,
        severity: engine.rules[rule].severity,
        span: d.span.clone(),
        message,
        suggestions: Vec::new(),
        help: None,
        sentence: d.span.clone(),
        sentence_key: Arc::from(fingerprint::quote_key(text)),
        reader: ReaderSentence {
            text: readable.clone(),
            highlight: 0..readable.len(),
        },
        suppressed: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Directive {
        parse(text, 0..text.len()).unwrap()
    }

    #[test]
    fn parses_rules_and_reason() {
        let d = one(
            "<!-- copylint-disable-next-line access-wording, openai-on-aws/call-wording -- approved by legal, LEGAL-123 -->",
        );
        assert_eq!(d.kind, DirectiveKind::DisableNextLine);
        assert_eq!(d.rules, ["access-wording", "openai-on-aws/call-wording"]);
        assert_eq!(d.reason.as_deref(), Some("approved by legal, LEGAL-123"));
    }

    #[test]
    fn no_rules_no_reason_and_plain_lines() {
        let d = one("<!--copylint-disable-->");
        assert_eq!(
            (d.kind, d.rules.len(), d.reason),
            (DirectiveKind::Disable, 0, None)
        );
        let d = one("  copylint-enable");
        assert_eq!(d.kind, DirectiveKind::Enable);
        let d = one("copylint-disable -- ");
        assert_eq!(d.reason, None);
        // A hyphenated reason is not cut at its hyphens.
        let d = one("copylint-disable x -- re-approved -- twice");
        assert_eq!(d.reason.as_deref(), Some("re-approved -- twice"));
    }

    #[test]
    fn other_comments_are_not_directives() {
        assert_eq!(parse("<!-- TODO: copylint-disable -->", 0..1), None);
        assert_eq!(
            one("<!-- copylint-disabel x -->").kind,
            DirectiveKind::Unknown("copylint-disabel".into())
        );
    }
}
