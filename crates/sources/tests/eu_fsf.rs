//! The EU Financial Sanctions Files, CSV and XML, over fixtures written in the published
//! layouts (invented records): a person with aliases and an Arabic-script name and a UN
//! reference, an enterprise, a ship, a missing optional column or element, a malformed entry.

mod common;

use namesake_model::{count_by_schema, IdKind, NameKind, NameQuality, PartialDate, Schema};
use namesake_sources::{detect, eu_csv, eu_xml, load, ListFormat, ParsedList};

fn parsed(name: &str) -> ParsedList {
    load(&common::fixture(name)).expect("the fixture loads")
}

fn check_common(list: &ParsedList, format: &str) {
    assert_eq!(list.info.code, "eu");
    assert_eq!(list.info.format, format);
    assert_eq!(list.info.published.as_deref(), Some("2026-11-20"));
    assert_eq!(list.entities.len(), 3, "{:?}", list.entities);
    assert_eq!(
        list.skipped.len(),
        1,
        "the malformed entry: {:?}",
        list.skipped
    );
    let by_schema = count_by_schema(&list.entities);
    assert_eq!(by_schema.get(&Schema::Person), Some(&1));
    assert_eq!(by_schema.get(&Schema::Organization), Some(&1));
    assert_eq!(
        by_schema.get(&Schema::Vessel),
        Some(&1),
        "IMO number makes a ship"
    );

    let p = &list.entities[0];
    assert_eq!(p.id, "eu:EU.9001.01");
    assert_eq!(p.names[0].full, "Karim Said BELHADJ");
    assert_eq!(p.names[0].kind, NameKind::Primary);
    assert_eq!(p.names[0].parts.family.as_deref(), Some("BELHADJ"));
    assert_eq!(p.names[0].parts.middle.as_deref(), Some("Said"));
    let original: Vec<&str> = p
        .names
        .iter()
        .filter(|n| n.kind == NameKind::OriginalScript)
        .map(|n| n.full.as_str())
        .collect();
    assert_eq!(original, vec!["كريم سعيد بلحاج"]);
    assert_eq!(p.names.len(), 4);
    assert!(p
        .identifiers
        .iter()
        .any(|i| i.kind == IdKind::UnReference && i.value == "QDi.901"));
    assert!(p
        .identifiers
        .iter()
        .any(|i| i.kind == IdKind::Passport && i.value == "Z1234567"));
    assert_eq!(p.citizenships, vec!["tn"]);
    assert_eq!(
        p.birth_dates[0].from,
        PartialDate::ymd(1971, 3, 14).unwrap()
    );
    assert_eq!(p.birth_dates[1].from, PartialDate::year(1972));
    assert_eq!(p.programs, vec!["TAQA"]);
    assert_eq!(p.facts.get("title").map(String::as_str), Some("Sheikh"));

    let ship = &list.entities[2];
    assert_eq!(ship.id, "eu:EU.9003.03");
    assert_eq!(ship.identifiers[0].kind, IdKind::Imo);
    assert_eq!(ship.identifiers[0].value, "9123453");
}

#[test]
fn csv_fixture_counts_and_fields() {
    let list = parsed("eu_fsf.csv");
    check_common(&list, "eu-fsf-csv");
    assert!(list.skipped[0].reason.contains("Entity_LogicalId"));
    assert_eq!(list.skipped[0].location, "line 18");
    insta::assert_yaml_snapshot!("eu_csv_person", &list.entities[0]);
    insta::assert_yaml_snapshot!("eu_csv_enterprise", &list.entities[1]);
    insta::assert_yaml_snapshot!("eu_csv_ship", &list.entities[2]);
}

#[test]
fn xml_fixture_counts_and_fields() {
    let list = parsed("eu_fsf.xml");
    check_common(&list, "eu-fsf-xml");
    // The XML marks the weak alias; the CSV has no such column.
    let weak = list.entities[0]
        .names
        .iter()
        .find(|n| n.full == "Abu Yahya")
        .expect("alias");
    assert_eq!(weak.quality, NameQuality::Weak);
    assert!(list.entities[0].birth_dates[1].approximate, "circa=true");
    insta::assert_yaml_snapshot!("eu_xml_person", &list.entities[0]);
    insta::assert_yaml_snapshot!("eu_xml_ship", &list.entities[2]);
}

#[test]
fn csv_and_xml_agree_on_ids_and_names() {
    let csv = parsed("eu_fsf.csv");
    let xml = parsed("eu_fsf.xml");
    for (a, b) in csv.entities.iter().zip(&xml.entities) {
        assert_eq!(a.id, b.id);
        let names =
            |e: &namesake_model::Entity| e.names.iter().map(|n| n.full.clone()).collect::<Vec<_>>();
        assert_eq!(names(a), names(b), "{}", a.id);
        assert_eq!(a.identifiers.len(), b.identifiers.len(), "{}", a.id);
    }
}

#[test]
fn detection_by_content() {
    assert_eq!(
        detect(&common::fixture("eu_fsf.csv")).unwrap().id(),
        eu_csv::EuCsv.id()
    );
    assert_eq!(
        detect(&common::fixture("eu_fsf.xml")).unwrap().id(),
        eu_xml::EuXml.id()
    );
}

#[test]
fn missing_required_column_is_named() {
    let err = eu_csv::parse_bytes(
        "\u{feff}fileGenerationDate;Entity_LogicalId;NameAlias_FirstName\n1;2;3\n".as_bytes(),
        std::path::Path::new("eu.csv"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("`NameAlias_WholeName`"), "{err}");
}

#[test]
fn truncated_files_do_not_panic() {
    for name in ["eu_fsf.csv", "eu_fsf.xml"] {
        let data = std::fs::read(common::fixture(name)).unwrap();
        for cut in (0..data.len()).step_by(97) {
            let path = std::path::Path::new(name);
            let _ = eu_csv::parse_bytes(&data[..cut], path);
            let _ = eu_xml::parse_bytes(&data[..cut], path);
        }
    }
}

proptest::proptest! {
    #[test]
    fn random_bytes_do_not_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..2000)) {
        let _ = eu_csv::parse_bytes(&data, std::path::Path::new("random.csv"));
        let _ = eu_xml::parse_bytes(&data, std::path::Path::new("random.xml"));
    }
}
