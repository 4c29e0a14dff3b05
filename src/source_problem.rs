//! A problem at a line and column of a file the user wrote (a config file, a lexicon, a
//! baseline), as a miette report that shows the file around the place.
//!
//! Such a file is written by whoever can commit to the repository, and may not even be
//! meant for copylint: what is echoed from it (its name, the message, which may quote it,
//! and its text) is escaped so that it cannot drive the terminal (see [`crate::escape`]).
//! Its text is shown only around the span: a problem without one shows none of it, which
//! is how callers keep a file that is not what it should be from being quoted.

use std::ops::Range;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

use crate::escape;

/// The language a file is written in, for highlighting its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// YAML: config files and lexicons.
    Yaml,
    /// JSON: baselines.
    Json,
}

impl Language {
    fn name(self) -> &'static str {
        match self {
            Language::Yaml => "yaml",
            Language::Json => "json",
        }
    }
}

/// One problem in a file the user wrote, pointing at its line and column.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
pub struct SourceProblem {
    /// What is wrong (escaped).
    pub message: String,
    #[source_code]
    source_code: NamedSource<String>,
    #[label("{label}")]
    span: Option<SourceSpan>,
    label: String,
    /// Advice on how to fix it.
    #[help]
    pub help: Option<String>,
}

impl SourceProblem {
    /// A problem at `span` (a byte range of `text`) of the file shown as `name`, written
    /// in `language`; `None` points nowhere and shows none of the text.
    pub fn new(
        name: &str,
        text: &str,
        language: Language,
        message: impl Into<String>,
        span: Option<Range<usize>>,
    ) -> Self {
        SourceProblem {
            message: escape::line(&message.into()).into_owned(),
            source_code: NamedSource::new(
                escape::line(name),
                escape::same_width(text).into_owned(),
            )
            .with_language(language.name()),
            span: span.map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
            label: "here".to_string(),
            help: None,
        }
    }

    /// Adds advice on how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds advice on how to fix the problem, when there is some.
    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Replaces the label shown under the span (`here`).
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = escape::line(&label.into()).into_owned();
        self
    }

    /// The byte range of the file the problem points at.
    pub fn span(&self) -> Option<Range<usize>> {
        self.span.map(|s| s.offset()..s.offset() + s.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_echoed_from_the_file_is_escaped() {
        let problem = SourceProblem::new(
            "evil\u{1b}]0;name",
            "a: \u{1b}[31m\nb: 1\n",
            Language::Yaml,
            "bad \u{1b}[2J value",
            Some(3..4),
        );
        assert_eq!(problem.message, "bad \\u{1b}[2J value");
        let source = problem.source_code().expect("has source");
        let first_line = source
            .read_span(&SourceSpan::from(0..8), 0, 0)
            .expect("readable");
        assert_eq!(first_line.name(), Some("evil\\u{1b}]0;name"));
        // The escape character is replaced byte for byte, so spans still fit.
        assert_eq!(first_line.data(), b"a: ?[31m");
        assert_eq!(problem.span(), Some(3..4));
    }

    #[test]
    fn a_span_never_runs_backwards() {
        let backwards = Range { start: 3, end: 1 };
        let problem = SourceProblem::new("f", "text", Language::Json, "m", Some(backwards));
        assert_eq!(problem.span(), Some(3..3));
    }
}
