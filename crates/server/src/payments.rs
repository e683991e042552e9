//! `POST /v1/payments/screen`: the body is one ISO 20022 XML message or SWIFT MT text (one or
//! more messages); the answer is `{"results": [...]}`, one screening result per message (the
//! same JSON as `namesake screen-payment` prints), or 400 naming the message and the place
//! when a lone message cannot be read. The router's body limit and authentication apply; every
//! screened message is written to the audit log before the answer goes out (503 when it cannot
//! be), and each result names the list versions it used.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::{Extension, Json};
use namesake_payments::{parse_batch, ListTables, ParseOptions, Screener, ScreeningConfig};
use namesake_screening::payment::audit_entry;
use namesake_store::AuditEntry;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::extract::{Caller, RequestId, St};
use crate::native::run_screening;
use crate::Snapshot;

/// The payment lookups (BICs, LEIs, listed words) of the index in service, built once per
/// index: keyed by the snapshot's address, generation and load time.
type Cached = Option<((usize, u64, u64), Arc<ListTables>)>;
static TABLES: Mutex<Cached> = Mutex::new(None);

fn tables(snap: &Arc<Snapshot>) -> Arc<ListTables> {
    let key = (Arc::as_ptr(snap) as usize, snap.generation, snap.loaded_at);
    let mut cache = TABLES.lock().unwrap_or_else(|e| e.into_inner());
    match cache.as_ref() {
        Some((k, t)) if *k == key => t.clone(),
        _ => {
            let t = Arc::new(ListTables::build(snap.index()));
            *cache = Some((key, t.clone()));
            t
        }
    }
}

/// The handler: parsed and screened on the blocking pool within the concurrency limit, answered
/// only once every screened message's audit record is committed (as `/v1/screen`).
pub(crate) async fn screen_payment(
    State(st): St,
    Extension(caller): Extension<Caller>,
    Extension(RequestId(request_id)): Extension<RequestId>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let snap = st.snapshot()?;
    let out = run_screening(&st, move || run(&snap, &body, &caller.name, &request_id)).await?;
    Ok(Json(out?))
}

type Answer = Result<Value, ApiError>;

fn run(
    snap: &Arc<Snapshot>,
    body: &[u8],
    who: &str,
    request_id: &str,
) -> (Answer, Vec<AuditEntry>) {
    // The router already bounds the body; a message is never larger than the body.
    let opts = ParseOptions {
        max_bytes: body.len().max(1),
    };
    let mut messages = parse_batch(body, "body", &opts);
    if messages.len() == 1 {
        if let Some(Err(e)) = messages.first() {
            return (Err(ApiError::bad_field("body", e.to_string())), Vec::new());
        }
    }
    let mut screener =
        Screener::with_tables(snap.index(), tables(snap), ScreeningConfig::default());
    screener.set_list_versions(json!(snap.screener.used(&None)));
    let threshold = screener.config().threshold;
    let context = json!({"request_id": request_id, "endpoint": "/v1/payments/screen"});
    let mut entries = Vec::new();
    let results: Vec<Value> = messages
        .drain(..)
        .map(|m| match m {
            Ok(m) => {
                let r = screener.screen(&m);
                entries.push(audit_entry(&r, who, threshold, context.clone()));
                serde_json::to_value(r).unwrap_or(Value::Null)
            }
            Err(e) => json!({"decision": "error", "error": e.to_string()}),
        })
        .collect();
    (Ok(json!({ "results": results })), entries)
}
