//! Explanations of the small codes found inside lines: release and reason codes, words of the
//! declassification instruction, TAGS entries, office symbols, portion marks. Each takes the
//! token's text and returns markdown, or `None` when it is not such a code.

use cable_grammar::Span;

use crate::analysis::calendar;
use crate::analysis::reference::{self as r, family, find, TagSource};
use crate::analysis::rules::country_keyword;

/// The token at byte `col` of `line` (a cursor right after a token also hits it): a run of
/// bytes that are neither blanks nor one of `seps`, without a final `.` or `,` and without
/// wrapping parentheses. All trimmed bytes are ASCII, so the span lies on char boundaries.
pub fn token_at(line: &str, col: usize, seps: &[u8]) -> Option<Span> {
    let b = line.as_bytes();
    let is_sep = |c: u8| c.is_ascii_whitespace() || seps.contains(&c);
    if col > b.len() {
        return None;
    }
    let mut s = col;
    if s == b.len() || is_sep(b[s]) {
        if s == 0 || is_sep(b[s - 1]) {
            return None;
        }
        s -= 1;
    }
    while s > 0 && !is_sep(b[s - 1]) {
        s -= 1;
    }
    let mut e = col.max(s);
    while e < b.len() && !is_sep(b[e]) {
        e += 1;
    }
    while e > s && matches!(b[e - 1], b'.' | b',') {
        e -= 1;
    }
    if e > s + 1 && b[s] == b'(' && b[e - 1] == b')' {
        s += 1;
        e -= 1;
    } else if e > s && b[s] == b'(' {
        s += 1;
    } else if e > s && b[e - 1] == b')' && !b[s..e].contains(&b'(') {
        e -= 1;
    }
    (e > s).then(|| Span::new(s, e))
}

/// `B1`, `B7(C)`, `1.5(D)`, `1.4(b)`, `25X6`, `1.6X1`, `X6`, `XGDS2`, and the words and
/// dates of a declassification instruction (`OADR`, `DECL`, `03/14/2018`).
pub fn code(token: &str) -> Option<String> {
    let up = token.to_ascii_uppercase();
    let u = up.as_str();
    foia(u)
        .or_else(|| exemption(u))
        .or_else(|| {
            let (section, rest) = u.split_at_checked(3)?;
            matches!(section, "1.4" | "1.5").then(|| reason(section, rest.trim_start()))
        })
        .or_else(|| find(r::decl_forms(), u).map(|what| format!("**{u}**: {what}.")))
        .or_else(|| date(token))
}

/// `B1`, `B7(C)`.
fn foia(u: &str) -> Option<String> {
    let (digit, sub) = split_letter(u.strip_prefix('B')?)?;
    let what = find(r::release_codes(family::FOIA), digit)?;
    let mut md = format!("**FOIA exemption (b)({digit})** of 5 U.S.C. 552: withheld as {what}.");
    if let Some(l) = sub {
        match find(r::release_codes(family::FOIA_7), l).filter(|_| digit == "7") {
            Some(s) => md.push_str(&format!(" Clause (b)(7)({l}): release {s}.")),
            None => md.push_str(&format!(" Sub-clause ({l}).")),
        }
    }
    Some(md)
}

/// `25X6`, `1.6X1`, `X6`, `XGDS2`.
fn exemption(u: &str) -> Option<String> {
    if let Some(what) = u
        .strip_prefix("25X")
        .and_then(|n| find(r::release_codes(family::X25), n))
    {
        return Some(format!(
            "**{u}**: exempt from declassification after 25 years (E.O. 12958 Sec. 3.4(b), E.O. 13526 Sec. 3.3(b)) because release would {what}."
        ));
    }
    if let Some(n) = u.strip_prefix("XGDS") {
        let what = find(r::release_codes(family::XGDS), n)?;
        return Some(format!(
            "**{u}**: exempt from the General Declassification Schedule (E.O. 11652 Sec. 5(B)({n})): {what}."
        ));
    }
    let n = u.strip_prefix("1.6X").or_else(|| u.strip_prefix('X'))?;
    let what = find(r::release_codes(family::X), n)?;
    Some(format!(
        "**{u}**: exempt from the 10-year declassification rule of E.O. 12958 (Sec. 1.6(d)({n})) because release would {what} {}.",
        r::EXEMPTIONS_X_NOTE
    ))
}

