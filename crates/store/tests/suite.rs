//! The store's behaviour, run against SQLite and against PostgreSQL: every case below runs
//! once per engine.

#[path = "suite_cases/also_on.rs"]
mod also_on_cases;
#[path = "suite_cases/anchors.rs"]
mod anchor_cases;
mod common;

use std::sync::Arc;

use common::*;
use namesake_model::{Name, NameKind, Query};
use namesake_store::rescreen::{rescreen, RescreenOptions};
use namesake_store::*;

/// One test per case per engine.
macro_rules! suite {
    ($engine:ident, $open:path, [$($case:ident),* $(,)?]) => {
        mod $engine {
            $(
                #[test]
                fn $case() {
                    let Some(db) = $open(stringify!($case)) else { return };
                    super::cases::$case(&db);
                }
            )*
        }
    };
}

macro_rules! all_cases {
    ($engine:ident, $open:path) => {
        suite!(
            $engine,
            $open,
            [
                import_records_a_version_only_when_content_changes,
                repeated_ids_keep_the_first,
                lists_are_versioned_independently,
                changed_entities_between_versions,
                diff_lists_added_removed_and_changed_fields,
                diff_refuses_versions_of_two_lists,
                audit_chain_verifies,
                audit_search_goes_newest_first_and_finds_text,
                audit_is_append_only,
                audit_verify_names_an_edited_record,
                audit_verify_names_a_deleted_record,
                concurrent_appenders_keep_one_chain,
                false_positive_is_suppressed_until_the_entity_changes,
                decision_needs_a_known_entity_and_a_reason,
                escalation_is_recorded_and_suppresses_nothing,
                subjects_keep_their_generation_when_unchanged,
                rescreen_screens_new_subjects_fully_and_others_against_changes,
                rescreen_leaves_out_decided_hits,
                rescreen_baseline_screens_nothing,
                subjects_page_walks_every_subject_once_in_key_order,
                rescreen_in_pages_keeps_every_alert_and_decision,
                rescreen_reemits_alerts_until_delivered,
                newer_schema_is_refused,
                checkpoint_catches_the_newest_records_deleted,
                checkpoint_catches_a_chain_rewritten_without_the_key,
                checkpoint_holds_as_the_chain_grows,
                decisions_and_imports_are_chained,
                truncating_the_audit_log_is_refused,
                audit_hits_name_a_linked_partys_other_entries,
            ]
        );
    };
}

all_cases!(sqlite, crate::common::sqlite);
all_cases!(postgres, crate::common::postgres);
all_cases!(postgres_tls, crate::common::postgres_tls);

mod cases {
    use super::*;

    pub use crate::also_on_cases::*;
    pub use crate::anchor_cases::*;

    fn new_version(i: Imported) -> ListVersion {
        match i {
            Imported::New { version, .. } => version,
            Imported::Unchanged(v) => panic!("expected a new version, got unchanged {}", v.id),
        }
    }

    pub fn import_records_a_version_only_when_content_changes(db: &TestDb) {
        let s = &db.store;
        let v1 = new_version(import(s, "un", &[person("un", "1", "Jane Roe")], "h1"));
        assert_eq!(v1.entity_count, 1);
        assert_eq!(v1.status, "committed");
        match import(s, "un", &[person("un", "1", "Jane Roe")], "h1") {
            Imported::Unchanged(v) => assert_eq!(v.id, v1.id),
            other => panic!("same content hash must not make a version: {other:?}"),
        }
        let v2 = new_version(import(
            s,
            "un",
            &[person("un", "1", "Jane Roe"), person("un", "2", "John Doe")],
            "h2",
        ));
        assert!(v2.id > v1.id);
        let all = s.versions().unwrap();
        assert_eq!(
            all.iter().map(|v| v.id).collect::<Vec<_>>(),
            vec![v1.id, v2.id]
        );
        assert_eq!(s.current_versions().unwrap(), vec![v2.clone()]);
        // The old version is kept whole.
        assert_eq!(s.entities(v1.id).unwrap().len(), 1);
        assert_eq!(s.entities(v2.id).unwrap().len(), 2);
        assert!(matches!(
            s.version(v2.id + 100),
            Err(StoreError::NotFound(_))
        ));
        // Going back to the first content is a change too.
        let v3 = new_version(import(s, "un", &[person("un", "1", "Jane Roe")], "h1"));
        assert_eq!(s.current_versions().unwrap()[0].id, v3.id);
    }

