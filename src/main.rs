//! The `copylint` binary: parses the command line, runs, prints, and turns the outcome
//! into an exit status (0 clean, 1 findings, 2 copylint failed).

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use copylint::baseline::{Baseline, BaselineFile};
use copylint::cli::{
    CheckArgs, Cli, ColorChoice, Command, ConfigArgs, ExplainArgs, FailOn, LexiconArgs, LspArgs,
    ReportArgs, RulesArgs, TestLexiconArgs,
};
use copylint::config::{self, ConfigLocation, Overrides, Settings};
use copylint::diagnostic::{FileReport, Report};
use copylint::examples;
use copylint::expiry;
use copylint::lexicon::{self, Engine, LexiconSource, Severity};
use copylint::prose::DocumentKind;
use copylint::render::report_html::{Links, ReportContext};
use copylint::render::tally::Folders;
use copylint::render::{self, RenderOptions};
use copylint::run::{self, FixMode, Inputs, RunOptions};
use copylint::waiver::Waivers;
use copylint::write;

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

/// Resolves the settings for the current folder (its .copylint.yaml, then the flags,
/// which win) and compiles the lexicons they name.
fn load_settings(
    lexicons: &LexiconArgs,
    config_args: &ConfigArgs,
    fail_on: Option<FailOn>,
) -> miette::Result<(Settings, Engine)> {
    let folder = std::env::current_dir()
        .map_err(|e| miette::miette!("cannot read the current folder: {e}"))?;
    let location = match (&config_args.config, config_args.no_config) {
        (_, true) => ConfigLocation::Ignore,
        (Some(file), false) => ConfigLocation::File(file),
        (None, false) => ConfigLocation::Discover,
    };
    let overrides = Overrides {
        lexicons: lexicons.lexicons.clone(),
        no_default_lexicon: lexicons.no_default_lexicon,
        fail_on: fail_on.map(FailOn::severity),
        allow_outside_paths: config_args.allow_outside_paths,
    };
    let settings = config::load(&folder, location, &overrides)?;
    let engine = settings.compile()?;
    Ok((settings, engine))
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

/// `copylint rules`.
fn rules(args: RulesArgs) -> miette::Result<u8> {
    let (_, engine) = load_settings(&args.lexicon, &args.config, None)?;
    print_out(|out| render::explain::rules(&engine, out))?;
    Ok(CLEAN)
}

/// `copylint explain RULE`.
fn explain(args: ExplainArgs) -> miette::Result<u8> {
    let (_, engine) = load_settings(&args.lexicon, &args.config, None)?;
    let Some(rule) = engine.find_rule(&args.rule) else {
        let (message, help) = engine.unknown_rule(&args.rule);
        miette::bail!(help = help, "{message}");
    };
    print_out(|out| render::explain::explain(&engine, rule, out))?;
    Ok(CLEAN)
}

/// `copylint test-lexicon FILE...`: each lexicon alone, its examples run.
fn test_lexicon(args: TestLexiconArgs) -> miette::Result<u8> {
    let mut failed = false;
    for spec in &args.lexicons {
        let source = LexiconSource::load(spec, Path::new(spec))?;
        let engine = lexicon::compile(std::slice::from_ref(&source))?;
        let report = examples::run_examples(&engine);
        failed |= !report.failures.is_empty();
        print_out(|out| render::explain::examples(&engine, &source.origin, &report, out))?;
    }
    Ok(if failed { FINDINGS } else { CLEAN })
}

fn use_color(choice: ColorChoice, stream_is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0")
            {
                true
            } else {
                stream_is_terminal
            }
        }
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

fn check(args: CheckArgs) -> miette::Result<u8> {
    set_miette_colors(args.color);
    let today = today()?;
    if args.statistics && args.format != render::Format::Human {
        miette::bail!(
            "--statistics adds a table to the human output; it applies to no other format"
        );
    }
    let (settings, engine) = load_settings(&args.lexicon, &args.config, args.fail_on)?;
    if args.verbose {
        say_settings(&settings);
    }
    let engine = Arc::new(engine);
    let waivers = Arc::new(Waivers::new(&settings, &engine, today));
    let baseline = read_baseline(args.baseline.as_deref(), args.write_baseline.as_deref())?;
    let mut inputs = Inputs::default();
    let mut paths = args.paths.clone();
    if paths.is_empty() && args.files_from.is_none() {
        paths.push(PathBuf::from("."));
    }
    let mut stdin_used = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if stdin_used {
                continue;
            }
            stdin_used = true;
            let mut bytes = Vec::new();
            io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| miette::miette!("cannot read standard input: {e}"))?;
            let name = args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| "<stdin>".to_string());
            let kind = settings
                .kind_for(name.as_ref())
                .unwrap_or(DocumentKind::Markdown);
            inputs.stdin = Some((name, kind, bytes));
        } else {
            inputs.paths.push(path);
        }
    }
    if let Some(list) = &args.files_from {
        inputs.files = read_file_list(list, stdin_used)?;
        inputs.files_boundary = std::env::current_dir()
            .ok()
            .map(|folder| copylint::repo::boundary(&folder));
    }
    let options = RunOptions {
        fix: match (args.diff, args.fix) {
            (true, _) => FixMode::Diff,
            (false, true) => FixMode::Write,
            (false, false) => FixMode::Off,
        },
        keep_clean_files: args.format.lists_clean_files(),
        may_fix: (!waivers.is_empty()).then(|| may_fix(&waivers, &engine)),
        fix_follow_symlinks: args.fix_follow_symlinks,
        ..run_options(&settings, args.jobs)
    };
    let fix = options.fix;
    let mut report = run_with_progress(&engine, &inputs, options, args.format);
    report.config = settings.config_name().map(str::to_string);
    let accepted = Accepted {
        baseline,
        write_baseline: args.write_baseline.as_deref(),
        today,
    };
    accept(&mut report, &waivers, &engine, accepted)?;
    print_problems(&report);
    if fix == FixMode::Diff {
        return print_diff(&report);
    }

    let color = use_color(args.color, io::stdout().is_terminal());
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = render::render(
        args.format,
        &report,
        &engine,
        RenderOptions {
            color,
            statistics: args.statistics,
        },
        &mut out,
    )
    .and_then(|_| out.flush());
    if let Err(err) = written {
        // A closed pipe (`copylint check | head`) is not a failure of copylint.
        if err.kind() != io::ErrorKind::BrokenPipe {
            return Err(miette::miette!("cannot write the report: {err}"));
        }
    }
    Ok(exit_status(&report, settings.fail_on))
}

