//! Small text helpers shared by the Canada, Australia and UK parsers: whitespace clean-up,
//! enumerated lists ("a) … b) …"), loose date fields, country fields and Excel serial dates.

use std::path::Path;

use namesake_model::country::to_alpha2;
use namesake_model::{DateSpec, Entity, Name, NameKind, PartialDate};

use crate::Skipped;

/// Collapses every run of whitespace (including no-break and narrow spaces, tabs and newlines)
/// into one space and trims the ends.
pub(crate) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        // Zero-width and format characters (ZWNJ aside, which Persian needs) are noise here.
        if matches!(c, '\u{200b}' | '\u{feff}' | '\u{200e}' | '\u{200f}') {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// `clean(s)`, or `None` when nothing is left or the field says "not available".
pub(crate) fn non_empty(s: &str) -> Option<String> {
    let c = clean(s);
    match c.to_ascii_lowercase().as_str() {
        "" | "na" | "n/a" | "-" | "none" | "unknown" => None,
        _ => Some(c),
    }
}

/// A [`Skipped`] for `path`.
pub(crate) fn skipped(path: &Path, location: String, reason: impl Into<String>) -> Skipped {
    Skipped {
        path: path.to_path_buf(),
        location,
        reason: reason.into(),
        field: None,
    }
}

/// Splits an enumerated field ("a) X b) Y", "1) X 2) Y", "a)X; b)Y") into its items; a field
/// that is not enumerated comes back as one item. Items are cleaned; empty ones dropped.
pub(crate) fn split_enumerated(s: &str) -> Vec<String> {
    let s = clean(s);
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    // Which marker sequence does the field start with, if any: "a)", "1)", "(a)" or "(1)"?
    let (first, bracketed) = match chars.as_slice() {
        [(_, '('), (_, c), (_, ')'), ..] if *c == 'a' || *c == '1' => (*c, true),
        [(_, c), (_, ')'), ..] if *c == 'a' || *c == '1' => (*c, false),
        _ => return non_empty(&s).into_iter().collect(),
    };
    let mut cuts = vec![0usize]; // byte offsets where items start (at their marker)
    let mut expected = next_marker(first);
    let mut i = 2;
    while i + 1 < chars.len() {
        let (pos, c) = chars[i];
        let before = if bracketed {
            (chars[i - 1].1 == '(' && i >= 2 && matches!(chars[i - 2].1, ' ' | ';' | ','))
                .then_some(chars[i - 1].0)
        } else {
            matches!(chars[i - 1].1, ' ' | ';' | ',').then_some(pos)
        };
        if let Some(cut) = before {
            if Some(c) == expected && chars[i + 1].1 == ')' {
                cuts.push(cut);
                expected = expected.and_then(next_marker);
            }
        }
        i += 1;
    }
    let mut items = Vec::new();
    for (k, &start) in cuts.iter().enumerate() {
        let end = cuts.get(k + 1).copied().unwrap_or(s.len());
        let item = &s[start..end];
        // Drop the marker ("b)", "(b)") and separators left at the end ("…;").
        let item = item
            .split_once(')')
            .map(|(_, rest)| rest)
            .unwrap_or(item)
            .trim()
            .trim_end_matches([';', ','])
            .trim();
        if let Some(v) = non_empty(item) {
            items.push(v);
        }
    }
    items
}

fn next_marker(c: char) -> Option<char> {
    match c {
        'a'..='y' | '1'..='8' => char::from_u32(c as u32 + 1),
        _ => None,
    }
}

/// Dates found in a loose date-of-birth field, and the pieces that could not be read.
#[derive(Debug, Default)]
pub(crate) struct Dates {
    pub dates: Vec<DateSpec>,
    pub unparsed: Vec<String>,
}

/// Reads a field that may hold several dates: enumerated ("a) 1970 b) 1971"), separated by
/// `;`, `or`, `>>`, prefixed ("alt DOB:"), approximate ("Approximately 1955- 1958"), ranges.
/// Dates in another calendar (Hijri) are not Gregorian dates and stay unparsed.
pub(crate) fn parse_dates(text: &str) -> Dates {
    let mut out = Dates::default();
    for item in split_enumerated(text) {
        for piece in split_alternatives(&item) {
            let lower = piece.to_lowercase();
            if lower.contains("hijri") {
                out.unparsed.push(piece);
                continue;
            }
            match DateSpec::parse(&normalise_date_text(&piece)) {
                Ok(d) => out.dates.push(d),
                Err(_) => {
                    // "5 Feb. 1970 (this aka only, alt born …": read the date, keep the note.
                    let bare = without_brackets(&piece);
                    match DateSpec::parse(&normalise_date_text(&bare)) {
                        Ok(d) if bare != piece => out.dates.push(d),
                        _ => {}
                    }
                    out.unparsed.push(piece);
                }
            }
        }
    }
    out
}

/// The text with bracketed parts (closed or running to the end) removed.
pub(crate) fn without_brackets(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    clean(&out)
}

fn split_alternatives(item: &str) -> Vec<String> {
    let mut pieces = vec![item.to_string()];
    for sep in [";", ">>", " or ", " OR ", " Or "] {
        pieces = pieces
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    pieces
        .into_iter()
        .filter_map(|p| {
            let p = clean(&p);
            // "alt DOB: 12/05/1970": keep what follows the label. ASCII lowering keeps byte
            // offsets (full lowering does not: "İ" grows), so `i` is an offset into `p` too.
            let p = match p.to_ascii_lowercase().find("dob:") {
                Some(i) => p.get(i + 4..).unwrap_or_default().trim().to_string(),
                None => p,
            };
            non_empty(&p)
        })
        .collect()
}

/// "1955- 1958" → "1955 to 1958", "12 Dec. 1965" stays; drops a trailing full stop or comma.
fn normalise_date_text(s: &str) -> String {
    let s = s.replace(',', " ");
    let s = clean(&s);
    let s = s.trim_end_matches('.').trim();
    let lower = s.to_lowercase();
    if lower.starts_with("between ") && lower.contains(" to ") && !lower.contains(" and ") {
        return lower.replacen(" to ", " and ", 1);
    }
    // A year range written with a hyphen and uneven spaces.
    if let Some((a, b)) = s.split_once('-') {
        let (a_t, b_t) = (a.trim(), b.trim());
        let a_year = ends_with_year(a_t);
        let b_year = b_t.len() == 4 && b_t.bytes().all(|c| c.is_ascii_digit());
        if a_year && b_year && (a != a_t || b != b_t) {
            return format!("{a_t} to {b_t}");
        }
    }
    s.to_string()
}

/// Whether the text ends with four ASCII digits. Looks at bytes, never slices the `&str`, so
/// any text before the year ("日本-1970") is safe.
fn ends_with_year(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 4 && b[b.len() - 4..].iter().all(u8::is_ascii_digit)
}

/// Reads `dd/mm/yyyy` where `00` marks an unknown day or month (`00/00/1970` → 1970).
pub(crate) fn parse_dmy_with_zeros(s: &str) -> Option<PartialDate> {
    let parts: Vec<&str> = s.trim().split('/').collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let num = |t: &str| -> Option<u32> {
        (!t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let (d, m, y) = (num(d)?, num(m)?, num(y)?);
    let year = i32::try_from(y)
        .ok()
        .filter(|y| (1000..=2200).contains(y))?;
    match (m, d) {
        (0, _) => Some(PartialDate::year(year)),
        (m, 0) => PartialDate::ym(year, u8::try_from(m).ok()?),
        (m, d) => PartialDate::ymd(year, u8::try_from(m).ok()?, u8::try_from(d).ok()?),
    }
}

/// Converts an Excel serial day number (1900 date system) to a date. Excel counts 1900 as a
/// leap year, so serials from 61 on are offset by one day; 60 is the non-existent 29 Feb 1900.
pub(crate) fn excel_serial_to_date(serial: f64) -> Option<PartialDate> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    if days == 60 {
        return None;
    }
    // Days since 1970-01-01: serial 25569 is 1970-01-01.
    let unix_days = if days > 60 {
        days - 25569
    } else {
        days - 25568
    };
    let (y, m, d) = namesake_model::date::civil_from_days(unix_days);
    PartialDate::ymd(i32::try_from(y).ok()?, m, d)
}

/// Country codes named in a field such as "1) Saudi Arabia 2) Qatar", "Russian and Ukrainian",
/// "Syria; Lebanon"; the names that are no known country come back separately.
pub(crate) fn countries_in(text: &str) -> (Vec<&'static str>, Vec<String>) {
    let mut codes = Vec::new();
    let mut unknown = Vec::new();
    for item in split_enumerated(text) {
        if let Some(code) = to_alpha2(&item) {
            codes.push(code);
            continue;
        }
        let bare = without_brackets(&item);
        for part in bare.split([';', ',', '/']).flat_map(|p| p.split(" and ")) {
            let Some(part) = non_empty(part) else {
                continue;
            };
            let trimmed = part
                .trim_end_matches('.')
                .trim_end_matches(" citizenship")
                .trim_end_matches(" national")
                .trim_start_matches("Possibly ")
                .trim();
            match to_alpha2(trimmed) {
                Some(code) => codes.push(code),
                None => unknown.push(part),
            }
        }
    }
    (codes, unknown)
}

/// Whether a name is written mostly in a non-Latin script (Cyrillic, Arabic, Han…).
pub(crate) fn is_non_latin(s: &str) -> bool {
    let (mut latin, mut other) = (0usize, 0usize);
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        // Latin letters, with their accented forms, live below U+0250 (and in U+1E00–U+1EFF).
        if (c as u32) < 0x250 || ('\u{1e00}'..='\u{1eff}').contains(&c) {
            latin += 1;
        } else {
            other += 1;
        }
    }
    other > latin
}

/// Puts `name` first among the entity's names as its primary name. An equal name already there
/// (as an alias) is promoted rather than duplicated.
pub(crate) fn set_primary(entity: &mut Entity, name: Name) {
    if name.full.is_empty() {
        return;
    }
    let lower = name.full.to_lowercase();
    let mut name = name;
    name.kind = NameKind::Primary;
    if let Some(i) = entity
        .names
        .iter()
        .position(|n| n.full.to_lowercase() == lower)
    {
        let old = entity.names.remove(i);
        if name.parts.is_empty() {
            name.parts = old.parts;
        }
    }
    let at = entity
        .names
        .iter()
        .position(|n| n.kind != NameKind::Primary)
        .unwrap_or(entity.names.len());
    entity.names.insert(at, name);
}

/// Adds a remark unless the same text is already there.
pub(crate) fn add_remark(entity: &mut Entity, remark: String) {
    if !remark.is_empty() && !entity.remarks.contains(&remark) {
        entity.remarks.push(remark);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_whitespace() {
        assert_eq!(clean("  a\u{a0}\n b\t"), "a b");
        assert_eq!(non_empty(" NA "), None);
    }

    #[test]
    fn splits_enumerations() {
        assert_eq!(split_enumerated("a) 1970 b) 1971"), vec!["1970", "1971"]);
        assert_eq!(
            split_enumerated("a)1970 b)1971 c)1972"),
            vec!["1970", "1971", "1972"]
        );
        assert_eq!(
            split_enumerated("1) Saudi Arabia 2) Qatar"),
            vec!["Saudi Arabia", "Qatar"]
        );
        assert_eq!(
            split_enumerated("(1) German (2) Moroccan"),
            vec!["German", "Moroccan"]
        );
        assert_eq!(
            split_enumerated("Kabul (Afghanistan)"),
            vec!["Kabul (Afghanistan)"]
        );
        assert_eq!(split_enumerated("a) x (b) y) b) z"), vec!["x (b) y)", "z"]);
    }

    #[test]
    fn reads_loose_dates() {
        let d = parse_dates("a) 12/05/1970; b) 1 Jan. 1971 c) 01/02/1403 (Hijri Calendar)");
        assert_eq!(d.dates.len(), 2);
        assert_eq!(d.dates[0].from, PartialDate::ymd(1970, 5, 12).unwrap());
        assert_eq!(d.dates[1].from, PartialDate::ymd(1971, 1, 1).unwrap());
        assert_eq!(d.unparsed, vec!["01/02/1403 (Hijri Calendar)"]);
        let d = parse_dates("Approximately 1955- 1958");
        assert_eq!(d.dates[0].years(), (1955, 1958));
        assert!(d.dates[0].approximate);
        let d = parse_dates("1963 or 1964");
        assert_eq!(d.dates.len(), 2);
        let d = parse_dates("12/05/1970; alt DOB: 13/05/1970");
        assert_eq!(d.dates.len(), 2);
        let d = parse_dates("5 Feb. 1970 (this aka only, alt born 5 Feb. 1969");
        assert_eq!(d.dates[0].from, PartialDate::ymd(1970, 2, 5).unwrap());
        assert_eq!(d.unparsed.len(), 1, "the note is kept");
        assert_eq!(
            parse_dates("Between 1963 to 1968").dates[0].years(),
            (1963, 1968)
        );
        assert_eq!(
            parse_dates("March 16, 1972").dates[0].from,
            PartialDate::ymd(1972, 3, 16).unwrap()
        );
        assert!(parse_dates("born in the early 1970s").dates.is_empty());
    }

    #[test]
    fn reads_zero_marked_dates() {
        assert_eq!(
            parse_dmy_with_zeros("00/00/1970"),
            Some(PartialDate::year(1970))
        );
        assert_eq!(parse_dmy_with_zeros("00/05/1970"), PartialDate::ym(1970, 5));
        assert_eq!(
            parse_dmy_with_zeros("28/07/1971"),
            PartialDate::ymd(1971, 7, 28)
        );
        assert_eq!(parse_dmy_with_zeros("31/02/1971"), None);
        assert_eq!(parse_dmy_with_zeros("x"), None);
    }

    #[test]
    fn converts_excel_serials() {
        assert_eq!(excel_serial_to_date(1.0), PartialDate::ymd(1900, 1, 1));
        assert_eq!(excel_serial_to_date(59.0), PartialDate::ymd(1900, 2, 28));
        assert_eq!(excel_serial_to_date(61.0), PartialDate::ymd(1900, 3, 1));
        assert_eq!(excel_serial_to_date(25569.0), PartialDate::ymd(1970, 1, 1));
        assert_eq!(excel_serial_to_date(18798.0), PartialDate::ymd(1951, 6, 19));
        assert_eq!(
            excel_serial_to_date(45607.0),
            PartialDate::ymd(2024, 11, 11)
        );
        assert_eq!(excel_serial_to_date(f64::NAN), None);
        assert_eq!(excel_serial_to_date(-3.0), None);
    }

    #[test]
    fn finds_countries() {
        let (codes, unknown) = countries_in("1) Saudi Arabia 2) Qatar");
        assert_eq!(codes, vec!["sa", "qa"]);
        assert!(unknown.is_empty());
        let (codes, unknown) = countries_in("Russian and Ukrainian; Atlantis");
        assert_eq!(codes, vec!["ru", "ua"]);
        assert_eq!(unknown, vec!["Atlantis"]);
        let (codes, _) = countries_in("Bahrain (citizenship revoked in January 2015)");
        assert_eq!(codes, vec!["bh"]);
    }

    #[test]
    fn tells_scripts() {
        assert!(is_non_latin("Руслан Хикметович"));
        assert!(is_non_latin("محمد المصري"));
        assert!(!is_non_latin("Mašadzev Ruslan"));
    }

    /// Text mixing letters whose lowercase changes byte length (İ, ẞ), other scripts, digits,
    /// brackets and the separators the helpers cut at.
    const TRICKY: &str = "[0-9a-zA-Zİıßẞ日本Σς()\\[\\];:,./ \\-]{0,40}";

    proptest::proptest! {
        #[test]
        fn date_helpers_never_panic(s in TRICKY, any in "\\PC{0,40}") {
            for t in [&s, &any] {
                let _ = parse_dates(t);
                let _ = split_alternatives(t);
                let _ = normalise_date_text(t);
                let _ = parse_dmy_with_zeros(t);
            }
        }

        #[test]
        fn text_helpers_never_panic(s in TRICKY, any in "\\PC{0,40}") {
            for t in [&s, &any] {
                let _ = clean(t);
                let _ = non_empty(t);
                let _ = split_enumerated(t);
                let _ = without_brackets(t);
                let _ = countries_in(t);
                let _ = is_non_latin(t);
            }
        }

        #[test]
        fn name_and_remark_helpers_never_panic(a in TRICKY, b in "\\PC{0,40}") {
            let mut e = Entity::new("t", "1", namesake_model::Schema::Person);
            set_primary(&mut e, Name::new(a.clone(), NameKind::Alias));
            set_primary(&mut e, Name::new(b.clone(), NameKind::Primary));
            add_remark(&mut e, a);
            add_remark(&mut e, b);
        }

        #[test]
        fn excel_serials_never_panic(f in proptest::num::f64::ANY) {
            let _ = excel_serial_to_date(f);
        }
    }
}
