//! A small synchronous LSP client for the language-server tests: it runs
//! the real `rampart lsp` over stdin/stdout, frames JSON-RPC messages with
//! `Content-Length`, numbers requests, and waits for messages with a bound
//! on every wait, so a server that hangs fails the test instead of blocking
//! CI. The child is killed when the client is dropped.
//!
//! A reader thread parses the server's output into JSON values and sends
//! them down a channel; requests the server makes of the client
//! (`client/registerCapability`, `window/workDoneProgress/create`) are
//! answered with a `null` result right there. Every message received is
//! kept in [`Lsp::log`], in arrival order; [`Lsp::wait_for`] consumes the
//! first one matching a predicate and keeps the others for later waits.

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The bound on every wait unless a test says otherwise.
pub const TIMEOUT: Duration = Duration::from_secs(10);

pub const PUBLISH: &str = "textDocument/publishDiagnostics";

/// A running `rampart lsp` and what it has sent so far.
pub struct Lsp {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    rx: Receiver<Value>,
    /// Received and not yet consumed by a wait.
    pending: VecDeque<Value>,
    /// Every message received, in order.
    pub log: Vec<Value>,
    next_id: i64,
    stderr: Arc<Mutex<String>>,
    /// The server's output has ended (it exited or closed stdout).
    closed: bool,
    /// The workspace folder (canonical, so the server's URIs match ours).
    pub root: PathBuf,
}

/// Write one framed message.
fn write_message(stdin: &Mutex<ChildStdin>, msg: &Value) -> std::io::Result<()> {
    let body = serde_json::to_vec(msg).expect("serialize a message");
    let mut out = stdin.lock().unwrap_or_else(|e| e.into_inner());
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(&body)?;
    out.flush()
}

/// Read one framed message; `None` at end of stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        if name.trim().eq_ignore_ascii_case("content-length") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server sent invalid JSON"))
}

