//! Throughput of rampart's phases on a generated corpus, with divan
//! (MB/s of Terraform text).
//!
//! ```text
//! cargo bench --bench engine                                  # 10 MB corpus
//! RAMPART_BENCH_MB=50 cargo bench --bench engine
//! RAMPART_BENCH_SHAPE=single RAMPART_BENCH_MB=5 cargo bench --bench engine
//! cargo bench --bench engine -- parse                         # one phase
//! ```
//!
//! The corpus comes from `benches/corpus/lib.rs` (the generator behind
//! `cargo run --example gen_corpus`), written once into a temporary
//! directory; its size and shape come from the environment because divan
//! owns the command line. Phases, each timed alone:
//!
//! - `parse`: every file through `parse_file` (hcl-edit, conversion to
//!   rampart's tree, comment scan), one file after another (a file of
//!   512 KB or more is itself parsed in pieces on all cores);
//! - `build_and_evaluate`: `Module::build` and `Evaluator::evaluate` of
//!   every directory on its own (module calls are left unresolved here);
//! - `check`: the policies over every evaluated module;
//! - `run`: the whole engine (`rampart_engine::run`: discovery, reading,
//!   parallel parsing, module loading, evaluation, checks, suppressions),
//!   as `rampart check` does it minus printing; it also asserts that the
//!   engine finds exactly the findings the generator planted.
//!
//! Each phase takes a tenth of a second to seconds on 10 MB, so a few
//! samples of one iteration each are enough. Whole-process timings (with
//! hyperfine and peak RSS) are `scripts/bench.sh`.
//!
//! Under `cargo test --benches` / `--all-targets` divan runs each phase
//! once, on a 0.2 MB corpus, as a smoke test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "corpus/lib.rs"]
mod corpus;

use divan::counter::BytesCount;
use divan::Bencher;
use rampart_terraform::eval::{EvaluatedModule, Evaluator, Inputs};
use rampart_terraform::module::{parse_file, FileKind, Module, ParsedFile};
use rampart_terraform::source::{FileId, SourceDb, SourceFile};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

fn main() {
    let c = &*CORPUS;
    if c.bench {
        println!(
            "corpus: {:?}, {} units, {} files, {:.2} MB; {} cores",
            c.shape,
            c.written.units,
            c.written.files,
            c.written.bytes as f64 / 1_048_576.0,
            std::thread::available_parallelism().map_or(1, |n| n.get())
        );
    }
    divan::main();
}

/// The generated corpus, read and prepared once for every phase.
struct Corpus {
    bench: bool,
    shape: corpus::Shape,
    _dir: tempfile::TempDir,
    root: PathBuf,
    written: corpus::Written,
    db: SourceDb,
    by_dir: BTreeMap<PathBuf, Vec<FileId>>,
    parsed: BTreeMap<FileId, ParsedFile>,
    modules: Vec<Module>,
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    // `cargo bench` passes `--bench`; `cargo test` does not.
    let bench = std::env::args().any(|a| a == "--bench");
    let env = |name: &str| std::env::var(name).ok();
    let size_mb: f64 = env("RAMPART_BENCH_MB")
        .map(|s| s.parse().expect("RAMPART_BENCH_MB=N"))
        .unwrap_or(if bench { 10.0 } else { 0.2 });
    let shape = env("RAMPART_BENCH_SHAPE")
        .map(|s| corpus::Shape::parse(&s).expect("RAMPART_BENCH_SHAPE=dirs|single|many-files"))
        .unwrap_or(corpus::Shape::Dirs);
    let dir = tempfile::tempdir().unwrap();
    let units = corpus::units_for((size_mb * 1_048_576.0) as u64);
    let written = corpus::generate(dir.path(), units, shape).unwrap();
    let mut paths = Vec::new();
    files_under(dir.path(), &mut paths);
    let mut db = SourceDb::new();
    let mut by_dir: BTreeMap<PathBuf, Vec<FileId>> = BTreeMap::new();
    for p in &paths {
        let text = std::fs::read_to_string(p).unwrap();
        let id = db.add(SourceFile::new(p.clone(), text));
        by_dir
            .entry(p.parent().unwrap().to_path_buf())
            .or_default()
            .push(id);
    }
    let parsed: BTreeMap<FileId, ParsedFile> = by_dir
        .values()
        .flatten()
        .map(|&id| (id, parse_file(&db, id).unwrap()))
        .collect();
    let mut c = Corpus {
        bench,
        shape,
        root: dir.path().to_path_buf(),
        _dir: dir,
        written,
        db,
        by_dir,
        parsed,
        modules: Vec::new(),
    };
    c.modules = c
        .per_dir()
        .into_iter()
        .map(|(dir, files)| Module::build(dir, files, &c.db).0)
        .collect();
    c
});

impl Corpus {
    fn bytes(&self) -> BytesCount {
        BytesCount::new(self.written.bytes)
    }

    /// Each directory with a copy of its parsed files (building a module
    /// consumes them).
    fn per_dir(&self) -> Vec<(PathBuf, Vec<ParsedFile>)> {
        self.by_dir
            .iter()
            .map(|(d, ids)| {
                (
                    d.clone(),
                    ids.iter().map(|id| self.parsed[id].clone()).collect(),
                )
            })
            .collect()
    }

    fn evaluate(&self) -> Vec<EvaluatedModule> {
        let inputs = Inputs::default();
        self.modules
            .iter()
            .map(|m| Evaluator::new(m, &self.db, &inputs).evaluate())
            .collect()
    }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_under(&p, out);
        } else if FileKind::of(&p).is_some() {
            out.push(p);
        }
    }
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn parse(b: Bencher) {
    let c = &*CORPUS;
    b.counter(c.bytes()).bench(|| {
        c.by_dir
            .values()
            .flatten()
            .map(|&id| parse_file(&c.db, id).unwrap())
            .collect::<Vec<_>>()
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn build_and_evaluate(b: Bencher) {
    let c = &*CORPUS;
    let inputs = Inputs::default();
    b.counter(c.bytes())
        .with_inputs(|| c.per_dir())
        .bench_values(|dirs| {
            dirs.into_iter()
                .map(|(dir, files)| {
                    let (module, _) = Module::build(dir, files, &c.db);
                    Evaluator::new(&module, &c.db, &inputs).evaluate()
                })
                .collect::<Vec<_>>()
        });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn check(b: Bencher) {
    let c = &*CORPUS;
    let evaluated = c.evaluate();
    let config = rampart_config::Config::default();
    b.counter(c.bytes()).bench(|| {
        evaluated
            .iter()
            .map(|m| rampart_policy::check(m, &c.db, &config).len())
            .sum::<usize>()
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn run(b: Bencher) {
    let c = &*CORPUS;
    let opts = rampart_engine::Options {
        paths: vec![c.root.clone()],
        ..Default::default()
    };
    let expected: usize = c.written.expected.values().sum();
    b.counter(c.bytes()).bench(|| {
        let report = rampart_engine::run(&opts);
        assert_eq!(
            report.findings.len(),
            expected,
            "the engine finds what was planted"
        );
        report
    });
}
