//! The GitHub Action (`action.yml`), run the way GitHub's runner runs a composite action.
//! It cannot run on GitHub from here, so this test is the runner: it reads the action's
//! inputs and steps, evaluates the `${{ }}` expressions they use (inputs,
//! `github.action_path`, step outputs, and `if:` conditions with GitHub's implicit
//! `success() &&`), runs each `run:` step as `bash --noprofile --norc -eo pipefail FILE` in
//! a scratch workspace with RUNNER_TEMP, GITHUB_PATH and GITHUB_OUTPUT, and works out the
//! action's outcome from the first failing step. The action's shell logic, input wiring,
//! outputs and exit status are thereby tested with real bash and the real binary.
//!
//! The download step fetches from a local release folder (`COPYLINT_RELEASE_URL`, a
//! `file://` URL, which the action honours for mirrors) laid out as GitHub's releases
//! page: `v<version>/copylint-v<version>-<target>.tar.gz` and its `.sha256`, the archive
//! holding the test binary. Without a release there, the action falls back to building.
//!
//! Two things are not real. `cargo install` in the install step is a fake `cargo` that
//! checks its arguments and copies the test binary (a release build would take minutes);
//! later steps find copylint only through what that step appended to GITHUB_PATH. And the
//! `uses:` steps (the build cache, the SARIF upload) are not performed: the test checks
//! whether they would run and what they would be given.
//!
//! Anything in action.yml this emulation does not understand (another expression, step
//! key, shell or file command) fails the test, so an edit cannot bypass it silently.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Scratch, TODAY};
use serde_yaml::{Mapping, Value};

/// The action's folder (`github.action_path`): the repository root.
const REPO: &str = env!("CARGO_MANIFEST_DIR");

// --- action.yml, as the runner reads it --------------------------------------------------

struct Action {
    /// Each input and its default (empty when it has none, as on GitHub).
    inputs: BTreeMap<String, String>,
    /// Each output of the action and its `value` (an expression).
    outputs: BTreeMap<String, String>,
    steps: Vec<Step>,
}

struct Step {
    name: String,
    id: Option<String>,
    /// The `if:` condition as written.
    condition: Option<String>,
    env: BTreeMap<String, String>,
    kind: Kind,
}

enum Kind {
    /// A `run:` script (`shell: bash`).
    Run(String),
    /// A `uses:` step, with its `with:` values (not yet evaluated).
    Uses {
        action: String,
        with: BTreeMap<String, String>,
    },
}

/// What the emulation knows of: the keys of action.yml, and of a step.
const ACTION_KEYS: &[&str] = &[
    "name",
    "description",
    "author",
    "branding",
    "inputs",
    "outputs",
    "runs",
];
const STEP_KEYS: &[&str] = &["name", "id", "if", "shell", "env", "run", "uses", "with"];

fn load_action() -> Action {
    let text = fs::read_to_string(Path::new(REPO).join("action.yml")).unwrap();
    let doc: Value = serde_yaml::from_str(&text).expect("action.yml is YAML");
    let top = mapping(&doc, "action.yml");
    only_keys(top, ACTION_KEYS, "action.yml");

    let mut inputs = BTreeMap::new();
    for (name, input) in mapping(&doc["inputs"], "inputs") {
        let name = scalar(name, "input name");
        let input = mapping(input, &name);
        only_keys(
            input,
            &["description", "required", "default", "deprecationMessage"],
            &format!("input {name}"),
        );
        let default = input.get("default").map(|d| scalar(d, &name));
        inputs.insert(name, default.unwrap_or_default());
    }

    let mut outputs = BTreeMap::new();
    if let Some(declared) = top.get("outputs") {
        for (name, output) in mapping(declared, "outputs") {
            let name = scalar(name, "output name");
            let output = mapping(output, &name);
            only_keys(output, &["description", "value"], &format!("output {name}"));
            outputs.insert(name.clone(), scalar(&output["value"], &name));
        }
    }

    let runs = mapping(&doc["runs"], "runs");
    only_keys(runs, &["using", "steps"], "runs");
    assert_eq!(
        scalar(&runs["using"], "runs.using"),
        "composite",
        "this test emulates composite actions only"
    );
    let steps = doc["runs"]["steps"]
        .as_sequence()
        .expect("runs.steps is a list")
        .iter()
        .map(load_step)
        .collect();
    Action {
        inputs,
        outputs,
        steps,
    }
}

fn load_step(step: &Value) -> Step {
    let map = mapping(step, "step");
    let name = map.get("name").map(|n| scalar(n, "step name"));
    let what = name.clone().unwrap_or_else(|| format!("{step:?}"));
    // `working-directory`, `continue-on-error`, `timeout-minutes` and the like change how a
    // step runs: refuse them until the emulation learns them.
    only_keys(map, STEP_KEYS, &what);
    let env = map
        .get("env")
        .map(|env| strings(env, &what))
        .unwrap_or_default();
    let kind = match (map.get("run"), map.get("uses")) {
        (Some(run), None) => {
            let shell = map.get("shell").map(|s| scalar(s, &what));
            assert_eq!(
                shell.as_deref(),
                Some("bash"),
                "step {what}: only `shell: bash` is emulated"
            );
            assert!(
                map.get("with").is_none(),
                "step {what}: `with` on a run step"
            );
            Kind::Run(scalar(run, &what))
        }
        (None, Some(uses)) => {
            assert!(
                map.get("shell").is_none(),
                "step {what}: `shell` on a uses step"
            );
            Kind::Uses {
                action: scalar(uses, &what),
                with: map
                    .get("with")
                    .map(|with| strings(with, &what))
                    .unwrap_or_default(),
            }
        }
        _ => panic!("step {what}: needs exactly one of `run` and `uses`"),
    };
    Step {
        name: what,
        id: map.get("id").map(|id| scalar(id, "step id")),
        condition: map.get("if").map(|c| scalar(c, "if")),
        env,
        kind,
    }
}

