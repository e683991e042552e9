//! The yente-compatible API: `/match/{dataset}`, `/search/{dataset}`, `/entities/{id}`,
//! `/catalog`, `/algorithms`.
//!
//! Request and response shapes follow yente's documented models (EntityMatchQuery,
//! EntityMatchResponse, SearchResponse, DataCatalogModel, AlgorithmResponse). Differences:
//! `cutoff` defaults to the lower of `threshold` and namesake's calibrated threshold (0.70), since
//! lower scores are not alerts; `topics` and `changed_since` are accepted and ignored (every
//! listed entity is a sanctioned party and the lists carry no change dates).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use namesake_index::{Hit, Index, ScreenOptions};
use namesake_matcher::{band, features::IDENTIFIER_SCORE, DEFAULT_THRESHOLD};
use namesake_model::{Entity, Schema};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::datasets::{dataset_lists, narrow_lists, Params};
use crate::error::{ApiError, ErrorBody};
use crate::extract::RequestId;
use crate::extract::{Caller, JsonBody, St};
use crate::ftm::{entity_properties, parse_schema};
use crate::limits::Limits;
use crate::native::{audit_subject, run_screening, visible_hits};
use crate::{AppState, Snapshot};
use namesake_screening::ftm::{read_example, Example};
use namesake_screening::{Options, Prepared, UsedVersion};
use namesake_store::AuditEntry;

/// yente's default number of results per query.
const MATCH_LIMIT: usize = 5;
/// Most results per query or search page.
use namesake_screening::options::MAX_LIMIT;
/// Score floor for `/search` (a name search, wider than screening).
const SEARCH_FLOOR: f32 = 0.5;

/// Algorithm names accepted for `algorithm=`: all are namesake's matcher.
pub(crate) const ALGORITHMS: &[&str] = &["namesake", "best", "logic-v1", "logic-v2"];

fn path_param(p: Result<Path<String>, PathRejection>, field: &str) -> Result<String, ApiError> {
    p.map(|Path(s)| s)
        .map_err(|e| ApiError::bad_field(field, e.body_text()))
}

/// An entity as yente returns it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EntityResponse {
    /// Entity id, `<list>:<publisher key>`.
    id: String,
    /// Display name.
    caption: String,
    /// FtM schema: Person, Organization, Vessel, Airplane or LegalEntity.
    schema: &'static str,
    /// FtM properties: each a list of strings.
    #[schema(value_type = BTreeMap<String, Vec<String>>)]
    properties: BTreeMap<&'static str, Vec<String>>,
    /// The list the entity comes from.
    datasets: Vec<String>,
    /// The same party's ids on other lists (in `/match` results; see `Hit::also_on`).
    referents: Vec<String>,
    /// A sanctioned party (always true).
    target: bool,
    /// Not tracked by namesake (null).
    first_seen: Option<String>,
    /// Not tracked by namesake (null).
    last_seen: Option<String>,
    /// Not tracked by namesake (null).
    last_change: Option<String>,
}

pub(crate) fn entity_response(e: &Entity) -> EntityResponse {
    EntityResponse {
        id: e.id.clone(),
        caption: e.primary_name().unwrap_or(&e.key).to_string(),
        schema: e.schema.ftm_name(),
        properties: entity_properties(e),
        datasets: vec![e.list.clone()],
        referents: Vec::new(),
        target: true,
        first_seen: None,
        last_seen: None,
        last_change: None,
    }
}

/// One feature's part in a score, as yente explains it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FeatureResult {
    /// The feature's score (name) or its effect on the score (other evidence).
    score: f32,
    /// What was compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    /// The query's value.
    #[serde(skip_serializing_if = "Option::is_none")]
    query: Option<String>,
    /// The listed value.
    #[serde(skip_serializing_if = "Option::is_none")]
    candidate: Option<String>,
}

