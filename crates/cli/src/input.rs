//! Reading subjects from CSV rows and command-line flags into queries.

mod aliases;
pub mod encoding;
mod parquet_in;
pub mod read;
mod sheet;
mod table;
mod text;

use namesake_model::{country, Query};

use aliases::Field;
pub use read::{read_subjects, InputOptions, Subjects};

/// Column positions recognised in a batch file's header (case-insensitive; English and Turkish
/// names, see `input/columns.toml`).
#[derive(Debug, Default, Clone)]
pub struct Columns {
    id: Option<usize>,
    name: Option<usize>,
    first: Option<usize>,
    middle: Option<usize>,
    last: Option<usize>,
    schema: Option<usize>,
    dob: Option<usize>,
    nationality: Option<usize>,
    gender: Option<usize>,
    id_number: Option<usize>,
}

impl Columns {
    /// Finds the recognised columns; others are ignored. Errors when no name column exists.
    pub fn from_header(header: &csv::StringRecord) -> Result<Columns, String> {
        let mut c = Columns::default();
        for (i, h) in header.iter().enumerate() {
            let slot = match aliases::field_of(h) {
                Some(Field::Id) => &mut c.id,
                Some(Field::Name) => &mut c.name,
                Some(Field::First) => &mut c.first,
                Some(Field::Middle) => &mut c.middle,
                Some(Field::Last) => &mut c.last,
                Some(Field::Schema) => &mut c.schema,
                Some(Field::Dob) => &mut c.dob,
                Some(Field::Nationality) => &mut c.nationality,
                Some(Field::Gender) => &mut c.gender,
                Some(Field::IdNumber) => &mut c.id_number,
                None => continue,
            };
            if slot.is_none() {
                *slot = Some(i);
            }
        }
        if c.name.is_none() && c.first.is_none() && c.last.is_none() {
            return Err(format!(
                "no name column: found the columns {}; accepted: {}",
                header
                    .iter()
                    .map(|h| format!("{:?}", h.trim()))
                    .collect::<Vec<_>>()
                    .join(", "),
                aliases::accepted_name_columns()
            ));
        }
        Ok(c)
    }
}

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

fn cell(rec: &csv::StringRecord, i: Option<usize>) -> Option<&str> {
    i.and_then(|i| rec.get(i))
        .map(str::trim)
        .filter(|s| !s.is_empty())
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
    let text = |i| cell(rec, i).map(String::from);
    let subject = namesake_screening::Subject {
        id: text(cols.id),
        names: text(cols.name).into_iter().collect(),
        first_name: text(cols.first),
        middle_name: text(cols.middle),
        last_name: text(cols.last),
        schema: text(cols.schema),
        birth_dates: text(cols.dob).into_iter().collect(),
        nationalities: text(cols.nationality).into_iter().collect(),
        gender: text(cols.gender),
        id_numbers: text(cols.id_number)
            .map(|value| namesake_screening::IdNumber { kind: None, value })
            .into_iter()
            .collect(),
    };
    let prepared = subject.prepare();
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
            .contains("no name column"));
    }
}
