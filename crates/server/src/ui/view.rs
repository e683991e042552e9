//! The page frame and the small pieces every page uses. maud escapes every value written with
//! `(…)`, so a name from a list or a subject is always shown as text.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

use crate::ui::i18n::{Ctx, Lang};
use crate::ui::session::Session;

/// The section of the UI a page belongs to (the navigation marks it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nav {
    Queue,
    Lists,
    Audit,
    Screen,
    None,
}

/// A whole page: header, navigation, the language switch, the signed-in analyst and the
/// sign-out form, in the request's language.
pub(crate) fn page(
    cx: &Ctx,
    title: &str,
    session: Option<&Session>,
    nav: Nav,
    body: Markup,
) -> Markup {
    let t = cx.t();
    html! {
        (DOCTYPE)
        html lang=(cx.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · namesake" }
                link rel="stylesheet" href="/ui/assets/ui.css";
                script src="/ui/assets/ui.js" defer {}
            }
            body {
                header.top {
                    a href="/ui/queue" { strong { "namesake" } }
                    @if session.is_some() {
                        nav aria-label=(t.nav_main) {
                            a href="/ui/queue" aria-current=[(nav == Nav::Queue).then_some("page")] { (t.nav_queue) }
                            a href="/ui/lists" aria-current=[(nav == Nav::Lists).then_some("page")] { (t.nav_lists) }
                            a href="/ui/audit" aria-current=[(nav == Nav::Audit).then_some("page")] { (t.nav_audit) }
                            a href="/ui/screen" aria-current=[(nav == Nav::Screen).then_some("page")] { (t.nav_screen) }
                        }
                    }
                    @if let Some(s) = session {
                        div.who {
                            span { ((t.signed_in_as)(&s.name, (t.role)(s.role))) }
                            form method="post" action="/ui/logout" {
                                input type="hidden" name="csrf" value=(s.csrf);
                                button type="submit" id="sign-out" { (t.sign_out) }
                            }
                        }
                    }
                    (language_switch(cx))
                }
                main { (body) }
            }
        }
    }
}

/// Links to this page in each other language: `/ui/lang` sets the cookie and comes back.
fn language_switch(cx: &Ctx) -> Markup {
    html! {
        nav.lang aria-label=(cx.t().language) {
            @for l in Lang::ALL {
                @if l == cx.lang {
                    span aria-current="true" lang=(l.code()) { (l.autonym()) }
                } @else {
                    a href=(url("/ui/lang", &[("to", l.code()), ("back", &cx.here)])) lang=(l.code())
                      hreflang=(l.code()) id=(format!("lang-{}", l.code())) { (l.autonym()) }
                }
            }
        }
    }
}

/// A page as a response.
pub(crate) fn respond(markup: Markup) -> Response {
    Html(markup.into_string()).into_response()
}

/// An error page with a status.
pub(crate) fn error_page(cx: &Ctx, status: StatusCode, message: &str) -> Response {
    let t = cx.t();
    let body = html! {
        h1 { ((t.status_title)(status)) }
        p.error role="alert" { (message) }
        p { a href="/ui/queue" { (t.back_to_queue) } " · " a href="/ui/login" { (t.sign_in) } }
    };
    (
        status,
        Html(page(cx, t.error, None, Nav::None, body).into_string()),
    )
        .into_response()
}

/// A URL with a query string (values encoded).
pub(crate) fn url(path: &str, params: &[(&str, &str)]) -> String {
    let params: Vec<&(&str, &str)> = params.iter().filter(|(_, v)| !v.is_empty()).collect();
    match serde_urlencoded::to_string(&params) {
        Ok(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path.to_string(),
    }
}

/// The link to an alert.
pub(crate) fn alert_url(subject_key: &str, entity_id: &str) -> String {
    url(
        "/ui/alert",
        &[("subject", subject_key), ("entity", entity_id)],
    )
}

/// The date and time of an RFC 3339 stamp, to the minute.
pub(crate) fn when(at: &str) -> String {
    let at = at.get(..16).unwrap_or(at);
    at.replacen('T', " ", 1)
}

/// A score to two places, with its band.
pub(crate) fn score_cell(cx: &Ctx, score: f64) -> Markup {
    let band = namesake_matcher::band(score as f32);
    html! {
        span { (format!("{score:.2}")) " " }
        (band_badge(cx, band))
    }
}

/// A band's name, coloured.
pub(crate) fn band_badge(cx: &Ctx, band: namesake_matcher::Band) -> Markup {
    html! { span class=(format!("band band-{}", band.as_str())) { ((cx.t().band)(band)) } }
}

/// A definition list row, left out when there is nothing to show.
pub(crate) fn facts(label: &str, values: &[String]) -> Markup {
    html! {
        @if !values.is_empty() {
            dt { (label) }
            dd { (values.join("; ")) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_and_urls_encoded() {
        let m = facts("name", &["<script>alert(1)</script>".to_string()]).into_string();
        assert!(
            m.contains("&lt;script&gt;") && !m.contains("<script>"),
            "{m}"
        );
        assert_eq!(
            alert_url("id:C 1&x", "un:QDi.1"),
            "/ui/alert?subject=id%3AC+1%26x&entity=un%3AQDi.1"
        );
        assert_eq!(when("2026-11-27T14:56:02.123Z"), "2026-11-27 14:56");
    }
}
