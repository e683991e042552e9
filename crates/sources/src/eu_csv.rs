//! The EU Financial Sanctions Files (FSF) consolidated list, CSV.
//!
//! UTF-8 with a byte-order mark, `;`-separated. Each row is one item of one entity — a name
//! alias, an address, a birth date, a citizenship or an identification document — with the
//! entity's own columns (`Entity_LogicalId`, `Entity_EU_ReferenceNumber`,
//! `Entity_UnitedNationId`, `Entity_SubjectType_ClassificationCode`,
//! `Entity_Regulation_Programme`…) repeated; rows are grouped by `Entity_LogicalId`. The item
//! columns are the XML attributes with a prefix (`NameAlias_WholeName` is `nameAlias/@wholeName`),
//! so both readers share the item code below. Entity ids are `eu:` + the EU reference number
//! (`eu:EU.27.28`), or `eu:logical-<id>` for the few entries without one. An entity whose
//! identifiers include an IMO number is a ship.

use std::collections::HashMap;
use std::path::Path;

use namesake_model::country::to_alpha2;
use namesake_model::{
    Address, DateSpec, Entity, Gender, IdKind, Identifier, Name, NameKind, NameParts, NameQuality,
    PartialDate, Schema,
};

use crate::columns::{add_un_reference, id_kind, line_of, push_identifier, readable_row, Columns};
use crate::textutil::{add_remark, clean, is_non_latin, non_empty, skipped};
use crate::{ListFormat, ParsedList, Result, SourceError};

/// The list code in entity ids.
pub const LIST_CODE: &str = crate::identity::EU.code;

const REQUIRED: [&str; 2] = ["Entity_LogicalId", "NameAlias_WholeName"];

/// The EU FSF list as CSV.
#[derive(Debug, Clone, Copy, Default)]
pub struct EuCsv;

impl ListFormat for EuCsv {
    fn id(&self) -> &'static str {
        "eu-fsf-csv"
    }
    fn lists(&self) -> &'static [crate::KnownList] {
        &[crate::identity::EU]
    }
    fn detect(&self, _path: &Path, head: &[u8]) -> bool {
        let text = String::from_utf8_lossy(head);
        let first = text.lines().next().unwrap_or_default();
        first.contains("Entity_LogicalId") && first.contains("NameAlias_")
    }
    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let data = crate::read_file(path)?;
        parse_bytes(&data, path)
    }
}

