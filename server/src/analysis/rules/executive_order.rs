//! eo-era: the executive order an E.O. line cites was not in force on the cable's date, or is
//! no order on classification at all (`E.O. 12985`, a typo for 12958).
//!
//! Lenient where real cables are: an order counts from the day it was signed (cables cite a
//! new order before it takes effect), and a replaced order is tolerated until its
//! `cited_until` year, because templates lagged for years (E.O. 12356 on cables of 2001-2004,
//! FORMAT.md §4.3). A line saying the cable was DECLASSIFIED under an order is a later
//! marking on an older cable (FORMAT.md §4.3: `E.O. 12958: AS AMENDED; DECLASSIFIED …` on
//! cables of 1966), not a citation.

use cable_grammar::caption::executive_order;
use cable_grammar::syntax::Role;

use crate::analysis::calendar::day_words;
use crate::analysis::fix::Fix;
use crate::analysis::reference::{executive_orders, find, Date};
use crate::analysis::{CableText, Code, Diagnostic};

pub fn eo_era(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let c = ct.cable;
    let date = ct.message_date();
    for (i, role) in c.roles.iter().enumerate() {
        if *role != Role::ExecutiveOrder {
            continue;
        }
        let line = i as u32;
        let text = ct.line(line);
        let eo = executive_order(text);
        let Some(order) = eo.order else {
            continue;
        };
        if is_later_marking(text) {
            continue;
        }
        // The number as read: look-alikes as digits (`I2356`, ocr-confusion's).
        let number = order.value.to_string();
        if let Some(message) = problem(&number, date) {
            let range = ct.range(line, order.span);
            let mut diag = Diagnostic::new(Code::EoEra, range, message);
            // No order has these digits but one with them rearranged: a slip of the hand.
            if find(executive_orders(), &number).is_none() {
                if let Some(like) = same_digits(&number) {
                    let written = order.span.text(text);
                    diag = diag.with_fix(Fix::replace(written, range, like).safe());
                }
            }
            out.push(diag);
        }
    }
}

/// Whether an E.O. line records a later declassification (`E.O. 12958: AS AMENDED;
/// DECLASSIFIED JUNE 21, 2006`) rather than cite the order the cable was classified under.
pub fn is_later_marking(line: &str) -> bool {
    executive_order(line)
        .instruction
        .is_some_and(|s| s.text(line).to_ascii_uppercase().contains("DECLASSIFIED"))
}

/// What is wrong with citing order `number` on a cable of `date` (when the cable has one).
pub fn problem(number: &str, date: Option<Date>) -> Option<String> {
    let Some(e) = find(executive_orders(), number) else {
        let mut msg = format!("E.O. {number} is no executive order on classification");
        match same_digits(number) {
            Some(like) => msg.push_str(&format!(": perhaps E.O. {like} (the same digits)")),
            None => {
                let known: Vec<&str> = executive_orders().iter().map(|(n, _)| *n).collect();
                msg.push_str(&format!(" (those are {})", known.join(", ")));
            }
        }
        return Some(msg);
    };
    let date = date?;
    if date < e.signed {
        return Some(format!(
            "E.O. {number} was signed on {}; this cable is dated {}, before it existed",
            day_words(e.signed),
            day_words(date)
        ));
    }
    let replaced_on = e.replaced_on?;
    let tolerated = e.cited_until.is_some_and(|year| date.0 <= year);
    (date >= replaced_on && !tolerated).then(|| {
        format!(
            "E.O. {number} was replaced by E.O. {} on {}; this cable is dated {}",
            e.replaced_by,
            day_words(replaced_on),
            day_words(date)
        )
    })
}

/// A known order written with its digits in another order (`12985`, `12598` for 12958).
pub fn same_digits(number: &str) -> Option<&'static str> {
    let sorted = |s: &str| {
        let mut d: Vec<u8> = s.bytes().collect();
        d.sort_unstable();
        d
    };
    let digits = sorted(number);
    executive_orders()
        .iter()
        .find(|(n, _)| sorted(n) == digits)
        .map(|(n, _)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems() {
        assert_eq!(problem("12356", Some((1990, 5, 1))), None);
        assert_eq!(problem("12356", None), None);
        assert_eq!(
            problem("12958", Some((1994, 3, 12))).as_deref(),
            Some("E.O. 12958 was signed on 17 April 1995; this cable is dated 12 March 1994, before it existed")
        );
        // Signed, not yet effective: cables cite the new order already.
        assert_eq!(problem("12958", Some((1995, 6, 1))), None);
        // Replaced in October 1995, typed from stale templates until 2004.
        assert_eq!(problem("12356", Some((2003, 1, 1))), None);
        assert_eq!(
            problem("12356", Some((2006, 2, 3))).as_deref(),
            Some("E.O. 12356 was replaced by E.O. 12958 on 14 October 1995; this cable is dated 3 February 2006")
        );
        assert_eq!(problem("11652", Some((1979, 1, 5))), None);
        assert!(problem("11652", Some((1985, 1, 5))).is_some());
        assert_eq!(problem("13526", Some((2030, 1, 1))), None);
        assert_eq!(
            problem("12985", None).as_deref(),
            Some("E.O. 12985 is no executive order on classification: perhaps E.O. 12958 (the same digits)")
        );
        assert!(problem("19523", Some((2009, 1, 1)))
            .is_some_and(|m| m.ends_with("12958, 13292, 13526)")));
    }
}
