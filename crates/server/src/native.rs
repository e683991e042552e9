//! namesake's native API: `POST /v1/screen` (one subject or a batch) and `GET /v1/lists`.
//!
//! Hits have the same JSON shape as `namesake screen --json` and the CLI's batch output.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use namesake_index::Index;
use namesake_matcher::DEFAULT_THRESHOLD;
use namesake_screening::options::{self, MAX_LIMIT};
use namesake_screening::{
    IdNumber, Options, Prepared, ScreenedHit, Screening, Subject, SubjectField,
};
use namesake_store::AuditEntry;
use serde::Serialize;
use serde_json::{json, Map, Value};
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody};
use crate::extract::{Caller, JsonBody, RequestId, St};
use crate::ftm::json_kind;
use crate::limits::Limits;
use crate::AppState;

/// Fields of a subject.
const SUBJECT_FIELDS: &[&str] = &[
    "id",
    "name",
    "names",
    "first_name",
    "middle_name",
    "last_name",
    "schema",
    "type",
    "birth_date",
    "dob",
    "nationality",
    "country",
    "countries",
    "gender",
    "id_number",
    "id_numbers",
];
/// Options accepted beside the subject (single) or the subjects (batch).
const OPTION_FIELDS: &[&str] = &[
    "threshold",
    "limit",
    "lists",
    "explain",
    "show_suppressed",
    "separate_lists",
];

fn strings(v: &Value, field: &str) -> Result<Vec<String>, ApiError> {
    let one = |v: &Value, f: &str| match v {
        Value::String(s) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Null => Ok(None),
        other => Err(ApiError::bad_field(
            f,
            format!(
                "expected a string or a list of strings, got {}",
                json_kind(other)
            ),
        )),
    };
    match v {
        Value::Array(items) => {
            let mut out = Vec::new();
            for (i, it) in items.iter().enumerate() {
                out.extend(one(it, &format!("{field}[{i}]"))?);
            }
            Ok(out)
        }
        other => Ok(one(other, field)?.into_iter().collect()),
    }
}

fn single(v: &Value, field: &str) -> Result<Option<String>, ApiError> {
    let mut all = strings(v, field)?;
    match all.len() {
        0 | 1 => Ok(all.pop()),
        _ => Ok(Some(all.join(" "))),
    }
}

/// A subject read from the request.
pub(crate) struct ParsedSubject {
    /// The client's `id` as sent (echoed in batch results).
    id: Option<Value>,
    pub(crate) prepared: Prepared,
}

pub(crate) fn parse_subject(
    obj: &Map<String, Value>,
    path: &str,
    batch: bool,
    limits: &Limits,
) -> Result<ParsedSubject, ApiError> {
    let f = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    let mut s = Subject::default();
    // The key the client used for each field (`dob` or `birth_date`), to name it in errors.
    let mut used: Vec<(SubjectField, String)> = Vec::new();
    for (k, v) in obj {
        let field = match k.as_str() {
            "schema" | "type" => Some(SubjectField::Schema),
            "birth_date" | "dob" => Some(SubjectField::BirthDate),
            "nationality" | "country" | "countries" => Some(SubjectField::Nationality),
            "gender" => Some(SubjectField::Gender),
            _ => None,
        };
        if let Some(field) = field {
            used.push((field, k.clone()));
        }
        let known =
            SUBJECT_FIELDS.contains(&k.as_str()) || (!batch && OPTION_FIELDS.contains(&k.as_str()));
        if !known {
            return Err(ApiError::bad_field(
                f(k),
                format!(
                    "unknown field {k:?}: a subject has {}",
                    SUBJECT_FIELDS.join(", ")
                ),
            ));
        }
        match k.as_str() {
            "id" => s.id = single(v, &f(k))?,
            "name" | "names" => s.names.extend(strings(v, &f(k))?),
            "first_name" => s.first_name = single(v, &f(k))?,
            "middle_name" => s.middle_name = single(v, &f(k))?,
            "last_name" => s.last_name = single(v, &f(k))?,
            "schema" | "type" => s.schema = single(v, &f(k))?,
            "birth_date" | "dob" => s.birth_dates.extend(strings(v, &f(k))?),
            "nationality" | "country" | "countries" => s.nationalities.extend(strings(v, &f(k))?),
            "gender" => s.gender = single(v, &f(k))?,
            "id_number" | "id_numbers" => s.id_numbers.extend(
                strings(v, &f(k))?
                    .into_iter()
                    .map(|value| IdNumber { kind: None, value }),
            ),
            _ => {}
        }
    }
    Limits::check(
        "max_names_per_subject",
        limits.max_names_per_subject,
        s.names.len(),
        &f("name"),
        "names for one subject",
    )?;
    let counts = [s.birth_dates.len(), s.nationalities.len()];
    let prepared = s.prepare().strict().map_err(|issue| {
        let key = used
            .iter()
            .find(|(f, _)| *f == issue.field)
            .map_or(issue.field.as_str(), |(_, k)| k.as_str());
        let many = match issue.field {
            SubjectField::BirthDate => counts[0] > 1,
            SubjectField::Nationality => counts[1] > 1,
            _ => false,
        };
        let key = if many {
            format!("{key}[{}]", issue.index)
        } else {
            key.to_string()
        };
        let field = f(&key);
        let status = if issue.field == SubjectField::Schema {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::BAD_REQUEST
        };
        ApiError::new(status, issue.message).with_field(field)
    })?;
    Ok(ParsedSubject {
        id: obj.get("id").cloned(),
        prepared,
    })
}

