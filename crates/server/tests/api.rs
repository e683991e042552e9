//! The API over real HTTP on loopback: yente-compatible and native routes, with a synthetic index.

mod common;

use std::sync::Arc;

use common::*;
use namesake_server::Server;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn match_returns_the_listed_person_with_explanations() {
    let (_s, base) = ready_server().await;
    let c = client();
    let body = match_body(
        "Person",
        json!({"firstName": "Abdul Rahman", "lastName": "Yasin Qaderi", "birthDate": "1962-04-10", "nationality": "iq"}),
    );
    let (status, v) = send(auth(c.post(format!("{base}/match/default"))).json(&body)).await;
    assert_eq!(status, 200, "{v}");
    let r = &v["responses"]["q1"];
    assert_eq!(r["status"], 200);
    let top = &r["results"][0];
    assert_eq!(top["id"], "un:QDi.900", "{v}");
    assert_eq!(top["match"], true);
    assert_eq!(top["schema"], "Person");
    assert_eq!(top["datasets"], json!(["un"]));
    assert_eq!(
        top["properties"]["name"],
        json!(["Abdul Rahman Yasin Qaderi"])
    );
    assert!(top["score"].as_f64().unwrap() >= 0.9, "{top}");
    assert!(top["explanations"]["name"]["score"].as_f64().is_some());
    assert!(top["explanations"]["birth_date"]["score"].as_f64().unwrap() > 0.0);
    assert!(top["features"]["name"].as_f64().is_some());
    assert_eq!(r["total"]["value"], 1);
    assert_eq!(
        r["query"]["properties"]["lastName"],
        json!(["Yasin Qaderi"])
    );
    assert_eq!(v["limit"], 5);
    assert!(v["matcher"]["name"]["description"].is_string());

    let unlisted = match_body("Person", json!({"name": "Margaret Eleanor Whitcombe"}));
    let (status, v) = send(auth(c.post(format!("{base}/match/default"))).json(&unlisted)).await;
    assert_eq!(status, 200);
    assert_eq!(v["responses"]["q1"]["results"], json!([]), "{v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn match_params_threshold_identifiers_and_datasets() {
    let (_s, base) = ready_server().await;
    let c = client();
    // A decisive identifier finds the vessel whatever the name.
    let body = match_body(
        "Vessel",
        json!({"name": "Some Other Name", "imoNumber": 9187629}),
    );
    let (status, v) =
        send(auth(c.post(format!("{base}/match/ofac?algorithm=logic-v2"))).json(&body)).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["responses"]["q1"]["results"][0]["id"], "ofac:7002");
    // The UN dataset does not hold it.
    let (_, v) = send(auth(c.post(format!("{base}/match/un"))).json(&body)).await;
    assert_eq!(v["responses"]["q1"]["results"], json!([]));
    // exclude_dataset works on default.
    let (_, v) =
        send(auth(c.post(format!("{base}/match/default?exclude_dataset=ofac"))).json(&body)).await;
    assert_eq!(v["responses"]["q1"]["results"], json!([]));
    // A threshold above the score keeps the result (cutoff 0.70) but it is no match.
    let body = match_body("Person", json!({"name": "Vladislav Kornilenko"}));
    let (_, v) =
        send(auth(c.post(format!("{base}/match/default?threshold=0.999"))).json(&body)).await;
    let results = v["responses"]["q1"]["results"].as_array().unwrap().clone();
    assert!(!results.is_empty(), "{v}");
    assert!(results.iter().all(|r| r["match"] == false), "{v}");
    // Several queries at once, keyed.
    let body = json!({"queries": {
        "a": {"schema": "Person", "properties": {"name": ["Vladislav Petrovich Kornilenko"]}},
        "b": {"schema": "Organization", "properties": {"name": ["Harakat Tahrir Zeravshan"]}},
    }, "weights": {}, "config": {}});
    let (status, v) = send(auth(c.post(format!("{base}/match/sanctions"))).json(&body)).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["responses"]["a"]["results"][0]["id"], "ofac:7001");
    assert_eq!(v["responses"]["b"]["results"][0]["id"], "un:QDe.901");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_is_required_except_health() {
    let (_s, base) = ready_server().await;
    let c = client();
    let body = match_body("Person", json!({"name": "x y"}));
    let (status, v) = send(c.post(format!("{base}/match/default")).json(&body)).await;
    assert_eq!(status, 401);
    assert_eq!(v["error"]["status"], 401);
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("missing API key"));
    let (status, v) = send(
        c.post(format!("{base}/match/default"))
            .header("Authorization", "ApiKey wrong-key-0123456789")
            .json(&body),
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(v["error"]["message"], "invalid API key");
    let (status, _) = send(
        c.post(format!("{base}/match/default"))
            .header("Authorization", format!("Bearer {KEY}"))
            .json(&body),
    )
    .await;
    assert_eq!(status, 200, "Bearer is accepted");
    for path in [
        "/v1/lists",
        "/catalog",
        "/algorithms",
        "/entities/un:QDi.900",
        "/search/default?q=x",
    ] {
        let (status, _) = send(c.get(format!("{base}{path}"))).await;
        assert_eq!(status, 401, "{path}");
    }
    let resp = c.get(format!("{base}/metrics")).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    let resp = c.post(format!("{base}/admin/reload")).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    for path in ["/healthz", "/readyz", "/openapi.json"] {
        let resp = c.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 200, "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_mode_serves_without_a_key_but_not_admin() {
    let err = Server::new(namesake_server::ServerOptions::default()).err();
    assert!(
        err.is_some_and(|e| e.to_string().contains("--open")),
        "no keys and not open: refused"
    );
    let server = Server::new(namesake_server::ServerOptions {
        open: true,
        ..Default::default()
    })
    .unwrap();
    server.set_index(synthetic(0));
    let base = start(&server).await;
    let c = client();
    let (status, _) = send(c.get(format!("{base}/v1/lists"))).await;
    assert_eq!(status, 200);
    let (status, v) = send(c.post(format!("{base}/admin/reload"))).await;
    assert_eq!(status, 401);
    assert!(
        v["error"]["message"].as_str().unwrap().contains("admin"),
        "{v}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_4xx_json_naming_the_problem() {
    let server = Server::new(namesake_server::ServerOptions {
        keys: keys(),
        max_batch: 3,
        max_body_bytes: 4096,
        ..Default::default()
    })
    .unwrap();
    server.set_index(synthetic(0));
    let base = start(&server).await;
    let c = client();
    let url = format!("{base}/match/default");

    let (status, v) = send(
        auth(c.post(&url))
            .header("content-type", "application/json")
            .body("{\"queries\": {"),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(v["error"]["field"], "body");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("malformed JSON"),
        "{v}"
    );
    assert_eq!(v["detail"], v["error"]["message"]);

    let (status, v) =
        send(auth(c.post(&url)).json(&match_body("Banana", json!({"name": "x"})))).await;
    assert_eq!(status, 422);
    assert_eq!(v["error"]["field"], "queries.q1.schema");
    assert!(v["error"]["message"].as_str().unwrap().contains("Banana"));

    let (status, v) = send(auth(c.post(&url)).json(&match_body(
        "Person",
        json!({"name": "x", "birthDate": "1990-13-45"}),
    )))
    .await;
    assert_eq!(status, 400);
    assert_eq!(v["error"]["field"], "queries.q1.properties.birthDate");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("1990-13-45"),
        "{v}"
    );

    let many: serde_json::Map<String, serde_json::Value> = (0..4)
        .map(|i| {
            (
                format!("q{i}"),
                json!({"schema": "Person", "properties": {"name": "x"}}),
            )
        })
        .collect();
    let (status, v) = send(auth(c.post(&url)).json(&json!({"queries": many}))).await;
    assert_eq!(status, 413);
    assert_eq!(v["error"]["field"], "queries");

    let big =
        json!({"queries": {"q": {"schema": "Person", "properties": {"name": "x".repeat(5000)}}}});
    let (status, v) = send(auth(c.post(&url)).json(&big)).await;
    assert_eq!(status, 413, "{v}");
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("too large"));

    let (status, v) = send(
        auth(c.post(format!("{url}?threshold=2")))
            .json(&match_body("Person", json!({"name": "x"}))),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(v["error"]["field"], "threshold");

    let (status, v) = send(
        auth(c.post(format!("{url}?algorithm=magic")))
            .json(&match_body("Person", json!({"name": "x"}))),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(v["error"]["field"], "algorithm");

    let (status, v) = send(auth(c.post(&url)).json(&json!({"queries": []}))).await;
    assert_eq!(status, 400);
    assert_eq!(v["error"]["field"], "queries");

    let (status, v) = send(
        auth(c.post(format!("{base}/match/nowhere")))
            .json(&match_body("Person", json!({"name": "x"}))),
    )
    .await;
    assert_eq!(status, 404);
    assert!(v["error"]["message"].as_str().unwrap().contains("nowhere"));

    let (status, _) = send(auth(c.get(format!("{base}/entities/un:nothing")))).await;
    assert_eq!(status, 404);
    let (status, _) = send(auth(c.get(format!("{base}/no/such/route")))).await;
    assert_eq!(status, 404);
    let (status, v) = send(auth(c.get(&url))).await;
    assert_eq!(status, 405, "{v}");

    // Native API.
    let s = format!("{base}/v1/screen");
    let (status, v) = send(auth(c.post(&s)).json(&json!({"name": "x", "dob": "yesterday"}))).await;
    assert_eq!(status, 400);
    assert_eq!(v["error"]["field"], "dob");
    let (status, v) = send(
        auth(c.post(&s))
            .json(&json!({"subjects": [{"name": "x"}, {"name": "y", "schema": "planet"}]})),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(v["error"]["field"], "subjects[1].schema");
    let (status, v) =
        send(auth(c.post(&s)).json(
            &json!({"subjects": [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d"}]}),
        ))
        .await;
    assert_eq!(status, 413);
    assert_eq!(v["error"]["field"], "subjects");
    let (status, v) = send(auth(c.post(&s)).json(&json!({"nmae": "x"}))).await;
    assert_eq!(status, 400);
    assert_eq!(v["error"]["field"], "nmae");
    let (status, v) = send(auth(c.post(&s)).json(&json!({"name": "x", "lists": ["mars"]}))).await;
    assert_eq!(status, 400);
    assert_eq!(v["error"]["field"], "lists");
    // The options are checked by the screening layer's one rule, and the message says what was
    // sent as it was sent.
    for (body, field, message) in [
        (
            json!({"name": "x", "threshold": "0.5"}),
            "threshold",
            "threshold must be a number between 0 and 1, got \"0.5\"",
        ),
        (
            json!({"name": "x", "threshold": 1.5}),
            "threshold",
            "threshold must be a number between 0 and 1, got 1.5",
        ),
        (
            json!({"name": "x", "limit": 0}),
            "limit",
            "limit must be a whole number from 1 to 500, got 0",
        ),
        (
            json!({"name": "x", "limit": -3}),
            "limit",
            "limit must be a whole number from 1 to 500, got -3",
        ),
    ] {
        let (status, v) = send(auth(c.post(&s)).json(&body)).await;
        assert_eq!(status, 400, "{body} {v}");
        assert_eq!(v["error"]["field"], field, "{v}");
        assert_eq!(v["error"]["message"], message, "{v}");
    }
    let (status, v) = send(
        auth(c.post(format!("{url}?limit=0"))).json(&match_body("Person", json!({"name": "x"}))),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        v["error"]["message"],
        "limit must be a whole number from 1 to 500, got 0"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_ready_until_an_index_is_loaded() {
    let server = Server::new(options()).unwrap();
    let base = start(&server).await;
    let c = client();
    let (status, v) = send(c.get(format!("{base}/readyz"))).await;
    assert_eq!(status, 503);
    assert_eq!(v["error"]["status"], 503);
    let (status, _) = send(
        auth(c.post(format!("{base}/match/default")))
            .json(&match_body("Person", json!({"name": "x"}))),
    )
    .await;
    assert_eq!(status, 503);
    let (status, _) =
        send(auth(c.post(format!("{base}/v1/screen"))).json(&json!({"name": "x"}))).await;
    assert_eq!(status, 503);
    let (status, _) = send(c.get(format!("{base}/healthz"))).await;
    assert_eq!(status, 200);
    server.set_index(synthetic(0));
    let (status, _) = send(c.get(format!("{base}/readyz"))).await;
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn native_screen_single_and_batch() {
    let log = Arc::new(MemLog::default());
    let server = Server::new(with_log(log.clone())).unwrap();
    server.set_index(synthetic(0));
    let base = start(&server).await;
    let c = client();
    let (status, v) = send(auth(c.post(format!("{base}/v1/screen"))).json(&json!({
        "name": "Abdul Rahman Yasin Qaderi", "dob": "1962", "nationality": "Iraq", "threshold": 0.75
    })))
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        v["threshold"].as_f64().map(|t| (t * 100.0).round()),
        Some(75.0)
    );
    let hit = &v["hits"][0];
    assert_eq!(hit["entity_id"], "un:QDi.900");
    for k in [
        "score",
        "band",
        "list",
        "name",
        "schema",
        "matched_name",
        "explanation",
    ] {
        assert!(!hit[k].is_null(), "hit lacks {k}: {hit}");
    }
    assert_eq!(v["query"]["countries"], json!(["iq"]));

    let (status, v) = send(auth(c.post(format!("{base}/v1/screen"))).json(&json!({
        "subjects": [
            {"id": "c-1", "name": "OCEAN STAR GLORY", "schema": "vessel"},
            {"name": "Margaret Eleanor Whitcombe"},
            {"first_name": "Vladislav", "last_name": "Kornilenko", "gender": "male"},
            {"id_number": "P 1234567", "name": "Unrelated"},
            {"name": "Harakat Tahrir Zeravshan"},
        ],
        "lists": ["ofac", "un"]
    })))
    .await;
    assert_eq!(status, 200, "{v}");
    let r = v["results"].as_array().unwrap();
    assert_eq!(r.len(), 5);
    assert_eq!(r[0]["id"], "c-1");
    assert_eq!(r[0]["hits"][0]["entity_id"], "ofac:7002");
    assert_eq!(r[1]["id"], 2);
    assert_eq!(r[1]["hits"], json!([]));
    assert_eq!(r[2]["hits"][0]["entity_id"], "ofac:7001");
    assert_eq!(
        r[3]["hits"][0]["entity_id"], "un:QDi.900",
        "identifier decides"
    );
    assert_eq!(r[4]["hits"][0]["entity_id"], "un:QDe.901");

    // Every subject went to the audit log under the key's name.
    let records = log.0.lock().unwrap().clone();
    assert_eq!(records.len(), 6);
    assert!(records
        .iter()
        .all(|r| r.0 == KEY_NAME && r.1 == "/v1/screen"));
    assert_eq!(records[0].2["name"], "Abdul Rahman Yasin Qaderi");
    assert!(
        records[0].2.get("threshold").is_none(),
        "options are not part of the subject"
    );
    assert_eq!(records[1].2["id"], "c-1");
    assert_eq!(records[2].4, 0);
    assert_eq!(records[1].3, 2, "both lists screened");

    let (status, v) = send(auth(c.get(format!("{base}/v1/lists")))).await;
    assert_eq!(status, 200);
    assert_eq!(v["lists"][0]["code"], "un");
    assert_eq!(v["lists"][0]["entities"], 2);
    assert_eq!(v["lists"][0]["schemas"]["person"], 1);
    assert_eq!(v["generation"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn match_is_audited_with_the_callers_key_name() {
    let log = Arc::new(MemLog::default());
    let server = Server::new(with_log(log.clone())).unwrap();
    server.set_index(synthetic(0));
    let base = start(&server).await;
    let body = json!({"queries": {
        "a": {"schema": "Person", "properties": {"name": "Vladislav Petrovich Kornilenko"}},
        "b": {"schema": "Person", "properties": {"name": "Nobody Atall Here"}},
    }});
    let (status, _) = send(auth(client().post(format!("{base}/match/ofac"))).json(&body)).await;
    assert_eq!(status, 200);
    let records = log.0.lock().unwrap().clone();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].0, KEY_NAME);
    assert_eq!(records[0].1, "/match/ofac");
    assert_eq!(records[0].3, 1, "one list screened");
    assert_eq!(records[0].4, 1);
    assert_eq!(records[1].4, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_entities_catalog_algorithms_openapi_metrics() {
    let (_s, base) = ready_server().await;
    let c = client();
    let (status, v) = send(auth(
        c.get(format!("{base}/search/default?q=Kornilenko%20Vladislav")),
    ))
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["results"][0]["id"], "ofac:7001");
    assert_eq!(v["total"]["relation"], "eq");
    assert_eq!(v["facets"]["datasets"]["values"][0]["name"], "ofac");
    let (_, v) = send(auth(c.get(format!("{base}/search/un?limit=1&offset=1")))).await;
    assert_eq!(
        v["total"]["value"], 2,
        "browsing without q lists the dataset"
    );
    assert_eq!(v["results"].as_array().unwrap().len(), 1);

    let (status, v) = send(auth(c.get(format!("{base}/entities/un%3AQDi.900")))).await;
    assert_eq!(status, 200);
    assert_eq!(v["caption"], "Abdul Rahman Yasin Qaderi");
    assert_eq!(v["properties"]["weakAlias"], json!(["Abu Yasin"]));
    assert_eq!(v["properties"]["passportNumber"], json!(["P1234567"]));
    assert_eq!(v["properties"]["birthDate"], json!(["1962-04-10"]));

    let (_, v) = send(auth(c.get(format!("{base}/catalog")))).await;
    let names: Vec<&str> = v["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["name"].as_str())
        .collect();
    assert_eq!(names, vec!["un", "ofac", "default", "sanctions"]);
    assert_eq!(v["datasets"][2]["children"], json!(["un", "ofac"]));

    let (_, v) = send(auth(c.get(format!("{base}/algorithms")))).await;
    assert_eq!(v["default"], "namesake");
    let algos: Vec<&str> = v["algorithms"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    for a in ["logic-v1", "logic-v2", "best"] {
        assert!(algos.contains(&a), "{a}");
    }

    let (status, v) = send(c.get(format!("{base}/openapi.json"))).await;
    assert_eq!(status, 200);
    for p in [
        "/match/{dataset}",
        "/v1/screen",
        "/v1/lists",
        "/search/{dataset}",
        "/entities/{id}",
    ] {
        assert!(v["paths"][p].is_object(), "OpenAPI lacks {p}");
    }
    assert!(v["components"]["securitySchemes"]["api_key"].is_object());

    let text = auth(c.get(format!("{base}/metrics")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("namesake_http_requests_total{"), "{text}");
    assert!(text.contains("route=\"/search/{dataset}\""), "{text}");
    assert!(text.contains("namesake_index_entities 4"), "{text}");
    assert!(
        text.contains("namesake_http_request_duration_seconds_bucket"),
        "{text}"
    );
}
