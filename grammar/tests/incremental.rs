//! The incremental reparse against a fresh parse: random edit sequences on synthetic and (when
//! `../shared` is there) real cables, checking after every edit that the document's text equals
//! a `String` edited the same way and that its cables equal `parse` of that text.
//!
//! `CABLE_PROPTEST_CASES` sets the number of cases (default 280, about 50 edits each: some
//! 14,000 edits, so the 10,000 the acceptance asks for hold whatever cases are drawn). Real
//! cables are read at run time from `../shared/corpus` and `../shared/samples` beside the
//! repository; none of their text is kept here.
//!
//! Texts with no cable in them (prose, runs of lone `\r`) are cut into pieces
//! (`cable_grammar::piece`) after hundreds of lines and leads are capped; this binary lowers
//! those limits to a few lines ([`SMALL`]) so that the bases here, a few hundred lines long,
//! meet cuts, capped leads and pieces re-cut by an edit on the same code path.

#[path = "common/files.rs"]
mod files;
use files::files_with_ext;

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use cable_grammar::document::split_lines;
use cable_grammar::piece::{set_limits, SMALL};
use cable_grammar::{parse, Document};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// A synthetic two-cable document in the layouts the grammar knows: a Department print with
/// PAGE headers, banners, routing block, dash line and `NNNN` per section, then an ACP-127
/// cable in two sections. Always a base, whether or not the fixtures are there.
const SYNTHETIC: &str = "\
UNCLASSIFIED

PAGE 01        ZAGREB  01189  01 OF 03  101200Z
ACTION EUR-01

INFO  LOG-00   AID-01   CIAE-00  DODE-00  INR-01   NSAE-00
      PA-01    SP-00    SS-00    USIE-00  /006W
                  ------------------4A2B11  101215Z /38
R 101200Z MAY 93
FM AMEMBASSY ZAGREB
TO SECSTATE WASHDC 4410
INFO AMEMBASSY BELGRADE

UNCLAS SECTION 01 OF 03 ZAGREB 01189

E.O. 12356: N/A
TAGS: PGOV, ECON, HR
SUBJECT: HARBOUR WORKS AND THE
COASTAL ROAD

1. SUMMARY: THE PORT AUTHORITY EXPECTS THE NEW QUAY TO OPEN
IN THE AUTUMN. END SUMMARY.

                     UNCLASSIFIED

NNNN

                     UNCLASSIFIED

PAGE 01        ZAGREB  01189  02 OF 03  101200Z
ACTION EUR-01

INFO  LOG-00   AID-01   /002W
                  ------------------4A2B12  101215Z /38
R 101200Z MAY 93
FM AMEMBASSY ZAGREB
TO SECSTATE WASHDC 4411

UNCLAS SECTION 02 OF 03 ZAGREB 01189

E.O. 12356: N/A
TAGS: PGOV, ECON, HR
SUBJECT: HARBOUR WORKS AND THE COASTAL ROAD

BACKGROUND

2. THE QUAY IS FINANCED BY A LOAN ¶ AND BY THE CITY — WHICH
ALSO PAYS FOR THE ROAD’S FIRST STRETCH.

3. WORK ON THE SECOND STRETCH WAITS FOR THE ASSEMBLY.

PAGE 02        ZAGREB  01189  02 OF 03  101200Z

4. THE MINISTER (ÉMILE) SAID THE VOTE WOULD COME IN JUNE.
NNNN

PAGE 01        ZAGREB  01189  03 OF 03  101200Z
UNCLAS SECTION 03 OF 03 ZAGREB 01189

5. COMMENT: A SLIP TO THE AUTUMN IS LIKELY. END COMMENT.
SMITH

NNNN

VZCZCXYZ0042\r
RR RUEHWEB\r
\r
DE RUEHSG #0042/01 0551930\r
ZNR UUUUU ZZH\r
R 241930Z FEB 09\r
FM AMEMBASSY SANTIAGO\r
TO RUEHC/SECSTATE WASHDC 2290\r
INFO RUEHBU/AMEMBASSY BUENOS AIRES 1177\r
BT\r
UNCLAS SECTION 01 OF 02 SANTIAGO 000042\r
\r
SIPDIS\r
\r
E.O. 12958: N/A\r
TAGS: ECON, EAGR, CI\r
SUBJECT: CHILE: A SYNTHETIC HARVEST REPORT\r
\r
1. (U) GROWERS EXPECT A SMALLER HARVEST.\r
SANTIAGO 00000042 002 OF 002\r
\r
2. (U) PRICES ROSE 😀 IN JANUARY.\r
SMITH\r
";

