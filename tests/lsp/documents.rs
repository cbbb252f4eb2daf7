//! Diagnostics, outline, folding, hover and completion on open documents.

use serde_json::{json, Value};

use crate::harness::{capabilities, Enc, Server};
use crate::support::{faults::FAULTS, fixture};

const URI: &str = "file:///quito.cable";

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

fn line(d: &Value) -> u64 {
    d["range"]["start"]["line"].as_u64().unwrap()
}

#[test]
fn typed_faults_are_reported_for_their_version_and_undoing_them_clears_them() {
    let base = fixture("lima-style.cable");
    let mut s = Server::with_open(URI, &base);
    let quiet = s.diagnostics(URI, 1);
    assert!(quiet.is_empty(), "the fixture is clean: {quiet:#?}");

    let mut version = 1;
    for fault in FAULTS {
        let (faulty, from, to) = (fault.apply)(&base);
        version += 1;
        s.edit(URI, version, &base, &faulty, Enc::Utf16);
        let diags = s.diagnostics(URI, version);
        let hit = diags
            .iter()
            .find(|d| d["code"] == fault.code)
            .unwrap_or_else(|| panic!("{}: not reported in {diags:#?}", fault.code));
        // Expected lines are 1-based and inclusive.
        assert!(
            (from as u64 - 1..=to as u64 - 1).contains(&line(hit)),
            "{}: on line {} not {from}..={to}",
            fault.code,
            line(hit) + 1
        );
        let errors: Vec<_> = diags
            .iter()
            .filter(|d| d["severity"] == 1 && d["code"] != fault.code)
            .collect();
        assert!(
            errors.is_empty(),
            "{}: other errors {errors:#?}",
            fault.code
        );
        assert_eq!(hit["source"], "cable-ls");
        // A link to the rule table only once the project has a public address (the
        // `repository` of Cargo.toml): none is guessed.
        if env!("CARGO_PKG_REPOSITORY").is_empty() {
            assert!(hit.get("codeDescription").is_none(), "{hit}");
        } else {
            let href = hit["codeDescription"]["href"].as_str().unwrap();
            assert!(
                href.ends_with(&format!("README.md#{}", fault.code)),
                "{href}"
            );
        }

        version += 1;
        s.edit(URI, version, &faulty, &base, Enc::Utf16);
        let after = s.diagnostics(URI, version);
        assert!(after.is_empty(), "{}: undo leaves {after:#?}", fault.code);
    }
    s.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    let closed = s
        .wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == URI)
        .unwrap();
    assert_eq!(closed["params"]["diagnostics"], json!([]), "{closed}");
    assert!(s.stop().success());
}

