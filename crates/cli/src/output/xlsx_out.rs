//! Hits as an Excel workbook: one sheet, a header row, one row per hit, typed cells.

use rust_xlsxwriter::{Format, Workbook};

use super::record::{Cell, ScreenedRow, FLAT_COLUMNS};
use super::sink::{Out, RowSink};

/// Excel's row limit: a batch with more hits is refused rather than cut short.
const MAX_ROWS: u32 = 1_048_576;

pub struct XlsxSink {
    out: Out,
    book: Workbook,
    next_row: u32,
}

impl XlsxSink {
    pub fn new(out: Out) -> anyhow::Result<XlsxSink> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("hits")?;
        let bold = Format::new().set_bold();
        for (c, (name, _)) in FLAT_COLUMNS.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *name, &bold)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(XlsxSink {
            out,
            book,
            next_row: 1,
        })
    }
}

impl RowSink for XlsxSink {
    fn write_row(&mut self, row: &ScreenedRow) -> anyhow::Result<()> {
        let sheet = self.book.worksheet_from_index(0)?;
        for hit in row.flat() {
            if self.next_row >= MAX_ROWS {
                anyhow::bail!(
                    "more hits than an xlsx sheet holds ({MAX_ROWS} rows): write .csv or .parquet"
                );
            }
            for (c, cell) in hit.cells.iter().enumerate() {
                let (r, c) = (self.next_row, c as u16);
                match cell {
                    Cell::Int(i) => {
                        sheet.write_number(r, c, *i as f64)?;
                    }
                    Cell::Float(x) => {
                        sheet.write_number(r, c, *x)?;
                    }
                    Cell::Bool(b) => {
                        sheet.write_boolean(r, c, *b)?;
                    }
                    Cell::Text(s) if s.is_empty() => {}
                    Cell::Text(s) => {
                        sheet.write_string(r, c, s)?;
                    }
                }
            }
            self.next_row += 1;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        let bytes = self.book.save_to_buffer()?;
        self.out.write_all(&bytes)?;
        self.out.flush()?;
        Ok(())
    }
}