fn mapping<'a>(value: &'a Value, what: &str) -> &'a Mapping {
    value
        .as_mapping()
        .unwrap_or_else(|| panic!("{what}: expected a mapping, found {value:?}"))
}

/// A scalar as the runner sees it: a string (`true` and `1` become "true" and "1").
fn scalar(value: &Value, what: &str) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => panic!("{what}: expected a string, found {value:?}"),
    }
}

/// A mapping of names to scalars (`env:`, `with:`).
fn strings(value: &Value, what: &str) -> BTreeMap<String, String> {
    mapping(value, what)
        .iter()
        .map(|(k, v)| (scalar(k, what), scalar(v, what)))
        .collect()
}

fn only_keys(map: &Mapping, known: &[&str], what: &str) {
    for key in map.keys() {
        let key = scalar(key, what);
        assert!(
            known.contains(&key.as_str()),
            "{what}: `{key}` is not emulated by tests/action.rs; teach it before using it"
        );
    }
}

// --- GitHub expressions: the subset action.yml uses --------------------------------------

/// A value of an expression. Only what the emulated syntax can produce.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    Null,
    Bool(bool),
    Str(String),
}

impl Val {
    fn truthy(&self) -> bool {
        match self {
            Val::Null => false,
            Val::Bool(b) => *b,
            Val::Str(s) => !s.is_empty(),
        }
    }

    /// As substituted into a string: null is empty.
    fn render(&self) -> String {
        match self {
            Val::Null => String::new(),
            Val::Bool(b) => b.to_string(),
            Val::Str(s) => s.clone(),
        }
    }
}

#[derive(Debug)]
enum Expr {
    Lit(Val),
    /// A context reference: `inputs.paths`, `steps.check.outputs.exit-code`.
    Ref(Vec<String>),
    /// A status function: `always()`, `success()`, `failure()`, `cancelled()`.
    Call(String),
    Not(Box<Expr>),
    Eq(Box<Expr>, Box<Expr>),
    Ne(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

impl Expr {
    fn has_status_function(&self) -> bool {
        match self {
            Expr::Call(_) => true,
            Expr::Lit(_) | Expr::Ref(_) => false,
            Expr::Not(e) => e.has_status_function(),
            Expr::Eq(a, b) | Expr::Ne(a, b) | Expr::And(a, b) | Expr::Or(a, b) => {
                a.has_status_function() || b.has_status_function()
            }
        }
    }
}

/// A recursive-descent parser, with GitHub's precedence (`!`, then `==` `!=`, then `&&`,
/// then `||`). Numbers, indexing, other functions and other operators are refused.
struct Parser<'a> {
    source: &'a str,
    rest: &'a str,
}

fn parse(source: &str) -> Expr {
    let mut p = Parser {
        source,
        rest: source,
    };
    let expr = p.or();
    p.rest = p.rest.trim_start();
    if !p.rest.is_empty() {
        p.fail("unexpected text");
    }
    expr
}

impl Parser<'_> {
    fn fail(&self, why: &str) -> ! {
        panic!(
            "expression `{}`: {why} at `{}`; tests/action.rs does not emulate it",
            self.source, self.rest
        )
    }