#[test]
fn related_information_points_at_the_other_place() {
    let base = fixture("lima-style.cable");
    let (faulty, _, _) = (FAULTS[0].apply)(&base); // missing-terminator
    let (mut s, _) = Server::start(capabilities(&[]), Value::Null);
    s.open(URI, 1, &faulty);
    let diags = s.diagnostics(URI, 1);
    let d = diags
        .iter()
        .find(|d| d["code"] == "missing-terminator")
        .unwrap();
    let related = &d["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], URI);
    assert!(line(&related["location"]) < line(d), "{d:#}");
    assert!(s.stop().success());
}

#[test]
fn stale_versions_are_applied_and_full_text_changes_replace_everything() {
    let (mut s, _) = Server::start(capabilities(&[]), Value::Null);
    s.open(URI, 5, "P 141530Z MAR 93\n");
    s.diagnostics(URI, 5);
    // Older than the document: the editor has applied it all the same, and its range is read
    // against the text the server holds (messages arrive in order), so it is applied, with
    // its version, and the oddity is logged.
    s.change(
        URI,
        4,
        json!([{"range": {"start": {"line": 0, "character": 2}, "end": {"line": 0, "character": 4}}, "text": "32"}]),
    );
    let (version, tree) = s.syntax_tree(URI);
    assert_eq!(version, 4);
    assert!(tree.contains("321530Z"), "{tree}");
    assert_eq!(codes(&s.diagnostics(URI, 4)), ["malformed-dtg"]);
    let log = s
        .wait_for(|m| m["method"] == "window/logMessage")
        .expect("the odd version is logged to the client");
    assert!(
        log["params"]["message"]
            .as_str()
            .unwrap()
            .contains("not newer"),
        "{log}"
    );
    // A full-text change, then a ranged change against its result, in one notification.
    s.change(
        URI,
        6,
        json!([{"text": "P 141530Z MAR 93\n"}, {"range": {"start": {"line": 0, "character": 2}, "end": {"line": 0, "character": 4}}, "text": "32"}]),
    );
    let diags = s.diagnostics(URI, 6);
    assert_eq!(codes(&diags), ["malformed-dtg"], "{diags:#?}");
    assert!(s.stop().success());
}

#[test]
fn severities_follow_initialization_options_and_configuration_changes() {
    let base = fixture("lima-style.cable");
    let (faulty, _, _) = (FAULTS[4].apply)(&base); // paragraph-number, a warning
    assert_eq!(FAULTS[4].code, "paragraph-number");
    let options = json!({"severity": {"paragraph-number": "off"}});
    let (mut s, _) = Server::start(capabilities(&[]), options);
    s.open(URI, 1, &faulty);
    assert!(s.diagnostics(URI, 1).is_empty(), "off at start");

    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"cable": {"severity": {"paragraph-number": "error"}}}}),
    );
    let diags = s.diagnostics(URI, 1);
    assert_eq!(codes(&diags), ["paragraph-number"]);
    assert_eq!(diags[0]["severity"], 1, "error");

    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"cable": {"severity": {"paragraph-number": "hint", "bogus": "error"}}}}),
    );
    let diags = s.diagnostics(URI, 1);
    assert_eq!(diags[0]["severity"], 4, "hint");
    let log = s.wait_for(|m| m["method"] == "window/logMessage").unwrap();
    assert!(log["params"]["message"].as_str().unwrap().contains("bogus"));

    // Back to the defaults when the settings say nothing.
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    let diags = s.diagnostics(URI, 1);
    assert_eq!(diags[0]["severity"], 2, "warning");
    assert!(s.stop().success());
}

#[test]
fn settings_of_the_wrong_type_are_reported_in_the_clients_log() {
    let (mut s, _) = Server::start(capabilities(&[]), json!([1, 2]));
    let logged = |s: &mut Server| {
        let m = s
            .wait_for(|m| m["method"] == "window/logMessage")
            .expect("the problem is logged to the client");
        assert_eq!(m["params"]["type"], 2, "a warning: {m}");
        m["params"]["message"].as_str().unwrap().to_string()
    };
    let first = logged(&mut s);
    assert!(
        first.contains("initializationOptions") && first.contains("found an array"),
        "{first}"
    );
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": "loud"}),
    );
    let second = logged(&mut s);
    assert!(second.contains("found a string, \"loud\""), "{second}");
    // VS Code sends the extension's own keys of the `cable` section along: not problems.
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"cable": {"server": {"path": ""}, "trace": {"server": "off"},
            "severity": {"paragraph-number": "off"}, "colour": "red"}}}),
    );
    let third = logged(&mut s);
    assert!(third.contains("unknown setting `colour`"), "{third}");
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"cable": {"severity": 3}}}),
    );
    let fourth = logged(&mut s);
    assert!(
        fourth.contains("`severity` should be an object; found a number"),
        "{fourth}"
    );
    assert!(s.stop().success());
}

