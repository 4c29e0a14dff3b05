//! `--format sarif`: one SARIF 2.1.0 log, as GitHub code scanning and other viewers read
//! it. The typed model is the `serde-sarif` crate's (generated from the official schema).
//!
//! - `tool.driver.rules` lists every rule of every loaded lexicon (id, name, short and full
//!   description, help), so a viewer can explain a rule that did not fire this time.
//! - Each finding is a `result` with its rule, level, message and one physical location:
//!   a region with 1-based lines and columns (columns in UTF-16 code units, the SARIF
//!   default, declared in `columnKind`) plus the byte offset and length.
//! - Each suggested rewrite is a `fix` that replaces the region's bytes.
//! - A finding suppressed by a comment is kept, with an `inSource` suppression (and its
//!   reason as the justification), which viewers show as dismissed.
//! - A finding in a Word or PowerPoint file has no region (its positions are not the
//!   file's bytes) and no fixes; the location's message names the place (`slide 7`).
//! - Files copylint could not check are `toolExecutionNotifications` of the invocation.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::Path;

use serde_sarif::sarif::{
    ArtifactChange, ArtifactContent, ArtifactLocation, Fix, Invocation, Location, Message,
    MultiformatMessageString, Notification, PhysicalLocation, Region, ReportingConfiguration,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif, Suppression, Tool,
    ToolComponent,
};

use super::rule_text;
use crate::diagnostic::{Diagnostic, Report};
use crate::lexicon::{Applicability, Engine, Rule, Severity};

/// Where the SARIF 2.1.0 schema lives, as `$schema` names it.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Writes `report` as one SARIF log and a newline.
pub fn render(report: &Report, engine: &Engine, out: &mut dyn Write) -> io::Result<()> {
    let mut results: Vec<SarifResult> = Vec::new();
    for file in &report.files {
        // The how-manieth finding with this fingerprint in the file, as the baseline
        // counts them: code scanning tells the same sentence's two findings apart.
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for d in &file.diagnostics {
            let occurrence = seen.entry(d.fingerprint.as_str()).or_insert(0);
            let mut result = result(&file.path, d);
            result.partial_fingerprints = Some(BTreeMap::from([(
                "copylint/v1".to_string(),
                format!("{}:{occurrence}", d.fingerprint),
            )]));
            *occurrence += 1;
            results.push(result);
        }
    }
    let notifications: Vec<Notification> = report
        .problems()
        .map(|(path, severity, message)| {
            Notification::builder()
                .level(serde_json::Value::from(level_name(severity)))
                .message(text(format!("{path}: {message}")))
                .locations(vec![location(path, None)])
                .build()
        })
        .collect();
    let driver = ToolComponent::builder()
        .name("copylint")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(
            engine
                .rules
                .iter()
                .map(|r| descriptor(engine, r))
                .collect::<Vec<_>>(),
        )
        .build();
    let invocation = Invocation::builder()
        .execution_successful(report.summary.failures == 0)
        .tool_execution_notifications(notifications)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .invocations(vec![invocation])
        .column_kind(serde_json::Value::from("utf16CodeUnits"))
        .build();
    let log = Sarif::builder()
        .schema(SCHEMA)
        .version(serde_json::Value::from("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_writer(&mut *out, &log).map_err(io::Error::from)?;
    writeln!(out)
}

/// The descriptor of one rule.
fn descriptor(engine: &Engine, rule: &Rule) -> ReportingDescriptor {
    let short = rule_text::summary(engine, rule);
    let full = rule.rationale.clone().unwrap_or_else(|| short.clone());
    let mut help = full.clone();
    let rewrites: Vec<String> = rule_text::suggested_wording(engine, rule)
        .iter()
        .map(|r| format!("“{r}”"))
        .collect();
    if !rewrites.is_empty() {
        help.push_str(&format!(
            "\n\nSuggested wording, chosen to fit each sentence: {}.",
            rewrites.join(", ")
        ));
    }
    help.push_str(&format!(
        "\n\n`copylint explain {}` shows the rule with examples.",
        rule.id
    ));
    let mut descriptor = ReportingDescriptor::builder()
        .id(rule.id.as_str())
        .name(rule.local_id.as_str())
        .short_description(plain(short))
        .full_description(plain(full))
        .help(plain(help))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::Value::from(level_name(rule.severity)))
                .build(),
        )
        .build();
    descriptor.help_uri = rule.provenance.link.clone();
    descriptor
}

