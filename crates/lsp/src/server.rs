//! The language server: document state, the analysis worker, and the LSP
//! requests.
//!
//! tower-lsp-server runs handlers concurrently, so every handler mutates
//! the state synchronously (under a plain mutex, never held across an
//! `.await`) and then wakes the single analysis worker. The worker takes
//! everything pending at once (bursts of edits coalesce), checks a snapshot
//! on a blocking thread, and publishes only for documents whose version has
//! not moved on since the snapshot: an older version's diagnostics never
//! replace a newer one's.

use crate::actions;
use crate::analysis::{self, FileResult, Results, Snapshot};
use crate::index::FolderIndex;
use crate::workspace::{is_rego, Workspace};
use rampart_config::Config;
use rampart_engine::ParseCache;
use rampart_rego::PolicySet;
use rampart_terraform::module::FileKind;
use rampart_terraform::source::{SourceFile, Utf16Pos};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::Result as RpcResult;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

#[derive(Debug, Clone)]
struct Doc {
    uri: Uri,
    text: String,
    version: i32,
}

/// What the worker still has to check.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pending {
    /// Every folder, whole.
    Full,
    /// The modules in these directories (and whatever includes them).
    Dirs(BTreeSet<PathBuf>),
}

#[derive(Default)]
struct State {
    folders: Vec<PathBuf>,
    docs: HashMap<PathBuf, Doc>,
    pending: Option<Pending>,
    /// The last results published, by file, with the document version they
    /// were computed from (`None`: from disk).
    results: HashMap<PathBuf, (Option<i32>, FileResult)>,
    cache: Arc<Mutex<ParseCache>>,
    progress: bool,
    watch_registration: bool,
    /// The client pulls diagnostics (`textDocument/diagnostic`) and can
    /// be asked to pull again (`workspace/diagnostic/refresh`): answer
    /// pulls instead of pushing, and ask it to pull again after a check.
    pull: bool,
    worker_started: bool,
    /// Folders whose index must be walked again (files created, the
    /// configuration changed).
    rewalk: BTreeSet<PathBuf>,
    /// Files opened or saved: the index may not know them yet.
    touched: BTreeSet<PathBuf>,
    /// Files deleted, or closed: the index drops those no longer on disk.
    removed: BTreeSet<PathBuf>,
    /// Folders whose configuration file (and so their policies) must be
    /// read again.
    reload: BTreeSet<PathBuf>,
    /// `.rego` files created, changed or deleted: the worker reloads the
    /// policies of the folders they concern.
    rego_changed: BTreeSet<PathBuf>,
    /// Open files outside every workspace folder: each is checked alone,
    /// with its own directory as its module, and never walked.
    loose: BTreeSet<PathBuf>,
}

/// One engine run of the worker.
enum Job {
    /// A workspace folder: whole (`None`), or the modules in these
    /// directories; its configuration and policies loaded first when
    /// `reload` (then the whole folder is checked again).
    Folder {
        folder: PathBuf,
        reload: bool,
        dirs: Option<BTreeSet<PathBuf>>,
    },
    /// A file outside every folder.
    Loose { path: PathBuf },
}

impl State {
    fn want(&mut self, p: Pending) {
        self.pending = Some(match (self.pending.take(), p) {
            (Some(Pending::Full), _) | (_, Pending::Full) => Pending::Full,
            (Some(Pending::Dirs(mut a)), Pending::Dirs(b)) => {
                a.extend(b);
                Pending::Dirs(a)
            }
            (None, p) => p,
        });
    }

    /// The innermost workspace folder holding `path`.
    fn folder_containing(&self, path: &Path) -> Option<PathBuf> {
        self.folders
            .iter()
            .filter(|f| path.starts_with(f))
            .max_by_key(|f| f.as_os_str().len())
            .cloned()
    }
}

struct Shared {
    state: Mutex<State>,
    wake: Notify,
    /// Signalled after every check, for pulls waiting on fresh results.
    checked: Notify,
}

pub struct Backend {
    client: Client,
    shared: Arc<Shared>,
    /// Set by `shutdown`: `exit` without it means exit status 1.
    shut_down: Arc<std::sync::atomic::AtomicBool>,
}

impl Backend {
    pub fn new(client: Client, shut_down: Arc<std::sync::atomic::AtomicBool>) -> Backend {
        Backend {
            client,
            shut_down,
            shared: Arc::new(Shared {
                state: Mutex::new(State::default()),
                wake: Notify::new(),
                checked: Notify::new(),
            }),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.shared)
    }

