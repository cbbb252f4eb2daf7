//! Fixes: the edits that would resolve a diagnostic, in byte offsets like the diagnostic itself.
//!
//! A rule attaches its fixes to the diagnostic it reports (`Diagnostic::with_fix`), built from
//! what it already knows (the value most places agree on, the computed sum). A rule that says
//! nothing of a place has no fix for it, so a fix can never appear without its diagnostic.
//!
//! `safe`: there is one right answer and applying it changes nothing the transcriber meant
//! (`check --fix` and `source.fixAll` apply only these). `preferred`: the fix an editor offers
//! first (VS Code's "auto fix", `isPreferred`). A fix that is only a guess (a missing page or a
//! misprinted one?) is offered, neither safe nor preferred.

use std::fmt::Write;

use cable_grammar::TextRange;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: TextRange,
    pub new_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, for a menu: "Replace `RU` with `RS`".
    pub title: String,
    /// Non-overlapping, in order of position.
    pub edits: Vec<Edit>,
    pub preferred: bool,
    pub safe: bool,
}

impl Fix {
    /// `range` replaced by `new_text`, titled "Replace `old` with `new`"; neither safe nor
    /// preferred until said.
    pub fn replace(old: &str, range: TextRange, new_text: impl Into<String>) -> Fix {
        let new_text = new_text.into();
        Fix {
            title: format!("Replace `{old}` with `{new_text}`"),
            edits: vec![Edit { range, new_text }],
            preferred: false,
            safe: false,
        }
    }

    pub fn insert(title: impl Into<String>, at: usize, new_text: impl Into<String>) -> Fix {
        Fix {
            title: title.into(),
            edits: vec![Edit {
                range: TextRange::new(at, at),
                new_text: new_text.into(),
            }],
            preferred: false,
            safe: false,
        }
    }

    /// The one right answer: safe and preferred.
    pub fn safe(self) -> Fix {
        self.safe_if(true)
    }

    pub fn safe_if(mut self, safe: bool) -> Fix {
        self.safe = safe;
        self.preferred = safe;
        self
    }

    pub fn preferred(mut self) -> Fix {
        self.preferred = true;
        self
    }

    pub fn shifted(mut self, by: usize) -> Fix {
        for e in &mut self.edits {
            e.range = e.range.shift(by);
        }
        self
    }

    /// The range all its edits lie in.
    pub fn extent(&self) -> Option<TextRange> {
        let first = self.edits.first()?;
        let last = self.edits.last()?;
        Some(TextRange::new(first.range.start, last.range.end))
    }
}

/// `value` written with at least as many digits as `like` has, zero-padded (`7` like `08` is
/// `07`): fields keep the width the print gave them.
pub fn digits_like(value: u64, like: &str) -> String {
    let width = like.bytes().filter(u8::is_ascii_digit).count();
    format!("{value:0width$}")
}

/// `text` with its runs of digits replaced in turn by `values` (each keeping its run's width):
/// `03 OF 05` with `[3, 4]` is `03 OF 04`. Runs past the values are kept.
pub fn rewrite_numbers(text: &str, values: &[u64]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut values = values.iter();
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        let run = rest[start..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(rest.len(), |e| start + e);
        match values.next() {
            Some(&v) => {
                let _ = write!(out, "{}", digits_like(v, &rest[start..run]));
            }
            None => out.push_str(&rest[start..run]),
        }
        rest = &rest[run..];
    }
    out.push_str(rest);
    out
}

/// `text` with `edits` applied; the edits are sorted by position and must not overlap (an
/// edit overlapping one before it is left out).
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        let (start, end) = (e.range.start.min(text.len()), e.range.end.min(text.len()));
        if start < at || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(&e.new_text);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// One safe fix per diagnostic (its preferred one), leaving out each that overlaps one taken
/// before it or touches the same point: what `source.fixAll` and `check --fix` apply in one
/// pass. The diagnostics are taken in order of position. Two fixes that overlap are resolved
/// by applying the first and checking again.
pub fn safe_fixes<'a>(diags: impl IntoIterator<Item = &'a super::Diagnostic>) -> Vec<&'a Fix> {
    let mut chosen: Vec<&Fix> = Vec::new();
    let mut taken: Vec<TextRange> = Vec::new();
    for d in diags {
        let Some(fix) = d
            .fixes
            .iter()
            .filter(|f| f.safe)
            .max_by_key(|f| f.preferred)
        else {
            continue;
        };
        let clashes = fix.edits.iter().any(|e| {
            taken.iter().any(|t| {
                e.range.start < t.end && t.start < e.range.end
                    || e.range.start == t.start
                    || e.range.end == t.end
            })
        });
        if clashes {
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| e.range));
        chosen.push(fix);
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_width() {
        assert_eq!(digits_like(7, "08"), "07");
        assert_eq!(digits_like(99, "/098W"), "099");
        assert_eq!(digits_like(1000, "99"), "1000");
        assert_eq!(rewrite_numbers("03 OF 05", &[3, 4]), "03 OF 04");
        assert_eq!(rewrite_numbers("002 OF 002", &[2, 3]), "002 OF 003");
        assert_eq!(rewrite_numbers("/098W", &[99]), "/099W");
        assert_eq!(rewrite_numbers("1 OF 2", &[1]), "1 OF 2");
    }

    #[test]
    fn edits_apply_in_order_and_never_overlap() {
        let e = |s, end, t: &str| Edit {
            range: TextRange::new(s, end),
            new_text: t.into(),
        };
        assert_eq!(apply("abcdef", &[e(4, 5, "E"), e(0, 1, "A")]), "AbcdEf");
        assert_eq!(apply("abcdef", &[e(0, 3, "X"), e(2, 4, "Y")]), "Xdef");
        assert_eq!(apply("abc", &[e(3, 3, "\nNNNN")]), "abc\nNNNN");
        // Not on a character boundary: left out rather than a panic.
        assert_eq!(apply("é", &[e(1, 2, "x")]), "é");
    }
}
