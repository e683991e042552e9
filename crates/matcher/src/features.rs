//! Evidence beyond the name: date of birth, nationality, gender, identifiers.
//!
//! Each feature adds to or takes from the name score and says why. The values are documented in
//! docs/matching.md; they were set so that a listed person whose date of birth is off by one year
//! still alerts, while a common name with a birth date decades away does not.

use namesake_model::{
    normalize_identifier, DateSpec, Entity, Gender, IdKind, Identifier, PartialDate, Schema,
};
use serde::{Deserialize, Serialize};

/// The kinds of evidence beyond the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureName {
    /// Date of birth (or of incorporation, or a vessel's build year).
    BirthDate,
    /// Nationality, citizenship or country.
    Nationality,
    /// Gender.
    Gender,
    /// Passport, national id, IMO number, BIC…
    Identifier,
}

impl FeatureName {
    /// The name used in outputs: `birth_date`, `nationality`, `gender`, `identifier`.
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureName::BirthDate => "birth_date",
            FeatureName::Nationality => "nationality",
            FeatureName::Gender => "gender",
            FeatureName::Identifier => "identifier",
        }
    }
}

impl std::fmt::Display for FeatureName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// What one feature contributed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feature {
    /// Which evidence.
    pub name: FeatureName,
    /// Added to (positive) or taken from (negative) the score.
    pub delta: f32,
    /// What was compared, for the analyst.
    pub detail: String,
    /// An identical identifier settles the match.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub decisive: bool,
}

impl Feature {
    fn new(name: FeatureName, delta: f32, detail: String) -> Self {
        Feature {
            name,
            delta,
            detail,
            decisive: false,
        }
    }
}

/// Score changes for dates of birth.
pub mod dob {
    /// Same full date.
    pub const EXACT: f32 = 0.08;
    /// Same year and month, or the query year lies in the listed range or year.
    pub const YEAR: f32 = 0.04;
    /// Day and month swapped (03/07 vs 07/03).
    pub const SWAPPED: f32 = 0.03;
    /// Same year, different day or month.
    pub const SAME_YEAR_OTHER_DAY: f32 = -0.03;
    /// One year apart: a common error in lists and customer files.
    pub const OFF_BY_ONE: f32 = -0.04;
    /// Two to four years apart.
    pub const NEAR: f32 = -0.15;
    /// Five or more years apart; or two full dates two or more years apart whose day and
    /// month differ too (no one slip of the pen turns one into the other).
    pub const FAR: f32 = -0.32;
    /// Two full dates of one day and month whose years differ in one digit (1959 / 1989): a
    /// slip of the pen, however many years that makes.
    pub const YEAR_TYPO: f32 = -0.06;
    /// Two full dates at most a year apart that differ in two of year, month and day, and lie
    /// more than [`NEAR_DAYS`] days apart (1970-04-21 / 1970-11-18, 1971-06-21 / 1972-07-01): no
    /// one slip of the pen turns one into the other. As far as two to four years apart.
    pub const OTHER_DATE: f32 = -0.15;
    /// Two full dates this many days apart or fewer are one date written a day or two off
    /// (a conversion from another calendar, a birth near midnight), whatever the month.
    pub const NEAR_DAYS: i64 = 3;
}

/// Day and month of a date given in full, unless it is 1 January (which lists and customer
/// files write for a year whose day they do not know).
fn day_and_month(d: &DateSpec) -> Option<(u8, u8)> {
    if !d.is_single() || d.approximate {
        return None;
    }
    full(&d.from).filter(|&md| md != (1, 1))
}

/// Whether two years are written alike but for one digit.
fn one_digit_apart(a: i32, b: i32) -> bool {
    let (a, b) = (format!("{a:04}"), format!("{b:04}"));
    a.len() == b.len() && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() == 1
}

