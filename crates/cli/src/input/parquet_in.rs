//! Parquet customer files: every column read as text by the screening crate's Arrow rule
//! (strings, whole and decimal numbers, dates, booleans), one row per record.

use std::path::Path;

use namesake_screening::columns::arrow::texts;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::table::{Table, TableRow};

/// Reads the whole file as a table (the header is the schema's column names).
pub fn read(path: &Path) -> Result<Table, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| format!("not a readable Parquet file: {e}"))?;
    let mut table = Table {
        header: builder
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect(),
        rows: Vec::new(),
    };
    let reader = builder.build().map_err(|e| e.to_string())?;
    for batch in reader {
        let batch = batch.map_err(|e| format!("record {}: {e}", table.rows.len() + 1))?;
        let columns: Vec<Vec<String>> = batch
            .columns()
            .iter()
            .zip(batch.schema().fields())
            .map(|(c, f)| {
                texts(c.as_ref())
                    .map_err(|t| format!("column {:?}: type {t} cannot be read as text", f.name()))
            })
            .collect::<Result<_, _>>()?;
        for r in 0..batch.num_rows() {
            let line = table.rows.len() + 2;
            table.rows.push(TableRow {
                line,
                cells: columns.iter().map(|c| c[r].clone()).collect(),
            });
        }
    }
    Ok(table)
}
