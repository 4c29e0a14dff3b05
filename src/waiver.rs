//! Applies the waivers of `.copylint.yaml` to a finished run.
//!
//! A waiver covers the findings of one rule in the files its glob matches (and, when it
//! says so, only in the sentence it quotes or with the fingerprint it gives) until its
//! `expires` date, inclusive. A covered finding is kept, marked as suppressed (kind
//! `waiver`, with the reason, the approver and the date). A waiver past its date covers
//! nothing and is reported as a warning naming who approved it.

use std::path::Path;

use jiff::civil::Date;

use crate::config::{Settings, Waiver};
use crate::diagnostic::{Diagnostic, FileProblem, FileReport, Report};
use crate::lexicon::{Engine, RuleId, Severity};
use crate::suppress::Suppression;

/// Marks the findings of `report` that a waiver of `settings` covers on `today`, and adds
/// a warning about each expired waiver (under the config file's name). Call
/// [`Report::finish`] afterwards to count them.
pub fn apply(settings: &Settings, engine: &Engine, report: &mut Report, today: Date) {
    if settings.waivers.is_empty() {
        return;
    }
    let waivers: Vec<(&Waiver, Option<RuleId>)> = settings
        .waivers
        .iter()
        .map(|w| (w, engine.find_rule(&w.rule)))
        .collect();
    // Findings each expired waiver would have covered.
    let mut lapsed = vec![0usize; waivers.len()];
    for file in &mut report.files {
        let Some(relative) = settings.paths.relative(Path::new(&file.path)) else {
            continue;
        };
        let here: Vec<usize> = (0..waivers.len())
            .filter(|&i| waivers[i].0.covers_path(&relative))
            .collect();
        if here.is_empty() {
            continue;
        }
        for d in file
            .diagnostics
            .iter_mut()
            .filter(|d| d.suppressed.is_none())
        {
            for &i in &here {
                let (waiver, rule) = waivers[i];
                if rule != Some(d.rule) || !covers(waiver, d) {
                    continue;
                }
                if waiver.expires < today {
                    lapsed[i] += 1;
                    continue;
                }
                d.suppressed = Some(Suppression::waiver(
                    waiver.reason.clone(),
                    waiver.approved_by.clone(),
                    waiver.expires.to_string(),
                ));
                break;
            }
        }
    }
    let problems: Vec<FileProblem> = waivers
        .iter()
        .zip(&lapsed)
        .filter(|((w, _), _)| w.expires < today)
        .map(|((w, _), &count)| FileProblem {
            severity: Severity::Warning,
            message: expired_message(w, count),
        })
        .collect();
    if !problems.is_empty() {
        report.files.push(FileReport {
            path: settings
                .config_name()
                .unwrap_or(crate::config::FILE_NAME)
                .to_string(),
            problems,
            ..FileReport::default()
        });
    }
}

/// Whether `waiver`'s sentence or fingerprint (if it has one) matches `d`.
fn covers(waiver: &Waiver, d: &Diagnostic) -> bool {
    match (&waiver.sentence, &waiver.fingerprint) {
        (Some(text), _) => d.sentence_key.contains(text.as_str()),
        (None, Some(fingerprint)) => d.fingerprint == *fingerprint,
        (None, None) => true,
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