fn year_gap(q: &DateSpec, l: &DateSpec) -> i32 {
    let widen = |d: &DateSpec| if d.approximate { 2 } else { 0 };
    let (qa, qb) = (q.from.year - widen(q), q.to.year + widen(q));
    let (la, lb) = (l.from.year - widen(l), l.to.year + widen(l));
    if qb < la {
        la - qb
    } else if lb < qa {
        qa - lb
    } else {
        0
    }
}

fn full(d: &PartialDate) -> Option<(u8, u8)> {
    Some((d.month?, d.day?))
}

/// Whether two (month, day) pairs are one another with day and month swapped (03/07, 07/03).
fn swapped(a: (u8, u8), b: (u8, u8)) -> bool {
    a.0 == b.1 && a.1 == b.0
}

/// Whether two full dates (neither 1 January) at most a year apart differ in two of year, month
/// and day, are not one another with day and month swapped, and lie more than
/// [`dob::NEAR_DAYS`] apart.
fn two_parts_differ(q: &DateSpec, l: &DateSpec) -> bool {
    let (Some(a), Some(b)) = (day_and_month(q), day_and_month(l)) else {
        return false;
    };
    let (qy, ly) = (q.from.year, l.from.year);
    let parts = usize::from(qy != ly) + usize::from(a.0 != b.0) + usize::from(a.1 != b.1);
    let days = |y: i32, (m, d): (u8, u8)| namesake_model::date::days_from_civil(i64::from(y), m, d);
    parts >= 2
        && !swapped(a, b)
        && (qy - ly).abs() <= 1
        && (days(qy, a) - days(ly, b)).abs() > dob::NEAR_DAYS
}

fn compare_dates(q: &DateSpec, l: &DateSpec) -> (f32, String) {
    let gap = year_gap(q, l);
    if two_parts_differ(q, l) {
        return (
            dob::OTHER_DATE,
            format!("{q} vs {l} (two of year, month and day differ)"),
        );
    }
    if gap == 0 {
        if q.is_single() && l.is_single() {
            match (full(&q.from), full(&l.from)) {
                (Some(a), Some(b)) if q.from.year == l.from.year => {
                    if a == b {
                        return (dob::EXACT, format!("{} = {}", q, l));
                    }
                    if swapped(a, b) {
                        return (
                            dob::SWAPPED,
                            format!("{} ~ {} (day and month swapped)", q, l),
                        );
                    }
                    return (
                        dob::SAME_YEAR_OTHER_DAY,
                        format!("{} vs {} (same year, other day)", q, l),
                    );
                }
                _ => {}
            }
            if let (Some(qm), Some(lm)) = (q.from.month, l.from.month) {
                if q.from.year == l.from.year && qm != lm {
                    return (
                        dob::SAME_YEAR_OTHER_DAY,
                        format!("{} vs {} (same year, other month)", q, l),
                    );
                }
            }
        }
        return (dob::YEAR, format!("{} within {}", q, l));
    }
    let apart = format!(
        "{} vs {} ({} year{} apart",
        q,
        l,
        gap,
        if gap == 1 { "" } else { "s" }
    );
    if let (Some(a), Some(b)) = (day_and_month(q), day_and_month(l)) {
        let same_day = a == b || swapped(a, b);
        if same_day && gap >= 2 && one_digit_apart(q.from.year, l.from.year) {
            return (dob::YEAR_TYPO, format!("{apart}, one digit of the year)"));
        }
        if !same_day && gap >= 2 {
            return (dob::FAR, format!("{apart}, day and month differ too)"));
        }
    }
    let delta = match gap {
        1 => dob::OFF_BY_ONE,
        2..=4 => dob::NEAR,
        _ => dob::FAR,
    };
    (delta, format!("{apart})"))
}

/// Compares the query's dates of birth with the listed ones; the best pair counts.
pub fn birth_date(query: &[DateSpec], listed: &[DateSpec]) -> Option<Feature> {
    let mut best: Option<(f32, String)> = None;
    for q in query {
        for l in listed {
            let (d, why) = compare_dates(q, l);
            if best.as_ref().is_none_or(|(b, _)| d > *b) {
                best = Some((d, why));
            }
        }
    }
    best.map(|(d, why)| Feature::new(FeatureName::BirthDate, d, why))
}

