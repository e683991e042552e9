//! The US Consolidated Screening List (trade.gov), CSV.
//!
//! One row per listed party. `source` names the sub-list (OFAC's SDN and non-SDN lists,
//! Commerce's Entity List, Denied Persons, Unverified and Military End-User lists, State's ISN
//! and DTC lists); it is kept on the entity as the `source` fact, shown with every hit. Packed
//! fields hold several values separated by `; ` (`alt_names`, `addresses`, `dates_of_birth`,
//! `nationalities`, `citizenships`, `places_of_birth`) and `ids` packs "type, number, country"
//! items. Later editions add a leading `_id` column: the key when present, else
//! `entity_number`, else a hash of the row's names and dates (`us-csl:<key>`). Columns are read
//! by header name; unknown ones are ignored.

use std::collections::HashMap;
use std::path::Path;

use namesake_model::country::to_alpha2;
use namesake_model::{Address, Entity, Gender, IdKind, Identifier, Name, NameKind, Schema};

use crate::columns::{
    id_kind, line_of, push_identifier, readable_row, stable_key, unique_key, Columns,
};
use crate::ofac_csv::person_name;
use crate::textutil::{add_remark, clean, non_empty, parse_dates, skipped};
use crate::{ListFormat, ParsedList, Result, SourceError};

/// The list code in entity ids.
pub const LIST_CODE: &str = crate::identity::US_CSL.code;

/// Columns without which a file is no CSL.
const REQUIRED: [&str; 2] = ["source", "name"];

/// The CSL as CSV.
#[derive(Debug, Clone, Copy, Default)]
pub struct UsCslCsv;

impl ListFormat for UsCslCsv {
    fn id(&self) -> &'static str {
        "us-csl-csv"
    }
    fn lists(&self) -> &'static [crate::KnownList] {
        &[crate::identity::US_CSL]
    }
    fn detect(&self, _path: &Path, head: &[u8]) -> bool {
        let text = String::from_utf8_lossy(head);
        let first = text.lines().next().unwrap_or_default().to_ascii_lowercase();
        first.contains("source")
            && first.contains("alt_names")
            && first.contains("entity_number")
            && !first.trim_start().starts_with(['{', '['])
    }
    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let data = crate::read_file(path)?;
        parse_bytes(&data, path)
    }
}

/// One CSL party, as read from a CSV row or a JSON object, before it becomes an entity.
#[derive(Debug, Clone, Default)]
pub(crate) struct CslRecord {
    /// `_id` (CSV) or `id` (JSON), the publisher's row key.
    pub id: Option<String>,
    pub source: Option<String>,
    pub entity_number: Option<String>,
    pub kind: Option<String>,
    pub programs: Vec<String>,
    pub name: Option<String>,
    pub title: Option<String>,
    pub addresses: Vec<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub federal_register_notice: Option<String>,
    pub remarks: Option<String>,
    pub alt_names: Vec<String>,
    pub citizenships: Vec<String>,
    pub nationalities: Vec<String>,
    pub dates_of_birth: Vec<String>,
    pub places_of_birth: Vec<String>,
    pub ids: Vec<CslId>,
    pub call_sign: Option<String>,
    pub vessel_type: Option<String>,
    pub vessel_flag: Option<String>,
    pub source_list_url: Option<String>,
}

/// One item of `ids`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CslId {
    pub label: String,
    pub value: String,
    pub country: Option<String>,
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
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            return Err(SourceError::Malformed {
                path: path.to_path_buf(),
                message: format!("cannot read the header: {e}"),
            })
        }
        None => {
            return Err(SourceError::Malformed {
                path: path.to_path_buf(),
                message: "empty file: no header line".into(),
            })
        }
    };
    let cols = Columns::new(header.iter());
    cols.require(path, &REQUIRED, "a US Consolidated Screening List CSV")?;
    let mut list = new_list("us-csl-csv");
    let mut seen = HashMap::new();
    for result in records {
        let Some(row) = readable_row(result, path, &mut list.skipped) else {
            continue;
        };
        let record = record_from_row(&cols, &row);
        match entity(&record, &mut seen) {
            Ok(e) => list.entities.push(e),
            Err(reason) => {
                list.skipped
                    .push(skipped(path, format!("line {}", line_of(&row)), reason))
            }
        }
    }
    Ok(list)
}

