//! FollowTheMoney (FtM) shapes: reading a query entity ("example") into a [`Query`], and writing a
//! listed [`Entity`] as FtM properties, as yente does.
//!
//! Property values may be a string or a list of strings (numbers are read as strings). A property
//! namesake does not use is accepted and reported as a warning; a misspelt property namesake does
//! use (`dateOfBirth`, `birthdate`) is an error naming the right one, since silently dropping a
//! date of birth changes the result.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use namesake_model::{
    country, DateSpec, Entity, Gender, IdKind, Identifier, NameKind, NameQuality, Query, Schema,
};
use serde_json::{Map, Value};

use crate::error::ApiError;

/// FtM property names namesake reads from a query.
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
const PART_PROPS: &[&str] = &[
    "firstName",
    "secondName",
    "middleName",
    "fatherName",
    "lastName",
];

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

/// True for every property name namesake reads.
fn is_used(prop: &str) -> bool {
    NAME_PROPS.contains(&prop)
        || DATE_PROPS.contains(&prop)
        || COUNTRY_PROPS.contains(&prop)
        || PART_PROPS.contains(&prop)
        || prop == "gender"
        || ID_PROPS.iter().any(|(p, _)| *p == prop)
}

/// The FtM property meant by a misspelling, if `prop` looks like one.
fn meant(prop: &str) -> Option<&'static str> {
    let lower = prop.to_ascii_lowercase();
    let used = NAME_PROPS
        .iter()
        .chain(DATE_PROPS)
        .chain(COUNTRY_PROPS)
        .chain(PART_PROPS)
        .chain(std::iter::once(&"gender"))
        .chain(ID_PROPS.iter().map(|(p, _)| p));
    for p in used {
        if p.to_ascii_lowercase() == lower {
            return Some(p);
        }
    }
    MISSPELT.iter().find(|(m, _)| *m == lower).map(|(_, p)| *p)
}

/// Maps an FtM schema name to namesake's schema. `Err` holds the status and message.
pub fn parse_schema(name: &str) -> Result<Schema, (StatusCode, String)> {
    match name.trim() {
        "Person" | "person" => Ok(Schema::Person),
        "Organization" | "Company" | "PublicBody" | "organization" | "company" => {
            Ok(Schema::Organization)
        }
        "Vessel" | "vessel" => Ok(Schema::Vessel),
        "Airplane" | "airplane" | "Aircraft" | "aircraft" => Ok(Schema::Aircraft),
        "LegalEntity" | "Thing" | "legalentity" | "thing" => Ok(Schema::Unknown),
        "Address" | "Asset" | "Document" | "Sanction" | "Identification" | "Passport"
        | "Ownership" | "Directorship" | "Membership" | "Family" | "Associate" | "Position"
        | "Occupancy" | "Security" | "Article" | "Note" | "Event" | "Payment" => Err((
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "schema {name:?} cannot be screened: use Person, Organization, Company, \
                 LegalEntity, Vessel or Airplane"
            ),
        )),
        _ => Err((
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "unknown schema {name:?}: expected Person, Organization, Company, LegalEntity, \
                 Vessel or Airplane"
            ),
        )),
    }
}

/// A query entity read from a request.
#[derive(Debug, Clone)]
pub struct Example {
    /// The query for the index.
    pub query: Query,
    /// The example as understood: `{"id"?, "schema", "properties": {prop: [values]}}`.
    pub echo: Value,
    /// Properties or values that were ignored, for the response.
    pub warnings: Vec<String>,
}

