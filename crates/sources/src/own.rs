//! namesake's own list format, for a firm's internal blocklist: CSV with a header, or JSON.
//! Documented in `docs/own-lists.md`.
//!
//! CSV: a header row naming the columns (case-insensitive, any order); `id` and `name` are
//! required, the rest optional: `aliases` (several separated by `;`), `type` (person,
//! organization, vessel, aircraft), `date_of_birth`, `place_of_birth`, `nationality`,
//! `country`, `gender`, `passport`, `national_id`, `tax_id`, `registration`, `imo`,
//! `program`, `listed_on`, `remarks`. Several values in one cell are separated by `;`.
//! The list code is the file name without extension (`blocklist.csv` → `blocklist:ID`).
//!
//! JSON: `{"namesake_list": {"code": "blocklist", "name": "…"}, "entities": [{…}]}` where each
//! entity has the same fields, lists as arrays or `;`-separated strings.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use namesake_model::country::to_alpha2;
use namesake_model::{
    DateSpec, Entity, Gender, IdKind, Identifier, ListInfo, Name, NameKind, Schema,
};
use serde::Deserialize;

use crate::textutil::{clean, skipped};
use crate::{ListFormat, ParsedList, Result, Skipped, SourceError};

/// The own-list CSV format.
pub struct OwnCsv;
/// The own-list JSON format.
pub struct OwnJson;

fn header_columns(head: &[u8]) -> Vec<String> {
    let h = String::from_utf8_lossy(head);
    let first = h
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    first
        .split(',')
        .map(|c| c.trim().trim_matches('"').trim().to_ascii_lowercase())
        .collect()
}

impl ListFormat for OwnCsv {
    fn id(&self) -> &'static str {
        "own-csv"
    }
    fn detect(&self, _path: &Path, head: &[u8]) -> bool {
        let cols = header_columns(head);
        cols.iter().any(|c| c == "id") && cols.iter().any(|c| c == "name")
    }
    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let data = read(path)?;
        parse_csv(&data, path)
    }
}

impl ListFormat for OwnJson {
    fn id(&self) -> &'static str {
        "own-json"
    }
    fn detect(&self, _path: &Path, head: &[u8]) -> bool {
        let h = String::from_utf8_lossy(head);
        h.trim_start().starts_with('{') && h.contains("\"namesake_list\"")
    }
    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let data = read(path)?;
        parse_json(&data, path)
    }
}

fn read(path: &Path) -> Result<Vec<u8>> {
    crate::read_file(path)
}

/// The list code from a file name: lower-case letters, digits and `-`.
fn code_from(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let code: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_string();
    if code.is_empty() {
        "own".into()
    } else {
        code
    }
}

/// One record, from a CSV row or a JSON object.
#[derive(Debug, Default, Deserialize)]
struct Record {
    id: Option<Values>,
    name: Option<Values>,
    #[serde(default)]
    aliases: Option<Values>,
    #[serde(default, alias = "schema")]
    r#type: Option<Values>,
    #[serde(default, alias = "dob", alias = "birth_date")]
    date_of_birth: Option<Values>,
    #[serde(default)]
    place_of_birth: Option<Values>,
    #[serde(default)]
    nationality: Option<Values>,
    #[serde(default)]
    country: Option<Values>,
    #[serde(default)]
    gender: Option<Values>,
    #[serde(default)]
    passport: Option<Values>,
    #[serde(default)]
    national_id: Option<Values>,
    #[serde(default)]
    tax_id: Option<Values>,
    #[serde(default)]
    registration: Option<Values>,
    #[serde(default)]
    imo: Option<Values>,
    #[serde(default)]
    program: Option<Values>,
    #[serde(default)]
    listed_on: Option<Values>,
    #[serde(default, alias = "notes")]
    remarks: Option<Values>,
}

/// A field: one string (`;`-separated values) or an array of strings.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Values {
    One(String),
    Many(Vec<String>),
    Number(serde_json::Number),
}

