//! FollowTheMoney (FtM) shapes written by the server: a listed [`Entity`] as FtM properties, as
//! yente returns it. Reading FtM query entities is the screening crate's
//! ([`namesake_screening::ftm`]); the schema mapping is the model's ([`namesake_model::ftm`]).

use std::collections::BTreeMap;

use axum::http::StatusCode;
use namesake_model::{Entity, Gender, IdKind, NameKind, NameQuality, Schema};

use crate::error::ApiError;

pub use namesake_screening::ftm::json_kind;

/// Maps an FtM schema name to namesake's schema; 422 naming the accepted schemata otherwise.
pub fn parse_schema(name: &str) -> Result<Schema, ApiError> {
    namesake_model::ftm::schema_from_ftm(name)
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))
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
    use namesake_model::{DateSpec, Identifier, Name};

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
