//! The command line, as data: what the user typed, with no I/O. Each flag's doc comment
//! is its `--help` text.

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::lexicon::Severity;
use crate::render::Format;
pub use crate::render::terminal::ColorChoice;

/// A fast linter for the wording of cloud sales and marketing copy.
///
/// copylint checks Markdown, HTML and plain text against phrase lexicons (the built-in
/// one implements the OpenAI-on-AWS messaging policy) and reports wording that must not
/// ship, with suggested rewrites.
#[derive(Debug, Parser)]
#[command(
    name = "copylint",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The command-line definition, with versions that name the built-in lexicons (so an
    /// audit that kept `copylint --version` says which policy it applied).
    pub fn command_with_versions() -> clap::Command {
        let (short, long) = crate::lexicon::builtin_versions();
        Cli::command()
            .version(format!("{} ({short})", env!("CARGO_PKG_VERSION")))
            .long_version(format!("{}\n{long}", env!("CARGO_PKG_VERSION")))
    }

    /// Parses the process's arguments, exiting with clap's message when they are wrong.
    pub fn parse_with_versions() -> Cli {
        let matches = Cli::command_with_versions().get_matches();
        Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit())
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and folders (the current folder by default).
    ///
    /// Exit status: 0 when nothing at or above the failing level was found, 1 when
    /// something was, 2 when copylint itself failed (a bad lexicon, an unreadable path).
    Check(CheckArgs),
    /// Write an audit report: one self-contained HTML page, a CSV of every finding, or
    /// both.
    ///
    /// Honours .copylint.yaml, the lexicon flags, waivers and --baseline as `check` does.
    /// Exit status: 0 when the report was written, whatever it found (use `check` to
    /// gate); 2 when copylint failed (a bad lexicon, an unreadable path, a report it could
    /// not write; a report is still written when only some paths failed).
    Report(ReportArgs),
    /// Write a commented starter .copylint.yaml in the current folder.
    Init,
    /// List every rule of the active lexicons: id, severity, fix, message.
    Rules(RulesArgs),
    /// Explain a rule: what it checks, why, examples, rewrites and where it comes from.
    Explain(ExplainArgs),
    /// Check that each rule's bad examples fire and its good examples are clean.
    ///
    /// Exit status: 0 when every example holds, 1 when one does not, 2 when a lexicon
    /// cannot be loaded.
    TestLexicon(TestLexiconArgs),
    /// Run the language server on standard input and output (for editors).
    ///
    /// Lints Markdown, plain text and HTML documents as they are edited, with quick fixes
    /// for suggested rewrites. Editors start it; see the README for set-up.
    Lsp(LspArgs),
    /// Print a shell completion script, e.g. `copylint completions bash >
    /// ~/.local/share/bash-completion/completions/copylint`.
    #[command(hide = true)]
    Completions(CompletionsArgs),
    /// Print the man page (roff), or with a folder write a page per subcommand there,
    /// e.g. `copylint man ~/.local/share/man/man1`.
    #[command(hide = true)]
    Man(ManArgs),
}

/// `copylint man`.
#[derive(Debug, Clone, Args)]
pub struct ManArgs {
    /// Write copylint.1, copylint-check.1, ... into this folder instead of printing
    /// copylint.1.
    #[arg(value_name = "FOLDER")]
    pub folder: Option<PathBuf>,
}

/// `copylint completions`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Where settings come from, shared by every subcommand that uses them.
#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    /// Use this config file instead of looking for .copylint.yaml in the current folder
    /// and its parents up to the repository root.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any .copylint.yaml.
    #[arg(long)]
    pub no_config: bool,
    /// Let the config file name lexicons outside its repository (absolute paths, `..`,
    /// symbolic links that lead out of it).
    #[arg(long)]
    pub allow_outside_paths: bool,
}

