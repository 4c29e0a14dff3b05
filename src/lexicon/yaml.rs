//! Every line of YAML handling in copylint lives here.
//!
//! serde_yaml is archived upstream; keeping it behind these few functions means a
//! maintained fork (serde_yaml_ng, serde_norway, ...) replaces it in one place. Errors
//! found later, by validation, are located with a position-only pass of yaml-rust2's
//! event parser, which never expands aliases (so it is safe on YAML bombs).

use std::ops::Range;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A YAML document that could not be read into the expected shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What went wrong, in serde_yaml's words (it names the key path where it can).
    pub message: String,
    /// Byte range in the document the error points at, if known.
    pub span: Option<Range<usize>>,
    /// For an unknown key or value: what was written and what would have been accepted.
    pub unknown: Option<Unknown>,
}

/// A key (or an enumerated value) that the expected shape does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// The key or value as written.
    pub name: String,
    /// The keys or values accepted there.
    pub expected: Vec<String>,
}

impl YamlError {
    /// "did you mean `x`?" when the error is an unknown key or value close to a known one.
    pub fn hint(&self) -> Option<String> {
        let unknown = self.unknown.as_ref()?;
        let known: Vec<&str> = unknown.expected.iter().map(String::as_str).collect();
        super::did_you_mean(&unknown.name, &known).map(|best| format!("did you mean `{best}`?"))
    }
}

/// What an error says about a file that is not a YAML mapping at all: nothing of its
/// contents, which may be anything (a key file, the process's environment).
pub const NOT_A_MAPPING: &str = "not a YAML mapping of keys (its contents are not shown)";

/// Parses a YAML document into `T`, refusing unknown keys where `T` does.
///
/// Every file copylint reads as YAML is a mapping. When the document is not one (a
/// syntax error before any mapping starts, or a scalar or sequence at the top), the file
/// is probably not meant for copylint at all, and the error neither points into it nor
/// quotes it: see [`NOT_A_MAPPING`].
pub fn from_str<T: DeserializeOwned>(source: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(source).map_err(|err| {
        if !starts_with_mapping(source) {
            return YamlError {
                message: NOT_A_MAPPING.to_string(),
                span: None,
                unknown: None,
            };
        }
        let span = err.location().map(|loc| {
            let start = byte_offset(source, loc.line(), loc.column().saturating_sub(1));
            start..next_char_end(source, start)
        });
        let message = clean_message(&err.to_string());
        let unknown = parse_unknown(&message);
        // Point at the whole unknown key or value, not just its first character.
        let span = match (span, &unknown) {
            (Some(at), Some(u)) if source[at.start..].starts_with(u.name.as_str()) => {
                Some(at.start..at.start + u.name.len().max(1))
            }
            (span, _) => span,
        };
        YamlError {
            unknown,
            message,
            span,
        }
    })
}

/// Whether the document's top level is a mapping (or there is no document): read as far
/// as its first node, never further.
fn starts_with_mapping(source: &str) -> bool {
    let mut parser = Parser::new_from_str(source);
    loop {
        match parser.next_token() {
            Ok((Event::StreamStart | Event::DocumentStart, _)) => continue,
            Ok((Event::MappingStart(..) | Event::StreamEnd | Event::DocumentEnd, _)) => {
                return true;
            }
            _ => return false,
        }
    }
}

/// Reads serde's standard "unknown field `x`, expected one of `a`, `b`" (or "unknown
/// variant ...") message.
fn parse_unknown(message: &str) -> Option<Unknown> {
    let at = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|p| message.find(p).map(|i| i + p.len()))?;
    let rest = &message[at..];
    let end = rest.find('`')?;
    let name = rest[..end].to_string();
    let expected = rest[end + 1..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some(Unknown { name, expected })
}

/// One step of a path into a YAML document: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// Finds the byte range of the node at `path` (a scalar's text, or the first character of
/// a collection). Returns `None` when the path does not exist or the document is invalid.
pub fn locate(source: &str, path: &[PathStep]) -> Option<Range<usize>> {
    let mut finder = Finder::new(path);
    let mut parser = Parser::new_from_str(source);
    // Errors here only mean we cannot point precisely; the caller still reports the problem.
    parser.load(&mut finder, false).ok()?;
    let (line, col, len) = finder.found?;
    let start = byte_offset(source, line, col);
    // The scalar as written may differ from its value (quotes, escapes): cover its length
    // plus the quotes, clamped to the line.
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    let quoted = source[start..].starts_with(['"', '\'']);
    let chars = if quoted { len + 2 } else { len.max(1) };
    let end = source[start..]
        .char_indices()
        .nth(chars)
        .map_or(source.len(), |(i, _)| start + i)
        .min(line_end);
    let end = end.max(next_char_end(source, start).min(line_end));
    Some(start..end)
}

