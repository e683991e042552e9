//! `POST /v1/payments/screen`: the body is one ISO 20022 XML message or SWIFT MT text (one or
//! more messages); the answer is `{"results": [...]}`, one screening result per message (the
//! same JSON as `namesake screen-payment` prints), or 400 naming the message and the place
//! when a lone message cannot be read. The router's body limit and authentication apply.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use namesake_payments::{parse_batch, ListTables, ParseOptions, Screener, ScreeningConfig};
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::extract::St;
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

/// The handler.
pub(crate) async fn screen_payment(State(st): St, body: Bytes) -> Result<Json<Value>, ApiError> {
    let snap = st.snapshot()?;
    tokio::task::spawn_blocking(move || run(&snap, &body))
        .await
        .map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("payment screening failed: {e}"),
            )
        })?
}

fn run(snap: &Arc<Snapshot>, body: &[u8]) -> Result<Json<Value>, ApiError> {
    // The router already bounds the body; a message is never larger than the body.
    let opts = ParseOptions {
        max_bytes: body.len().max(1),
    };
    let mut messages = parse_batch(body, "body", &opts);
    if messages.len() == 1 {
        if let Some(Err(e)) = messages.first() {
            return Err(ApiError::bad_field("body", e.to_string()));
        }
    }
    let screener = Screener::with_tables(snap.index(), tables(snap), ScreeningConfig::default());
    let results: Vec<Value> = messages
        .drain(..)
        .map(|m| match m {
            Ok(m) => serde_json::to_value(screener.screen(&m)).unwrap_or(Value::Null),
            Err(e) => json!({"decision": "error", "error": e.to_string()}),
        })
        .collect();
    Ok(Json(json!({ "results": results })))
}
