//! A small LSP client over the real binary's stdin and stdout: framing, requests, waiting for
//! notifications, and the client's own copy of each document with its own position arithmetic
//! (independent of the server's `encoding` module, so the two check each other).
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Generous: the tests run the debug build on a loaded CI machine.
pub const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    /// Raw bodies with their arrival: parsing happens on the test's thread, so a slow parse
    /// of one large message never delays the reading (and the timestamp) of the next.
    incoming: Receiver<(Instant, Vec<u8>)>,
    /// Messages received while waiting for something else, with when they arrived.
    queue: VecDeque<(Instant, Value)>,
    /// When the message last returned by `wait_for` had been read off the pipe (before it
    /// was parsed): the moment the server's answer arrived.
    pub arrived: Instant,
    next_id: i64,
    pub stderr: Arc<Mutex<String>>,
    /// Whether the client reads the server's output (a client that stops reading is one of
    /// the tests).
    reading: Arc<(Mutex<bool>, Condvar)>,
}

/// How the client positions characters, as negotiated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
    Utf32,
}

impl Enc {
    pub fn name(self) -> &'static str {
        match self {
            Enc::Utf8 => "utf-8",
            Enc::Utf16 => "utf-16",
            Enc::Utf32 => "utf-32",
        }
    }

    fn units(self, c: char) -> usize {
        match self {
            Enc::Utf8 => c.len_utf8(),
            Enc::Utf16 => c.len_utf16(),
            Enc::Utf32 => 1,
        }
    }

    /// `(line, character)` of a byte offset in `text`; lines end at `\n`, `\r\n`, `\r`.
    pub fn position(self, text: &str, offset: usize) -> (u32, u32) {
        let (mut line, mut col) = (0u32, 0usize);
        let mut chars = text[..offset].chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' if chars.peek() == Some(&'\n') => {}
                '\r' | '\n' => {
                    line += 1;
                    col = 0;
                }
                c => col += self.units(c),
            }
        }
        (line, col as u32)
    }

    /// Byte offset of a position, clamped as the protocol says.
    pub fn offset(self, text: &str, line: u32, character: u32) -> usize {
        let mut at = 0;
        for _ in 0..line {
            match text[at..].find(['\r', '\n']) {
                Some(i) => {
                    at += i + if text[at + i..].starts_with("\r\n") {
                        2
                    } else {
                        1
                    };
                }
                None => return text.len(),
            }
        }
        let end = text[at..].find(['\r', '\n']).map_or(text.len(), |i| at + i);
        let mut units = 0;
        for (i, c) in text[at..end].char_indices() {
            if units + self.units(c) > character as usize {
                return at + i;
            }
            units += self.units(c);
        }
        end
    }

    pub fn range(self, text: &str, start: usize, end: usize) -> Value {
        let (sl, sc) = self.position(text, start);
        let (el, ec) = self.position(text, end);
        json!({"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}})
    }
}

/// The server under test; `CABLE_LS_BIN` runs another command instead (a profiler wrapping it).
pub fn binary() -> String {
    std::env::var("CABLE_LS_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_cable-ls").to_string())
}

impl Server {
    pub fn spawn(args: &[&str]) -> Server {
        Server::spawn_with(args, &[])
    }

    /// Start with extra environment variables (`CABLE_LS_PARANOID=1`).
    pub fn spawn_with(args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(binary())
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = mpsc::channel();
        let reading = Arc::new((Mutex::new(true), Condvar::new()));
        let gate = reading.clone();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let (open, wake) = &*gate;
                drop(
                    wake.wait_while(open.lock().unwrap(), |open| !*open)
                        .unwrap(),
                );
                let Some((at, msg)) = read_message(&mut r) else {
                    break;
                };
                if tx.send((at, msg)).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let mut err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Server {
            stdin: child.stdin.take(),
            child,
            incoming,
            queue: VecDeque::new(),
            arrived: Instant::now(),
            next_id: 1,
            stderr,
            reading,
        }
    }

    /// Start and initialize with the given capabilities and options; returns the result.
    pub fn start(capabilities: Value, options: Value) -> (Server, Value) {
        let mut s = Server::spawn(&[]);
        let result = s.initialize(capabilities, options);
        (s, result)
    }

    /// Start with UTF-16 positions and default settings, and open `text` as version 1 of
    /// `uri`: the start of most document tests.
    pub fn with_open(uri: &str, text: &str) -> Server {
        let (mut s, _) = Server::start(capabilities(&["utf-16"]), Value::Null);
        s.open(uri, 1, text);
        s
    }