/// An empty CSL result read by `format`.
pub(crate) fn new_list(format: &str) -> ParsedList {
    ParsedList::empty(&crate::identity::US_CSL, format, None)
}

fn record_from_row(cols: &Columns, row: &csv::StringRecord) -> CslRecord {
    let get = |name: &str| cols.get(row, name);
    let packed = |name: &str| split_packed(&get(name).unwrap_or_default());
    CslRecord {
        id: get("_id"),
        source: get("source"),
        entity_number: get("entity_number"),
        kind: get("type"),
        programs: packed("programs"),
        name: get("name"),
        title: get("title"),
        addresses: packed("addresses"),
        start_date: get("start_date"),
        end_date: get("end_date"),
        federal_register_notice: get("federal_register_notice"),
        remarks: get("remarks"),
        alt_names: packed("alt_names"),
        citizenships: packed("citizenships"),
        nationalities: packed("nationalities"),
        dates_of_birth: packed("dates_of_birth"),
        places_of_birth: packed("places_of_birth"),
        ids: split_packed(&get("ids").unwrap_or_default())
            .iter()
            .filter_map(|item| packed_id(item))
            .collect(),
        call_sign: get("call_sign"),
        vessel_type: get("vessel_type"),
        vessel_flag: get("vessel_flag"),
        source_list_url: get("source_list_url"),
    }
}

/// Splits a packed field on `;` into cleaned, non-empty values.
pub(crate) fn split_packed(s: &str) -> Vec<String> {
    s.split(';').filter_map(non_empty).collect()
}

/// Reads one packed `ids` item: "Passport, 836238033, KP" (type, number, country), the older
/// "US, 80-0890696, Tax ID No." (country, number, type), "Website, mspbank.ru" or
/// "RKBZCHZZ, SWIFT/BIC" (a value and its label in either order).
pub(crate) fn packed_id(item: &str) -> Option<CslId> {
    let parts: Vec<String> = item.split(", ").filter_map(non_empty).collect();
    let is_country = |s: &str| s.len() == 2 && s.chars().all(|c| c.is_ascii_uppercase());
    let looks_like_value =
        |s: &str| s.chars().any(|c| c.is_ascii_digit()) || s.contains(['.', '@']);
    let is_label = |s: &str| {
        let l = s.to_lowercase();
        !matches!(id_kind(s), IdKind::Other(_))
            || ["website", "email", "e-mail", "gender", "number", " id"]
                .iter()
                .any(|w| l.contains(w))
    };
    match parts.as_slice() {
        [a, b, c] if is_country(a) => Some(CslId {
            label: c.clone(),
            value: b.clone(),
            country: Some(a.to_ascii_lowercase()),
        }),
        [a, b, c] if is_country(c) => Some(CslId {
            label: a.clone(),
            value: b.clone(),
            country: Some(c.to_ascii_lowercase()),
        }),
        [a, b]
            if (is_label(b) && !is_label(a))
                || (looks_like_value(a) && !looks_like_value(b))
                || a.ends_with('-') =>
        {
            Some(CslId {
                label: b.clone(),
                value: a.clone(),
                country: None,
            })
        }
        [a, b] => Some(CslId {
            label: a.clone(),
            value: b.clone(),
            country: None,
        }),
        [] => None,
        _ => Some(CslId {
            label: parts[0].clone(),
            value: parts[1..].join(", "),
            country: None,
        }),
    }
}

