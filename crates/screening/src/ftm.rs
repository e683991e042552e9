//! FollowTheMoney query entities ("examples", as yente's `/match` takes them) read into a
//! [`Subject`]: which FtM properties namesake reads, and what each becomes.
//!
//! Property values may be a string or a list of strings (numbers are read as strings). A property
//! namesake does not use is accepted and reported as a warning; a misspelt property namesake does
//! use (`dateOfBirth`, `birthdate`) is an error naming the right one, since silently dropping a
//! date of birth changes the result.

use std::collections::BTreeMap;

use namesake_model::ftm::schema_from_ftm;
use namesake_model::{IdKind, Schema};
use serde_json::{Map, Value};

use crate::subject::{IdNumber, Issue, Subject, SubjectField};

const NAME_PROPS: &[&str] = &["name", "alias", "weakAlias", "previousName", "abbreviation"];
const DATE_PROPS: &[&str] = &["birthDate", "incorporationDate", "buildDate"];
const COUNTRY_PROPS: &[&str] = &[
    "nationality",
    "citizenship",
    "country",
    "jurisdiction",
    "mainCountry",
    "flag",
];
/// Identifier properties and the kind each is compared as (`None`: any kind).
const ID_PROPS: &[(&str, Option<IdKind>)] = &[
    ("idNumber", None),
    ("passportNumber", Some(IdKind::Passport)),
    ("imoNumber", Some(IdKind::Imo)),
    ("mmsi", Some(IdKind::Mmsi)),
    ("callSign", Some(IdKind::CallSign)),
    ("swiftBic", Some(IdKind::Swift)),
    ("taxNumber", Some(IdKind::Tax)),
    ("vatCode", Some(IdKind::Tax)),
    ("innCode", Some(IdKind::Tax)),
    ("registrationNumber", None),
    ("ogrnCode", None),
    ("leiCode", None),
    ("socialSecurityNumber", None),
    ("serialNumber", None),
    ("uniqueEntityId", None),
    ("dunsCode", None),
];
const FIRST_PROPS: &[&str] = &["firstName"];
const MIDDLE_PROPS: &[&str] = &["secondName", "middleName", "fatherName"];
const LAST_PROPS: &[&str] = &["lastName"];

/// Spellings people use for properties namesake reads, and the FtM name meant.
const MISSPELT: &[(&str, &str)] = &[
    ("dateofbirth", "birthDate"),
    ("dob", "birthDate"),
    ("date_of_birth", "birthDate"),
    ("birth_date", "birthDate"),
    ("first_name", "firstName"),
    ("last_name", "lastName"),
    ("surname", "lastName"),
    ("familyname", "lastName"),
    ("givenname", "firstName"),
    ("passport", "passportNumber"),
    ("imo", "imoNumber"),
    ("nationalities", "nationality"),
    ("countries", "country"),
    ("names", "name"),
    ("aliases", "alias"),
    ("sex", "gender"),
];

fn used_props() -> impl Iterator<Item = &'static str> {
    NAME_PROPS
        .iter()
        .chain(DATE_PROPS)
        .chain(COUNTRY_PROPS)
        .chain(FIRST_PROPS)
        .chain(MIDDLE_PROPS)
        .chain(LAST_PROPS)
        .copied()
        .chain(std::iter::once("gender"))
        .chain(ID_PROPS.iter().map(|(p, _)| *p))
}

/// The FtM property meant by a misspelling, if `prop` looks like one.
fn meant(prop: &str) -> Option<&'static str> {
    used_props()
        .find(|p| p.eq_ignore_ascii_case(prop))
        .or_else(|| {
            let lower = prop.to_ascii_lowercase();
            MISSPELT.iter().find(|(m, _)| *m == lower).map(|(_, p)| *p)
        })
}

/// Why an FtM example cannot be read. `field` is the path in the request body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FtmError {
    /// Where: `queries.q1.properties.birthDate[1]`.
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// The schema is unknown or no party (a 422 rather than a 400 over HTTP).
    pub unscreenable: bool,
}

impl FtmError {
    fn at(field: impl Into<String>, message: impl Into<String>) -> FtmError {
        FtmError {
            field: field.into(),
            message: message.into(),
            unscreenable: false,
        }
    }
}

/// An FtM example read as a subject.
#[derive(Debug, Clone)]
pub struct Example {
    /// The subject (read with [`Subject::prepare`] like any other).
    pub subject: Subject,
    /// The example as understood: `{"id"?, "schema", "properties": {prop: [values]}}`.
    pub echo: Value,
    /// Properties that were ignored.
    pub warnings: Vec<String>,
    /// For each birth date and nationality of `subject`, the property it came from: to name it
    /// when the value cannot be read.
    origins: BTreeMap<(SubjectField, usize), String>,
}

