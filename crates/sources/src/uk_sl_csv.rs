//! The UK Sanctions List (FCDO), CSV — the only UK source since the OFSI Consolidated List
//! closed on 28 January 2026 (the OFSI reader stays for older files).
//!
//! A `Report Date: dd-Mon-yyyy` line, then the header. One row per name variant (and per
//! address or other repeated detail) of a designation; rows are grouped by `Unique ID`
//! (`uk:RUS0001`). `Name 1`…`Name 5` are given and middle names and `Name 6` the surname or
//! the whole name of an entity or ship; `Name type` is Primary Name, Primary Name Variation or
//! Alias; `Alias strength` marks weak aliases. `Designation Type` is Individual, Entity or
//! Ship. `UN Reference Number` becomes a UN reference identifier. Columns are read by header
//! name; unknown ones are ignored. The XML reader ([`crate::uk_sl_xml`]) shares the field code.

use std::collections::HashMap;
use std::path::Path;

use namesake_model::country::to_alpha2;
use namesake_model::{
    Address, DateSpec, Entity, Gender, IdKind, Identifier, Name, NameKind, NameParts, NameQuality,
    PartialDate, Schema,
};

use crate::columns::{add_un_reference, line_of, push_identifier, readable_row, Columns};
use crate::textutil::{add_remark, countries_in, parse_dmy_with_zeros, set_primary, skipped};
use crate::{ListFormat, ParsedList, Result, SourceError};

/// The list code in entity ids (the same as the OFSI list's: both are the UK's list).
pub const LIST_CODE: &str = crate::identity::UK_SANCTIONS_LIST.code;

const REQUIRED: [&str; 3] = ["Unique ID", "Name 6", "Designation Type"];

/// The UK Sanctions List as CSV.
#[derive(Debug, Clone, Copy, Default)]
pub struct UkSanctionsListCsv;

impl ListFormat for UkSanctionsListCsv {
    fn id(&self) -> &'static str {
        "uk-sl-csv"
    }
    fn lists(&self) -> &'static [crate::KnownList] {
        &[crate::identity::UK_SANCTIONS_LIST]
    }
    fn detect(&self, _path: &Path, head: &[u8]) -> bool {
        let text = String::from_utf8_lossy(head);
        text.contains("Unique ID") && text.contains("Name 6") && text.contains("Designation Type")
    }
    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let data = crate::read_file(path)?;
        parse_bytes(&data, path)
    }
}

/// A single-valued detail of a designation, named the same way in the CSV and the XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    UnReference,
    GroupId,
    Regime,
    DateDesignated,
    Source,
    SanctionsImposed,
    OtherInformation,
    Title,
    NonLatinName,
    Dob,
    Nationality,
    Position,
    Gender,
    Registration,
    Imo,
    Flag,
    TypeOfShip,
    TypeOfEntity,
}

/// The CSV columns read as [`Field`]s.
const CSV_FIELDS: [(&str, Field); 18] = [
    ("UN Reference Number", Field::UnReference),
    ("OFSI Group ID", Field::GroupId),
    ("Regime Name", Field::Regime),
    ("Date Designated", Field::DateDesignated),
    ("Designation source", Field::Source),
    ("Sanctions Imposed", Field::SanctionsImposed),
    ("Other Information", Field::OtherInformation),
    ("Title", Field::Title),
    ("Name non-latin script", Field::NonLatinName),
    ("D.O.B", Field::Dob),
    ("Nationality(/ies)", Field::Nationality),
    ("Position", Field::Position),
    ("Gender", Field::Gender),
    ("Business registration number (s)", Field::Registration),
    ("IMO number", Field::Imo),
    ("Current believed flag of ship", Field::Flag),
    ("Type of ship", Field::TypeOfShip),
    ("Type of entity", Field::TypeOfEntity),
];

/// An empty UK Sanctions List result read by `format`.
pub(crate) fn new_list(format: &str, published: Option<String>) -> ParsedList {
    ParsedList::empty(&crate::identity::UK_SANCTIONS_LIST, format, published)
}

