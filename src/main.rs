//! The `copylint` binary: parses the command line, builds the one [`Linter`] every
//! subcommand lints with, renders what it found and turns it into an exit status (0
//! clean, 1 findings, 2 copylint failed).

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use copylint::baseline::BaselineFile;
use copylint::cli::{
    CheckArgs, Cli, ColorChoice, Command, ConfigArgs, ExplainArgs, FailOn, LexiconArgs, LspArgs,
    ReportArgs, RulesArgs, TestLexiconArgs,
};
use copylint::config::{self, ConfigLocation, Overrides};
use copylint::diagnostic::Report;
use copylint::lexicon::Severity;
use copylint::lint::{self, BaselineChoice, FixMode, Inputs, Linter, RunOptions, Setup};
use copylint::prose::DocumentKind;
use copylint::render::report_html::{Links, ReportContext};
use copylint::render::tally::Folders;
use copylint::render::{self, Format, RenderOptions};
use copylint::{escape, examples, expiry, write};

/// Exit status when nothing failed.
const CLEAN: u8 = 0;
/// Exit status when findings reached the failing level.
const FINDINGS: u8 = 1;
/// Exit status when copylint could not do its job.
const FAILURE: u8 = 2;

/// Writes a line to standard error. A closed or full standard error is ignored: the
/// outcome is in the exit status, and `eprintln!` would panic (exit status 101) instead.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(io::stderr(), $($arg)*);
    }};
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Report(args) => report(args),
        Command::Init => init(),
        Command::Rules(args) => rules(args),
        Command::Explain(args) => explain(args),
        Command::TestLexicon(args) => test_lexicon(args),
        Command::Lsp(args) => lsp(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(report) => {
            say!("{report:?}");
            ExitCode::from(FAILURE)
        }
    }
}

/// The linter for the current folder: its .copylint.yaml, then the flags, which win.
fn linter(
    lexicons: &LexiconArgs,
    config: &ConfigArgs,
    fail_on: Option<FailOn>,
    baseline: BaselineChoice,
) -> miette::Result<Linter> {
    let folder = std::env::current_dir()
        .map_err(|e| miette::miette!("cannot read the current folder: {e}"))?;
    let setup = Setup {
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
    };
    Ok(Linter::load(setup)?)
}

fn check(args: CheckArgs) -> miette::Result<u8> {
    set_miette_colors(args.color);
    if args.statistics && args.format != Format::Human {
        miette::bail!(
            "--statistics adds a table to the human output; it applies to no other format"
        );
    }
    let baseline = match (&args.baseline, &args.write_baseline) {
        (_, Some(_)) => BaselineChoice::None,
        (Some(file), None) => BaselineChoice::File(file),
        (None, None) => BaselineChoice::FromConfig,
    };
    let linter = linter(&args.lexicon, &args.config, args.fail_on, baseline)?;
    if args.verbose {
        say_settings(linter.settings());
    }
    let inputs = inputs(&linter, &args.paths, args.files_from.as_deref(), &args)?;
    let options = RunOptions {
        jobs: args.jobs.unwrap_or(0),
        fix: match (args.diff, args.fix) {
            (true, _) => FixMode::Diff,
            (false, true) => FixMode::Write,
            (false, false) => FixMode::Off,
        },
        keep_clean_files: args.format.lists_clean_files(),
        progress: None,
        fix_follow_symlinks: args.fix_follow_symlinks,
    };
    let mut report = run_with_progress(&linter, &inputs, options.clone(), args.format);
    report.config = linter.settings().config_name().map(str::to_string);
    if let Some(path) = &args.write_baseline {
        write_baseline(&mut report, path)?;
    }
    print_problems(&report);
    if options.fix == FixMode::Diff {
        print_out(|out| render::diff::render(&report, out))?;
        let s = report.summary;
        say!(
            "{}",
            render::diff::summary_line(s.fixed, s.fixed_files, false)
        );
        return Ok(if s.failures > 0 {
            FAILURE
        } else if s.fixed > 0 {
            FINDINGS
        } else {
            CLEAN
        });
    }
    let options = RenderOptions {
        color: use_color(args.color, io::stdout().is_terminal()),
        statistics: args.statistics,
    };
    print_out(|out| render::render(args.format, &report, linter.engine(), options, out))?;
    Ok(exit_status(&report, linter.settings().fail_on))
}