    fn changed(&self, path: &Path) {
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        self.state().want(Pending::Dirs(BTreeSet::from([dir])));
        self.shared.wake.notify_one();
    }

    fn start_worker(&self) {
        {
            let mut st = self.state();
            if st.worker_started {
                return;
            }
            st.worker_started = true;
        }
        let shared = self.shared.clone();
        let client = self.client.clone();
        tokio::spawn(async move { worker(shared, client).await });
    }

    /// Record changes to files on disk (watched-file events, or saves):
    /// a configuration file reloads every folder's configuration and
    /// policies and checks everything again; a `.rego` file reloads the
    /// policies of the folders it concerns (the worker decides which) and
    /// checks those folders again; a Terraform file checks its module.
    fn files_changed(&self, changes: &[(PathBuf, FileChangeType)]) {
        {
            let mut st = self.state();
            let mut config_changed = false;
            let mut dirs = BTreeSet::new();
            for (path, typ) in changes {
                if is_config(path) {
                    config_changed = true;
                } else if is_rego(path) {
                    st.rego_changed.insert(path.clone());
                } else {
                    if *typ == FileChangeType::DELETED {
                        st.removed.insert(path.clone());
                    } else if *typ == FileChangeType::CREATED {
                        // New files (or a new directory's) join the index
                        // through the engine's own walk, which knows the
                        // ignore rules.
                        if let Some(folder) = st.folder_containing(path) {
                            st.rewalk.insert(folder);
                        }
                    }
                    if let Some(dir) = path.parent() {
                        dirs.insert(dir.to_path_buf());
                    }
                }
            }
            if config_changed {
                let folders: BTreeSet<PathBuf> = st.folders.iter().cloned().collect();
                // Its exclusions may have changed what the folders hold.
                st.rewalk.clone_from(&folders);
                st.reload = folders;
                st.want(Pending::Full);
            } else {
                // Even with no directory: the worker looks at the `.rego`
                // changes.
                st.want(Pending::Dirs(dirs));
            }
        }
        self.shared.wake.notify_one();
    }

    /// The flag under a position in an open document whose results are
    /// current, with the document as a source file.
    fn flags_at(&self, uri: &Uri, range: Range) -> Option<(SourceFile, Vec<analysis::Flag>)> {
        let path = analysis::path_of(uri)?;
        let st = self.state();
        let doc = st.docs.get(&path)?;
        let (version, result) = st.results.get(&path)?;
        if *version != Some(doc.version) {
            return None;
        }
        let file = SourceFile::new(path.clone(), doc.text.clone());
        let start = file.offset_of_utf16(Utf16Pos {
            line: range.start.line,
            character: range.start.character,
        });
        let end = file.offset_of_utf16(Utf16Pos {
            line: range.end.line,
            character: range.end.character,
        });
        let flags = result
            .flags
            .iter()
            .filter(|f| f.start <= end.max(start) && start <= f.end)
            .cloned()
            .collect();
        Some((file, flags))
    }
}

fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    // A panic while holding the lock must not take the server down.
    shared
        .state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn is_terraform(path: &Path) -> bool {
    FileKind::of(path).is_some()
}

fn is_config(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == "rampart.toml" || n == ".rampart.toml")
}

/// What the worker keeps between rounds: each folder's index, and its
/// configuration and policies.
#[derive(Default)]
struct Held {
    indexes: HashMap<PathBuf, FolderIndex>,
    workspaces: HashMap<PathBuf, Workspace>,
}

/// Something to tell the user after a round: logged, and shown when
/// `show`.
struct Message {
    typ: MessageType,
    text: String,
    show: bool,
}

/// What the worker takes from the state for one round.
struct Round {
    jobs: Vec<Job>,
    versions: HashMap<PathBuf, i32>,
    overlays: HashMap<PathBuf, String>,
    rewalk: BTreeSet<PathBuf>,
    touched: BTreeSet<PathBuf>,
    removed: BTreeSet<PathBuf>,
    cache: Arc<Mutex<ParseCache>>,
}