fn options(obj: &Map<String, Value>, index: &Index) -> Result<Options, ApiError> {
    let mut opts = Options::default();
    if let Some(v) = obj.get("threshold").filter(|v| !v.is_null()) {
        opts.threshold = match v.as_f64() {
            Some(x) => options::score("threshold", x),
            // Not a number: named as the request wrote it ("0.5" in quotes, true…).
            None => Err(options::OptionError::Score {
                option: "threshold".into(),
                value: v.to_string(),
            }),
        }
        .map_err(|e| ApiError::bad_field("threshold", e.to_string()))?;
    } else {
        opts.threshold = DEFAULT_THRESHOLD;
    }
    if let Some(v) = obj.get("limit").filter(|v| !v.is_null()) {
        opts.limit = match v.as_u64() {
            Some(n) => options::limit("limit", n, MAX_LIMIT),
            None => Err(options::OptionError::Limit {
                option: "limit".into(),
                value: v.to_string(),
                max: MAX_LIMIT,
            }),
        }
        .map_err(|e| ApiError::bad_field("limit", e.to_string()))?;
    }
    if let Some(v) = obj.get("explain").filter(|v| !v.is_null()) {
        opts.explain = v
            .as_bool()
            .ok_or_else(|| ApiError::bad_field("explain", "explain must be true or false"))?;
    }
    if let Some(v) = obj.get("separate_lists").filter(|v| !v.is_null()) {
        opts.separate_lists = v.as_bool().ok_or_else(|| {
            ApiError::bad_field("separate_lists", "separate_lists must be true or false")
        })?;
    }
    if let Some(v) = obj.get("lists").filter(|v| !v.is_null()) {
        let codes = strings(v, "lists")?;
        for c in &codes {
            if !index.lists().iter().any(|m| &m.info.code == c) {
                return Err(ApiError::bad_field(
                    "lists",
                    format!(
                        "unknown list {c:?}: loaded lists are {}",
                        index
                            .lists()
                            .iter()
                            .map(|m| m.info.code.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        if !codes.is_empty() {
            opts.lists = Some(codes);
        }
    }
    Ok(opts)
}

/// Whether suppressed hits are listed (marked) rather than left out.
fn show_suppressed(obj: &Map<String, Value>) -> Result<bool, ApiError> {
    match obj.get("show_suppressed") {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(ApiError::bad_field(
            "show_suppressed",
            "show_suppressed must be true or false",
        )),
    }
}

/// A subject (documentation of the request body).
#[allow(dead_code)]
#[derive(ToSchema)]
pub(crate) struct SubjectDoc {
    /// Client reference, echoed in batch results.
    id: Option<String>,
    /// Full name (or a list of names).
    name: Option<String>,
    /// Given name.
    first_name: Option<String>,
    /// Middle name.
    middle_name: Option<String>,
    /// Family name.
    last_name: Option<String>,
    /// person, organization, vessel or aircraft.
    schema: Option<String>,
    /// Date of birth: YYYY, YYYY-MM-DD, DD/MM/YYYY…
    birth_date: Option<String>,
    /// Nationality or country: name or ISO code (or a list).
    nationality: Option<String>,
    /// male or female.
    gender: Option<String>,
    /// An identifier (passport, national id, IMO…); identical ones are decisive.
    id_number: Option<String>,
}

/// `/v1/screen` body (documentation): one subject with options, or a batch.
#[allow(dead_code)]
#[derive(ToSchema)]
pub(crate) struct ScreenRequestDoc {
    /// Batch mode: the subjects (up to the batch limit, 500 by default). Omit to send one
    /// subject's fields at the top level.
    subjects: Option<Vec<SubjectDoc>>,
    /// Report hits at or above this score (default 0.70).
    threshold: Option<f32>,
    /// At most this many hits per subject (default 10).
    limit: Option<usize>,
    /// Only these list codes.
    lists: Option<Vec<String>>,
    /// Include explanations (default true).
    explain: Option<bool>,
    /// List hits decided as false positives, marked `"suppressed": true` with the decision
    /// (default false: they are left out and counted).
    show_suppressed: Option<bool>,
}

/// Screens one subject (its fields at the top level) or a batch (`{"subjects": [...]}`).
///
/// One subject: `{"query", "subject_key", "threshold", "hits": [...], "list_versions"}`, as
/// `namesake screen --json` prints. A batch: `{"threshold", "results": [{"id", "subject_key",
/// "hits": [...]}], "list_versions"}`, one result per subject in order. Hits an analyst decided
/// are false positives are left out (counted in `suppressed`), or listed and marked with
/// `"show_suppressed": true`. Answered only once the audit record is committed.
#[utoipa::path(post, path = "/v1/screen", tag = "native",
    request_body = ScreenRequestDoc,
    responses(
        (status = 200, description = "Hits", body = Object),
        (status = 400, description = "Malformed request; `field` names the part at fault", body = ErrorBody),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 413, description = "Body, batch or names over a limit (named in `limit`)", body = ErrorBody),
        (status = 422, description = "Unknown schema", body = ErrorBody),
        (status = 429, description = "Rate limit; see Retry-After", body = ErrorBody),
        (status = 503, description = "No index loaded yet, or the audit log cannot be written", body = ErrorBody),
    ),
    security(("api_key" = [])))]
pub(crate) async fn screen(
    State(st): St,
    Extension(caller): Extension<Caller>,
    Extension(RequestId(request_id)): Extension<RequestId>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    // The work is in plain functions so that this future stays small (see yente::match_entities).
    let job = prepare_screen(&st, caller, request_id, body)?;
    let out = run_screening(&st, move || job.run()).await?;
    Ok(Json(out))
}

/// Scores on the blocking pool (within the concurrency limit), then waits for the audit records
/// to commit: nothing is answered unrecorded.
pub(crate) async fn run_screening<T: Send + 'static>(
    st: &AppState,
    job: impl FnOnce() -> (T, Vec<AuditEntry>) + Send + 'static,
) -> Result<T, ApiError> {
    let permit = st.limiter.screening().await?;
    let (out, entries) = tokio::task::spawn_blocking(job).await.map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("screening failed: {e}"),
        )
    })?;
    drop(permit);
    st.metrics.add_subjects(entries.len());
    st.auditor.commit(entries).await?;
    Ok(out)
}