/// A value of an entity item by its XML attribute name (`wholeName`, `countryIso2Code`…).
pub(crate) type Getter<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Adds one item (a name alias, an address…) to its entity.
pub(crate) type AddItem = fn(&mut Entity, Getter<'_>);

/// An empty EU list read by `format`.
pub(crate) fn new_list(format: &str, published: Option<String>) -> ParsedList {
    ParsedList::empty(&crate::identity::EU, format, published)
}

/// Parses the CSV from memory. Never panics; rows that cannot be read are skipped.
pub fn parse_bytes(data: &[u8], path: &Path) -> Result<ParsedList> {
    let data = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
    let text = String::from_utf8_lossy(data);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
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
    cols.require(path, &REQUIRED, "an EU Financial Sanctions File (CSV)")?;
    let mut list = new_list("eu-fsf-csv", None);
    let mut by_logical: HashMap<String, usize> = HashMap::new();
    for result in records {
        let Some(row) = readable_row(result, path, &mut list.skipped) else {
            continue;
        };
        let location = format!("line {}", line_of(&row));
        let Some(logical) = cols.get(&row, "Entity_LogicalId") else {
            list.skipped
                .push(skipped(path, location, "no Entity_LogicalId"));
            continue;
        };
        if list.info.published.is_none() {
            list.info.published = cols
                .get(&row, "fileGenerationDate")
                .and_then(|d| DateSpec::parse(&d).ok())
                .map(|d| d.from.to_string());
        }
        let entity_get = |attr: &str| cols.get(&row, &format!("Entity_{}", csv_suffix(attr)));
        let idx = *by_logical.entry(logical.clone()).or_insert_with(|| {
            list.entities.push(new_entity(&entity_get, &logical));
            list.entities.len() - 1
        });
        let e = &mut list.entities[idx];
        add_entity_fields(e, &entity_get);
        for (prefix, add) in ITEMS {
            let get = |attr: &str| cols.get(&row, &format!("{prefix}_{}", csv_suffix(attr)));
            add(e, &get);
        }
    }
    finish(&mut list, path);
    Ok(list)
}

/// The item kinds: the CSV column prefix (the XML element is its lower-camel form) and the code
/// that adds one item to its entity.
pub(crate) const ITEMS: [(&str, AddItem); 5] = [
    ("NameAlias", add_name_alias),
    ("Address", add_address),
    ("BirthDate", add_birth_date),
    ("Citizenship", add_citizenship),
    ("Identification", add_identification),
];

/// The CSV column suffix of an XML attribute: `wholeName` → `WholeName`,
/// `identificationTypeCode` → `TypeCode`, `euReferenceNumber` → `EU_ReferenceNumber`.
fn csv_suffix(attr: &str) -> String {
    match attr {
        "euReferenceNumber" => return "EU_ReferenceNumber".into(),
        "subjectTypeCode" => return "SubjectType_ClassificationCode".into(),
        "programme" => return "Regulation_Programme".into(),
        _ => {}
    }
    let attr = attr.strip_prefix("identification").unwrap_or(attr);
    let mut chars = attr.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A new entity from the entity-level values (`euReferenceNumber`, `subjectTypeCode`).
pub(crate) fn new_entity(get: Getter<'_>, logical: &str) -> Entity {
    let schema = match get("subjectTypeCode").as_deref().map(str::to_lowercase) {
        Some(t) if t == "person" || t == "p" => Schema::Person,
        Some(t) if t == "enterprise" || t == "e" => Schema::Organization,
        _ => Schema::Unknown,
    };
    let key = get("euReferenceNumber").unwrap_or_else(|| format!("logical-{logical}"));
    Entity::new(LIST_CODE, &key, schema)
}

/// Entity-level values repeated on every row: UN reference, programme, designation, remark.
pub(crate) fn add_entity_fields(e: &mut Entity, get: Getter<'_>) {
    if let Some(un) = get("unitedNationId") {
        add_un_reference(e, &un);
    }
    if let Some(p) = get("programme") {
        if !e.programs.contains(&p) {
            e.programs.push(p);
        }
    }
    if e.listed_on.is_none() {
        e.listed_on = get("designationDate")
            .and_then(|d| DateSpec::parse(&d).ok())
            .map(|d| d.from);
    }
    if let Some(d) = get("designationDetails") {
        e.facts.entry("designation_details".into()).or_insert(d);
    }
    if let Some(r) = get("remark") {
        add_remark(e, r);
    }
}

fn add_name_alias(e: &mut Entity, get: Getter<'_>) {
    let parts = NameParts {
        given: get("firstName"),
        middle: get("middleName"),
        family: get("lastName"),
        patronymic: None,
    };
    let whole = get("wholeName").or_else(|| {
        let joined: Vec<String> = [&parts.given, &parts.middle, &parts.family]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
        (!joined.is_empty()).then(|| joined.join(" "))
    });
    let Some(whole) = whole else { return };
    let kind = if is_non_latin(&whole) {
        NameKind::OriginalScript
    } else if e.names.is_empty() {
        NameKind::Primary
    } else {
        NameKind::Alias
    };
    let mut name = Name::new(whole, kind);
    if e.schema == Schema::Person {
        name.parts = parts;
    }
    if get("strong").is_some_and(|s| s.eq_ignore_ascii_case("false")) {
        name.quality = NameQuality::Weak;
    }
    e.add_name(name);
    if e.gender.is_none() {
        e.gender = get("gender").and_then(|g| Gender::parse(&g));
    }
    if let Some(t) = get("title") {
        add_fact_value(e, "title", &t);
    }
    if let Some(f) = get("function") {
        add_fact_value(e, "function", &f);
    }
}

/// Adds `value` to a `; `-joined fact unless it is there.
fn add_fact_value(e: &mut Entity, key: &str, value: &str) {
    let entry = e.facts.entry(key.to_string()).or_default();
    if !entry.split("; ").any(|v| v == value) {
        if !entry.is_empty() {
            entry.push_str("; ");
        }
        entry.push_str(value);
    }
}

/// The country of an item: its ISO code, else its description; "00"/"UNKNOWN" are none.
fn country(get: Getter<'_>) -> Option<&'static str> {
    get("countryIso2Code")
        .filter(|c| c != "00")
        .and_then(|c| to_alpha2(&c))
        .or_else(|| get("countryDescription").and_then(|d| to_alpha2(&d)))
}

fn add_address(e: &mut Entity, get: Getter<'_>) {
    let fields = ["street", "poBox", "place", "city", "region", "zipCode"];
    let mut parts: Vec<String> = fields.iter().filter_map(|f| get(f)).collect();
    let code = country(get);
    if let Some(d) = get("countryDescription").filter(|d| !d.eq_ignore_ascii_case("unknown")) {
        parts.push(d);
    }
    if let Some(c) = code {
        e.add_country(c);
    }
    if parts.is_empty() {
        return;
    }
    let address = Address {
        full: parts.join(", "),
        city: get("city"),
        country: code.map(str::to_string),
    };
    if !e.addresses.contains(&address) {
        e.addresses.push(address);
    }
}

fn add_birth_date(e: &mut Entity, get: Getter<'_>) {
    let number = |f: &str| get(f).and_then(|v| v.parse::<i32>().ok());
    let spec = if let Some(d) = get("birthdate") {
        DateSpec::parse(&d).ok()
    } else if let (Some(a), Some(b)) = (number("yearRangeFrom"), number("yearRangeTo")) {
        Some(DateSpec::year_range(a, b))
    } else if let Some(y) = number("year") {
        let month = number("month").and_then(|m| u8::try_from(m).ok());
        let day = number("day").and_then(|d| u8::try_from(d).ok());
        let date = match (month, day) {
            (Some(m), Some(d)) => PartialDate::ymd(y, m, d),
            (Some(m), None) => PartialDate::ym(y, m),
            _ => Some(PartialDate::year(y)),
        };
        date.map(DateSpec::single)
    } else {
        None
    };
    if let Some(mut spec) = spec {
        spec.approximate |= get("circa").is_some_and(|c| c.eq_ignore_ascii_case("true"));
        e.add_birth_date(spec);
    }
    let place: Vec<String> = ["place", "city", "region", "countryDescription"]
        .iter()
        .filter_map(|f| get(f))
        .filter(|p| !p.eq_ignore_ascii_case("unknown"))
        .collect();
    if !place.is_empty() {
        let place = place.join(", ");
        if !e.birth_places.contains(&place) {
            e.birth_places.push(place);
        }
    }
}

fn add_citizenship(e: &mut Entity, get: Getter<'_>) {
    if let Some(c) = country(get) {
        e.add_citizenship(c);
    }
}

fn add_identification(e: &mut Entity, get: Getter<'_>) {
    let Some(number) = get("number").or_else(|| get("latinNumber")) else {
        return;
    };
    let label = get("identificationTypeDescription")
        .or_else(|| get("identificationTypeCode"))
        .unwrap_or_else(|| "document".into());
    let code = get("identificationTypeCode").unwrap_or_default();
    let kind = match id_kind(&code) {
        IdKind::Other(_) => id_kind(&label),
        k => k,
    };
    let mut id = Identifier::new(kind, number);
    id.country = country(get).map(str::to_string);
    let notes: Vec<String> = [
        Some(label),
        get("issuedBy").map(|b| format!("issued by {b}")),
        get("issuedDate").map(|d| format!("issued {d}")),
        get("knownFalse")
            .filter(|f| f.eq_ignore_ascii_case("true"))
            .map(|_| "known false".to_string()),
        get("remark"),
    ]
    .into_iter()
    .flatten()
    .collect();
    id.note = Some(notes.join("; "));
    push_identifier(e, id);
}

/// After all rows: an enterprise with an IMO number is a ship; entries with no name are
/// reported and dropped rather than kept blank.
pub(crate) fn finish(list: &mut ParsedList, path: &Path) {
    for e in &mut list.entities {
        if e.schema != Schema::Person && e.identifiers.iter().any(|i| i.kind == IdKind::Imo) {
            e.schema = Schema::Vessel;
        }
        if !e.names.iter().any(|n| n.kind == NameKind::Primary) {
            if let Some(first) = e.names.first_mut() {
                first.kind = NameKind::Primary;
            }
        }
    }
    let (kept, empty): (Vec<Entity>, Vec<Entity>) = std::mem::take(&mut list.entities)
        .into_iter()
        .partition(|e| !e.names.is_empty());
    list.entities = kept;
    for e in empty {
        list.skipped
            .push(skipped(path, format!("entity {}", e.id), "no name"));
    }
}

/// Cleans a raw attribute or cell value.
pub(crate) fn value(s: &str) -> Option<String> {
    non_empty(&clean(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_suffixes() {
        assert_eq!(csv_suffix("wholeName"), "WholeName");
        assert_eq!(csv_suffix("identificationTypeCode"), "TypeCode");
        assert_eq!(csv_suffix("countryIso2Code"), "CountryIso2Code");
        assert_eq!(csv_suffix("euReferenceNumber"), "EU_ReferenceNumber");
    }

    #[test]
    fn missing_required_column_is_named() {
        let err = parse_bytes(b"Entity_LogicalId;X\n1;2\n", Path::new("eu.csv")).unwrap_err();
        assert!(err.to_string().contains("`NameAlias_WholeName`"), "{err}");
    }
}
