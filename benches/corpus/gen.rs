//! Writes a generated Terraform corpus with a known count of each finding.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --size-mb 10 --out target/corpus/10mb
//! cargo run --release --example gen_corpus -- --size-mb 5 --shape single --out target/corpus/single
//! cargo run --release --example gen_corpus -- --files 20000 --shape many-files --out target/corpus/many
//! ```
//!
//! `--shape dirs` (default): one root module per unit, six files each;
//! `single`: everything in one `main.tf`; `many-files`: one file per block.
//! `--units N` or `--files N` instead of `--size-mb` fix the count directly.
//! `OUT/expected.json` holds the finding counts by rule. See
//! `docs/performance.md`. The test below checks the counts on ~0.2 MB.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "lib.rs"]
mod corpus;

use std::path::PathBuf;

fn usage() -> ! {
    eprintln!(
        "usage: gen_corpus --out DIR [--size-mb N | --units N | --files N] [--shape dirs|single|many-files]"
    );
    std::process::exit(2)
}

fn main() {
    let mut out: Option<PathBuf> = None;
    let mut size_mb: f64 = 10.0;
    let mut units: Option<usize> = None;
    let mut files: Option<usize> = None;
    let mut shape = corpus::Shape::Dirs;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--out" => out = Some(PathBuf::from(value())),
            "--size-mb" => size_mb = value().parse().unwrap_or_else(|_| usage()),
            "--units" => units = Some(value().parse().unwrap_or_else(|_| usage())),
            "--files" => files = Some(value().parse().unwrap_or_else(|_| usage())),
            "--shape" => shape = corpus::Shape::parse(&value()).unwrap_or_else(|| usage()),
            _ => usage(),
        }
    }
    let Some(out) = out else { usage() };
    let units = match (units, files) {
        (Some(u), _) => u,
        (None, Some(f)) => corpus::units_for_files(f, shape),
        (None, None) => corpus::units_for((size_mb * 1_048_576.0) as u64),
    };
    if out.exists() {
        std::fs::remove_dir_all(&out).expect("remove the old corpus");
    }
    let w = corpus::generate(&out, units, shape).expect("write the corpus");
    println!(
        "{}: {} units, {} files, {:.2} MB; expected findings in {}",
        out.display(),
        w.units,
        w.files,
        w.bytes as f64 / 1_048_576.0,
        out.join("expected.json").display()
    );
}

#[cfg(test)]
mod tests {
    use super::corpus;
    use std::collections::BTreeMap;

    /// rampart reports exactly the findings the generator planted, in
    /// every shape.
    #[test]
    fn generated_corpus_has_the_expected_findings() {
        for shape in [
            corpus::Shape::Dirs,
            corpus::Shape::Single,
            corpus::Shape::ManyFiles,
        ] {
            let dir = tempfile::tempdir().unwrap();
            let units = corpus::units_for(200 * 1024);
            let w = corpus::generate(dir.path(), units, shape).unwrap();
            assert!(w.units >= 7, "enough units for every pattern: {}", w.units);
            let report = rampart_engine::run(&rampart_engine::Options {
                paths: vec![dir.path().to_path_buf()],
                ..Default::default()
            });
            assert!(
                report.problems.is_empty(),
                "{shape:?}: {:?}",
                report.problems
            );
            let mut got: BTreeMap<&str, usize> = BTreeMap::new();
            for f in &report.findings {
                *got.entry(f.code).or_default() += 1;
            }
            assert_eq!(got, w.expected, "{shape:?}");
        }
    }
}
