//! `namesake.Hit` and `namesake.Comparison`: results as Python objects, converted to dicts only
//! when a field is read.

use namesake_index::{round3, Hit as IndexHit};
use namesake_matcher::DEFAULT_THRESHOLD;
use namesake_screening::ScreenedHit;
use pyo3::prelude::*;
use serde_json::Value;

use crate::values::to_py;

/// A serde enum's name as the JSON output writes it (`strong`, `person`).
pub fn serde_name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// One listed entity matching a screened subject: what `namesake screen --json` prints for it.
#[pyclass(frozen, module = "namesake")]
pub struct Hit {
    inner: ScreenedHit,
}

impl Hit {
    pub fn new(inner: ScreenedHit) -> Hit {
        Hit { inner }
    }
}

#[pymethods]
impl Hit {
    /// `<list>:<publisher key>`, e.g. `un:QDi.015`.
    #[getter]
    fn entity_id(&self) -> &str {
        &self.inner.hit.entity_id
    }
    /// The score, 0 to 1, rounded to three places as the command line prints it.
    #[getter]
    fn score(&self) -> f64 {
        round3(self.inner.hit.score)
    }
    /// `strong` (≥ 0.90), `probable` (≥ 0.80), `possible` (≥ 0.70), or `none` under the
    /// exact-name floor.
    #[getter]
    fn band(&self) -> String {
        serde_name(&self.inner.hit.band)
    }
    /// The list code (`un`, `ofac-sdn`…).
    #[getter]
    fn list(&self) -> &str {
        &self.inner.hit.list
    }
    /// The list's full name.
    #[getter]
    fn list_name(&self) -> &str {
        &self.inner.hit.list_name
    }
    /// The entity's primary name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.hit.name
    }
    /// The listed name that matched best.
    #[getter]
    fn matched_name(&self) -> &str {
        &self.inner.hit.matched_name
    }
    /// The type as the CLI's JSON writes it: `Person`, `Organization`, `Vessel`…
    #[getter]
    fn schema(&self) -> String {
        serde_name(&self.inner.hit.schema)
    }
    /// Why: how each token aligned and what dates, nationality, gender or identifiers added or
    /// took away (a dict), or `None`.
    #[getter]
    fn explanation<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = serde_json::to_value(&self.inner.hit.explanation).unwrap_or(Value::Null);
        to_py(py, &v)
    }
    /// What the publisher says of the entity beside the score (programme, category…).
    #[getter]
    fn details<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &serde_json::json!(self.inner.hit.details))
    }
    /// The listed entity's dates and places of birth, nationalities, identifiers, programmes.
    #[getter]
    fn listed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &serde_json::json!(self.inner.hit.listed))
    }
    /// The same party's entries on other lists.
    #[getter]
    fn also_on<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &serde_json::json!(self.inner.hit.also_on))
    }
    /// Whether an analyst's false-positive decision (in the store) suppresses the hit.
    #[getter]
    fn suppressed(&self) -> bool {
        self.inner.suppressed_by.is_some()
    }
    /// An exact listed name reported although other evidence put the score under the threshold.
    #[getter]
    fn exact_name_floor(&self) -> bool {
        self.inner.hit.exact_name_floor
    }
    /// The hit as `namesake screen --json` prints it.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.to_json())
    }
    fn __repr__(&self) -> String {
        let h = &self.inner.hit;
        format!(
            "Hit(entity_id={:?}, score={}, band={:?}, name={:?}, matched_name={:?})",
            h.entity_id,
            round3(h.score),
            serde_name(&h.band),
            h.name,
            h.matched_name
        )
    }
}

/// Two names compared: the score and why.
#[pyclass(frozen, module = "namesake")]
pub struct Comparison {
    hit: Option<IndexHit>,
}

impl Comparison {
    pub fn new(hit: Option<IndexHit>) -> Comparison {
        Comparison { hit }
    }
    fn raw_score(&self) -> f32 {
        self.hit.as_ref().map_or(0.0, |h| h.score)
    }
}

#[pymethods]
impl Comparison {
    /// The score, 0 to 1 (0 when the names have nothing in common), rounded to three places.
    #[getter]
    fn score(&self) -> f64 {
        round3(self.raw_score())
    }
    /// Whether the score reaches the default threshold (`namesake compare`'s "match").
    #[getter]
    fn is_match(&self) -> bool {
        self.raw_score() >= DEFAULT_THRESHOLD
    }
    /// The score band, or `None` when nothing matched.
    #[getter]
    fn band(&self) -> Option<String> {
        self.hit.as_ref().map(|h| serde_name(&h.band))
    }
    /// How the tokens aligned (a dict), or `None`.
    #[getter]
    fn explanation<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = self
            .hit
            .as_ref()
            .and_then(|h| serde_json::to_value(&h.explanation).ok())
            .unwrap_or(Value::Null);
        to_py(py, &v)
    }
    /// What `namesake compare --json` prints: `score`, `match` and `detail`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = serde_json::json!({
            "score": self.score(),
            "match": self.is_match(),
            "detail": self.hit.as_ref().map(IndexHit::to_json),
        });
        to_py(py, &v)
    }
    fn __float__(&self) -> f64 {
        self.score()
    }
    fn __repr__(&self) -> String {
        format!(
            "Comparison(score={}, is_match={})",
            self.score(),
            if self.is_match() { "True" } else { "False" }
        )
    }
}