#[test]
fn settings_are_pulled_when_a_configuration_change_carries_none() {
    let base = fixture("lima-style.cable");
    let (faulty, _, _) = (FAULTS[4].apply)(&base); // paragraph-number, a warning
    let mut caps = capabilities(&[]);
    caps["workspace"] = json!({"configuration": true,
        "didChangeConfiguration": {"dynamicRegistration": true}});
    let (mut s, _) = Server::start(caps, Value::Null);
    let config_request = |s: &mut Server| {
        let r = s
            .wait_for(|m| m["method"] == "workspace/configuration")
            .expect("the server asks for its settings");
        assert_eq!(r["params"]["items"][0]["section"], "cable");
        r["id"].clone()
    };
    // At start: it registers for changes, and asks; `null` (no such section) changes nothing.
    let reg = s
        .wait_for(|m| m["method"] == "client/registerCapability")
        .expect("registration for configuration changes");
    assert_eq!(
        reg["params"]["registrations"][0]["method"],
        "workspace/didChangeConfiguration"
    );
    let id = reg["id"].clone();
    s.respond(&id, Value::Null);
    let first = config_request(&mut s);
    s.respond(&first, json!([null]));
    s.open(URI, 1, &faulty);
    assert_eq!(s.diagnostics(URI, 1)[0]["severity"], 2);

    // Two changes without settings; the answers come back in the opposite order. The newer
    // request's settings stay in force.
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    let older = config_request(&mut s);
    s.notify("workspace/didChangeConfiguration", json!({"settings": {}}));
    let newer = config_request(&mut s);
    s.respond(&newer, json!([{"severity": {"paragraph-number": "hint"}}]));
    assert_eq!(s.diagnostics(URI, 1)[0]["severity"], 4, "hint");
    s.respond(&older, json!([{"severity": {"paragraph-number": "error"}}]));
    let late = s.publishes_within(500);
    assert!(late.is_empty(), "the older answer was applied: {late:#?}");
    assert!(s.stop().success());
}

#[test]
fn pull_diagnostics_when_the_client_asks_for_them() {
    let base = fixture("lima-style.cable");
    let (faulty, _, _) = (FAULTS[1].apply)(&base);
    let mut caps = capabilities(&[]);
    caps["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
    caps["workspace"] = json!({"diagnostics": {"refreshSupport": true}});
    let (mut s, init) = Server::start(caps, json!({"diagnosticMode": "pull"}));
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"],
        "cable-ls"
    );
    s.open(URI, 1, &faulty);
    let r = s.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(r["result"]["kind"], "full");
    assert_eq!(
        codes(r["result"]["items"].as_array().unwrap()),
        ["section-count"]
    );
    s.edit(URI, 2, &faulty, &base, Enc::Utf16);
    let r = s.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(r["result"]["items"], json!([]));
    // A settings change asks the client to pull again, and the next pull has the new severity.
    s.edit(URI, 3, &base, &faulty, Enc::Utf16);
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"severity": {"section-count": "hint"}}}),
    );
    let refresh = s
        .wait_for(|m| m["method"] == "workspace/diagnostic/refresh")
        .expect("a refresh request");
    let id = refresh["id"].clone();
    s.respond(&id, Value::Null);
    let r = s.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(r["result"]["items"][0]["severity"], 4, "{r}");
    // In pull mode nothing is pushed.
    let pushed = s.publishes_within(200);
    assert!(pushed.is_empty(), "{pushed:#?}");
    assert!(s.stop().success());
}

/// Every symbol's selection lies inside its range, and children inside their parent.
fn check_nesting(symbols: &[Value], parent: Option<&Value>, path: &str) {
    let pos = |p: &Value| {
        (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        )
    };
    for s in symbols {
        let (r, sel) = (&s["range"], &s["selectionRange"]);
        let name = format!("{path}/{}", s["name"]);
        assert!(pos(&r["start"]) <= pos(&sel["start"]), "{name}: {s}");
        assert!(pos(&sel["end"]) <= pos(&r["end"]), "{name}: {s}");
        assert!(pos(&sel["start"]) <= pos(&sel["end"]), "{name}");
        if let Some(p) = parent {
            assert!(
                pos(&p["start"]) <= pos(&r["start"]),
                "{name} outside parent"
            );
            assert!(pos(&r["end"]) <= pos(&p["end"]), "{name} outside parent");
        }
        check_nesting(s["children"].as_array().unwrap(), Some(r), &name);
    }
}