/// The values of one property: a string, a number, a list of those, or null.
fn values(v: &Value, field: &str) -> Result<Vec<String>, ApiError> {
    let one = |v: &Value, field: &str| -> Result<Option<String>, ApiError> {
        match v {
            Value::String(s) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
            Value::Number(n) => Ok(Some(n.to_string())),
            Value::Null => Ok(None),
            other => Err(ApiError::bad_field(
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
                if let Some(s) = one(item, &format!("{field}[{i}]"))? {
                    out.push(s);
                }
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

/// Reads an FtM example (`{"schema": "Person", "properties": {...}}`); `path` is where it sits in
/// the request body (`queries.q1`), for error messages.
pub fn parse_example(v: &Value, path: &str) -> Result<Example, ApiError> {
    let obj = v.as_object().ok_or_else(|| {
        ApiError::bad_field(
            path,
            format!(
                "expected an entity object {{\"schema\": …, \"properties\": {{…}}}}, got {}",
                json_kind(v)
            ),
        )
    })?;
    let schema_name =
        match obj.get("schema") {
            Some(Value::String(s)) => s.as_str(),
            Some(other) => {
                return Err(ApiError::bad_field(
                    format!("{path}.schema"),
                    format!("expected a schema name, got {}", json_kind(other)),
                ))
            }
            None => return Err(ApiError::bad_field(
                format!("{path}.schema"),
                "schema is required (Person, Organization, Company, LegalEntity, Vessel, Airplane)",
            )),
        };
    let schema = parse_schema(schema_name)
        .map_err(|(status, msg)| ApiError::new(status, msg).with_field(format!("{path}.schema")))?;
    let empty = Map::new();
    let props = match obj.get("properties") {
        Some(Value::Object(m)) => m,
        None | Some(Value::Null) => &empty,
        Some(other) => {
            return Err(ApiError::bad_field(
                format!("{path}.properties"),
                format!(
                    "expected an object of property lists, got {}",
                    json_kind(other)
                ),
            ))
        }
    };
    let mut q = Query {
        schema,
        ..Default::default()
    };
    let mut warnings = Vec::new();
    let mut echo_props = Map::new();
    let mut parts: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (prop, raw) in props {
        let field = format!("{path}.properties.{prop}");
        if !is_used(prop) {
            if let Some(p) = meant(prop) {
                return Err(ApiError::bad_field(
                    field,
                    format!("unknown property {prop:?}: did you mean {p:?}?"),
                ));
            }
            warnings.push(format!(
                "property {prop:?} is not used by namesake: ignored"
            ));
            continue;
        }
        let vals = values(raw, &field)?;
        if vals.is_empty() {
            continue;
        }
        let p = prop.as_str();
        if NAME_PROPS.contains(&p) {
            q.names.extend(vals.iter().cloned());
        } else if DATE_PROPS.contains(&p) {
            for (i, s) in vals.iter().enumerate() {
                let d = DateSpec::parse(s).map_err(|e| {
                    let f = if vals.len() > 1 {
                        format!("{field}[{i}]")
                    } else {
                        field.clone()
                    };
                    ApiError::bad_field(f, e.to_string())
                })?;
                q.birth_dates.push(d);
            }
        } else if COUNTRY_PROPS.contains(&p) {
            for s in &vals {
                match country::to_alpha2(s) {
                    Some(c) => {
                        if !q.countries.iter().any(|x| x == c) {
                            q.countries.push(c.to_string());
                        }
                    }
                    None => warnings.push(format!(
                        "{prop}: unknown country {s:?} ignored (use ISO 3166 codes such as \"ru\")"
                    )),
                }
            }
        } else if p == "gender" {
            let g = Gender::parse(&vals[0]);
            if matches!(g, Some(Gender::Other)) && !vals[0].eq_ignore_ascii_case("other") {
                return Err(ApiError::bad_field(
                    field,
                    format!("expected male, female or other, got {:?}", vals[0]),
                ));
            }
            q.gender = g;
        } else if PART_PROPS.contains(&p) {
            parts.entry(p).or_default().extend(vals.iter().cloned());
        } else if let Some((_, kind)) = ID_PROPS.iter().find(|(n, _)| *n == p) {
            for s in &vals {
                let kind = match (kind, schema, p) {
                    (_, Schema::Aircraft, "registrationNumber") => IdKind::AircraftRegistration,
                    (Some(k), _, _) => k.clone(),
                    (None, _, _) => IdKind::Other("any".into()),
                };
                q.identifiers.push(Identifier::new(kind, s.as_str()));
            }
        }
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
    q.first_name = join(&["firstName"]);
    q.middle_name = join(&["secondName", "middleName", "fatherName"]);
    q.last_name = join(&["lastName"]);
    if q.all_names().is_empty() && q.identifiers.is_empty() {
        return Err(ApiError::bad_field(
            format!("{path}.properties"),
            "nothing to screen: give a name (name, firstName/lastName, alias) or an identifier \
             (idNumber, passportNumber, imoNumber, registrationNumber…)",
        ));
    }
    let mut echo = Map::new();
    if let Some(id) = obj.get("id").filter(|v| !v.is_null()) {
        echo.insert("id".into(), id.clone());
    }
    echo.insert("schema".into(), Value::from(schema_name.trim()));
    echo.insert("properties".into(), Value::Object(echo_props));
    Ok(Example {
        query: q,
        echo: Value::Object(echo),
        warnings,
    })
}

fn gender_value(g: Gender) -> &'static str {
    match g {
        Gender::Male => "male",
        Gender::Female => "female",
        Gender::Other => "other",
    }
}

fn id_prop(kind: &IdKind, schema: Schema) -> &'static str {
    match kind {
        IdKind::Passport => "passportNumber",
        IdKind::NationalId => "idNumber",
        IdKind::Tax => "taxNumber",
        IdKind::Registration => "registrationNumber",
        IdKind::Imo => "imoNumber",
        IdKind::Mmsi => "mmsi",
        IdKind::CallSign => "callSign",
        IdKind::AircraftRegistration => "registrationNumber",
        IdKind::Swift => "swiftBic",
        IdKind::Other(_) if schema == Schema::Person => "idNumber",
        IdKind::Other(_) => "registrationNumber",
        IdKind::UnReference => "unscId",
    }
}

fn push(props: &mut BTreeMap<&'static str, Vec<String>>, key: &'static str, value: &str) {
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    let v = props.entry(key).or_default();
    if !v.iter().any(|x| x == value) {
        v.push(value.to_string());
    }
}

/// A listed entity's data as FtM properties (`name`, `alias`, `weakAlias`, `birthDate`,
/// `nationality`, `passportNumber`, `program`, `notes`…).
pub fn entity_properties(e: &Entity) -> BTreeMap<&'static str, Vec<String>> {
    let mut p: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for n in &e.names {
        let key = match (n.kind, n.quality) {
            (_, NameQuality::Weak) => "weakAlias",
            (NameKind::Primary, _) => "name",
            (NameKind::Alias | NameKind::OriginalScript, _) => "alias",
            (NameKind::Former, _) => "previousName",
        };
        push(&mut p, key, &n.full);
        if n.kind == NameKind::Primary {
            for (key, part) in [
                ("firstName", &n.parts.given),
                ("middleName", &n.parts.middle),
                ("lastName", &n.parts.family),
                ("fatherName", &n.parts.patronymic),
            ] {
                if let Some(v) = part {
                    push(&mut p, key, v);
                }
            }
        }
    }
    let date_key = match e.schema {
        Schema::Person | Schema::Unknown => "birthDate",
        Schema::Organization => "incorporationDate",
        Schema::Vessel | Schema::Aircraft => "buildDate",
    };
    for d in &e.birth_dates {
        if d.is_single() {
            push(&mut p, date_key, &d.from.to_string());
        } else {
            // FtM dates are single values: a range is given as its two ends.
            push(&mut p, date_key, &d.from.to_string());
            push(&mut p, date_key, &d.to.to_string());
        }
    }
    for b in &e.birth_places {
        push(&mut p, "birthPlace", b);
    }
    for c in &e.nationalities {
        push(&mut p, "nationality", c);
    }
    for c in &e.citizenships {
        push(&mut p, "citizenship", c);
    }
    let country_key = match e.schema {
        Schema::Vessel => "flag",
        _ => "country",
    };
    for c in &e.countries {
        push(&mut p, country_key, c);
    }
    if let Some(g) = e.gender {
        push(&mut p, "gender", gender_value(g));
    }
    for id in &e.identifiers {
        push(&mut p, id_prop(&id.kind, e.schema), &id.value);
    }
    for a in &e.addresses {
        push(&mut p, "address", &a.full);
        if let Some(c) = &a.country {
            push(&mut p, "country", c);
        }
    }
    for prog in &e.programs {
        push(&mut p, "program", prog);
    }
    for r in &e.remarks {
        push(&mut p, "notes", r);
    }
    for (k, v) in &e.facts {
        push(&mut p, "notes", &format!("{k}: {v}"));
    }
    if let Some(d) = &e.listed_on {
        push(&mut p, "listingDate", &d.to_string());
    }
    push(&mut p, "topics", "sanction");
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use namesake_model::Name;
    use serde_json::json;

    #[test]
    fn reads_a_person_example() {
        let v = json!({"schema": "Person", "properties": {
            "firstName": "Abu Bakr", "lastName": ["al-Baghdadi"], "birthDate": ["1971-07-28"],
            "nationality": ["iq", "Syria"], "passportNumber": "A 123456", "gender": "male",
            "notes": "irrelevant"}});
        let ex = parse_example(&v, "queries.q1").unwrap();
        assert_eq!(ex.query.schema, Schema::Person);
        assert_eq!(ex.query.all_names(), vec!["Abu Bakr al-Baghdadi"]);
        assert_eq!(ex.query.countries, vec!["iq", "sy"]);
        assert_eq!(ex.query.birth_dates.len(), 1);
        assert_eq!(ex.query.identifiers[0].kind, IdKind::Passport);
        assert_eq!(ex.query.gender, Some(Gender::Male));
        assert_eq!(ex.warnings.len(), 1, "{:?}", ex.warnings);
        assert_eq!(ex.echo["properties"]["lastName"], json!(["al-Baghdadi"]));
    }

    #[test]
    fn errors_name_the_field() {
        let bad_date =
            json!({"schema": "Person", "properties": {"name": "X Y", "birthDate": "31/02/1990"}});
        let e = parse_example(&bad_date, "queries.q1").unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        assert_eq!(e.field.as_deref(), Some("queries.q1.properties.birthDate"));

        let bad_schema = json!({"schema": "Banana", "properties": {"name": "X"}});
        let e = parse_example(&bad_schema, "queries.q1").unwrap_err();
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e.field.as_deref(), Some("queries.q1.schema"));

        let misspelt =
            json!({"schema": "Person", "properties": {"name": "X", "dateOfBirth": "1970"}});
        let e = parse_example(&misspelt, "q").unwrap_err();
        assert!(e.message.contains("birthDate"), "{}", e.message);

        let nested = json!({"schema": "Person", "properties": {"name": [{"x": 1}]}});
        let e = parse_example(&nested, "q").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("q.properties.name[0]"));

        let nothing = json!({"schema": "Person", "properties": {"birthDate": "1970"}});
        assert!(parse_example(&nothing, "q").is_err());
        assert!(parse_example(&json!({"properties": {}}), "q").is_err());
        assert!(parse_example(&json!([1]), "q").is_err());
    }

    #[test]
    fn entity_as_properties() {
        let mut e = Entity::new("un", "QDi.1", Schema::Person);
        e.names.push(Name::new("Jane Roe", NameKind::Primary));
        e.names.push(Name::new("J. R.", NameKind::Alias).weak());
        e.birth_dates
            .push(DateSpec::parse("Between 1965 and 1968").unwrap());
        e.identifiers
            .push(Identifier::new(IdKind::Passport, "P-12345"));
        e.programs.push("Al-Qaida".into());
        let p = entity_properties(&e);
        assert_eq!(p["name"], vec!["Jane Roe"]);
        assert_eq!(p["weakAlias"], vec!["J. R."]);
        assert_eq!(p["birthDate"], vec!["1965", "1968"]);
        assert_eq!(p["passportNumber"], vec!["P-12345"]);
        assert_eq!(p["program"], vec!["Al-Qaida"]);
    }
}
