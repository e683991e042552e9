//! One screened batch row as every output format sees it: the input's name and key fields
//! repeated beside its hits.

use namesake_index::{round3, Hit};
use namesake_model::Query;
use serde::Serialize;
use serde_json::{json, Value};

/// What the input row said, repeated in the output so that a result can be read on its own.
#[derive(Debug, Clone, Default, Serialize)]
pub struct InputEcho {
    /// The name(s) screened, `; `-joined.
    pub name: String,
    /// Dates of birth as read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub date_of_birth: Vec<String>,
    /// Nationalities as ISO codes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nationality: Vec<String>,
    /// Identifier values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub id_number: Vec<String>,
}

impl InputEcho {
    /// The echo of a query.
    pub fn of(q: &Query) -> InputEcho {
        InputEcho {
            name: q.all_names().join("; "),
            date_of_birth: q.birth_dates.iter().map(ToString::to_string).collect(),
            nationality: q.countries.clone(),
            id_number: q.identifiers.iter().map(|i| i.value.clone()).collect(),
        }
    }
}

/// A batch row after screening.
#[derive(Debug, Clone)]
pub struct ScreenedRow {
    /// Position among the data rows, from 1.
    pub row: usize,
    /// Line (text) or row number (sheet) in the input file.
    pub line: usize,
    /// The id column's value.
    pub id: Option<String>,
    /// The key decisions are recorded under.
    pub subject_key: String,
    /// The input's name and key fields.
    pub input: InputEcho,
    /// Hits, best first.
    pub hits: Vec<Hit>,
    /// Per hit: covered by a false-positive decision.
    pub suppressed: Vec<bool>,
    /// Values of the row that could not be read.
    pub warnings: Vec<String>,
}

impl ScreenedRow {
    /// True when a hit is not suppressed.
    pub fn has_hit(&self) -> bool {
        self.suppressed.iter().any(|s| !s)
    }

    /// The JSON line: `id` (the id column, else the row number), `subject_key`, `input`,
    /// `hits` (suppressed ones marked) and `warnings` when any.
    pub fn to_json(&self) -> Value {
        let id = match &self.id {
            Some(s) => json!(s),
            None => json!(self.row),
        };
        let hits: Vec<Value> = self
            .hits
            .iter()
            .zip(&self.suppressed)
            .map(|(h, &s)| hit_json_marked(h, s))
            .collect();
        let mut v = json!({"id": id, "line": self.line, "subject_key": self.subject_key,
                           "input": self.input, "hits": hits});
        if !self.warnings.is_empty() {
            v["warnings"] = json!(self.warnings);
        }
        v
    }

    /// One flat record per hit, for tabular outputs.
    pub fn flat(&self) -> Vec<FlatHit> {
        self.hits
            .iter()
            .zip(&self.suppressed)
            .map(|(h, &s)| FlatHit::new(self, h, s))
            .collect()
    }
}

/// A hit as output prints it, with `"suppressed": true` when a decision covers it.
pub fn hit_json_marked(h: &Hit, suppressed: bool) -> Value {
    let mut v = h.to_json();
    if suppressed {
        v["suppressed"] = json!(true);
    }
    v
}

