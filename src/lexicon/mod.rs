//! Lexicons: the YAML format, its validation, and the compiled [`Engine`].

mod compile;
mod engine;
mod error;
pub mod inflect;
pub mod model;
pub mod pattern;
mod recreate;
mod tool;
pub mod yaml;

pub use compile::{
    BUILTIN, LexiconSource, MAX_LEXICON_PHRASES, MAX_PHRASE_BYTES, MAX_REWRITE_BYTES, compile,
    did_you_mean,
};
pub use engine::{
    Applicability, BannedGroup, Engine, Examples, LexiconInfo, Negation, Pattern, RewriteRole,
    Role, RoleKind, RoleRewrites, Roles, Rule, RuleId, RuleKind, Sequence, SetId, Severity, Step,
    StepKind, TOOL_LEXICON, TermSet, ToolRules,
};
pub use error::{LexiconError, LexiconProblem};
pub use inflect::Form;
