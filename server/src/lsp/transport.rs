//! The wire in front of tower-lsp-server.
//!
//! tower-lsp-server reads stdin through a tokio-util `FramedRead`, which ends the stream after
//! the first message it cannot decode: one malformed message (bad JSON, a body that is no
//! JSON-RPC message, invalid UTF-8, a bad header) and the server stops reading for good. So
//! the real stdin is read here: each frame is checked with tower-lsp-server's own message
//! types, good ones are passed on re-framed, bad ones are answered here with the JSON-RPC
//! error the specification names (-32700 parse error, -32600 invalid request). Both the
//! server's frames and these answers go to stdout through one writer, a whole frame at a time.

use serde_json::{json, Value};
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt,
};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tower_lsp_server::jsonrpc::{Request, Response};

/// Larger frames are refused: no editor sends one, and reading it would only exhaust memory.
const MAX_BODY: usize = 1 << 30;
/// A header line longer than this is garbage, skipped without being kept in memory.
const MAX_HEADER_LINE: usize = 8 * 1024;

pub enum Out {
    Frame(Vec<u8>),
    /// The server has written its last frame.
    End,
}

pub fn channel() -> (UnboundedSender<Out>, UnboundedReceiver<Out>) {
    unbounded_channel()
}

/// Read client frames from `input`; pass the valid ones to `to_server`, answer the others.
/// Returns at the end of input, dropping `to_server` so that the server sees it too.
pub async fn pump_input(
    mut input: impl AsyncBufRead + Unpin,
    mut to_server: impl AsyncWrite + Unpin,
    out: UnboundedSender<Out>,
) {
    loop {
        match read_frame(&mut input).await {
            Frame::Body(body) => match check(&body) {
                Ok(()) => {
                    let header = format!("Content-Length: {}\r\n\r\n", body.len());
                    if to_server.write_all(header.as_bytes()).await.is_err()
                        || to_server.write_all(&body).await.is_err()
                        || to_server.flush().await.is_err()
                    {
                        return;
                    }
                }
                Err(answer) => {
                    let _ = out.send(Out::Frame(frame(&answer)));
                }
            },
            Frame::Bad(reason) => {
                tracing::error!("{reason}");
                let answer = error_response(Value::Null, -32700, &reason);
                let _ = out.send(Out::Frame(frame(&answer)));
            }
            Frame::End => return,
        }
    }
}

/// Pass the server's frames on to the writer, then say that it has ended.
pub async fn pump_server_output(
    mut from_server: impl AsyncBufRead + Unpin,
    out: UnboundedSender<Out>,
) {
    while let Frame::Body(body) = read_frame(&mut from_server).await {
        if out.send(Out::Frame(frame_bytes(&body))).is_err() {
            break;
        }
    }
    let _ = out.send(Out::End);
}

/// Write frames to stdout in the order they come, until the server has ended.
pub async fn write_output(mut rx: UnboundedReceiver<Out>, mut stdout: impl AsyncWrite + Unpin) {
    while let Some(Out::Frame(bytes)) = rx.recv().await {
        if stdout.write_all(&bytes).await.is_err() || stdout.flush().await.is_err() {
            // The client is gone; nothing more can be said.
            return;
        }
    }
}

enum Frame {
    Body(Vec<u8>),
    /// A header that cannot be used; the reader has skipped past it.
    Bad(String),
    End,
}

async fn read_frame(r: &mut (impl AsyncBufRead + Unpin)) -> Frame {
    let mut length: Option<Result<usize, String>> = None;
    let mut seen_header = false;
    loop {
        let line = match read_line_capped(r).await {
            Ok(Some(line)) => line,
            Ok(None) | Err(_) => return Frame::End,
        };
        let Some(line) = line else {
            return Frame::Bad("a header line longer than 8 KiB was skipped".into());
        };
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !seen_header {
                continue;
            }
            break;
        }
        seen_header = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                length = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| format!("bad Content-Length header `{}`", value.trim())),
                );
            }
            // Other headers (Content-Type) are allowed and carry nothing we need.
            Some(_) => {}
            None => return Frame::Bad(format!("not a message header: `{}`", short(text))),
        }
    }
    let len = match length {
        Some(Ok(n)) => n,
        Some(Err(e)) => return Frame::Bad(e),
        None => return Frame::Bad("a message without a Content-Length header".into()),
    };
    if len > MAX_BODY {
        if skip(r, len).await.is_err() {
            return Frame::End;
        }
        return Frame::Bad(format!(
            "a message of {len} bytes is larger than 1 GiB; skipped"
        ));
    }
    let mut body = vec![0; len];
    match r.read_exact(&mut body).await {
        Ok(_) => Frame::Body(body),
        Err(_) => Frame::End,
    }
}

