//! FollowTheMoney (FtM) schema names: the one mapping between FtM's schemata and namesake's
//! [`Schema`], used when reading FtM list files, FtM query entities (yente's `/match`) and any
//! subject whose type is given by name.

use std::str::FromStr;

use crate::{ModelError, Schema};

/// FtM schemata that describe no party to screen (documents, relations, events…).
const NOT_A_PARTY: &[&str] = &[
    "Address",
    "Asset",
    "Document",
    "Sanction",
    "Identification",
    "Passport",
    "Ownership",
    "Directorship",
    "Membership",
    "Family",
    "Associate",
    "Position",
    "Occupancy",
    "Security",
    "Article",
    "Note",
    "Event",
    "Payment",
    "Representation",
    "Succession",
    "UnknownLink",
    "Employment",
    "Debt",
];

/// Maps an FtM schema name (or one of namesake's own type names: `person`, `company`,
/// `aircraft`…) to namesake's schema.
///
/// `LegalEntity` and `Thing` say only that the party is *some* legal person: they map to
/// [`Schema::Unknown`], which every query type may match. Schemata that are no party
/// (`Address`, `Sanction`, `Ownership`…) are [`ModelError::UnscreenableSchema`]; anything else is
/// [`ModelError::UnknownSchema`].
///
/// ```
/// use namesake_model::{ftm::schema_from_ftm, Schema};
/// assert_eq!(schema_from_ftm("Company"), Ok(Schema::Organization));
/// assert_eq!(schema_from_ftm("LegalEntity"), Ok(Schema::Unknown));
/// assert!(schema_from_ftm("Sanction").is_err());
/// ```
pub fn schema_from_ftm(name: &str) -> Result<Schema, ModelError> {
    let name = name.trim();
    match name {
        "Person" => Ok(Schema::Person),
        "Organization" | "Company" | "PublicBody" => Ok(Schema::Organization),
        "Vessel" => Ok(Schema::Vessel),
        "Airplane" => Ok(Schema::Aircraft),
        "LegalEntity" | "Thing" => Ok(Schema::Unknown),
        _ if NOT_A_PARTY.contains(&name) => Err(ModelError::UnscreenableSchema(name.to_string())),
        _ if name.eq_ignore_ascii_case("legalentity")
            || name.eq_ignore_ascii_case("legal entity") =>
        {
            Ok(Schema::Unknown)
        }
        _ => Schema::from_str(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_parties_and_refuses_the_rest() {
        assert_eq!(schema_from_ftm("Person"), Ok(Schema::Person));
        assert_eq!(schema_from_ftm("PublicBody"), Ok(Schema::Organization));
        assert_eq!(schema_from_ftm("Airplane"), Ok(Schema::Aircraft));
        assert_eq!(schema_from_ftm(" vessel "), Ok(Schema::Vessel));
        assert_eq!(schema_from_ftm("legal entity"), Ok(Schema::Unknown));
        assert!(matches!(
            schema_from_ftm("Ownership"),
            Err(ModelError::UnscreenableSchema(_))
        ));
        assert!(matches!(
            schema_from_ftm("Banana"),
            Err(ModelError::UnknownSchema(_))
        ));
    }
}
