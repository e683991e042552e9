//! Suite case for audit hits on a party carried by several lists: the other entries' ids are
//! kept with the hit, and a hit without them is stored as records were before the field.

use namesake_store::*;

use crate::common::*;

fn entry(hits: Vec<AuditHit>) -> AuditEntry {
    AuditEntry {
        who: "analyst".into(),
        kind: "screen".into(),
        subject: serde_json::json!({"subject_key": "id:C-17"}),
        list_versions: serde_json::json!([{"list": "un", "version": 1}]),
        threshold: threshold_f64(0.7),
        hits,
    }
}

pub fn audit_hits_name_a_linked_partys_other_entries(db: &TestDb) {
    let s = &db.store;
    let linked = AuditHit {
        entity_id: "un:QDi.1".into(),
        score: 0.93,
        suppressed: false,
        also_on: vec!["eu:EU.27.28".into(), "uk:AFG0001".into()],
    };
    let alone = AuditHit {
        entity_id: "ofac:42".into(),
        score: 0.81,
        suppressed: false,
        also_on: Vec::new(),
    };
    s.audit_append(&[entry(vec![linked.clone()]), entry(vec![alone.clone()])])
        .unwrap();
    let back = s.audit_records(0, 10).unwrap();
    assert_eq!(back.len(), 2);
    let read = |r: &AuditRecord| -> Vec<AuditHit> { serde_json::from_str(&r.hits).unwrap() };
    assert_eq!(read(&back[0]), vec![linked]);
    assert_eq!(read(&back[1]), vec![alone]);
    // Without other entries the stored text is what it was before `also_on` existed, so
    // records written then read and hash alike.
    assert_eq!(back[1].hits, r#"[{"entity_id":"ofac:42","score":0.81}]"#);
    assert!(back[0]
        .hits
        .contains(r#""also_on":["eu:EU.27.28","uk:AFG0001"]"#));
    assert!(matches!(
        s.audit_verify().unwrap(),
        AuditCheck::Intact { records: 2, .. }
    ));
}