/// One line including its `\n`; `Ok(Some(None))` for a line too long to keep, which is
/// consumed; `Ok(None)` at the end of input.
async fn read_line_capped(
    r: &mut (impl AsyncBufRead + Unpin),
) -> std::io::Result<Option<Option<Vec<u8>>>> {
    let mut line = Vec::new();
    let mut too_long = false;
    loop {
        let buf = r.fill_buf().await?;
        if buf.is_empty() {
            return Ok((!line.is_empty() || too_long).then_some((!too_long).then_some(line)));
        }
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        let n = chunk.len();
        if !too_long {
            line.extend_from_slice(chunk);
            if line.len() > MAX_HEADER_LINE {
                too_long = true;
                line = Vec::new();
            }
        }
        r.consume(n);
        if done {
            return Ok(Some((!too_long).then_some(line)));
        }
    }
}

async fn skip(r: &mut (impl AsyncRead + Unpin), n: usize) -> std::io::Result<()> {
    let copied = tokio::io::copy(&mut r.take(n as u64), &mut tokio::io::sink()).await?;
    if (copied as usize) < n {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(())
}

/// `Ok` when tower-lsp-server will accept the body as a request, notification or response;
/// else the error response to send back.
fn check(body: &[u8]) -> Result<(), Value> {
    if serde_json::from_slice::<Request>(body).is_ok()
        || serde_json::from_slice::<Response>(body).is_ok()
    {
        return Ok(());
    }
    Err(match serde_json::from_slice::<Value>(body) {
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
            tracing::error!(
                "a message that is not JSON-RPC 2.0: {}",
                short(&v.to_string())
            );
            error_response(
                id,
                -32600,
                "Invalid request: not a JSON-RPC 2.0 request, notification or response",
            )
        }
    })
}

fn error_response(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

fn frame(msg: &Value) -> Vec<u8> {
    frame_bytes(&serde_json::to_vec(msg).unwrap_or_default())
}

fn frame_bytes(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn short(s: &str) -> String {
    let mut t: String = s.chars().take(80).collect();
    if t.len() < s.len() {
        t.push('…');
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(input: &[u8]) -> Vec<Result<Vec<u8>, String>> {
        let mut r = tokio::io::BufReader::new(input);
        let mut out = Vec::new();
        loop {
            match read_frame(&mut r).await {
                Frame::Body(b) => out.push(Ok(b)),
                Frame::Bad(e) => out.push(Err(e)),
                Frame::End => return out,
            }
        }
    }

    #[tokio::test]
    async fn reads_frames_and_recovers_from_bad_headers() {
        let long = "x".repeat(MAX_HEADER_LINE * 2);
        let input = format!(
            "Content-Length: 2\r\n\r\n{{}}garbage line\r\nContent-Length: 2\r\n\r\n[]\
             Content-Length: x\r\n\r\n{long}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 1\r\n\r\n1"
        );
        let got = frames(input.as_bytes()).await;
        assert_eq!(got[0], Ok(b"{}".to_vec()));
        assert!(got[1]
            .as_ref()
            .unwrap_err()
            .contains("not a message header"));
        assert_eq!(got[2], Ok(b"[]".to_vec()));
        assert!(got[3].as_ref().unwrap_err().contains("Content-Length"));
        assert!(got[4].as_ref().unwrap_err().contains("8 KiB"));
        assert_eq!(got[5], Ok(b"1".to_vec()));
        assert_eq!(got.len(), 6, "{got:?}");
    }

    #[tokio::test]
    async fn a_truncated_body_is_the_end() {
        assert!(frames(b"Content-Length: 10\r\n\r\nabc").await.is_empty());
    }

    #[test]
    fn checks_messages_as_the_server_will() {
        assert!(check(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","method":"exit"}"#).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","id":1,"result":null}"#).is_ok());
        let e = check(b"{ nope").unwrap_err();
        assert_eq!(e["error"]["code"], -32700);
        let e = check(br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#).unwrap_err();
        assert_eq!(
            (e["error"]["code"].as_i64(), e["id"].as_i64()),
            (Some(-32600), Some(7))
        );
        let e = check(b"\xff\xfe").unwrap_err();
        assert_eq!(e["error"]["code"], -32700);
    }
}