/// The same party's entries on other lists, their ids (which name the list) `; `-joined:
/// "uk:7213; eu:EU.27.28".
pub fn also_on(h: &Hit) -> String {
    h.also_on
        .iter()
        .map(|l| l.entity_id.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The type of a tabular output's column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// A whole number.
    Int,
    /// A decimal number.
    Float,
    /// true or false.
    Bool,
    /// Text.
    Text,
}

/// The columns of tabular outputs (CSV, xlsx, Parquet), in order, with their types.
pub const FLAT_COLUMNS: [(&str, ColumnType); 25] = [
    ("row", ColumnType::Int),
    ("line", ColumnType::Int),
    ("id", ColumnType::Text),
    ("subject_key", ColumnType::Text),
    ("input_name", ColumnType::Text),
    ("input_date_of_birth", ColumnType::Text),
    ("input_nationality", ColumnType::Text),
    ("input_id_number", ColumnType::Text),
    ("entity_id", ColumnType::Text),
    ("list", ColumnType::Text),
    ("listed_name", ColumnType::Text),
    ("matched_name", ColumnType::Text),
    ("score", ColumnType::Float),
    ("band", ColumnType::Text),
    ("schema", ColumnType::Text),
    ("suppressed", ColumnType::Bool),
    ("listed_dates_of_birth", ColumnType::Text),
    ("listed_nationalities", ColumnType::Text),
    ("listed_places_of_birth", ColumnType::Text),
    ("listed_identifiers", ColumnType::Text),
    ("programs", ColumnType::Text),
    ("photo_url", ColumnType::Text),
    ("details", ColumnType::Text),
    ("why", ColumnType::Text),
    ("also_on", ColumnType::Text),
];

/// One cell of a tabular output.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A whole number.
    Int(i64),
    /// A decimal number.
    Float(f64),
    /// true or false.
    Bool(bool),
    /// Text.
    Text(String),
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Int(i) => write!(f, "{i}"),
            Cell::Float(x) => write!(f, "{x}"),
            Cell::Bool(b) => write!(f, "{b}"),
            Cell::Text(s) => f.write_str(s),
        }
    }
}

/// One hit with its input row's fields: a row of a tabular output, one cell per
/// [`FLAT_COLUMNS`] entry.
#[derive(Debug, Clone, PartialEq)]
pub struct FlatHit {
    /// The cells, in column order.
    pub cells: Vec<Cell>,
}

impl FlatHit {
    fn new(r: &ScreenedRow, h: &Hit, suppressed: bool) -> FlatHit {
        let t = |s: &str| Cell::Text(s.to_string());
        let join = |v: &[String]| Cell::Text(v.join("; "));
        let details: Vec<String> = h.details.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        let why = h
            .explanation
            .as_ref()
            .map(|e| e.summary())
            .unwrap_or_default();
        FlatHit {
            cells: vec![
                Cell::Int(r.row as i64),
                Cell::Int(r.line as i64),
                t(r.id.as_deref().unwrap_or("")),
                t(&r.subject_key),
                t(&r.input.name),
                join(&r.input.date_of_birth),
                join(&r.input.nationality),
                join(&r.input.id_number),
                t(&h.entity_id),
                t(&h.list),
                t(&h.name),
                t(&h.matched_name),
                Cell::Float(round3(h.score)),
                t(h.band.as_str()),
                Cell::Text(h.schema.to_string()),
                Cell::Bool(suppressed),
                join(&h.listed.dates_of_birth),
                join(&h.listed.nationalities),
                join(&h.listed.places_of_birth),
                join(&h.listed.identifiers),
                join(&h.listed.programs),
                t(h.listed.photo_url.as_deref().unwrap_or("")),
                Cell::Text(details.join("; ")),
                Cell::Text(why),
                Cell::Text(also_on(h)),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_match_the_column_types() {
        let mut h = crate::compare::compare("Adem Yilmaz", "Adem Yılmaz", Default::default())
            .expect("a name matches itself");
        h.score = 0.7;
        let r = ScreenedRow {
            row: 1,
            line: 2,
            id: None,
            subject_key: "k".into(),
            input: InputEcho::default(),
            hits: vec![h],
            suppressed: vec![false],
            warnings: vec![],
        };
        let f = &r.flat()[0];
        assert_eq!(f.cells.len(), FLAT_COLUMNS.len());
        for (c, (name, ty)) in f.cells.iter().zip(FLAT_COLUMNS) {
            let ok = matches!(
                (c, ty),
                (Cell::Int(_), ColumnType::Int)
                    | (Cell::Float(_), ColumnType::Float)
                    | (Cell::Bool(_), ColumnType::Bool)
                    | (Cell::Text(_), ColumnType::Text)
            );
            assert!(ok, "column {name} holds {c:?}");
        }
        assert_eq!(f.cells[12], Cell::Float(0.7));
        assert_eq!(r.to_json()["hits"][0]["score"].to_string(), "0.7");
    }
}