    fn eat(&mut self, token: &str) -> bool {
        self.rest = self.rest.trim_start();
        match self.rest.strip_prefix(token) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn or(&mut self) -> Expr {
        let mut e = self.and();
        while self.eat("||") {
            e = Expr::Or(Box::new(e), Box::new(self.and()));
        }
        e
    }

    fn and(&mut self) -> Expr {
        let mut e = self.comparison();
        while self.eat("&&") {
            e = Expr::And(Box::new(e), Box::new(self.comparison()));
        }
        e
    }

    fn comparison(&mut self) -> Expr {
        let mut e = self.unary();
        loop {
            if self.eat("==") {
                e = Expr::Eq(Box::new(e), Box::new(self.unary()));
            } else if self.eat("!=") {
                e = Expr::Ne(Box::new(e), Box::new(self.unary()));
            } else {
                return e;
            }
        }
    }

    fn unary(&mut self) -> Expr {
        if self.eat("!") {
            return Expr::Not(Box::new(self.unary()));
        }
        self.primary()
    }

    fn primary(&mut self) -> Expr {
        if self.eat("(") {
            let e = self.or();
            if !self.eat(")") {
                self.fail("expected `)`");
            }
            return e;
        }
        if self.eat("'") {
            // A string literal; '' is a quote.
            let mut s = String::new();
            loop {
                match self.rest.find('\'') {
                    None => self.fail("unterminated string"),
                    Some(i) => {
                        s.push_str(&self.rest[..i]);
                        self.rest = &self.rest[i + 1..];
                        if !self.eat_raw("'") {
                            return Expr::Lit(Val::Str(s));
                        }
                        s.push('\'');
                    }
                }
            }
        }
        let word = self.word();
        match word.as_str() {
            "true" => return Expr::Lit(Val::Bool(true)),
            "false" => return Expr::Lit(Val::Bool(false)),
            "null" => return Expr::Lit(Val::Null),
            _ => {}
        }
        if self.eat_raw("(") {
            if !self.eat(")") {
                self.fail("function arguments");
            }
            return Expr::Call(word);
        }
        let mut path = vec![word];
        while self.eat_raw(".") {
            path.push(self.word());
        }
        Expr::Ref(path)
    }

    /// `token` right here, with no white space before it.
    fn eat_raw(&mut self, token: &str) -> bool {
        match self.rest.strip_prefix(token) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    /// A name: a letter or `_`, then letters, digits, `_` and `-` (`sarif-file`).
    fn word(&mut self) -> String {
        self.rest = self.rest.trim_start();
        if !self
            .rest
            .starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        {
            self.fail("expected a name");
        }
        let end = self
            .rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(self.rest.len());
        let word = self.rest[..end].to_string();
        self.rest = &self.rest[end..];
        word
    }
}

/// What expressions can see while the action runs.
struct Context<'a> {
    inputs: &'a BTreeMap<String, String>,
    /// The ids of the steps before the current one, and the outputs of those that ran.
    steps: &'a BTreeMap<String, BTreeMap<String, String>>,
    /// Whether a step has failed so far.
    failed: bool,
}

impl Context<'_> {
    fn eval(&self, expr: &Expr) -> Val {
        match expr {
            Expr::Lit(v) => v.clone(),
            Expr::Ref(path) => self.lookup(path),
            Expr::Call(f) => Val::Bool(match f.as_str() {
                "always" => true,
                "success" => !self.failed,
                "failure" => self.failed,
                "cancelled" => false,
                _ => panic!("function {f}() is not emulated by tests/action.rs"),
            }),
            Expr::Not(e) => Val::Bool(!self.eval(e).truthy()),
            Expr::Eq(a, b) => Val::Bool(equal(&self.eval(a), &self.eval(b))),
            Expr::Ne(a, b) => Val::Bool(!equal(&self.eval(a), &self.eval(b))),
            // Like GitHub, `&&` and `||` give one of their operands, evaluated lazily.
            Expr::And(a, b) => match self.eval(a) {
                a if !a.truthy() => a,
                _ => self.eval(b),
            },
            Expr::Or(a, b) => match self.eval(a) {
                a if a.truthy() => a,
                _ => self.eval(b),
            },
        }
    }

    fn lookup(&self, path: &[String]) -> Val {
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        match path.as_slice() {
            ["inputs", name] => Val::Str(
                self.inputs
                    .get(*name)
                    .unwrap_or_else(|| panic!("inputs.{name} is not a declared input"))
                    .clone(),
            ),
            ["github", "action_path"] => Val::Str(REPO.to_string()),
            ["steps", id, "outputs", name] => {
                let outputs = self
                    .steps
                    .get(*id)
                    .unwrap_or_else(|| panic!("steps.{id}: no step before this one has that id"));
                outputs
                    .get(*name)
                    .map_or(Val::Null, |v| Val::Str(v.clone()))
            }
            _ => panic!(
                "context `{}` is not emulated by tests/action.rs",
                path.join(".")
            ),
        }
    }

    /// Replaces each `${{ expression }}` in `text` with its value.
    fn substitute(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 3..];
            let end = after
                .find("}}")
                .unwrap_or_else(|| panic!("unterminated `${{{{` in {text:?}"));
            out.push_str(&self.eval(&parse(&after[..end])).render());
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// Whether a step with this `if:` runs. Without a status function, GitHub adds
    /// `success() &&`; with no `if:` at all, the step runs only after successes.
    fn runs(&self, condition: Option<&str>) -> bool {
        let Some(condition) = condition else {
            return !self.failed;
        };
        let trimmed = condition.trim();
        let source = match trimmed
            .strip_prefix("${{")
            .and_then(|c| c.strip_suffix("}}"))
        {
            Some(inner) if !inner.contains("${{") && !inner.contains("}}") => inner,
            _ if trimmed.contains("${{") => {
                panic!("if: {condition:?} mixes text and expressions; not emulated")
            }
            _ => trimmed,
        };
        let expr = parse(source);
        if expr.has_status_function() {
            self.eval(&expr).truthy()
        } else {
            !self.failed && self.eval(&expr).truthy()
        }
    }
}

/// `==` as GitHub has it for the types emulated: strings compare ignoring case. Of the
/// mixed types (GitHub converts both sides to numbers) only null against a string is
/// emulated, as an output of a step that did not run is null: null is 0, and so is `''`
/// or a string that reads as 0. Other mixes are refused: they would mean a typo.
fn equal(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Str(a), Val::Str(b)) => a.eq_ignore_ascii_case(b),
        (Val::Bool(a), Val::Bool(b)) => a == b,
        (Val::Null, Val::Null) => true,
        (Val::Null, Val::Str(s)) | (Val::Str(s), Val::Null) => {
            let s = s.trim();
            s.is_empty() || s.parse::<f64>() == Ok(0.0)
        }
        _ => panic!("comparing {a:?} with {b:?}: type coercion is not emulated"),
    }
}

// --- The runner --------------------------------------------------------------------------

/// What became of one step.
#[derive(Debug)]
enum Outcome {
    /// Its `if:` was false.
    Skipped,
    /// A `run:` step that ran.
    Ran {
        status: i32,
        stdout: String,
        stderr: String,
    },
    /// A `uses:` step whose `if:` was true: what it would be given (not run).
    WouldUse {
        action: String,
        with: BTreeMap<String, String>,
    },
}

