//! Date-time groups: `DDHHMMZ MON YY` (message DTG) and the bare `DDHHMMZ` of PAGE headers and
//! dash lines. Validation is separate from recognition so that a malformed group is still found
//! where it stands and reported, instead of turning its line into body text. The parsers read
//! OCR look-alikes (`O92105Z`, `0CT`, `9Z`) as the digits or letters the field allows
//! (`lookalike`): the recogniser has already decided that the text stands where a DTG does.

use std::fmt;

use crate::lookalike::{as_digits, may_be_word};

pub const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// A day-and-time stamp without month (`092105Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DayTime {
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
}

/// A full date-time group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dtg {
    pub time: DayTime,
    /// 1..=12
    pub month: u8,
    /// Four-digit year (two-digit years are expanded with [`expand_year`]).
    pub year: u16,
    /// The year as written had two digits.
    pub short_year: bool,
}

/// What is wrong with a date-time group.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DtgError {
    Shape,
    Day(u8),
    Hour(u8),
    Minute(u8),
    /// Not one of JAN-DEC (the text is in the span that was parsed).
    Month,
    DayOfMonth {
        day: u8,
        month: u8,
        year: u16,
    },
    Year,
}

impl fmt::Display for DtgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DtgError::Shape => write!(f, "not of the form DDHHMMZ MON YY"),
            DtgError::Day(d) => write!(f, "day {d:02} does not exist (01-31)"),
            DtgError::Hour(h) => write!(f, "hour {h:02} does not exist (00-23)"),
            DtgError::Minute(m) => write!(f, "minute {m:02} does not exist (00-59)"),
            DtgError::Month => write!(f, "unknown month (JAN-DEC)"),
            DtgError::DayOfMonth { day, month, year } => write!(
                f,
                "{} {year} has {} days, not {day}",
                MONTHS[usize::from(*month - 1)],
                days_in_month(*month, *year)
            ),
            DtgError::Year => write!(f, "the year must have 2 or 4 digits"),
        }
    }
}

/// Two-digit years: State kept them through 2010; cables start in the 1960s.
pub fn expand_year(yy: u16) -> u16 {
    if yy < 50 {
        2000 + yy
    } else {
        1900 + yy
    }
}

pub fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Weekday names, Monday first (ISO 8601 order).
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

pub fn days_in_month(month: u8, year: u16) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

/// `DDHHMMZ`, look-alike letters read as digits (`O92105Z` is `092105Z`).
pub fn parse_day_time(s: &str) -> Result<DayTime, DtgError> {
    let mut buf = [0u8; 6];
    let digits = s
        .get(..6)
        .filter(|_| s.len() == 7 && s.as_bytes()[6].eq_ignore_ascii_case(&b'Z'))
        .and_then(|d| as_digits(d, &mut buf))
        .ok_or(DtgError::Shape)?;
    let b = digits.as_bytes();
    let two = |i: usize| (b[i] - b'0') * 10 + (b[i + 1] - b'0');
    let (day, hour, minute) = (two(0), two(2), two(4));
    if !(1..=31).contains(&day) {
        return Err(DtgError::Day(day));
    }
    if hour > 23 {
        return Err(DtgError::Hour(hour));
    }
    if minute > 59 {
        return Err(DtgError::Minute(minute));
    }
    Ok(DayTime { day, hour, minute })
}

/// A month's three letters in any case, look-alike digits read as letters (`0CT`, `JU1`: no
/// two months differ only in look-alikes).
pub fn parse_month(s: &str) -> Option<u8> {
    let mut upper: [u8; 3] = s.as_bytes().try_into().ok()?;
    upper.make_ascii_uppercase();
    let upper = std::str::from_utf8(&upper).ok()?;
    MONTHS
        .iter()
        .position(|m| may_be_word(upper, m))
        .map(|i| i as u8 + 1)
}

/// `DDHHMMZ`, `MON`, `YY` (or `YYYY`) as three words.
pub fn parse_dtg(day_time: &str, month: &str, year: &str) -> Result<Dtg, DtgError> {
    let time = parse_day_time(day_time)?;
    let month = parse_month(month).ok_or(DtgError::Month)?;
    let mut buf = [0u8; 4];
    let year = as_digits(year, &mut buf)
        .filter(|y| y.len() == 2 || y.len() == 4)
        .ok_or(DtgError::Year)?;
    let n: u16 = year.parse().map_err(|_| DtgError::Year)?;
    let (year, short_year) = if year.len() == 2 {
        (expand_year(n), true)
    } else {
        (n, false)
    };
    if time.day > days_in_month(month, year) {
        return Err(DtgError::DayOfMonth {
            day: time.day,
            month,
            year,
        });
    }
    Ok(Dtg {
        time,
        month,
        year,
        short_year,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    type Case = (
        &'static str,
        &'static str,
        &'static str,
        Result<(u8, u8, u8, u8, u16), DtgError>,
    );

    #[test]
    fn table() {
        let cases: &[Case] = &[
            ("092105Z", "NOV", "92", Ok((9, 21, 5, 11, 1992))),
            ("261657Z", "JAN", "09", Ok((26, 16, 57, 1, 2009))),
            ("011500Z", "JAN", "2006", Ok((1, 15, 0, 1, 2006))),
            ("070837Z", "Jul", "04", Ok((7, 8, 37, 7, 2004))),
            ("290000Z", "FEB", "00", Ok((29, 0, 0, 2, 2000))),
            ("322105Z", "NOV", "92", Err(DtgError::Day(32))),
            ("002105Z", "NOV", "92", Err(DtgError::Day(0))),
            ("092405Z", "NOV", "92", Err(DtgError::Hour(24))),
            ("092160Z", "NOV", "92", Err(DtgError::Minute(60))),
            (
                "312105Z",
                "NOV",
                "92",
                Err(DtgError::DayOfMonth {
                    day: 31,
                    month: 11,
                    year: 1992,
                }),
            ),
            (
                "292105Z",
                "FEB",
                "93",
                Err(DtgError::DayOfMonth {
                    day: 29,
                    month: 2,
                    year: 1993,
                }),
            ),
            ("092105Z", "NOX", "92", Err(DtgError::Month)),
            ("092105Z", "NOV", "992", Err(DtgError::Year)),
            ("09210Z", "NOV", "92", Err(DtgError::Shape)),
            // OCR look-alikes read as the field allows.
            ("O92105Z", "N0V", "9Z", Ok((9, 21, 5, 11, 1992))),
            ("0921O5Z", "0CT", "92", Ok((9, 21, 5, 10, 1992))),
            ("092105Z", "JU1", "92", Ok((9, 21, 5, 7, 1992))),
            ("092105Z", "0C7", "92", Err(DtgError::Month)),
            ("09210XZ", "NOV", "92", Err(DtgError::Shape)),
        ];
        for (dt, mon, yr, want) in cases {
            let got = parse_dtg(dt, mon, yr)
                .map(|d| (d.time.day, d.time.hour, d.time.minute, d.month, d.year));
            assert_eq!(&got, want, "{dt} {mon} {yr}");
        }
    }
}