/// Finds the byte range of the mapping key that ends `path` (the key itself, not its
/// value), e.g. `rules` → `access-wording` in a config file. `None` when it is absent.
pub fn locate_key(source: &str, path: &[PathStep]) -> Option<Range<usize>> {
    let (PathStep::Key(last), parent) = path.split_last()? else {
        return None;
    };
    let mut finder = Finder::new(parent);
    finder.key = Some(last);
    let mut parser = Parser::new_from_str(source);
    parser.load(&mut finder, false).ok()?;
    let (line, col, len) = finder.found?;
    let start = byte_offset(source, line, col);
    let quoted = source[start..].starts_with(['"', '\'']);
    let chars = if quoted { len + 2 } else { len.max(1) };
    let end = source[start..]
        .char_indices()
        .nth(chars)
        .map_or(source.len(), |(i, _)| start + i);
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    Some(
        start
            ..end
                .min(line_end)
                .max(next_char_end(source, start).min(line_end)),
    )
}

/// Converts a 1-based line and 0-based column counted in characters to a byte offset.
fn byte_offset(source: &str, line: usize, column_chars: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line.max(1) {
        match source[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return source.len(),
        }
    }
    let rest = &source[offset..];
    let line_len = rest.find('\n').unwrap_or(rest.len());
    offset
        + rest[..line_len]
            .char_indices()
            .nth(column_chars)
            .map_or(line_len, |(i, _)| i)
}

fn next_char_end(source: &str, start: usize) -> usize {
    source[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8())
}

/// serde_yaml appends " at line L column C" to its messages; the report shows the location
/// graphically, so drop it from the text.
fn clean_message(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Walks parser events, tracking the path of the current node, and records where the
/// wanted path starts.
struct Finder<'p> {
    want: &'p [PathStep],
    /// When set, look for this key of the mapping at `want` instead of a value.
    key: Option<&'p str>,
    /// One frame per open collection: whether it is a mapping, and the current step in it.
    stack: Vec<Frame>,
    found: Option<(usize, usize, usize)>,
}

enum Frame {
    Seq {
        next: usize,
    },
    Map {
        expecting_key: bool,
        key: Option<String>,
    },
}

/// Whether the open collections `frames` are at exactly `path`.
fn frames_match(frames: &[Frame], path: &[PathStep]) -> bool {
    frames.len() == path.len()
        && frames
            .iter()
            .zip(path)
            .all(|(frame, step)| match (frame, step) {
                (Frame::Seq { next }, PathStep::Index(i)) => next == i,
                (
                    Frame::Map {
                        expecting_key: false,
                        key: Some(k),
                    },
                    PathStep::Key(w),
                ) => k == w,
                _ => false,
            })
}

impl<'p> Finder<'p> {
    fn new(want: &'p [PathStep]) -> Self {
        Finder {
            want,
            key: None,
            stack: Vec::new(),
            found: None,
        }
    }

    /// The path of the node that the next event starts, if it is a value node.
    fn current_path_matches(&self) -> bool {
        self.key.is_none() && frames_match(&self.stack, self.want)
    }

    /// Whether the mapping now open is the one at `want` (for key lookups).
    fn parent_matches(&self) -> bool {
        self.stack
            .split_last()
            .is_some_and(|(_, parents)| frames_match(parents, self.want))
    }

    fn is_key_position(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame::Map {
                expecting_key: true,
                ..
            })
        )
    }

    /// Called after a complete value node: advance the enclosing collection.
    fn value_done(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Seq { next }) => *next += 1,
            Some(Frame::Map { expecting_key, key }) => {
                *expecting_key = true;
                *key = None;
            }
            None => {}
        }
    }
}

