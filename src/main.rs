//! The `copylint` binary: parses the command line, builds the one [`Linter`] every
//! subcommand lints with, renders what it found and turns it into an exit status (0
//! clean, 1 findings, 2 copylint failed).

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use copylint::cli::{
    CheckArgs, Cli, ColorChoice, Command, ConfigArgs, ExplainArgs, FailOn, LexiconArgs, LspArgs,
    ManArgs, ReportArgs, RulesArgs, TestLexiconArgs,
};
use copylint::config::{self, ConfigLocation, Overrides};
use copylint::diagnostic::Report;
use copylint::lexicon::Severity;
use copylint::lint::{self, BaselineChoice, FixMode, Inputs, Linter, RunOptions, Setup};
use copylint::render::report_html::ReportContext;
use copylint::render::terminal::{self, Spinner};
use copylint::render::{self, Format, RenderOptions};
use copylint::{escape, examples, expiry, shell, starter, write};

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
    let cli = Cli::parse_with_versions();
    terminal::set_miette_colors(match &cli.command {
        Command::Check(args) => args.color,
        _ => ColorChoice::Auto,
    });
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Report(args) => report(args),
        Command::Init => init(),
        Command::Rules(args) => rules(args),
        Command::Explain(args) => explain(args),
        Command::TestLexicon(args) => test_lexicon(args),
        Command::Lsp(args) => lsp(args),
        Command::Completions(args) => {
            print_out(|out| shell::completions(args.shell, out)).map(|_| CLEAN)
        }
        Command::Man(args) => man(args),
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

fn check(args: CheckArgs) -> miette::Result<u8> {
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
    let stdin_name = args.stdin_filename.as_deref().unwrap_or("<stdin>");
    let inputs = Inputs::from_command_line(
        &args.paths,
        args.files_from.as_deref(),
        Some(stdin_name),
        |p| linter.kind_for(p),
    )?;
    let fix = match (args.diff, args.fix) {
        (true, _) => FixMode::Diff,
        (false, true) => FixMode::Write,
        (false, false) => FixMode::Off,
    };
    let options = RunOptions {
        jobs: args.jobs.unwrap_or(0),
        fix,
        keep_clean_files: args.format.lists_clean_files(),
        progress: None,
        fix_follow_symlinks: args.fix_follow_symlinks,
    };
    let mut report = run(&linter, &inputs, options, args.format == Format::Human);
    report.config = linter.settings().config_name().map(str::to_string);
    if let Some(path) = &args.write_baseline {
        let file = lint::write_baseline(&mut report, path)?;
        let (findings, files) = (
            plural(file.findings.len(), "finding"),
            plural(file.files(), "file"),
        );
        say!("wrote baseline {}: {findings} in {files}", path.display());
    }
    terminal::print_problems(&report);
    if fix == FixMode::Diff {
        print_out(|out| render::diff::render(&report, out))?;
        let s = report.summary;
        say!(
            "{}",
            render::diff::summary_line(s.fixed, s.fixed_files, false)
        );
        let changes = if s.fixed > 0 { FINDINGS } else { CLEAN };
        return Ok(if s.failures > 0 { FAILURE } else { changes });
    }
    let options = RenderOptions {
        color: terminal::use_color(args.color, io::stdout().is_terminal()),
        statistics: args.statistics,
        under_pre_commit: std::env::var_os("PRE_COMMIT").is_some(),
    };
    print_out(|out| render::render(args.format, &report, linter.engine(), options, out))?;
    // A file that could not be read as text was not checked: a warning, so that
    // `--fail-on warning` (or `note`) fails on it as on a finding.
    let fail_on = linter.settings().fail_on;
    Ok(if report.summary.failures > 0 {
        FAILURE
    } else if report.has_findings_at(fail_on)
        || (report.summary.not_checked > 0 && Severity::Warning >= fail_on)
    {
        FINDINGS
    } else {
        CLEAN
    })
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
    let inputs = Inputs::from_command_line(&args.paths, args.files_from.as_deref(), None, |p| {
        linter.kind_for(p)
    })?;
    let options = RunOptions {
        jobs: args.jobs.unwrap_or(0),
        ..RunOptions::default()
    };
    let report = run(&linter, &inputs, options, true);
    terminal::print_problems(&report);
    if let Some(path) = &args.csv {
        let mut bytes = Vec::new();
        render::csv::render(&report, linter.engine(), &mut bytes)
            .map_err(|e| miette::miette!("cannot write the CSV report: {e}"))?;
        wrote(&report, path, &bytes)?;
    }
    if let Some(path) = &args.html {
        let baseline = args
            .baseline
            .as_deref()
            .or(linter.settings().baseline.as_deref());
        let config = linter.settings().config_name().map(str::to_string);
        let context = ReportContext::new(
            &inputs.paths,
            linter.today(),
            config,
            baseline,
            args.link_base.clone(),
            path,
        );
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

/// Runs the linter over `inputs`, with the spinner when `spinner` (human output).
fn run(linter: &Linter, inputs: &Inputs, mut options: RunOptions, spinner: bool) -> Report {
    let spinner = Spinner::start(spinner);
    options.progress = spinner.progress();
    let report = linter.run(inputs, &options);
    spinner.finish();
    report
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
    let (findings, kib) = (report.diagnostics().count(), bytes.len().div_ceil(1024));
    say!(
        "wrote {}: {} in {} ({kib} KiB)",
        path.display(),
        plural(findings, "finding"),
        plural(files, "file")
    );
    Ok(())
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
        let (engine, origin) = (linter.engine(), &linter.engine().lexicons[0].origin);
        print_out(|out| render::explain::examples(engine, origin, &report, out))?;
    }
    Ok(if failed { FINDINGS } else { CLEAN })
}

/// `copylint init`: a commented starter config in the current folder.
fn init() -> miette::Result<u8> {
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
fn man(args: ManArgs) -> miette::Result<u8> {
    match &args.folder {
        None => print_out(shell::man)?,
        Some(folder) => shell::man_pages(folder)
            .map_err(|e| miette::miette!("cannot write man pages to {}: {e}", folder.display()))?,
    }
    Ok(CLEAN)
}

/// Serves editors until they exit: status 0 after `shutdown` then `exit`, 1 when the
/// client exits without `shutdown` or goes away (as the protocol specifies).
fn lsp(args: LspArgs) -> miette::Result<u8> {
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

/// Writes what `draw` prints to standard output; a closed pipe is not an error.
fn print_out(draw: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> miette::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match draw(&mut out).and_then(|_| out.flush()) {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
            Err(miette::miette!("cannot write to standard output: {err}"))
        }
        _ => Ok(()),
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