    pub fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        let r = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities,
                   "initializationOptions": options}),
        );
        let result = r.get("result").cloned().unwrap_or_else(|| panic!("{r}"));
        self.notify("initialized", json!({}));
        result
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Stop reading the server's output (after the message being read, if any): the pipe
    /// fills and the server's writes block.
    pub fn stop_reading(&self) {
        *self.reading.0.lock().unwrap() = false;
    }

    pub fn resume_reading(&self) {
        *self.reading.0.lock().unwrap() = true;
        self.reading.1.notify_all();
    }

    /// The server's input, for a thread of the test to write on (its writes may block); give
    /// it back with `give_stdin`.
    pub fn take_stdin(&mut self) -> ChildStdin {
        self.stdin.take().expect("stdin open")
    }

    pub fn give_stdin(&mut self, stdin: ChildStdin) {
        self.stdin = Some(stdin);
    }

    /// The next message, whatever it is.
    pub fn next_message(&mut self) -> Option<Value> {
        self.wait_for(|_| true)
    }

    /// A field of the server's `/proc/<pid>/status` in kB (`VmRSS`, `VmHWM`) or as a number
    /// (`Threads`).
    pub fn status(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .expect("/proc/<pid>/status (Linux)");
        status
            .lines()
            .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or_else(|| panic!("no {field} in {status}"))
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to server");
        stdin.flush().expect("flush");
    }

    pub fn send(&mut self, msg: &Value) {
        self.send_raw(&frame(&serde_json::to_vec(msg).unwrap()));
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Answer a request the server sent.
    pub fn respond(&mut self, id: &Value, result: Value) {
        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
    }

    /// Send a request and return its id without waiting.
    pub fn request_async(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// The whole response message (with `result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_async(method, params);
        self.response(id)
    }

    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
            .unwrap_or_else(|| panic!("no response to request {id}"))
    }

    /// The next message that matches, keeping the others for later.
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        if let Some(i) = self.queue.iter().position(|(_, m)| pred(m)) {
            let (at, m) = self.queue.remove(i)?;
            self.arrived = at;
            return Some(m);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok((at, body)) => {
                    let m = parse(&body);
                    if pred(&m) {
                        self.arrived = at;
                        return Some(m);
                    }
                    self.queue.push_back((at, m));
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Every message that arrives within `wait`, without consuming the queue's order.
    pub fn drain(&mut self, wait: Duration) -> Vec<Value> {
        let mut out: Vec<Value> = self.queue.drain(..).map(|(_, m)| m).collect();
        while let Ok((_, body)) = self.incoming.recv_timeout(wait) {
            out.push(parse(&body));
        }
        out
    }

    /// The diagnostics publishes that arrive until the server has been quiet for `ms`.
    pub fn publishes_within(&mut self, ms: u64) -> Vec<Value> {
        self.drain(Duration::from_millis(ms))
            .into_iter()
            .filter(|m| m["method"] == "textDocument/publishDiagnostics")
            .collect()
    }

    /// The first publish that carries diagnostics (a text of 1 MiB or more is parsed apart:
    /// its first publish, made before the parse, is empty).
    pub fn first_diagnostics(&mut self) -> Value {
        self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["diagnostics"]
                    .as_array()
                    .is_some_and(|d| !d.is_empty())
        })
        .expect("a publish with diagnostics")
    }

    /// The diagnostics published for `uri` at `version`; older publishes are skipped.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self
            .wait_for(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == version
            })
            .unwrap_or_else(|| panic!("no diagnostics for {uri} version {version}"));
        m["params"]["diagnostics"].as_array().cloned().unwrap()
    }

    pub fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "cable", "version": version, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// One didChange that turns the client's `old` text into `new` (their smallest difference).
    pub fn edit(&mut self, uri: &str, version: i64, old: &str, new: &str, enc: Enc) {
        self.change(uri, version, json!([change_for(old, new, enc)]));
    }

    /// The server's dump of its tree for a document: `(version, tree)`.
    pub fn syntax_tree(&mut self, uri: &str) -> (i64, String) {
        let r = self.request("cable/syntaxTree", json!({"textDocument": {"uri": uri}}));
        let result = &r["result"];
        (
            result["version"].as_i64().unwrap_or_else(|| panic!("{r}")),
            result["tree"].as_str().unwrap().to_string(),
        )
    }

    /// `shutdown` then `exit`; the exit status.
    pub fn stop(mut self) -> ExitStatus {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        self.notify("exit", Value::Null);
        self.wait()
    }

    /// End the input, as a client that quits without `exit` does.
    pub fn close_stdin(&mut self) {
        drop(self.stdin.take());
    }

    pub fn wait(mut self) -> ExitStatus {
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A body with its header.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    frame
}

fn parse(body: &[u8]) -> Value {
    serde_json::from_slice(body).expect("the server sends JSON")
}

/// One framed body with the moment its last byte was read, or `None` at the end.
fn read_message(r: &mut impl BufRead) -> Option<(Instant, Vec<u8>)> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    Some((Instant::now(), body))
}

/// The smallest single edit that turns `old` into `new`: `(start, end, inserted)` in bytes of
/// `old`, on character boundaries.
pub fn minimal_edit(old: &str, new: &str) -> (usize, usize, String) {
    let mut p = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(p) || !new.is_char_boundary(p) {
        p -= 1;
    }
    let max_s = old.len().min(new.len()) - p;
    let mut s = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_s)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - s) || !new.is_char_boundary(new.len() - s) {
        s -= 1;
    }
    (p, old.len() - s, new[p..new.len() - s].to_string())
}

/// A didChange content change for the edit `old -> new`, in the client's encoding.
fn change_for(old: &str, new: &str, enc: Enc) -> Value {
    let (start, end, text) = minimal_edit(old, new);
    json!({"range": enc.range(old, start, end), "text": text})
}

/// xorshift64*: a fixed, dependency-free random sequence, so a failure can be replayed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

pub fn capabilities(encodings: &[&str]) -> Value {
    json!({
        "general": {"positionEncodings": encodings},
        "textDocument": {
            "publishDiagnostics": {"relatedInformation": true, "versionSupport": true},
            "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            // vscode-languageclient's (client/src/common/completion.ts).
            "completion": {
                "contextSupport": true,
                "completionItem": {
                    "snippetSupport": true,
                    "commitCharactersSupport": true,
                    "documentationFormat": ["markdown", "plaintext"],
                    "deprecatedSupport": true,
                    "preselectSupport": true,
                    "tagSupport": {"valueSet": [1]},
                    "insertReplaceSupport": true,
                    "resolveSupport": {"properties": ["documentation", "detail", "additionalTextEdits"]},
                    "insertTextModeSupport": {"valueSet": [1, 2]},
                    "labelDetailsSupport": true
                },
                "insertTextMode": 2,
                "completionList": {
                    "itemDefaults": ["commitCharacters", "editRange", "insertTextFormat", "insertTextMode"]
                }
            }
        }
    })
}
