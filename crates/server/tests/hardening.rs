//! Issue 12: audit before answer, decisions over HTTP, key roles, limits named in the 4xx.

mod common;

use std::sync::Arc;

use common::*;
use namesake_server::{Limits, Server, ServerOptions};
use namesake_store::Store;
use serde_json::json;

fn person(name: &str) -> serde_json::Value {
    match_body("Person", json!({"name": name}))
}

/// A server over the synthetic index whose audit log and decisions are an SQLite store.
async fn store_server(
    limits: Limits,
) -> (
    Server,
    String,
    Arc<namesake_store::SqlStore>,
    tempfile::TempDir,
) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(namesake_store::open_sqlite(&dir.path().join("n.db")).unwrap());
    let server = Server::new(ServerOptions {
        keys: keys(),
        limits,
        audit: Some(store.clone()),
        store: Some(store.clone()),
        ..Default::default()
    })
    .unwrap();
    server.set_index(synthetic(0));
    let base = start(&server).await;
    (server, base, store, dir)
}

fn screen_key(rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    rb.header("Authorization", format!("ApiKey {SCREEN_KEY}"))
}

#[tokio::test]
async fn every_answered_screening_has_one_audit_record_in_the_chain() {
    let (_s, base, store, _dir) = store_server(Limits::default()).await;
    let c = client();
    for _ in 0..5 {
        let (status, v) = send(
            auth(c.post(format!("{base}/match/default")))
                .json(&person("Abdul Rahman Yasin Qaderi")),
        )
        .await;
        assert_eq!(status, 200, "{v}");
        assert!(
            v["list_versions"].as_array().is_some_and(|a| a.len() == 2),
            "{v}"
        );
    }
    let (status, v) = send(
        auth(c.post(format!("{base}/v1/screen")))
            .json(&json!({"subjects": [{"name": "Ocean Star Glory"}, {"name": "Nobody Atall"}]})),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let records = store.audit_records(0, 100).unwrap();
    assert_eq!(records.len(), 7, "5 /match queries and 2 subjects");
    assert!(records.iter().all(|r| r.who == KEY_NAME && r.kind == "api"));
    assert!(matches!(
        store.audit_verify().unwrap(),
        namesake_store::AuditCheck::Intact { records: 7, .. }
    ));
}

/// An audit log that cannot be written.
struct Broken;

impl namesake_screening::AuditSink for Broken {
    fn append(&self, _: &[namesake_store::AuditEntry]) -> Result<(), namesake_screening::Error> {
        Err(namesake_screening::Error::Store("disk full".into()))
    }
}

#[tokio::test]
async fn a_screening_that_cannot_be_audited_is_refused_with_503() {
    let server = Server::new(ServerOptions {
        keys: keys(),
        audit: Some(Arc::new(Broken)),
        ..Default::default()
    })
    .unwrap();
    server.set_index(synthetic(0));
    let base = start(&server).await;
    let c = client();
    let (status, v) = send(
        auth(c.post(format!("{base}/match/default"))).json(&person("Abdul Rahman Yasin Qaderi")),
    )
    .await;
    assert_eq!(status, 503, "{v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("audit"),
        "{v}"
    );
    assert!(v.get("responses").is_none(), "no result without a record");
    let (status, _) = send(c.get(format!("{base}/readyz"))).await;
    assert_eq!(
        status, 503,
        "readyz fails while the audit log cannot be written"
    );
}

#[tokio::test]
async fn a_decision_over_http_suppresses_the_hit_in_the_next_match() {
    let (_s, base, store, _dir) = store_server(Limits::default()).await;
    let c = client();
    let body = json!({"queries": {"q1": {"id": "C-17", "schema": "Person", "properties": {"name": "Abdul Rahman Yasin Qaderi"}}}});
    let (_, v) = send(auth(c.post(format!("{base}/match/default"))).json(&body)).await;
    assert_eq!(
        v["responses"]["q1"]["results"][0]["id"], "un:QDi.900",
        "{v}"
    );

    let decision = json!({"subject_id": "C-17", "entity_id": "un:QDi.900", "verdict": "false_positive", "reason": "different date of birth"});
    let (status, v) =
        send(screen_key(c.post(format!("{base}/v1/decisions"))).json(&decision)).await;
    assert_eq!(status, 403, "a screen key cannot decide: {v}");
    let (status, v) = send(auth(c.post(format!("{base}/v1/decisions"))).json(&decision)).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["by"], KEY_NAME);

    let (_, v) = send(auth(c.post(format!("{base}/match/default"))).json(&body)).await;
    let results = v["responses"]["q1"]["results"].as_array().unwrap();
    assert!(results.iter().all(|r| r["id"] != "un:QDi.900"), "{v}");
    let (_, v) =
        send(auth(c.post(format!("{base}/match/default?show_suppressed=true"))).json(&body)).await;
    assert_eq!(
        v["responses"]["q1"]["results"][0]["suppressed"], true,
        "{v}"
    );

    // The store has it, so `namesake screen` suppresses it too.
    assert!(store
        .decisions()
        .unwrap()
        .latest("id:C-17", "un:QDi.900")
        .is_some());
    let (status, v) = send(auth(c.get(format!("{base}/v1/subjects/C-17/decisions")))).await;
    assert_eq!(status, 200);
    assert_eq!(v["decisions"].as_array().unwrap().len(), 1, "{v}");
}