/// One run of the action in a workflow.
struct Job {
    /// The scratch folder: `workspace/` (the checkout), `temp/` (RUNNER_TEMP), and so on.
    scratch: Scratch,
    /// Each step's name and outcome, in order.
    steps: Vec<(String, Outcome)>,
    /// The action's outputs (`outputs:` evaluated after the last step).
    outputs: BTreeMap<String, String>,
    /// 0, or the exit status of the first step that failed: the job's outcome.
    status: i32,
    /// The arguments of each call of `cargo`.
    cargo_calls: Vec<String>,
}

impl Job {
    fn workspace(&self) -> PathBuf {
        self.scratch.path().join("workspace")
    }

    fn step(&self, name: &str) -> &Outcome {
        self.steps
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, outcome)| outcome)
            .unwrap_or_else(|| panic!("no step named {name:?} in action.yml"))
    }

    /// The status and output of a `run:` step that ran.
    fn ran(&self, name: &str) -> (i32, &str, &str) {
        match self.step(name) {
            Outcome::Ran {
                status,
                stdout,
                stderr,
            } => (*status, stdout, stderr),
            other => panic!("step {name:?} did not run: {other:?}\n{}", self.log()),
        }
    }

    /// Everything the steps printed, for assertion messages.
    fn log(&self) -> String {
        let mut log = String::new();
        for (name, outcome) in &self.steps {
            log.push_str(&format!("== {name}: {outcome:?}\n"));
        }
        log
    }
}

/// What the fake `cargo` does when the install step calls it.
#[derive(Clone, Copy, PartialEq)]
enum Cargo {
    /// Copies the test binary to `<root>/bin/copylint`.
    InstallsTheTestBinary,
    /// Fails as a failed build would (status 101).
    FailsToBuild,
}

/// What the release folder holds for the action's version and this runner.
#[derive(Clone, Copy, PartialEq)]
enum Release {
    /// Nothing: the version was never released.
    Missing,
    /// The archive holding the test binary, and its correct SHA-256.
    Published,
    /// The archive, and a SHA-256 that is not its own (a tampered download).
    Tampered,
}

/// The runner's `RUNNER_ARCH` and the release target it downloads, for this machine.
fn runner_arch_and_target() -> (&'static str, &'static str) {
    match std::env::consts::ARCH {
        "aarch64" => ("ARM64", "aarch64-unknown-linux-musl"),
        _ => ("X64", "x86_64-unknown-linux-musl"),
    }
}

/// Lays out `folder` as GitHub's releases download URL would, for `release`.
fn publish(folder: &Path, release: Release) {
    fs::create_dir_all(folder).unwrap();
    if release == Release::Missing {
        return;
    }
    let version = env!("CARGO_PKG_VERSION");
    let name = format!("copylint-v{version}-{}", runner_arch_and_target().1);
    let tag = folder.join(format!("v{version}"));
    let staging = folder.join("staging").join(&name);
    fs::create_dir_all(&staging).unwrap();
    fs::create_dir_all(&tag).unwrap();
    fs::copy(env!("CARGO_BIN_EXE_copylint"), staging.join("copylint")).unwrap();
    let archive = tag.join(format!("{name}.tar.gz"));
    let tar = Command::new("tar")
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(staging.parent().unwrap())
        .arg(&name)
        .status()
        .unwrap();
    assert!(tar.success());
    let sum = Command::new("sha256sum").arg(&archive).output().unwrap();
    let mut sum = String::from_utf8(sum.stdout).unwrap();
    let hash = sum.split(' ').next().unwrap().to_string();
    if release == Release::Tampered {
        // Another archive's hash: one digit changed.
        let flipped = if hash.starts_with('0') { "1" } else { "0" };
        sum = sum.replacen(&hash[..1], flipped, 1);
    }
    // As the release workflow writes it: `HASH  NAME`.
    let line = sum.replace(
        &archive.to_string_lossy().into_owned(),
        &format!("{name}.tar.gz"),
    );
    fs::write(tag.join(format!("{name}.tar.gz.sha256")), line).unwrap();
}

/// Runs the action on a workspace holding `docs`, given `with` (the workflow's `with:`).
fn run_action(docs: &[(&str, &str)], with: &[(&str, &str)]) -> Job {
    run_action_with(docs, with, Cargo::InstallsTheTestBinary, Release::Missing)
}