#[test]
fn document_symbols_outline_paragraphs_with_selections_inside_ranges() {
    let (mut s, _) = Server::start(capabilities(&[]), Value::Null);
    for name in crate::support::FIXTURES {
        let uri = format!("file:///{name}");
        s.open(&uri, 1, &fixture(name));
        let r = s.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        );
        let symbols = r["result"].as_array().unwrap_or_else(|| panic!("{r}"));
        assert!(!symbols.is_empty(), "{name}");
        check_nesting(symbols, None, name);
    }
    let r = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": "file:///lima-style.cable"}}),
    );
    let cable = &r["result"][0];
    assert_eq!(cable["name"], "QUITO 08812");
    let mut numbers = Vec::new();
    fn walk(v: &Value, out: &mut Vec<u32>) {
        for c in v["children"].as_array().unwrap() {
            if let Some((n, _)) = c["name"].as_str().unwrap().split_once(". ") {
                if let Ok(n) = n.parse() {
                    out.push(n);
                }
            }
            walk(c, out);
        }
    }
    walk(cable, &mut numbers);
    assert_eq!(numbers, (1..=numbers.len() as u32).collect::<Vec<_>>());
    assert!(numbers.len() >= 10, "{numbers:?}");
    assert!(s.stop().success());
}

fn position_of(text: &str, needle: &str, nth_char: usize) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in the fixture"))
        + nth_char;
    let (line, character) = Enc::Utf16.position(text, at);
    json!({"line": line, "character": character})
}

#[test]
fn hover_explains_dates_precedence_sections_and_codes() {
    let text = fixture("lima-style.cable");
    let mut s = Server::with_open(URI, &text);
    let mut hover = |needle: &str, nth: usize| -> (String, Value) {
        let r = s.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": position_of(&text, needle, nth)}),
        );
        let result = &r["result"];
        assert_eq!(result["contents"]["kind"], "markdown", "{needle}: {r}");
        (
            result["contents"]["value"].as_str().unwrap().to_string(),
            result["range"].clone(),
        )
    };
    let (dtg, range) = hover("\nP 141530Z MAR 93", 5);
    for part in [
        "Message DTG",
        "Sunday 14 March 1993, 15:30 UTC",
        "1993-03-14T15:30Z",
    ] {
        assert!(dtg.contains(part), "{part} not in {dtg}");
    }
    let dtg_at = text.find("\nP 141530Z MAR 93").unwrap() + 3;
    assert_eq!(range, Enc::Utf16.range(&text, dtg_at, dtg_at + 14));
    assert!(hover("\nP 141530Z MAR 93", 1).0.contains("PRIORITY"));
    let (section, _) = hover("SECTION 01 OF 04", 3);
    assert!(section.contains("Section 1 of 4"), "{section}");
    assert!(hover("/080W", 2).0.contains("080"));
    assert!(hover("PGOV", 1).0.contains("Political"));
    assert!(hover("B1, 1.5(D)", 0).0.contains("(b)(1)"));
    assert!(hover("B1, 1.5(D)", 5).0.contains("1.5"));
    assert!(hover("E.O. 12356", 6).0.contains("12356"));
    // Nothing to explain in running text.
    let r = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": position_of(&text, "\n8. ", 8)}),
    );
    assert!(r["result"].is_null(), "{r}");
    assert!(s.stop().success());
}

