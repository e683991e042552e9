//! The UI's alert queue with 100,000 alerts in the store: each page, served over loopback HTTP
//! with a signed-in session (after the first request has read the audit log).
//!
//!   cargo bench -p namesake-server --bench ui_queue

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use namesake_index::Index;
use namesake_model::{Entity, ListInfo, Name, NameKind, Schema};
use namesake_server::{ApiKeys, Server, ServerOptions};
use namesake_store::{AuditEntry, AuditHit, Store};
use serde_json::json;

const ALERTS: usize = 100_000;
const ENTITIES: usize = 1_000;
const KEY: &str = "bench-review-key-0123456789";

fn index() -> Index {
    let entities = (0..ENTITIES)
        .map(|i| {
            let mut e = Entity::new("un", &format!("QDi.{i}"), Schema::Person);
            e.names.push(Name::new(
                format!("Listed Person Number{i}"),
                NameKind::Primary,
            ));
            e
        })
        .collect();
    let info = ListInfo {
        code: "un".into(),
        name: "UN".into(),
        format: "bench".into(),
        published: None,
    };
    Index::build(vec![(info, entities)])
}

/// 100,000 audit records, one hit each, on distinct subjects.
fn fill(store: &dyn Store) {
    let entries: Vec<AuditEntry> = (0..ALERTS)
        .map(|i| AuditEntry {
            who: "batch".into(),
            kind: "batch".into(),
            subject: json!({"subject_key": format!("id:S-{i}"), "query": {"names": [format!("Subject Number{i}")]}}),
            list_versions: json!([]),
            threshold: 0.7,
            hits: vec![AuditHit {
                entity_id: format!("un:QDi.{}", i % ENTITIES),
                score: 0.7 + (i % 30) as f64 / 100.0,
                suppressed: false,
                also_on: Vec::new(),
            }],
        })
        .collect();
    for chunk in entries.chunks(10_000) {
        store.audit_append(chunk).unwrap();
    }
}

/// Signs in; returns the session cookie.
async fn sign_in(c: &reqwest::Client, base: &str) -> String {
    let form = c.get(format!("{base}/ui/login")).send().await.unwrap();
    let login = form.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let body = form.text().await.unwrap();
    let at = body.find("name=\"csrf\" value=\"").unwrap() + 19;
    let csrf = &body[at..at + 64];
    let resp = c
        .post(format!("{base}/ui/login"))
        .header("cookie", login)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf={csrf}&key={KEY}"))
        .send()
        .await
        .unwrap();
    let session = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|v| v.starts_with("namesake_session="))
        .unwrap();
    session.split(';').next().unwrap().to_string()
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> =
        Arc::new(namesake_store::open_sqlite(&dir.path().join("b.db")).unwrap());
    fill(store.as_ref());
    let mut keys = ApiKeys::new();
    keys.add_env_value(&format!("analyst:review:{KEY}"))
        .unwrap();
    let server = Server::new(ServerOptions {
        keys,
        store: Some(store),
        ..Default::default()
    })
    .unwrap();
    server.set_index(index());
    let base = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(server.serve(listener, std::future::pending()));
        format!("http://{addr}")
    });
    let _ = tokio_rustls::rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let cookie = rt.block_on(sign_in(&http, &base));
    let rt = &rt;
    let get = |path: &str| {
        let url = format!("{base}{path}");
        let (http, cookie) = (http.clone(), cookie.clone());
        move || {
            rt.block_on(async {
                let r = http
                    .get(&url)
                    .header("cookie", &cookie)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 200);
                r.text().await.unwrap().len()
            })
        }
    };
    // The first request reads the 100,000 audit records into the queue.
    let first = std::time::Instant::now();
    get("/ui/queue")();
    eprintln!(
        "first queue page (reads {ALERTS} audit records): {:?}",
        first.elapsed()
    );
    let mut g = c.benchmark_group("ui_queue_100k");
    g.sample_size(30);
    let mut first_page = get("/ui/queue");
    g.bench_function("first page", |b| b.iter(&mut first_page));
    let mut last_page = get("/ui/queue?page=2000");
    g.bench_function("last page", |b| b.iter(&mut last_page));
    let mut filtered = get("/ui/queue?band=strong&subject=number99");
    g.bench_function("band and subject filter", |b| b.iter(&mut filtered));
    let mut alert = get("/ui/alert?subject=id%3AS-99999&entity=un%3AQDi.999");
    g.bench_function("alert page", |b| b.iter(&mut alert));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
