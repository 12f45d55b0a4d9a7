//! Throughput of rampart's phases on a generated corpus, in MB/s of
//! Terraform text.
//!
//! ```text
//! cargo bench --bench engine                   # 10 MB corpus, best of 5
//! cargo bench --bench engine -- --size-mb 50 --iters 3
//! cargo bench --bench engine -- --shape single --size-mb 5
//! ```
//!
//! The corpus comes from `benches/corpus/lib.rs` (the generator behind
//! `cargo run --example gen_corpus`), written into a temporary directory in
//! the setup. Phases, each timed alone and reported as the best of the
//! iterations:
//!
//! - `parse`: every file through `parse_file` (hcl-edit, conversion to
//!   rampart's tree, comment scan), one file after another (a file of
//!   512 KB or more is itself parsed in pieces on all cores);
//! - `evaluate`: `Module::build` and `Evaluator::evaluate` of every
//!   directory on its own (module calls are left unresolved here);
//! - `check`: the policies over every evaluated module;
//! - `run`: the whole engine (`rampart_engine::run`: discovery, reading,
//!   parallel parsing, module loading, evaluation, checks, suppressions),
//!   as `rampart check` does it minus printing.
//!
//! A plain `harness = false` timer rather than criterion: these phases take
//! tenths of seconds to seconds, where best-of-N is as good as statistics,
//! and the workspace gains no dependency. Whole-process timings (with
//! hyperfine and peak RSS) are `scripts/bench.sh`.
//!
//! Under `cargo test --benches` / `--all-targets` (no `--bench` argument) it
//! only runs a small corpus once, as a smoke test, and prints no figures.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "corpus/lib.rs"]
mod corpus;

use rampart_terraform::eval::{Evaluator, Inputs};
use rampart_terraform::module::{parse_file, FileKind, Module, ParsedFile};
use rampart_terraform::source::{FileId, SourceDb, SourceFile};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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

/// Best time of `iters` runs of `f` (its setup excluded: `f` gets what
/// `setup` made).
fn best<S, T>(iters: usize, mut setup: impl FnMut() -> S, mut f: impl FnMut(S) -> T) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..iters {
        let input = setup();
        let t = Instant::now();
        let out = f(input);
        let elapsed = t.elapsed();
        drop(out);
        best = best.min(elapsed);
    }
    best
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bench = args.iter().any(|a| a == "--bench");
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let size_mb: f64 = flag("--size-mb")
        .map(|s| s.parse().expect("--size-mb N"))
        .unwrap_or(if bench { 10.0 } else { 0.2 });
    let iters: usize = flag("--iters")
        .map(|s| s.parse().expect("--iters N"))
        .unwrap_or(if bench { 5 } else { 1 });
    let shape = flag("--shape")
        .map(|s| corpus::Shape::parse(&s).expect("--shape dirs|single|many-files"))
        .unwrap_or(corpus::Shape::Dirs);

    let tmp = tempfile::tempdir().unwrap();
    let units = corpus::units_for((size_mb * 1_048_576.0) as u64);
    let written = corpus::generate(tmp.path(), units, shape).unwrap();
    let mb = written.bytes as f64 / 1_048_576.0;

    let mut paths = Vec::new();
    files_under(tmp.path(), &mut paths);
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
    let ids: Vec<FileId> = by_dir.values().flatten().copied().collect();

    let parse = best(
        iters,
        || (),
        |()| {
            ids.iter()
                .map(|&id| parse_file(&db, id).unwrap())
                .collect::<Vec<_>>()
        },
    );
    let parsed: BTreeMap<FileId, ParsedFile> = ids
        .iter()
        .map(|&id| (id, parse_file(&db, id).unwrap()))
        .collect();
    let per_dir = || -> Vec<(PathBuf, Vec<ParsedFile>)> {
        by_dir
            .iter()
            .map(|(d, ids)| (d.clone(), ids.iter().map(|id| parsed[id].clone()).collect()))
            .collect()
    };
    let inputs = Inputs::default();
    let evaluate = best(iters, per_dir, |dirs| {
        dirs.into_iter()
            .map(|(dir, files)| {
                let (module, _) = Module::build(dir, files, &db);
                Evaluator::new(&module, &db, &inputs).evaluate()
            })
            .collect::<Vec<_>>()
    });
    let modules: Vec<Module> = per_dir()
        .into_iter()
        .map(|(dir, files)| Module::build(dir, files, &db).0)
        .collect();
    let evaluated: Vec<_> = modules
        .iter()
        .map(|m| Evaluator::new(m, &db, &inputs).evaluate())
        .collect();
    let config = rampart_config::Config::default();
    let check = best(
        iters,
        || (),
        |()| {
            evaluated
                .iter()
                .map(|m| rampart_policy::check(m, &db, &config).len())
                .sum::<usize>()
        },
    );
    let opts = rampart_engine::Options {
        paths: vec![tmp.path().to_path_buf()],
        ..Default::default()
    };
    let mut findings = 0;
    let run = best(
        iters,
        || (),
        |()| {
            let report = rampart_engine::run(&opts);
            findings = report.findings.len();
            report
        },
    );
    let expected: usize = written.expected.values().sum();
    assert_eq!(findings, expected, "the engine found what was planted");
    if !bench {
        return;
    }
    println!(
        "corpus: {shape:?}, {} units, {} files, {mb:.2} MB; best of {iters}; {} cores",
        written.units,
        written.files,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for (name, d) in [
        ("parse (file by file)", parse),
        ("build + evaluate", evaluate),
        ("check (policies)", check),
        ("run (whole engine)", run),
    ] {
        let s = d.as_secs_f64();
        println!("{name:<20} {:>9.1} ms {:>8.1} MB/s", s * 1000.0, mb / s);
    }
}