/// Parses the CSV from memory. Never panics; rows that cannot be read are skipped.
pub fn parse_bytes(data: &[u8], path: &Path) -> Result<ParsedList> {
    let data = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
    let text = String::from_utf8_lossy(data);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut published = None;
    let mut header = None;
    for _ in 0..2 {
        match records.next() {
            Some(Ok(rec)) => {
                let first = rec.get(0).unwrap_or_default().trim();
                if let Some(date) = first.strip_prefix("Report Date:") {
                    published = parse_report_date(date).map(|d| d.to_string());
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
        message: "no header line".into(),
    })?;
    let cols = Columns::new(header.iter());
    cols.require(path, &REQUIRED, "a UK Sanctions List CSV")?;
    let mut list = new_list("uk-sl-csv", published);
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for result in records {
        let Some(row) = readable_row(result, path, &mut list.skipped) else {
            continue;
        };
        let location = format!("line {}", line_of(&row));
        let Some(id) = cols.get(&row, "Unique ID") else {
            list.skipped.push(skipped(path, location, "no Unique ID"));
            continue;
        };
        let idx = *by_id.entry(id.clone()).or_insert_with(|| {
            let kind = cols.get(&row, "Designation Type");
            list.entities.push(new_entity(&id, kind.as_deref()));
            list.entities.len() - 1
        });
        let e = &mut list.entities[idx];
        if let Err(reason) = add_row(e, &cols, &row) {
            list.skipped.push(skipped(path, location, reason));
        }
    }
    finish(&mut list, path);
    Ok(list)
}

/// "08-Oct-2026" → 2026-10-08.
fn parse_report_date(s: &str) -> Option<PartialDate> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let parts: Vec<&str> = s.trim().split(['-', ' ', '/']).collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let month = month.to_ascii_lowercase();
    let m = MONTHS
        .iter()
        .position(|n| month.starts_with(n))
        .and_then(|i| u8::try_from(i + 1).ok())
        .or_else(|| month.parse().ok())?;
    PartialDate::ymd(year.parse().ok()?, m, day.parse().ok()?)
}

/// A new entity `uk:<Unique ID>` of the designation type (Individual, Entity, Ship).
pub(crate) fn new_entity(id: &str, kind: Option<&str>) -> Entity {
    let schema = kind.and_then(|k| k.parse().ok()).unwrap_or(Schema::Unknown);
    Entity::new(LIST_CODE, id, schema)
}

fn add_row(
    e: &mut Entity,
    cols: &Columns,
    row: &csv::StringRecord,
) -> std::result::Result<(), String> {
    let given: Vec<String> = (1..=5)
        .filter_map(|i| cols.get(row, &format!("Name {i}")))
        .collect();
    add_name(
        e,
        &given,
        cols.get(row, "Name 6"),
        cols.get(row, "Name type").as_deref(),
        cols.get(row, "Alias strength").as_deref(),
    );
    for (col, field) in CSV_FIELDS {
        if let Some(v) = cols.get(row, col) {
            add_field(e, field, &v);
        }
    }
    let place: Vec<String> = ["Town of birth", "Country of birth"]
        .iter()
        .filter_map(|c| cols.get(row, c))
        .collect();
    add_birth_place(e, &place);
    add_document(
        e,
        IdKind::Passport,
        cols.get(row, "Passport number"),
        cols.get(row, "Passport additional information"),
    );
    add_document(
        e,
        IdKind::NationalId,
        cols.get(row, "National Identifier number"),
        cols.get(row, "National Identifier additional information"),
    );
    let lines: Vec<String> = (1..=6)
        .filter_map(|i| cols.get(row, &format!("Address Line {i}")))
        .chain(cols.get(row, "Address Postal Code"))
        .collect();
    add_address(e, &lines, cols.get(row, "Address Country"));
    if e.names.is_empty() {
        return Err("row has no name".into());
    }
    Ok(())
}

/// Adds a name from its parts; the first Primary Name is the caption, variations and aliases
/// follow, a weak alias strength marks the name weak.
pub(crate) fn add_name(
    e: &mut Entity,
    given: &[String],
    family: Option<String>,
    name_type: Option<&str>,
    strength: Option<&str>,
) {
    let full = given
        .iter()
        .cloned()
        .chain(family.clone())
        .collect::<Vec<_>>()
        .join(" ");
    if full.is_empty() {
        return;
    }
    let name_type = name_type.unwrap_or_default().to_ascii_lowercase();
    let primary =
        name_type == "primary name" && !e.names.iter().any(|n| n.kind == NameKind::Primary);
    let mut name = Name::new(full, NameKind::Alias);
    if e.schema == Schema::Person && family.is_some() && !given.is_empty() {
        name.parts = NameParts {
            given: given.first().cloned(),
            middle: (given.len() > 1).then(|| given[1..].join(" ")),
            family,
            patronymic: None,
        };
    }
    let weak = strength.is_some_and(|s| {
        let s = s.to_ascii_lowercase();
        s.contains("weak") || s.contains("low")
    });
    if weak {
        name.quality = NameQuality::Weak;
    }
    if primary {
        set_primary(e, name);
    } else {
        e.add_name(name);
    }
}

/// Adds one detail.
pub(crate) fn add_field(e: &mut Entity, field: Field, v: &str) {
    match field {
        Field::UnReference => add_un_reference(e, v),
        Field::GroupId => {
            e.facts.entry("ofsi_group_id".into()).or_insert(v.into());
        }
        Field::Regime => push_unique(&mut e.programs, v),
        Field::DateDesignated => {
            if e.listed_on.is_none() {
                e.listed_on =
                    parse_dmy_with_zeros(v).or_else(|| DateSpec::parse(v).ok().map(|d| d.from));
            }
        }
        Field::Source => fact(e, "designation_source", v),
        Field::SanctionsImposed => fact(e, "sanctions_imposed", v),
        Field::OtherInformation => add_remark(e, v.to_string()),
        Field::Title => fact(e, "title", v),
        Field::Position => fact(e, "position", v),
        Field::TypeOfShip => fact(e, "type_of_ship", v),
        Field::TypeOfEntity => fact(e, "type_of_entity", v),
        Field::NonLatinName => e.add_name(Name::new(v, NameKind::OriginalScript)),
        Field::Dob => match parse_dmy_with_zeros(v) {
            Some(d) => e.add_birth_date(DateSpec::single(d)),
            None => match DateSpec::parse(v) {
                Ok(d) => e.add_birth_date(d),
                Err(_) => add_remark(e, format!("DOB: {v}")),
            },
        },
        Field::Nationality => {
            let (codes, unknown) = countries_in(v);
            for c in codes {
                e.add_nationality(c);
            }
            for u in unknown {
                add_remark(e, format!("Nationality: {u}"));
            }
        }
        Field::Gender => e.gender = e.gender.or(Gender::parse(v)),
        Field::Registration => push_identifier(e, Identifier::new(IdKind::Registration, v)),
        Field::Imo => push_identifier(e, Identifier::new(IdKind::Imo, v)),
        Field::Flag => match to_alpha2(v) {
            Some(c) => e.add_country(c),
            None => add_remark(e, format!("Flag: {v}")),
        },
    }
}

fn push_unique(v: &mut Vec<String>, value: &str) {
    if !v.iter().any(|x| x == value) {
        v.push(value.to_string());
    }
}

/// Adds a value to a `; `-joined fact unless it is there.
fn fact(e: &mut Entity, key: &str, value: &str) {
    let entry = e.facts.entry(key.to_string()).or_default();
    if !entry.split("; ").any(|x| x == value) {
        if !entry.is_empty() {
            entry.push_str("; ");
        }
        entry.push_str(value);
    }
}

/// Adds "town, country" as a place of birth.
pub(crate) fn add_birth_place(e: &mut Entity, parts: &[String]) {
    if parts.is_empty() {
        return;
    }
    let place = parts.join(", ");
    if !e.birth_places.contains(&place) {
        e.birth_places.push(place);
    }
}

/// Adds a passport or national id with its additional information as the note.
pub(crate) fn add_document(
    e: &mut Entity,
    kind: IdKind,
    number: Option<String>,
    info: Option<String>,
) {
    let Some(number) = number else { return };
    let mut id = Identifier::new(kind, number);
    // "Tunisian passport, issued …": the first word naming a country or its people.
    id.country = info.as_deref().and_then(|i| {
        i.split(|c: char| !c.is_alphabetic())
            .find_map(to_alpha2)
            .map(str::to_string)
    });
    id.note = info;
    push_identifier(e, id);
}

/// Adds an address from its lines and country.
pub(crate) fn add_address(e: &mut Entity, lines: &[String], country: Option<String>) {
    let code = country.as_deref().and_then(to_alpha2);
    if let Some(c) = code {
        e.add_country(c);
    }
    let mut parts = lines.to_vec();
    parts.extend(country);
    if parts.is_empty() {
        return;
    }
    let address = Address {
        full: parts.join(", "),
        city: None,
        country: code.map(str::to_string),
    };
    if !e.addresses.contains(&address) {
        e.addresses.push(address);
    }
}

/// After all rows: original-script names go last; an entity without a Primary Name row gets its
/// first name as the caption;
/// one with no name at all is reported and dropped.
pub(crate) fn finish(list: &mut ParsedList, path: &Path) {
    for e in &mut list.entities {
        // Original-script names after the Latin ones, wherever their row or element came.
        e.names.sort_by_key(|n| n.kind == NameKind::OriginalScript);
        if !e.names.iter().any(|n| n.kind == NameKind::Primary) {
            if let Some(i) = e
                .names
                .iter()
                .position(|n| n.kind != NameKind::OriginalScript)
            {
                let name = e.names.remove(i);
                set_primary(e, name);
            }
        }
    }
    let (kept, empty): (Vec<Entity>, Vec<Entity>) = std::mem::take(&mut list.entities)
        .into_iter()
        .partition(|e| e.names.iter().any(|n| n.kind == NameKind::Primary));
    list.entities = kept;
    for e in empty {
        list.skipped
            .push(skipped(path, format!("designation {}", e.key), "no name"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_dates() {
        assert_eq!(
            parse_report_date(" 08-Oct-2026"),
            PartialDate::ymd(2026, 10, 8)
        );
        assert_eq!(parse_report_date("x"), None);
    }

    #[test]
    fn missing_required_column_is_named() {
        let err = parse_bytes(
            b"Report Date: 08-Oct-2026\nUnique ID,Name 6\nA1,X\n",
            Path::new("uk.csv"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("`Designation Type`"), "{err}");
    }
}
