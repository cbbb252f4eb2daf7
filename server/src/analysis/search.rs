//! Finding cables by what a user types into Go to Symbol in Workspace: a canonical id
//! (`94QUITO8812`), a post and serial as printed (`QUITO 08812`), a post, a serial, a date
//! (`1994-03-14`, `1994-03`) or words of the subject. Plain strings in, a rank out; the index
//! sorts by it.

/// How well a cable answers a query, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    /// The canonical id, or post and serial whatever the year.
    Exact,
    /// The start of the canonical id.
    Prefix,
    /// The post, the serial or the date.
    Field,
    /// Every word of the query starts a word of the subject.
    Words,
}

/// What of a cable is searched.
pub struct Fields<'a> {
    pub id: Option<&'a str>,
    pub post: Option<&'a str>,
    pub serial: Option<u32>,
    /// `1994-03-14T15:30Z`, made only for a query that may be a date.
    pub iso_date: Option<&'a dyn Fn() -> String>,
    pub subject: Option<&'a str>,
}

/// A query made ready once for many cables.
pub struct Query {
    /// Upper case, letters and digits only: `QUITO 08812` → `QUITO08812`.
    packed: String,
    /// The same with leading zeros dropped from a serial at its end (`QUITO8812`).
    unpadded: String,
    words: Vec<String>,
    raw: String,
    serial: Option<u32>,
    /// Four digits or more first: a date, perhaps.
    date_like: bool,
}

impl Query {
    pub fn new(text: &str) -> Query {
        let packed: String = text
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let digits = packed.len() - packed.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (head, serial) = packed.split_at(packed.len() - digits);
        let serial = serial.trim_start_matches('0');
        let unpadded = format!("{head}{serial}");
        let words = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_uppercase)
            .collect();
        let raw = text.trim().to_string();
        Query {
            serial: packed.parse().ok(),
            date_like: raw.len() >= 4 && raw.bytes().take(4).all(|b| b.is_ascii_digit()),
            packed,
            unpadded,
            words,
            raw,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    pub fn rank(&self, f: &Fields<'_>) -> Option<Rank> {
        if self.is_empty() {
            return Some(Rank::Words);
        }
        if let Some(id) = f.id {
            // `94QUITO8812`, or `QUITO 08812` of any year (the id without its two digits).
            if id == self.packed || id.get(2..) == Some(self.unpadded.as_str()) {
                return Some(Rank::Exact);
            }
            if id.starts_with(&self.packed) {
                return Some(Rank::Prefix);
            }
        }
        // No allocation per cable below: a query runs over every cable of the workspace.
        let field = f.post.is_some_and(|p| same_letters(p, &self.packed))
            || f.serial.is_some_and(|s| self.serial == Some(s))
            || (self.date_like
                && f.iso_date
                    .is_some_and(|d| d().starts_with(self.raw.as_str())));
        if field {
            return Some(Rank::Field);
        }
        let subject = f.subject?;
        self.words
            .iter()
            .all(|q| {
                subject
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| starts_with_ignoring_case(w, q))
            })
            .then_some(Rank::Words)
    }
}

/// `post`'s letters, upper-cased, are `packed` (`Santo Domingo` and `SANTODOMINGO`).
fn same_letters(post: &str, packed: &str) -> bool {
    let mut letters = post.bytes().filter(u8::is_ascii_alphabetic);
    packed
        .bytes()
        .all(|b| letters.next().is_some_and(|l| l.eq_ignore_ascii_case(&b)))
        && letters.next().is_none()
}

fn starts_with_ignoring_case(word: &str, prefix: &str) -> bool {
    word.len() >= prefix.len()
        && word.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso() -> String {
        "1994-03-14T15:30Z".into()
    }

    fn fields() -> Fields<'static> {
        Fields {
            id: Some("94QUITO8812"),
            post: Some("Quito"),
            serial: Some(8812),
            iso_date: Some(&iso),
            subject: Some("References across a page break"),
        }
    }

    #[test]
    fn queries_and_their_ranks() {
        let cases = [
            ("94QUITO8812", Some(Rank::Exact)),
            ("94quito8812", Some(Rank::Exact)),
            ("QUITO 08812", Some(Rank::Exact)),
            ("94QUI", Some(Rank::Prefix)),
            ("quito", Some(Rank::Field)),
            ("8812", Some(Rank::Field)),
            ("1994-03", Some(Rank::Field)),
            ("page break", Some(Rank::Words)),
            ("refer", Some(Rank::Words)),
            ("lima", None),
            ("page lima", None),
            ("", Some(Rank::Words)),
        ];
        for (q, want) in cases {
            assert_eq!(Query::new(q).rank(&fields()), want, "{q:?}");
        }
    }
}
