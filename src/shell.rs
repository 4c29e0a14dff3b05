//! Shell completions and man pages, generated from the clap definitions in [`crate::cli`]
//! so they never drift from `--help` (`copylint completions SHELL`, `copylint man`).

use std::io::{self, Write};
use std::path::Path;

use crate::cli::Cli;

/// Writes the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> io::Result<()> {
    let mut command = Cli::command_with_versions();
    clap_complete::generate(shell, &mut command, "copylint", out);
    Ok(())
}

/// Writes the man page of `copylint` itself (roff).
pub fn man(out: &mut dyn Write) -> io::Result<()> {
    clap_mangen::Man::new(Cli::command_with_versions()).render(out)
}

/// Writes `copylint.1` and a page per subcommand (`copylint-check.1`, ...) into `folder`.
pub fn man_pages(folder: &Path) -> io::Result<()> {
    clap_mangen::generate_to(Cli::command_with_versions(), folder)
}