/// A scored result of `/match`.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ScoredEntity {
    #[serde(flatten)]
    entity: EntityResponse,
    /// Final score 0..1.
    score: f32,
    /// The score reaches the threshold.
    #[serde(rename = "match")]
    is_match: bool,
    /// namesake's band: strong, probable, possible (or none below 0.70).
    band: &'static str,
    /// The listed name that matched best.
    matched_name: String,
    /// Feature scores (yente's older shape).
    features: BTreeMap<String, f32>,
    /// Feature scores with their explanations.
    explanations: BTreeMap<String, FeatureResult>,
    /// An analyst decided this result is a false positive for the subject (listed only with
    /// `show_suppressed=true`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    suppressed: bool,
}

fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

/// A party on several lists, as yente shows a merged entity: the other entries' ids in
/// `referents`, every list that carries it in `datasets`.
fn with_referents(mut entity: EntityResponse, hit: &Hit) -> EntityResponse {
    for other in &hit.also_on {
        entity.referents.push(other.entity_id.clone());
        if !entity.datasets.contains(&other.list) {
            entity.datasets.push(other.list.clone());
        }
    }
    entity
}

fn scored(index: &Index, hit: &Hit, threshold: f32) -> ScoredEntity {
    let entity = index
        .entities()
        .get(hit.entity_index as usize)
        .filter(|e| e.id == hit.entity_id)
        .or_else(|| index.entity(&hit.entity_id));
    let entity = match entity {
        Some(e) => entity_response(e),
        None => EntityResponse {
            id: hit.entity_id.clone(),
            caption: hit.name.clone(),
            schema: hit.schema.ftm_name(),
            properties: BTreeMap::new(),
            datasets: vec![hit.list.clone()],
            referents: Vec::new(),
            target: true,
            first_seen: None,
            last_seen: None,
            last_change: None,
        },
    };
    let entity = with_referents(entity, hit);
    let mut features = BTreeMap::new();
    let mut explanations = BTreeMap::new();
    if let Some(x) = &hit.explanation {
        features.insert("name".to_string(), round3(x.name_score));
        explanations.insert(
            "name".to_string(),
            FeatureResult {
                score: round3(x.name_score),
                detail: Some(x.summary()),
                query: Some(x.query_name.clone()),
                candidate: Some(x.matched_name.clone()),
            },
        );
        for f in &x.features {
            let score = if f.decisive {
                IDENTIFIER_SCORE
            } else {
                round3(f.delta)
            };
            features.insert(f.name.to_string(), score);
            explanations.insert(
                f.name.to_string(),
                FeatureResult {
                    score,
                    detail: Some(f.detail.clone()),
                    query: None,
                    candidate: None,
                },
            );
        }
    }
    ScoredEntity {
        entity,
        score: round3(hit.score),
        is_match: hit.score >= threshold,
        band: band(hit.score).as_str(),
        matched_name: hit.matched_name.clone(),
        features,
        explanations,
        suppressed: false,
    }
}

/// `{"value": n, "relation": "eq"}`.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TotalSpec {
    value: usize,
    /// `eq`, or `gte` when the limit cut the results.
    relation: &'static str,
}

/// The results for one query of a `/match` request.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EntityMatches {
    /// 200.
    status: u16,
    /// Results, best first.
    results: Vec<ScoredEntity>,
    /// How many results.
    total: TotalSpec,
    /// The query as understood.
    #[schema(value_type = Object)]
    query: Value,
    /// Properties or values that were ignored.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
}

/// What a feature means.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FeatureDoc {
    description: &'static str,
    coefficient: f32,
    url: Option<&'static str>,
}

fn feature_docs() -> &'static BTreeMap<&'static str, FeatureDoc> {
    static DOCS: std::sync::OnceLock<BTreeMap<&'static str, FeatureDoc>> =
        std::sync::OnceLock::new();
    DOCS.get_or_init(build_feature_docs)
}