/// Issue 4's acceptance: every code of the LIMA-style fixture is explained where it stands,
/// through the protocol.
#[test]
fn hover_explains_every_code_of_the_lima_fixture() {
    let text = fixture("lima-style.cable");
    let mut s = Server::with_open(URI, &text);
    let cases: &[(&str, usize, &[&str])] = &[
        (
            "PGOV, PHUM",
            0,
            &["**PGOV**", "subject TAGS", "Internal Governmental Affairs"],
        ),
        ("PHUM, PTER", 1, &["**PHUM**", "Human Rights"]),
        ("PTER, OAS", 2, &["**PTER**", "Terrorism"]),
        (
            "OAS, PE",
            1,
            &[
                "**OAS**",
                "organization TAGS",
                "Organization of American States",
            ],
        ),
        (", PE\n", 2, &["**PE**", "FIPS 10-4", "Peru"]),
        ("ACTION ARA-01", 8, &["**ARA**", "Inter-American Affairs"]),
        (
            "IO-16",
            0,
            &["**IO**", "International Organization Affairs"],
        ),
        ("E.O. 12356", 7, &["E.O. 12356", "1 August 1982", "OADR"]),
        (
            "DECL: OADR",
            7,
            &["**OADR**", "Originating Agency's Determination Required"],
        ),
        (
            "B1, 1.5(D)",
            0,
            &["(b)(1)", "classified national security information"],
        ),
        (
            "B1, 1.5(D)",
            5,
            &["Sec. 1.5", "(d) foreign relations or foreign activities"],
        ),
        (
            "REASON: 25X6",
            9,
            &[
                "**25X6**",
                "25 years",
                "relations between the United States and a foreign government",
            ],
        ),
    ];
    for &(needle, nth, parts) in cases {
        let r = s.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": position_of(&text, needle, nth)}),
        );
        let value = r["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_else(|| panic!("{needle}: {r}"));
        for part in parts {
            assert!(value.contains(part), "{needle}: {part:?} not in {value}");
        }
    }
    assert!(s.stop().success());
}

/// Issue 4's acceptance: CH is China in TAGS (FIPS) and the hover says ISO's CH is
/// Switzerland; `TAGS: PGOV, RU` gets unknown-tag on RU with RS suggested.
#[test]
fn tags_are_read_as_fips_codes() {
    let base = fixture("lima-style.cable");
    let mut s = Server::with_open(URI, &base);
    let tags = "TAGS: PGOV, PHUM, PTER, OAS, PE\n";
    let with_ch = base.replacen(tags, "TAGS: PREL, CH\n", 1);
    s.edit(URI, 2, &base, &with_ch, Enc::Utf16);
    let r = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": position_of(&with_ch, "PREL, CH", 6)}),
    );
    let value = r["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"));
    for part in ["**CH**", "FIPS 10-4", "China", "ISO 3166", "Switzerland"] {
        assert!(value.contains(part), "{part:?} not in {value}");
    }
    assert!(s.diagnostics(URI, 2).is_empty(), "CH is a code");

    let with_ru = base.replacen(tags, "TAGS: PGOV, RU\n", 1);
    s.edit(URI, 3, &with_ch, &with_ru, Enc::Utf16);
    let diags = s.diagnostics(URI, 3);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d["code"], "unknown-tag");
    assert_eq!(d["severity"], 2, "a warning");
    let at = with_ru.find("PGOV, RU").unwrap() + 6;
    assert_eq!(d["range"], Enc::Utf16.range(&with_ru, at, at + 2));
    let message = d["message"].as_str().unwrap();
    assert!(
        message.ends_with("whose TAGS (FIPS 10-4) code is `RS`"),
        "{message}"
    );
    assert!(s.stop().success());
}

/// A cable being typed: a TAGS line with a name holding a non-ASCII letter before the code
/// being typed (so that bytes and characters differ), and a half-typed routing line.
const TYPING: &str = "PAGE 01 QUITO 01234 011200Z
ACTION ARA-01

INFO  LOG-00   CI
------------------3A41D9  011210Z /38
P 011200Z MAR 92
FM AMEMBASSY QUITO
TO SECSTATE WASHDC PRIORITY 0123
UNCLAS QUITO 01234

E.O. 12356: N/A
TAGS: (M\u{dc}LLER, HANS) PREL, pg
SUBJECT: FISHERIES TALKS

1. THE MINISTER SAID THE TALKS WILL GO ON.
";

/// The completion lists' `itemDefaults` a client declares it applies (LSP 3.17).
#[derive(Clone, Copy, Debug, PartialEq)]
enum ListDefaults {
    /// Before 3.17: every item carries its own `textEdit` and `data`.
    None,
    /// VS Code: `editRange` (and others this server does not use), no `data`.
    VsCode,
    /// Neovim 0.10+: `editRange` and `data`.
    Neovim,
}