/// Score changes for nationality and country.
pub mod country {
    /// A shared nationality or country.
    pub const SHARED: f32 = 0.03;
    /// The listed party's nationalities do not include the query's.
    pub const DIFFERENT: f32 = -0.06;
}

/// Compares the query's countries with the entity's nationalities and citizenships
/// (for organisations, also its other countries).
pub fn nationality(query: &[String], entity: &Entity) -> Option<Feature> {
    if query.is_empty() {
        return None;
    }
    let listed: Vec<&str> = if entity.schema == Schema::Person {
        entity.person_countries().collect()
    } else {
        entity
            .person_countries()
            .chain(entity.countries.iter().map(String::as_str))
            .collect()
    };
    if listed.is_empty() {
        return None;
    }
    if let Some(c) = query.iter().find(|q| listed.contains(&q.as_str())) {
        return Some(Feature::new(
            FeatureName::Nationality,
            country::SHARED,
            format!("{c} shared"),
        ));
    }
    Some(Feature::new(
        FeatureName::Nationality,
        country::DIFFERENT,
        format!("{} vs listed {}", query.join(","), listed.join(",")),
    ))
}

/// A gender that contradicts the listed one.
pub const GENDER_MISMATCH: f32 = -0.10;

/// Compares genders; only a contradiction counts.
pub fn gender(query: Option<Gender>, listed: Option<Gender>) -> Option<Feature> {
    match (query, listed) {
        (Some(q), Some(l)) if q != l && q != Gender::Other && l != Gender::Other => {
            Some(Feature::new(
                FeatureName::Gender,
                GENDER_MISMATCH,
                format!("{q:?} vs listed {l:?}"),
            ))
        }
        _ => None,
    }
}

/// Score given when an identifier is identical: decisive.
pub const IDENTIFIER_SCORE: f32 = 0.99;