#[tokio::test]
async fn a_screen_key_cannot_reload() {
    let (_s, base) = ready_server().await;
    let (status, v) = send(screen_key(client().post(format!("{base}/admin/reload")))).await;
    assert_eq!(status, 403, "{v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("admin"),
        "{v}"
    );
}

/// The 4xx names the limit and its value.
fn names_limit(v: &serde_json::Value, name: &str, value: u64) {
    assert_eq!(v["error"]["limit"]["name"], name, "{v}");
    assert_eq!(v["error"]["limit"]["value"], value, "{v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains(name),
        "{v}"
    );
}

#[tokio::test]
async fn each_limit_is_named_in_its_refusal() {
    let limits = Limits {
        max_subjects: 2,
        max_names_per_subject: 2,
        max_excluded_ids: 1,
        max_results: 20,
        ..Limits::default()
    };
    let (_s, base, _store, _dir) = store_server(limits).await;
    let c = client();
    let three = json!({"subjects": [{"name": "a b"}, {"name": "c d"}, {"name": "e f"}]});
    let (status, v) = send(auth(c.post(format!("{base}/v1/screen"))).json(&three)).await;
    assert_eq!(status, 413);
    names_limit(&v, "max_subjects", 2);

    let names = json!({"name": ["a b", "c d", "e f"]});
    let (status, v) = send(auth(c.post(format!("{base}/v1/screen"))).json(&names)).await;
    assert_eq!(status, 413);
    names_limit(&v, "max_names_per_subject", 2);

    let url = format!("{base}/match/default?exclude_entity_ids=un:1&exclude_entity_ids=un:2");
    let (status, v) = send(auth(c.post(url)).json(&person("Jane Roe"))).await;
    assert_eq!(status, 413);
    names_limit(&v, "max_excluded_ids", 1);

    let (status, v) =
        send(auth(c.post(format!("{base}/match/default?limit=21"))).json(&person("Jane Roe")))
            .await;
    assert_eq!(status, 413);
    names_limit(&v, "max_results", 20);
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after() {
    let (_s, base, _store, _dir) = store_server(Limits {
        rate_per_minute: 2,
        ..Limits::default()
    })
    .await;
    let c = client();
    for _ in 0..2 {
        let (status, _) = send(auth(c.get(format!("{base}/v1/lists")))).await;
        assert_eq!(status, 200);
    }
    let resp = auth(c.get(format!("{base}/v1/lists")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 429);
    let wait: u64 = resp.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait));
    let v: serde_json::Value = resp.json().await.unwrap();
    names_limit(&v, "rate_per_minute", 2);
    // Another key has its own allowance.
    let (status, _) = send(screen_key(c.get(format!("{base}/v1/lists")))).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn invented_methods_are_counted_as_other() {
    let (_s, base) = ready_server().await;
    let c = client();
    let m = reqwest::Method::from_bytes(b"BREW").unwrap();
    let _ = c
        .request(m, format!("{base}/healthz"))
        .send()
        .await
        .unwrap();
    let text = auth(c.get(format!("{base}/metrics")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("method=\"OTHER\""), "{text}");
    assert!(!text.contains("BREW"));
}

#[tokio::test]
async fn a_connection_that_sends_no_request_head_is_closed_at_the_header_read_timeout() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = Server::new(ServerOptions {
        keys: keys(),
        limits: Limits {
            header_read_timeout_ms: 300,
            ..Limits::default()
        },
        ..Default::default()
    })
    .unwrap();
    server.set_index(synthetic(0));
    let base = start(&server).await;
    let addr = base.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHo").await.unwrap();
    let started = std::time::Instant::now();
    let mut buf = Vec::new();
    let read =
        tokio::time::timeout(std::time::Duration::from_secs(5), s.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the connection was not closed");
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
}

/// The index over the store's current versions, as `namesake serve` builds it without `--list`.
fn load_from_store(store: &dyn Store) -> Result<namesake_server::Loaded, String> {
    let current = store.current_versions().map_err(|e| e.to_string())?;
    let mut lists = Vec::new();
    for v in &current {
        let es = store.entities(v.id).map_err(|e| e.to_string())?;
        lists.push((v.info.clone(), es.into_iter().map(|s| s.entity).collect()));
    }
    Ok(namesake_server::Loaded {
        index: namesake_index::Index::build(lists),
        versions: current
            .iter()
            .map(namesake_screening::UsedVersion::from_store)
            .collect(),
    })
}

fn import(store: &dyn Store, names: &[&str], hash: &str) {
    let info = namesake_model::ListInfo {
        code: "un".into(),
        name: "UN".into(),
        format: "test".into(),
        published: None,
    };
    let entities: Vec<namesake_model::Entity> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let mut e =
                namesake_model::Entity::new("un", &format!("X{i}"), namesake_model::Schema::Person);
            e.names.push(namesake_model::Name::new(
                *n,
                namesake_model::NameKind::Primary,
            ));
            e
        })
        .collect();
    store
        .import_list(&namesake_store::NewList {
            list: "un",
            info: &info,
            entities: &entities,
            content_hash: hash,
            source: "test",
        })
        .unwrap();
}