/// Texts that random bytes rarely produce: breaks, multi-byte characters, structural lines.
const FRAGMENTS: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "é",
    "—",
    "’",
    "¶",
    "😀",
    " ",
    "NNNN",
    "NNNN\n",
    "PAGE 01 LIMA 14540 01 OF 04 092105Z\n",
    "PAGE 02 LIMA 14540 02 OF 04 092105Z\n",
    "PAGE 01        ZAGREB  01189  02 OF 03  101200Z\n",
    "SECTION 02 OF 04",
    " 01 OF 02 ",
    "C O N F I D E N T I A L SECTION 01 OF 04 LIMA 14540\n",
    "UNCLAS SECTION 02 OF 03 ZAGREB 01189\n",
    "UNCLAS SANTIAGO 000042\n",
    "SANTIAGO 00000042 002 OF 002\n",
    "VZCZCXYZ0042\n",
    "This record is a partial extract of the original cable.\n",
    "R 101200Z MAY 93\n",
    "FM AMEMBASSY LIMA\n",
    "TO SECSTATE WASHDC PRIORITY 4101\n",
    "INFO AMEMBASSY QUITO\n",
    "ACTION ARA-01\n",
    "      PA-01    SP-00    /006W\n",
    "E.O. 12356: DECL: OADR\n",
    "TAGS: PGOV, PREL\n",
    "SUBJECT: ",
    "1. ",
    "¶2. (C) ",
    "BT\n",
    "SMITH\n",
    "[REDACTED]",
    "CONFIDENTIAL",
];

/// Set the limits of every parse in this binary ([`SMALL`], see the module's comment) before
/// any parse; every test starts with it.
fn small_limits() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| set_limits(SMALL));
}

