//! The UI's handlers: they read the store off the async threads, then render.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query as UrlQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use namesake_store::{NewDecision, Store, Verdict};
use serde::Deserialize;

use crate::config::Role;
use crate::extract::St;
use crate::ui::alert_page::{self, AlertView};
use crate::ui::alerts::{by_pair, current_decisions, state_of, AlertState};
use crate::ui::guard::form_field;
use crate::ui::guard::PendingError;
use crate::ui::i18n::{back_is_safe, Ctx, Lang, LANG_COOKIE};
use crate::ui::messages::Messages;
use crate::ui::queue::{self, QueueFilter, QueueInputs};
use crate::ui::session::{
    cookie, over_tls, random_token, set_cookie, tokens_match, CookieSpec, Session, LOGIN_COOKIE,
    SESSION_COOKIE,
};
use crate::ui::touched;
use crate::ui::view::{error_page, respond, url};
use crate::AppState;

/// A UI failure: shown as a page with its status, in the request's language
/// ([`guard::render_errors`](crate::ui::guard::render_errors) renders it).
pub(crate) struct UiError(StatusCode, PendingError);

impl UiError {
    /// A failure told by the catalogue.
    fn says(
        status: StatusCode,
        text: impl Fn(&Messages) -> String + Send + Sync + 'static,
    ) -> Self {
        UiError(status, PendingError(Arc::new(text)))
    }
}

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        let mut resp = self.0.into_response();
        resp.extensions_mut().insert(self.1);
        resp
    }
}

type UiResult = Result<Response, UiError>;

/// The store failed: its own words (they name the store and the record).
fn unavailable(e: impl std::fmt::Display) -> UiError {
    let text = e.to_string();
    UiError::says(StatusCode::SERVICE_UNAVAILABLE, move |_| text.clone())
}

/// Runs `f` with the store on the blocking pool.
async fn with_store<T: Send + 'static>(
    st: &Arc<AppState>,
    f: impl FnOnce(&AppState, &dyn Store) -> Result<T, UiError> + Send + 'static,
) -> Result<T, UiError> {
    let Some(store) = st.opts.store.clone() else {
        return Err(UiError::says(StatusCode::SERVICE_UNAVAILABLE, |t| {
            t.no_store.to_string()
        }));
    };
    let st = st.clone();
    tokio::task::spawn_blocking(move || f(&st, store.as_ref()))
        .await
        .map_err(unavailable)?
}

fn secure(st: &AppState, headers: &HeaderMap) -> bool {
    st.opts.ui.secure_cookies || over_tls(headers)
}

/// `GET /ui`: the queue.
pub(crate) async fn home() -> Redirect {
    Redirect::to("/ui/queue")
}

/// `GET /ui/login`: the form, with a fresh double-submit token.
pub(crate) async fn login_form(State(st): St, cx: Ctx, headers: HeaderMap) -> Response {
    login_page(&st, &cx, &headers, StatusCode::OK, None)
}

fn login_page(
    st: &AppState,
    cx: &Ctx,
    headers: &HeaderMap,
    status: StatusCode,
    msg: Option<&str>,
) -> Response {
    let token = random_token();
    let c = set_cookie(&CookieSpec {
        name: LOGIN_COOKIE,
        value: &token,
        path: "/ui/login",
        max_age: 1800,
        secure: secure(st, headers),
    });
    let mut resp = respond(crate::ui::pages::login(cx, &token, msg));
    *resp.status_mut() = status;
    resp.headers_mut().append(header::SET_COOKIE, c);
    resp
}

