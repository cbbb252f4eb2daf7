//! Where a long text with no cable in it is cut into pieces. A file of prose, or of a million
//! lone `\r`, has no line that starts a cable: whole, it would be one cable, and every edit in
//! it would parse all of it again. So a cable whose lines have all been blank or plain text
//! (no header, caption, paragraph number, quote marker, stamp) ends, once it is long enough,
//! before a line chosen from that line and the one before it alone: the fresh parse and the
//! incremental one make the same cut, and an edit moves only the cuts near it.
//!
//! The piece after a cut starting with a plain line is parsed as the text around it would
//! have been (the cable was in its body, and a fresh cable reading a plain line goes there);
//! it ends up a cable of its own, with no diagnostics, as the plain text was.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::line::{LexedLine, LineKind};

/// The sizes, in lines, that decide the cuts and how far a cable's end depends on the lines
/// after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A run of blank, banner and header lines longer than this is no cable's lead: the
    /// look-ahead for one (`parser::lead_end`) stops there, so a cable's end never depends on
    /// lines further away.
    pub lead: usize,
    /// A plain cable is cut no sooner than this.
    pub min: usize,
    /// A blank line after a blank line is a cut from here on (blank lines carry nothing to
    /// choose by).
    pub blank: usize,
    /// A paragraph's first line (after a blank line) is a cut when the hash of its text
    /// picks it (one in `every`), and from here on whatever its hash.
    pub max: usize,
    pub every: usize,
}

pub const DEFAULT: Limits = Limits {
    lead: 256,
    min: 256,
    blank: 1024,
    max: 4096,
    every: 32,
};

/// Limits of a few lines, so that short texts meet cuts and capped leads: what the property
/// test and the `edits` fuzz target set (with [`set_limits`]).
#[doc(hidden)]
pub const SMALL: Limits = Limits {
    lead: 12,
    min: 8,
    blank: 20,
    max: 40,
    every: 3,
};

static LEAD: AtomicUsize = AtomicUsize::new(DEFAULT.lead);
static MIN: AtomicUsize = AtomicUsize::new(DEFAULT.min);
static BLANK: AtomicUsize = AtomicUsize::new(DEFAULT.blank);
static MAX: AtomicUsize = AtomicUsize::new(DEFAULT.max);
static EVERY: AtomicUsize = AtomicUsize::new(DEFAULT.every);

pub fn limits() -> Limits {
    Limits {
        lead: LEAD.load(Ordering::Relaxed),
        min: MIN.load(Ordering::Relaxed),
        blank: BLANK.load(Ordering::Relaxed),
        max: MAX.load(Ordering::Relaxed),
        every: EVERY.load(Ordering::Relaxed),
    }
}

/// Smaller limits, so that the property tests meet cuts and capped leads in short texts. It
/// changes every parse of the process: a test binary sets it once, before any parse.
#[doc(hidden)]
pub fn set_limits(l: Limits) {
    LEAD.store(l.lead.max(1), Ordering::Relaxed);
    MIN.store(l.min.max(1), Ordering::Relaxed);
    BLANK.store(l.blank.max(1), Ordering::Relaxed);
    MAX.store(l.max.max(1), Ordering::Relaxed);
    EVERY.store(l.every.max(1), Ordering::Relaxed);
}

/// How many lines past a cut the decision to cut there looked at: the mail header a cable
/// starting at the cut would have (`mail::block_end`), and the look-ahead for a lead from the
/// line before.
pub fn looks_past_cut(l: &Limits) -> usize {
    crate::mail::MAX_BLOCK.max(l.lead) + 1
}

/// Whether a plain cable (see the module's comment) of `n` lines so far ends before line `n`.
/// The line before must be blank, so no quote marker is split over the cut; the line must be
/// blank or plain text, and not the kind of line a signature is (a cable's last text line is
/// its signature when it looks like one: the piece before the cut must not end in one).
pub fn cuts_before(texts: &[&str], lexed: &[LexedLine], n: usize, l: &Limits) -> bool {
    if n < l.min || !matches!(lexed[n - 1].kind, LineKind::Blank) {
        return false;
    }
    let chosen = match &lexed[n].kind {
        LineKind::Blank => n >= l.blank,
        LineKind::Text(shape) => {
            lexed[n].fused.is_none()
                && !shape.signature_like
                && (n >= l.max || picked(texts[n], l.every))
        }
        _ => false,
    };
    chosen && crate::mail::block_end(&texts[n..], &lexed[n..]) == 0
}

/// One text line in `every`, by its content (FNV-1a): the same line is picked wherever it
/// stands, so inserting lines before it does not move the cut.
fn picked(text: &str, every: usize) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in text.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (h >> 32) % every as u64 == 0
}
