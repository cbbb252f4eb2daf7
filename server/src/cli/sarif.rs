//! `check --format sarif`: one SARIF 2.1.0 log, for code scanning. The rules come from the
//! `codes!` table; each diagnostic is a result with its place and related places; files that
//! could not be read are the invocation's notifications. Columns count UTF-16 code units (the
//! run says so in `columnKind`), SARIF's default and what GitHub's code scanning reads.
//!
//! The log is written as it goes, a result per line: a folder of cables can hold a hundred
//! thousand findings, and a document in memory would hold them all.

use std::path::Path;

use serde::Serialize;

use super::uri;
use crate::analysis::{Code, Diagnostic, Severity};
use crate::position::{LineIndex, Unit};

/// The schema the log declares: the OASIS standard's own, as published with SARIF 2.1.0.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Everything before the first result.
pub fn head() -> String {
    let driver = Driver {
        name: "cable-ls",
        version: env!("CARGO_PKG_VERSION"),
        information_uri: crate::address::repository(),
        rules: Code::ALL.iter().map(|&c| Rule::of(c)).collect(),
    };
    let mut out = String::from("{\"$schema\":");
    out.push_str(&json(&SCHEMA));
    out.push_str(",\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":");
    out.push_str(&json(&driver));
    out.push_str("},\n\"columnKind\":\"utf16CodeUnits\",\"results\":[");
    out
}

/// The location of a file's results, made once per file.
pub fn artifact(path: &Path) -> Artifact {
    let (uri, relative) = uri::of(path);
    Artifact {
        uri,
        uri_base_id: relative.then_some("%SRCROOT%"),
    }
}

/// One result, on a line of its own. `artifact` is [`artifact`] of its file; `first` is
/// true for the log's first result (no comma before it).
pub fn result(
    out: &mut String,
    first: bool,
    artifact: &Artifact,
    index: &LineIndex<'_>,
    d: &Diagnostic,
) {
    let place = |range| Place {
        artifact_location: artifact,
        region: Region::of(index, range),
    };
    let related: Vec<_> = d
        .related
        .iter()
        .enumerate()
        .map(|(id, r)| Related {
            id,
            physical_location: place(r.range),
            message: Message { text: &r.message },
        })
        .collect();
    let result = SarifResult {
        rule_id: d.code.name(),
        rule_index: rule_index(d.code),
        level: level(d.severity),
        message: Message { text: &d.message },
        locations: [Location {
            physical_location: place(d.range),
        }],
        related_locations: related,
    };
    out.push_str(if first { "\n" } else { ",\n" });
    out.push_str(&json(&result));
}

/// Everything after the last result: the invocation, with what could not be read (`errors`)
/// and what a walk passed over (`skipped`).
pub fn tail(errors: &[String], skipped: &[String]) -> String {
    let notifications: Vec<_> = errors
        .iter()
        .map(|e| Notification::new("error", e))
        .chain(skipped.iter().map(|s| Notification::new("warning", s)))
        .collect();
    let invocation = Invocation {
        execution_successful: errors.is_empty(),
        tool_execution_notifications: notifications,
    };
    format!("\n],\"invocations\":[{}]}}]}}\n", json(&invocation))
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain structures serialize")
}

fn rule_index(code: Code) -> usize {
    Code::ALL
        .iter()
        .position(|&c| c == code)
        .unwrap_or_default()
}

/// SARIF has no hint level: information and hints are notes.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
}

impl Rule {
    fn of(code: Code) -> Rule {
        let help = format!("{}.\n\nExample: {}", code.finds(), code.example());
        Rule {
            id: code.name(),
            short_description: Text {
                text: code.summary(),
            },
            full_description: Text { text: code.finds() },
            help: Help {
                text: help.clone(),
                markdown: help,
            },
            help_uri: crate::address::rules_url().map(|u| format!("{u}#{}", code.name())),
            default_configuration: Configuration {
                level: level(code.default_severity()),
            },
        }
    }
}

#[derive(Serialize)]
struct Text {
    text: &'static str,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

/// An `artifactLocation`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Artifact {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Message<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Related<'a>>,
}

#[derive(Serialize)]
struct Message<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: Place<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Related<'a> {
    id: usize,
    physical_location: Place<'a>,
    message: Message<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Place<'a> {
    artifact_location: &'a Artifact,
    region: Region,
}

/// 1-based lines and UTF-16 columns; the end column is that after the last character.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

impl Region {
    fn of(index: &LineIndex<'_>, range: cable_grammar::TextRange) -> Region {
        let (line, col) = index.line_column(range.start, Unit::Utf16);
        let (end_line, end_col) = index.line_column(range.end.max(range.start), Unit::Utf16);
        Region {
            start_line: line + 1,
            start_column: col + 1,
            end_line: end_line + 1,
            end_column: end_col + 1,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Message<'a>,
}

impl<'a> Notification<'a> {
    fn new(level: &'static str, text: &'a str) -> Notification<'a> {
        Notification {
            level,
            message: Message { text },
        }
    }
}
