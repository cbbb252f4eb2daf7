//! What applying a fix must do, shared by the fixture, protocol and corpus tests: the
//! diagnostic it was offered for is gone and no other appeared.

use super::diagnose;

/// Code and message of every diagnostic, sorted: lines move when a fix inserts one, so a
/// diagnostic is known by what it says.
pub fn said(text: &str) -> Vec<(&'static str, String)> {
    let mut out: Vec<_> = diagnose(text)
        .into_iter()
        .map(|f| (f.code, f.message))
        .collect();
    out.sort();
    out
}

/// `Err` with the reason unless `after` says everything `before` said except `fixed` (a code
/// and message), and nothing else. A fix may resolve more than its own diagnostic (a misprint
/// that put two places out of step), never add one.
pub fn resolved(before: &str, after: &str, fixed: (&str, &str)) -> Result<(), String> {
    let mut expected = said(before);
    let Some(at) = expected
        .iter()
        .position(|(c, m)| *c == fixed.0 && m == fixed.1)
    else {
        return Err(format!("{fixed:?} was not reported before the fix"));
    };
    expected.remove(at);
    let mut left = expected;
    let mut new = Vec::new();
    for d in said(after) {
        match left.iter().position(|x| *x == d) {
            Some(i) => {
                left.remove(i);
            }
            None => new.push(d),
        }
    }
    if new.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "after the fix for {fixed:?}, new diagnostics: {new:?}"
        ))
    }
}

/// The lines that differ between two texts, as `- old` and `+ new` lines (line ends made
/// visible) under the 1-based number of the first old line. Fixes change a few lines each, so
/// a line is matched with the next one or two on the other side, not by a full diff.
pub fn changed_lines(before: &str, after: &str) -> String {
    let a: Vec<&str> = before.split_inclusive('\n').collect();
    let b: Vec<&str> = after.split_inclusive('\n').collect();
    let shown = |l: &str| l.replace('\r', "\\r").replace('\n', "\\n");
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            (i, j) = (i + 1, j + 1);
            continue;
        }
        out.push_str(&format!("  line {}:\n", i + 1));
        // An inserted line: the old one comes next on the new side.
        if i < a.len() && j + 1 < b.len() && a[i] == b[j + 1] {
            out.push_str(&format!("    + {}\n", shown(b[j])));
            j += 1;
            continue;
        }
        if i < a.len() {
            out.push_str(&format!("    - {}\n", shown(a[i])));
            i += 1;
        }
        if j < b.len() {
            out.push_str(&format!("    + {}\n", shown(b[j])));
            j += 1;
        }
    }
    out
}