/// `copylint report`: checks as `check` does (config, lexicons, waivers, baseline), then
/// writes the HTML page and/or the CSV file.
fn report(args: ReportArgs) -> miette::Result<u8> {
    let (settings, engine) = load_settings(&args.lexicon, &args.config, None)?;
    let today = today()?;
    let waivers = Waivers::new(&settings, &engine, today);
    let baseline = read_baseline(args.baseline.as_deref(), None)?;
    let mut inputs = Inputs {
        paths: args.paths.clone(),
        ..Inputs::default()
    };
    if inputs.paths.is_empty() && args.files_from.is_none() {
        inputs.paths.push(PathBuf::from("."));
    }
    if inputs.paths.iter().any(|p| p.as_os_str() == "-") {
        miette::bail!("copylint report reads files and folders, not standard input");
    }
    if let Some(list) = &args.files_from {
        inputs.files = read_file_list(list, false)?;
    }
    let options = run_options(&settings, args.jobs);
    let mut report = run_with_progress(&engine, &inputs, options, render::Format::Human);
    let accepted = Accepted {
        baseline,
        write_baseline: None,
        today,
    };
    accept(&mut report, &waivers, &engine, accepted)?;
    print_problems(&report);

    let findings = report.diagnostics().count();
    let files = report
        .files
        .iter()
        .filter(|f| !f.diagnostics.is_empty())
        .count();
    let wrote = |path: &Path, bytes: &[u8]| -> miette::Result<()> {
        write::write_atomically(path, bytes)
            .map_err(|e| miette::miette!("cannot write {}: {e}", path.display()))?;
        say!(
            "wrote {}: {findings} finding{} in {files} file{} ({} KiB)",
            path.display(),
            if findings == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" },
            bytes.len().div_ceil(1024)
        );
        Ok(())
    };
    if let Some(path) = &args.csv {
        let mut bytes = Vec::new();
        render::csv::render(&report, &engine, &mut bytes)
            .map_err(|e| miette::miette!("cannot write the CSV report: {e}"))?;
        wrote(path, &bytes)?;
    }
    if let Some(path) = &args.html {
        let roots = inputs
            .paths
            .iter()
            .filter(|p| p.is_dir())
            .map(|p| run::display_path(p))
            .collect();
        let context = ReportContext {
            paths: inputs.paths.iter().map(|p| run::display_path(p)).collect(),
            today,
            config: settings.config_name().map(str::to_string),
            baseline: args.baseline.as_ref().map(|b| b.display().to_string()),
            folders: Folders::new(roots),
            links: match &args.link_base {
                Some(base) => Links::Base(base.clone()),
                None => Links::Local { page: path.clone() },
            },
        };
        let mut bytes = Vec::new();
        render::report_html::render(&report, &engine, &context, &mut bytes)
            .map_err(|e| miette::miette!("cannot write the HTML report: {e}"))?;
        wrote(path, &bytes)?;
    }
    Ok(if report.summary.failures > 0 {
        FAILURE
    } else {
        CLEAN
    })
}

