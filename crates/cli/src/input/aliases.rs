//! Which customer-file column means which field: a table of header names (English and Turkish)
//! compiled in from `columns.toml`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

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
}
