//! Highlighting: the structure of a cable as kinds of tokens, so that an editor without the
//! TextMate grammar (Neovim, Helix, Zed) colours the same layers VS Code does. Tokens come
//! from the grammar's reading of each line (its role and the spans it found), never from a
//! second parse, so the colours always agree with the diagnostics and the outline.
//!
//! The kinds name the cable's layers: print and transmission artefacts, the marker words that
//! start a field, numbers and date-time groups, TAGS codes and names, office symbols, posts,
//! caption labels, the subject, classification and handling, portion marks, the markers that
//! open and close a quoted document (`BEGIN TEXT`, `END TEXT`, `QUOTE`, `UNQUOTE`; quoted
//! words inside a sentence are no document and not marked). The language server maps them to
//! the token types editors' themes colour.

use cable_grammar::line::{Addressee, LineKind};
use cable_grammar::syntax::{QuoteMarker, Role};
use cable_grammar::Span;

use super::CableText;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Marker,
    Number,
    Artefact,
    TagsCode,
    OfficeSymbol,
    Post,
    PortionMark,
    Label,
    Subject,
    Classification,
    TagsName,
    QuoteMarker,
}

impl Kind {
    /// Every kind, in the order of the legend the server announces.
    pub const ALL: [Kind; 12] = [
        Kind::Marker,
        Kind::Number,
        Kind::Artefact,
        Kind::TagsCode,
        Kind::OfficeSymbol,
        Kind::Post,
        Kind::PortionMark,
        Kind::Label,
        Kind::Subject,
        Kind::Classification,
        Kind::TagsName,
        Kind::QuoteMarker,
    ];

    /// The kind's name in the snapshots (`tests/highlight/`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Marker => "marker",
            Kind::Number => "number",
            Kind::Artefact => "artefact",
            Kind::TagsCode => "tags-code",
            Kind::OfficeSymbol => "office-symbol",
            Kind::Post => "post",
            Kind::PortionMark => "portion-mark",
            Kind::Label => "label",
            Kind::Subject => "subject",
            Kind::Classification => "classification",
            Kind::TagsName => "tags-name",
            Kind::QuoteMarker => "quote-marker",
        }
    }

    /// The kind's index in the legend: `ALL` lists the kinds in declaration order.
    pub fn index(self) -> u32 {
        self as u32
    }
}

/// One token: a cable-relative line and the bytes of that line it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub line: u32,
    pub span: Span,
    pub kind: Kind,
}

/// The tokens of the cable's lines `lines` (cable-relative, end exclusive), in order, none
/// overlapping and none empty.
pub fn tokens(ct: &CableText<'_>, lines: std::ops::Range<u32>) -> Vec<Token> {
    let mut out = Vec::new();
    let end = lines.end.min(ct.cable.roles.len() as u32);
    let mut markers: Vec<QuoteMarker> = ct
        .cable
        .quotes
        .iter()
        .flat_map(|q| std::iter::once(q.open).chain(q.close))
        .filter(|m| (lines.start..end).contains(&m.line))
        .collect();
    markers.sort_by_key(|m| (m.line, m.span.start));
    let mut markers = markers.into_iter().peekable();
    for line in lines.start..end {
        let text = ct.line(line);
        let role = ct.cable.roles[line as usize];
        // A caption fused onto the end of the line: the part before it is read as what it is.
        let fused = ct.cable.caption_at(line).filter(|_| role != Role::Caption);
        let at = fused.map_or(text.len(), |cl| {
            (cl.class.span.start as usize).min(text.len())
        });
        let mut line_tokens = LineTokens {
            text: &text[..at],
            spans: Vec::new(),
        };
        line_tokens.read(role, ct.cable.kind(line));
        while let Some(m) = markers.next_if(|m| m.line == line) {
            line_tokens.push(m.span, Kind::QuoteMarker);
        }
        if fused.is_some() {
            let end = text.trim_end().len().max(at);
            line_tokens.push(Span::new(at, end), Kind::Classification);
        }
        let mut spans = line_tokens.spans;
        spans.sort_by_key(|(s, _)| (s.start, s.end));
        let mut last_end = 0;
        for (span, kind) in spans {
            // The grammar's spans never overlap; this keeps a client safe if one ever did.
            if span.start < last_end || span.is_empty() || span.end as usize > text.len() {
                continue;
            }
            last_end = span.end;
            out.push(Token { line, span, kind });
        }
    }
    out
}

struct LineTokens<'a> {
    text: &'a str,
    spans: Vec<(Span, Kind)>,
}