/// What accepts findings besides suppression comments.
struct Accepted<'a> {
    /// `--baseline`, read before the run so that a bad file fails fast.
    baseline: Option<Baseline>,
    /// `--write-baseline`.
    write_baseline: Option<&'a Path>,
    /// The date expiry dates are compared with.
    today: jiff::civil::Date,
}

/// Reads `--baseline`, unless `--write-baseline` replaces it.
fn read_baseline(path: Option<&Path>, write: Option<&Path>) -> miette::Result<Option<Baseline>> {
    match (path, write) {
        (Some(path), None) => Ok(Some(Baseline::load(path)?)),
        _ => Ok(None),
    }
}

/// `--fix` leaves alone the wording a waiver approved.
fn may_fix(waivers: &Arc<Waivers>, engine: &Arc<Engine>) -> run::MayFixFn {
    let (waivers, engine) = (Arc::clone(waivers), Arc::clone(engine));
    Arc::new(move |path, finding| waivers.may_fix(&engine, path, finding))
}

/// Marks the findings that waivers and the baseline accept, warns about expired waivers
/// and rules, writes the baseline when asked to, and recounts the report.
fn accept(
    report: &mut Report,
    waivers: &Waivers,
    engine: &Engine,
    accepted: Accepted,
) -> miette::Result<()> {
    let files = report.summary.files;
    waivers.apply(report);
    report
        .files
        .extend(expiry::expired_rules(engine, accepted.today));
    let baseline = match accepted.write_baseline {
        Some(path) => {
            let file = BaselineFile::record(report, path);
            file.write(path)?;
            say!(
                "wrote baseline {}: {} finding{} in {} file{}",
                path.display(),
                file.findings.len(),
                if file.findings.len() == 1 { "" } else { "s" },
                file.files(),
                if file.files() == 1 { "" } else { "s" },
            );
            Some(file.into_baseline(path))
        }
        None => accepted.baseline,
    };
    if let Some(baseline) = baseline {
        baseline.apply(report);
    }
    report.finish(files);
    Ok(())
}

/// The date expiry dates are compared with: `COPYLINT_TODAY` (YYYY-MM-DD, for tests)
/// when set, else today in UTC. (The local time zone would be a few hours closer, but
/// finding it makes jiff scan the whole time zone database: a millisecond on every run,
/// a third of the time a pre-commit hook on one file takes.)
fn today() -> miette::Result<jiff::civil::Date> {
    match std::env::var("COPYLINT_TODAY") {
        Ok(text) => text
            .trim()
            .parse()
            .map_err(|_| miette::miette!("COPYLINT_TODAY=`{text}` is not a date (YYYY-MM-DD)")),
        Err(_) => Ok(jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date()),
    }
}

/// `--diff`: the diff on standard output, a summary on standard error; status 1 when
/// there is anything to fix.
fn print_diff(report: &Report) -> miette::Result<u8> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = render::diff::render(report, &mut out).and_then(|_| out.flush());
    if let Err(err) = written
        && err.kind() != io::ErrorKind::BrokenPipe
    {
        return Err(miette::miette!("cannot write the diff: {err}"));
    }
    let s = report.summary;
    say!(
        "{}",
        render::diff::summary_line(s.fixed, s.fixed_files, false)
    );
    Ok(if s.failures > 0 {
        FAILURE
    } else if s.fixed > 0 {
        FINDINGS
    } else {
        CLEAN
    })
}

/// What `check` and `report` share: the worker count and the configuration's file kinds
/// and path filter; nothing fixed, only files with findings kept.
fn run_options(settings: &Settings, jobs: Option<usize>) -> RunOptions {
    RunOptions {
        jobs: jobs.unwrap_or(0),
        extensions: settings.file_types.clone(),
        filter: settings.paths.clone(),
        ..RunOptions::default()
    }
}

