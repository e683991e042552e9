//! The US Consolidated Screening List over the real excerpts in `shared/data/lists`.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use namesake_model::{count_by_schema, IdKind, Schema};
use namesake_sources::{detect, load, us_csl, ListFormat, ParsedList};

const FILE: &str = "us_csl_excerpt.csv";
const WITH_IDS: &str = "us_csl_excerpt_with_ids.csv";

fn parsed(name: &str) -> Option<ParsedList> {
    let path = common::real_list(name)?;
    Some(load(&path).expect("the CSL loads"))
}

#[test]
fn one_entity_per_row() {
    let Some(list) = parsed(FILE) else { return };
    assert_eq!(list.info.code, "us-csl");
    assert_eq!(list.entities.len(), 115, "rows in the excerpt");
    assert!(list.skipped.is_empty(), "skipped: {:?}", list.skipped);
    let ids: HashSet<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 115, "ids are unique");
    let by_schema = count_by_schema(&list.entities);
    assert_eq!(by_schema.get(&Schema::Person), Some(&20));
    assert_eq!(by_schema.get(&Schema::Organization), Some(&46));
    assert_eq!(by_schema.get(&Schema::Vessel), Some(&2));
    assert_eq!(
        by_schema.get(&Schema::Unknown),
        Some(&47),
        "no `type` given"
    );
    // The sub-list is kept on every entity.
    let mut sources: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &list.entities {
        *sources.entry(e.facts["source"].as_str()).or_default() += 1;
    }
    assert_eq!(sources.len(), 9, "{sources:?}");
    assert_eq!(
        sources["Specially Designated Nationals (SDN) - Treasury Department"],
        28
    );
    assert_eq!(
        sources["Entity List (EL) - Bureau of Industry and Security"],
        22
    );
}

#[test]
fn packed_fields_are_split() {
    let Some(list) = parsed(FILE) else { return };
    let aliases: usize = list.entities.iter().map(|e| e.names.len() - 1).sum();
    assert!(aliases > 51, "alt_names hold several names: {aliases}");
    let with_dob = list
        .entities
        .iter()
        .filter(|e| !e.birth_dates.is_empty())
        .count();
    assert_eq!(with_dob, 20);
    // Individuals' "LAST, First" names are put in natural order.
    let e = list
        .entities
        .iter()
        .find(|e| e.key == "9696")
        .expect("entity_number 9696");
    assert_eq!(e.names[0].parts.family.as_deref(), Some("ABDUL JAWAD"));
    let imo = list
        .entities
        .iter()
        .flat_map(|e| &e.identifiers)
        .filter(|i| i.kind == IdKind::Imo)
        .count();
    assert!(imo >= 1, "IMO numbers from `ids`");
}

#[test]
fn snapshots() {
    let Some(list) = parsed(FILE) else { return };
    let get = |key: &str| {
        list.entities
            .iter()
            .find(|e| e.key == key)
            .unwrap_or_else(|| panic!("{key} missing"))
    };
    insta::assert_yaml_snapshot!("us_csl_person_plc", get("9696"));
    let vessel = list
        .entities
        .iter()
        .find(|e| e.schema == Schema::Vessel)
        .expect("a vessel");
    insta::assert_yaml_snapshot!("us_csl_vessel", vessel);
    let dpl = list
        .entities
        .iter()
        .find(|e| e.facts["source"].starts_with("Denied Persons"))
        .expect("a DPL row");
    insta::assert_yaml_snapshot!("us_csl_denied_person_no_id", dpl);
}

#[test]
fn later_edition_with_ids() {
    let Some(list) = parsed(WITH_IDS) else { return };
    assert_eq!(list.entities.len(), 13);
    assert!(list.skipped.is_empty(), "skipped: {:?}", list.skipped);
    assert_eq!(
        list.entities[0].key, "233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b",
        "`_id` is the key"
    );
    let e = list
        .entities
        .iter()
        .find(|e| e.identifiers.iter().any(|i| i.value == "836238033"))
        .expect("the passport in `ids`");
    assert_eq!(e.identifiers[0].kind, IdKind::Passport);
    assert_eq!(e.identifiers[0].country.as_deref(), Some("kp"));
    insta::assert_yaml_snapshot!("us_csl_with_ids_passport", e);
}

#[test]
fn detection_picks_this_format() {
    for name in [FILE, WITH_IDS] {
        let Some(path) = common::real_list(name) else {
            return;
        };
        assert_eq!(detect(&path).unwrap().id(), us_csl::UsCslCsv.id());
    }
}

#[test]
fn truncated_files_do_not_panic() {
    let Some(path) = common::real_list(FILE) else {
        return;
    };
    let data = std::fs::read(&path).unwrap();
    for cut in (0..data.len()).step_by(997) {
        if let Ok(list) = us_csl::parse_bytes(&data[..cut], Path::new(FILE)) {
            assert!(list.entities.len() <= 115);
        }
    }
}

proptest::proptest! {
    #[test]
    fn random_bytes_do_not_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..2000)) {
        let _ = us_csl::parse_bytes(&data, Path::new("random.csv"));
        let _ = namesake_sources::us_csl_json::parse_bytes(&data, Path::new("random.json"));
    }
}
