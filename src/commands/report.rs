//! `copylint report`: lints as `check` does, then writes the HTML page and/or the CSV.

use copylint::cli::ReportArgs;
use copylint::lint::{BaselineChoice, Inputs, RunOptions};
use copylint::render::report_html::ReportContext;
use copylint::render::terminal::{self};
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