/// The analysis loop: one check at a time, everything pending at once.
async fn worker(shared: Arc<Shared>, client: Client) {
    let mut first = true;
    // Each folder's index, configuration and policies live here, moved
    // onto the blocking thread for each round and back.
    let mut held = Held::default();
    loop {
        shared.wake.notified().await;
        loop {
            let (round, progress) = {
                let mut st = lock(&shared);
                let Some(pending) = st.pending.take() else {
                    break;
                };
                let overlays: HashMap<PathBuf, String> = st
                    .docs
                    .iter()
                    .map(|(p, d)| (p.clone(), d.text.clone()))
                    .collect();
                let versions: HashMap<PathBuf, i32> = st
                    .docs
                    .iter()
                    .map(|(p, d)| (p.clone(), d.version))
                    .collect();
                let mut jobs = Vec::new();
                let reload = std::mem::take(&mut st.reload);
                let rego_changed = std::mem::take(&mut st.rego_changed);
                for folder in &st.folders {
                    // Not loaded yet, its configuration changed, or a
                    // `.rego` file of its policies did: loaded again, and
                    // every file checked again.
                    let stale = match held.workspaces.get(folder) {
                        None => true,
                        Some(ws) => {
                            reload.contains(folder) || rego_changed.iter().any(|p| ws.concerns(p))
                        }
                    };
                    let dirs = match &pending {
                        _ if stale => None,
                        Pending::Full => None,
                        Pending::Dirs(dirs) => {
                            let mine: BTreeSet<PathBuf> = dirs
                                .iter()
                                .filter(|d| st.folder_containing(d).as_ref() == Some(folder))
                                .cloned()
                                .collect();
                            if mine.is_empty() {
                                continue;
                            }
                            Some(mine)
                        }
                    };
                    jobs.push(Job::Folder {
                        folder: folder.clone(),
                        reload: stale,
                        dirs,
                    });
                }
                for path in &st.loose {
                    let wanted = match &pending {
                        Pending::Full => true,
                        Pending::Dirs(dirs) => path.parent().is_some_and(|d| dirs.contains(d)),
                    };
                    if wanted {
                        jobs.push(Job::Loose { path: path.clone() });
                    }
                }
                let round = Round {
                    jobs,
                    versions,
                    overlays,
                    rewalk: std::mem::take(&mut st.rewalk),
                    touched: std::mem::take(&mut st.touched),
                    removed: std::mem::take(&mut st.removed),
                    cache: st.cache.clone(),
                };
                (round, st.progress && first)
            };
            let versions = round.versions.clone();
            let progress = if progress {
                let token = NumberOrString::String("rampart/check".to_string());
                match client.create_work_done_progress(token.clone()).await {
                    Ok(()) => Some(
                        client
                            .progress(token, "rampart")
                            .with_message("checking Terraform")
                            .begin()
                            .await,
                    ),
                    Err(_) => None,
                }
            } else {
                None
            };
            first = false;
            let mut moved = std::mem::take(&mut held);
            let (results, messages) = match tokio::task::spawn_blocking(move || {
                let out = run_round(round, &mut moved);
                (out, moved)
            })
            .await
            {
                Ok((out, back)) => {
                    held = back;
                    out
                }
                Err(e) => {
                    // The indexes and policies are lost with the thread:
                    // walked and loaded again next time.
                    client
                        .log_message(MessageType::ERROR, format!("rampart: a check failed: {e}"))
                        .await;
                    (Results::new(), Vec::new())
                }
            };
            for m in messages {
                if m.show {
                    client.show_message(m.typ, &m.text).await;
                }
                client.log_message(m.typ, m.text).await;
            }
            let mut publish = Vec::new();
            let pull = lock(&shared).pull;
            {
                let mut st = lock(&shared);
                for (path, result) in results {
                    let snapshot_version = versions.get(&path).copied();
                    let current = st.docs.get(&path).map(|d| d.version);
                    if current.is_some() && current != snapshot_version {
                        continue; // edited since: a newer check is pending
                    }
                    let Some(uri) = st
                        .docs
                        .get(&path)
                        .map(|d| d.uri.clone())
                        .or_else(|| analysis::uri_of(&path))
                    else {
                        continue;
                    };
                    let unchanged = st.results.get(&path).is_some_and(|(v, old)| {
                        *v == current && old.diagnostics == result.diagnostics
                    });
                    // A client that pulls asks only for its open
                    // Terraform documents: a policy's errors are pushed.
                    let push = !pull || is_rego(&path);
                    publish.push((uri, result.diagnostics.clone(), current, unchanged, push));
                    st.results.insert(path, (current, result));
                }
            }
            shared.checked.notify_waiters();
            // A client that pulls: tell it there is something new to ask for.
            if pull
                && publish
                    .iter()
                    .any(|(_, _, _, unchanged, push)| !unchanged && !push)
            {
                let _ = client.workspace_diagnostic_refresh().await;
            }
            for (uri, diagnostics, version, unchanged, push) in publish {
                if push && (!unchanged || version.is_some()) {
                    client.publish_diagnostics(uri, diagnostics, version).await;
                }
            }
            if let Some(p) = progress {
                p.finish_with_message("done").await;
            }
        }
    }
}

