//! `cable-ls export`: every cable's metadata as JSON, JSON Lines or CSV (one record per cable,
//! `server/schema/export.schema.json`), or the reference graph as GraphML.
//!
//! A reference is `resolved` when the cable it cites is among the exported ones, so the
//! records are made first and written once all are known.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use cable_grammar::syntax::Role;
use cable_grammar::Document;
use serde_json::{json, Value};

use super::input;
use crate::analysis::record::{record, Record};
use crate::analysis::CableText;
use crate::position::LineIndex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    JsonLines,
    Csv,
    GraphMl,
}

impl ExportFormat {
    pub fn parse(v: &str) -> Result<ExportFormat, String> {
        match v {
            "json" => Ok(ExportFormat::Json),
            "jsonl" => Ok(ExportFormat::JsonLines),
            "csv" => Ok(ExportFormat::Csv),
            "graphml" => Ok(ExportFormat::GraphMl),
            other => Err(format!(
                "unknown export format `{other}`: expected json, jsonl, csv or graphml"
            )),
        }
    }
}

/// A record placed in its file: 1-based document lines.
struct Placed {
    file: String,
    line_offset: u32,
    record: Record,
}

pub fn run(paths: &[PathBuf], format: ExportFormat, no_ignore: bool) -> i32 {
    let collected = input::collect(paths, no_ignore);
    let mut errors = collected.errors;
    let mut placed = Vec::new();
    for path in &collected.files {
        let src = match input::read(path) {
            Ok(s) => s,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let text = src.text();
        let doc = Document::new(text);
        let index = LineIndex::new(text);
        let file = path.display().to_string();
        for p in doc.placed() {
            if p.cable.roles.iter().all(|r| *r == Role::Blank) {
                continue;
            }
            let ct = CableText {
                cable: p.cable,
                text: &text[p.start_byte..p.start_byte + p.cable.len],
            };
            placed.push(Placed {
                file: file.clone(),
                line_offset: index.line_col(p.start_byte).0 as u32,
                record: record(&ct),
            });
        }
    }
    let present: HashSet<&str> = placed
        .iter()
        .filter_map(|p| p.record.canonical_id.as_deref())
        .collect();
    let out = match format {
        ExportFormat::Json => {
            let all: Vec<Value> = placed.iter().map(|p| to_json(p, &present)).collect();
            format!("{}\n", Value::Array(all))
        }
        ExportFormat::JsonLines => placed
            .iter()
            .map(|p| format!("{}\n", to_json(p, &present)))
            .collect(),
        ExportFormat::Csv => csv(&placed, &present),
        ExportFormat::GraphMl => graphml(&placed),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes());
    for e in &errors {
        super::say_err(&format!("cable-ls: {e}\n"));
    }
    if errors.is_empty() {
        0
    } else {
        2
    }
}

fn to_json(p: &Placed, present: &HashSet<&str>) -> Value {
    let r = &p.record;
    let line = |l: u32| l + p.line_offset + 1;
    json!({
        "id": r.id,
        "canonical_id": r.canonical_id,
        "file": p.file,
        "first_line": line(r.first_line),
        "last_line": line(r.last_line),
        "post": r.post,
        "serial": r.serial,
        "dtg": r.dtg,
        "date": r.date,
        "precedence": r.precedence.as_ref().map(|pr| json!({"letters": pr.letters, "name": pr.name})),
        "classification": r.classification,
        "handling": r.handling,
        "from": r.from,
        "to": r.to,
        "info": r.info,
        "tags": r.tags.iter().map(|t| json!({"code": t.code, "kind": t.kind})).collect::<Vec<_>>(),
        "subject": r.subject,
        "references": r.references.iter().map(|x| json!({
            "line": line(x.line),
            "label": x.label.map(String::from),
            "place": x.place,
            "printed": x.printed,
            "kind": x.kind,
            "canonical_id": x.canonical_id,
            "item": x.item.map(String::from),
            "lookalike": x.lookalike,
            "resolved": x.canonical_id.as_deref().is_some_and(|id| present.contains(id)),
        })).collect::<Vec<_>>(),
        "executive_order": r.executive_order,
        "declassification": r.declassification,
        "sections": r.sections.iter().map(|s| json!({
            "number": s.number,
            "total": s.total,
            "first_line": line(s.first_line),
            "last_line": line(s.last_line),
        })).collect::<Vec<_>>(),
        "paragraphs": r.paragraphs.iter().map(|x| json!({
            "number": x.number,
            "line": line(x.line),
            "heading": x.heading,
            "quoted": x.quoted,
        })).collect::<Vec<_>>(),
        "signature": r.signature,
        "release": {
            "case_number": r.release.case_number,
            "status": r.release.status,
            "exemptions": r.release.exemptions,
            "review_dates": r.release.review_dates,
            "stamps": r.release.stamps,
        },
    })
}

/// The columns of the CSV export, each with how a record fills it. Lists are joined with
/// `; `.
const CSV_COLUMNS: &[&str] = &[
    "id",
    "canonical_id",
    "file",
    "first_line",
    "last_line",
    "post",
    "serial",
    "dtg",
    "date",
    "precedence",
    "classification",
    "handling",
    "from",
    "to",
    "info",
    "tags",
    "subject",
    "references",
    "references_resolved",
    "executive_order",
    "declassification",
    "sections",
    "paragraphs",
    "signature",
    "case_number",
    "release_status",
    "exemptions",
    "review_dates",
];

fn csv(placed: &[Placed], present: &HashSet<&str>) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for p in placed {
        let r = &p.record;
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let num = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
        let cited: Vec<String> = r
            .references
            .iter()
            .filter(|x| x.place == "ref-list")
            .map(|x| x.canonical_id.clone().unwrap_or_else(|| x.printed.clone()))
            .collect();
        let mut resolved: Vec<String> = Vec::new();
        for id in r.references.iter().filter_map(|x| x.canonical_id.as_ref()) {
            if present.contains(id.as_str()) && !resolved.contains(id) {
                resolved.push(id.clone());
            }
        }
        let fields = [
            opt(&r.id),
            opt(&r.canonical_id),
            p.file.clone(),
            (r.first_line + p.line_offset + 1).to_string(),
            (r.last_line + p.line_offset + 1).to_string(),
            opt(&r.post),
            num(r.serial),
            opt(&r.dtg),
            opt(&r.date),
            r.precedence
                .as_ref()
                .map(|pr| pr.name.unwrap_or(&pr.letters).to_string())
                .unwrap_or_default(),
            opt(&r.classification),
            r.handling.join("; "),
            opt(&r.from),
            r.to.join("; "),
            r.info.join("; "),
            r.tags
                .iter()
                .map(|t| t.code.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            opt(&r.subject),
            cited.join("; "),
            resolved.join("; "),
            num(r.executive_order),
            opt(&r.declassification),
            r.sections.len().to_string(),
            r.paragraphs.len().to_string(),
            opt(&r.signature),
            opt(&r.release.case_number),
            opt(&r.release.status),
            r.release.exemptions.join("; "),
            r.release.review_dates.join("; "),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// RFC 4180: a field holding a comma, quote or line break is quoted, quotes doubled.
fn csv_field(f: &str) -> String {
    if f.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f.to_string()
    }
}

/// The reference graph: a node per cable (exported, or only cited), an edge from each cable to
/// each cable it cites (once, however often it cites it; `REF A` in the text adds none: item A
/// is the edge). Cables without a canonical id
/// are named by file and line.
fn graphml(placed: &[Placed]) -> String {
    struct Node {
        present: bool,
        date: String,
        subject: String,
        classification: String,
        file: String,
    }
    let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
    let mut edges: Vec<(String, String, String)> = Vec::new();
    let name = |p: &Placed| {
        p.record
            .canonical_id
            .clone()
            .unwrap_or_else(|| format!("{}:{}", p.file, p.line_offset + 1))
    };
    for p in placed {
        let r = &p.record;
        nodes.insert(
            name(p),
            Node {
                present: true,
                date: r.date.clone().unwrap_or_default(),
                subject: r.subject.clone().unwrap_or_default(),
                classification: r.classification.clone().unwrap_or_default(),
                file: p.file.clone(),
            },
        );
    }
    for p in placed {
        for x in p.record.references.iter().filter(|x| x.kind == "cable") {
            let Some(id) = &x.canonical_id else { continue };
            nodes.entry(id.clone()).or_insert(Node {
                present: false,
                date: String::new(),
                subject: String::new(),
                classification: String::new(),
                file: String::new(),
            });
            // A cable cited twice (in the list and in the text) is one edge.
            let from = name(p);
            if !edges.iter().any(|(f, t, _)| *f == from && t == id) {
                edges.push((from, id.clone(), x.printed.clone()));
            }
        }
    }
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" ",
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns ",
        "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
        "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n",
        "  <key id=\"present\" for=\"node\" attr.name=\"present\" attr.type=\"boolean\"/>\n",
        "  <key id=\"date\" for=\"node\" attr.name=\"date\" attr.type=\"string\"/>\n",
        "  <key id=\"subject\" for=\"node\" attr.name=\"subject\" attr.type=\"string\"/>\n",
        "  <key id=\"classification\" for=\"node\" attr.name=\"classification\" attr.type=\"string\"/>\n",
        "  <key id=\"file\" for=\"node\" attr.name=\"file\" attr.type=\"string\"/>\n",
        "  <key id=\"printed\" for=\"edge\" attr.name=\"printed\" attr.type=\"string\"/>\n",
        "  <graph id=\"references\" edgedefault=\"directed\">\n",
    ));
    for (id, n) in &nodes {
        let _ = writeln!(out, "    <node id=\"{}\">", xml(id));
        let _ = writeln!(out, "      <data key=\"label\">{}</data>", xml(id));
        let _ = writeln!(out, "      <data key=\"present\">{}</data>", n.present);
        for (key, v) in [
            ("date", &n.date),
            ("subject", &n.subject),
            ("classification", &n.classification),
            ("file", &n.file),
        ] {
            if !v.is_empty() {
                let _ = writeln!(out, "      <data key=\"{key}\">{}</data>", xml(v));
            }
        }
        out.push_str("    </node>\n");
    }
    for (k, (from, to, printed)) in edges.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <edge id=\"e{k}\" source=\"{}\" target=\"{}\"><data key=\"printed\">{}</data></edge>",
            xml(from),
            xml(to),
            xml(printed)
        );
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// Text for XML content and attributes; characters XML 1.0 cannot hold are left out.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}
