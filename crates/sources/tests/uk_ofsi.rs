//! The UK OFSI consolidated list (2018, 29-column layout) over the real file.

mod common;

use std::collections::HashSet;
use std::path::Path;

use namesake_model::{count_by_schema, NameKind, PartialDate, Schema};
use namesake_sources::{load, uk_ofsi, ListFormat};

const FILE: &str = "uk_ofsi_conlist_2018-04-13.csv";

fn parsed() -> Option<namesake_sources::ParsedList> {
    let path = common::list_file(FILE)?;
    Some(load(&path).expect("the UK list loads"))
}

#[test]
fn groups_rows_into_targets() {
    let Some(list) = parsed() else { return };
    assert_eq!(list.info.code, "uk");
    assert_eq!(list.info.published.as_deref(), Some("2018-04-13"));
    assert_eq!(list.entities.len(), 2106, "Group IDs in the file");
    assert!(list.skipped.is_empty(), "skipped: {:?}", list.skipped);
    let ids: HashSet<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 2106);
    let by_schema = count_by_schema(&list.entities);
    assert_eq!(by_schema.get(&Schema::Person), Some(&1426));
    assert_eq!(by_schema.get(&Schema::Organization), Some(&680));
}

#[test]
fn names_dates_and_programmes() {
    let Some(list) = parsed() else { return };
    let mut names = 0;
    for e in &list.entities {
        assert_eq!(e.names[0].kind, NameKind::Primary, "{}", e.id);
        assert_eq!(
            e.names
                .iter()
                .filter(|n| n.kind == NameKind::Primary)
                .count(),
            1,
            "{}: one primary name",
            e.id
        );
        assert!(!e.programs.is_empty(), "{}: regime", e.id);
        assert!(e.listed_on.is_some(), "{}: Listed On", e.id);
        if e.schema == Schema::Person {
            assert!(
                e.names[0].parts.family.is_some(),
                "{}: Name 6 is the surname",
                e.id
            );
        }
        names += e.names.len();
    }
    // 9,487 rows, of which some repeat a name with another DOB or address.
    assert!(names > 5000 && names < 9487, "names: {names}");
    // Windows-1252 decoding: accented letters survive, no replacement characters.
    let all: String = list
        .entities
        .iter()
        .flat_map(|e| &e.names)
        .map(|n| n.full.as_str())
        .collect();
    assert!(!all.contains('\u{fffd}'));
    assert!(all
        .chars()
        .any(|c| matches!(c, 'é' | 'è' | 'ç' | 'ü' | 'á' | 'í' | 'ó')));
    // "00/00/1980" is the year 1980 only.
    let year_only = list
        .entities
        .iter()
        .flat_map(|e| &e.birth_dates)
        .filter(|d| d.from.month.is_none())
        .count();
    assert!(year_only > 50, "year-only dates: {year_only}");
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
    // Many name variations, two partial DOBs ("00/00/1980", "00/00/1981"), a passport.
    let e = get("uk:13349");
    assert!(e
        .birth_dates
        .iter()
        .any(|d| d.from == PartialDate::year(1980)));
    insta::assert_yaml_snapshot!("uk_person_aliases_partial_dates", e);
    // An organisation known under many spellings.
    insta::assert_yaml_snapshot!("uk_entity_aliases", get("uk:13188"));
}

#[test]
fn detection_picks_this_format() {
    let Some(path) = common::list_file(FILE) else {
        return;
    };
    let format = namesake_sources::detect(&path).expect("detected");
    assert_eq!(format.id(), uk_ofsi::UkOfsiCsv.id());
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
        30,
        400,
        1_000,
        10_007,
        data.len() / 3,
        data.len() / 2,
        data.len() - 1,
    ] {
        let cut = cut.min(data.len());
        if let Ok(list) = uk_ofsi::parse_bytes(&data[..cut], Path::new(FILE)) {
            assert!(list.entities.len() <= 2106);
        }
    }
}

proptest::proptest! {
    #[test]
    fn random_bytes_do_not_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..2000)) {
        let _ = uk_ofsi::parse_bytes(&data, Path::new("random.csv"));
    }

    #[test]
    fn random_rows_do_not_panic(cells in proptest::collection::vec("\\PC{0,40}", 29)) {
        let header = "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,Nationality,Passport Details,NI Number,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,Regime,Listed On,Last Updated,Group ID";
        let row: Vec<String> = cells.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
        let text = format!("{header}\n{}\n", row.join(","));
        let _ = uk_ofsi::parse_bytes(text.as_bytes(), Path::new("random.csv"));
    }
}