impl ListDefaults {
    fn capabilities(self, enc: Enc) -> Value {
        let mut caps = capabilities(&[enc.name()]);
        let list = &mut caps["textDocument"]["completion"]["completionList"];
        match self {
            ListDefaults::None => *list = Value::Null,
            ListDefaults::VsCode => {}
            ListDefaults::Neovim => {
                list["itemDefaults"] =
                    json!(["editRange", "insertTextFormat", "insertTextMode", "data"]);
            }
        }
        caps
    }

    /// Checks that the list has the form this client takes, and gives its items as the
    /// client makes them: the defaults written into every item (as the specification says:
    /// `editRange` becomes a `textEdit` with the item's `textEditText`, else its label).
    fn items(self, list: &Value) -> Vec<Value> {
        let defaults = &list["itemDefaults"];
        let items = list["items"].as_array().unwrap();
        let per_item = |key: &str| items.iter().all(|i| i.get(key).is_some());
        let none_per_item = |key: &str| items.iter().all(|i| i.get(key).is_none());
        match self {
            ListDefaults::None => {
                assert!(list.get("itemDefaults").is_none(), "{list}");
                assert!(per_item("textEdit") && per_item("data"), "{list}");
            }
            ListDefaults::VsCode => {
                assert!(defaults["editRange"].is_object(), "{list}");
                assert!(defaults.get("data").is_none(), "{list}");
                assert!(none_per_item("textEdit") && per_item("data"), "{list}");
            }
            ListDefaults::Neovim => {
                assert!(defaults["editRange"].is_object() && defaults["data"].is_object());
                assert!(none_per_item("textEdit") && none_per_item("data"), "{list}");
            }
        }
        items
            .iter()
            .map(|item| {
                let mut item = item.clone();
                if let Some(range) = defaults.get("editRange") {
                    let text = item.get("textEditText").unwrap_or(&item["label"]).clone();
                    item["textEdit"] = json!({"range": range, "newText": text});
                }
                if let (Some(data), None) = (defaults.get("data"), item.get("data")) {
                    item["data"] = data.clone();
                }
                item
            })
            .collect()
    }
}

#[test]
fn completion_replaces_the_typed_code_in_the_negotiated_encoding() {
    for enc in [Enc::Utf16, Enc::Utf8] {
        for client in [
            ListDefaults::None,
            ListDefaults::VsCode,
            ListDefaults::Neovim,
        ] {
            completion_in(enc, client);
        }
    }
}

fn completion_in(enc: Enc, client: ListDefaults) {
    let (mut s, _) = Server::start(client.capabilities(enc), Value::Null);
    s.open(URI, 1, TYPING);
    let complete = |s: &mut Server, line: u32, character: u32| {
        s.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": URI},
                   "position": {"line": line, "character": character}}),
        )["result"]
            .clone()
    };
    let pg = TYPING.find(", pg").unwrap() + 2;
    let (line, character) = enc.position(TYPING, pg + 2);
    let list = complete(&mut s, line, character);
    assert_eq!(list["isIncomplete"], false, "{list}");
    let items = &client.items(&list);
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["PGOV", "PG"], "{}", enc.name());
    let mut by_sort: Vec<&Value> = items.iter().collect();
    by_sort.sort_by_key(|i| i["sortText"].as_str().unwrap());
    assert_eq!(
        by_sort[0]["label"], "PGOV",
        "the client's order is the server's"
    );
    let edit = &items[0]["textEdit"];
    assert_eq!(edit["newText"], "PGOV");
    assert_eq!(
        edit["range"],
        enc.range(TYPING, pg, pg + 2),
        "{}",
        enc.name()
    );
    // Documentation comes on resolve, from the item as the client got it.
    assert!(items[0].get("documentation").is_none(), "{}", items[0]);
    let resolved = s.request("completionItem/resolve", items[0].clone())["result"].clone();
    assert!(resolved["documentation"]["value"]
        .as_str()
        .unwrap()
        .contains("Internal Governmental Affairs"));
    assert_eq!(resolved["textEdit"], items[0]["textEdit"]);
    assert_eq!(items[1]["detail"], "country · Spratly Islands");
    // Past the end of the line is its end.
    assert_eq!(complete(&mut s, line, 999), list);

    let ci = TYPING.find("CI\n").unwrap();
    let (line, character) = enc.position(TYPING, ci + 2);
    let offices = client.items(&complete(&mut s, line, character));
    assert_eq!(offices[0]["label"], "CIAE", "{offices:?}");
    assert_eq!(
        offices[0]["textEdit"]["range"],
        enc.range(TYPING, ci, ci + 2)
    );
    let resolved = s.request("completionItem/resolve", offices[0].clone());
    let docs = resolved["result"]["documentation"]["value"]
        .as_str()
        .unwrap();
    assert!(docs.starts_with("**CIAE**: "), "{docs}");
    // An item that is not ours (another server's, or edited) comes back as it came.
    let foreign = json!({"label": "PGOV", "data": {"tags": "soon"}});
    assert_eq!(
        s.request("completionItem/resolve", foreign.clone())["result"],
        foreign
    );

    // Running text has nothing to complete; neither has a place past the end.
    let (line, character) = enc.position(TYPING, TYPING.find("MINISTER").unwrap() + 3);
    assert!(complete(&mut s, line, character).is_null());
    assert!(complete(&mut s, 999, 0).is_null());
    assert!(s.stop().success());
}

