//! Errors in lexicon files, as miette reports that point at the file, line and column.

use std::ops::Range;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

use crate::escape;

/// One problem in a lexicon file.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(copylint::lexicon))]
pub struct LexiconProblem {
    /// What is wrong.
    pub message: String,
    #[source_code]
    source_code: NamedSource<String>,
    #[label("{label}")]
    span: Option<SourceSpan>,
    label: String,
    #[help]
    pub(crate) help: Option<String>,
}

impl LexiconProblem {
    /// A problem at `span` (a byte range of the lexicon text) of lexicon `name`.
    pub fn new(
        name: &str,
        text: &str,
        message: impl Into<String>,
        span: Option<Range<usize>>,
    ) -> Self {
        // The file may hold anything (it may not even be a lexicon): what is echoed from
        // it cannot drive the terminal. See `crate::escape`.
        LexiconProblem {
            message: escape::line(&message.into()).into_owned(),
            source_code: NamedSource::new(
                escape::line(name),
                escape::same_width(text).into_owned(),
            )
            .with_language("yaml"),
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

    /// Replaces the label shown under the span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// The byte range the problem points at.
    pub fn span(&self) -> Option<Range<usize>> {
        self.span.map(|s| s.offset()..s.offset() + s.len())
    }
}

/// A lexicon that cannot be used: it could not be read, or it has problems.
#[derive(Debug, Error, Diagnostic)]
pub enum LexiconError {
    /// The file could not be read.
    #[error("cannot read lexicon `{path}`: {source}")]
    #[diagnostic(code(copylint::lexicon::read))]
    Read {
        /// The path that could not be read.
        path: String,
        #[source]
        /// Why.
        source: std::io::Error,
    },
    /// A built-in lexicon name that does not exist.
    #[error("there is no built-in lexicon `{name}`")]
    #[diagnostic(
        code(copylint::lexicon::unknown_builtin),
        help("built-in lexicons: {available}")
    )]
    UnknownBuiltin {
        /// The name asked for.
        name: String,
        /// The names that exist, comma-separated.
        available: String,
    },
    /// The file was read but is not a valid lexicon.
    #[error("lexicon `{name}` is invalid ({} problem{})", .problems.len(), if .problems.len() == 1 { "" } else { "s" })]
    #[diagnostic(code(copylint::lexicon::invalid))]
    Invalid {
        /// Where the lexicon came from.
        name: String,
        #[related]
        /// Every problem found.
        problems: Vec<LexiconProblem>,
    },
}
