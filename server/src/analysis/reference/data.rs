//! The TAGS and office tables of `server/data/` (TSV with a header line, one row per code,
//! sorted by code; their sources are in `server/data/SOURCES.md`). They are compiled in and
//! split into rows once, on first use; a lookup is a binary search over the rows and never
//! allocates.

use std::sync::OnceLock;

use super::{Date, ExecutiveOrder, FormerName, HistoricalCountry, TagSource, Years};

type Pairs = Vec<(&'static str, &'static str)>;
type Triples = Vec<(&'static str, (&'static str, &'static str))>;

/// One line of a table, cut at tabs.
struct Row(Vec<&'static str>);

impl Row {
    /// Column `i`, empty where the line has fewer.
    fn field(&self, i: usize) -> &'static str {
        self.0.get(i).copied().unwrap_or("")
    }

    /// Columns `from` and `until` as years; an empty column is an unknown year.
    fn years(&self, from: usize, until: usize) -> Years {
        Years {
            from: self.field(from).parse().ok(),
            until: self.field(until).parse().ok(),
        }
    }
}

/// The rows of a table: its lines after the header.
fn rows(text: &'static str) -> impl Iterator<Item = Row> {
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| Row(l.split('\t').collect()))
}

fn pairs(text: &'static str) -> Pairs {
    rows(text).map(|r| (r.field(0), r.field(1))).collect()
}

fn triples(text: &'static str) -> Triples {
    rows(text)
        .map(|r| (r.field(0), (r.field(1), r.field(2))))
        .collect()
}

macro_rules! pair_table {
    ($(#[$doc:meta])* $name:ident, $file:literal) => {
        $(#[$doc])*
        pub fn $name() -> &'static [(&'static str, &'static str)] {
            static TABLE: OnceLock<Pairs> = OnceLock::new();
            TABLE.get_or_init(|| pairs(include_str!(concat!("../../../data/", $file))))
        }
    };
}

pair_table!(
    /// FIPS 10-4 (last edition) countries and dependencies: the geographic TAGS.
    countries,
    "countries.tsv"
);
pair_table!(
    /// The Department's world regions (`XA` …).
    regions,
    "regions.tsv"
);
pair_table!(
    /// Two-letter codes whose ISO 3166 reading differs from the FIPS one: the ISO meaning.
    iso_clashes,
    "iso-clashes.tsv"
);
pair_table!(
    /// Organization TAGS.
    organizations,
    "organizations.tsv"
);
pair_table!(
    /// Program (K-) TAGS.
    program_tags,
    "program-tags.tsv"
);
pair_table!(
    /// Office symbols of routing blocks.
    offices,
    "offices.tsv"
);

pair_table!(
    /// Words of the declassification instruction on E.O. lines (`DECL`, `OADR`, `GDS`).
    decl_forms,
    "decl-forms.tsv"
);

type Family = (&'static str, Pairs);

/// The codes of one family of `release-codes.tsv` (see `reference::family`), sorted by code;
/// empty for a family the table does not have.
pub fn release_codes(family: &str) -> &'static [(&'static str, &'static str)] {
    static TABLE: OnceLock<Vec<Family>> = OnceLock::new();
    let families = TABLE.get_or_init(|| {
        let mut out: Vec<Family> = Vec::new();
        for r in rows(include_str!("../../../data/release-codes.tsv")) {
            match out.last_mut() {
                Some((f, codes)) if *f == r.field(0) => codes.push((r.field(1), r.field(2))),
                _ => out.push((r.field(0), vec![(r.field(1), r.field(2))])),
            }
        }
        out
    });
    families
        .iter()
        .find(|(f, _)| *f == family)
        .map_or(&[], |(_, codes)| codes.as_slice())
}

/// `1995-04-17`.
fn date(text: &str) -> Option<Date> {
    let mut parts = text.splitn(3, '-').map(|p| p.parse::<u16>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    Some((y, u8::try_from(m).ok()?, u8::try_from(d).ok()?))
}

/// Executive orders on classification, by number.
pub fn executive_orders() -> &'static [(&'static str, ExecutiveOrder)] {
    static TABLE: OnceLock<Vec<(&'static str, ExecutiveOrder)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        rows(include_str!("../../../data/executive-orders.tsv"))
            .map(|r| {
                let order = ExecutiveOrder {
                    name: r.field(1),
                    signed: date(r.field(2)).unwrap_or_default(),
                    effective: date(r.field(3)).unwrap_or_default(),
                    replaced_by: r.field(4),
                    replaced_on: date(r.field(5)),
                    cited_until: r.field(6).parse().ok(),
                    decl_forms: r.field(7),
                    text: r.field(8),
                };
                (r.field(0), order)
            })
            .collect()
    })
}

/// Countries whose FIPS code stayed while their name changed (`CG`: Zaire from 1971 to 1997).
pub fn former_names() -> &'static [(&'static str, FormerName)] {
    static TABLE: OnceLock<Vec<(&'static str, FormerName)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        rows(include_str!("../../../data/former-names.tsv"))
            .map(|r| {
                let years = r.years(2, 3);
                (
                    r.field(0),
                    FormerName {
                        name: r.field(1),
                        years,
                    },
                )
            })
            .collect()
    })
}

/// Keywords posts put on their own TAGS lines that are no TAGS codes (`HUMANR`, `ADANA`):
/// the code, then where and when cables carry it and what it stands for.
pub fn post_keywords() -> &'static [(&'static str, (&'static str, &'static str))] {
    static TABLE: OnceLock<Triples> = OnceLock::new();
    TABLE.get_or_init(|| triples(include_str!("../../../data/post-keywords.tsv")))
}

