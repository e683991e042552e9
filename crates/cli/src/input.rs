//! Reading subjects from CSV rows and command-line flags into queries.

pub mod encoding;
mod parquet_in;
pub mod read;
mod sheet;
mod table;
mod text;

use namesake_model::Query;

/// Column positions recognised in a batch file's header: the screening crate's rule, shared
/// with Python and Spark.
pub use namesake_screening::columns::Columns;
pub use read::{read_subjects, InputOptions, Subjects};

/// One subject read from a batch row.
#[derive(Debug, Clone)]
pub struct QueryRow {
    /// The id column's value, if the file has one.
    pub id: Option<String>,
    /// The query.
    pub query: Query,
    /// Values that could not be read (the subject is still screened without them).
    pub warnings: Vec<String>,
}

/// Builds a query from a CSV row, using the header's recognised columns, by the screening
/// crate's rules; values it cannot read become warnings (the row is screened without them).
pub fn parse_query_row(cols: &Columns, rec: &csv::StringRecord) -> QueryRow {
    let prepared = cols.subject_with(|i| rec.get(i)).prepare();
    QueryRow {
        warnings: prepared.warnings(),
        id: prepared.id,
        query: prepared.query,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_warn_but_screen() {
        let header = csv::StringRecord::from(vec!["ID", "Name", "DOB", "Country"]);
        let cols = Columns::from_header(&header).unwrap();
        let rec = csv::StringRecord::from(vec!["7", "Jane Roe", "31/02/1990", "Atlantis"]);
        let row = parse_query_row(&cols, &rec);
        assert_eq!(row.id.as_deref(), Some("7"));
        assert_eq!(row.query.names, vec!["Jane Roe"]);
        assert_eq!(row.warnings.len(), 2, "{:?}", row.warnings);
    }

    #[test]
    fn header_without_name_is_an_error() {
        let header = csv::StringRecord::from(vec!["id", "dob"]);
        assert!(Columns::from_header(&header)
            .unwrap_err()
            .to_string()
            .contains("no name column"));
    }
}
