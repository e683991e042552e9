//! FollowTheMoney entities as JSON lines: the format of OpenSanctions' datasets, so that users
//! with an OpenSanctions licence can load its sources.
//!
//! One JSON object a line: `id`, `schema`, `properties` (every value a list of strings),
//! `datasets`. People, organisations (Organization, Company, PublicBody), vessels, aircraft
//! (Airplane) and parties of unstated kind (LegalEntity, Thing) become entities keyed by their FtM id (`ftm:NK-…`); `Address`
//! entities fill the `addressEntity` references of the others; other schemas (Sanction,
//! Identification, relations…) are not screening targets and are passed over.
//!
//! The file is read line by line ([`parse_reader`]): a line's JSON is dropped once it is an
//! entity, so a million-entity export costs the entities, not the file and its JSON as well.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

use namesake_model::country::to_alpha2;
use namesake_model::{
    Address, DateSpec, Entity, Gender, IdKind, Identifier, ListInfo, Name, NameKind, NameParts,
    Schema,
};
use serde::Deserialize;

use crate::textutil::{clean, skipped};
use crate::{ListFormat, ParsedList, Result, Skipped, SourceError};

/// List code.
pub const LIST_CODE: &str = "ftm";

/// The FtM JSON lines format.
pub struct FtmJson;

impl ListFormat for FtmJson {
    fn id(&self) -> &'static str {
        "ftm-json"
    }
    fn lists(&self) -> &'static [crate::KnownList] {
        &[crate::identity::FTM]
    }
    fn detect(&self, _path: &Path, head: &[u8]) -> bool {
        let h = String::from_utf8_lossy(head);
        let first = h.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        first.trim_start().starts_with('{')
            && first.contains("\"schema\"")
            && first.contains("\"properties\"")
    }
    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let file = std::fs::File::open(path).map_err(|source| SourceError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        parse_reader(BufReader::with_capacity(1 << 16, file), path)
    }
}

#[derive(Deserialize)]
struct Raw {
    id: String,
    schema: String,
    #[serde(default)]
    properties: HashMap<String, Vec<serde_json::Value>>,
    #[serde(default)]
    datasets: Vec<String>,
    #[serde(default)]
    first_seen: Option<String>,
}

impl Raw {
    /// String values of a property; nested entities (OpenSanctions' "nested" exports) give
    /// their caption.
    fn prop(&self, name: &str) -> Vec<String> {
        self.properties
            .get(name)
            .map(|vs| {
                vs.iter()
                    .filter_map(|v| match v {
                        serde_json::Value::String(s) => Some(clean(s)),
                        serde_json::Value::Object(o) => {
                            o.get("caption").and_then(|c| c.as_str()).map(clean)
                        }
                        _ => None,
                    })
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }
    fn first(&self, name: &str) -> Option<String> {
        self.prop(name).into_iter().next()
    }
}

/// The parties' schemata (one mapping for every crate: `namesake_model::ftm`); others are skipped.
fn schema_of(s: &str) -> Option<Schema> {
    namesake_model::ftm::schema_from_ftm(s).ok()
}

/// Parses FtM JSON lines from memory; `path` is used in messages.
pub fn parse_bytes(data: &[u8], path: &Path) -> Result<ParsedList> {
    parse_reader(data, path)
}

/// Parses FtM JSON lines from `reader`, one line at a time: each line is parsed into an entity
/// and its JSON dropped, so memory holds the entities and the (small) `Address` records, never
/// the file or its raw JSON. `path` is used in messages; a line that is no FtM entity is skipped
/// and reported with its line number.
pub fn parse_reader<R: BufRead>(mut reader: R, path: &Path) -> Result<ParsedList> {
    let mut acc = Accumulator::default();
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|source| SourceError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let text = String::from_utf8_lossy(&buf);
        acc.line(text.trim(), line_no, path);
    }
    acc.finish(path)
}

/// An `Address` entity, reduced to what the parties' `addressEntity` references take from it.
struct AddressRecord {
    full: String,
    city: Option<String>,
    country: Option<String>,
}

impl AddressRecord {
    /// `None` when the address has neither a full text nor a city.
    fn from_raw(a: &Raw) -> Option<AddressRecord> {
        let full = a.first("full").or_else(|| a.first("city"))?;
        Some(AddressRecord {
            full,
            city: a.first("city"),
            country: a
                .first("country")
                .as_deref()
                .and_then(to_alpha2)
                .map(String::from),
        })
    }
}

/// An entity whose `addressEntity` references wait for the end of the file (an `Address` may
/// come after the party that refers to it).
struct PendingAddresses {
    entity: usize,
    ids: Vec<String>,
}

/// What the reader keeps while it streams through the lines.
#[derive(Default)]
struct Accumulator {
    entities: Vec<Entity>,
    addresses: HashMap<String, AddressRecord>,
    pending: Vec<PendingAddresses>,
    datasets: Vec<String>,
    skipped: Vec<Skipped>,
    lines_seen: usize,
    parsed: usize,
}

impl Accumulator {
    /// Reads one (trimmed) line, number `line_no`.
    fn line(&mut self, line: &str, line_no: usize, path: &Path) {
        if line.is_empty() {
            return;
        }
        self.lines_seen += 1;
        let r = match serde_json::from_str::<Raw>(line) {
            Ok(r) => r,
            Err(e) => {
                self.skipped
                    .push(skipped(path, format!("line {line_no}"), e.to_string()));
                return;
            }
        };
        self.parsed += 1;
        if r.schema == "Address" {
            // The last record of an id wins, as the parties' references are resolved at the end.
            match AddressRecord::from_raw(&r) {
                Some(a) => self.addresses.insert(r.id, a),
                None => self.addresses.remove(&r.id),
            };
            return;
        }
        let Some(schema) = schema_of(&r.schema) else {
            return;
        };
        for d in &r.datasets {
            if !self.datasets.contains(d) {
                self.datasets.push(d.clone());
            }
        }
        match entity(&r, schema) {
            Ok(e) => {
                let ids = r.prop("addressEntity");
                if !ids.is_empty() {
                    self.pending.push(PendingAddresses {
                        entity: self.entities.len(),
                        ids,
                    });
                }
                self.entities.push(e);
            }
            Err(reason) => self.skipped.push(skipped(
                path,
                format!("line {line_no} (entity {})", r.id),
                reason,
            )),
        }
    }

