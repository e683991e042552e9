//! Extractors shared by the handlers: the authenticated caller, the request id, JSON bodies.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use serde_json::Value;

use crate::config::Role;
use crate::error::ApiError;
use crate::AppState;

/// The caller, as authenticated: the API key's name and role (`anonymous`, screen role, in open
/// mode).
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    /// The key's name: recorded as the analyst or screener.
    pub(crate) name: Arc<str>,
    /// What the key may do.
    pub(crate) role: Role,
}

/// The request's id: the client's `X-Request-Id` when it is sane, else one of ours. Recorded in
/// the audit log and echoed in the response.
#[derive(Debug, Clone)]
pub(crate) struct RequestId(pub(crate) Arc<str>);

pub(crate) type St = State<Arc<AppState>>;

/// A JSON request body, read as a value so that errors can name the field at fault.
pub(crate) struct JsonBody(pub(crate) Value);

impl FromRequest<Arc<AppState>> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request<Body>, state: &Arc<AppState>) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(req, state).await.map_err(|r| {
            let status = r.status();
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    status,
                    format!(
                        "request body too large: the limit is {} bytes",
                        state.opts.max_body_bytes
                    ),
                )
                .with_field("body")
            } else {
                ApiError::new(status, r.body_text()).with_field("body")
            }
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::bad_field(
                "body",
                "empty request body: expected a JSON object",
            ));
        }
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|e| {
            ApiError::bad_field(
                "body",
                format!(
                    "malformed JSON at line {} column {}: {e}",
                    e.line(),
                    e.column()
                ),
            )
        })
    }
}

/// Reads a JSON value into a request type; errors name the field at fault (`subjects[2].name`).
pub(crate) fn parse_body<T: serde::de::DeserializeOwned>(body: Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(body).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            "body".to_string()
        } else {
            path
        };
        ApiError::bad_field(field, e.inner().to_string())
    })
}
