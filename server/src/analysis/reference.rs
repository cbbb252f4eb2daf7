//! What the codes on a cable mean: small static tables for hover texts. Each table is sorted
//! by its key and searched by binary search, so a lookup never allocates. The wording is ours;
//! the facts come from `../shared/format/FORMAT.md` (§2.1, §4.3, §7, §8) and the TAGS data
//! in `../shared/format/tags/`. Where a fact is not confirmed by those sources the text says so.

mod data;

pub use data::{
    countries, historical_countries, iso_clashes, iso_to_fips, offices, organizations,
    post_keywords, program_tags, regions, subject_tags,
};

/// Whether a TAGS entry is a code of any kind: subject, geographic (current FIPS, historical,
/// world region), organization or program; or a post's keyword of the table.
pub fn is_known_entry(code: &str) -> bool {
    is_known_tag(code) || find(post_keywords(), code).is_some()
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

/// A geographic code of an earlier FIPS edition (`UR`, `YO`).
#[derive(Debug)]
pub struct HistoricalCountry {
    pub meaning: &'static str,
    /// The first and last year the code meant `meaning`, where known.
    pub from: Option<u16>,
    pub until: Option<u16>,
    /// The codes of the countries that took its place, space-separated.
    pub successors: &'static str,
}

impl HistoricalCountry {
    /// Whether the code still meant its country in `year`; `true` where the tables do not know.
    pub fn in_use(&self, year: u16) -> bool {
        self.from.is_none_or(|from| from <= year) && self.until.is_none_or(|until| year <= until)
    }

    /// `until 1991`, `1992-2006`, or nothing when no year is known.
    pub fn years(&self) -> Option<String> {
        match (self.from, self.until) {
            (Some(from), Some(until)) => Some(format!("{from}-{until}")),
            (Some(from), None) => Some(format!("from {from}")),
            (None, Some(until)) => Some(format!("until {until}")),
            (None, None) => None,
        }
    }
}

/// Whether `code` was a TAGS code in `year`, as far as the tables know: a historical
/// geographic code only in the years it meant its country, every other code at any time.
pub fn in_use(code: &str, year: u16) -> bool {
    find(historical_countries(), code).is_none_or(|h| h.in_use(year))
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

pub struct ExecutiveOrder {
    pub name: &'static str,
    /// When cables cite it: first and last year (inclusive) in our sources.
    pub years: (u16, u16),
    pub text: &'static str,
}

/// Executive orders on classification that E.O. lines cite, by number.
pub const EXECUTIVE_ORDERS: &[(&str, ExecutiveOrder)] = &[
    (
        "11652",
        ExecutiveOrder {
            name: "E.O. 11652 (8 March 1972)",
            years: (1973, 1978),
            text: "On cables from 1 March 1973 until E.O. 12065 took effect on 1 December 1978. Lines read `GDS` (General Declassification Schedule), `ADS` (Advanced, with a date or event), `XGDS1`-`XGDS4` (exempt from the schedule) or `N/A` (unclassified and LOU cables).",
        },
    ),
    (
        "12065",
        ExecutiveOrder {
            name: "E.O. 12065 (1978)",
            years: (1978, 1982),
            text: "In force from 1 December 1978; material was declassified after 6 years unless extended. Lines read `GDS <date> (<classifier>) <office>`.",
        },
    ),
    (
        "12356",
        ExecutiveOrder {
            name: "E.O. 12356 (1982, cited as \"of April 6, 1982\")",
            years: (1982, 1995),
            text: "In force until E.O. 12958 (1995); no automatic declassification date. Lines read `DECL: OADR` or `N/A`. Stale templates still cite it in 2001-2004.",
        },
    ),
    (
        "12958",
        ExecutiveOrder {
            name: "E.O. 12958 (17 April 1995)",
            years: (1995, 2010),
            text: "10-year default duration with exemptions (`X1`-`X8`, Sec. 1.6(d)), 25-year automatic declassification with exemptions (`25X1`-`25X9`); reasons Sec. 1.5(a)-(g). Amended by E.O. 13292 on 25 March 2003 (reasons renumbered 1.4(a)-(h)). Lines read `DECL: <date>`, `N/A`, `DECL: X6`, `DNG: …`.",
        },
    ),
    (
        "13292",
        ExecutiveOrder {
            name: "E.O. 13292 (25 March 2003)",
            years: (2003, 2009),
            text: "Amended E.O. 12958; cables keep citing `E.O. 12958` (\"as amended\"). Reasons are Sec. 1.4(a)-(h).",
        },
    ),
    (
        "13526",
        ExecutiveOrder {
            name: "E.O. 13526 (29 December 2009, 75 FR 707)",
            years: (2010, 9999),
            text: "Current order: reasons 1.4(a)-(h), 25-year exemptions 25X1-25X9 (Sec. 3.3(b)). No Cablegate cable cites it.",
        },
    ),
];

/// FOIA exemptions of 5 U.S.C. 552(b), as stamped on State releases (`B1`, `B6`, `B7(C)`).
pub const FOIA_EXEMPTIONS: &[(&str, &str)] = &[
    ("1", "classified national security information"),
    ("2", "internal personnel rules and practices of an agency"),
    ("3", "information another statute exempts from disclosure (State cites e.g. 22 USC 4004, 8 USC 1202(f))"),
    ("4", "trade secrets and confidential commercial or financial information"),
    ("5", "inter- and intra-agency deliberations, attorney-client and attorney work product"),
    ("6", "personal privacy"),
    ("7", "records compiled for law enforcement"),
    ("8", "supervision of financial institutions"),
    ("9", "geological and geophysical information about wells"),
];

/// Sub-clauses of exemption (b)(7).
pub const FOIA_7: &[(&str, &str)] = &[
    ("A", "could interfere with enforcement proceedings"),
    ("B", "would deprive a person of a fair trial"),
    ("C", "could be an unwarranted invasion of personal privacy"),
    ("D", "could disclose a confidential source"),
    (
        "E",
        "would disclose law enforcement techniques or guidelines",
    ),
    ("F", "could endanger someone's life or safety"),
];

/// E.O. 12958 (1995) Sec. 1.5: the reasons information may be classified.
pub const EO12958_1_5: &[(&str, &str)] = &[
    ("A", "military plans, weapons systems or operations"),
    ("B", "foreign government information"),
    ("C", "intelligence activities (including special activities), sources or methods, or cryptology"),
    ("D", "foreign relations or foreign activities of the United States, including confidential sources"),
    ("E", "scientific, technological or economic matters relating to the national security"),
    ("F", "U.S. Government programs for safeguarding nuclear materials or facilities"),
    ("G", "vulnerabilities or capabilities of systems, installations, projects or plans relating to the national security"),
];

/// Sec. 1.4 of E.O. 12958 as amended (2003) and of E.O. 13526: the same reasons, (g) widened,
/// (h) added.
pub const EO13526_1_4: &[(&str, &str)] = &[
    ("A", "military plans, weapons systems or operations"),
    ("B", "foreign government information"),
    ("C", "intelligence activities (including covert action), sources or methods, or cryptology"),
    ("D", "foreign relations or foreign activities of the United States, including confidential sources"),
    ("E", "scientific, technological or economic matters relating to the national security"),
    ("F", "U.S. Government programs for safeguarding nuclear materials or facilities"),
    ("G", "vulnerabilities or capabilities of systems, installations, infrastructures, projects, plans or protection services relating to the national security"),
    ("H", "development, production or use of weapons of mass destruction"),
];

/// 25-year exemptions (E.O. 12958 Sec. 3.4(b), E.O. 13526 Sec. 3.3(b)): release would…
pub const EXEMPTIONS_25X: &[(&str, &str)] = &[
    ("1", "reveal the identity of a confidential human source, or an intelligence source or method"),
    ("2", "reveal information that would assist in developing or using weapons of mass destruction"),
    ("3", "impair U.S. cryptologic systems or activities"),
    ("4", "impair the application of state-of-the-art technology within a U.S. weapon system"),
    ("5", "reveal actual U.S. military war plans that remain in effect"),
    ("6", "seriously and demonstrably impair relations between the United States and a foreign government, or ongoing diplomatic activities"),
    ("7", "impair the ability to protect the President, the Vice President and other protectees"),
    ("8", "impair emergency preparedness or reveal current vulnerabilities of systems, installations or infrastructures"),
    ("9", "violate a statute, treaty or international agreement"),
];

/// E.O. 12958 Sec. 1.6(d): exemptions from the 10-year rule (`X1`, `1.6X1`); release would…
pub const EXEMPTIONS_X: &[(&str, &str)] = &[
    ("1", "reveal an intelligence source, method or activity, or a cryptologic system or activity"),
    ("2", "assist in developing or using weapons of mass destruction"),
    ("3", "impair the development or use of technology within a U.S. weapons system"),
    ("4", "reveal U.S. military plans or national security emergency preparedness plans"),
    ("5", "reveal foreign government information"),
    ("6", "damage relations with a foreign government, reveal a confidential source or undermine ongoing diplomatic activities"),
    ("7", "impair the protection of the President, the Vice President and other protectees"),
    ("8", "violate a statute, treaty or international agreement"),
];

pub const EXEMPTIONS_X_NOTE: &str = "(list of Sec. 1.6(d) not verified against the order's text)";

/// Words of the declassification instruction on E.O. lines.
pub const DECL_FORMS: &[(&str, &str)] = &[
    ("ADS", "E.O. 11652 Advanced Declassification Schedule: declassify at the date or event that follows"),
    ("DECL", "declassify on: the date, event or exemption that follows"),
    ("DECLAS", "declassify at the date or event that follows (E.O. 11652 form)"),
    ("DNG", "downgrade instruction: lower the classification at the date that follows"),
    ("GDS", "General Declassification Schedule: automatic downgrading and declassification after a fixed number of years (E.O. 11652; under E.O. 12065 followed by a date)"),
    ("N/A", "not applicable: the cable is unclassified (or Limited Official Use), so no declassification instruction"),
    ("NGDS", "probably a typo or variant of `GDS`/`XGDS` (seen once)"),
    ("OADR", "\"Originating Agency's Determination Required\": no date set; the originating agency decides when to declassify (E.O. 12356). Expansion not confirmed by cable-ls's sources"),
    ("XGDS", "exempt from the General Declassification Schedule under E.O. 11652 Sec. 5(B)"),
];

/// E.O. 11652 Sec. 5(B) exemption categories (`XGDS1`-`XGDS4`).
pub const XGDS: &[(&str, &str)] = &[
    ("1", "information furnished by a foreign government in confidence"),
    ("2", "information protected by statute, cryptography, or intelligence sources and methods"),
    ("3", "a system, plan, installation, project or foreign-relations matter whose continuing protection is essential"),
    ("4", "disclosure would place a person in immediate jeopardy"),
];

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
        check("EXECUTIVE_ORDERS", EXECUTIVE_ORDERS, |e| {
            vec![e.name, e.text]
        });
        for (name, t) in [
            ("FOIA_EXEMPTIONS", FOIA_EXEMPTIONS),
            ("FOIA_7", FOIA_7),
            ("EO12958_1_5", EO12958_1_5),
            ("EO13526_1_4", EO13526_1_4),
            ("EXEMPTIONS_25X", EXEMPTIONS_25X),
            ("EXEMPTIONS_X", EXEMPTIONS_X),
            ("DECL_FORMS", DECL_FORMS),
            ("XGDS", XGDS),
            ("CLASSIFICATIONS", CLASSIFICATIONS),
        ] {
            check(name, t, |d: &&'static str| vec![*d]);
        }
        check("historical-countries.tsv", historical_countries(), |h| {
            vec![h.meaning]
        });
        for (code, h) in historical_countries() {
            if let (Some(from), Some(until)) = (h.from, h.until) {
                assert!(from <= until, "{code}");
            }
            for s in h.successors.split(' ') {
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
        assert_eq!(ur.until, Some(1991));
        assert!(in_use("UR", 1991) && !in_use("UR", 1992));
        assert!(in_use("YI", 2000) && !in_use("YI", 1991) && !in_use("YI", 2007));
        assert!(in_use("IY", 2005), "no year known: never out of use");
        assert!(!in_use("TC", 2005));
        assert!(in_use("PGOV", 1974) && in_use("RS", 1974));
        assert_eq!(
            find(offices(), "ARA"),
            Some(&"Bureau of Inter-American Affairs (American Republics)")
        );
        assert_eq!(
            find(EXEMPTIONS_25X, "6").map(|d| d.contains("foreign government")),
            Some(true)
        );
        assert!(find(EXECUTIVE_ORDERS, "12958").is_some());
        assert!(find(EXECUTIVE_ORDERS, "12985").is_none());
        assert!(find(offices(), "").is_none());
        // Keys are compared byte-wise: no surprises from case.
        assert!(find(offices(), "ara").is_none());
    }
}
