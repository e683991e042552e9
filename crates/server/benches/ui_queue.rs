//! The UI's alert queue with 100,000 alerts in the store: each page, served over loopback HTTP
//! with a signed-in session (after the first request has read the audit log). The store also
//! holds two versions of the list and a re-screening of registered subjects after the update,
//! so that the lists page has an update whose touched subjects it shows.
//!
//!   cargo bench -p namesake-server --bench ui_queue

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use namesake_index::Index;
use namesake_model::{Entity, ListInfo, Name, NameKind, Query, Schema};
use namesake_server::{ApiKeys, Server, ServerOptions};
use namesake_store::rescreen::RescreenOptions;
use namesake_store::{subject_key, AuditEntry, AuditHit, Imported, NewList, Store, Subject};
use serde_json::json;

const ALERTS: usize = 100_000;
const ENTITIES: usize = 1_000;
const KEY: &str = "bench-review-key-0123456789";

/// Registered subjects, each named as one listed entity (so the update's changes touch them).
const REGISTERED: usize = 200;
/// Entities the list update changes (a remark added).
const CHANGED: usize = 100;

fn entities() -> Vec<Entity> {
    (0..ENTITIES)
        .map(|i| {
            let mut e = Entity::new("un", &format!("QDi.{i}"), Schema::Person);
            e.names.push(Name::new(
                format!("Listed Person Number{i}"),
                NameKind::Primary,
            ));
            e
        })
        .collect()
}

fn info() -> ListInfo {
    ListInfo {
        code: "un".into(),
        name: "UN".into(),
        format: "bench".into(),
        published: None,
    }
}

fn index() -> Index {
    Index::build(vec![(info(), entities())])
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

/// Imports `entities` as a new version of the list; returns the version's id.
fn import(store: &dyn Store, entities: &[Entity], hash: &str) -> i64 {
    let imported = store
        .import_list(&NewList {
            list: "un",
            info: &info(),
            entities,
            content_hash: hash,
            source: "bench",
        })
        .unwrap();
    match imported {
        Imported::New { version, .. } => version.id,
        other => panic!("not a new version: {other:?}"),
    }
}

fn rescreen(store: &dyn Store, baseline: bool) -> usize {
    let opts = RescreenOptions {
        threshold: 0.7,
        limit: 10,
        who: "nightly".into(),
        baseline,
    };
    namesake_store::rescreen::rescreen(store, &opts)
        .unwrap()
        .alerts
        .len()
}

/// The list's update: version 1, registered subjects screened as a baseline, version 2 with
/// [`CHANGED`] entities changed, and the re-screening that finds the subjects it touched.
/// Returns the two versions' ids.
fn update(store: &dyn Store) -> (i64, i64) {
    let mut listed = entities();
    let v1 = import(store, &listed, "v1");
    let subjects: Vec<Subject> = (0..REGISTERED)
        .map(|i| {
            let id = format!("R-{i}");
            let query = Query::name(format!("Listed Person Number{i}"));
            Subject {
                key: subject_key(Some(&id), &query),
                row_id: Some(id),
                query,
            }
        })
        .collect();
    store
        .import_subjects(&subjects, "customers.csv", false)
        .unwrap();
    rescreen(store, true);
    for e in listed.iter_mut().take(CHANGED) {
        e.remarks.push("Listed again with a new reference.".into());
    }
    let v2 = import(store, &listed, "v2");
    let alerts = rescreen(store, false);
    eprintln!("re-screening after the update: {alerts} alerts");
    (v1, v2)
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
    let (v1, v2) = update(store.as_ref());
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
    // A page's body, asked for in `lang` (an Accept-Language value) when given.
    let get_in = |path: &str, lang: Option<&'static str>| {
        let url = format!("{base}{path}");
        let (http, cookie) = (http.clone(), cookie.clone());
        move || {
            rt.block_on(async {
                let mut req = http.get(&url).header("cookie", &cookie);
                if let Some(l) = lang {
                    req = req.header("accept-language", l);
                }
                let r = req.send().await.unwrap();
                assert_eq!(r.status(), 200, "{url}");
                r.text().await.unwrap()
            })
        }
    };
    let get = |path: &str| {
        let page = get_in(path, None);
        move || page().len()
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
    let mut deep = get("/ui/queue?list=un&band=probable&page=600");
    g.bench_function("list and band filter, page 600", |b| b.iter(&mut deep));
    let mut turkish = {
        let page = get_in("/ui/queue", Some("tr"));
        assert!(page().contains("Alarm kuyruğu"), "the queue in Turkish");
        move || page().len()
    };
    g.bench_function("first page, Turkish", |b| b.iter(&mut turkish));
    let mut alert = get("/ui/alert?subject=id%3AS-99999&entity=un%3AQDi.999");
    g.bench_function("alert page", |b| b.iter(&mut alert));
    let mut subject = get("/ui/subject?key=id%3AS-99999");
    g.bench_function("subject page", |b| b.iter(&mut subject));
    let mut lists = get("/ui/lists");
    g.bench_function("lists page", |b| b.iter(&mut lists));
    let mut touched = {
        let page = get_in(&format!("/ui/lists?from={v1}&to={v2}"), None);
        let body = page();
        assert!(
            body.contains("/ui/subject?key="),
            "touched subjects: {body}"
        );
        move || page().len()
    };
    g.bench_function("an update's page, touched subjects", |b| {
        b.iter(&mut touched)
    });
    let mut audit = get("/ui/audit");
    g.bench_function("audit, first page", |b| b.iter(&mut audit));
    let mut search = get("/ui/audit?q=Subject+Number99999");
    g.bench_function("audit search", |b| b.iter(&mut search));
    // Last: each screening is recorded in the audit log (and may add an alert).
    let mut screen = get("/ui/screen/results?name=Listed+Person+Number12");
    g.bench_function("screen results", |b| b.iter(&mut screen));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
