//! The US BIS Denied Persons List over the real file in `shared/data/lists`.

mod common;

use std::collections::HashSet;
use std::path::Path;

use namesake_sources::{detect, load, us_dpl, ListFormat, ParsedList};

const FILE: &str = "us_bis_dpl.txt";

fn parsed() -> Option<ParsedList> {
    let path = common::real_list(FILE)?;
    Some(load(&path).expect("the DPL loads"))
}

#[test]
fn rows_grouped_into_parties() {
    let Some(list) = parsed() else { return };
    assert_eq!(list.info.code, "us-dpl");
    // 581 rows; a party with several addresses has one row per address.
    assert_eq!(list.entities.len(), 461);
    let ids: HashSet<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), 461);
    let addresses: usize = list.entities.iter().map(|e| e.addresses.len()).sum();
    assert!(addresses > 461, "several addresses per party: {addresses}");
    // The latest real Last_Update, not the typo year.
    assert_eq!(list.info.published.as_deref(), Some("2022-09-02"));
}

#[test]
fn typo_year_is_a_warning_and_the_record_is_kept() {
    let Some(list) = parsed() else { return };
    // Two typo years: 3017 (the one the data README names) and 2922.
    assert_eq!(list.skipped.len(), 2, "{:?}", list.skipped);
    let w = &list.skipped[1];
    assert!(
        w.reason.contains("3017-08-22") && w.reason.contains("kept"),
        "{w}"
    );
    assert_eq!(w.location, "line 343");
    assert!(list.skipped[0].reason.contains("2922-09-01"));
    assert_eq!(list.skipped[0].location, "line 306");
    let e = list
        .entities
        .iter()
        .find(|e| e.names[0].full == "MANSOUR ZADEH")
        .expect("the row is kept");
    insta::assert_yaml_snapshot!("us_dpl_typo_year_kept", e);
}

#[test]
fn snapshots() {
    let Some(list) = parsed() else { return };
    let e = list
        .entities
        .iter()
        .find(|e| e.names[0].full == "AIR FREIGHT LTD")
        .expect("AIR FREIGHT LTD");
    assert_eq!(e.addresses.len(), 4);
    insta::assert_yaml_snapshot!("us_dpl_party_four_addresses", e);
}

#[test]
fn detection_picks_this_format() {
    let Some(path) = common::real_list(FILE) else {
        return;
    };
    assert_eq!(detect(&path).unwrap().id(), us_dpl::UsDplTxt.id());
}

#[test]
fn truncated_files_do_not_panic() {
    let Some(path) = common::real_list(FILE) else {
        return;
    };
    let data = std::fs::read(&path).unwrap();
    for cut in (0..data.len()).step_by(4999) {
        if let Ok(list) = us_dpl::parse_bytes(&data[..cut], Path::new(FILE)) {
            assert!(list.entities.len() <= 461);
        }
    }
}

proptest::proptest! {
    #[test]
    fn random_bytes_do_not_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..2000)) {
        let _ = us_dpl::parse_bytes(&data, Path::new("random.txt"));
    }
}