/// `D` -> `("D", None)`, `7(C)` -> `("7", Some("C"))`, `7C`.
fn split_letter(s: &str) -> Option<(&str, Option<&str>)> {
    let digit = s.get(..1)?;
    let rest = &s[1..];
    let sub = match rest.len() {
        0 => None,
        1 if rest.bytes().all(|b| b.is_ascii_alphabetic()) => Some(rest),
        3 if rest.starts_with('(') && rest.ends_with(')') => Some(&rest[1..2]),
        _ => return None,
    };
    Some((digit, sub))
}

/// Sec. 1.5 (E.O. 12958 of 1995) or Sec. 1.4 (as amended in 2003, and E.O. 13526), with the
/// letters that follow: `(D)`, `B`, `(B-D)`, `(B/D)`, `(B, D)`.
pub fn reason(section: &str, letters: &str) -> String {
    let (table, order) = if section == "1.5" {
        (r::release_codes(family::SEC_1_5), "E.O. 12958 (1995)")
    } else {
        (
            r::release_codes(family::SEC_1_4),
            "E.O. 12958 as amended in 2003, and E.O. 13526",
        )
    };
    let picked = reason_letters(letters);
    if picked.is_empty() {
        return format!(
            "**Sec. {section}** of {order}: the reasons a cable may be classified; the letters that follow name them."
        );
    }
    let mut md = format!("**Sec. {section}** of {order}: classified because it concerns");
    for (i, l) in picked.iter().enumerate() {
        let s = l.to_string();
        let what = find(table, &s).copied().unwrap_or("(no such category)");
        let sep = if i == 0 { " " } else { "; " };
        md.push_str(&format!("{sep}({}) {what}", l.to_ascii_lowercase()));
    }
    md.push('.');
    if section == "1.5" {
        md.push_str(" (Renumbered 1.4 in 2003; cables kept writing 1.5 for a while.)");
    }
    md
}

/// The letters of `(B-D)`, `B/D`, `(b) and (d)`: ranges expanded, at most a–h.
fn reason_letters(s: &str) -> Vec<char> {
    let b: Vec<char> = s
        .chars()
        .map(|c| c.to_ascii_uppercase())
        .filter(|c| c.is_ascii_alphabetic() || *c == '-')
        .collect();
    // `AND` between letters is a word, not three categories.
    let text: String = b.iter().collect();
    let text = text.replace("AND", "");
    let b: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphabetic() {
            if b.get(i + 1) == Some(&'-') && b.get(i + 2).is_some_and(|d| d.is_ascii_alphabetic()) {
                let end = b[i + 2];
                for x in c..=end.min('H') {
                    out.push(x);
                }
                i += 3;
                continue;
            }
            out.push(c);
        }
        i += 1;
    }
    out.dedup();
    out.truncate(8);
    out
}

/// `03/14/2018`, `11/29/10`, `12-31-84`: month, day, year as on E.O. lines.
fn date(token: &str) -> Option<String> {
    let parts: Vec<&str> = token.split(['/', '-']).collect();
    let [m, d, y] = parts[..] else {
        return None;
    };
    let num = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (m, d, yy) = (num(m)?, num(d)?, num(y)?);
    let year = match y.len() {
        2 => i64::from(cable_grammar::dtg::expand_year(yy as u16)),
        4 => i64::from(yy),
        _ => return None,
    };
    if !calendar::valid_date(year, m, d) {
        return Some(format!(
            "**Date** `{token}` (month/day/year): no such date."
        ));
    }
    Some(format!(
        "**Date** `{token}` (month/day/year): {} ({year:04}-{m:02}-{d:02}).",
        calendar::date_words(year, m, d)
    ))
}