/// The entity for one record; `seen` keeps keys unique.
pub(crate) fn entity(
    r: &CslRecord,
    seen: &mut HashMap<String, usize>,
) -> std::result::Result<Entity, String> {
    let name = r.name.as_deref().map(clean).filter(|n| !n.is_empty());
    let Some(name) = name else {
        return Err("no name".into());
    };
    let schema = r
        .kind
        .as_deref()
        .and_then(|t| t.parse().ok())
        .unwrap_or(Schema::Unknown);
    let key =
        r.id.clone()
            .or_else(|| r.entity_number.clone())
            .unwrap_or_else(|| {
                stable_key(&format!(
                    "{}|{name}|{}|{}",
                    r.source.as_deref().unwrap_or_default(),
                    r.start_date.as_deref().unwrap_or_default(),
                    r.addresses.join(";")
                ))
            });
    let mut e = Entity::new(LIST_CODE, &unique_key(seen, key), schema);
    e.names.push(person_name(
        &name,
        schema == Schema::Person,
        NameKind::Primary,
    ));
    for alt in &r.alt_names {
        e.add_name(Name::new(alt.as_str(), NameKind::Alias));
    }
    if let Some(s) = &r.source {
        e.facts.insert("source".into(), s.clone());
    }
    for p in &r.programs {
        if !e.programs.contains(p) {
            e.programs.push(p.clone());
        }
    }
    add_people_fields(&mut e, r);
    add_ids(&mut e, &r.ids);
    for a in &r.addresses {
        add_address(&mut e, a);
    }
    add_listing_fields(&mut e, r);
    Ok(e)
}

fn add_people_fields(e: &mut Entity, r: &CslRecord) {
    for text in &r.dates_of_birth {
        let dates = parse_dates(text);
        for d in dates.dates {
            e.add_birth_date(d);
        }
        for u in dates.unparsed {
            add_remark(e, format!("DOB: {u}"));
        }
    }
    for p in &r.places_of_birth {
        if !e.birth_places.contains(p) {
            e.birth_places.push(p.clone());
        }
    }
    for n in &r.nationalities {
        match to_alpha2(n) {
            Some(c) => e.add_nationality(c),
            None => add_remark(e, format!("Nationality: {n}")),
        }
    }
    for n in &r.citizenships {
        match to_alpha2(n) {
            Some(c) => e.add_citizenship(c),
            None => add_remark(e, format!("Citizenship: {n}")),
        }
    }
    if let Some(t) = &r.title {
        e.facts.insert("title".into(), t.clone());
    }
}

fn add_ids(e: &mut Entity, ids: &[CslId]) {
    for id in ids {
        let label = id.label.trim_end_matches([':', '-', ' ']);
        let lower = label.to_lowercase();
        if lower == "gender" {
            e.gender = Gender::parse(&id.value);
            continue;
        }
        // Websites, e-mail addresses and sanction notes are no identifiers of the party.
        let note_like = [
            "website",
            "email",
            "e-mail",
            "directive",
            "sanction",
            "prohibited",
        ]
        .iter()
        .any(|w| lower.contains(w) || id.value.to_lowercase().contains(w));
        if note_like || !id.value.chars().any(|c| c.is_ascii_alphanumeric()) {
            add_remark(e, format!("{label}: {}", id.value));
            continue;
        }
        // "IMO 8898831, Vessel Registration Identification": the number says what it is.
        let (kind, value) = match id.value.strip_prefix("IMO ") {
            Some(number) => (IdKind::Imo, number),
            None => (id_kind(label), id.value.as_str()),
        };
        let mut identifier = Identifier::new(kind, value);
        identifier.country = id.country.clone();
        push_identifier(e, identifier);
    }
}

