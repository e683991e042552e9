//! A subject as a caller describes it, and the one set of rules that reads it into a [`Query`].
//!
//! Every surface (the command line, a CSV batch, the native and yente HTTP APIs) fills a
//! [`Subject`] with the text it was given and calls [`Subject::prepare`]; the rules below are
//! therefore the same everywhere:
//!
//! - names are trimmed, empty ones dropped; name parts are kept apart (the query assembles them);
//! - the type is read by [`schema_from_ftm`] (FtM names and `person`, `company`, `vessel`…);
//! - each birth date is read by [`DateSpec::parse`];
//! - each nationality value may hold several countries separated by `;` or `|`, each a name or an
//!   ISO code, deduplicated;
//! - gender is male, female or other; a gender makes an untyped subject a person;
//! - an identifier without a kind matches identifiers of any kind.
//!
//! A value that cannot be read is an [`Issue`] naming the field; the subject is still prepared
//! without it. Interactive callers refuse a subject with issues ([`Prepared::strict`]); batch
//! callers report them as warnings and screen the rest.

use namesake_model::ftm::schema_from_ftm;
use namesake_model::{country, DateSpec, Gender, IdKind, Identifier, Query, Schema};
use serde::{Deserialize, Serialize};

/// An identifier given with a subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdNumber {
    /// What kind of identifier it is; `None` matches any kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<IdKind>,
    /// The value as given.
    pub value: String,
}

/// A subject to screen, as the caller gave it (text, not yet read).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    /// The caller's reference (customer number…): decisions follow it (`id:<id>` subject key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Full names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Middle name(s), patronymic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// The type: `person`, `organization`, `vessel`, `aircraft`, or an FtM schema name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Dates of birth (or incorporation, or build).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub birth_dates: Vec<String>,
    /// Nationalities or countries: names or ISO codes, `;`-separated lists allowed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nationalities: Vec<String>,
    /// male, female or other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Identifiers (passport, national id, IMO…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub id_numbers: Vec<IdNumber>,
}

/// The part of a subject an [`Issue`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectField {
    /// The names (an issue here means there is nothing to screen).
    Name,
    /// The type.
    Schema,
    /// A birth date.
    BirthDate,
    /// A nationality.
    Nationality,
    /// The gender.
    Gender,
}

impl SubjectField {
    /// The field's name in namesake's native API (`birth_date`, `nationality`…).
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectField::Name => "name",
            SubjectField::Schema => "schema",
            SubjectField::BirthDate => "birth_date",
            SubjectField::Nationality => "nationality",
            SubjectField::Gender => "gender",
        }
    }
}

/// A value that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}: {message}", field.as_str())]
pub struct Issue {
    /// Which field.
    pub field: SubjectField,
    /// Which value of a repeated field (0 for single fields).
    pub index: usize,
    /// What is wrong, for a person.
    pub message: String,
}

/// A subject read into a query.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The query for the index.
    pub query: Query,
    /// The subject key decisions are recorded under (see `namesake_store::subject_key`).
    pub key: String,
    /// The caller's reference.
    pub id: Option<String>,
    /// Values that could not be read (left out of the query).
    pub issues: Vec<Issue>,
}

impl Prepared {
    /// The prepared subject, or its first issue: for callers that refuse what they cannot read.
    pub fn strict(mut self) -> Result<Prepared, Issue> {
        if self.issues.is_empty() {
            Ok(self)
        } else {
            Err(self.issues.swap_remove(0))
        }
    }

    /// Whether there is anything to screen (a name or an identifier).
    pub fn is_screenable(&self) -> bool {
        !self.query.all_names().is_empty() || !self.query.identifiers.is_empty()
    }

    /// The issues as warnings (`birth_date: invalid date …`).
    pub fn warnings(&self) -> Vec<String> {
        self.issues.iter().map(|i| i.to_string()).collect()
    }
}

