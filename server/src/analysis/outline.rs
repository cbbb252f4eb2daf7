//! The outline: per cable a root symbol (`LIMA 14540`, the subject as detail), under it the
//! header, the unnumbered headings grouping the paragraphs that follow them, and every
//! numbered paragraph named by its number and first words.

use cable_grammar::syntax::{Cable, Role};
use cable_grammar::{Document, TextRange};

use super::CableText;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Cable,
    Header,
    Heading,
    Paragraph,
}

impl SymbolKind {
    pub fn name(self) -> &'static str {
        match self {
            SymbolKind::Cable => "cable",
            SymbolKind::Header => "header",
            SymbolKind::Heading => "heading",
            SymbolKind::Paragraph => "paragraph",
        }
    }
}

/// A symbol in absolute byte offsets; `selection` always lies inside `range`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub range: TextRange,
    pub selection: TextRange,
    pub children: Vec<Symbol>,
}

const NAME_WORDS: usize = 6;

pub fn outline(doc: &Document, text: &str) -> Vec<Symbol> {
    let mut out = Vec::new();
    for placed in doc.placed() {
        let c = placed.cable;
        let cable_text = text
            .get(placed.start_byte..placed.start_byte + c.len)
            .unwrap_or("");
        let ct = CableText {
            cable: c,
            text: cable_text,
        };
        if let Some(sym) = cable_symbol(&ct) {
            out.push(sym.shifted(placed.start_byte));
        }
    }
    out
}

impl Symbol {
    /// The symbol moved by `by` bytes, as from cable-relative to absolute offsets.
    pub fn shifted(mut self, by: usize) -> Symbol {
        self.range = self.range.shift(by);
        self.selection = self.selection.shift(by);
        self.children = self.children.into_iter().map(|c| c.shifted(by)).collect();
        self
    }
}

fn content_lines(c: &Cable) -> Option<(u32, u32)> {
    let is_content = |r: &Role| !matches!(r, Role::Blank);
    let first = c.roles.iter().position(is_content)? as u32;
    let last = c.roles.iter().rposition(is_content)? as u32;
    Some((first, last))
}

/// The outline of one cable in cable-relative offsets; `None` for a cable of blank lines.
pub fn cable_symbol(ct: &CableText<'_>) -> Option<Symbol> {
    let c = ct.cable;
    let (first, last) = content_lines(c)?;
    let range = c.lines_range(first, last);
    let name =
        c.id.as_ref()
            .map(|id| id.name())
            .unwrap_or_else(|| "cable".into());
    let name_line = c
        .sections
        .first()
        .and_then(|s| s.caption.or(s.pages.first().map(|p| p.line)))
        .unwrap_or(first);
    let detail = subject(ct);
    let mut children = Vec::new();

    let body_start = c
        .roles
        .iter()
        .position(|r| matches!(r, Role::Paragraph | Role::Heading | Role::Body))
        .map(|i| i as u32);
    let header_end = body_start.unwrap_or(last + 1);
    if let Some(h_last) = (first..header_end)
        .rev()
        .find(|&l| c.roles[l as usize] != Role::Blank)
    {
        let h_range = c.lines_range(first, h_last);
        children.push(Symbol {
            name: "header".into(),
            detail: None,
            kind: SymbolKind::Header,
            range: h_range,
            selection: ct.trimmed_line_range(name_line.clamp(first, h_last)),
            children: Vec::new(),
        });
    }
    for (heading, paragraphs) in c.paragraph_groups() {
        let para_syms: Vec<Symbol> = paragraphs
            .iter()
            .map(|&i| paragraph_symbol(ct, i))
            .collect();
        match heading {
            None => children.extend(para_syms),
            Some(h) => {
                let line = c.headings[h].line;
                let sel = ct.trimmed_line_range(line);
                let end = para_syms.last().map(|p| p.range.end).unwrap_or(sel.end);
                children.push(Symbol {
                    name: ct.line(line).trim().to_string(),
                    detail: None,
                    kind: SymbolKind::Heading,
                    range: TextRange::new(sel.start, end),
                    selection: sel,
                    children: para_syms,
                });
            }
        }
    }
    let selection = ct.trimmed_line_range(name_line);
    Some(Symbol {
        name,
        detail,
        kind: SymbolKind::Cable,
        range,
        selection,
        children,
    })
}

fn subject(ct: &CableText<'_>) -> Option<String> {
    let lines = &ct.cable.subject_lines;
    let first = *lines.first()?;
    let mut text = ct.line(first).trim().to_string();
    for &l in &lines[1..] {
        text.push(' ');
        text.push_str(ct.line(l).trim());
    }
    let text = text
        .split_once(':')
        .map(|(_, rest)| rest.trim().to_string())
        .unwrap_or(text);
    Some(text.trim_end_matches(',').to_string())
}

fn paragraph_symbol(ct: &CableText<'_>, i: usize) -> Symbol {
    let c = ct.cable;
    let p = &c.paragraphs[i];
    let line = ct.line(p.line);
    let after_number = &line[(p.number.span.end as usize).min(line.len())..];
    let after_mark = match p.mark {
        Some(m) => &line[(m.end as usize).min(line.len())..],
        None => after_number,
    };
    let words: Vec<&str> = after_mark.split_whitespace().collect();
    let mut name = format!(
        "{}. {}",
        p.number.value,
        words[..words.len().min(NAME_WORDS)].join(" ")
    );
    if words.len() > NAME_WORDS {
        name.push('…');
    }
    let sel = ct.range(p.line, p.number.span);
    let range = c.lines_range(p.line, p.last_line);
    Symbol {
        name: name.trim_end().to_string(),
        detail: None,
        kind: SymbolKind::Paragraph,
        range: TextRange::new(range.start.min(sel.start), range.end.max(sel.end)),
        selection: sel,
        children: Vec::new(),
    }
}