/// `POST /ui/login`: a review or admin key opens a session.
pub(crate) async fn login(State(st): St, cx: Ctx, headers: HeaderMap, body: Bytes) -> Response {
    let t = cx.t();
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    let given = form_field(&body, "csrf").unwrap_or_default();
    if expected.is_empty() || !tokens_match(&given, &expected) {
        return error_page(&cx, StatusCode::FORBIDDEN, t.login_form_expired);
    }
    let key = form_field(&body, "key").unwrap_or_default();
    let (name, role) = match st.opts.keys.verify_role(key.trim()) {
        Some((name, role)) => (name.to_string(), role),
        None => {
            st.metrics.rejected("ui-login");
            return login_page(
                &st,
                &cx,
                &headers,
                StatusCode::UNAUTHORIZED,
                Some(t.login_invalid_key),
            );
        }
    };
    if !role.allows(Role::Review) {
        st.metrics.rejected("role");
        let msg = t.login_screen_role;
        return login_page(&st, &cx, &headers, StatusCode::FORBIDDEN, Some(msg));
    }
    let lifetime = st.opts.ui.session_lifetime();
    let token = st.ui.sessions.open(&name, role, lifetime);
    let secure = secure(&st, &headers);
    let mut resp = Redirect::to("/ui/queue").into_response();
    let h = resp.headers_mut();
    h.append(
        header::SET_COOKIE,
        set_cookie(&CookieSpec {
            name: SESSION_COOKIE,
            value: &token,
            path: "/ui",
            max_age: lifetime.as_secs(),
            secure,
        }),
    );
    h.append(
        header::SET_COOKIE,
        set_cookie(&CookieSpec {
            name: LOGIN_COOKIE,
            value: "",
            path: "/ui/login",
            max_age: 0,
            secure,
        }),
    );
    tracing::info!(who = %name, "signed in to the UI");
    resp
}

/// The language switch's query string.
#[derive(Debug, Deserialize)]
pub(crate) struct LangParams {
    #[serde(default)]
    to: String,
    #[serde(default)]
    back: String,
}

/// `GET /ui/lang?to=tr&back=/ui/queue`: sets the language cookie (a year; `SameSite=Strict`)
/// and goes back to the page, when it is one of the UI's.
pub(crate) async fn switch_language(
    State(st): St,
    headers: HeaderMap,
    UrlQuery(p): UrlQuery<LangParams>,
) -> Response {
    let back = if back_is_safe(&p.back) {
        p.back.as_str()
    } else {
        "/ui/queue"
    };
    let mut resp = Redirect::to(back).into_response();
    if let Some(lang) = Lang::of_tag(&p.to) {
        let c = set_cookie(&CookieSpec {
            name: LANG_COOKIE,
            value: lang.code(),
            path: "/ui",
            max_age: 365 * 24 * 3600,
            secure: secure(&st, &headers),
        });
        resp.headers_mut().append(header::SET_COOKIE, c);
    }
    resp
}

/// `POST /ui/logout`.
pub(crate) async fn logout(State(st): St, headers: HeaderMap) -> Response {
    if let Some(t) = cookie(&headers, SESSION_COOKIE) {
        st.ui.sessions.close(&t);
    }
    let mut resp = Redirect::to("/ui/login").into_response();
    let c = set_cookie(&CookieSpec {
        name: SESSION_COOKIE,
        value: "",
        path: "/ui",
        max_age: 0,
        secure: secure(&st, &headers),
    });
    resp.headers_mut().append(header::SET_COOKIE, c);
    resp
}

/// Reads the audit records written since the last request into the alert cache.
fn refresh(st: &AppState, store: &dyn Store) -> Result<(), UiError> {
    let mut cache = st.ui.alerts.lock().unwrap_or_else(|p| p.into_inner());
    cache.refresh(store).map_err(unavailable)
}

/// `GET /ui/queue`.
pub(crate) async fn queue(
    State(st): St,
    cx: Ctx,
    Extension(s): Extension<Session>,
    UrlQuery(f): UrlQuery<QueueFilter>,
) -> UiResult {
    let filter = f.clone();
    let page = with_store(&st, move |st, store| {
        refresh(st, store)?;
        let decisions = by_pair(store.decision_log().map_err(unavailable)?);
        let snap = st.index.load_full();
        let cache = st.ui.alerts.lock().unwrap_or_else(|p| p.into_inner());
        let inputs = QueueInputs {
            cache: &cache,
            decisions: &decisions,
            index: snap.as_ref().map(|s| s.index()),
            four_eyes: st.opts.ui.four_eyes,
        };
        Ok(queue::build(&inputs, &filter))
    })
    .await?;
    Ok(respond(crate::ui::pages::queue(&cx, &s, &f, &page)))
}

/// The alert page's query string.
#[derive(Debug, Deserialize)]
pub(crate) struct AlertParams {
    subject: String,
    entity: String,
    #[serde(default)]
    intent: Option<String>,
}