/// `copylint report`: checks as `check` does, then writes the HTML page and/or the CSV.
fn report(args: ReportArgs) -> miette::Result<u8> {
    let baseline = args
        .baseline
        .as_deref()
        .map_or(BaselineChoice::FromConfig, BaselineChoice::File);
    let linter = linter(&args.lexicon, &args.config, None, baseline)?;
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        miette::bail!("copylint report reads files and folders, not standard input");
    }
    let inputs = inputs(&linter, &args.paths, args.files_from.as_deref(), &())?;
    let options = RunOptions {
        jobs: args.jobs.unwrap_or(0),
        ..RunOptions::default()
    };
    let report = run_with_progress(&linter, &inputs, options, Format::Human);
    print_problems(&report);
    if let Some(path) = &args.csv {
        let mut bytes = Vec::new();
        render::csv::render(&report, linter.engine(), &mut bytes)
            .map_err(|e| miette::miette!("cannot write the CSV report: {e}"))?;
        wrote(&report, path, &bytes)?;
    }
    if let Some(path) = &args.html {
        let shown = |p: &PathBuf| lint::display_path(p);
        let context = ReportContext {
            paths: inputs.paths.iter().map(shown).collect(),
            today: linter.today(),
            config: linter.settings().config_name().map(str::to_string),
            baseline: args.baseline.as_ref().map(|b| b.display().to_string()),
            folders: Folders::new(
                inputs
                    .paths
                    .iter()
                    .filter(|p| p.is_dir())
                    .map(shown)
                    .collect(),
            ),
            links: match &args.link_base {
                Some(base) => Links::Base(base.clone()),
                None => Links::Local { page: path.clone() },
            },
        };
        let mut bytes = Vec::new();
        render::report_html::render(&report, linter.engine(), &context, &mut bytes)
            .map_err(|e| miette::miette!("cannot write the HTML report: {e}"))?;
        wrote(&report, path, &bytes)?;
    }
    Ok(if report.summary.failures > 0 {
        FAILURE
    } else {
        CLEAN
    })
}

/// Writes a report file and says so on standard error.
fn wrote(report: &Report, path: &Path, bytes: &[u8]) -> miette::Result<()> {
    write::write_atomically(path, bytes)
        .map_err(|e| miette::miette!("cannot write {}: {e}", path.display()))?;
    let files = report
        .files
        .iter()
        .filter(|f| !f.diagnostics.is_empty())
        .count();
    let findings = report.diagnostics().count();
    say!(
        "wrote {}: {} in {} ({} KiB)",
        path.display(),
        plural(findings, "finding"),
        plural(files, "file"),
        bytes.len().div_ceil(1024)
    );
    Ok(())
}

/// `--write-baseline`: records the findings nothing else suppresses, then treats them
/// as recorded.
fn write_baseline(report: &mut Report, path: &Path) -> miette::Result<()> {
    let file = BaselineFile::record(report, path);
    file.write(path)?;
    say!(
        "wrote baseline {}: {} in {}",
        path.display(),
        plural(file.findings.len(), "finding"),
        plural(file.files(), "file"),
    );
    lint::mark_all_baselined(report);
    report.recount();
    Ok(())
}

/// What to check: the paths (the current folder when none), `--files-from`, and standard
/// input for `-` (only `check` reads it: `stdin` says how to name it).
fn inputs(
    linter: &Linter,
    paths: &[PathBuf],
    files_from: Option<&Path>,
    stdin: &dyn StdinName,
) -> miette::Result<Inputs> {
    let mut inputs = Inputs::default();
    if paths.is_empty() && files_from.is_none() {
        inputs.paths.push(PathBuf::from("."));
    }
    for path in paths {
        if path.as_os_str() != "-" {
            inputs.paths.push(path.clone());
        } else if inputs.stdin.is_none() {
            let name = stdin.name();
            let kind = linter
                .kind_for(name.as_ref())
                .unwrap_or(DocumentKind::Markdown);
            inputs.stdin = Some((name, kind, read_stdin()?));
        }
    }
    if let Some(list) = files_from {
        let bytes = if list.as_os_str() == "-" {
            if inputs.stdin.is_some() {
                miette::bail!("`--files-from -` and `-` cannot both read standard input");
            }
            read_stdin()?
        } else {
            std::fs::read(list)
                .map_err(|e| miette::miette!("cannot read --files-from {}: {e}", list.display()))?
        };
        inputs.files = lint::file_list(&bytes);
        // `--fix` writes listed files only inside the repository of the current folder.
        inputs.files_boundary = std::env::current_dir()
            .ok()
            .map(|folder| copylint::repo::boundary(&folder));
    }
    Ok(inputs)
}

/// How a subcommand names the document it reads from standard input.
trait StdinName {
    fn name(&self) -> String;
}

impl StdinName for CheckArgs {
    fn name(&self) -> String {
        self.stdin_filename
            .clone()
            .unwrap_or_else(|| "<stdin>".to_string())
    }
}

impl StdinName for () {
    fn name(&self) -> String {
        "<stdin>".to_string()
    }
}

fn read_stdin() -> miette::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| miette::miette!("cannot read standard input: {e}"))?;
    Ok(bytes)
}

/// `copylint rules`.
fn rules(args: RulesArgs) -> miette::Result<u8> {
    let linter = linter(&args.lexicon, &args.config, None, BaselineChoice::None)?;
    print_out(|out| render::explain::rules(linter.engine(), out))?;
    Ok(CLEAN)
}

/// `copylint explain RULE`.
fn explain(args: ExplainArgs) -> miette::Result<u8> {
    let linter = linter(&args.lexicon, &args.config, None, BaselineChoice::None)?;
    let engine = linter.engine();
    let Some(rule) = engine.find_rule(&args.rule) else {
        let (message, help) = engine.unknown_rule(&args.rule);
        miette::bail!(help = help, "{message}");
    };
    print_out(|out| render::explain::explain(engine, rule, out))?;
    Ok(CLEAN)
}

