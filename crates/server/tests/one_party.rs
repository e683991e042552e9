//! One party on two lists over HTTP (issue 16): the UN's entry and the UK's entry quoting its UN
//! reference are two `/match` results (yente keeps one per entity) whose `referents` name each
//! other, and one
//! `/v1/screen` hit whose `also_on` names the other; `separate_lists` keeps one hit per entry.

mod common;

use common::*;
use namesake_index::Index;
use namesake_model::{IdKind, Identifier, ListInfo, Name, NameKind, Schema};
use namesake_server::Server;
use serde_json::json;

fn two_lists() -> Index {
    let info = |code: &str| ListInfo {
        code: code.into(),
        name: code.to_uppercase(),
        format: "test".into(),
        published: None,
    };
    let mut un = namesake_model::Entity::new("un", "QDi.900", Schema::Person);
    un.names
        .push(Name::new("Abdul Rahman Yasin Qaderi", NameKind::Primary));
    let mut uk = namesake_model::Entity::new("uk", "CTE0042", Schema::Person);
    uk.names
        .push(Name::new("Abdulrahman Yaseen Qadiri", NameKind::Primary));
    uk.identifiers
        .push(Identifier::new(IdKind::UnReference, "QDi.900"));
    Index::build(vec![(info("un"), vec![un]), (info("uk"), vec![uk])])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_party_on_two_lists_is_one_hit_and_yente_results_name_each_other() {
    let server = Server::new(options()).unwrap();
    server.set_index(two_lists());
    let base = start(&server).await;
    let c = client();

    let body = match_body("Person", json!({"name": "Abdul Rahman Yasin Qaderi"}));
    let (status, v) = send(auth(c.post(format!("{base}/match/default"))).json(&body)).await;
    assert_eq!(status, 200, "{v}");
    // yente keeps one result per entity; each names the party's other entries.
    let results = v["responses"]["q1"]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{v}");
    assert_eq!(results[0]["id"], "un:QDi.900");
    assert_eq!(results[0]["referents"], json!(["uk:CTE0042"]));
    assert_eq!(results[0]["datasets"], json!(["un", "uk"]));
    assert_eq!(results[1]["id"], "uk:CTE0042");
    assert_eq!(results[1]["referents"], json!(["un:QDi.900"]));

    let (status, v) = send(
        auth(c.post(format!("{base}/v1/screen")))
            .json(&json!({"name": "Abdul Rahman Yasin Qaderi"})),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{v}");
    assert_eq!(hits[0]["also_on"][0]["entity_id"], "uk:CTE0042", "{v}");

    let (status, v) = send(auth(c.post(format!("{base}/v1/screen"))).json(
        &json!({"name": "Abdul Rahman Yasin Qaderi", "separate_lists": true, "threshold": 0.5}),
    ))
    .await;
    assert_eq!(status, 200, "{v}");
    let ids: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["entity_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["un:QDi.900", "uk:CTE0042"], "{v}");
}
