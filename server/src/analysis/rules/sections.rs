//! `section-count` and `missing-terminator`.

use cable_grammar::syntax::{DeclarationSource, Role, Section, SectionDeclaration};

use super::majority::first_of_most_common;
use crate::analysis::fix::{rewrite_numbers, Fix};
use crate::analysis::{CableText, Code, Diagnostic};

fn found_text(
    ct: &CableText<'_>,
    line: u32,
    source: DeclarationSource,
    span: cable_grammar::Span,
) -> String {
    let text = ct.span_text(line, span);
    match source {
        DeclarationSource::Caption => format!("SECTION {text}"),
        DeclarationSource::PageHeader => format!("`{text}` in the PAGE header"),
        DeclarationSource::SectionBreak => format!("`{text}`"),
    }
}

/// The total most sections agree on (the first one on a tie).
fn agreed_total(sections: &[Section]) -> Option<u32> {
    let totals: Vec<u32> = sections
        .iter()
        .flat_map(|s| s.declarations.iter().map(|d| d.section.total))
        .collect();
    Some(totals[first_of_most_common(totals.iter())?])
}

/// The declaration that stands for a section: its caption's when that agrees with the cable's
/// total (the drafter's line), else the first that agrees, else the first.
fn primary(s: &Section, total: u32) -> Option<SectionDeclaration> {
    let agrees = |d: &&SectionDeclaration| d.section.total == total;
    s.declarations
        .iter()
        .filter(agrees)
        .find(|d| d.source == DeclarationSource::Caption)
        .or_else(|| s.declarations.iter().find(agrees))
        .or(s.declarations.first())
        .copied()
}

pub fn section_count(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let c = ct.cable;
    let Some(total) = agreed_total(&c.sections) else {
        return;
    };
    let Some(first) = c.sections.iter().find_map(|s| primary(s, total)) else {
        return;
    };
    let first_anchor = c
        .sections
        .iter()
        .find(|s| s.declared().is_some())
        .map(|s| s.anchor_line());
    let mut expected = first.section.number;
    for s in &c.sections {
        // The declaration that stands for the section is checked against the sequence, the
        // others against it (a PAGE header contradicting its section's caption).
        let Some(primary) = primary(s, total) else {
            continue;
        };
        let primary_at = s
            .declarations
            .iter()
            .position(|d| *d == primary)
            .unwrap_or(0);
        for (k, d) in s.declarations.iter().enumerate() {
            let is_primary = k == primary_at;
            let (want_number, want_total) = if is_primary {
                (expected, total)
            } else {
                (primary.section.number, primary.section.total)
            };
            let beyond = d.section.number > d.section.total || d.section.number == 0;
            if d.section.number == want_number && d.section.total == want_total && !beyond {
                continue;
            }
            let found = found_text(ct, d.line, d.source, d.section.span);
            let msg = if d.section.total != want_total {
                let whose = if is_primary {
                    "the other sections say"
                } else {
                    "its section says"
                };
                format!(
                    "section {want_number} of {want_total} expected here, found {found} ({whose} OF {want_total:02})"
                )
            } else if !is_primary {
                format!(
                    "section {want_number} of {want_total} expected here, found {found} (its section says {want_number:02})"
                )
            } else if beyond || d.section.number > total {
                format!("the cable has {total} sections, found {found} (beyond the total)")
            } else if d.section.number < want_number {
                format!(
                    "section {want_number} of {want_total} expected here, found {found} (repeated or out of order)"
                )
            } else {
                let missing = if d.section.number == want_number + 1 {
                    format!("section {want_number} is missing")
                } else {
                    format!(
                        "sections {want_number} to {} are missing",
                        d.section.number - 1
                    )
                };
                format!("section {want_number} of {want_total} expected here, found {found} ({missing})")
            };
            // A total against the other sections', or a PAGE header against its own caption,
            // has one right answer; a section number out of sequence may be a section the
            // record lost, so writing the expected one is only offered.
            let safe =
                !is_primary || (d.section.total != want_total && d.section.number == want_number);
            let written = ct.span_text(d.line, d.section.span);
            let fix = Fix::replace(
                written,
                ct.range(d.line, d.section.span),
                rewrite_numbers(written, &[want_number.into(), want_total.into()]),
            )
            .safe_if(safe);
            let mut diag =
                Diagnostic::new(Code::SectionCount, ct.range(d.line, d.section.span), msg)
                    .with_fix(fix);
            let (other, note) = if is_primary {
                (first_anchor, "the cable's first section starts here")
            } else {
                (Some(primary.line), "the header of its section")
            };
            if let Some(a) = other.filter(|&a| a != d.line) {
                diag = diag.related(ct.trimmed_line_range(a), note);
            }
            out.push(diag);
        }
        // Resynchronise on what the section says, so that one gap gives one diagnostic.
        expected = if (1..=total).contains(&primary.section.number) {
            primary.section.number + 1
        } else {
            expected + 1
        };
    }
}

