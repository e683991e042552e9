//! Suite cases for audit anchors: signed checkpoints, chained decisions and imports, and the
//! engines refusing to empty the audit log.

use namesake_store::anchor::{checkpoint, verify_checkpoints, AnchorCheck};
use namesake_store::*;

use crate::common::*;

fn key() -> ed25519_dalek::SigningKey {
    anchor::generate_key().expect("random key")
}

fn entries(n: usize) -> Vec<AuditEntry> {
    (0..n)
        .map(|i| AuditEntry {
            who: "analyst".into(),
            kind: "batch".into(),
            subject: serde_json::json!({"subject_key": format!("id:{i}")}),
            list_versions: serde_json::json!([{"list": "un", "version": 1}]),
            threshold: threshold_f64(0.7),
            hits: vec![AuditHit {
                entity_id: "un:1".into(),
                score: 0.9,
                suppressed: false,
                also_on: Vec::new(),
            }],
        })
        .collect()
}

/// Someone with rights over the database removes the append-only guard.
fn drop_guard(db: &TestDb) {
    if db.is_postgres() {
        db.raw("DROP TRIGGER audit_log_no_change ON audit_log");
    } else {
        db.raw("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
    }
}

pub fn checkpoint_catches_the_newest_records_deleted(db: &TestDb) {
    let s = &db.store;
    s.audit_append(&entries(25)).unwrap();
    let k = key();
    let cp = checkpoint(s, &k).unwrap();
    assert_eq!(cp.seq, 25);
    drop_guard(db);
    db.raw("DELETE FROM audit_log WHERE seq > 15");
    // The shorter chain is still a valid chain: only the checkpoint tells.
    assert!(matches!(
        s.audit_verify().unwrap(),
        AuditCheck::Intact { records: 15, .. }
    ));
    assert_eq!(
        verify_checkpoints(s, &[cp], &k.verifying_key()).unwrap(),
        AnchorCheck::Truncated {
            checkpoint_seq: 25,
            records: 15
        }
    );
}

pub fn checkpoint_catches_a_chain_rewritten_without_the_key(db: &TestDb) {
    let s = &db.store;
    s.audit_append(&entries(6)).unwrap();
    let k = key();
    let cp = checkpoint(s, &k).unwrap();
    drop_guard(db);
    // Edit record 3 and recompute every hash after it, as anyone who can write the table can.
    let mut records = s.audit_records(0, 100).unwrap();
    records[2].hits = "[]".into();
    for i in 2..records.len() {
        records[i].prev_hash = records[i - 1].hash.clone();
        records[i].hash = records[i].compute_hash();
        let r = &records[i];
        db.raw(&format!(
            "UPDATE audit_log SET hits = '{}', prev_hash = '{}', hash = '{}' WHERE seq = {}",
            r.hits, r.prev_hash, r.hash, r.seq
        ));
    }
    assert!(
        matches!(
            s.audit_verify().unwrap(),
            AuditCheck::Intact { records: 6, .. }
        ),
        "the rewritten chain is consistent in itself"
    );
    match verify_checkpoints(s, std::slice::from_ref(&cp), &k.verifying_key()).unwrap() {
        AnchorCheck::Rewritten { seq, signed, found } => {
            assert_eq!(seq, 6);
            assert_eq!(signed, cp.head);
            assert_eq!(found, records[5].hash);
        }
        other => panic!("a rewritten chain passed the checkpoint: {other:?}"),
    }
    // Re-signing the new head needs the key: another key's checkpoint is refused.
    let forged = checkpoint(s, &key()).unwrap();
    assert_eq!(
        verify_checkpoints(s, &[cp, forged], &k.verifying_key()).unwrap(),
        AnchorCheck::BadSignature { index: 2 }
    );
}

pub fn checkpoint_holds_as_the_chain_grows(db: &TestDb) {
    let s = &db.store;
    let k = key();
    let empty = checkpoint(s, &k).unwrap();
    assert_eq!((empty.seq, empty.head.as_str()), (0, GENESIS));
    s.audit_append(&entries(3)).unwrap();
    let first = checkpoint(s, &k).unwrap();
    s.audit_append(&entries(4)).unwrap();
    let second = checkpoint(s, &k).unwrap();
    s.audit_append(&entries(2)).unwrap();
    assert_eq!(
        verify_checkpoints(s, &[empty, first, second], &k.verifying_key()).unwrap(),
        AnchorCheck::Holds {
            records: 9,
            checkpoints: 3,
            anchored_to: 7
        }
    );
}

pub fn decisions_and_imports_are_chained(db: &TestDb) {
    let s = db.reopen().acting_as("importer");
    import(&s, "un", &[person("un", "1", "Jane Roe")], "h1");
    // An unchanged import records nothing, in the chain or elsewhere.
    import(&s, "un", &[person("un", "1", "Jane Roe")], "h1");
    let d = s
        .decide(&NewDecision {
            subject_key: "id:7".into(),
            entity_id: "un:1".into(),
            verdict: Verdict::FalsePositive,
            reason: "other date of birth".into(),
            by: "analyst".into(),
            entity_hash: None,
        })
        .unwrap();
    s.audit_append(&[AuditEntry::unaudited(
        "night-job",
        "batch",
        120,
        serde_json::json!([]),
        0.7,
    )])
    .unwrap();
    let records = s.audit_records(0, 10).unwrap();
    let kinds: Vec<(&str, &str)> = records
        .iter()
        .map(|r| (r.kind.as_str(), r.who.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (KIND_LIST_IMPORT, "importer"),
            (KIND_DECISION, "analyst"),
            (KIND_UNAUDITED, "night-job")
        ]
    );
    let decision: serde_json::Value = serde_json::from_str(&records[1].subject).unwrap();
    assert_eq!(decision["decision"], d.id);
    assert_eq!(decision["verdict"], "false_positive");
    let unaudited: serde_json::Value = serde_json::from_str(&records[2].subject).unwrap();
    assert_eq!(unaudited["subjects"], 120);
    assert!(matches!(
        s.audit_verify().unwrap(),
        AuditCheck::Intact { records: 3, .. }
    ));
}

pub fn truncating_the_audit_log_is_refused(db: &TestDb) {
    db.store.audit_append(&entries(3)).unwrap();
    // PostgreSQL's TRUNCATE skips row triggers; SQLite has none, and its whole-table DELETE
    // (its truncate) fires the row trigger.
    let sql = if db.is_postgres() {
        "TRUNCATE audit_log"
    } else {
        "DELETE FROM audit_log"
    };
    let r = std::panic::catch_unwind(|| db.raw(sql));
    assert!(r.is_err(), "the engine must refuse: {sql}");
    assert!(matches!(
        db.store.audit_verify().unwrap(),
        AuditCheck::Intact { records: 3, .. }
    ));
}
