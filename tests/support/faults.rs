//! The five faults of the grammar issue, each typed into the LIMA-style fixture
//! (`tests/fixtures/lima-style.cable`): shared by the rule tests and the protocol tests.

use super::{line_of, replace_line};

pub struct Fault {
    pub code: &'static str,
    /// Finds the line to edit (1-based) and returns the edited text and the expected lines of
    /// the diagnostic (inclusive range).
    pub apply: fn(&str) -> (String, usize, usize),
}

fn first_line(text: &str, pred: impl Fn(&str) -> bool) -> usize {
    line_of(text, pred).expect("the fixture has the line this mutation edits")
}

pub const FAULTS: &[Fault] = &[
    Fault {
        code: "missing-terminator",
        apply: |t| {
            let n = first_line(t, |l| l == "NNNN");
            let next_section = n + t
                .lines()
                .skip(n)
                .position(|l| l.starts_with("PAGE 01"))
                .unwrap();
            // After the deletion the next section's PAGE 01 moves up one line.
            (replace_line(t, n, None), n - 1, next_section)
        },
    },
    Fault {
        code: "section-count",
        apply: |t| {
            let n = first_line(t, |l| l.contains("SECTION 03 OF 04"));
            let line = t
                .lines()
                .nth(n - 1)
                .unwrap()
                .replace("SECTION 03 OF 04", "SECTION 03 OF 05");
            (replace_line(t, n, Some(&line)), n, n)
        },
    },
    Fault {
        code: "malformed-dtg",
        apply: |t| {
            let n = first_line(t, |l| l.starts_with("P ") && l.ends_with(" MAR 93"));
            let line = t.lines().nth(n - 1).unwrap();
            let bad = format!("P 32{}", &line[4..]);
            (replace_line(t, n, Some(&bad)), n, n)
        },
    },
    Fault {
        code: "routing-total",
        apply: |t| {
            let n = first_line(t, |l| l.contains("/080W"));
            let line = t.lines().nth(n - 1).unwrap().replace("/080W", "/079W");
            (replace_line(t, n, Some(&line)), n, n)
        },
    },
    Fault {
        code: "paragraph-number",
        apply: |t| {
            let n = first_line(t, |l| l.starts_with("9. "));
            let line = t.lines().nth(n - 1).unwrap()[3..].to_string();
            let ten = first_line(t, |l| l.starts_with("10. "));
            (replace_line(t, n, Some(&line)), n, ten)
        },
    },
];