/// Gathers an alert's page: the logged screening, the entity as listed now, the explanation.
fn alert_view(st: &AppState, store: &dyn Store, p: &AlertParams) -> Result<AlertView, UiError> {
    refresh(st, store)?;
    let row = {
        let cache = st.ui.alerts.lock().unwrap_or_else(|p| p.into_inner());
        cache.find(&p.subject, &p.entity).cloned()
    };
    let row =
        row.ok_or_else(|| UiError::says(StatusCode::NOT_FOUND, |t| t.no_such_alert.to_string()))?;
    let record = store.audit_records(row.seq - 1, 1).map_err(unavailable)?;
    let subject = record
        .first()
        .and_then(|r| serde_json::from_str(&r.subject).ok())
        .unwrap_or(serde_json::Value::Null);
    let query = alert_page::query_of(&subject);
    let snap = st.index.load_full();
    let index = snap.as_ref().map(|s| s.index());
    let entity = index.and_then(|i| i.entity(&p.entity)).cloned();
    let hit = match (index, &query, &entity) {
        (Some(i), Some(q), Some(e)) => alert_page::rescreen(i, q, e, row.score),
        _ => None,
    };
    let elsewhere = match (index, &entity) {
        (Some(i), Some(e)) => alert_page::elsewhere(i, e),
        _ => Vec::new(),
    };
    let version = snap.as_ref().and_then(|s| {
        s.screener
            .versions()
            .iter()
            .find(|v| v.list == row.list)
            .cloned()
    });
    let log = store.decision_log().map_err(unavailable)?;
    let decisions: Vec<_> = log
        .into_iter()
        .filter(|d| d.subject_key == p.subject && d.entity_id == p.entity)
        .collect();
    let hash = entity.as_ref().map(namesake_store::entity_hash);
    let state = state_of(
        &current_decisions(&decisions, hash.as_deref()),
        st.opts.ui.four_eyes,
    );
    Ok(AlertView {
        row,
        subject,
        query,
        entity,
        hit,
        version,
        elsewhere,
        decisions,
        state,
        four_eyes: st.opts.ui.four_eyes,
        intent: p.intent.clone(),
        error: None,
    })
}

/// `GET /ui/alert?subject=&entity=`.
pub(crate) async fn alert(
    State(st): St,
    cx: Ctx,
    Extension(s): Extension<Session>,
    UrlQuery(p): UrlQuery<AlertParams>,
) -> UiResult {
    let view = with_store(&st, move |st, store| alert_view(st, store, &p)).await?;
    Ok(respond(alert_page::render(&cx, &view, &s)))
}

/// The decision form.
#[derive(Debug, Deserialize)]
pub(crate) struct DecideForm {
    subject: String,
    entity: String,
    verdict: String,
    #[serde(default)]
    reason: String,
}

/// What the analyst chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    TrueMatch,
    FalsePositive,
    Escalate,
}

impl Choice {
    fn parse(s: &str) -> Option<Choice> {
        match s {
            "true_match" => Some(Choice::TrueMatch),
            "false_positive" => Some(Choice::FalsePositive),
            "escalate" => Some(Choice::Escalate),
            _ => None,
        }
    }
    fn verdict(self) -> Verdict {
        match self {
            Choice::TrueMatch => Verdict::TrueMatch,
            Choice::FalsePositive => Verdict::FalsePositive,
            Choice::Escalate => Verdict::Escalated,
        }
    }
}

/// Why a decision cannot be recorded as asked, if it cannot.
fn refusal(
    t: &Messages,
    view: &AlertView,
    choice: Choice,
    reason: &str,
    who: &str,
) -> Option<&'static str> {
    if reason.trim().is_empty() {
        return Some(t.give_reason);
    }
    if view.entity.is_none() {
        return Some(t.entity_gone);
    }
    let pending_by_me = view.state == AlertState::AwaitingSecond
        && view.decisions.last().is_some_and(|d| d.by == who);
    if choice == Choice::TrueMatch && pending_by_me {
        return Some(t.four_eyes_same_reviewer);
    }
    None
}

