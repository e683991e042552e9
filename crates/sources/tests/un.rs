//! The UN Security Council Consolidated List over the real file (Feb 2026 edition).

mod common;

use std::collections::HashSet;
use std::path::Path;

use namesake_model::{count_by_schema, NameKind, Schema};
use namesake_sources::{load, un, ListFormat};

const FILE: &str = "un_sc_consolidated_2026-02-27.xml";

fn parsed() -> Option<namesake_sources::ParsedList> {
    let path = common::list_file(FILE)?;
    Some(load(&path).expect("the UN list loads"))
}

#[test]
fn reads_every_record() {
    let Some(list) = parsed() else { return };
    assert_eq!(list.info.code, "un");
    assert_eq!(list.info.format, "un-xml");
    assert!(list.skipped.is_empty(), "skipped: {:?}", list.skipped);
    let by_schema = count_by_schema(&list.entities);
    assert_eq!(by_schema.get(&Schema::Person), Some(&730), "individuals");
    assert_eq!(by_schema.get(&Schema::Organization), Some(&273), "entities");
    assert_eq!(list.entities.len(), 1003);
    let ids: HashSet<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), list.entities.len(), "entity ids are unique");
    assert!(list.info.published.is_some(), "dateGenerated read");
}

#[test]
fn every_entity_is_well_formed() {
    let Some(list) = parsed() else { return };
    for e in &list.entities {
        assert!(e.id.starts_with("un:"), "{}", e.id);
        assert_eq!(e.names[0].kind, NameKind::Primary, "{}", e.id);
        assert!(
            !e.programs.is_empty(),
            "{}: UN list type as programme",
            e.id
        );
        for n in &e.names {
            assert_eq!(n.full.trim(), n.full, "{}: names are trimmed", e.id);
            assert!(!n.full.is_empty(), "{}: empty name", e.id);
        }
        for c in e.nationalities.iter().chain(&e.countries) {
            assert_eq!(c.len(), 2, "{}: {c} is an alpha-2 code", e.id);
        }
    }
    let with_dob = list
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Person && !e.birth_dates.is_empty())
        .count();
    assert!(with_dob > 650, "people with a date of birth: {with_dob}");
}

#[test]
fn packed_alias_strings_become_separate_names() {
    let Some(list) = parsed() else { return };
    let e = list
        .entities
        .iter()
        .find(|e| e.id == "un:QDi.299")
        .expect("QDi.299 present");
    let names: Vec<&str> = e.names.iter().map(|n| n.full.as_str()).collect();
    assert!(
        names.iter().all(|n| !n.contains(';')),
        "no name packs several spellings: {names:?}"
    );
    assert!(
        names.contains(&"Abu Bakr al-Baghdadi"),
        "the packed alias is split: {names:?}"
    );
    assert!(
        e.names.iter().any(|n| n.kind == NameKind::OriginalScript),
        "Arabic name kept as original script: {names:?}"
    );
}

#[test]
fn snapshots() {
    let Some(list) = parsed() else { return };
    let get = |id: &str| {
        list.entities
            .iter()
            .find(|e| e.id == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    // A person with good and low-quality aliases, a packed alias string and Arabic script.
    insta::assert_yaml_snapshot!("un_person_packed_aliases", get("un:QDi.299"));
    // The first Al-Qaida individual: documents, dates of birth.
    insta::assert_yaml_snapshot!("un_person_qdi015", get("un:QDi.015"));
    // An organisation.
    let org = list
        .entities
        .iter()
        .find(|e| e.schema == Schema::Organization)
        .expect("an entity");
    insta::assert_yaml_snapshot!("un_first_organization", org);
}

#[test]
fn detection_picks_this_format() {
    let Some(path) = common::list_file(FILE) else {
        return;
    };
    assert_eq!(
        namesake_sources::detect(&path).expect("detected").id(),
        un::UnXml.id()
    );
}

#[test]
fn truncated_files_do_not_panic() {
    let Some(path) = common::list_file(FILE) else {
        return;
    };
    let data = std::fs::read(&path).expect("readable");
    for cut in [0, 1, 60, 1_000, 10_007, data.len() / 3, data.len() - 1] {
        let cut = cut.min(data.len());
        if let Ok(list) = un::parse_bytes(&data[..cut], Path::new(FILE)) {
            assert!(list.entities.len() <= 1003);
            if cut > 10_000 && cut < data.len() {
                assert!(
                    !list.skipped.is_empty(),
                    "a cut at {cut} is reported, not silent"
                );
            }
        }
    }
}

proptest::proptest! {
    #[test]
    fn random_bytes_do_not_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..2000)) {
        let _ = un::parse_bytes(&data, Path::new("random.xml"));
    }

    #[test]
    fn random_records_do_not_panic(body in "\\PC{0,300}") {
        let xml = format!("<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><REFERENCE_NUMBER>{body}</REFERENCE_NUMBER><FIRST_NAME>{body}</FIRST_NAME><INDIVIDUAL_ALIAS><ALIAS_NAME>{body}</ALIAS_NAME></INDIVIDUAL_ALIAS><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>{body}</FROM_YEAR></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>");
        let _ = un::parse_bytes(xml.as_bytes(), Path::new("random.xml"));
    }
}
