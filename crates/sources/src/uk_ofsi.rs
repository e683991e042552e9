//! UK HM Treasury / OFSI Consolidated List of Financial Sanctions Targets, CSV.
//!
//! The file starts with a `Last Updated,dd/mm/yyyy` line, then the header. Each row is one name
//! variation of a target; rows are grouped by `Group ID` into one entity (`uk:<Group ID>`).
//! `Name 1`…`Name 5` are the given and middle names and `Name 6` the surname (or an
//! organisation's whole name). `DOB` is `dd/mm/yyyy` with `00` for unknown parts. Columns are
//! read by header name, so later editions with extra columns (`Name Non-Latin Script`,
//! `Alias Quality`, …) are read too. The older files are Windows-1252, not UTF-8.

use std::collections::HashMap;
use std::path::Path;

use namesake_model::{
    Address, Entity, IdKind, Identifier, ListInfo, Name, NameKind, NameParts, NameQuality, Schema,
};

use crate::textutil::{
    add_remark, clean, countries_in, non_empty, parse_dmy_with_zeros, set_primary, skipped,
    split_enumerated, without_brackets,
};
use crate::{ListFormat, ParsedList, Result, SourceError};

/// The list code in entity ids.
pub const LIST_CODE: &str = "uk";

/// The UK OFSI consolidated list, CSV.
#[derive(Debug, Clone, Copy, Default)]
pub struct UkOfsiCsv;

impl ListFormat for UkOfsiCsv {
    fn id(&self) -> &'static str {
        "uk-ofsi-csv"
    }
    fn lists(&self) -> &'static [crate::KnownList] {
        &[crate::identity::UK]
    }

    fn detect(&self, _path: &Path, head: &[u8]) -> bool {
        let head = decode(head);
        head.contains("Group ID") && head.contains("Name 6") && head.contains("Group Type")
    }

    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let data = crate::read_file(path)?;
        parse_bytes(&data, path)
    }
}

/// UTF-8 when the bytes are UTF-8 (newer editions), else Windows-1252.
fn decode(data: &[u8]) -> String {
    let data = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
    match std::str::from_utf8(data) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(data).0.into_owned(),
    }
}

/// Column positions by header name.
struct Columns(HashMap<String, usize>);

impl Columns {
    fn get<'r>(&self, row: &'r csv::StringRecord, name: &str) -> Option<&'r str> {
        self.0
            .get(&name.to_ascii_lowercase())
            .and_then(|&i| row.get(i))
            .filter(|v| !v.trim().is_empty())
    }
    fn clean(&self, row: &csv::StringRecord, name: &str) -> Option<String> {
        self.get(row, name).and_then(non_empty)
    }
    fn has(&self, name: &str) -> bool {
        self.0.contains_key(&name.to_ascii_lowercase())
    }
}

/// Parses the list from memory. Never panics; rows that cannot be read are skipped.
pub fn parse_bytes(data: &[u8], path: &Path) -> Result<ParsedList> {
    let text = decode(data);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut published = None;
    let mut header: Option<csv::StringRecord> = None;
    // The header is the first or, after "Last Updated,dd/mm/yyyy", the second line.
    for _ in 0..2 {
        match records.next() {
            Some(Ok(rec)) => {
                let first = rec.get(0).map(str::trim).unwrap_or_default();
                if first.eq_ignore_ascii_case("Last Updated") {
                    published = rec
                        .get(1)
                        .and_then(parse_dmy_with_zeros)
                        .map(|d| d.to_string());
                    continue;
                }
                header = Some(rec);
                break;
            }
            Some(Err(e)) => {
                return Err(SourceError::Malformed {
                    path: path.to_path_buf(),
                    message: format!("cannot read the header: {e}"),
                })
            }
            None => break,
        }
    }
    let header = header.ok_or_else(|| SourceError::Malformed {
        path: path.to_path_buf(),
        message: "no header line".to_string(),
    })?;
    let cols = Columns(
        header
            .iter()
            .enumerate()
            .map(|(i, h)| (clean(h).to_ascii_lowercase(), i))
            .collect(),
    );
    for required in ["Name 6", "Group ID"] {
        if !cols.has(required) {
            return Err(SourceError::Malformed {
                path: path.to_path_buf(),
                message: format!("no `{required}` column: not an OFSI consolidated list"),
            });
        }
    }

    let mut parsed = ParsedList {
        info: ListInfo {
            code: LIST_CODE.to_string(),
            name: "UK OFSI Consolidated List of Financial Sanctions Targets".to_string(),
            format: "uk-ofsi-csv".to_string(),
            published,
        },
        entities: Vec::new(),
        skipped: Vec::new(),
    };
    let mut by_group: HashMap<String, usize> = HashMap::new();
    for result in records {
        let row = match result {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                parsed
                    .skipped
                    .push(skipped(path, format!("line {line}"), e.to_string()));
                continue;
            }
        };
        let line = row.position().map(|p| p.line()).unwrap_or(0);
        if row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let Some(group) = cols.clean(&row, "Group ID") else {
            parsed
                .skipped
                .push(skipped(path, format!("line {line}"), "no Group ID"));
            continue;
        };
        let idx = *by_group.entry(group.clone()).or_insert_with(|| {
            let schema = cols
                .clean(&row, "Group Type")
                .and_then(|t| t.parse().ok())
                .unwrap_or(Schema::Unknown);
            parsed.entities.push(Entity::new(LIST_CODE, &group, schema));
            parsed.entities.len() - 1
        });
        let entity = &mut parsed.entities[idx];
        if let Err(reason) = add_row(entity, &cols, &row) {
            parsed
                .skipped
                .push(skipped(path, format!("line {line}"), reason));
        }
    }
    // A group whose every row was unreadable has no name: drop it rather than keep a blank.
    parsed.entities.retain(|e| !e.names.is_empty());
    Ok(parsed)
}

