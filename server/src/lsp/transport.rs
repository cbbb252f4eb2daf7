//! The wire: frames on stdin and stdout, and the loop that feeds tower-lsp-server's service.
//!
//! tower-lsp-server's own `Server` is not used, for two reasons read in its source: its
//! tokio-util `FramedRead` ends the stream after the first message it cannot decode (its loop
//! is `while let Some(msg) = framed_stdin.next()`: one malformed message and the server stops
//! reading for good), and its codec keeps a buffer as large as the largest message ever
//! received (a 20 MB `didOpen` stays resident). It polls handlers with `buffer_unordered`,
//! which reorders notifications only when a handler yields before changing the state; measured
//! on this project's handler shape (change synchronously, then publish), it reordered none,
//! so that alone would not be a reason. Frames themselves are read and written by `frame`.
//!
//! Here a thread reads stdin with blocking I/O, checks each frame and parses it once; bad
//! frames are answered with the JSON-RPC error the specification names (-32700 parse error,
//! -32600 invalid request), except an edit that cannot be read, which becomes a lost change
//! (see `lost`). The loop polls every handler once as soon as its message arrives, in arrival
//! order, so each handler's synchronous part (all of a notification's) runs in the order the
//! client sent the messages; unfinished requests then run concurrently. A second thread writes
//! frames to stdout.
//!
//! Backpressure: a client that stops reading must not make the server buffer without limit.
//! The reader hands over at most `INPUT_QUEUE` parsed messages, then blocks (so the pipe
//! fills and the client's writes block, as with every stdio server); and the loop takes no
//! new message while more than `OUTPUT_BUDGET` bytes wait for the writer or `MAX_RUNNING`
//! requests are unfinished, though it goes on driving those. It never blocks on stdout itself.

