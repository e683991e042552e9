//! The Python package `namesake` (module `namesake._native`): bindings only. Every call goes
//! through the library crates — lists through `namesake_sources`, the index through
//! `namesake_index`, subjects, batch columns, screening and comparison through
//! `namesake_screening` — so Python screens exactly as the command line does.
//!
//! Long work (reading lists, building, loading and saving an index, screening) runs with the
//! GIL released; `screen_batch` screens on all cores.

mod batch;
mod errors;
mod hit;
mod index;
mod values;

use std::path::PathBuf;

use pyo3::prelude::*;

use errors::{Kind, NamesakeResult};

/// Scores two names against each other without a list (`namesake compare`).
#[pyfunction]
#[pyo3(signature = (a, b, schema = None))]
fn compare(py: Python<'_>, a: &str, b: &str, schema: Option<&str>) -> PyResult<hit::Comparison> {
    let schema = match schema.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => s
            .parse::<namesake_model::Schema>()
            .map_err(|e| Kind::InvalidInput.err(py, format!("schema: {e}")))?,
        None => namesake_model::Schema::Unknown,
    };
    let (a, b) = (a.to_string(), b.to_string());
    let found = py.detach(move || namesake_screening::compare(&a, &b, schema));
    Ok(hit::Comparison::new(found))
}

/// Reads a list file (format detected by content) into its entities, as dicts.
#[pyfunction]
fn read_list<'py>(py: Python<'py>, path: PathBuf) -> PyResult<Bound<'py, PyAny>> {
    let parsed = py
        .detach(|| namesake_sources::load(&path))
        .or_raise(py, Kind::List)?;
    index::warn_skipped(py, &parsed)?;
    let entities = serde_json::to_value(&parsed.entities).or_raise(py, Kind::Base)?;
    values::to_py(py, &entities)
}

/// The native module; `namesake/__init__.py` re-exports it.
#[pymodule]
#[pyo3(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<index::Index>()?;
    m.add_class::<hit::Hit>()?;
    m.add_class::<hit::Comparison>()?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(read_list, m)?)?;
    m.add(
        "DEFAULT_THRESHOLD",
        f64::from(namesake_matcher::DEFAULT_THRESHOLD),
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