/// One result.
fn result(path: &str, d: &Diagnostic) -> SarifResult {
    let located = d.location.is_some();
    let fixes: Vec<Fix> = d
        .suggestions
        .iter()
        .map(|s| {
            let safety = match s.applicability {
                Applicability::Safe => "safe",
                Applicability::Unsafe => "review before applying",
            };
            Fix::builder()
                .description(text(format!(
                    "Replace “{}” with “{}” ({safety})",
                    d.matched, s.replacement
                )))
                .artifact_changes(vec![
                    ArtifactChange::builder()
                        .artifact_location(artifact(path))
                        // The rewrite's own edits, which keep the markup around the
                        // phrase; byte regions, since they need not start a column.
                        .replacements(
                            s.edits
                                .iter()
                                .map(|e| {
                                    serde_sarif::sarif::Replacement::builder()
                                        .deleted_region(edit_region(d, &e.span))
                                        .inserted_content(
                                            ArtifactContent::builder()
                                                .text(e.replacement.as_str())
                                                .build(),
                                        )
                                        .build()
                                })
                                .collect::<Vec<_>>(),
                        )
                        .build(),
                ])
                .build()
        })
        .collect();
    let mut result = SarifResult::builder()
        .rule_id(d.rule_id.as_str())
        .rule_index(d.rule as i64)
        .level(match d.severity {
            Severity::Error => ResultLevel::Error,
            Severity::Warning => ResultLevel::Warning,
            Severity::Note => ResultLevel::Note,
        })
        .message(text(d.message.clone()))
        .build();
    let mut place = location(path, (!located).then(|| region(d)));
    if let Some(location) = &d.location {
        place.message = Some(text(location.name.clone()));
    }
    result.locations = Some(vec![place]);
    if !fixes.is_empty() && !located {
        result.fixes = Some(fixes);
    }
    if let Some(suppressed) = &d.suppressed {
        // Comments in the file are `inSource`; baselines and config waivers are `external`.
        let mut suppression = Suppression::builder()
            .kind(serde_json::Value::from(suppressed.kind.sarif_kind()))
            .build();
        suppression.justification = suppressed.reason.clone();
        result.suppressions = Some(vec![suppression]);
    }
    result
}

/// The region of a diagnostic: lines and UTF-16 columns, 1-based, plus its bytes.
fn region(d: &Diagnostic) -> Region {
    Region::builder()
        .start_line(d.start.line as i64)
        .start_column(d.start.utf16 as i64 + 1)
        .end_line(d.end.line as i64)
        .end_column(d.end.utf16 as i64 + 1)
        .byte_offset(d.span.start as i64)
        .byte_length((d.span.end - d.span.start) as i64)
        .build()
}

/// The region an edit deletes: its bytes, and its lines and UTF-16 columns when the
/// excerpt shows them.
fn edit_region(d: &Diagnostic, span: &std::ops::Range<usize>) -> Region {
    let mut region = Region::builder()
        .byte_offset(span.start as i64)
        .byte_length((span.end - span.start) as i64)
        .build();
    if let (Some(start), Some(end)) = (d.excerpt.position(span.start), d.excerpt.position(span.end))
    {
        region.start_line = Some(start.0 as i64);
        region.start_column = Some(start.1 as i64 + 1);
        region.end_line = Some(end.0 as i64);
        region.end_column = Some(end.1 as i64 + 1);
    }
    region
}

fn location(path: &str, region: Option<Region>) -> Location {
    let mut physical = PhysicalLocation::builder()
        .artifact_location(artifact(path))
        .build();
    physical.region = region;
    Location::builder().physical_location(physical).build()
}

/// The artifact of `path`: a relative URI reference when the path is relative (SARIF
/// viewers resolve it against the checkout), a `file://` URI when it is absolute.
fn artifact(path: &str) -> ArtifactLocation {
    let uri = crate::uri::relative_uri(Path::new(path)).unwrap_or_else(|| path.to_string());
    ArtifactLocation::builder().uri(uri).build()
}

fn text(text: String) -> Message {
    Message::builder().text(text).build()
}

fn plain(text: String) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text).build()
}

/// SARIF's name for a severity (`note`, `warning`, `error`).
fn level_name(severity: Severity) -> &'static str {
    severity.as_str()
}
