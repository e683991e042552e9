//! The OpenAPI document, generated from the handlers' and types' annotations.

use std::sync::OnceLock;

use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{decisions, error, http, native, yente};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "namesake",
        description = "Sanctions screening: a yente-compatible matching API and namesake's native API. \
Send `Authorization: ApiKey <key>` (or `Bearer <key>`) on every route but /healthz, /readyz and /openapi.json. \
Errors are JSON: {\"error\": {\"status\", \"message\", \"field\"}, \"detail\"}: 400 malformed request (field names the part at fault), \
401 no valid key, 403 the key's role does not allow the route, 404 unknown dataset or entity, 409 a reload is already running, 413 over a limit (the body names it in error.limit), 422 unknown or unscreenable schema, 429 rate limit (Retry-After), 503 no index loaded yet or the audit log cannot be written."
    ),
    paths(
        yente::match_entities,
        yente::search,
        yente::entity,
        yente::catalog,
        yente::algorithms,
        native::screen,
        native::lists,
        decisions::record,
        decisions::of_subject,
        http::healthz,
        http::readyz,
        http::metrics,
        http::reload,
    ),
    components(schemas(
        error::ErrorBody,
        error::ErrorDetail,
        error::LimitBody,
        decisions::DecisionRequest,
        yente::EntityMatchQuery,
        yente::EntityExample,
        yente::EntityMatchResponse,
        yente::EntityMatches,
        yente::ScoredEntity,
        yente::EntityResponse,
        yente::FeatureResult,
        yente::FeatureDoc,
        yente::TotalSpec,
        yente::SearchResponse,
        yente::SearchResult,
        yente::Facet,
        yente::FacetItem,
        yente::DataCatalog,
        yente::DatasetModel,
        yente::AlgorithmResponse,
        yente::Algorithm,
        native::ScreenRequestDoc,
        native::SubjectDoc,
        native::ListsBody,
        native::ListInfoBody,
        http::StatusBody,
        crate::ReloadReport,
    )),
    modifiers(&KeyScheme),
    tags(
        (name = "yente", description = "Compatible with OpenSanctions' yente API"),
        (name = "native", description = "namesake's own API"),
        (name = "System", description = "Health, metrics, administration"),
    )
)]
struct ApiDoc;

struct KeyScheme;

impl Modify for KeyScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "api_key",
                SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                    "Authorization",
                    "`ApiKey <key>` or `Bearer <key>`",
                ))),
            );
        }
    }
}

/// The OpenAPI document as JSON (built once).
pub fn openapi_json() -> String {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        ApiDoc::openapi().to_pretty_json().unwrap_or_else(|e| {
            format!("{{\"error\": \"cannot render the OpenAPI document: {e}\"}}")
        })
    })
    .clone()
}
