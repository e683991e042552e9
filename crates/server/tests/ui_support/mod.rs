//! A server with a store and reviewers' keys, for the /ui tests (HTTP and browser).

#![allow(dead_code)]

use std::sync::Arc;

use namesake_index::Index;
use namesake_server::{ApiKeys, Server, ServerOptions, UiOptions};
use namesake_store::Store;

pub const AYSE_KEY: &str = "ayse-review-key-0123456789";
pub const BORA_KEY: &str = "bora-review-key-0123456789";
pub const ADMIN_KEY: &str = "ops-admin-key-0123456789";
pub const BOT_KEY: &str = "bot-screen-key-0123456789";

/// Two reviewers, an admin and a screening bot.
pub fn keys() -> ApiKeys {
    let mut k = ApiKeys::new();
    k.add_env_value(&format!(
        "ayse:review:{AYSE_KEY},bora:review:{BORA_KEY},ops:admin:{ADMIN_KEY},bot:screen:{BOT_KEY}"
    ))
    .unwrap();
    k
}

/// A running server over `index` with a fresh SQLite store as its audit log and decision store.
pub struct UiServer {
    pub base: String,
    pub store: Arc<dyn Store>,
    pub server: Server,
    _dir: tempfile::TempDir,
}

pub async fn start(index: Index, four_eyes: bool) -> UiServer {
    let dir = tempfile::tempdir().unwrap();
    let sql = Arc::new(namesake_store::open_sqlite(&dir.path().join("namesake.db")).unwrap());
    let store: Arc<dyn Store> = sql.clone();
    let audit: Arc<dyn namesake_screening::AuditSink> = sql;
    let server = Server::new(ServerOptions {
        keys: keys(),
        audit: Some(audit),
        store: Some(store.clone()),
        ui: UiOptions {
            four_eyes,
            ..Default::default()
        },
        ..Default::default()
    })
    .unwrap();
    server.set_index(index);
    UiServer {
        base: serve(&server).await,
        store,
        server,
        _dir: dir,
    }
}

/// Serves `server` on a free loopback port; returns its base URL.
pub async fn serve(server: &Server) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let s = server.clone();
    tokio::spawn(async move { s.serve(listener, std::future::pending()).await });
    format!("http://{addr}")
}

/// Screens subjects through the native API with the bot's key; returns the JSON answer.
pub async fn screen(base: &str, body: serde_json::Value) -> serde_json::Value {
    let resp = http_client()
        .post(format!("{base}/v1/screen"))
        .header("Authorization", format!("ApiKey {BOT_KEY}"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let v: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(status, 200, "{v}");
    v
}

/// A reqwest client: reqwest is built with rustls and no crypto provider of its own, so the
/// tests install ring's first.
pub fn http_client() -> reqwest::Client {
    install_crypto();
    reqwest::Client::new()
}

/// Installs ring as the process's rustls provider (once; later calls do nothing).
pub fn install_crypto() {
    let _ = tokio_rustls::rustls::crypto::ring::default_provider().install_default();
}
