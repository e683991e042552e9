//! The US Bureau of Industry and Security Denied Persons List (the tab-separated text file).
//!
//! Every field is quoted; the header names `Name`, `Street_Address`, `City`, `State`,
//! `Country`, `Postal_Code`, `Effective_Date`, `Expiration_Date` (MM/DD/YYYY), `Standard_Order`,
//! `Last_Update` (YYYY-MM-DD), `Action` and `FR_Citation`. A party with several addresses has
//! one row per address: rows with the same name and effective date are one entity. The file
//! gives no id, so the key is the name and the effective date (`us-dpl:AIR-FREIGHT-LTD-20220513`).
//! The file's date is its latest `Last_Update`; a `Last_Update` in the future (one row reads
//! 3017) is reported as a warning and left out, and the row is kept.

use std::collections::HashMap;
use std::path::Path;

use namesake_model::{Address, DateSpec, Entity, Name, NameKind, PartialDate, Schema};

use crate::columns::{line_of, readable_row, unique_key, Columns};
use crate::textutil::{add_remark, skipped};
use crate::{ListFormat, ParsedList, Result, SourceError};

/// The list code in entity ids.
pub const LIST_CODE: &str = crate::identity::US_DPL.code;

const REQUIRED: [&str; 2] = ["Name", "Effective_Date"];

/// The BIS Denied Persons List, tab-separated.
#[derive(Debug, Clone, Copy, Default)]
pub struct UsDplTxt;

impl ListFormat for UsDplTxt {
    fn id(&self) -> &'static str {
        "us-dpl-txt"
    }
    fn lists(&self) -> &'static [crate::KnownList] {
        &[crate::identity::US_DPL]
    }
    fn detect(&self, _path: &Path, head: &[u8]) -> bool {
        let text = String::from_utf8_lossy(head);
        let first = text.lines().next().unwrap_or_default();
        first.contains('\t') && first.contains("Street_Address") && first.contains("FR_Citation")
    }
    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let data = crate::read_file(path)?;
        parse_bytes(&data, path)
    }
}

/// Parses the list from memory. Never panics; rows that cannot be read are skipped.
pub fn parse_bytes(data: &[u8], path: &Path) -> Result<ParsedList> {
    let data = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
    let text = match std::str::from_utf8(data) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(data).0.into_owned(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        _ => {
            return Err(SourceError::Malformed {
                path: path.to_path_buf(),
                message: "no header line".into(),
            })
        }
    };
    let cols = Columns::new(header.iter());
    cols.require(path, &REQUIRED, "a BIS Denied Persons List")?;
    let mut list = ParsedList::empty(&crate::identity::US_DPL, "us-dpl-txt", None);
    let mut by_party: HashMap<(String, String), usize> = HashMap::new();
    let mut keys = HashMap::new();
    let mut latest: Option<PartialDate> = None;
    let this_year = current_year();
    for result in records {
        let Some(row) = readable_row(result, path, &mut list.skipped) else {
            continue;
        };
        let location = format!("line {}", line_of(&row));
        let Some(name) = cols.get(&row, "Name") else {
            list.skipped.push(skipped(path, location, "no Name"));
            continue;
        };
        let effective = cols.get(&row, "Effective_Date");
        let idx = *by_party
            .entry((name.to_uppercase(), effective.clone().unwrap_or_default()))
            .or_insert_with(|| {
                let key = unique_key(&mut keys, party_key(&name, effective.as_deref()));
                let mut e = Entity::new(LIST_CODE, &key, Schema::Unknown);
                e.names.push(Name::new(name.as_str(), NameKind::Primary));
                list.entities.push(e);
                list.entities.len() - 1
            });
        let entity = &mut list.entities[idx];
        add_row(entity, &cols, &row);
        if let Some(update) = cols.get(&row, "Last_Update") {
            // The year first: a typo year (3017) is beyond what dates are parsed for.
            let year: Option<i32> = update.get(..4).and_then(|y| y.parse().ok());
            if year.is_some_and(|y| y > this_year) {
                list.skipped.push(skipped(
                    path,
                    location,
                    format!(
                        "warning: Last_Update {update:?} is in the future (a typo?): \
                         the date is ignored, the record is kept"
                    ),
                ));
            } else {
                match DateSpec::parse(&update).ok().map(|d| d.from) {
                    Some(d) => latest = latest.max(Some(d)),
                    None => add_remark(entity, format!("Last update: {update}")),
                }
            }
        }
    }
    list.info.published = latest.map(|d| d.to_string());
    Ok(list)
}

