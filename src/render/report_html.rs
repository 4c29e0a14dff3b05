//! `copylint report --html`: one self-contained page for people who audit a docs estate.
//!
//! The page holds everything it needs (CSS, JavaScript, SVG charts; nothing is fetched,
//! and its Content-Security-Policy forbids fetching): totals by severity and status,
//! notices (expired waivers and rules, files that could not be read), bar charts of the
//! findings by rule and by top-level folder, the worst files, the rules with their
//! provenance, and a table of every finding with filters by rule, folder, severity,
//! status and text.
//!
//! The table is drawn by the page's script from the findings embedded as JSON in a
//! `<script type="application/json">` element, one page of rows at a time, so a report of
//! a 20,000-file audit opens as fast as a small one. The rest is rendered here by askama
//! (`templates/report.html`), which escapes every value; the embedded JSON goes through
//! askama's `json` filter, which escapes `<`, `>`, `&` and `'`, so no document text can
//! close the script element; the script puts text into the page only as text nodes.
//!
//! Why one module of this size: the page's data (totals, charts, tables) is built here in
//! one pass over the report; the markup lives in `templates/`.

use std::path::{Path, PathBuf};

use askama::Template;
use serde::Serialize;

use super::tally::{Count, Folders, Tally};
use crate::config;
use crate::diagnostic::{Diagnostic, Report};
use crate::finding::SuppressionKind;
use crate::lexicon::{Engine, Severity};

/// Bars drawn in a chart; the filters reach the rest.
const MAX_BARS: usize = 20;
/// Files listed as the worst.
const WORST_FILES: usize = 10;
/// Problems listed in the notices; the CSV and JSON outputs have them all.
const MAX_NOTICES: usize = 50;

/// What the page says about the run besides its findings.
#[derive(Debug, Clone)]
pub struct ReportContext {
    /// The paths that were checked, as given.
    pub paths: Vec<String>,
    /// The date of the report (YYYY-MM-DD); rules past their expiry date are marked.
    pub today: jiff::civil::Date,
    /// The config file used, if any.
    pub config: Option<String>,
    /// The baseline file used, if any.
    pub baseline: Option<String>,
    /// How findings name their top-level folder.
    pub folders: Folders,
    /// Where links to files point.
    pub links: Links,
}

impl ReportContext {
    /// The context of a report on `paths` (as given on the command line), dated
    /// `today`, written to `page`, linking files under `link_base` when given.
    pub fn new(
        paths: &[PathBuf],
        today: jiff::civil::Date,
        config: Option<String>,
        baseline: Option<&Path>,
        link_base: Option<String>,
        page: &Path,
    ) -> ReportContext {
        let shown = |p: &PathBuf| crate::lint::display_path(p);
        ReportContext {
            paths: paths.iter().map(shown).collect(),
            today,
            config,
            baseline: baseline.map(|b| b.display().to_string()),
            folders: Folders::new(paths.iter().filter(|p| p.is_dir()).map(shown).collect()),
            links: match link_base {
                Some(base) => Links::Base(base),
                None => Links::Local {
                    page: page.to_path_buf(),
                },
            },
        }
    }
}

/// Where the page links a finding's file.
#[derive(Debug, Clone)]
pub enum Links {
    /// To the file on this machine, relative to the page.
    Local {
        /// Where the page is written (relative to the current folder, or absolute).
        page: PathBuf,
    },
    /// To this URL followed by the file's path and `#L<line>` (a code host's file view).
    Base(String),
}

/// The data the page's script draws the table from (kept compact: 20,000 files may hold
/// a hundred thousand findings).
#[derive(Serialize)]
struct Data<'a> {
    /// Prefix of every link (empty for local files).
    #[serde(rename = "linkBase")]
    link_base: &'a str,
    rules: Vec<DataRule<'a>>,
    folders: Vec<String>,
    files: Vec<DataFile>,
    /// `[file, line, column, location, rule, severity, before, matched, after,
    /// suggestion, status, note, fingerprint]`, in path order.
    findings: Vec<DataFinding<'a>>,
}

#[derive(Serialize)]
struct DataRule<'a> {
    id: &'a str,
    severity: &'static str,
}

