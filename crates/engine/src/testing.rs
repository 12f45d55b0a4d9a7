//! `rampart test`: a custom policy folder's tests, run the way the
//! built-in rules' `policies/` folders are tested.
//!
//! - The OPA-style `test_` rules of its `.rego` files
//!   ([`PolicySet::run_tests`]): each must be `true`.
//! - Its `good/` and `bad/` Terraform examples. A `good/` or `bad/`
//!   folder tests the policies defined in the folder that holds it (and
//!   that folder's subfolders): each `.tf` or `.tf.json` file directly
//!   inside is checked alone, as a one-file module; each subdirectory is
//!   checked as a module (with the modules it holds, and its own
//!   `rampart.toml` if it has one). Only those policies are selected
//!   (an example's `rampart.toml` that sets `[rules] select` chooses
//!   instead), and the findings must be exactly the `# expect: CODE`
//!   markers at the end of the lines where they must appear (or the
//!   `LINE CODE` lines of a `<file>.expect` sidecar, for JSON or
//!   heredocs); markers of rules not selected are ignored. A `bad/`
//!   example must expect at least one finding of the folder's policies.
//!
//! Nothing here prints; the CLI renders the [`Suite`].

use crate::{run, Options};
use rampart_config::Config;
use rampart_policy::RuleMeta;
use rampart_rego::{PolicyError, PolicySet, RegoTest, TestOutcome};
use rampart_terraform::source::SourceDb;
use rampart_terraform::Problem;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The most example files and directories one run reads (a policy folder
/// is small; a wrong PATH should not walk a disk).
pub const MAX_EXAMPLES: usize = 10_000;

/// How deep example folders are looked for under a policy path, and how
/// deep a directory example's files are read for markers.
const MAX_DEPTH: usize = 32;

/// A place in a file and what is said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub path: PathBuf,
    /// 1-based, when known.
    pub line: Option<u32>,
    /// 1-based characters, when known.
    pub column: Option<u32>,
    pub message: String,
}

/// A `good/` or a `bad/` example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Good,
    Bad,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Good => "good",
            Kind::Bad => "bad",
        }
    }
}

/// How an example's findings differ from its markers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// A marker without its finding.
    Missing {
        path: PathBuf,
        line: u32,
        code: String,
    },
    /// A finding without its marker.
    Unexpected {
        path: PathBuf,
        line: u32,
        column: u32,
        code: String,
        message: String,
    },
    /// A `bad/` example that expects no finding of the policies it tests.
    Unmarked { codes: Vec<String> },
}

/// What one example gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExampleOutcome {
    /// Exactly the marked findings.
    Pass,
    Fail(Vec<Mismatch>),
    /// It could not be checked as written: a Terraform error, a policy
    /// error while evaluating it, a broken `rampart.toml` or sidecar, or
    /// no policy next to its folder.
    Error(Vec<Located>),
}

/// One `good/` or `bad/` example and its outcome.
#[derive(Debug, Clone)]
pub struct Example {
    /// The example file or directory.
    pub path: PathBuf,
    pub kind: Kind,
    /// The codes of the policies it tests.
    pub codes: Vec<&'static str>,
    /// Findings reported (of the selected rules).
    pub findings: usize,
    pub outcome: ExampleOutcome,
    /// On failure: the run's notes from the tested policies (a result
    /// whose `attribute` the resource does not have, placed elsewhere).
    pub notes: Vec<Located>,
    pub took: Duration,
}

impl Example {
    fn new(path: &Path, kind: Kind, codes: &[&'static str]) -> Example {
        Example {
            path: path.to_path_buf(),
            kind,
            codes: codes.to_vec(),
            findings: 0,
            outcome: ExampleOutcome::Pass,
            notes: Vec::new(),
            took: Duration::ZERO,
        }
    }
}

/// Counts of a suite.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub passed: usize,
    pub failed: usize,
    /// Tests that could not run as written (the policies' load errors
    /// are [`Suite::errors`]).
    pub errors: usize,
    pub skipped: usize,
}

impl Summary {
    pub fn total(&self) -> usize {
        self.passed + self.failed + self.errors + self.skipped
    }
}

/// Everything `rampart test` ran on a policy folder.
#[derive(Debug)]
pub struct Suite {
    /// The policies as loaded (their load errors: [`PolicySet::errors`]).
    pub policies: Arc<PolicySet>,
    /// The `test_` rules, in file and line order.
    pub rego: Vec<RegoTest>,
    /// The examples, in path order.
    pub examples: Vec<Example>,
    /// Policies that no `good/` or `bad/` folder tests.
    pub without_examples: Vec<&'static RuleMeta>,
}