/// Paragraphs of plain prose written from a seed: lower-case sentences, now and then a line
/// in capitals (title- or signature-like) or a numbered paragraph that ends the plain text.
fn prose(seed: u64, paragraphs: usize) -> String {
    const WORDS: &[&str] = &[
        "the",
        "committee",
        "met",
        "on",
        "Tuesday",
        "and",
        "discussed",
        "the",
        "budget",
        "for",
        "the",
        "coming",
        "year;",
        "several",
        "members",
        "asked",
        "for",
        "more",
        "time.",
        "The",
        "minister",
        "said",
        "that",
        "it",
        "would",
        "consider",
        "the",
        "proposal,",
    ];
    let mut x = seed | 1;
    let mut next = |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    let mut out = String::new();
    for _ in 0..paragraphs {
        match next(20) {
            0 => out.push_str("BACKGROUND\n\n"),
            1 => out.push_str("SMITH\n\n"),
            2 => out.push_str("1. A NUMBERED PARAGRAPH.\n\n"),
            _ => {}
        }
        for _ in 0..1 + next(5) {
            let words: Vec<&str> = (0..3 + next(9)).map(|_| WORDS[next(WORDS.len())]).collect();
            out.push_str(&words.join(" "));
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// Texts with no cable in them, or a cable after a long plain stretch.
fn plain_bases() -> Vec<(String, String)> {
    vec![
        ("prose".into(), prose(7, 60)),
        ("lone cr".into(), "\r".repeat(200)),
        (
            "blank lines, then a cable".into(),
            format!("{}{SYNTHETIC}", "\n".repeat(70)),
        ),
        (
            "prose, a cable, lone cr, prose".into(),
            format!(
                "{}{SYNTHETIC}{}{}",
                prose(11, 30),
                "\r".repeat(50),
                prose(13, 30)
            ),
        ),
    ]
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn shared() -> PathBuf {
    repo_root().join("../shared")
}

/// At most this many bytes of any one real cable, to keep a case cheap.
const MAX_FILE: usize = 24 * 1024;

fn read_capped(path: &Path) -> Option<String> {
    let bytes = fs::read(path).ok()?;
    let mut text = String::from_utf8_lossy(&bytes).into_owned();
    if text.len() > MAX_FILE {
        let mut cut = MAX_FILE;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    Some(text)
}

struct Bases {
    /// Named texts held in memory: the synthetic one, the fixtures, the sample.
    fixed: Vec<(String, String)>,
    plain: Vec<(String, String)>,
    /// Real cables, read when a case draws them.
    corpus: Vec<PathBuf>,
}

fn bases() -> &'static Bases {
    static BASES: OnceLock<Bases> = OnceLock::new();
    small_limits();
    BASES.get_or_init(|| {
        let mut fixed = vec![("synthetic".to_string(), SYNTHETIC.to_string())];
        let mut fixtures = Vec::new();
        files_with_ext(&repo_root().join("tests/fixtures"), "cable", &mut fixtures);
        fixtures.sort();
        let mut all = String::new();
        for f in &fixtures {
            if let Some(t) = read_capped(f) {
                all.push_str(&t);
                fixed.push((f.display().to_string(), t));
            }
        }
        if !fixtures.is_empty() {
            fixed.push(("all fixtures".to_string(), all));
        } else {
            eprintln!("incremental: no tests/fixtures/*.cable, using the built-in text only");
        }
        let sample = shared().join("samples/lima-14540-foia-1992.txt");
        if let Some(t) = read_capped(&sample) {
            fixed.push((sample.display().to_string(), t));
        }
        let mut corpus = Vec::new();
        files_with_ext(&shared().join("corpus"), "txt", &mut corpus);
        corpus.sort();
        if corpus.is_empty() {
            eprintln!("incremental: no ../shared/corpus, real cables skipped");
        }
        Bases {
            fixed,
            plain: plain_bases(),
            corpus,
        }
    })
}

#[derive(Debug, Clone)]
enum Base {
    Fixed(usize),
    Plain(usize),
    Corpus(usize),
    /// Several real cables in one document.
    Concat(Vec<usize>),
}

impl Base {
    fn text(&self) -> (String, String) {
        let b = bases();
        match self {
            Base::Fixed(i) => b.fixed[i % b.fixed.len()].clone(),
            Base::Plain(i) => b.plain[i % b.plain.len()].clone(),
            Base::Corpus(i) => {
                let p = &b.corpus[i % b.corpus.len()];
                (p.display().to_string(), read_capped(p).unwrap_or_default())
            }
            Base::Concat(v) => {
                let mut name = String::from("concat:");
                let mut text = String::new();
                for i in v {
                    let p = &b.corpus[i % b.corpus.len()];
                    let _ = write!(name, " {}", p.display());
                    text.push_str(&read_capped(p).unwrap_or_default());
                }
                (name, text)
            }
        }
    }
}

/// A place in the current text, resolved when the edit is applied.
#[derive(Debug, Clone)]
enum Pos {
    /// Any byte offset, up to 16 past the end (inside characters and past the end included).
    Raw(u32),
    /// Far past the end.
    Huge,
    LineStart(u16),
    /// The end of a line's content; `true`: one byte further (between `\r` and `\n`).
    LineEnd(u16, bool),
    /// Inside a multi-byte character, when there is one.
    InChar(u16, u8),
    /// Near the first byte of a cable or section of the current parse: `off` bytes after it,
    /// or before it when `back`.
    Boundary(u16, u8, bool),
}

#[derive(Debug, Clone)]
enum Op {
    Insert(Pos, String),
    Delete(Pos, u16),
    Replace(Pos, u16, String),
    /// `start..end` as given (`end` may be before `start`).
    Range(Pos, Pos, String),
    /// Copy a whole line (with its terminator) to the start of another line.
    CopyLine(u16, u16),
    /// Copy a structural line (PAGE, NNNN, SECTION, caption, …) to the start of another line.
    CopyStructural(u16, u16),
    /// Copy a structural line into the middle of another line.
    CopyStructuralAt(u16, Pos),
    DeleteLines(u16, u8),
    /// Delete a line and insert it elsewhere (two edits).
    MoveLine(u16, u16),
    /// Replace from `before` bytes ahead of a structural line to `after` bytes past its end.
    AcrossStructural(u16, u16, u16, String),
}

fn pos_strategy() -> impl Strategy<Value = Pos> {
    prop_oneof![
        6 => any::<u32>().prop_map(Pos::Raw),
        1 => Just(Pos::Huge),
        4 => any::<u16>().prop_map(Pos::LineStart),
        3 => (any::<u16>(), any::<bool>()).prop_map(|(l, b)| Pos::LineEnd(l, b)),
        2 => (any::<u16>(), any::<u8>()).prop_map(|(i, o)| Pos::InChar(i, o)),
        4 => (any::<u16>(), 0u8..48, any::<bool>()).prop_map(|(i, o, b)| Pos::Boundary(i, o, b)),
    ]
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => proptest::sample::select(FRAGMENTS).prop_map(String::from),
        3 => "[A-Z0-9 .,:/()-]{1,12}",
        3 => "(\r|\n|\r\n|é|—|’|¶|😀| |[A-Z0-9]|\t){0,8}",
        // Breaks only for Unicode-aware splitters (ropey's `unicode_lines`, which must stay off).
        1 => "(\u{2028}|\u{2029}|\u{85}|\u{0B}|\u{0C}|\u{A0}|A){1,4}",
        1 => Just(String::new()),
    ]
}

fn op_strategy() -> impl Strategy<Value = Op> {
    let n = any::<u16>;
    prop_oneof![
        4 => (pos_strategy(), text_strategy()).prop_map(|(p, t)| Op::Insert(p, t)),
        3 => (pos_strategy(), 0u16..64).prop_map(|(p, l)| Op::Delete(p, l)),
        3 => (pos_strategy(), 0u16..64, text_strategy()).prop_map(|(p, l, t)| Op::Replace(p, l, t)),
        2 => (pos_strategy(), pos_strategy(), text_strategy())
            .prop_map(|(a, b, t)| Op::Range(a, b, t)),
        2 => (n(), n()).prop_map(|(a, b)| Op::CopyLine(a, b)),
        3 => (n(), n()).prop_map(|(a, b)| Op::CopyStructural(a, b)),
        1 => (n(), pos_strategy()).prop_map(|(a, p)| Op::CopyStructuralAt(a, p)),
        2 => (n(), 1u8..4).prop_map(|(a, c)| Op::DeleteLines(a, c)),
        1 => (n(), n()).prop_map(|(a, b)| Op::MoveLine(a, b)),
        2 => (n(), 0u16..200, 0u16..200, text_strategy())
            .prop_map(|(s, b, a, t)| Op::AcrossStructural(s, b, a, t)),
    ]
}

fn base_strategy() -> BoxedStrategy<Base> {
    let b = bases();
    let fixed = (0..b.fixed.len()).prop_map(Base::Fixed);
    let plain = (0..b.plain.len()).prop_map(Base::Plain);
    if b.corpus.is_empty() {
        return prop_oneof![3 => fixed, 2 => plain].boxed();
    }
    let n = b.corpus.len();
    prop_oneof![
        3 => fixed,
        2 => plain,
        3 => (0..n).prop_map(Base::Corpus),
        1 => proptest::collection::vec(0..n, 2..6).prop_map(Base::Concat),
    ]
    .boxed()
}

/// Line starts and content ends of `text`.
fn lines(text: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    for l in split_lines(text) {
        let content = l.trim_end_matches(['\r', '\n']).len();
        out.push((at, at + content, at + l.len()));
        at += l.len();
    }
    out
}

fn is_structural(line: &str) -> bool {
    let t = line.trim();
    const STARTS: &[&str] = &[
        "PAGE ",
        "NNNN",
        "VZCZC",
        "BT",
        "FM ",
        "TO ",
        "INFO",
        "ACTION",
        "UNCLAS",
        "CONFIDENTIAL",
        "C O N F",
        "SECRET",
        "S E C R E T",
        "LIMITED OFFICIAL USE",
        "E.O.",
        "TAGS",
        "SUBJECT",
        "---",
        "DE ",
        "This record",
    ];
    STARTS.iter().any(|s| t.starts_with(s))
        || t.contains(" OF 0")
        || t.contains("SECTION")
        || (t.split_whitespace().count() == 1 && t.len() >= 3)
}

/// First bytes of every cable and section of the current parse.
fn boundaries(doc: &Document) -> Vec<usize> {
    let mut out = Vec::new();
    for placed in doc.placed() {
        let c = placed.cable;
        for s in &c.sections {
            if let Some(&b) = c.line_starts.get(s.first_line as usize) {
                out.push(placed.start_byte + b);
            }
        }
    }
    out
}

fn resolve(text: &str, ls: &[(usize, usize, usize)], bounds: &[usize], p: &Pos) -> usize {
    let line = |i: u16| ls[i as usize % ls.len()];
    match *p {
        Pos::Raw(r) => r as usize % (text.len() + 17),
        Pos::Huge => usize::MAX,
        Pos::LineStart(i) => line(i).0,
        Pos::LineEnd(i, further) => line(i).1 + usize::from(further),
        Pos::InChar(i, o) => {
            let wide: Vec<(usize, usize)> = text
                .char_indices()
                .filter(|(_, c)| c.len_utf8() > 1)
                .map(|(b, c)| (b, c.len_utf8()))
                .collect();
            if wide.is_empty() {
                return text.len() / 2;
            }
            let (b, w) = wide[i as usize % wide.len()];
            b + 1 + o as usize % (w - 1)
        }
        Pos::Boundary(i, off, back) => {
            let b = bounds.get(i as usize % bounds.len().max(1)).copied();
            let b = b.unwrap_or(0);
            if back {
                b.saturating_sub(off as usize)
            } else {
                b + off as usize
            }
        }
    }
}

/// The edits an operation stands for, as `(start, end, new text)` on the current text.
fn plan(doc: &Document, text: &str, op: &Op) -> Vec<(usize, usize, String)> {
    let ls = lines(text);
    let bounds = boundaries(doc);
    let at = |p: &Pos| resolve(text, &ls, &bounds, p);
    let line = |i: u16| ls[i as usize % ls.len()];
    let line_text = |i: u16| {
        let (s, _, e) = line(i);
        text[s..e].to_string()
    };
    let structural = || -> Vec<u16> {
        ls.iter()
            .enumerate()
            .filter(|(_, &(s, c, _))| is_structural(&text[s..c]))
            .map(|(i, _)| i as u16)
            .collect()
    };
    let pick_structural = |k: u16| -> u16 {
        let s = structural();
        if s.is_empty() {
            k
        } else {
            s[k as usize % s.len()]
        }
    };
    match op {
        Op::Insert(p, t) => vec![(at(p), at(p), t.clone())],
        Op::Delete(p, l) => {
            let s = at(p);
            vec![(s, s.saturating_add(*l as usize), String::new())]
        }
        Op::Replace(p, l, t) => {
            let s = at(p);
            vec![(s, s.saturating_add(*l as usize), t.clone())]
        }
        Op::Range(a, b, t) => vec![(at(a), at(b), t.clone())],
        Op::CopyLine(from, to) => {
            let s = line(*to).0;
            vec![(s, s, line_text(*from))]
        }
        Op::CopyStructural(k, to) => {
            let s = line(*to).0;
            vec![(s, s, line_text(pick_structural(*k)))]
        }
        Op::CopyStructuralAt(k, p) => {
            let s = at(p);
            vec![(s, s, line_text(pick_structural(*k)))]
        }
        Op::DeleteLines(i, c) => {
            let first = *i as usize % ls.len();
            let last = (first + *c as usize - 1).min(ls.len() - 1);
            vec![(ls[first].0, ls[last].2, String::new())]
        }
        Op::MoveLine(from, to) => {
            let (s, _, e) = line(*from);
            let moved = text[s..e].to_string();
            let mut after = text.to_string();
            after.replace_range(s..e, "");
            let ls2 = lines(&after);
            let dest = ls2[*to as usize % ls2.len()].0;
            vec![(s, e, String::new()), (dest, dest, moved)]
        }
        Op::AcrossStructural(k, before, after, t) => {
            let (s, c, _) = line(pick_structural(*k));
            vec![(
                s.saturating_sub(*before as usize),
                c + *after as usize,
                t.clone(),
            )]
        }
    }
}

/// What `Document::edit` does with offsets: clamp to the length, move down to a character
/// boundary, and never let the end come before the start.
fn model_edit(model: &mut String, start: usize, end: usize, new_text: &str) {
    let snap = |b: usize| {
        let mut b = b.min(model.len());
        while !model.is_char_boundary(b) {
            b -= 1;
        }
        b
    };
    let s = snap(start);
    let e = snap(end).max(s);
    model.replace_range(s..e, new_text);
}

/// Where the incremental cables first differ from the fresh ones.
fn describe_mismatch(doc: &Document, model: &str) -> String {
    let fresh = parse(model);
    let inc = doc.cables();
    let first = inc
        .iter()
        .zip(fresh.iter())
        .position(|(a, b)| a != b)
        .unwrap_or(inc.len().min(fresh.len()));
    let lines = |c: &[std::sync::Arc<cable_grammar::syntax::Cable>]| {
        c.iter().map(|c| c.line_count()).collect::<Vec<_>>()
    };
    format!(
        "{} incremental vs {} fresh cables, first difference at cable {first}; line counts {:?} vs {:?}",
        inc.len(),
        fresh.len(),
        lines(inc),
        lines(&fresh)
    )
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// Apply one edit to both and compare; the error names everything needed to replay it.
fn check_edit(
    doc: &mut Document,
    model: &mut String,
    (start, end, new_text): &(usize, usize, String),
) -> Result<(), String> {
    let before = model.clone();
    let edited = catch_unwind(AssertUnwindSafe(|| doc.edit(*start, *end, new_text)));
    model_edit(model, *start, *end, new_text);
    let replay =
        || format!("text before {before:?}\nedit({start}, {end}, {new_text:?})\nafter {model:?}");
    if let Err(panic) = edited {
        return Err(format!(
            "Document::edit panicked: {}\n{}",
            panic_text(&*panic),
            replay()
        ));
    }
    if doc.text() != *model {
        return Err(format!("text differs from the model\n{}", replay()));
    }
    let fresh = match catch_unwind(|| parse(model)) {
        Ok(fresh) => fresh,
        Err(panic) => {
            return Err(format!(
                "parse panicked: {}\n{}",
                panic_text(&*panic),
                replay()
            ));
        }
    };
    if doc.cables() != fresh.as_slice() {
        return Err(format!("{}\n{}", describe_mismatch(doc, model), replay()));
    }
    Ok(())
}

/// Whether one edit of `text` breaks the invariant.
fn fails(text: &str, start: usize, end: usize, new_text: &str) -> bool {
    let mut doc = Document::new(text);
    let mut model = text.to_string();
    check_edit(&mut doc, &mut model, &(start, end, new_text.to_string())).is_err()
}

/// Make a failing edit smaller: drop whole lines away from the edited range while it still
/// fails (offsets past a dropped line move down with it).
fn minimize(text: &str, start: usize, end: usize, new_text: &str) -> (String, usize, usize) {
    let (mut text, mut start, mut end) = (text.to_string(), start, end);
    loop {
        let mut smaller = false;
        let ls = lines(&text);
        for &(ls_start, _, ls_end) in ls.iter().rev() {
            let len = ls_end - ls_start;
            if len == 0 || (ls_start < end.min(text.len()) + 1 && start < ls_end + 1) {
                continue;
            }
            let mut t = text.clone();
            t.replace_range(ls_start..ls_end, "");
            let shift = |b: usize| if b >= ls_end { b - len } else { b };
            let (s, e) = (shift(start), shift(end));
            if fails(&t, s, e, new_text) {
                (text, start, end) = (t, s, e);
                smaller = true;
            }
        }
        if !smaller {
            return (text, start, end);
        }
    }
}

/// Save the (smallest so far) failing edit where a person can find it.
fn save_failure(msg: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("incremental-failure.txt");
    let _ = fs::write(&path, msg);
    path
}

type Edit = (usize, usize, String);
static LAST_FAILURE: Mutex<Option<(String, Edit)>> = Mutex::new(None);
static EDITS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);
/// Edits after which the document held a plain-text piece (`Cable::cut`).
static CUT: AtomicUsize = AtomicUsize::new(0);

#[test]
fn random_edits_match_a_fresh_parse() {
    let cases = std::env::var("CABLE_PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(280);
    let config = Config {
        cases,
        // A failing case is shrunk, each step a whole replay: bound it.
        max_shrink_iters: 1024,
        max_shrink_time: 120_000,
        ..Config::default()
    };
    let started = Instant::now();
    let mut runner = TestRunner::new(config);
    let strategy = (
        base_strategy(),
        // 1 to 99 operations, about 50 on average (a move is two edits).
        proptest::collection::vec(op_strategy(), 1..100),
    );
    let result = runner.run(&strategy, |(base, ops)| {
        let (name, text) = base.text();
        let mut doc = Document::new(&text);
        let mut model = text;
        for (k, op) in ops.iter().enumerate() {
            let planned = catch_unwind(AssertUnwindSafe(|| plan(&doc, &model, op)));
            let planned = planned.map_err(|p| {
                TestCaseError::fail(format!("plan panicked on {op:?}: {}", panic_text(&*p)))
            })?;
            for edit in planned {
                let before = model.clone();
                if let Err(e) = check_edit(&mut doc, &mut model, &edit) {
                    let msg = format!("base {name}, op {k} {op:?}: {e}");
                    let path = save_failure(&msg);
                    *LAST_FAILURE.lock().unwrap() = Some((before, edit));
                    return Err(TestCaseError::fail(format!(
                        "base {name}, op {k} {op:?}: incremental parse differs; replay saved in {}",
                        path.display()
                    )));
                }
                EDITS.fetch_add(1, Ordering::Relaxed);
                if doc.cables().iter().any(|c| c.cut) {
                    CUT.fetch_add(1, Ordering::Relaxed);
                }
                BYTES.fetch_add(model.len(), Ordering::Relaxed);
            }
        }
        Ok(())
    });
    // Straight to stderr, past the test harness's capture, so every run shows the count.
    let _ = writeln!(
        std::io::stderr(),
        "incremental: {} edits checked against a fresh parse ({} on texts cut into plain \
         pieces; {} cases, {:.1} MB reparsed from scratch) in {:.1?}",
        EDITS.load(Ordering::Relaxed),
        CUT.load(Ordering::Relaxed),
        cases,
        BYTES.load(Ordering::Relaxed) as f64 / 1e6,
        started.elapsed()
    );
    // The acceptance asks for at least 10,000 edits per run (when the default case count
    // is in force).
    if result.is_ok() && std::env::var_os("CABLE_PROPTEST_CASES").is_none() {
        let edits = EDITS.load(Ordering::Relaxed);
        assert!(edits >= 10_000, "only {edits} edits were checked");
    }
    if let Err(e) = result {
        // The last failure seen is the one proptest shrank to: cut its text down further.
        if let Some((text, (start, end, new_text))) = LAST_FAILURE.lock().unwrap().take() {
            let (t, s, e) = minimize(&text, start, end, &new_text);
            let msg = format!("minimised: replay({t:?}, &[({s}, {e}, {new_text:?})]);\n");
            let _ = writeln!(std::io::stderr(), "{msg}");
            let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("incremental-minimised.txt");
            let _ = fs::write(path, msg);
        }
        let _ = writeln!(std::io::stderr(), "{e}");
        panic!("{e}");
    }
}

/// Replay one edit on `text` and assert the invariant.
fn replay(text: &str, edits: &[(usize, usize, &str)]) {
    small_limits();
    let mut doc = Document::new(text);
    let mut model = text.to_string();
    for &(s, e, t) in edits {
        if let Err(msg) = check_edit(&mut doc, &mut model, &(s, e, t.to_string())) {
            panic!("{msg}");
        }
    }
}

#[test]
fn offsets_are_clamped_and_snapped() {
    // Past the end, inside `é` (2 bytes) and inside `😀` (4 bytes), reversed ranges.
    replay(
        "AB é C\n😀\n",
        &[
            (4, 4, "x"),
            (usize::MAX, usize::MAX, "END"),
            (10, 12, ""),
            (6, 2, "-"),
            (1000, 3, "\n"),
        ],
    );
}

#[test]
fn line_breaks_join_and_split() {
    // A `\n` inserted after a lone `\r` joins the two into one break; deleting one half of a
    // `\r\n` splits it again.
    replay(
        "NNNN\rPAGE 01 LIMA 14540 01 OF 04 092105Z\r\nTEXT\n",
        &[(5, 5, "\n"), (4, 5, ""), (4, 4, "\r"), (0, 0, "\r")],
    );
    replay("A\r\nB", &[(2, 2, "x"), (1, 1, "\n"), (0, 1, "\r")]);
}

#[test]
fn structural_lines_moved_across_cables() {
    let text = SYNTHETIC;
    let page = "PAGE 01        ZAGREB  01189  02 OF 03  101200Z\n";
    let at = text.find(page).unwrap();
    let nnnn = text.find("NNNN\n").unwrap();
    let vz = text.find("VZCZC").unwrap();
    replay(
        text,
        &[
            // Delete the first terminator, then a PAGE header, then put both back elsewhere.
            (nnnn, nnnn + 5, ""),
            (at - 5, at - 5 + page.len(), ""),
            (vz - 5, vz - 5, page),
            (0, 0, "NNNN\n"),
            (vz, vz + 3, ""),
        ],
    );
}

#[test]
fn edit_inside_the_first_line_of_a_cable() {
    // The edit turns the second line (a cable's first line: a PAGE header of another cable)
    // into plain text, so the first cable must take it: the reparse has to start one cable
    // earlier than the one holding the edit.
    replay(
        "C O N F I D E N T I A L SECTION 01 OF 02 ZAGREB 001189\n\
         PAGE 01 QUITO 08812 01 OF 04 141530Z\n",
        &[(56, 68, "—😀’\r\né\n")],
    );
}

#[test]
fn only_cr_and_lf_break_lines() {
    // The rope and `split_lines` must agree on lines. Should ropey's `unicode_lines` feature
    // come on (by feature unification with another crate), U+2028, NEL, VT and FF would break
    // lines in the rope but not in the parser.
    let text =
        "PAGE 01 LIMA 14540 01 OF 04 092105Z\u{2028}A\u{85}B\u{0B}C\u{0C}D\u{2029}E\r\nF\rG\n";
    small_limits();
    let doc = Document::new(text);
    assert_eq!(doc.rope().len_lines(), split_lines(text).len());
    replay(
        text,
        &[(3, 3, "\u{2028}"), (40, 41, "\u{85}\r"), (0, 0, "\u{0C}\n")],
    );
}

#[test]
fn lead_run_reaching_past_the_working_set() {
    // The first cable ends where the lead of a later cable starts (the routing line); to see
    // that, its look-ahead runs over the routing line and both VZCZC lines to the caption.
    // The reparse's working set used to stop after the first VZCZC line, so the first cable
    // kept the routing line.
    replay(
        "UNCLAS SECTION 02 OF 03 ZAGREB 01189\n\
         E.O. 12356: N/A\n \
         HARBOUR WORKS AD THE COASTAL ROAD\n   \
         SP-00    /006W\n\
         VZCZCXYZ0042\r\n\
         VZCZCXYZ0042\r\n\
         UNCLAS SANTIAGO 000042\n",
        &[(0, 0, "\n")],
    );
}

#[test]
fn lead_that_is_a_whole_cable() {
    // A routing line cut off as a cable of its own (its look-ahead reached the partial-extract
    // note): an edit that breaks the note must re-parse from the cable before both.
    replay(
        "his record is a partial extract of the original cable. The full text of the original \
         cable is not available.\nACTION AF-00    \n\nThis record is a partial extract of the \
         original cable. The full text of the original cable is not available.\n",
        &[(133, 133, "’\n")],
    );
}

#[test]
fn an_unparsed_document_takes_edits_to_its_text_only() {
    small_limits();
    let mut doc = Document::unparsed("P 141530Z MAR 93\r\nFM AMEMBASSY QUITO\n");
    assert!(!doc.is_parsed());
    doc.edit(2, 4, "32");
    doc.edit(18, 18, "X\r");
    doc.edit(999, 999, "end");
    assert_eq!(doc.text(), "P 321530Z MAR 93\r\nX\rFM AMEMBASSY QUITO\nend");
    assert!(!doc.is_parsed() && doc.cables().is_empty());
    assert!(
        Document::new("").is_parsed(),
        "a parsed document always has a cable"
    );
}
