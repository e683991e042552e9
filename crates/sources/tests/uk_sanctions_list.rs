//! The UK Sanctions List (FCDO), CSV and XML, over fixtures written in the published layouts
//! (invented records): a person with a name variation, a weak alias, an Arabic-script name and
//! a UN reference; an entity; a ship; a missing optional column or element; a malformed row.

mod common;

use namesake_model::{count_by_schema, Gender, IdKind, NameKind, NameQuality, PartialDate, Schema};
use namesake_sources::{detect, load, uk_sl_csv, uk_sl_xml, ListFormat, ParsedList};

fn parsed(name: &str) -> ParsedList {
    load(&common::fixture(name)).expect("the fixture loads")
}

fn check_common(list: &ParsedList, format: &str) {
    assert_eq!(list.info.code, "uk");
    assert_eq!(list.info.format, format);
    assert_eq!(list.info.published.as_deref(), Some("2026-11-20"));
    assert_eq!(list.entities.len(), 3, "{:?}", list.entities);
    assert_eq!(
        list.skipped.len(),
        1,
        "the malformed row: {:?}",
        list.skipped
    );
    let by_schema = count_by_schema(&list.entities);
    assert_eq!(by_schema.get(&Schema::Person), Some(&1));
    assert_eq!(by_schema.get(&Schema::Organization), Some(&1));
    assert_eq!(by_schema.get(&Schema::Vessel), Some(&1));

    let p = &list.entities[0];
    assert_eq!(p.id, "uk:CTE0901");
    assert_eq!(p.names[0].full, "Karim Said BELHADJ");
    assert_eq!(p.names[0].kind, NameKind::Primary);
    assert_eq!(p.names[0].parts.given.as_deref(), Some("Karim"));
    assert_eq!(p.names[0].parts.family.as_deref(), Some("BELHADJ"));
    let weak = p
        .names
        .iter()
        .find(|n| n.full == "Abu Yahya")
        .expect("alias");
    assert_eq!(weak.quality, NameQuality::Weak);
    assert!(p
        .names
        .iter()
        .any(|n| n.kind == NameKind::OriginalScript && n.full == "كريم سعيد بلحاج"));
    assert!(p
        .identifiers
        .iter()
        .any(|i| i.kind == IdKind::UnReference && i.value == "QDi.901"));
    let passport = p
        .identifiers
        .iter()
        .find(|i| i.kind == IdKind::Passport)
        .expect("passport");
    assert_eq!(passport.value, "Z1234567");
    assert_eq!(passport.country.as_deref(), Some("tn"));
    assert_eq!(p.birth_dates.len(), 2);
    assert_eq!(p.birth_dates[1].from, PartialDate::year(1972));
    assert_eq!(p.nationalities, vec!["tn"]);
    assert_eq!(p.gender, Some(Gender::Male));
    assert_eq!(p.birth_places, vec!["Sfax, Tunisia"]);
    assert_eq!(p.listed_on, PartialDate::ymd(2016, 2, 1));

    let ship = &list.entities[2];
    assert_eq!(ship.id, "uk:RUS0902");
    assert_eq!(ship.identifiers[0].kind, IdKind::Imo);
    assert_eq!(ship.countries, vec!["pa"], "flag");
}

#[test]
fn csv_fixture_counts_and_fields() {
    let list = parsed("uk_sanctions_list.csv");
    check_common(&list, "uk-sl-csv");
    assert_eq!(list.skipped[0].location, "line 10");
    assert!(list.skipped[0].reason.contains("Unique ID"));
    insta::assert_yaml_snapshot!("uk_sl_csv_person", &list.entities[0]);
    insta::assert_yaml_snapshot!("uk_sl_csv_entity", &list.entities[1]);
    insta::assert_yaml_snapshot!("uk_sl_csv_ship", &list.entities[2]);
}

#[test]
fn xml_fixture_counts_and_fields() {
    let list = parsed("uk_sanctions_list.xml");
    check_common(&list, "uk-sl-xml");
    assert!(list.skipped[0].reason.contains("UniqueID"));
    insta::assert_yaml_snapshot!("uk_sl_xml_person", &list.entities[0]);
    insta::assert_yaml_snapshot!("uk_sl_xml_ship", &list.entities[2]);
}

#[test]
fn csv_and_xml_agree() {
    let csv = parsed("uk_sanctions_list.csv");
    let xml = parsed("uk_sanctions_list.xml");
    for (a, b) in csv.entities.iter().zip(&xml.entities) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.names, b.names, "{}", a.id);
        assert_eq!(a.identifiers, b.identifiers, "{}", a.id);
        assert_eq!(a.birth_dates, b.birth_dates, "{}", a.id);
    }
}

#[test]
fn detection_by_content() {
    assert_eq!(
        detect(&common::fixture("uk_sanctions_list.csv"))
            .unwrap()
            .id(),
        uk_sl_csv::UkSanctionsListCsv.id()
    );
    assert_eq!(
        detect(&common::fixture("uk_sanctions_list.xml"))
            .unwrap()
            .id(),
        uk_sl_xml::UkSanctionsListXml.id()
    );
}

#[test]
fn missing_required_column_is_named() {
    let err = uk_sl_csv::parse_bytes(
        b"Report Date: 20-Nov-2026\nLast Updated,Unique ID,Designation Type\n1,2,3\n",
        std::path::Path::new("uk.csv"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("`Name 6`"), "{err}");
}

#[test]
fn truncated_files_do_not_panic() {
    for name in ["uk_sanctions_list.csv", "uk_sanctions_list.xml"] {
        let data = std::fs::read(common::fixture(name)).unwrap();
        for cut in (0..data.len()).step_by(89) {
            let path = std::path::Path::new(name);
            let _ = uk_sl_csv::parse_bytes(&data[..cut], path);
            let _ = uk_sl_xml::parse_bytes(&data[..cut], path);
        }
    }
}

proptest::proptest! {
    #[test]
    fn random_bytes_do_not_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..2000)) {
        let _ = uk_sl_csv::parse_bytes(&data, std::path::Path::new("random.csv"));
        let _ = uk_sl_xml::parse_bytes(&data, std::path::Path::new("random.xml"));
    }
}
