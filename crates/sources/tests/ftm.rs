//! FollowTheMoney JSON lines over the real sample.

mod common;

use namesake_model::Schema;
use namesake_sources::{ftm, load, ListFormat};

#[test]
fn sample_loads_people_and_organisations() {
    let Some(path) = common::list_file("ftm_sample_entities.ftm.json") else {
        return;
    };
    assert_eq!(
        namesake_sources::detect(&path).expect("detected").id(),
        ftm::FtmJson.id()
    );
    let list = load(&path).expect("loads");
    assert!(list.skipped.is_empty(), "{:?}", list.skipped);
    // 7 lines: 5 people, 2 organisations... and one Address that is no screening target.
    let people = list
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Person)
        .count();
    let orgs = list
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Organization)
        .count();
    assert_eq!(
        (people, orgs),
        (4, 2),
        "{:?}",
        list.entities.iter().map(|e| &e.id).collect::<Vec<_>>()
    );
    let k = list
        .entities
        .iter()
        .find(|e| e.id == "ftm:NK-2Ka3UvopqbpZmVDFjWd4LA")
        .expect("Kuzmenko");
    assert!(k
        .names
        .iter()
        .any(|n| n.full == "Виталий Юрьевич КУЗЬМЕНКО"));
    assert_eq!(k.nationalities, vec!["ru".to_string()]);
    assert_eq!(k.birth_dates.len(), 1);
    insta::assert_yaml_snapshot!("ftm_person", k);
}

proptest::proptest! {
    #[test]
    fn random_lines_do_not_panic(body in "\\PC{0,300}") {
        let line = format!("{{\"id\":{body:?},\"schema\":\"Person\",\"properties\":{{\"name\":[{body:?}],\"birthDate\":[{body:?}]}}}}\n{body}\n");
        let _ = ftm::parse_bytes(line.as_bytes(), std::path::Path::new("random.json"));
    }
}
