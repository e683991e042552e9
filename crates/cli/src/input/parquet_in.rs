//! Parquet customer files: every column read as text (strings, whole and decimal numbers,
//! dates, booleans), one row per record.

use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type,
    UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;
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
            .map(|(c, f)| texts(c).map_err(|t| format!("column {:?}: {t}", f.name())))
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

/// One column's values as text (a null is empty).
fn texts(a: &ArrayRef) -> Result<Vec<String>, String> {
    fn each<T>(n: usize, a: &dyn Array, f: impl Fn(usize) -> T) -> Vec<String>
    where
        T: ToString,
    {
        (0..n)
            .map(|i| {
                if a.is_null(i) {
                    String::new()
                } else {
                    f(i).to_string()
                }
            })
            .collect()
    }
    let n = a.len();
    Ok(match a.data_type() {
        DataType::Utf8 => each(n, a, |i| a.as_string::<i32>().value(i)),
        DataType::LargeUtf8 => each(n, a, |i| a.as_string::<i64>().value(i)),
        DataType::Utf8View => each(n, a, |i| a.as_string_view().value(i)),
        DataType::Int8 => each(n, a, |i| a.as_primitive::<Int8Type>().value(i)),
        DataType::Int16 => each(n, a, |i| a.as_primitive::<Int16Type>().value(i)),
        DataType::Int32 => each(n, a, |i| a.as_primitive::<Int32Type>().value(i)),
        DataType::Int64 => each(n, a, |i| a.as_primitive::<Int64Type>().value(i)),
        DataType::UInt8 => each(n, a, |i| a.as_primitive::<UInt8Type>().value(i)),
        DataType::UInt16 => each(n, a, |i| a.as_primitive::<UInt16Type>().value(i)),
        DataType::UInt32 => each(n, a, |i| a.as_primitive::<UInt32Type>().value(i)),
        DataType::UInt64 => each(n, a, |i| a.as_primitive::<UInt64Type>().value(i)),
        DataType::Float32 => each(n, a, |i| a.as_primitive::<Float32Type>().value(i)),
        DataType::Float64 => each(n, a, |i| a.as_primitive::<Float64Type>().value(i)),
        DataType::Boolean => each(n, a, |i| a.as_boolean().value(i)),
        DataType::Date32 => each(n, a, |i| {
            let days = a.as_primitive::<arrow_array::types::Date32Type>().value(i);
            // Date32 counts days from 1970-01-01; Excel's serial from 1899-12-30.
            super::sheet::serial_to_iso(f64::from(days) + 25_569.0).unwrap_or_default()
        }),
        DataType::Dictionary(_, v) if matches!(**v, DataType::Utf8) => {
            let cast = a.as_any_dictionary();
            let values = texts(cast.values())?;
            let keys = cast.normalized_keys();
            each(n, a, |i| values[keys[i]].clone())
        }
        DataType::Null => vec![String::new(); n],
        other => return Err(format!("type {other} cannot be read as text")),
    })
}
