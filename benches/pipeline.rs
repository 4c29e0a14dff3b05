//! Criterion benchmarks of the in-memory pipeline on real documents: the prefilter scan,
//! prose extraction, matching and resolution, and the whole check.
//!
//! Inputs come from `../shared/corpus/real` (real cloud docs): an OpenAI-heavy file, where
//! every stage runs, and a file without OpenAI terms, which the prefilter clears. Falls back
//! to the bundled samples when the corpus is not beside the project.
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

fn bench(c: &mut Criterion) {
    let engine = engine();
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
