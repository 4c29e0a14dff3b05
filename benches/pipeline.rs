//! Criterion benchmarks of the in-memory pipeline on real documents: the prefilter scan,
//! prose extraction, matching and resolution, and the whole check.
//!
//! Inputs come from `../shared/corpus/real` (real cloud docs): an OpenAI-heavy file, where
//! every stage runs, and a file without OpenAI terms, which the prefilter clears. Falls back
//! to the bundled samples when the corpus is not beside the project. A third document is
//! dense with findings (every sentence has one), to time the rewrites chosen for them:
//! `check` there against `check-without-roles`, the same lexicon with its rewrite roles
//! taken out.
//!
//!     cargo bench --bench pipeline

use std::path::{Path, PathBuf};

use copylint::lexicon::{Engine, LexiconSource, compile};
use copylint::matcher::find_hits;
use copylint::normalize::NormalizedText;
use copylint::prefilter::GateScratch;
use copylint::prose::{self, BlockBuilder, BlockSink, DocumentKind};
use copylint::{Checker, sentence};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn engine() -> Engine {
    compile(&[LexiconSource::builtin("openai-on-aws").unwrap()]).unwrap()
}

/// (name, text) of the benchmark documents.
fn documents() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus/real");
    let wanted: [(&str, PathBuf); 2] = [
        ("openai-heavy", corpus.join("semantic-kernel-docs/semantic-kernel/concepts/ai-services/chat-completion/index.md")),
        ("no-openai-terms", corpus.join("amazon-sagemaker-developer-guide/doc_source/canvas-prepare-data.md")),
    ];
    let mut docs = Vec::new();
    for (name, path) in wanted {
        if let Ok(text) = std::fs::read_to_string(&path) {
            docs.push((name.to_string(), text));
        }
    }
    if docs.is_empty() {
        let text = std::fs::read_to_string(root.join("samples/landing-page.md")).unwrap();
        docs.push(("sample".to_string(), text.repeat(50)));
    }
    docs
}

struct Count(usize);

impl BlockSink for Count {
    fn block(&mut self, block: &NormalizedText) {
        self.0 += block.text.len();
    }
}

/// Collects normalised blocks, to benchmark matching on them alone.
struct Blocks(Vec<String>);

impl BlockSink for Blocks {
    fn block(&mut self, block: &NormalizedText) {
        self.0.push(block.text.clone());
    }
}

/// Sentences with one finding each, of the kinds rewrites are chosen for.
const DENSE: &[&str] = &[
    "SRE enables access to ChatGPT Enterprise for every analyst on your team.",
    "The planner calls on GPT-5 whenever a task needs more than ten steps.",
    "Give your developers access to Codex in seconds.",
    "New hires are given access to GPT-4o on their first day.",
    "API calls to GPT-5 are billed to your AWS account.",
    "Access to Sora is included in every Creative plan.",
    "SRE grants access to GPT-5 only to approved workloads.",
    "The security team granted access to Codex after a two-week review.",
    "With SRE, analysts can now access GPT-5 from their spreadsheets.",
    "Design partners receive early access to GPT-5.1 features.",
    "# SRE Unlocks Access to OpenAI Models for Every Agent",
    "During the pilot, the billing agent called into GPT-4o 12,000 times.",
    "GPT-5 is now available on Amazon Bedrock.",
    "Admins can revoke an agent's access to ChatGPT at any time.",
    "SRE gives your agents direct access to ChatGPT Enterprise.",
    "Upgrading to the Pro tier unlocks access to GPT-5.1.",
];

/// The findings-dense document: the sentences above as paragraphs, eight times over.
fn dense() -> String {
    DENSE.join("\n\n").repeat(8)
}

/// The built-in lexicon without its rewrite roles (and help lines): every phrase with
/// roles gets no rewrite, which isolates what choosing rewrites costs.
fn engine_without_roles() -> Engine {
    let source = LexiconSource::builtin("openai-on-aws").unwrap();
    let mut yaml: serde_yaml::Value = serde_yaml::from_str(&source.text).unwrap();
    for rule in yaml["rules"].as_sequence_mut().unwrap() {
        if let Some(groups) = rule.get_mut("banned").and_then(|b| b.as_sequence_mut()) {
            for group in groups {
                let group = group.as_mapping_mut().unwrap();
                group.remove("roles");
                group.remove("help");
            }
        }
    }
    compile(&[LexiconSource {
        origin: "without-roles".into(),
        text: serde_yaml::to_string(&yaml).unwrap(),
    }])
    .unwrap()
}

fn bench(c: &mut Criterion) {
    let engine = engine();
    {
        let text = dense();
        let mut group = c.benchmark_group("findings-dense");
        group.throughput(Throughput::Bytes(text.len() as u64));
        let mut checker = Checker::new(&engine);
        assert_eq!(
            checker.check(DocumentKind::Markdown, &text).len(),
            DENSE.len() * 8
        );
        group.bench_function("check", |b| {
            b.iter(|| checker.check(DocumentKind::Markdown, &text).len())
        });
        let plain = engine_without_roles();
        let mut checker = Checker::new(&plain);
        group.bench_function("check-without-roles", |b| {
            b.iter(|| checker.check(DocumentKind::Markdown, &text).len())
        });
        group.finish();
    }
    for (name, text) in documents() {
        let mut group = c.benchmark_group(name.clone());
        group.throughput(Throughput::Bytes(text.len() as u64));

        let gate = engine
            .gate
            .as_ref()
            .expect("the built-in lexicon has a prefilter");
        let mut scratch = GateScratch::default();
        let mut candidates = Vec::new();
        group.bench_function(BenchmarkId::new("prefilter", &name), |b| {
            b.iter(|| gate.candidates(text.as_bytes(), &mut scratch, &mut candidates, usize::MAX))
        });

        let mut buffer = NormalizedText::default();
        group.bench_function(BenchmarkId::new("extract", &name), |b| {
            b.iter(|| {
                let mut sink = Count(0);
                let mut builder = BlockBuilder::new(&mut buffer, &mut sink);
                prose::extract(DocumentKind::Markdown, &text, &mut builder);
                sink.0
            })
        });

        let mut blocks = Blocks(Vec::new());
        let mut builder = BlockBuilder::new(&mut buffer, &mut blocks);
        prose::extract(DocumentKind::Markdown, &text, &mut builder);
        let mut hits = Vec::new();
        group.bench_function(BenchmarkId::new("match", &name), |b| {
            b.iter(|| {
                let mut n = 0;
                for block in &blocks.0 {
                    hits.clear();
                    find_hits(&engine, block, &mut hits);
                    n += hits.len();
                }
                n
            })
        });
        let mut sentences = Vec::new();
        group.bench_function(BenchmarkId::new("split-sentences", &name), |b| {
            b.iter(|| {
                for block in &blocks.0 {
                    sentences.clear();
                    sentence::split_into(block, &mut sentences);
                }
                sentences.len()
            })
        });

        let mut checker = Checker::new(&engine);
        group.bench_function(BenchmarkId::new("check", &name), |b| {
            b.iter(|| checker.check(DocumentKind::Markdown, &text).len())
        });
        group.bench_function(BenchmarkId::new("check-unfiltered", &name), |b| {
            b.iter(|| {
                checker
                    .check_unfiltered(DocumentKind::Markdown, &text)
                    .len()
            })
        });
        group.finish();
    }
    c.bench_function("compile-builtin-lexicon", |b| {
        let source = LexiconSource::builtin("openai-on-aws").unwrap();
        b.iter(|| compile(std::slice::from_ref(&source)).unwrap().rules.len())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