fn build_feature_docs() -> BTreeMap<&'static str, FeatureDoc> {
    use namesake_matcher::features::{country, dob, GENDER_MISMATCH};
    let doc = |description, coefficient| FeatureDoc {
        description,
        coefficient,
        url: Some("https://github.com/namesake/namesake/blob/main/docs/matching.md"),
    };
    BTreeMap::from([
        ("name", doc("Best alignment of a query name with a listed name, tokens weighted by rarity, independent of order; transliteration, phonetic and edit-distance aware", 1.0)),
        ("birth_date", doc("Date of birth: added when equal or within the listed range, taken off when years apart", dob::EXACT)),
        ("nationality", doc("Shared nationality or country adds; different ones take off", country::SHARED)),
        ("gender", doc("A stated gender that differs from the listed one takes off", GENDER_MISMATCH)),
        ("identifier", doc("An identical passport, national id, IMO or registration number is decisive", IDENTIFIER_SCORE)),
    ])
}

/// The body of a `/match` response.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EntityMatchResponse {
    /// One entry per query key.
    responses: BTreeMap<String, EntityMatches>,
    /// The features the scores are made of.
    #[schema(value_type = BTreeMap<String, FeatureDoc>)]
    matcher: &'static BTreeMap<&'static str, FeatureDoc>,
    /// Results per query at most.
    limit: usize,
    /// The list versions screened against (namesake's addition).
    #[schema(value_type = Vec<Object>)]
    list_versions: Vec<UsedVersion>,
}

/// A query entity (documentation of the request body).
#[allow(dead_code)]
#[derive(ToSchema)]
pub(crate) struct EntityExample {
    /// Optional client id, echoed.
    id: Option<String>,
    /// FtM schema: Person, Organization, Company, LegalEntity, Vessel, Airplane.
    schema: String,
    /// FtM properties: name, alias, firstName, middleName, lastName, birthDate, nationality,
    /// citizenship, country, gender, idNumber, passportNumber, imoNumber, registrationNumber,
    /// taxNumber… (a string or a list of strings each).
    properties: BTreeMap<String, Vec<String>>,
}

/// The body of a `/match` request (documentation).
#[allow(dead_code)]
#[derive(ToSchema)]
pub(crate) struct EntityMatchQuery {
    /// Query entities by a key of the client's choice.
    queries: BTreeMap<String, EntityExample>,
    /// Accepted for compatibility and ignored.
    weights: Option<BTreeMap<String, f32>>,
    /// Accepted for compatibility and ignored.
    #[schema(value_type = Option<Object>)]
    config: Option<Value>,
}

/// One query of a `/match` request, read.
struct MatchQuery {
    key: String,
    example: Example,
    prepared: Prepared,
    raw: Value,
}

/// Screens entities given by example (FollowTheMoney properties).
#[utoipa::path(post, path = "/match/{dataset}", tag = "yente",
    params(
        ("dataset" = String, Path, description = "default or sanctions (all lists), or a list code such as un or ofac"),
        ("threshold" = Option<f32>, Query, description = "Score at which a result is a match (default 0.70)"),
        ("cutoff" = Option<f32>, Query, description = "Lowest score returned (default: the lower of threshold and 0.70)"),
        ("limit" = Option<usize>, Query, description = "Results per query (default 5, at most 500)"),
        ("algorithm" = Option<String>, Query, description = "namesake, best, logic-v1 or logic-v2: all use namesake's matcher"),
        ("include_dataset" = Option<Vec<String>>, Query, description = "Only these lists"),
        ("exclude_dataset" = Option<Vec<String>>, Query, description = "Not these lists"),
        ("exclude_schema" = Option<Vec<String>>, Query, description = "Drop results of these schemata"),
        ("exclude_entity_ids" = Option<Vec<String>>, Query, description = "Drop these entities"),
    ),
    request_body = EntityMatchQuery,
    responses(
        (status = 200, description = "Results per query", body = EntityMatchResponse),
        (status = 400, description = "Malformed request; `field` names the part at fault", body = ErrorBody),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "Unknown dataset", body = ErrorBody),
        (status = 413, description = "Body or batch too large", body = ErrorBody),
        (status = 422, description = "Unknown or unscreenable schema", body = ErrorBody),
        (status = 503, description = "No index loaded yet", body = ErrorBody),
    ),
    security(("api_key" = [])))]
