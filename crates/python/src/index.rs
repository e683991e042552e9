//! `namesake.Index`: an index over lists, with the analysts' decisions when it comes from the
//! store, screening one subject or a table.

use std::path::PathBuf;
use std::sync::Arc;

use namesake_index::Index as ListIndex;
use namesake_matcher::DEFAULT_THRESHOLD;
use namesake_screening::options;
use namesake_screening::{
    DecisionBook, IdNumber, Options, Screener, Subject, SubjectField, UsedVersion,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::errors::{Kind, NamesakeResult};
use crate::hit::Hit;

/// Warns (category `namesake.NamesakeWarning`) about the records a list reader skipped or kept
/// without a field, as the command line does on stderr.
pub fn warn_skipped(py: Python<'_>, parsed: &namesake_sources::ParsedList) -> PyResult<()> {
    if parsed.skipped.is_empty() {
        return Ok(());
    }
    let kept = parsed.skipped.iter().filter(|s| s.field.is_some()).count();
    let mut msg = format!(
        "{}: {} record(s) skipped, {kept} field(s) unreadable in entries kept without them:",
        parsed.info.code,
        parsed.skipped.len() - kept
    );
    for s in parsed.skipped.iter().take(20) {
        msg.push_str(&format!("\n  {s}"));
    }
    if parsed.skipped.len() > 20 {
        msg.push_str(&format!("\n  … and {} more", parsed.skipped.len() - 20));
    }
    warn(py, &msg)
}

/// A `namesake.NamesakeWarning`.
pub fn warn(py: Python<'_>, msg: &str) -> PyResult<()> {
    let category = py.import("namesake._errors")?.getattr("NamesakeWarning")?;
    py.import("warnings")?
        .call_method1("warn", (msg, category, 1))?;
    Ok(())
}

/// Values given as one string or as a sequence of strings (`None`: none).
pub fn strings(v: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<String>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(vec![s.to_cow()?.into_owned()]);
    }
    let mut out = Vec::new();
    for item in v.try_iter().map_err(|_| {
        Kind::InvalidInput.err(
            v.py(),
            format!("{what}: expected a string or a sequence of strings"),
        )
    })? {
        let item = item?;
        out.push(item.extract::<String>().map_err(|_| {
            Kind::InvalidInput.err(
                v.py(),
                format!("{what}: expected strings, got {}", item.get_type()),
            )
        })?);
    }
    Ok(out)
}

/// How to screen, from Python's `threshold` and `limit`; refused like the command line refuses
/// `--threshold` outside 0–1 and `--limit 0`.
pub fn options(py: Python<'_>, threshold: Option<f64>, limit: usize) -> PyResult<Options> {
    let invalid = |e: namesake_screening::OptionError| {
        Kind::InvalidInput.err(py, format!("{}: {}", e.option(), e.reason()))
    };
    let limit = options::limit("limit", limit as u64, options::MAX_LIMIT).map_err(invalid)?;
    let threshold = match threshold {
        Some(t) => options::score("threshold", t).map_err(invalid)?,
        None => DEFAULT_THRESHOLD,
    };
    Ok(Options {
        threshold,
        limit,
        ..Options::default()
    })
}

/// An index over sanctions lists, ready to screen names.
///
/// Build it from list files (`Index.from_files`), from the store that `namesake import` fills
/// (`Index.from_store`), or load one saved with `Index.save` (the command line's index format).
/// One index is safe to share between threads; screening releases the GIL.
#[pyclass(frozen, module = "namesake")]
pub struct Index {
    pub(crate) screener: Screener,
}

impl Index {
    fn of(index: ListIndex, versions: Vec<UsedVersion>) -> Index {
        Index {
            screener: Screener::new(Arc::new(index), versions, Arc::new(DecisionBook::default())),
        }
    }
}

#[pymethods]
impl Index {
    /// Reads list files (the format of each is detected from its content: UN XML, OFAC CSV or
    /// XML, UK, EU, Canada, Australia, US, Türkiye, FollowTheMoney, your own CSV/JSON) and
    /// builds an index over them. Records a reader skips are reported as warnings.
    #[staticmethod]
    fn from_files(py: Python<'_>, paths: Vec<PathBuf>) -> PyResult<Index> {
        if paths.is_empty() {
            return Err(Kind::InvalidInput.err(py, "from_files: give at least one list file"));
        }
        let mut parsed = Vec::new();
        for p in &paths {
            let list = py
                .detach(|| namesake_sources::load(p))
                .or_raise(py, Kind::List)?;
            warn_skipped(py, &list)?;
            parsed.push(list);
        }
        let index = py.detach(|| {
            ListIndex::build(parsed.into_iter().map(|p| (p.info, p.entities)).collect())
        });
        Ok(Index::of(index, Vec::new()))
    }

    /// The index over the store's current list versions (the store `namesake import` and
    /// `namesake update` fill: an SQLite file path or a `postgres://` URL; by default
    /// `namesake.db` in `$NAMESAKE_HOME`). The analysts' false-positive decisions recorded in
    /// the store mark hits `suppressed`. Screenings from Python are not written to the audit
    /// log.
    #[staticmethod]
    #[pyo3(signature = (database = None))]
    fn from_store(py: Python<'_>, database: Option<String>) -> PyResult<Index> {
        let location = match database.filter(|d| !d.trim().is_empty()) {
            Some(d) => d,
            None => namesake_store::default_location()
                .ok_or_else(|| {
                    Kind::Store.err(py, "no data directory: set NAMESAKE_HOME or pass database=")
                })?
                .display()
                .to_string(),
        };
        let store = py
            .detach(|| namesake_store::open(&location))
            .or_raise(py, Kind::Store)?;
        let screener = py
            .detach(|| namesake_screening::stored_screener(&store))
            .or_raise(py, Kind::Store)?;
        match screener {
            Some(screener) => Ok(Index { screener }),
            None => Err(Kind::Store.err(
                py,
                format!(
                    "no list imported in {location}: import a list file with `namesake import FILE` \
                     (or `namesake update`), or build an index with Index.from_files([...])"
                ),
            )),
        }
    }