#[derive(Serialize)]
struct DataFile {
    /// The path as shown.
    path: String,
    /// The link target: relative to the page (local) or to `linkBase`.
    href: String,
    /// Index into `folders`.
    folder: usize,
}

/// One finding as a JSON array (see [`Data::findings`]).
#[derive(Serialize)]
struct DataFinding<'a>(
    usize,
    usize,
    usize,
    Option<&'a str>,
    usize,
    u8,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    u8,
    String,
    &'a str,
);

/// A headline number.
struct Card {
    label: &'static str,
    value: usize,
    class: &'static str,
    hint: String,
}

/// A notice: something a person should look at besides the findings.
struct Notice {
    severity: &'static str,
    path: String,
    message: String,
}

/// A horizontal bar chart.
struct Chart {
    title: &'static str,
    /// The filter a bar sets (`rule`, `folder`).
    key: &'static str,
    bars: Vec<Bar>,
    /// Things with findings left out of the chart.
    more: usize,
    height: usize,
}

/// One bar: a label and its segments (coordinates in SVG units, as text).
struct Bar {
    label: String,
    value: String,
    /// Baseline of the label and count.
    text_y: usize,
    /// Top of the segments.
    bar_y: usize,
    segments: Vec<Segment>,
    /// Where the count is written, after the bar.
    count_x: String,
    total: usize,
    title: String,
}

struct Segment {
    x: String,
    width: String,
    class: &'static str,
}

struct WorstFile {
    path: String,
    /// The link's path part, not yet percent-encoded (the template does it); it follows
    /// the page's `link_base`.
    href: String,
    count: Count,
}

struct RuleRow {
    id: String,
    severity: &'static str,
    message: String,
    count: Count,
    source: String,
    owner: String,
    effective: String,
    expires: String,
    expired: bool,
    link: Option<String>,
}

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    version: &'static str,
    generated: String,
    paths: String,
    config: Option<&'a str>,
    baseline: Option<&'a str>,
    lexicons: String,
    cards: Vec<Card>,
    notices: Vec<Notice>,
    more_notices: usize,
    charts: Vec<Chart>,
    worst: Vec<WorstFile>,
    rules: Vec<RuleRow>,
    total: usize,
    data: Data<'a>,
    link_base: &'a str,
    nonce: String,
    css: &'static str,
    script: &'static str,
}

/// Where bars start (labels are right-aligned before it), in SVG units.
const BAR_X: f64 = 350.0;
/// Width of the bar area of a chart (the count is written after it).
const CHART_WIDTH: f64 = 560.0;
/// Longest bar label, in characters.
const LABEL_CHARS: usize = 44;
/// Height of one bar row.
const BAR_ROW: usize = 24;

