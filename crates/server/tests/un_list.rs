//! `/match` over the real UN list (skipped when `../shared/data` is absent).

mod common;

use common::*;
use namesake_index::Index;
use namesake_model::{NameKind, Schema};
use namesake_server::Server;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn un_listed_persons_are_matched_through_match() {
    let Some(path) = namesake_testdata::require_list("un_sc_consolidated_2026-02-27.xml") else {
        return;
    };
    let parsed = namesake_sources::load(&path).expect("UN list parses");
    let index = Index::build(vec![(parsed.info, parsed.entities)]);
    // Persons with a primary name of at least three words, spread over the list.
    let persons: Vec<(String, String)> = index
        .entities()
        .iter()
        .filter(|e| e.schema == Schema::Person)
        .filter_map(|e| {
            let n = e.names.iter().find(|n| n.kind == NameKind::Primary)?;
            (n.full.split_whitespace().count() >= 3).then(|| (e.id.clone(), n.full.clone()))
        })
        .step_by(37)
        .take(20)
        .collect();
    assert!(persons.len() >= 10, "UN list has persons");
    let server = Server::new(options()).unwrap();
    server.set_index(index);
    let base = start(&server).await;
    let c = client();
    let queries: serde_json::Map<String, serde_json::Value> = persons
        .iter()
        .enumerate()
        .map(|(i, (_, name))| {
            (
                format!("p{i}"),
                json!({"schema": "Person", "properties": {"name": [name]}}),
            )
        })
        .collect();
    let (status, v) =
        send(auth(c.post(format!("{base}/match/un"))).json(&json!({"queries": queries}))).await;
    assert_eq!(status, 200, "{v}");
    for (i, (id, name)) in persons.iter().enumerate() {
        let results = &v["responses"][format!("p{i}")]["results"];
        let found = results
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == id.as_str() && r["match"] == true);
        assert!(found, "{name} ({id}) not matched: {results}");
    }
    let unlisted = match_body(
        "Person",
        json!({"name": "Margaret Eleanor Whitcombe", "birthDate": "1988-02-14"}),
    );
    let (_, v) = send(auth(c.post(format!("{base}/match/un"))).json(&unlisted)).await;
    let matches: Vec<_> = v["responses"]["q1"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["match"] == true)
        .collect();
    assert!(matches.is_empty(), "unlisted person matched: {matches:?}");
}
