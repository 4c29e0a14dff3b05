//! Setting copylint up: `init` (a starter config), `man` (the manual pages) and `lsp`
//! (the language server editors start).

use copylint::cli::{LspArgs, ManArgs};
use copylint::config;
use copylint::{shell, starter};

use super::{CLEAN, FINDINGS, print_out};

/// `copylint init`: a commented starter config in the current folder.
pub fn init() -> miette::Result<u8> {
    let folder = std::env::current_dir()
        .map_err(|e| miette::miette!("cannot read the current folder: {e}"))?;
    starter::write(&folder)?;
    print_out(|out| {
        writeln!(
            out,
            "wrote {}: every setting with its default, and examples to uncomment",
            config::FILE_NAME
        )
    })?;
    Ok(CLEAN)
}

/// `copylint man [FOLDER]`.
pub fn man(args: ManArgs) -> miette::Result<u8> {
    match &args.folder {
        None => print_out(shell::man)?,
        Some(folder) => shell::man_pages(folder)
            .map_err(|e| miette::miette!("cannot write man pages to {}: {e}", folder.display()))?,
    }
    Ok(CLEAN)
}

/// Serves editors until they exit: status 0 after `shutdown` then `exit`, 1 when the
/// client exits without `shutdown` or goes away (as the protocol specifies).
pub fn lsp(args: LspArgs) -> miette::Result<u8> {
    let (lexicon, config) = (args.lexicon, args.config);
    let defaults = copylint::lsp::Defaults::from_command_line(
        lexicon.lexicons,
        lexicon.no_default_lexicon,
        config.config,
        config.no_config,
        config.allow_outside_paths,
    );
    let clean = copylint::lsp::serve_stdio(defaults)
        .map_err(|e| miette::miette!("cannot start the language server: {e}"))?;
    Ok(if clean { CLEAN } else { FINDINGS })
}