/// `copylint rules`.
#[derive(Debug, Clone, Args)]
pub struct RulesArgs {
    /// Which lexicons to load.
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    /// Where settings come from.
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// `copylint explain`.
#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// The rule: `lexicon/rule`, or just `rule` when only one lexicon has it.
    #[arg(value_name = "RULE")]
    pub rule: String,
    /// Which lexicons to load.
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    /// Where settings come from.
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// `copylint test-lexicon`.
#[derive(Debug, Clone, Args)]
pub struct TestLexiconArgs {
    /// Lexicon files to test (`builtin:NAME` for a built-in one). Each is tested alone.
    #[arg(value_name = "FILE", required = true)]
    pub lexicons: Vec<String>,
}

/// `copylint lsp`.
#[derive(Debug, Clone, Args)]
pub struct LspArgs {
    /// Which lexicons to load, besides those of each document's .copylint.yaml (editors
    /// can add more in `initializationOptions`).
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    /// Where settings come from (by default, the .copylint.yaml nearest each document).
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Accepted for editors that pass it (VS Code's client does); stdio is the only
    /// transport.
    #[arg(long, hide = true)]
    pub stdio: bool,
}

/// Lexicon selection, shared by every subcommand that matches text.
#[derive(Debug, Clone, Args)]
pub struct LexiconArgs {
    /// Add a lexicon: a YAML file, or `builtin:NAME`. Repeatable.
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<String>,
    /// Do not load the built-in openai-on-aws lexicon.
    #[arg(long)]
    pub no_default_lexicon: bool,
}

/// `copylint check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Files or folders to check; `-` reads standard input. Folders are walked
    /// recursively, honouring .gitignore, skipping hidden folders, node_modules and target.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Which lexicons to load.
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    /// The name to show (and pick the format by) for text read from standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// When to use colours (also honours NO_COLOR and CLICOLOR_FORCE).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Exit with status 1 when a finding at or above this level is found [default:
    /// error, or `fail-on` in .copylint.yaml].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Also check the files listed in FILE (one per line, or NUL-separated; `-` for
    /// standard input), e.g. `git ls-files '*.md' | copylint check --files-from -`.
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Apply every safe rewrite in place, then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// Let --fix write a file reached through a symbolic link (the file it points to,
    /// which must still be inside the folders checked). Links are not written through
    /// otherwise.
    #[arg(long, requires = "fix")]
    pub fix_follow_symlinks: bool,
    /// Print the unified diff that --fix would apply, write nothing; exit status 1 when
    /// there is any change.
    #[arg(long)]
    pub diff: bool,
    /// Where settings come from.
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Report only the findings not recorded in this baseline file (see
    /// --write-baseline). Recorded ones stay in the JSON output, marked as suppressed.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the findings of this run in FILE (replacing it), then treat them as
    /// recorded: later runs with `--baseline FILE` report only new findings.
    #[arg(long, value_name = "FILE", conflicts_with = "diff")]
    pub write_baseline: Option<PathBuf>,
    /// End the human output with a table of the findings per rule.
    #[arg(long)]
    pub statistics: bool,
    /// Say on standard error which config file and lexicons are in force, and the
    /// repository root that bounds the search for a config file.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

/// `copylint report`.
#[derive(Debug, Clone, Args)]
#[command(
    group(clap::ArgGroup::new("output").required(true).multiple(true).args(["html", "csv", "statistics"])),
    // Clap's own usage line would put the required group first and read as if a PATH
    // were required too; paths are optional (the current folder by default).
    override_usage = "copylint report --html <FILE> [OPTIONS] [PATH]...\n       \
                      copylint report --csv <FILE> [OPTIONS] [PATH]...\n       \
                      copylint report --statistics [OPTIONS] [PATH]...\n       \
                      copylint report --html <FILE> [OPTIONS] --from <FILE>..."
)]
pub struct ReportArgs {
    /// Files or folders to check (the current folder by default), as for `check`.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write the report as one self-contained HTML page (no network needed to view it).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write every finding as a row of a CSV file.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Print a table of the findings per rule (as `check --statistics` does) on standard
    /// output; with `--from`, of all the runs merged.
    #[arg(long)]
    pub statistics: bool,
    /// Mark the findings recorded in this baseline file as baselined.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Link findings to URL followed by the file's path and `#L<line>` (for example
    /// `https://github.com/ORG/REPO/blob/main/`) instead of to the files on this machine.
    #[arg(long, value_name = "URL")]
    pub link_base: Option<String>,
    /// Which lexicons to load.
    #[command(flatten)]
    pub lexicon: LexiconArgs,
    /// Also check the files listed in FILE (one per line, or NUL-separated; `-` for
    /// standard input).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Check nothing: make the report from these outputs of `check --format jsonl` or
    /// `--format json` (the shards of one audit, from one machine or many), as one run
    /// over all their files would. They must come from runs with the same copylint,
    /// lexicons, config and baseline as this report is made with.
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with_all = ["paths", "files_from", "jobs"])]
    pub from: Vec<PathBuf>,
    /// Where settings come from.
    #[command(flatten)]
    pub config: ConfigArgs,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on errors only.
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on any finding.
    Note,
}

impl FailOn {
    /// The lowest severity that fails the run.
    pub fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Note => Severity::Note,
        }
    }
}
