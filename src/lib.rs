//! copylint: a fast linter for the wording of cloud sales and marketing copy.
//!
//! Data flows one way: a document's bytes are read ([`source`]), its prose extracted and
//! normalised ([`prose`], [`normalize`]), lexicon phrases found ([`matcher`]) and resolved
//! into findings sentence by sentence ([`resolve`]); [`check`] ties these together as a
//! pure function. [`lint::Linter`] is the one pipeline every door (the command line's
//! `check` and `report`, the language server, `test-lexicon`) goes through: settings,
//! engine, waivers, baseline and date, applied the same way for every document.
#![deny(missing_docs)]

// The core: lexicons compiled, then text in, findings out.
pub mod charref;
pub mod check;
pub mod edit_plan;
pub mod examples;
pub mod finding;
pub mod fingerprint;
pub mod fix;
pub mod fold;
pub mod lexicon;
pub use lexicon::matcher;
pub mod normalize;
pub mod prefilter;
pub mod prose;
pub mod reader_text;
pub mod resolve;
pub mod rewrite;
pub mod sentence;
pub mod source_problem;
pub mod suppress;
pub mod window;

// The edges: files, configuration, what people accepted, reports, the command line and
// the language server; `lint` is the pipeline they all share.
pub mod baseline;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod escape;
pub mod expiry;
pub mod identity;
pub mod lint;
pub mod lsp;
pub mod merge;
pub mod own_files;
pub mod read;
pub mod render;
pub mod repo;
pub mod shell;
pub mod source;
pub mod starter;
pub mod uri;
pub mod waiver;
pub mod write;

pub use check::{Checker, check_text};
pub use finding::{Edit, Finding, Suggestion, Suppression, SuppressionKind};
pub use lexicon::{Engine, LexiconError, LexiconSource, compile};
pub use prose::DocumentKind;