use std::any::Any;
use std::io::{BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc as std_mpsc;
use std::sync::{Arc, Mutex};
use std::task::Poll;

use futures::stream::FuturesUnordered;
use futures::{FutureExt, SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::{mpsc, Notify};
use tower::Service;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};
use tower_lsp_server::ClientSocket;

use super::frame::{read_frame, short, write_frame, Frame};
use super::{completion, lost};

const FINISH: std::time::Duration = std::time::Duration::from_secs(5);
/// Messages read ahead of the loop. Few: the loop is quick, and each may be a whole document.
const INPUT_QUEUE: usize = 4;
/// Bytes of answers waiting for a client that is slow to read before the loop stops taking
/// new messages (a syntax tree of a long document is a few megabytes by itself).
const OUTPUT_BUDGET: usize = 4 << 20;
/// Unfinished requests before the loop stops taking new messages: each holds a snapshot and
/// will hold its answer.
const MAX_RUNNING: usize = 32;

/// The way out: a queue to the writer thread, for the dispatch loop (which must never block on
/// a client that is slow to read), and the sink itself, shared under a lock, for the
/// diagnostics thread (one thread less between a keystroke and its diagnostics). Each frame is
/// written whole under the lock.
#[derive(Clone)]
pub struct Output {
    queue: std_mpsc::Sender<Vec<u8>>,
    sink: Sink,
    backlog: Arc<Backlog>,
}

type Sink = Arc<Mutex<dyn Write + Send>>;

/// What the queue holds, for the loop's backpressure.
#[derive(Default)]
struct Backlog {
    bytes: AtomicUsize,
    /// The writer has stopped (the client closed its end): nothing will drain any more, and
    /// nothing needs to.
    gone: AtomicBool,
    /// Told whenever the writer has written a batch or stopped.
    drained: Notify,
}

impl Output {
    pub fn new(sink: impl Write + Send + 'static) -> (Output, std_mpsc::Receiver<Vec<u8>>) {
        let (queue, rx) = std_mpsc::channel();
        let sink: Sink = Arc::new(Mutex::new(sink));
        let backlog = Arc::default();
        (
            Output {
                queue,
                sink,
                backlog,
            },
            rx,
        )
    }

    /// Queue one message given as its JSON text.
    pub fn send(&self, body: String) {
        self.backlog.bytes.fetch_add(body.len(), Ordering::SeqCst);
        let _ = self.queue.send(body.into_bytes());
    }

    /// More is waiting for the client than the loop lets in before it reads on.
    fn backlogged(&self) -> bool {
        !self.backlog.gone.load(Ordering::SeqCst)
            && self.backlog.bytes.load(Ordering::SeqCst) > OUTPUT_BUDGET
    }

    /// Until the writer has made progress (at once if it has since the last call).
    async fn drained(&self) {
        self.backlog.drained.notified().await;
    }

    /// Write one message now, from a thread that may wait for the client.
    pub fn write_now(&self, body: &str) {
        let mut sink = self.sink.lock().unwrap_or_else(|e| e.into_inner());
        let _ = write_frame(&mut *sink, body.as_bytes()).and_then(|()| sink.flush());
    }

    fn send_message(&self, msg: &impl serde::Serialize) {
        match serde_json::to_string(msg) {
            Ok(body) => self.send(body),
            Err(e) => tracing::error!("cannot serialize a message: {e}"),
        }
    }

    /// Tell the writer that nothing more comes (other senders may still be alive).
    fn end(&self) {
        let _ = self.queue.send(Vec::new());
    }
}

enum Incoming {
    Request(Request),
    Response(Response),
    /// The answer to a frame that is no message.
    Invalid(Value),
}

/// Serve `service` on stdin and stdout until `exit` or the end of input.
pub async fn serve<S>(service: S, socket: ClientSocket, out: (Output, std_mpsc::Receiver<Vec<u8>>))
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Unpin,
    S::Error: std::fmt::Display,
{
    let input = std::io::BufReader::with_capacity(1 << 16, std::io::stdin());
    serve_on(service, socket, input, out).await;
}

/// [`serve`] on any input and output (the tests use memory).
pub async fn serve_on<S>(
    mut service: S,
    socket: ClientSocket,
    input: impl BufRead + Send + 'static,
    (out, out_rx): (Output, std_mpsc::Receiver<Vec<u8>>),
) where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Unpin,
    S::Error: std::fmt::Display,
{
    let (in_tx, mut incoming) = mpsc::channel(INPUT_QUEUE);
    std::thread::Builder::new()
        .name("stdin".into())
        .spawn(move || read_input(input, &in_tx))
        .expect("the stdin thread starts");
    let writer = std::thread::Builder::new()
        .name("stdout".into())
        .spawn({
            let (sink, backlog) = (out.sink.clone(), out.backlog.clone());
            move || write_output(&out_rx, &sink, &backlog)
        })
        .expect("the stdout thread starts");

    let (mut to_client, mut from_client) = socket.split();
    let mut running = FuturesUnordered::new();
    loop {
        let accepting = running.len() < MAX_RUNNING && !out.backlogged();
        tokio::select! {
            msg = incoming.recv(), if accepting => match msg {
                Some(Incoming::Request(req)) => {
                    let exit = req.method() == "exit";
                    if futures::future::poll_fn(|cx| service.poll_ready(cx)).await.is_err() {
                        break;
                    }
                    let id = req.id().cloned();
                    let method = req.method().to_string();
                    // A panic in a handler answers the request with an error; the server goes on.
                    let fut = match catch_unwind(AssertUnwindSafe(|| service.call(req))) {
                        Ok(fut) => fut,
                        Err(panic) => {
                            failed(&out, id, &method, &*panic);
                            continue;
                        }
                    };
                    let mut fut = AssertUnwindSafe(fut).catch_unwind();
                    // The synchronous part of the handler runs now, before the next message.
                    match futures::poll!(&mut fut) {
                        Poll::Ready(res) => finish(&out, id, &method, res),
                        Poll::Pending => running.push(fut.map(move |res| (id, method, res))),
                    }
                    if exit {
                        break;
                    }
                }
                Some(Incoming::Response(res)) => {
                    let _ = from_client.send(res).await;
                }
                Some(Incoming::Invalid(answer)) => out.send_message(&answer),
                None => break,
            },
            // Only to look again at whether messages may be taken.
            () = out.drained(), if !accepting => {}
            Some(req) = to_client.next() => out.send_message(&req),
            Some((id, method, res)) = running.next(), if !running.is_empty() => {
                finish(&out, id, &method, res);
            }
        }
    }
    // Requests still running are answered (a client that closed its end of the pipe after
    // its last request still gets the answers), within a limit.
    let _ = tokio::time::timeout(FINISH, async {
        while let Some((id, method, res)) = running.next().await {
            finish(&out, id, &method, res);
        }
    })
    .await;
    // What is already queued still goes out; then the writer ends.
    while let Some(Some(req)) = to_client.next().now_or_never() {
        out.send_message(&req);
    }
    out.end();
    // A client that stopped reading would keep the writer blocked on a full pipe for ever.
    let _ = tokio::time::timeout(FINISH, tokio::task::spawn_blocking(move || writer.join())).await;
}

type Panic = Box<dyn Any + Send>;

fn finish<E: std::fmt::Display>(
    out: &Output,
    id: Option<Id>,
    method: &str,
    res: Result<Result<Option<Response>, E>, Panic>,
) {
    match res {
        Ok(Ok(Some(res))) => out.send_message(&res),
        Ok(Ok(None)) => {}
        Ok(Err(e)) => tracing::error!("{method}: {e}"),
        Err(panic) => failed(out, id, method, &*panic),
    }
}

fn failed(out: &Output, id: Option<Id>, method: &str, panic: &(dyn Any + Send)) {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string());
    tracing::error!("{method} failed: {what}");
    if let Some(id) = id {
        let error = Error {
            code: ErrorCode::InternalError,
            message: format!("cable-ls failed on {method}: {what}").into(),
            data: None,
        };
        out.send_message(&Response::from_error(id, error));
    }
}