/// Writes the HTML report of `report`.
pub fn render(
    report: &Report,
    engine: &Engine,
    context: &ReportContext,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let tally = Tally::new(report, &context.folders);
    let link_base = match &context.links {
        Links::Base(base) => base.as_str(),
        Links::Local { .. } => "",
    };
    let page_folder = match &context.links {
        Links::Local { page } => config::absolute(page)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        Links::Base(_) => PathBuf::new(),
    };
    let href = |path: &str| match &context.links {
        Links::Local { .. } => relative_link(path, &page_folder),
        Links::Base(_) => path.trim_start_matches("./").to_string(),
    };
    let s = &report.summary;
    let cards = vec![
        card("files checked", s.files, "files", "read and checked".into()),
        card(
            "errors",
            s.errors,
            "error",
            "open findings at error level".into(),
        ),
        card(
            "warnings",
            s.warnings,
            "warning",
            "open findings at warning level".into(),
        ),
        card(
            "notes",
            s.notes,
            "note",
            "open findings at note level".into(),
        ),
        card(
            "baselined",
            s.baselined,
            "accepted",
            match &context.baseline {
                Some(b) => format!("recorded in {b}"),
                None => "no baseline given".into(),
            },
        ),
        card("waived", s.waived, "accepted", "covered by a waiver".into()),
        card(
            "suppressed by comments",
            s.suppressed - s.baselined - s.waived,
            "accepted",
            "copylint-disable comments".into(),
        ),
    ];

    let mut notices: Vec<Notice> = report
        .problems()
        .map(|(path, severity, message)| Notice {
            severity: severity.as_str(),
            path: path.to_string(),
            message: message.to_string(),
        })
        .collect();
    // Warnings about the run (expired waivers and rules) and errors first.
    notices.sort_by_key(|n| match n.severity {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    });
    let more_notices = notices.len().saturating_sub(MAX_NOTICES);
    notices.truncate(MAX_NOTICES);

    let rule_chart = chart(
        "By rule",
        "rule",
        tally
            .rules
            .iter()
            .map(|(_, id, count)| (id.clone(), count))
            .collect(),
    );
    let folder_chart = chart(
        "By top-level folder",
        "folder",
        tally.folders.iter().map(|(f, c)| (f.clone(), c)).collect(),
    );
    let worst = tally
        .files
        .iter()
        .filter(|(_, c)| c.active() > 0)
        .take(WORST_FILES)
        .map(|(path, count)| WorstFile {
            path: path.clone(),
            href: href(path),
            count: count.clone(),
        })
        .collect();
    let today = context.today;
    let rules = tally
        .rules
        .iter()
        .map(|(rule, id, count)| {
            let r = &engine.rules[*rule];
            let p = &r.provenance;
            let expires = p.expires.map(|d| d.to_string()).unwrap_or_default();
            RuleRow {
                id: id.clone(),
                severity: r.severity.as_str(),
                message: super::rule_text::summary(engine, r),
                count: count.clone(),
                source: p.source.clone().unwrap_or_default(),
                owner: p.owner.clone().unwrap_or_default(),
                effective: p.effective.map(|d| d.to_string()).unwrap_or_default(),
                expired: p.expires.is_some_and(|d| d < today),
                expires,
                // Only web links: a lexicon is not trusted to run script in the page.
                link: p
                    .link
                    .clone()
                    .filter(|l| l.starts_with("https://") || l.starts_with("http://")),
            }
        })
        .collect();

    let data = data(report, engine, &tally, context, link_base, &href);
    let page = Page {
        version: env!("CARGO_PKG_VERSION"),
        generated: today.to_string(),
        paths: context.paths.join(", "),
        config: context.config.as_deref(),
        baseline: context.baseline.as_deref(),
        lexicons: engine
            .lexicons
            .iter()
            .filter(|l| l.name != crate::lexicon::TOOL_LEXICON)
            .map(|l| l.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        cards,
        notices,
        more_notices,
        charts: vec![rule_chart, folder_chart],
        worst,
        rules,
        total: tally.all.total(),
        data,
        link_base,
        nonce: nonce(),
        css: include_str!("../../templates/report.css"),
        script: include_str!("../../templates/report.js"),
    };
    page.write_into(out)
}

fn card(label: &'static str, value: usize, class: &'static str, hint: String) -> Card {
    Card {
        label,
        value,
        class,
        hint,
    }
}

/// A bar chart of `items` (name, count), the longest bar the largest total.
fn chart(title: &'static str, key: &'static str, items: Vec<(String, &Count)>) -> Chart {
    let more = items.len().saturating_sub(MAX_BARS);
    let items = &items[..items.len().min(MAX_BARS)];
    let max = items
        .iter()
        .map(|(_, c)| c.total())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let bars = items
        .iter()
        .enumerate()
        .map(|(i, (name, c))| {
            let mut x = BAR_X;
            let mut segments = Vec::new();
            for (n, class) in [
                (c.errors, "error"),
                (c.warnings, "warning"),
                (c.notes, "note"),
                (c.accepted, "accepted"),
            ] {
                if n > 0 {
                    let width = (n as f64 / max * CHART_WIDTH).max(1.0);
                    segments.push(Segment {
                        x: format!("{x:.1}"),
                        width: format!("{width:.1}"),
                        class,
                    });
                    x += width;
                }
            }
            Bar {
                label: shorten(name, LABEL_CHARS),
                value: name.clone(),
                text_y: i * BAR_ROW + 16,
                bar_y: i * BAR_ROW + 4,
                segments,
                count_x: format!("{:.1}", x + 6.0),
                total: c.total(),
                title: format!(
                    "{name}: {}, {}, {} open; {} accepted",
                    plural(c.errors, "error"),
                    plural(c.warnings, "warning"),
                    plural(c.notes, "note"),
                    c.accepted
                ),
            }
        })
        .collect::<Vec<_>>();
    Chart {
        title,
        key,
        height: bars.len() * BAR_ROW,
        bars,
        more,
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `text` cut to `chars` characters, with an ellipsis when cut.
fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(chars - 1).collect();
    format!("{cut}…")
}

fn data<'a>(
    report: &'a Report,
    engine: &'a Engine,
    tally: &Tally,
    context: &ReportContext,
    link_base: &'a str,
    href: &dyn Fn(&str) -> String,
) -> Data<'a> {
    let folders: Vec<String> = tally.folders.iter().map(|(f, _)| f.clone()).collect();
    let mut rules: Vec<DataRule> = Vec::new();
    let mut rule_index = vec![usize::MAX; engine.rules.len()];
    let mut files = Vec::new();
    let mut findings = Vec::new();
    for file in report.files.iter().filter(|f| !f.diagnostics.is_empty()) {
        let folder_name = context.folders.of(&file.path);
        let folder = folders
            .iter()
            .position(|f| *f == folder_name)
            .unwrap_or_default();
        let index = files.len();
        files.push(DataFile {
            path: file.path.clone(),
            href: href(&file.path),
            folder,
        });
        for d in &file.diagnostics {
            if rule_index[d.rule] == usize::MAX {
                rule_index[d.rule] = rules.len();
                rules.push(DataRule {
                    id: &d.rule_id,
                    severity: engine.rules[d.rule].severity.as_str(),
                });
            }
            findings.push(finding(index, rule_index[d.rule], d));
        }
    }
    Data {
        link_base,
        rules,
        folders,
        files,
        findings,
    }
}

