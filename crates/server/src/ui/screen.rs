//! The screen page: an analyst types a name (with a date of birth, a nationality and a type) and
//! sees the hits as they type.
//!
//! A screening from this page is an API screening in every respect but the caller: the form is
//! read into a subject by the native API's reader (`native::parse_subject`: the same checks and
//! messages), scored by the screening layer on the blocking pool within the concurrency limit,
//! recorded in the audit log under the analyst's key name before anything is shown (503 when the
//! log cannot be written), and the analysts' decisions suppress hits as they do for `/v1/screen`.
//! The script (`screen.js`) only asks `/ui/screen/results` for the results list again as the
//! analyst types; without it the form is a plain GET that shows the same results.

use std::sync::Arc;

use axum::extract::{Query as UrlQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use namesake_screening::{has_letter_or_digit, Options, ScreenedHit, UsedVersion};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::extract::{RequestId, St};
use crate::native::{audit_subject, parse_subject, run_screening, visible_hits};
use crate::ui::i18n::Ctx;
use crate::ui::messages::Messages;
use crate::ui::screen_page;
use crate::ui::session::Session;
use crate::ui::view::respond;
use crate::AppState;

/// The type a subject is screened as.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SubjectType {
    /// Any schema.
    #[default]
    Any,
    Person,
    #[serde(alias = "organisation")]
    Organization,
    Vessel,
}

impl SubjectType {
    /// Every type, in the order the form offers them.
    pub(crate) const ALL: [SubjectType; 4] = [
        SubjectType::Any,
        SubjectType::Person,
        SubjectType::Organization,
        SubjectType::Vessel,
    ];
    /// The form's value (and the native API's `schema`, but for `any`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SubjectType::Any => "any",
            SubjectType::Person => "person",
            SubjectType::Organization => "organization",
            SubjectType::Vessel => "vessel",
        }
    }
}

/// The screen form, as its query string gives it.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ScreenForm {
    #[serde(default)]
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) dob: String,
    #[serde(default)]
    pub(crate) nationality: String,
    #[serde(default, rename = "type")]
    pub(crate) kind: SubjectType,
}

impl ScreenForm {
    /// The subject as a client of `/v1/screen` would send it (the audit record keeps this).
    fn subject(&self) -> Map<String, Value> {
        let mut m = Map::new();
        let mut put = |k: &str, v: &str| {
            let v = v.trim();
            if !v.is_empty() {
                m.insert(k.to_string(), Value::String(v.to_string()));
            }
        };
        put("name", &self.name);
        put("birth_date", &self.dob);
        put("nationality", &self.nationality);
        if self.kind != SubjectType::Any {
            put("schema", self.kind.as_str());
        }
        m
    }
}

/// A screening as the page shows it.
pub(crate) struct ScreenResult {
    /// The subject key decisions are recorded under.
    pub(crate) subject_key: String,
    /// The threshold used.
    pub(crate) threshold: f32,
    /// The hits no decision suppresses, best first.
    pub(crate) hits: Vec<ScreenedHit>,
    /// Hits left out because an analyst decided they are false positives.
    pub(crate) suppressed: usize,
    /// More hits reached the threshold than are shown.
    pub(crate) truncated: bool,
    /// The list versions screened against.
    pub(crate) versions: Vec<UsedVersion>,
    /// The hits raise alerts the alert page can open (the server keeps its audit log in its
    /// store).
    pub(crate) alerts: bool,
}

/// What the results list shows.
pub(crate) enum Outcome {
    /// No name with a letter or a digit yet: nothing screened, nothing recorded.
    Empty,
    /// Refused before screening (a date that cannot be read, an unknown country) or not
    /// answered (no index yet, the audit log cannot be written, the rate limit).
    Refused { status: StatusCode, message: String },
    /// Screened and recorded.
    Screened(ScreenResult),
}

impl Outcome {
    fn status(&self) -> StatusCode {
        match self {
            Outcome::Refused { status, .. } => *status,
            _ => StatusCode::OK,
        }
    }
}

