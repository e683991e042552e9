//! Batch files: which column of a header means which field of a [`Subject`], and a row of cells
//! read into a subject. One rule for every surface that screens tables (the command line's CSV,
//! spreadsheet and Parquet files, Python's data frames, Spark).
//!
//! A header matches a field when, trimmed, without a byte-order mark, lower-cased, with Turkish
//! letters folded to ASCII (doğum → dogum, ı → i) and spaces, hyphens, dots and slashes read as
//! underscores, it equals one of the names in `columns.toml` (English and Turkish). The first
//! column that matches a field is used; other columns are ignored. A header needs a whole-name
//! column or a first or last name column.
//!
//! ```
//! use namesake_screening::columns::Columns;
//! let cols = Columns::from_header(["Müşteri No", "Ad Soyad", "Doğum Tarihi"]).unwrap();
//! let subject = cols.subject(&["7", "Ali Veli", "1980"]);
//! assert_eq!(subject.id.as_deref(), Some("7"));
//! assert_eq!(subject.names, vec!["Ali Veli"]);
//! assert_eq!(subject.birth_dates, vec!["1980"]);
//! assert!(Columns::from_header(["id", "dob"]).is_err());
//! ```

#[cfg(feature = "arrow")]
pub mod arrow;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::subject::{IdNumber, Subject};

/// A field of a subject that a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The customer's key.
    Id,
    /// The whole name.
    Name,
    /// Given name(s).
    First,
    /// Middle name(s).
    Middle,
    /// Surname.
    Last,
    /// Person, organisation…
    Schema,
    /// Date of birth (or of incorporation).
    Dob,
    /// Nationality or country.
    Nationality,
    /// Gender.
    Gender,
    /// A passport, national id or tax number.
    IdNumber,
}

/// `columns.toml` as written.
#[derive(Deserialize)]
struct Table {
    id: Vec<String>,
    name: Vec<String>,
    first: Vec<String>,
    middle: Vec<String>,
    last: Vec<String>,
    schema: Vec<String>,
    dob: Vec<String>,
    nationality: Vec<String>,
    gender: Vec<String>,
    id_number: Vec<String>,
}

impl Table {
    fn fields(&self) -> [(Field, &Vec<String>); 10] {
        [
            (Field::Id, &self.id),
            (Field::Name, &self.name),
            (Field::First, &self.first),
            (Field::Middle, &self.middle),
            (Field::Last, &self.last),
            (Field::Schema, &self.schema),
            (Field::Dob, &self.dob),
            (Field::Nationality, &self.nationality),
            (Field::Gender, &self.gender),
            (Field::IdNumber, &self.id_number),
        ]
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        toml::from_str(include_str!("columns.toml")).expect("columns.toml is valid (tested)")
    })
}

fn lookup() -> &'static HashMap<String, Field> {
    static MAP: OnceLock<HashMap<String, Field>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = HashMap::new();
        for (field, names) in table().fields() {
            for n in names {
                m.entry(fold(n)).or_insert(field);
            }
        }
        m
    })
}