/// Whether `s` has something a name could be screened on (a letter or a digit): callers refuse
/// a name of punctuation only, which would otherwise answer "no hit" without screening.
pub fn has_letter_or_digit(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

fn text(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

impl Subject {
    /// A subject with one name and nothing else.
    pub fn name(name: impl Into<String>) -> Subject {
        Subject {
            names: vec![name.into()],
            ..Default::default()
        }
    }

    /// Reads the subject into a query by the rules of this module.
    pub fn prepare(&self) -> Prepared {
        let mut q = Query {
            names: self
                .names
                .iter()
                .map(|n| n.trim())
                .filter(|n| !n.is_empty())
                .map(String::from)
                .collect(),
            first_name: text(&self.first_name),
            middle_name: text(&self.middle_name),
            last_name: text(&self.last_name),
            ..Default::default()
        };
        let mut issues = Vec::new();
        let mut issue = |field, index, message: String| {
            issues.push(Issue {
                field,
                index,
                message,
            })
        };
        if let Some(s) = text(&self.schema) {
            match schema_from_ftm(&s) {
                Ok(schema) => q.schema = schema,
                Err(e) => issue(SubjectField::Schema, 0, e.to_string()),
            }
        }
        for (i, d) in self.birth_dates.iter().enumerate() {
            match DateSpec::parse(d.trim()) {
                Ok(d) => q.birth_dates.push(d),
                Err(e) => issue(SubjectField::BirthDate, i, e.to_string()),
            }
        }
        for (i, n) in self.nationalities.iter().enumerate() {
            for part in n.split([';', '|']).map(str::trim).filter(|p| !p.is_empty()) {
                match country::to_alpha2(part) {
                    Some(c) if q.countries.iter().any(|x| x == c) => {}
                    Some(c) => q.countries.push(c.to_string()),
                    None => issue(
                        SubjectField::Nationality,
                        i,
                        format!("unknown country {part:?} (use a name or an ISO 3166 code)"),
                    ),
                }
            }
        }
        if let Some(g) = text(&self.gender) {
            match Gender::parse(&g) {
                Some(Gender::Other) if !g.eq_ignore_ascii_case("other") => issue(
                    SubjectField::Gender,
                    0,
                    format!("expected male, female or other, got {g:?}"),
                ),
                parsed => q.gender = parsed,
            }
            // Only people have a gender: a subject that gives one describes a person.
            if q.gender.is_some() && q.schema == Schema::Unknown {
                q.schema = Schema::Person;
            }
        }
        for id in &self.id_numbers {
            let value = id.value.trim();
            if !value.is_empty() {
                let kind = id.kind.clone().unwrap_or(IdKind::Other("any".into()));
                q.identifiers.push(Identifier::new(kind, value));
            }
        }
        if q.all_names().is_empty() && q.identifiers.is_empty() {
            issue(
                SubjectField::Name,
                0,
                "nothing to screen: give a name (or name parts) or an identifier".into(),
            );
        }
        let key = namesake_store::subject_key(self.id.as_deref(), &q);
        Prepared {
            query: q,
            key,
            id: text(&self.id),
            issues,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_field() {
        let s = Subject {
            id: Some(" C-7 ".into()),
            names: vec!["  ".into()],
            first_name: Some("Jane".into()),
            last_name: Some("Roe".into()),
            birth_dates: vec!["1970-01-02".into()],
            nationalities: vec!["Afghanistan; ir".into(), "af".into()],
            gender: Some("F".into()),
            id_numbers: vec![IdNumber {
                kind: None,
                value: "P 123".into(),
            }],
            ..Default::default()
        };
        let p = s.prepare().strict().unwrap();
        assert_eq!(p.query.all_names(), vec!["Jane Roe"]);
        assert_eq!(p.query.countries, vec!["af", "ir"]);
        assert_eq!(p.query.schema, Schema::Person, "a gender makes a person");
        assert_eq!(p.key, "id:C-7");
        assert_eq!(p.id.as_deref(), Some("C-7"));
        assert_eq!(p.query.identifiers[0].kind, IdKind::Other("any".into()));
    }

    #[test]
    fn unreadable_values_are_issues_naming_the_field() {
        let s = Subject {
            names: vec!["Jane Roe".into()],
            schema: Some("Banana".into()),
            birth_dates: vec!["1970".into(), "31/02/1990".into()],
            nationalities: vec!["Atlantis".into()],
            gender: Some("x".into()),
            ..Default::default()
        };
        let p = s.prepare();
        let fields: Vec<(SubjectField, usize)> =
            p.issues.iter().map(|i| (i.field, i.index)).collect();
        assert_eq!(
            fields,
            vec![
                (SubjectField::Schema, 0),
                (SubjectField::BirthDate, 1),
                (SubjectField::Nationality, 0),
                (SubjectField::Gender, 0)
            ]
        );
        assert_eq!(p.query.birth_dates.len(), 1, "the readable date is kept");
        assert!(p.is_screenable());
        assert_eq!(p.clone().strict().unwrap_err().field, SubjectField::Schema);
    }

    #[test]
    fn nothing_to_screen_is_an_issue() {
        let p = Subject::default().prepare();
        assert!(!p.is_screenable());
        assert_eq!(p.issues[0].field, SubjectField::Name);
    }

    #[test]
    fn subject_key_ignores_case_and_order() {
        let a = Subject::name("ALTUN, Özgür").prepare();
        let b = Subject::name("ozgur altun").prepare();
        assert_eq!(a.key, b.key);
    }
}
