//! The workspace index through the protocol: a folder of cables we wrote
//! (`tests/workspace/cables`) read by the built server, then the requests of
//! `tests/workspace/queries` answered as `tests/workspace/queries.expected` says (in UTF-16 and
//! in UTF-8 alike); files created, changed and deleted on disk; a client without progress or
//! dynamic registration.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::harness::{Enc, Server, TIMEOUT};
use crate::support::repo;

fn cables() -> PathBuf {
    repo().join("tests/workspace/cables")
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The capabilities of an editor with progress and a file watcher it lets servers register.
fn editor_capabilities(enc: Enc) -> Value {
    json!({
        "general": {"positionEncodings": [enc.name()]},
        "window": {"workDoneProgress": true},
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
        "textDocument": {"publishDiagnostics": {"relatedInformation": true, "versionSupport": true},
                         "hover": {"contentFormat": ["markdown"]}}
    })
}

fn start(root: &Path, capabilities: Value) -> Server {
    let mut s = Server::spawn(&[]);
    let r = s.request(
        "initialize",
        json!({"processId": null, "rootUri": uri_of(root),
               "workspaceFolders": [{"uri": uri_of(root), "name": "cables"}],
               "capabilities": capabilities}),
    );
    assert!(r.get("result").is_some(), "{r}");
    s.notify("initialized", json!({}));
    s
}

/// Answer the server's requests until its progress ends; the kinds of progress seen and the
/// methods it registered.
fn until_indexed(s: &mut Server) -> (Vec<String>, Vec<String>) {
    let (mut kinds, mut registered) = (Vec::new(), Vec::new());
    loop {
        let m = s
            .wait_for(|m| {
                m["method"] == "$/progress"
                    || m["method"] == "window/workDoneProgress/create"
                    || m["method"] == "client/registerCapability"
            })
            .expect("the index's progress");
        match m["method"].as_str() {
            Some("$/progress") => {
                let kind = m["params"]["value"]["kind"].as_str().unwrap().to_string();
                kinds.push(kind.clone());
                if kind == "end" {
                    return (kinds, registered);
                }
            }
            Some("client/registerCapability") => {
                for r in m["params"]["registrations"].as_array().unwrap() {
                    registered.push(r["method"].as_str().unwrap().to_string());
                }
                s.respond(&m["id"], Value::Null);
            }
            _ => s.respond(&m["id"], Value::Null),
        }
    }
}

/// The requests of `queries` run against a server on `root`, and their answers as text.
struct Session<'a> {
    s: Server,
    enc: Enc,
    root: &'a Path,
    opened: HashSet<String>,
}

