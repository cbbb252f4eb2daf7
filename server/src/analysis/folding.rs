//! Folding ranges of one cable, in cable-relative lines: quoted documents, sections, pages, the
//! print's header blocks, the caption block, numbered paragraphs and runs of release stamps.
//!
//! Editors keep a fold only if it nests properly in the others (VS Code drops one that
//! crosses another, and keeps one fold per start line), but a cable's units do cross: a
//! paragraph runs on over a page break and into the next section, the caption block is cut by
//! a PAGE header. So folds are ranked, quoted documents > sections > pages > header blocks >
//! paragraphs > stamps, and a fold that would cross one of a higher rank is cut short where
//! that one starts or ends; one that would start on the same line as a higher one is left out.
//! A quoted document is what a reader folds away whole (a letter, a statement), wherever the
//! print's sections and pages break it; a quote inside a quote is a rank of its own, below.

use cable_grammar::syntax::{Cable, Quote, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FoldKind {
    /// Structure of the cable: sections, pages, caption block, address block, paragraphs.
    Structure,
    /// Matter that is not the telegram's: FOIA and archive stamps.
    Stamp,
    /// Transmission and distribution boilerplate (ACP-127 envelope, routing blocks), which a
    /// reader may want folded from the start.
    Boilerplate,
}

impl FoldKind {
    pub fn name(self) -> &'static str {
        match self {
            FoldKind::Structure => "structure",
            FoldKind::Stamp => "stamp",
            FoldKind::Boilerplate => "boilerplate",
        }
    }
}

/// Lines `start_line..=end_line` of the cable, `start_line < end_line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fold {
    pub start_line: u32,
    pub end_line: u32,
    pub kind: FoldKind,
}

/// The folds of a cable: sorted by start line, at most one per start line, each pair either
/// nested or disjoint.
pub fn folds(cable: &Cable) -> Vec<Fold> {
    let n = cable.roles.len().min(cable.lines.len());
    let Some(last) = n.checked_sub(1).and_then(|l| u32::try_from(l).ok()) else {
        return Vec::new();
    };
    let (outer, inner): (Vec<&Quote>, Vec<&Quote>) =
        cable.quotes.iter().partition(|q| q.parent.is_none());
    let quotes = |qs: Vec<&Quote>| {
        qs.iter()
            .map(|q| region(q.open.line, q.last_line))
            .collect()
    };
    let layers = [
        quotes(outer),
        quotes(inner),
        sections(cable),
        pages(cable),
        header_blocks(cable),
        cable
            .paragraphs
            .iter()
            .map(|p| region(p.line, p.last_line))
            .collect(),
        runs(cable, |r| r == Role::Stamp, &[Role::Blank], FoldKind::Stamp),
    ];
    let mut kept: Vec<Vec<Fold>> = Vec::new();
    for mut layer in layers {
        layer.sort_by_key(|f| (f.start_line, std::cmp::Reverse(f.end_line)));
        let mut mine: Vec<Fold> = Vec::new();
        for mut f in layer {
            f.end_line = f.end_line.min(last);
            if !fit(&mut f, &kept) {
                continue;
            }
            // Within a rank folds must not overlap, which keeps each rank sorted and disjoint.
            if mine.last().is_some_and(|p| f.start_line <= p.end_line) {
                continue;
            }
            mine.push(f);
        }
        kept.push(mine);
    }
    let mut out: Vec<Fold> = kept.into_iter().flatten().collect();
    out.sort_by_key(|f| f.start_line);
    out
}

fn region(start_line: u32, end_line: u32) -> Fold {
    Fold {
        start_line,
        end_line,
        kind: FoldKind::Structure,
    }
}

/// Cuts `f` short until it crosses no kept fold; false if nothing of two lines or more is left
/// or a kept fold starts on the same line.
fn fit(f: &mut Fold, kept: &[Vec<Fold>]) -> bool {
    loop {
        if f.end_line <= f.start_line {
            return false;
        }
        let before = f.end_line;
        for layer in kept {
            // Each layer is sorted and disjoint: at most one fold holds the start line, and
            // only the last one starting inside `f` can reach past its end.
            let i = layer.partition_point(|k| k.start_line <= f.start_line);
            if let Some(k) = i.checked_sub(1).map(|i| layer[i]) {
                if k.start_line == f.start_line {
                    return false;
                }
                if k.end_line >= f.start_line && k.end_line < f.end_line {
                    f.end_line = k.end_line;
                }
            }
            let j = layer.partition_point(|k| k.start_line <= f.end_line);
            if let Some(k) = j.checked_sub(1).map(|j| layer[j]) {
                if k.start_line > f.start_line && k.end_line > f.end_line {
                    f.end_line = k.start_line - 1;
                }
            }
        }
        if f.end_line == before {
            return f.end_line > f.start_line;
        }
    }
}

fn role(c: &Cable, line: u32) -> Role {
    c.roles.get(line as usize).copied().unwrap_or(Role::Blank)
}