/// ISO 3166-1 alpha-2 codes that differ from the FIPS 10-4 code of the same country: the ISO
/// code, then the FIPS code and the country's short name.
pub fn iso_to_fips() -> &'static [(&'static str, (&'static str, &'static str))] {
    static TABLE: OnceLock<Triples> = OnceLock::new();
    TABLE.get_or_init(|| triples(include_str!("../../../data/iso-to-fips.tsv")))
}

/// Geographic codes no longer in FIPS 10-4: what they meant, in which years, and the codes
/// that replaced them.
pub fn historical_countries() -> &'static [(&'static str, HistoricalCountry)] {
    static TABLE: OnceLock<Vec<(&'static str, HistoricalCountry)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        rows(include_str!("../../../data/historical-countries.tsv"))
            .map(|r| {
                let country = HistoricalCountry {
                    meaning: r.field(1),
                    years: r.years(2, 3),
                    successors: r.field(4),
                };
                (r.field(0), country)
            })
            .collect()
    })
}

/// Subject TAGS: code, then title and where the title comes from.
pub fn subject_tags() -> &'static [(&'static str, (&'static str, TagSource))] {
    static TABLE: OnceLock<Vec<(&'static str, (&'static str, TagSource))>> = OnceLock::new();
    TABLE.get_or_init(|| {
        rows(include_str!("../../../data/subject-tags.tsv"))
            .map(|r| {
                let source = TagSource::from_name(r.field(2)).unwrap_or(TagSource::Unknown);
                (r.field(0), (r.field(1), source))
            })
            .collect()
    })
}

/// Every two-column table by file name, for the tests that check them all.
#[cfg(test)]
pub fn all() -> Vec<(&'static str, &'static [(&'static str, &'static str)])> {
    vec![
        ("countries.tsv", countries()),
        ("regions.tsv", regions()),
        ("iso-clashes.tsv", iso_clashes()),
        ("organizations.tsv", organizations()),
        ("program-tags.tsv", program_tags()),
        ("offices.tsv", offices()),
        ("decl-forms.tsv", decl_forms()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of every file has as many fields as its header: a stray or missing tab
    /// would shift a column or lose a row without an error.
    #[test]
    fn every_row_has_every_column() {
        let files = [
            ("countries.tsv", include_str!("../../../data/countries.tsv")),
            ("regions.tsv", include_str!("../../../data/regions.tsv")),
            (
                "historical-countries.tsv",
                include_str!("../../../data/historical-countries.tsv"),
            ),
            (
                "iso-clashes.tsv",
                include_str!("../../../data/iso-clashes.tsv"),
            ),
            (
                "organizations.tsv",
                include_str!("../../../data/organizations.tsv"),
            ),
            (
                "program-tags.tsv",
                include_str!("../../../data/program-tags.tsv"),
            ),
            ("offices.tsv", include_str!("../../../data/offices.tsv")),
            (
                "post-keywords.tsv",
                include_str!("../../../data/post-keywords.tsv"),
            ),
            (
                "executive-orders.tsv",
                include_str!("../../../data/executive-orders.tsv"),
            ),
            (
                "decl-forms.tsv",
                include_str!("../../../data/decl-forms.tsv"),
            ),
            (
                "release-codes.tsv",
                include_str!("../../../data/release-codes.tsv"),
            ),
            (
                "iso-to-fips.tsv",
                include_str!("../../../data/iso-to-fips.tsv"),
            ),
            (
                "subject-tags.tsv",
                include_str!("../../../data/subject-tags.tsv"),
            ),
        ];
        for (name, text) in files {
            let mut lines = text.lines();
            let columns = lines.next().expect("a header").split('\t').count();
            for (i, line) in lines.enumerate() {
                assert_eq!(
                    line.split('\t').count(),
                    columns,
                    "{name}:{}: {line:?}",
                    i + 2
                );
            }
        }
        assert_eq!(
            countries().len(),
            269,
            "FIPS 10-4 has 269 countries and dependencies"
        );
    }

    #[test]
    fn dates() {
        assert_eq!(date("1995-04-17"), Some((1995, 4, 17)));
        assert_eq!(date(""), None);
        assert_eq!(date("1995-4"), None);
        assert_eq!(date("1995-400-1"), None);
        for (number, e) in executive_orders() {
            assert!(
                e.signed.0 > 1900 && e.effective.0 > 1900,
                "{number}: a date column is unreadable"
            );
        }
    }

    #[test]
    fn release_code_families_are_contiguous_and_sorted() {
        let text = include_str!("../../../data/release-codes.tsv");
        let keys: Vec<(&str, &str)> = text
            .lines()
            .skip(1)
            .map(|l| {
                let mut f = l.split('\t');
                (f.next().unwrap_or(""), f.next().unwrap_or(""))
            })
            .collect();
        for w in keys.windows(2) {
            assert!(w[0] < w[1], "{:?} before {:?}", w[0], w[1]);
        }
    }

    #[test]
    fn subject_tag_sources_are_all_known_names() {
        for line in include_str!("../../../data/subject-tags.tsv")
            .lines()
            .skip(1)
        {
            let source = line.split('\t').nth(2).unwrap_or("");
            assert!(TagSource::from_name(source).is_some(), "{line:?}");
        }
    }
}