fn run_action_with(
    docs: &[(&str, &str)],
    with: &[(&str, &str)],
    cargo: Cargo,
    release: Release,
) -> Job {
    let action = load_action();
    let mut inputs = action.inputs.clone();
    for (name, value) in with {
        let input = inputs
            .get_mut(*name)
            .unwrap_or_else(|| panic!("action.yml declares no input {name:?}"));
        *input = value.to_string();
    }

    let scratch = Scratch::new();
    for (path, text) in docs {
        scratch.write(&format!("workspace/{path}"), text);
    }
    let dir = |name: &str| {
        let path = scratch.path().join(name);
        fs::create_dir_all(&path).unwrap();
        path
    };
    let (workspace, temp, home, fake_bin, files) = (
        dir("workspace"),
        dir("temp"),
        dir("home"),
        dir("fake-bin"),
        dir("files"),
    );
    let cargo_log = files.join("cargo-calls");
    write_fake_cargo(&fake_bin.join("cargo"), &cargo_log, cargo);
    let releases = scratch.path().join("releases");
    publish(&releases, release);

    // The PATH every step starts from: the fake cargo first (GitHub's runners have cargo),
    // then this machine's PATH without any folder holding a copylint, so that steps can
    // only find the one the install step adds to GITHUB_PATH.
    let mut base_path = vec![fake_bin.to_string_lossy().into_owned()];
    for folder in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        if !folder.as_os_str().is_empty() && !folder.join("copylint").exists() {
            base_path.push(folder.to_string_lossy().into_owned());
        }
    }
    let binary_folder = Path::new(env!("CARGO_BIN_EXE_copylint")).parent().unwrap();
    assert!(!base_path.contains(&binary_folder.to_string_lossy().into_owned()));
    // What steps appended to GITHUB_PATH, newest first (each is prepended to PATH).
    let mut added_path: Vec<String> = Vec::new();

    let mut steps = Vec::new();
    let mut outputs_by_id: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut status = 0;
    for (i, step) in action.steps.iter().enumerate() {
        let context = Context {
            inputs: &inputs,
            steps: &outputs_by_id,
            failed: status != 0,
        };
        if !context.runs(step.condition.as_deref()) {
            steps.push((step.name.clone(), Outcome::Skipped));
            register(&mut outputs_by_id, step);
            continue;
        }
        let env: BTreeMap<String, String> = step
            .env
            .iter()
            .map(|(k, v)| (k.clone(), context.substitute(v)))
            .collect();
        let outcome = match &step.kind {
            Kind::Uses { action, with } => Outcome::WouldUse {
                action: action.clone(),
                with: with
                    .iter()
                    .map(|(k, v)| (k.clone(), context.substitute(v)))
                    .collect(),
            },
            Kind::Run(script) => {
                // The runner writes the script, expressions substituted, to a file in
                // RUNNER_TEMP and gives each step fresh files for the file commands.
                let script_file = temp.join(format!("step-{i}.sh"));
                fs::write(&script_file, context.substitute(script)).unwrap();
                let step_files = files.join(format!("step-{i}"));
                fs::create_dir_all(&step_files).unwrap();
                let file = |name: &str| {
                    let path = step_files.join(name);
                    fs::write(&path, "").unwrap();
                    path
                };
                let (output_file, path_file, env_file) =
                    (file("output"), file("path"), file("env"));
                let path: Vec<&String> = added_path.iter().chain(&base_path).collect();
                let out = Command::new("bash")
                    .args(["--noprofile", "--norc", "-eo", "pipefail"])
                    .arg(&script_file)
                    .current_dir(&workspace)
                    .env_clear()
                    .env("PATH", std::env::join_paths(path).unwrap())
                    .env("HOME", &home)
                    .env("LANG", "C.UTF-8")
                    .env("CI", "true")
                    .env("GITHUB_ACTIONS", "true")
                    .env("GITHUB_WORKSPACE", &workspace)
                    .env("GITHUB_ACTION_PATH", REPO)
                    .env("GITHUB_ACTION_REPOSITORY", "copylint/copylint")
                    .env("RUNNER_OS", "Linux")
                    .env("RUNNER_ARCH", runner_arch_and_target().0)
                    .env(
                        "COPYLINT_RELEASE_URL",
                        format!("file://{}", releases.display()),
                    )
                    .env("RUNNER_TEMP", &temp)
                    .env("GITHUB_OUTPUT", &output_file)
                    .env("GITHUB_PATH", &path_file)
                    .env("GITHUB_ENV", &env_file)
                    // Not the runner's: keeps dated rules and waivers still, as elsewhere.
                    .env("COPYLINT_TODAY", TODAY)
                    .envs(&env)
                    .output()
                    .expect("bash runs");
                let code = out
                    .status
                    .code()
                    .unwrap_or_else(|| panic!("step {:?} was killed: {out:?}", step.name));

                let outputs = read_outputs(&output_file, &step.name);
                if let Some(id) = &step.id {
                    outputs_by_id.insert(id.clone(), outputs);
                }
                for line in fs::read_to_string(&path_file).unwrap().lines() {
                    if !line.is_empty() {
                        added_path.insert(0, line.to_string());
                    }
                }
                assert_eq!(
                    fs::read_to_string(&env_file).unwrap(),
                    "",
                    "step {:?} wrote to GITHUB_ENV, which tests/action.rs does not emulate",
                    step.name
                );
                if status == 0 {
                    status = code;
                }
                Outcome::Ran {
                    status: code,
                    stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                    stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                }
            }
        };
        register(&mut outputs_by_id, step);
        steps.push((step.name.clone(), outcome));
    }

    let context = Context {
        inputs: &inputs,
        steps: &outputs_by_id,
        failed: status != 0,
    };
    let outputs = action
        .outputs
        .iter()
        .map(|(name, value)| (name.clone(), context.substitute(value)))
        .collect();
    let cargo_calls = fs::read_to_string(&cargo_log)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    Job {
        scratch,
        steps,
        outputs,
        status,
        cargo_calls,
    }
}

/// Makes a step's id known to later steps (with no outputs unless it set some).
fn register(outputs_by_id: &mut BTreeMap<String, BTreeMap<String, String>>, step: &Step) {
    if let Some(id) = &step.id {
        outputs_by_id.entry(id.clone()).or_default();
    }
}

/// The `name=value` lines of a step's GITHUB_OUTPUT file.
fn read_outputs(file: &Path, step: &str) -> BTreeMap<String, String> {
    let text = fs::read_to_string(file).unwrap();
    text.lines()
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (name, value) = line.split_once('=').unwrap_or_else(|| {
                panic!(
                    "step {step:?}: GITHUB_OUTPUT line {line:?} is not name=value \
                     (the multi-line form is not emulated)"
                )
            });
            (name.to_string(), value.to_string())
        })
        .collect()
}