fn write_output(rx: &std_mpsc::Receiver<Vec<u8>>, sink: &Sink, backlog: &Backlog) {
    write_batches(rx, sink, backlog);
    backlog.gone.store(true, Ordering::SeqCst);
    backlog.drained.notify_one();
}

fn write_batches(rx: &std_mpsc::Receiver<Vec<u8>>, sink: &Sink, backlog: &Backlog) {
    while let Ok(first) = rx.recv() {
        // Everything queued goes out in one flush; an empty body is the end.
        let mut sink = sink.lock().unwrap_or_else(|e| e.into_inner());
        for bytes in std::iter::once(first).chain(rx.try_iter()) {
            if bytes.is_empty() {
                let _ = sink.flush();
                return;
            }
            if write_frame(&mut *sink, &bytes).is_err() {
                // The client is gone; nothing more can be said.
                return;
            }
            backlog.bytes.fetch_sub(bytes.len(), Ordering::SeqCst);
        }
        if sink.flush().is_err() {
            return;
        }
        drop(sink);
        backlog.drained.notify_one();
    }
}

/// Blocks when the loop is `INPUT_QUEUE` messages behind: the client's writes then block too.
fn read_input(mut input: impl BufRead, tx: &mpsc::Sender<Incoming>) {
    loop {
        let msg = match read_frame(&mut input) {
            Frame::Body(body) => parse(&body),
            Frame::Bad(reason) => {
                tracing::error!("{reason}");
                Incoming::Invalid(error_response(Value::Null, -32700, &reason))
            }
            Frame::End => return,
        };
        if tx.blocking_send(msg).is_err() {
            return;
        }
    }
}