pub(crate) async fn match_entities(
    State(st): St,
    dataset: Result<Path<String>, PathRejection>,
    RawQuery(raw_query): RawQuery,
    Extension(caller): Extension<Caller>,
    Extension(RequestId(request_id)): Extension<RequestId>,
    JsonBody(body): JsonBody,
) -> Result<Json<EntityMatchResponse>, ApiError> {
    // The work is in plain functions so that this future stays small: axum moves handler
    // futures around, and a large one costs a memcpy per move.
    let (job, prepared) = prepare_match(&st, dataset, raw_query, caller, request_id, body)?;
    let limit = job.opts.limit;
    let (responses, list_versions) = run_screening(&st, move || job.run(prepared)).await?;
    Ok(Json(EntityMatchResponse {
        responses,
        matcher: feature_docs(),
        limit,
        list_versions,
    }))
}

/// Reads one query entity; issues with its values name the property at fault.
fn read_query(key: &str, v: &Value, limits: &Limits) -> Result<MatchQuery, ApiError> {
    let path = format!("queries.{key}");
    let example = read_example(v, &path).map_err(|e| {
        let status = if e.unscreenable {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::BAD_REQUEST
        };
        ApiError::new(status, e.message).with_field(e.field)
    })?;
    Limits::check(
        "max_names_per_subject",
        limits.max_names_per_subject,
        example.subject.names.len(),
        &format!("{path}.properties.name"),
        "names for one query entity",
    )?;
    let mut subject = example.subject.clone();
    subject.id = v.get("id").and_then(Value::as_str).map(String::from);
    let prepared = subject.prepare().strict().map_err(|issue| {
        let field = example.issue_field(&path, &issue);
        ApiError::bad_field(field, issue.message)
    })?;
    Ok(MatchQuery {
        key: key.to_string(),
        example,
        prepared,
        raw: v.clone(),
    })
}

