//! OFAC's XML publications (`sdnList/sdnEntry`): the schema of `sdn.xml` and of the consolidated
//! non-SDN `consolidated.xml`.
//!
//! Each `sdnEntry` becomes one entity keyed by its `uid` (`ofac:9639`): `lastName`/`firstName`
//! (individuals' names read "First LAST"), `akaList` with OFAC's strong/weak category (weak
//! a.k.a.s are kept as weak aliases; f.k.a. as former names), dates and places of birth,
//! nationalities and citizenships, `idList` (passport, national id, tax and registration numbers,
//! IMO, SWIFT…; the list's non-identifier rows such as websites and directive notes become facts),
//! addresses, programmes, vessel information and remarks.

use std::path::Path;

use namesake_model::country::to_alpha2;
use namesake_model::{Address, DateSpec, Entity, IdKind, Identifier, NameKind, Schema};

use crate::ofac_csv::{apply_remarks, list_info, person_name, ID_LABELS, LIST_CODE};
use crate::textutil::{clean, skipped};
use crate::xmlrec::{read_records, Node, Records, Shape};
use crate::{ListFormat, ParsedList, Result};

/// The OFAC XML format.
pub struct OfacXml;

impl ListFormat for OfacXml {
    fn id(&self) -> &'static str {
        "ofac-xml"
    }
    fn lists(&self) -> &'static [crate::KnownList] {
        &[crate::identity::OFAC_SDN, crate::identity::OFAC_CONS]
    }
    fn detect(&self, _path: &Path, head: &[u8]) -> bool {
        let h = String::from_utf8_lossy(head);
        h.contains("<sdnList") && (h.contains("<sdnEntry") || h.contains("publshInformation"))
    }
    fn parse(&self, path: &Path) -> Result<ParsedList> {
        let data = crate::read_file(path)?;
        parse_bytes(&data, path)
    }
}

/// Parses an OFAC XML list from memory; `path` is used in messages.
pub fn parse_bytes(data: &[u8], path: &Path) -> Result<ParsedList> {
    let shape = Shape {
        root: "sdnList",
        records: &["sdnEntry"],
        not_this: "no sdnList root element: not an OFAC XML list",
    };
    let Records {
        read: mut entities,
        skipped: mut skipped_records,
        walk: w,
    } = read_records(data, path, &shape, entry)?;
    let header = |k: &str| {
        w.header
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_string())
    };
    // Publish_Date is MM/DD/YYYY.
    let published = header("Publish_Date").and_then(|d| {
        let mut it = d.split('/');
        let (m, dd, y) = (it.next()?, it.next()?, it.next()?);
        Some(format!("{y}-{m:0>2}-{dd:0>2}"))
    });
    if let (Some(n), true) = (
        header("Record_Count").and_then(|c| c.parse::<usize>().ok()),
        skipped_records.is_empty(),
    ) {
        if n != entities.len() {
            skipped_records.push(skipped(
                path,
                "publshInformation".into(),
                format!(
                    "the file says it holds {n} records but {} were read",
                    entities.len()
                ),
            ));
        }
    }
    // Both publications share one schema and namespace: the entries tell them apart.
    Ok(ParsedList {
        info: list_info(&mut entities, "ofac-xml", published),
        entities,
        skipped: skipped_records,
    })
}

fn text(n: &Node, name: &str) -> Option<String> {
    n.text_of(name).map(|s| clean(&s)).filter(|s| !s.is_empty())
}

fn joined_name(n: &Node) -> Option<String> {
    match (text(n, "lastName"), text(n, "firstName")) {
        (Some(l), Some(f)) => Some(format!("{l}, {f}")),
        (Some(l), None) => Some(l),
        (None, Some(f)) => Some(f),
        (None, None) => None,
    }
}