impl Suite {
    /// The policies' load errors (a broken policy: its file, line, column).
    pub fn errors(&self) -> &[PolicyError] {
        self.policies.errors()
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for t in &self.rego {
            match t.outcome {
                TestOutcome::Pass => s.passed += 1,
                TestOutcome::Fail(_) => s.failed += 1,
                TestOutcome::Error(_) => s.errors += 1,
                TestOutcome::Skip => s.skipped += 1,
            }
        }
        for e in &self.examples {
            match e.outcome {
                ExampleOutcome::Pass => s.passed += 1,
                ExampleOutcome::Fail(_) => s.failed += 1,
                ExampleOutcome::Error(_) => s.errors += 1,
            }
        }
        s
    }

    /// Was nothing found to run (no test rule, no example)?
    pub fn is_empty(&self) -> bool {
        self.rego.is_empty() && self.examples.is_empty()
    }
}

/// Run the tests of the policies under `paths` (directories or `.rego`
/// files), reading nothing whose real path leaves `bound` (the
/// repository; see [`rampart_config::policy_bound`]).
pub fn run_tests(paths: &[PathBuf], bound: Option<&Path>) -> Suite {
    let policies = Arc::new(PolicySet::load(paths, bound));
    let rego = policies.run_tests();
    let mut examples = Vec::new();
    let mut covered: HashSet<&'static str> = HashSet::new();
    let folders = example_folders(paths, bound);
    let policy_files: Vec<(PathBuf, &'static RuleMeta)> = policies
        .policies()
        .iter()
        .map(|p| (canonical(&p.path), p.meta))
        .collect();
    let example_dirs: Vec<PathBuf> = folders.iter().map(|f| canonical(&f.dir)).collect();
    for folder in &folders {
        let owner = canonical(&folder.owner);
        // The folder's policies: defined under it, not inside an example.
        let codes: Vec<&'static str> = policy_files
            .iter()
            .filter(|(file, _)| {
                file.starts_with(&owner) && !example_dirs.iter().any(|d| file.starts_with(d))
            })
            .map(|(_, m)| m.code)
            .collect();
        covered.extend(codes.iter().copied());
        // A policy beside the examples that does not load: they cannot say
        // anything about it.
        let broken = policies
            .errors()
            .iter()
            .any(|e| canonical(&e.path).starts_with(&owner));
        for path in entries(&folder.dir) {
            if examples.len() >= MAX_EXAMPLES {
                break;
            }
            if broken {
                examples.push(Example {
                    outcome: error(
                        &path,
                        "not checked: a policy beside this example does not load (see its error)"
                            .to_string(),
                    ),
                    ..Example::new(&path, folder.kind, &codes)
                });
                continue;
            }
            examples.push(check_example(&path, folder.kind, &codes, &policies));
        }
    }
    let without_examples = policies
        .rules()
        .into_iter()
        .filter(|m| !covered.contains(m.code))
        .collect();
    Suite {
        policies,
        rego,
        examples,
        without_examples,
    }
}

/// A `good/` or `bad/` folder and the folder it tests.
struct Folder {
    /// The folder holding it, whose policies it tests.
    owner: PathBuf,
    dir: PathBuf,
    kind: Kind,
}

fn canonical(p: &Path) -> PathBuf {
    crate::canonical(p)
}

fn is_hidden(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// The `good/` and `bad/` folders under `paths`, in path order (hidden
/// entries skipped, nothing outside `bound` entered, not below another
/// example folder).
fn example_folders(paths: &[PathBuf], bound: Option<&Path>) -> Vec<Folder> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for root in paths {
        // `./x` as `x`, as the policies are named.
        let root = root
            .strip_prefix(".")
            .ok()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| root.clone(), Path::to_path_buf);
        let mut stack = vec![(root, 0usize)];
        while let Some((dir, depth)) = stack.pop() {
            let real = canonical(&dir);
            if !real.is_dir()
                || bound.is_some_and(|b| !real.starts_with(b))
                || !seen.insert(real)
                || depth > MAX_DEPTH
                || seen.len() > MAX_EXAMPLES
            {
                continue;
            }
            let mut subdirs = Vec::new();
            for path in sorted_entries(&dir) {
                if is_hidden(&path) || !path.is_dir() {
                    continue;
                }
                let kind = match path.file_name().and_then(|n| n.to_str()) {
                    Some("good") => Some(Kind::Good),
                    Some("bad") => Some(Kind::Bad),
                    _ => None,
                };
                match kind {
                    Some(kind) => {
                        let real = canonical(&path);
                        if bound.is_none_or(|b| real.starts_with(b)) {
                            out.push(Folder {
                                owner: dir.clone(),
                                dir: path,
                                kind,
                            });
                        }
                    }
                    None => subdirs.push((path, depth + 1)),
                }
            }
            stack.extend(subdirs.into_iter().rev());
        }
    }
    out.sort_by(|a, b| a.dir.cmp(&b.dir));
    out
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// A folder's examples: its `.tf`/`.tf.json` files and its
/// subdirectories (hidden ones left out).
fn entries(dir: &Path) -> Vec<PathBuf> {
    sorted_entries(dir)
        .into_iter()
        .filter(|p| !is_hidden(p))
        .filter(|p| p.is_dir() || is_example_file(p))
        .collect()
}

fn is_example_file(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    p.is_file() && (name.ends_with(".tf") || name.ends_with(".tf.json"))
}

/// (canonical file, line, code)
type Marks = BTreeSet<(PathBuf, u32, String)>;

/// The markers of one file: `# expect: A, B` at the end of a line, and
/// the `LINE CODE` lines of `<file>.expect`.
fn marks_of(path: &Path, marks: &mut Marks, errors: &mut Vec<Located>) {
    let key = canonical(path);
    if let Ok(text) = crate::read_text(path) {
        for (i, line) in text.lines().enumerate() {
            let Some(at) = line.find("# expect:") else {
                continue;
            };
            let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
            for code in line[at + "# expect:".len()..].split(',') {
                if let Some(code) = code.split_whitespace().next() {
                    marks.insert((key.clone(), n, code.to_string()));
                }
            }
        }
    }
    let mut sidecar = path.as_os_str().to_owned();
    sidecar.push(".expect");
    let sidecar = PathBuf::from(sidecar);
    if !sidecar.is_file() {
        return;
    }
    let text = match crate::read_text(&sidecar) {
        Ok(t) => t,
        Err(e) => {
            errors.push(Located {
                path: sidecar,
                line: None,
                column: None,
                message: e,
            });
            return;
        }
    };
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut parts = line.split_whitespace();
        match (parts.next().map(str::parse::<u32>), parts.next()) {
            (Some(Ok(n)), Some(code)) if n > 0 => {
                marks.insert((key.clone(), n, code.to_string()));
            }
            _ => errors.push(Located {
                path: sidecar.clone(),
                line: u32::try_from(i + 1).ok(),
                column: Some(1),
                message: "expected `LINE CODE` (a line number of the file it goes with, then a rule code)".to_string(),
            }),
        }
    }
}