/// Reads and checks a `/match` request: the job to run and the queries.
fn prepare_match(
    st: &AppState,
    dataset: Result<Path<String>, PathRejection>,
    raw_query: Option<String>,
    caller: Caller,
    request_id: Arc<str>,
    body: Value,
) -> Result<(MatchJob, Vec<MatchQuery>), ApiError> {
    let limits = &st.opts.limits;
    let dataset = path_param(dataset, "dataset")?;
    let params = Params::parse(raw_query.as_deref())?;
    let threshold = params.score("threshold")?.unwrap_or(DEFAULT_THRESHOLD);
    let cutoff = params
        .score("cutoff")?
        .unwrap_or(DEFAULT_THRESHOLD)
        .min(threshold);
    let limit = params.limit("limit", MATCH_LIMIT, MAX_LIMIT)?;
    if let Some(a) = params.get("algorithm") {
        if !ALGORITHMS.iter().any(|x| x.eq_ignore_ascii_case(a.trim())) {
            return Err(ApiError::bad_field(
                "algorithm",
                format!("unknown algorithm {a:?}: expected one of {ALGORITHMS:?}"),
            ));
        }
    }
    let exclude_schema: Vec<Schema> = params
        .all("exclude_schema")
        .into_iter()
        .map(|s| parse_schema(s).map_err(|e| e.with_field("exclude_schema")))
        .collect::<Result<_, _>>()?;
    let excluded = params.all("exclude_entity_ids");
    Limits::check(
        "max_excluded_ids",
        limits.max_excluded_ids,
        excluded.len(),
        "exclude_entity_ids",
        "excluded entity ids",
    )?;
    let exclude_ids = excluded.into_iter().map(String::from).collect();
    let show_suppressed = matches!(params.get("show_suppressed"), Some("true" | "1"));

    let obj = body.as_object().ok_or_else(|| {
        ApiError::bad_field(
            "body",
            format!(
                "expected an object {{\"queries\": {{…}}}}, got {}",
                crate::ftm::json_kind(&body)
            ),
        )
    })?;
    let queries = match obj.get("queries") {
        Some(Value::Object(q)) => q,
        Some(other) => {
            return Err(ApiError::bad_field(
                "queries",
                format!(
                    "expected an object of query entities by key, got {}",
                    crate::ftm::json_kind(other)
                ),
            ))
        }
        None => {
            return Err(ApiError::bad_field(
                "queries",
                "missing \"queries\": {KEY: {\"schema\": …, \"properties\": {…}}}",
            ))
        }
    };
    let max = st.opts.max_batch.min(limits.max_subjects);
    Limits::check(
        "max_subjects",
        max,
        queries.len(),
        "queries",
        "queries in one request",
    )?;
    let mut prepared = Vec::with_capacity(queries.len());
    for (key, v) in queries {
        if !v.is_null() {
            prepared.push(read_query(key, v, limits)?);
        }
    }
    if prepared.is_empty() {
        return Err(ApiError::bad_field("queries", "no queries given"));
    }
    Limits::check(
        "max_results",
        limits.max_results,
        prepared.len().saturating_mul(limit),
        "limit",
        "results asked for (queries × limit)",
    )?;

    let snap = st.snapshot()?;
    let lists = narrow_lists(
        snap.index(),
        dataset_lists(snap.index(), &dataset)?,
        &params,
    )?;
    let job = MatchJob {
        snap,
        opts: Options {
            threshold: cutoff,
            limit,
            explain: true,
            lists,
            exclude_schema,
            exclude_ids,
            exact_name_floor: true,
            // yente keeps one result per entity; `referents` names the party's other entries.
            separate_lists: true,
        },
        threshold,
        show_suppressed,
        who: caller.name,
        request_id,
        endpoint: format!("/match/{dataset}"),
    };
    Ok((job, prepared))
}

struct MatchJob {
    snap: Arc<Snapshot>,
    opts: Options,
    threshold: f32,
    show_suppressed: bool,
    who: Arc<str>,
    request_id: Arc<str>,
    endpoint: String,
}

/// The results by query key, the list versions used, and the audit records.
type MatchOutput = (
    (BTreeMap<String, EntityMatches>, Vec<UsedVersion>),
    Vec<AuditEntry>,
);

impl MatchJob {
    fn run(self, queries: Vec<MatchQuery>) -> MatchOutput {
        let screener = &self.snap.screener;
        let mut out = BTreeMap::new();
        let mut entries = Vec::with_capacity(queries.len());
        for q in queries {
            let sc = screener.screen_prepared(&q.prepared, &self.opts);
            let subject = audit_subject(&self.request_id, &self.endpoint, &sc.subject_key, q.raw);
            entries.push(sc.audit_entry(&self.who, "api", subject));
            let (hits, suppressed) = visible_hits(&sc, self.show_suppressed);
            let results: Vec<ScoredEntity> = hits
                .iter()
                .map(|h| {
                    let mut r = scored(screener.index(), &h.hit, self.threshold);
                    r.suppressed = h.suppressed_by.is_some();
                    r
                })
                .collect();
            let mut warnings = q.example.warnings;
            if suppressed > 0 && !self.show_suppressed {
                warnings.push(format!(
                    "{suppressed} result(s) decided as false positives for this subject were left out (show_suppressed=true lists them)"
                ));
            }
            out.insert(
                q.key,
                EntityMatches {
                    status: 200,
                    total: TotalSpec {
                        value: results.len(),
                        relation: if sc.truncated { "gte" } else { "eq" },
                    },
                    results,
                    query: q.example.echo,
                    warnings,
                },
            );
        }
        ((out, screener.used(&self.opts.lists)), entries)
    }
}