/// A `cargo` that accepts only `cargo install [--locked] [--quiet] --path <the action's
/// folder> --root <dir>` and then copies the test binary to `<dir>/bin/copylint`.
fn write_fake_cargo(file: &Path, log: &Path, behaviour: Cargo) {
    let quote = |path: &Path| format!("'{}'", path.to_string_lossy().replace('\'', r"'\''"));
    let install = match behaviour {
        Cargo::InstallsTheTestBinary => format!(
            "mkdir -p \"$root/bin\" && cp {} \"$root/bin/copylint\"",
            quote(Path::new(env!("CARGO_BIN_EXE_copylint")))
        ),
        Cargo::FailsToBuild => {
            "echo 'error: could not compile `copylint`' >&2; exit 101".to_string()
        }
    };
    let script = format!(
        r#"#!/bin/sh
# A stand-in for `cargo install`, written by tests/action.rs.
printf '%s\n' "$*" >> {log}
fail() {{ echo "fake cargo: $*" >&2; exit 101; }}
[ "$1" = install ] || fail "expected 'cargo install', got: cargo $*"
shift
path= root=
while [ $# -gt 0 ]; do
  case $1 in
    --path) [ $# -ge 2 ] || fail "--path needs a value"; path=$2; shift 2 ;;
    --root) [ $# -ge 2 ] || fail "--root needs a value"; root=$2; shift 2 ;;
    --locked|--quiet) shift ;;
    *) fail "unexpected argument: $1" ;;
  esac
done
[ "$path" = {repo} ] || fail "--path is '$path', not the action's folder"
[ -n "$root" ] || fail "no --root"
{install}
"#,
        log = quote(log),
        repo = quote(Path::new(REPO)),
    );
    fs::write(file, script).unwrap();
    fs::set_permissions(file, fs::Permissions::from_mode(0o755)).unwrap();
}

// --- The cases ---------------------------------------------------------------------------

const BANNED: &str = "SRE enables access to ChatGPT for every team.\n";
const CLEAN: &str = "SRE is powered by OpenAI.\n";

const DOWNLOAD: &str = "Download copylint";
const CACHE: &str = "Cache the source build";
const INSTALL: &str = "Install copylint";
const CHECK: &str = "Check";
const UPLOAD: &str = "Upload SARIF to code scanning";
const FAIL: &str = "Fail on findings";

/// The install step called `cargo install` once, on the action's folder.
fn assert_installed(job: &Job) {
    let (status, _, stderr) = job.ran(INSTALL);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(job.cargo_calls.len(), 1, "{:?}", job.cargo_calls);
    assert!(
        job.cargo_calls[0].starts_with("install "),
        "{:?}",
        job.cargo_calls
    );
}

#[test]
fn by_default_findings_are_annotations_and_fail_the_job() {
    let job = run_action(&[("docs/deck.md", BANNED)], &[]);
    assert_installed(&job);

    let (status, stdout, _) = job.ran(CHECK);
    assert_eq!(status, 0, "{}", job.log());
    // A workflow command the runner turns into an annotation on the pull request.
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("::error file=docs/deck.md,line=1")),
        "{stdout}"
    );
    assert_eq!(job.outputs["exit-code"], "1");

    assert!(
        matches!(job.step(UPLOAD), Outcome::Skipped),
        "{}",
        job.log()
    );
    let (status, stdout, _) = job.ran(FAIL);
    assert_eq!(status, 1);
    assert!(stdout.contains("copylint exited with status 1"), "{stdout}");
    assert_eq!(job.status, 1, "{}", job.log());
    // No SARIF unless asked for.
    assert!(!job.workspace().join("copylint.sarif").exists());
}

#[test]
fn sarif_without_annotations_or_failing_is_uploaded_and_the_job_succeeds() {
    let job = run_action(
        &[("docs/deck.md", BANNED)],
        &[
            ("sarif", "true"),
            ("annotations", "false"),
            ("fail", "false"),
        ],
    );
    assert_installed(&job);
    let (status, stdout, _) = job.ran(CHECK);
    assert_eq!(status, 0, "{}", job.log());
    assert!(!stdout.contains("::error"), "{stdout}");
    assert_eq!(job.outputs["exit-code"], "1");

    // The upload would run, on the file the check step wrote in the workspace.
    let Outcome::WouldUse { action, with } = job.step(UPLOAD) else {
        panic!("the upload would not run:\n{}", job.log());
    };
    assert!(action.starts_with("github/codeql-action/upload-sarif@"));
    assert_eq!(with["sarif_file"], "copylint.sarif");
    assert_eq!(with["category"], "copylint");
    let sarif = fs::read_to_string(job.workspace().join(&with["sarif_file"])).unwrap();
    let log: serde_json::Value = serde_json::from_str(&sarif).expect("the SARIF file is JSON");
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{sarif}");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "docs/deck.md"
    );
    // The schema is checked in tests/formats.rs; here, that it reads as SARIF at all.
    let _: serde_sarif::sarif::Sarif = serde_json::from_value(log).unwrap();

    assert!(matches!(job.step(FAIL), Outcome::Skipped), "{}", job.log());
    assert_eq!(job.status, 0, "{}", job.log());
}

#[test]
fn sarif_and_annotations_together_both_report_and_findings_still_fail() {
    let job = run_action(&[("docs/deck.md", BANNED)], &[("sarif", "true")]);
    let (_, stdout, _) = job.ran(CHECK);
    assert!(
        stdout.contains("::error file=docs/deck.md,line=1"),
        "{stdout}"
    );
    assert_eq!(job.outputs["exit-code"], "1");
    // The upload comes before the failing step, so it runs either way.
    let Outcome::WouldUse { with, .. } = job.step(UPLOAD) else {
        panic!("the upload would not run:\n{}", job.log());
    };
    let sarif = fs::read_to_string(job.workspace().join(&with["sarif_file"])).unwrap();
    let log: serde_json::Value = serde_json::from_str(&sarif).expect("the SARIF file is JSON");
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 1);
    assert_eq!(job.ran(FAIL).0, 1);
    assert_eq!(job.status, 1);
}