/// The last line of a section that is not blank, a stamp or a banner.
fn last_content_line(ct: &CableText<'_>, s: &Section) -> Option<u32> {
    (s.first_line..s.end_line)
        .rev()
        .find(|&l| !is_filler(ct, l))
}

pub fn missing_terminator(ct: &CableText<'_>, out: &mut Vec<Diagnostic>) {
    let c = ct.cable;
    let n = c.sections.len();
    // Sections merged by Cablegate (`POST 00000197 002 OF 002`) never carry NNNN.
    let print_section = |s: &Section| {
        s.declarations
            .first()
            .is_none_or(|d| d.source != DeclarationSource::SectionBreak)
    };
    // NNNN after the last section alone says nothing about the others: a Cablegate text may
    // end with one after merged sections.
    let layout_uses_nnnn = n > 1
        && c.sections
            .iter()
            .any(|s| s.terminator.is_some() && print_section(s))
        && c.sections.iter().filter(|s| print_section(s)).count() > 1;
    if !layout_uses_nnnn {
        return;
    }
    let label = |s: &Section, i: usize| match s.declared() {
        Some(d) => format!("section {} of {}", d.number, d.total),
        None => format!("section {}", i + 1),
    };
    for (i, s) in c.sections.iter().enumerate() {
        if s.terminator.is_some() || !print_section(s) || s.declared().is_none() {
            continue;
        }
        let Some(fix) = insert_terminator(ct, i, s, c.sections.get(i + 1), &label(s, i)) else {
            continue;
        };
        let diag = match c.sections.get(i + 1) {
            Some(next) => Diagnostic::new(
                Code::MissingTerminator,
                ct.trimmed_line_range(next.first_line),
                format!(
                    "{} ends without NNNN: expected NNNN before {} starts here",
                    label(s, i),
                    label(next, i + 1)
                ),
            ),
            None => {
                let Some(line) = last_content_line(ct, s) else {
                    continue;
                };
                Diagnostic::new(
                    Code::MissingTerminator,
                    ct.trimmed_line_range(line),
                    format!("{} ends without NNNN at the end of the cable", label(s, i)),
                )
            }
        };
        out.push(
            diag.related(
                ct.trimmed_line_range(s.anchor_line()),
                format!("{} starts here", label(s, i)),
            )
            .with_fix(fix),
        );
    }
}

/// Where a section's `NNNN` stands in this cable, learnt from the section nearest to `near`
/// that has one: how many lines (blanks, a banner, stamps) lie between the last content and
/// the `NNNN`, and how many between it and the next section's header (a page's padding
/// varies, the gap before the next header does not).
struct TerminatorLayout {
    before: u32,
    after: Option<u32>,
}

fn terminator_layout(ct: &CableText<'_>, near: usize) -> Option<TerminatorLayout> {
    let c = ct.cable;
    let mut order: Vec<usize> = (0..c.sections.len()).filter(|&i| i != near).collect();
    order.sort_by_key(|&i| (i.abs_diff(near), i < near));
    order.into_iter().find_map(|i| {
        let s = &c.sections[i];
        let t = s.terminator?;
        let content = (s.first_line..t).rev().find(|&l| !is_filler(ct, l))?;
        Some(TerminatorLayout {
            before: t - content - 1,
            after: c
                .sections
                .get(i + 1)
                .map(|n| n.anchor_line().saturating_sub(t + 1)),
        })
    })
}

/// A line that is no content: blank, a stamp or a banner.
fn is_filler(ct: &CableText<'_>, line: u32) -> bool {
    matches!(
        ct.cable.roles[line as usize],
        Role::Blank | Role::Stamp | Role::Banner
    )
}