/// `POST /ui/alert/decide`: records the decision under the signed-in key's name.
pub(crate) async fn decide(
    State(st): St,
    cx: Ctx,
    Extension(s): Extension<Session>,
    body: Bytes,
) -> UiResult {
    let form: DecideForm = serde_urlencoded::from_bytes(&body).map_err(|e| {
        let e = e.to_string();
        UiError::says(StatusCode::BAD_REQUEST, move |t| (t.malformed_form)(&e))
    })?;
    let choice = Choice::parse(&form.verdict)
        .ok_or_else(|| UiError::says(StatusCode::BAD_REQUEST, |t| t.choose_verdict.to_string()))?;
    let t = cx.t();
    let session = s.clone();
    let outcome = with_store(&st, move |st, store| {
        let params = AlertParams {
            subject: form.subject.clone(),
            entity: form.entity.clone(),
            intent: None,
        };
        let mut view = alert_view(st, store, &params)?;
        if let Some(why) = refusal(t, &view, choice, &form.reason, &session.name) {
            view.error = Some(why.to_string());
            return Ok(Err(view));
        }
        let entity = view.entity.as_ref().map(namesake_store::entity_hash);
        let recorded = store
            .decide(&NewDecision {
                subject_key: form.subject,
                entity_id: form.entity,
                verdict: choice.verdict(),
                reason: form.reason.trim().to_string(),
                by: session.name.to_string(),
                entity_hash: entity,
            })
            .map_err(unavailable)?;
        st.decisions.record(recorded.clone());
        view.decisions.push(recorded);
        let refs: Vec<_> = view.decisions.iter().collect();
        Ok(Ok(state_of(&refs, st.opts.ui.four_eyes)))
    })
    .await?;
    match outcome {
        Err(view) => {
            let mut resp = respond(alert_page::render(&cx, &view, &s));
            *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(resp)
        }
        Ok(state) => {
            let done = match (state, choice) {
                (AlertState::AwaitingSecond, _) => "awaiting_second",
                (_, Choice::TrueMatch) => "true_match",
                (_, Choice::FalsePositive) => "false_positive",
                (_, Choice::Escalate) => "escalated",
            };
            Ok(Redirect::to(&url("/ui/queue", &[("done", done)])).into_response())
        }
    }
}

/// `GET /ui/subject?key=`.
#[derive(Debug, Deserialize)]
pub(crate) struct SubjectParams {
    key: String,
}

/// A subject's alerts and decisions.
pub(crate) async fn subject(
    State(st): St,
    cx: Ctx,
    Extension(s): Extension<Session>,
    UrlQuery(p): UrlQuery<SubjectParams>,
) -> UiResult {
    let key = p.key.clone();
    let (alerts, decisions) = with_store(&st, move |st, store| {
        refresh(st, store)?;
        let log = store.decision_log().map_err(unavailable)?;
        let decisions: Vec<_> = log.into_iter().filter(|d| d.subject_key == key).collect();
        let pairs = by_pair(decisions.clone());
        let snap = st.index.load_full();
        let cache = st.ui.alerts.lock().unwrap_or_else(|p| p.into_inner());
        let inputs = QueueInputs {
            cache: &cache,
            decisions: &pairs,
            index: snap.as_ref().map(|s| s.index()),
            four_eyes: st.opts.ui.four_eyes,
        };
        let mut alerts: Vec<_> = cache
            .rows()
            .iter()
            .filter(|r| r.subject_key == key)
            .map(|r| (r.clone(), inputs.state(r)))
            .collect();
        alerts.sort_by_key(|a| std::cmp::Reverse(a.0.seq));
        Ok((alerts, decisions))
    })
    .await?;
    Ok(respond(crate::ui::pages::subject(
        &cx, &s, &p.key, &alerts, &decisions,
    )))
}

/// `GET /ui/lists?from=&to=`.
#[derive(Debug, Deserialize)]
pub(crate) struct ListsParams {
    #[serde(default)]
    from: Option<i64>,
    #[serde(default)]
    to: Option<i64>,
}

