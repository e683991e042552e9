//! Australia's DFAT consolidated list (xlsx) over the real file.

mod common;

use std::collections::HashSet;
use std::path::Path;

use namesake_model::{count_by_schema, NameKind, Schema};
use namesake_sources::{au_dfat, load, ListFormat};

const FILE: &str = "au_dfat_consolidated_2024-11-11.xlsx";

fn parsed() -> Option<namesake_sources::ParsedList> {
    let path = common::list_file(FILE)?;
    Some(load(&path).expect("the DFAT list loads"))
}

#[test]
fn groups_rows_by_reference() {
    let Some(list) = parsed() else { return };
    assert_eq!(list.info.code, "au");
    assert_eq!(list.entities.len(), 3062, "base references in the file");
    assert!(list.skipped.is_empty(), "skipped: {:?}", list.skipped);
    let ids: HashSet<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 3062);
    assert!(list
        .entities
        .iter()
        .all(|e| e.key.chars().all(|c| c.is_ascii_digit())));
    let by_schema = count_by_schema(&list.entities);
    assert_eq!(
        by_schema.get(&Schema::Person).copied().unwrap_or(0)
            + by_schema.get(&Schema::Organization).copied().unwrap_or(0),
        3062,
        "every reference is an individual or an entity: {by_schema:?}"
    );
    // 9,553 rows: one name each (a few repeat a name already given).
    let names: usize = list.entities.iter().map(|e| e.names.len()).sum();
    assert!(names > 9400 && names <= 9553, "names: {names}");
}

#[test]
fn names_and_dates() {
    let Some(list) = parsed() else { return };
    for e in &list.entities {
        assert_eq!(e.names[0].kind, NameKind::Primary, "{}", e.id);
        assert!(!e.programs.is_empty(), "{}: committee", e.id);
    }
    let original = list
        .entities
        .iter()
        .flat_map(|e| &e.names)
        .filter(|n| n.kind == NameKind::OriginalScript)
        .count();
    assert!(original >= 430, "original-script names: {original}");
    // Excel serial dates became real dates: full dates in a plausible range, none in 1900.
    let dates: Vec<_> = list.entities.iter().flat_map(|e| &e.birth_dates).collect();
    assert!(dates.len() > 2500, "dates of birth: {}", dates.len());
    assert!(dates
        .iter()
        .all(|d| (1900..=2024).contains(&d.from.year) && d.from.year > 1900));
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
    // "a) Approximately 1955- 1958 b) Approximately 1945-1950" and an Arabic-script name.
    insta::assert_yaml_snapshot!("au_person_ranges_original_script", get("au:2"));
    // Three aliases over rows 43a, 43b…, one with its own "alt DOB" note.
    insta::assert_yaml_snapshot!("au_person_aliases", get("au:43"));
    // A date of birth stored as the Excel serial number 18798 (19 June 1951).
    let serial = get("au:147");
    assert!(serial
        .birth_dates
        .iter()
        .any(|d| d.from == namesake_model::PartialDate::ymd(1951, 6, 19).unwrap()));
    insta::assert_yaml_snapshot!("au_person_excel_serial_date", serial);
}

#[test]
fn detection_picks_this_format() {
    let Some(path) = common::list_file(FILE) else {
        return;
    };
    let format = namesake_sources::detect(&path).expect("detected");
    assert_eq!(format.id(), au_dfat::AuDfatXlsx.id());
}

#[test]
fn truncated_files_do_not_panic() {
    let Some(path) = common::list_file(FILE) else {
        return;
    };
    let data = std::fs::read(&path).expect("readable");
    for cut in [
        0,
        4,
        100,
        10_007,
        data.len() / 2,
        data.len() - 100,
        data.len() - 1,
    ] {
        let cut = cut.min(data.len());
        let _ = au_dfat::parse_bytes(&data[..cut], Path::new(FILE));
    }
}

proptest::proptest! {
    #[test]
    fn random_bytes_do_not_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..2000)) {
        let _ = au_dfat::parse_bytes(&data, Path::new("random.xlsx"));
    }
}
