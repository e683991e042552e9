//! Issue 12: `/search` is a screening too: a name search is recorded in the audit log (with the
//! request id and the entities it returned) before it is answered; browsing without `q` is not.

mod common;

use common::*;
use namesake_store::Store;

#[tokio::test]
async fn a_name_search_is_audited_with_its_request_id_and_results() {
    let (_dir, store, server) = audited_server();
    let base = start(&server).await;
    let c = client();
    let resp = auth(c.get(format!("{base}/search/default?q=Abdul%20Rahman%20Qaderi")))
        .header("x-request-id", "search-audit-1")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let (status, _) = send(auth(c.get(format!("{base}/search/default?limit=5")))).await;
    assert_eq!(status, 200);

    let records = store.audit_records(0, 100).unwrap();
    assert_eq!(records.len(), 1, "one name search, one browse: {records:?}");
    let r = &records[0];
    let subject: serde_json::Value = serde_json::from_str(&r.subject).unwrap();
    assert_eq!(subject["request_id"], "search-audit-1");
    assert_eq!(subject["endpoint"], "/search/default");
    assert_eq!(subject["subject"]["q"], "Abdul Rahman Qaderi");
    assert_eq!(r.who, KEY_NAME);
    assert!(r.hits.contains("un:QDi.900"), "{}", r.hits);
}
