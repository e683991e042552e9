//! Hits as Parquet: one record per hit, typed columns (row and line Int64, score Float64,
//! suppressed Boolean, the rest UTF-8), written in row groups as the batch goes.

use std::io::Write as _;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::record::{Cell, ColumnType, FlatHit, ScreenedRow, FLAT_COLUMNS};
use super::sink::{Out, RowSink};

/// Hits buffered before a record batch is written.
const BATCH: usize = 8192;

pub struct ParquetSink {
    writer: ArrowWriter<Out>,
    schema: SchemaRef,
    pending: Vec<FlatHit>,
}

/// The Arrow schema of [`FLAT_COLUMNS`].
pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(
        FLAT_COLUMNS
            .iter()
            .map(|(name, ty)| {
                let dt = match ty {
                    ColumnType::Int => DataType::Int64,
                    ColumnType::Float => DataType::Float64,
                    ColumnType::Bool => DataType::Boolean,
                    ColumnType::Text => DataType::Utf8,
                };
                Field::new(*name, dt, false)
            })
            .collect::<Vec<_>>(),
    ))
}

impl ParquetSink {
    pub fn new(out: Out) -> anyhow::Result<ParquetSink> {
        let schema = schema();
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(props))?;
        Ok(ParquetSink {
            writer,
            schema,
            pending: Vec::new(),
        })
    }

    fn flush_pending(&mut self) -> anyhow::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let columns: Vec<ArrayRef> = (0..FLAT_COLUMNS.len())
            .map(|c| column(&self.pending, c))
            .collect();
        let batch = RecordBatch::try_new(self.schema.clone(), columns)?;
        self.writer.write(&batch)?;
        self.pending.clear();
        Ok(())
    }
}

/// Column `c` of the buffered hits as an Arrow array of the column's type.
fn column(hits: &[FlatHit], c: usize) -> ArrayRef {
    match FLAT_COLUMNS[c].1 {
        ColumnType::Int => {
            let mut b = Int64Builder::with_capacity(hits.len());
            for h in hits {
                b.append_value(match &h.cells[c] {
                    Cell::Int(i) => *i,
                    _ => 0,
                });
            }
            Arc::new(b.finish())
        }
        ColumnType::Float => {
            let mut b = Float64Builder::with_capacity(hits.len());
            for h in hits {
                b.append_value(match &h.cells[c] {
                    Cell::Float(x) => *x,
                    _ => 0.0,
                });
            }
            Arc::new(b.finish())
        }
        ColumnType::Bool => {
            let mut b = BooleanBuilder::with_capacity(hits.len());
            for h in hits {
                b.append_value(matches!(h.cells[c], Cell::Bool(true)));
            }
            Arc::new(b.finish())
        }
        ColumnType::Text => {
            let mut b = StringBuilder::new();
            for h in hits {
                b.append_value(h.cells[c].to_string());
            }
            Arc::new(b.finish())
        }
    }
}

impl RowSink for ParquetSink {
    fn write_row(&mut self, row: &ScreenedRow) -> anyhow::Result<()> {
        self.pending.extend(row.flat());
        if self.pending.len() >= BATCH {
            self.flush_pending()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        self.flush_pending()?;
        let mut out = self.writer.into_inner()?;
        out.flush()?;
        Ok(())
    }
}