/// One TAGS entry as written (`PHUM`, `PE`, `(ORTIZ, CLEMENTE)`), among the entries
/// `line_words` of its line, on a cable of `year` when its DTG says.
pub fn tags_entry(entry: &str, line_words: &[&str], year: Option<u16>) -> String {
    if entry.starts_with('(') {
        return format!(
            "**TAGS name** `{entry}`: a person the cable is about, surname first (TAGS such as OVIP and OREP are written with the name of the person)."
        );
    }
    let code = entry.to_ascii_uppercase();
    let c = code.as_str();
    let mut lines: Vec<String> = Vec::new();
    if let Some((title, source)) = r::subject_tag(c) {
        let category = r::subject_category(c);
        lines.push(match source {
            TagSource::Handbook => format!("**{c}**: subject TAGS, {category}: {title}."),
            TagSource::Handbook1974 => {
                format!("**{c}**: subject TAGS, {category}: {title} (the 1974 handbook's title).")
            }
            TagSource::Retired => format!(
                "**{c}**: subject TAGS of the 1970s, {category}: {title} (not in the current list)."
            ),
            TagSource::Inferred => format!(
                "**{c}**: subject TAGS, {category}: {title} (title inferred from the code and the 1974 list, not from the handbook)."
            ),
            TagSource::Unknown => format!(
                "**{c}**: subject TAGS, {category}; its title is not in cable-ls's sources."
            ),
        });
    }
    if let Some(title) = find(r::program_tags(), c) {
        // Rows that no source confirms say so themselves (`server/data/program-tags.tsv`).
        lines.push(format!(
            "**{c}**: program TAGS (K TAGS, from 1985): {title}."
        ));
    }
    if let Some(name) = find(r::countries(), c) {
        let mut s = format!("**{c}**: geographic TAGS (FIPS 10-4 country code): {name}.");
        if let Some(iso) = find(r::iso_clashes(), c) {
            s.push_str(&format!(
                " TAGS use FIPS, not ISO 3166, where `{c}` would be {iso}."
            ));
        }
        if let Some(iso) = r::iso_code_of(c) {
            s.push_str(&format!(" Its ISO 3166 code is `{iso}`."));
        }
        if let Some(former) = find(r::former_names(), c) {
            let name = former.name;
            match year {
                Some(y) if former.years.contains(y) => s.push_str(&format!(
                    " In {y}, the date of this cable, the country was {name}."
                )),
                _ => {
                    let years = former.years.words().unwrap_or_default();
                    s.push_str(&format!(" Formerly {name} ({years})."));
                }
            }
        }
        lines.push(s);
    }
    if let Some(h) = find(r::historical_countries(), c) {
        lines.push(historical_country(c, h, year));
    }
    if let Some(name) = find(r::regions(), c) {
        lines.push(format!(
            "**{c}**: the Department's world-region TAGS: {name}."
        ));
    }
    if let Some(name) = find(r::organizations(), c) {
        lines.push(format!("**{c}**: organization TAGS: {name}."));
    }
    if let Some((seen, meaning)) = find(r::post_keywords(), c) {
        lines.push(format!(
            "**{c}**: not a TAGS code but a post's own keyword: {meaning}. Seen on cables of {seen}."
        ));
    }
    if let Some((country, code)) = country_keyword(c, |w| line_words.contains(&w)) {
        let country_name = find(r::countries(), country).copied().unwrap_or(country);
        lines.push(format!(
            "**{c}**: not a TAGS code but a post's own filing keyword, the country code `{country}` ({country_name}) and `{code}` run together. On `{code}`:\n\n{}",
            tags_entry(code, &[], year)
        ));
    }
    if lines.is_empty() {
        return format!("TAGS entry `{entry}`: not a code cable-ls knows.");
    }
    lines.join("\n\n")
}

fn historical_country(c: &str, h: &r::HistoricalCountry, year: Option<u16>) -> String {
    let mut s = format!(
        "**{c}**: geographic TAGS of an earlier FIPS edition: {}",
        h.meaning
    );
    if let Some(years) = h.years.words() {
        s.push_str(&format!(", {years}"));
    }
    s.push('.');
    if let Some(codes) = h.successor_list() {
        s.push_str(&format!(" Replaced by {codes}."));
    }
    if let Some(y) = year.filter(|&y| !h.in_use(y)) {
        s.push_str(&format!(
            " This cable is dated {y}, when `{c}` no longer (or not yet) had this meaning."
        ));
        if let Some((fips, name)) = find(r::iso_to_fips(), c) {
            s.push_str(&format!(
                " `{c}` is also the ISO 3166 code of {name}, whose TAGS code is `{fips}`."
            ));
        }
    }
    s
}

/// `ARA-01`: office symbol and count.
pub fn office(token: &str, role: Option<&str>) -> String {
    let (symbol, count) = token.rsplit_once('-').unwrap_or((token, ""));
    let name = find(r::offices(), symbol)
        .map(|n| format!(": {n}"))
        .unwrap_or_else(|| " (an office symbol not in cable-ls's table)".into());
    let mut md = format!("**{symbol}**{name}.");
    if let Some(role) = role {
        md.push_str(&format!(" {role}"));
    }
    md.push_str(&format!(
        "\n\nCount `{count}`: the copies distributed to that office (the usual reading; not confirmed by cable-ls's sources). The block's `/nnn` total is the sum of all counts."
    ));
    md
}

