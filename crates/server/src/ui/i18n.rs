//! The UI's languages: English and Turkish. A page's language is the one the analyst chose with
//! the switch in the page header (a cookie), else the best the browser asks for in
//! `Accept-Language` (q-values honoured), else English. Every text a page shows comes from
//! [`Messages`] (see `messages.rs`); data (names, remarks, list content) is never translated.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};

use crate::ui::messages::{Messages, EN, TR};
use crate::ui::session::cookie;

/// The cookie the language switch sets.
pub(crate) const LANG_COOKIE: &str = "namesake_lang";

/// A language of the UI.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Lang {
    #[default]
    En,
    Tr,
}

impl Lang {
    /// Every language, in the order the switch offers them.
    pub(crate) const ALL: [Lang; 2] = [Lang::En, Lang::Tr];

    /// The BCP 47 code (`<html lang>`, the cookie's value, the switch's `to`).
    pub(crate) fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Tr => "tr",
        }
    }

    /// The language's own name, as the switch shows it (the same in every language).
    pub(crate) fn autonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Tr => "Türkçe",
        }
    }

    /// The language of a tag (`tr`, `tr-TR`, `EN-gb`…), by its primary subtag.
    pub(crate) fn of_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        Lang::ALL
            .into_iter()
            .find(|l| primary.eq_ignore_ascii_case(l.code()))
    }

    /// The texts of this language.
    pub(crate) fn messages(self) -> &'static Messages {
        match self {
            Lang::En => &EN,
            Lang::Tr => &TR,
        }
    }

    /// The language of a request: the switch's cookie, else `Accept-Language`, else English.
    pub(crate) fn of_request(headers: &HeaderMap) -> Lang {
        if let Some(l) = cookie(headers, LANG_COOKIE).and_then(|c| Lang::of_tag(&c)) {
            return l;
        }
        headers
            .get_all(header::ACCEPT_LANGUAGE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(accepted)
            .unwrap_or_default()
    }
}

/// The language an `Accept-Language` value prefers most among ours: the highest q-value wins,
/// the earlier of equal ones; `q=0` means "not this one".
fn accepted(value: &str) -> Option<Lang> {
    let mut best: Option<(f32, Lang)> = None;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let Some(lang) = parts.next().and_then(Lang::of_tag) else {
            continue;
        };
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, lang));
        }
    }
    best.map(|(_, l)| l)
}

/// What every page needs to know about the request: its language and where the language
/// switch should come back to.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    pub(crate) lang: Lang,
    /// This page's path and query (a GET), else the queue.
    pub(crate) here: String,
}

impl Ctx {
    /// The context of a request's method, URI and headers.
    pub(crate) fn of(method: &Method, uri: &axum::http::Uri, headers: &HeaderMap) -> Ctx {
        let here = match uri.path_and_query() {
            Some(pq) if method == Method::GET && back_is_safe(pq.as_str()) => pq.to_string(),
            _ => "/ui/queue".to_string(),
        };
        Ctx {
            lang: Lang::of_request(headers),
            here,
        }
    }

    /// The texts of the request's language.
    pub(crate) fn t(&self) -> &'static Messages {
        self.lang.messages()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Ctx::of(&parts.method, &parts.uri, &parts.headers))
    }
}

/// Whether the switch may send the browser back to `path`: one of the UI's own pages (no other
/// site, no scheme-relative `//host`, nothing but the UI).
pub(crate) fn back_is_safe(path: &str) -> bool {
    (path == "/ui" || path.starts_with("/ui/") || path.starts_with("/ui?"))
        && !path.contains("//")
        && !path.contains('\\')
        && !path.starts_with("/ui/lang")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(k.clone(), HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn accept_language_is_read_with_its_q_values() {
        assert_eq!(accepted("tr"), Some(Lang::Tr));
        assert_eq!(accepted("tr-TR,tr;q=0.9,en-US;q=0.8"), Some(Lang::Tr));
        assert_eq!(accepted("en-GB,en;q=0.9,tr;q=0.8"), Some(Lang::En));
        assert_eq!(
            accepted("de-DE,de;q=0.9,tr;q=0.7,en;q=0.5"),
            Some(Lang::Tr),
            "the best of ours"
        );
        assert_eq!(accepted("en;q=0.3, TR ; q=0.6"), Some(Lang::Tr));
        assert_eq!(accepted("tr;q=0, en;q=0.1"), Some(Lang::En), "q=0 refuses");
        assert_eq!(accepted("fr, *;q=0.1"), None);
        assert_eq!(accepted(""), None);
    }

    #[test]
    fn the_cookie_overrides_the_browser_and_english_is_the_default() {
        let h = headers(&[(header::ACCEPT_LANGUAGE, "tr-TR")]);
        assert_eq!(Lang::of_request(&h), Lang::Tr);
        let h = headers(&[
            (header::ACCEPT_LANGUAGE, "tr-TR"),
            (header::COOKIE, "namesake_session=x; namesake_lang=en"),
        ]);
        assert_eq!(Lang::of_request(&h), Lang::En);
        let h = headers(&[(header::COOKIE, "namesake_lang=xx")]);
        assert_eq!(Lang::of_request(&h), Lang::En, "an unknown cookie value");
        assert_eq!(Lang::of_request(&HeaderMap::new()), Lang::En);
    }

    #[test]
    fn the_switch_only_goes_back_to_the_ui() {
        for ok in ["/ui/queue", "/ui/alert?subject=a&entity=b", "/ui"] {
            assert!(back_is_safe(ok), "{ok}");
        }
        for bad in [
            "https://evil.example/",
            "//evil.example/ui/",
            "/ui//evil.example",
            "/uix",
            "/v1/screen",
            "/ui/lang?to=tr",
            "/ui/\\evil",
        ] {
            assert!(!back_is_safe(bad), "{bad}");
        }
    }
}
