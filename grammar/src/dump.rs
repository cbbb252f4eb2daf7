//! A readable text rendering of the parse: one line per source line with its role, preceded by
//! the cable and section structure. Used by `cable/syntaxTree`, by tests that compare the
//! server's view with the editor's, and when debugging the grammar.

use std::fmt::Write;

use crate::caption;
use crate::document::Document;
use crate::envelope;
use crate::line::strip_terminator;
use crate::line::{Field, LineKind};
use crate::syntax::{QuoteMarker, Role};

pub fn dump(doc: &Document) -> String {
    let mut out = String::new();
    let rope = doc.rope();
    for placed in doc.placed() {
        let c = placed.cable;
        let name = c.id.as_ref().map(|id| id.name()).unwrap_or_default();
        let _ = writeln!(
            out,
            "CABLE {} {:?} lines {}..{} bytes {}..{}",
            placed.index,
            name,
            placed.start_line + 1,
            placed.start_line + c.line_count(),
            placed.start_byte,
            placed.start_byte + c.len
        );
        for (si, s) in c.sections.iter().enumerate() {
            let decl = s
                .declared()
                .map(|d| format!(" declared {:02} OF {:02}", d.number, d.total))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  SECTION {}{} lines {}..{}{}",
                si + 1,
                decl,
                placed.start_line + s.first_line as usize + 1,
                placed.start_line + s.end_line as usize,
                if s.terminator.is_some() { " NNNN" } else { "" }
            );
        }
        for (qi, q) in c.quotes.iter().enumerate() {
            let marker = |m: &QuoteMarker| {
                let line = rope.line(placed.start_line + m.line as usize).to_string();
                format!("`{}`", m.span.text(strip_terminator(&line)))
            };
            let close = q.close.as_ref().map_or("none".to_string(), marker);
            let parent = in_quote(q.parent);
            let _ = writeln!(
                out,
                "  QUOTE {qi} lines {}..{} open {} close {close} end {:?} numbering {:?}{parent}",
                placed.start_line + q.open.line as usize + 1,
                placed.start_line + q.last_line as usize + 1,
                marker(&q.open),
                q.end,
                q.numbering,
            );
        }
        for p in &c.paragraphs {
            let quote = in_quote(p.quote);
            let _ = writeln!(
                out,
                "  PARAGRAPH {} lines {}..{}{quote}",
                p.number.value,
                placed.start_line + p.line as usize + 1,
                placed.start_line + p.last_line as usize + 1
            );
        }
        for (i, role) in c.roles.iter().enumerate() {
            let abs = placed.start_line + i;
            let text = rope.line(abs).to_string();
            let content = strip_terminator(&text);
            let _ = writeln!(
                out,
                "{:>6} {:<13} {}{}",
                abs + 1,
                role_name(*role),
                content,
                fields(*role, &c.lines[i].kind, content)
            );
            if let Some(cl) = c.caption_at(i as u32).filter(|_| *role != Role::Caption) {
                let _ = writeln!(
                    out,
                    "{:>6} {:<13} {}",
                    "",
                    "+ caption",
                    cl.class
                        .span
                        .cover(cl.serial.map_or(cl.class.span, |s| s.span))
                        .text(content)
                );
            }
        }
    }
    out
}

fn in_quote(quote: Option<u32>) -> String {
    quote.map(|q| format!(" in quote {q}")).unwrap_or_default()
}

/// The fields the grammar reads from caption lines, as `  # name=value` after the line.
fn fields(role: Role, kind: &LineKind, line: &str) -> String {
    let mut out = String::new();
    match (role, kind) {
        (Role::ExecutiveOrder, _) => {
            let eo = caption::executive_order(line);
            if let Some(o) = eo.order {
                let _ = write!(out, "  # order={}", o.value);
            }
            if let Some(i) = eo.instruction {
                let _ = write!(out, " instruction={}", i.text(line));
            }
        }
        (Role::Reference, _) => {
            let items: Vec<String> = caption::reference_items(line)
                .iter()
                .map(|r| r.text.text(line).to_string())
                .collect();
            if !items.is_empty() {
                let _ = write!(out, "  # refs={}", items.join(" | "));
            }
        }
        (Role::Envelope, LineKind::StationLine) => {
            let st = envelope::station_line(line);
            if let Some(x) = st.station {
                let _ = write!(out, "  # station={}", x.text(line));
            }
            if let Some(x) = st.serial {
                let _ = write!(out, " serial={}", x.value);
            }
            if let Some(x) = st.section {
                let _ = write!(out, " section={}", x.value);
            }
            if let Some(Field {
                value: (d, h, m), ..
            }) = st.filed
            {
                let _ = write!(out, " filed=day {d} {h:02}:{m:02}");
            }
        }
        (Role::Envelope, LineKind::SecurityWarning) => {
            if let Some(c) = envelope::security_warning(line) {
                let _ = write!(out, "  # classification={}", c.value.name());
            }
        }
        (Role::Tags, LineKind::Tags(t)) => {
            let entries: Vec<&str> = t.entries.iter().map(|e| e.text(line)).collect();
            let _ = write!(out, "  # tags={}", entries.join(" | "));
        }
        _ => {}
    }
    out
}

pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Blank => "blank",
        Role::Envelope => "envelope",
        Role::PageHeader => "page-header",
        Role::Banner => "banner",
        Role::Routing => "routing",
        Role::DashLine => "dash-line",
        Role::Precedence => "precedence",
        Role::From => "from",
        Role::Addressee => "addressee",
        Role::HeaderText => "header-text",
        Role::Caption => "caption",
        Role::Handling => "handling",
        Role::Passing => "passing",
        Role::ExecutiveOrder => "eo",
        Role::Tags => "tags",
        Role::Subject => "subject",
        Role::Reference => "ref",
        Role::ClassifiedBy => "classified-by",
        Role::SectionBreak => "section-break",
        Role::Paragraph => "paragraph",
        Role::Body => "body",
        Role::Heading => "heading",
        Role::Underline => "underline",
        Role::Signature => "signature",
        Role::Stamp => "stamp",
        Role::Terminator => "terminator",
    }
}