/// `file://` URI of an absolute path.
pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Lsp {
    /// Start `rampart lsp` (not yet initialized) for the folder `root`.
    pub fn start(root: &Path) -> Lsp {
        let root = root
            .canonicalize()
            .expect("canonicalize the workspace root");
        // As for the CLI tests: no developer's global gitignore may leak in.
        let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rampart-empty-home");
        std::fs::create_dir_all(&home).expect("create the empty HOME");
        let mut child = Command::new(env!("CARGO_BIN_EXE_rampart"))
            .arg("lsp")
            .current_dir(&root)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", &home)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start `rampart lsp`");
        let stdin = Arc::new(Mutex::new(child.stdin.take().expect("stdin")));
        let stdout = child.stdout.take().expect("stdout");
        let mut stderr_pipe = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel();
        let replies = stdin.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if msg.get("method").is_some() {
                    if let Some(id) = msg.get("id") {
                        let reply = json!({"jsonrpc": "2.0", "id": id, "result": null});
                        let _ = write_message(&replies, &reply);
                    }
                }
                if tx.send(msg).is_err() {
                    return;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = String::new();
            let _ = stderr_pipe.read_to_string(&mut buf);
            sink.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push_str(&buf);
        });
        Lsp {
            child,
            stdin,
            rx,
            pending: VecDeque::new(),
            log: Vec::new(),
            next_id: 1,
            stderr,
            closed: false,
            root,
        }
    }

    /// Start the server and run the `initialize`/`initialized` handshake
    /// with plain client capabilities; returns the `initialize` result.
    pub fn initialized(root: &Path) -> (Lsp, Value) {
        let mut lsp = Lsp::start(root);
        let result = lsp.initialize();
        (lsp, result)
    }

    pub fn initialize(&mut self) -> Value {
        let root_uri = uri(&self.root);
        let name = self
            .root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let response = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": name}],
                "capabilities": {
                    "textDocument": {
                        "publishDiagnostics": {"relatedInformation": true, "versionSupport": true},
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "codeAction": {}
                    }
                }
            }),
        );
        self.notify("initialized", json!({}));
        response["result"].clone()
    }

    /// Absolute path of a file in the workspace.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// URI of a file in the workspace.
    pub fn uri(&self, rel: &str) -> String {
        uri(&self.path(rel))
    }

    pub fn send(&mut self, msg: &Value) {
        if let Err(e) = write_message(&self.stdin, msg) {
            panic!("cannot write to the server ({e}){}", self.context());
        }
    }

    /// Send `body` framed as one message, whatever it holds.
    pub fn send_raw(&mut self, body: &[u8]) {
        let mut out = self.stdin.lock().unwrap_or_else(|e| e.into_inner());
        let sent = write!(out, "Content-Length: {}\r\n\r\n", body.len())
            .and_then(|()| out.write_all(body))
            .and_then(|()| out.flush());
        drop(out);
        if let Err(e) = sent {
            panic!("cannot write to the server ({e}){}", self.context());
        }
    }

    /// Write `bytes` as they are: headers, bodies, garbage.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        let mut out = self.stdin.lock().unwrap_or_else(|e| e.into_inner());
        let sent = out.write_all(bytes).and_then(|()| out.flush());
        drop(out);
        if let Err(e) = sent {
            panic!("cannot write to the server ({e}){}", self.context());
        }
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Send a request and wait for its response (the whole message).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Wait for the response to request `id`.
    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for(
            &format!("the response to request {id}"),
            |m| m.get("method").is_none() && m["id"] == json!(id),
            TIMEOUT,
        )
    }

    /// Take whatever the reader thread has delivered, without waiting.
    fn pump(&mut self) {
        while let Ok(msg) = self.rx.try_recv() {
            self.log.push(msg.clone());
            self.pending.push_back(msg);
        }
    }

    /// The first unconsumed message matching `pred`, waiting at most
    /// `timeout` for it; `None` when none came.
    pub fn try_wait_for(
        &mut self,
        pred: impl Fn(&Value) -> bool,
        timeout: Duration,
    ) -> Option<Value> {
        let deadline = Instant::now() + timeout;
        self.pump();
        if let Some(i) = self.pending.iter().position(&pred) {
            return self.pending.remove(i);
        }
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(msg) => {
                    self.log.push(msg.clone());
                    if pred(&msg) {
                        return Some(msg);
                    }
                    self.pending.push_back(msg);
                }
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => {
                    self.closed = true;
                    return None;
                }
            }
        }
    }

    /// Like [`Lsp::try_wait_for`], but a timeout fails the test with what
    /// the server did say.
    #[track_caller]
    pub fn wait_for(
        &mut self,
        what: &str,
        pred: impl Fn(&Value) -> bool,
        timeout: Duration,
    ) -> Value {
        match self.try_wait_for(pred, timeout) {
            Some(m) => m,
            None if self.closed => {
                let status = self.wait_exit(Duration::from_secs(1));
                panic!(
                    "the server closed its output (exit status: {status:?}) while waiting for {what}{}",
                    self.context()
                )
            }
            None => panic!(
                "timed out after {timeout:?} waiting for {what}{}",
                self.context()
            ),
        }
    }

    /// Everything that arrives within `quiet` of the last message (at most
    /// `TIMEOUT` in all), consumed.
    pub fn settle(&mut self, quiet: Duration) -> Vec<Value> {
        let deadline = Instant::now() + TIMEOUT;
        let mut out: Vec<Value> = self.pending.drain(..).collect();
        while Instant::now() < deadline {
            match self.rx.recv_timeout(quiet) {
                Ok(msg) => {
                    self.log.push(msg.clone());
                    out.push(msg);
                }
                Err(_) => break,
            }
        }
        out
    }

    /// Forget the messages received so far (they stay in the log).
    pub fn drain(&mut self) {
        self.pump();
        self.pending.clear();
    }

    /// Open a workspace file with `text` at `version`.
    pub fn open(&mut self, rel: &str, version: i32, text: &str) {
        let uri = self.uri(rel);
        let language = if rel.ends_with(".tfvars") {
            "terraform-vars"
        } else {
            "terraform"
        };
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}),
        );
    }

    /// Replace a document's whole text (full sync).
    pub fn change(&mut self, rel: &str, version: i32, text: &str) {
        let uri = self.uri(rel);
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}]
            }),
        );
    }

    /// Wait for diagnostics published for `rel` at `version`; returns the
    /// notification's params.
    #[track_caller]
    pub fn published(&mut self, rel: &str, version: i64) -> Value {
        self.publication(rel, version)["params"].clone()
    }

    /// Wait for diagnostics published for `rel` at `version`; returns the
    /// whole notification.
    #[track_caller]
    pub fn publication(&mut self, rel: &str, version: i64) -> Value {
        let uri = self.uri(rel);
        self.wait_for(
            &format!("diagnostics for {rel} version {version}"),
            |m| {
                m["method"] == PUBLISH
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == version
            },
            TIMEOUT,
        )
    }

    /// Wait for diagnostics published for `rel` that satisfy `pred`.
    #[track_caller]
    pub fn published_where(
        &mut self,
        rel: &str,
        what: &str,
        pred: impl Fn(&Value) -> bool,
    ) -> Value {
        let uri = self.uri(rel);
        let msg = self.wait_for(
            &format!("diagnostics for {rel}: {what}"),
            |m| m["method"] == PUBLISH && m["params"]["uri"] == uri && pred(&m["params"]),
            TIMEOUT,
        );
        msg["params"].clone()
    }

    /// The quick fixes offered for `diagnostic` in `rel`.
    pub fn code_actions(&mut self, rel: &str, diagnostic: &Value) -> Vec<Value> {
        let uri = self.uri(rel);
        let response = self.request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri},
                "range": diagnostic["range"],
                "context": {"diagnostics": [diagnostic]}
            }),
        );
        assert!(
            response.get("error").is_none(),
            "codeAction failed: {response}"
        );
        response["result"].as_array().cloned().unwrap_or_default()
    }

    /// The hover at `line:character` of `rel` (`null` when none).
    pub fn hover(&mut self, rel: &str, line: u32, character: u32) -> Value {
        let uri = self.uri(rel);
        let response = self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        assert!(response.get("error").is_none(), "hover failed: {response}");
        response["result"].clone()
    }

    /// Wait at most `timeout` for the process to end.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// `value` as pretty JSON with the workspace path replaced by `[ROOT]`.
    pub fn redact(&self, value: &Value) -> String {
        let text = serde_json::to_string_pretty(value).expect("serialize");
        text.replace(&self.root.display().to_string(), "[ROOT]")
    }

    /// What the server said, for failure messages.
    fn context(&mut self) -> String {
        self.pump();
        let log: Vec<String> = self.log.iter().map(|m| m.to_string()).collect();
        let stderr = self.stderr.lock().map(|s| s.clone()).unwrap_or_default();
        format!(
            "\n--- received ({} messages)\n{}\n--- stderr\n{}",
            log.len(),
            log.join("\n"),
            stderr
        )
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Byte offset of an LSP position (0-based line, UTF-16 character) in
/// `text`; a character past the end of its line means the line's end.
pub fn offset_of(text: &str, line: u64, character: u64) -> usize {
    let mut start = 0;
    for _ in 0..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut units = 0u64;
    for (i, c) in text[start..end].char_indices() {
        if units >= character {
            return start + i;
        }
        units += c.len_utf16() as u64;
    }
    end
}

/// Apply LSP `TextEdit`s (non-overlapping, UTF-16 positions) to `text`.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let pos = |p: &Value| {
        offset_of(
            text,
            p["line"].as_u64().expect("line"),
            p["character"].as_u64().expect("character"),
        )
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                pos(&e["range"]["start"]),
                pos(&e["range"]["end"]),
                e["newText"].as_str().expect("newText"),
            )
        })
        .collect();
    // From the end, so earlier offsets stay valid.
    spans.sort_by_key(|s| std::cmp::Reverse((s.0, s.1)));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, new);
    }
    out
}

/// Apply a code action's workspace edit to the document `uri`.
pub fn apply_action(text: &str, action: &Value, uri: &str) -> String {
    let edits = action["edit"]["changes"][uri]
        .as_array()
        .unwrap_or_else(|| panic!("the action has no edits for {uri}: {action}"));
    apply_edits(text, edits)
}

#[test]
fn edits_use_utf16_positions() {
    let text = "a 😀 \"x\"\nü = \"y\"\n";
    // "x" starts after `a`, space, the emoji (2 units) and a space.
    let edits = [
        json!({"range": {"start": {"line": 0, "character": 5}, "end": {"line": 0, "character": 8}}, "newText": "\"z\""}),
        json!({"range": {"start": {"line": 1, "character": 4}, "end": {"line": 1, "character": 7}}, "newText": "\"w\""}),
        json!({"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "newText": "# c\n"}),
    ];
    assert_eq!(apply_edits(text, &edits), "a 😀 \"z\"\n# c\nü = \"w\"\n");
    assert_eq!(offset_of(text, 0, 99), text.find('\n').unwrap());
}
