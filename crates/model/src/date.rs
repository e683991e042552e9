//! Dates as sanctions lists give them: full dates, year-months, years, ranges and approximations.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::ModelError;

/// A date of which the month and day may be unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PartialDate {
    /// Year (four digits).
    pub year: i32,
    /// Month 1–12, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u8>,
    /// Day 1–31, when known (only with a month).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<u8>,
}

impl PartialDate {
    /// A year only.
    pub fn year(year: i32) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }
    /// A full date; `None` when month or day is out of range.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        })
    }
    /// A year and month; `None` when the month is out of range.
    pub fn ym(year: i32, month: u8) -> Option<Self> {
        (1..=12).contains(&month).then_some(PartialDate {
            year,
            month: Some(month),
            day: None,
        })
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Every hit shows its entity's dates: the usual ones are written digit by digit, not
        // through the formatting machinery.
        let two_digits = |p: Option<u8>| p.is_none_or(|p| p <= 99);
        if (0..=9999).contains(&self.year) && two_digits(self.month) && two_digits(self.day) {
            let mut buf = [0u8; 10];
            let y = self.year as u32;
            let mut n = 4;
            for (i, div) in [1000, 100, 10, 1].into_iter().enumerate() {
                buf[i] = b'0' + (y / div % 10) as u8;
            }
            for part in [self.month, self.month.and(self.day)].into_iter().flatten() {
                buf[n] = b'-';
                buf[n + 1] = b'0' + part / 10;
                buf[n + 2] = b'0' + part % 10;
                n += 3;
            }
            return f.write_str(std::str::from_utf8(&buf[..n]).unwrap_or_default());
        }
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => write!(f, "{:04}-{:02}", self.year, m),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// A date of birth as published: one (partial) date, or a range of years or dates.
/// `approximate` marks "circa", "about", "approximately".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateSpec {
    /// Earliest possible date (equal to `to` for a single date).
    pub from: PartialDate,
    /// Latest possible date.
    pub to: PartialDate,
    /// The publisher said the date is approximate.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

impl DateSpec {
    /// One partial date.
    pub fn single(d: PartialDate) -> Self {
        DateSpec {
            from: d,
            to: d,
            approximate: false,
        }
    }
    /// A range of years, inclusive.
    pub fn year_range(from: i32, to: i32) -> Self {
        let (a, b) = if from <= to { (from, to) } else { (to, from) };
        DateSpec {
            from: PartialDate::year(a),
            to: PartialDate::year(b),
            approximate: false,
        }
    }
    /// True when `from == to`.
    pub fn is_single(&self) -> bool {
        self.from == self.to
    }
    /// The years this spec can fall in (inclusive).
    pub fn years(&self) -> (i32, i32) {
        (self.from.year, self.to.year)
    }

    /// Parses the forms the lists and customer files use:
    /// `1971`, `1971-07`, `1971-07-28`, `28/07/1971`, `28.07.1971`, `28 Jul 1971`, `Jul 1971`,
    /// `circa 1970`, `ca. 1970`, `approximately 1970`, `Between 1965 and 1968`, `1965-1968`,
    /// `1965 to 1968`, and ISO timestamps (`1971-07-28T00:00:00`).
    pub fn parse(s: &str) -> Result<DateSpec, ModelError> {
        let err = || ModelError::InvalidDate(s.to_string());
        let mut t = s.trim().trim_end_matches('.').to_lowercase();
        if t.is_empty() {
            return Err(err());
        }
        let mut approximate = false;
        for p in [
            "circa",
            "approximately",
            "approx.",
            "approx",
            "about",
            "ca.",
            "c.",
            "ca",
            "~",
        ] {
            if let Some(rest) = t.strip_prefix(p) {
                if rest.starts_with(|c: char| c.is_whitespace() || c.is_ascii_digit()) {
                    approximate = true;
                    t = rest.trim().to_string();
                    break;
                }
            }
        }
        // ISO timestamp: cut the time.
        if let Some(idx) = t.find('t') {
            if idx == 10 && t.as_bytes()[4] == b'-' {
                t.truncate(10);
            }
        }
        let range = if let Some(rest) = t.strip_prefix("between") {
            rest.split_once(" and ")
                .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
        } else if let Some((a, b)) = t.split_once(" to ") {
            Some((a.trim().to_string(), b.trim().to_string()))
        } else if let Some((a, b)) = t.split_once(" - ") {
            Some((a.trim().to_string(), b.trim().to_string()))
        } else if t.len() == 9
            && t.as_bytes()[4] == b'-'
            && t[..4].bytes().all(|b| b.is_ascii_digit())
            && t[5..].bytes().all(|b| b.is_ascii_digit())
        {
            Some((t[..4].to_string(), t[5..].to_string()))
        } else {
            None
        };
        if let Some((a, b)) = range {
            let from = parse_single(&a).ok_or_else(err)?;
            let to = parse_single(&b).ok_or_else(err)?;
            let (from, to) = if from <= to { (from, to) } else { (to, from) };
            return Ok(DateSpec {
                from,
                to,
                approximate,
            });
        }
        let d = parse_single(&t).ok_or_else(err)?;
        Ok(DateSpec {
            from: d,
            to: d,
            approximate,
        })
    }
}

fn plausible_year(y: i32) -> bool {
    (1000..=2200).contains(&y)
}

fn month_from_name(s: &str) -> Option<u8> {
    let s = s.trim_end_matches('.');
    if s.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| s.starts_with(m))
        .map(|i| i as u8 + 1)
}