/// The open documents among `paths`' directories (or under `folder`).
fn open_docs(overlays: &HashMap<PathBuf, String>, within: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = overlays.keys().filter(|p| within(p)).cloned().collect();
    out.sort();
    out
}

/// Run one round's jobs on the blocking thread, keeping the indexes up to
/// date.
fn run_round(round: Round, held: &mut Held) -> (Results, Vec<Message>) {
    let Round {
        jobs,
        overlays,
        rewalk,
        touched,
        removed,
        cache,
        ..
    } = round;
    let mut all = Results::new();
    let mut messages = Vec::new();
    let Held {
        indexes,
        workspaces,
    } = held;
    let snapshot = |folder: &Path,
                    config: &Config,
                    policies: Option<Arc<PolicySet>>,
                    discovered: BTreeMap<PathBuf, Vec<PathBuf>>,
                    focus: Option<PathBuf>,
                    fallback: Vec<PathBuf>| Snapshot {
        folder: folder.to_path_buf(),
        config: config.clone(),
        policies,
        overlays: overlays.clone(),
        focus,
        discovered,
        cache: cache.clone(),
        fallback,
    };
    for job in jobs {
        match job {
            Job::Folder {
                folder,
                reload,
                dirs,
            } => {
                let loaded = match workspaces.remove(&folder) {
                    Some(ws) if !reload => ws,
                    old => {
                        let ws = Workspace::load(&folder);
                        loaded_messages(&folder, old.as_ref(), &ws, &mut messages, &mut all);
                        ws
                    }
                };
                let ws = workspaces.entry(folder.clone()).or_insert(loaded);
                let config = &ws.config;
                let policies = Some(ws.policies.clone());
                let old = indexes.remove(&folder);
                let mut index = match old {
                    Some(i) if !rewalk.contains(&folder) => i,
                    old => FolderIndex::build(&folder, config, old),
                };
                for path in removed.iter().filter(|p| p.starts_with(&folder)) {
                    if !path.exists() && !overlays.contains_key(path) {
                        index.remove(path);
                        // Its diagnostics go with it.
                        all.entry(path.clone()).or_default();
                    }
                }
                let mut unknown = false;
                for path in touched.iter().filter(|p| p.starts_with(&folder)) {
                    if index.contains(path) || FileKind::of(path).is_none() {
                        continue;
                    }
                    if path.exists() {
                        // On disk but not indexed: created without a
                        // watched-file event, or ignored; the walk decides.
                        unknown = true;
                    } else if overlays.contains_key(path) {
                        index.add(path);
                    }
                }
                if unknown {
                    index = FolderIndex::build(&folder, config, Some(index));
                }
                match dirs {
                    Some(dirs) if index.graph_known => {
                        for dir in dirs {
                            let (scope, files) = index.scope(&dir);
                            let fallback = open_docs(&overlays, |p| p.parent() == Some(&dir));
                            let checked = analysis::check(snapshot(
                                &folder,
                                config,
                                policies.clone(),
                                files,
                                Some(dir.clone()),
                                fallback,
                            ));
                            if let Some(calls) = checked.calls {
                                index.record_calls(&calls, Some(&scope));
                            }
                            all.extend(checked.results);
                        }
                    }
                    _ => {
                        let fallback = open_docs(&overlays, |p| p.starts_with(&folder));
                        let checked = analysis::check(snapshot(
                            &folder,
                            config,
                            policies.clone(),
                            index.dirs.clone(),
                            None,
                            fallback,
                        ));
                        if let Some(calls) = checked.calls {
                            index.record_calls(&calls, None);
                        }
                        all.extend(checked.results);
                    }
                }
                // Every run reports the policies' errors: a `.rego` file
                // without any (now) has its diagnostics cleared.
                for path in ws.policy_files() {
                    all.entry(path.to_path_buf()).or_default();
                }
                indexes.insert(folder, index);
            }
            Job::Loose { path } => {
                let Some(dir) = path.parent().map(Path::to_path_buf) else {
                    continue;
                };
                // Its own directory, not walked: the Terraform files
                // beside it, and itself if it is not saved yet.
                let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                    .map(|entries| {
                        entries
                            .flatten()
                            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                            .map(|e| e.path())
                            .filter(|p| FileKind::of(p).is_some())
                            .collect()
                    })
                    .unwrap_or_default();
                if !files.contains(&path) {
                    files.push(path.clone());
                }
                files.sort();
                let config = Config::default();
                // The engine loads the policies of `.rampart/policies`
                // beside it, if there is one, on every run.
                let checked = analysis::check(snapshot(
                    &dir,
                    &config,
                    None,
                    BTreeMap::from([(dir.clone(), files)]),
                    None,
                    vec![path.clone()],
                ));
                all.extend(checked.results);
            }
        }
    }
    (all, messages)
}

