//! Routing and the middleware every request passes: request logs and metrics, authentication,
//! body limits, JSON bodies and errors.

use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, FromRequest, MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::Value;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;
use utoipa::ToSchema;

use crate::config::key_from_header;
use crate::error::ApiError;
use crate::{native, openapi, yente, AppState, ReloadReport, Server};

/// The caller, as authenticated: the API key's name, or `anonymous` in open mode.
#[derive(Debug, Clone)]
pub(crate) struct Caller(pub(crate) Arc<str>);

pub(crate) type St = State<Arc<AppState>>;

pub(crate) fn router(state: Arc<AppState>) -> Router {
    let protected = Router::new()
        .route("/match/{dataset}", post(yente::match_entities))
        .route("/search/{dataset}", get(yente::search))
        .route("/entities/{id}", get(yente::entity))
        .route("/catalog", get(yente::catalog))
        .route("/algorithms", get(yente::algorithms))
        .route("/v1/screen", post(native::screen))
        .route("/v1/lists", get(native::lists))
        .route("/v1/payments/screen", post(crate::payments::screen_payment))
        .route("/metrics", get(metrics))
        .route("/admin/reload", post(reload))
        .route_layer(middleware::from_fn_with_state(state.clone(), authenticate));
    let public = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/openapi.json", get(openapi_doc));
    Router::new()
        .merge(public)
        .merge(protected)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), track))
        .layer(CatchPanicLayer::custom(panic_response))
        // Spans only: the access log line (in `track`) reports every outcome, 4xx and 5xx alike.
        .layer(TraceLayer::new_for_http().on_failure(()))
        .layer(DefaultBodyLimit::max(state.opts.max_body_bytes))
        .with_state(state)
}

/// Checks the API key (`Authorization: ApiKey <key>` or `Bearer <key>`) and records the caller.
async fn authenticate(State(st): St, mut req: Request, next: Next) -> Response {
    let admin = req.uri().path().starts_with("/admin/");
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(key_from_header);
    let caller: Arc<str> = match presented.and_then(|k| st.opts.keys.verify(k)) {
        Some(name) => Arc::from(name),
        // Open mode serves everything but admin routes without a key.
        None if st.opts.open && !admin => Arc::from("anonymous"),
        None => {
            let msg = match (presented, req.headers().contains_key(header::AUTHORIZATION)) {
                (Some(_), _) => "invalid API key",
                (None, true) => "unreadable Authorization header: send `Authorization: ApiKey <key>` or `Authorization: Bearer <key>`",
                (None, false) if admin && st.opts.open && st.opts.keys.is_empty() => {
                    "admin routes need an API key even in open mode: configure a key, or send SIGHUP to reload"
                }
                (None, false) => "missing API key: send `Authorization: ApiKey <key>` or `Authorization: Bearer <key>`",
            };
            return ApiError::unauthorized(msg).into_response();
        }
    };
    req.extensions_mut().insert(Caller(caller.clone()));
    let mut resp = next.run(req).await;
    resp.extensions_mut().insert(Caller(caller));
    resp
}

/// Request log line and metrics for every request.
async fn track(State(st): St, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |m| m.as_str())
        .to_string();
    let method = req.method().clone();
    let resp = next.run(req).await;
    let took = started.elapsed();
    let status = resp.status().as_u16();
    st.metrics
        .observe_request(method.as_str(), &route, status, took);
    let who = resp
        .extensions()
        .get::<Caller>()
        .map_or("-", |c| &*c.0)
        .to_string();
    tracing::info!(
        target: "namesake::access",
        method = %method,
        route = %route,
        status,
        micros = took.as_micros() as u64,
        who = %who,
        "request"
    );
    resp
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal error: this is a bug in namesake, please report it",
    )
    .into_response()
}

async fn not_found(req: Request) -> ApiError {
    ApiError::not_found(format!(
        "no route {} {}: see /openapi.json",
        req.method(),
        req.uri().path()
    ))
}

async fn method_not_allowed(req: Request) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "{} is not allowed on {}: see /openapi.json",
            req.method(),
            req.uri().path()
        ),
    )
}

/// `{"status": "ok"}`.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct StatusBody {
    /// `ok`, or what is wrong.
    pub(crate) status: String,
}

/// Liveness: the process is up.
#[utoipa::path(get, path = "/healthz", tag = "System",
    responses((status = 200, description = "Up", body = StatusBody)))]
pub(crate) async fn healthz() -> Json<StatusBody> {
    Json(StatusBody {
        status: "ok".into(),
    })
}

/// Readiness: an index is loaded (503 until then).
#[utoipa::path(get, path = "/readyz", tag = "System",
    responses((status = 200, description = "Ready", body = StatusBody),
              (status = 503, description = "No index loaded yet", body = crate::error::ErrorBody)))]
pub(crate) async fn readyz(State(st): St) -> Result<Json<StatusBody>, ApiError> {
    st.snapshot()?;
    Ok(Json(StatusBody {
        status: "ok".into(),
    }))
}

async fn openapi_doc() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        openapi::openapi_json(),
    )
        .into_response()
}

/// Prometheus metrics.
#[utoipa::path(get, path = "/metrics", tag = "System",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain")),
    security(("api_key" = [])))]
pub(crate) async fn metrics(State(st): St) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        st.metrics.render(),
    )
        .into_response()
}

/// Re-reads the lists and swaps the new index in; requests in flight finish on the old one.
#[utoipa::path(post, path = "/admin/reload", tag = "System",
    responses((status = 200, description = "Reloaded", body = ReloadReport),
              (status = 401, description = "No valid key", body = crate::error::ErrorBody),
              (status = 500, description = "Reload failed; the previous index stays in service", body = crate::error::ErrorBody)),
    security(("api_key" = [])))]
pub(crate) async fn reload(State(st): St) -> Result<Json<ReloadReport>, ApiError> {
    let server = Server { state: st };
    server.reload().await.map(Json).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("reload failed, the previous index stays in service: {e}"),
        )
    })
}

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
