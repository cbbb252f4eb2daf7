//! What the codes on a cable mean: small static tables for hover texts. Each table is sorted
//! by its key and searched by binary search, so a lookup never allocates. The wording is ours;
//! the facts come from `../shared/format/FORMAT.md` (§2.1, §4.3, §7, §8) and the TAGS data
//! in `../shared/format/tags/`. Where a fact is not confirmed by those sources the text says so.

mod data;

use std::collections::HashSet;
use std::sync::OnceLock;

pub use data::{
    countries, decl_forms, executive_orders, former_names, historical_countries, iso_clashes,
    iso_to_fips, offices, organizations, post_keywords, program_tags, regions, release_codes,
    subject_tags,
};

/// Whether a TAGS entry is known: a code, or a keyword of `post-keywords.tsv`. One hash
/// lookup instead of a binary search per table: a hostile TAGS line asks for every one of a
/// hundred thousand entries.
pub fn is_known_entry(code: &str) -> bool {
    static KNOWN: OnceLock<HashSet<&'static str>> = OnceLock::new();
    KNOWN
        .get_or_init(|| {
            let mut set: HashSet<&'static str> = HashSet::new();
            set.extend(subject_tags().iter().map(|(k, _)| *k));
            set.extend(historical_countries().iter().map(|(k, _)| *k));
            for t in [countries(), regions(), organizations(), program_tags()] {
                set.extend(t.iter().map(|(k, _)| *k));
            }
            set.extend(post_keywords().iter().map(|(k, _)| *k));
            set
        })
        .contains(code)
}

/// Whether a TAGS entry is a code of any kind: subject, geographic (current FIPS, historical,
/// world region), organization or program.
pub fn is_known_tag(code: &str) -> bool {
    subject_tag(code).is_some()
        || find(historical_countries(), code).is_some()
        || [countries(), regions(), organizations(), program_tags()]
            .into_iter()
            .any(|t| find(t, code).is_some())
}

/// Program (K) TAGS are first seen on cables of this year (FORMAT.md §7).
pub const PROGRAM_TAGS_FROM: u16 = 1985;
/// The 1970s subject codes had left the list by this year (NARA lists them for 1973-79).
pub const RETIRED_BY: u16 = 1980;

/// Whether a known entry was in use on a cable of `year`: not only as a 1970s subject code
/// from 1980 on, a program TAGS before 1985 or a historical code outside its years.
pub fn in_era(code: &str, year: u16) -> bool {
    subject_tag(code).is_some_and(|(_, s)| s != TagSource::Retired || year < RETIRED_BY)
        || find(program_tags(), code).is_some() && year >= PROGRAM_TAGS_FROM
        || find(historical_countries(), code).is_some_and(|h| h.in_use(year))
        || [countries(), regions(), organizations()]
            .into_iter()
            .any(|t| find(t, code).is_some())
        || find(post_keywords(), code).is_some()
}

/// The ISO 3166 code of the country whose FIPS code is `fips`, where the two differ.
pub fn iso_code_of(fips: &str) -> Option<&'static str> {
    iso_to_fips()
        .iter()
        .find(|(_, (f, _))| *f == fips)
        .map(|(iso, _)| *iso)
}

/// The years a meaning held: the first and the last, where known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Years {
    pub from: Option<u16>,
    pub until: Option<u16>,
}

impl Years {
    /// Whether the meaning held in `year`; `true` where the tables do not know.
    pub fn contains(self, year: u16) -> bool {
        self.from.is_none_or(|from| from <= year) && self.until.is_none_or(|until| year <= until)
    }

    /// `until 1991`, `from 1992 to 2006`, `from 1992`, or nothing when no year is known.
    pub fn words(self) -> Option<String> {
        match (self.from, self.until) {
            (Some(from), Some(until)) => Some(format!("from {from} to {until}")),
            (Some(from), None) => Some(format!("from {from}")),
            (None, Some(until)) => Some(format!("until {until}")),
            (None, None) => None,
        }
    }
}

/// A geographic code of an earlier FIPS edition (`UR`, `YO`).
#[derive(Debug)]
pub struct HistoricalCountry {
    pub meaning: &'static str,
    /// When the code meant `meaning`.
    pub years: Years,
    /// The codes of the countries that took its place, space-separated.
    pub successors: &'static str,
}

impl HistoricalCountry {
    /// Whether the code meant its country in `year`; `true` where the tables do not know.
    pub fn in_use(&self, year: u16) -> bool {
        self.years.contains(year)
    }