#[test]
fn folding_ranges_cover_sections_and_paragraphs_and_nest() {
    let text = fixture("lima-style.cable");
    let lines = text.lines().count() as u64;
    let (mut s, _) = Server::start(capabilities(&[]), Value::Null);
    s.open(URI, 1, &text);
    let r = s.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": URI}}),
    );
    let folds = r["result"].as_array().unwrap_or_else(|| panic!("{r}"));
    let span = |f: &Value| {
        (
            f["startLine"].as_u64().unwrap(),
            f["endLine"].as_u64().unwrap(),
        )
    };
    let mut starts = std::collections::HashSet::new();
    for f in folds {
        let (a, b) = span(f);
        assert!(a < b && b < lines, "{f}");
        assert!(starts.insert(a), "two folds start on line {a}");
    }
    for f in folds {
        for g in folds {
            let ((a, b), (c, d)) = (span(f), span(g));
            assert!(!(a < c && c <= b && b < d), "{f} and {g} cross");
        }
    }
    let kinds: Vec<&str> = folds.iter().map(|f| f["kind"].as_str().unwrap()).collect();
    for kind in ["region", "comment", "imports"] {
        assert!(kinds.contains(&kind), "no {kind} fold: {kinds:?}");
    }
    // Paragraph 2 folds from its number.
    let two = text[..text.find("\n2. ").unwrap()].lines().count() as u64;
    assert!(
        folds.iter().any(|f| span(f).0 == two),
        "no fold at paragraph 2"
    );
    assert!(s.stop().success());
}

#[test]
fn a_long_document_is_parsed_apart_and_edits_made_meanwhile_count() {
    let base = fixture("lima-style.cable");
    let copies = (1 << 20) / base.len() + 1;
    let big = base.repeat(copies);
    let (faulty, _, _) = (FAULTS[1].apply)(&big); // section-count, in the first copy
    let mut s = Server::with_open(URI, &big);
    // Typed at once, before the parse can have finished.
    s.edit(URI, 2, &big, &faulty, Enc::Utf16);
    // Until the parse is in place there is nothing to say.
    assert_eq!(s.diagnostics(URI, 1), Vec::<Value>::new());
    // Another document is served meanwhile.
    s.open("file:///small.cable", 1, &base);
    let small = s.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": "file:///small.cable"}}),
    );
    assert!(small["result"][0]["name"] == "QUITO 08812", "{small}");
    let published = s
        .wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == URI
                && m["params"]["version"] == 2
                && m["params"]["diagnostics"]
                    .as_array()
                    .is_some_and(|d| !d.is_empty())
        })
        .expect("the diagnostics of the parsed document");
    // The same diagnostics as the analysis of the final text (the copies of one cable read as
    // one cable with repeated sections, so there are many).
    let diags = published["params"]["diagnostics"].as_array().unwrap();
    let expected: Vec<&str> = crate::support::diagnose(&faulty)
        .iter()
        .map(|f| f.code)
        .collect();
    assert_eq!(codes(diags), expected);
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("SECTION 03 OF 05"),
        "{:#}",
        diags[0]
    );
    let r = s.request("cable/syntaxTree", json!({"textDocument": {"uri": URI}}));
    assert_eq!(r["result"]["parsed"], true);
    let expected = cable_grammar::dump::dump(&cable_grammar::Document::new(&faulty));
    assert!(
        r["result"]["tree"] == expected.as_str(),
        "the parse differs from the client's text"
    );
    assert!(s.stop().success());
}

