//! Edits the server could not read. A `didChange` or `didOpen` whose body is no JSON even
//! after repair, or whose parameters do not read, would otherwise be dropped, and the server's
//! text would silently differ from the editor's from then on. When the document it names can
//! be made out, the transport hands the server a `$/cable/lostChange` notification in its
//! place, in arrival order, and the document is marked out of sync until a whole text comes.

use std::str::FromStr;

use serde::Deserialize;
use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::Request;
use tower_lsp_server::ls_types::{Range, Uri, VersionedTextDocumentIdentifier};

pub const METHOD: &str = "$/cable/lostChange";

/// The methods whose loss leaves the server with another text than the editor's.
const EDITS: [&str; 2] = ["textDocument/didChange", "textDocument/didOpen"];

/// The parameters of [`METHOD`].
#[derive(Debug, Deserialize)]
pub struct LostChange {
    pub uri: Uri,
    /// The method that was lost.
    pub method: String,
}

/// The shapes of the edits' parameters, read without copying their texts (a full-text change
/// may be megabytes, and the router reads it once more anyway).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChangeParams<'a> {
    #[serde(rename = "textDocument")]
    _document: VersionedTextDocumentIdentifier,
    #[serde(borrow, rename = "contentChanges")]
    _changes: Vec<ChangeEvent<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChangeEvent<'a> {
    #[serde(rename = "range")]
    _range: Option<Range>,
    #[serde(rename = "rangeLength")]
    _range_length: Option<u32>,
    #[serde(borrow, rename = "text")]
    _text: &'a str,
}

#[derive(Deserialize)]
struct OpenParams<'a> {
    #[serde(borrow, rename = "textDocument")]
    _document: OpenDocument<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OpenDocument<'a> {
    #[serde(rename = "uri")]
    _uri: Uri,
    #[serde(borrow, rename = "languageId")]
    _language: &'a str,
    #[serde(rename = "version")]
    _version: i32,
    #[serde(borrow, rename = "text")]
    _text: &'a str,
}

/// `req`, or the lost change in its place when it is an edit whose parameters do not read
/// but name a document.
pub fn check(req: Request) -> Request {
    let params = req.params();
    let readable = match req.method() {
        "textDocument/didChange" => params.is_some_and(|p| ChangeParams::deserialize(p).is_ok()),
        "textDocument/didOpen" => params.is_some_and(|p| OpenParams::deserialize(p).is_ok()),
        _ => true,
    };
    if readable {
        return req;
    }
    let uri = params
        .and_then(|p| p.pointer("/textDocument/uri"))
        .and_then(Value::as_str)
        .and_then(|u| Uri::from_str(u).ok());
    match uri {
        Some(uri) => lost(req.method(), &uri),
        None => req,
    }
}

/// The lost change for a body that is no JSON message at all, when a lenient look finds an
/// edit's method and the document's `uri` in it.
pub fn unreadable(body: &[u8]) -> Option<Request> {
    let method = string_after(body, b"\"method\"")?;
    let method = EDITS.into_iter().find(|m| *m == method)?;
    let uri = Uri::from_str(&string_after(body, b"\"uri\"")?).ok()?;
    Some(lost(method, &uri))
}

fn lost(method: &str, uri: &Uri) -> Request {
    tracing::error!("{method} for {} could not be read", uri.as_str());
    Request::build(METHOD)
        .params(json!({"uri": uri, "method": method}))
        .finish()
}

/// The JSON string after the first occurrence of `key` that is followed by `:` and a string
/// which reads. Inside a JSON string a quote is escaped, so `"key"` followed by `:` is a key.
fn string_after(body: &[u8], key: &[u8]) -> Option<String> {
    let skip_blank = |mut i: usize| {
        while body.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let mut from = 0;
    while let Some(at) = find(&body[from..], key).map(|i| i + from) {
        from = at + key.len();
        let colon = skip_blank(from);
        if body.get(colon) != Some(&b':') {
            continue;
        }
        let start = skip_blank(colon + 1);
        if body.get(start) != Some(&b'"') {
            continue;
        }
        let mut end = start + 1;
        while end < body.len() && body[end] != b'"' {
            end += if body[end] == b'\\' { 2 } else { 1 };
        }
        if let Some(s) = body
            .get(start..=end)
            .and_then(|s| serde_json::from_slice::<String>(s).ok())
        {
            return Some(s);
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lost_uri(req: &Request) -> Option<(String, String)> {
        (req.method() == METHOD).then(|| {
            let p = req.params().unwrap();
            (
                p["uri"].as_str().unwrap().to_string(),
                p["method"].as_str().unwrap().to_string(),
            )
        })
    }

    fn request(v: Value) -> Request {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn edits_whose_parameters_do_not_read_are_lost_changes() {
        let change = |params: Value| {
            lost_uri(&check(request(json!({"jsonrpc": "2.0",
                "method": "textDocument/didChange", "params": params}))))
        };
        let good = json!({"textDocument": {"uri": "file:///a", "version": 2},
            "contentChanges": [{"text": "x"}, {"range": {"start": {"line": 0, "character": 0},
                "end": {"line": 0, "character": 1}}, "rangeLength": 1, "text": "é"}]});
        assert_eq!(change(good), None);
        let expected = Some((
            "file:///a".to_string(),
            "textDocument/didChange".to_string(),
        ));
        for bad in [
            json!({"textDocument": {"uri": "file:///a"}, "contentChanges": []}),
            json!({"textDocument": {"uri": "file:///a", "version": 2}, "contentChanges": [{"text": 3}]}),
            json!({"textDocument": {"uri": "file:///a", "version": 2}, "contentChanges": [{"range":
                {"start": {"line": -1, "character": 0}, "end": {"line": 0, "character": 0}}, "text": ""}]}),
        ] {
            assert_eq!(change(bad.clone()), expected, "{bad}");
        }
        // Nothing names a document: left to the router, which drops it.
        for nameless in [json!(null), json!([1, 2]), json!({"textDocument": "x"})] {
            assert_eq!(change(nameless), None);
        }
        let open = lost_uri(&check(request(json!({"jsonrpc": "2.0",
            "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///b"}}}))));
        assert_eq!(open.unwrap().1, "textDocument/didOpen");
        let hover = request(
            json!({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover",
            "params": null}),
        );
        assert_eq!(check(hover).method(), "textDocument/hover");
    }

    #[test]
    fn an_unreadable_body_is_read_leniently_for_its_document() {
        let body = b"{\"jsonrpc\":\"2.0\",\"method\" : \"textDocument/didChange\",\"params\":\
            {\"textDocument\":{\"uri\":\"file:///q%20r.cable\",\"version\":3},\
            \"contentChanges\":[{\"text\":\"\\\"uri\\\": \xff\xfe\"}]}}";
        let req = unreadable(body).expect("recognised");
        assert_eq!(
            lost_uri(&req),
            Some((
                "file:///q%20r.cable".to_string(),
                "textDocument/didChange".to_string()
            ))
        );
        // Text that only mentions a uri key, and other methods, are not edits.
        assert!(
            unreadable(b"{\"method\":\"textDocument/hover\",\"uri\":\"file:///a\"\xff").is_none()
        );
        assert!(unreadable(
            b"{\"method\":\"textDocument/didChange\",\"text\":\"\\\"uri\\\":\\\"x\\\"\xff"
        )
        .is_none());
        assert!(unreadable(b"\xff").is_none());
    }
}