fn finding(file: usize, rule: usize, d: &Diagnostic) -> DataFinding<'_> {
    let at = &d.sentence_match;
    let sentence = &d.sentence;
    let (before, matched, after) = match (sentence.get(..at.start), sentence.get(at.clone())) {
        (Some(before), Some(matched)) if !matched.is_empty() => {
            (before, matched, &sentence[at.end..])
        }
        // Nothing to highlight in the sentence (a finding about a comment): the whole
        // text, unmarked.
        _ => (sentence.as_str(), "", ""),
    };
    let (status, note) = match &d.suppressed {
        None => (0, String::new()),
        Some(s) => {
            let mut note = s.reason.clone().unwrap_or_default();
            if let Some(who) = &s.approved_by {
                note.push_str(&format!(" (approved by {who}"));
                if let Some(until) = &s.expires {
                    note.push_str(&format!(", until {until}"));
                }
                note.push(')');
            }
            let status = match s.kind {
                SuppressionKind::Baseline => 1,
                SuppressionKind::Waiver => 2,
                SuppressionKind::Inline => 3,
            };
            (status, note.trim().to_string())
        }
    };
    DataFinding(
        file,
        d.start.line,
        d.start.column,
        d.location.as_ref().map(|l| l.name.as_str()),
        rule,
        match d.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Note => 2,
        },
        before,
        matched,
        after,
        d.suggestions.first().map_or("", |s| s.replacement.as_str()),
        status,
        note,
        &d.fingerprint,
    )
}

/// The path of `path` (as shown in the report) relative to `folder`, with `/`, for a
/// link from a page in `folder`. The page's script percent-encodes it.
fn relative_link(path: &str, folder: &Path) -> String {
    let absolute = config::absolute(Path::new(path));
    let relative = pathdiff::diff_paths(&absolute, folder).unwrap_or(absolute);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A fresh nonce for the page's Content-Security-Policy: only the page's own script
/// runs, even if some text were to slip past the escaping.
fn nonce() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut out = String::new();
    for part in 0..2u8 {
        // RandomState is seeded from the operating system's randomness.
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u8(part);
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        out.push_str(&format!("{:016x}", hasher.finish()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_to_the_page() {
        let cwd = config::absolute(Path::new("."));
        assert_eq!(relative_link("docs/a b.md", &cwd), "docs/a b.md");
        assert_eq!(relative_link("docs/a.md", &cwd.join("out")), "../docs/a.md");
    }

    #[test]
    fn nonces_differ() {
        let (a, b) = (nonce(), nonce());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
