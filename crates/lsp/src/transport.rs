//! The stdio transport in front of tower-lsp-server.
//!
//! tower-lsp-server 0.23 reads its input through tokio-util's `FramedRead`,
//! which ends the stream after the first frame it cannot decode (a body
//! that is not JSON, not a JSON-RPC message, a bad `Content-Length`): the
//! server answers `-32700` and then stops reading. A client (or whatever
//! sits between the editor and us) must not be able to end the session
//! that way, so this layer reads the frames itself:
//!
//! - each `Content-Length` frame is read here (headers up to
//!   [`MAX_HEADER`] bytes, bodies up to [`MAX_FRAME`] bytes: a client cannot
//!   make the server allocate more than that for one message);
//! - a body is forwarded to tower-lsp-server (through an in-memory pipe,
//!   re-framed with a plain `Content-Length` header) only if it is a valid
//!   JSON-RPC 2.0 message that tower-lsp-server decodes: a JSON object
//!   (UTF-8, no lone surrogate escape), `"jsonrpc": "2.0"`, an `id` that is
//!   an integer or a string, a string `method`, or else a response with a
//!   `result` or an `error`;
//! - anything else gets a JSON-RPC error reply written here (`-32700` parse
//!   error for bytes that are not JSON, `-32600` invalid request for JSON
//!   that is not a message; the request's `id` when it has a valid one,
//!   `null` otherwise), and reading goes on. A batch (a JSON array) is an
//!   invalid request: LSP has no batches.
//! - A header without a usable `Content-Length` (missing, not a number,
//!   over [`MAX_FRAME`]) gets a `-32700` reply and the input is skipped to
//!   the next `Content-Length` header.
//!
//! The server's output is read back frame by frame from its own pipe and
//! written to stdout by a single writer, together with these error replies,
//! so no two messages ever interleave.

use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// The largest message body accepted (64 MB). A `didOpen` of a file at
/// the engine's own 256 MB file limit is refused here; such a file is far
/// beyond anything an editor sends.
pub const MAX_FRAME: usize = 64 * 1024 * 1024;

/// The largest header section accepted (8 KB).
pub const MAX_HEADER: usize = 8 * 1024;

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// What the framing layer found in the input.
#[derive(Debug, PartialEq)]
pub enum Event {
    /// One message body, as sent.
    Frame(Vec<u8>),
    /// The input could not be framed: the error reply to send.
    Reply(Value),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    /// Reading a header section.
    Header,
    /// Reading a body of this many bytes.
    Body(usize),
    /// Skipping input up to the next `Content-Length`.
    Resync,
}

/// Splits a byte stream into `Content-Length` frames, never holding more
/// than one header section and one body of at most [`MAX_FRAME`] bytes.
#[derive(Debug)]
pub struct Deframer {
    buf: Vec<u8>,
    mode: Mode,
}

impl Default for Deframer {
    fn default() -> Self {
        Deframer {
            buf: Vec::new(),
            mode: Mode::Header,
        }
    }
}

