//! Reading subjects from CSV rows and command-line flags into queries.

pub mod encoding;
mod parquet_in;
pub mod read;
mod sheet;
mod table;
mod text;

use namesake_model::{country, Query};

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

/// Reads a country name or code list ("af", "Afghanistan; Iran").
pub fn parse_countries(s: &str, warnings: &mut Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    for part in s.split([';', '|']).map(str::trim).filter(|p| !p.is_empty()) {
        match country::to_alpha2(part) {
            Some(c) => out.push(c.to_string()),
            None => warnings.push(format!("unknown country {part:?} ignored")),
        }
    }
    out
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
    fn reads_eval_layout() {
        let header = csv::StringRecord::from(vec![
            "full_name",
            "first_name",
            "middle_name",
            "last_name",
            "gender",
            "date_of_birth",
            "place_of_birth",
            "nationality",
        ]);
        let cols = Columns::from_header(&header).unwrap();
        let rec = csv::StringRecord::from(vec![
            "ABDULHAI SALEK",
            "",
            "",
            "",
            "",
            "1965",
            "Awlyatak",
            "af",
        ]);
        let row = parse_query_row(&cols, &rec);
        assert_eq!(row.query.names, vec!["ABDULHAI SALEK"]);
        assert_eq!(row.query.birth_dates[0].years(), (1965, 1965));
        assert_eq!(row.query.countries, vec!["af"]);
        assert!(row.warnings.is_empty());
    }

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