/// What a folder's (re)loaded configuration and policies have to say:
/// a configuration that cannot be used (shown), the policies' errors
/// (logged one by one, and shown together when they are new: a client
/// that has no diagnostics for the `.rego` files still hears of them),
/// and which rules were loaded (logged). `.rego` files no longer read
/// have their diagnostics cleared.
fn loaded_messages(
    folder: &Path,
    old: Option<&Workspace>,
    new: &Workspace,
    messages: &mut Vec<Message>,
    all: &mut Results,
) {
    let same_warnings = old.is_some_and(|o| o.warnings == new.warnings);
    for w in &new.warnings {
        messages.push(Message {
            typ: MessageType::WARNING,
            text: format!("rampart: {w}"),
            show: !same_warnings,
        });
    }
    if let Some(old) = old {
        for path in old.policy_files() {
            if !new.policy_files().any(|p| p == path) {
                all.entry(path.to_path_buf()).or_default();
            }
        }
    }
    let errors = new.policy_errors(folder);
    let before = old.map(|o| o.policy_errors(folder)).unwrap_or_default();
    if errors != before {
        for e in &errors {
            messages.push(Message {
                typ: MessageType::ERROR,
                text: format!("rampart: custom policy: {e}"),
                show: false,
            });
        }
        if let Some(first) = errors.first() {
            let more = match errors.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            messages.push(Message {
                typ: MessageType::ERROR,
                text: format!(
                    "rampart: a custom policy cannot be used (the others and the built-in rules still run): {first}{more}"
                ),
                show: true,
            });
        }
    }
    let codes = new.policies.codes();
    if !codes.is_empty() || old.is_some_and(|o| !o.policies.is_empty()) {
        messages.push(Message {
            typ: MessageType::INFO,
            text: format!(
                "rampart: {} custom rule(s) loaded{}{}",
                codes.len(),
                if codes.is_empty() { "" } else { ": " },
                codes.join(", ")
            ),
            show: false,
        });
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> RpcResult<InitializeResult> {
        let mut folders: Vec<PathBuf> = params
            .workspace_folders
            .unwrap_or_default()
            .iter()
            .filter_map(|f| analysis::path_of(&f.uri))
            .collect();
        #[allow(deprecated)]
        if folders.is_empty() {
            if let Some(root) = params.root_uri.as_ref().and_then(analysis::path_of) {
                folders.push(root);
            }
        }
        let offer_pull;
        {
            let mut st = self.state();
            st.folders = folders;
            st.progress = params
                .capabilities
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false);
            let pulls = params
                .capabilities
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some());
            let refresh = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false);
            // A client that pulls but cannot be asked to pull again
            // (Neovim 0.11) would see a change on disk (a `.rego` policy, a
            // tfvars file) only at its next edit: it is not offered pulls,
            // and gets pushed diagnostics.
            st.pull = pulls && refresh;
            offer_pull = st.pull || !pulls;
            st.watch_registration = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
        }
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::FULL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                diagnostic_provider: offer_pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("rampart".to_string()),
                        inter_file_dependencies: true,
                        workspace_diagnostics: false,
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    })
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "rampart".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Each folder's configuration and policies are loaded by the
        // worker, before its first check.
        let register = self.state().watch_registration;
        if register {
            let watchers = [
                "**/*.tf",
                "**/*.tf.json",
                "**/*.tfvars",
                "**/*.tfvars.json",
                "**/rampart.toml",
                "**/.rampart.toml",
                // Custom policies: a change reloads them.
                "**/*.rego",
            ]
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String((*g).to_string()),
                kind: None,
            })
            .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = Registration {
                id: "rampart-watch".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                self.client
                    .log_message(
                        MessageType::WARNING,
                        format!("rampart: cannot watch files: {e}"),
                    )
                    .await;
            }
        }
        self.start_worker();
        self.state().want(Pending::Full);
        self.shared.wake.notify_one();
    }

    async fn shutdown(&self) -> RpcResult<()> {
        self.shut_down
            .store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let Some(path) = analysis::path_of(&doc.uri) else {
            return;
        };
        if !is_terraform(&path) {
            return;
        }
        {
            let mut st = self.state();
            // A file outside every folder is checked alone; its directory
            // never joins the folders (it may be `/`).
            let inside = st.folders.iter().any(|f| path.starts_with(f));
            if inside {
                st.touched.insert(path.clone());
            } else {
                st.loose.insert(path.clone());
            }
            st.docs.insert(
                path.clone(),
                Doc {
                    uri: doc.uri.clone(),
                    text: doc.text,
                    version: doc.version,
                },
            );
        }
        self.start_worker();
        self.changed(&path);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let Some(path) = analysis::path_of(&params.text_document.uri) else {
            return;
        };
        {
            let mut st = self.state();
            let Some(doc) = st.docs.get_mut(&path) else {
                return;
            };
            // Versions only grow; a late, older change is dropped.
            if params.text_document.version < doc.version {
                return;
            }
            // Full sync: the last change holds the whole text.
            if let Some(change) = params.content_changes.into_iter().last() {
                doc.text = change.text;
                doc.version = params.text_document.version;
            }
        }
        self.changed(&path);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if let Some(path) = analysis::path_of(&params.text_document.uri) {
            if is_config(&path) || is_rego(&path) {
                // A client that shows rampart these files.
                self.files_changed(&[(path, FileChangeType::CHANGED)]);
                return;
            }
            self.state().touched.insert(path.clone());
            self.changed(&path);
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let Some(path) = analysis::path_of(&params.text_document.uri) else {
            return;
        };
        {
            let mut st = self.state();
            st.docs.remove(&path);
            st.loose.remove(&path);
            st.removed.insert(path.clone());
        }
        // The disk copy counts again.
        self.changed(&path);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let changes: Vec<(PathBuf, FileChangeType)> = params
            .changes
            .iter()
            .filter_map(|c| Some((analysis::path_of(&c.uri)?, c.typ)))
            .collect();
        self.files_changed(&changes);
    }

    async fn hover(&self, params: HoverParams) -> RpcResult<Option<Hover>> {
        let pos = params.text_document_position_params.position;
        let uri = params.text_document_position_params.text_document.uri;
        Ok(self
            .flags_at(
                &uri,
                Range {
                    start: pos,
                    end: pos,
                },
            )
            .and_then(|(_, flags)| flags.first().map(actions::hover)))
    }

    async fn code_action(&self, params: CodeActionParams) -> RpcResult<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some((file, flags)) = self.flags_at(&uri, params.range) else {
            return Ok(None);
        };
        let actions: Vec<CodeActionOrCommand> = flags
            .iter()
            .flat_map(|f| actions::code_actions(&uri, &file, f))
            .collect();
        Ok((!actions.is_empty()).then_some(actions))
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> RpcResult<DocumentDiagnosticReportResult> {
        let path = analysis::path_of(&params.text_document.uri);
        // Answer for the document's current text: wait (a little) for the
        // check of its latest version.
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        let items = loop {
            let checked = self.shared.checked.notified();
            let ready = path.as_ref().and_then(|p| {
                let st = self.state();
                let current = st.docs.get(p).map(|d| d.version);
                match st.results.get(p) {
                    Some((v, r)) if *v == current => Some(r.diagnostics.clone()),
                    None if current.is_none() => Some(Vec::new()),
                    _ => None,
                }
            });
            if let Some(items) = ready {
                break items;
            }
            if path.is_none() || tokio::time::timeout_at(deadline, checked).await.is_err() {
                break Vec::new();
            }
        };
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }
}
