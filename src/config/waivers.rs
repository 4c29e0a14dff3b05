//! Waivers: findings someone accepted, checked as written (globs, dates, fingerprints,
//! who and why) into [`Waiver`]s that match findings' paths.

use std::path::Path;

use globset::GlobMatcher;

use super::paths::{glob, in_or_under};
use super::schema::WaiverDef;
use super::{ConfigProblem, key, located, value_problem};
use crate::fingerprint;
use crate::lexicon::yaml::PathStep;

/// A waiver, checked: see [`WaiverDef`].
#[derive(Debug, Clone)]
pub struct Waiver {
    /// Its place in the config file's `waivers` list, from 1 (for messages).
    pub number: usize,
    /// The path glob as written.
    pub path: String,
    glob: GlobMatcher,
    /// The rule as written.
    pub rule: String,
    /// The sentence text it is limited to, normalised (see
    /// [`crate::fingerprint::quote_key`]).
    pub sentence: Option<String>,
    /// The fingerprint it is limited to.
    pub fingerprint: Option<String>,
    /// Why the wording is accepted.
    pub reason: String,
    /// Who accepted it.
    pub approved_by: String,
    /// The last day it applies.
    pub expires: jiff::civil::Date,
}

impl Waiver {
    /// Whether the file at `relative` (relative to the config file's folder, see
    /// [`PathFilter::relative`](super::PathFilter::relative)), or a folder it is in,
    /// matches the waiver's glob.
    pub fn covers_path(&self, relative: &Path) -> bool {
        in_or_under(relative, |p| self.glob.is_match(p))
    }
}

/// Checks the waivers as written: globs, dates, fingerprints, and that each says why and
/// who. Rule ids are checked against the lexicons by
/// [`Settings::compile`](super::Settings::compile).
pub(super) fn parse(
    defs: &[WaiverDef],
    source: &Option<(String, String)>,
    problems: &mut Vec<ConfigProblem>,
) -> Vec<Waiver> {
    let mut out = Vec::new();
    for (i, def) in defs.iter().enumerate() {
        let at = |field: &str| [key("waivers"), PathStep::Index(i), key(field)];
        let before = problems.len();
        let glob = match glob(&def.path) {
            Ok(glob) => Some(glob.compile_matcher()),
            Err(err) => {
                problems.push(value_problem(
                    source,
                    &at("path"),
                    format!("invalid glob `{}`: {}", def.path, err.kind()),
                ));
                None
            }
        };
        let expires = match def.expires.trim().parse::<jiff::civil::Date>() {
            Ok(date) => Some(date),
            Err(_) => {
                problems.push(value_problem(
                    source,
                    &at("expires"),
                    format!("`expires: {}` is not a date (YYYY-MM-DD)", def.expires),
                ));
                None
            }
        };
        for (field, value) in [("reason", &def.reason), ("approved-by", &def.approved_by)] {
            if value.trim().is_empty() {
                problems.push(value_problem(
                    source,
                    &at(field),
                    format!("a waiver needs a non-empty `{field}`"),
                ));
            }
        }
        let sentence = def.sentence.as_deref().map(fingerprint::quote_key);
        if sentence.as_deref() == Some("") {
            problems.push(value_problem(
                source,
                &at("sentence"),
                "`sentence` is empty: quote the text of the sentence the waiver is for".into(),
            ));
        }
        let fingerprint = def
            .fingerprint
            .as_deref()
            .map(str::trim)
            .map(str::to_string);
        if let Some(f) = &fingerprint
            && !fingerprint::is_fingerprint(f)
        {
            problems.push(
                    value_problem(
                        source,
                        &at("fingerprint"),
                        format!("`{f}` is not a fingerprint"),
                    )
                    .with_help(
                        "a fingerprint is 16 hex digits, as `fingerprint` in `copylint check --format json` or the report shows it",
                    ),
                );
        }
        if sentence.is_some() && fingerprint.is_some() {
            problems.push(located(
                source,
                &at("fingerprint"),
                "a waiver takes `sentence` or `fingerprint`, not both".into(),
            ));
        }
        if let (Some(glob), Some(expires), true) = (glob, expires, problems.len() == before) {
            out.push(Waiver {
                number: i + 1,
                path: def.path.clone(),
                glob,
                rule: def.rule.trim().to_string(),
                sentence,
                fingerprint,
                reason: def.reason.trim().to_string(),
                approved_by: def.approved_by.trim().to_string(),
                expires,
            });
        }
    }
    out
}
