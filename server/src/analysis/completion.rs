//! Completion: the codes a transcriber types on a TAGS line, and the office symbols of a
//! routing block. Candidates come from the static tables of `reference`; nothing is offered
//! anywhere else (a body paragraph is free text, and post keywords are no codes).
//!
//! On a TAGS line every kind of code is offered, its prefix matched without regard to case
//! and inserted in capitals, except the codes already on the line. The ranking follows the
//! order of a TAGS line (FORMAT.md §4.4: subjects, then geographic and organizations, then
//! names), and every cable needs a subject code: subject and program TAGS first, then
//! countries (with the historical codes the cable's year still used), world regions,
//! organizations, historical codes of an unknown year, and last the 1970s subject codes on a
//! cable of 1980 or later. Codes of one rank come in the order of their labels.
//!
//! The cable's era (the year of its message DTG) decides what fits it; with no valid DTG
//! everything is offered:
//! * a historical geographic code is left out in the years it did not mean its country
//!   (`UR` after 1991);
//! * program (K) TAGS are left out before 1985, the year they are first seen (FORMAT.md §7);
//! * the 1970s subject codes (NARA's 1973-79 lists, the 1974 handbook) are not in the current
//!   list: from 1980 on they rank last, marked as out of their era.
//!
//! In a routing block only the office symbol is inserted: the count after it is copied from
//! the print, and no default would be right; completing inside `CIAE-00` keeps the count.

use std::collections::HashSet;

use cable_grammar::line::{LineKind, RoutingHead};
use cable_grammar::syntax::Role;
use cable_grammar::{Span, TextRange};

use super::hover::tags_entry;
use super::reference::{self as r, HistoricalCountry, TagSource};
use super::CableText;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Subject,
    Program,
    Country,
    Region,
    Organization,
    Historical,
    Office,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Subject => "subject",
            Kind::Program => "program",
            Kind::Country => "geographic",
            Kind::Region => "region",
            Kind::Organization => "organization",
            Kind::Historical => "historical",
            Kind::Office => "office",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The code, in capitals: also the text inserted.
    pub label: &'static str,
    pub kind: Kind,
    /// One line: what kind of code, and what it stands for.
    pub detail: String,
    /// What its documentation is made from, when asked for (`documentation`): a list of every
    /// code is asked for at once, the documentation of one at a time.
    pub about: About,
    /// Lower ranks first.
    pub rank: u8,
    /// A code out of its era on this cable, offered last (editors may strike it through).
    pub dated: bool,
}

impl Candidate {
    /// Orders by rank, then by label.
    pub fn sort_key(&self) -> String {
        format!("{}{}", self.rank, self.label)
    }

    pub fn documentation(&self) -> String {
        documentation(self.label, self.about).unwrap_or_default()
    }
}

/// Where a code was offered, which decides what its documentation says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    /// A TAGS entry on a cable of that year (its era decides what the code meant).
    Tags { year: Option<u16> },
    /// An office symbol of a routing block.
    Office,
}