/// Runs the check, with the spinner of [`progress_bar`] while it runs.
fn run_with_progress(
    engine: &Engine,
    inputs: &Inputs,
    mut options: RunOptions,
    format: render::Format,
) -> Report {
    let progress = progress_bar(format);
    options.progress = progress
        .clone()
        .map(|bar| -> run::ProgressFn { Arc::new(move |_bytes| bar.inc(1)) });
    let report = run::run(engine, inputs, &options);
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    report
}

/// A spinner with the count of files checked, on standard error, only for the human
/// format and only when standard error is a terminal (never in machine formats or pipes).
fn progress_bar(format: render::Format) -> Option<indicatif::ProgressBar> {
    if format != render::Format::Human || !io::stderr().is_terminal() {
        return None;
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
    Some(bar)
}

/// Serves editors until they exit: status 0 after `shutdown` then `exit`, 1 when the
/// client exits without `shutdown` or goes away (as the protocol specifies).
fn lsp(args: LspArgs) -> miette::Result<u8> {
    // Paths on the command line are relative to where the editor started the server
    // (config paths resolve against each document's folder otherwise).
    let absolute = |spec: String| {
        if spec.starts_with("builtin:") {
            spec
        } else {
            std::path::absolute(&spec).map_or(spec, |p| p.to_string_lossy().into_owned())
        }
    };
    let defaults = copylint::lsp::Defaults {
        lexicons: args.lexicon.lexicons.into_iter().map(absolute).collect(),
        no_default_lexicon: args.lexicon.no_default_lexicon,
        config: args
            .config
            .config
            .map(|file| std::path::absolute(&file).unwrap_or(file)),
        no_config: args.config.no_config,
        allow_outside_paths: args.config.allow_outside_paths,
        root: None,
    };
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
fn say_settings(settings: &Settings) {
    let folder = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let boundary = copylint::repo::boundary(&folder);
    let bound = match copylint::repo::root(&folder) {
        Some(_) => format!("repository root {}", boundary.display()),
        None => "not in a repository: the current folder only".to_string(),
    };
    match settings.config_name() {
        Some(name) => say!("config: {} ({bound})", copylint::escape::line(name)),
        None => say!("config: none found ({bound})"),
    }
    let lexicons: Vec<_> = settings
        .lexicons
        .iter()
        .map(|l| copylint::escape::line(&l.origin).into_owned())
        .collect();
    say!("lexicons: {}", lexicons.join(", "));
}

/// Reads `--files-from`: newline- or NUL-separated paths; `-` is standard input.
fn read_file_list(list: &PathBuf, stdin_used: bool) -> miette::Result<Vec<PathBuf>> {
    let mut bytes = Vec::new();
    if list.as_os_str() == "-" {
        if stdin_used {
            miette::bail!("`--files-from -` and `-` cannot both read standard input");
        }
        io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| miette::miette!("cannot read standard input: {e}"))?;
    } else {
        bytes = std::fs::read(list)
            .map_err(|e| miette::miette!("cannot read --files-from {}: {e}", list.display()))?;
    }
    let sep = if bytes.contains(&0) { b'\0' } else { b'\n' };
    Ok(bytes
        .split(|&b| b == sep)
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .filter(|line| !line.is_empty())
        .map(|line| PathBuf::from(String::from_utf8_lossy(line).into_owned()))
        .collect())
}

/// Problems with files go to standard error as miette reports, whatever the format.
fn print_problems(report: &Report) {
    for file in &report.files {
        for problem in &file.problems {
            say!(
                "{:?}",
                miette::Report::new(FileProblemReport::new(file, problem))
            );
        }
    }
}

#[derive(Debug)]
struct FileProblemReport {
    text: String,
    severity: miette::Severity,
}

impl FileProblemReport {
    fn new(file: &FileReport, problem: &copylint::diagnostic::FileProblem) -> Self {
        // The path and the message may quote file names: see `copylint::escape`.
        FileProblemReport {
            text: format!(
                "{}: {}",
                copylint::escape::line(&file.path),
                copylint::escape::line(&problem.message)
            ),
            severity: match problem.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Note => miette::Severity::Advice,
            },
        }
    }
}

impl std::fmt::Display for FileProblemReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for FileProblemReport {}

impl miette::Diagnostic for FileProblemReport {
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
}