/// An address "street, city, state, postcode, CC": the last part, when a country, sets it.
pub(crate) fn add_address(e: &mut Entity, full: &str) {
    let full = clean(full);
    if full.is_empty() {
        return;
    }
    let country = full
        .rsplit(", ")
        .next()
        .and_then(to_alpha2)
        .map(str::to_string);
    if let Some(c) = &country {
        e.add_country(c);
    }
    let address = Address {
        full,
        city: None,
        country,
    };
    if !e.addresses.contains(&address) {
        e.addresses.push(address);
    }
}

fn add_listing_fields(e: &mut Entity, r: &CslRecord) {
    if let Some(d) = &r.start_date {
        e.listed_on = namesake_model::DateSpec::parse(d).ok().map(|d| d.from);
    }
    let facts = [
        ("end_date", &r.end_date),
        ("federal_register_notice", &r.federal_register_notice),
        ("call_sign", &r.call_sign),
        ("vessel_type", &r.vessel_type),
        ("source_list_url", &r.source_list_url),
    ];
    for (k, v) in facts {
        if let Some(v) = v {
            e.facts.insert(k.into(), v.clone());
        }
    }
    if let Some(flag) = &r.vessel_flag {
        match to_alpha2(flag) {
            Some(c) => e.add_country(c),
            None => add_remark(e, format!("Flag: {flag}")),
        }
    }
    if let Some(cs) = &r.call_sign {
        push_identifier(e, Identifier::new(IdKind::CallSign, cs.as_str()));
    }
    if let Some(rem) = &r.remarks {
        add_remark(e, rem.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_packed_ids_in_both_orders() {
        let id = packed_id("Passport, 836238033, KP").unwrap();
        assert_eq!(
            (id.label.as_str(), id.value.as_str()),
            ("Passport", "836238033")
        );
        assert_eq!(id.country.as_deref(), Some("kp"));
        let id = packed_id("US, 80-0890696, Tax ID No.").unwrap();
        assert_eq!(
            (id.label.as_str(), id.value.as_str()),
            ("Tax ID No.", "80-0890696")
        );
        let id = packed_id("RKBZCHZZ, SWIFT/BIC").unwrap();
        assert_eq!(
            (id.label.as_str(), id.value.as_str()),
            ("SWIFT/BIC", "RKBZCHZZ")
        );
        let id = packed_id("Website, mspbank.ru").unwrap();
        assert_eq!(id.label, "Website");
    }

    #[test]
    fn one_entity_per_row_with_packed_fields() {
        let text = "source,entity_number,type,programs,name,addresses,alt_names,dates_of_birth,nationalities,ids,extra\n\
Specially Designated Nationals (SDN) - Treasury Department,42,Individual,SDGT; IRAN,\"DOE, John\",\"1 Road, Tehran, IR; 2 Street, Dubai, AE\",Johnny DOE; J. DOE,1970; circa 1971,IR,\"Passport, A123456, IR; Gender, Male\",x\n\
Entity List (EL) - Bureau of Industry and Security,,,,,,,,,,\n";
        let p = parse_bytes(text.as_bytes(), Path::new("csl.csv")).unwrap();
        assert_eq!(p.entities.len(), 1);
        assert_eq!(p.skipped.len(), 1, "the row with no name");
        let e = &p.entities[0];
        assert_eq!(e.id, "us-csl:42");
        assert_eq!(e.names[0].full, "John DOE");
        assert_eq!(e.names.len(), 3);
        assert_eq!(e.programs, vec!["SDGT", "IRAN"]);
        assert_eq!(e.addresses.len(), 2);
        assert_eq!(e.countries, vec!["ir", "ae"]);
        assert_eq!(e.birth_dates.len(), 2);
        assert_eq!(e.gender, Some(Gender::Male));
        assert_eq!(e.identifiers[0].value, "A123456");
        assert!(e.facts["source"].starts_with("Specially Designated"));
    }

    #[test]
    fn missing_required_column_is_named() {
        let err = parse_bytes(b"source,alt_names\nx,y\n", Path::new("csl.csv")).unwrap_err();
        assert!(err.to_string().contains("`name`"), "{err}");
    }
}