/// Merges one row (one name variation) into its group's entity.
fn add_row(
    entity: &mut Entity,
    cols: &Columns,
    row: &csv::StringRecord,
) -> std::result::Result<(), String> {
    if entity.schema == Schema::Unknown {
        if let Some(t) = cols.clean(row, "Group Type").and_then(|t| t.parse().ok()) {
            entity.schema = t;
        }
    }
    let person = entity.schema == Schema::Person;
    let given: Vec<String> = (1..=5)
        .filter_map(|i| cols.clean(row, &format!("Name {i}")))
        .collect();
    let family = cols.clean(row, "Name 6");
    let full = given
        .iter()
        .cloned()
        .chain(family.clone())
        .collect::<Vec<_>>()
        .join(" ");
    let alias_type = cols
        .clean(row, "Alias Type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let kind = match alias_type.as_str() {
        "prime alias" | "primary name" => NameKind::Primary,
        "fka" => NameKind::Former,
        _ => NameKind::Alias,
    };
    let weak = cols
        .clean(row, "Alias Quality")
        .is_some_and(|q| q.eq_ignore_ascii_case("low"));
    if !full.is_empty() {
        let mut name = Name::new(full, kind);
        if weak {
            name.quality = NameQuality::Weak;
        }
        if person {
            name.parts = NameParts {
                given: given.first().cloned(),
                middle: (given.len() > 1).then(|| given[1..].join(" ")),
                family,
                ..NameParts::default()
            };
        }
        let has_primary = entity.names.iter().any(|n| n.kind == NameKind::Primary);
        match kind {
            NameKind::Primary if !has_primary => set_primary(entity, name),
            NameKind::Primary => {
                // A second "Prime Alias" row with another spelling is an alias of the first.
                name.kind = NameKind::Alias;
                entity.add_name(name);
            }
            _ => entity.add_name(name),
        }
    }
    for col in ["Name Non-Latin Script", "Name Non Latin Script"] {
        if let Some(original) = cols.clean(row, col) {
            entity.add_name(Name::new(original, NameKind::OriginalScript));
        }
    }
    if entity.names.is_empty() {
        return Err("row has no name".to_string());
    }

    if let Some(title) = cols.clean(row, "Title") {
        add_remark(entity, format!("Title: {title}"));
    }
    if let Some(dob) = cols.clean(row, "DOB") {
        match parse_dmy_with_zeros(&dob) {
            Some(d) => entity.add_birth_date(namesake_model::DateSpec::single(d)),
            None => match namesake_model::DateSpec::parse(&dob) {
                Ok(d) => entity.add_birth_date(d),
                Err(_) => add_remark(entity, format!("DOB: {dob}")),
            },
        }
    }
    let town = cols.clean(row, "Town of Birth");
    let birth_country = cols.clean(row, "Country of Birth");
    let place = [town, birth_country]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    if !place.is_empty() && !entity.birth_places.contains(&place) {
        entity.birth_places.push(place);
    }
    if let Some(nat) = cols.clean(row, "Nationality") {
        let (codes, unknown) = countries_in(&nat);
        for c in codes {
            entity.add_nationality(c);
        }
        for u in unknown {
            add_remark(entity, format!("Nationality: {u}"));
        }
    }
    if let Some(p) = cols.clean(row, "Passport Details") {
        add_identifiers(entity, &p, IdKind::Passport, "Passport");
    }
    if let Some(n) = cols.clean(row, "NI Number") {
        add_identifiers(entity, &n, IdKind::NationalId, "National ID");
    }
    if let Some(pos) = cols.clean(row, "Position") {
        add_remark(entity, format!("Position: {pos}"));
    }
    add_address(entity, cols, row);
    if let Some(other) = cols.clean(row, "Other Information") {
        crate::columns::add_labelled_un_references(entity, &other);
        add_remark(entity, other);
    }
    if let Some(regime) = cols.clean(row, "Regime") {
        if !entity.programs.contains(&regime) {
            entity.programs.push(regime);
        }
    }
    if entity.listed_on.is_none() {
        entity.listed_on = cols
            .clean(row, "Listed On")
            .and_then(|d| parse_dmy_with_zeros(&d));
    }
    Ok(())
}

