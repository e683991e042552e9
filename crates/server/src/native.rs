//! namesake's native API: `POST /v1/screen` (one subject or a batch) and `GET /v1/lists`.
//!
//! Hits have the same JSON shape as `namesake screen --json` and the CLI's batch output.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use namesake_index::{Hit, Index, ScreenOptions};
use namesake_matcher::DEFAULT_THRESHOLD;
use namesake_model::{country, DateSpec, Gender, IdKind, Identifier, Query, Schema};
use serde::Serialize;
use serde_json::{json, Map, Value};
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody};
use crate::ftm::json_kind;
use crate::http::{Caller, JsonBody, St};
use crate::yente::screened_lists;
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
const OPTION_FIELDS: &[&str] = &["threshold", "limit", "lists", "explain"];
/// Above this many subjects, screening moves off the async workers.
const INLINE_SUBJECTS: usize = 4;

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

/// A subject read from the request, with any ignored values.
struct Subject {
    id: Option<Value>,
    query: Query,
    warnings: Vec<String>,
}

fn parse_subject(obj: &Map<String, Value>, path: &str, batch: bool) -> Result<Subject, ApiError> {
    let f = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    let mut q = Query::default();
    let mut warnings = Vec::new();
    for (k, v) in obj {
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
            "name" | "names" => q.names.extend(strings(v, &f(k))?),
            "first_name" => q.first_name = single(v, &f(k))?,
            "middle_name" => q.middle_name = single(v, &f(k))?,
            "last_name" => q.last_name = single(v, &f(k))?,
            "schema" | "type" => {
                if let Some(s) = single(v, &f(k))? {
                    q.schema = s.parse::<Schema>().map_err(|e| {
                        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
                            .with_field(f(k))
                    })?;
                }
            }
            "birth_date" | "dob" => {
                let vals = strings(v, &f(k))?;
                for (i, s) in vals.iter().enumerate() {
                    let field = if vals.len() > 1 {
                        format!("{}[{i}]", f(k))
                    } else {
                        f(k)
                    };
                    q.birth_dates.push(
                        DateSpec::parse(s)
                            .map_err(|e| ApiError::bad_field(field, e.to_string()))?,
                    );
                }
            }
            "nationality" | "country" | "countries" => {
                for s in strings(v, &f(k))? {
                    match country::to_alpha2(&s) {
                        Some(c) if !q.countries.iter().any(|x| x == c) => {
                            q.countries.push(c.to_string())
                        }
                        Some(_) => {}
                        None => warnings.push(format!("{k}: unknown country {s:?} ignored")),
                    }
                }
            }
            "gender" => {
                if let Some(g) = single(v, &f(k))? {
                    q.gender = match Gender::parse(&g) {
                        Some(Gender::Other) => {
                            return Err(ApiError::bad_field(
                                f(k),
                                format!("expected male or female, got {g:?}"),
                            ))
                        }
                        other => other,
                    };
                    if q.gender.is_some() && q.schema == Schema::Unknown {
                        q.schema = Schema::Person;
                    }
                }
            }
            "id_number" | "id_numbers" => {
                for s in strings(v, &f(k))? {
                    q.identifiers
                        .push(Identifier::new(IdKind::Other("any".into()), s));
                }
            }
            _ => {}
        }
    }
    if q.all_names().is_empty() && q.identifiers.is_empty() {
        return Err(ApiError::bad_field(
            if path.is_empty() { "name" } else { path }.to_string(),
            "nothing to screen: give a name (name, first_name/last_name) or an id_number",
        ));
    }
    Ok(Subject {
        id: obj.get("id").cloned(),
        query: q,
        warnings,
    })
}

fn options(obj: &Map<String, Value>, index: &Index) -> Result<ScreenOptions, ApiError> {
    let mut opts = ScreenOptions::default();
    if let Some(v) = obj.get("threshold").filter(|v| !v.is_null()) {
        opts.threshold = v
            .as_f64()
            .filter(|x| (0.0..=1.0).contains(x))
            .ok_or_else(|| {
                ApiError::bad_field("threshold", "threshold must be a number between 0 and 1")
            })? as f32;
    } else {
        opts.threshold = DEFAULT_THRESHOLD;
    }
    if let Some(v) = obj.get("limit").filter(|v| !v.is_null()) {
        opts.limit = v.as_u64().filter(|n| *n <= 500).ok_or_else(|| {
            ApiError::bad_field("limit", "limit must be a whole number from 0 to 500")
        })? as usize;
    }
    if let Some(v) = obj.get("explain").filter(|v| !v.is_null()) {
        opts.explain = v
            .as_bool()
            .ok_or_else(|| ApiError::bad_field("explain", "explain must be true or false"))?;
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
}

/// Screens one subject (its fields at the top level) or a batch (`{"subjects": [...]}`).
///
/// One subject: `{"query", "threshold", "hits": [...]}`, as `namesake screen --json` prints.
/// A batch: `{"threshold", "results": [{"id", "hits": [...]}]}`, one result per subject in
/// order, as `namesake screen --input` writes.
#[utoipa::path(post, path = "/v1/screen", tag = "native",
    request_body = ScreenRequestDoc,
    responses(
        (status = 200, description = "Hits", body = Object),
        (status = 400, description = "Malformed request; `field` names the part at fault", body = ErrorBody),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 413, description = "Body or batch too large", body = ErrorBody),
        (status = 422, description = "Unknown schema", body = ErrorBody),
        (status = 503, description = "No index loaded yet", body = ErrorBody),
    ),
    security(("api_key" = [])))]
