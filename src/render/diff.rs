//! `--diff`: the unified diff of every file's safe rewrites, as `patch -p0` and
//! `git apply -p0` read it. Drawn by the `similar` crate.

use std::io::{self, Write};

use similar::TextDiff;

use crate::diagnostic::Report;

/// Writes the diff of each file that has rewrites, in path order.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        let Some(diff) = &file.diff else { continue };
        let text = TextDiff::from_lines(&diff.original, &diff.fixed);
        write!(
            out,
            "{}",
            text.unified_diff()
                .context_radius(3)
                .header(&file.path, &file.path)
        )?;
    }
    Ok(())
}

/// The line that sums up `--fix` or `--diff`: "fixed 3 findings in 2 files".
pub fn summary_line(fixed: usize, files: usize, applied: bool) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if fixed == 0 {
        return "nothing to fix".to_string();
    }
    format!(
        "{} {} in {}",
        if applied { "fixed" } else { "would fix" },
        plural(fixed, "finding"),
        plural(files, "file")
    )
}