    pub fn repeated_ids_keep_the_first(db: &TestDb) {
        let s = &db.store;
        match import(
            s,
            "un",
            &[person("un", "1", "First"), person("un", "1", "Second")],
            "h",
        ) {
            Imported::New {
                version,
                duplicates,
            } => {
                assert_eq!(duplicates, 1);
                let es = s.entities(version.id).unwrap();
                assert_eq!(es.len(), 1);
                assert_eq!(es[0].entity.primary_name(), Some("First"));
                assert_eq!(es[0].hash, entity_hash(&es[0].entity));
            }
            other => panic!("{other:?}"),
        }
    }

    pub fn lists_are_versioned_independently(db: &TestDb) {
        let s = &db.store;
        let u1 = new_version(import(s, "un", &[person("un", "1", "A B")], "u1"));
        let o1 = new_version(import(s, "ofac", &[person("ofac", "1", "C D")], "o1"));
        let u2 = new_version(import(s, "un", &[person("un", "1", "A C")], "u2"));
        // The same hash under another list is not "unchanged".
        let o2 = new_version(import(s, "ofac", &[person("ofac", "1", "A B")], "u1"));
        let cur: Vec<(String, i64)> = s
            .current_versions()
            .unwrap()
            .into_iter()
            .map(|v| (v.list, v.id))
            .collect();
        assert_eq!(cur, vec![("ofac".into(), o2.id), ("un".into(), u2.id)]);
        assert!(u1.id < o1.id && o1.id < u2.id);
        let e = s.current_entity("un:1").unwrap().expect("current un:1");
        assert_eq!(e.entity.primary_name(), Some("A C"));
        assert!(s.current_entity("un:404").unwrap().is_none());
    }

    pub fn changed_entities_between_versions(db: &TestDb) {
        let s = &db.store;
        let v1 = new_version(import(
            s,
            "un",
            &[
                person("un", "1", "Same Person"),
                person("un", "2", "Old Name"),
                person("un", "3", "Gone Person"),
            ],
            "a",
        ));
        let v2 = new_version(import(
            s,
            "un",
            &[
                person("un", "1", "Same Person"),
                person("un", "2", "New Name"),
                person("un", "4", "Added Person"),
            ],
            "b",
        ));
        let ch = s.changed_entities(Some(v1.id), v2.id).unwrap();
        let got: Vec<(&str, Change)> = ch
            .iter()
            .map(|c| (c.now.entity.id.as_str(), c.change))
            .collect();
        assert_eq!(
            got,
            vec![("un:2", Change::Changed), ("un:4", Change::Added)]
        );
        assert_eq!(ch[0].now.entity.primary_name(), Some("New Name"));
        assert_eq!(s.changed_entities(None, v2.id).unwrap().len(), 3);
        assert!(s.changed_entities(Some(v2.id), v2.id).unwrap().is_empty());
    }