fn parse_single(t: &str) -> Option<PartialDate> {
    let t = t.trim().trim_end_matches(',');
    let num = |s: &str| -> Option<i32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    // YYYY
    if let Some(y) = num(t) {
        return (t.len() == 4 && plausible_year(y)).then(|| PartialDate::year(y));
    }
    let parts: Vec<&str> = t
        .split(['-', '/', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [a, b] => {
            // YYYY-MM, MM/YYYY, Mon YYYY
            if let (Some(y), Some(m)) = (num(a), num(b)) {
                if a.len() == 4 && plausible_year(y) {
                    return PartialDate::ym(y, u8::try_from(m).ok()?);
                }
                if b.len() == 4 && plausible_year(m) {
                    return PartialDate::ym(m, u8::try_from(y).ok()?);
                }
                return None;
            }
            let m = month_from_name(a)?;
            let y = num(b).filter(|y| plausible_year(*y))?;
            PartialDate::ym(y, m)
        }
        [a, b, c] => {
            let (na, nb, nc) = (num(a), num(b), num(c));
            if a.len() == 4 {
                // YYYY-MM-DD or YYYY Mon DD
                let y = na.filter(|y| plausible_year(*y))?;
                let m = nb
                    .and_then(|m| u8::try_from(m).ok())
                    .or_else(|| month_from_name(b))?;
                return PartialDate::ymd(y, m, u8::try_from(nc?).ok()?);
            }
            if c.len() == 4 {
                let y = nc.filter(|y| plausible_year(*y))?;
                // DD Mon YYYY / Mon DD YYYY
                if let Some(m) = month_from_name(b) {
                    return PartialDate::ymd(y, m, u8::try_from(na?).ok()?);
                }
                if let Some(m) = month_from_name(a) {
                    return PartialDate::ymd(y, m, u8::try_from(nb?).ok()?);
                }
                // DD/MM/YYYY (the common form outside the US); MM/DD/YYYY when DD/MM is impossible.
                let (x, z) = (u8::try_from(na?).ok()?, u8::try_from(nb?).ok()?);
                return PartialDate::ymd(y, z, x).or_else(|| PartialDate::ymd(y, x, z));
            }
            None
        }
        _ => None,
    }
}

impl fmt::Display for DateSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.approximate {
            f.write_str("circa ")?;
        }
        if self.is_single() {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{} to {}", self.from, self.to)
        }
    }
}