fn entry(n: &Node) -> std::result::Result<Entity, String> {
    let key = text(n, "uid").ok_or("sdnEntry without uid")?;
    let schema = match text(n, "sdnType")
        .map(|t| t.to_ascii_lowercase())
        .as_deref()
    {
        Some("individual") => Schema::Person,
        Some("vessel") => Schema::Vessel,
        Some("aircraft") => Schema::Aircraft,
        Some("entity") => Schema::Organization,
        other => {
            return Err(format!(
                "entry {key}: unknown sdnType {:?}",
                other.unwrap_or("(none)")
            ))
        }
    };
    let person = schema == Schema::Person;
    let name = joined_name(n).ok_or_else(|| format!("entry {key}: no name"))?;
    let mut e = Entity::new(LIST_CODE, &key, schema);
    e.names.push(person_name(&name, person, NameKind::Primary));
    if let Some(t) = text(n, "title") {
        e.facts.insert("title".into(), t);
    }
    if let Some(list) = n.child("programList") {
        for p in list.all("program") {
            let p = clean(&p.text);
            if !p.is_empty() && !e.programs.contains(&p) {
                e.programs.push(p);
            }
        }
    }
    if let Some(list) = n.child("akaList") {
        for aka in list.all("aka") {
            let Some(raw) = joined_name(aka) else {
                continue;
            };
            let kind = match text(aka, "type").as_deref() {
                Some("f.k.a.") => NameKind::Former,
                _ => NameKind::Alias,
            };
            let mut name = person_name(&raw, person, kind);
            if text(aka, "category").as_deref() == Some("weak") {
                name = name.weak();
            }
            e.add_name(name);
        }
    }
    if let Some(list) = n.child("dateOfBirthList") {
        for d in list.all("dateOfBirthItem") {
            if let Some(s) = text(d, "dateOfBirth") {
                match DateSpec::parse(&s) {
                    Ok(d) => e.add_birth_date(d),
                    Err(_) => {
                        e.facts.entry("unparsed_birth_date".into()).or_insert(s);
                    }
                }
            }
        }
    }
    if let Some(list) = n.child("placeOfBirthList") {
        for p in list.all("placeOfBirthItem") {
            if let Some(s) = text(p, "placeOfBirth") {
                e.birth_places.push(s);
            }
        }
    }
    if let Some(list) = n.child("nationalityList") {
        for c in list.all("nationality") {
            if let Some(code) = text(c, "country").as_deref().and_then(to_alpha2) {
                e.add_nationality(code);
            }
        }
    }
    if let Some(list) = n.child("citizenshipList") {
        for c in list.all("citizenship") {
            if let Some(code) = text(c, "country").as_deref().and_then(to_alpha2) {
                e.add_citizenship(code);
            }
        }
    }
    if let Some(list) = n.child("idList") {
        for id in list.all("id") {
            add_id(&mut e, id);
        }
    }
    if let Some(list) = n.child("addressList") {
        for a in list.all("address") {
            let parts: Vec<String> = [
                "address1",
                "address2",
                "address3",
                "city",
                "stateOrProvince",
                "postalCode",
                "country",
            ]
            .iter()
            .filter_map(|k| text(a, k))
            .collect();
            if parts.is_empty() {
                continue;
            }
            let country = text(a, "country")
                .as_deref()
                .and_then(to_alpha2)
                .map(String::from);
            if let Some(c) = &country {
                e.add_country(c);
            }
            e.addresses.push(Address {
                full: parts.join(", "),
                city: text(a, "city"),
                country,
            });
        }
    }
    if let Some(v) = n.child("vesselInfo") {
        if let Some(cs) = text(v, "callSign") {
            e.identifiers.push(Identifier::new(IdKind::CallSign, cs));
        }
        for (tag, fact) in [
            ("vesselType", "vessel_type"),
            ("tonnage", "tonnage"),
            ("grossRegisteredTonnage", "gross_registered_tonnage"),
            ("vesselOwner", "vessel_owner"),
        ] {
            if let Some(t) = text(v, tag) {
                e.facts.insert(fact.into(), t);
            }
        }
        if let Some(flag) = text(v, "vesselFlag") {
            match to_alpha2(&flag) {
                Some(c) => e.add_country(c),
                None => {
                    e.facts.insert("vessel_flag".into(), flag);
                }
            }
        }
    }
    if let Some(r) = text(n, "remarks") {
        // XML remarks hold what the structured fields do not (links, notes); the same reader
        // as the CSV's picks up any facts written there.
        apply_remarks(&mut e, &r);
        e.remarks.push(r);
    }
    Ok(e)
}