#[tokio::test]
async fn an_import_by_another_process_is_served_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(namesake_store::open_sqlite(&dir.path().join("n.db")).unwrap());
    import(&*store, &["Zorvan Quellipek"], "h1");
    let loader_store = store.clone();
    let server = Server::new(ServerOptions {
        keys: keys(),
        audit: Some(store.clone()),
        store: Some(store.clone()),
        loader: Some(Arc::new(move || load_from_store(&*loader_store))),
        follow_store: Some(std::time::Duration::from_millis(100)),
        ..Default::default()
    })
    .unwrap();
    server.reload().await.unwrap();
    server.follow_store();
    let base = start(&server).await;
    let c = client();
    let ask = |name: &'static str| {
        let c = c.clone();
        let base = base.clone();
        async move { send(auth(c.post(format!("{base}/v1/screen"))).json(&json!({"name": name}))).await }
    };
    let (_, v) = ask("Mirela Tsvetkanova").await;
    assert_eq!(v["hits"].as_array().unwrap().len(), 0, "{v}");
    let first_version = v["list_versions"][0]["version"].clone();

    // Another process (here: the same store handle) imports a new version.
    import(&*store, &["Zorvan Quellipek", "Mirela Tsvetkanova"], "h2");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (_, v) = ask("Mirela Tsvetkanova").await;
        if !v["hits"].as_array().unwrap().is_empty() {
            assert_ne!(v["list_versions"][0]["version"], first_version, "{v}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the new version was not served: {v}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_reload_while_one_runs_answers_409() {
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let rx = std::sync::Mutex::new(rx);
    let (started_tx, started_rx) = std::sync::mpsc::channel::<()>();
    let started_tx = std::sync::Mutex::new(started_tx);
    let server = Server::new(ServerOptions {
        keys: keys(),
        loader: Some(Arc::new(move || {
            let _ = started_tx.lock().unwrap().send(());
            // Holds the first reload until the test lets it go.
            let _ = rx
                .lock()
                .unwrap()
                .recv_timeout(std::time::Duration::from_secs(5));
            Ok(synthetic(0).into())
        })),
        ..Default::default()
    })
    .unwrap();
    server.set_index(synthetic(0));
    let base = start(&server).await;
    let c = client();
    let first = tokio::spawn({
        let c = c.clone();
        let base = base.clone();
        async move { send(auth(c.post(format!("{base}/admin/reload")))).await }
    });
    // Wait until the first reload is inside the loader.
    tokio::task::spawn_blocking(move || {
        started_rx.recv_timeout(std::time::Duration::from_secs(60))
    })
    .await
    .unwrap()
    .expect("the first reload started");
    let (status, v) = send(auth(c.post(format!("{base}/admin/reload")))).await;
    assert_eq!(status, 409, "{v}");
    tx.send(()).unwrap();
    assert_eq!(first.await.unwrap().0, 200);
}

#[tokio::test]
async fn shutdown_answers_the_requests_in_flight_and_every_200_has_its_record() {
    let (_dir, store, server) = audited_server();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.clone().serve(listener, async move {
        let _ = stop_rx.await;
    }));
    let c = client();
    let requests: Vec<_> = (0..40)
        .map(|_| {
            let c = c.clone();
            let base = base.clone();
            tokio::spawn(async move {
                auth(c.post(format!("{base}/match/default")))
                    .json(&person("Abdul Rahman Yasin Qaderi"))
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
            })
        })
        .collect();
    // Stop once the server has answered at least one of them (its audit record is written before
    // the answer), so some requests are surely in flight or done, however slow the machine.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while store.audit_records(0, 1).unwrap().is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "no request reached the server"
        );
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    stop_tx.send(()).unwrap();
    let mut ok = 0;
    for r in requests {
        if let Ok(Ok(200)) = r.await {
            ok += 1;
        }
    }
    serving.await.unwrap().unwrap();
    assert!(ok > 0, "some requests were answered before the stop");
    // A record may exist for an answer the client never read (the stop closed the connection),
    // never the other way round.
    let records = store.audit_records(0, 1000).unwrap().len();
    assert!(records >= ok, "{ok} answered, {records} recorded");
}