/// `copylint test-lexicon FILE...`: each lexicon alone, its examples run.
fn test_lexicon(args: TestLexiconArgs) -> miette::Result<u8> {
    let mut failed = false;
    for spec in &args.lexicons {
        let linter = Linter::for_lexicon(spec, expiry::today()?)?;
        let report = examples::run_examples(&linter);
        failed |= !report.failures.is_empty();
        let origin = &linter.engine().lexicons[0].origin;
        print_out(|out| render::explain::examples(linter.engine(), origin, &report, out))?;
    }
    Ok(if failed { FINDINGS } else { CLEAN })
}

/// `copylint init`: a commented starter config in the current folder.
fn init() -> miette::Result<u8> {
    let folder = std::env::current_dir()
        .map_err(|e| miette::miette!("cannot read the current folder: {e}"))?;
    config::write_starter(&folder)?;
    print_out(|out| {
        writeln!(
            out,
            "wrote {}: every setting with its default, commented",
            config::FILE_NAME
        )
    })?;
    Ok(CLEAN)
}

/// Serves editors until they exit: status 0 after `shutdown` then `exit`, 1 when the
/// client exits without `shutdown` or goes away (as the protocol specifies).
fn lsp(args: LspArgs) -> miette::Result<u8> {
    let defaults = copylint::lsp::Defaults::from_command_line(
        args.lexicon.lexicons,
        args.lexicon.no_default_lexicon,
        args.config.config,
        args.config.no_config,
        args.config.allow_outside_paths,
    );
    let clean = copylint::lsp::serve_stdio(defaults)
        .map_err(|e| miette::miette!("cannot start the language server: {e}"))?;
    Ok(if clean { CLEAN } else { FINDINGS })
}

/// A file that could not be read as text was not checked: a warning, so that
/// `--fail-on warning` (or `note`) fails on it as on a finding.
fn exit_status(report: &Report, fail_on: Severity) -> u8 {
    if report.summary.failures > 0 {
        FAILURE
    } else if report.has_findings_at(fail_on)
        || (report.summary.unchecked > 0 && Severity::Warning >= fail_on)
    {
        FINDINGS
    } else {
        CLEAN
    }
}

/// `--verbose`: which config file and lexicons are in force, and what bounded the search.
fn say_settings(settings: &config::Settings) {
    let folder = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let boundary = copylint::repo::boundary(&folder);
    let bound = match copylint::repo::root(&folder) {
        Some(_) => format!("repository root {}", boundary.display()),
        None => "not in a repository: the current folder only".to_string(),
    };
    match settings.config_name() {
        Some(name) => say!("config: {} ({bound})", escape::line(name)),
        None => say!("config: none found ({bound})"),
    }
    let lexicons: Vec<_> = settings
        .lexicons
        .iter()
        .map(|l| escape::line(&l.origin).into_owned())
        .collect();
    say!("lexicons: {}", lexicons.join(", "));
}

/// Writes what `draw` prints to standard output; a closed pipe is not an error.
fn print_out(draw: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> miette::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match draw(&mut out).and_then(|_| out.flush()) {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
            Err(miette::miette!("cannot write to standard output: {err}"))
        }
        _ => Ok(()),
    }
}

/// Problems with files, and the run's notices, go to standard error as miette reports,
/// whatever the format.
fn print_problems(report: &Report) {
    for (path, severity, message) in report.problems() {
        let severity = match severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        };
        // The path and the message may quote file names: see `copylint::escape`.
        let text = format!("{}: {}", escape::line(path), escape::line(message));
        let problem = miette::MietteDiagnostic::new(text).with_severity(severity);
        say!("{:?}", miette::Report::new(problem));
    }
}

/// Runs the check, with a spinner counting files on standard error while it runs (only
/// for the human format, and only when standard error is a terminal).
fn run_with_progress(
    linter: &Linter,
    inputs: &Inputs,
    mut options: RunOptions,
    format: Format,
) -> Report {
    let progress = (format == Format::Human && io::stderr().is_terminal()).then(|| {
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
        bar
    });
    options.progress = progress
        .clone()
        .map(|bar| -> lint::ProgressFn { Arc::new(move |_bytes| bar.inc(1)) });
    let report = linter.run(inputs, &options);
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    report
}

fn use_color(choice: ColorChoice, stream_is_terminal: bool) -> bool {
    let env = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if env("NO_COLOR").is_some() => false,
        ColorChoice::Auto if env("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
        ColorChoice::Auto => stream_is_terminal,
    }
}

fn set_miette_colors(choice: ColorChoice) {
    let color = use_color(choice, io::stderr().is_terminal());
    // Only fails if a hook is already set, which nothing else does.
    let _ = miette::set_hook(Box::new(move |_| {
        Box::new(
            miette::MietteHandlerOpts::new()
                .color(color)
                .unicode(color)
                .build(),
        )
    }));
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
