//! `copylint check`: lints the paths named, prints what it found, fixes or shows fixes.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use copylint::cli::CheckArgs;
use copylint::config::{self};
use copylint::escape;
use copylint::identity::RunIdentity;
use copylint::lexicon::Severity;
use copylint::lint::{self, BaselineChoice, FileSink, FixMode, Inputs, RunOptions};
use copylint::render::jsonl::Stream;
use copylint::render::terminal::{self};
use copylint::render::{self, Format, RenderOptions};

use super::{CLEAN, FAILURE, FINDINGS, linter, plural, print_out, run};

pub fn check(args: CheckArgs) -> miette::Result<u8> {
    if args.statistics && args.format != Format::Human {
        miette::bail!(
            "--statistics adds a table to the human output; it applies to no other format"
        );
    }
    if args.format == Format::Jsonl && args.write_baseline.is_some() {
        miette::bail!("--write-baseline needs the whole run; use --format json with it");
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
    // JSON Lines are written as files are done, not kept to the end.
    let stream = (args.format == Format::Jsonl && fix != FixMode::Diff)
        .then(|| Arc::new(Stream::new(io::BufWriter::new(io::stdout()))));
    let options = RunOptions {
        jobs: args.jobs.unwrap_or(0),
        fix,
        keep_clean_files: args.format.lists_clean_files(),
        progress: None,
        fix_follow_symlinks: args.fix_follow_symlinks,
        sink: stream.clone().map(|stream| {
            let sink: FileSink = Arc::new(move |file| stream.file(file));
            sink
        }),
    };
    let mut report = run(&linter, &inputs, options, args.format == Format::Human);
    report.config = linter.settings().config_name().map(str::to_string);
    let baseline_file = match baseline {
        BaselineChoice::File(file) => Some(file),
        BaselineChoice::FromConfig => linter.settings().baseline.as_deref(),
        BaselineChoice::None => None,
    };
    report.identity = Some(RunIdentity::new(
        linter.settings(),
        linter.engine(),
        baseline_file,
    ));
    report.paths = args.paths.iter().map(|p| lint::display_path(p)).collect();
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
    match stream.map(Arc::into_inner) {
        Some(Some(stream)) => match stream.finish(&mut report, linter.engine()) {
            Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
                miette::bail!("cannot write to standard output: {err}")
            }
            _ => {}
        },
        Some(None) => miette::bail!("internal error: the JSON Lines output outlived its run"),
        None => {
            print_out(|out| render::render(args.format, &report, linter.engine(), options, out))?
        }
    }
    // A file that could not be read as text was not checked: a warning, so that
    // `--fail-on warning` (or `note`) fails on it as on a finding.
    let fail_on = linter.settings().fail_on;
    Ok(if report.summary.failures > 0 {
        FAILURE
    } else if findings_at(&report.summary, fail_on)
        || (report.summary.not_checked > 0 && Severity::Warning >= fail_on)
    {
        FINDINGS
    } else {
        CLEAN
    })
}

/// Whether findings that are not suppressed reach `level` (counted in the summary, which
/// a streamed run's report still has when its findings are written and gone).
fn findings_at(summary: &copylint::diagnostic::Summary, level: Severity) -> bool {
    [
        (Severity::Error, summary.errors),
        (Severity::Warning, summary.warnings),
        (Severity::Note, summary.notes),
    ]
    .iter()
    .any(|&(severity, count)| severity >= level && count > 0)
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