    /// Loads an index saved by `Index.save` (the command line's index format; a file from
    /// another format version is refused with the reason).
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Index> {
        let index = py
            .detach(|| ListIndex::load(&path))
            .or_raise(py, Kind::IndexFile)?;
        Ok(Index::of(index, Vec::new()))
    }

    /// Saves the index to `path` (written whole or not at all), for `Index.load` and Spark
    /// executors.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let index = self.screener.index();
        py.detach(|| index.save(&path))
            .or_raise(py, Kind::IndexFile)
    }

    /// The lists in the index: code, name, format, publication date, entity and name counts.
    #[getter]
    fn lists<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for m in self.screener.index().lists() {
            let d = PyDict::new(py);
            d.set_item("code", &m.info.code)?;
            d.set_item("name", &m.info.name)?;
            d.set_item("format", &m.info.format)?;
            d.set_item("published", &m.info.published)?;
            d.set_item("entities", m.entities)?;
            d.set_item("names", m.names)?;
            out.append(d)?;
        }
        Ok(out)
    }

    /// The number of listed entities.
    fn __len__(&self) -> usize {
        self.screener.index().entities().len()
    }

    fn __repr__(&self) -> String {
        let lists: Vec<&str> = self
            .screener
            .index()
            .lists()
            .iter()
            .map(|m| m.info.code.as_str())
            .collect();
        format!(
            "Index(lists={lists:?}, entities={})",
            self.screener.index().entities().len()
        )
    }

    /// Screens one subject, as `namesake screen NAME` does; returns the hits, best first.
    ///
    /// `dob` is a date or year (`1971-07-28`, `1971`, `1971-07`), `nationality` a country name or
    /// ISO code (or several, as a list or `;`-separated), `schema` the type (`person`,
    /// `organization`, `vessel`, `aircraft`), `id_numbers` passport, national id or other
    /// numbers. A value that cannot be read raises `InvalidInput` naming the argument.
    #[pyo3(signature = (name, *, dob = None, nationality = None, schema = None, id_numbers = None, threshold = None, limit = 10))]
    #[allow(clippy::too_many_arguments)] // Python's keyword arguments
    fn screen(
        &self,
        py: Python<'_>,
        name: &str,
        dob: Option<&Bound<'_, PyAny>>,
        nationality: Option<&Bound<'_, PyAny>>,
        schema: Option<String>,
        id_numbers: Option<&Bound<'_, PyAny>>,
        threshold: Option<f64>,
        limit: usize,
    ) -> PyResult<Vec<Hit>> {
        let opts = options(py, threshold, limit)?;
        if !name.trim().is_empty() && !namesake_screening::has_letter_or_digit(name) {
            return Err(Kind::InvalidInput.err(
                py,
                format!("name: {name:?} has no letter or digit: nothing to screen"),
            ));
        }
        let subject = Subject {
            names: vec![name.to_string()],
            schema,
            birth_dates: strings(dob, "dob")?,
            nationalities: strings(nationality, "nationality")?,
            id_numbers: strings(id_numbers, "id_numbers")?
                .into_iter()
                .map(|value| IdNumber { kind: None, value })
                .collect(),
            ..Subject::default()
        };
        let prepared = subject.prepare().strict().map_err(|issue| {
            let arg = match issue.field {
                SubjectField::Name => "name",
                SubjectField::Schema => "schema",
                SubjectField::BirthDate => "dob",
                SubjectField::Nationality => "nationality",
                SubjectField::Gender => "gender",
            };
            Kind::InvalidInput.err(py, format!("{arg}: {}", issue.message))
        })?;
        let screener = &self.screener;
        let screening = py.detach(|| screener.screen_prepared(&prepared, &opts));
        Ok(screening.hits.into_iter().map(Hit::new).collect())
    }

    /// Screens every row of a table (a `pyarrow.Table` or `RecordBatch`, a pandas or polars
    /// DataFrame, or any Arrow stream) whose columns carry the command line's names (`id`,
    /// `name` or `full_name`, `first_name`, `middle_name`, `last_name`, `type`,
    /// `date_of_birth`, `nationality`, `gender`, `id_number`, or their Turkish names; other
    /// columns are ignored). Returns a `pyarrow.Table` with one row per hit: `row_index` (the
    /// input row, from 0), `id` (the id column's value), `entity_id`, `score`, `band`, `list`,
    /// `name`, `matched_name`, `explanation` (JSON text) and `suppressed`. Rows are screened
    /// on all cores with the GIL released (`parallel=False`: on the calling thread only, as
    /// Spark's workers do).
    #[pyo3(signature = (table, *, threshold = None, limit = 10, parallel = true))]
    fn screen_batch<'py>(
        &self,
        py: Python<'py>,
        table: &Bound<'py, PyAny>,
        threshold: Option<f64>,
        limit: usize,
        parallel: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let opts = options(py, threshold, limit)?;
        crate::batch::screen_batch(py, &self.screener, table, &opts, parallel)
    }
}