    /// The codes that replaced it, quoted: `` `EZ`, `LO` ``.
    pub fn successor_list(&self) -> Option<String> {
        let codes: Vec<String> = self
            .successors
            .split_whitespace()
            .map(|c| format!("`{c}`"))
            .collect();
        (!codes.is_empty()).then(|| codes.join(", "))
    }
}

/// The historical codes that meant, in `year`, what `code` came to mean (`YO` for `YI` in
/// 1985): the codes to use before `code` existed.
pub fn predecessors_in(code: &str, year: u16) -> impl Iterator<Item = &'static str> + '_ {
    historical_countries()
        .iter()
        .filter(move |(_, h)| h.in_use(year) && h.successors.split_whitespace().any(|s| s == code))
        .map(|(c, _)| *c)
}

/// A country whose FIPS code stayed while its name changed (`CG`: Zaire from 1971 to 1997).
#[derive(Debug)]
pub struct FormerName {
    pub name: &'static str,
    pub years: Years,
}

/// Binary search of a table sorted by its first field.
pub fn find<T>(table: &'static [(&'static str, T)], key: &str) -> Option<&'static T> {
    table
        .binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|i| &table[i].1)
}

/// Where a subject TAGS title comes from, so the hover can say how far to trust it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagSource {
    /// The current State TAGS handbook (5 FAH-3).
    Handbook,
    /// A current code whose title is only known from the 1974 handbook.
    Handbook1974,
    /// A 1970s code no longer in the current list (1974 handbook, NARA's 1973-79 lists).
    Retired,
    /// No source gives the title; ours, read from the code and its 1974 predecessor.
    Inferred,
    /// A current code with no known title: the description is its category.
    Unknown,
}

impl TagSource {
    /// The name used in `server/data/subject-tags.tsv`.
    pub fn from_name(name: &str) -> Option<TagSource> {
        use TagSource::*;
        [Handbook, Handbook1974, Retired, Inferred, Unknown]
            .into_iter()
            .find(|s| format!("{s:?}") == name)
    }
}

/// The category of a subject TAGS, named by its first letter (5 FAH-3 H-111). `O` was
/// Operations in the 1974 handbook (OVIP, OTRA); the current handbook calls it Outreach.
pub fn subject_category(code: &str) -> &'static str {
    match code.as_bytes().first() {
        Some(b'A') => "Administrative Affairs",
        Some(b'B') => "Business Services",
        Some(b'C') => "Consular Affairs",
        Some(b'E') => "Economic Affairs",
        Some(b'L') => "Legal",
        Some(b'M') => "Military and Defense Affairs",
        Some(b'O') => "Outreach (Operations in the 1974 handbook)",
        Some(b'P') => "Political Affairs",
        Some(b'S') => "Social Affairs",
        Some(b'T') => "Technology and Science",
        _ => "another category",
    }
}

pub fn subject_tag(code: &str) -> Option<(&'static str, TagSource)> {
    find(subject_tags(), code).copied()
}

/// Precedence letters of DTG lines and prosigns: (designation, meaning).
pub const PRECEDENCE_LETTERS: &[(&str, (&str, &str))] = &[
    (
        "O",
        ("IMMEDIATE", "\"operational immediate\"; routing line `OO`"),
    ),
    ("P", ("PRIORITY", "routing line `PP`")),
    ("R", ("ROUTINE", "routing line `RR`")),
    (
        "Y",
        ("EMERGENCY COMMAND PRECEDENCE", "military traffic only"),
    ),
    (
        "Z",
        (
            "FLASH",
            "the highest precedence; routing line `ZZ`, sent after the bell signal",
        ),
    ),
];

/// Precedence designations as written on addressee lines: (letter, meaning).
pub const PRECEDENCE_WORDS: &[(&str, (&str, &str))] = &[
    (
        "FLASH",
        ("Z", "the highest precedence. Usual handling target: as fast as possible, within about 10 minutes"),
    ),
    (
        "IMMEDIATE",
        ("O", "handle at once. Usual handling target: 30 minutes"),
    ),
    (
        "NIACT IMMEDIATE",
        ("O", "State's \"night action\" IMMEDIATE: the addressee must act on it regardless of the time of day or night, and the drafter has to justify it in paragraph 1. Written after the post's name; ACP 127 has no prosign for it, the DTG line carries `O`"),
    ),
    (
        "PRIORITY",
        ("P", "handle before routine traffic. Usual handling target: 3 hours. Common in historical traffic; no longer in State's list of precedences since about 2017"),
    ),
    (
        "ROUTINE",
        ("R", "normal handling. Usual handling target: 6 hours. Not written on addressee lines"),
    ),
];