pub(crate) async fn screen(
    State(st): St,
    caller: Option<Extension<Caller>>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    // The work is in plain functions so that this future stays small (see yente::match_entities).
    let (job, inline) = prepare_screen(st, caller, body)?;
    let done = if inline {
        job.run()
    } else {
        tokio::task::spawn_blocking(move || job.run())
            .await
            .map_err(|e| {
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("screening failed: {e}"),
                )
            })?
    };
    Ok(Json(done))
}

/// A checked `/v1/screen` request, ready to run.
struct ScreenJob {
    st: Arc<AppState>,
    snap: Arc<crate::Snapshot>,
    opts: ScreenOptions,
    who: Arc<str>,
    batch: bool,
    subjects: Vec<Subject>,
    raws: Vec<Value>,
}

fn prepare_screen(
    st: Arc<AppState>,
    caller: Option<Extension<Caller>>,
    body: Value,
) -> Result<(ScreenJob, bool), ApiError> {
    let obj = body.as_object().ok_or_else(|| {
        ApiError::bad_field(
            "body",
            format!(
                "expected a subject object or {{\"subjects\": [...]}}, got {}",
                json_kind(&body)
            ),
        )
    })?;
    let batch = obj.contains_key("subjects");
    let mut subjects = Vec::new();
    let mut raws: Vec<&Value> = Vec::new();
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
        if list.len() > st.opts.max_batch {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "too many subjects in one request: {} (limit {})",
                    list.len(),
                    st.opts.max_batch
                ),
            )
            .with_field("subjects"));
        }
        for (i, s) in list.iter().enumerate() {
            let path = format!("subjects[{i}]");
            let o = s.as_object().ok_or_else(|| {
                ApiError::bad_field(
                    path.clone(),
                    format!("expected a subject object, got {}", json_kind(s)),
                )
            })?;
            subjects.push(parse_subject(o, &path, true)?);
            raws.push(s);
        }
    } else {
        subjects.push(parse_subject(obj, "", false)?);
        raws.push(&body);
    }
    let snap = st.snapshot()?;
    let opts = options(obj, &snap.index)?;
    let who = caller.map_or_else(|| Arc::from("anonymous"), |Extension(c)| c.0);
    let raws: Vec<Value> = if batch {
        raws.into_iter().cloned().collect()
    } else {
        // The subject alone, without the options.
        let mut m = obj.clone();
        m.retain(|k, _| !OPTION_FIELDS.contains(&k.as_str()));
        vec![Value::Object(m)]
    };
    let inline = raws.len() <= INLINE_SUBJECTS;
    Ok((
        ScreenJob {
            st,
            snap,
            opts,
            who,
            batch,
            subjects,
            raws,
        },
        inline,
    ))
}

impl ScreenJob {
    fn run(self) -> Value {
        let index = &self.snap.index;
        let opts = &self.opts;
        let metas = screened_lists(index, &opts.lists);
        let results: Vec<Vec<Hit>> = self
            .subjects
            .iter()
            .zip(&self.raws)
            .map(|(s, raw)| {
                let hits = index.screen(&s.query, opts);
                self.st.opts.log.record(
                    &self.who,
                    "/v1/screen",
                    raw,
                    &metas,
                    opts.threshold,
                    &hits,
                );
                hits
            })
            .collect();
        self.st.metrics.add_subjects(self.subjects.len());
        let threshold = opts.threshold;
        if !self.batch {
            let s = &self.subjects[0];
            let mut v = json!({
                "query": s.query,
                "threshold": threshold,
                "hits": results[0].iter().map(Hit::to_json).collect::<Vec<_>>(),
            });
            if !s.warnings.is_empty() {
                v["warnings"] = json!(s.warnings);
            }
            return v;
        }
        let out: Vec<Value> = self
            .subjects
            .iter()
            .zip(&results)
            .enumerate()
            .map(|(i, (s, hits))| {
                let mut v = json!({
                    "id": s.id.clone().unwrap_or_else(|| json!(i + 1)),
                    "hits": hits.iter().map(Hit::to_json).collect::<Vec<_>>(),
                });
                if !s.warnings.is_empty() {
                    v["warnings"] = json!(s.warnings);
                }
                v
            })
            .collect();
        json!({"threshold": threshold, "results": out})
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
        .index
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
                .index
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
