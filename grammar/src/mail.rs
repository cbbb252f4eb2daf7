//! Mail-client headers in front of a cable. Some records are a cable as a mail client showed
//! it: a Lotus Notes view (`Diana T Fritz  12/06/2006 06:09:38 PM  From  DB/Inbox:  Search
//! Results`, `Cable`, `Text:`, an echo of the caption, then the receiving post's distribution
//! fields `CXABU:`, `ACTION: POL`, `INFO:   RSO AMB`, `DISSEMINATION: POL`, `CHARGE: PROG`) or
//! an Outlook header (`From:`, `Sent:`, `To:`, `Subject:`). That block is not the cable's: its
//! caption echo names the cable but is no caption of it, and its `INFO:` is no addressee.

use crate::line::{LexedLine, LineKind, StampKind, LEADING_BLANKS};
use memchr::memmem::Finder;
use std::sync::LazyLock;

/// How far from a cable's start a mail header block is looked for.
pub(crate) const MAX_BLOCK: usize = 60;

static FROM: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(" From "));

/// Lotus Notes' first line: a name, then `MM/DD/YYYY HH:MM:SS AM|PM`, then `From` and the
/// folder (`… 12/06/2006 06:09:38 PM  From  DB/Inbox:  Search Results`).
pub fn is_notes_opener(trimmed: &str) -> bool {
    // Asked of every line: most have no `:` at all (the time has two), which one vectorised
    // search tells before the compiled ` From ` search runs.
    if memchr::memchr(b':', trimmed.as_bytes()).is_none() {
        return false;
    }
    let Some(from) = FROM.find(trimmed.as_bytes()) else {
        return false;
    };
    let mut before = trimmed[..from].split_whitespace().rev();
    let (Some(half), Some(time), Some(date)) = (before.next(), before.next(), before.next()) else {
        return false;
    };
    let shaped = |s: &str, pattern: &str| {
        s.len() == pattern.len()
            && s.bytes().zip(pattern.bytes()).all(|(b, p)| {
                if p == b'9' {
                    b.is_ascii_digit()
                } else {
                    b == p
                }
            })
    };
    matches!(half, "AM" | "PM")
        && (shaped(time, "99:99:99") || shaped(time, "9:99:99"))
        && (shaped(date, "99/99/9999") || shaped(date, "9/99/9999") || shaped(date, "9/9/9999"))
        && trimmed[from + 6..].contains(':')
}

/// `Key:` or `Key: value` with a one-word key: the fields of both clients' headers.
fn is_field(trimmed: &str, kind: &LineKind) -> bool {
    let Some((key, rest)) = trimmed.split_once(':') else {
        return false;
    };
    // `TAGS:`, `SUBJECT:`, `REF:` are the cable's own caption fields.
    !matches!(kind, LineKind::Caption(_) | LineKind::Tags(_))
        && (2..=20).contains(&key.len())
        && key.bytes().all(|b| b.is_ascii_alphabetic())
        && (rest.is_empty() || rest.starts_with([' ', '\t']))
}

fn is_opener(trimmed: &str, kind: &LineKind) -> bool {
    matches!(kind, LineKind::Stamp(StampKind::MailHeader)) || trimmed.starts_with("From: ")
}

/// Lines that belong to the telegram: a mail header block ends before the first of them.
fn is_telegram(kind: &LineKind) -> bool {
    !matches!(
        kind,
        LineKind::Blank
            | LineKind::Text(_)
            | LineKind::Classification(_)
            | LineKind::Handling
            | LineKind::Stamp(_)
            | LineKind::Underline
    )
}

/// A caption before any opener is the cable's: what follows it is the cable's too.
fn is_caption(kind: &LineKind) -> bool {
    matches!(kind, LineKind::Classification(c) if c.serial.is_some() || c.section.is_some())
}

/// How many lines at the start of `lexed` form a mail header block: from the start through the
/// last header field before the telegram's first line, if an opener (the Notes line or
/// `From:`) comes first; else 0.
pub fn block_end(texts: &[&str], lexed: &[LexedLine]) -> usize {
    let mut opened = false;
    let mut end = 0;
    for (i, (text, line)) in texts.iter().zip(lexed).take(MAX_BLOCK).enumerate() {
        let trimmed = text.trim_start_matches(LEADING_BLANKS).trim_end();
        if is_opener(trimmed, &line.kind) || (opened && is_field(trimmed, &line.kind)) {
            opened = true;
            end = i + 1;
        } else if is_telegram(&line.kind) || (!opened && is_caption(&line.kind)) {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notes_opener_is_known_by_its_date_time_and_folder() {
        assert!(is_notes_opener(
            "Ann B Clerk  03/14/2005 10:02:11 AM  From  DB/Inbox:  Search Results"
        ));
        assert!(is_notes_opener(
            "A CLERK 3/4/2005 9:02:11 PM From DB/Inbox: View"
        ));
        assert!(!is_notes_opener(
            "THE REPORT CAME FROM THE MINISTRY: NO DATE"
        ));
        assert!(!is_notes_opener(
            "MET 03/14/2005 10:02 AM From the minister: yes"
        ));
    }

    fn lex(text: &str) -> (Vec<&str>, Vec<LexedLine>) {
        let lines: Vec<&str> = text.lines().collect();
        let lexed = lines.iter().map(|l| LexedLine::lex(l)).collect();
        (lines, lexed)
    }

    #[test]
    fn the_block_runs_to_its_last_field_before_the_telegram() {
        let notes = "null\nAnn B Clerk  03/14/2005 10:02:11 AM  From  DB/Inbox:  Search Results\n\
                     Cable\nText:\nUNCLAS        QUITO 00042\n\nSIPDIS\nCXQUI:\n    ACTION: ECON\n\
                     \x20   INFO:   AMB DCM\n\nVZCZCXYZ0001\nP 141530Z MAR 05\n";
        let (t, l) = lex(notes);
        assert_eq!(block_end(&t, &l), 10);
        let outlook = "From: Clerk, Ann B\nSent: Monday, March 14, 2005 10:02 AM\nTo: Desk\n\
                       Subject: FW: cable\n\nUNCLAS SECTION 01 OF 02 QUITO 000042\nSIPDIS\n\
                       E.O. 12958: N/A\nTAGS: ECON\n";
        let (t, l) = lex(outlook);
        assert_eq!(block_end(&t, &l), 4, "the caption after it is the cable's");
        let cable = "UNCLAS QUITO 000042\nFrom: the minister's office\nE.O. 12958: N/A\n";
        let (t, l) = lex(cable);
        assert_eq!(block_end(&t, &l), 0, "no opener at the start");
    }
}
