//! The subcommands about lexicons: `rules`, `explain RULE` and `test-lexicon FILE...`.

use copylint::cli::{ExplainArgs, RulesArgs, TestLexiconArgs};
use copylint::lint::{BaselineChoice, Linter};
use copylint::render::{self};
use copylint::{examples, expiry};

use super::{CLEAN, FINDINGS, linter, print_out};

/// `copylint rules`.
pub fn rules(args: RulesArgs) -> miette::Result<u8> {
    let linter = linter(&args.lexicon, &args.config, None, BaselineChoice::None)?;
    print_out(|out| render::explain::rules(linter.engine(), out))?;
    Ok(CLEAN)
}

/// `copylint explain RULE`.
pub fn explain(args: ExplainArgs) -> miette::Result<u8> {
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
pub fn test_lexicon(args: TestLexiconArgs) -> miette::Result<u8> {
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