/// A search result: an entity and its score.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SearchResult {
    #[serde(flatten)]
    entity: EntityResponse,
    /// Name score 0..1 (absent when browsing without `q`).
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f32>,
}

/// A facet value and its count.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FacetItem {
    name: String,
    label: String,
    count: usize,
}

/// Counts of the results by one property.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Facet {
    label: &'static str,
    values: Vec<FacetItem>,
}

/// The body of a `/search` response.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SearchResponse {
    results: Vec<SearchResult>,
    facets: BTreeMap<&'static str, Facet>,
    total: TotalSpec,
    limit: usize,
    offset: usize,
}

/// Searches listed names (`q`), or lists the entities of a dataset when `q` is empty.
#[utoipa::path(get, path = "/search/{dataset}", tag = "yente",
    params(
        ("dataset" = String, Path, description = "default or sanctions (all lists), or a list code"),
        ("q" = Option<String>, Query, description = "A name"),
        ("schema" = Option<String>, Query, description = "Only this FtM schema"),
        ("limit" = Option<usize>, Query, description = "Page size (default 10, at most 500)"),
        ("offset" = Option<usize>, Query, description = "Results to skip"),
    ),
    responses(
        (status = 200, description = "Results", body = SearchResponse),
        (status = 400, description = "Bad parameter", body = ErrorBody),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "Unknown dataset", body = ErrorBody),
        (status = 503, description = "No index loaded yet", body = ErrorBody),
    ),
    security(("api_key" = [])))]
pub(crate) async fn search(
    State(st): St,
    Extension(caller): Extension<Caller>,
    Extension(RequestId(request_id)): Extension<RequestId>,
    dataset: Result<Path<String>, PathRejection>,
    RawQuery(raw_query): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let dataset = path_param(dataset, "dataset")?;
    // Searched on the blocking pool within the concurrency limit, as every screening is, and
    // answered once its audit record is committed.
    let state = st.clone();
    run_screening(&st, move || {
        match search_page(&state, &caller, &request_id, dataset, raw_query) {
            Ok((resp, audit)) => (Ok(resp), audit.into_iter().collect()),
            Err(e) => (Err(e), Vec::new()),
        }
    })
    .await?
}

/// The audit record of a name search (`q` given; browsing without `q` screens no one).
fn search_audit(
    snap: &Snapshot,
    who: &Caller,
    request_id: &str,
    dataset: &str,
    q: &str,
    hits: &[(&Entity, Option<f32>)],
) -> AuditEntry {
    let subject = audit_subject(
        request_id,
        &format!("/search/{dataset}"),
        "",
        serde_json::json!({"q": q}),
    );
    AuditEntry {
        who: who.name.to_string(),
        kind: "api".into(),
        subject,
        list_versions: serde_json::to_value(snap.screener.versions()).unwrap_or(Value::Null),
        threshold: namesake_store::threshold_f64(SEARCH_FLOOR),
        hits: hits
            .iter()
            .map(|(e, score)| namesake_store::AuditHit {
                entity_id: e.id.clone(),
                score: namesake_store::threshold_f64(score.unwrap_or(0.0)),
                suppressed: false,
                also_on: Vec::new(),
            })
            .collect(),
    }
}