fn add_address(entity: &mut Entity, cols: &Columns, row: &csv::StringRecord) {
    let mut parts: Vec<String> = (1..=6)
        .filter_map(|i| cols.clean(row, &format!("Address {i}")))
        .collect();
    if let Some(zip) = cols.clean(row, "Post/Zip Code") {
        parts.push(zip);
    }
    let country_text = cols.clean(row, "Country");
    // "Afghanistan (since 2009)": the country without its bracketed note.
    let code = country_text.as_deref().and_then(|c| {
        namesake_model::country::to_alpha2(c)
            .or_else(|| namesake_model::country::to_alpha2(&without_brackets(c)))
    });
    if let Some(c) = code {
        entity.add_country(c);
    }
    if let Some(c) = &country_text {
        parts.push(c.clone());
    }
    if parts.is_empty() {
        return;
    }
    let address = Address {
        full: parts.join(", "),
        city: None,
        country: code.map(str::to_string),
    };
    if !entity.addresses.contains(&address) {
        entity.addresses.push(address);
    }
}

/// Reads identifier numbers from a free-text field ("Passport No: 592667 (Qatari passport issued
/// on 3 May 2007)"): per enumerated item, the first token with a digit and four or more
/// characters is the number, a bracketed country or demonym the issuer, the item the note.
fn add_identifiers(entity: &mut Entity, text: &str, kind: IdKind, label: &str) {
    for item in split_enumerated(text) {
        let value = item
            .split_whitespace()
            .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
            .find(|t| t.chars().count() >= 4 && t.chars().any(|c| c.is_ascii_digit()));
        let Some(value) = value else {
            add_remark(entity, format!("{label}: {item}"));
            continue;
        };
        let mut id = Identifier::new(kind.clone(), value);
        id.country = bracketed_country(&item).map(str::to_string);
        if item != value {
            id.note = Some(item.clone());
        }
        if !entity
            .identifiers
            .iter()
            .any(|i| i.kind == id.kind && i.normalized() == id.normalized())
        {
            entity.identifiers.push(id);
        }
    }
}