impl Example {
    /// The request path of the property behind an issue of [`Example::subject`].
    pub fn issue_field(&self, path: &str, issue: &Issue) -> String {
        match self.origins.get(&(issue.field, issue.index)) {
            Some(p) => format!("{path}.properties.{p}"),
            None if issue.field == SubjectField::Schema => format!("{path}.schema"),
            None => format!("{path}.properties"),
        }
    }
}

/// The values of one property: a string, a number, a list of those, or null.
fn values(v: &Value, field: &str) -> Result<Vec<String>, FtmError> {
    let one = |v: &Value, field: &str| -> Result<Option<String>, FtmError> {
        match v {
            Value::String(s) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
            Value::Number(n) => Ok(Some(n.to_string())),
            Value::Null => Ok(None),
            other => Err(FtmError::at(
                field,
                format!(
                    "expected a string or a list of strings, got {}",
                    json_kind(other)
                ),
            )),
        }
    };
    match v {
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                out.extend(one(item, &format!("{field}[{i}]"))?);
            }
            Ok(out)
        }
        other => Ok(one(other, field)?.into_iter().collect()),
    }
}

/// A JSON value's kind, for messages.
pub fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn schema_of(obj: &Map<String, Value>, path: &str) -> Result<(String, Schema), FtmError> {
    let field = format!("{path}.schema");
    let name =
        match obj.get("schema") {
            Some(Value::String(s)) => s.trim().to_string(),
            Some(other) => {
                return Err(FtmError::at(
                    field,
                    format!("expected a schema name, got {}", json_kind(other)),
                ))
            }
            None => return Err(FtmError::at(
                field,
                "schema is required (Person, Organization, Company, LegalEntity, Vessel, Airplane)",
            )),
        };
    let schema = schema_from_ftm(&name).map_err(|e| FtmError {
        field,
        message: e.to_string(),
        unscreenable: true,
    })?;
    Ok((name, schema))
}

/// Reads an FtM example (`{"schema": "Person", "properties": {...}}`); `path` is where it sits in
/// the request body (`queries.q1`), for error messages.
pub fn read_example(v: &Value, path: &str) -> Result<Example, FtmError> {
    let obj = v.as_object().ok_or_else(|| {
        FtmError::at(
            path,
            format!(
                "expected an entity object {{\"schema\": …, \"properties\": {{…}}}}, got {}",
                json_kind(v)
            ),
        )
    })?;
    let (schema_name, schema) = schema_of(obj, path)?;
    let empty = Map::new();
    let props = match obj.get("properties") {
        Some(Value::Object(m)) => m,
        None | Some(Value::Null) => &empty,
        Some(other) => {
            return Err(FtmError::at(
                format!("{path}.properties"),
                format!(
                    "expected an object of property lists, got {}",
                    json_kind(other)
                ),
            ))
        }
    };
    let mut ex = Example {
        subject: Subject {
            schema: Some(schema_name.clone()),
            id: None,
            ..Default::default()
        },
        echo: Value::Null,
        warnings: Vec::new(),
        origins: BTreeMap::new(),
    };
    let mut echo_props = Map::new();
    let mut parts: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (prop, raw) in props {
        let field = format!("{path}.properties.{prop}");
        let p = prop.as_str();
        if !used_props().any(|u| u == p) {
            if let Some(m) = meant(p) {
                return Err(FtmError::at(
                    field,
                    format!("unknown property {prop:?}: did you mean {m:?}?"),
                ));
            }
            ex.warnings.push(format!(
                "property {prop:?} is not used by namesake: ignored"
            ));
            continue;
        }
        let vals = values(raw, &field)?;
        if vals.is_empty() {
            continue;
        }
        add_property(&mut ex, &mut parts, p, &vals, schema);
        echo_props.insert(prop.clone(), Value::from(vals));
    }
    let join = |keys: &[&str]| -> Option<String> {
        let v: Vec<&str> = keys
            .iter()
            .filter_map(|k| parts.get(k))
            .flatten()
            .map(String::as_str)
            .collect();
        (!v.is_empty()).then(|| v.join(" "))
    };
    ex.subject.first_name = join(FIRST_PROPS);
    ex.subject.middle_name = join(MIDDLE_PROPS);
    ex.subject.last_name = join(LAST_PROPS);
    let mut echo = Map::new();
    if let Some(id) = obj.get("id").filter(|v| !v.is_null()) {
        echo.insert("id".into(), id.clone());
    }
    echo.insert("schema".into(), Value::from(schema_name));
    echo.insert("properties".into(), Value::Object(echo_props));
    ex.echo = Value::Object(echo);
    Ok(ex)
}

