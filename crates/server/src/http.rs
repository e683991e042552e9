//! Routing and the middleware every request passes: request logs and metrics, authentication,
//! body limits, JSON bodies and errors.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;
use utoipa::ToSchema;

use crate::config::{key_from_header, Role};
use crate::error::ApiError;
use crate::extract::{Caller, RequestId, St};
use crate::{decisions, native, openapi, yente, AppState, ReloadError, ReloadReport, Server};

pub(crate) fn router(state: Arc<AppState>) -> Router {
    let protected = Router::new()
        .route("/match/{dataset}", post(yente::match_entities))
        .route("/search/{dataset}", get(yente::search))
        .route("/entities/{id}", get(yente::entity))
        .route("/catalog", get(yente::catalog))
        .route("/algorithms", get(yente::algorithms))
        .route("/v1/screen", post(native::screen))
        .route("/v1/lists", get(native::lists))
        .route("/v1/decisions", post(decisions::record))
        .route("/v1/subjects/{id}/decisions", get(decisions::of_subject))
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
        .merge(crate::ui::router(state.clone()))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(state.clone(), track))
        .layer(CatchPanicLayer::custom(panic_response))
        // Spans only: the access log line (in `track`) reports every outcome, 4xx and 5xx alike.
        .layer(TraceLayer::new_for_http().on_failure(()))
        .layer(DefaultBodyLimit::max(state.opts.max_body_bytes))
        .with_state(state)
}

/// The role a route needs.
fn needed_role(path: &str) -> Role {
    if path.starts_with("/admin/") {
        Role::Admin
    } else if path == "/v1/decisions" || path.starts_with("/v1/subjects/") {
        Role::Review
    } else {
        Role::Screen
    }
}

/// Checks the API key (`Authorization: ApiKey <key>` or `Bearer <key>`), the key's role and its
/// request rate, and records the caller.
async fn authenticate(State(st): St, mut req: Request, next: Next) -> Response {
    let needed = needed_role(req.uri().path());
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(key_from_header);
    let caller = match presented.and_then(|k| st.opts.keys.verify_role(k)) {
        Some((name, role)) => Caller {
            name: Arc::from(name),
            role,
        },
        // Open mode screens without a key; reviewing and administration still need one.
        None if st.opts.open && presented.is_none() && needed == Role::Screen => Caller {
            name: Arc::from("anonymous"),
            role: Role::Screen,
        },
        None => {
            let msg = match (presented, req.headers().contains_key(header::AUTHORIZATION)) {
                (Some(_), _) => "invalid API key",
                (None, true) => "unreadable Authorization header: send `Authorization: ApiKey <key>` or `Authorization: Bearer <key>`",
                (None, false) if st.opts.open => {
                    "this route needs an API key with the review or admin role, even in open mode"
                }
                (None, false) => "missing API key: send `Authorization: ApiKey <key>` or `Authorization: Bearer <key>`",
            };
            return ApiError::unauthorized(msg).into_response();
        }
    };
    if !caller.role.allows(needed) {
        st.metrics.rejected("role");
        return ApiError::forbidden(format!(
            "the key {:?} has the {} role; this route needs {}",
            &*caller.name,
            caller.role.as_str(),
            needed.as_str()
        ))
        .into_response();
    }
    if let Err(e) = st.limiter.admit(&caller.name) {
        st.metrics.rejected("rate");
        return e.into_response();
    }
    req.extensions_mut().insert(caller.clone());
    let mut resp = next.run(req).await;
    resp.extensions_mut().insert(caller);
    resp
}

/// The client's `X-Request-Id` when it is short and printable, else a fresh one.
fn request_id(st: &AppState, req: &Request) -> Arc<str> {
    let given = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.len() <= 128 && v.chars().all(|c| c.is_ascii_graphic()));
    match given {
        Some(v) => Arc::from(v),
        None => Arc::from(st.next_request_id()),
    }
}

/// Request log line and metrics for every request.
async fn track(State(st): St, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request_id(&st, &req);
    req.extensions_mut().insert(RequestId(id.clone()));
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |m| m.as_str())
        .to_string();
    let method = req.method().clone();
    let mut resp = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-request-id", v);
    }
    let took = started.elapsed();
    let status = resp.status().as_u16();
    st.metrics
        .observe_request(method.as_str(), &route, status, took);
    let who = resp
        .extensions()
        .get::<Caller>()
        .map_or("-", |c| &*c.name)
        .to_string();
    tracing::info!(
        target: "namesake::access",
        method = %crate::metrics::method_label(method.as_str()),
        route = %route,
        request_id = %id,
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

/// Readiness: an index is loaded, the store can be read and the audit log written (503
/// otherwise).
#[utoipa::path(get, path = "/readyz", tag = "System",
    responses((status = 200, description = "Ready", body = StatusBody),
              (status = 503, description = "No index loaded yet, or the store or audit log is unavailable", body = crate::error::ErrorBody)))]
pub(crate) async fn readyz(State(st): St) -> Result<Json<StatusBody>, ApiError> {
    st.snapshot()?;
    if !st.store_ok.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the store cannot be read",
        ));
    }
    if !st.auditor.is_healthy() {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the audit log cannot be written",
        ));
    }
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
    st.metrics.audit_queue_depth(st.auditor.depth());
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
              (status = 403, description = "The key is not an admin key", body = crate::error::ErrorBody),
              (status = 409, description = "A reload is already running", body = crate::error::ErrorBody),
              (status = 500, description = "Reload failed; the previous index stays in service", body = crate::error::ErrorBody)),
    security(("api_key" = [])))]
pub(crate) async fn reload(State(st): St) -> Result<Json<ReloadReport>, ApiError> {
    let server = Server { state: st };
    server.reload().await.map(Json).map_err(|e| match e {
        ReloadError::Busy => ApiError::new(
            StatusCode::CONFLICT,
            "a reload is already running: wait for it to finish",
        ),
        ReloadError::Failed(e) => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("reload failed, the previous index stays in service: {e}"),
        ),
    })
}