/// The `NNNN` line for `line`, as the print writes it there. Prints that end a banner with
/// a print-queue tag (`CONFIDENTIAL     PTQ8737`) fuse the section's `NNNN` with the tag of
/// the banner that follows it (`NNNNPTQ8737`: 65 of the corpus's 65 such banners after an
/// `NNNN`); and the line ends in the blanks the line above it ends in (a print that pads
/// every line pads `NNNN` too, one that does not, does not: 299 of 299 in the corpus, also
/// in cables whose sections differ).
fn terminator_text(ct: &CableText<'_>, line: u32, until: u32) -> String {
    let tag = (line..until)
        .filter(|&l| ct.cable.roles.get(l as usize) == Some(&Role::Banner))
        .find_map(|l| print_queue_tag(ct.line(l)))
        .unwrap_or("");
    let above = ct.line(line.saturating_sub(1));
    let pad = &above[above.trim_end().len()..];
    format!("NNNN{tag}{pad}")
}

/// The last word of a banner when it is a print-queue tag: capitals, then digits.
fn print_queue_tag(banner: &str) -> Option<&str> {
    let word = banner.split_whitespace().next_back()?;
    let digits = word.trim_start_matches(|c: char| c.is_ascii_uppercase());
    let tagged = digits.len() < word.len()
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && word.len() < banner.trim().len();
    tagged.then_some(word)
}

/// `NNNN` on a line of its own where this cable's other sections have it (after the same
/// blank lines and banners), else right after the section's last line of content; written as
/// the print writes it there, and ended as its neighbours are.
fn insert_terminator(
    ct: &CableText<'_>,
    i: usize,
    s: &Section,
    next: Option<&Section>,
    label: &str,
) -> Option<Fix> {
    let content = last_content_line(ct, s)?;
    let layout = terminator_layout(ct, i);
    let filler = |from: u32, to: u32| (from..to).all(|l| is_filler(ct, l));
    let learnt = layout.as_ref().and_then(|t| match (t.after, next) {
        (Some(after), Some(next)) => {
            let header = next.anchor_line();
            Some(header.checked_sub(after)?).filter(|&l| l > content && filler(l, header))
        }
        (_, Some(_)) => None,
        _ => Some(content + 1 + t.before).filter(|&l| l <= s.end_line && filler(content + 1, l)),
    });
    // No section to learn the gap before a header from: the print's usual one before the next
    // PAGE header, a blank line, the classification banner and a blank line (125 of 125 bare
    // `NNNN`s followed by a header in the corpus), or five blank lines before the banner when
    // it carries a print-queue tag (65 of 65).
    let usual = || {
        let header = next?.anchor_line();
        let roles = &ct.cable.roles;
        // The line before `at`, when it has `role` and lies after the content.
        let back = |at: u32, role: Role| {
            (at > content + 1 && roles[at as usize - 1] == role).then(|| at - 1)
        };
        let mut line = back(header, Role::Blank).unwrap_or(header);
        let mut blanks = 1;
        if let Some(banner) = back(line, Role::Banner) {
            if print_queue_tag(ct.line(banner)).is_some() {
                blanks = 5;
            }
            line = banner;
        }
        for _ in 0..blanks {
            line = back(line, Role::Blank).unwrap_or(line);
        }
        Some(line).filter(|&l| l > content && filler(l, header))
    };
    let line = learnt.or_else(usual).unwrap_or(content + 1);
    let text = terminator_text(ct, line, next.map_or(s.end_line, Section::anchor_line));
    let title = format!("Insert NNNN at the end of {label}");
    // Before the line it goes before, ended as the line above it; after the last line of the
    // text, which may have no line end, with the first line's.
    let fix = match ct.cable.line_starts.get(line as usize) {
        Some(&at) if (line as usize) < ct.cable.roles.len() => {
            let ending = line_ending(ct, line - 1).unwrap_or("\n");
            Fix::insert(title, at, format!("{text}{ending}"))
        }
        _ => {
            let last = ct.cable.roles.len().saturating_sub(1) as u32;
            let ending = line_ending(ct, 0).unwrap_or("\n");
            match line_ending(ct, last) {
                Some(e) => Fix::insert(title, ct.text.len(), format!("{text}{e}")),
                None => Fix::insert(
                    title,
                    ct.cable.line_range(last).end,
                    format!("{ending}{text}"),
                ),
            }
        }
    };
    Some(fix.safe())
}

/// The terminator of a line (`\n`, `\r\n` or `\r`); `None` for a last line without one.
fn line_ending<'a>(ct: &CableText<'a>, line: u32) -> Option<&'a str> {
    let end = ct.cable.line_range(line).end;
    let next = ct
        .cable
        .line_starts
        .get(line as usize + 1)
        .copied()
        .unwrap_or(ct.text.len());
    ct.text.get(end..next).filter(|e| !e.is_empty())
}