impl Session<'_> {
    fn text(&self, file: &str) -> String {
        std::fs::read_to_string(self.root.join(file)).unwrap()
    }

    fn file_of(&self, uri: &str) -> String {
        let root = uri_of(self.root);
        uri.strip_prefix(&root)
            .map(|f| f.trim_start_matches('/').to_string())
            .unwrap_or_else(|| uri.to_string())
    }

    fn open(&mut self, file: &str) -> String {
        let uri = uri_of(&self.root.join(file));
        if self.opened.insert(file.to_string()) {
            let text = self.text(file);
            self.s.open(&uri, 1, &text);
        }
        uri
    }

    /// A range of a file as `file:line "text"` (line 1-based).
    fn place(&self, uri: &str, range: &Value) -> String {
        let file = self.file_of(uri.split('#').next().unwrap());
        let text = self.text(&file);
        let at = |p: &Value| {
            self.enc.offset(
                &text,
                p["line"].as_u64().unwrap() as u32,
                p["character"].as_u64().unwrap() as u32,
            )
        };
        let (start, end) = (at(&range["start"]), at(&range["end"]));
        format!(
            "{file}:{} {:?}",
            range["start"]["line"].as_u64().unwrap() + 1,
            &text[start..end]
        )
    }

    fn position(&self, file: &str, context: &str) -> Value {
        let text = self.text(file);
        let cursor = context.find('|').expect("a `|` in the context");
        let plain = context.replacen('|', "", 1);
        let at = text
            .find(&plain)
            .unwrap_or_else(|| panic!("{plain:?} is not in {file}"))
            + cursor;
        let (line, character) = self.enc.position(&text, at);
        json!({"line": line, "character": character})
    }

    fn locations(&self, result: &Value, out: &mut String) {
        let list = match result {
            Value::Null => Vec::new(),
            Value::Array(a) => a.clone(),
            one => vec![one.clone()],
        };
        if list.is_empty() {
            out.push_str("  -> none\n");
        }
        for l in list {
            let place = self.place(l["uri"].as_str().unwrap(), &l["range"]);
            out.push_str(&format!("  -> {place}\n"));
        }
    }

    fn answer(&mut self, query: &str) -> String {
        let mut out = format!("{query}\n");
        let (kind, rest) = query.split_once(' ').unwrap_or((query, ""));
        let (file, context) = rest.split_once(' ').unwrap_or((rest, ""));
        match kind {
            "definition" | "references" | "references-and-declaration" | "hover" => {
                let uri = self.open(file);
                let position = self.position(file, context);
                let mut params = json!({"textDocument": {"uri": uri}, "position": position});
                let method = match kind {
                    "definition" => "textDocument/definition",
                    "hover" => "textDocument/hover",
                    _ => {
                        params["context"] = json!({"includeDeclaration": kind != "references"});
                        "textDocument/references"
                    }
                };
                let r = self.s.request(method, params);
                let result = r.get("result").unwrap_or_else(|| panic!("{r}"));
                if kind == "hover" {
                    match result {
                        Value::Null => out.push_str("  -> none\n"),
                        h => {
                            out.push_str(&format!("  over {}\n", self.place(&uri, &h["range"])));
                            for line in h["contents"]["value"].as_str().unwrap().lines() {
                                out.push_str(&format!("  | {line}\n"));
                            }
                        }
                    }
                } else {
                    self.locations(result, &mut out);
                }
            }
            "links" => {
                let uri = self.open(file);
                let r = self.s.request(
                    "textDocument/documentLink",
                    json!({"textDocument": {"uri": uri}}),
                );
                for l in r["result"].as_array().unwrap() {
                    let target = l["target"].as_str().unwrap();
                    let fragment = target.split_once('#').map_or("", |(_, f)| f);
                    out.push_str(&format!(
                        "  {} -> {}#{fragment}\n",
                        self.place(&uri, &l["range"]),
                        self.file_of(target.split('#').next().unwrap())
                    ));
                }
            }
            "symbol" => {
                let r = self.s.request("workspace/symbol", json!({"query": rest}));
                for sym in r["result"].as_array().unwrap() {
                    out.push_str(&format!(
                        "  {} [{}] at {}\n",
                        sym["name"].as_str().unwrap(),
                        sym["containerName"].as_str().unwrap_or(""),
                        self.place(
                            sym["location"]["uri"].as_str().unwrap(),
                            &sym["location"]["range"]
                        )
                    ));
                }
            }
            "diagnostics" => {
                let uri = self.open(file);
                for d in self.s.diagnostics(&uri, 1) {
                    out.push_str(&format!(
                        "  {} {} {}\n",
                        d["code"].as_str().unwrap(),
                        self.place(&uri, &d["range"]),
                        d["message"].as_str().unwrap()
                    ));
                }
            }
            other => panic!("unknown query kind {other:?}"),
        }
        out
    }
}

fn queries() -> Vec<String> {
    std::fs::read_to_string(repo().join("tests/workspace/queries"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn answers(enc: Enc) -> (String, Vec<String>, Vec<String>) {
    let root = cables();
    let mut s = start(&root, editor_capabilities(enc));
    let (progress, registered) = until_indexed(&mut s);
    let mut session = Session {
        s,
        enc,
        root: &root,
        opened: HashSet::new(),
    };
    let mut out = String::new();
    for q in queries() {
        out.push_str(&session.answer(&q));
    }
    assert!(session.s.stop().success());
    (out, progress, registered)
}

#[test]
fn navigation_answers_are_the_expected_data() {
    let (utf16, progress, registered) = answers(Enc::Utf16);
    assert_eq!(
        progress.first().map(String::as_str),
        Some("begin"),
        "{progress:?}"
    );
    assert_eq!(
        progress.last().map(String::as_str),
        Some("end"),
        "{progress:?}"
    );
    assert!(
        registered.contains(&"workspace/didChangeWatchedFiles".to_string()),
        "{registered:?}"
    );
    let (utf8, _, _) = answers(Enc::Utf8);
    assert_eq!(utf16, utf8, "the same answers in UTF-16 and in UTF-8");
    let path = repo().join("tests/workspace/queries.expected");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &utf16).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        want == utf16,
        "--- expected\n{want}--- got\n{utf16}(UPDATE_EXPECT=1 rewrites tests/workspace/queries.expected)"
    );
}

/// A copy of the workspace in a folder of its own, which the test may change.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cable-ls-index-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for f in [
        "quito-08812.cable",
        "state-40721.cable",
        "quito-07710.cable",
    ] {
        std::fs::copy(cables().join(f), dir.join(f)).unwrap();
    }
    dir
}