/// A header as compared: trimmed, without a byte-order mark, lower case with Turkish letters
/// folded to ASCII, separators as underscores ("Doğum Tarihi" → `dogum_tarihi`).
pub fn fold(header: &str) -> String {
    let h = header.trim().trim_start_matches('\u{feff}');
    let mut out = String::with_capacity(h.len());
    for c in h.chars() {
        match c {
            'İ' | 'I' | 'ı' | 'i' => out.push('i'),
            'Ğ' | 'ğ' => out.push('g'),
            'Ü' | 'ü' => out.push('u'),
            'Ş' | 'ş' => out.push('s'),
            'Ö' | 'ö' => out.push('o'),
            'Ç' | 'ç' => out.push('c'),
            'Â' | 'â' => out.push('a'),
            'Î' | 'î' => out.push('i'),
            'Û' | 'û' => out.push('u'),
            '\u{307}' => {} // the dot of a decomposed İ
            ' ' | '-' | '.' | '/' => out.push('_'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The field a header names, if any.
pub fn field_of(header: &str) -> Option<Field> {
    lookup().get(&fold(header)).copied()
}

/// The accepted names for the name fields, for an error message.
pub fn accepted_name_columns() -> String {
    let t = table();
    format!(
        "for the whole name {}; or split into first/last name: {} / {}",
        t.name.join(", "),
        t.first.join(", "),
        t.last.join(", ")
    )
}

/// A header without a name column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "no name column: found the columns {found}; accepted: {}",
    accepted_name_columns()
)]
pub struct NoNameColumn {
    /// The columns found, quoted and comma-separated.
    pub found: String,
}

/// Column positions recognised in a batch file's header.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
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
    pub fn from_header<I>(header: I) -> Result<Columns, NoNameColumn>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut c = Columns::default();
        let mut found = Vec::new();
        for (i, h) in header.into_iter().enumerate() {
            let h = h.as_ref();
            found.push(format!("{:?}", h.trim()));
            let slot = match field_of(h) {
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
            return Err(NoNameColumn {
                found: found.join(", "),
            });
        }
        Ok(c)
    }

    /// The position of the column read for `field`, if the header has one.
    pub fn position(&self, field: Field) -> Option<usize> {
        match field {
            Field::Id => self.id,
            Field::Name => self.name,
            Field::First => self.first,
            Field::Middle => self.middle,
            Field::Last => self.last,
            Field::Schema => self.schema,
            Field::Dob => self.dob,
            Field::Nationality => self.nationality,
            Field::Gender => self.gender,
            Field::IdNumber => self.id_number,
        }
    }

    /// The positions of every column read, in header order (a reader need convert no other).
    pub fn used(&self) -> Vec<usize> {
        let mut v: Vec<usize> = [
            self.id,
            self.name,
            self.first,
            self.middle,
            self.last,
            self.schema,
            self.dob,
            self.nationality,
            self.gender,
            self.id_number,
        ]
        .into_iter()
        .flatten()
        .collect();
        v.sort_unstable();
        v
    }

    /// The subject of a row of cells in header order (a short row lacks its last fields).
    pub fn subject<S: AsRef<str>>(&self, row: &[S]) -> Subject {
        self.subject_with(|i| row.get(i).map(AsRef::as_ref))
    }

    /// The subject of a row whose cell at a column position `cell` gives. Cells are trimmed;
    /// an empty one is no value. Values are read later, by [`Subject::prepare`].
    pub fn subject_with<'a>(&self, cell: impl Fn(usize) -> Option<&'a str>) -> Subject {
        let text = |i: Option<usize>| {
            i.and_then(&cell)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
        };
        Subject {
            id: text(self.id),
            names: text(self.name).into_iter().collect(),
            first_name: text(self.first),
            middle_name: text(self.middle),
            last_name: text(self.last),
            schema: text(self.schema),
            birth_dates: text(self.dob).into_iter().collect(),
            nationalities: text(self.nationality).into_iter().collect(),
            gender: text(self.gender),
            id_numbers: text(self.id_number)
                .map(|value| IdNumber { kind: None, value })
                .into_iter()
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_parses_and_has_no_name_twice() {
        let mut seen = std::collections::HashSet::new();
        for (_, names) in table().fields() {
            for n in names {
                assert!(seen.insert(fold(n)), "{n} is listed for two fields");
            }
        }
    }

    #[test]
    fn turkish_headers_as_banks_write_them() {
        assert_eq!(field_of("Doğum Tarihi"), Some(Field::Dob));
        assert_eq!(field_of("DOĞUM_TARİHİ"), Some(Field::Dob));
        assert_eq!(field_of("Uyruk"), Some(Field::Nationality));
        assert_eq!(field_of("TC Kimlik No"), Some(Field::IdNumber));
        assert_eq!(field_of("Ad Soyad"), Some(Field::Name));
        assert_eq!(field_of("AD"), Some(Field::First));
        assert_eq!(field_of("Soyadı"), Some(Field::Last));
        assert_eq!(field_of("\u{feff}Full_Name"), Some(Field::Name));
        assert_eq!(field_of("place_of_birth"), None);
    }

    #[test]
    fn reads_eval_layout() {
        let cols = Columns::from_header([
            "full_name",
            "first_name",
            "middle_name",
            "last_name",
            "gender",
            "date_of_birth",
            "place_of_birth",
            "nationality",
        ])
        .unwrap();
        let s = cols.subject(&["ABDULHAI SALEK", "", "", "", "", "1965", "Awlyatak", "af"]);
        let p = s.prepare();
        assert_eq!(p.query.names, vec!["ABDULHAI SALEK"]);
        assert_eq!(p.query.birth_dates[0].years(), (1965, 1965));
        assert_eq!(p.query.countries, vec!["af"]);
        assert!(p.issues.is_empty());
        assert_eq!(cols.used(), vec![0, 1, 2, 3, 4, 5, 7]);
    }

    #[test]
    fn first_matching_column_wins_and_short_rows_lack_fields() {
        let cols = Columns::from_header(["Name", "name", "ID"]).unwrap();
        assert_eq!(cols.position(Field::Name), Some(0));
        let s = cols.subject(&["Jane Roe"]);
        assert_eq!(s.names, vec!["Jane Roe"]);
        assert_eq!(s.id, None);
    }

    #[test]
    fn header_without_name_lists_found_and_accepted() {
        let e = Columns::from_header(["id", "dob"]).unwrap_err().to_string();
        assert!(e.starts_with("no name column"), "{e}");
        assert!(e.contains("\"dob\"") && e.contains("ad_soyad"), "{e}");
    }
}
