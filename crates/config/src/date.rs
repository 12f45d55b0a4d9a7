//! Calendar dates (`YYYY-MM-DD`), for suppressions that expire.
//!
//! Only what expiry needs: parsing and validating a date, comparing two
//! dates, and turning a count of days since 1970-01-01 (what the system
//! clock gives) into a date. No time zones: a date is a calendar day.

use std::fmt;
use std::str::FromStr;

/// A day of the proleptic Gregorian calendar, years 1 to 9999.
///
/// ```
/// use rampart_config::Date;
///
/// let d: Date = "2027-03-31".parse().unwrap();
/// assert!(d < "2027-04-01".parse().unwrap());
/// assert_eq!(d.to_string(), "2027-03-31");
/// assert!("2027-02-29".parse::<Date>().is_err());
/// assert_eq!(Date::from_unix_days(0), Date::new(1970, 1, 1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    // Field order makes the derived ordering chronological.
    year: u16,
    month: u8,
    day: u8,
}

/// Why a text is not a `YYYY-MM-DD` date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseDateError(pub &'static str);

impl fmt::Display for ParseDateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for ParseDateError {}

fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// 1970-01-01.
    pub const UNIX_EPOCH: Date = Date {
        year: 1970,
        month: 1,
        day: 1,
    };

    /// The date, if it exists (year 1 to 9999).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// The date `days` days after 1970-01-01 (negative: before), if it is
    /// within years 1 to 9999. Howard Hinnant's `civil_from_days`.
    pub fn from_unix_days(days: i64) -> Option<Date> {
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }
}

impl FromStr for Date {
    type Err = ParseDateError;

    /// Exactly `YYYY-MM-DD`, a date that exists.
    fn from_str(s: &str) -> Result<Date, ParseDateError> {
        let b = s.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape {
            return Err(ParseDateError("expected a date written YYYY-MM-DD"));
        }
        let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<u16>().ok());
        let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
            return Err(ParseDateError("expected a date written YYYY-MM-DD"));
        };
        let (Ok(month), Ok(day)) = (u8::try_from(month), u8::try_from(day)) else {
            return Err(ParseDateError("no such date"));
        };
        Date::new(year, month, day).ok_or(ParseDateError("no such date"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates() {
        assert_eq!("2027-03-31".parse(), Ok(Date::new(2027, 3, 31).unwrap()));
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("2000-02-29".parse::<Date>().is_ok());
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2027-04-31",
            "2027-13-01",
            "2027-00-10",
            "2027-01-00",
            "0000-01-01",
            "2027-3-31",
            "27-03-31",
            "2027/03/31",
            "2027-03-31T00:00",
            " 2027-03-31",
            "soon",
            "",
            "+027-03-31",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

    #[test]
    fn orders_chronologically() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert!(d("2026-12-31") < d("2027-01-01"));
        assert!(d("2027-01-31") < d("2027-02-01"));
        assert!(d("2027-03-30") < d("2027-03-31"));
    }

    #[test]
    fn from_unix_days() {
        let d = |s: &str| s.parse::<Date>().ok();
        assert_eq!(Date::from_unix_days(0), d("1970-01-01"));
        assert_eq!(Date::from_unix_days(-1), d("1969-12-31"));
        assert_eq!(Date::from_unix_days(11_016), d("2000-02-29"));
        assert_eq!(Date::from_unix_days(19_782), d("2024-02-29"));
        assert_eq!(Date::from_unix_days(20_543), d("2026-03-31"));
        assert_eq!(Date::from_unix_days(2_932_896), d("9999-12-31"));
        assert_eq!(Date::from_unix_days(2_932_897), None);
        assert_eq!(Date::from_unix_days(i64::MAX), None);
        // Every day of a leap-year cycle round-trips through Display/parse.
        let mut prev = Date::from_unix_days(10_956).unwrap();
        for n in 10_957..10_957 + 4 * 366 {
            let next = Date::from_unix_days(n).unwrap();
            assert!(prev < next);
            assert_eq!(next.to_string().parse(), Ok(next));
            prev = next;
        }
    }
}