impl MarkedEventReceiver for Finder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.found.is_some() {
            return;
        }
        match event {
            Event::Scalar(value, ..) => {
                if self.is_key_position() {
                    if self.key == Some(value.as_str()) && self.parent_matches() {
                        self.found = Some((mark.line(), mark.col(), value.chars().count()));
                        return;
                    }
                    if let Some(Frame::Map { expecting_key, key }) = self.stack.last_mut() {
                        *expecting_key = false;
                        *key = Some(value);
                    }
                } else {
                    if self.current_path_matches() {
                        self.found = Some((mark.line(), mark.col(), value.chars().count()));
                    }
                    self.value_done();
                }
            }
            Event::Alias(_) => {
                if self.is_key_position() {
                    if let Some(Frame::Map { expecting_key, .. }) = self.stack.last_mut() {
                        *expecting_key = false;
                    }
                } else {
                    if self.current_path_matches() {
                        self.found = Some((mark.line(), mark.col(), 0));
                    }
                    self.value_done();
                }
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if self.is_key_position() {
                    // Complex keys are not used by copylint's formats; treat as opaque.
                    if let Some(Frame::Map { expecting_key, .. }) = self.stack.last_mut() {
                        *expecting_key = false;
                    }
                } else if self.current_path_matches() {
                    self.found = Some((mark.line(), mark.col(), 0));
                }
                self.stack
                    .push(if matches!(event, Event::SequenceStart(..)) {
                        Frame::Seq { next: 0 }
                    } else {
                        Frame::Map {
                            expecting_key: true,
                            key: None,
                        }
                    });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.stack.pop();
                self.value_done();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "lexicon: demo\nrules:\n  - id: one\n    when: [openai, clouds]\n  - id: two\n    banned:\n      - phrases:\n          - \"calls on\"\n          - ''\n";

    #[test]
    fn locates_flow_sequence_items() {
        let span = locate(
            DOC,
            &[
                PathStep::Key("rules".into()),
                PathStep::Index(0),
                PathStep::Key("when".into()),
                PathStep::Index(1),
            ],
        )
        .unwrap();
        assert_eq!(&DOC[span], "clouds");
    }

    #[test]
    fn locates_quoted_and_empty_scalars() {
        let base = [
            PathStep::Key("rules".into()),
            PathStep::Index(1),
            PathStep::Key("banned".into()),
            PathStep::Index(0),
            PathStep::Key("phrases".into()),
        ];
        let mut first = base.to_vec();
        first.push(PathStep::Index(0));
        assert_eq!(&DOC[locate(DOC, &first).unwrap()], "\"calls on\"");
        let mut second = base.to_vec();
        second.push(PathStep::Index(1));
        assert_eq!(&DOC[locate(DOC, &second).unwrap()], "''");
    }

    #[test]
    fn missing_path_is_none() {
        assert_eq!(locate(DOC, &[PathStep::Key("nope".into())]), None);
    }

    #[test]
    fn serde_errors_carry_a_span() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Small {
            a: u32,
        }
        let err = from_str::<Small>("a: 1\nb: 2\n").unwrap_err();
        assert!(err.message.contains("unknown field `b`"), "{}", err.message);
        assert_eq!(err.span, Some(5..6));
        assert_eq!(
            err.unknown,
            Some(Unknown {
                name: "b".into(),
                expected: vec!["a".into()]
            })
        );
    }

    #[test]
    fn what_is_not_a_mapping_is_not_quoted() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Small {
            a: u32,
        }
        for text in [
            "SECRET=hunter2\0PATH=/bin\0",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE\n-----END OPENSSH PRIVATE KEY-----\n",
            "[default]\naws_secret_access_key = hunter2\n",
            "- a\n- b\n",
        ] {
            let err = from_str::<Small>(text).unwrap_err();
            assert_eq!((err.message.as_str(), err.span), (NOT_A_MAPPING, None));
        }
        // A mapping with a mistake is pointed into as before.
        let err = from_str::<Small>("a: 1\nb: [\n").unwrap_err();
        assert_ne!(err.message, NOT_A_MAPPING);
        assert!(err.span.is_some());
    }

    #[test]
    fn unknown_keys_get_a_hint() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        #[allow(dead_code)]
        struct Conf {
            #[serde(default)]
            exclude: Vec<String>,
            #[serde(default)]
            include: Vec<String>,
        }
        let err = from_str::<Conf>("exlude: [a]\n").unwrap_err();
        assert_eq!(err.hint().as_deref(), Some("did you mean `exclude`?"));
    }

    #[test]
    fn locates_mapping_keys() {
        let doc = "rules:\n  access-wording: off\n  'quoted': note\n";
        let key = |k: &str| {
            locate_key(
                doc,
                &[PathStep::Key("rules".into()), PathStep::Key(k.into())],
            )
        };
        assert_eq!(&doc[key("access-wording").unwrap()], "access-wording");
        assert_eq!(&doc[key("quoted").unwrap()], "'quoted'");
        assert_eq!(key("nope"), None);
        assert_eq!(
            &doc[locate_key(doc, &[PathStep::Key("rules".into())]).unwrap()],
            "rules"
        );
    }
}