/// "AIR FREIGHT LTD", "05/13/2022" → `AIR-FREIGHT-LTD-20220513`.
fn party_key(name: &str, effective: Option<&str>) -> String {
    let mut key: String = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .to_uppercase();
    if let Some(d) = effective.and_then(parse_mdy) {
        key.push('-');
        key.push_str(&d.to_string().replace('-', ""));
    }
    key
}

/// US dates, MM/DD/YYYY.
fn parse_mdy(s: &str) -> Option<PartialDate> {
    let mut parts = s.trim().split('/');
    let month = parts.next()?.trim().parse().ok()?;
    let day = parts.next()?.trim().parse().ok()?;
    let year = parts.next()?.trim().parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    PartialDate::ymd(year, month, day)
}

fn add_row(e: &mut Entity, cols: &Columns, row: &csv::StringRecord) {
    let country_code = cols
        .get(row, "Country")
        .and_then(|c| namesake_model::country::to_alpha2(&c))
        .map(str::to_string);
    let parts: Vec<String> = ["Street_Address", "City", "State", "Postal_Code", "Country"]
        .iter()
        .filter_map(|c| cols.get(row, c))
        .collect();
    if !parts.is_empty() {
        let address = Address {
            full: parts.join(", "),
            city: cols.get(row, "City"),
            country: country_code.clone(),
        };
        if !e.addresses.contains(&address) {
            e.addresses.push(address);
        }
    }
    if let Some(c) = &country_code {
        e.add_country(c);
    }
    if e.listed_on.is_none() {
        e.listed_on = cols.get(row, "Effective_Date").and_then(|d| parse_mdy(&d));
    }
    for (fact, col) in [
        ("expiration_date", "Expiration_Date"),
        ("standard_order", "Standard_Order"),
        ("fr_citation", "FR_Citation"),
        ("action", "Action"),
    ] {
        if let Some(v) = cols.get(row, col) {
            e.facts.entry(fact.into()).or_insert(v);
        }
    }
}

/// The current calendar year (UTC), to tell a typo year from a real one.
fn current_year() -> i32 {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0);
    let (year, _, _) = namesake_model::date::civil_from_days(days as i64);
    year as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\"\t\"Postal_Code\"\t\"Effective_Date\"\t\"Expiration_Date\"\t\"Standard_Order\"\t\"Last_Update\"\t\"Action\"\t\"FR_Citation\"\n\
\"ACME AIR\"\t\"1 ROAD\"\t\"BAGHDAD\"\t\"\"\t\"IQ\"\t\"\"\t\"05/13/2022\"\t\"11/09/2022\"\t\"Y\"\t\"2022-05-18\"\t\"ADDED\"\t\"87 F.R. 1\"\n\
\"ACME AIR\"\t\"PO BOX 2\"\t\"DUBAI\"\t\"\"\t\"AE\"\t\"\"\t\"05/13/2022\"\t\"11/09/2022\"\t\"Y\"\t\"2022-05-18\"\t\"ADDED\"\t\"87 F.R. 1\"\n\
\"JOHN ROE\"\t\"3 STREET\"\t\"NICOSIA\"\t\"CY\"\t\"\"\t\"\"\t\"08/10/2017\"\t\"12/14/2026\"\t\"Y\"\t\"3017-08-22\"\t\"ADDED\"\t\"82 F.R. 2\"\n\
\"\"\t\"4 LANE\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\t\"\"\n";

    #[test]
    fn groups_addresses_and_warns_on_typo_year() {
        let p = parse_bytes(SAMPLE.as_bytes(), Path::new("dpl.txt")).unwrap();
        assert_eq!(p.entities.len(), 2);
        let e = &p.entities[0];
        assert_eq!(e.id, "us-dpl:ACME-AIR-20220513");
        assert_eq!(e.addresses.len(), 2);
        assert_eq!(e.countries, vec!["iq", "ae"]);
        assert_eq!(e.listed_on, PartialDate::ymd(2022, 5, 13));
        assert_eq!(p.entities[1].id, "us-dpl:JOHN-ROE-20170810", "MM/DD/YYYY");
        assert_eq!(p.info.published.as_deref(), Some("2022-05-18"));
        assert_eq!(p.skipped.len(), 2);
        assert!(p.skipped[0].reason.contains("3017"), "{:?}", p.skipped);
        assert_eq!(p.skipped[0].location, "line 4");
        assert_eq!(p.skipped[1].reason, "no Name");
    }

    #[test]
    fn missing_required_column_is_named() {
        let err =
            parse_bytes(b"\"Name\"\t\"City\"\n\"A\"\t\"B\"\n", Path::new("dpl.txt")).unwrap_err();
        assert!(err.to_string().contains("`Effective_Date`"), "{err}");
    }
}
