//! `check --format github`: one GitHub Actions workflow command per diagnostic
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), which the runner
//! turns into an annotation on the file's line. The runner reads `%`, CR and LF escaped in
//! the message, and `:` and `,` escaped too in the properties (whose values they would end).
//!
//! GitHub documents columns as numbers "starting at 1" without saying what they count; they
//! are Unicode scalar values here, as in the other formats. Columns are given only when the
//! range starts and ends on one line: GitHub takes them on one line only. `endColumn` is that
//! of the last character, as GitHub's end column defaults to the start column.

use super::escape;
use crate::analysis::{Diagnostic, Severity};
use crate::position::LineIndex;

/// The `file` property of every annotation of one file, escaped once.
pub fn file_property(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    push_property(&mut out, path);
    out
}

/// One workflow command, without its line end. `file` is [`file_property`] of `path`.
pub fn annotation(out: &mut String, path: &str, file: &str, index: &LineIndex<'_>, d: &Diagnostic) {
    let (line, col) = index.line_col(d.range.start);
    let (end_line, end_col) = index.line_col(d.range.end.max(d.range.start));
    out.push_str("::");
    out.push_str(command(d.severity));
    out.push_str(" file=");
    out.push_str(file);
    let number = |out: &mut String, key: &str, n: usize| {
        out.push_str(key);
        out.push_str(itoa::Buffer::new().format(n + 1));
    };
    let one_line = line == end_line;
    number(out, ",line=", line);
    if one_line {
        number(out, ",col=", col);
    }
    number(out, ",endLine=", end_line);
    if one_line {
        number(out, ",endColumn=", end_col.saturating_sub(1).max(col));
    }
    out.push_str(",title=cable-ls (");
    // Code names are lowercase words and hyphens: nothing to escape.
    out.push_str(d.code.name());
    out.push_str(")::");
    push_data(out, &escape::visible(&d.message));
    // Related places are lines of the message: an annotation has one place.
    for r in &d.related {
        let (l, c) = index.line_col(r.range.start);
        let note = format!(
            "\n{} ({path}:{}:{})",
            escape::visible(&r.message),
            l + 1,
            c + 1
        );
        push_data(out, &note);
    }
}

/// Information and hints are notices: GitHub has no fourth level.
fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "notice",
    }
}

/// A message: what the runner would read as a line end or an escape is escaped.
fn push_data(out: &mut String, s: &str) {
    push_escaped(out, s, false);
}

/// A property value: also what would end the value (`,`) or the properties (`:`).
fn push_property(out: &mut String, s: &str) {
    push_escaped(out, s, true);
}

fn push_escaped(out: &mut String, s: &str, property: bool) {
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Code;
    use cable_grammar::TextRange;

    #[test]
    fn properties_and_messages_are_escaped_as_the_runner_reads_them() {
        let mut p = String::new();
        push_property(&mut p, "50%, a:b\r\nc.cable");
        assert_eq!(p, "50%25%2C a%3Ab%0D%0Ac.cable");
        let mut m = String::new();
        push_data(&mut m, "50%, a:b\r\nc");
        assert_eq!(m, "50%25, a:b%0D%0Ac");
    }

    #[test]
    fn severities_map_onto_the_three_commands() {
        let text = "TAGS: PGOV, ZZ\n";
        let index = LineIndex::new(text);
        let mut d = Diagnostic::new(Code::UnknownTag, TextRange::new(12, 14), "`ZZ`");
        let mut got = Vec::new();
        for s in [
            Severity::Error,
            Severity::Warning,
            Severity::Information,
            Severity::Hint,
        ] {
            d.severity = s;
            let mut out = String::new();
            annotation(&mut out, "t.cable", "t.cable", &index, &d);
            got.push(out);
        }
        let head = |c: &str| {
            format!("::{c} file=t.cable,line=1,col=13,endLine=1,endColumn=14,title=cable-ls (unknown-tag)::`ZZ`")
        };
        assert_eq!(
            got,
            [
                head("error"),
                head("warning"),
                head("notice"),
                head("notice")
            ]
        );
    }

    #[test]
    fn a_range_over_lines_has_no_columns_and_an_empty_one_its_start() {
        let text = "ACTION ARA-01\nINFO LOG-00 /099W\n";
        let index = LineIndex::new(text);
        let d = Diagnostic::new(Code::RoutingTotal, TextRange::new(7, 30), "total");
        let mut out = String::new();
        annotation(&mut out, "t", "t", &index, &d);
        assert!(
            out.starts_with("::error file=t,line=1,endLine=2,title="),
            "{out}"
        );
        let d = Diagnostic::new(Code::Encoding, TextRange::new(0, 0), "read as UTF-16 LE");
        out.clear();
        annotation(&mut out, "t", "t", &index, &d);
        assert!(
            out.starts_with("::warning file=t,line=1,col=1,endLine=1,endColumn=1,"),
            "{out}"
        );
    }
}
