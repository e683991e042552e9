//! `POST /v1/payments/screen` over the synthetic index.

mod common;

use common::*;

const PACS008: &str = r#"<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
<FIToFICstmrCdtTrf><GrpHdr><MsgId>API-1</MsgId></GrpHdr><CdtTrfTxInf>
<Dbtr><Nm>Jane Example</Nm></Dbtr>
<Cdtr><Nm>Vladislav P. Kornilenko</Nm></Cdtr>
</CdtTrfTxInf></FIToFICstmrCdtTrf></Document>"#;

#[tokio::test]
async fn a_message_with_a_listed_creditor_is_held_with_its_path() {
    let (_server, base) = ready_server().await;
    let rb = client()
        .post(format!("{base}/v1/payments/screen"))
        .body(PACS008);
    let (status, body) = send(auth(rb)).await;
    assert_eq!(status, 200, "{body}");
    let r = &body["results"][0];
    assert_eq!(r["decision"], "hold", "{body}");
    assert_eq!(r["hits"][0]["entity_id"], "ofac:7001");
    assert_eq!(
        r["hits"][0]["path"],
        "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm"
    );
}

#[tokio::test]
async fn a_dtd_is_refused_with_400_and_no_key_is_401() {
    let (_server, base) = ready_server().await;
    let url = format!("{base}/v1/payments/screen");
    let doctype = format!("<!DOCTYPE d [<!ENTITY x \"y\">]>{PACS008}");
    let (status, body) = send(auth(client().post(&url).body(doctype))).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.to_string().contains("DTD"), "{body}");
    let (status, _) = send(client().post(&url).body(PACS008)).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn a_screened_message_is_audited_and_names_its_list_versions() {
    let (_dir, store, server) = audited_server();
    let base = start(&server).await;
    let rb = client()
        .post(format!("{base}/v1/payments/screen"))
        .header("x-request-id", "pay-audit-1")
        .body(PACS008);
    let (status, body) = send(auth(rb)).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["results"][0]["list_versions"].is_array(),
        "the result names the list versions: {body}"
    );

    use namesake_store::Store;
    let records = store.audit_records(0, 100).unwrap();
    assert_eq!(records.len(), 1, "{records:?}");
    let r = &records[0];
    assert_eq!(r.kind, "payment");
    assert_eq!(r.who, KEY_NAME);
    let subject: serde_json::Value = serde_json::from_str(&r.subject).unwrap();
    assert_eq!(subject["request_id"], "pay-audit-1");
    assert_eq!(subject["endpoint"], "/v1/payments/screen");
    assert_eq!(subject["decision"], "hold");
    assert!(r.hits.contains("ofac:7001"), "{}", r.hits);
}