impl Values {
    fn list(&self) -> Vec<String> {
        let raw: Vec<String> = match self {
            Values::One(s) => s.split(';').map(String::from).collect(),
            Values::Many(v) => v.clone(),
            Values::Number(n) => vec![n.to_string()],
        };
        raw.iter()
            .map(|s| clean(s))
            .filter(|s| !s.is_empty())
            .collect()
    }
}

fn list(v: &Option<Values>) -> Vec<String> {
    v.as_ref().map(Values::list).unwrap_or_default()
}

/// The entity of a record, with the fields that could not be read (the entry is kept without
/// them: for a blocklist, an entry must not vanish over a mistyped date); an error when the
/// record has no id, no name or an unknown type.
fn entity(code: &str, r: &Record) -> std::result::Result<(Entity, Vec<FieldIssue>), String> {
    let mut dropped = Vec::new();
    let id = list(&r.id).into_iter().next().ok_or("no id")?;
    let names = list(&r.name);
    let primary = names.first().ok_or_else(|| format!("{id}: no name"))?;
    let schema = match list(&r.r#type).first().map(|s| s.to_lowercase()).as_deref() {
        None | Some("person") | Some("individual") => Schema::Person,
        Some("organization") | Some("organisation") | Some("entity") | Some("company") => {
            Schema::Organization
        }
        Some("vessel") | Some("ship") => Schema::Vessel,
        Some("aircraft") | Some("airplane") => Schema::Aircraft,
        Some(other) => {
            return Err(format!(
                "{id}: unknown type {other:?} (person, organization, vessel or aircraft)"
            ))
        }
    };
    let mut e = Entity::new(code, &id, schema);
    e.names.push(Name::new(primary.clone(), NameKind::Primary));
    for n in names.iter().skip(1).chain(&list(&r.aliases)) {
        e.add_name(Name::new(n.clone(), NameKind::Alias));
    }
    for d in list(&r.date_of_birth) {
        match DateSpec::parse(&d) {
            Ok(d) => e.add_birth_date(d),
            Err(err) => dropped.push(FieldIssue::new("date_of_birth", format!("{d:?}: {err}"))),
        }
    }
    e.birth_places = list(&r.place_of_birth);
    for c in list(&r.nationality) {
        match to_alpha2(&c) {
            Some(code) => e.add_nationality(code),
            None => dropped.push(FieldIssue::new(
                "nationality",
                format!("unknown country {c:?}"),
            )),
        }
    }
    for c in list(&r.country) {
        match to_alpha2(&c) {
            Some(code) => e.add_country(code),
            None => dropped.push(FieldIssue::new("country", format!("unknown country {c:?}"))),
        }
    }
    if let Some(g) = list(&r.gender).first() {
        match Gender::parse(g) {
            Some(g) => e.gender = Some(g),
            None => dropped.push(FieldIssue::new("gender", format!("unknown gender {g:?}"))),
        }
    }
    for (vals, kind) in [
        (&r.passport, IdKind::Passport),
        (&r.national_id, IdKind::NationalId),
        (&r.tax_id, IdKind::Tax),
        (&r.registration, IdKind::Registration),
        (&r.imo, IdKind::Imo),
    ] {
        for v in list(vals) {
            e.identifiers.push(Identifier::new(kind.clone(), v));
        }
    }
    e.programs = list(&r.program);
    if let Some(d) = list(&r.listed_on).first() {
        match DateSpec::parse(d).ok().filter(DateSpec::is_single) {
            Some(date) => e.listed_on = Some(date.from),
            None => dropped.push(FieldIssue::new("listed_on", format!("{d:?} is not a date"))),
        }
    }
    e.remarks = list(&r.remarks);
    Ok((e, dropped))
}

/// A field of an own-list entry that could not be read; the entry is kept without it.
struct FieldIssue {
    field: &'static str,
    reason: String,
}

impl FieldIssue {
    fn new(field: &'static str, reason: String) -> Self {
        FieldIssue { field, reason }
    }
    fn skipped(self, path: &Path, location: String) -> Skipped {
        let mut s = skipped(path, location, self.reason);
        s.field = Some(self.field.to_string());
        s
    }
}