/// The audit subject: who asked, through what, and the subject as sent.
pub(crate) fn audit_subject(request_id: &str, endpoint: &str, key: &str, raw: Value) -> Value {
    json!({"request_id": request_id, "endpoint": endpoint, "subject_key": key, "subject": raw})
}

/// A checked `/v1/screen` request, ready to run.
struct ScreenJob {
    snap: Arc<crate::Snapshot>,
    opts: Options,
    show_suppressed: bool,
    who: Arc<str>,
    request_id: Arc<str>,
    batch: bool,
    subjects: Vec<ParsedSubject>,
    raws: Vec<Value>,
}

fn prepare_screen(
    st: &AppState,
    caller: Caller,
    request_id: Arc<str>,
    body: Value,
) -> Result<ScreenJob, ApiError> {
    let obj = body.as_object().ok_or_else(|| {
        ApiError::bad_field(
            "body",
            format!(
                "expected a subject object or {{\"subjects\": [...]}}, got {}",
                json_kind(&body)
            ),
        )
    })?;
    let limits = &st.opts.limits;
    let batch = obj.contains_key("subjects");
    let mut subjects = Vec::new();
    let mut raws: Vec<Value> = Vec::new();
    if batch {
        for k in obj.keys() {
            if k != "subjects" && !OPTION_FIELDS.contains(&k.as_str()) {
                return Err(ApiError::bad_field(
                    k.clone(),
                    format!(
                        "unknown field {k:?} beside \"subjects\": expected {}",
                        OPTION_FIELDS.join(", ")
                    ),
                ));
            }
        }
        let list = obj["subjects"].as_array().ok_or_else(|| {
            ApiError::bad_field(
                "subjects",
                format!(
                    "expected a list of subjects, got {}",
                    json_kind(&obj["subjects"])
                ),
            )
        })?;
        if list.is_empty() {
            return Err(ApiError::bad_field("subjects", "no subjects given"));
        }
        let max = st.opts.max_batch.min(limits.max_subjects);
        Limits::check(
            "max_subjects",
            max,
            list.len(),
            "subjects",
            "subjects in one request",
        )?;
        for (i, s) in list.iter().enumerate() {
            let path = format!("subjects[{i}]");
            let o = s.as_object().ok_or_else(|| {
                ApiError::bad_field(
                    path.clone(),
                    format!("expected a subject object, got {}", json_kind(s)),
                )
            })?;
            subjects.push(parse_subject(o, &path, true, limits)?);
            raws.push(s.clone());
        }
    } else {
        subjects.push(parse_subject(obj, "", false, limits)?);
        // The subject alone, without the options.
        let mut m = obj.clone();
        m.retain(|k, _| !OPTION_FIELDS.contains(&k.as_str()));
        raws.push(Value::Object(m));
    }
    let snap = st.snapshot()?;
    let opts = options(obj, snap.index())?;
    Limits::check(
        "max_results",
        limits.max_results,
        subjects.len().saturating_mul(opts.limit),
        "limit",
        "results asked for (subjects × limit)",
    )?;
    Ok(ScreenJob {
        snap,
        opts,
        show_suppressed: show_suppressed(obj)?,
        who: caller.name,
        request_id,
        batch,
        subjects,
        raws,
    })
}