/// Looks for an identical identifier (passport, national id, IMO…) of a compatible kind.
pub fn identifier(query: &[Identifier], listed: &[Identifier]) -> Option<Feature> {
    for q in query {
        let qn = normalize_identifier(&q.value);
        if qn.len() < 5 {
            continue;
        }
        for l in listed {
            let kinds_agree = matches!(q.kind, IdKind::Other(_)) || q.kind == l.kind;
            if kinds_agree && l.kind.is_decisive() && normalize_identifier(&l.value) == qn {
                let mut f = Feature::new(
                    FeatureName::Identifier,
                    0.0,
                    format!("{:?} {} identical", l.kind, l.value),
                );
                f.decisive = true;
                return Some(f);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> DateSpec {
        DateSpec::parse(s).unwrap()
    }

    #[test]
    fn dates() {
        assert_eq!(
            birth_date(&[d("1971-07-28")], &[d("1971-07-28")])
                .unwrap()
                .delta,
            dob::EXACT
        );
        assert_eq!(
            birth_date(&[d("1971-07-03")], &[d("1971-03-07")])
                .unwrap()
                .delta,
            dob::SWAPPED
        );
        assert_eq!(
            birth_date(&[d("1971")], &[d("1971-07-28")]).unwrap().delta,
            dob::YEAR
        );
        assert_eq!(
            birth_date(&[d("1966")], &[d("Between 1965 and 1968")])
                .unwrap()
                .delta,
            dob::YEAR
        );
        assert_eq!(
            birth_date(&[d("1972-01-01")], &[d("1971-07-28")])
                .unwrap()
                .delta,
            dob::OFF_BY_ONE
        );
        assert_eq!(
            birth_date(&[d("1980")], &[d("1971")]).unwrap().delta,
            dob::FAR
        );
        assert_eq!(
            birth_date(&[d("1973")], &[d("circa 1971")]).unwrap().delta,
            dob::YEAR,
            "circa widens by two years"
        );
        // The best of several listed dates counts.
        assert_eq!(
            birth_date(&[d("1960")], &[d("1950"), d("1960")])
                .unwrap()
                .delta,
            dob::YEAR
        );
        assert!(birth_date(&[], &[d("1960")]).is_none());
    }

    #[test]
    fn full_dates_years_apart_are_told_from_a_slip_of_the_pen() {
        let delta = |q: &str, l: &str| birth_date(&[d(q)], &[d(l)]).unwrap().delta;
        // Years, days and months all differ: two people.
        assert_eq!(delta("1959-02-28", "1963-08-23"), dob::FAR);
        assert_eq!(delta("1976-05-20", "1978-06-29"), dob::FAR);
        // Only the years differ: two years apart is still near.
        assert_eq!(delta("1958-09-14", "1960-09-14"), dob::NEAR);
        // One digit of the year: a typo, however far apart (day and month may be swapped).
        assert_eq!(delta("1989-11-07", "1959-11-07"), dob::YEAR_TYPO);
        assert_eq!(delta("1989-07-11", "1959-11-07"), dob::YEAR_TYPO);
        // 1 January stands for an unknown day; a year alone and circa dates are as before.
        assert_eq!(delta("1959-01-01", "1963-08-23"), dob::NEAR);
        assert_eq!(delta("1963", "1959-02-28"), dob::NEAR);
        assert_eq!(delta("1959-02-28", "1960-02-28"), dob::OFF_BY_ONE);
        assert_eq!(delta("1989-11-07", "1959-11-08"), dob::FAR);
    }

    #[test]
    fn full_dates_a_year_or_less_apart_that_differ_in_two_parts_are_two_dates() {
        let delta = |q: &str, l: &str| birth_date(&[d(q)], &[d(l)]).unwrap().delta;
        // Month and day differ in one year; year and day or month differ a year apart.
        assert_eq!(delta("1970-04-21", "1970-11-18"), dob::OTHER_DATE);
        assert_eq!(delta("1971-06-21", "1972-07-01"), dob::OTHER_DATE);
        assert_eq!(delta("1959-02-28", "1960-08-23"), dob::OTHER_DATE);
        assert_eq!(delta("1971-06-21", "1972-06-12"), dob::OTHER_DATE);
        // One part alone is a slip: the day, the month, the year by one.
        assert_eq!(delta("1970-04-21", "1970-04-12"), dob::SAME_YEAR_OTHER_DAY);
        assert_eq!(delta("1970-04-21", "1970-11-21"), dob::SAME_YEAR_OTHER_DAY);
        assert_eq!(delta("1971-06-21", "1972-06-21"), dob::OFF_BY_ONE);
        // Swapped, or a day or two apart across the end of a month or year: one date.
        assert_eq!(delta("1970-04-11", "1970-11-04"), dob::SWAPPED);
        assert_eq!(delta("1970-03-31", "1970-04-01"), dob::SAME_YEAR_OTHER_DAY);
        assert_eq!(delta("1971-12-31", "1972-01-02"), dob::OFF_BY_ONE);
        // 1 January and partial dates stand for a year alone.
        assert_eq!(delta("1970-01-01", "1970-11-18"), dob::SAME_YEAR_OTHER_DAY);
        assert_eq!(delta("1971-06", "1972-07-01"), dob::OFF_BY_ONE);
    }

    #[test]
    fn identifiers_are_decisive() {
        let q = [Identifier::new(IdKind::Passport, "A-123 456")];
        let l = [Identifier::new(IdKind::Passport, "a123456")];
        assert!(identifier(&q, &l).unwrap().decisive);
        let other = [Identifier::new(IdKind::Imo, "a123456")];
        assert!(
            identifier(&q, &other).is_none(),
            "a passport number is not an IMO number"
        );
    }
}
