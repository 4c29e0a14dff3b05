//! Errors in lexicon files, as miette reports that point at the file, line and column.

use miette::Diagnostic;
use thiserror::Error;

use crate::source_problem::SourceProblem;

/// One problem in a lexicon file: see [`SourceProblem`] (a lexicon is YAML,
/// [`crate::source_problem::Language::Yaml`]).
pub type LexiconProblem = SourceProblem;

/// A lexicon that cannot be used: it could not be read, or it has problems.
#[derive(Debug, Error, Diagnostic)]
pub enum LexiconError {
    /// The file could not be read.
    #[error("cannot read lexicon `{path}`: {source}")]
    Read {
        /// The path that could not be read.
        path: String,
        #[source]
        /// Why.
        source: std::io::Error,
    },
    /// A built-in lexicon name that does not exist.
    #[error("there is no built-in lexicon `{name}`")]
    #[diagnostic(help("built-in lexicons: {available}"))]
    UnknownBuiltin {
        /// The name asked for.
        name: String,
        /// The names that exist, comma-separated.
        available: String,
    },
    /// The file was read but is not a valid lexicon.
    #[error("lexicon `{name}` is invalid ({} problem{})", .problems.len(), if .problems.len() == 1 { "" } else { "s" })]
    Invalid {
        /// Where the lexicon came from.
        name: String,
        #[related]
        /// Every problem found.
        problems: Vec<LexiconProblem>,
    },
}
