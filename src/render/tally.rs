//! Counts over a finished report that several renderers show: findings per rule, per
//! top-level folder and per file. Nothing here searches; it only adds up diagnostics.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Report};
use crate::lexicon::{Applicability, RuleId, Severity};

/// Findings of one kind of thing (a rule, a folder, a file), split as people read them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Count {
    /// Error-level findings that are not suppressed.
    pub errors: usize,
    /// Warning-level findings that are not suppressed.
    pub warnings: usize,
    /// Note-level findings that are not suppressed.
    pub notes: usize,
    /// Findings suppressed by a comment, the baseline or a waiver.
    pub accepted: usize,
    /// Findings not suppressed whose first rewrite `--fix` applies.
    pub fixable: usize,
}

impl Count {
    /// Findings that are not suppressed.
    pub fn active(&self) -> usize {
        self.errors + self.warnings + self.notes
    }

    /// Every finding.
    pub fn total(&self) -> usize {
        self.active() + self.accepted
    }

    fn add(&mut self, d: &Diagnostic) {
        if d.suppressed.is_some() {
            self.accepted += 1;
            return;
        }
        match d.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Note => self.notes += 1,
        }
        if d.suggestions
            .first()
            .is_some_and(|s| s.applicability == Applicability::Safe)
        {
            self.fixable += 1;
        }
    }

    /// Sort order, worst first: errors, then warnings, notes, then everything.
    fn rank(&self) -> (usize, usize, usize, usize) {
        (self.errors, self.warnings, self.notes, self.total())
    }
}

/// Names the top-level folder of a finding's path: the first folder below the folder
/// that was checked (`docs/guides/a.md` checked as `docs` is in `guides`).
#[derive(Debug, Clone, Default)]
pub struct Folders {
    roots: Vec<String>,
}

/// The name of the files right inside a folder that was checked.
pub const TOP_LEVEL: &str = "(top level)";

impl Folders {
    /// For a run over `roots` (the folders named on the command line, as displayed).
    pub fn new(roots: Vec<String>) -> Folders {
        let mut roots: Vec<String> = roots
            .into_iter()
            .map(|r| r.trim_end_matches('/').to_string())
            .collect();
        // The longest first, so that nested roots win.
        roots.sort_by_key(|r| std::cmp::Reverse(r.len()));
        Folders { roots }
    }

    /// The top-level folder of `path`.
    pub fn of(&self, path: &str) -> String {
        let several = self.roots.len() > 1;
        for root in &self.roots {
            let rest = if root.is_empty() || root == "." {
                Some(path)
            } else {
                path.strip_prefix(root.as_str())
                    .and_then(|r| r.strip_prefix('/'))
            };
            if let Some(rest) = rest {
                return match (rest.split_once('/'), several) {
                    (Some((first, _)), false) => first.to_string(),
                    (Some((first, _)), true) => format!("{root}/{first}"),
                    (None, false) => TOP_LEVEL.to_string(),
                    (None, true) => root.clone(),
                };
            }
        }
        // A file named on its own: its folder.
        match path.rsplit_once('/') {
            Some((folder, _)) => folder.to_string(),
            None => TOP_LEVEL.to_string(),
        }
    }
}

/// Findings counted per rule, per folder and per file.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// Every rule with a finding, worst first, then by id.
    pub rules: Vec<(RuleId, String, Count)>,
    /// Every top-level folder with a finding, worst first, then by name.
    pub folders: Vec<(String, Count)>,
    /// Every file with a finding, worst first, then by path.
    pub files: Vec<(String, Count)>,
    /// All findings.
    pub all: Count,
}

impl Tally {
    /// Counts the findings of `report`, with top-level folders named by `folders`.
    pub fn new(report: &Report, folders: &Folders) -> Tally {
        let mut rules: HashMap<RuleId, (String, Count)> = HashMap::new();
        let mut by_folder: HashMap<String, Count> = HashMap::new();
        let mut files = Vec::new();
        let mut all = Count::default();
        for file in &report.files {
            if file.diagnostics.is_empty() {
                continue;
            }
            let mut count = Count::default();
            let folder = by_folder.entry(folders.of(&file.path)).or_default();
            for d in &file.diagnostics {
                count.add(d);
                folder.add(d);
                all.add(d);
                rules
                    .entry(d.rule)
                    .or_insert_with(|| (d.rule_id.clone(), Count::default()))
                    .1
                    .add(d);
            }
            files.push((file.path.clone(), count));
        }
        let mut rules: Vec<(RuleId, String, Count)> =
            rules.into_iter().map(|(r, (id, c))| (r, id, c)).collect();
        rules.sort_by(|a, b| b.2.rank().cmp(&a.2.rank()).then_with(|| a.1.cmp(&b.1)));
        let mut folders: Vec<(String, Count)> = by_folder.into_iter().collect();
        folders.sort_by(|a, b| b.1.rank().cmp(&a.1.rank()).then_with(|| a.0.cmp(&b.0)));
        files.sort_by(|a, b| b.1.rank().cmp(&a.1.rank()).then_with(|| a.0.cmp(&b.0)));
        Tally {
            rules,
            folders,
            files,
            all,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_named_below_the_folder_checked() {
        let one = Folders::new(vec!["../corpus/real/".into()]);
        assert_eq!(one.of("../corpus/real/cookbook/a/b.md"), "cookbook");
        assert_eq!(one.of("../corpus/real/top.md"), TOP_LEVEL);
        assert_eq!(one.of("elsewhere/named.md"), "elsewhere");
        let here = Folders::new(vec![".".into()]);
        assert_eq!(here.of("docs/a.md"), "docs");
        assert_eq!(here.of("a.md"), TOP_LEVEL);
        let two = Folders::new(vec!["docs".into(), "blog".into()]);
        assert_eq!(two.of("docs/guides/a.md"), "docs/guides");
        assert_eq!(two.of("blog/a.md"), "blog");
        assert_eq!(two.of("docsx/a.md"), "docsx");
    }
}
