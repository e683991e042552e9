//! Reloading while requests are in flight fails none of them.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::*;
use namesake_server::{Server, ServerOptions};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reloads_during_concurrent_requests_fail_none() {
    let loads = Arc::new(AtomicUsize::new(0));
    let counter = loads.clone();
    // Each load builds a different index (more filler entities), so swaps are real.
    let loader: namesake_server::IndexLoader = Arc::new(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        Ok(synthetic(200 + 50 * n).into())
    });
    let server = Server::new(ServerOptions {
        keys: keys(),
        loader: Some(loader),
        ..Default::default()
    })
    .unwrap();
    let first = server.reload().await.unwrap();
    assert_eq!(first.generation, 1);
    let base = start(&server).await;
    let c = client();

    let mut tasks = Vec::new();
    for t in 0..16 {
        let c = c.clone();
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            for i in 0..25 {
                let (status, v) = if (t + i) % 2 == 0 {
                    send(
                        auth(c.post(format!("{base}/match/default"))).json(&match_body(
                            "Person",
                            json!({"name": "Abdul Rahman Yasin Qaderi"}),
                        )),
                    )
                    .await
                } else {
                    send(
                        auth(c.post(format!("{base}/v1/screen")))
                            .json(&json!({"name": "Vladislav Kornilenko"})),
                    )
                    .await
                };
                // Every request sees a complete index: the listed party is found.
                let found = v["responses"]["q1"]["results"][0]["id"] == "un:QDi.900"
                    || v["hits"][0]["entity_id"] == "ofac:7001";
                statuses.push((status, found));
            }
            statuses
        }));
    }
    let reloader = {
        let c = c.clone();
        let base = base.clone();
        tokio::spawn(async move {
            let mut gens = Vec::new();
            for _ in 0..5 {
                let (status, v) = send(auth(c.post(format!("{base}/admin/reload")))).await;
                assert_eq!(status, 200, "{v}");
                gens.push(v["generation"].as_u64().unwrap_or(0));
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            gens
        })
    };
    let mut total = 0;
    for t in tasks {
        for (status, found) in t.await.unwrap() {
            assert_eq!(status, 200);
            assert!(found);
            total += 1;
        }
    }
    assert_eq!(total, 400);
    assert_eq!(reloader.await.unwrap(), vec![2, 3, 4, 5, 6]);
    let (_, v) = send(auth(c.get(format!("{base}/v1/lists")))).await;
    assert_eq!(v["generation"], 6);
    assert_eq!(v["lists"][0]["entities"], 2 + 200 + 50 * 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_reload_keeps_the_previous_index() {
    let fail = Arc::new(AtomicUsize::new(0));
    let f = fail.clone();
    let loader: namesake_server::IndexLoader = Arc::new(move || {
        if f.fetch_add(1, Ordering::SeqCst) == 0 {
            Ok(synthetic(0).into())
        } else {
            Err("un.xml: unexpected end of file".into())
        }
    });
    let server = Server::new(ServerOptions {
        keys: keys(),
        loader: Some(loader),
        ..Default::default()
    })
    .unwrap();
    server.reload().await.unwrap();
    let base = start(&server).await;
    let c = client();
    let (status, v) = send(auth(c.post(format!("{base}/admin/reload")))).await;
    assert_eq!(status, 500);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unexpected end of file"),
        "{v}"
    );
    let (status, v) =
        send(auth(c.post(format!("{base}/v1/screen"))).json(&json!({"name": "OCEAN STAR GLORY"})))
            .await;
    assert_eq!(status, 200);
    assert_eq!(v["hits"][0]["entity_id"], "ofac:7002");
    let text = auth(c.get(format!("{base}/metrics")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("namesake_index_reload_failures_total 1"),
        "{text}"
    );
}