/// Adds one property's values to the subject.
fn add_property<'a>(
    ex: &mut Example,
    parts: &mut BTreeMap<&'a str, Vec<String>>,
    p: &'a str,
    vals: &[String],
    schema: Schema,
) {
    let s = &mut ex.subject;
    if NAME_PROPS.contains(&p) {
        s.names.extend(vals.iter().cloned());
    } else if DATE_PROPS.contains(&p) {
        for (i, v) in vals.iter().enumerate() {
            let k = (SubjectField::BirthDate, s.birth_dates.len());
            ex.origins.insert(k, with_index(p, i, vals.len()));
            s.birth_dates.push(v.clone());
        }
    } else if COUNTRY_PROPS.contains(&p) {
        for (i, v) in vals.iter().enumerate() {
            let k = (SubjectField::Nationality, s.nationalities.len());
            ex.origins.insert(k, with_index(p, i, vals.len()));
            s.nationalities.push(v.clone());
        }
    } else if p == "gender" {
        ex.origins.insert((SubjectField::Gender, 0), p.to_string());
        s.gender = vals.first().cloned();
    } else if FIRST_PROPS.contains(&p) || MIDDLE_PROPS.contains(&p) || LAST_PROPS.contains(&p) {
        parts.entry(p).or_default().extend(vals.iter().cloned());
    } else if let Some((_, kind)) = ID_PROPS.iter().find(|(n, _)| *n == p) {
        for v in vals {
            let kind = match (kind, schema, p) {
                (_, Schema::Aircraft, "registrationNumber") => Some(IdKind::AircraftRegistration),
                (k, _, _) => k.clone(),
            };
            s.id_numbers.push(IdNumber {
                kind,
                value: v.clone(),
            });
        }
    }
}

/// `birthDate[1]` when the property has several values, `birthDate` otherwise.
fn with_index(prop: &str, i: usize, n: usize) -> String {
    if n > 1 {
        format!("{prop}[{i}]")
    } else {
        prop.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use namesake_model::Gender;
    use serde_json::json;

    #[test]
    fn reads_a_person_example() {
        let v = json!({"schema": "Person", "properties": {
            "firstName": "Abu Bakr", "lastName": ["al-Baghdadi"], "birthDate": ["1971-07-28"],
            "nationality": ["iq", "Syria"], "passportNumber": "A 123456", "gender": "male",
            "notes": "irrelevant"}});
        let ex = read_example(&v, "queries.q1").unwrap();
        let p = ex.subject.prepare().strict().unwrap();
        assert_eq!(p.query.schema, Schema::Person);
        assert_eq!(p.query.all_names(), vec!["Abu Bakr al-Baghdadi"]);
        assert_eq!(p.query.countries, vec!["iq", "sy"]);
        assert_eq!(p.query.birth_dates.len(), 1);
        assert_eq!(p.query.identifiers[0].kind, IdKind::Passport);
        assert_eq!(p.query.gender, Some(Gender::Male));
        assert_eq!(ex.warnings.len(), 1, "{:?}", ex.warnings);
        assert_eq!(ex.echo["properties"]["lastName"], json!(["al-Baghdadi"]));
    }

    #[test]
    fn errors_name_the_field() {
        let bad_date = json!({"schema": "Person", "properties": {"name": "X Y",
            "birthDate": ["1990", "31/02/1990"]}});
        let ex = read_example(&bad_date, "queries.q1").unwrap();
        let issue = ex.subject.prepare().strict().unwrap_err();
        assert_eq!(
            ex.issue_field("queries.q1", &issue),
            "queries.q1.properties.birthDate[1]"
        );

        let bad_schema = json!({"schema": "Banana", "properties": {"name": "X"}});
        let e = read_example(&bad_schema, "queries.q1").unwrap_err();
        assert!(e.unscreenable);
        assert_eq!(e.field, "queries.q1.schema");

        let misspelt =
            json!({"schema": "Person", "properties": {"name": "X", "dateOfBirth": "1970"}});
        let e = read_example(&misspelt, "q").unwrap_err();
        assert!(e.message.contains("birthDate"), "{}", e.message);

        let nested = json!({"schema": "Person", "properties": {"name": [{"x": 1}]}});
        assert_eq!(
            read_example(&nested, "q").unwrap_err().field,
            "q.properties.name[0]"
        );

        let nothing = json!({"schema": "Person", "properties": {"birthDate": "1970"}});
        let ex = read_example(&nothing, "q").unwrap();
        assert!(!ex.subject.prepare().is_screenable());
        assert!(read_example(&json!({"properties": {}}), "q").is_err());
        assert!(read_example(&json!([1]), "q").is_err());
    }

    #[test]
    fn aircraft_registration_is_its_own_kind() {
        let v = json!({"schema": "Airplane", "properties": {"registrationNumber": "EP-ABC"}});
        let p = read_example(&v, "q").unwrap().subject.prepare();
        assert_eq!(p.query.identifiers[0].kind, IdKind::AircraftRegistration);
    }
}
