//! Issue 12: the store reaches PostgreSQL over TLS (rustls). `verify-full` with the test server's
//! CA connects, encrypts (the server says so in `pg_stat_ssl`) and runs an import / audit cycle;
//! a certificate from another CA, or no `sslrootcert` (the Mozilla roots), is refused.
//! The whole store suite also runs with `sslmode=require` (`suite.rs`, `postgres_tls`).

use namesake_store::{AuditCheck, AuditEntry, Store};

/// Whether the server sees the connection named `app` as encrypted.
fn encrypted(plain_url: &str, app: &str) -> bool {
    let mut c = postgres::Client::connect(plain_url, postgres::NoTls).expect("plain connection");
    let row = c
        .query_one(
            "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) \
             WHERE a.application_name = $1",
            &[&app],
        )
        .expect("the store's connection is listed");
    row.get(0)
}

fn entry(i: usize) -> AuditEntry {
    AuditEntry {
        who: "tls-test".into(),
        kind: "api".into(),
        subject: serde_json::json!({"name": format!("Subject {i}")}),
        list_versions: serde_json::json!([]),
        threshold: 0.7,
        hits: Vec::new(),
    }
}

#[test]
fn verify_full_with_the_servers_ca_connects_encrypted_and_runs_a_cycle() {
    let Some((url, ca)) = namesake_testdata::require_postgres_tls() else {
        return;
    };
    let app = format!("namesake_tls_{}", std::process::id());
    let schema = format!("t_tls_verify_full_{}", std::process::id());
    let tls_url = namesake_testdata::with_params(
        &url,
        &format!(
            "sslmode=verify-full&sslrootcert={}&application_name={app}",
            ca.display()
        ),
    );
    let store = namesake_store::open_postgres(&tls_url, Some(&schema)).expect("verify-full");
    assert!(encrypted(&url, &app), "the connection is not encrypted");
    let info = namesake_model::ListInfo {
        code: "t".into(),
        name: "t".into(),
        format: "test".into(),
        published: None,
    };
    let mut e = namesake_model::Entity::new("t", "1", namesake_model::Schema::Person);
    e.names.push(namesake_model::Name::new(
        "Test Person",
        namesake_model::NameKind::Primary,
    ));
    store
        .import_list(&namesake_store::NewList {
            list: "t",
            info: &info,
            entities: &[e],
            content_hash: "h1",
            source: "test",
        })
        .expect("import over TLS");
    assert_eq!(store.current_versions().unwrap().len(), 1);
    store
        .audit_append(&[entry(1), entry(2)])
        .expect("audit over TLS");
    // The import is a record of the chain too.
    assert!(matches!(
        store.audit_verify().unwrap(),
        AuditCheck::Intact { records: 3, .. }
    ));
    drop(store);
    let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("plain connection");
    let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"));
}

#[test]
fn verify_full_refuses_a_certificate_from_another_ca() {
    let Some((url, _ca)) = namesake_testdata::require_postgres_tls() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let other = namesake_testdata::TestCerts::generate(dir.path());
    for params in [
        format!("sslmode=verify-full&sslrootcert={}", other.ca.display()),
        format!("sslmode=verify-ca&sslrootcert={}", other.ca.display()),
        // No sslrootcert: the Mozilla roots, which never signed a throw-away test CA.
        "sslmode=verify-full".to_string(),
    ] {
        let e = namesake_store::open_postgres(&namesake_testdata::with_params(&url, &params), None)
            .err()
            .unwrap_or_else(|| panic!("{params}: connected to a server it cannot trust"));
        let msg = format!("{e}");
        assert!(!msg.is_empty(), "{params}: {msg}");
    }
}