/// An `idList/id`: an identifier where the label names one, a fact otherwise.
fn add_id(e: &mut Entity, id: &Node) {
    let Some(label) = text(id, "idType") else {
        return;
    };
    let number = text(id, "idNumber").unwrap_or_default();
    let country = text(id, "idCountry")
        .as_deref()
        .and_then(to_alpha2)
        .map(String::from);
    if label == "Nationality of Registration" {
        if let Some(c) = to_alpha2(&number) {
            e.add_country(c);
        }
        return;
    }
    let known = ID_LABELS
        .iter()
        .find(|(l, _)| label.starts_with(l))
        .map(|(_, k)| k.clone());
    let kind = match known {
        Some(k) => Some(k),
        // Other numbered registrations (ISIN, USCC, LEI, BIK…) are identifiers too, though not
        // decisive ones; dates, websites and notes are not.
        None if !number.is_empty()
            && number.bytes().any(|b| b.is_ascii_digit())
            && !label.contains("Date")
            && !label.contains(':')
            && !label.contains("Directive") =>
        {
            Some(IdKind::Other(label.clone()))
        }
        None => None,
    };
    match kind {
        Some(kind) if !number.is_empty() => {
            let mut ident = Identifier::new(kind, number);
            ident.country = country;
            if let Some(exp) = text(id, "expirationDate") {
                ident.note = Some(format!("expires {exp}"));
            }
            e.identifiers.push(ident);
        }
        _ => {
            let key = label
                .trim_end_matches(':')
                .trim()
                .to_lowercase()
                .replace(|c: char| !c.is_alphanumeric(), "_");
            let v = e.facts.entry(key).or_default();
            if !v.is_empty() {
                v.push_str("; ");
            }
            v.push_str(if number.is_empty() { &label } else { &number });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">
  <publshInformation><Publish_Date>01/08/2026</Publish_Date><Record_Count>2</Record_Count></publshInformation>
  <sdnEntry>
    <uid>9639</uid><firstName>Ismail Abdul Salah</firstName><lastName>HANIYA</lastName>
    <sdnType>Individual</sdnType>
    <programList><program>NS-PLC</program></programList>
    <idList><id><uid>1</uid><idType>Passport</idType><idNumber>A123456</idNumber><idCountry>Egypt</idCountry></id>
      <id><uid>2</uid><idType>Website</idType><idNumber>www.example.org</idNumber></id></idList>
    <akaList><aka><uid>9150</uid><type>a.k.a.</type><category>weak</category><lastName>Abu Al-Abd</lastName></aka></akaList>
    <dateOfBirthList><dateOfBirthItem><uid>4696</uid><dateOfBirth>1962</dateOfBirth><mainEntry>true</mainEntry></dateOfBirthItem></dateOfBirthList>
    <nationalityList><nationality><uid>3</uid><country>Egypt</country><mainEntry>true</mainEntry></nationality></nationalityList>
  </sdnEntry>
  <sdnEntry><uid>10</uid><lastName>ACME TRADING LLC</lastName><sdnType>Entity</sdnType>
    <addressList><address><uid>5</uid><city>Dubai</city><country>United Arab Emirates</country></address></addressList>
  </sdnEntry>
</sdnList>"#;

    #[test]
    fn reads_entries_field_by_field() {
        let p = parse_bytes(SAMPLE.as_bytes(), Path::new("t.xml")).unwrap();
        assert!(p.skipped.is_empty(), "{:?}", p.skipped);
        assert_eq!(p.info.published.as_deref(), Some("2026-01-08"));
        assert_eq!(p.entities.len(), 2);
        let h = &p.entities[0];
        assert_eq!(h.id, "ofac:9639");
        assert_eq!(h.names[0].full, "Ismail Abdul Salah HANIYA");
        assert_eq!(h.names[1].full, "Abu Al-Abd");
        assert_eq!(h.names[1].quality, namesake_model::NameQuality::Weak);
        assert_eq!(h.nationalities, vec!["eg".to_string()]);
        assert_eq!(h.identifiers.len(), 1);
        assert_eq!(h.identifiers[0].country.as_deref(), Some("eg"));
        assert_eq!(
            h.facts.get("website").map(String::as_str),
            Some("www.example.org")
        );
        assert_eq!(h.birth_dates.len(), 1);
        let acme = &p.entities[1];
        assert_eq!(acme.schema, Schema::Organization);
        assert_eq!(acme.addresses[0].country.as_deref(), Some("ae"));
    }

    #[test]
    fn wrong_count_and_truncation_are_reported() {
        let cut = &SAMPLE[..SAMPLE.find("<sdnEntry><uid>10").unwrap() + 40];
        let p = parse_bytes(cut.as_bytes(), Path::new("t.xml")).unwrap();
        assert_eq!(p.entities.len(), 1);
        assert!(!p.skipped.is_empty());
    }

    #[test]
    fn not_a_list() {
        assert!(parse_bytes(b"<html><body/></html>", Path::new("x.xml")).is_err());
        assert!(parse_bytes(b"\x00\x01garbage", Path::new("x.xml")).is_err());
    }
}
