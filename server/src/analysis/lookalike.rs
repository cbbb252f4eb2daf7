//! OCR look-alikes: the digits and letters OCR reads for one another in scanned releases
//! (`0`/`O`, `1`/`I`/`l`, `5`/`S`, `8`/`B`, `2`/`Z`, `6`/`G`; the grammar's table). Where a
//! field's format does not make the reading plain (a TAGS code: `EA1R` may be `EAIR` or
//! `EALR`), the readings are tried against what the field accepts.

use cable_grammar::lookalike::GROUPS;

/// The characters OCR may have printed as `c`, `c` first; `[c]` when it has no look-alike.
/// Never a lower-case letter: the fields that say which reading is right are upper case (an
/// `l` is only ever read as `1` or `I`).
pub fn readings_of(c: char) -> Vec<char> {
    let mut out = vec![c];
    if let Some(group) = GROUPS.iter().find(|g| g.contains(&c)) {
        out.extend(
            group
                .iter()
                .copied()
                .filter(|&o| o != c && !o.is_lowercase()),
        );
    }
    out
}

/// The readings of `text` beyond this many are not tried: a field is a few characters, and a
/// long run of look-alikes has no single reading worth trusting.
const MAX_READINGS: usize = 4096;

/// The one text other than `text` that `valid` accepts among those made by reading any of its
/// characters for which `may_differ(index, char)` holds as a look-alike (the index counts
/// characters); `None` when there is none, more than one, or too many to try.
pub fn unique_reading(
    text: &str,
    may_differ: impl Fn(usize, char) -> bool,
    valid: impl Fn(&str) -> bool,
) -> Option<String> {
    match <[String; 1]>::try_from(readings(text, may_differ, valid, 2)) {
        Ok([one]) => Some(one),
        Err(_) => None,
    }
}

/// The texts other than `text` that `valid` accepts among those made by reading any of its
/// characters for which `may_differ(index, char)` holds as a look-alike, in order, at most
/// `limit` of them; none when there are too many readings to try.
pub fn readings(
    text: &str,
    may_differ: impl Fn(usize, char) -> bool,
    valid: impl Fn(&str) -> bool,
    limit: usize,
) -> Vec<String> {
    let choices: Vec<Vec<char>> = text
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if may_differ(i, c) {
                readings_of(c)
            } else {
                vec![c]
            }
        })
        .collect();
    let count = choices
        .iter()
        .try_fold(1usize, |n, c| n.checked_mul(c.len()));
    let mut found = Vec::new();
    let Some(count) = count.filter(|&n| n <= MAX_READINGS) else {
        return found;
    };
    let mut candidate = String::with_capacity(text.len());
    for mut k in 0..count {
        candidate.clear();
        for c in &choices {
            candidate.push(c[k % c.len()]);
            k /= c.len();
        }
        if candidate != text && valid(&candidate) {
            found.push(candidate.clone());
            if found.len() >= limit {
                break;
            }
        }
    }
    found
}

/// How `found` differs from `meant` in words, for a message or a fix's title: "`0` read for
/// `O`".
pub fn describe(found: &str, meant: &str) -> String {
    let swaps: Vec<String> = found
        .chars()
        .zip(meant.chars())
        .filter(|(f, m)| f != m)
        .map(|(f, m)| format!("`{f}` read for `{m}`"))
        .collect();
    swaps.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_reading_or_none() {
        let months = ["JAN", "JUL", "JUN", "NOV", "OCT"];
        let month = |s: &str| months.contains(&s);
        let any = |_, _| true;
        assert_eq!(unique_reading("N0V", any, month).as_deref(), Some("NOV"));
        assert_eq!(unique_reading("JU1", any, month).as_deref(), Some("JUL"));
        assert_eq!(unique_reading("NOV", any, month), None, "nothing to undo");
        assert_eq!(unique_reading("XYZ", any, month), None);
        assert_eq!(
            unique_reading("N0V", |_, c: char| c.is_ascii_alphabetic(), month),
            None,
            "only letters may differ"
        );
        // Two readings: no guess.
        let two = |s: &str| s == "S0" || s == "5O";
        assert_eq!(unique_reading("50", any, two), None);
        assert_eq!(describe("PG0V", "PGOV"), "`0` read for `O`");
        assert_eq!(readings_of('x'), vec!['x']);
        assert!(unique_reading(&"0".repeat(40), any, |_| true).is_none());
    }
}
