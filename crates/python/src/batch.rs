//! `Index.screen_batch`: an Arrow table of subjects in, an Arrow table of hits out. Columns are
//! read by the screening crate's batch rule (`namesake_screening::columns`), the rule the
//! command line applies to CSV, spreadsheet and Parquet files.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::ffi_stream::RecordBatchStreamReader;
use arrow_array::{ArrayRef, RecordBatch, RecordBatchReader};
use arrow_pyarrow::{FromPyArrow, IntoPyArrow};
use arrow_schema::{DataType, Field, Schema};
use namesake_index::round3;
use namesake_screening::columns::{self, Columns};
use namesake_screening::{Options, ScreenedHit, Screener, Subject};
use pyo3::prelude::*;
use rayon::prelude::*;

use crate::errors::{Kind, NamesakeResult};

/// One screened row: its id column, its hits, what could not be read.
struct Row {
    id: Option<String>,
    hits: Vec<ScreenedHit>,
    warnings: Vec<String>,
}

fn screen_one(screener: &Screener, opts: &Options, s: &Subject) -> Row {
    let prepared = s.prepare();
    let warnings = prepared.warnings();
    let screening = screener.screen_prepared(&prepared, opts);
    Row {
        id: prepared.id,
        hits: screening.hits,
        warnings,
    }
}

/// The columns of the result, in order.
fn schema() -> Arc<Schema> {
    let text = |name: &str, nullable| Field::new(name, DataType::Utf8, nullable);
    Arc::new(Schema::new(vec![
        Field::new("row_index", DataType::Int64, false),
        text("id", true),
        text("entity_id", false),
        Field::new("score", DataType::Float64, false),
        text("band", false),
        text("list", false),
        text("name", false),
        text("matched_name", false),
        text("explanation", true),
        Field::new("suppressed", DataType::Boolean, false),
    ]))
}

/// One result row per hit, rows in input order and hits best first.
fn hits_batch(rows: &[Row]) -> Result<RecordBatch, arrow_schema::ArrowError> {
    let mut row_index = Int64Builder::new();
    let mut id = StringBuilder::new();
    let mut entity_id = StringBuilder::new();
    let mut score = Float64Builder::new();
    let mut band = StringBuilder::new();
    let mut list = StringBuilder::new();
    let mut name = StringBuilder::new();
    let mut matched_name = StringBuilder::new();
    let mut explanation = StringBuilder::new();
    let mut suppressed = BooleanBuilder::new();
    for (i, row) in rows.iter().enumerate() {
        for h in &row.hits {
            let hit = &h.hit;
            row_index.append_value(i as i64);
            id.append_option(row.id.as_deref());
            entity_id.append_value(&hit.entity_id);
            score.append_value(round3(hit.score));
            band.append_value(crate::hit::serde_name(&hit.band));
            list.append_value(&hit.list);
            name.append_value(&hit.name);
            matched_name.append_value(&hit.matched_name);
            explanation.append_option(
                hit.explanation
                    .as_ref()
                    .and_then(|e| serde_json::to_string(e).ok()),
            );
            suppressed.append_value(h.suppressed_by.is_some());
        }
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(row_index.finish()),
        Arc::new(id.finish()),
        Arc::new(entity_id.finish()),
        Arc::new(score.finish()),
        Arc::new(band.finish()),
        Arc::new(list.finish()),
        Arc::new(name.finish()),
        Arc::new(matched_name.finish()),
        Arc::new(explanation.finish()),
        Arc::new(suppressed.finish()),
    ];
    RecordBatch::try_new(schema(), columns)
}

/// Screens every row of `table` (anything `namesake._tables.as_arrow` takes).
pub fn screen_batch<'py>(
    py: Python<'py>,
    screener: &Screener,
    table: &Bound<'py, PyAny>,
    opts: &Options,
    parallel: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let arrow = py
        .import("namesake._tables")?
        .call_method1("as_arrow", (table,))?;
    let reader = RecordBatchStreamReader::from_pyarrow_bound(&arrow)?;
    let header: Vec<String> = reader
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let cols = Columns::from_header(&header).or_raise(py, Kind::InvalidInput)?;
    let batches: Vec<RecordBatch> = reader
        .collect::<Result<_, _>>()
        .or_raise(py, Kind::InvalidInput)?;
    let screened = py.detach(|| -> Result<(RecordBatch, Vec<String>), String> {
        let mut subjects = Vec::new();
        for b in &batches {
            subjects.extend(columns::arrow::subjects(&cols, b).map_err(|e| e.to_string())?);
        }
        let rows: Vec<Row> = if parallel {
            subjects
                .par_iter()
                .map(|s| screen_one(screener, opts, s))
                .collect()
        } else {
            subjects
                .iter()
                .map(|s| screen_one(screener, opts, s))
                .collect()
        };
        let warnings = rows
            .iter()
            .enumerate()
            .flat_map(|(i, r)| r.warnings.iter().map(move |w| format!("row {i}: {w}")))
            .collect();
        let batch = hits_batch(&rows).map_err(|e| e.to_string())?;
        Ok((batch, warnings))
    });
    let (batch, warnings) = screened.or_raise(py, Kind::InvalidInput)?;
    if !warnings.is_empty() {
        let shown: Vec<&str> = warnings.iter().take(5).map(String::as_str).collect();
        crate::index::warn(
            py,
            &format!(
                "{} value(s) could not be read; those rows were screened without them: {}{}",
                warnings.len(),
                shown.join("; "),
                if warnings.len() > 5 { "; …" } else { "" }
            ),
        )?;
    }
    let table =
        arrow_pyarrow::Table::try_new(vec![batch], schema()).map_err(|e| Kind::Base.err(py, e))?;
    table.into_pyarrow(py)
}
