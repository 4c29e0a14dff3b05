//! Rules past their `expires` date: the policy they implement may have changed, so a
//! person should look at them. Each run warns once per lexicon and date, naming the
//! rules, the source and the owner; the rules keep working.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::diagnostic::Notice;
use crate::lexicon::{Engine, Severity};

/// A warning for each group of enabled rules (one lexicon, one date) whose `expires` date
/// is before `today`, filed under the lexicon's origin (its path, or `builtin:NAME`).
pub fn expired_rules(engine: &Engine, today: Date) -> Vec<Notice> {
    // (lexicon, date, source, owner) → rule ids, in rule order.
    type Group<'a> = (usize, Date, Option<&'a str>, Option<&'a str>);
    let mut groups: BTreeMap<Group, Vec<usize>> = BTreeMap::new();
    for (id, rule) in engine.rules.iter().enumerate() {
        if !rule.enabled || engine.is_tool_rule(id) {
            continue;
        }
        let Some(date) = rule.provenance.expires else {
            continue;
        };
        if date < today {
            let p = &rule.provenance;
            groups
                .entry((rule.lexicon, date, p.source.as_deref(), p.owner.as_deref()))
                .or_default()
                .push(id);
        }
    }
    let mut notices = Vec::new();
    for ((lexicon, date, source, owner), rules) in groups {
        let names: Vec<&str> = rules.iter().map(|&r| engine.rules[r].id.as_str()).collect();
        let one = names.len() == 1;
        let mut message = format!(
            "{} {} {} past {} expiry date, {date}, and need{} review",
            if one { "rule" } else { "rules" },
            names.join(", "),
            if one { "is" } else { "are" },
            if one { "its" } else { "their" },
            if one { "s" } else { "" },
        );
        if let Some(source) = source {
            message.push_str(&format!("; source: {source}"));
        }
        if let Some(owner) = owner {
            message.push_str(&format!("; owner: {owner}"));
        }
        message.push_str(if one {
            " (it still applies)"
        } else {
            " (they still apply)"
        });
        notices.push(Notice {
            source: engine.lexicons[lexicon].origin.clone(),
            severity: Severity::Warning,
            message,
        });
    }
    notices.sort_by(|a, b| a.source.cmp(&b.source));
    notices
}

/// `COPYLINT_TODAY` is not a date.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("COPYLINT_TODAY=`{0}` is not a date (YYYY-MM-DD)")]
pub struct BadToday(String);

/// The date expiry dates are compared with: `COPYLINT_TODAY` (YYYY-MM-DD, for tests)
/// when set, else today in UTC. (The local time zone would be a few hours closer, but
/// finding it makes jiff scan the whole time zone database: a millisecond on every run,
/// a third of the time a pre-commit hook on one file takes.)
pub fn today() -> Result<Date, BadToday> {
    match std::env::var("COPYLINT_TODAY") {
        Ok(text) => text.trim().parse().map_err(|_| BadToday(text)),
        Err(_) => Ok(jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date()),
    }
}
