//! Schema migration 2 on both engines: a store written before lists were keyed by content,
//! holding OFAC's SDN list and then its consolidated list both as `ofac` (the second hid the
//! first), comes back with `ofac-sdn` and `ofac-cons` current side by side, and a false
//! positive decided before the migration still suppresses its hit.

mod common;

use common::{person, TestDb};
use namesake_model::{Entity, ListInfo, Query};
use namesake_store::{entity_hash, subject_key, NewDecision, NewList, Store, Verdict};

fn ofac_entity(key: &str, name: &str, programme: &str) -> Entity {
    let mut e = person("ofac", key, name);
    e.programs.push(programme.into());
    e
}

fn import_old_ofac(db: &TestDb, entities: &[Entity], format: &str, hash: &str) {
    let info = ListInfo {
        code: "ofac".into(),
        name: "OFAC Specially Designated Nationals and consolidated lists".into(),
        format: format.into(),
        published: None,
    };
    db.store
        .import_list(&NewList {
            list: "ofac",
            info: &info,
            entities,
            content_hash: hash,
            source: "test",
        })
        .expect("import");
}

fn ofac_store_from_before_list_codes_migrates(db: TestDb) {
    let sdn = vec![
        ofac_entity("1", "Abu Bakr al-Baghdadi", "SDGT"),
        ofac_entity("2", "Ozgur Altun", "SDNTK"),
        ofac_entity("3", "Some Company", "IRAN"),
    ];
    let cons = vec![
        ofac_entity("9639", "Ismail Haniya", "NS-PLC"),
        ofac_entity("9640", "Mohammed Abu Teir", "NS-PLC"),
    ];
    import_old_ofac(&db, &sdn, "ofac-csv", "sdn");
    import_old_ofac(&db, &cons, "ofac-xml", "cons");
    let subject = subject_key(Some("C-1"), &Query::name("Özgür Altun"));
    db.store
        .decide(&NewDecision {
            subject_key: subject.clone(),
            entity_id: "ofac:2".into(),
            verdict: Verdict::FalsePositive,
            reason: "born 1990".into(),
            by: "analyst".into(),
            entity_hash: Some(entity_hash(&sdn[1])),
        })
        .expect("decide");
    // Back to schema 2, as a store written before the list-code migration (3) looks (later
    // migrations run again after it; they are idempotent).
    db.raw("DELETE FROM schema_version WHERE version >= 3");
    let s = db.reopen();

    let current = s.current_versions().unwrap();
    let codes: Vec<(&str, &str)> = current
        .iter()
        .map(|v| (v.list.as_str(), v.info.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        vec![("ofac-cons", "ofac-cons"), ("ofac-sdn", "ofac-sdn")]
    );
    let sdn_version = current.iter().find(|v| v.list == "ofac-sdn").unwrap();
    assert!(sdn_version
        .info
        .name
        .contains("Specially Designated Nationals"));
    let stored = s.entities(sdn_version.id).unwrap();
    assert_eq!(stored.len(), 3);
    for se in &stored {
        assert_eq!(se.entity.list, "ofac-sdn");
        assert!(se.entity.id.starts_with("ofac:"), "ids keep their prefix");
        assert_eq!(
            se.hash,
            entity_hash(&se.entity),
            "hash follows the new JSON"
        );
    }
    let altun = stored.iter().find(|se| se.entity.id == "ofac:2").unwrap();
    assert!(
        s.decisions()
            .unwrap()
            .suppresses(&subject, "ofac:2", &altun.hash),
        "the false positive decided before the migration still holds"
    );
    // Running it again (a reopen) changes nothing.
    let again = db.reopen().current_versions().unwrap();
    assert_eq!(again, current);
}

#[test]
fn sqlite_ofac_store_from_before_list_codes_migrates() {
    if let Some(db) = common::sqlite("list_codes") {
        ofac_store_from_before_list_codes_migrates(db);
    }
}

#[test]
fn postgres_ofac_store_from_before_list_codes_migrates() {
    if let Some(db) = common::postgres("list_codes") {
        ofac_store_from_before_list_codes_migrates(db);
    }
}
