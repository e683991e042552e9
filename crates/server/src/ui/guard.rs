//! What every UI request passes: the session check, the CSRF check on every POST, and the
//! security headers on every response.

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::extract::{Caller, St};
use crate::ui::i18n::Ctx;
use crate::ui::messages::Messages;
use crate::ui::session::{cookie, tokens_match, SESSION_COOKIE};
use crate::ui::view::error_page;

/// Largest form body the UI reads (a reason is a few lines).
pub(crate) const MAX_FORM_BYTES: usize = 64 * 1024;

/// Inline scripts and styles, and anything from another site, are refused. The screen page's
/// script fetches its results list from this site (`connect-src 'self'`).
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Lets a request through only with a live session; a POST also needs the session's CSRF token
/// in its `csrf` field. Without a session a page redirects to the sign-in form.
pub(crate) async fn signed_in(State(st): St, req: Request, next: Next) -> Response {
    let cx = Ctx::of(req.method(), req.uri(), req.headers());
    let t = cx.t();
    let session = cookie(req.headers(), SESSION_COOKIE).and_then(|t| st.ui.sessions.get(&t));
    let Some(session) = session else {
        if req.method() == Method::GET {
            return Redirect::to("/ui/login").into_response();
        }
        return error_page(&cx, StatusCode::FORBIDDEN, t.not_signed_in);
    };
    let (parts, body) = req.into_parts();
    let body = if parts.method == Method::POST {
        let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
            return error_page(&cx, StatusCode::PAYLOAD_TOO_LARGE, t.form_too_large);
        };
        let given = form_field(&bytes, "csrf").unwrap_or_default();
        if !tokens_match(&given, &session.csrf) {
            return error_page(&cx, StatusCode::FORBIDDEN, t.csrf_refused);
        }
        Body::from(bytes)
    } else {
        body
    };
    let mut req = Request::from_parts(parts, body);
    let caller = Caller {
        name: session.name.clone(),
        role: session.role,
    };
    req.extensions_mut().insert(session);
    let mut resp = next.run(req).await;
    // For the access log.
    resp.extensions_mut().insert(caller);
    resp
}

/// Renders a handler's error ([`PendingError`]) as an error page in the request's language.
pub(crate) async fn render_errors(req: Request, next: Next) -> Response {
    let cx = Ctx::of(req.method(), req.uri(), req.headers());
    let resp = next.run(req).await;
    match resp.extensions().get::<PendingError>() {
        Some(e) => error_page(&cx, resp.status(), &(e.0)(cx.t())),
        None => resp,
    }
}

/// An error a handler answered, waiting for [`render_errors`] to put it in the request's
/// language: the text, given the catalogue.
#[derive(Clone)]
pub(crate) struct PendingError(pub(crate) Arc<dyn Fn(&Messages) -> String + Send + Sync>);

/// One field of a urlencoded form.
pub(crate) fn form_field(body: &[u8], name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// The Content Security Policy and friends, on every UI response.
pub(crate) async fn security_headers(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}
