//! Calendar arithmetic for hover texts and date rules: weekdays, ISO dates and ACP-127
//! day-of-year times. Proleptic Gregorian, after Howard Hinnant's `days_from_civil`; years are
//! `i64` so that no input can overflow.

use cable_grammar::dtg::{days_in_month, Dtg, WEEKDAYS};

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Days since 1970-01-01 of a (valid) date.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01: (year, month, day).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// 0 = Monday … 6 = Sunday.
pub fn weekday(days: i64) -> usize {
    // 1970-01-01 was a Thursday.
    (days + 3).rem_euclid(7) as usize
}

/// A moment in UTC to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u8,
    pub minute: u8,
}

impl Moment {
    pub fn of_dtg(d: &Dtg) -> Moment {
        Moment {
            year: i64::from(d.year),
            month: u32::from(d.month),
            day: u32::from(d.time.day),
            hour: d.time.hour,
            minute: d.time.minute,
        }
    }

    fn days(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// `Monday 9 November 1992, 21:05 UTC`
    pub fn words(&self) -> String {
        format!(
            "{} {} {} {}, {:02}:{:02} UTC",
            WEEKDAYS[weekday(self.days())],
            self.day,
            MONTH_NAMES[(self.month.clamp(1, 12) - 1) as usize],
            self.year,
            self.hour,
            self.minute
        )
    }

    /// `1992-11-09T21:05Z`
    pub fn iso(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute
        )
    }
}

/// A date in words without time: `Thursday 14 March 2019`.
pub fn date_words(year: i64, month: u32, day: u32) -> String {
    format!(
        "{} {} {} {}",
        WEEKDAYS[weekday(days_from_civil(year, month, day))],
        day,
        MONTH_NAMES[(month.clamp(1, 12) - 1) as usize],
        year
    )
}

/// A day as cables' readers write it: `17 April 1995`.
pub fn day_words((year, month, day): (u16, u8, u8)) -> String {
    format!(
        "{day} {} {year}",
        MONTH_NAMES[usize::from(month.clamp(1, 12) - 1)]
    )
}

/// Whether (year, month, day) is a real date (years in the range a cable can have).
pub fn valid_date(year: i64, month: u32, day: u32) -> bool {
    let Ok(y) = u16::try_from(year) else {
        return false;
    };
    (1..=12).contains(&month) && day >= 1 && day <= u32::from(days_in_month(month as u8, y))
}

/// The date of a PAGE header or dash-line day (`141535Z`), which has no month: the date with
/// that day nearest to the message DTG (a page time may fall in the next month, or just
/// before the DTG).
pub fn near(dtg: &Dtg, day: u8, hour: u8, minute: u8) -> Option<Moment> {
    let base = Moment::of_dtg(dtg);
    let anchor = base.days();
    let mut best: Option<(i64, Moment)> = None;
    for shift in [-1i64, 0, 1] {
        let months = base.year * 12 + i64::from(base.month) - 1 + shift;
        let (year, month) = (months.div_euclid(12), (months.rem_euclid(12) + 1) as u32);
        if !valid_date(year, month, u32::from(day)) {
            continue;
        }
        let distance = (days_from_civil(year, month, u32::from(day)) - anchor).abs();
        if best.is_none_or(|(d, _)| distance < d) {
            let m = Moment {
                year,
                month,
                day: u32::from(day),
                hour,
                minute,
            };
            best = Some((distance, m));
        }
    }
    best.map(|(_, m)| m)
}

/// Day `doy` (1-based) of `year`, if it exists.
pub fn from_day_of_year(year: i64, doy: u16) -> Option<(i64, u32, u32)> {
    let length = if valid_date(year, 2, 29) { 366 } else { 365 };
    if doy == 0 || doy > length || u16::try_from(year).is_err() {
        return None;
    }
    Some(civil_from_days(
        days_from_civil(year, 1, 1) + i64::from(doy) - 1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        let cases = [
            ((1970, 1, 1), 0, "Thursday"),
            ((1992, 11, 9), 8348, "Monday"),
            ((2000, 2, 29), 11016, "Tuesday"),
            ((1900, 3, 1), -25508, "Thursday"),
            ((1963, 11, 22), -2232, "Friday"),
            ((2001, 9, 11), 11576, "Tuesday"),
            ((1600, 1, 1), -135140, "Saturday"),
            ((2024, 12, 31), 20088, "Tuesday"),
        ];
        for ((y, m, d), days, wd) in cases {
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
            assert_eq!(civil_from_days(days), (y, m, d));
            assert_eq!(WEEKDAYS[weekday(days)], wd, "{y}-{m}-{d}");
        }
    }

    #[test]
    fn round_trip() {
        for days in (-800_000..800_000).step_by(97) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn words_and_iso() {
        let m = Moment {
            year: 1992,
            month: 11,
            day: 9,
            hour: 21,
            minute: 5,
        };
        assert_eq!(m.words(), "Monday 9 November 1992, 21:05 UTC");
        assert_eq!(m.iso(), "1992-11-09T21:05Z");
    }

    #[test]
    fn page_days_near_the_dtg() {
        let dtg = cable_grammar::dtg::parse_dtg("302350Z", "NOV", "92").unwrap();
        let next = near(&dtg, 1, 0, 10).unwrap();
        assert_eq!((next.year, next.month, next.day), (1992, 12, 1));
        let same = near(&dtg, 29, 23, 0).unwrap();
        assert_eq!((same.month, same.day), (11, 29));
        let jan = cable_grammar::dtg::parse_dtg("010001Z", "JAN", "93").unwrap();
        let before = near(&jan, 31, 23, 59).unwrap();
        assert_eq!((before.year, before.month), (1992, 12));
        let feb = cable_grammar::dtg::parse_dtg("010001Z", "MAR", "93").unwrap();
        assert_eq!(near(&feb, 31, 0, 0).map(|m| m.month), Some(3));
        assert_eq!(near(&feb, 30, 0, 0).map(|m| m.month), Some(3));
    }

    #[test]
    fn day_of_year() {
        assert_eq!(from_day_of_year(2008, 74), Some((2008, 3, 14)));
        assert_eq!(from_day_of_year(2009, 26), Some((2009, 1, 26)));
        assert_eq!(from_day_of_year(2008, 366), Some((2008, 12, 31)));
        assert_eq!(from_day_of_year(2009, 366), None);
        assert_eq!(from_day_of_year(2009, 0), None);
    }
}
