//! Which lists a request screens: yente's dataset names (`default`, `sanctions`, a list code),
//! `include_dataset`/`exclude_dataset`, and the query-string reader they share.

use namesake_index::Index;

use crate::error::ApiError;

/// Query-string parameters, in order, with repeats.
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    pub(crate) fn parse(raw: Option<&str>) -> Result<Params, ApiError> {
        let raw = raw.unwrap_or("");
        serde_urlencoded::from_str::<Vec<(String, String)>>(raw)
            .map(Params)
            .map_err(|e| ApiError::bad_field("query", format!("unreadable query string: {e}")))
    }

    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }

    pub(crate) fn score(&self, key: &str) -> Result<Option<f32>, ApiError> {
        match self.get(key) {
            None | Some("") => Ok(None),
            Some(v) => namesake_screening::options::score_text(key, v)
                .map(Some)
                .map_err(|e| ApiError::bad_field(key, e.to_string())),
        }
    }

    /// A limit on results (`namesake_screening::options::limit_text`: 1 to `max`).
    pub(crate) fn limit(&self, key: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.get(key) {
            None | Some("") => Ok(default),
            Some(v) => namesake_screening::options::limit_text(key, v, max)
                .map_err(|e| ApiError::bad_field(key, e.to_string())),
        }
    }

    pub(crate) fn count(&self, key: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.get(key) {
            None | Some("") => Ok(default),
            Some(v) => match v.trim().parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(ApiError::bad_field(
                    key,
                    format!("{key} must be a whole number from 0 to {max}, got {v:?}"),
                )),
            },
        }
    }
}

/// The list codes a dataset name selects: `None` for all lists.
pub(crate) fn dataset_lists(index: &Index, dataset: &str) -> Result<Option<Vec<String>>, ApiError> {
    match dataset {
        "default" | "sanctions" | "all" => Ok(None),
        code => {
            if index.lists().iter().any(|m| m.info.code == code) {
                Ok(Some(vec![code.to_string()]))
            } else {
                Err(ApiError::not_found(format!(
                    "unknown dataset {code:?}: expected default, sanctions{}",
                    index
                        .lists()
                        .iter()
                        .map(|m| format!(", {}", m.info.code))
                        .collect::<String>()
                ))
                .with_field("dataset"))
            }
        }
    }
}

/// Applies `include_dataset` and `exclude_dataset` to a dataset's lists.
pub(crate) fn narrow_lists(
    index: &Index,
    base: Option<Vec<String>>,
    params: &Params,
) -> Result<Option<Vec<String>>, ApiError> {
    let include = params.all("include_dataset");
    let exclude = params.all("exclude_dataset");
    if include.is_empty() && exclude.is_empty() {
        return Ok(base);
    }
    let known = |c: &str, key: &str| -> Result<(), ApiError> {
        if index.lists().iter().any(|m| m.info.code == c) || c == "default" || c == "sanctions" {
            Ok(())
        } else {
            Err(ApiError::bad_field(key, format!("unknown dataset {c:?}")))
        }
    };
    let mut codes: Vec<String> = match base {
        Some(v) => v,
        None => index.lists().iter().map(|m| m.info.code.clone()).collect(),
    };
    if !include.is_empty() {
        for c in &include {
            known(c, "include_dataset")?;
        }
        if !include.iter().any(|c| *c == "default" || *c == "sanctions") {
            codes.retain(|c| include.contains(&c.as_str()));
        }
    }
    for c in &exclude {
        known(c, "exclude_dataset")?;
    }
    codes.retain(|c| !exclude.contains(&c.as_str()));
    Ok(Some(codes))
}