    pub fn diff_lists_added_removed_and_changed_fields(db: &TestDb) {
        let s = &db.store;
        let mut changed = person("un", "2", "Old Name");
        changed.programs.push("P1".into());
        let v1 = new_version(import(
            s,
            "un",
            &[
                person("un", "1", "Same Person"),
                changed.clone(),
                person("un", "3", "Gone Person"),
            ],
            "a",
        ));
        changed
            .names
            .push(Name::new("Another Alias", NameKind::Alias));
        changed.programs = vec!["P2".into()];
        changed.remarks.push("listed again".into());
        let v2 = new_version(import(
            s,
            "un",
            &[
                person("un", "1", "Same Person"),
                changed,
                person("un", "4", "Added Person"),
            ],
            "b",
        ));
        let d = s.diff(v1.id, v2.id).unwrap();
        assert_eq!(d.list, "un");
        assert_eq!(
            d.added.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            vec!["un:4"]
        );
        assert_eq!(
            d.removed.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            vec!["un:3"]
        );
        assert_eq!(d.changed.len(), 1);
        let c = &d.changed[0];
        assert_eq!(c.entity_id, "un:2");
        let fields: Vec<&str> = c.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, vec!["names", "programs", "remarks"]);
        assert_eq!(c.fields[1].before, serde_json::json!(["P1"]));
        assert_eq!(c.fields[1].after, serde_json::json!(["P2"]));
        let (removed, added) = array_delta(&c.fields[0]).unwrap();
        assert!(removed.is_empty());
        assert_eq!(added[0]["full"], "Another Alias");
        // Backwards, the roles swap.
        let back = s.diff(v2.id, v1.id).unwrap();
        assert_eq!(back.added[0].id, "un:3");
        assert_eq!(back.removed[0].id, "un:4");
    }

    pub fn diff_refuses_versions_of_two_lists(db: &TestDb) {
        let s = &db.store;
        let a = new_version(import(s, "un", &[person("un", "1", "A")], "a"));
        let b = new_version(import(s, "ofac", &[person("ofac", "1", "A")], "b"));
        let err = s.diff(a.id, b.id).unwrap_err().to_string();
        assert!(
            err.contains("list un") && err.contains("list ofac"),
            "{err}"
        );
    }

    fn entry(n: usize) -> AuditEntry {
        AuditEntry {
            who: "analyst".into(),
            kind: "batch".into(),
            subject: serde_json::json!({"subject_key": format!("id:{n}"), "query": Query::name(format!("Subject {n}"))}),
            list_versions: serde_json::json!([{"list": "un", "version": 1}]),
            threshold: threshold_f64(0.7),
            hits: vec![AuditHit {
                entity_id: "un:1".into(),
                score: 0.812,
                suppressed: false,
                also_on: Vec::new(),
            }],
        }
    }

    fn append(s: &dyn Store, from: usize, n: usize) -> Vec<AuditRecord> {
        let entries: Vec<AuditEntry> = (from..from + n).map(entry).collect();
        s.audit_append(&entries).unwrap()
    }

    pub fn audit_search_goes_newest_first_and_finds_text(db: &TestDb) {
        let s = &db.store;
        append(s, 0, 5);
        let seqs = |v: Vec<AuditRecord>| v.iter().map(|r| r.seq).collect::<Vec<_>>();
        assert_eq!(seqs(s.audit_search("", None, 2).unwrap()), [5, 4]);
        assert_eq!(seqs(s.audit_search("", Some(4), 10).unwrap()), [3, 2, 1]);
        // Case is ignored; the subject's name is found in its JSON.
        assert_eq!(seqs(s.audit_search("SUBJECT 3", None, 10).unwrap()), [4]);
        assert_eq!(
            seqs(s.audit_search("Analyst", Some(3), 10).unwrap()),
            [2, 1]
        );
        // LIKE's wildcards are searched as text.
        assert!(s.audit_search("%", None, 10).unwrap().is_empty());
        assert!(s.audit_search("subject_3", None, 10).unwrap().is_empty());
    }

    pub fn audit_chain_verifies(db: &TestDb) {
        let s = &db.store;
        assert_eq!(
            s.audit_verify().unwrap(),
            AuditCheck::Intact {
                records: 0,
                head: None
            }
        );
        let a = append(s, 0, 3);
        let b = append(s, 3, 2);
        assert_eq!(a[0].seq, 1);
        assert_eq!(a[0].prev_hash, GENESIS);
        assert_eq!(b[0].prev_hash, a[2].hash);
        let back = s.audit_records(0, 100).unwrap();
        assert_eq!(back.len(), 5);
        assert_eq!(back[..3], a[..]);
        assert_eq!(back[4].threshold, 0.7);
        assert_eq!(
            s.audit_verify().unwrap(),
            AuditCheck::Intact {
                records: 5,
                head: Some(b[1].hash.clone())
            }
        );
        assert_eq!(s.audit_records(3, 1).unwrap()[0].seq, 4);
    }

    pub fn audit_is_append_only(db: &TestDb) {
        append(&db.store, 0, 2);
        for sql in [
            "UPDATE audit_log SET who = 'x' WHERE seq = 1",
            "DELETE FROM audit_log WHERE seq = 2",
        ] {
            let r = std::panic::catch_unwind(|| db.raw(sql));
            assert!(r.is_err(), "the engine must refuse: {sql}");
        }
        assert!(matches!(
            db.store.audit_verify().unwrap(),
            AuditCheck::Intact { records: 2, .. }
        ));
    }

    /// Someone with rights over the database removes the guard and edits a record.
    fn drop_guard(db: &TestDb) {
        if db.is_postgres() {
            db.raw("DROP TRIGGER audit_log_no_change ON audit_log");
        } else {
            db.raw("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
        }
    }

    pub fn audit_verify_names_an_edited_record(db: &TestDb) {
        append(&db.store, 0, 5);
        drop_guard(db);
        db.raw("UPDATE audit_log SET hits = '[]' WHERE seq = 3");
        match db.store.audit_verify().unwrap() {
            AuditCheck::Broken {
                seq,
                problem,
                intact_before,
            } => {
                assert_eq!((seq, intact_before), (3, 2));
                assert!(problem.contains("edited"), "{problem}");
            }
            ok => panic!("an edited record went unnoticed: {ok:?}"),
        }
    }

    pub fn audit_verify_names_a_deleted_record(db: &TestDb) {
        append(&db.store, 0, 5);
        drop_guard(db);
        db.raw("DELETE FROM audit_log WHERE seq = 2");
        match db.store.audit_verify().unwrap() {
            AuditCheck::Broken { seq, problem, .. } => {
                assert_eq!(seq, 3);
                assert!(problem.contains("removed"), "{problem}");
            }
            ok => panic!("a deleted record went unnoticed: {ok:?}"),
        }
    }

    pub fn concurrent_appenders_keep_one_chain(db: &TestDb) {
        let stores: Vec<Arc<dyn Store>> = vec![Arc::new(db.reopen()), Arc::new(db.reopen())];
        let handles: Vec<_> = stores
            .into_iter()
            .enumerate()
            .map(|(t, s)| {
                std::thread::spawn(move || {
                    for i in 0..20 {
                        append(s.as_ref(), t * 1000 + i * 3, 3);
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().expect("appender thread");
        }
        assert!(matches!(
            db.store.audit_verify().unwrap(),
            AuditCheck::Intact { records: 120, .. }
        ));
    }

    pub fn false_positive_is_suppressed_until_the_entity_changes(db: &TestDb) {
        let s = &db.store;
        let mut e = person("un", "7", "Ozgur Altun");
        import(s, "un", &[e.clone()], "v1");
        let h1 = entity_hash(&e);
        let subject = subject_key(Some("C-1"), &Query::name("Özgür Altun"));
        let d = s
            .decide(&NewDecision {
                subject_key: subject.clone(),
                entity_id: "un:7".into(),
                verdict: Verdict::FalsePositive,
                reason: "different date of birth".into(),
                by: "analyst".into(),
                entity_hash: None,
            })
            .unwrap();
        assert_eq!(d.entity_hash.as_deref(), Some(h1.as_str()));
        let ds = s.decisions().unwrap();
        assert!(ds.suppresses(&subject, "un:7", &h1));
        assert!(!ds.suppresses("id:C-2", "un:7", &h1), "another subject");
        // The listed entity changes: the question reopens.
        e.remarks.push("new information".into());
        import(s, "un", &[e.clone()], "v2");
        let h2 = s.current_entity("un:7").unwrap().unwrap().hash;
        assert_eq!(h2, entity_hash(&e));
        assert!(!s.decisions().unwrap().suppresses(&subject, "un:7", &h2));
        // A later true-match decision overrides an earlier false positive.
        s.decide(&NewDecision {
            subject_key: subject.clone(),
            entity_id: "un:7".into(),
            verdict: Verdict::FalsePositive,
            reason: "checked again".into(),
            by: "analyst".into(),
            entity_hash: None,
        })
        .unwrap();
        assert!(s.decisions().unwrap().suppresses(&subject, "un:7", &h2));
        s.decide(&NewDecision {
            subject_key: subject.clone(),
            entity_id: "un:7".into(),
            verdict: Verdict::TrueMatch,
            reason: "confirmed by passport".into(),
            by: "lead".into(),
            entity_hash: None,
        })
        .unwrap();
        let ds = s.decisions().unwrap();
        assert!(!ds.suppresses(&subject, "un:7", &h2));
        assert_eq!(
            ds.latest(&subject, "un:7").unwrap().verdict,
            Verdict::TrueMatch
        );
        assert_eq!(s.decision_log().unwrap().len(), 3);
    }

    pub fn escalation_is_recorded_and_suppresses_nothing(db: &TestDb) {
        let s = &db.store;
        let e = person("un", "8", "Kemal Durmaz");
        import(s, "un", std::slice::from_ref(&e), "v1");
        let decide = |verdict, by: &str| {
            s.decide(&NewDecision {
                subject_key: "id:C-8".into(),
                entity_id: "un:8".into(),
                verdict,
                reason: "see case file".into(),
                by: by.into(),
                entity_hash: None,
            })
            .unwrap()
        };
        decide(Verdict::FalsePositive, "analyst");
        let d = decide(Verdict::Escalated, "lead");
        assert_eq!(d.verdict, Verdict::Escalated);
        let ds = s.decisions().unwrap();
        assert_eq!(
            ds.latest("id:C-8", "un:8").unwrap().verdict,
            Verdict::Escalated,
            "the escalation is read back as the latest decision"
        );
        assert!(
            !ds.suppresses("id:C-8", "un:8", &entity_hash(&e)),
            "an escalation reopens a false positive"
        );
    }

    pub fn decision_needs_a_known_entity_and_a_reason(db: &TestDb) {
        let s = &db.store;
        import(s, "un", &[person("un", "1", "A B")], "v1");
        let mut d = NewDecision {
            subject_key: "id:1".into(),
            entity_id: "un:404".into(),
            verdict: Verdict::FalsePositive,
            reason: "x".into(),
            by: "a".into(),
            entity_hash: None,
        };
        assert!(matches!(s.decide(&d), Err(StoreError::NotFound(_))));
        d.entity_id = "un:1".into();
        d.reason = "  ".into();
        assert!(matches!(s.decide(&d), Err(StoreError::Invalid(_))));
        assert!(s.decision_log().unwrap().is_empty());
    }

    fn subject(id: &str, name: &str) -> Subject {
        let q = Query::name(name);
        Subject {
            key: subject_key(Some(id), &q),
            row_id: Some(id.into()),
            query: q,
        }
    }

    pub fn subjects_keep_their_generation_when_unchanged(db: &TestDb) {
        let s = &db.store;
        let first = vec![subject("1", "Jane Roe"), subject("2", "John Doe")];
        let r = s.import_subjects(&first, "a.csv", false).unwrap();
        assert_eq!(
            (r.rows, r.new_or_changed, r.total, r.generation),
            (2, 2, 2, 1)
        );
        let r = s.import_subjects(&first, "a.csv", false).unwrap();
        assert_eq!((r.new_or_changed, r.total), (0, 2));
        let second = vec![
            subject("1", "Jane Roe"),
            subject("2", "Jonathan Doe"),
            subject("3", "New One"),
        ];
        let r = s.import_subjects(&second, "b.csv", false).unwrap();
        // An import that changed nothing left the highest generation at 1.
        assert_eq!((r.new_or_changed, r.total, r.generation), (2, 3, 2));
        let all = s.subjects().unwrap();
        let gens: Vec<(String, i64)> = all
            .iter()
            .map(|x| (x.subject.key.clone(), x.generation))
            .collect();
        assert_eq!(
            gens,
            vec![("id:1".into(), 1), ("id:2".into(), 2), ("id:3".into(), 2)]
        );
        assert_eq!(all[1].subject.query.names, vec!["Jonathan Doe"]);
        let r = s
            .import_subjects(&[subject("9", "Only One")], "c.csv", true)
            .unwrap();
        assert_eq!(r.total, 1);
    }

    /// An analyst's false positive on `entity_id` for `subject_key`: "another person".
    fn another_person(subject_key: &str, entity_id: &str) -> NewDecision {
        NewDecision {
            subject_key: subject_key.into(),
            entity_id: entity_id.into(),
            verdict: Verdict::FalsePositive,
            reason: "another person".into(),
            by: "analyst".into(),
            entity_hash: None,
        }
    }

    fn opts() -> RescreenOptions {
        RescreenOptions {
            threshold: 0.7,
            limit: 10,
            who: "tester".into(),
            baseline: false,
        }
    }

    fn alert_pairs(r: &rescreen::RescreenReport) -> Vec<(String, String, String)> {
        r.alerts
            .iter()
            .map(|a| (a.subject_key.clone(), a.entity_id.clone(), a.reason.clone()))
            .collect()
    }

    /// Issue 13: the run was committed before its alerts were written, so a crash or a bad
    /// output path after the commit lost them for good.
    pub fn rescreen_reemits_alerts_until_delivered(db: &TestDb) {
        let s = &db.store;
        import(s, "un", &[person("un", "1", "Ozgur Altun")], "v1");
        s.import_subjects(&[subject("1", "Özgür Altun")], "customers.csv", false)
            .unwrap();
        let r1 = rescreen(s, &opts()).unwrap();
        assert_eq!(r1.alerts.len(), 1);
        assert!(r1.redelivered.is_empty());
        // Not delivered (the output failed): the next run brings them back, and only them.
        let r2 = rescreen(s, &opts()).unwrap();
        assert!(r2.alerts.is_empty(), "nothing changed");
        assert_eq!(r2.redelivered, r1.alerts);
        s.mark_delivered(r2.run.id).unwrap();
        let r3 = rescreen(s, &opts()).unwrap();
        assert!(r3.redelivered.is_empty() && r3.alerts.is_empty());
        assert!(s.undelivered_alerts().unwrap().is_empty());
    }

    pub fn rescreen_screens_new_subjects_fully_and_others_against_changes(db: &TestDb) {
        let s = &db.store;
        import(
            s,
            "un",
            &[
                person("un", "1", "Ozgur Altun"),
                person("un", "2", "Viktor Petrenko"),
            ],
            "v1",
        );
        s.import_subjects(
            &[
                subject("1", "Özgür Altun"),
                subject("2", "Marguerite Delacroix-Fontaine"),
                subject("3", "Ahmad Karimzadeh"),
            ],
            "customers.csv",
            false,
        )
        .unwrap();
        // First run: everyone is new, screened against the whole list.
        let r1 = rescreen(s, &opts()).unwrap();
        assert_eq!((r1.new_subjects, r1.known_subjects), (3, 0));
        assert_eq!(
            alert_pairs(&r1),
            vec![("id:1".into(), "un:1".into(), "new_subject".into())]
        );
        // Nothing changed: nothing to screen, no alert.
        let r2 = rescreen(s, &opts()).unwrap();
        assert_eq!(
            (r2.new_subjects, r2.known_subjects, r2.run.entities),
            (0, 3, 0)
        );
        assert!(r2.alerts.is_empty());
        // The list changes: one entity added, one changed; only those are screened.
        let mut changed = person("un", "2", "Viktor Petrenko");
        changed
            .names
            .push(Name::new("Ahmad Karimzadeh", NameKind::Alias));
        import(
            s,
            "un",
            &[
                person("un", "1", "Ozgur Altun"),
                changed,
                person("un", "3", "Marguerite Delacroix Fontaine"),
            ],
            "v2",
        );
        let r3 = rescreen(s, &opts()).unwrap();
        assert_eq!(r3.run.entities, 2, "only the added and the changed entity");
        assert_eq!(r3.changes.len(), 1);
        assert_eq!((r3.changes[0].added, r3.changes[0].changed), (1, 1));
        assert_eq!(
            alert_pairs(&r3),
            vec![
                ("id:2".into(), "un:3".into(), "added".into()),
                ("id:3".into(), "un:2".into(), "changed".into()),
            ]
        );
        // The run is recorded with the versions it screened, and audited per subject with alerts.
        let last = s.last_rescreen().unwrap().unwrap();
        assert_eq!(last.id, r3.run.id);
        assert_eq!(last.alerts, 2);
        assert_eq!(
            last.list_versions.get("un"),
            Some(&s.current_versions().unwrap()[0].id)
        );
        let audit = s.audit_records(0, 100).unwrap();
        assert_eq!(audit.iter().filter(|r| r.kind == "rescreen").count(), 3);
        assert!(matches!(
            s.audit_verify().unwrap(),
            AuditCheck::Intact { .. }
        ));
    }

    pub fn rescreen_leaves_out_decided_hits(db: &TestDb) {
        let s = &db.store;
        import(s, "un", &[person("un", "1", "Ozgur Altun")], "v1");
        s.import_subjects(&[subject("1", "Ozgur Altun")], "c.csv", false)
            .unwrap();
        s.decide(&another_person("id:1", "un:1")).unwrap();
        let r = rescreen(s, &opts()).unwrap();
        assert!(r.alerts.is_empty());
        assert_eq!(r.decided, 1);
        // The entity changes: the decision no longer covers it.
        let mut e = person("un", "1", "Ozgur Altun");
        e.programs.push("NEW".into());
        import(s, "un", &[e], "v2");
        let r = rescreen(s, &opts()).unwrap();
        assert_eq!(
            alert_pairs(&r),
            vec![("id:1".into(), "un:1".into(), "changed".into())]
        );
    }

    pub fn rescreen_baseline_screens_nothing(db: &TestDb) {
        let s = &db.store;
        import(s, "un", &[person("un", "1", "Ozgur Altun")], "v1");
        s.import_subjects(&[subject("1", "Ozgur Altun")], "c.csv", false)
            .unwrap();
        let base = rescreen(
            s,
            &RescreenOptions {
                baseline: true,
                ..opts()
            },
        )
        .unwrap();
        assert!(base.alerts.is_empty());
        assert_eq!(
            (base.new_subjects, base.known_subjects, base.run.entities),
            (0, 0, 0)
        );
        // The subject counts as screened against v1: only a change raises an alert now.
        assert!(rescreen(s, &opts()).unwrap().alerts.is_empty());
        let mut e = person("un", "1", "Ozgur Altun");
        e.remarks.push("amended".into());
        import(s, "un", &[e], "v2");
        assert_eq!(rescreen(s, &opts()).unwrap().alerts.len(), 1);
    }

    pub fn subjects_page_walks_every_subject_once_in_key_order(db: &TestDb) {
        let s = &db.store;
        let subjects: Vec<Subject> = (0..7)
            .map(|i| subject(&format!("{i}"), &format!("Person Number {i}")))
            .collect();
        s.import_subjects(&subjects, "c.csv", false).unwrap();
        s.import_subjects(&[subject("7", "Later One")], "d.csv", false)
            .unwrap();
        let mut walked = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = s.subjects_page(after.as_deref(), 3).unwrap();
            assert!(page.len() <= 3, "a page holds at most the limit");
            let Some(last) = page.last() else { break };
            after = Some(last.subject.key.clone());
            walked.extend(page.into_iter().map(|x| x.subject.key));
        }
        let all: Vec<String> = s
            .subjects()
            .unwrap()
            .into_iter()
            .map(|x| x.subject.key)
            .collect();
        assert_eq!(walked, all, "pages in key order, each subject once");
        assert_eq!(
            s.subject_counts(1).unwrap(),
            SubjectCounts {
                total: 8,
                newer: 1,
                max_generation: 2
            }
        );
        assert!(s.subjects_page(Some("id:7"), 3).unwrap().is_empty());
    }

    /// Re-screening reads subjects a page at a time, with the decisions on each page's keys:
    /// the page size must change nothing, decisions on a page boundary included.
    pub fn rescreen_in_pages_keeps_every_alert_and_decision(db: &TestDb) {
        let s = &db.store;
        import(s, "un", &[person("un", "1", "Ozgur Altun")], "v1");
        let subjects: Vec<Subject> = (0..5)
            .map(|i| subject(&format!("{i}"), "Ozgur Altun"))
            .collect();
        s.import_subjects(&subjects, "c.csv", false).unwrap();
        // Decided: the last subject of the first page of two, and the first of the second.
        for key in ["id:1", "id:2"] {
            s.decide(&another_person(key, "un:1")).unwrap();
        }
        let baseline = RescreenOptions {
            baseline: true,
            ..opts()
        };
        let base = rescreen::rescreen_paged(s, &baseline, 2).unwrap();
        assert_eq!(base.run.subjects, 5);
        let mut e = person("un", "1", "Ozgur Altun");
        e.remarks.push("amended".into());
        import(s, "un", &[e], "v2");
        let paged = rescreen::rescreen_paged(s, &opts(), 2).unwrap();
        assert_eq!((paged.new_subjects, paged.known_subjects), (0, 5));
        assert_eq!(paged.run.subjects, 5);
        // The entity changed, so the decisions no longer cover it: five alerts.
        assert_eq!(paged.alerts.len(), 5);
        let keys: Vec<&str> = paged
            .alerts
            .iter()
            .map(|a| a.subject_key.as_str())
            .collect();
        assert_eq!(keys, ["id:0", "id:1", "id:2", "id:3", "id:4"]);
        // New decisions on the changed entity, on both sides of the boundary; then the subjects
        // change (new to the next run, screened against the whole list).
        for key in ["id:1", "id:2"] {
            s.decide(&NewDecision {
                reason: "still another person".into(),
                ..another_person(key, "un:1")
            })
            .unwrap();
        }
        let changed: Vec<Subject> = (0..5)
            .map(|i| subject(&format!("{i}"), "Özgür Altun"))
            .collect();
        s.import_subjects(&changed, "c.csv", false).unwrap();
        let rescreen_records = |s: &SqlStore| {
            s.audit_records(0, 1000)
                .unwrap()
                .iter()
                .filter(|r| r.kind == "rescreen")
                .count()
        };
        let before = rescreen_records(s);
        let small = rescreen::rescreen_paged(s, &opts(), 2).unwrap();
        assert_eq!((small.new_subjects, small.decided), (5, 2));
        let small_keys: Vec<&str> = small
            .alerts
            .iter()
            .map(|a| a.subject_key.as_str())
            .collect();
        assert_eq!(small_keys, ["id:0", "id:3", "id:4"]);
        assert_eq!(
            rescreen_records(s) - before,
            3,
            "one audit record per subject with an alert"
        );
    }

    pub fn newer_schema_is_refused(db: &TestDb) {
        db.raw("INSERT INTO schema_version (version, applied_at) VALUES (99, 'future')");
        let err = match &db.place {
            Place::Sqlite(_, p) => namesake_store::open_sqlite(p).unwrap_err(),
            Place::Postgres { url, schema } => {
                namesake_store::open_postgres(url, Some(schema)).unwrap_err()
            }
        };
        assert!(
            matches!(err, StoreError::SchemaTooNew { found: 99, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("upgrade namesake"), "{err}");
    }
}