fn definition(s: &mut Server, uri: &str, text: &str, context: &str) -> Value {
    let cursor = context.find('|').unwrap();
    let at = text.find(&context.replacen('|', "", 1)).unwrap() + cursor;
    let (line, character) = Enc::Utf16.position(text, at);
    let r = s.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri},
               "position": {"line": line, "character": character}}),
    );
    r["result"].clone()
}

fn symbols(s: &mut Server, query: &str) -> Vec<String> {
    let r = s.request("workspace/symbol", json!({"query": query}));
    r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

fn watched(s: &mut Server, path: &Path, kind: u8) {
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(path), "type": kind}]}),
    );
}

/// A scratch workspace indexed by a server, with the QUITO cable open: its folder, the
/// server, the cable's URI and text.
fn indexed_scratch(name: &str) -> (PathBuf, Server, String, String) {
    let dir = scratch(name);
    let mut s = start(&dir, editor_capabilities(Enc::Utf16));
    until_indexed(&mut s);
    let quito = dir.join("quito-08812.cable");
    let text = std::fs::read_to_string(&quito).unwrap();
    let uri = uri_of(&quito);
    s.open(&uri, 1, &text);
    (dir, s, uri, text)
}

const CREATED: u8 = 1;
const CHANGED: u8 = 2;
const DELETED: u8 = 3;

