//! Errors: the JSON error every failed request gets, and the server's own (configuration) errors.

use std::path::PathBuf;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// A failed request, sent as
/// `{"error": {"status": 400, "message": "…", "field": "queries.q1.properties.birthDate"}, "detail": "…"}`.
///
/// `detail` repeats the message where yente (FastAPI) puts it, so yente clients show it too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What went wrong, for a person.
    pub message: String,
    /// The request field at fault (a dotted path into the body, or a query parameter), if any.
    pub field: Option<String>,
    /// The limit that refused the request: its name and value.
    pub limit: Option<(&'static str, u64)>,
    /// Seconds to wait before retrying (sent as `Retry-After`).
    pub retry_after: Option<u64>,
}

/// The limit named in a 413, 422 or 429.
#[derive(Debug, Serialize, ToSchema)]
pub struct LimitBody {
    /// The limit's name, as in the config file's `[limits]` table.
    pub name: &'static str,
    /// Its value.
    pub value: u64,
}

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
    /// The message again, where yente clients read it.
    pub detail: String,
}

/// Inside [`ErrorBody`].
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// HTTP status code.
    pub status: u16,
    /// What went wrong.
    pub message: String,
    /// The request field at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The limit that refused the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<LimitBody>,
}

impl ApiError {
    /// An error with a status and message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            field: None,
            limit: None,
            retry_after: None,
        }
    }

    /// Names the limit that refused the request.
    pub fn with_limit(mut self, name: &'static str, value: u64) -> Self {
        self.limit = Some((name, value));
        self
    }

    /// Asks the client to retry after `secs` seconds.
    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }

    /// 403: the key's role does not allow this.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    /// 400: the request is malformed; `field` names the part at fault.
    pub fn bad_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
            field: Some(field.into()),
            limit: None,
            retry_after: None,
        }
    }

    /// Sets the field at fault.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// 401 with the reason.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }

    /// 404 with the reason.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    /// 503: no index is loaded yet.
    pub fn not_ready() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "no list is loaded yet: the index is still being built (see /readyz)",
        )
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{} ({field}): {}", self.status, self.message),
            None => write!(f, "{}: {}", self.status, self.message),
        }
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            detail: self.message.clone(),
            error: ErrorDetail {
                status: self.status.as_u16(),
                message: self.message,
                field: self.field,
                limit: self.limit.map(|(name, value)| LimitBody { name, value }),
            },
        };
        let mut resp = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            resp.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(secs),
            );
        }
        if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("ApiKey, Bearer"),
            );
        }
        resp
    }
}

/// Errors setting the server up (configuration file, API keys, binding).
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The configuration file cannot be read.
    #[error("cannot read the configuration file {path}: {source}")]
    ConfigRead {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The configuration file is not valid TOML or has unknown keys.
    #[error("invalid configuration file {path}: {message}")]
    ConfigParse {
        /// The file.
        path: PathBuf,
        /// The parser's message, with line and column.
        message: String,
    },
    /// An API key entry is unusable.
    #[error("{origin}: API key {name:?}: {message}")]
    BadKey {
        /// Where the key came from (the config file, or `NAMESAKE_API_KEYS`).
        origin: String,
        /// The key's name.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// Neither keys nor open mode: the server refuses to start.
    #[error("no API key is configured: set NAMESAKE_API_KEYS=key1,key2 or add [[api_keys]] entries (name, sha256) to the --config file, or pass --open to serve without authentication (local use only)")]
    NoKeys,
    /// The address cannot be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: String,
        /// Why.
        source: std::io::Error,
    },
    /// The audit log or the decisions cannot be set up.
    #[error("audit log: {0}")]
    Audit(String),
    /// The TLS certificate or key cannot be used.
    #[error("TLS: {0}")]
    Tls(String),
    /// The server stopped with an I/O error.
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}