fn info(code: String, name: Option<String>, format: &str) -> ListInfo {
    ListInfo {
        name: name.unwrap_or_else(|| format!("Own list {code}")),
        code,
        format: format.into(),
        published: None,
    }
}

/// Parses an own-list CSV from memory; the list code comes from `path`'s file name.
pub fn parse_csv(data: &[u8], path: &Path) -> Result<ParsedList> {
    let text = String::from_utf8_lossy(data);
    let text = text.trim_start_matches('\u{feff}');
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| SourceError::Malformed {
            path: path.to_path_buf(),
            message: format!("unreadable header: {e}"),
        })?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect::<Vec<_>>();
    for need in ["id", "name"] {
        if !headers.iter().any(|h| h == need) {
            return Err(SourceError::Malformed {
                path: path.to_path_buf(),
                message: format!("the header has no `{need}` column"),
            });
        }
    }
    let code = code_from(path);
    let mut entities = Vec::new();
    let mut skipped_records = Vec::new();
    let mut seen = HashSet::new();
    for row in rdr.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                skipped_records.push(skipped(path, format!("line {line}"), e.to_string()));
                continue;
            }
        };
        let line = row.position().map(|p| p.line()).unwrap_or(0);
        let map: BTreeMap<String, serde_json::Value> = headers
            .iter()
            .zip(row.iter())
            .filter(|(_, v)| !v.is_empty())
            .map(|(h, v)| (h.clone(), serde_json::Value::String(v.to_string())))
            .collect();
        let rec: Record =
            match serde_json::from_value(serde_json::Value::Object(map.into_iter().collect())) {
                Ok(r) => r,
                Err(e) => {
                    skipped_records.push(skipped(path, format!("line {line}"), e.to_string()));
                    continue;
                }
            };
        match entity(&code, &rec) {
            Ok((e, _)) if !seen.insert(e.id.clone()) => skipped_records.push(skipped(
                path,
                format!("line {line}"),
                format!("duplicate id {}", e.key),
            )),
            Ok((e, dropped)) => {
                let at = format!("line {line}, entry {}", e.key);
                skipped_records.extend(dropped.into_iter().map(|d| d.skipped(path, at.clone())));
                entities.push(e)
            }
            Err(reason) => skipped_records.push(skipped(path, format!("line {line}"), reason)),
        }
    }
    Ok(ParsedList {
        info: info(code, None, "own-csv"),
        entities,
        skipped: skipped_records,
    })
}