/// Said once under a handling target, because no source cable-ls was built from confirms them.
pub const HANDLING_NOTE: &str =
    "Handling targets are the usual military speed-of-service objectives, not confirmed by cable-ls's sources.";

/// A day as `(year, month, day)`, ordered as dates are.
pub type Date = (u16, u8, u8);

/// An executive order on classification, as E.O. lines cite it.
#[derive(Debug)]
pub struct ExecutiveOrder {
    pub name: &'static str,
    pub signed: Date,
    pub effective: Date,
    /// The order that took its place, and the day that one took effect.
    pub replaced_by: &'static str,
    pub replaced_on: Option<Date>,
    /// The last year cables still cite it without fault: templates lag behind a new order.
    pub cited_until: Option<u16>,
    pub decl_forms: &'static str,
    pub text: &'static str,
}

/// Families of release and exemption codes in `server/data/release-codes.tsv`.
pub mod family {
    /// FOIA exemptions of 5 U.S.C. 552(b), as stamped on State releases (`B1`, `B6`).
    pub const FOIA: &str = "FOIA";
    /// Sub-clauses of exemption (b)(7) (`B7(C)`).
    pub const FOIA_7: &str = "FOIA-7";
    /// E.O. 12958 (1995) Sec. 1.5: the reasons information may be classified.
    pub const SEC_1_5: &str = "1.5";
    /// Sec. 1.4 of E.O. 12958 as amended (2003) and of E.O. 13526.
    pub const SEC_1_4: &str = "1.4";
    /// 25-year exemptions (E.O. 12958 Sec. 3.4(b), E.O. 13526 Sec. 3.3(b)): release would…
    pub const X25: &str = "25X";
    /// E.O. 12958 Sec. 1.6(d): exemptions from the 10-year rule (`X1`, `1.6X1`).
    pub const X: &str = "X";
    /// E.O. 11652 Sec. 5(B) exemption categories (`XGDS1`-`XGDS4`).
    pub const XGDS: &str = "XGDS";
}

pub const EXEMPTIONS_X_NOTE: &str = "(list of Sec. 1.6(d) not verified against the order's text)";

