//! What every UI request passes: the session check, the CSRF check on every POST, and the
//! security headers on every response.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::extract::{Caller, St};
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
    let session = cookie(req.headers(), SESSION_COOKIE).and_then(|t| st.ui.sessions.get(&t));
    let Some(session) = session else {
        if req.method() == Method::GET {
            return Redirect::to("/ui/login").into_response();
        }
        return error_page(StatusCode::FORBIDDEN, "You are not signed in.").into_response();
    };
    let (parts, body) = req.into_parts();
    let body = if parts.method == Method::POST {
        let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
            return error_page(StatusCode::PAYLOAD_TOO_LARGE, "The form is too large.")
                .into_response();
        };
        let given = form_field(&bytes, "csrf").unwrap_or_default();
        if !tokens_match(&given, &session.csrf) {
            return error_page(
                StatusCode::FORBIDDEN,
                "This form has expired or did not come from this site (CSRF token missing or wrong). Reload the page and try again.",
            )
            .into_response();
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