#[derive(Deserialize)]
struct JsonList {
    namesake_list: JsonHeader,
    #[serde(default)]
    entities: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct JsonHeader {
    code: Option<String>,
    name: Option<String>,
}

/// Parses an own-list JSON document from memory.
pub fn parse_json(data: &[u8], path: &Path) -> Result<ParsedList> {
    let doc: JsonList = serde_json::from_slice(data).map_err(|e| SourceError::Malformed {
        path: path.to_path_buf(),
        message: format!(
            "not a namesake list (line {}, column {}): {e}",
            e.line(),
            e.column()
        ),
    })?;
    let code = doc
        .namesake_list
        .code
        .filter(|c| !c.trim().is_empty())
        .unwrap_or_else(|| code_from(path));
    let mut entities = Vec::new();
    let mut skipped_records = Vec::new();
    let mut seen = HashSet::new();
    for (i, v) in doc.entities.into_iter().enumerate() {
        let at = format!("entity {}", i + 1);
        let rec: Record = match serde_json::from_value(v) {
            Ok(r) => r,
            Err(e) => {
                skipped_records.push(skipped(path, at, e.to_string()));
                continue;
            }
        };
        match entity(&code, &rec) {
            Ok((e, _)) if !seen.insert(e.id.clone()) => {
                skipped_records.push(skipped(path, at, format!("duplicate id {}", e.key)))
            }
            Ok((e, dropped)) => {
                let at = format!("{at}, entry {}", e.key);
                skipped_records.extend(dropped.into_iter().map(|d| d.skipped(path, at.clone())));
                entities.push(e)
            }
            Err(reason) => skipped_records.push(skipped(path, at, reason)),
        }
    }
    Ok(ParsedList {
        info: info(code, doc.namesake_list.name, "own-json"),
        entities,
        skipped: skipped_records,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_with_errors_named_by_line() {
        let csv = "id,name,aliases,type,date_of_birth,nationality,passport\n\
                   B1,Özgür Altun,ALTUN Ozgur;Abu Yasir al-Turki,person,1980-02-03,Turkey,U123\n\
                   B2,Acme Trading,,organization,,,\n\
                   B3,Bad Date,,person,31/31/1990,,\n\
                   B1,Again,,,,,\n\
                   ,No Id,,,,,\n";
        let p = parse_csv(csv.as_bytes(), Path::new("/x/blocklist.csv")).unwrap();
        assert_eq!(p.info.code, "blocklist");
        assert_eq!(p.entities.len(), 3, "B3 is kept without its date");
        let e = &p.entities[0];
        assert_eq!(e.id, "blocklist:B1");
        assert_eq!(e.names.len(), 3);
        assert_eq!(e.nationalities, vec!["tr".to_string()]);
        assert_eq!(e.identifiers[0].kind, IdKind::Passport);
        let lines: Vec<&str> = p.skipped.iter().map(|s| s.location.as_str()).collect();
        assert_eq!(
            lines,
            vec!["line 4, entry B3", "line 5", "line 6"],
            "{:?}",
            p.skipped
        );
        assert_eq!(p.skipped[0].field.as_deref(), Some("date_of_birth"));
        assert_eq!(p.skipped[1].field, None);
    }

    /// Issue 19: an own-list entry with a bad date of birth was dropped whole; a blocklist
    /// entry must stay, without the field, and the warning names file, line and field.
    #[test]
    fn own_list_entry_with_bad_date_of_birth_is_kept_without_it() {
        let csv = "id,name,date_of_birth,nationality\n\
                   B7,Mehmet Yilmaz,31/31/1980,Atlantis\n";
        let p = parse_csv(csv.as_bytes(), Path::new("/x/blocklist.csv")).unwrap();
        assert_eq!(p.entities.len(), 1);
        let e = &p.entities[0];
        assert_eq!(e.primary_name(), Some("Mehmet Yilmaz"));
        assert!(e.birth_dates.is_empty() && e.nationalities.is_empty());
        let shown: Vec<String> = p.skipped.iter().map(|s| s.to_string()).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(
            shown[0]
                .starts_with("/x/blocklist.csv: line 2, entry B7: date_of_birth: \"31/31/1980\"")
                && shown[0].ends_with("the entry is kept without it"),
            "{shown:?}"
        );
        assert!(
            shown[1].contains("nationality: unknown country \"Atlantis\""),
            "{shown:?}"
        );
    }

    #[test]
    fn json_document() {
        let json = r#"{"namesake_list": {"code": "internal", "name": "Internal blocklist"},
          "entities": [{"id": "7", "name": ["Ivan Petrov", "Иван Петров"], "type": "person", "dob": "1970"},
                       {"id": 8, "name": "MV Example", "type": "vessel", "imo": "9123456"},
                       {"id": "9", "name": "X", "type": "spaceship"}]}"#;
        let p = parse_json(json.as_bytes(), Path::new("x.json")).unwrap();
        assert_eq!(p.info.code, "internal");
        assert_eq!(p.entities.len(), 2);
        assert_eq!(p.entities[1].id, "internal:8");
        assert_eq!(p.skipped.len(), 1);
        assert!(p.skipped[0].reason.contains("spaceship"));
    }

    #[test]
    fn missing_columns_are_an_error() {
        assert!(parse_csv(b"name,dob\nX,1990\n", Path::new("x.csv")).is_err());
        assert!(parse_json(b"{\"entities\": []}", Path::new("x.json")).is_err());
    }
}