/// (year, month, day) → days since 1970-01-01 in the proleptic Gregorian calendar (Howard
/// Hinnant's algorithm), the inverse of [`civil_from_days`]. The day and month are not checked.
pub fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar (Howard
/// Hinnant's algorithm): for Excel serial dates and timestamps, without a date library.
pub fn civil_from_days(z: i64) -> (i64, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_from_civil_inverts_civil_from_days() {
        for z in [-800_000i64, -1, 0, 59, 11_016, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z, "{y}-{m}-{d}");
        }
        assert_eq!(
            days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28),
            2
        );
    }

    #[test]
    fn partial_dates_display_as_iso_dates() {
        for year in [0, 7, 999, 1971, 9999, 10_000, -44] {
            for month in [None, Some(1), Some(12)] {
                for day in [None, Some(1), Some(31)] {
                    let d = PartialDate { year, month, day };
                    let want = match (month, day) {
                        (Some(m), Some(dd)) => format!("{year:04}-{m:02}-{dd:02}"),
                        (Some(m), None) => format!("{year:04}-{m:02}"),
                        _ => format!("{year:04}"),
                    };
                    assert_eq!(d.to_string(), want, "{d:?}");
                }
            }
        }
    }

    #[test]
    fn parses_list_forms() {
        let d = DateSpec::parse("1971-07-28").unwrap();
        assert_eq!(d.from, PartialDate::ymd(1971, 7, 28).unwrap());
        assert!(d.is_single());
        assert_eq!(
            DateSpec::parse("1971").unwrap().from,
            PartialDate::year(1971)
        );
        assert_eq!(
            DateSpec::parse("28/07/1971").unwrap().from,
            PartialDate::ymd(1971, 7, 28).unwrap()
        );
        assert_eq!(
            DateSpec::parse("07/28/1971").unwrap().from,
            PartialDate::ymd(1971, 7, 28).unwrap()
        );
        assert_eq!(
            DateSpec::parse("28 Jul 1971").unwrap().from,
            PartialDate::ymd(1971, 7, 28).unwrap()
        );
        assert_eq!(
            DateSpec::parse("Jul 1971").unwrap().from,
            PartialDate::ym(1971, 7).unwrap()
        );
        let c = DateSpec::parse("circa 1970").unwrap();
        assert!(c.approximate);
        assert_eq!(c.years(), (1970, 1970));
        assert_eq!(
            DateSpec::parse("Between 1965 and 1968").unwrap().years(),
            (1965, 1968)
        );
        assert_eq!(DateSpec::parse("1965-1968").unwrap().years(), (1965, 1968));
        assert_eq!(
            DateSpec::parse("1965 to 1968").unwrap().years(),
            (1965, 1968)
        );
        assert_eq!(
            DateSpec::parse("1971-07-28T00:00:00").unwrap().from,
            PartialDate::ymd(1971, 7, 28).unwrap()
        );
    }

    #[test]
    fn rejects_non_dates() {
        for s in [
            "",
            "abc",
            "31/02/1971",
            "1971-13",
            "12",
            "99999",
            "between x and y",
        ] {
            assert!(DateSpec::parse(s).is_err(), "{s:?} should not parse");
        }
    }

    #[test]
    fn serde_round_trip() {
        let d = DateSpec::parse("circa 1970").unwrap();
        let j = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<DateSpec>(&j).unwrap(), d);
    }

    #[test]
    fn out_of_range_numbers_are_no_dates_not_wrapped() {
        // `257 as u8` is 1: these once read as 1 January 1970.
        assert!(DateSpec::parse("1970-257").is_err());
        assert!(DateSpec::parse("257/01/1970").is_err());
        assert!(DateSpec::parse("1970-01-257").is_err());
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,40}") {
            let _ = DateSpec::parse(&s);
        }

        /// Dates mixed with non-ASCII letters whose lowercase differs in length (İ, ß, Σ, CJK).
        #[test]
        fn parse_never_panics_on_mixed_scripts(s in "[0-9İıßΣ日本\\-/. tT]{0,24}") {
            let _ = DateSpec::parse(&s);
        }
    }
}