/// The search response and, for a name search, its audit record.
fn search_page(
    st: &AppState,
    caller: &Caller,
    request_id: &str,
    dataset: String,
    raw_query: Option<String>,
) -> Result<(Json<SearchResponse>, Option<AuditEntry>), ApiError> {
    let params = Params::parse(raw_query.as_deref())?;
    let limit = params.limit("limit", 10, MAX_LIMIT)?;
    let offset = params.count("offset", 0, 10_000)?;
    let schema = match params.get("schema").filter(|s| !s.is_empty()) {
        Some(s) => Some(parse_schema(s).map_err(|e| e.with_field("schema"))?),
        None => None,
    };
    let q = params.get("q").unwrap_or("").trim().to_string();
    let snap = st.snapshot()?;
    let index = snap.index();
    let lists = narrow_lists(index, dataset_lists(index, &dataset)?, &params)?;
    let schema_ok = |s: Schema| schema.is_none_or(|want| want == Schema::Unknown || want == s);
    let (page, total, cut): (Vec<(&Entity, Option<f32>)>, usize, bool) = if q.is_empty() {
        let all: Vec<&Entity> = index
            .entities()
            .iter()
            .filter(|e| lists.as_ref().is_none_or(|l| l.contains(&e.list)) && schema_ok(e.schema))
            .collect();
        let total = all.len();
        let page = all
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|e| (e, None))
            .collect();
        (page, total, false)
    } else {
        let mut query = namesake_model::Query::name(q.clone());
        query.schema = schema.unwrap_or_default();
        let opts = ScreenOptions {
            threshold: SEARCH_FLOOR,
            limit: offset + limit,
            explain: false,
            lists,
            exact_name_floor: true,
        };
        let hits = index.screen(&query, &opts);
        let total = hits.len();
        let page = hits
            .iter()
            .skip(offset)
            .filter_map(|h| {
                index
                    .entity(&h.entity_id)
                    .map(|e| (e, Some(round3(h.score))))
            })
            .collect();
        (page, total, total >= opts.limit && opts.limit > 0)
    };
    let audit =
        (!q.is_empty()).then(|| search_audit(&snap, caller, request_id, &dataset, &q, &page));
    let mut by_list: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_schema: BTreeMap<&str, usize> = BTreeMap::new();
    for (e, _) in &page {
        *by_list.entry(&e.list).or_default() += 1;
        *by_schema.entry(e.schema.ftm_name()).or_default() += 1;
    }
    let list_label = |code: &str| {
        index
            .lists()
            .iter()
            .find(|m| m.info.code == code)
            .map_or(code.to_string(), |m| m.info.name.clone())
    };
    let facets = BTreeMap::from([
        (
            "datasets",
            Facet {
                label: "Data sources",
                values: by_list
                    .into_iter()
                    .map(|(c, n)| FacetItem {
                        name: c.to_string(),
                        label: list_label(c),
                        count: n,
                    })
                    .collect(),
            },
        ),
        (
            "schema",
            Facet {
                label: "Types",
                values: by_schema
                    .into_iter()
                    .map(|(s, n)| FacetItem {
                        name: s.to_string(),
                        label: s.to_string(),
                        count: n,
                    })
                    .collect(),
            },
        ),
    ]);
    let resp = Json(SearchResponse {
        results: page
            .into_iter()
            .map(|(e, score)| SearchResult {
                entity: entity_response(e),
                score,
            })
            .collect(),
        facets,
        total: TotalSpec {
            value: total,
            relation: if cut { "gte" } else { "eq" },
        },
        limit,
        offset,
    });
    Ok((resp, audit))
}

/// One listed entity as FtM.
#[utoipa::path(get, path = "/entities/{id}", tag = "yente",
    params(("id" = String, Path, description = "Entity id, e.g. un:QDi.015")),
    responses(
        (status = 200, description = "The entity", body = EntityResponse),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 404, description = "No such entity", body = ErrorBody),
        (status = 503, description = "No index loaded yet", body = ErrorBody),
    ),
    security(("api_key" = [])))]
pub(crate) async fn entity(
    State(st): St,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<EntityResponse>, ApiError> {
    let id = path_param(id, "id")?;
    let snap = st.snapshot()?;
    snap.index()
        .entity(&id)
        .map(|e| Json(entity_response(e)))
        .ok_or_else(|| ApiError::not_found(format!("no entity {id:?}")).with_field("id"))
}

/// A dataset in the catalog.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DatasetModel {
    name: String,
    title: String,
    summary: Option<String>,
    url: Option<String>,
    load: bool,
    entities_url: Option<String>,
    version: String,
    index_version: Option<String>,
    index_current: bool,
    children: Vec<String>,
    entity_count: usize,
}

