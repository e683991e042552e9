//! Arrow columns read as text cells, for batches that arrive as Arrow data (Parquet files,
//! Python data frames, Spark): strings, whole and decimal numbers, dates and timestamps (as
//! `YYYY-MM-DD`), booleans; a null is an empty cell.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, TimeUnit};

use super::Columns;
use crate::subject::Subject;

/// A column whose type cannot be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column {column:?}: type {data_type} cannot be read as text")]
pub struct UnreadableColumn {
    /// The column's name.
    pub column: String,
    /// Its Arrow type.
    pub data_type: String,
}

/// One column's values as text (a null is empty).
pub fn texts(a: &dyn Array) -> Result<Vec<String>, DataType> {
    fn each<T: ToString>(a: &dyn Array, f: impl Fn(usize) -> T) -> Vec<String> {
        (0..a.len())
            .map(|i| {
                if a.is_null(i) {
                    String::new()
                } else {
                    f(i).to_string()
                }
            })
            .collect()
    }
    const DAY_MS: i64 = 86_400_000;
    Ok(match a.data_type() {
        DataType::Utf8 => each(a, |i| a.as_string::<i32>().value(i)),
        DataType::LargeUtf8 => each(a, |i| a.as_string::<i64>().value(i)),
        DataType::Utf8View => each(a, |i| a.as_string_view().value(i)),
        DataType::Int8 => each(a, |i| a.as_primitive::<Int8Type>().value(i)),
        DataType::Int16 => each(a, |i| a.as_primitive::<Int16Type>().value(i)),
        DataType::Int32 => each(a, |i| a.as_primitive::<Int32Type>().value(i)),
        DataType::Int64 => each(a, |i| a.as_primitive::<Int64Type>().value(i)),
        DataType::UInt8 => each(a, |i| a.as_primitive::<UInt8Type>().value(i)),
        DataType::UInt16 => each(a, |i| a.as_primitive::<UInt16Type>().value(i)),
        DataType::UInt32 => each(a, |i| a.as_primitive::<UInt32Type>().value(i)),
        DataType::UInt64 => each(a, |i| a.as_primitive::<UInt64Type>().value(i)),
        DataType::Float32 => each(a, |i| a.as_primitive::<Float32Type>().value(i)),
        DataType::Float64 => each(a, |i| a.as_primitive::<Float64Type>().value(i)),
        DataType::Boolean => each(a, |i| a.as_boolean().value(i)),
        DataType::Date32 => each(a, |i| {
            iso_date(i64::from(a.as_primitive::<Date32Type>().value(i)))
        }),
        DataType::Date64 => each(a, |i| {
            iso_date(a.as_primitive::<Date64Type>().value(i).div_euclid(DAY_MS))
        }),
        DataType::Timestamp(unit, _) => {
            let per_day: i64 = match unit {
                TimeUnit::Second => 86_400,
                TimeUnit::Millisecond => DAY_MS,
                TimeUnit::Microsecond => DAY_MS * 1_000,
                TimeUnit::Nanosecond => DAY_MS * 1_000_000,
            };
            let value = |i| match unit {
                TimeUnit::Second => a.as_primitive::<TimestampSecondType>().value(i),
                TimeUnit::Millisecond => a.as_primitive::<TimestampMillisecondType>().value(i),
                TimeUnit::Microsecond => a.as_primitive::<TimestampMicrosecondType>().value(i),
                TimeUnit::Nanosecond => a.as_primitive::<TimestampNanosecondType>().value(i),
            };
            each(a, |i| iso_date(value(i).div_euclid(per_day)))
        }
        DataType::Dictionary(_, v) if matches!(**v, DataType::Utf8 | DataType::LargeUtf8) => {
            let cast = a.as_any_dictionary();
            let values = texts(cast.values().as_ref())?;
            let keys = cast.normalized_keys();
            each(a, |i| values[keys[i]].clone())
        }
        DataType::Null => vec![String::new(); a.len()],
        other => return Err(other.clone()),
    })
}

/// Days since 1970-01-01 as `YYYY-MM-DD`; empty outside the years 1900–9999 (the range of
/// spreadsheet dates, and of birth dates worth reading).
fn iso_date(days: i64) -> String {
    // 1899-12-31 and 10000-01-01 as days since 1970-01-01.
    if !(-25_568..2_932_897).contains(&days) {
        return String::new();
    }
    let (y, m, d) = namesake_model::date::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The subject of every row of `batch`, whose columns `cols` was made from (its schema's
/// names). Only the columns read are converted.
pub fn subjects(cols: &Columns, batch: &RecordBatch) -> Result<Vec<Subject>, UnreadableColumn> {
    let schema = batch.schema();
    let mut cells: Vec<Option<Vec<String>>> = vec![None; batch.num_columns()];
    for i in cols.used() {
        let Some(column) = batch.columns().get(i) else {
            continue;
        };
        cells[i] = Some(texts(column.as_ref()).map_err(|t| UnreadableColumn {
            column: schema.field(i).name().clone(),
            data_type: t.to_string(),
        })?);
    }
    Ok((0..batch.num_rows())
        .map(|r| cols.subject_with(|i| cells.get(i)?.as_ref().map(|c| c[r].as_str())))
        .collect())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{
        ArrayRef, Date32Array, Float64Array, Int64Array, StringArray, TimestampNanosecondArray,
    };

    use super::*;

    #[test]
    fn every_column_type_a_frame_writes_reads_as_text() {
        let names: ArrayRef = Arc::new(StringArray::from(vec![Some("Jane Roe"), None]));
        let ids: ArrayRef = Arc::new(Int64Array::from(vec![Some(7), Some(8)]));
        let floats: ArrayRef = Arc::new(Float64Array::from(vec![Some(1.5), Some(12.0)]));
        let dates: ArrayRef = Arc::new(Date32Array::from(vec![Some(3652), Some(-25_569)]));
        // pandas writes datetime64[ns]: 1980-01-01T12:00.
        let stamps: ArrayRef = Arc::new(TimestampNanosecondArray::from(vec![
            Some(315_576_000_000_000_000),
            None,
        ]));
        assert_eq!(texts(names.as_ref()).unwrap(), vec!["Jane Roe", ""]);
        assert_eq!(texts(ids.as_ref()).unwrap(), vec!["7", "8"]);
        assert_eq!(texts(floats.as_ref()).unwrap(), vec!["1.5", "12"]);
        assert_eq!(texts(dates.as_ref()).unwrap(), vec!["1980-01-01", ""]);
        assert_eq!(texts(stamps.as_ref()).unwrap(), vec!["1980-01-01", ""]);
    }

    #[test]
    fn subjects_of_a_batch_by_the_header_rules() {
        let batch = RecordBatch::try_from_iter([
            (
                "customer_id",
                Arc::new(Int64Array::from(vec![7, 8])) as ArrayRef,
            ),
            (
                "Ad Soyad",
                Arc::new(StringArray::from(vec![Some("Ali Veli"), None])) as ArrayRef,
            ),
            (
                "notes",
                Arc::new(arrow_array::BinaryArray::from(vec![&b"x"[..], &b"y"[..]])) as ArrayRef,
            ),
        ])
        .unwrap();
        let header: Vec<String> = batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        let cols = Columns::from_header(&header).unwrap();
        let s = subjects(&cols, &batch).unwrap();
        assert_eq!(s[0].id.as_deref(), Some("7"));
        assert_eq!(s[0].names, vec!["Ali Veli"]);
        assert!(s[1].names.is_empty(), "a null is no name");
    }
}
