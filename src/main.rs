//! The `copylint` binary: parses the command line, builds the one [`Linter`] every
//! subcommand lints with, renders what it found and turns it into an exit status (0
//! clean, 1 findings, 2 copylint failed).

use std::io::{self, Write};
use std::process::ExitCode;

use copylint::cli::{Cli, ColorChoice, Command};
use copylint::render::terminal;
use copylint::shell;

use commands::{CLEAN, FAILURE, print_out};

/// Writes a line to standard error. A closed or full standard error is ignored: the
/// outcome is in the exit status, and `eprintln!` would panic (exit status 101) instead.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(io::stderr(), $($arg)*);
    }};
}

mod commands;

fn main() -> ExitCode {
    let cli = Cli::parse_with_versions();
    terminal::set_miette_colors(match &cli.command {
        Command::Check(args) => args.color,
        _ => ColorChoice::Auto,
    });
    let result = match cli.command {
        Command::Check(args) => commands::check(args),
        Command::Report(args) => commands::report(args),
        Command::Init => commands::init(),
        Command::Rules(args) => commands::rules(args),
        Command::Explain(args) => commands::explain(args),
        Command::TestLexicon(args) => commands::test_lexicon(args),
        Command::Lsp(args) => commands::lsp(args),
        Command::Completions(args) => {
            print_out(|out| shell::completions(args.shell, out)).map(|_| CLEAN)
        }
        Command::Man(args) => commands::man(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(report) => {
            say!("{report:?}");
            ExitCode::from(FAILURE)
        }
    }
}
