//! `copylint lsp`: a Language Server over standard input and output, a thin layer over
//! the [`crate::lint::Linter`] every other door uses.
//!
//! - [`transport`]: standard input and output as channels of lsp-server messages, with a
//!   reader loop that skips a malformed frame instead of dying on it.
//! - [`server`]: the message loop and every handler.
//! - [`documents`]: open documents and incremental edits in UTF-16 positions.
//! - [`settings`]: what a document is linted with, per folder, reloaded when it changes.
//! - [`lint`]: a document's findings to show, through its folder's linter.
//! - [`incremental`] and [`cuts`]: after an edit, only the parts of a document it
//!   touched are checked again.
//! - [`actions`]: quick fixes and "fix all" from findings' rewrites.
//!
//! Standard output is the protocol: nothing in this module may print (clippy denies it);
//! the server talks to people through `window/logMessage` and `window/showMessage`.
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::dbg_macro)]

pub mod actions;
pub mod cuts;
pub mod documents;
pub mod incremental;
pub mod lint;
pub mod server;
pub mod settings;
pub mod transport;

use std::io;

pub use settings::Defaults;

/// Serves one client over standard input and output until it says `exit` or goes away.
/// Returns whether the session ended as the protocol asks (`shutdown`, then `exit`); the
/// process should then exit with status 0, and 1 otherwise.
pub fn serve_stdio(defaults: Defaults) -> io::Result<bool> {
    let (connection, writer) = transport::stdio()?;
    let clean = server::run(&connection, defaults);
    // Dropping the connection ends the writer once it has written everything queued.
    drop(connection);
    let _ = writer.join();
    Ok(clean)
}