/// The documentation of a code offered as `about` says, in markdown (for a TAGS entry what
/// hover says of it); `None` for an office symbol not in the table.
pub fn documentation(label: &str, about: About) -> Option<String> {
    match about {
        About::Tags { year } => Some(tags_entry(label, &[], year)),
        About::Office => {
            let name = r::find(r::offices(), label)?;
            Some(format!(
                "**{label}**: {name}.\n\nAn office symbol of the routing block; its copy count follows as printed (`{label}-01`)."
            ))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Cable-relative bytes a candidate replaces: the word under or before the cursor.
    pub range: TextRange,
    /// In the order of their sort keys.
    pub candidates: Vec<Candidate>,
}

/// The candidates at a cable-relative byte `offset`, or `None` where nothing is completed.
pub fn complete(ct: &CableText<'_>, offset: usize) -> Option<Completion> {
    // Callers give character starts; an offset inside a character means the one it is in.
    let mut offset = offset.min(ct.text.len());
    while !ct.text.is_char_boundary(offset) {
        offset -= 1;
    }
    let (line, col) = ct.line_at(offset)?;
    let text = ct.line(line);
    let (span, candidates) = match ct.cable.kind(line) {
        LineKind::Tags(t) if ct.cable.roles[line as usize] == Role::Tags => {
            tags(ct, text, col, &t.entries)?
        }
        _ => offices(ct, line, col)?,
    };
    Some(Completion {
        range: ct.range(line, span),
        candidates,
    })
}

/// The run of bytes around `col` that `word` accepts (ASCII, so on char boundaries).
fn word_at(text: &str, col: usize, word: impl Fn(u8) -> bool) -> Span {
    let b = text.as_bytes();
    let start = b[..col]
        .iter()
        .rposition(|&c| !word(c))
        .map_or(0, |i| i + 1);
    let end = b[col..]
        .iter()
        .position(|&c| !word(c))
        .map_or(b.len(), |i| col + i);
    Span::new(start, end)
}

fn starts_with_ignoring_case(code: &str, prefix: &str) -> bool {
    code.as_bytes()
        .get(..prefix.len())
        .is_some_and(|c| c.eq_ignore_ascii_case(prefix.as_bytes()))
}

// ---------------------------------------------------------------------------------------------
// TAGS lines

const RANK_SUBJECT: u8 = 0;
const RANK_COUNTRY: u8 = 1;
const RANK_REGION: u8 = 2;
const RANK_ORGANIZATION: u8 = 3;
const RANK_HISTORICAL: u8 = 4;
const RANK_DATED: u8 = 5;

fn tags(
    ct: &CableText<'_>,
    text: &str,
    col: usize,
    entries: &[Span],
) -> Option<(Span, Vec<Candidate>)> {
    let indent = text.len() - text.trim_start().len();
    let keyword_end = indent + "TAGS".len();
    let body = keyword_end + usize::from(text.get(keyword_end..)?.starts_with(':'));
    let word = word_at(text, col, |b| b.is_ascii_alphanumeric() || b == b'-');
    let before = text.get(body..word.start as usize)?;
    // Inside a parenthesised name (`(VANCE, CYRUS)`) nothing is a code.
    if before.matches('(').count() > before.matches(')').count() {
        return None;
    }
    // In capitals, in a set: the line may hold a hundred thousand entries, and every code of
    // every table is looked up.
    let taken: HashSet<String> = entries
        .iter()
        .filter(|e| e.end < word.start || e.start > word.end)
        .map(|e| e.text(text).to_ascii_uppercase())
        .collect();
    let prefix = &text[word.start as usize..col];
    let year = ct.message_dtg().map(|d| d.year);
    Some((word, tags_candidates(prefix, &taken, year)))
}

/// Every code that starts with `prefix` and is not `taken`, fit for a cable of `year`.
fn tags_candidates(prefix: &str, taken: &HashSet<String>, year: Option<u16>) -> Vec<Candidate> {
    let wanted = |code: &str| {
        starts_with_ignoring_case(code, prefix) && !taken.contains(&code.to_ascii_uppercase())
    };
    let mut out: Vec<Candidate> = Vec::new();
    for (code, (title, source)) in r::subject_tags().iter().filter(|(c, _)| wanted(c)) {
        out.push(subject(code, title, *source, year));
    }
    if year.is_none_or(|y| y >= r::PROGRAM_TAGS_FROM) {
        let program = r::program_tags().iter().filter(|(c, _)| wanted(c));
        out.extend(
            program
                .map(|(code, what)| plain(code, Kind::Program, RANK_SUBJECT, "program TAGS", what)),
        );
    }
    for (table, kind, rank, what) in [
        (r::countries(), Kind::Country, RANK_COUNTRY, "country"),
        (r::regions(), Kind::Region, RANK_REGION, "world region"),
        (
            r::organizations(),
            Kind::Organization,
            RANK_ORGANIZATION,
            "organization",
        ),
    ] {
        let rows = table.iter().filter(|(c, _)| wanted(c));
        out.extend(rows.map(|(code, name)| plain(code, kind, rank, what, name)));
    }
    let historical = r::historical_countries()
        .iter()
        .filter(|(c, h)| wanted(c) && year.is_none_or(|y| h.in_use(y)));
    out.extend(historical.map(|(code, h)| historical_country(code, h, year)));
    merge_readings(&mut out);
    for c in &mut out {
        c.about = About::Tags { year };
    }
    out.sort_by(|a, b| (a.rank, a.label).cmp(&(b.rank, b.label)));
    out
}

fn plain(code: &'static str, kind: Kind, rank: u8, what: &str, name: &str) -> Candidate {
    Candidate {
        label: code,
        kind,
        detail: format!("{what} · {name}"),
        about: About::Tags { year: None },
        rank,
        dated: false,
    }
}

fn subject(code: &'static str, title: &str, source: TagSource, year: Option<u16>) -> Candidate {
    let mut c = plain(code, Kind::Subject, RANK_SUBJECT, "subject TAGS", title);
    if source == TagSource::Retired {
        if year.is_some_and(|y| y < r::RETIRED_BY) {
            c.detail = format!("subject TAGS of the 1970s · {title}");
        } else {
            c.detail.push_str(" · 1970s code, not in the current list");
            if year.is_some() {
                c.rank = RANK_DATED;
                c.dated = true;
            }
        }
    }
    c
}

/// A code of an earlier FIPS edition: with the countries when the cable's year used it, last
/// when the year is unknown.
fn historical_country(code: &'static str, h: &HistoricalCountry, year: Option<u16>) -> Candidate {
    let what = match h.years.words() {
        Some(years) => format!("historical country, {years}"),
        None => "historical country".to_string(),
    };
    let rank = if year.is_some() {
        RANK_COUNTRY
    } else {
        RANK_HISTORICAL
    };
    plain(code, Kind::Historical, rank, &what, h.meaning)
}

/// One candidate per code: a code of two tables (`EC`, Ecuador and the European Communities)
/// takes the better rank and names both readings.
fn merge_readings(out: &mut Vec<Candidate>) {
    out.sort_by(|a, b| (a.label, a.rank).cmp(&(b.label, b.rank)));
    out.dedup_by(|later, kept| {
        let same = later.label == kept.label;
        if same {
            kept.detail.push_str("; ");
            kept.detail.push_str(&later.detail);
        }
        same
    });
}

// ---------------------------------------------------------------------------------------------
// Routing blocks

/// Office symbols, on a line of a routing block: the line so far reads `[ACTION|ORIGIN|INFO]`
/// then office counts, and it belongs to a block (see `Block`).
fn offices(ct: &CableText<'_>, line: u32, col: usize) -> Option<(Span, Vec<Candidate>)> {
    let text = ct.line(line);
    let word = word_at(text, col, |b| b.is_ascii_alphanumeric());
    let before = &text[..word.start as usize];
    // After a `-` the count is typed, after a `/` the total.
    if !(before.is_empty() || before.ends_with(|c: char| c.is_ascii_whitespace())) {
        return None;
    }
    if !heads_routing(before) {
        return None;
    }
    let block = Block::around(ct, line);
    if !block.anchored {
        return None;
    }
    // A set: a routing block may run to a hundred thousand lines.
    let mut taken: HashSet<&str> = block
        .lines
        .iter()
        .flat_map(|&l| symbols(ct.line(l)))
        .collect();
    let outside = [&text[..word.start as usize], &text[word.end as usize..]];
    taken.extend(outside.into_iter().flat_map(symbols));
    let prefix = &text[word.start as usize..col];
    let candidates = r::offices()
        .iter()
        .filter(|(s, _)| starts_with_ignoring_case(s, prefix) && !taken.contains(*s))
        .map(|(symbol, name)| Candidate {
            label: symbol,
            kind: Kind::Office,
            detail: format!("office · {name}"),
            about: About::Office,
            rank: 0,
            dated: false,
        })
        .collect();
    Some((word, candidates))
}

fn head(token: Option<&str>) -> Option<RoutingHead> {
    match token? {
        "ACTION" => Some(RoutingHead::Action),
        "ORIGIN" => Some(RoutingHead::Origin),
        "INFO" => Some(RoutingHead::Info),
        _ => None,
    }
}

fn opens_block(text: &str) -> bool {
    matches!(
        head(text.split_whitespace().next()),
        Some(RoutingHead::Action | RoutingHead::Origin)
    )
}

/// The symbol of an office count `ARA-01`.
fn office_symbol(token: &str) -> Option<&str> {
    let (symbol, count) = token.rsplit_once('-')?;
    let ok = !symbol.is_empty() && !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit());
    ok.then_some(symbol)
}

fn symbols(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace().filter_map(office_symbol)
}

/// Text that can start a routing line: an optional head, then office counts.
fn heads_routing(text: &str) -> bool {
    let mut tokens = text.split_whitespace().peekable();
    if head(tokens.peek().copied()).is_some() {
        tokens.next();
    }
    tokens.all(|t| office_symbol(t).is_some())
}

/// A routing line being typed: what `heads_routing` accepts, then at most one word.
fn half_typed_routing(text: &str) -> bool {
    let text = text.trim_end();
    let (before, last) = text.rsplit_once(char::is_whitespace).unwrap_or(("", text));
    let partial = !last.is_empty() && last.bytes().all(|b| b.is_ascii_alphanumeric());
    !text.is_empty() && heads_routing(if partial { before } else { text })
}

/// The lines of the routing block around a line (which may be half typed, and so not a
/// routing line to the grammar yet, nor its neighbours): the run of routing lines, routing
/// lines being typed and blank lines it lies in, from the block's ACTION or ORIGIN line to its
/// total. The run is a block when it holds a routing line, is followed by the print's dash
/// line, or starts with ACTION or ORIGIN right after a PAGE header.
struct Block {
    /// The run's lines other than the one asked about.
    lines: Vec<u32>,
    anchored: bool,
}

enum Part {
    Blank,
    /// A line of a block: whether the grammar reads it as a routing line, its head, whether it
    /// has the block's total.
    Routing {
        parsed: bool,
        opens: bool,
        total: bool,
    },
    Other,
}

impl Block {
    fn around(ct: &CableText<'_>, line: u32) -> Block {
        let c = ct.cable;
        let mut block = Block {
            lines: Vec::new(),
            anchored: c.roles[line as usize] == Role::Routing,
        };
        let mut top = line;
        if !opens_block(ct.line(line)) {
            for l in (0..line).rev() {
                match part(ct, l) {
                    Part::Blank => {}
                    Part::Routing { total: true, .. } | Part::Other => break,
                    Part::Routing { parsed, opens, .. } => {
                        block.add(l, parsed);
                        top = l;
                        if opens {
                            break;
                        }
                    }
                }
            }
        }
        let mut last = line;
        for l in line + 1..c.line_count() as u32 {
            match part(ct, l) {
                Part::Blank => {}
                Part::Routing { opens: true, .. } => break,
                Part::Routing { parsed, total, .. } => {
                    block.add(l, parsed);
                    last = l;
                    if total {
                        break;
                    }
                }
                Part::Other => break,
            }
        }
        let after =
            (last + 1..c.line_count() as u32).find(|&l| !matches!(part(ct, l), Part::Blank));
        let before = (0..top)
            .rev()
            .find(|&l| !matches!(part(ct, l), Part::Blank));
        let role = |l: Option<u32>| l.map(|l| c.roles[l as usize]);
        block.anchored |= role(after) == Some(Role::DashLine)
            || (role(before) == Some(Role::PageHeader) && opens_block(ct.line(top)));
        block
    }

    fn add(&mut self, line: u32, parsed: bool) {
        self.lines.push(line);
        self.anchored |= parsed;
    }
}

fn part(ct: &CableText<'_>, line: u32) -> Part {
    let text = ct.line(line);
    match (ct.cable.roles[line as usize], ct.cable.kind(line)) {
        (Role::Blank, _) => Part::Blank,
        (Role::Routing, LineKind::Routing(rl)) => Part::Routing {
            parsed: true,
            opens: matches!(
                rl.head.map(|h| h.value),
                Some(RoutingHead::Action | RoutingHead::Origin)
            ),
            total: rl.total.is_some(),
        },
        (Role::Body | Role::HeaderText, _) if half_typed_routing(text) => Part::Routing {
            parsed: false,
            opens: opens_block(text),
            total: false,
        },
        _ => Part::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        let w = |t: &str, col| {
            word_at(t, col, |b| b.is_ascii_alphanumeric())
                .text(t)
                .to_string()
        };
        assert_eq!(w("TAGS: PGOV", 10), "PGOV");
        assert_eq!(w("TAGS: PGOV", 8), "PGOV");
        assert_eq!(w("TAGS: PGOV, ", 12), "");
        assert_eq!(w("", 0), "");
    }

    #[test]
    fn routing_shapes() {
        assert!(heads_routing("INFO LOG-00 "));
        assert!(heads_routing("      "));
        assert!(heads_routing("ACTION "));
        assert!(!heads_routing("INFO AMEMBASSY "));
        assert!(!heads_routing("EB-01 /002W "));
        assert!(half_typed_routing("ACTION AR"));
        assert!(half_typed_routing("INFO  LOG-00   CI"));
        assert!(half_typed_routing("      SP"));
        assert!(!half_typed_routing("THE MINISTER SAID"));
        assert!(!half_typed_routing(""));
        assert_eq!(office_symbol("CIAE-00"), Some("CIAE"));
        assert_eq!(office_symbol("CIAE-"), None);
        assert_eq!(office_symbol("-01"), None);
    }
}