/// The list versions and, when asked, one update's differences.
pub(crate) async fn lists(
    State(st): St,
    cx: Ctx,
    Extension(s): Extension<Session>,
    UrlQuery(p): UrlQuery<ListsParams>,
) -> UiResult {
    let (versions, counts, diff) = with_store(&st, move |st, store| {
        let mut versions = store.versions().map_err(unavailable)?;
        versions.sort_by(|a, b| a.list.cmp(&b.list).then(b.id.cmp(&a.id)));
        let diff = match (p.from, p.to) {
            (Some(f), Some(t)) => Some(store.diff(f, t).map_err(|e| {
                let e = e.to_string();
                UiError::says(StatusCode::BAD_REQUEST, move |_| e.clone())
            })?),
            _ => None,
        };
        refresh(st, store)?;
        let last_run = store.last_rescreen().map_err(unavailable)?;
        let cache = st.ui.alerts.lock().unwrap_or_else(|p| p.into_inner());
        let counts = touched::counts(store, &st.ui.updates, &cache, &versions, last_run.as_ref())
            .map_err(unavailable)?;
        let diff = diff.map(|d| {
            let t = touched::touched(&cache, &touched::Update::of_diff(&d), last_run.as_ref());
            (d, t)
        });
        Ok((versions, counts, diff))
    })
    .await?;
    Ok(respond(crate::ui::pages::lists(
        &cx,
        &s,
        &crate::ui::pages::ListsView {
            versions: &versions,
            counts: &counts,
            diff: diff.as_ref().map(|(d, t)| (d, t)),
        },
    )))
}

/// The CSV export failed (the writer's words).
fn csv_failed(e: String) -> UiError {
    UiError::says(StatusCode::SERVICE_UNAVAILABLE, move |t| (t.csv_failed)(&e))
}

/// Audit records a page of the audit page shows.
const AUDIT_PAGE: usize = 50;

/// `GET /ui/audit?q=&before=&verify=1`.
#[derive(Debug, Deserialize)]
pub(crate) struct AuditParams {
    /// Text to find in who, kind, subject or hits.
    #[serde(default)]
    q: String,
    /// Records before this sequence number (the next page).
    #[serde(default)]
    before: Option<i64>,
    /// Check the whole chain.
    #[serde(default)]
    verify: Option<String>,
}

/// The audit log, newest first, searchable; the chain's state when asked.
pub(crate) async fn audit(
    State(st): St,
    cx: Ctx,
    Extension(s): Extension<Session>,
    UrlQuery(p): UrlQuery<AuditParams>,
) -> UiResult {
    let (q, before, verify) = (p.q.clone(), p.before, p.verify.is_some());
    let (mut records, check) = with_store(&st, move |_, store| {
        let records = store
            .audit_search(&q, before, AUDIT_PAGE + 1)
            .map_err(unavailable)?;
        let check = if verify {
            Some(store.audit_verify().map_err(unavailable)?)
        } else {
            None
        };
        Ok((records, check))
    })
    .await?;
    let older = (records.len() > AUDIT_PAGE).then(|| records[AUDIT_PAGE - 1].seq);
    records.truncate(AUDIT_PAGE);
    Ok(respond(crate::ui::pages::audit(
        &cx,
        &s,
        &crate::ui::pages::AuditView {
            text: &p.q,
            before: p.before,
            older,
            records: &records,
            check: check.as_ref(),
        },
    )))
}

/// `GET /ui/audit.csv?q=`: every record the search finds, newest first, in the columns of
/// `namesake audit export --format csv`.
pub(crate) async fn audit_csv(State(st): St, UrlQuery(p): UrlQuery<AuditParams>) -> UiResult {
    const CHUNK: usize = 10_000;
    let body = with_store(&st, move |_, store| {
        let failed = |e: csv::Error| csv_failed(e.to_string());
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(namesake_store::AUDIT_COLUMNS)
            .map_err(failed)?;
        let mut before = None;
        loop {
            let page = store
                .audit_search(&p.q, before, CHUNK)
                .map_err(unavailable)?;
            for r in &page {
                w.write_record(r.csv_fields()).map_err(failed)?;
            }
            match page.last() {
                Some(last) if page.len() == CHUNK => before = Some(last.seq),
                _ => break,
            }
        }
        w.into_inner().map_err(|e| csv_failed(e.to_string()))
    })
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"namesake-audit.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}
