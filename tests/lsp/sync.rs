//! The server's text stays the editor's, or the server says it is not: lone UTF-16
//! surrogates (as JavaScript writes them) are read as U+FFFD, which every position encoding
//! counts as it counts a lone surrogate; an edit that cannot be read at all puts the document
//! out of sync, told to the user, until a whole text comes again.

use cable_grammar::{dump::dump, Document};
use serde_json::{json, Value};

use crate::harness::{capabilities, frame, Enc, Server};
use crate::support::{faults::FAULTS, fixture};

const URI: &str = "file:///sync/quito.cable";

fn insert(text: &str, at: usize, s: &str) -> String {
    format!("{}{s}{}", &text[..at], &text[at..])
}

/// A didChange whose text is given as raw JSON (so it can hold what `serde_json` would never
/// write), framed.
fn raw_change(version: i64, range: Value, raw_text: &str) -> Vec<u8> {
    let msg = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": URI, "version": version},
        "contentChanges": [{"range": range, "text": "@TEXT@"}]}});
    frame(msg.to_string().replace("\"@TEXT@\"", raw_text).as_bytes())
}

fn the_server_holds(s: &mut Server, version: i64, text: &str) {
    let (v, tree) = s.syntax_tree(URI);
    assert_eq!(v, version);
    assert!(
        tree == dump(&Document::new(text)),
        "the server's text differs from the client's"
    );
}

fn lone_surrogates_are_read_as_replacement_characters(enc: Enc) {
    let (mut s, init) = Server::start(capabilities(&[enc.name()]), Value::Null);
    assert_eq!(init["capabilities"]["positionEncoding"], enc.name());
    let mut text = fixture("lima-style.cable");
    s.open(URI, 1, &text);
    s.diagnostics(URI, 1);
    // Characters of different widths in each encoding before the surrogate on its line.
    let mut at = text.find("FM AMEMBASSY QUITO").unwrap() + 2;
    let new = insert(&text, at, " é😀");
    s.edit(URI, 2, &text, &new, enc);
    text = new;
    at += " é😀".len();
    // VS Code sends a lone surrogate as JavaScript's JSON.stringify writes it.
    s.send_raw(&raw_change(3, enc.range(&text, at, at), r#""\ud800AB""#));
    text = insert(&text, at, "\u{fffd}AB");
    // A high surrogate before a pair, and a lone low one, on the next line.
    let next = text[at..].find('\n').unwrap() + at + 1;
    s.send_raw(&raw_change(
        4,
        enc.range(&text, next, next),
        r#""\uDBFF\uD83D\uDE00x\\ud800\uDC00""#,
    ));
    text = insert(&text, next, "\u{fffd}😀x\\ud800\u{fffd}");
    // Later edits, placed by the client's own arithmetic, land where they should: after the
    // replacement character, and over it.
    let new = insert(&text, at + "\u{fffd}AB".len(), "CD");
    s.edit(URI, 5, &text, &new, enc);
    text = new;
    let new = text.replacen("\u{fffd}A", "", 1);
    s.edit(URI, 6, &text, &new, enc);
    text = new;
    let new = text.replacen("x\\ud800\u{fffd}", "y", 1);
    s.edit(URI, 7, &text, &new, enc);
    text = new;
    the_server_holds(&mut s, 7, &text);
    s.diagnostics(URI, 7);
    assert!(s.stop().success());
}

#[test]
fn lone_surrogates_keep_the_text_in_utf16() {
    lone_surrogates_are_read_as_replacement_characters(Enc::Utf16);
}

#[test]
fn lone_surrogates_keep_the_text_in_utf8() {
    lone_surrogates_are_read_as_replacement_characters(Enc::Utf8);
}

#[test]
fn lone_surrogates_keep_the_text_in_utf32() {
    lone_surrogates_are_read_as_replacement_characters(Enc::Utf32);
}

fn out_of_sync(s: &mut Server, version: i64) {
    let shown = s
        .wait_for(|m| m["method"] == "window/showMessage")
        .expect("the user is told");
    assert_eq!(shown["params"]["type"], 1, "an error: {shown}");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.contains("quito.cable") && message.contains("reopen"),
        "{message}"
    );
    let cleared = s
        .wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == URI)
        .unwrap();
    assert_eq!(cleared["params"]["diagnostics"], json!([]), "{cleared}");
    // Further edits are ignored; requests say why they cannot be answered.
    s.change(
        URI,
        version,
        json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}]),
    );
    let doc = json!({"textDocument": {"uri": URI}});
    for (method, params) in [
        ("cable/syntaxTree", doc.clone()),
        ("textDocument/documentSymbol", doc.clone()),
        ("textDocument/foldingRange", doc.clone()),
        (
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}),
        ),
    ] {
        let r = s.request(method, params);
        assert_eq!(r["error"]["code"], -32801, "{method}: {r}");
        assert!(
            r["error"]["message"]
                .as_str()
                .unwrap()
                .contains("out of sync"),
            "{r}"
        );
    }
    let pulled = s.request("textDocument/diagnostic", doc);
    assert_eq!(pulled["result"]["items"], json!([]), "{pulled}");
}

#[test]
fn an_edit_that_cannot_be_read_stops_the_documents_diagnostics_until_it_is_reopened() {
    let base = fixture("lima-style.cable");
    let (faulty, _, _) = (FAULTS[1].apply)(&base); // section-count
    let mut s = Server::with_open(URI, &faulty);
    assert!(!s.diagnostics(URI, 1).is_empty());

    // Bytes that are no UTF-8 at all: no repair can read this edit.
    let mut unreadable = raw_change(2, Enc::Utf16.range(&faulty, 0, 0), "\"\u{1}\"");
    let at = unreadable.iter().position(|&b| b == 1).unwrap();
    unreadable[at] = 0xff;
    s.send_raw(&unreadable);
    out_of_sync(&mut s, 3);
    // Stale output would be a lie: nothing is published until the document is reopened.
    let said = s.publishes_within(300);
    assert!(said.is_empty(), "{said:?}");

    s.open(URI, 4, &faulty);
    let diags = s.diagnostics(URI, 4);
    assert!(
        diags.iter().any(|d| d["code"] == "section-count"),
        "{diags:#?}"
    );
    the_server_holds(&mut s, 4, &faulty);

    // Parameters of the wrong shape naming the document: out of sync again, and told again.
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 5}, "contentChanges": [{"text": 7}]}),
    );
    out_of_sync(&mut s, 6);
    // A full-text change holds the whole text: in sync again.
    s.change(URI, 7, json!([{"text": base}]));
    assert_eq!(s.diagnostics(URI, 7), Vec::<Value>::new());
    the_server_holds(&mut s, 7, &base);
    assert!(s.stop().success());
}