/// A frame's body as the message tower-lsp-server's types read, or the error to answer. Only
/// when it cannot be read are lone surrogates repaired and, failing that, an edit looked for
/// in it: valid messages pay for neither.
fn parse(body: &[u8]) -> Incoming {
    if let Some(msg) = read(body) {
        return msg;
    }
    if let Some(msg) = repair_lone_surrogates(body).and_then(|fixed| read(&fixed)) {
        tracing::warn!("a message with lone UTF-16 surrogates, read with U+FFFD in their place");
        return msg;
    }
    if let Some(lost) = lost::unreadable(body) {
        return Incoming::Request(lost);
    }
    Incoming::Invalid(answer_unreadable(body))
}

fn read(body: &[u8]) -> Option<Incoming> {
    // Whether it has a `method` decides what to read it as: `Request::method` has a serde
    // default, so a response would also read as a request with an empty method; and reading
    // a request as a `Response` first (as tower-lsp-server's reader does) copies all of it
    // into serde's buffer for untagged enums, a 20 MB `didOpen` included.
    #[derive(serde::Deserialize)]
    struct Shape {
        method: Option<serde::de::IgnoredAny>,
    }
    // Nearly every message is a request or notification: read so at once, in one pass (a
    // `didOpen` of 24 MB takes tens of milliseconds a pass). Only an empty method, which a
    // response also reads as, needs the look at the shape.
    if let Ok(req) = serde_json::from_slice::<Request>(body) {
        if !req.method().is_empty() {
            return Some(Incoming::Request(completion::route(lost::check(req))));
        }
    }
    let shape = serde_json::from_slice::<Shape>(body).ok()?;
    if shape.method.is_some() {
        let req = serde_json::from_slice::<Request>(body).ok()?;
        Some(Incoming::Request(completion::route(lost::check(req))))
    } else {
        serde_json::from_slice::<Response>(body)
            .ok()
            .map(Incoming::Response)
    }
}

/// The error answering a body that is no message.
fn answer_unreadable(body: &[u8]) -> Value {
    match serde_json::from_slice::<Value>(body) {
        Err(e) => {
            tracing::error!("a message that is not JSON: {e}");
            error_response(Value::Null, -32700, &format!("Parse error: {e}"))
        }
        Ok(v) => {
            // The id, if the message has a usable one, so the client can match the answer.
            let id = match v.get("id") {
                Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
                _ => Value::Null,
            };
            tracing::error!("not a JSON-RPC 2.0 message: {}", short(&v.to_string()));
            error_response(
                id,
                -32600,
                "Invalid request: not a JSON-RPC 2.0 request, notification or response",
            )
        }
    }
}

/// `body` with each lone UTF-16 surrogate escape (a `\uD800`-`\uDBFF` not followed by a
/// `\uDC00`-`\uDFFF` escape, or a low one on its own) replaced by `\uFFFD`; `None` when it has
/// none. JavaScript's `JSON.stringify` writes a lone surrogate that way and serde_json refuses
/// it. U+FFFD takes as many units as a lone surrogate in every position encoding (one UTF-16
/// unit, one code point, three bytes as WTF-8 writes it), so the positions of later edits
/// still fall where the editor meant them.
fn repair_lone_surrogates(body: &[u8]) -> Option<Vec<u8>> {
    let unit = |at: usize| -> Option<u16> {
        let escape = body.get(at..at + 6)?.strip_prefix(b"\\u")?;
        // `from_str_radix` alone would take a sign.
        if !escape.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(escape).ok()?, 16).ok()
    };
    let high = |u: u16| (0xD800..0xDC00).contains(&u);
    let low = |u: u16| (0xDC00..0xE000).contains(&u);
    let mut fixed: Option<Vec<u8>> = None;
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            i += 1;
            continue;
        }
        let lone = match unit(i) {
            // Any other escape (`\\` above all) is two bytes, and what follows is text.
            None => {
                i += 2;
                continue;
            }
            Some(u) if high(u) && unit(i + 6).is_some_and(low) => {
                i += 12;
                continue;
            }
            Some(u) => high(u) || low(u),
        };
        if lone {
            fixed.get_or_insert_with(|| body.to_vec())[i..i + 6].copy_from_slice(b"\\uFFFD");
        }
        i += 6;
    }
    fixed
}

