//! PostgreSQL: the application role `postgres_roles_sql` sets up can insert into the audit log
//! (taking the advisory lock the store takes) but cannot UPDATE, DELETE or TRUNCATE it, nor drop
//! its triggers, nor edit decisions.

mod common;

use namesake_store::*;

#[test]
fn application_role_cannot_rewrite_the_audit_log() {
    let Some(db) = common::postgres("roles") else {
        return;
    };
    let common::Place::Postgres { url, schema } = &db.place else {
        unreachable!("a PostgreSQL test database")
    };
    let (owner, app) = (format!("{schema}_owner"), format!("{schema}_app"));
    let mut c = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    c.batch_execute(&postgres_roles_sql(schema, &owner, &app))
        .expect("roles SQL");
    let tables: Vec<String> = c
        .query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1",
            &[schema],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    for t in &tables {
        assert!(
            covered_tables().any(|c| c == t),
            "table {t} has no grant in postgres_roles_sql"
        );
    }
    let as_app = |sql: &str| {
        let mut c = postgres::Client::connect(url, postgres::NoTls).expect("connect");
        c.batch_execute(&format!(
            "SET search_path TO \"{schema}\"; SET ROLE \"{app}\"; {sql}"
        ))
    };
    as_app("SELECT pg_advisory_xact_lock(1); INSERT INTO audit_log SELECT * FROM audit_log WHERE false")
        .expect("the application may insert");
    db.store
        .audit_append(&[AuditEntry::unaudited(
            "t",
            "batch",
            1,
            serde_json::json!([]),
            0.7,
        )])
        .unwrap();
    for sql in [
        "UPDATE audit_log SET who = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "DROP TRIGGER audit_log_no_change ON audit_log",
        "UPDATE decisions SET reason = 'x'",
    ] {
        let err = as_app(sql).expect_err(sql).to_string();
        assert!(err.contains("db error"), "{sql}: {err}");
    }
    drop(db);
    let _ = c.batch_execute(&format!(
        "DROP OWNED BY \"{app}\", \"{owner}\"; DROP ROLE \"{app}\"; DROP ROLE \"{owner}\""
    ));
}
