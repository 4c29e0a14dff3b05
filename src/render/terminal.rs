//! What the command line shows on a terminal besides a format's output: whether to use
//! colour, the progress spinner, and problems and notices on standard error.

use std::io::{self, IsTerminal, Write};
use std::sync::Arc;

use crate::diagnostic::Report;
use crate::escape;
use crate::lexicon::Severity;
use crate::lint::ProgressFn;

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal, unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Whether to colour a stream: `--color`, then `NO_COLOR` and `CLICOLOR_FORCE`, then
/// whether the stream is a terminal.
pub fn use_color(choice: ColorChoice, stream_is_terminal: bool) -> bool {
    let env = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if env("NO_COLOR").is_some() => false,
        ColorChoice::Auto if env("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
        ColorChoice::Auto => stream_is_terminal,
    }
}

/// Makes miette's error reports (on standard error) follow `--color`, and wrap at word
/// boundaries only: a rule id like `openai-on-aws/call-wording` is never split.
pub fn set_miette_colors(choice: ColorChoice) {
    let color = use_color(choice, io::stderr().is_terminal());
    // Only fails if a hook is already set, which nothing else does.
    let _ = miette::set_hook(Box::new(move |_| {
        Box::new(
            miette::MietteHandlerOpts::new()
                .color(color)
                .unicode(color)
                .break_words(false)
                .word_separator(textwrap::WordSeparator::AsciiSpace)
                .word_splitter(textwrap::WordSplitter::NoHyphenation)
                .build(),
        )
    }));
}

/// A spinner counting the files checked, on standard error, when `wanted` (the human
/// format) and standard error is a terminal (never in machine formats or pipes).
pub struct Spinner(Option<indicatif::ProgressBar>);

impl Spinner {
    /// Starts the spinner, if it is to be shown.
    pub fn start(wanted: bool) -> Spinner {
        if !wanted || !io::stderr().is_terminal() {
            return Spinner(None);
        }
        let bar = indicatif::ProgressBar::with_draw_target(
            None,
            indicatif::ProgressDrawTarget::stderr_with_hz(8),
        );
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} checked {pos} files ({per_sec}) {elapsed}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Spinner(Some(bar))
    }

    /// What the run calls after each file.
    pub fn progress(&self) -> Option<ProgressFn> {
        let bar = self.0.clone()?;
        Some(Arc::new(move |_bytes| bar.inc(1)))
    }

    /// Clears the spinner from the terminal.
    pub fn finish(self) {
        if let Some(bar) = self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Problems with files, and the run's notices, on standard error as miette reports,
/// whatever the format.
pub fn print_problems(report: &Report) {
    for (path, severity, message) in report.problems() {
        let severity = match severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        };
        // The path and the message may quote file names: see `crate::escape`.
        let text = format!("{}: {}", escape::line(path), escape::line(message));
        let problem = miette::MietteDiagnostic::new(text).with_severity(severity);
        // A closed or full standard error must not panic: the exit status says it all.
        let _ = writeln!(io::stderr(), "{:?}", miette::Report::new(problem));
    }
}