#[test]
fn clean_docs_pass() {
    let job = run_action(&[("docs/deck.md", CLEAN)], &[]);
    assert_installed(&job);
    let (status, stdout, _) = job.ran(CHECK);
    assert_eq!(status, 0, "{}", job.log());
    assert!(!stdout.contains("::"), "{stdout}");
    assert_eq!(job.outputs["exit-code"], "0");
    assert!(matches!(job.step(UPLOAD), Outcome::Skipped));
    assert!(matches!(job.step(FAIL), Outcome::Skipped));
    assert_eq!(job.status, 0, "{}", job.log());
}

#[test]
fn args_and_paths_are_split_into_words() {
    // A warning only: it fails only through `--fail-on warning`, found only with the pack
    // from `--lexicon builtin:cloud-claims`, and is in both paths. Were either input passed
    // as one word, copylint would fail on an unknown argument or a missing path (status 2).
    let claim = "SRE has 100% uptime, guaranteed.\n";
    let docs = [
        ("docs/deck.md", claim),
        ("blog/post.md", claim),
        ("other/ignored.md", claim),
    ];
    let job = run_action(
        &docs,
        &[
            (
                "args",
                "--fail-on warning --no-default-lexicon --lexicon builtin:cloud-claims",
            ),
            ("paths", "docs  blog/post.md"),
        ],
    );
    let (_, stdout, stderr) = job.ran(CHECK);
    assert_eq!(job.outputs["exit-code"], "1", "{stdout}\n{stderr}");
    let files: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("::warning "))
        .map(|l| l.split([' ', ',']).nth(1).unwrap())
        .collect();
    assert!(files.contains(&"file=docs/deck.md"), "{stdout}");
    assert!(files.contains(&"file=blog/post.md"), "{stdout}");
    assert!(!stdout.contains("other/ignored.md"), "{stdout}");
    assert_eq!(job.ran(FAIL).0, 1);
    assert_eq!(job.status, 1);

    // Without the flags the warning neither shows nor fails: they did take effect.
    let job = run_action(&docs, &[("paths", "docs blog/post.md")]);
    assert_eq!(job.outputs["exit-code"], "0", "{}", job.log());
    assert_eq!(job.status, 0);
}

#[test]
fn copylint_failing_fails_the_job_with_its_status() {
    let job = run_action(&[("docs/deck.md", BANNED)], &[("paths", "missing-folder")]);
    let (status, _, stderr) = job.ran(CHECK);
    assert_eq!(status, 0, "{}", job.log());
    assert!(stderr.contains("missing-folder"), "{stderr}");
    assert_eq!(job.outputs["exit-code"], "2");
    let (status, stdout, _) = job.ran(FAIL);
    assert_eq!(status, 2);
    assert!(stdout.contains("copylint exited with status 2"), "{stdout}");
    assert_eq!(job.status, 2);
}

#[test]
fn a_failed_install_skips_the_check_and_fails_the_job() {
    let job = run_action_with(
        &[("docs/deck.md", BANNED)],
        &[("sarif", "true")],
        Cargo::FailsToBuild,
        Release::Missing,
    );
    let (status, _, stderr) = job.ran(INSTALL);
    assert_eq!(status, 101);
    assert!(stderr.contains("could not compile"), "{stderr}");
    assert!(matches!(job.step(CHECK), Outcome::Skipped), "{}", job.log());
    assert!(matches!(job.step(FAIL), Outcome::Skipped), "{}", job.log());
    assert_eq!(job.outputs["exit-code"], "");
    assert_eq!(job.status, 101);
    // No SARIF log was written, so nothing is uploaded.
    assert!(!job.workspace().join("copylint.sarif").exists());
    assert!(
        matches!(job.step(UPLOAD), Outcome::Skipped),
        "{}",
        job.log()
    );
}

#[test]
fn copylint_failing_fails_the_job_even_when_findings_may_pass() {
    let job = run_action(
        &[("docs/deck.md", BANNED)],
        &[("paths", "missing-folder"), ("fail", "false")],
    );
    assert_eq!(job.outputs["exit-code"], "2");
    let (status, stdout, _) = job.ran(FAIL);
    assert_eq!(status, 2);
    assert!(stdout.contains("copylint exited with status 2"), "{stdout}");
    assert_eq!(job.status, 2);
}

#[test]
fn a_published_release_is_downloaded_verified_and_used_without_building() {
    let job = run_action_with(
        &[("docs/deck.md", BANNED)],
        &[],
        Cargo::FailsToBuild,
        Release::Published,
    );
    let (status, stdout, stderr) = job.ran(DOWNLOAD);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("downloaded and verified"), "{stdout}");
    assert!(matches!(job.step(CACHE), Outcome::Skipped), "{}", job.log());
    assert!(
        matches!(job.step(INSTALL), Outcome::Skipped),
        "{}",
        job.log()
    );
    assert!(job.cargo_calls.is_empty(), "{:?}", job.cargo_calls);
    // The downloaded binary found the finding.
    let (_, stdout, _) = job.ran(CHECK);
    assert!(stdout.contains("access-wording"), "{stdout}");
    assert_eq!(job.outputs["exit-code"], "1");
}