/// The first bracketed text naming a country: "(Qatari passport …)" → `qa`, "(Iraq)" → `iq`.
fn bracketed_country(item: &str) -> Option<&'static str> {
    let mut rest = item;
    while let Some(start) = rest.find('(') {
        let after = &rest[start + 1..];
        let end = after.find(')').unwrap_or(after.len());
        let inner = &after[..end];
        if let Some(code) = namesake_model::country::to_alpha2(inner.trim()) {
            return Some(code);
        }
        let first_word = inner.split_whitespace().next().unwrap_or_default();
        if let Some(code) = namesake_model::country::to_alpha2(first_word) {
            return Some(code);
        }
        rest = &after[end.min(after.len())..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Last Updated,13/04/2018\n\
Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,Nationality,Passport Details,NI Number,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Regime,Listed On,Last Updated,Group ID\n\
DOE,J,,,,,,00/00/1980,,Saudi Arabia,1) Saudi Arabia 2) Qatar,Passport No: 592667 (Qatari passport issued on 3 May 2007).,,,,,,,,,,,Note,Individual,AKA,Syria,01/04/2016,01/04/2016,7\n\
DOE,John,Q,,,,Dr,00/05/1981,Riyadh,Saudi Arabia,,,,,1 Road,,,,,,,Qatar,,Individual,Prime Alias,Syria,01/04/2016,01/04/2016,7\n\
ACME LTD,,,,,,,,,,,,,,,,,,,,,,,Entity,Prime Alias,Iraq,02/04/2016,01/04/2016,8\n\
,,,,,,,,,,,,,,,,,,,,,,,Entity,AKA,Iraq,02/04/2016,01/04/2016,\n";

    #[test]
    fn groups_rows_into_entities() {
        let p = parse_bytes(SAMPLE.as_bytes(), Path::new("uk.csv")).unwrap();
        assert_eq!(p.info.published.as_deref(), Some("2018-04-13"));
        assert_eq!(p.entities.len(), 2);
        assert_eq!(p.skipped.len(), 1);
        let e = &p.entities[0];
        assert_eq!(e.id, "uk:7");
        assert_eq!(e.names[0].full, "John Q DOE");
        assert_eq!(e.names[0].kind, NameKind::Primary);
        assert_eq!(e.names[0].parts.middle.as_deref(), Some("Q"));
        assert_eq!(e.names[1].full, "J DOE");
        assert_eq!(e.birth_dates.len(), 2);
        assert_eq!(e.nationalities, vec!["sa", "qa"]);
        assert_eq!(e.identifiers[0].value, "592667");
        assert_eq!(e.identifiers[0].country.as_deref(), Some("qa"));
        assert_eq!(e.birth_places, vec!["Saudi Arabia", "Riyadh, Saudi Arabia"]);
        assert_eq!(e.addresses[0].country.as_deref(), Some("qa"));
        assert_eq!(p.entities[1].schema, Schema::Organization);
    }

    #[test]
    fn reads_windows_1252_and_newer_columns() {
        let mut bytes =
            b"Name 6,Name 1,Group Type,Alias Type,Alias Quality,Name Non-Latin Script,Group ID\n"
                .to_vec();
        bytes.extend_from_slice(b"M\xdcLLER,J\xfcrgen,Individual,Primary name,,\n");
        let p = parse_bytes(&bytes, Path::new("uk.csv")).unwrap();
        assert_eq!(p.entities.len(), 0);
        assert_eq!(p.skipped.len(), 1);
        let text =
            "Name 6,Name 1,Group Type,Alias Type,Alias Quality,Name Non-Latin Script,Group ID\n\
                    SMITH,Ann,Individual,Primary name,Good,Анна Смит,1\n\
                    SMYTH,A,Individual,AKA,Low,,1\n";
        let p = parse_bytes(text.as_bytes(), Path::new("uk.csv")).unwrap();
        let e = &p.entities[0];
        assert_eq!(e.names.len(), 3);
        assert_eq!(e.names[1].kind, NameKind::OriginalScript);
        assert_eq!(e.names[2].quality, NameQuality::Weak);
        let mut latin1 = b"Name 6,Name 1,Group Type,Alias Type,Group ID\n".to_vec();
        latin1.extend_from_slice(b"M\xdcLLER,J\xfcrgen,Individual,Primary name,3\n");
        let p = parse_bytes(&latin1, Path::new("uk.csv")).unwrap();
        assert_eq!(p.entities[0].names[0].full, "Jürgen MÜLLER");
    }

    #[test]
    fn rejects_other_csv() {
        assert!(parse_bytes(b"a,b,c\n1,2,3\n", Path::new("x.csv")).is_err());
        assert!(parse_bytes(b"", Path::new("x.csv")).is_err());
    }

    proptest::proptest! {
        #[test]
        fn identifier_helpers_never_panic(s in "[0-9a-zA-Zİıßẞ日本Σς()\\[\\];:,./' \\-]{0,40}", any in "\\PC{0,40}") {
            for t in [&s, &any] {
                let _ = bracketed_country(t);
                let mut e = Entity::new("uk", "1", Schema::Person);
                add_identifiers(&mut e, t, IdKind::Passport, "Passport");
            }
        }
    }
}