impl LineTokens<'_> {
    fn push(&mut self, span: Span, kind: Kind) {
        self.spans.push((span, kind));
    }

    /// The line without its leading and trailing blanks.
    fn trimmed(&self) -> Span {
        let start = self.text.len() - self.text.trim_start().len();
        let end = self.text.trim_end().len().max(start);
        Span::new(start, end)
    }

    /// The line's first word (`FM`, `TO`, `INFO`, `ACTION`), up to the first blank.
    fn first_word(&self) -> Span {
        let t = self.trimmed();
        let word = t.text(self.text);
        let len = word.find([' ', '\t']).unwrap_or(word.len());
        Span::new(t.start as usize, t.start as usize + len)
    }

    /// A caption's label up to and including its colon (`TAGS:`, `E.O. 12356:` up to `E.O.`).
    fn label(&mut self, upto: &[char]) {
        let t = self.trimmed();
        let word = t.text(self.text);
        if let Some(i) = word.find(upto) {
            let end = t.start as usize + i + 1;
            self.push(Span::new(t.start as usize, end), Kind::Label);
        }
    }

    fn addressee(&mut self, a: &Addressee) {
        let head = self.first_word();
        if head.end <= a.name.start {
            self.push(head, Kind::Marker);
        }
        if let Some(ri) = a.routing_indicator {
            self.push(ri, Kind::Artefact);
        }
        self.push(a.name, Kind::Post);
        if let Some(p) = a.precedence {
            self.push(p, Kind::Marker);
        }
        if let Some(s) = a.serial {
            self.push(s.span, Kind::Number);
        }
    }

    fn read(&mut self, role: Role, kind: &LineKind) {
        match (role, kind) {
            (_, LineKind::Blank) => {}
            (Role::Envelope | Role::PageHeader | Role::DashLine | Role::Stamp, _) => {
                self.push(self.trimmed(), Kind::Artefact)
            }
            (Role::Banner | Role::Caption | Role::Handling, _) => {
                self.push(self.trimmed(), Kind::Classification)
            }
            (Role::Terminator, _) => self.push(self.trimmed(), Kind::Marker),
            (_, LineKind::Routing(r)) => {
                if let Some(h) = r.head {
                    self.push(h.span, Kind::Marker);
                }
                for o in &r.offices {
                    let token = o.span.text(self.text);
                    match token.rfind('-') {
                        Some(dash) => {
                            let at = o.span.start as usize + dash;
                            self.push(Span::new(o.span.start as usize, at), Kind::OfficeSymbol);
                            self.push(Span::new(at + 1, o.span.end as usize), Kind::Number);
                        }
                        None => self.push(o.span, Kind::OfficeSymbol),
                    }
                }
                if let Some(t) = r.total {
                    self.push(t.span, Kind::Number);
                }
            }
            (_, LineKind::Precedence(p)) => {
                self.push(p.letters, Kind::Marker);
                self.push(p.dtg.span, Kind::Number);
            }
            (_, LineKind::From { name }) => {
                let head = self.first_word();
                if head.end <= name.start {
                    self.push(head, Kind::Marker);
                }
                self.push(*name, Kind::Post);
            }
            (_, LineKind::To(a) | LineKind::InfoAddressee(a)) => self.addressee(a),
            // Addressees after the first of a TO or INFO block stand alone on their lines.
            (Role::Addressee, _) => self.push(self.trimmed(), Kind::Post),
            (_, LineKind::Paragraph(p)) => {
                self.push(p.number.span, Kind::Number);
                if let Some(m) = p.mark {
                    self.push(m, Kind::PortionMark);
                }
            }
            (Role::Tags, LineKind::Tags(t)) => {
                self.label(&[':']);
                for e in &t.entries {
                    let entry = e.text(self.text);
                    let kind = if entry.starts_with('(') {
                        Kind::TagsName
                    } else {
                        Kind::TagsCode
                    };
                    self.push(*e, kind);
                }
            }
            (Role::ExecutiveOrder | Role::Reference | Role::ClassifiedBy, _) => {
                self.label(&[':']);
            }
            (Role::Subject, _) => {
                let t = self.trimmed();
                let line = t.text(self.text);
                match line.find(':') {
                    Some(i) => {
                        let colon = t.start as usize + i + 1;
                        self.push(Span::new(t.start as usize, colon), Kind::Label);
                        let rest = Span::new(colon, t.end as usize);
                        let blank =
                            rest.text(self.text).len() - rest.text(self.text).trim_start().len();
                        self.push(Span::new(colon + blank, t.end as usize), Kind::Subject);
                    }
                    None => self.push(t, Kind::Subject),
                }
            }
            (Role::SectionBreak, _) => self.push(self.trimmed(), Kind::Classification),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cable_grammar::Document;

    fn render(text: &str) -> Vec<String> {
        let doc = Document::new(text);
        let mut out = Vec::new();
        for placed in doc.placed() {
            let t = &text[placed.start_byte..placed.start_byte + placed.cable.len];
            let ct = CableText {
                cable: placed.cable,
                text: t,
            };
            for tok in tokens(&ct, 0..u32::MAX) {
                out.push(format!(
                    "{} {} {:?}",
                    tok.line,
                    tok.span.text(ct.line(tok.line)),
                    tok.kind
                ));
            }
        }
        out
    }

    #[test]
    fn a_cable_is_read_into_its_layers() {
        let got = render(
            "P 141530Z MAR 93\nFM AMEMBASSY QUITO\nTO SECSTATE WASHDC PRIORITY 0412\nC O N F I D E N T I A L QUITO 08812\n\nE.O. 12356: DECL: OADR\nTAGS: PGOV, PE, (ORTIZ, CLEMENTE)\nSUBJECT: THE REFERENDUM\n\n1. (C) THE MINISTER SPOKE.\nNNNN\n",
        );
        let want = [
            "0 P Marker",
            "0 141530Z MAR 93 Number",
            "1 FM Marker",
            "1 AMEMBASSY QUITO Post",
            "2 TO Marker",
            "2 SECSTATE WASHDC Post",
            "2 PRIORITY Marker",
            "2 0412 Number",
            "3 C O N F I D E N T I A L QUITO 08812 Classification",
            "5 E.O. 12356: Label",
            "6 TAGS: Label",
            "6 PGOV TagsCode",
            "6 PE TagsCode",
            "6 (ORTIZ, CLEMENTE) TagsName",
            "7 SUBJECT: Label",
            "7 THE REFERENDUM Subject",
            "9 1. Number",
            "9 (C) PortionMark",
            "10 NNNN Marker",
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn legend_indices_are_positions() {
        for (i, k) in Kind::ALL.iter().enumerate() {
            assert_eq!(k.index(), i as u32);
        }
    }
}