fn error_reply(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Where the header section ends: (index of the body's first byte).
fn header_end(buf: &[u8]) -> Option<usize> {
    // `\r\n\r\n` as the protocol says; `\n\n` from sloppy clients.
    let crlf = find(buf, b"\r\n\r\n").map(|i| i + 4);
    let lf = find(buf, b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The `Content-Length` of a header section, or why there is none.
fn content_length(header: &[u8]) -> Result<usize, &'static str> {
    let text = std::str::from_utf8(header).map_err(|_| "header is not UTF-8")?;
    let mut length = None;
    for line in text.split('\n') {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err("malformed header line");
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let value = value.trim();
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                return Err("Content-Length is not a number");
            }
            let n = value.parse::<usize>().unwrap_or(usize::MAX);
            if n > MAX_FRAME {
                return Err("Content-Length over the 64 MB limit");
            }
            length = Some(n);
        }
    }
    length.ok_or("missing Content-Length header")
}

const MARK: &[u8] = b"Content-Length";

impl Deframer {
    /// Add input.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// The next event the input so far gives, if any.
    pub fn next_event(&mut self) -> Option<Event> {
        loop {
            match self.mode {
                Mode::Body(n) => {
                    if self.buf.len() < n {
                        return None;
                    }
                    let rest = self.buf.split_off(n);
                    let body = std::mem::replace(&mut self.buf, rest);
                    self.mode = Mode::Header;
                    return Some(Event::Frame(body));
                }
                Mode::Resync => {
                    // Skip to the next `Content-Length` after the first
                    // byte (so that every resync makes progress).
                    match find(self.buf.get(1..).unwrap_or_default(), MARK) {
                        Some(i) => {
                            self.buf.drain(..=i);
                            self.mode = Mode::Header;
                        }
                        None => {
                            // Keep a tail that may be the start of the mark.
                            let keep = self.buf.len().min(MARK.len());
                            self.buf.drain(..self.buf.len() - keep);
                            return None;
                        }
                    }
                }
                Mode::Header => {
                    // Blank lines between messages are tolerated.
                    let blank = self
                        .buf
                        .iter()
                        .take_while(|b| **b == b'\r' || **b == b'\n')
                        .count();
                    self.buf.drain(..blank);
                    let Some(end) = header_end(&self.buf) else {
                        if self.buf.len() > MAX_HEADER {
                            self.mode = Mode::Resync;
                            return Some(Event::Reply(error_reply(
                                Value::Null,
                                PARSE_ERROR,
                                "header section too long (over 8 KB)",
                            )));
                        }
                        return None;
                    };
                    if end > MAX_HEADER + 4 {
                        self.mode = Mode::Resync;
                        return Some(Event::Reply(error_reply(
                            Value::Null,
                            PARSE_ERROR,
                            "header section too long (over 8 KB)",
                        )));
                    }
                    match content_length(self.buf.get(..end).unwrap_or_default()) {
                        Ok(n) => {
                            self.buf.drain(..end);
                            self.mode = Mode::Body(n);
                        }
                        Err(why) => {
                            // Garbage before a real header is skipped with
                            // it: resync from where the bad header began.
                            self.mode = Mode::Resync;
                            return Some(Event::Reply(error_reply(
                                Value::Null,
                                PARSE_ERROR,
                                &format!("cannot read the message header: {why}"),
                            )));
                        }
                    }
                }
            }
        }
    }
}

/// A valid id: an integer or a string.
fn valid_id(id: &Value) -> bool {
    id.as_i64().is_some() || id.is_string()
}

/// A message body checked: `Ok` with the bytes to forward to
/// tower-lsp-server (which decodes them), or `Err` with the error reply.
pub fn validate(body: &[u8]) -> Result<Vec<u8>, Value> {
    let text = std::str::from_utf8(body)
        .map_err(|_| error_reply(Value::Null, PARSE_ERROR, "the message is not UTF-8"))?;
    // serde_json refuses lone surrogate escapes (`"\ud800"`) here.
    let value: Value = serde_json::from_str(text).map_err(|e| {
        error_reply(
            Value::Null,
            PARSE_ERROR,
            &format!("the message is not JSON: {e}"),
        )
    })?;
    let invalid = |id: Value, why: &str| error_reply(id, INVALID_REQUEST, why);
    let Value::Object(map) = &value else {
        return Err(invalid(
            Value::Null,
            if value.is_array() {
                "batches are not supported (LSP has none)"
            } else {
                "a message must be a JSON object"
            },
        ));
    };
    let id = map.get("id");
    let reply_id = id.filter(|i| valid_id(i)).cloned().unwrap_or(Value::Null);
    if map.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(invalid(reply_id, "`jsonrpc` must be \"2.0\""));
    }
    match map.get("method") {
        Some(Value::String(_)) => {
            if id.is_some_and(|i| !valid_id(i)) {
                return Err(invalid(Value::Null, "`id` must be an integer or a string"));
            }
            serde_json::from_value::<Request>(value.clone())
                .map_err(|e| invalid(reply_id, &format!("not a valid request: {e}")))?;
        }
        Some(_) => return Err(invalid(reply_id, "`method` must be a string")),
        None => {
            // A response to one of the server's requests.
            let Some(id) = id else {
                return Err(invalid(
                    Value::Null,
                    "a message needs a `method` or an `id`",
                ));
            };
            if !(valid_id(id) || id.is_null()) {
                return Err(invalid(Value::Null, "`id` must be an integer or a string"));
            }
            if map.contains_key("result") == map.contains_key("error") {
                return Err(invalid(
                    reply_id,
                    "a response has a `result` or an `error`, and not both",
                ));
            }
            serde_json::from_value::<Response>(value.clone())
                .map_err(|e| invalid(reply_id, &format!("not a valid response: {e}")))?;
        }
    }
    serde_json::to_vec(&value)
        .map_err(|e| error_reply(Value::Null, PARSE_ERROR, &format!("cannot re-encode: {e}")))
}

/// `body` framed for the wire.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Read the client's input, forward valid messages to the server's pipe
/// and queue error replies for the others; ends (closing the pipe) at the
/// end of the input.
pub async fn read_input(
    mut input: impl AsyncRead + Unpin,
    mut to_server: impl AsyncWrite + Unpin,
    replies: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut deframer = Deframer::default();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match input.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        deframer.push(chunk.get(..n).unwrap_or_default());
        while let Some(event) = deframer.next_event() {
            let checked = match event {
                Event::Frame(body) => validate(&body),
                Event::Reply(reply) => Err(reply),
            };
            match checked {
                Ok(body) => {
                    if to_server.write_all(&frame(&body)).await.is_err() {
                        return;
                    }
                    if to_server.flush().await.is_err() {
                        return;
                    }
                }
                Err(reply) => {
                    if let Ok(body) = serde_json::to_vec(&reply) {
                        let _ = replies.send(frame(&body));
                    }
                }
            }
        }
    }
    let _ = to_server.shutdown().await;
}

