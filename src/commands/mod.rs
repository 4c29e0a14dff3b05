//! The binary's subcommands, one module each, and what they share: the [`Linter`] built
//! from the command line, the walk with its spinner, writing to standard output, and the
//! exit statuses. Part of the `copylint` binary, not of the library.

use std::io::{self, Write};
use std::path::Path;

use copylint::cli::{ConfigArgs, FailOn, LexiconArgs};
use copylint::config::{ConfigLocation, Overrides};
use copylint::diagnostic::Report;
use copylint::lint::{BaselineChoice, Inputs, Linter, RunOptions, Setup};
use copylint::render::terminal::Spinner;
use copylint::{expiry, write};

mod check;
mod lexicon;
mod report;
mod setup;

pub use check::check;
pub use lexicon::{explain, rules, test_lexicon};
pub use report::report;
pub use setup::{init, lsp, man};

/// Exit status when nothing failed.
pub const CLEAN: u8 = 0;
/// Exit status when findings reached the failing level.
pub const FINDINGS: u8 = 1;
/// Exit status when copylint could not do its job.
pub const FAILURE: u8 = 2;

/// The linter for the current folder: its .copylint.yaml, then the flags, which win.
pub(crate) fn linter(
    lexicons: &LexiconArgs,
    config: &ConfigArgs,
    fail_on: Option<FailOn>,
    baseline: BaselineChoice,
) -> miette::Result<Linter> {
    let folder = std::env::current_dir()
        .map_err(|e| miette::miette!("cannot read the current folder: {e}"))?;
    Ok(Linter::load(Setup {
        folder: &folder,
        config: match (&config.config, config.no_config) {
            (_, true) => ConfigLocation::Ignore,
            (Some(file), false) => ConfigLocation::File(file),
            (None, false) => ConfigLocation::Discover,
        },
        overrides: Overrides {
            lexicons: lexicons.lexicons.clone(),
            no_default_lexicon: lexicons.no_default_lexicon,
            fail_on: fail_on.map(FailOn::severity),
            allow_outside_paths: config.allow_outside_paths,
        },
        baseline,
        today: expiry::today()?,
    })?)
}

/// Runs the linter over `inputs`, with the spinner when `spinner` (human output).
pub(crate) fn run(
    linter: &Linter,
    inputs: &Inputs,
    mut options: RunOptions,
    spinner: bool,
) -> Report {
    let spinner = Spinner::start(spinner);
    options.progress = spinner.progress();
    let report = linter.run(inputs, &options);
    spinner.finish();
    report
}

/// Writes a report file and says so on standard error.
pub(crate) fn wrote(report: &Report, path: &Path, bytes: &[u8]) -> miette::Result<()> {
    write::write_atomically(path, bytes)
        .map_err(|e| miette::miette!("cannot write {}: {e}", path.display()))?;
    let files = report
        .files
        .iter()
        .filter(|f| !f.diagnostics.is_empty())
        .count();
    let (findings, kib) = (report.diagnostics().count(), bytes.len().div_ceil(1024));
    say!(
        "wrote {}: {} in {} ({kib} KiB)",
        path.display(),
        plural(findings, "finding"),
        plural(files, "file")
    );
    Ok(())
}

/// Writes what `draw` prints to standard output; a closed pipe is not an error.
pub fn print_out(draw: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> miette::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match draw(&mut out).and_then(|_| out.flush()) {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
            Err(miette::miette!("cannot write to standard output: {err}"))
        }
        _ => Ok(()),
    }
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