fn error_response(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::frame::tests::frames;

    fn answer(body: &[u8]) -> Value {
        match parse(body) {
            Incoming::Invalid(v) => v,
            _ => panic!("accepted {}", String::from_utf8_lossy(body)),
        }
    }

    #[test]
    fn parses_messages_as_the_service_reads_them() {
        let ok = |b: &[u8]| !matches!(parse(b), Incoming::Invalid(_));
        assert!(ok(
            br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#
        ));
        assert!(ok(br#"{"jsonrpc":"2.0","method":"exit"}"#));
        assert!(matches!(
            parse(br#"{"jsonrpc":"2.0","id":1,"result":[{"a":1}]}"#),
            Incoming::Response(_)
        ));
        assert!(matches!(
            parse(br#"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"no"}}"#),
            Incoming::Response(_)
        ));
        assert_eq!(answer(b"{ nope")["error"]["code"], -32700);
        let e = answer(br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#);
        assert_eq!(
            (e["error"]["code"].as_i64(), e["id"].as_i64()),
            (Some(-32600), Some(7))
        );
        assert_eq!(answer(b"\xff\xfe")["error"]["code"], -32700);
    }

    fn repaired(json: &str) -> Option<String> {
        repair_lone_surrogates(json.as_bytes()).map(|b| String::from_utf8(b).unwrap())
    }

    #[test]
    fn lone_surrogate_escapes_become_replacement_characters() {
        assert_eq!(repaired(r#""\ud800AB""#).as_deref(), Some(r#""\uFFFDAB""#));
        assert_eq!(repaired(r#""a\uDFFF""#).as_deref(), Some(r#""a\uFFFD""#));
        // A high one before a high one, or before an escape that is no low surrogate.
        assert_eq!(
            repaired(r#""\uD800\uD83D\uDE00\uDBFF\u0041""#).as_deref(),
            Some(r#""\uFFFD\uD83D\uDE00\uFFFD\u0041""#)
        );
        // Pairs, other escapes and an escaped backslash before `ud800` are left alone.
        for fine in [
            r#""\uD83D\uDE00""#,
            r#""\\ud800""#,
            r#""\\\\uDC00\n\"\u00e9""#,
            r#""\u12""#,
            r#""\u+800""#,
            "\"\\",
        ] {
            assert_eq!(repaired(fine), None, "{fine}");
        }
        let msg = br#"{"jsonrpc":"2.0","method":"x","params":{"text":"\ud800AB"}}"#;
        assert!(read(msg).is_none(), "serde_json refuses it as it comes");
        match parse(msg) {
            Incoming::Request(req) => assert_eq!(req.params().unwrap()["text"], "\u{fffd}AB"),
            _ => panic!("not read after repair"),
        }
    }

    /// JSON as JavaScript's `JSON.stringify` writes a string of UTF-16 units: lone surrogates
    /// escaped, anything else as it is or, at random, escaped too.
    fn stringify(units: &[u16], escape: &[bool]) -> String {
        let mut out = String::from("\"");
        let mut i = 0;
        while i < units.len() {
            let esc = escape[i % escape.len()];
            match char::decode_utf16(units[i..].iter().copied()).next() {
                Some(Ok('\\')) if !esc => out.push_str("\\\\"),
                Some(Ok(c)) if !esc && c != '"' && !c.is_control() => out.push(c),
                Some(Ok(c)) => {
                    let mut buf = [0; 2];
                    for u in c.encode_utf16(&mut buf) {
                        out.push_str(&if esc {
                            format!("\\u{u:04X}")
                        } else {
                            format!("\\u{u:04x}")
                        });
                    }
                }
                _ => out.push_str(&format!("\\u{:04x}", units[i])),
            }
            i += char::decode_utf16(units[i..].iter().copied())
                .next()
                .and_then(Result::ok)
                .map_or(1, char::len_utf16);
        }
        out.push('"');
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

        /// Any UTF-16 text, lone surrogates and backslashes before `u` included: repaired, it
        /// reads as the text with U+FFFD for each lone surrogate (what a lossy decoding gives),
        /// and a text without lone surrogates is left as it is.
        #[test]
        fn repaired_json_reads_as_the_lossy_text(
            units in proptest::collection::vec(proptest::prop_oneof![
                0xD800u16..0xE000,
                proptest::sample::select(vec![b'\\' as u16, b'u' as u16, b'"' as u16, b'd' as u16, b'8' as u16, 0xE9, 0x20AC]),
                0x20u16..0x7F,
            ], 0..40),
            escape in proptest::collection::vec(proptest::prelude::any::<bool>(), 1..8),
        ) {
            let json = stringify(&units, &escape);
            let expected = String::from_utf16_lossy(&units);
            let lone = String::from_utf16(&units).is_err();
            match repair_lone_surrogates(json.as_bytes()) {
                Some(fixed) => {
                    proptest::prop_assert!(lone, "{json} changed");
                    proptest::prop_assert_eq!(fixed.len(), json.len());
                    let read: String = serde_json::from_slice(&fixed).unwrap();
                    proptest::prop_assert_eq!(read, expected);
                }
                None => {
                    proptest::prop_assert!(!lone, "{json} not repaired");
                    let read: String = serde_json::from_str(&json).unwrap();
                    proptest::prop_assert_eq!(read, expected);
                }
            }
        }
    }

    /// A server whose handlers panic, to show that the loop answers and goes on.
    struct Panicky;

    impl tower_lsp_server::LanguageServer for Panicky {
        async fn initialize(
            &self,
            _: tower_lsp_server::ls_types::InitializeParams,
        ) -> tower_lsp_server::jsonrpc::Result<tower_lsp_server::ls_types::InitializeResult>
        {
            Ok(Default::default())
        }

        async fn shutdown(&self) -> tower_lsp_server::jsonrpc::Result<()> {
            Ok(())
        }

        async fn did_open(&self, _: tower_lsp_server::ls_types::DidOpenTextDocumentParams) {
            panic!("boom in a notification");
        }

        async fn hover(
            &self,
            _: tower_lsp_server::ls_types::HoverParams,
        ) -> tower_lsp_server::jsonrpc::Result<Option<tower_lsp_server::ls_types::Hover>> {
            panic!("boom in a request");
        }
    }

    #[derive(Clone, Default)]
    struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn a_panicking_handler_gets_an_error_answer_and_the_server_goes_on() {
        let messages = [
            json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
            json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
                {"uri": "file:///a", "languageId": "cable", "version": 1, "text": ""}}}),
            json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
                "textDocument": {"uri": "file:///a"}, "position": {"line": 0, "character": 0}}}),
            json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}),
            json!({"jsonrpc": "2.0", "method": "exit"}),
        ];
        let mut input = Vec::new();
        for m in &messages {
            let body = m.to_string();
            input.extend_from_slice(
                format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes(),
            );
        }
        let (service, socket) = tower_lsp_server::LspService::new(|_| Panicky);
        let output = Shared::default();
        let out = Output::new(output.clone());
        serve_on(service, socket, std::io::Cursor::new(input), out).await;

        let bytes = output.0.lock().unwrap().clone();
        let answers: Vec<Value> = frames(&bytes)
            .into_iter()
            .map(|b| serde_json::from_slice(&b.unwrap()).unwrap())
            .collect();
        let by_id = |id: i64| answers.iter().find(|a| a["id"] == id).cloned();
        let hover = by_id(2).expect("the hover is answered");
        assert_eq!(hover["error"]["code"], -32603, "{hover}");
        assert!(hover["error"]["message"]
            .as_str()
            .unwrap()
            .contains("boom in a request"));
        assert_eq!(
            by_id(3).expect("shutdown is answered")["result"],
            Value::Null
        );
    }
}
