//! Initialize, shutdown and exit, and what the server answers to messages it cannot serve.

use std::time::Duration;

use serde_json::{json, Value};

use crate::harness::{capabilities, Server};
use crate::support::repo;

const URI: &str = "file:///lifecycle.cable";

#[test]
fn initialize_answers_the_expected_capabilities() {
    let (server, result) = Server::start(capabilities(&["utf-16"]), Value::Null);
    let mut got = result.clone();
    // The version changes with every release; that it is there is what matters.
    assert_eq!(got["serverInfo"]["name"], "cable-ls");
    assert!(got["serverInfo"]["version"].is_string());
    got["serverInfo"]["version"] = json!("*");
    let path = repo().join("tests/lsp/capabilities.json");
    let pretty = serde_json::to_string_pretty(&got).unwrap() + "\n";
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &pretty).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert_eq!(pretty, expected, "run with UPDATE_EXPECT=1 to accept");
    assert!(server.stop().success());
}

#[test]
fn exit_code_is_zero_after_shutdown_and_one_without() {
    let (server, _) = Server::start(capabilities(&[]), Value::Null);
    assert_eq!(server.stop().code(), Some(0));

    let (mut server, _) = Server::start(capabilities(&[]), Value::Null);
    server.notify("exit", Value::Null);
    assert_eq!(server.wait().code(), Some(1));

    // The end of input without `exit` ends the server too.
    let (server, _) = Server::start(capabilities(&[]), Value::Null);
    assert_eq!(server.wait().code(), Some(1));
}

#[test]
fn serve_and_stdio_arguments_start_the_server() {
    for args in [&["serve"][..], &["--stdio"], &["serve", "--stdio"]] {
        let mut s = Server::spawn(args);
        s.initialize(capabilities(&[]), Value::Null);
        assert_eq!(s.stop().code(), Some(0), "{args:?}");
    }
}

fn error_code(response: &Value) -> i64 {
    response["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("expected an error: {response}"))
}

#[test]
fn requests_still_running_at_the_end_of_input_are_answered() {
    let (mut s, _) = Server::start(capabilities(&[]), Value::Null);
    s.open(
        URI,
        1,
        &crate::support::fixture("lima-style.cable").repeat(50),
    );
    let id = s.request_async(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    s.close_stdin();
    let r = s.response(id);
    assert!(r["result"].is_array(), "{r}");
    assert_eq!(s.wait().code(), Some(1), "no shutdown came");
}

#[test]
fn requests_before_initialize_and_after_shutdown_are_refused() {
    let mut s = Server::spawn(&[]);
    let r = s.request("textDocument/hover", json!({}));
    assert_eq!(error_code(&r), -32002, "server not initialized");
    s.initialize(capabilities(&[]), Value::Null);
    assert!(s.request("shutdown", Value::Null)["result"].is_null());
    let r = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(error_code(&r), -32600, "invalid request after shutdown");
    s.notify("exit", Value::Null);
    assert_eq!(s.wait().code(), Some(0));
}

#[test]
fn bad_messages_get_errors_and_the_server_goes_on() {
    let (mut s, _) = Server::start(capabilities(&[]), Value::Null);
    let garbage = b"{ this is not json";
    let mut frame = format!("Content-Length: {}\r\n\r\n", garbage.len()).into_bytes();
    frame.extend_from_slice(garbage);
    s.send_raw(&frame);
    let r = s
        .wait_for(|m| m.get("error").is_some() && m["id"].is_null())
        .expect("an error for the garbage");
    assert_eq!(error_code(&r), -32700, "parse error");

    // Valid JSON that is no JSON-RPC message.
    s.send(&json!({"hello": "world"}));
    let r = s
        .wait_for(|m| m.get("error").is_some() && m["id"].is_null())
        .expect("an error for the non-message");
    assert!([-32600, -32700].contains(&error_code(&r)), "{r}");

    // A length that cannot be read: its body runs into the next frame, which still counts.
    s.send_raw(b"Content-Length: 4x\r\n\r\n{\"id\":99}");
    let r = s.request("cable/noSuchMethod", json!({}));
    assert_eq!(
        error_code(&r),
        -32601,
        "the frame after a bad length is read"
    );

    let r = s.request("cable/noSuchMethod", json!({}));
    assert_eq!(error_code(&r), -32601, "method not found");
    s.notify("cable/noSuchNotification", json!({}));

    // Wrong parameters for a known method.
    let r = s.request("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(error_code(&r), -32602, "invalid params");

    // A document that was never opened.
    for method in [
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "cable/syntaxTree",
        "textDocument/diagnostic",
        "textDocument/semanticTokens/full",
        "textDocument/semanticTokens/range",
    ] {
        let r = s.request(
            method,
            json!({"textDocument": {"uri": "file:///never-opened.cable"},
                   "position": {"line": 0, "character": 0},
                   "range": {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}}),
        );
        assert_eq!(error_code(&r), -32602, "{method}: {r}");
        assert!(
            r["error"]["message"].as_str().unwrap().contains("not open"),
            "{r}"
        );
    }
    // A change to a document that is not open is ignored, not fatal.
    s.change(URI, 2, json!([{"text": "x"}]));

    // Still serving.
    s.open(URI, 1, "P 141530Z MAR 93\n");
    s.diagnostics(URI, 1);
    assert!(s.stop().success());
}

#[test]
fn cancelled_requests_answer_request_cancelled() {
    let (mut s, _) = Server::start(capabilities(&[]), Value::Null);
    // A document big enough that dumping its tree takes a while.
    let one = crate::support::fixture("lima-style.cable");
    let big = one.repeat(400);
    s.open(URI, 1, &big);
    let id = s.request_async("cable/syntaxTree", json!({"textDocument": {"uri": URI}}));
    s.notify("$/cancelRequest", json!({"id": id}));
    let r = s.response(id);
    assert_eq!(error_code(&r), -32800, "request cancelled: {r}");
    // The server answers the next request normally.
    let (version, _) = s.syntax_tree(URI);
    assert_eq!(version, 1);
    let _ = s.drain(Duration::from_millis(10));
    assert!(s.stop().success());
}
