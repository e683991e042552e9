//! One payment party as a screening query.
//!
//! Kept in one small function so that a shared `Subject → Query` mapping can replace it.

use namesake_model::{DateSpec, IdKind, Identifier, Query, Schema};

use crate::message::{Party, PartyKind};

/// The query for one of a party's names (`None` for an empty name). Agents and organisations
/// are screened as organisations, persons (a date or place of birth, a private id) as persons,
/// the rest as either; dates of birth and ids go with the name.
pub fn party_query(party: &Party, name: &str) -> Option<Query> {
    if name.trim().is_empty() {
        return None;
    }
    let names = vec![name.to_string()];
    let schema = match party.kind {
        PartyKind::Person => Schema::Person,
        PartyKind::Organisation | PartyKind::Institution => Schema::Organization,
        PartyKind::Unknown => Schema::Unknown,
    };
    Some(Query {
        names,
        schema,
        birth_dates: party
            .birth_dates
            .iter()
            .filter_map(|d| DateSpec::parse(&d.value).ok())
            .collect(),
        identifiers: party
            .ids
            .iter()
            // `NIDN/DE/123` (MT option F) or a bare number: the number is what lists carry.
            .filter_map(|i| i.value.rsplit('/').next())
            .filter(|v| v.bytes().any(|b| b.is_ascii_digit()))
            .map(|v| Identifier::new(IdKind::Other("any".into()), v))
            .collect(),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{Located, Role};

    #[test]
    fn agents_are_organisations_and_persons_keep_their_birth_date() {
        let mut agent = Party::new(Role::CreditorAgent, "/x");
        agent.names.push(Located::new("Some Bank", "/x/Nm"));
        assert_eq!(
            party_query(&agent, "Some Bank").unwrap().schema,
            Schema::Organization
        );
        let mut p = Party::new(Role::Creditor, "/y");
        assert!(party_query(&p, " ").is_none());
        p.kind = PartyKind::Person;
        p.birth_dates.push(Located::new("1970-01-02", "/y/BirthDt"));
        p.ids.push(Located::new("NIDN/DE/12345", "/y/Id"));
        let q = party_query(&p, "Jane Doe").unwrap();
        assert_eq!(q.schema, Schema::Person);
        assert_eq!(q.birth_dates.len(), 1);
        assert_eq!(q.identifiers[0].value, "12345");
    }
}
