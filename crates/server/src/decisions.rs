//! Analysts' decisions over HTTP: `POST /v1/decisions` (review role; the key's name is recorded
//! as the analyst) and `GET /v1/subjects/{id}/decisions`.
//!
//! A decision is taken on the entity as the index in service has it (its content hash): a false
//! positive suppresses the hit in every later screening of the subject until the entity changes,
//! on this server at once and on `namesake screen` through the store.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use namesake_store::{Decision, NewDecision, Store, Verdict};
use serde::Deserialize;
use std::sync::Arc;
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody};
use crate::extract::{parse_body, Caller, JsonBody, St};

/// `POST /v1/decisions` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DecisionRequest {
    /// The subject key as a screening returned it (`id:C-17`, `nd:…`); or give `subject_id`.
    #[serde(default)]
    subject_key: Option<String>,
    /// The client's reference for the subject (`C-17` → `id:C-17`).
    #[serde(default)]
    subject_id: Option<String>,
    /// The listed entity (`un:QDi.015`).
    entity_id: String,
    /// `false_positive` or `true_match`.
    #[schema(value_type = String)]
    verdict: Verdict,
    /// Why (required: the audit needs it).
    reason: String,
}

fn store(st: &crate::AppState) -> Result<Arc<dyn Store>, ApiError> {
    st.opts.store.clone().ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "this server has no store: decisions cannot be recorded",
        )
    })
}

/// The subject key a path or body names: a key as returned (`id:…`, `nd:…`), or a client id.
fn subject_key(given: &str) -> String {
    let given = given.trim();
    if given.starts_with("id:") || given.starts_with("nd:") {
        given.to_string()
    } else {
        format!("id:{given}")
    }
}

/// Records an analyst's decision on a hit.
#[utoipa::path(post, path = "/v1/decisions", tag = "native",
    request_body = DecisionRequest,
    responses(
        (status = 200, description = "The decision as recorded", body = Object),
        (status = 400, description = "Malformed request; `field` names the part at fault", body = ErrorBody),
        (status = 403, description = "The key has no review role", body = ErrorBody),
        (status = 404, description = "No such entity in the lists in service", body = ErrorBody),
    ),
    security(("api_key" = [])))]
pub(crate) async fn record(
    State(st): St,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody,
) -> Result<Json<Decision>, ApiError> {
    let req: DecisionRequest = parse_body(body)?;
    let key = match (&req.subject_key, &req.subject_id) {
        (Some(k), _) if !k.trim().is_empty() => subject_key(k),
        (_, Some(id)) if !id.trim().is_empty() => format!("id:{}", id.trim()),
        _ => {
            return Err(ApiError::bad_field(
                "subject_key",
                "give subject_key (as a screening returned it) or subject_id",
            ))
        }
    };
    if req.reason.trim().is_empty() {
        return Err(ApiError::bad_field("reason", "a decision needs a reason"));
    }
    if req.verdict == Verdict::Revoked {
        return Err(ApiError::bad_field(
            "verdict",
            "false_positive or true_match; a decision is revoked with `namesake decisions revoke`",
        ));
    }
    let snap = st.snapshot()?;
    let entity = snap.index().entity(req.entity_id.trim()).ok_or_else(|| {
        ApiError::not_found(format!(
            "no entity {:?} in the lists in service",
            req.entity_id
        ))
        .with_field("entity_id")
    })?;
    let new = NewDecision {
        subject_key: key,
        entity_id: entity.id.clone(),
        verdict: req.verdict,
        reason: req.reason.trim().to_string(),
        by: caller.name.to_string(),
        entity_hash: Some(namesake_store::entity_hash(entity)),
    };
    let store = store(&st)?;
    let recorded = tokio::task::spawn_blocking(move || store.decide(&new))
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
        .map_err(|e| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, e.to_string()))?;
    st.decisions.record(recorded.clone());
    Ok(Json(recorded))
}

/// Every decision on a subject, oldest first.
#[utoipa::path(get, path = "/v1/subjects/{id}/decisions", tag = "native",
    params(("id" = String, Path, description = "Subject key (`id:C-17`, `nd:…`) or the client's id")),
    responses(
        (status = 200, description = "Decisions", body = Object),
        (status = 403, description = "The key has no review role", body = ErrorBody),
    ),
    security(("api_key" = [])))]
pub(crate) async fn of_subject(
    State(st): St,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = id
        .map(|Path(s)| s)
        .map_err(|e| ApiError::bad_field("id", e.body_text()))?;
    let key = subject_key(&id);
    let store = store(&st)?;
    let log = tokio::task::spawn_blocking(move || store.decision_log())
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
        .map_err(|e| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, e.to_string()))?;
    let decisions: Vec<Decision> = log.into_iter().filter(|d| d.subject_key == key).collect();
    Ok(Json(
        serde_json::json!({"subject_key": key, "decisions": decisions}),
    ))
}