#[test]
fn files_created_changed_and_deleted_on_disk_are_reflected() {
    let (dir, mut s, quito_uri, quito_text) = indexed_scratch("disk");
    let state = dir.join("state-40721.cable");
    let state_uri = uri_of(&state);
    let at = |r: &Value| (r[0]["uri"].clone(), r[0]["range"]["start"]["line"].clone());
    let here = definition(&mut s, &quito_uri, &quito_text, "(B) STATE |40721");
    assert_eq!(at(&here), (json!(state_uri), json!(4)), "{here}");

    // Deleted: the reference resolves no more, and the cable is no symbol.
    let original = std::fs::read_to_string(&state).unwrap();
    std::fs::remove_file(&state).unwrap();
    watched(&mut s, &state, DELETED);
    assert_eq!(
        definition(&mut s, &quito_uri, &quito_text, "(B) STATE |40721"),
        Value::Null
    );
    assert!(symbols(&mut s, "94STATE40721").is_empty());

    // Created again, two lines lower: found there.
    std::fs::write(&state, format!("\n\n{original}")).unwrap();
    watched(&mut s, &state, CREATED);
    let here = definition(&mut s, &quito_uri, &quito_text, "(B) STATE |40721");
    assert_eq!(at(&here), (json!(state_uri), json!(6)), "{here}");
    assert_eq!(symbols(&mut s, "94STATE40721").len(), 1);

    // Changed to another serial: the old id is gone, the new one found.
    std::fs::write(&state, original.replace("STATE 040721", "STATE 040722")).unwrap();
    watched(&mut s, &state, CHANGED);
    assert_eq!(
        definition(&mut s, &quito_uri, &quito_text, "(B) STATE |40721"),
        Value::Null
    );
    assert_eq!(symbols(&mut s, "94STATE40722").len(), 1);

    // A new file in a new folder.
    let sub = dir.join("later");
    std::fs::create_dir_all(&sub).unwrap();
    let moved = sub.join("state-40721.cable");
    std::fs::write(&moved, &original).unwrap();
    watched(&mut s, &moved, CREATED);
    let here = definition(&mut s, &quito_uri, &quito_text, "(B) STATE |40721");
    assert_eq!(at(&here), (json!(uri_of(&moved)), json!(4)), "{here}");

    // A file the walk would not read (hidden) stays out, event or not.
    let hidden = dir.join(".hidden.cable");
    std::fs::write(&hidden, original.replace("STATE 040721", "STATE 040723")).unwrap();
    watched(&mut s, &hidden, CREATED);
    assert!(symbols(&mut s, "94STATE40723").is_empty());
    assert!(s.stop().success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_open_document_wins_over_the_disk() {
    let (dir, mut s, quito_uri, quito_text) = indexed_scratch("open");
    let state = dir.join("state-40721.cable");
    let state_uri = uri_of(&state);
    let disk = std::fs::read_to_string(&state).unwrap();
    // Opened with three lines more than the disk has, then edited to another serial.
    let edited = format!("\n\n\n{disk}");
    s.open(&state_uri, 1, &edited);
    let here = definition(&mut s, &quito_uri, &quito_text, "(B) STATE |40721");
    assert_eq!(here[0]["range"]["start"]["line"], 7, "{here}");
    s.change(
        &state_uri,
        2,
        json!([{"text": edited.replace("STATE 040721", "STATE 040799")}]),
    );
    assert_eq!(
        definition(&mut s, &quito_uri, &quito_text, "(B) STATE |40721"),
        Value::Null
    );
    assert_eq!(symbols(&mut s, "94STATE40799").len(), 1);
    // Closed: the disk's text counts again.
    s.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": state_uri}}),
    );
    let here = definition(&mut s, &quito_uri, &quito_text, "(B) STATE |40721");
    assert_eq!(here[0]["range"]["start"]["line"], 4, "{here}");
    assert!(symbols(&mut s, "94STATE40799").is_empty());
    assert!(s.stop().success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_client_without_progress_or_registration_still_gets_the_index() {
    let root = cables();
    let mut s = start(&root, json!({"general": {"positionEncodings": ["utf-16"]}}));
    // Nothing tells this client when the index is complete: it asks until it answers.
    let deadline = Instant::now() + TIMEOUT;
    let found = loop {
        let found = symbols(&mut s, "94QUITO8812");
        if !found.is_empty() || Instant::now() > deadline {
            break found;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(found.len(), 1, "{found:?}");
    let unasked: Vec<Value> = s
        .drain(Duration::from_millis(300))
        .into_iter()
        .filter(|m| {
            m["method"] == "$/progress"
                || m["method"] == "window/workDoneProgress/create"
                || m["method"] == "client/registerCapability"
        })
        .collect();
    assert!(unasked.is_empty(), "{unasked:?}");
    assert!(s.stop().success());
}

fn folders_changed(s: &mut Server, added: &[&Path], removed: &[&Path]) {
    let folders = |paths: &[&Path]| -> Vec<Value> {
        paths
            .iter()
            .map(|p| json!({"uri": uri_of(p), "name": p.file_name().unwrap().to_string_lossy()}))
            .collect()
    };
    s.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": folders(added), "removed": folders(removed)}}),
    );
}

#[test]
fn workspace_folders_added_and_removed_are_read_and_dropped() {
    let (first, mut s, quito_uri, quito_text) = indexed_scratch("folders");
    // A second folder, with a cable the first one cites and one in a folder of its own.
    let second = first.with_extension("second");
    let _ = std::fs::remove_dir_all(&second);
    let andes = second.join("andes");
    std::fs::create_dir_all(&andes).unwrap();
    std::fs::copy(
        cables().join("lima-10684.cable"),
        second.join("lima-10684.cable"),
    )
    .unwrap();
    std::fs::copy(
        cables().join("andes/bogota-01234.cable"),
        andes.join("bogota-01234.cable"),
    )
    .unwrap();
    let lima = "(D) LIMA 1 O6|84";
    assert_eq!(
        definition(&mut s, &quito_uri, &quito_text, lima),
        Value::Null
    );
    assert!(symbols(&mut s, "94LIMA10684").is_empty());

    // Added: the next request finds its cables (it waits for the folder's reading).
    folders_changed(&mut s, &[&second], &[]);
    let here = definition(&mut s, &quito_uri, &quito_text, lima);
    assert_eq!(
        (&here[0]["uri"], &here[0]["range"]["start"]["line"]),
        (&json!(uri_of(&second.join("lima-10684.cable"))), &json!(3)),
        "{here}"
    );
    assert_eq!(symbols(&mut s, "94BOGOTA1234").len(), 1);
    // A folder inside it, added too: nothing twice.
    folders_changed(&mut s, &[&andes, &second], &[]);
    assert_eq!(symbols(&mut s, "94BOGOTA1234").len(), 1);

    // Removed: its files go, but those of a folder still there stay.
    folders_changed(&mut s, &[], &[&second]);
    assert_eq!(
        definition(&mut s, &quito_uri, &quito_text, lima),
        Value::Null
    );
    assert!(symbols(&mut s, "94LIMA10684").is_empty());
    assert_eq!(symbols(&mut s, "94BOGOTA1234").len(), 1);
    folders_changed(&mut s, &[], &[&andes]);
    assert!(symbols(&mut s, "94BOGOTA1234").is_empty());

    // The first folder removed: its files go, the open document stays; a watched-file event
    // for a file there brings nothing back.
    folders_changed(&mut s, &[], &[&first]);
    let state = first.join("state-40721.cable");
    watched(&mut s, &state, CHANGED);
    assert!(symbols(&mut s, "94STATE40721").is_empty());
    assert_eq!(
        definition(&mut s, &quito_uri, &quito_text, "(B) STATE |40721"),
        Value::Null
    );
    assert_eq!(symbols(&mut s, "94QUITO8812").len(), 1);
    assert!(s.stop().success());
    let _ = std::fs::remove_dir_all(&first);
    let _ = std::fs::remove_dir_all(&second);
}

/// The `ref-order` messages of the next publish for `uri`.
fn next_ref_order(s: &mut Server, uri: &str) -> Vec<String> {
    let m = s
        .wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .unwrap_or_else(|| panic!("no publish for {uri}"));
    m["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "ref-order")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn ref_order_follows_the_dates_in_the_index() {
    // STATE 40721 of 10 March 1994 cites `(QUITO 8812)`, no year printed: only the cited
    // cable's own date, 14 March, makes it a later cable.
    let dir = scratch("later");
    let mut s = start(&dir, editor_capabilities(Enc::Utf16));
    until_indexed(&mut s);
    let state_uri = uri_of(&dir.join("state-40721.cable"));
    let state_text = std::fs::read_to_string(dir.join("state-40721.cable")).unwrap();
    s.open(&state_uri, 1, &state_text);
    let warned = |found: &[String]| {
        found.len() == 1 && found[0].contains("is dated Monday 14 March 1994, 15:30 UTC")
    };
    let found = next_ref_order(&mut s, &state_uri);
    assert!(warned(&found), "{found:?}");

    // Redated on disk to 9 March: published again, without the warning.
    let quito = dir.join("quito-08812.cable");
    let quito_uri = uri_of(&quito);
    let text = std::fs::read_to_string(&quito).unwrap();
    let dated = |day: &str| text.replace("R 141530Z MAR 94", &format!("R {day}1530Z MAR 94"));
    std::fs::write(&quito, dated("09")).unwrap();
    watched(&mut s, &quito, CHANGED);
    assert_eq!(next_ref_order(&mut s, &state_uri), Vec::<String>::new());

    // Opened in the editor with the 14th: the open text wins, the warning is back; edited to
    // the 8th, gone again.
    s.open(&quito_uri, 1, &dated("14"));
    let found = next_ref_order(&mut s, &state_uri);
    assert!(warned(&found), "{found:?}");
    s.change(&quito_uri, 2, json!([{"text": dated("08")}]));
    assert_eq!(next_ref_order(&mut s, &state_uri), Vec::<String>::new());

    // Closed (the disk's 9th: nothing to publish), then the 14th written on disk, then the
    // file deleted.
    s.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": quito_uri}}),
    );
    std::fs::write(&quito, dated("14")).unwrap();
    watched(&mut s, &quito, CHANGED);
    let found = next_ref_order(&mut s, &state_uri);
    assert!(warned(&found), "{found:?}");
    std::fs::remove_file(&quito).unwrap();
    watched(&mut s, &quito, DELETED);
    assert_eq!(next_ref_order(&mut s, &state_uri), Vec::<String>::new());
    assert!(s.stop().success());
    let _ = std::fs::remove_dir_all(&dir);
}