/// A paragraph's portion mark `(C)`, `(S/NF)`, `(SBU)`, `(U//FOUO)`.
pub fn portion_mark(mark: &str) -> Option<String> {
    let inner = mark.trim_start_matches('(').trim_end_matches(')');
    let mut parts = Vec::new();
    for p in inner.split(['/', ' ', '-']).filter(|p| !p.is_empty()) {
        parts.push(match p {
            "U" => "UNCLASSIFIED",
            "C" => "CONFIDENTIAL",
            "S" => "SECRET",
            "TS" => "TOP SECRET",
            "LOU" => "LIMITED OFFICIAL USE",
            "SBU" => "SENSITIVE BUT UNCLASSIFIED",
            "NF" | "NOFORN" => "not releasable to foreign nationals (NOFORN)",
            "FOUO" => "FOR OFFICIAL USE ONLY",
            "REL" => "releasable to the countries named",
            "ENTIRE" | "TEXT" => continue,
            _ => return None,
        });
    }
    if parts.is_empty() {
        return None;
    }
    Some(format!(
        "**Portion mark** `{mark}`: this paragraph is {}.",
        parts.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(line: &str, col: usize) -> &str {
        token_at(line, col, b",;:")
            .map(|s| s.text(line))
            .unwrap_or("-")
    }

    #[test]
    fn tokens() {
        let line = "B1, 1.5(D) DECL:(1.6X1). é";
        assert_eq!(tok(line, 0), "B1");
        assert_eq!(tok(line, 2), "B1");
        assert_eq!(tok(line, 3), "-");
        assert_eq!(tok(line, 6), "1.5(D)");
        assert_eq!(tok(line, 12), "DECL");
        assert_eq!(tok(line, 18), "1.6X1");
        assert_eq!(tok(line, 26), "é");
        assert_eq!(tok(line, 27), "é");
        assert_eq!(tok(line, 99), "-");
        assert_eq!(tok("", 0), "-");
        assert_eq!(tok("()", 1), "-");
    }

    #[test]
    fn codes() {
        let has = |t: &str, want: &str| {
            let got = code(t).unwrap_or_default();
            assert!(got.contains(want), "{t}: {got}");
        };
        has("B1", "(b)(1)");
        has("b6", "personal privacy");
        has("B7(C)", "privacy");
        has("1.5(D)", "foreign relations");
        has("1.4(b)", "foreign government information");
        has("25X6", "foreign government");
        has("1.6X5", "foreign government information");
        has("X6", "10-year");
        has("XGDS1", "in confidence");
        has("OADR", "Originating Agency");
        has("03/14/2018", "Wednesday 14 March 2018");
        has("12-31-84", "Monday 31 December 1984");
        has("02/30/2010", "no such date");
        assert_eq!(code("B0"), None);
        assert_eq!(code("25X0"), None);
        assert_eq!(code("HELLO"), None);
        assert_eq!(code("1/2"), None);
    }

    #[test]
    fn reasons() {
        assert!(
            reason("1.4", "(B-D)").contains("(b) foreign government information; (c) intelligence")
        );
        assert!(reason("1.4", "(b) and (d)").contains("(d) foreign relations"));
        assert!(!reason("1.4", "(b) and (d)").contains("(a)"));
        assert!(reason("1.5", "").contains("letters that follow"));
    }

    #[test]
    fn tags() {
        assert!(tags_entry("PHUM", &[], None).contains("Human Rights"));
        assert!(tags_entry("PE", &[], None).contains("Peru"));
        let ch = tags_entry("CH", &[], None);
        assert!(
            ch.contains("Switzerland") && ch.ends_with("Its ISO 3166 code is `CN`."),
            "{ch}"
        );
        assert!(tags_entry("SP", &[], None).ends_with("Spain. Its ISO 3166 code is `ES`."));
        assert!(
            !tags_entry("PE", &[], None).contains("ISO"),
            "Peru is PE in both"
        );
        assert!(tags_entry("UR", &[], None).contains("Soviet Union"));
        assert!(tags_entry("XF", &[], None).contains("Middle East"));
        assert!(tags_entry("OAS", &[], None).contains("Organization of American States"));
        assert!(tags_entry("UR", &[], Some(1985)).contains("Replaced by `RS`, `UP`"));
        assert!(tags_entry("UR", &[], Some(2005)).contains("dated 2005"));
        assert!(tags_entry("HUMANR", &[], None).contains("human rights"));
        let vt = tags_entry("VTPREL", &["VT", "VTPREL"], None);
        assert!(
            vt.contains("`VT` (Vatican City)") && vt.contains("External political relations"),
            "{vt}"
        );
        assert!(tags_entry("VTPREL", &["VTPREL"], None).contains("not a code"));
        assert!(tags_entry("(ORTIZ, CLEMENTE)", &[], None).contains("surname first"));
        assert_eq!(
            tags_entry("QQQQ", &[], None),
            "TAGS entry `QQQQ`: not a code cable-ls knows."
        );
    }
}
