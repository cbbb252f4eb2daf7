//! A readable text rendering of the parse: one line per source line with its role, preceded by
//! the cable and section structure. Used by `cable/syntaxTree`, by tests that compare the
//! server's view with the editor's, and when debugging the grammar.

use std::fmt::Write;

use crate::document::Document;
use crate::line::strip_terminator;
use crate::syntax::Role;

pub fn dump(doc: &Document) -> String {
    let mut out = String::new();
    let rope = doc.rope();
    for placed in doc.placed() {
        let c = placed.cable;
        let name =
            c.id.as_ref()
                .map(|id| format!("{} {}", id.post, id.serial))
                .unwrap_or_default();
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
        for p in &c.paragraphs {
            let _ = writeln!(
                out,
                "  PARAGRAPH {} lines {}..{}",
                p.number.value,
                placed.start_line + p.line as usize + 1,
                placed.start_line + p.last_line as usize + 1
            );
        }
        for (i, role) in c.roles.iter().enumerate() {
            let abs = placed.start_line + i;
            let text = rope.line(abs).to_string();
            let _ = writeln!(
                out,
                "{:>6} {:<13} {}",
                abs + 1,
                role_name(*role),
                strip_terminator(&text)
            );
        }
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