/// Every file of a directory example (recursively, hidden entries and
/// sidecars left out), bounded.
fn files_of(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((d, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            continue;
        }
        for p in sorted_entries(&d) {
            if out.len() >= MAX_EXAMPLES {
                return out;
            }
            if is_hidden(&p) {
                continue;
            }
            if p.is_dir() {
                stack.push((p, depth + 1));
            } else if p.is_file() && p.extension().is_none_or(|e| e != "expect") {
                out.push(p);
            }
        }
    }
    out
}

fn located(p: &Problem, db: &SourceDb) -> Located {
    let at = p
        .file
        .zip(p.span)
        .and_then(|(f, s)| Some(db.get(f)?.line_col(s.start())));
    Located {
        path: p.path.clone(),
        line: at.map(|a| a.line),
        column: at.map(|a| a.column),
        message: p.message.clone(),
    }
}

fn error(path: &Path, message: String) -> ExampleOutcome {
    ExampleOutcome::Error(vec![Located {
        path: path.to_path_buf(),
        line: None,
        column: None,
        message,
    }])
}

/// Check one example with the folder's policies and compare its findings
/// with its markers.
fn check_example(
    path: &Path,
    kind: Kind,
    codes: &[&'static str],
    policies: &Arc<PolicySet>,
) -> Example {
    let start = Instant::now();
    let mut example = Example::new(path, kind, codes);
    if codes.is_empty() {
        example.outcome = error(
            path,
            format!(
                "no policy is defined next to this {}/ folder (its `.rego` files go in the folder that holds it)",
                kind.as_str()
            ),
        );
        return example;
    }
    let mut errors = Vec::new();
    let mut config = Config::default();
    let mut opts = Options::default();
    let mut marks = Marks::new();
    if path.is_dir() {
        for file in files_of(path) {
            marks_of(&file, &mut marks, &mut errors);
        }
        let toml = path.join("rampart.toml");
        if toml.is_file() {
            let mut known = rampart_policy::registry::codes();
            known.extend(codes.iter().copied());
            known.extend(policies.rules().iter().map(|r| r.code));
            match Config::load(&toml, &known) {
                Ok(c) => config = c,
                Err(e) => errors.push(Located {
                    path: toml,
                    line: None,
                    column: None,
                    message: format!("{e}"),
                }),
            }
        }
        opts.paths = vec![path.to_path_buf()];
    } else {
        marks_of(path, &mut marks, &mut errors);
        // Checked alone, not with the other files of its folder.
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let file = path.strip_prefix("./").unwrap_or(path).to_path_buf();
        opts.discovered = Some(BTreeMap::from([(dir, vec![file.clone()])]));
        opts.paths = vec![file];
    }
    if !errors.is_empty() {
        example.outcome = ExampleOutcome::Error(errors);
        example.took = start.elapsed();
        return example;
    }
    if config.rules.select.is_empty() {
        config.rules.select = codes.iter().map(|c| c.to_string()).collect();
    }
    marks.retain(|(_, _, code)| config.rules.is_enabled(code));
    let expects_own = marks.iter().any(|(_, _, c)| codes.contains(&c.as_str()));
    opts.config = config;
    opts.policies = Some(policies.clone());
    let report = run(&opts);
    // The policies' load errors are the suite's, not each example's.
    let load_errors: HashSet<(&Path, &str)> = policies
        .errors()
        .iter()
        .map(|e| (e.path.as_path(), e.message.as_str()))
        .collect();
    let problems: Vec<Located> = report
        .problems
        .iter()
        .filter(|p| !load_errors.contains(&(p.path.as_path(), p.message.as_str())))
        .map(|p| located(p, &report.db))
        .collect();
    example.notes = report
        .notes
        .iter()
        .filter(|n| {
            codes.iter().any(|c| {
                n.message
                    .strip_prefix(c)
                    .is_some_and(|rest| rest.starts_with(':'))
            })
        })
        .map(|n| located(n, &report.db))
        .collect();
    example.findings = report.findings.len();
    example.took = start.elapsed();
    if !problems.is_empty() {
        example.outcome = ExampleOutcome::Error(problems);
        return example;
    }
    // Each file's canonical path, and how the report names it.
    let mut shown: HashMap<PathBuf, PathBuf> = HashMap::new();
    let mut actual: BTreeMap<(PathBuf, u32, String), (u32, String)> = BTreeMap::new();
    for f in &report.findings {
        let Some(file) = report.db.get(f.loc.file) else {
            continue;
        };
        let key = canonical(&file.path);
        shown
            .entry(key.clone())
            .or_insert_with(|| file.path.clone());
        let at = file.line_col(f.loc.span.start());
        actual
            .entry((key, at.line, f.code.to_string()))
            .or_insert((at.column, f.message.clone()));
    }
    let show = |key: &PathBuf| -> PathBuf {
        shown.get(key).cloned().unwrap_or_else(|| {
            // A marked file the report did not name: as the example names it.
            pathdiff::diff_paths(key, canonical(path))
                .map(|rel| path.join(rel))
                .unwrap_or_else(|| key.clone())
        })
    };
    let mut mismatches = Vec::new();
    if kind == Kind::Bad && !expects_own {
        mismatches.push(Mismatch::Unmarked {
            codes: codes.iter().map(|c| c.to_string()).collect(),
        });
    }
    for (file, line, code) in &marks {
        if !actual.contains_key(&(file.clone(), *line, code.clone())) {
            mismatches.push(Mismatch::Missing {
                path: show(file),
                line: *line,
                code: code.clone(),
            });
        }
    }
    for ((file, line, code), (column, message)) in &actual {
        if !marks.contains(&(file.clone(), *line, code.clone())) {
            mismatches.push(Mismatch::Unexpected {
                path: show(file),
                line: *line,
                column: *column,
                code: code.clone(),
                message: message.clone(),
            });
        }
    }
    if mismatches.is_empty() {
        example.notes.clear();
    } else {
        example.outcome = ExampleOutcome::Fail(mismatches);
    }
    example
}