/// The body of `/catalog`.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DataCatalog {
    datasets: Vec<DatasetModel>,
    current: Vec<String>,
    outdated: Vec<String>,
    index_stale: bool,
}

/// The datasets served: each list, and the `default` and `sanctions` collections of all lists.
#[utoipa::path(get, path = "/catalog", tag = "yente",
    responses(
        (status = 200, description = "Datasets", body = DataCatalog),
        (status = 401, description = "No valid API key", body = ErrorBody),
        (status = 503, description = "No index loaded yet", body = ErrorBody),
    ),
    security(("api_key" = [])))]
pub(crate) async fn catalog(State(st): St) -> Result<Json<DataCatalog>, ApiError> {
    let snap = st.snapshot()?;
    let index_version = format!("namesake-{}-{}", snap.loaded_at, snap.generation);
    let mut datasets: Vec<DatasetModel> = snap
        .index()
        .lists()
        .iter()
        .map(|m| DatasetModel {
            name: m.info.code.clone(),
            title: m.info.name.clone(),
            summary: Some(format!(
                "{} entities, {} names ({} format)",
                m.entities, m.names, m.info.format
            )),
            url: None,
            load: true,
            entities_url: None,
            version: m
                .info
                .published
                .clone()
                .unwrap_or_else(|| format!("loaded-{}", snap.loaded_at)),
            index_version: Some(index_version.clone()),
            index_current: true,
            children: Vec::new(),
            entity_count: m.entities,
        })
        .collect();
    let codes: Vec<String> = datasets.iter().map(|d| d.name.clone()).collect();
    let total = snap.index().entities().len();
    for (name, title) in [
        ("default", "All loaded lists"),
        ("sanctions", "All loaded sanctions lists"),
    ] {
        datasets.push(DatasetModel {
            name: name.into(),
            title: title.into(),
            summary: None,
            url: None,
            load: true,
            entities_url: None,
            version: format!("loaded-{}", snap.loaded_at),
            index_version: Some(index_version.clone()),
            index_current: true,
            children: codes.clone(),
            entity_count: total,
        });
    }
    let current = datasets.iter().map(|d| d.name.clone()).collect();
    Ok(Json(DataCatalog {
        datasets,
        current,
        outdated: Vec::new(),
        index_stale: false,
    }))
}

/// A matching algorithm.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Algorithm {
    name: &'static str,
    description: &'static str,
    #[schema(value_type = BTreeMap<String, FeatureDoc>)]
    features: &'static BTreeMap<&'static str, FeatureDoc>,
}

/// The body of `/algorithms`.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AlgorithmResponse {
    algorithms: Vec<Algorithm>,
    default: &'static str,
    best: &'static str,
}

/// The matching algorithms: namesake's matcher, under the names yente clients send.
#[utoipa::path(get, path = "/algorithms", tag = "yente",
    responses(
        (status = 200, description = "Algorithms", body = AlgorithmResponse),
        (status = 401, description = "No valid API key", body = ErrorBody),
    ),
    security(("api_key" = [])))]
pub(crate) async fn algorithms() -> Json<AlgorithmResponse> {
    let algorithms = ALGORITHMS
        .iter()
        .map(|&name| Algorithm {
            name,
            description: if name == "namesake" {
                "namesake's matcher: rarity-weighted, order-independent token alignment with transliteration, phonetic and edit-distance similarity, plus date of birth, nationality, gender and identifier evidence"
            } else {
                "accepted for compatibility with yente clients: scored by namesake's matcher"
            },
            features: feature_docs(),
        })
        .collect();
    Json(AlgorithmResponse {
        algorithms,
        default: "namesake",
        best: "namesake",
    })
}