/// The last line in `from..to` whose role is not in `skip`.
fn last_content(c: &Cable, from: u32, to: u32, skip: &[Role]) -> Option<u32> {
    (from..to.min(c.roles.len() as u32))
        .rev()
        .find(|&l| !skip.contains(&role(c, l)))
}

fn sections(c: &Cable) -> Vec<Fold> {
    if c.sections.len() < 2 {
        return Vec::new();
    }
    c.sections
        .iter()
        .filter_map(|s| {
            // Stamps and banners in front of a section belong to the page break before it.
            let start = (s.first_line..s.end_line)
                .find(|&l| !matches!(role(c, l), Role::Blank | Role::Stamp | Role::Banner))?;
            let end = last_content(c, start, s.end_line, &[Role::Blank])?;
            Some(region(start, end))
        })
        .collect()
}

/// From each PAGE header to the last line of the page's own text: the banners, stamps and
/// `NNNN` before the next header belong to the break.
fn pages(c: &Cable) -> Vec<Fold> {
    let skip = [Role::Blank, Role::Banner, Role::Stamp, Role::Terminator];
    let mut out = Vec::new();
    for s in &c.sections {
        for (i, p) in s.pages.iter().enumerate() {
            let next = s.pages.get(i + 1).map_or(s.end_line, |n| n.line);
            if let Some(end) = last_content(c, p.line, next, &skip) {
                out.push(region(p.line, end));
            }
        }
    }
    out
}

const CAPTION_ROLES: &[Role] = &[
    Role::Caption,
    Role::Handling,
    Role::Passing,
    Role::ExecutiveOrder,
    Role::Tags,
    Role::Subject,
    Role::Reference,
    Role::ClassifiedBy,
];

/// Routing blocks and the ACP-127 envelope (boilerplate), the address block and the caption
/// block (the caption line through SUBJECT and REF, up to the text).
fn header_blocks(c: &Cable) -> Vec<Fold> {
    // FOIA stamps interrupt any run of header lines, even the INFO list.
    let between = [Role::Blank, Role::Stamp, Role::Banner];
    let mut out = runs(c, |r| r == Role::Envelope, &between, FoldKind::Boilerplate);
    out.extend(runs(
        c,
        |r| matches!(r, Role::Precedence | Role::From | Role::Addressee),
        &between,
        FoldKind::Structure,
    ));
    for s in &c.sections {
        for b in &s.routing {
            let end = b
                .offices
                .iter()
                .map(|(l, _)| *l)
                .chain(b.total.map(|(l, _)| l))
                .max()
                .unwrap_or(b.first_line);
            out.push(Fold {
                start_line: b.first_line,
                end_line: end,
                kind: FoldKind::Boilerplate,
            });
        }
        if let Some(cl) = s.caption {
            let passes = |r: Role| {
                CAPTION_ROLES.contains(&r)
                    || matches!(
                        r,
                        Role::Blank | Role::Stamp | Role::Banner | Role::PageHeader
                    )
            };
            let mut end = cl;
            let mut l = cl + 1;
            while l < s.end_line && passes(role(c, l)) {
                if CAPTION_ROLES.contains(&role(c, l)) {
                    end = l;
                }
                l += 1;
            }
            out.push(region(cl, end));
        }
    }
    out
}

/// Runs of lines whose role passes `pred`, lines of the roles `between` allowed inside.
fn runs(c: &Cable, pred: impl Fn(Role) -> bool, between: &[Role], kind: FoldKind) -> Vec<Fold> {
    let mut out = Vec::new();
    let mut open: Option<(u32, u32)> = None;
    for (i, &r) in c.roles.iter().enumerate() {
        let l = i as u32;
        if pred(r) {
            open = Some(open.map_or((l, l), |(s, _)| (s, l)));
        } else if !between.contains(&r) {
            if let Some((s, e)) = open.take() {
                out.push(Fold {
                    start_line: s,
                    end_line: e,
                    kind,
                });
            }
        }
    }
    if let Some((s, e)) = open {
        out.push(Fold {
            start_line: s,
            end_line: e,
            kind,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(start_line: u32, end_line: u32) -> Fold {
        region(start_line, end_line)
    }

    #[test]
    fn crossing_folds_are_cut() {
        let kept = vec![vec![f(10, 20), f(30, 40)]];
        let mut a = f(15, 35);
        assert!(fit(&mut a, &kept));
        assert_eq!(a.end_line, 20);
        let mut b = f(5, 35);
        assert!(fit(&mut b, &kept));
        assert_eq!(b.end_line, 29);
        let mut c = f(5, 45);
        assert!(fit(&mut c, &kept));
        assert_eq!(c.end_line, 45);
        let mut d = f(10, 12);
        assert!(!fit(&mut d, &kept));
        let mut e = f(20, 30);
        assert!(!fit(&mut e, &kept));
    }
}
