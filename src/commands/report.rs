//! `copylint report`: lints as `check` does, then writes the HTML page and/or the CSV.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use copylint::cli::ReportArgs;
use copylint::diagnostic::{FileReport, Report};
use copylint::identity::RunIdentity;
use copylint::lint::{BaselineChoice, Inputs, Linter, RunOptions};
use copylint::render::report_html::ReportContext;
use copylint::render::terminal::{self, ColorChoice};
use copylint::render::{self};

use super::{CLEAN, FAILURE, linter, run, wrote};

/// `copylint report`: checks as `check` does, then writes the HTML page and/or the CSV.
pub fn report(args: ReportArgs) -> miette::Result<u8> {
    let baseline = args
        .baseline
        .as_deref()
        .map_or(BaselineChoice::FromConfig, BaselineChoice::File);
    let linter = linter(&args.lexicon, &args.config, None, baseline)?;
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        miette::bail!("copylint report reads files and folders, not standard input");
    }
    let inputs = if !args.from.is_empty() {
        Inputs::default()
    } else {
        Inputs::from_command_line(&args.paths, args.files_from.as_deref(), None, |p| {
            linter.kind_for(p)
        })?
    };
    let options = RunOptions {
        jobs: args.jobs.unwrap_or(0),
        ..RunOptions::default()
    };
    let report = if args.from.is_empty() {
        run(&linter, &inputs, options, true)
    } else {
        merged(&linter, &args)?
    };
    terminal::print_problems(&report);
    if args.statistics {
        let stdout = io::stdout();
        let color = terminal::use_color(ColorChoice::Auto, stdout.is_terminal());
        render::statistics::render(&report, linter.engine(), color, &mut stdout.lock())
            .map_err(|e| miette::miette!("cannot write the statistics: {e}"))?;
    }
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
        let paths = if args.from.is_empty() {
            inputs.paths.clone()
        } else {
            report.paths.iter().map(PathBuf::from).collect()
        };
        let context = ReportContext::new(
            &paths,
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

/// `--from`: the report of the runs whose outputs are named, merged, with the notices of
/// this linter (expired rules; expired waivers with what they would have covered in all
/// the runs).
fn merged(linter: &Linter, args: &ReportArgs) -> miette::Result<Report> {
    let baseline = args
        .baseline
        .as_deref()
        .or(linter.settings().baseline.as_deref());
    let identity = RunIdentity::new(linter.settings(), linter.engine(), baseline);
    let merged = copylint::merge::merge(&args.from, linter.engine(), &identity)?;
    let mut report = merged.report;
    let lapsed = Report {
        files: vec![FileReport {
            lapsed_waivers: merged.lapsed_waivers,
            ..FileReport::default()
        }],
        ..Report::default()
    };
    report.notices = linter.notices(&lapsed);
    report.paths = merged.paths;
    report.config = linter.settings().config_name().map(str::to_string);
    say!(
        "merged {} from {}",
        super::plural(merged.runs, "run"),
        super::plural(args.from.len(), "file")
    );
    Ok(report)
}
