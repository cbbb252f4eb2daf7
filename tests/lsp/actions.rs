//! Code actions through the protocol: every fix of `tests/fixes/*.cable` asked for at its
//! diagnostic, in UTF-16 and UTF-8 (the cases have é, — and ’ on the lines they fix or before
//! them), applied by the client's own position arithmetic, and the result opened again:
//! the diagnostic is gone and no other appeared. Then `source.fixAll.cable`, resolved and not,
//! `context.only`, and codes turned off.

use cable_grammar::Document;
use cable_ls::analysis::{self, fix};
use serde_json::{json, Value};

use crate::harness::{capabilities, Enc, Server};
use crate::support::{fixes, repo};

/// Capabilities of a client that takes code actions; `versioned`: edits as `documentChanges`.
fn client(encoding: &str, versioned: bool, resolve: bool) -> Value {
    let mut caps = capabilities(&[encoding]);
    caps["textDocument"]["codeAction"] = json!({
        "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source"]}},
        "isPreferredSupport": true,
        "resolveSupport": {"properties": if resolve { json!(["edit"]) } else { json!([]) }}
    });
    caps["workspace"] = json!({"workspaceEdit": {"documentChanges": versioned}});
    caps
}

fn cases() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(repo().join("tests/fixes"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "cable"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// The text edits of an action's workspace edit for `uri`; with `documentChanges`, checked to
/// carry the document's version.
fn edits_of(edit: &Value, uri: &str, version: i64, versioned: bool) -> Vec<Value> {
    if versioned {
        let changes = edit["documentChanges"].as_array().expect("documentChanges");
        assert_eq!(changes.len(), 1, "{edit}");
        assert_eq!(changes[0]["textDocument"]["uri"], uri);
        assert_eq!(changes[0]["textDocument"]["version"], version);
        changes[0]["edits"].as_array().unwrap().clone()
    } else {
        assert!(edit.get("documentChanges").is_none(), "{edit}");
        edit["changes"][uri].as_array().expect("changes").clone()
    }
}

/// Apply protocol edits as a client does: positions into offsets of the text they were made
/// for, then from the last to the first.
fn apply(text: &str, edits: &[Value], enc: Enc) -> String {
    let offset = |p: &Value| {
        enc.offset(
            text,
            p["line"].as_u64().unwrap() as u32,
            p["character"].as_u64().unwrap() as u32,
        )
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| (s.0, s.1));
    for w in spans.windows(2) {
        assert!(w[0].1 <= w[1].0, "overlapping edits: {edits:?}");
    }
    let mut out = text.to_string();
    for (start, end, new) in spans.into_iter().rev() {
        out.replace_range(start..end, new);
    }
    out
}

/// The fixes the analysis offers for the diagnostic with this code and message: titles and
/// the text each makes.
fn expected_fixes(text: &str, code: &str, message: &str) -> Vec<(String, String)> {
    analysis::check(&Document::new(text), text)
        .into_iter()
        .find(|d| d.code.name() == code && &*d.message == message)
        .map(|d| {
            d.fixes
                .iter()
                .map(|f| (f.title.clone(), fix::apply(text, &f.edits)))
                .collect()
        })
        .unwrap_or_default()
}

fn code_action(
    s: &mut Server,
    uri: &str,
    range: &Value,
    diagnostics: Value,
    only: Value,
) -> Vec<Value> {
    let mut context = json!({"diagnostics": diagnostics});
    if !only.is_null() {
        context["only"] = only;
    }
    let r = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
    );
    r["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .clone()
}

/// Open `text` under a new name and say whether the fixed diagnostic is gone and nothing new
/// appeared, by what the server publishes.
fn reopened_resolves(s: &mut Server, n: usize, before: &[Value], after: &str, fixed: &Value) {
    let uri = format!("file:///fixed-{n}.cable");
    s.open(&uri, 1, after);
    let key = |d: &Value| (d["code"].to_string(), d["message"].to_string());
    let mut left: Vec<_> = before.iter().map(key).collect();
    let at = left.iter().position(|k| *k == key(fixed)).unwrap();
    left.remove(at);
    for d in s.diagnostics(&uri, 1) {
        let k = key(&d);
        let i = left
            .iter()
            .position(|x| *x == k)
            .unwrap_or_else(|| panic!("new after fixing {fixed}: {d}\n{after}"));
        left.remove(i);
    }
    s.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
}

#[test]
fn every_fix_through_the_protocol_in_utf16_and_utf8() {
    let mut opened = 0;
    for (enc, versioned) in [(Enc::Utf16, true), (Enc::Utf8, false)] {
        let (mut s, init) = Server::start(client(enc.name(), versioned, true), Value::Null);
        assert_eq!(init["capabilities"]["positionEncoding"], enc.name());
        let mut actions_seen = 0;
        for (name, text) in cases() {
            let uri = format!("file:///{name}.cable");
            s.open(&uri, 7, &text);
            let published = s.diagnostics(&uri, 7);
            for d in &published {
                let (code, message) = (d["code"].as_str().unwrap(), d["message"].as_str().unwrap());
                let want = expected_fixes(&text, code, message);
                let actions =
                    code_action(&mut s, &uri, &d["range"], json!([d]), json!(["quickfix"]));
                let titles: Vec<&str> = actions
                    .iter()
                    .map(|a| a["title"].as_str().unwrap())
                    .collect();
                let want_titles: Vec<&str> = want.iter().map(|w| w.0.as_str()).collect();
                assert_eq!(titles, want_titles, "{name}: {message}");
                for (a, (_, want_text)) in actions.iter().zip(&want) {
                    assert_eq!(a["kind"], "quickfix");
                    assert_eq!(a["diagnostics"], json!([d]), "tied to its diagnostic");
                    let edits = edits_of(&a["edit"], &uri, 7, versioned);
                    let after = apply(&text, &edits, enc);
                    assert_eq!(&after, want_text, "{name}: {}", a["title"]);
                    fixes::resolved(&text, &after, (code, message)).unwrap();
                    opened += 1;
                    reopened_resolves(&mut s, opened, &published, &after, d);
                    actions_seen += 1;
                }
                // A preferred fix is marked, and only that one.
                let preferred = actions.iter().filter(|a| a["isPreferred"] == true).count();
                assert!(preferred <= 1, "{actions:?}");
            }
        }
        assert!(actions_seen >= 20, "{actions_seen} actions");
        assert!(s.stop().success());
    }
}

/// Without diagnostics in the context (a client asking at the cursor), the fixes of the
/// diagnostics under the range come with the server's own diagnostic; a range elsewhere has
/// none.
#[test]
fn fixes_at_the_cursor_without_context_diagnostics() {
    let text = std::fs::read_to_string(repo().join("tests/fixes/unknown-tag.cable")).unwrap();
    let (mut s, _) = Server::start(client("utf-16", true, true), Value::Null);
    let uri = "file:///cursor.cable";
    s.open(uri, 1, &text);
    s.diagnostics(uri, 1);
    let at = text.find("PG0V").unwrap() + 2;
    let range = Enc::Utf16.range(&text, at, at);
    let actions = code_action(&mut s, uri, &range, json!([]), json!(["quickfix"]));
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["title"], "Replace `PG0V` with `PGOV`");
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(actions[0]["diagnostics"][0]["code"], "ocr-confusion");
    assert_eq!(actions[0]["diagnostics"][0]["severity"], 2);
    let start = text.find("SUBJECT").unwrap();
    let quiet = code_action(
        &mut s,
        uri,
        &Enc::Utf16.range(&text, start, start),
        json!([]),
        Value::Null,
    );
    assert!(
        quiet.iter().all(|a| a["kind"] != "quickfix"),
        "no quick fix off the faults: {quiet:?}"
    );
    assert!(s.stop().success());
}

/// `source.fixAll.cable`: asked for by kind (resolved on demand when the client can, else
/// with its edit), every safe fix of the document in one edit, the same text the analysis
/// makes; `only` keeps quick fixes and source actions apart.
#[test]
fn fix_all_applies_every_safe_fix() {
    let text = std::fs::read_to_string(repo().join("tests/fixes/unknown-tag.cable")).unwrap();
    let diags = analysis::check(&Document::new(&text), &text);
    let safe: Vec<_> = fix::safe_fixes(&diags)
        .into_iter()
        .flat_map(|f| f.edits.clone())
        .collect();
    let want = fix::apply(&text, &safe);
    assert_ne!(want, text);
    let whole = Enc::Utf16.range(&text, 0, 0);
    for resolve in [true, false] {
        for enc in [Enc::Utf16, Enc::Utf8] {
            let (mut s, _) = Server::start(client(enc.name(), resolve, resolve), Value::Null);
            let uri = "file:///all.cable";
            s.open(uri, 3, &text);
            s.diagnostics(uri, 3);
            let actions = code_action(&mut s, uri, &whole, json!([]), json!(["source.fixAll"]));
            assert_eq!(actions.len(), 1, "{actions:?}");
            let mut action = actions[0].clone();
            assert_eq!(action["kind"], "source.fixAll.cable");
            if resolve {
                assert!(action.get("edit").is_none(), "resolved on demand");
                let r = s.request("codeAction/resolve", action);
                action = r["result"].clone();
            }
            let edits = edits_of(&action["edit"], uri, 3, resolve);
            assert_eq!(
                apply(&text, &edits, enc),
                want,
                "resolve {resolve}, {enc:?}"
            );
            // Quick fixes only: no source action; source only: no quick fix.
            let at = text.find("RU,").unwrap();
            let r = enc.range(&text, at, at);
            let quick = code_action(&mut s, uri, &r, json!([]), json!(["quickfix"]));
            assert!(!quick.is_empty() && quick.iter().all(|a| a["kind"] == "quickfix"));
            let source = code_action(&mut s, uri, &r, json!([]), json!(["source"]));
            assert!(
                source.iter().all(|a| a["kind"] == "source.fixAll.cable"),
                "{source:?}"
            );
            assert!(s.stop().success());
        }
    }
}

/// A code turned off in the settings has no fixes: none offered, none in fixAll.
#[test]
fn codes_turned_off_offer_no_fixes() {
    let text = std::fs::read_to_string(repo().join("tests/fixes/unknown-tag.cable")).unwrap();
    let options = json!({"severity": {"unknown-tag": "off", "ocr-confusion": "off"}});
    let (mut s, _) = Server::start(client("utf-16", true, true), options);
    let uri = "file:///off.cable";
    s.open(uri, 1, &text);
    s.diagnostics(uri, 1);
    let at = text.find("PG0V").unwrap();
    let r = Enc::Utf16.range(&text, at, at);
    assert!(code_action(&mut s, uri, &r, json!([]), json!(["quickfix"])).is_empty());
    let all = code_action(&mut s, uri, &r, json!([]), json!(["source.fixAll"]));
    let resolved = s.request("codeAction/resolve", all[0].clone());
    assert_eq!(resolved["result"]["edit"], json!({}), "nothing to fix");
    assert!(s.stop().success());
}