/// Read the server's framed output and queue each whole message for the
/// writer.
pub async fn read_server_output(
    mut from_server: impl AsyncRead + Unpin,
    out: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut deframer = Deframer::default();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match from_server.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        deframer.push(chunk.get(..n).unwrap_or_default());
        while let Some(event) = deframer.next_event() {
            if let Event::Frame(body) = event {
                let _ = out.send(frame(&body));
            }
        }
    }
}

/// Write every queued message to the client, in order, until all senders
/// are gone.
pub async fn write_output(
    mut rx: mpsc::UnboundedReceiver<Vec<u8>>,
    mut output: impl AsyncWrite + Unpin,
) {
    while let Some(bytes) = rx.recv().await {
        if output.write_all(&bytes).await.is_err() || output.flush().await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(input: &[u8]) -> Vec<Event> {
        let mut d = Deframer::default();
        let mut out = Vec::new();
        // Byte by byte: framing must not depend on how reads split.
        for b in input {
            d.push(std::slice::from_ref(b));
            while let Some(e) = d.next_event() {
                out.push(e);
            }
        }
        out
    }

    fn code(e: &Event) -> i64 {
        match e {
            Event::Reply(v) => v["error"]["code"].as_i64().unwrap(),
            Event::Frame(_) => 0,
        }
    }

    #[test]
    fn frames_and_bad_headers() {
        let good = frame(br#"{"jsonrpc":"2.0","method":"exit"}"#);
        let mut input = Vec::new();
        input.extend_from_slice(b"Content-Length: abc\r\n\r\n{}");
        input.extend_from_slice(&good);
        input.extend_from_slice(b"garbage\r\n\r\n");
        input.extend_from_slice(&good);
        input.extend_from_slice(b"Content-Length: 99999999999999999999999\r\n\r\n{}");
        input.extend_from_slice(&good);
        input.extend_from_slice(b"X-Other: 1\r\n\r\n");
        input.extend_from_slice(&good);
        let got = events(&input);
        let codes: Vec<i64> = got.iter().map(code).collect();
        assert_eq!(codes, [-32700, 0, -32700, 0, -32700, 0, -32700, 0]);
    }

    #[test]
    fn huge_header_is_bounded() {
        let mut input = vec![b'x'; MAX_HEADER * 3];
        input.extend_from_slice(&frame(br#"{"jsonrpc":"2.0","method":"exit"}"#));
        let mut d = Deframer::default();
        d.push(&input);
        let mut got = Vec::new();
        while let Some(e) = d.next_event() {
            got.push(code(&e));
        }
        assert_eq!(got, [-32700, 0]);
    }

    #[test]
    fn messages_are_validated() {
        let cases: &[(&[u8], i64, Value)] = &[
            (b"{}", -32600, Value::Null),
            (b"[]", -32600, Value::Null),
            (
                br#"[{"jsonrpc":"2.0","method":"exit"}]"#,
                -32600,
                Value::Null,
            ),
            (br#"{"id":3,"method":"shutdown"}"#, -32600, json!(3)),
            (
                br#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#,
                -32600,
                Value::Null,
            ),
            (
                br#"{"jsonrpc":"2.0","id":"\ud800","method":"x"}"#,
                -32700,
                Value::Null,
            ),
            (
                b"{\"jsonrpc\":\"2.0\",\"method\":\"\xff\"}",
                -32700,
                Value::Null,
            ),
            (br#"{"jsonrpc":"2.0","id":4}"#, -32600, json!(4)),
            (br#"{"jsonrpc":"2.0","id":5,"method":7}"#, -32600, json!(5)),
            (br#"{"jsonrpc":"2.0","method":"#, -32700, Value::Null),
        ];
        for (body, code, id) in cases {
            let reply = validate(body).expect_err(&String::from_utf8_lossy(body));
            assert_eq!(
                reply["error"]["code"],
                *code,
                "{}",
                String::from_utf8_lossy(body)
            );
            assert_eq!(reply["id"], *id, "{}", String::from_utf8_lossy(body));
        }
        for ok in [
            &br#"{"jsonrpc":"2.0","id":1,"method":"shutdown","params":null}"#[..],
            br#"{"jsonrpc":"2.0","id":"a","method":"x","params":{"s":"\ud83d\ude00"}}"#,
            br#"{"jsonrpc":"2.0","method":"exit"}"#,
            br#"{"jsonrpc":"2.0","id":7,"result":null}"#,
            br#"{"jsonrpc":"2.0","id":7,"error":{"code":-1,"message":"no"}}"#,
        ] {
            assert!(validate(ok).is_ok(), "{}", String::from_utf8_lossy(ok));
        }
    }
}