/// The hits of a screening as a response lists them: suppressed ones left out (counted), or
/// marked when asked.
pub(crate) fn visible_hits(s: &Screening, show_suppressed: bool) -> (Vec<&ScreenedHit>, usize) {
    let suppressed = s.hits.len() - s.active().count();
    if show_suppressed {
        (s.hits.iter().collect(), suppressed)
    } else {
        (s.active().collect(), suppressed)
    }
}

impl ScreenJob {
    fn run(self) -> (Value, Vec<AuditEntry>) {
        let screener = &self.snap.screener;
        let screenings: Vec<Screening> = self
            .subjects
            .iter()
            .map(|s| screener.screen_prepared(&s.prepared, &self.opts))
            .collect();
        let entries = screenings
            .iter()
            .zip(self.raws)
            .map(|(sc, raw)| {
                let subject = audit_subject(&self.request_id, "/v1/screen", &sc.subject_key, raw);
                sc.audit_entry(&self.who, "api", subject)
            })
            .collect();
        let versions = screener.used(&self.opts.lists);
        let threshold = self.opts.threshold;
        let result = |s: &ParsedSubject, sc: &Screening| {
            let (hits, suppressed) = visible_hits(sc, self.show_suppressed);
            let mut v = json!({
                "subject_key": sc.subject_key,
                "hits": hits.iter().map(|h| h.to_json()).collect::<Vec<_>>(),
            });
            if suppressed > 0 {
                v["suppressed"] = json!(suppressed);
            }
            if !self.batch {
                v["query"] = json!(s.prepared.query);
            }
            v
        };
        if !self.batch {
            let mut v = result(&self.subjects[0], &screenings[0]);
            v["threshold"] = json!(threshold);
            v["list_versions"] = json!(versions);
            return (v, entries);
        }
        let out: Vec<Value> = self
            .subjects
            .iter()
            .zip(&screenings)
            .enumerate()
            .map(|(i, (s, sc))| {
                let mut v = result(s, sc);
                v["id"] = s.id.clone().unwrap_or_else(|| json!(i + 1));
                v
            })
            .collect();
        (
            json!({"threshold": threshold, "results": out, "list_versions": versions}),
            entries,
        )
    }
}

/// One loaded list.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ListInfoBody {
    /// Code used in entity ids and `lists` filters.
    code: String,
    /// The publisher's name for the list.
    name: String,
    /// The parser that read it.
    format: String,
    /// Publication date stated in the file.
    published: Option<String>,
    /// Entities.
    entities: usize,
    /// Names (all kinds).
    names: usize,
    /// Entities by schema.
    schemas: BTreeMap<String, usize>,
}

/// The body of `/v1/lists`.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ListsBody {
    /// The lists.
    lists: Vec<ListInfoBody>,
    /// Generation of the index in service (1, then +1 per reload).
    generation: u64,
    /// When it was loaded (seconds since the Unix epoch).
    loaded_at: u64,
}

/// The loaded lists with their counts.
#[utoipa::path(get, path = "/v1/lists", tag = "native",
    responses(
        (status = 200, description = "Lists", body = ListsBody),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 503, description = "No index loaded yet", body = ErrorBody),
    ),
    security(("api_key" = [])))]
pub(crate) async fn lists(State(st): St) -> Result<Json<ListsBody>, ApiError> {
    let snap = st.snapshot()?;
    let lists = snap
        .index()
        .lists()
        .iter()
        .map(|m| ListInfoBody {
            code: m.info.code.clone(),
            name: m.info.name.clone(),
            format: m.info.format.clone(),
            published: m.info.published.clone(),
            entities: m.entities,
            names: m.names,
            schemas: snap
                .index()
                .schema_counts(&m.info.code)
                .into_iter()
                .map(|(s, n)| (s.as_str().to_string(), n))
                .collect(),
        })
        .collect();
    Ok(Json(ListsBody {
        lists,
        generation: snap.generation,
        loaded_at: snap.loaded_at,
    }))
}
