//! A customer file read as a table of text cells, whatever its format.

/// A header and rows of text cells.
#[derive(Debug, Default)]
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// The rows after the header.
    pub rows: Vec<TableRow>,
}

/// One row and where it was in the file.
#[derive(Debug)]
pub struct TableRow {
    /// Its line (text), sheet row (spreadsheet) or row number counting the header as 1
    /// (Parquet), for messages.
    pub line: usize,
    /// The cells, in header order (a short row has fewer).
    pub cells: Vec<String>,
}

impl Table {
    /// True when every row is blank.
    pub fn blank_row(row: &TableRow) -> bool {
        row.cells.iter().all(|c| c.trim().is_empty())
    }
}