/// The form field an API error names, as the form labels it.
fn label_of(t: &Messages, field: Option<&str>) -> Option<&'static str> {
    match field? {
        "name" => Some(t.name),
        "birth_date" => Some(t.date_of_birth),
        "nationality" => Some(t.nationality),
        "schema" => Some(t.subject_type_label),
        _ => None,
    }
}

/// Screens the form's subject. A refusal's words are the API's (English), after the label of
/// the field at fault in the page's language.
async fn outcome(
    st: &Arc<AppState>,
    cx: &Ctx,
    s: &Session,
    request_id: Arc<str>,
    f: &ScreenForm,
) -> Outcome {
    if !has_letter_or_digit(&f.name) {
        return Outcome::Empty;
    }
    match screen(st, s, request_id, f).await {
        Ok(r) => Outcome::Screened(r),
        Err(e) => Outcome::Refused {
            status: e.status,
            message: match label_of(cx.t(), e.field.as_deref()) {
                Some(label) => format!("{label}: {}", e.message),
                None => e.message,
            },
        },
    }
}

/// Reads, screens and records the subject, as `/v1/screen` does for one subject with its
/// default options.
async fn screen(
    st: &Arc<AppState>,
    s: &Session,
    request_id: Arc<str>,
    f: &ScreenForm,
) -> Result<ScreenResult, ApiError> {
    if let Err(e) = st.limiter.admit(&s.name) {
        st.metrics.rejected("rate");
        return Err(e);
    }
    let raw = f.subject();
    let parsed = parse_subject(&raw, "", false, &st.opts.limits)?;
    let snap = st.snapshot()?;
    let opts = Options::default();
    let who = s.name.clone();
    let alerts = st.opts.store.is_some() && st.opts.audit.is_some();
    run_screening(st, move || {
        let sc = snap.screener.screen_prepared(&parsed.prepared, &opts);
        let subject = audit_subject(
            &request_id,
            "/ui/screen",
            &sc.subject_key,
            Value::Object(raw),
        );
        let entry = sc.audit_entry(&who, "api", subject);
        let (hits, suppressed) = visible_hits(&sc, false);
        let result = ScreenResult {
            subject_key: sc.subject_key.clone(),
            threshold: sc.threshold,
            hits: hits.into_iter().cloned().collect(),
            suppressed,
            truncated: sc.truncated,
            versions: sc.list_versions.clone(),
            alerts,
        };
        (result, vec![entry])
    })
    .await
}

/// `GET /ui/screen?name=&dob=&nationality=&type=`: the form and, when a name is given, its hits.
pub(crate) async fn page(
    State(st): St,
    cx: Ctx,
    Extension(s): Extension<Session>,
    Extension(RequestId(id)): Extension<RequestId>,
    UrlQuery(f): UrlQuery<ScreenForm>,
) -> Response {
    let outcome = outcome(&st, &cx, &s, id, &f).await;
    let mut resp = respond(screen_page::render(&cx, &s, &f, &outcome));
    *resp.status_mut() = outcome.status();
    resp
}

/// `GET /ui/screen/results?…`: the results list alone, for the script to put in the page.
pub(crate) async fn results(
    State(st): St,
    cx: Ctx,
    Extension(s): Extension<Session>,
    Extension(RequestId(id)): Extension<RequestId>,
    UrlQuery(f): UrlQuery<ScreenForm>,
) -> Response {
    let outcome = outcome(&st, &cx, &s, id, &f).await;
    let mut resp = respond(screen_page::results(&cx, &f, &outcome));
    *resp.status_mut() = outcome.status();
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_becomes_the_subject_a_client_of_the_api_would_send() {
        let f = ScreenForm {
            name: " Ali Veli ".into(),
            dob: "1970".into(),
            nationality: String::new(),
            kind: SubjectType::Organization,
        };
        assert_eq!(
            Value::Object(f.subject()),
            serde_json::json!({"name": "Ali Veli", "birth_date": "1970", "schema": "organization"})
        );
        let any = ScreenForm {
            name: "X".into(),
            ..Default::default()
        };
        assert_eq!(
            Value::Object(any.subject()),
            serde_json::json!({"name": "X"})
        );
        let parsed: ScreenForm = serde_urlencoded::from_str("name=A&type=organisation").unwrap();
        assert_eq!(parsed.kind, SubjectType::Organization);
    }
}