    /// Resolves the address references and returns the list.
    fn finish(mut self, path: &Path) -> Result<ParsedList> {
        if self.parsed == 0 {
            return Err(SourceError::Malformed {
                path: path.to_path_buf(),
                message: if self.lines_seen == 0 {
                    "an empty file: no FollowTheMoney entities".into()
                } else {
                    "no line is a FollowTheMoney entity ({\"id\", \"schema\", \"properties\"})"
                        .into()
                },
            });
        }
        for p in &self.pending {
            let e = &mut self.entities[p.entity];
            for a in p.ids.iter().filter_map(|id| self.addresses.get(id)) {
                e.addresses.push(Address {
                    full: a.full.clone(),
                    city: a.city.clone(),
                    country: a.country.clone(),
                });
            }
        }
        Ok(ParsedList {
            info: ListInfo {
                code: LIST_CODE.into(),
                name: if self.datasets.is_empty() {
                    "FollowTheMoney entities".into()
                } else {
                    format!("FollowTheMoney entities ({})", self.datasets.join(", "))
                },
                format: "ftm-json".into(),
                published: None,
            },
            entities: self.entities,
            skipped: self.skipped,
        })
    }
}

/// The party on one line; its `addressEntity` references are resolved later.
fn entity(r: &Raw, schema: Schema) -> std::result::Result<Entity, String> {
    if r.id.trim().is_empty() {
        return Err("empty id".into());
    }
    let mut e = Entity::new(LIST_CODE, r.id.trim(), schema);
    let names = r.prop("name");
    if names.is_empty() {
        return Err("no name".into());
    }
    let parts = NameParts {
        given: r.first("firstName"),
        middle: r.first("middleName"),
        family: r.first("lastName"),
        patronymic: r.first("fatherName"),
    };
    for (i, n) in names.iter().enumerate() {
        let mut name = Name::new(
            n.clone(),
            if i == 0 {
                NameKind::Primary
            } else {
                NameKind::Alias
            },
        );
        if i == 0 {
            name.parts = parts.clone();
        }
        e.add_name(name);
    }
    for n in r.prop("alias") {
        e.add_name(Name::new(n, NameKind::Alias));
    }
    for n in r.prop("weakAlias") {
        e.add_name(Name::new(n, NameKind::Alias).weak());
    }
    for n in r.prop("previousName") {
        e.add_name(Name::new(n, NameKind::Former));
    }
    for d in r.prop("birthDate") {
        match DateSpec::parse(&d) {
            Ok(d) => e.add_birth_date(d),
            Err(_) => {
                e.facts.entry("unparsed_birth_date".into()).or_insert(d);
            }
        }
    }
    e.birth_places.extend(r.prop("birthPlace"));
    for c in r.prop("nationality") {
        if let Some(c) = to_alpha2(&c) {
            e.add_nationality(c);
        }
    }
    for c in r.prop("citizenship") {
        if let Some(c) = to_alpha2(&c) {
            e.add_citizenship(c);
        }
    }
    for c in r.prop("country").into_iter().chain(r.prop("jurisdiction")) {
        if let Some(c) = to_alpha2(&c) {
            e.add_country(c);
        }
    }
    e.gender = r.first("gender").as_deref().and_then(Gender::parse);
    for (prop, kind) in [
        ("passportNumber", IdKind::Passport),
        ("idNumber", IdKind::NationalId),
        ("taxNumber", IdKind::Tax),
        ("innCode", IdKind::Tax),
        ("vatCode", IdKind::Tax),
        ("registrationNumber", IdKind::Registration),
        ("ogrnCode", IdKind::Registration),
        ("imoNumber", IdKind::Imo),
        ("mmsi", IdKind::Mmsi),
        ("callSign", IdKind::CallSign),
        ("swiftBic", IdKind::Swift),
        ("leiCode", IdKind::Other("LEI".into())),
    ] {
        for v in r.prop(prop) {
            e.identifiers.push(Identifier::new(kind.clone(), v));
        }
    }
    for a in r.prop("address") {
        e.addresses.push(Address {
            full: a,
            city: None,
            country: None,
        });
    }
    e.programs.extend(r.prop("program"));
    e.programs
        .extend(r.datasets.iter().map(|d| format!("dataset: {d}")));
    e.remarks.extend(r.prop("notes"));
    for (prop, fact) in [
        ("position", "position"),
        ("title", "title"),
        ("topics", "topics"),
    ] {
        let v = r.prop(prop);
        if !v.is_empty() {
            e.facts.insert(fact.into(), v.join("; "));
        }
    }
    e.listed_on = r
        .first("createdAt")
        .or_else(|| r.first_seen.clone())
        .and_then(|d| DateSpec::parse(d.get(..10).unwrap_or(&d)).ok())
        .filter(DateSpec::is_single)
        .map(|d| d.from);
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_people_and_resolves_addresses() {
        let lines = r#"{"id":"a1","schema":"Address","properties":{"full":["Minsk, Belarus"],"country":["by"]}}
{"id":"NK-1","schema":"Company","properties":{"name":["Inter Tobacco LLC"],"registrationNumber":["808000714"],"addressEntity":["a1"]},"datasets":["eu_fsf"]}
{"id":"NK-2","schema":"Person","properties":{"name":["Vitaly KUZMENKO"],"firstName":["Vitaly"],"lastName":["KUZMENKO"],"birthDate":["1971-01-22"],"nationality":["ru"],"gender":["male"]}}
{"id":"s1","schema":"Sanction","properties":{"program":["X"]}}
not json
"#;
        let p = parse_bytes(lines.as_bytes(), Path::new("t.json")).unwrap();
        assert_eq!(p.entities.len(), 2);
        assert_eq!(p.skipped.len(), 1);
        assert_eq!(p.skipped[0].location, "line 5");
        let c = &p.entities[0];
        assert_eq!(c.id, "ftm:NK-1");
        assert_eq!(c.schema, Schema::Organization);
        assert_eq!(c.addresses[0].country.as_deref(), Some("by"));
        assert_eq!(c.identifiers[0].kind, IdKind::Registration);
        let k = &p.entities[1];
        assert_eq!(k.names[0].parts.family.as_deref(), Some("KUZMENKO"));
        assert_eq!(k.nationalities, vec!["ru".to_string()]);
        assert_eq!(k.birth_dates.len(), 1);
    }

    #[test]
    fn not_ftm() {
        assert!(parse_bytes(b"", Path::new("x")).is_err());
        assert!(parse_bytes(b"hello\nworld", Path::new("x")).is_err());
    }

    #[test]
    fn address_after_its_party_is_resolved_when_streaming() {
        let lines = r#"{"id":"P1","schema":"Person","properties":{"name":["Ann Lee"],"addressEntity":["a9","a1"]}}
{"id":"P2","schema":"Person","properties":{"name":[]}}
{"id":"a1","schema":"Address","properties":{"full":["Oslo"],"country":["Norway"]}}
"#;
        let p = parse_reader(lines.as_bytes(), Path::new("t.json")).unwrap();
        assert_eq!(p.entities.len(), 1);
        assert_eq!(
            p.entities[0].addresses.len(),
            1,
            "the unknown a9 is passed over"
        );
        assert_eq!(p.entities[0].addresses[0].full, "Oslo");
        assert_eq!(p.entities[0].addresses[0].country.as_deref(), Some("no"));
        assert_eq!(p.skipped.len(), 1);
        assert_eq!(p.skipped[0].location, "line 2 (entity P2)");
    }

    #[test]
    fn invalid_utf8_line_is_read_lossily_and_counted() {
        let mut data =
            b"\n{\"id\":\"P1\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\xffB\"]}}\n"
                .to_vec();
        data.extend_from_slice(b"{broken\r\n");
        let p = parse_bytes(&data, Path::new("t.json")).unwrap();
        assert_eq!(p.entities.len(), 1);
        assert!(p.entities[0].names[0].full.starts_with('A'));
        assert_eq!(p.skipped[0].location, "line 3");
    }
}
