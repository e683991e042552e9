//! Signing in to the UI: an API key with the review or admin role is exchanged for a session
//! cookie; sessions are held by the server, each with its own CSRF token.
//!
//! The cookie is `HttpOnly` (no script reads it), `SameSite=Strict` (no other site's page sends
//! it), scoped to `/ui`, expires with the session, and is `Secure` when the UI is served over TLS
//! (the `secure_cookies` setting, or a proxy's `X-Forwarded-Proto: https`). Every POST carries
//! the session's CSRF token in a hidden field; one without it is refused (403) before any
//! handler runs. The sign-in form itself is protected by a double-submit token (a cookie and the
//! same value in the form).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap, HeaderValue};
use subtle::ConstantTimeEq;

use crate::config::Role;

/// The session cookie's name.
pub(crate) const SESSION_COOKIE: &str = "namesake_session";
/// The sign-in form's double-submit cookie.
pub(crate) const LOGIN_COOKIE: &str = "namesake_login";

/// A signed-in analyst.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    /// The API key's name: decisions are recorded under it.
    pub(crate) name: Arc<str>,
    /// The key's role (review or admin).
    pub(crate) role: Role,
    /// The token every form of this session must carry.
    pub(crate) csrf: String,
    expires: Instant,
}

/// Sessions by cookie value.
#[derive(Default)]
pub(crate) struct Sessions {
    by_token: Mutex<HashMap<String, Session>>,
}

/// 32 random bytes as hex (from the OS generator).
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    if let Err(e) = getrandom::fill(&mut bytes) {
        // No randomness, no sessions: a predictable token would be worse than refusing.
        panic!("the operating system's random generator failed: {e}");
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether two tokens are equal, in constant time.
pub(crate) fn tokens_match(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

impl Sessions {
    /// Opens a session; returns its cookie value.
    pub(crate) fn open(&self, name: &str, role: Role, lifetime: Duration) -> String {
        let token = random_token();
        let session = Session {
            name: Arc::from(name),
            role,
            csrf: random_token(),
            expires: Instant::now() + lifetime,
        };
        let mut map = self.by_token.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        map.retain(|_, s| s.expires > now);
        map.insert(token.clone(), session);
        token
    }

    /// The live session of a cookie value.
    pub(crate) fn get(&self, token: &str) -> Option<Session> {
        let map = self.by_token.lock().unwrap_or_else(|p| p.into_inner());
        map.get(token)
            .filter(|s| s.expires > Instant::now())
            .cloned()
    }

    /// Ends a session.
    pub(crate) fn close(&self, token: &str) {
        let mut map = self.by_token.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(token);
    }
}

/// A cookie's value from the request's `Cookie` headers.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Whether the request came over TLS (as far as a proxy in front tells).
pub(crate) fn over_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

/// What a `Set-Cookie` header needs to know.
pub(crate) struct CookieSpec<'a> {
    pub(crate) name: &'a str,
    pub(crate) value: &'a str,
    pub(crate) path: &'a str,
    /// Seconds; 0 deletes the cookie.
    pub(crate) max_age: u64,
    pub(crate) secure: bool,
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, and Secure when asked.
pub(crate) fn set_cookie(c: &CookieSpec<'_>) -> HeaderValue {
    let secure = if c.secure { "; Secure" } else { "" };
    let text = format!(
        "{}={}; Path={}; Max-Age={}; HttpOnly; SameSite=Strict{secure}",
        c.name, c.value, c.path, c.max_age
    );
    // Names, paths and hex tokens are ASCII: the header value is always valid.
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_distinct() {
        let a = random_token();
        let b = random_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(tokens_match(&a, &a.clone()) && !tokens_match(&a, &b));
        assert!(!tokens_match(&a, ""), "an empty token never matches");
    }

    #[test]
    fn sessions_expire_and_close() {
        let s = Sessions::default();
        let live = s.open("ayse", Role::Review, Duration::from_secs(60));
        let dead = s.open("bora", Role::Review, Duration::ZERO);
        assert_eq!(
            s.get(&live).map(|x| x.name.to_string()),
            Some("ayse".into())
        );
        assert!(s.get(&dead).is_none(), "an expired session is refused");
        s.close(&live);
        assert!(s.get(&live).is_none(), "a closed session is refused");
    }

    #[test]
    fn cookies_are_read_among_others_and_written_with_their_flags() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; namesake_session=abc ; b=2"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "missing"), None);
        let v = set_cookie(&CookieSpec {
            name: SESSION_COOKIE,
            value: "abc",
            path: "/ui",
            max_age: 60,
            secure: true,
        });
        let v = v.to_str().unwrap();
        for flag in [
            "HttpOnly",
            "SameSite=Strict",
            "Secure",
            "Max-Age=60",
            "Path=/ui",
        ] {
            assert!(v.contains(flag), "{flag} missing in {v}");
        }
    }
}
