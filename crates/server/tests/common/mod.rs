//! Helpers for the loopback tests: a small synthetic index and a server on a free port.

#![allow(dead_code)]

use std::sync::Arc;

use namesake_index::Index;
use namesake_model::{
    DateSpec, Entity, Gender, IdKind, Identifier, ListInfo, Name, NameKind, Schema,
};
use namesake_server::{ApiKeys, Server, ServerOptions};

pub const KEY: &str = "test-key-0123456789abcdef";
pub const KEY_NAME: &str = "env-1";

fn info(code: &str, name: &str) -> ListInfo {
    ListInfo {
        code: code.into(),
        name: name.into(),
        format: "test".into(),
        published: Some("2026-01-01".into()),
    }
}

/// Two lists: a UN-like list with a person and an organisation, an OFAC-like list with a person
/// and a vessel. `extra` adds that many filler persons to the UN list (to vary reloads).
pub fn synthetic(extra: usize) -> Index {
    let mut p = Entity::new("un", "QDi.900", Schema::Person);
    p.names
        .push(Name::new("Abdul Rahman Yasin Qaderi", NameKind::Primary));
    p.names.push(Name::new("Abu Yasin", NameKind::Alias).weak());
    p.birth_dates.push(DateSpec::parse("1962-04-10").unwrap());
    p.nationalities.push("iq".into());
    p.gender = Some(Gender::Male);
    p.identifiers
        .push(Identifier::new(IdKind::Passport, "P1234567"));
    p.programs.push("Al-Qaida".into());
    let mut o = Entity::new("un", "QDe.901", Schema::Organization);
    o.names
        .push(Name::new("Harakat Tahrir Zeravshan", NameKind::Primary));
    let mut un = vec![p, o];
    for i in 0..extra {
        let mut f = Entity::new("un", &format!("QDi.{}", 1000 + i), Schema::Person);
        f.names.push(Name::new(
            format!("Filler Person Number{i} Zquvaro"),
            NameKind::Primary,
        ));
        un.push(f);
    }
    let mut q = Entity::new("ofac", "7001", Schema::Person);
    q.names.push(Name::new(
        "Vladislav Petrovich Kornilenko",
        NameKind::Primary,
    ));
    q.birth_dates.push(DateSpec::parse("1970").unwrap());
    let mut v = Entity::new("ofac", "7002", Schema::Vessel);
    v.names
        .push(Name::new("OCEAN STAR GLORY", NameKind::Primary));
    v.identifiers.push(Identifier::new(IdKind::Imo, "9187629"));
    Index::build(vec![
        (info("un", "UN Security Council Consolidated List"), un),
        (info("ofac", "OFAC SDN"), vec![q, v]),
    ])
}

/// A key with the screen role only.
pub const SCREEN_KEY: &str = "screen-key-0123456789abcdef";

/// `KEY` (named `env-1`, admin role) and `SCREEN_KEY` (named `bot`, screen role).
pub fn keys() -> ApiKeys {
    let mut k = ApiKeys::new();
    k.add_env_value(&format!("{KEY_NAME}:admin:{KEY},bot:screen:{SCREEN_KEY}"))
        .unwrap();
    k
}

pub fn options() -> ServerOptions {
    ServerOptions {
        keys: keys(),
        ..Default::default()
    }
}

/// Starts a server on 127.0.0.1:0; returns its base URL.
pub async fn start(server: &Server) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let s = server.clone();
    tokio::spawn(async move { s.serve(listener, std::future::pending()).await });
    format!("http://{addr}")
}

/// A SQLite store in a temporary folder (kept while the folder lives) and a server with the
/// synthetic index that writes its audit log there (not started).
pub fn audited_server() -> (tempfile::TempDir, Arc<namesake_store::SqlStore>, Server) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(namesake_store::open_sqlite(&dir.path().join("n.db")).unwrap());
    let server = Server::new(ServerOptions {
        keys: keys(),
        audit: Some(store.clone()),
        store: Some(store.clone()),
        ..Default::default()
    })
    .unwrap();
    server.set_index(synthetic(0));
    (dir, store, server)
}

/// A server with the synthetic index, started.
pub async fn ready_server() -> (Server, String) {
    let server = Server::new(options()).unwrap();
    server.set_index(synthetic(0));
    let base = start(&server).await;
    (server, base)
}

pub fn client() -> reqwest::Client {
    // reqwest is built with rustls but no crypto provider of its own (the TLS tests bring ring).
    let _ = tokio_rustls::rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

pub fn auth(rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    rb.header("Authorization", format!("ApiKey {KEY}"))
}

/// A one-query yente /match body.
pub fn match_body(schema: &str, props: serde_json::Value) -> serde_json::Value {
    serde_json::json!({"queries": {"q1": {"schema": schema, "properties": props}}})
}

/// Sends a request and returns status and JSON body.
pub async fn send(rb: reqwest::RequestBuilder) -> (u16, serde_json::Value) {
    let resp = rb.send().await.expect("request failed");
    let status = resp.status().as_u16();
    let text = resp.text().await.expect("no body");
    let json = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("status {status}: body is not JSON ({e}): {text}"));
    (status, json)
}

/// One audit record: who, endpoint, subject, number of lists, number of hits.
pub type Record = (String, String, serde_json::Value, usize, usize);

/// An audit log that keeps its records.
#[derive(Default)]
pub struct MemLog(pub std::sync::Mutex<Vec<Record>>);

impl namesake_screening::AuditSink for MemLog {
    fn append(
        &self,
        entries: &[namesake_store::AuditEntry],
    ) -> Result<(), namesake_screening::Error> {
        if let Ok(mut v) = self.0.lock() {
            for e in entries {
                v.push((
                    e.who.clone(),
                    e.subject["endpoint"].as_str().unwrap_or("").to_string(),
                    e.subject["subject"].clone(),
                    e.list_versions.as_array().map_or(0, Vec::len),
                    e.hits.len(),
                ));
            }
        }
        Ok(())
    }
}

pub fn with_log(log: Arc<MemLog>) -> ServerOptions {
    ServerOptions {
        keys: keys(),
        audit: Some(log),
        ..Default::default()
    }
}

/// `../shared/data`; `None` (not in CI: skipped with a note) when absent.
pub fn data_dir() -> Option<std::path::PathBuf> {
    namesake_testdata::shared_data_dir()
}
