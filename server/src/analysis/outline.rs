//! The outline: per cable a root symbol (`LIMA 14540`, the subject as detail), under it the
//! header, the unnumbered headings grouping the paragraphs that follow them, and every
//! numbered paragraph named by its number and first words. A quoted document is a symbol
//! named by its title, heading or first words, holding its own headings and paragraphs; it
//! stands under the paragraph whose text holds it, else where it opens.

use cable_grammar::line::LineKind;
use cable_grammar::syntax::{Cable, Numbering, Quote, QuoteEnd, QuoteFamily, Role};
use cable_grammar::{Document, TextRange};

use super::CableText;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Cable,
    Header,
    Heading,
    Paragraph,
    Quote,
}

impl SymbolKind {
    pub fn name(self) -> &'static str {
        match self {
            SymbolKind::Cable => "cable",
            SymbolKind::Header => "header",
            SymbolKind::Heading => "heading",
            SymbolKind::Paragraph => "paragraph",
            SymbolKind::Quote => "quote",
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
    let name_line = name_line(c).unwrap_or(first);
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
    children.extend(scope_symbols(ct, &Scopes::new(c), None));
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

/// The line that names the cable: its first section's caption, else its first PAGE header.
pub(super) fn name_line(c: &Cable) -> Option<u32> {
    c.sections
        .first()
        .and_then(|s| s.caption.or(s.pages.first().map(|p| p.line)))
}

/// The subject, its continuation lines joined, without the `SUBJECT:` label.
pub(super) fn subject(ct: &CableText<'_>) -> Option<String> {
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

/// A paragraph named by its number and first words, holding the quoted documents its text
/// holds (`2. (begin text)` … `(end text)`).
fn paragraph_symbol(ct: &CableText<'_>, scopes: &Scopes, i: usize) -> Symbol {
    let c = ct.cable;
    let p = &c.paragraphs[i];
    let name = format!("{}. {}", p.number.value, words(after_number(ct, p.line)));
    let sel = ct.range(p.line, p.number.span);
    let mut range = c.lines_range(p.line, p.last_line);
    let children: Vec<Symbol> = scopes.held[i]
        .iter()
        .map(|&q| quote_symbol(ct, scopes, q))
        .collect();
    if let Some(last) = children.last() {
        range = TextRange::new(range.start, range.end.max(last.range.end));
    }
    Symbol {
        name: name.trim_end().to_string(),
        detail: None,
        kind: SymbolKind::Paragraph,
        range: TextRange::new(range.start.min(sel.start), range.end.max(sel.end)),
        selection: sel,
        children,
    }
}

/// What stands directly in a scope (the cable's text or a quoted document), in text order.
#[derive(Clone, Copy)]
enum Item {
    Paragraph(usize),
    Heading(usize),
    Quote(usize),
}

/// What stands directly in each scope (0: the cable's text, `q + 1`: quote `q`) and the quotes
/// each paragraph's text holds, found in one pass over the cable: a cable of thousands of
/// quotes costs what one of few does per item.
struct Scopes {
    items: Vec<Vec<(u32, Item)>>,
    held: Vec<Vec<usize>>,
}

fn scope_index(q: Option<u32>) -> usize {
    q.map_or(0, |q| q as usize + 1)
}

impl Scopes {
    fn new(c: &Cable) -> Scopes {
        let mut items: Vec<Vec<(u32, Item)>> = vec![Vec::new(); c.quotes.len() + 1];
        let mut paragraphs: Vec<Vec<usize>> = vec![Vec::new(); c.quotes.len() + 1];
        for (i, p) in c.paragraphs.iter().enumerate() {
            if let Some(s) = items.get_mut(scope_index(p.quote)) {
                s.push((p.line, Item::Paragraph(i)));
                paragraphs[scope_index(p.quote)].push(i);
            }
        }
        for (h, heading) in c.headings.iter().enumerate() {
            if let Some(s) = items.get_mut(scope_index(heading.quote)) {
                s.push((heading.line, Item::Heading(h)));
            }
        }
        let mut held = vec![Vec::new(); c.paragraphs.len()];
        for (q, quote) in c.quotes.iter().enumerate() {
            let scope = scope_index(quote.parent);
            // A quote with numbering of its own inside a paragraph's text is that paragraph's.
            let in_scope = &paragraphs[scope];
            let before = in_scope.partition_point(|&i| c.paragraphs[i].line <= quote.open.line);
            let holder = before.checked_sub(1).map(|k| in_scope[k]).filter(|&i| {
                quote.numbering == Numbering::Own && quote.last_line <= c.paragraphs[i].last_line
            });
            match holder {
                Some(i) => held[i].push(q),
                None => items[scope].push((quote.open.line, Item::Quote(q))),
            }
        }
        for s in &mut items {
            s.sort_by_key(|(line, _)| *line);
        }
        Scopes { items, held }
    }
}

/// The symbols of a scope: its paragraphs and quoted documents, grouped under its headings.
fn scope_symbols(ct: &CableText<'_>, scopes: &Scopes, scope: Option<u32>) -> Vec<Symbol> {
    let c = ct.cable;
    let mut out: Vec<Symbol> = Vec::new();
    let mut heading: Option<Symbol> = None;
    for &(_, item) in &scopes.items[scope_index(scope)] {
        let sym = match item {
            Item::Paragraph(i) => paragraph_symbol(ct, scopes, i),
            Item::Quote(q) => quote_symbol(ct, scopes, q),
            Item::Heading(h) => {
                out.extend(heading.take());
                let line = c.headings[h].line;
                let sel = ct.trimmed_line_range(line);
                heading = Some(Symbol {
                    name: ct.line(line).trim().to_string(),
                    detail: None,
                    kind: SymbolKind::Heading,
                    range: sel,
                    selection: sel,
                    children: Vec::new(),
                });
                continue;
            }
        };
        match heading.as_mut() {
            Some(h) => {
                h.range = TextRange::new(h.range.start, h.range.end.max(sym.range.end));
                h.children.push(sym);
            }
            None => out.push(sym),
        }
    }
    out.extend(heading);
    out
}

fn quote_symbol(ct: &CableText<'_>, scopes: &Scopes, q: usize) -> Symbol {
    let c = ct.cable;
    let quote = &c.quotes[q];
    let selection = ct.range(quote.open.line, quote.open.span);
    Symbol {
        name: quote_name(ct, q),
        detail: Some(quote_detail(ct, quote)),
        kind: SymbolKind::Quote,
        range: c.quote_range(quote),
        selection,
        children: scope_symbols(ct, scopes, Some(q as u32)),
    }
}

/// A quoted document's name: the title its opening line gives (`BEGIN TEXT OF LETTER:`:
/// `TEXT OF LETTER`), else its first heading if its text starts with one, else its first
/// words.
fn quote_name(ct: &CableText<'_>, q: usize) -> String {
    let c = ct.cable;
    let quote = &c.quotes[q];
    let open_line = ct.line(quote.open.line);
    let marker = quote.open.span.text(open_line);
    let rest = open_line
        .get(quote.open.span.end as usize..)
        .unwrap_or("")
        .trim_start_matches(|ch: char| ch.is_whitespace() || ":.;,-)".contains(ch));
    if rest.len() > 3 && rest[..3].eq_ignore_ascii_case("OF ") {
        let title = rest.split([':', ')']).next().unwrap_or(rest);
        let last_word = marker.rsplit(' ').next().unwrap_or(marker);
        return words(&format!(
            "{last_word} {}",
            title.trim_end_matches(['.', ' '])
        ));
    }
    if !rest.trim().is_empty() {
        return words(rest);
    }
    let first_text = (quote.open.line + 1..=quote.last_line).find(|&l| {
        matches!(
            c.roles[l as usize],
            Role::Body | Role::Paragraph | Role::Heading
        )
    });
    match first_text {
        Some(l) if c.roles[l as usize] == Role::Heading => ct.line(l).trim().to_string(),
        Some(l) => words(after_number(ct, l)),
        None => marker.to_string(),
    }
}

/// A line's text after its paragraph number and portion mark, if it has them.
fn after_number<'a>(ct: &CableText<'a>, line: u32) -> &'a str {
    let text = ct.line(line);
    let end = match ct.cable.kind(line) {
        LineKind::Paragraph(p) => p.mark.map_or(p.number.span.end, |m| m.end),
        _ => 0,
    };
    text.get(end as usize..).unwrap_or("")
}

/// The first `NAME_WORDS` words of `text`, with `…` when there were more.
fn words(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = words[..words.len().min(NAME_WORDS)].join(" ");
    if words.len() > NAME_WORDS {
        out.push('…');
    }
    out
}

/// How the quote opens and ends: `BEGIN TEXT … END TEXT`, or why it ends without a marker.
fn quote_detail(ct: &CableText<'_>, quote: &Quote) -> String {
    let marker = |m: &cable_grammar::syntax::QuoteMarker| m.span.text(ct.line(m.line)).to_string();
    let open = marker(&quote.open);
    let end = match (&quote.close, quote.end) {
        (Some(close), _) => marker(close),
        (None, QuoteEnd::ResumedNumbering) => "no end marker: the cable's numbering resumes".into(),
        (None, QuoteEnd::Signature) => "no end marker: ends at the signature".into(),
        (None, QuoteEnd::Enclosing) => "no end marker: ends with the quote around it".into(),
        (None, _) => match quote.family {
            QuoteFamily::Text => "no END TEXT: ends with the text".into(),
            QuoteFamily::Quote => "no UNQUOTE: ends with the text".into(),
        },
    };
    let numbering = match quote.numbering {
        Numbering::Own => "",
        Numbering::Enclosing => "; its paragraphs are the cable's",
    };
    format!("{open} … {end}{numbering}")
}
