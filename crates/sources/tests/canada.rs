//! Canada's Consolidated Autonomous Sanctions List over the real file.

mod common;

use std::collections::HashSet;
use std::path::Path;

use namesake_model::{count_by_schema, IdKind, NameKind, Schema};
use namesake_sources::{canada, load, ListFormat};

const FILE: &str = "canada_sema_consolidated_autonomous_2025-05-25.xml";

fn parsed() -> Option<namesake_sources::ParsedList> {
    let path = common::list_file(FILE)?;
    Some(load(&path).expect("the Canada list loads"))
}

#[test]
fn reads_every_record() {
    let Some(list) = parsed() else { return };
    assert_eq!(list.info.code, "ca");
    assert_eq!(list.info.format, "ca-xml");
    assert_eq!(list.entities.len(), 4759, "records in the file");
    assert!(list.skipped.is_empty(), "skipped: {:?}", list.skipped);
    let by_schema = count_by_schema(&list.entities);
    assert_eq!(by_schema.get(&Schema::Person), Some(&3334));
    assert_eq!(by_schema.get(&Schema::Organization), Some(&1316));
    assert_eq!(by_schema.get(&Schema::Vessel), Some(&109));
}

#[test]
fn keys_are_unique_without_disambiguation() {
    let Some(list) = parsed() else { return };
    let ids: HashSet<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), list.entities.len(), "entity ids are unique");
    // Uniqueness comes from regime/schedule/item alone, not from the `~n` fallback.
    assert!(list.entities.iter().all(|e| !e.key.contains('~')));
}

#[test]
fn every_entity_is_well_formed() {
    let Some(list) = parsed() else { return };
    for e in &list.entities {
        assert_eq!(e.names[0].kind, NameKind::Primary, "{}", e.id);
        assert_eq!(e.programs.len(), 1, "{}: regime as programme", e.id);
        assert!(e.listed_on.is_some(), "{}: DateOfListing", e.id);
        assert!(
            e.nationalities.is_empty(),
            "{}: the regime is no nationality",
            e.id
        );
        if e.schema == Schema::Vessel {
            assert_eq!(e.identifiers.len(), 1, "{}", e.id);
            assert_eq!(e.identifiers[0].kind, IdKind::Imo);
            assert_eq!(
                e.identifiers[0].value.len(),
                7,
                "{}: IMO numbers have 7 digits",
                e.id
            );
        }
        for n in &e.names {
            assert_eq!(n.full.trim(), n.full, "{}: names are trimmed", e.id);
            assert!(!n.full.contains("  ") && !n.full.contains('\n'), "{}", e.id);
        }
    }
    // Original-script names come from the Aliases field (Cyrillic, Arabic, Persian…).
    let original = list
        .entities
        .iter()
        .flat_map(|e| &e.names)
        .filter(|n| n.kind == NameKind::OriginalScript)
        .count();
    assert!(original > 2000, "original-script names: {original}");
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
    // A person with Latin and two Cyrillic aliases, one labelled "Belarusian:".
    insta::assert_yaml_snapshot!("ca_person_with_aliases", get("ca:Belarus/1-P1/100"));
    // A date of birth that is no date ("Sep-99"), kept in the remarks.
    insta::assert_yaml_snapshot!("ca_person_odd_date", get("ca:Russia/1-P1/1114"));
    // A ship, with IMO number and vessel type.
    insta::assert_yaml_snapshot!("ca_vessel", get("ca:Russia/1.1/1"));
    // An entity whose name carries "(also known as …)" over several lines.
    insta::assert_yaml_snapshot!("ca_entity_also_known_as", get("ca:Russia/1-P2/582"));
}

#[test]
fn detection_picks_this_format() {
    let Some(path) = common::list_file(FILE) else {
        return;
    };
    let format = namesake_sources::detect(&path).expect("detected");
    assert_eq!(format.id(), canada::CanadaXml.id());
}

#[test]
fn truncated_files_do_not_panic() {
    let Some(path) = common::list_file(FILE) else {
        return;
    };
    let data = std::fs::read(&path).expect("readable");
    for cut in [
        0,
        1,
        50,
        100,
        1_000,
        10_007,
        data.len() / 3,
        data.len() / 2,
        data.len() - 1,
    ] {
        let cut = cut.min(data.len());
        if let Ok(list) = canada::parse_bytes(&data[..cut], Path::new(FILE)) {
            assert!(list.entities.len() <= 4759);
        }
    }
}

proptest::proptest! {
    #[test]
    fn random_bytes_do_not_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..2000)) {
        let _ = canada::parse_bytes(&data, Path::new("random.xml"));
    }

    #[test]
    fn random_records_do_not_panic(body in "\\PC{0,300}") {
        let xml = format!("<data-set><record><Country>{body}</Country><Item>1</Item><Aliases>{body}</Aliases><DateOfBirthOrShipBuildDate>{body}</DateOfBirthOrShipBuildDate></record></data-set>");
        let _ = canada::parse_bytes(xml.as_bytes(), Path::new("random.xml"));
    }
}
