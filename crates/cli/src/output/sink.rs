//! Where batch results go, chosen by the output file's extension: JSON lines (one object per
//! input row), or one row per hit as CSV, xlsx or Parquet. Every sink writes to a `Write` it is
//! given, so the caller decides how the file is made (standard output, a plain file, a temp file
//! renamed into place when complete).

use std::io::Write;
use std::path::Path;

use super::record::{Cell, ScreenedRow, FLAT_COLUMNS};

/// A writer a sink can own (Parquet writes from the caller's thread; `Send` keeps it movable).
pub type Out = Box<dyn Write + Send>;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON object per input row (the default).
    Jsonl,
    /// One CSV row per hit.
    Csv,
    /// One sheet row per hit.
    Xlsx,
    /// One Parquet record per hit.
    Parquet,
}

impl OutputFormat {
    /// The format for an output path, by extension (JSON lines for anything else, and for
    /// standard output).
    pub fn of(path: Option<&Path>) -> OutputFormat {
        let ext = path
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("csv") => OutputFormat::Csv,
            Some("xlsx") => OutputFormat::Xlsx,
            Some("parquet" | "pq") => OutputFormat::Parquet,
            _ => OutputFormat::Jsonl,
        }
    }
}

/// Receives screened rows in input order, then is finished (which flushes it).
pub trait RowSink {
    /// Writes one screened row.
    fn write_row(&mut self, row: &ScreenedRow) -> anyhow::Result<()>;
    /// Completes the output (a workbook or Parquet footer is written here).
    fn finish(self: Box<Self>) -> anyhow::Result<()>;
}

/// The sink for `format` writing to `out`.
pub fn sink(format: OutputFormat, out: Out) -> anyhow::Result<Box<dyn RowSink>> {
    Ok(match format {
        OutputFormat::Jsonl => Box::new(JsonlSink(std::io::BufWriter::new(out))),
        OutputFormat::Csv => Box::new(CsvSink::new(out)?),
        OutputFormat::Xlsx => Box::new(super::xlsx_out::XlsxSink::new(out)?),
        OutputFormat::Parquet => Box::new(super::parquet_out::ParquetSink::new(out)?),
    })
}

struct JsonlSink(std::io::BufWriter<Out>);

impl RowSink for JsonlSink {
    fn write_row(&mut self, row: &ScreenedRow) -> anyhow::Result<()> {
        writeln!(self.0, "{}", row.to_json())?;
        Ok(())
    }
    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        self.0.flush()?;
        Ok(())
    }
}

struct CsvSink(csv::Writer<Out>);

impl CsvSink {
    fn new(out: Out) -> anyhow::Result<CsvSink> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(FLAT_COLUMNS.iter().map(|(n, _)| n))?;
        Ok(CsvSink(w))
    }
}

impl RowSink for CsvSink {
    fn write_row(&mut self, row: &ScreenedRow) -> anyhow::Result<()> {
        for hit in row.flat() {
            self.0.write_record(hit.cells.iter().map(Cell::to_string))?;
        }
        Ok(())
    }
    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        self.0.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_by_extension() {
        assert_eq!(OutputFormat::of(None), OutputFormat::Jsonl);
        assert_eq!(
            OutputFormat::of(Some(Path::new("h.CSV"))),
            OutputFormat::Csv
        );
        assert_eq!(
            OutputFormat::of(Some(Path::new("h.xlsx"))),
            OutputFormat::Xlsx
        );
        assert_eq!(
            OutputFormat::of(Some(Path::new("h.parquet"))),
            OutputFormat::Parquet
        );
        assert_eq!(
            OutputFormat::of(Some(Path::new("h.jsonl"))),
            OutputFormat::Jsonl
        );
    }
}
