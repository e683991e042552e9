//! What the list says of a hit's entity that tells an analyst whether it is the customer:
//! shown with every hit, whether or not the query gave the same facts.

use namesake_model::{Entity, IdKind, Identifier};
use serde::{Deserialize, Serialize};

/// The listed entity's identifying facts, as published.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Listed {
    /// Dates of birth (or of incorporation / build), as YYYY, YYYY-MM-DD or a range.
    pub dates_of_birth: Vec<String>,
    /// Nationalities and citizenships, ISO 3166 alpha-2.
    pub nationalities: Vec<String>,
    /// Places of birth.
    pub places_of_birth: Vec<String>,
    /// Identifiers as `kind: value (country)`.
    pub identifiers: Vec<String>,
    /// Sanctions programmes or regimes.
    pub programs: Vec<String>,
    /// A photo of the person, where the list publishes one (Türkiye's wanted list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo_url: Option<String>,
}

pub use namesake_model::FACT_PHOTO_URL as PHOTO_FACT;

impl Listed {
    /// The facts of `e`.
    pub fn of(e: &Entity) -> Listed {
        let mut nationalities = e.nationalities.clone();
        for c in &e.citizenships {
            if !nationalities.contains(c) {
                nationalities.push(c.clone());
            }
        }
        Listed {
            dates_of_birth: e.birth_dates.iter().map(ToString::to_string).collect(),
            nationalities,
            places_of_birth: e.birth_places.clone(),
            identifiers: e.identifiers.iter().map(identifier_text).collect(),
            programs: e.programs.clone(),
            photo_url: e.facts.get(PHOTO_FACT).cloned(),
        }
    }

    /// True when the list gives none of these facts.
    pub fn is_empty(&self) -> bool {
        self == &Listed::default()
    }
}

fn identifier_text(id: &Identifier) -> String {
    let kind = match &id.kind {
        IdKind::Passport => "passport",
        IdKind::NationalId => "national id",
        IdKind::Tax => "tax number",
        IdKind::Registration => "registration",
        IdKind::Imo => "IMO",
        IdKind::Mmsi => "MMSI",
        IdKind::CallSign => "call sign",
        IdKind::UnReference => "UN reference",
        IdKind::AircraftRegistration => "aircraft registration",
        IdKind::Swift => "SWIFT/BIC",
        IdKind::Other(label) => label.as_str(),
    };
    match &id.country {
        Some(c) => format!("{kind}: {} ({c})", id.value),
        None => format!("{kind}: {}", id.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use namesake_model::{DateSpec, Schema};

    #[test]
    fn collects_the_identifying_facts() {
        let mut e = Entity::new("un", "QDi.1", Schema::Person);
        e.birth_dates.push(DateSpec::parse("1962").unwrap());
        e.nationalities.push("tr".into());
        e.citizenships.push("tr".into());
        e.citizenships.push("sy".into());
        e.birth_places.push("Istanbul".into());
        let mut id = Identifier::new(IdKind::Passport, "A123");
        id.country = Some("tr".into());
        e.identifiers.push(id);
        e.facts.insert(PHOTO_FACT.into(), "https://x/1.jpeg".into());
        let l = Listed::of(&e);
        assert_eq!(l.dates_of_birth, vec!["1962"]);
        assert_eq!(l.nationalities, vec!["tr", "sy"]);
        assert_eq!(l.identifiers, vec!["passport: A123 (tr)"]);
        assert_eq!(l.photo_url.as_deref(), Some("https://x/1.jpeg"));
        assert!(Listed::of(&Entity::new("x", "1", Schema::Person)).is_empty());
    }
}