#[test]
fn a_checksum_mismatch_fails_the_step_and_runs_nothing() {
    let job = run_action_with(
        &[("docs/deck.md", BANNED)],
        &[],
        Cargo::InstallsTheTestBinary,
        Release::Tampered,
    );
    let (status, stdout, _) = job.ran(DOWNLOAD);
    assert_eq!(status, 1);
    assert!(
        stdout.contains("::error::") && stdout.contains("does not match its published SHA-256"),
        "{stdout}"
    );
    for step in [CACHE, INSTALL, CHECK, FAIL] {
        assert!(matches!(job.step(step), Outcome::Skipped), "{}", job.log());
    }
    assert!(job.cargo_calls.is_empty(), "{:?}", job.cargo_calls);
    assert_eq!(job.status, 1);
}

#[test]
fn without_a_release_the_source_build_is_cached_by_the_source() {
    let job = run_action(&[("docs/deck.md", CLEAN)], &[]);
    let (_, stdout, _) = job.ran(DOWNLOAD);
    assert!(stdout.contains("building from source"), "{stdout}");
    let Outcome::WouldUse { action, with } = job.step(CACHE) else {
        panic!("the cache step does not run: {}", job.log());
    };
    assert_eq!(action, "actions/cache@v4");
    assert!(with["key"].starts_with("copylint-Linux-"), "{with:?}");
    let arch = runner_arch_and_target().0;
    assert_eq!(
        with["key"].len(),
        "copylint-Linux-".len() + arch.len() + 1 + 64,
        "{with:?}"
    );
    assert!(with["path"].ends_with("/copylint"), "{with:?}");
    assert_installed(&job);
}

#[test]
fn every_runner_the_action_knows_has_a_release_target() {
    let action = fs::read_to_string(Path::new(REPO).join("action.yml")).unwrap();
    let release =
        fs::read_to_string(Path::new(REPO).join(".github/workflows/release.yml")).unwrap();
    let release: Value = serde_yaml::from_str(&release).unwrap();
    let matrix = &release["jobs"]["build"]["strategy"]["matrix"]["include"];
    let built: Vec<&str> = matrix
        .as_sequence()
        .expect("jobs.build.strategy.matrix.include")
        .iter()
        .map(|entry| entry["target"].as_str().unwrap())
        .collect();
    let wanted: Vec<&str> = action
        .lines()
        .filter_map(|l| l.trim().split_once(") target=")?.1.strip_suffix(" ;;"))
        .filter(|target| !target.is_empty())
        .collect();
    assert_eq!(wanted.len(), 5, "{wanted:?}");
    for target in &wanted {
        assert!(
            built.contains(target),
            "release.yml does not build {target}"
        );
    }
}

// --- The emulation itself ----------------------------------------------------------------

fn context_with<'a>(
    inputs: &'a BTreeMap<String, String>,
    steps: &'a BTreeMap<String, BTreeMap<String, String>>,
    failed: bool,
) -> Context<'a> {
    Context {
        inputs,
        steps,
        failed,
    }
}

#[test]
fn conditions_follow_githubs_rules() {
    let inputs = BTreeMap::from([("sarif".to_string(), "True".to_string())]);
    let steps = BTreeMap::from([(
        "check".to_string(),
        BTreeMap::from([("exit-code".to_string(), "1".to_string())]),
    )]);
    let ok = context_with(&inputs, &steps, false);
    let failed = context_with(&inputs, &steps, true);
    // No `if:`, or one without a status function: only after successes.
    assert!(ok.runs(None));
    assert!(!failed.runs(None));
    assert!(ok.runs(Some("${{ inputs.sarif == 'true' }}"))); // strings ignore case
    assert!(!failed.runs(Some("inputs.sarif == 'true'")));
    assert!(failed.runs(Some("${{ always() && inputs.sarif == 'true' }}")));
    assert!(!failed.runs(Some("always() && inputs.sarif != 'true'")));
    assert!(failed.runs(Some("failure()")));
    assert!(!ok.runs(Some("failure()")));
    assert!(ok.runs(Some(
        "steps.check.outputs.exit-code != '0' && !(false || null)"
    )));
    assert!(ok.runs(Some("'it''s' == 'IT''S'")));
    // An output that was never set is null, which equals '' (and '0') as GitHub coerces.
    assert!(ok.runs(Some("steps.check.outputs.other == ''")));
    assert!(!ok.runs(Some("steps.check.outputs.other != ''")));
    assert!(ok.runs(Some("steps.check.outputs.exit-code != ''")));
    assert_eq!(
        ok.substitute(
            "[${{ inputs.sarif }}|${{steps.check.outputs.exit-code}}|\
             ${{ steps.check.outputs.other }}]"
        ),
        "[True|1|]"
    );
}

#[test]
fn what_the_emulation_does_not_know_fails_loudly() {
    let inputs = BTreeMap::from([("sarif".to_string(), "true".to_string())]);
    let steps = BTreeMap::new();
    for unknown in [
        "${{ inputs.nope }}",
        "${{ github.event_name }}",
        "${{ steps.later.outputs.x }}",
        "${{ hashFiles('x') }}",
        "${{ inputs.sarif > 1 }}",
        "${{ fromJSON(inputs.sarif) }}",
        "${{ inputs.sarif == true }}",
        "${{ env.X }}",
    ] {
        let result =
            std::panic::catch_unwind(|| context_with(&inputs, &steps, false).substitute(unknown));
        assert!(result.is_err(), "{unknown} was accepted");
    }
}