/// Classification words: what the designation meant.
pub const CLASSIFICATIONS: &[(&str, &str)] = &[
    ("CONFIDENTIAL", "disclosure could damage the national security"),
    ("LIMITED OFFICIAL USE", "an administrative control designation, not a national security classification; used until the 1990s"),
    ("SECRET", "disclosure could seriously damage the national security"),
    ("TOP SECRET", "disclosure could gravely damage the national security"),
    ("UNCLASSIFIED", "not classified (written `UNCLAS`)"),
    ("[REDACTED]", "the classification word itself was redacted in the FOIA release"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_entries_are_the_codes_and_keywords_of_every_table() {
        let by_tables = |e: &str| is_known_tag(e) || find(post_keywords(), e).is_some();
        let mut entries: Vec<&str> = vec!["ZZ", "QQQQ", "IRAN", "", "pgov", "PGOVX"];
        entries.extend(subject_tags().iter().map(|(k, _)| *k));
        entries.extend(historical_countries().iter().map(|(k, _)| *k));
        for t in [countries(), regions(), organizations(), program_tags()] {
            entries.extend(t.iter().map(|(k, _)| *k));
        }
        entries.extend(post_keywords().iter().map(|(k, _)| *k));
        entries.extend(iso_to_fips().iter().map(|(k, _)| *k));
        for e in entries {
            assert_eq!(is_known_entry(e), by_tables(e), "{e}");
        }
    }

    fn check<T>(name: &str, table: &[(&str, T)], desc: impl Fn(&T) -> Vec<&'static str>) {
        for w in table.windows(2) {
            assert!(w[0].0 < w[1].0, "{name}: {} before {}", w[0].0, w[1].0);
        }
        for (k, v) in table {
            assert!(!k.is_empty(), "{name}: empty key");
            for d in desc(v) {
                assert!(!d.trim().is_empty(), "{name}: {k} has no description");
            }
        }
    }

    #[test]
    fn tables_are_sorted_and_described() {
        check("PRECEDENCE_LETTERS", PRECEDENCE_LETTERS, |(a, b)| {
            vec![*a, *b]
        });
        check("PRECEDENCE_WORDS", PRECEDENCE_WORDS, |(a, b)| vec![*a, *b]);
        check("executive-orders.tsv", executive_orders(), |e| {
            vec![e.name, e.text, e.decl_forms]
        });
        for (number, e) in executive_orders() {
            assert!(e.signed <= e.effective, "{number}");
            if let Some(on) = e.replaced_on {
                assert!(e.effective < on, "{number}");
                assert!(
                    find(executive_orders(), e.replaced_by).is_some(),
                    "{number}"
                );
                assert!(e.cited_until.is_some_and(|y| y >= on.0), "{number}");
            }
        }
        check("CLASSIFICATIONS", CLASSIFICATIONS, |d| vec![*d]);
        let families = [
            (family::FOIA, 9),
            (family::FOIA_7, 6),
            (family::SEC_1_5, 7),
            (family::SEC_1_4, 8),
            (family::X25, 9),
            (family::X, 8),
            (family::XGDS, 4),
        ];
        for (name, rows) in families {
            assert_eq!(release_codes(name).len(), rows, "{name}");
            check(name, release_codes(name), |d| vec![*d]);
        }
        check("historical-countries.tsv", historical_countries(), |h| {
            vec![h.meaning]
        });
        for (code, h) in historical_countries() {
            if let (Some(from), Some(until)) = (h.years.from, h.years.until) {
                assert!(from <= until, "{code}");
            }
            for s in h.successors.split_whitespace() {
                assert!(
                    find(countries(), s).is_some() || find(historical_countries(), s).is_some(),
                    "{code}: successor {s}"
                );
            }
        }
        for (name, t) in data::all() {
            assert!(!t.is_empty(), "{name} is empty");
            check(name, t, |d: &&'static str| vec![*d]);
        }
        check("post-keywords.tsv", post_keywords(), |(seen, meaning)| {
            vec![*seen, *meaning]
        });
        for (code, _) in post_keywords() {
            assert!(
                !is_known_tag(code),
                "{code} is a TAGS code, not a post keyword"
            );
        }
        check("former-names.tsv", former_names(), |f| vec![f.name]);
        for (code, f) in former_names() {
            assert!(
                find(countries(), code).is_some(),
                "{code} is a current code"
            );
            assert!(f.years.until.is_some(), "{code}: the renaming's year");
        }
        check("iso-to-fips.tsv", iso_to_fips(), |(fips, name)| {
            vec![*fips, *name]
        });
        check("subject-tags.tsv", subject_tags(), |(title, _)| {
            vec![*title]
        });
        for (code, _) in subject_tags() {
            assert!(code.len() == 4, "{code}");
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(subject_tag("PHUM").map(|t| t.0), Some("Human Rights"));
        assert_eq!(subject_tag("PREL").map(|t| t.1), Some(TagSource::Inferred));
        assert_eq!(subject_tag("PFOR").map(|t| t.1), Some(TagSource::Retired));
        assert_eq!(subject_tag("ZZZZ"), None);
        assert_eq!(find(countries(), "PE"), Some(&"Peru"));
        assert_eq!(find(countries(), "GM"), Some(&"Germany"));
        assert_eq!(find(countries(), "UR"), None);
        let ur = find(historical_countries(), "UR").expect("UR");
        assert_eq!(ur.years.until, Some(1991));
        assert!(ur.in_use(1991) && !ur.in_use(1992));
        let yi = find(historical_countries(), "YI").expect("YI");
        assert!(yi.in_use(2000) && !yi.in_use(1991) && !yi.in_use(2007));
        let tc = find(historical_countries(), "TC").expect("TC");
        assert!(tc.in_use(2005), "no year known: never out of use");
        assert_eq!(predecessors_in("YI", 1985).collect::<Vec<_>>(), ["YO"]);
        assert_eq!(predecessors_in("RS", 1985).collect::<Vec<_>>(), ["UR"]);
        assert_eq!(predecessors_in("RS", 2005).count(), 0);
        assert_eq!(
            Years {
                from: Some(1992),
                until: Some(2006)
            }
            .words()
            .as_deref(),
            Some("from 1992 to 2006")
        );
        assert_eq!(
            find(offices(), "ARA"),
            Some(&"Bureau of Inter-American Affairs (American Republics)")
        );
        assert_eq!(
            find(release_codes(family::X25), "6").map(|d| d.contains("foreign government")),
            Some(true)
        );
        assert!(release_codes("nothing").is_empty());
        let eo = find(executive_orders(), "12958").expect("12958");
        assert_eq!(
            (eo.signed, eo.replaced_on),
            ((1995, 4, 17), Some((2010, 6, 27)))
        );
        assert!(find(executive_orders(), "12985").is_none());
        assert!(find(offices(), "").is_none());
        // Keys are compared byte-wise: no surprises from case.
        assert!(find(offices(), "ara").is_none());
    }
}