/// Decodes LSP's relative token encoding into `(line, start, length, type name)`.
fn decode_tokens(data: &Value, legend: &[String]) -> Vec<(u64, u64, u64, String)> {
    let numbers: Vec<u64> = data
        .as_array()
        .expect("data")
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    let (mut line, mut start) = (0, 0);
    numbers
        .chunks(5)
        .map(|t| {
            line += t[0];
            start = if t[0] == 0 { start + t[1] } else { t[1] };
            (line, start, t[2], legend[t[3] as usize].clone())
        })
        .collect()
}

#[test]
fn semantic_tokens_colour_the_layers_in_the_negotiated_encoding() {
    let base = fixture("lima-style.cable");
    // An emoji (two UTF-16 units, four bytes) before the subject's text.
    let text = base.replacen("SUBJECT: FOREIGN", "SUBJECT: \u{1F600} FOREIGN", 1);
    let (mut s, init) = Server::start(capabilities(&["utf-16"]), Value::Null);
    let legend: Vec<String> = init["capabilities"]["semanticTokensProvider"]["legend"]
        ["tokenTypes"]
        .as_array()
        .expect("a legend")
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    s.open(URI, 1, &text);
    let full = s.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": URI}}),
    );
    let tokens = decode_tokens(&full["result"]["data"], &legend);
    let at = |needle: &str| {
        let offset = text.find(needle).unwrap();
        let (line, col) = Enc::Utf16.position(&text, offset);
        (line as u64, col as u64)
    };
    let find = |(line, col): (u64, u64)| {
        tokens
            .iter()
            .find(|t| t.0 == line && t.1 == col)
            .map(|t| (t.2, t.3.as_str()))
    };
    assert_eq!(find(at("P 141530Z MAR 93")), Some((1, "keyword")));
    assert_eq!(find(at("141530Z MAR 93\nFM")), Some((14, "number")));
    assert_eq!(find(at("PGOV, PHUM")), Some((4, "type")));
    assert_eq!(find(at("ARA-01")), Some((3, "enumMember")));
    assert_eq!(find(at("/080W")), Some((5, "number")));
    let subject = at("\u{1F600} FOREIGN");
    let subject_line = text[text.find("\u{1F600}").unwrap()..]
        .lines()
        .next()
        .unwrap();
    let units = subject_line.encode_utf16().count() as u64;
    assert_eq!(
        find(subject),
        Some((units, "string")),
        "the emoji counts two units"
    );
    // Tokens never overlap and come in order.
    for w in tokens.windows(2) {
        assert!(
            (w[0].0, w[0].1 + w[0].2) <= (w[1].0, w[1].1),
            "{:?} then {:?}",
            w[0],
            w[1]
        );
    }
    // A range answers the same tokens as the full request for its lines.
    let (from, to) = (40u64, 60u64);
    let range = s.request(
        "textDocument/semanticTokens/range",
        json!({"textDocument": {"uri": URI},
               "range": {"start": {"line": from, "character": 0}, "end": {"line": to, "character": 0}}}),
    );
    let in_range: Vec<_> = tokens
        .iter()
        .filter(|t| (from..=to).contains(&t.0))
        .cloned()
        .collect();
    assert!(!in_range.is_empty());
    assert_eq!(decode_tokens(&range["result"]["data"], &legend), in_range);
    assert!(s.stop().success());
}
