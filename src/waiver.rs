//! Applies the waivers of `.copylint.yaml`.
//!
//! A waiver covers the findings of one rule in the files its glob matches (and, when it
//! says so, only in the sentence it quotes or with the fingerprint it gives) until its
//! `expires` date, inclusive. A covered finding is kept, marked as suppressed (kind
//! `waiver`, with the reason, the approver and the date), and `--fix` leaves its wording
//! alone: someone approved it. A waiver past its date covers nothing and is reported as a
//! warning naming who approved it.

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Date;

use crate::config::{FILE_NAME, PathFilter, Settings, Waiver};
use crate::diagnostic::Notice;
use crate::finding::Finding;
use crate::finding::Suppression;
use crate::fingerprint;
use crate::lexicon::{Engine, RuleId, Severity};

/// The waivers of a config file, ready to match findings on a given day.
#[derive(Debug, Clone, Default)]
pub struct Waivers {
    waivers: Vec<(Waiver, Option<RuleId>, bool)>,
    paths: PathFilter,
    config: String,
}

/// What the waivers say about one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cover {
    /// No waiver covers it.
    None,
    /// A waiver in force covers it: the suppression it gets.
    By(Suppression),
    /// Only expired waivers (these indexes) would have.
    Lapsed(Vec<usize>),
}

impl Waivers {
    /// The waivers of `settings`, their rules looked up in `engine`, in force or not on
    /// `today`.
    pub fn new(settings: &Settings, engine: &Engine, today: Date) -> Waivers {
        Waivers {
            waivers: settings
                .waivers
                .iter()
                .map(|w| (w.clone(), engine.find_rule(&w.rule), w.expires < today))
                .collect(),
            paths: settings.paths.clone(),
            config: settings.config_name().unwrap_or(FILE_NAME).to_string(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.waivers.is_empty()
    }

    /// Which waiver covers a finding of `rule` in `path` (as shown), in a sentence with
    /// key `key` and fingerprint `print`.
    pub fn cover(&self, path: &str, rule: RuleId, key: &str, print: &str) -> Cover {
        let Some(relative) = self.paths.relative(Path::new(path)) else {
            return Cover::None;
        };
        let mut lapsed = Vec::new();
        for (i, (waiver, waived_rule, expired)) in self.waivers.iter().enumerate() {
            let matches = *waived_rule == Some(rule)
                && waiver.covers_path(&relative)
                && match (&waiver.sentence, &waiver.fingerprint) {
                    (Some(text), _) => key.contains(text.as_str()),
                    (None, Some(fingerprint)) => print == fingerprint,
                    (None, None) => true,
                };
            if !matches {
                continue;
            }
            if !expired {
                return Cover::By(Suppression::waiver(
                    waiver.reason.clone(),
                    waiver.approved_by.clone(),
                    waiver.expires,
                ));
            }
            lapsed.push(i);
        }
        if lapsed.is_empty() {
            Cover::None
        } else {
            Cover::Lapsed(lapsed)
        }
    }

    /// Whether `--fix` may rewrite `finding` of the file `path` (as shown): not when a
    /// waiver in force covers it.
    pub fn may_fix(&self, engine: &Engine, path: &str, finding: &Finding) -> bool {
        if self.waivers.is_empty() {
            return true;
        }
        let print = fingerprint::fingerprint(&engine.rules[finding.rule].id, &finding.sentence_key);
        !matches!(
            self.cover(path, finding.rule, &finding.sentence_key, &print),
            Cover::By(_)
        )
    }

    /// A warning for each expired waiver, saying how many findings (`lapsed`: by waiver
    /// index) it would have covered, filed under the config file.
    pub fn expired_notices(&self, lapsed: &HashMap<usize, usize>) -> Vec<Notice> {
        self.waivers
            .iter()
            .enumerate()
            .filter(|(_, (_, _, expired))| *expired)
            .map(|(i, (w, _, _))| Notice {
                source: self.config.clone(),
                severity: Severity::Warning,
                message: expired_message(w, lapsed.get(&i).copied().unwrap_or(0)),
            })
            .collect()
    }
}

fn expired_message(w: &Waiver, count: usize) -> String {
    let mut message = format!(
        "waiver {} ({} in `{}`, approved by {}) is past its expiry date, {}, and no longer applies",
        w.number, w.rule, w.path, w.approved_by, w.expires
    );
    match count {
        0 => {}
        1 => message.push_str("; the finding it covered is reported again"),
        n => message.push_str(&format!("; the {n} findings it covered are reported again")),
    }
    message.push_str(&format!(
        ": ask {} to renew it, or fix the wording",
        w.approved_by
    ));
    message
}
